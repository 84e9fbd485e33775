/* SPDX-License-Identifier: MIT
 * vp8_enc_mode.c: the intra mode decision of one macroblock by
 * rate-distortion: every 16x16 luma mode, every 4x4 mode of every subblock
 * (B_PRED) and every chroma mode is predicted, transformed, quantised and
 * reconstructed; the score is SSE + lambda * bits, the bits estimated from
 * the token and mode probabilities. Predictions, edges and the inverse DCT
 * are the decoder's (vp8_predict.c, in its work-area layout; the ten 4x4
 * predictions from one read of the edges), so the reconstruction kept here
 * is what a decoder produces (test_webp_lossy_encode checks it against
 * libwebp).
 *
 * Scores are integers held in doubles (exact below 2^53): wasm2js emulates
 * 64-bit integer arithmetic, and these are computed for every mode tried. */
#include <math.h>
#include <string.h>
#include "vp8_enc.h"

#define WS WF_VP8_WS
#define AREA (18 * WS) /* rows -1..16 */
#define ORG (WS + 8)   /* offset of pixel (0, 0) in a work area */

/* ---- mode costs (key frame trees, RFC 6386 sections 11.2-11.4) ---- */

static int ymode_cost(const wf_vp8_enc *e, int m)
{
    if (m == WF_B_PRED)
        return wf_vp8_bit_cost(e, 145, 0);
    switch (m) {
    case WF_DC_PRED: return wf_vp8_bit_cost(e, 145, 1) + wf_vp8_bit_cost(e, 156, 0) + wf_vp8_bit_cost(e, 163, 0);
    case WF_V_PRED: return wf_vp8_bit_cost(e, 145, 1) + wf_vp8_bit_cost(e, 156, 0) + wf_vp8_bit_cost(e, 163, 1);
    case WF_H_PRED: return wf_vp8_bit_cost(e, 145, 1) + wf_vp8_bit_cost(e, 156, 1) + wf_vp8_bit_cost(e, 128, 0);
    default: return wf_vp8_bit_cost(e, 145, 1) + wf_vp8_bit_cost(e, 156, 1) + wf_vp8_bit_cost(e, 128, 1);
    }
}

static int uvmode_cost(const wf_vp8_enc *e, int m)
{
    switch (m) {
    case WF_DC_PRED: return wf_vp8_bit_cost(e, 142, 0);
    case WF_V_PRED: return wf_vp8_bit_cost(e, 142, 1) + wf_vp8_bit_cost(e, 114, 0);
    case WF_H_PRED: return wf_vp8_bit_cost(e, 142, 1) + wf_vp8_bit_cost(e, 114, 1) + wf_vp8_bit_cost(e, 183, 0);
    default: return wf_vp8_bit_cost(e, 142, 1) + wf_vp8_bit_cost(e, 114, 1) + wf_vp8_bit_cost(e, 183, 1);
    }
}

/* The path of each subblock mode in the tree of read_bmode (vp8.c). */
const wf_vp8_bpath wf_vp8_bmode_path[10] = {
    {1, {0}, {0}},                                     /* B_DC */
    {2, {0, 1}, {1, 0}},                               /* B_TM */
    {3, {0, 1, 2}, {1, 1, 0}},                         /* B_VE */
    {5, {0, 1, 2, 3, 4}, {1, 1, 1, 0, 0}},             /* B_HE */
    {5, {0, 1, 2, 3, 6}, {1, 1, 1, 1, 0}},             /* B_LD */
    {6, {0, 1, 2, 3, 4, 5}, {1, 1, 1, 0, 1, 0}},       /* B_RD */
    {6, {0, 1, 2, 3, 4, 5}, {1, 1, 1, 0, 1, 1}},       /* B_VR */
    {6, {0, 1, 2, 3, 6, 7}, {1, 1, 1, 1, 1, 0}},       /* B_VL */
    {7, {0, 1, 2, 3, 6, 7, 8}, {1, 1, 1, 1, 1, 1, 0}}, /* B_HD */
    {7, {0, 1, 2, 3, 6, 7, 8}, {1, 1, 1, 1, 1, 1, 1}}, /* B_HU */
};

