/* SPDX-License-Identifier: MIT
 * yuv.c: YUV 4:2:0 to RGBA the way libwebp 1.2.4 (dwebp) does it, so the
 * pixels compare exactly: BT.601 "studio swing" with 14-bit fixed-point
 * constants (Y' * 1.164, V * 1.596, U * 0.391 / V * 0.813, U * 2.018, each
 * product >> 8, then >> 6 with clipping), and chroma upsampled either by
 * pixel repetition or by libwebp's "fancy" filter: each output sample is
 * (9 * nearest + 3 * horizontal + 3 * vertical + 1 * diagonal) / 16,
 * computed in two roundings (the diagonal pair first, as libwebp does). */
#include "webp_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

static inline int mulhi(int v, int c) { return (v * c) >> 8; }

static inline uint8_t clip8(int v) { return (v & ~16383) == 0 ? (uint8_t)(v >> 6) : v < 0 ? 0 : 255; }

static inline void put(int y, int u, int v, uint8_t *o)
{
    int yy = mulhi(y, 19077);
    o[0] = clip8(yy + mulhi(v, 26149) - 14234);
    o[1] = clip8(yy - mulhi(u, 6419) - mulhi(v, 13320) + 8708);
    o[2] = clip8(yy + mulhi(u, 33050) - 17685);
    o[3] = 255;
}

#ifdef WF_SIMD
/* ---- 16 pixels at once (WF_SIMD): the same integer formula in unsigned
 * 16-bit lanes. (v * c) >> 8 is taken from the 32-bit products (bytes 1-2
 * of each: every product is below 2^24); the sums are ordered so that no
 * lane overflows (y + v <= 45047 and y + u <= 51923 fit in 16 unsigned
 * bits), and the subtractions saturate at 0, which is what clip8 gives for
 * a negative value; >> 6 then leaves at most 534, which the final narrowing
 * saturates to 255 as clip8 does. */

static inline v128_t mulhi8(v128_t v, uint16_t c)
{
    v128_t k = wasm_u16x8_splat(c);
    v128_t lo = wasm_u32x4_extmul_low_u16x8(v, k), hi = wasm_u32x4_extmul_high_u16x8(v, k);
    return wasm_i8x16_shuffle(lo, hi, 1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22, 25, 26, 29, 30);
}

/* 8 pixels: y, u, v in 16-bit lanes (0-255); r, g, b in 16-bit lanes (0-534) */
static inline void rgb8(v128_t y, v128_t u, v128_t v, v128_t *r, v128_t *g, v128_t *b)
{
    v128_t yy = mulhi8(y, 19077);
    *r = wasm_u16x8_shr(wasm_u16x8_sub_sat(wasm_i16x8_add(yy, mulhi8(v, 26149)), wasm_u16x8_splat(14234)), 6);
    *g = wasm_u16x8_shr(
        wasm_u16x8_sub_sat(wasm_u16x8_sub_sat(wasm_i16x8_add(yy, wasm_u16x8_splat(8708)), mulhi8(u, 6419)),
                           mulhi8(v, 13320)),
        6);
    *b = wasm_u16x8_shr(wasm_u16x8_sub_sat(wasm_i16x8_add(yy, mulhi8(u, 33050)), wasm_u16x8_splat(17685)), 6);
}

