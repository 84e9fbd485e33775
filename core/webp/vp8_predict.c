/* SPDX-License-Identifier: MIT
 * vp8_predict.c: VP8 intra prediction (RFC 6386 section 12), inverse WHT and
 * DCT (section 14) and the reconstruction of one macroblock into the planes.
 * A macroblock is built in a small work area whose row -1 and column -1 hold
 * its edges (127 above the frame, 129 left of it), so every predictor reads
 * its neighbours the same way. */
#include <string.h>
#include "webp_internal.h"
#include "vp8_internal.h"
#include "vp8_pred4.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

#define WS WF_VP8_WS /* work area stride */

enum { DC_PRED, V_PRED, H_PRED, TM_PRED, B_PRED };

static inline uint8_t clamp255(int v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }

void wf_vp8_inverse_wht(const int16_t *in, int16_t *out)
{
    int tmp[16], i;
    for (i = 0; i < 4; i++) {
        int a1 = in[i] + in[12 + i], b1 = in[4 + i] + in[8 + i];
        int c1 = in[4 + i] - in[8 + i], d1 = in[i] - in[12 + i];
        tmp[i] = a1 + b1;
        tmp[4 + i] = c1 + d1;
        tmp[8 + i] = a1 - b1;
        tmp[12 + i] = d1 - c1;
    }
    for (i = 0; i < 4; i++) {
        const int *r = tmp + 4 * i;
        int a1 = r[0] + r[3], b1 = r[1] + r[2], c1 = r[1] - r[2], d1 = r[0] - r[3];
        out[16 * (4 * i + 0)] = (int16_t)((a1 + b1 + 3) >> 3);
        out[16 * (4 * i + 1)] = (int16_t)((c1 + d1 + 3) >> 3);
        out[16 * (4 * i + 2)] = (int16_t)((a1 - b1 + 3) >> 3);
        out[16 * (4 * i + 3)] = (int16_t)((d1 - c1 + 3) >> 3);
    }
}

/* a * sqrt(2) * cos(pi/8) and a * sqrt(2) * sin(pi/8) in 16-bit fixed point.
 * The products are formed in unsigned arithmetic: the same values for every
 * valid stream, and defined (wrapped) ones for hostile coefficients whose
 * intermediate sums would overflow an int. */
#define MUL1(a) (((int)((uint32_t)(a)*20091u) >> 16) + (a))
#define MUL2(a) ((int)((uint32_t)(a)*35468u) >> 16)

#ifdef WF_SIMD
/* MUL1 and MUL2 in 32-bit lanes: the same wrapped products, arithmetic shifts */
static inline v128_t mul1v(v128_t a)
{
    return wasm_i32x4_add(wasm_i32x4_shr(wasm_i32x4_mul(a, wasm_i32x4_splat(20091)), 16), a);
}
static inline v128_t mul2v(v128_t a) { return wasm_i32x4_shr(wasm_i32x4_mul(a, wasm_i32x4_splat(35468)), 16); }

static inline void transpose4(v128_t *a, v128_t *b, v128_t *c, v128_t *d)
{
    v128_t ab0 = wasm_i32x4_shuffle(*a, *b, 0, 4, 1, 5), ab1 = wasm_i32x4_shuffle(*a, *b, 2, 6, 3, 7);
    v128_t cd0 = wasm_i32x4_shuffle(*c, *d, 0, 4, 1, 5), cd1 = wasm_i32x4_shuffle(*c, *d, 2, 6, 3, 7);
    *a = wasm_i64x2_shuffle(ab0, cd0, 0, 2);
    *b = wasm_i64x2_shuffle(ab0, cd0, 1, 3);
    *c = wasm_i64x2_shuffle(ab1, cd1, 0, 2);
    *d = wasm_i64x2_shuffle(ab1, cd1, 1, 3);
}
#endif

/* dst = pred + the inverse DCT of in (16 coefficients), clamped to 0-255,
 * for a 4x4 block (row strides ps, ds; pred may be dst). The SIMD build does
 * the four columns, then the four rows, at once in 32-bit lanes (the scalar
 * arithmetic); the sum with the prediction saturates in 16 bits, then to
 * 0-255, which is clamp255's result. */
