/* SPDX-License-Identifier: MIT
 *
 * texel.c: fits the linear evaluation weights of core/chess (eval_weights.h)
 * to labelled positions (Texel's tuning method), by full-batch Adam on the
 * mean squared error between sigmoid(K * eval) and the label.
 *
 *   texel GAMES.txt OUT.h [epochs] [lambda] [lr] [reg]
 *
 * GAMES.txt comes from gen_games.py (one game per line: result, then
 * move:score pairs). Every position with an engine score whose side to move
 * is not in check and whose best move is quiet (no capture, no promotion) is
 * used; its label is lambda * sigmoid(score) + (1 - lambda) * game result.
 * The evaluation is linear in the weights once the game phase, the draw
 * divisor and the hand-set king-attack penalty of a position are fixed, so
 * eval.c is compiled here with WF_EVAL_TRACE and each position is kept as the
 * sparse list of (White - Black) weight counts that eval.c reports. This is a
 * tool: floating point is fine here, the generated table is integer. Every
 * tenth game is held out (validation loss); a small L2 term keeps rarely seen
 * weights near their starting values (ten times weaker outside the
 * piece-square tables, which hold most of the weights).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "board.h"
#include "eval.h"
#include "eval_weights.h"
#include "movegen.h"
#include "san.h"

wf_eval_trace wf_eval_tr;

typedef struct pos {
    int start, n; /* range in the sparse arrays */
    int phase, divisor, tempo, fixed;
    float y;
    int held_out;
} pos;

static pos *P;
static int np, cap_p;
static int16_t *cidx, *cval;
static int nc, cap_c;

static void add_pos(const wf_board *b, double y, int held_out)
{
    memset(&wf_eval_tr, 0, sizeof wf_eval_tr);
    int real = wf_evaluate(b, NULL);
    if (np == cap_p) {
        cap_p = cap_p ? cap_p * 2 : 65536;
        P = realloc(P, sizeof *P * (size_t)cap_p);
    }
    pos *p = &P[np];
    p->start = nc;
    for (int i = 0; i < WF_EV_N; i++) {
        int d = wf_eval_tr.coef[0][i] - wf_eval_tr.coef[1][i];
        if (!d)
            continue;
        if (nc == cap_c) {
            cap_c = cap_c ? cap_c * 2 : 1 << 20;
            cidx = realloc(cidx, sizeof *cidx * (size_t)cap_c);
            cval = realloc(cval, sizeof *cval * (size_t)cap_c);
        }
        cidx[nc] = (int16_t)i;
        cval[nc] = (int16_t)d;
        nc++;
    }
    p->n = nc - p->start;
    p->phase = wf_eval_tr.phase;
    p->divisor = wf_eval_tr.divisor;
    p->tempo = b->side == WF_WHITE ? 10 : -10;
    p->fixed = wf_eval_tr.fixed_mg[0] - wf_eval_tr.fixed_mg[1];
    p->y = (float)y;
    p->held_out = held_out;
    /* the linear model must reproduce the real evaluation (up to rounding) */
    long mg = 0, eg = 0;
    for (int k = p->start; k < nc; k++) {
        mg += (long)cval[k] * wf_eval_weights[cidx[k]][0];
        eg += (long)cval[k] * wf_eval_weights[cidx[k]][1];
    }
    mg += p->fixed;
    long s = (mg * p->phase + eg * (24 - p->phase)) / 24 / p->divisor;
    s = (b->side == WF_WHITE ? s : -s) + 10;
    if (labs(s - real) > 1) {
        fprintf(stderr, "model %ld != eval %d\n", s, real);
        exit(1);
    }
    np++;
}

static double sig(double k, double e) { return 1.0 / (1.0 + exp(-k * e)); }

static double model(const double *w, const pos *p)
{
    double mg = p->fixed, eg = 0;
    for (int k = p->start; k < p->start + p->n; k++) {
        mg += cval[k] * w[2 * cidx[k]];
        eg += cval[k] * w[2 * cidx[k] + 1];
    }
    return (mg * p->phase + eg * (24 - p->phase)) / 24.0 / p->divisor + p->tempo;
}

