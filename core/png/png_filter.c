/* SPDX-License-Identifier: MIT
 *
 * png_filter.c: the five PNG scanline filters (PNG spec section 9), both
 * directions, and the Adam7 pass geometry. The reconstruction loops are
 * specialised per pixel size so that the per-channel work of one pixel is a
 * fixed-length loop the compiler turns into straight-line (or SIMD) code; the
 * Wasm SIMD128 build (WF_SIMD) does Paeth and Avg for 3- and 4-byte pixels
 * with 16-bit lanes. Both paths give identical results.
 */
#include <string.h>
#include "png_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

const uint8_t wf_png_adam7_xstart[7] = {0, 4, 0, 2, 0, 1, 0};
const uint8_t wf_png_adam7_ystart[7] = {0, 0, 4, 0, 2, 0, 1};
const uint8_t wf_png_adam7_xstep[7] = {8, 8, 4, 4, 2, 2, 1};
const uint8_t wf_png_adam7_ystep[7] = {8, 8, 8, 4, 4, 2, 2};

void wf_png_pass_size(uint32_t width, uint32_t height, int pass, uint32_t *w_ret, uint32_t *h_ret)
{
    uint32_t xs = wf_png_adam7_xstart[pass], ys = wf_png_adam7_ystart[pass];
    uint32_t dx = wf_png_adam7_xstep[pass], dy = wf_png_adam7_ystep[pass];
    uint32_t w = width > xs ? (uint32_t)(((uint64_t)width - xs + dx - 1) / dx) : 0;
    uint32_t h = height > ys ? (uint32_t)(((uint64_t)height - ys + dy - 1) / dy) : 0;
    if (w == 0 || h == 0)
        w = h = 0;
    *w_ret = w;
    *h_ret = h;
}

uint64_t wf_png_row_bytes(uint32_t width, unsigned bits_per_pixel)
{
    return ((uint64_t)width * bits_per_pixel + 7) / 8;
}

static inline uint8_t paeth(int a, int b, int c)
{
    int pa = b - c, pb = a - c, pc = pa + pb;
    pa = pa < 0 ? -pa : pa;
    pb = pb < 0 ? -pb : pb;
    pc = pc < 0 ? -pc : pc;
    int bc = pb <= pc ? b : c;
    return (uint8_t)((pa <= pb && pa <= pc) ? a : bc);
}

/* Reconstruction with a compile-time pixel size BPP. The left pixel (a) and
 * the upper-left pixel (c) are carried in local arrays that the compiler
 * keeps in registers, so each channel's dependency chain never goes through
 * memory; the BPP channels are independent and run in parallel. Before the
 * first pixel a = c = 0, as the spec says. n is a multiple of BPP. */
/* Full unrolling of the per-channel loop keeps a[] and c[] in registers. */
#define WF_UNROLL _Pragma("GCC unroll 8")
#define WF_DEFINE_UNFILTER(BPP)                                                   \
    static void unfilter_avg_##BPP(uint8_t *row, const uint8_t *prev, size_t n)   \
    {                                                                             \
        unsigned a[BPP] = {0};                                                    \
        for (size_t i = 0; i + BPP <= n; i += BPP)                                \
            WF_UNROLL for (unsigned k = 0; k < BPP; k++)                          \
            {                                                                     \
                a[k] = (row[i + k] + ((a[k] + prev[i + k]) >> 1)) & 255u;         \
                row[i + k] = (uint8_t)a[k];                                       \
            }                                                                     \
    }                                                                             \
    static void unfilter_paeth_##BPP(uint8_t *row, const uint8_t *prev, size_t n) \
    {                                                                             \
        int a[BPP] = {0}, c[BPP] = {0};                                           \
        for (size_t i = 0; i + BPP <= n; i += BPP)                                \
            WF_UNROLL for (unsigned k = 0; k < BPP; k++)                          \
            {                                                                     \
                int b = prev[i + k];                                              \
                a[k] = (row[i + k] + paeth(a[k], b, c[k])) & 255;                 \
                c[k] = b;                                                         \
                row[i + k] = (uint8_t)a[k];                                       \
            }                                                                     \
    }                                                                             \
    WF_DEFINE_UNFILTER_SUB(BPP)
#define WF_DEFINE_UNFILTER_SUB(BPP)                        \
    static void unfilter_sub_##BPP(uint8_t *row, size_t n) \
    {                                                      \
        unsigned a[BPP] = {0};                             \
        for (size_t i = 0; i + BPP <= n; i += BPP)         \
            WF_UNROLL for (unsigned k = 0; k < BPP; k++)   \
            {                                              \
                a[k] = (row[i + k] + a[k]) & 255u;         \
                row[i + k] = (uint8_t)a[k];                \
            }                                              \
    }

