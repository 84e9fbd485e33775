/* SPDX-License-Identifier: MIT
 * adler32.c: Adler-32 (RFC 1950 section 8.2), with the modulo taken once per
 * chunk of at most NMAX bytes (the largest n for which the sums cannot
 * overflow 32 bits: 255 n (n + 1) / 2 + (n + 1) (BASE - 1) < 2^32).
 *
 * Eight bytes at a time without a per-byte dependency chain: for bytes
 * p0..p7 following sums a and b,
 *   a' = a + (p0 + ... + p7)
 *   b' = b + 8 a + (8 p0 + 7 p1 + ... + 1 p7).
 * The bytes are split into two words of four 16-bit lanes (even and odd
 * bytes). Multiplying a lane word by a constant with 16-bit lanes c0..c3
 * puts sum_i lane_i * c_(3-i) in the top lane (bits 48-63): every partial
 * sum stays below 2^16, so no carry crosses a lane. That gives both the
 * plain sum (c = 1, 1, 1, 1) and the weighted sum in one multiply each.
 * Under WF_SIMD (Wasm SIMD128) 32 bytes go per step with the same algebra.
 * All paths give identical results. */
#include "wf/deflate.h"
#include "load_le.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

#define ADLER_BASE 65521u
#define ADLER_NMAX 5552u /* a multiple of 16 (and 8) */

#define LANES16 0x00FF00FF00FF00FFull
#define ONES16 0x0001000100010001ull
/* Weights of the even bytes p0, p2, p4, p6 (8, 6, 4, 2) and of the odd
 * bytes p1, p3, p5, p7 (7, 5, 3, 1), lane 3 first. */
#define W_EVEN 0x0008000600040002ull
#define W_ODD 0x0007000500030001ull

/* Sums n bytes (n a multiple of 8) into *a, *b without reducing them. */
static inline void sum8(uint32_t *pa, uint32_t *pb, const uint8_t *p, size_t n)
{
    uint32_t a = *pa, b = *pb;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t x = wf_load64le(p);
        uint64_t even = x & LANES16, odd = (x >> 8) & LANES16;
        uint32_t s = (uint32_t)(((even + odd) * ONES16) >> 48);
        uint32_t w = (uint32_t)((even * W_EVEN + odd * W_ODD) >> 48);
        b += (a << 3) + w;
        a += s;
    }
    *pa = a;
    *pb = b;
}

#ifdef WF_SIMD
/* 32 bytes per step in four u32x4 accumulators: va sums bytes per lane,
 * vb collects the weighted sums, vs the running a at each step start. */
static inline void sum32_simd(uint32_t *pa, uint32_t *pb, const uint8_t *p, size_t n)
{
    const v128_t w_hi = wasm_i16x8_make(32, 31, 30, 29, 28, 27, 26, 25);
    const v128_t w_lo = wasm_i16x8_make(24, 23, 22, 21, 20, 19, 18, 17);
    const v128_t w_hi2 = wasm_i16x8_make(16, 15, 14, 13, 12, 11, 10, 9);
    const v128_t w_lo2 = wasm_i16x8_make(8, 7, 6, 5, 4, 3, 2, 1);
    v128_t va = wasm_i32x4_splat(0), vb = wasm_i32x4_splat(0), vs = wasm_i32x4_splat(0);
    size_t steps = n / 32;
    for (size_t i = 0; i < steps; i++, p += 32) {
        v128_t x = wasm_v128_load(p), y = wasm_v128_load(p + 16);
        vs = wasm_i32x4_add(vs, va);
        v128_t x0 = wasm_u16x8_extend_low_u8x16(x), x1 = wasm_u16x8_extend_high_u8x16(x);
        v128_t y0 = wasm_u16x8_extend_low_u8x16(y), y1 = wasm_u16x8_extend_high_u8x16(y);
        va = wasm_i32x4_add(
            va, wasm_u32x4_extadd_pairwise_u16x8(wasm_i16x8_add(wasm_i16x8_add(x0, x1), wasm_i16x8_add(y0, y1))));
        vb = wasm_i32x4_add(
            vb, wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_dot_i16x8(x0, w_hi), wasm_i32x4_dot_i16x8(x1, w_lo)),
                               wasm_i32x4_add(wasm_i32x4_dot_i16x8(y0, w_hi2), wasm_i32x4_dot_i16x8(y1, w_lo2))));
    }
    uint32_t sa = 0, sb = 0, ss = 0;
    for (int l = 0; l < 4; l++) {
        sa += (uint32_t)wasm_i32x4_extract_lane(va, 0);
        sb += (uint32_t)wasm_i32x4_extract_lane(vb, 0);
        ss += (uint32_t)wasm_i32x4_extract_lane(vs, 0);
        va = wasm_i32x4_shuffle(va, va, 1, 2, 3, 0);
        vb = wasm_i32x4_shuffle(vb, vb, 1, 2, 3, 0);
        vs = wasm_i32x4_shuffle(vs, vs, 1, 2, 3, 0);
    }
    /* b' = b + 32 steps a + 32 (sum of a over the steps, before each) + weighted sums */
    *pb += (uint32_t)(32 * steps) * *pa + 32 * ss + sb;
    *pa += sa;
}
#endif

uint32_t wf_adler32(uint32_t adler, const uint8_t *p, size_t len)
{
    uint32_t a = adler & 0xFFFF, b = adler >> 16;
    while (len) {
        size_t n = len < ADLER_NMAX ? len : ADLER_NMAX;
        len -= n;
#ifdef WF_SIMD
        size_t v32 = n & ~(size_t)31;
        sum32_simd(&a, &b, p, v32);
        p += v32;
        n -= v32;
#endif
        size_t v = n & ~(size_t)7;
        sum8(&a, &b, p, v);
        p += v;
        n -= v;
        while (n--) {
            a += *p++;
            b += a;
        }
        a %= ADLER_BASE;
        b %= ADLER_BASE;
    }
    return b << 16 | a;
}
