/* SPDX-License-Identifier: MIT
 * vp8_enc_token.c: coefficient tokens (RFC 6386 section 13): their cost in
 * bits under the current probabilities (for the mode decision), their
 * statistics (for the probability updates) and their writing. The token
 * tree is walked exactly as the decoder (vp8.c read_coeffs) reads it: no
 * end-of-block branch right after a zero. */
#include <math.h>
#include <string.h>
#include "vp8_enc.h"

void wf_vp8_init_costs(wf_vp8_enc *e)
{
    int p;
    e->ent[0] = 16 * 256;
    for (p = 1; p <= 256; p++)
        e->ent[p] = (uint16_t)lround(-log2((double)p / 256.0) * 256.0);
}

static const uint8_t cat3[] = {173, 148, 140, 0};
static const uint8_t cat4[] = {176, 155, 140, 135, 0};
static const uint8_t cat5[] = {180, 157, 141, 134, 130, 0};
static const uint8_t cat6[] = {254, 254, 243, 230, 196, 177, 153, 140, 133, 130, 129, 0};

#define BC(prob, bit) e->ent[(bit) ? 256 - (prob) : (prob)]

/* Cost of a value v >= 1 (without its sign) from node p[2] on. */
WF_WEBP_NOINLINE static int value_cost(const wf_vp8_enc *e, const uint8_t *p, int v)
{
    const uint8_t *cat;
    int c, base, nb;
    if (v == 1)
        return BC(p[2], 0);
    c = BC(p[2], 1);
    if (v <= 4) {
        c += BC(p[3], 0);
        if (v == 2)
            return c + BC(p[4], 0);
        return c + BC(p[4], 1) + BC(p[5], v == 4);
    }
    c += BC(p[3], 1);
    if (v <= 10) {
        c += BC(p[6], 0);
        if (v <= 6)
            return c + BC(p[7], 0) + BC(159, v == 6);
        return c + BC(p[7], 1) + BC(165, (v - 7) >> 1) + BC(145, (v - 7) & 1);
    }
    c += BC(p[6], 1);
    if (v < 35) {
        c += BC(p[8], 0);
        if (v < 19) {
            c += BC(p[9], 0);
            cat = cat3;
            base = 11;
            nb = 3;
        } else {
            c += BC(p[9], 1);
            cat = cat4;
            base = 19;
            nb = 4;
        }
    } else {
        c += BC(p[8], 1);
        if (v < 67) {
            c += BC(p[10], 0);
            cat = cat5;
            base = 35;
            nb = 5;
        } else {
            c += BC(p[10], 1);
            cat = cat6;
            base = 67;
            nb = 11;
        }
    }
    v -= base;
    while (nb-- > 0)
        c += BC(*cat++, (v >> nb) & 1);
    return c;
}

WF_WEBP_NOINLINE void wf_vp8_update_level_costs(wf_vp8_enc *e)
{
    int t, b, c, v;
    for (t = 0; t < 4; t++)
        for (b = 0; b < 8; b++)
            for (c = 0; c < 3; c++) {
                const uint8_t *p = e->probs[t][b][c];
                uint16_t *lc = e->lcost[t][b][c];
                lc[0] = (uint16_t)BC(p[1], 0);
                for (v = 1; v < WF_VP8_LCOST_N; v++)
                    lc[v] = (uint16_t)(BC(p[1], 1) + value_cost(e, p, v) + 256);
                e->eobcost[t][b][c][0] = (uint16_t)BC(p[0], 0);
                e->eobcost[t][b][c][1] = (uint16_t)BC(p[0], 1);
            }
}