WF_DEFINE_UNFILTER(1)
WF_DEFINE_UNFILTER(2)
#ifdef WF_SIMD
WF_DEFINE_UNFILTER_SUB(3) /* Avg and Paeth: the SIMD functions below */
WF_DEFINE_UNFILTER_SUB(4)
#else
WF_DEFINE_UNFILTER(3)
WF_DEFINE_UNFILTER(4)
#endif
WF_DEFINE_UNFILTER(6)
WF_DEFINE_UNFILTER(8)

#ifdef WF_SIMD
/* The pixel size bpp (3 or 4) is a constant in each call: these functions
 * are always inlined into the switch below, and a pixel is assembled from
 * its bytes in a register (a memcpy() of 3 bytes into a word went through
 * the stack natively: a store-forwarding stall per pixel). */
#define WF_PX_INLINE static inline __attribute__((always_inline))
/* One pixel of 3 or 4 bytes widened to 16-bit lanes. */
WF_PX_INLINE v128_t load_px(const uint8_t *p, unsigned bpp)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    if (bpp == 4)
        v |= (uint32_t)p[3] << 24;
    return wasm_u16x8_extend_low_u8x16(wasm_i32x4_make((int32_t)v, 0, 0, 0));
}
WF_PX_INLINE void store_px(uint8_t *p, v128_t x, unsigned bpp)
{
    uint32_t v = (uint32_t)wasm_i32x4_extract_lane(wasm_u8x16_narrow_i16x8(x, x), 0);
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    if (bpp == 4)
        p[3] = (uint8_t)(v >> 24);
}
WF_PX_INLINE void unfilter_paeth_simd(uint8_t *row, const uint8_t *prev, size_t n, unsigned bpp)
{
    const v128_t mask = wasm_i16x8_splat(0xff);
    v128_t a = wasm_i16x8_splat(0), c = wasm_i16x8_splat(0);
    for (size_t i = 0; i + bpp <= n; i += bpp) {
        v128_t b = load_px(prev + i, bpp), x = load_px(row + i, bpp);
        v128_t pa = wasm_i16x8_sub(b, c), pb = wasm_i16x8_sub(a, c);
        v128_t pc = wasm_i16x8_abs(wasm_i16x8_add(pa, pb));
        pa = wasm_i16x8_abs(pa);
        pb = wasm_i16x8_abs(pb);
        v128_t use_a = wasm_v128_and(wasm_i16x8_le(pa, pb), wasm_i16x8_le(pa, pc));
        v128_t bc = wasm_v128_bitselect(b, c, wasm_i16x8_le(pb, pc));
        v128_t pred = wasm_v128_bitselect(a, bc, use_a);
        a = wasm_v128_and(wasm_i16x8_add(x, pred), mask);
        c = b;
        store_px(row + i, a, bpp);
    }
}
WF_PX_INLINE void unfilter_avg_simd(uint8_t *row, const uint8_t *prev, size_t n, unsigned bpp)
{
    const v128_t mask = wasm_i16x8_splat(0xff);
    v128_t a = wasm_i16x8_splat(0);
    for (size_t i = 0; i + bpp <= n; i += bpp) {
        v128_t b = load_px(prev + i, bpp), x = load_px(row + i, bpp);
        a = wasm_v128_and(wasm_i16x8_add(x, wasm_u16x8_shr(wasm_i16x8_add(a, b), 1)), mask);
        store_px(row + i, a, bpp);
    }
}
#endif

void wf_png_unfilter_row(int type, uint8_t *row, const uint8_t *prev, size_t n, unsigned bpp)
{
    switch (type) {
    case WF_PNG_FILTER_SUB:
        switch (bpp) {
        case 1: unfilter_sub_1(row, n); break;
        case 2: unfilter_sub_2(row, n); break;
        case 3: unfilter_sub_3(row, n); break;
        case 4: unfilter_sub_4(row, n); break;
        case 6: unfilter_sub_6(row, n); break;
        default: unfilter_sub_8(row, n); break;
        }
        break;
    case WF_PNG_FILTER_UP:
        for (size_t i = 0; i < n; i++)
            row[i] = (uint8_t)(row[i] + prev[i]);
        break;
    case WF_PNG_FILTER_AVG:
        switch (bpp) {
        case 1: unfilter_avg_1(row, prev, n); break;
        case 2: unfilter_avg_2(row, prev, n); break;
#ifdef WF_SIMD
        case 3: unfilter_avg_simd(row, prev, n, 3); break;
        case 4: unfilter_avg_simd(row, prev, n, 4); break;
#else
        case 3: unfilter_avg_3(row, prev, n); break;
        case 4: unfilter_avg_4(row, prev, n); break;
#endif
        case 6: unfilter_avg_6(row, prev, n); break;
        default: unfilter_avg_8(row, prev, n); break;
        }
        break;
    case WF_PNG_FILTER_PAETH:
        switch (bpp) {
        case 1: unfilter_paeth_1(row, prev, n); break;
        case 2: unfilter_paeth_2(row, prev, n); break;
#ifdef WF_SIMD
        case 3: unfilter_paeth_simd(row, prev, n, 3); break;
        case 4: unfilter_paeth_simd(row, prev, n, 4); break;
#else
        case 3: unfilter_paeth_3(row, prev, n); break;
        case 4: unfilter_paeth_4(row, prev, n); break;
#endif
        case 6: unfilter_paeth_6(row, prev, n); break;
        default: unfilter_paeth_8(row, prev, n); break;
        }
        break;
    default: break;
    }
}