static inline void idct_pred(const int16_t *in, const uint8_t *pred, size_t ps, uint8_t *dst, size_t ds)
{
#ifdef WF_SIMD
    v128_t r0 = wasm_i32x4_load16x4(in), r1 = wasm_i32x4_load16x4(in + 4);
    v128_t r2 = wasm_i32x4_load16x4(in + 8), r3 = wasm_i32x4_load16x4(in + 12);
    v128_t a = wasm_i32x4_add(r0, r2), b = wasm_i32x4_sub(r0, r2);
    v128_t c = wasm_i32x4_sub(mul2v(r1), mul1v(r3)), d = wasm_i32x4_add(mul1v(r1), mul2v(r3));
    v128_t t0 = wasm_i32x4_add(a, d), t1 = wasm_i32x4_add(b, c), t2 = wasm_i32x4_sub(b, c), t3 = wasm_i32x4_sub(a, d);
    v128_t o0, o1, o2, o3, k4 = wasm_i32x4_splat(4), p01, p23, s01, s23;
    transpose4(&t0, &t1, &t2, &t3); /* t0: element 0 of each row ... */
    a = wasm_i32x4_add(t0, t2);
    b = wasm_i32x4_sub(t0, t2);
    c = wasm_i32x4_sub(mul2v(t1), mul1v(t3));
    d = wasm_i32x4_add(mul1v(t1), mul2v(t3));
    o0 = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_add(a, d), k4), 3);
    o1 = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_add(b, c), k4), 3);
    o2 = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_sub(b, c), k4), 3);
    o3 = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_sub(a, d), k4), 3);
    transpose4(&o0, &o1, &o2, &o3); /* o0: row 0 ... */
    p01 = wasm_u16x8_extend_low_u8x16(wasm_i32x4_make(
        (int32_t)(pred[0] | pred[1] << 8 | pred[2] << 16 | (uint32_t)pred[3] << 24),
        (int32_t)(pred[ps] | pred[ps + 1] << 8 | pred[ps + 2] << 16 | (uint32_t)pred[ps + 3] << 24), 0, 0));
    p23 = wasm_u16x8_extend_low_u8x16(wasm_i32x4_make(
        (int32_t)(pred[2 * ps] | pred[2 * ps + 1] << 8 | pred[2 * ps + 2] << 16 | (uint32_t)pred[2 * ps + 3] << 24),
        (int32_t)(pred[3 * ps] | pred[3 * ps + 1] << 8 | pred[3 * ps + 2] << 16 | (uint32_t)pred[3 * ps + 3] << 24), 0,
        0));
    s01 = wasm_i16x8_add_sat(wasm_i16x8_narrow_i32x4(o0, o1), p01);
    s23 = wasm_i16x8_add_sat(wasm_i16x8_narrow_i32x4(o2, o3), p23);
    {
        v128_t px = wasm_u8x16_narrow_i16x8(s01, s23);
        wasm_v128_store32_lane(dst, px, 0);
        wasm_v128_store32_lane(dst + ds, px, 1);
        wasm_v128_store32_lane(dst + 2 * ds, px, 2);
        wasm_v128_store32_lane(dst + 3 * ds, px, 3);
    }
#else
    int tmp[16], i;
    for (i = 0; i < 4; i++) { /* columns */
        int a = in[i] + in[8 + i], b = in[i] - in[8 + i];
        int c = MUL2(in[4 + i]) - MUL1(in[12 + i]);
        int d = MUL1(in[4 + i]) + MUL2(in[12 + i]);
        tmp[i] = a + d;
        tmp[12 + i] = a - d;
        tmp[4 + i] = b + c;
        tmp[8 + i] = b - c;
    }
    for (i = 0; i < 4; i++) { /* rows */
        const int *r = tmp + 4 * i;
        const uint8_t *p = pred + i * ps;
        uint8_t *o = dst + i * ds;
        int a = r[0] + r[2], b = r[0] - r[2];
        int c = MUL2(r[1]) - MUL1(r[3]);
        int d = MUL1(r[1]) + MUL2(r[3]);
        o[0] = clamp255(p[0] + ((a + d + 4) >> 3));
        o[3] = clamp255(p[3] + ((a - d + 4) >> 3));
        o[1] = clamp255(p[1] + ((b + c + 4) >> 3));
        o[2] = clamp255(p[2] + ((b - c + 4) >> 3));
    }
