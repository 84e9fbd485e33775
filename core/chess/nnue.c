/* SPDX-License-Identifier: MIT
 *
 * nnue.c: inference of the neural evaluation (see nnue.h). A scalar path and
 * a Wasm SIMD128 path (WF_SIMD) with identical integer results; the
 * evaluation the search sees (wf_eval, eval.h) when a network is in use.
 */
#include "nnue.h"
#include <stdlib.h>
#include <string.h>
#include "eval.h"
#include "wf/status.h"

#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

/* The scalar paths work on blocks of 16 units (the hidden size is a
 * multiple of 16) with fixed-length inner loops, which compilers vectorise
 * at -O2 (SSE2/NEON natively): the same integer results in any order. */
#define WF_NNUE_LANES 16

static uint32_t load_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int16_t load_i16(const unsigned char *p) { return (int16_t)(uint16_t)(p[0] | p[1] << 8); }

int wf_nnue_load(const unsigned char *data, size_t size, wf_nnue_net **ret)
{
    *ret = NULL;
    if (!data || size < 12 || memcmp(data, "WFNN", 4) != 0 || load_u32(data + 4) != 1)
        return WF_ERR_INVALID_ARGUMENT;
    uint32_t h = load_u32(data + 8);
    if (h < 16 || h > WF_NNUE_MAX_HIDDEN || h % 16)
        return WF_ERR_INVALID_ARGUMENT;
    size_t count = (size_t)WF_NNUE_INPUTS * h + h + 2 * h;
    if (size != 12 + 2 * count + 4)
        return WF_ERR_INVALID_ARGUMENT;
    /* one block: the header struct, then the int16 arrays (16-byte aligned) */
    size_t head = (sizeof(wf_nnue_net) + 15) & ~(size_t)15;
    unsigned char *block = malloc(head + 2 * count + 16);
    if (!block)
        return WF_ERR_OUT_OF_MEMORY;
    wf_nnue_net *net = (wf_nnue_net *)(void *)block;
    int16_t *w = (int16_t *)(void *)(((uintptr_t)(block + head) + 15) & ~(uintptr_t)15);
    const unsigned char *p = data + 12;
    for (size_t i = 0; i < count; i++, p += 2)
        w[i] = load_i16(p);
    net->hidden = (int)h;
    net->ft = w;
    net->ft_bias = w + (size_t)WF_NNUE_INPUTS * h;
    net->out = net->ft_bias + h;
    net->out_bias = (int32_t)load_u32(p);
    /* the output weights must fit int8 so that clamp * weight fits int16 */
    for (uint32_t i = 0; i < 2 * h; i++)
        if (net->out[i] < -127 || net->out[i] > 127) {
            free(block);
            return WF_ERR_INVALID_ARGUMENT;
        }
    *ret = net;
    return WF_OK;
}

void wf_nnue_free(wf_nnue_net *net) { free(net); }

static inline int feature_white(int piece, int sq) { return WF_PCOLOR(piece) * 384 + WF_PTYPE(piece) * 64 + sq; }
/* Black's view of a feature: colours swapped, board mirrored vertically. */
static inline int feature_black(int fw) { return (fw < 384 ? fw + 384 : fw - 384) ^ 56; }

static void add_row(int16_t *acc, const int16_t *row, int n)
{
#ifdef WF_SIMD
    for (int h = 0; h < n; h += 8)
        wasm_v128_store(acc + h, wasm_i16x8_add(wasm_v128_load(acc + h), wasm_v128_load(row + h)));
#else
    for (int h0 = 0; h0 < n; h0 += WF_NNUE_LANES)
        for (int k = 0; k < WF_NNUE_LANES; k++)
            acc[h0 + k] = (int16_t)(uint16_t)((uint16_t)acc[h0 + k] + (uint16_t)row[h0 + k]);
#endif
}

void wf_nnue_refresh(const wf_nnue_net *net, const wf_board *b, wf_nnue_acc *acc)
{
    int n = net->hidden;
    memcpy(acc->v[0], net->ft_bias, (size_t)n * sizeof(int16_t));
    memcpy(acc->v[1], net->ft_bias, (size_t)n * sizeof(int16_t));
    wf_bb occ = wf_board_occ(b);
    while (occ) {
        int sq = wf_poplsb(&occ);
        int fw = feature_white(b->sq[sq], sq);
        add_row(acc->v[0], net->ft + (size_t)fw * n, n);
        add_row(acc->v[1], net->ft + (size_t)feature_black(fw) * n, n);
    }
}