WF_WEBP_NOINLINE int wf_vp8_block_cost(const wf_vp8_enc *e, int type, int ctx, const int16_t *levels, int first,
                                       int end)
{
    const uint16_t(*lc)[3][WF_VP8_LCOST_N] = (const uint16_t(*)[3][WF_VP8_LCOST_N])e->lcost[type];
    const uint16_t(*eob)[3][2] = (const uint16_t(*)[3][2])e->eobcost[type];
    int last = end - 1, n, cost = 0, band = wf_vp8_bands[first];
    if (last < first)
        return eob[band][ctx][0];
    cost = eob[band][ctx][1];
    for (n = first; n <= last; n++) {
        int v = levels[n] < 0 ? -levels[n] : levels[n];
        band = wf_vp8_bands[n];
        if (v < WF_VP8_LCOST_N)
            cost += lc[band][ctx][v];
        else
            cost += BC(e->probs[type][band][ctx][1], 1) + value_cost(e, e->probs[type][band][ctx], v) + 256;
        ctx = v == 0 ? 0 : v == 1 ? 1 : 2;
        /* after a zero the next token has no end-of-block branch */
        if (v && n < 15)
            cost += eob[wf_vp8_bands[n + 1]][ctx][n < last];
    }
    return cost;
}

/* ---- statistics and writing ---- */

typedef struct tok {
    wf_vp8_enc *e;
    wf_vp8_be *be; /* NULL: record statistics */
} tok;

/* Node i of the probabilities p (statistics s). */
static inline void node(tok *t, const uint8_t *p, uint32_t (*s)[2], int i, int bit)
{
    if (t->be)
        wf_vp8_be_put(t->be, p[i], bit);
    else
        s[i][bit]++;
}

static inline void fixed(tok *t, int prob, int bit)
{
    if (t->be)
        wf_vp8_be_put(t->be, prob, bit);
}

static void put_value(tok *t, const uint8_t *p, uint32_t (*s)[2], int v)
{
    const uint8_t *cat;
    int base, nb;
    if (v == 1) {
        node(t, p, s, 2, 0);
        return;
    }
    node(t, p, s, 2, 1);
    if (v <= 4) {
        node(t, p, s, 3, 0);
        if (v == 2) {
            node(t, p, s, 4, 0);
        } else {
            node(t, p, s, 4, 1);
            node(t, p, s, 5, v == 4);
        }
        return;
    }
    node(t, p, s, 3, 1);
    if (v <= 10) {
        node(t, p, s, 6, 0);
        if (v <= 6) {
            node(t, p, s, 7, 0);
            fixed(t, 159, v == 6);
        } else {
            node(t, p, s, 7, 1);
            fixed(t, 165, (v - 7) >> 1);
            fixed(t, 145, (v - 7) & 1);
        }
        return;
    }
    node(t, p, s, 6, 1);
    if (v < 35) {
        node(t, p, s, 8, 0);
        if (v < 19) {
            node(t, p, s, 9, 0);
            cat = cat3;
            base = 11;
            nb = 3;
        } else {
            node(t, p, s, 9, 1);
            cat = cat4;
            base = 19;
            nb = 4;
        }
    } else {
        node(t, p, s, 8, 1);
        if (v < 67) {
            node(t, p, s, 10, 0);
            cat = cat5;
            base = 35;
            nb = 5;
        } else {
            node(t, p, s, 10, 1);
            cat = cat6;
            base = 67;
            nb = 11;
        }
    }
    v -= base;
    while (nb-- > 0)
        fixed(t, *cat++, (v >> nb) & 1);
}

/* Writes or records one block; returns whether it had a non-zero level. */
WF_WEBP_NOINLINE static int put_block(tok *t, int type, int ctx, const int16_t *levels, int first)
{
    wf_vp8_enc *e = t->e;
    int band = wf_vp8_bands[first], last = 15, n, prevzero = 0;
    const uint8_t *p = e->probs[type][band][ctx];
    uint32_t(*s)[2] = e->stats[type][band][ctx];
    while (last >= first && levels[last] == 0)
        last--;
    if (last < first) {
        node(t, p, s, 0, 0);
        return 0;
    }
    for (n = first; n <= last; n++) {
        int v = levels[n] < 0 ? -levels[n] : levels[n], c;
        if (!prevzero)
            node(t, p, s, 0, 1);
        band = wf_vp8_bands[n + 1];
        if (v == 0) {
            node(t, p, s, 1, 0);
            p = e->probs[type][band][0];
            s = e->stats[type][band][0];
            prevzero = 1;
            continue;
        }
        node(t, p, s, 1, 1);
        put_value(t, p, s, v);
        fixed(t, 128, levels[n] < 0);
        c = v == 1 ? 1 : 2;
        p = e->probs[type][band][c];
        s = e->stats[type][band][c];
        prevzero = 0;
    }
    if (last < 15)
        node(t, p, s, 0, 0);
    return 1;
}