#endif
}

/* Adds the inverse DCT of in to the 4x4 block at dst (stride WF_VP8_WS). */
WF_WEBP_NOINLINE void wf_vp8_idct_add(const int16_t *in, uint8_t *dst) { idct_pred(in, dst, WS, dst, WS); }

void wf_vp8_idct_pred(const int16_t *in, const uint8_t *pred, size_t ps, uint8_t *dst, size_t ds)
{
    idct_pred(in, pred, ps, dst, ds);
}

static void idct_dc_add(const int16_t *in, uint8_t *dst)
{
    int dc = (in[0] + 4) >> 3, i, j;
    for (i = 0; i < 4; i++)
        for (j = 0; j < 4; j++)
            dst[i * WS + j] = clamp255(dst[i * WS + j] + dc);
}

/* Adds block b's residual: the full inverse DCT when it has AC coefficients. */
static inline void add_block(const wf_vp8 *v, int b, uint8_t *dst)
{
    if (v->ac_mask & (1u << b))
        wf_vp8_idct_add(v->coeffs + 16 * b, dst);
    else
        idct_dc_add(v->coeffs + 16 * b, dst);
}

/* ---- whole-block predictors (size 16 or 8) ---- */

static void pred_dc(uint8_t *dst, int size, int shift, int have_top, int have_left)
{
    int sum = 0, i, v;
    if (have_top)
        for (i = 0; i < size; i++)
            sum += dst[i - WS];
    if (have_left)
        for (i = 0; i < size; i++)
            sum += dst[i * WS - 1];
    if (have_top && have_left)
        v = (sum + size) >> (shift + 1);
    else if (have_top || have_left)
        v = (sum + (size >> 1)) >> shift;
    else
        v = 128;
    for (i = 0; i < size; i++)
        memset(dst + i * WS, v, (size_t)size);
}

static void pred_v(uint8_t *dst, int size)
{
    int i;
    for (i = 0; i < size; i++)
        memcpy(dst + i * WS, dst - WS, (size_t)size);
}

static void pred_h(uint8_t *dst, int size)
{
    int i;
    for (i = 0; i < size; i++)
        memset(dst + i * WS, dst[i * WS - 1], (size_t)size);
}

static void pred_tm(uint8_t *dst, int size)
{
    int i, j, p = dst[-WS - 1];
    for (i = 0; i < size; i++) {
        int l = dst[i * WS - 1] - p;
        for (j = 0; j < size; j++)
            dst[i * WS + j] = clamp255(l + dst[j - WS]);
    }
}

void wf_vp8_pred_block(uint8_t *dst, int mode, int size, int shift, int have_top, int have_left)
{
    switch (mode) {
    case DC_PRED: pred_dc(dst, size, shift, have_top, have_left); break;
    case V_PRED: pred_v(dst, size); break;
    case H_PRED: pred_h(dst, size); break;
    default: pred_tm(dst, size); break;
    }
}

/* ---- 4x4 subblock predictors (RFC 6386 section 12.3) ---- */

void wf_vp8_edges4(const uint8_t *dst, int e[13])
{
    int k;
    for (k = 0; k < 4; k++)
        e[3 - k] = dst[k * WS - 1];
    for (k = -1; k < 8; k++)
        e[5 + k] = dst[k - WS];
}

WF_WEBP_NOINLINE void wf_vp8_pred4(uint8_t *dst, int mode)
{
    int e[13];
    wf_vp8_edges4(dst, e);
    wf_vp8_pred4_from(e, mode, dst, WS);
}