void wf_nnue_delta_of(const wf_board *b, wf_move m, wf_nnue_delta *d)
{
    int from = WF_MFROM(m), to = WF_MTO(m), flags = WF_MFLAGS(m);
    int piece = b->sq[from], us = WF_PCOLOR(piece);
    d->nadd = d->nsub = 0;
    d->sub[d->nsub++] = (uint16_t)feature_white(piece, from);
    int placed = WF_MIS_PROMO(m) ? WF_PIECE(us, WF_MPROMO(m)) : piece;
    d->add[d->nadd++] = (uint16_t)feature_white(placed, to);
    if (flags == WF_MF_EP) {
        int cap_sq = us == WF_WHITE ? to - 8 : to + 8;
        d->sub[d->nsub++] = (uint16_t)feature_white(WF_PIECE(us ^ 1, WF_PAWN), cap_sq);
    } else if (WF_MIS_CAPTURE(m)) {
        d->sub[d->nsub++] = (uint16_t)feature_white(b->sq[to], to);
    } else if (flags == WF_MF_KCASTLE || flags == WF_MF_QCASTLE) {
        int rank = from & 56;
        int rfrom = rank + (flags == WF_MF_KCASTLE ? 7 : 0), rto = rank + (flags == WF_MF_KCASTLE ? 5 : 3);
        int rook = WF_PIECE(us, WF_ROOK);
        d->sub[d->nsub++] = (uint16_t)feature_white(rook, rfrom);
        d->add[d->nadd++] = (uint16_t)feature_white(rook, rto);
    }
}

/* Integer additions wrap in 16 bits on both paths (they never overflow with
 * a trained net: the trainer keeps 32 rows plus the bias within int16). */
static void update_side(const int16_t *from, int16_t *to, int n, const int16_t *const add[2], int nadd,
                        const int16_t *const sub[2], int nsub)
{
#ifdef WF_SIMD
    for (int h = 0; h < n; h += 8) {
        v128_t v = wasm_v128_load(from + h);
        for (int i = 0; i < nadd; i++)
            v = wasm_i16x8_add(v, wasm_v128_load(add[i] + h));
        for (int i = 0; i < nsub; i++)
            v = wasm_i16x8_sub(v, wasm_v128_load(sub[i] + h));
        wasm_v128_store(to + h, v);
    }
#else
    for (int h0 = 0; h0 < n; h0 += WF_NNUE_LANES) {
        uint16_t v[WF_NNUE_LANES];
        for (int k = 0; k < WF_NNUE_LANES; k++)
            v[k] = (uint16_t)from[h0 + k];
        for (int i = 0; i < nadd; i++)
            for (int k = 0; k < WF_NNUE_LANES; k++)
                v[k] = (uint16_t)(v[k] + (uint16_t)add[i][h0 + k]);
        for (int i = 0; i < nsub; i++)
            for (int k = 0; k < WF_NNUE_LANES; k++)
                v[k] = (uint16_t)(v[k] - (uint16_t)sub[i][h0 + k]);
        for (int k = 0; k < WF_NNUE_LANES; k++)
            to[h0 + k] = (int16_t)v[k];
    }
#endif
}

void wf_nnue_update(const wf_nnue_net *net, const wf_nnue_acc *from, wf_nnue_acc *to, const wf_nnue_delta *d)
{
    int n = net->hidden;
    const int16_t *addw[2], *addb[2], *subw[2], *subb[2];
    for (int i = 0; i < d->nadd; i++) {
        addw[i] = net->ft + (size_t)d->add[i] * n;
        addb[i] = net->ft + (size_t)feature_black(d->add[i]) * n;
    }
    for (int i = 0; i < d->nsub; i++) {
        subw[i] = net->ft + (size_t)d->sub[i] * n;
        subb[i] = net->ft + (size_t)feature_black(d->sub[i]) * n;
    }
    update_side(from->v[0], to->v[0], n, addw, d->nadd, subw, d->nsub);
    update_side(from->v[1], to->v[1], n, addb, d->nadd, subb, d->nsub);
}

/* sum over h of clamp(acc[h], 0, QA)^2 * w[h], computed as ((c * w) * c) so
 * that c * w fits int16 (|w| <= 127, checked by wf_nnue_load). Each term is
 * at most 255 * 127 * 255 = 8258175 in magnitude, so 256 terms fit an int32
 * exactly in any order of summation: every path gives the same sum. */
