/* SPDX-License-Identifier: MIT
 *
 * train.c: trains the engine's neural evaluation from datagen.c output.
 *
 *   train [--mirror] [--wd WD] [--scale K] OUT.nnue HIDDEN EPOCHS SEED LAMBDA BATCH LR DATA.txt...
 *
 * --wd: decoupled weight decay (AdamW) of the feature and output weights,
 * w -= lr * WD * w each step (default 0). --scale: the K of the label's
 * sigmoid(score / K) (default 400); the output layer is written multiplied
 * by K / 400 so that the engine's output * 400 stays in centipawns.
 *
 * --mirror adds each position mirrored left-right (files a-h swapped; the
 * features carry no castling rights, and the evaluation of such a pair is
 * the same but for castling): twice the training positions (the held-out
 * ones are not mirrored).
 *
 * The network (see core/chess/nnue.h for inference and the file format):
 *   768 inputs per perspective (colour relative to the perspective x 6 piece
 *   types x 64 squares, squares mirrored vertically for Black's perspective)
 *   -> HIDDEN accumulator units (weights shared by both perspectives)
 *   -> SCReLU (clamp to [0, 1], squared) on [side to move, other side]
 *   -> 1 output; evaluation in centipawns = output * 400.
 * Loss: squared error between sigmoid(output) and
 *   LAMBDA * sigmoid(score / K) + (1 - LAMBDA) * result,
 * (LAMBDA 1: the search score alone. With few games, the result term is
 * learnt by heart: 0.75 gave a net 300 Elo weaker than the HCE, 1.0 one
 * within 50 Elo of it; see tools/nnue/README.md "Status"),
 * score and result from the side to move's view. Full-batch order shuffled
 * each epoch with a generator seeded from SEED; mini-batches of BATCH; Adam
 * (learning rate LR, cosine-decayed to LR/100 over the run); every 32nd game of
 * each file is held out and its loss printed per epoch. The same SEED and data give the
 * same network. Weights are clipped during training to ranges that the
 * quantisation (accumulator int16 x 255, output int8 x 64) can hold.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fen_features.h"

#define NIN 768
#define QA 255
#define QB 64
#define SCALE 400.0f

typedef struct {
    uint16_t feat[32][2]; /* [white-perspective index, black-perspective index] */
    uint8_t n, stm;
    int16_t score;  /* side to move's view, cp */
    uint8_t result; /* 0, 1, 2 = loss, draw, win for the side to move */
    uint8_t held;   /* held out (its game is every 32nd game of its file) */
} position;

static uint64_t rng_state;
static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static float rng_uniform(void) { return (float)((rng_next() >> 11) * (1.0 / 9007199254740992.0)); }

static int parse_line(const char *line, position *p)
{
    const char *s;
    int n = nnue_fen_features(line, p->feat, 32, &s);
    if (n < 0)
        return 0;
    p->n = (uint8_t)n;
    if (s[0] != ' ' || (s[1] != 'w' && s[1] != 'b'))
        return 0;
    p->stm = s[1] == 'b';
    const char *bar = strchr(s, '|');
    if (!bar)
        return 0;
    int score;
    char res[8];
    if (sscanf(bar, "| %d | %7s", &score, res) != 2)
        return 0;
    float r = strcmp(res, "1") == 0 ? 1.0f : strcmp(res, "0") == 0 ? 0.0f : 0.5f;
    if (p->stm)
        r = 1.0f - r;
    p->score = (int16_t)score;
    p->result = (uint8_t)(r * 2);
    return 1;
}

typedef struct {
    float *w, *m, *v;
    size_t n;
} param;

