/* SPDX-License-Identifier: MIT
 *
 * evalcmp.c: compares the engine's evaluations (hand-written and neural) on
 * held-out training positions, and the engine's integer inference with a
 * float forward pass of the same network file.
 *
 *   evalcmp NET.nnue MAX DATA.txt [DATA.txt ...]
 *
 * Positions: those of the held-out games of train.c (every 32nd game of each
 * file), at most MAX. For the hand-written evaluation (HCE), the network
 * (NNUE) and the search score of the data, prints mean, standard deviation
 * and mean absolute value (centipawns, side to move's view), the correlation
 * with the search score, the loss train.c minimises (lambda 0.75, scale 400)
 * and, for a range of scales K, the cross-entropy of sigmoid(eval / K)
 * against the game results (the K with the lowest is that evaluation's
 * score -> win-rate scale). Then the largest and mean difference between the
 * engine's NNUE evaluation and a float forward pass of the dequantised file.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fen_features.h"
#include "wf/chess.h"

#define NIN 768
#define QA 255
#define QB 64

typedef struct {
    int hce, nnue, score;
    float fl, result; /* float forward pass; result from the side to move's view */
} sample;

static int eval_of(wf_chess_engine *e, const char *fen)
{
    if (wf_chess_set_fen(e, fen) != 0)
        return 1 << 30;
    wf_chess_output_clear(e);
    wf_chess_command(e, "eval", 0);
    const char *p = strstr(wf_chess_output(e), "eval ");
    int v;
    return p && sscanf(p, "eval %d", &v) == 1 ? v : 1 << 30;
}

/* float forward pass (the trainer's feature mapping) of the dequantised net */
static int H;
static float *ft, *fb, *ow, ob;
static float forward(const char *fen)
{
    float acc[2][1024];
    for (int v = 0; v < 2; v++)
        memcpy(acc[v], fb, (size_t)H * sizeof(float));
    unsigned short feat[32][2];
    const char *s;
    int n = nnue_fen_features(fen, feat, 32, &s);
    if (n < 0)
        return 0;
    for (int i = 0; i < n; i++) {
        for (int h = 0; h < H; h++) {
            acc[0][h] += ft[(size_t)feat[i][0] * H + h];
            acc[1][h] += ft[(size_t)feat[i][1] * H + h];
        }
    }
    int stm = s[1] == 'b';
    float out = ob;
    for (int side = 0; side < 2; side++) {
        const float *a = acc[side == 0 ? stm : !stm];
        for (int h = 0; h < H; h++) {
            float c = a[h] < 0 ? 0 : a[h] > 1 ? 1 : a[h];
            out += c * c * ow[side * H + h];
        }
    }
    return out * 400.0f;
}

static float sigm(float x) { return 1.0f / (1.0f + expf(-x)); }