WF_WEBP_NOINLINE void wf_vp8_mb_tokens(wf_vp8_enc *e, wf_vp8_be *be, int mbx, const wf_vp8_mb *mb)
{
    uint8_t *top = &e->nz_top[mbx * 9], *left = e->nz_left;
    int i4 = mb->ymode == WF_B_PRED, first = 0, type = 3, x, y, ch;
    tok t;
    t.e = e;
    t.be = be;
    if (mb->skip && e->use_skip) {
        memset(top, 0, 8);
        memset(left, 0, 8);
        if (!i4)
            top[8] = left[8] = 0;
        return;
    }
    if (!i4) {
        top[8] = left[8] = (uint8_t)put_block(&t, 1, top[8] + left[8], mb->levels[24], 0);
        first = 1;
        type = 0;
    }
    for (y = 0; y < 4; y++)
        for (x = 0; x < 4; x++)
            top[x] = left[y] = (uint8_t)put_block(&t, type, top[x] + left[y], mb->levels[y * 4 + x], first);
    for (ch = 0; ch < 2; ch++)
        for (y = 0; y < 2; y++)
            for (x = 0; x < 2; x++) {
                int c = 4 + ch * 2;
                top[c + x] = left[c + y] =
                    (uint8_t)put_block(&t, 2, top[c + x] + left[c + y], mb->levels[16 + ch * 4 + y * 2 + x], 0);
            }
}

WF_WEBP_NOINLINE void wf_vp8_finalize_probs(wf_vp8_enc *e)
{
    int t, b, c, i;
    for (t = 0; t < 4; t++)
        for (b = 0; b < 8; b++)
            for (c = 0; c < 3; c++)
                for (i = 0; i < 11; i++) {
                    uint32_t n0 = e->stats[t][b][c][i][0], n1 = e->stats[t][b][c][i][1], tot = n0 + n1;
                    int old = wf_webp_coeff_probs0[t][b][c][i], upd = wf_webp_coeff_update_probs[t][b][c][i];
                    int np;
                    uint64_t cost_old, cost_new;
                    e->probs[t][b][c][i] = (uint8_t)old;
                    if (tot == 0)
                        continue;
                    np = (int)(((uint64_t)n0 * 256 + tot / 2) / tot);
                    np = np < 1 ? 1 : np > 255 ? 255 : np;
                    if (np == old)
                        continue;
                    cost_old = (uint64_t)n0 * e->ent[old] + (uint64_t)n1 * e->ent[256 - old] + e->ent[upd];
                    cost_new =
                        (uint64_t)n0 * e->ent[np] + (uint64_t)n1 * e->ent[256 - np] + e->ent[256 - upd] + 8 * 256;
                    if (cost_new < cost_old)
                        e->probs[t][b][c][i] = (uint8_t)np;
                }
}

WF_WEBP_NOINLINE void wf_vp8_write_prob_updates(const wf_vp8_enc *e, wf_vp8_be *be)
{
    int t, b, c, i;
    for (t = 0; t < 4; t++)
        for (b = 0; b < 8; b++)
            for (c = 0; c < 3; c++)
                for (i = 0; i < 11; i++) {
                    int p = e->probs[t][b][c][i], upd = p != wf_webp_coeff_probs0[t][b][c][i];
                    wf_vp8_be_put(be, wf_webp_coeff_update_probs[t][b][c][i], upd);
                    if (upd)
                        wf_vp8_be_literal(be, (uint32_t)p, 8);
                }
}
