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

void wf_png_pass_size(uint32_t width, uint32_t height, int pass, uint32_t *w_ret,
                      uint32_t *h_ret) {
    uint32_t xs = wf_png_adam7_xstart[pass], ys = wf_png_adam7_ystart[pass];
    uint32_t dx = wf_png_adam7_xstep[pass], dy = wf_png_adam7_ystep[pass];
    uint32_t w = width > xs ? (uint32_t)(((uint64_t)width - xs + dx - 1) / dx) : 0;
    uint32_t h = height > ys ? (uint32_t)(((uint64_t)height - ys + dy - 1) / dy) : 0;
    if (w == 0 || h == 0) w = h = 0;
    *w_ret = w;
    *h_ret = h;
}

uint64_t wf_png_row_bytes(uint32_t width, unsigned bits_per_pixel) {
    return ((uint64_t)width * bits_per_pixel + 7) / 8;
}

static inline uint8_t paeth(int a, int b, int c) {
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
#define WF_DEFINE_UNFILTER(BPP)                                                           \
    static void unfilter_avg_##BPP(uint8_t *row, const uint8_t *prev, size_t n) {         \
        unsigned a[BPP] = {0};                                                            \
        for (size_t i = 0; i + BPP <= n; i += BPP)                                        \
            WF_UNROLL for (unsigned k = 0; k < BPP; k++) {                                \
                a[k] = (row[i + k] + ((a[k] + prev[i + k]) >> 1)) & 255u;                 \
                row[i + k] = (uint8_t)a[k];                                               \
            }                                                                             \
    }                                                                                     \
    static void unfilter_paeth_##BPP(uint8_t *row, const uint8_t *prev, size_t n) {       \
        int a[BPP] = {0}, c[BPP] = {0};                                                   \
        for (size_t i = 0; i + BPP <= n; i += BPP)                                        \
            WF_UNROLL for (unsigned k = 0; k < BPP; k++) {                                \
                int b = prev[i + k];                                                      \
                a[k] = (row[i + k] + paeth(a[k], b, c[k])) & 255;                         \
                c[k] = b;                                                                 \
                row[i + k] = (uint8_t)a[k];                                               \
            }                                                                             \
    }                                                                                     \
    WF_DEFINE_UNFILTER_SUB(BPP)
#define WF_DEFINE_UNFILTER_SUB(BPP)                                                       \
    static void unfilter_sub_##BPP(uint8_t *row, size_t n) {                              \
        unsigned a[BPP] = {0};                                                            \
        for (size_t i = 0; i + BPP <= n; i += BPP)                                        \
            WF_UNROLL for (unsigned k = 0; k < BPP; k++) {                                \
                a[k] = (row[i + k] + a[k]) & 255u;                                        \
                row[i + k] = (uint8_t)a[k];                                               \
            }                                                                             \
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
/* One pixel of 3 or 4 bytes widened to 16-bit lanes. */
static inline v128_t load_px(const uint8_t *p, unsigned bpp) {
    uint32_t v = 0;
    memcpy(&v, p, bpp);
    return wasm_u16x8_extend_low_u8x16(wasm_i32x4_make((int32_t)v, 0, 0, 0));
}
static inline void store_px(uint8_t *p, v128_t x, unsigned bpp) {
    uint32_t v = (uint32_t)wasm_i32x4_extract_lane(wasm_u8x16_narrow_i16x8(x, x), 0);
    memcpy(p, &v, bpp);
}
static void unfilter_paeth_simd(uint8_t *row, const uint8_t *prev, size_t n, unsigned bpp) {
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
static void unfilter_avg_simd(uint8_t *row, const uint8_t *prev, size_t n, unsigned bpp) {
    const v128_t mask = wasm_i16x8_splat(0xff);
    v128_t a = wasm_i16x8_splat(0);
    for (size_t i = 0; i + bpp <= n; i += bpp) {
        v128_t b = load_px(prev + i, bpp), x = load_px(row + i, bpp);
        a = wasm_v128_and(wasm_i16x8_add(x, wasm_u16x8_shr(wasm_i16x8_add(a, b), 1)), mask);
        store_px(row + i, a, bpp);
    }
}
#endif

void wf_png_unfilter_row(int type, uint8_t *row, const uint8_t *prev, size_t n, unsigned bpp) {
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
        for (size_t i = 0; i < n; i++) row[i] = (uint8_t)(row[i] + prev[i]);
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
    default:
        break;
    }
}

void wf_png_filter_row(int type, const uint8_t *cur, const uint8_t *prev, uint8_t *out, size_t n,
                       unsigned bpp) {
    size_t i, k = bpp < n ? bpp : n;
    switch (type) {
    case WF_PNG_FILTER_NONE:
        memcpy(out, cur, n);
        break;
    case WF_PNG_FILTER_SUB:
        memcpy(out, cur, k);
        for (i = k; i < n; i++) out[i] = (uint8_t)(cur[i] - cur[i - bpp]);
        break;
    case WF_PNG_FILTER_UP:
        for (i = 0; i < n; i++) out[i] = (uint8_t)(cur[i] - prev[i]);
        break;
    case WF_PNG_FILTER_AVG:
        for (i = 0; i < k; i++) out[i] = (uint8_t)(cur[i] - (prev[i] >> 1));
        for (i = k; i < n; i++) out[i] = (uint8_t)(cur[i] - ((cur[i - bpp] + prev[i]) >> 1));
        break;
    default:
        for (i = 0; i < k; i++) out[i] = (uint8_t)(cur[i] - prev[i]);
        for (i = k; i < n; i++) out[i] = (uint8_t)(cur[i] - paeth(cur[i - bpp], prev[i], prev[i - bpp]));
        break;
    }
}

int wf_png_filter_row_msad(const uint8_t *cur, const uint8_t *prev, uint8_t *scratch, size_t n, unsigned bpp) {
    uint8_t *o0 = scratch, *o1 = scratch + n, *o2 = scratch + 2 * n, *o3 = scratch + 3 * n, *o4 = scratch + 4 * n;
    size_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0;
    /* the signed magnitude of a filtered byte: v for v < 128, 256 - v otherwise */
#define WF_MAG(v) ((v) < 128 ? (size_t)(v) : (size_t)(256u - (v)))
    for (size_t i = 0; i < n; i++) {
        unsigned x = cur[i], b = prev[i];
        unsigned a = i >= bpp ? cur[i - bpp] : 0, c = i >= bpp ? prev[i - bpp] : 0;
        uint8_t v1 = (uint8_t)(x - a), v2 = (uint8_t)(x - b), v3 = (uint8_t)(x - ((a + b) >> 1));
        uint8_t v4 = (uint8_t)(x - paeth((int)a, (int)b, (int)c));
        o0[i] = (uint8_t)x;
        o1[i] = v1;
        o2[i] = v2;
        o3[i] = v3;
        o4[i] = v4;
        s0 += WF_MAG(x);
        s1 += WF_MAG(v1);
        s2 += WF_MAG(v2);
        s3 += WF_MAG(v3);
        s4 += WF_MAG(v4);
    }
#undef WF_MAG
    size_t best = s0;
    int f = 0;
    if (s1 < best) { best = s1; f = 1; }
    if (s2 < best) { best = s2; f = 2; }
    if (s3 < best) { best = s3; f = 3; }
    if (s4 < best) { f = 4; }
    return f;
}