static param param_new(size_t n)
{
    param p = {calloc(n, sizeof(float)), calloc(n, sizeof(float)), calloc(n, sizeof(float)), n};
    if (!p.w || !p.m || !p.v) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

static void adam(param *p, const float *g, float lr, int t, float lo, float hi, float wd)
{
    const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    float c1 = 1.0f - powf(b1, (float)t), c2 = 1.0f - powf(b2, (float)t);
    for (size_t i = 0; i < p->n; i++) {
        p->m[i] = b1 * p->m[i] + (1 - b1) * g[i];
        p->v[i] = b2 * p->v[i] + (1 - b2) * g[i] * g[i];
        float w = p->w[i] * (1 - lr * wd) - lr * (p->m[i] / c1) / (sqrtf(p->v[i] / c2) + eps);
        p->w[i] = w < lo ? lo : w > hi ? hi : w;
    }
}

static float sigmoidf(float x) { return 1.0f / (1.0f + expf(-x)); }

int main(int argc, char **argv)
{
    int mirror = 0;
    float wd = 0, scale = SCALE;
    while (argc > 1 && strncmp(argv[1], "--", 2) == 0) {
        if (strcmp(argv[1], "--mirror") == 0) {
            mirror = 1;
        } else if (strcmp(argv[1], "--wd") == 0 && argc > 2) {
            wd = (float)atof(argv[2]);
            argv++;
            argc--;
        } else if (strcmp(argv[1], "--scale") == 0 && argc > 2) {
            scale = (float)atof(argv[2]);
            argv++;
            argc--;
        } else {
            fprintf(stderr, "unknown option %s\n", argv[1]);
            return 2;
        }
        argv++;
        argc--;
    }
    if (argc < 9) {
        fprintf(stderr,
                "usage: %s [--mirror] [--wd WD] [--scale K] OUT.nnue HIDDEN EPOCHS SEED LAMBDA BATCH LR DATA.txt...\n",
                argv[0]);
        return 2;
    }
    const char *out_path = argv[1];
    int H = atoi(argv[2]), epochs = atoi(argv[3]);
    rng_state = strtoull(argv[4], NULL, 10);
    float lambda = (float)atof(argv[5]);
    size_t BATCH = (size_t)atol(argv[6]);
    float lr0 = (float)atof(argv[7]);
    if (BATCH < 1)
        BATCH = 1;
    if (H < 8 || H > 1024 || H % 16) {
        fprintf(stderr, "HIDDEN must be a multiple of 16 in 16..1024\n");
        return 2;
    }

    size_t cap = 1 << 20, n = 0;
    position *pos = malloc(cap * sizeof *pos);
    char line[512];
    for (int a = 8; a < argc; a++) {
        FILE *f = fopen(argv[a], "r");
        if (!f) {
            perror(argv[a]);
            return 1;
        }
        size_t game = 0;
        while (fgets(line, sizeof line, f)) {
            if (line[0] == '#') { /* "# game <g> done" ends a game */
                game++;
                continue;
            }
            if (n == cap)
                pos = realloc(pos, (cap *= 2) * sizeof *pos);
            if (parse_line(line, &pos[n])) {
                pos[n].held = game % 32 == 31;
                n++;
            }
        }
        fclose(f);
    }
    size_t nval = 0, ntrain = n;
    /* held out: whole games (every 32nd of each file), so that no position of a held-out game
     * is trained on; moved to the end */
    {
        size_t w = 0;
        position *val = malloc((n + 1) * sizeof *val);
        size_t vi = 0;
        for (size_t i = 0; i < n; i++) {
            if (pos[i].held)
                val[vi++] = pos[i];
            else
                pos[w++] = pos[i];
        }
        memcpy(pos + w, val, vi * sizeof *val);
        ntrain = w;
        nval = vi;
        free(val);
    }
    if (mirror) { /* the mirrored training positions go after the held-out ones, then swap blocks */
        pos = realloc(pos, (n + ntrain) * sizeof *pos);
        if (!pos) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
        memmove(pos + 2 * ntrain, pos + ntrain, nval * sizeof *pos);
        for (size_t i = 0; i < ntrain; i++) {
            position *m = &pos[ntrain + i];
            *m = pos[i];
            for (int f = 0; f < m->n; f++)
                for (int v = 0; v < 2; v++)
                    m->feat[f][v] ^= 7; /* file of the square (index = colour*384 + type*64 + sq) */
        }
        ntrain *= 2;
        n = ntrain + nval;
    }
    fprintf(stderr, "%zu positions: %zu training%s, %zu held out; hidden %d\n", n, ntrain,
            mirror ? " (half of them mirrored)" : "", nval, H);

    param ft = param_new((size_t)NIN * H), fb = param_new((size_t)H), ow = param_new((size_t)2 * H), ob = param_new(1);
    for (size_t i = 0; i < ft.n; i++)
        ft.w[i] = (rng_uniform() * 2 - 1) * 0.2f;
    for (size_t i = 0; i < ow.n; i++)
        ow.w[i] = (rng_uniform() * 2 - 1) * (1.0f / sqrtf((float)H));
    float *gft = calloc(ft.n, sizeof(float)), *gfb = calloc(fb.n, sizeof(float)), *gow = calloc(ow.n, sizeof(float)),
          gob = 0;
    float *acc = malloc(2 * (size_t)H * sizeof(float)), *dacc = malloc(2 * (size_t)H * sizeof(float));
    size_t *order = malloc(ntrain * sizeof *order);
    for (size_t i = 0; i < ntrain; i++)
        order[i] = i;

    const float ft_lim = 32767.0f / QA / 33.0f; /* ~3.9: 32 pieces + bias stay in int16 */
    const float ow_lim = 127.0f / QB;
    long steps_total = (long)epochs * (long)((ntrain + BATCH - 1) / BATCH), step = 0;

    for (int epoch = 0; epoch < epochs; epoch++) {
        for (size_t i = ntrain - 1; i > 0; i--) {
            size_t j = rng_next() % (i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double train_loss = 0;
        for (size_t b0 = 0; b0 < ntrain; b0 += BATCH) {
            size_t b1 = b0 + BATCH < ntrain ? b0 + BATCH : ntrain;
            memset(gft, 0, ft.n * sizeof(float));
            memset(gfb, 0, fb.n * sizeof(float));
            memset(gow, 0, ow.n * sizeof(float));
            gob = 0;
            for (size_t k = b0; k < b1; k++) {
                const position *p = &pos[order[k]];
                /* acc[0..H) = side to move, acc[H..2H) = the other side */
                for (int side = 0; side < 2; side++) {
                    int persp = side == 0 ? p->stm : !p->stm;
                    float *a = acc + side * H;
                    memcpy(a, fb.w, (size_t)H * sizeof(float));
                    for (int f = 0; f < p->n; f++) {
                        const float *row = ft.w + (size_t)p->feat[f][persp] * H;
                        for (int h = 0; h < H; h++)
                            a[h] += row[h];
                    }
                }
                float out = ob.w[0];
                for (int h = 0; h < 2 * H; h++) {
                    float c = acc[h] < 0 ? 0 : acc[h] > 1 ? 1 : acc[h];
                    out += c * c * ow.w[h];
                }
                float pred = sigmoidf(out);
                float target = lambda * sigmoidf(p->score / scale) + (1 - lambda) * (p->result * 0.5f);
                float err = pred - target;
                train_loss += err * err;
                float dout = 2 * err * pred * (1 - pred);
                gob += dout;
                for (int h = 0; h < 2 * H; h++) {
                    float c = acc[h] < 0 ? 0 : acc[h] > 1 ? 1 : acc[h];
                    gow[h] += dout * c * c;
                    dacc[h] = (acc[h] > 0 && acc[h] < 1) ? dout * ow.w[h] * 2 * c : 0;
                }
                for (int side = 0; side < 2; side++) {
                    int persp = side == 0 ? p->stm : !p->stm;
                    const float *d = dacc + side * H;
                    for (int h = 0; h < H; h++)
                        gfb[h] += d[h];
                    for (int f = 0; f < p->n; f++) {
                        float *row = gft + (size_t)p->feat[f][persp] * H;
                        for (int h = 0; h < H; h++)
                            row[h] += d[h];
                    }
                }
            }
            float inv = 1.0f / (float)(b1 - b0);
            for (size_t i = 0; i < ft.n; i++)
                gft[i] *= inv;
            for (size_t i = 0; i < fb.n; i++)
                gfb[i] *= inv;
            for (size_t i = 0; i < ow.n; i++)
                gow[i] *= inv;
            gob *= inv;
            step++;
            float lr =
                lr0 / 100 + 0.5f * (lr0 - lr0 / 100) * (1 + cosf(3.14159265f * (float)step / (float)steps_total));
            adam(&ft, gft, lr, (int)step, -ft_lim, ft_lim, wd);
            adam(&fb, gfb, lr, (int)step, -ft_lim, ft_lim, 0);
            adam(&ow, gow, lr, (int)step, -ow_lim, ow_lim, wd);
            adam(&ob, &gob, lr, (int)step, -1000, 1000, 0);
        }
        double val_loss = 0;
        for (size_t k = ntrain; k < ntrain + nval; k++) {
            const position *p = &pos[k];
            float out = ob.w[0];
            for (int side = 0; side < 2; side++) {
                int persp = side == 0 ? p->stm : !p->stm;
                for (int h = 0; h < H; h++) {
                    float a = fb.w[h];
                    for (int f = 0; f < p->n; f++)
                        a += ft.w[(size_t)p->feat[f][persp] * H + h];
                    float c = a < 0 ? 0 : a > 1 ? 1 : a;
                    out += c * c * ow.w[side * H + h];
                }
            }
            float target = lambda * sigmoidf(p->score / scale) + (1 - lambda) * (p->result * 0.5f);
            float err = sigmoidf(out) - target;
            val_loss += err * err;
        }
        fprintf(stderr, "epoch %d: train loss %.6f, held-out loss %.6f\n", epoch + 1, train_loss / (double)ntrain,
                nval ? val_loss / (double)nval : 0.0);
    }

    /* quantise: accumulator weights and biases x QA (int16), output weights x QB (int8 range, stored
     * int16), output bias x QA x QB (int32). File: "WFNN", u32 version 1, u32 hidden, then the
     * arrays little-endian in that order. */
    FILE *f = fopen(out_path, "wb");
    if (!f) {
        perror(out_path);
        return 1;
    }
    uint32_t hdr[2] = {1, (uint32_t)H};
    fwrite("WFNN", 1, 4, f);
    fwrite(hdr, 4, 2, f);
    for (size_t i = 0; i < ft.n; i++) {
        int16_t q = (int16_t)lrintf(ft.w[i] * QA);
        fwrite(&q, 2, 1, f);
    }
    for (size_t i = 0; i < fb.n; i++) {
        int16_t q = (int16_t)lrintf(fb.w[i] * QA);
        fwrite(&q, 2, 1, f);
    }
    /* the engine reads the output as output * SCALE centipawns: a net trained with another
     * --scale has its output layer multiplied by scale / SCALE */
    float k = scale / SCALE;
    for (size_t i = 0; i < ow.n; i++) {
        long q = lrintf(ow.w[i] * k * QB);
        int16_t q16 = (int16_t)(q < -127 ? -127 : q > 127 ? 127 : q);
        fwrite(&q16, 2, 1, f);
    }
    int32_t qb = (int32_t)lrintf(ob.w[0] * k * QA * QB);
    fwrite(&qb, 4, 1, f);
    fclose(f);
    fprintf(stderr, "wrote %s\n", out_path);
    return 0;
}