static double loss(const double *w, double k, int from, int to)
{
    double s = 0;
    for (int i = from; i < to; i++) {
        double d = sig(k, model(w, &P[i])) - P[i].y;
        s += d * d;
    }
    return s / (to - from);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: texel GAMES.txt OUT.h [epochs] [lambda] [lr] [reg]\n");
        return 2;
    }
    int epochs = argc > 3 ? atoi(argv[3]) : 2000;
    double lambda = argc > 4 ? atof(argv[4]) : 0.75, lr = argc > 5 ? atof(argv[5]) : 1.0;
    double reg = argc > 6 ? atof(argv[6]) : 1e-7; /* L2 pull towards the starting weights */
    const double ks = log(10.0) / 400.0;          /* engine centipawns to expected score */
    if (wf_chess_tables_init())
        return 1;
    FILE *f = fopen(argv[1], "r");
    if (!f)
        return 1;
    static char line[1 << 16];
    static wf_board b;
    int games = 0;
    while (fgets(line, sizeof line, f)) {
        char *save = NULL, *tok = strtok_r(line, " \n", &save);
        if (!tok)
            continue;
        double result = atof(tok);
        wf_board_startpos(&b);
        games++;
        while ((tok = strtok_r(NULL, " \n", &save)) != NULL) {
            char *colon = strchr(tok, ':');
            if (!colon)
                break;
            wf_move m = wf_move_from_uci(&b, tok, (int)(colon - tok));
            if (m == WF_NO_MOVE || b.hist_n >= WF_MAX_PLY_HISTORY - 2)
                break;
            if (colon[1] != 'r') {
                int sc = atoi(colon + 1);
                if (abs(sc) < 2000 && !wf_board_in_check(&b) && !WF_MIS_CAPTURE(m) && !WF_MIS_PROMO(m)) {
                    double sw = b.side == WF_WHITE ? sc : -sc;
                    add_pos(&b, lambda * sig(ks, sw) + (1 - lambda) * result, games % 10 == 0);
                }
            }
            wf_board_make(&b, m);
        }
    }
    fclose(f);
    /* every tenth game is held out for validation: move its positions to the end */
    {
        pos *t = malloc(sizeof *t * (size_t)(np ? np : 1));
        int k2 = 0;
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < np; i++)
                if (P[i].held_out == pass)
                    t[k2++] = P[i];
        memcpy(P, t, sizeof *t * (size_t)np);
        free(t);
    }
    int ntrain = 0;
    while (ntrain < np && !P[ntrain].held_out)
        ntrain++;
    fprintf(stderr, "%d games, %d positions, %d coefficients\n", games, np, nc);
    static double w0[2 * WF_EV_N], w[2 * WF_EV_N], m1[2 * WF_EV_N], m2[2 * WF_EV_N], g[2 * WF_EV_N];
    for (int i = 0; i < WF_EV_N; i++) {
        w[2 * i] = wf_eval_weights[i][0];
        w[2 * i + 1] = wf_eval_weights[i][1];
    }
    memcpy(w0, w, sizeof w);
    double k = 0, best = 1e9;
    for (double kk = 0.001; kk < 0.02; kk += 0.0001) {
        double l = loss(w, kk, 0, ntrain);
        if (l < best) {
            best = l;
            k = kk;
        }
    }
    fprintf(stderr, "K %.4f train %.6f valid %.6f\n", k, best, loss(w, k, ntrain, np));
    const double b1 = 0.9, b2 = 0.999;
    for (int ep = 1; ep <= epochs; ep++) {
        memset(g, 0, sizeof g);
        for (int i = 0; i < ntrain; i++) {
            const pos *p = &P[i];
            double s = sig(k, model(w, p));
            double d = 2 * (s - p->y) * k * s * (1 - s) / p->divisor / 24.0;
            double gm = d * p->phase, ge = d * (24 - p->phase);
            for (int c = p->start; c < p->start + p->n; c++) {
                g[2 * cidx[c]] += gm * cval[c];
                g[2 * cidx[c] + 1] += ge * cval[c];
            }
        }
        for (int i = 0; i < 2 * WF_EV_N; i++) {
            int pst = i / 2 >= WF_EV_PST && i / 2 < WF_EV_PST + 384;
            double gi = g[i] / ntrain + 2 * reg * (pst ? 1.0 : 0.1) * (w[i] - w0[i]);
            m1[i] = b1 * m1[i] + (1 - b1) * gi;
            m2[i] = b2 * m2[i] + (1 - b2) * gi * gi;
            double mh = m1[i] / (1 - pow(b1, ep)), vh = m2[i] / (1 - pow(b2, ep));
            w[i] -= lr * mh / (sqrt(vh) + 1e-12);
        }
        if (ep % 100 == 0 || ep == epochs)
            fprintf(stderr, "epoch %d train %.6f valid %.6f\n", ep, loss(w, k, 0, ntrain), loss(w, k, ntrain, np));
    }
    /* king material is not identifiable; keep it at 0 */
    w[2 * (WF_EV_MAT + WF_KING)] = w[2 * (WF_EV_MAT + WF_KING) + 1] = 0;
    FILE *o = fopen(argv[2], "w");
    if (!o)
        return 1;
    fprintf(o,
            "/* SPDX-License-Identifier: MIT\n *\n"
            " * eval_weights.h: GENERATED by tools/chess-tune/texel.c (see tools/chess-tune/README.md);\n"
            " * do not edit by hand. The (mg, eg) evaluation weights indexed by the WF_EV_* enum of eval.h.\n"
            " * Fitted on %d positions of %d games (lambda %.2f, K %.4f, %d epochs, L2 %g):\n"
            " * validation loss %.6f.\n */\n"
            "#ifndef WF_CHESS_EVAL_WEIGHTS_H\n#define WF_CHESS_EVAL_WEIGHTS_H\n#include \"eval.h\"\n\n"
            "static const int16_t wf_eval_weights[WF_EV_N][2] = {\n",
            np, games, lambda, k, epochs, reg, loss(w, k, ntrain, np));
    for (int i = 0; i < WF_EV_N; i++)
        fprintf(o, "%s{%d, %d},%s", i % 8 == 0 ? "    " : " ", (int)lround(w[2 * i]), (int)lround(w[2 * i + 1]),
                i % 8 == 7 || i == WF_EV_N - 1 ? "\n" : "");
    fprintf(o, "};\n\n#endif\n");
    fclose(o);
    return 0;
}