#ifdef WF_SIMD
/* The four predictions of 16 bytes at once (every input is known when
 * filtering, so the lanes are independent). x: current, a: left, b: up,
 * c: upper-left; returns the filtered bytes of `type` (1..4). */
static inline v128_t avg_floor(v128_t a, v128_t b)
{
    /* avgr rounds up: subtract the carried-in half when a + b is odd */
    return wasm_i8x16_sub(wasm_u8x16_avgr(a, b), wasm_v128_and(wasm_v128_xor(a, b), wasm_i8x16_splat(1)));
}
static inline v128_t paeth_half(v128_t a, v128_t b, v128_t c)
{
    /* 16-bit lanes: returns an all-ones mask where a wins and where b wins (second in high half) */
    v128_t pa = wasm_i16x8_sub(b, c), pb = wasm_i16x8_sub(a, c);
    v128_t pc = wasm_i16x8_abs(wasm_i16x8_add(pa, pb));
    pa = wasm_i16x8_abs(pa);
    pb = wasm_i16x8_abs(pb);
    return wasm_v128_and(wasm_i16x8_le(pa, pb), wasm_i16x8_le(pa, pc));
}
static inline v128_t paeth_bmask(v128_t a, v128_t b, v128_t c)
{
    v128_t pb = wasm_i16x8_abs(wasm_i16x8_sub(a, c));
    v128_t pc = wasm_i16x8_abs(wasm_i16x8_add(wasm_i16x8_sub(b, c), wasm_i16x8_sub(a, c)));
    return wasm_i16x8_le(pb, pc);
}
static inline v128_t paeth_pred16(v128_t a, v128_t b, v128_t c)
{
    v128_t al = wasm_u16x8_extend_low_u8x16(a), ah = wasm_u16x8_extend_high_u8x16(a);
    v128_t bl = wasm_u16x8_extend_low_u8x16(b), bh = wasm_u16x8_extend_high_u8x16(b);
    v128_t cl = wasm_u16x8_extend_low_u8x16(c), ch = wasm_u16x8_extend_high_u8x16(c);
    v128_t use_a = wasm_i8x16_narrow_i16x8(paeth_half(al, bl, cl), paeth_half(ah, bh, ch));
    v128_t use_b = wasm_i8x16_narrow_i16x8(paeth_bmask(al, bl, cl), paeth_bmask(ah, bh, ch));
    return wasm_v128_bitselect(a, wasm_v128_bitselect(b, c, use_b), use_a);
}
static inline v128_t filter16(int type, v128_t x, v128_t a, v128_t b, v128_t c)
{
    switch (type) {
    case WF_PNG_FILTER_SUB: return wasm_i8x16_sub(x, a);
    case WF_PNG_FILTER_UP: return wasm_i8x16_sub(x, b);
    case WF_PNG_FILTER_AVG: return wasm_i8x16_sub(x, avg_floor(a, b));
    default: return wasm_i8x16_sub(x, paeth_pred16(a, b, c));
    }
}
/* |v| of filtered bytes read as signed, summed pairwise into 16-bit lanes. */
static inline v128_t mag_sum(v128_t v)
{
    return wasm_u16x8_extadd_pairwise_u8x16(wasm_u8x16_min(v, wasm_i8x16_neg(v)));
}
#endif

static inline uint8_t paeth_pred(unsigned a, unsigned b, unsigned c) { return paeth((int)a, (int)b, (int)c); }

/* Filtered byte i >= bpp of `type` (1..4). */
static inline uint8_t filter_byte(int type, const uint8_t *cur, const uint8_t *prev, size_t i, unsigned bpp)
{
    unsigned x = cur[i], a = cur[i - bpp], b = prev[i], c = prev[i - bpp];
    switch (type) {
    case WF_PNG_FILTER_SUB: return (uint8_t)(x - a);
    case WF_PNG_FILTER_UP: return (uint8_t)(x - b);
    case WF_PNG_FILTER_AVG: return (uint8_t)(x - ((a + b) >> 1));
    default: return (uint8_t)(x - paeth_pred(a, b, c));
    }
}

