/* SPDX-License-Identifier: MIT
 *
 * encode_color.c: from caller pixels to the sample strips of one MCU row.
 *
 * - RGB -> YCbCr (JFIF): Y = 0.299 R + 0.587 G + 0.114 B,
 *   Cb = -0.16874 R - 0.33126 G + 0.5 B + 128, Cr = 0.5 R - 0.41869 G - 0.08131 B + 128,
 *   in 16-bit fixed point (constants round(c * 65536)); Y rounds half up, Cb/Cr
 *   add 0.5 - 2^-16 before truncating (libjpeg's arithmetic, so 255 stays 255).
 * - Edges: columns past the width repeat the last column, rows past the height
 *   repeat the last row, up to whole MCUs.
 * - Chroma downsampling by 2 (horizontally, or both ways) averages the 2 or 4
 *   samples with a rounding bias alternating 0,1 (2 samples) or 1,2 (4 samples)
 *   along the row, so that rounding errors do not accumulate in one direction.
 */
#include <string.h>
#include "encode_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

#define FIX_Y_R 19595  /* 0.29900 */
#define FIX_Y_G 38470  /* 0.58700 */
#define FIX_Y_B 7471   /* 0.11400 */
#define FIX_CB_R 11059 /* 0.16874 */
#define FIX_CB_G 21709 /* 0.33126 */
#define FIX_HALF 32768 /* 0.50000 */
#define FIX_CR_G 27439 /* 0.41869 */
#define FIX_CR_B 5329  /* 0.08131 */
#define ONE_HALF (1 << 15)
#define CBCR_OFFSET (128 << 16)

static inline void convert_row_ycc(const uint8_t *src, int bpp, uint32_t n, uint8_t *y, uint8_t *cb, uint8_t *cr)
{
    for (uint32_t x = 0; x < n; x++) {
        int32_t r = src[x * bpp], g = src[x * bpp + 1], b = src[x * bpp + 2];
        y[x] = (uint8_t)((FIX_Y_R * r + FIX_Y_G * g + FIX_Y_B * b + ONE_HALF) >> 16);
        cb[x] = (uint8_t)((-FIX_CB_R * r - FIX_CB_G * g + FIX_HALF * b + CBCR_OFFSET + ONE_HALF - 1) >> 16);
        cr[x] = (uint8_t)((FIX_HALF * r - FIX_CR_G * g - FIX_CR_B * b + CBCR_OFFSET + ONE_HALF - 1) >> 16);
    }
}

#ifdef WF_SIMD
/* 8 pixels (u16 lanes) -> 8 output bytes in the low half of a vector.
 * u32 arithmetic wraps, but every final value is in [0, 2^24). */
static inline v128_t ycc_channel(v128_t r, v128_t g, v128_t b, uint32_t kr, uint32_t kg, uint32_t kb, uint32_t add,
                                 int neg_r, int neg_g, int neg_b)
{
    v128_t vr = wasm_u16x8_splat((uint16_t)kr), vg = wasm_u16x8_splat((uint16_t)kg);
    v128_t vb = wasm_u16x8_splat((uint16_t)kb), va = wasm_i32x4_splat((int32_t)add);
    v128_t lo = va, hi = va;
    v128_t pr_lo = wasm_u32x4_extmul_low_u16x8(r, vr), pr_hi = wasm_u32x4_extmul_high_u16x8(r, vr);
    v128_t pg_lo = wasm_u32x4_extmul_low_u16x8(g, vg), pg_hi = wasm_u32x4_extmul_high_u16x8(g, vg);
    v128_t pb_lo = wasm_u32x4_extmul_low_u16x8(b, vb), pb_hi = wasm_u32x4_extmul_high_u16x8(b, vb);
    lo = neg_r ? wasm_i32x4_sub(lo, pr_lo) : wasm_i32x4_add(lo, pr_lo);
    hi = neg_r ? wasm_i32x4_sub(hi, pr_hi) : wasm_i32x4_add(hi, pr_hi);
    lo = neg_g ? wasm_i32x4_sub(lo, pg_lo) : wasm_i32x4_add(lo, pg_lo);
    hi = neg_g ? wasm_i32x4_sub(hi, pg_hi) : wasm_i32x4_add(hi, pg_hi);
    lo = neg_b ? wasm_i32x4_sub(lo, pb_lo) : wasm_i32x4_add(lo, pb_lo);
    hi = neg_b ? wasm_i32x4_sub(hi, pb_hi) : wasm_i32x4_add(hi, pb_hi);
    return wasm_u16x8_narrow_i32x4(wasm_u32x4_shr(lo, 16), wasm_u32x4_shr(hi, 16));
}