/* Fills row -1 (from column -1 to size+extra-1) and column -1 of a work
 * area for the block of `size` at (x0, y0) of a plane. */
void wf_vp8_load_edges(uint8_t *w, const uint8_t *plane, size_t stride, int x0, int y0, int size, int extra,
                       int last_col)
{
    int i;
    if (y0 > 0) {
        const uint8_t *above = plane + (size_t)(y0 - 1) * stride + x0;
        memcpy(w - WS, above, (size_t)size);
        if (extra) {
            if (!last_col)
                memcpy(w - WS + size, above + size, (size_t)extra);
            else
                memset(w - WS + size, above[size - 1], (size_t)extra);
        }
        w[-WS - 1] = x0 > 0 ? above[-1] : 129;
    } else {
        memset(w - WS - 1, 127, (size_t)(size + extra + 1));
    }
    if (x0 > 0) {
        const uint8_t *left = plane + (size_t)y0 * stride + x0 - 1;
        for (i = 0; i < size; i++)
            w[i * WS - 1] = left[(size_t)i * stride];
    } else {
        for (i = 0; i < size; i++)
            w[i * WS - 1] = 129;
    }
}

static void store(const uint8_t *w, uint8_t *plane, size_t stride, int x0, int y0, int size)
{
    int i;
    for (i = 0; i < size; i++)
        memcpy(plane + (size_t)(y0 + i) * stride + x0, w + i * WS, (size_t)size);
}

void wf_vp8_reconstruct(wf_vp8 *v, int mbx, int mby, int ymode, const uint8_t *bmodes, int uvmode, uint32_t nonzero,
                        uint8_t *y, uint8_t *u, uint8_t *vp)
{
    uint8_t wy[17 * WS], wu[9 * WS], wv[9 * WS];
    uint8_t *oy = wy + WS + 8, *ou = wu + WS + 8, *ov = wv + WS + 8;
    int x0 = mbx * 16, y0 = mby * 16, i;
    int last = mbx == v->mbw - 1;

    wf_vp8_load_edges(oy, y, v->ystride, x0, y0, 16, 4, last);
    if (ymode == B_PRED) {
        int bx, by;
        /* the right column's above-right pixels all come from the row above the macroblock */
        for (i = 1; i < 4; i++)
            memcpy(oy + (4 * i - 1) * WS + 16, oy - WS + 16, 4);
        for (by = 0; by < 4; by++)
            for (bx = 0; bx < 4; bx++) {
                uint8_t *dst = oy + by * 4 * WS + bx * 4;
                int b = by * 4 + bx;
                wf_vp8_pred4(dst, bmodes[b]);
                if (nonzero & (1u << b))
                    add_block(v, b, dst);
            }
    } else {
        wf_vp8_pred_block(oy, ymode, 16, 4, mby > 0, mbx > 0);
        for (i = 0; i < 16; i++)
            if (nonzero & (1u << i))
                add_block(v, i, oy + (i >> 2) * 4 * WS + (i & 3) * 4);
    }
    store(oy, y, v->ystride, x0, y0, 16);

    wf_vp8_load_edges(ou, u, v->uvstride, x0 / 2, y0 / 2, 8, 0, last);
    wf_vp8_load_edges(ov, vp, v->uvstride, x0 / 2, y0 / 2, 8, 0, last);
    wf_vp8_pred_block(ou, uvmode, 8, 3, mby > 0, mbx > 0);
    wf_vp8_pred_block(ov, uvmode, 8, 3, mby > 0, mbx > 0);
    for (i = 0; i < 4; i++) {
        int off = (i >> 1) * 4 * WS + (i & 1) * 4;
        if (nonzero & (1u << (16 + i)))
            add_block(v, 16 + i, ou + off);
        if (nonzero & (1u << (20 + i)))
            add_block(v, 20 + i, ov + off);
    }
    store(ou, u, v->uvstride, x0 / 2, y0 / 2, 8);
    store(ov, vp, v->uvstride, x0 / 2, y0 / 2, 8);
}