void wf_vp8_init_bmode_costs(wf_vp8_enc *e)
{
    int t, l, m, i;
    for (t = 0; t < 10; t++)
        for (l = 0; l < 10; l++)
            for (m = 0; m < 10; m++) {
                const uint8_t *probs = wf_webp_kf_bmode_probs[t][l];
                const wf_vp8_bpath *pa = &wf_vp8_bmode_path[m];
                int c = 0;
                for (i = 0; i < pa->n; i++)
                    c += wf_vp8_bit_cost(e, probs[pa->node[i]], pa->bit[i]);
                e->bmcost[t][l][m] = (uint16_t)c;
            }
}

/* ---- helpers ---- */

static inline double score(double lambda, uint32_t d, int r) { return (double)d * 65536 + lambda * r; }

/* The ten 4x4 predictions of the subblock at dst (a work area with its
 * edges in place) into p[mode * 16 + row * 4 + column]: the decoder's
 * predictor (vp8_predict.c), all from one read of the edges. */
WF_WEBP_NOINLINE void wf_vp8_pred4_all(const uint8_t *dst, uint8_t *p)
{
    int e[13], m;
    wf_vp8_edges4(dst, e);
    for (m = 0; m < 10; m++)
        wf_vp8_pred4_from(e, m, p + 16 * m, 4);
}

static const uint8_t implied_bmode[4] = {WF_B_DC, WF_B_VE, WF_B_HE, WF_B_TM};

/* ---- 16x16 luma ---- */

typedef struct cand16 {
    uint8_t area[AREA];
    int16_t levels[17][16]; /* 0-15 Y, 16: Y2 */
    double score;
    uint32_t d;
    int r;
} cand16;

static WF_WEBP_NOINLINE void try16(const wf_vp8_enc *e, const wf_vp8_segq *sq, int mode, int mbx, int mby,
                                   const uint8_t *src, const uint8_t *base, cand16 *c)
{
    uint8_t *o = c->area + ORG;
    int16_t coef[16][16], dc[16], y2[16], deq[16], y2deq[16], wht[16 * 16];
    uint8_t tnz[4], lnz[4];
    int b, r, x, y, n;
    memcpy(c->area, base, AREA);
    wf_vp8_pred_block(o, mode, 16, 4, mby > 0, mbx > 0);
    for (b = 0; b < 16; b++) {
        int bx = (b & 3) * 4, by = (b >> 2) * 4;
        wf_vp8_fdct_res(src + by * e->ystride + bx, e->ystride, o + by * WS + bx, WS, coef[b]);
        dc[b] = coef[b][0];
    }
    wf_vp8_fwht(dc, y2);
    n = wf_vp8_quantize(y2, &sq->m[WF_Q_Y2], 0, c->levels[16], y2deq);
    wf_vp8_inverse_wht(y2deq, wht);
    r = ymode_cost(e, mode);
    r += wf_vp8_block_cost(e, 1, e->nz_top[mbx * 9 + 8] + e->nz_left[8], c->levels[16], 0, n);
    memcpy(tnz, &e->nz_top[mbx * 9], 4);
    memcpy(lnz, e->nz_left, 4);
    for (y = 0; y < 4; y++)
        for (x = 0; x < 4; x++) {
            int bi = y * 4 + x, nz;
            uint8_t *dst = o + y * 4 * WS + x * 4;
            n = wf_vp8_quantize(coef[bi], &sq->m[WF_Q_Y1], 1, c->levels[bi], deq);
            nz = n > 0;
            deq[0] = wht[16 * bi];
            r += wf_vp8_block_cost(e, 0, tnz[x] + lnz[y], c->levels[bi], 1, n);
            tnz[x] = lnz[y] = (uint8_t)nz;
            if (nz)
                wf_vp8_idct_pred(deq, dst, WS, dst, WS);
            else if (deq[0]) /* DC only; a zero residual leaves the prediction */
                wf_vp8_enc_idct_dc(deq[0], dst, WS, dst, WS);
        }
    c->d = wf_vp8_sse16(src, e->ystride, o, WS);
    c->r = r;
    c->score = score(sq->lambda, c->d, r);
}