void wf_png_filter_row(int type, const uint8_t *cur, const uint8_t *prev, uint8_t *out, size_t n, unsigned bpp)
{
    size_t i, k = bpp < n ? bpp : n;
    if (type == WF_PNG_FILTER_NONE) {
        memcpy(out, cur, n);
        return;
    }
    /* the first pixel: a = c = 0 */
    for (i = 0; i < k; i++) {
        unsigned x = cur[i], b = prev[i];
        out[i] = (uint8_t)(type == WF_PNG_FILTER_SUB ? x : type == WF_PNG_FILTER_AVG ? x - (b >> 1) : x - b);
    }
#ifdef WF_SIMD
    for (; i + 16 <= n; i += 16) {
        v128_t x = wasm_v128_load(cur + i), a = wasm_v128_load(cur + i - bpp);
        v128_t b = wasm_v128_load(prev + i), c = wasm_v128_load(prev + i - bpp);
        wasm_v128_store(out + i, filter16(type, x, a, b, c));
    }
#endif
    switch (type) {
    case WF_PNG_FILTER_SUB:
        for (; i < n; i++)
            out[i] = (uint8_t)(cur[i] - cur[i - bpp]);
        break;
    case WF_PNG_FILTER_UP:
        for (; i < n; i++)
            out[i] = (uint8_t)(cur[i] - prev[i]);
        break;
    case WF_PNG_FILTER_AVG:
        for (; i < n; i++)
            out[i] = (uint8_t)(cur[i] - ((cur[i - bpp] + prev[i]) >> 1));
        break;
    default:
        for (; i < n; i++)
            out[i] = filter_byte(WF_PNG_FILTER_PAETH, cur, prev, i, bpp);
        break;
    }
}

/* the signed magnitude of a filtered byte: v for v < 128, 256 - v otherwise */
static inline unsigned mag(unsigned v) { return v < 128 ? v : 256u - v; }

int wf_png_filter_choose_msad(const uint8_t *cur, const uint8_t *prev, size_t n, unsigned bpp)
{
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
    size_t i, k = bpp < n ? bpp : n;
    for (i = 0; i < k; i++) { /* a = c = 0 */
        unsigned x = cur[i], b = prev[i];
        s0 += mag(x);
        s1 += mag(x);
        s2 += mag((x - b) & 255u);
        s3 += mag((x - (b >> 1)) & 255u);
        s4 += mag((x - b) & 255u);
    }
#ifdef WF_SIMD
    while (i + 16 <= n) {
        /* 16-bit lane sums, widened to 32 bits every 128 vectors (<= 256 per vector and lane) */
        v128_t a0 = wasm_i16x8_splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0;
        for (unsigned r = 0; r < 128 && i + 16 <= n; r++, i += 16) {
            v128_t x = wasm_v128_load(cur + i), a = wasm_v128_load(cur + i - bpp);
            v128_t b = wasm_v128_load(prev + i), c = wasm_v128_load(prev + i - bpp);
            a0 = wasm_i16x8_add(a0, mag_sum(x));
            a1 = wasm_i16x8_add(a1, mag_sum(wasm_i8x16_sub(x, a)));
            a2 = wasm_i16x8_add(a2, mag_sum(wasm_i8x16_sub(x, b)));
            a3 = wasm_i16x8_add(a3, mag_sum(wasm_i8x16_sub(x, avg_floor(a, b))));
            a4 = wasm_i16x8_add(a4, mag_sum(wasm_i8x16_sub(x, paeth_pred16(a, b, c))));
        }
        v128_t t[5] = {a0, a1, a2, a3, a4};
        uint64_t *sp[5] = {&s0, &s1, &s2, &s3, &s4};
        for (int f = 0; f < 5; f++) {
            v128_t w = wasm_u32x4_extadd_pairwise_u16x8(t[f]);
            *sp[f] += (uint32_t)wasm_i32x4_extract_lane(w, 0) + (uint32_t)wasm_i32x4_extract_lane(w, 1) +
                      (uint32_t)wasm_i32x4_extract_lane(w, 2) + (uint32_t)wasm_i32x4_extract_lane(w, 3);
        }
    }
#endif
    for (; i < n; i++) {
        unsigned x = cur[i], a = cur[i - bpp], b = prev[i], c = prev[i - bpp];
        s0 += mag(x);
        s1 += mag((x - a) & 255u);
        s2 += mag((x - b) & 255u);
        s3 += mag((x - ((a + b) >> 1)) & 255u);
        s4 += mag((x - paeth_pred(a, b, c)) & 255u);
    }
    uint64_t best = s0;
    int f = 0;
    if (s1 < best) {
        best = s1;
        f = 1;
    }
    if (s2 < best) {
        best = s2;
        f = 2;
    }
    if (s3 < best) {
        best = s3;
        f = 3;
    }
    if (s4 < best) {
        f = 4;
    }
    return f;
}