_Static_assert(WF_NNUE_MAX_HIDDEN <= 256, "the int32 sum of screlu_dot needs at most 256 terms");
static int32_t screlu_dot(const int16_t *acc, const int16_t *w, int n)
{
#ifdef WF_SIMD
    const v128_t zero = wasm_i16x8_splat(0), qa = wasm_i16x8_splat(WF_NNUE_QA);
    v128_t sum = wasm_i32x4_splat(0);
    for (int h = 0; h < n; h += 8) {
        v128_t c = wasm_i16x8_min(wasm_i16x8_max(wasm_v128_load(acc + h), zero), qa);
        v128_t cw = wasm_i16x8_mul(c, wasm_v128_load(w + h));
        sum = wasm_i32x4_add(sum, wasm_i32x4_dot_i16x8(cw, c));
    }
    return wasm_i32x4_extract_lane(sum, 0) + wasm_i32x4_extract_lane(sum, 1) + wasm_i32x4_extract_lane(sum, 2) +
           wasm_i32x4_extract_lane(sum, 3);
#else
    int32_t lane[WF_NNUE_LANES] = {0};
    for (int h0 = 0; h0 < n; h0 += WF_NNUE_LANES)
        for (int k = 0; k < WF_NNUE_LANES; k++) {
            int16_t a = acc[h0 + k];
            int16_t c = a < 0 ? 0 : a > WF_NNUE_QA ? WF_NNUE_QA : a;
            lane[k] += (int32_t)(int16_t)(c * w[h0 + k]) * c;
        }
    int32_t sum = 0;
    for (int k = 0; k < WF_NNUE_LANES; k++)
        sum += lane[k];
    return sum;
#endif
}

int wf_nnue_evaluate(const wf_nnue_net *net, const wf_nnue_acc *acc, int side)
{
    int n = net->hidden;
    /* each dot is below 2^31 in magnitude; divided by QA before adding */
    int32_t out = screlu_dot(acc->v[side], net->out, n) / WF_NNUE_QA +
                  screlu_dot(acc->v[side ^ 1], net->out + n, n) / WF_NNUE_QA + net->out_bias;
    return (int)((int64_t)out * WF_NNUE_SCALE / (WF_NNUE_QA * WF_NNUE_QB));
}

/* ---- the evaluation the search sees (eval.h) ---------------------------- */

int wf_eval(wf_eval_state *es, const wf_board *b)
{
    const wf_nnue_net *net = es->net;
    if (!net)
        return wf_evaluate(b, es->pawns);
    int top = es->top;
    if (top >= WF_EVAL_STACK) {
        wf_nnue_acc scratch;
        wf_nnue_refresh(net, b, &scratch);
        return wf_nnue_evaluate(net, &scratch, b->side);
    }
    /* bring acc[top] up to date from the nearest computed ancestor (acc[0],
     * the root's, is computed by wf_eval_reset) */
    int i = top;
    while (i > 0 && !es->computed[i])
        i--;
    if (!es->computed[i]) { /* no wf_eval_reset since the net was set */
        if (top > 0) {
            wf_nnue_acc scratch;
            wf_nnue_refresh(net, b, &scratch);
            return wf_nnue_evaluate(net, &scratch, b->side);
        }
        wf_nnue_refresh(net, b, &es->acc[0]);
        es->computed[0] = 1;
    }
    for (i++; i <= top; i++) {
        wf_nnue_update(net, &es->acc[i - 1], &es->acc[i], &es->delta[i]);
        es->computed[i] = 1;
    }
    if (es->check) { /* tests: the incremental accumulator must equal a fresh one */
        wf_nnue_acc fresh;
        wf_nnue_refresh(net, b, &fresh);
        size_t bytes = (size_t)net->hidden * sizeof(int16_t);
        if (memcmp(fresh.v[0], es->acc[top].v[0], bytes) || memcmp(fresh.v[1], es->acc[top].v[1], bytes))
            es->check_failures++;
        es->checked++;
    }
    return wf_nnue_evaluate(net, &es->acc[top], b->side);
}

void wf_eval_reset(wf_eval_state *es, const wf_board *b)
{
    es->top = 0;
    es->computed[0] = 0;
    if (es->net) {
        wf_nnue_refresh(es->net, b, &es->acc[0]);
        es->computed[0] = 1;
    }
}

void wf_eval_set_net(wf_eval_state *es, const wf_nnue_net *net)
{
    es->net = net;
    es->top = 0;
    es->computed[0] = 0;
}