/* ---- 4x4 luma (B_PRED); returns the score, or HUGE_VAL when it could not beat `limit` */

static WF_WEBP_NOINLINE double try4(wf_vp8_enc *e, const wf_vp8_segq *sq, int mbx, const uint8_t *src, uint8_t *area,
                                    wf_vp8_mb *mb, double limit)
{
    uint8_t *o = area + ORG;
    uint8_t tnz[4], lnz[4], tb[4], lb[4];
    double total = score(sq->lambda, 0, ymode_cost(e, WF_B_PRED));
    int x, y, i;
    for (i = 1; i < 4; i++)
        memcpy(o + (4 * i - 1) * WS + 16, o - WS + 16, 4);
    memcpy(tnz, &e->nz_top[mbx * 9], 4);
    memcpy(lnz, e->nz_left, 4);
    memcpy(tb, &e->bmode_top[mbx * 4], 4);
    memcpy(lb, e->bmode_left, 4);
    for (y = 0; y < 4; y++)
        for (x = 0; x < 4; x++) {
            uint8_t *dst = o + y * 4 * WS + x * 4, preds[10 * 16], rec[2][16];
            const uint8_t *s = src + y * 4 * e->ystride + x * 4, *best_px = preds;
            const uint16_t *bc = e->bmcost[tb[x]][lb[y]];
            int ctx = tnz[x] + lnz[y], m, best = 0, best_nz = 0, bi = y * 4 + x;
            double best_score = HUGE_VAL;
            int16_t levels[16];
            int order[10], mcost[10], ntry = e->i4_tries, j, cur = 0;
            uint32_t pd[10];
            wf_vp8_pred4_all(dst, preds);
            for (m = 0; m < 10; m++) {
                mcost[m] = bc[m];
                pd[m] = wf_vp8_sse4(s, e->ystride, preds + 16 * m, 4);
                order[m] = m;
            }
            if (ntry < 10) {
                /* rank the modes by prediction error + mode bits; try the best fully */
                double pre[10];
                for (m = 0; m < 10; m++) {
                    int k2;
                    pre[m] = score(sq->lambda, pd[m], mcost[m]);
                    for (k2 = m; k2 > 0 && pre[order[k2 - 1]] > pre[order[k2]]; k2--) {
                        int t = order[k2];
                        order[k2] = order[k2 - 1];
                        order[k2 - 1] = t;
                    }
                }
            }
            for (j = 0; j < ntry; j++) {
                int16_t coef[16], deq[16];
                const uint8_t *pm;
                int nz, r, n;
                uint32_t d;
                double sc;
                m = order[j];
                pm = preds + 16 * m;
                wf_vp8_fdct_res(s, e->ystride, pm, 4, coef);
                n = wf_vp8_quantize(coef, &sq->m[WF_Q_Y1], 0, levels, deq);
                nz = n > 0;
                if (nz) {
                    if (n == 1)
                        wf_vp8_enc_idct_dc(deq[0], pm, 4, rec[cur], 4);
                    else
                        wf_vp8_idct_pred(deq, pm, 4, rec[cur], 4);
                    d = wf_vp8_sse4(s, e->ystride, rec[cur], 4);
                } else {
                    d = pd[m];
                }
                r = mcost[m] + wf_vp8_block_cost(e, 3, ctx, levels, 0, n);
                sc = score(sq->lambda, d, r);
                if (sc < best_score) {
                    best_score = sc;
                    best = m;
                    best_nz = nz;
                    memcpy(mb->levels[bi], levels, sizeof(levels));
                    if (nz) { /* keep this reconstruction: the next try writes the other buffer */
                        best_px = rec[cur];
                        cur ^= 1;
                    } else {
                        best_px = pm;
                    }
                }
            }
            for (i = 0; i < 4; i++)
                memcpy(dst + i * WS, best_px + 4 * i, 4);
            mb->bmodes[bi] = (uint8_t)best;
            tnz[x] = lnz[y] = (uint8_t)best_nz;
            tb[x] = lb[y] = (uint8_t)best;
            total += best_score;
            if (total >= limit)
                return HUGE_VAL;
        }
    return total;
}