static inline void ycc16(v128_t r8, v128_t g8, v128_t b8, uint8_t *y, uint8_t *cb, uint8_t *cr)
{
    v128_t r0 = wasm_u16x8_extend_low_u8x16(r8), r1 = wasm_u16x8_extend_high_u8x16(r8);
    v128_t g0 = wasm_u16x8_extend_low_u8x16(g8), g1 = wasm_u16x8_extend_high_u8x16(g8);
    v128_t b0 = wasm_u16x8_extend_low_u8x16(b8), b1 = wasm_u16x8_extend_high_u8x16(b8);
    const uint32_t cadd = CBCR_OFFSET + ONE_HALF - 1;
    wasm_v128_store(y, wasm_u8x16_narrow_i16x8(ycc_channel(r0, g0, b0, FIX_Y_R, FIX_Y_G, FIX_Y_B, ONE_HALF, 0, 0, 0),
                                               ycc_channel(r1, g1, b1, FIX_Y_R, FIX_Y_G, FIX_Y_B, ONE_HALF, 0, 0, 0)));
    wasm_v128_store(cb, wasm_u8x16_narrow_i16x8(ycc_channel(r0, g0, b0, FIX_CB_R, FIX_CB_G, FIX_HALF, cadd, 1, 1, 0),
                                                ycc_channel(r1, g1, b1, FIX_CB_R, FIX_CB_G, FIX_HALF, cadd, 1, 1, 0)));
    wasm_v128_store(cr, wasm_u8x16_narrow_i16x8(ycc_channel(r0, g0, b0, FIX_HALF, FIX_CR_G, FIX_CR_B, cadd, 0, 1, 1),
                                                ycc_channel(r1, g1, b1, FIX_HALF, FIX_CR_G, FIX_CR_B, cadd, 0, 1, 1)));
}