/* 16 pixels from 16 bytes of y and 16 chroma samples (two halves of 16-bit lanes) to RGBA at o */
static inline void put16(const uint8_t *y, v128_t ulo, v128_t uhi, v128_t vlo, v128_t vhi, uint8_t *o)
{
    v128_t ys = wasm_v128_load(y), r0, g0, b0, r1, g1, b1, r, g, b, a = wasm_i8x16_splat(-1), rg, ba;
    rgb8(wasm_u16x8_extend_low_u8x16(ys), ulo, vlo, &r0, &g0, &b0);
    rgb8(wasm_u16x8_extend_high_u8x16(ys), uhi, vhi, &r1, &g1, &b1);
    r = wasm_u8x16_narrow_i16x8(r0, r1);
    g = wasm_u8x16_narrow_i16x8(g0, g1);
    b = wasm_u8x16_narrow_i16x8(b0, b1);
    rg = wasm_i8x16_shuffle(r, g, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    ba = wasm_i8x16_shuffle(b, a, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    wasm_v128_store(o, wasm_i16x8_shuffle(rg, ba, 0, 8, 1, 9, 2, 10, 3, 11));
    wasm_v128_store(o + 16, wasm_i16x8_shuffle(rg, ba, 4, 12, 5, 13, 6, 14, 7, 15));
    rg = wasm_i8x16_shuffle(r, g, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    ba = wasm_i8x16_shuffle(b, a, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    wasm_v128_store(o + 32, wasm_i16x8_shuffle(rg, ba, 0, 8, 1, 9, 2, 10, 3, 11));
    wasm_v128_store(o + 48, wasm_i16x8_shuffle(rg, ba, 4, 12, 5, 13, 6, 14, 7, 15));
}

/* Fancy upsampling of one chroma plane for chroma columns x..x+7 (pixels
 * 2x-1 .. 2x+14): the top row's samples in t0 and t1, the bottom row's in
 * b0 and b1 (pixel order, two halves). */
static inline void fancy8(const uint8_t *tp, const uint8_t *cp, v128_t *t0, v128_t *t1, v128_t *b0, v128_t *b1)
{
    v128_t tl = wasm_u16x8_load8x8(tp - 1), t = wasm_u16x8_load8x8(tp);
    v128_t l = wasm_u16x8_load8x8(cp - 1), c = wasm_u16x8_load8x8(cp);
    v128_t a = wasm_i16x8_add(wasm_i16x8_add(wasm_i16x8_add(tl, t), wasm_i16x8_add(l, c)), wasm_i16x8_splat(8));
    v128_t m12 = wasm_u16x8_shr(wasm_i16x8_add(a, wasm_i16x8_shl(wasm_i16x8_add(t, l), 1)), 3);
    v128_t m03 = wasm_u16x8_shr(wasm_i16x8_add(a, wasm_i16x8_shl(wasm_i16x8_add(tl, c), 1)), 3);
    v128_t ta = wasm_u16x8_shr(wasm_i16x8_add(m12, tl), 1), tb = wasm_u16x8_shr(wasm_i16x8_add(m03, t), 1);
    v128_t ba = wasm_u16x8_shr(wasm_i16x8_add(m03, l), 1), bb = wasm_u16x8_shr(wasm_i16x8_add(m12, c), 1);
    *t0 = wasm_i16x8_shuffle(ta, tb, 0, 8, 1, 9, 2, 10, 3, 11);
    *t1 = wasm_i16x8_shuffle(ta, tb, 4, 12, 5, 13, 6, 14, 7, 15);
    *b0 = wasm_i16x8_shuffle(ba, bb, 0, 8, 1, 9, 2, 10, 3, 11);
    *b1 = wasm_i16x8_shuffle(ba, bb, 4, 12, 5, 13, 6, 14, 7, 15);
}
#endif

static void row_nofancy(const uint8_t *y, const uint8_t *u, const uint8_t *v, uint8_t *o, uint32_t w)
{
    uint32_t x = 0;
#ifdef WF_SIMD
    for (; x + 16 <= w; x += 16) {
        v128_t us = wasm_u16x8_load8x8(u + (x >> 1)), vs = wasm_u16x8_load8x8(v + (x >> 1));
        put16(y + x, wasm_i16x8_shuffle(us, us, 0, 0, 1, 1, 2, 2, 3, 3),
              wasm_i16x8_shuffle(us, us, 4, 4, 5, 5, 6, 6, 7, 7), wasm_i16x8_shuffle(vs, vs, 0, 0, 1, 1, 2, 2, 3, 3),
              wasm_i16x8_shuffle(vs, vs, 4, 4, 5, 5, 6, 6, 7, 7), o + 4 * x);
    }
#endif
    for (; x < w; x++)
        put(y[x], u[x >> 1], v[x >> 1], o + 4 * x);
}

/* One output row pair around the line between chroma rows t (top) and c
 * (current): the top row (ty, into td) takes 3/4 of t, the bottom row (by,
 * into bd; NULL for a single row) 3/4 of c. For each new chroma column the
 * two diagonal mixes are computed once and shared by the four pixels. */
static void pair_fancy(const uint8_t *ty, const uint8_t *by, const uint8_t *tu, const uint8_t *tv, const uint8_t *cu,
                       const uint8_t *cv, uint8_t *td, uint8_t *bd, uint32_t w)
{
    uint32_t x, last = (w - 1) >> 1;
    int tlu = tu[0], lu = cu[0], tlv = tv[0], lv = cv[0];
    put(ty[0], (3 * tlu + lu + 2) >> 2, (3 * tlv + lv + 2) >> 2, td);
    if (by)
        put(by[0], (3 * lu + tlu + 2) >> 2, (3 * lv + tlv + 2) >> 2, bd);
    x = 1;
#ifdef WF_SIMD
    for (; x + 7 <= last; x += 8) {
        v128_t ut0, ut1, ub0, ub1, vt0, vt1, vb0, vb1;
        fancy8(tu + x, cu + x, &ut0, &ut1, &ub0, &ub1);
        fancy8(tv + x, cv + x, &vt0, &vt1, &vb0, &vb1);
        put16(ty + 2 * x - 1, ut0, ut1, vt0, vt1, td + 8 * x - 4);
        if (by)
            put16(by + 2 * x - 1, ub0, ub1, vb0, vb1, bd + 8 * x - 4);
    }
    if (x > 1) {
        tlu = tu[x - 1];
        lu = cu[x - 1];
        tlv = tv[x - 1];
        lv = cv[x - 1];
    }
#endif
    for (; x <= last; x++) {
        int tu1 = tu[x], cu1 = cu[x], tv1 = tv[x], cv1 = cv[x];
        int au = tlu + tu1 + lu + cu1 + 8, av = tlv + tv1 + lv + cv1 + 8;
        int u12 = (au + 2 * (tu1 + lu)) >> 3, u03 = (au + 2 * (tlu + cu1)) >> 3;
        int v12 = (av + 2 * (tv1 + lv)) >> 3, v03 = (av + 2 * (tlv + cv1)) >> 3;
        put(ty[2 * x - 1], (u12 + tlu) >> 1, (v12 + tlv) >> 1, td + 8 * x - 4);
        put(ty[2 * x], (u03 + tu1) >> 1, (v03 + tv1) >> 1, td + 8 * x);
        if (by) {
            put(by[2 * x - 1], (u03 + lu) >> 1, (v03 + lv) >> 1, bd + 8 * x - 4);
            put(by[2 * x], (u12 + cu1) >> 1, (v12 + cv1) >> 1, bd + 8 * x);
        }
        tlu = tu1;
        lu = cu1;
        tlv = tv1;
        lv = cv1;
    }
    if (!(w & 1)) {
        put(ty[w - 1], (3 * tlu + lu + 2) >> 2, (3 * tlv + lv + 2) >> 2, td + 4 * (w - 1));
        if (by)
            put(by[w - 1], (3 * lu + tlu + 2) >> 2, (3 * lv + tlv + 2) >> 2, bd + 4 * (w - 1));
    }
}

void wf_webp_yuv_to_rgba(const uint8_t *y, size_t ys, const uint8_t *u, const uint8_t *v, size_t uvs, uint32_t w,
                         uint32_t h, uint8_t *rgba, size_t stride, int fancy)
{
    uint32_t row;
    if (!fancy) {
        for (row = 0; row < h; row++)
            row_nofancy(y + row * ys, u + (row >> 1) * uvs, v + (row >> 1) * uvs, rgba + row * stride, w);
        return;
    }
    /* row 0 on its own, then pairs (1,2), (3,4), ... between chroma rows
     * k-1 and k, and the last row alone when h is even */
    pair_fancy(y, 0, u, v, u, v, rgba, 0, w);
    for (row = 1; row + 1 < h; row += 2) {
        size_t k = (row + 1) >> 1;
        pair_fancy(y + row * ys, y + (row + 1) * ys, u + (k - 1) * uvs, v + (k - 1) * uvs, u + k * uvs, v + k * uvs,
                   rgba + row * stride, rgba + (row + 1) * stride, w);
    }
    if (!(h & 1) && h > 1) {
        size_t k = (h >> 1) - 1;
        pair_fancy(y + (h - 1) * ys, 0, u + k * uvs, v + k * uvs, u + k * uvs, v + k * uvs, rgba + (h - 1) * stride, 0,
                   w);
    }
}