/* ---- chroma ---- */

typedef struct candUV {
    uint8_t u[AREA], v[AREA];
    int16_t levels[8][16];
    double score;
} candUV;

static WF_WEBP_NOINLINE void tryUV(const wf_vp8_enc *e, const wf_vp8_segq *sq, int mode, int mbx, int mby,
                                   const uint8_t *su, const uint8_t *sv, const uint8_t *bu, const uint8_t *bv,
                                   candUV *c)
{
    uint8_t tnz[4], lnz[4];
    int ch, x, y, r = uvmode_cost(e, mode);
    uint32_t d = 0;
    memcpy(c->u, bu, AREA);
    memcpy(c->v, bv, AREA);
    memcpy(tnz, &e->nz_top[mbx * 9 + 4], 4);
    memcpy(lnz, &e->nz_left[4], 4);
    for (ch = 0; ch < 2; ch++) {
        uint8_t *o = (ch ? c->v : c->u) + ORG;
        const uint8_t *s = ch ? sv : su;
        wf_vp8_pred_block(o, mode, 8, 3, mby > 0, mbx > 0);
        for (y = 0; y < 2; y++)
            for (x = 0; x < 2; x++) {
                int16_t coef[16], deq[16];
                int bi = ch * 4 + y * 2 + x, nz;
                uint8_t *dst = o + y * 4 * WS + x * 4;
                wf_vp8_fdct_res(s + y * 4 * e->uvstride + x * 4, e->uvstride, dst, WS, coef);
                int n = wf_vp8_quantize(coef, &sq->m[WF_Q_UV], 0, c->levels[bi], deq);
                nz = n > 0;
                r += wf_vp8_block_cost(e, 2, tnz[ch * 2 + x] + lnz[ch * 2 + y], c->levels[bi], 0, n);
                tnz[ch * 2 + x] = lnz[ch * 2 + y] = (uint8_t)nz;
                if (n == 1)
                    wf_vp8_enc_idct_dc(deq[0], dst, WS, dst, WS);
                else if (n)
                    wf_vp8_idct_pred(deq, dst, WS, dst, WS);
            }
        d += wf_vp8_sse8(s, e->uvstride, o, WS);
    }
    c->score = score(sq->lambda_uv, d, r);
}

static void store(const uint8_t *w, uint8_t *plane, size_t stride, int size)
{
    int i;
    for (i = 0; i < size; i++)
        memcpy(plane + (size_t)i * stride, w + i * WS, (size_t)size);
}

static int all_zero(const int16_t *l, int n)
{
    int i;
    for (i = 0; i < n; i++)
        if (l[i])
            return 0;
    return 1;
}

static int nz_of(const int16_t *l, int first)
{
    int i;
    for (i = first; i < 16; i++)
        if (l[i])
            return 1;
    return 0;
}

typedef double (*try4_fn)(wf_vp8_enc *e, const wf_vp8_segq *sq, int mbx, const uint8_t *src, uint8_t *area,
                          wf_vp8_mb *mb, double limit);

typedef struct mbwork {
    try4_fn try4; /* try4 through a pointer: see wf_vp8_enc.encode_mb */
    cand16 c16[2];
    candUV cuv[2];
    uint8_t base[AREA], a4[AREA], bu[AREA], bv[AREA];
    wf_vp8_mb m4;
} mbwork;