/* Splits 16 RGBA pixels at s into their R, G and B bytes (16 lanes each). */
static inline void split_rgba16(const uint8_t *s, v128_t *r, v128_t *g, v128_t *b)
{
    v128_t v0 = wasm_v128_load(s), v1 = wasm_v128_load(s + 16);
    v128_t v2 = wasm_v128_load(s + 32), v3 = wasm_v128_load(s + 48);
    v128_t rg01 = wasm_i8x16_shuffle(v0, v1, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
    v128_t rg23 = wasm_i8x16_shuffle(v2, v3, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
    v128_t b01 = wasm_i8x16_shuffle(v0, v1, 2, 6, 10, 14, 18, 22, 26, 30, 2, 6, 10, 14, 18, 22, 26, 30);
    v128_t b23 = wasm_i8x16_shuffle(v2, v3, 2, 6, 10, 14, 18, 22, 26, 30, 2, 6, 10, 14, 18, 22, 26, 30);
    *r = wasm_i8x16_shuffle(rg01, rg23, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
    *g = wasm_i8x16_shuffle(rg01, rg23, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
    *b = wasm_i8x16_shuffle(b01, b23, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
}
#endif

/* Specialised copies so the compiler sees a constant pixel size. The output
 * rows have room for at least 16 more samples than n (strips are padded). */
static void convert_row_rgba(const uint8_t *src, uint32_t n, uint8_t *y, uint8_t *cb, uint8_t *cr)
{
    uint32_t x = 0;
#ifdef WF_SIMD
    for (; x + 16 <= n; x += 16) {
        v128_t r, g, b;
        split_rgba16(src + x * 4, &r, &g, &b);
        ycc16(r, g, b, y + x, cb + x, cr + x);
    }
#endif
    convert_row_ycc(src + x * 4, 4, n - x, y + x, cb + x, cr + x);
}

static void convert_row_rgb(const uint8_t *src, uint32_t n, uint8_t *y, uint8_t *cb, uint8_t *cr)
{
    uint32_t x = 0;
#ifdef WF_SIMD
    for (; x + 16 <= n; x += 16) {
        const uint8_t *s = src + x * 3;
        v128_t v0 = wasm_v128_load(s), v1 = wasm_v128_load(s + 16), v2 = wasm_v128_load(s + 32);
        /* bytes 0..47: R at 3i, G at 3i+1, B at 3i+2 */
        v128_t r01 = wasm_i8x16_shuffle(v0, v1, 0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 0, 0, 0, 0, 0);
        v128_t g01 = wasm_i8x16_shuffle(v0, v1, 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 0, 0, 0, 0, 0);
        v128_t b01 = wasm_i8x16_shuffle(v0, v1, 2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 0, 0, 0, 0, 0, 0);
        v128_t r = wasm_i8x16_shuffle(r01, v2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 20, 23, 26, 29);
        v128_t g = wasm_i8x16_shuffle(g01, v2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 18, 21, 24, 27, 30);
        v128_t b = wasm_i8x16_shuffle(b01, v2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 19, 22, 25, 28, 31);
        ycc16(r, g, b, y + x, cb + x, cr + x);
    }
#endif
    convert_row_ycc(src + x * 3, 3, n - x, y + x, cb + x, cr + x);
}

static void convert_row_grey(const uint8_t *src, int bpp, uint32_t n, uint8_t *y)
{
    if (bpp == 1) {
        memcpy(y, src, n);
        return;
    }
    uint32_t x = 0;
#ifdef WF_SIMD
    if (bpp == 4) {
        for (; x + 16 <= n; x += 16) {
            v128_t r8, g8, b8;
            split_rgba16(src + x * 4, &r8, &g8, &b8);
            v128_t lo = ycc_channel(wasm_u16x8_extend_low_u8x16(r8), wasm_u16x8_extend_low_u8x16(g8),
                                    wasm_u16x8_extend_low_u8x16(b8), FIX_Y_R, FIX_Y_G, FIX_Y_B, ONE_HALF, 0, 0, 0);
            v128_t hi = ycc_channel(wasm_u16x8_extend_high_u8x16(r8), wasm_u16x8_extend_high_u8x16(g8),
                                    wasm_u16x8_extend_high_u8x16(b8), FIX_Y_R, FIX_Y_G, FIX_Y_B, ONE_HALF, 0, 0, 0);
            wasm_v128_store(y + x, wasm_u8x16_narrow_i16x8(lo, hi));
        }
    }
#endif
    for (; x < n; x++) {
        int32_t r = src[x * bpp], g = src[x * bpp + 1], b = src[x * bpp + 2];
        y[x] = (uint8_t)((FIX_Y_R * r + FIX_Y_G * g + FIX_Y_B * b + ONE_HALF) >> 16);
    }
}

static void pad_row(uint8_t *row, uint32_t n, uint32_t total)
{
    if (n < total)
        memset(row + n, row[n - 1], total - n);
}

static void down_h2v1(const uint8_t *in, uint8_t *out, uint32_t n_out)
{
    uint32_t x = 0;
#ifdef WF_SIMD
    const v128_t bias = wasm_i16x8_make(0, 1, 0, 1, 0, 1, 0, 1);
    for (; x + 8 <= n_out; x += 8) {
        v128_t s = wasm_u16x8_extadd_pairwise_u8x16(wasm_v128_load(in + 2 * x));
        v128_t o = wasm_u16x8_shr(wasm_i16x8_add(s, bias), 1);
        wasm_v128_store64_lane(out + x, wasm_u8x16_narrow_i16x8(o, o), 0);
    }
#endif
    for (; x < n_out; x++)
        out[x] = (uint8_t)((in[2 * x] + in[2 * x + 1] + (x & 1)) >> 1);
}

static void down_h2v2(const uint8_t *in0, const uint8_t *in1, uint8_t *out, uint32_t n_out)
{
    uint32_t x = 0;
#ifdef WF_SIMD
    const v128_t bias = wasm_i16x8_make(1, 2, 1, 2, 1, 2, 1, 2);
    for (; x + 8 <= n_out; x += 8) {
        v128_t s = wasm_i16x8_add(wasm_u16x8_extadd_pairwise_u8x16(wasm_v128_load(in0 + 2 * x)),
                                  wasm_u16x8_extadd_pairwise_u8x16(wasm_v128_load(in1 + 2 * x)));
        v128_t o = wasm_u16x8_shr(wasm_i16x8_add(s, bias), 2);
        wasm_v128_store64_lane(out + x, wasm_u8x16_narrow_i16x8(o, o), 0);
    }
#endif
    for (; x < n_out; x++)
        out[x] = (uint8_t)((in0[2 * x] + in0[2 * x + 1] + in1[2 * x] + in1[2 * x + 1] + 1 + (x & 1)) >> 2);
}

void wf_jpeg_enc_prepare_strip(wf_jpeg_encoder *e, const uint8_t *pixels, uint32_t stride, int input_format,
                               uint32_t mcu_row)
{
    const uint32_t sh = 8u * (uint32_t)e->vmax;
    const uint32_t y0 = mcu_row * sh;
    const uint32_t w = e->width;
    const int bpp = input_format == WF_JPEG_ENCODE_RGBA8 ? 4 : input_format == WF_JPEG_ENCODE_RGB8 ? 3 : 1;
    uint32_t nreal = e->height - y0;
    if (nreal > sh)
        nreal = sh;

    if (e->ncomp == 1) {
        wf_jpeg_enc_comp *c = &e->comp[0];
        uint32_t pw = c->bw * 8;
        for (uint32_t r = 0; r < nreal; r++) {
            uint8_t *dst = c->plane + r * c->plane_stride;
            convert_row_grey(pixels + (size_t)(y0 + r) * stride, bpp, w, dst);
            pad_row(dst, w, pw);
        }
        for (uint32_t r = nreal; r < sh; r++)
            memcpy(c->plane + r * c->plane_stride, c->plane + (nreal - 1) * c->plane_stride, pw);
        return;
    }

    /* Three components: full-resolution Y, Cb, Cr strips (Y is comp 0's plane;
     * Cb/Cr are the comp planes themselves for 4:4:4). */
    const size_t fs = e->full_stride;
    const uint32_t pw = (uint32_t)fs;
    uint8_t *fy = e->comp[0].plane, *fcb = e->full_cb, *fcr = e->full_cr;
    for (uint32_t r = 0; r < nreal; r++) {
        const uint8_t *src = pixels + (size_t)(y0 + r) * stride;
        uint8_t *ry = fy + r * fs, *rcb = fcb + r * fs, *rcr = fcr + r * fs;
        if (bpp == 4)
            convert_row_rgba(src, w, ry, rcb, rcr);
        else
            convert_row_rgb(src, w, ry, rcb, rcr);
        pad_row(ry, w, pw);
        pad_row(rcb, w, pw);
        pad_row(rcr, w, pw);
    }
    for (uint32_t r = nreal; r < sh; r++) {
        memcpy(fy + r * fs, fy + (nreal - 1) * fs, pw);
        memcpy(fcb + r * fs, fcb + (nreal - 1) * fs, pw);
        memcpy(fcr + r * fs, fcr + (nreal - 1) * fs, pw);
    }
    if (e->hmax == 1)
        return; /* 4:4:4: full_cb/full_cr are the comp planes */
    for (int ci = 1; ci < 3; ci++) {
        wf_jpeg_enc_comp *c = &e->comp[ci];
        const uint8_t *full = ci == 1 ? fcb : fcr;
        uint32_t nout = c->bw * 8;
        if (e->vmax == 1) {
            for (uint32_t r = 0; r < 8; r++)
                down_h2v1(full + r * fs, c->plane + r * c->plane_stride, nout);
        } else {
            /* Rows past the component's height repeat its last row (not the
             * average of repeated full-resolution rows): libjpeg pads after
             * downsampling, vertically. */
            uint32_t creal = (e->height + 1) / 2 - mcu_row * 8;
            if (creal > 8)
                creal = 8;
            for (uint32_t r = 0; r < creal; r++)
                down_h2v2(full + 2 * r * fs, full + (2 * r + 1) * fs, c->plane + r * c->plane_stride, nout);
            for (uint32_t r = creal; r < 8; r++)
                memcpy(c->plane + r * c->plane_stride, c->plane + (creal - 1) * c->plane_stride, nout);
        }
    }
}