static void stats(const char *name, const sample *v, size_t n, int which)
{
    double sum = 0, sq = 0, ab = 0, sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0, loss = 0;
    for (size_t i = 0; i < n; i++) {
        double x = which == 0 ? v[i].hce : which == 1 ? v[i].nnue : v[i].score, y = v[i].score;
        sum += x;
        sq += x * x;
        ab += fabs(x);
        sx += x;
        sy += y;
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
        double t = 0.75 * sigm((float)(y / 400)) + 0.25 * v[i].result, e = sigm((float)(x / 400)) - t;
        loss += e * e;
    }
    double mean = sum / (double)n, sd = sqrt(sq / (double)n - mean * mean);
    double corr = (sxy - sx * sy / (double)n) / sqrt((sxx - sx * sx / (double)n) * (syy - sy * sy / (double)n));
    printf("%-6s mean %7.1f  sd %7.1f  mean|x| %7.1f  corr(score) %.3f  train-loss %.6f\n", name, mean, sd,
           ab / (double)n, corr, loss / (double)n);
    printf("       cross-entropy vs result by K:");
    double best = 1e9;
    int bestk = 0;
    for (int k = 100; k <= 1000; k += 50) {
        double ce = 0;
        for (size_t i = 0; i < n; i++) {
            double x = which == 0 ? v[i].hce : which == 1 ? v[i].nnue : v[i].score;
            double p = sigm((float)(x / k));
            p = p < 1e-6 ? 1e-6 : p > 1 - 1e-6 ? 1 - 1e-6 : p;
            ce -= v[i].result * log(p) + (1 - v[i].result) * log(1 - p);
        }
        ce /= (double)n;
        if (ce < best) {
            best = ce;
            bestk = k;
        }
        if (k % 100 == 0)
            printf(" %d:%.4f", k, ce);
    }
    printf("\n       best K %d (%.4f)\n", bestk, best);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s NET.nnue MAX DATA.txt...\n", argv[0]);
        return 2;
    }
    FILE *nf = fopen(argv[1], "rb");
    if (!nf) {
        perror(argv[1]);
        return 1;
    }
    static uint8_t buf[4 << 20];
    size_t size = fread(buf, 1, sizeof buf, nf);
    fclose(nf);
    memcpy(&H, buf + 8, 4);
    if (size < 12 || H < 16 || H > 1024 || size != 12 + 2 * ((size_t)NIN * H + 3 * (size_t)H) + 4) {
        fprintf(stderr, "%s: not a network file\n", argv[1]);
        return 1;
    }
    const int16_t *w = (const int16_t *)(buf + 12);
    ft = malloc((size_t)NIN * H * sizeof(float));
    fb = malloc((size_t)H * sizeof(float));
    ow = malloc(2 * (size_t)H * sizeof(float));
    for (size_t i = 0; i < (size_t)NIN * H; i++)
        ft[i] = *w++ / (float)QA;
    for (int i = 0; i < H; i++)
        fb[i] = *w++ / (float)QA;
    for (int i = 0; i < 2 * H; i++)
        ow[i] = *w++ / (float)QB;
    int32_t qb;
    memcpy(&qb, w, 4);
    ob = qb / (float)(QA * QB);

    wf_chess_engine *hce = wf_chess_engine_alloc(), *net = wf_chess_engine_alloc();
    if (wf_chess_set_net(net, buf, (uint32_t)size) != 0) {
        fprintf(stderr, "the engine refuses %s\n", argv[1]);
        return 1;
    }
    wf_chess_command(net, "setoption name Use NNUE value true", 0);
    size_t max = (size_t)atol(argv[2]), n = 0;
    sample *v = malloc(max * sizeof *v);
    char line[512];
    for (int a = 3; a < argc && n < max; a++) {
        FILE *f = fopen(argv[a], "r");
        if (!f) {
            perror(argv[a]);
            return 1;
        }
        size_t game = 0;
        while (n < max && fgets(line, sizeof line, f)) {
            if (line[0] == '#') {
                game++;
                continue;
            }
            if (game % 32 != 31)
                continue;
            char *bar = strchr(line, '|');
            int score;
            char res[8];
            if (!bar || sscanf(bar, "| %d | %7s", &score, res) != 2)
                continue;
            *bar = 0;
            int black = strstr(line, " b ") != NULL;
            float r = strcmp(res, "1") == 0 ? 1.0f : strcmp(res, "0") == 0 ? 0.0f : 0.5f;
            sample *s = &v[n];
            s->result = black ? 1 - r : r;
            s->score = score;
            s->hce = eval_of(hce, line);
            s->nnue = eval_of(net, line);
            s->fl = forward(line);
            if (s->hce == 1 << 30 || s->nnue == 1 << 30)
                continue;
            n++;
        }
        fclose(f);
    }
    printf("%zu held-out positions, net %s (hidden %d)\n", n, argv[1], H);
    stats("hce", v, n, 0);
    stats("nnue", v, n, 1);
    stats("search", v, n, 2);
    double maxd = 0, sumd = 0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(v[i].nnue - v[i].fl);
        sumd += d;
        if (d > maxd)
            maxd = d;
    }
    printf("engine int vs float forward pass: mean |diff| %.2f cp, max %.1f cp\n", sumd / (double)n, maxd);
    wf_chess_engine_free(hce);
    wf_chess_engine_free(net);
    return 0;
}