WF_WEBP_NOINLINE void wf_vp8_encode_mb(wf_vp8_enc *e, int mbx, int mby, wf_vp8_mb *mb)
{
    mbwork *w = e->work;
    const wf_vp8_segq *sq = &e->seg[mb->seg];
    int x0 = mbx * 16, y0 = mby * 16, last = mbx == e->mbw - 1, mode, best16 = 0, i4 = 0, bestuv = 0, b;
    const uint8_t *src = e->sy + (size_t)y0 * e->ystride + x0;
    const uint8_t *su = e->su + (size_t)(y0 / 2) * e->uvstride + x0 / 2;
    const uint8_t *sv = e->sv + (size_t)(y0 / 2) * e->uvstride + x0 / 2;
    uint8_t *top = &e->nz_top[mbx * 9], *left = e->nz_left;
    const uint8_t *yarea;
    double s4 = HUGE_VAL;

    wf_vp8_load_edges(w->base + ORG, e->ry, e->ystride, x0, y0, 16, 4, last);
    for (mode = 0; mode < 4; mode++) {
        cand16 *c = &w->c16[mode == 0 ? 0 : 1 - best16];
        if (mode && e->effort == 0 && mode != WF_TM_PRED && mode != WF_V_PRED)
            continue;
        try16(e, sq, mode, mbx, mby, src, w->base, c);
        if (mode == 0 || c->score < w->c16[best16].score) {
            best16 = (int)(c - w->c16);
            mb->ymode = (uint8_t)mode;
        }
    }
    if (e->effort >= 2) {
        memcpy(w->a4, w->base, AREA);
        s4 = w->try4(e, sq, mbx, src, w->a4, &w->m4, w->c16[best16].score);
        i4 = s4 < w->c16[best16].score;
    }
    if (i4) {
        mb->ymode = WF_B_PRED;
        memcpy(mb->bmodes, w->m4.bmodes, 16);
        memcpy(mb->levels, w->m4.levels, 16 * sizeof(mb->levels[0]));
        memset(mb->levels[24], 0, sizeof(mb->levels[24]));
        yarea = w->a4;
    } else {
        memcpy(mb->levels, w->c16[best16].levels, 16 * sizeof(mb->levels[0]));
        memcpy(mb->levels[24], w->c16[best16].levels[16], sizeof(mb->levels[24]));
        memset(mb->bmodes, implied_bmode[mb->ymode], 16);
        yarea = w->c16[best16].area;
    }
    store(yarea + ORG, e->ry + (size_t)y0 * e->ystride + x0, e->ystride, 16);

    wf_vp8_load_edges(w->bu + ORG, e->ru, e->uvstride, x0 / 2, y0 / 2, 8, 0, last);
    wf_vp8_load_edges(w->bv + ORG, e->rv, e->uvstride, x0 / 2, y0 / 2, 8, 0, last);
    for (mode = 0; mode < 4; mode++) {
        candUV *c = &w->cuv[mode == 0 ? 0 : 1 - bestuv];
        if (mode && e->effort == 0)
            break;
        tryUV(e, sq, mode, mbx, mby, su, sv, w->bu, w->bv, c);
        if (mode == 0 || c->score < w->cuv[bestuv].score) {
            bestuv = (int)(c - w->cuv);
            mb->uvmode = (uint8_t)mode;
        }
    }
    memcpy(mb->levels[16], w->cuv[bestuv].levels, sizeof(w->cuv[bestuv].levels));
    store(w->cuv[bestuv].u + ORG, e->ru + (size_t)(y0 / 2) * e->uvstride + x0 / 2, e->uvstride, 8);
    store(w->cuv[bestuv].v + ORG, e->rv + (size_t)(y0 / 2) * e->uvstride + x0 / 2, e->uvstride, 8);

    /* contexts for the next macroblocks' cost estimates */
    mb->skip = (uint8_t)all_zero(&mb->levels[0][0], 25 * 16);
    for (b = 0; b < 16; b++)
        top[b & 3] = left[b >> 2] = (uint8_t)nz_of(mb->levels[b], i4 ? 0 : 1);
    for (b = 0; b < 8; b++) {
        int ch = b >> 2, x = b & 1, y = (b >> 1) & 1;
        top[4 + ch * 2 + x] = left[4 + ch * 2 + y] = (uint8_t)nz_of(mb->levels[16 + b], 0);
    }
    if (!i4)
        top[8] = left[8] = (uint8_t)nz_of(mb->levels[24], 0);
    for (b = 0; b < 4; b++) {
        e->bmode_top[mbx * 4 + b] = mb->bmodes[12 + b];
        e->bmode_left[b] = mb->bmodes[b * 4 + 3];
    }
}

size_t wf_vp8_mb_work_size(void) { return sizeof(mbwork); }

void wf_vp8_mb_work_init(wf_vp8_enc *e)
{
    ((mbwork *)e->work)->try4 = try4;
    e->encode_mb = wf_vp8_encode_mb;
}
