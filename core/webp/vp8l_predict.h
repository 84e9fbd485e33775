/* SPDX-License-Identifier: MIT
 *
 * vp8l_predict.h: the 14 predictors of the VP8L predictor transform (RFC 9649
 * section 4.1), shared by the decoder (vp8l.c) and the encoder
 * (enc_transforms.c) so that both do exactly the same arithmetic. Private to
 * the WebP core. vp8l_predict(mode, p, w) predicts the pixel at p in an
 * image w pixels wide, for a pixel with a left and a top neighbour (the
 * border rules are the caller's).
 */
#ifndef WF_VP8L_PREDICT_H
#define WF_VP8L_PREDICT_H
#include <stddef.h>
#include <stdint.h>
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

/* The 2-D distance codes of RFC 9649 section 5.2.2: code c (1..120) is (dx, dy) = [c - 1]; in vp8l.c. */
extern const int8_t wf_vp8l_distance_map[120][2];

static inline uint32_t average2(uint32_t a, uint32_t b) { return (((a ^ b) & 0xfefefefeu) >> 1) + (a & b); }

static inline int clip255(int v) { return v < 0 ? 0 : v > 255 ? 255 : v; }

/* The SIMD build computes the three byte-wise predictors of one pixel in
 * 16-bit lanes (the same values: the narrowing saturates as clip255, the
 * half difference rounds toward zero as C's division). */
static inline uint32_t clamp_add_sub_full(uint32_t a, uint32_t b, uint32_t c)
{
#ifdef WF_SIMD
    v128_t v = wasm_i32x4_make((int32_t)a, (int32_t)b, (int32_t)c, 0);
    v128_t lo = wasm_u16x8_extend_low_u8x16(v), hi = wasm_u16x8_extend_high_u8x16(v);
    v128_t r = wasm_i16x8_sub(wasm_i16x8_add(lo, wasm_i64x2_shuffle(lo, lo, 1, 1)), hi);
    return (uint32_t)wasm_i32x4_extract_lane(wasm_u8x16_narrow_i16x8(r, r), 0);
#else
    uint32_t r = 0;
    int s;
    for (s = 0; s < 32; s += 8) {
        int v = (int)((a >> s) & 0xff) + (int)((b >> s) & 0xff) - (int)((c >> s) & 0xff);
        r |= (uint32_t)clip255(v) << s;
    }
    return r;
#endif
}

static inline uint32_t clamp_add_sub_half(uint32_t a, uint32_t b)
{
#ifdef WF_SIMD
    v128_t v = wasm_u16x8_extend_low_u8x16(wasm_i32x4_make((int32_t)a, (int32_t)b, 0, 0));
    v128_t d = wasm_i16x8_sub(v, wasm_i64x2_shuffle(v, v, 1, 1));
    v128_t r = wasm_i16x8_add(v, wasm_i16x8_shr(wasm_i16x8_add(d, wasm_u16x8_shr(d, 15)), 1));
    return (uint32_t)wasm_i32x4_extract_lane(wasm_u8x16_narrow_i16x8(r, r), 0);
#else
    uint32_t r = 0;
    int s;
    for (s = 0; s < 32; s += 8) {
        int x = (int)((a >> s) & 0xff), y = (int)((b >> s) & 0xff);
        r |= (uint32_t)clip255(x + (x - y) / 2) << s;
    }
    return r;
#endif
}

static inline int sub_abs(uint32_t a, uint32_t b)
{
    int s, sum = 0;
    for (s = 0; s < 32; s += 8) {
        int v = (int)((a >> s) & 0xff) - (int)((b >> s) & 0xff);
        sum += v < 0 ? -v : v;
    }
    return sum;
}

static inline uint32_t select_pred(uint32_t l, uint32_t t, uint32_t tl)
{
#ifdef WF_SIMD
    /* lane 0: |t - tl| summed over the bytes (pl), lane 1: |l - tl| (pt) */
    v128_t v = wasm_i32x4_make((int32_t)t, (int32_t)l, 0, 0), c = wasm_i32x4_splat((int32_t)tl);
    v128_t d = wasm_v128_or(wasm_u8x16_sub_sat(v, c), wasm_u8x16_sub_sat(c, v));
    v128_t sum = wasm_i32x4_extadd_pairwise_i16x8(wasm_u16x8_extadd_pairwise_u8x16(d));
    return wasm_i32x4_extract_lane(sum, 0) < wasm_i32x4_extract_lane(sum, 1) ? l : t;
#else
    int pl = sub_abs(t, tl); /* distance of the estimate to L */
    int pt = sub_abs(l, tl); /* distance of the estimate to T */
    return pl < pt ? l : t;
#endif
}

static inline uint32_t vp8l_predict(int mode, const uint32_t *p, uint32_t w)
{
    uint32_t l = p[-1], t = p[-(ptrdiff_t)w], tl = p[-(ptrdiff_t)w - 1], tr = p[-(ptrdiff_t)w + 1];
    switch (mode) {
    case 1: return l;
    case 2: return t;
    case 3: return tr;
    case 4: return tl;
    case 5: return average2(average2(l, tr), t);
    case 6: return average2(l, tl);
    case 7: return average2(l, t);
    case 8: return average2(tl, t);
    case 9: return average2(t, tr);
    case 10: return average2(average2(l, tl), average2(t, tr));
    case 11: return select_pred(l, t, tl);
    case 12: return clamp_add_sub_full(l, t, tl);
    case 13: return clamp_add_sub_half(average2(l, t), tl);
    default: return 0xff000000u;
    }
}

#endif
