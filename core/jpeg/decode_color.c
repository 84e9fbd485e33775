/* SPDX-License-Identifier: MIT
 *
 * decode_color.c: chroma upsampling and colour conversion to RGBA8, the
 * way libjpeg-turbo 2.1.5 does it with its default settings:
 *   - ratio 2 horizontally (h2v1) or 2x2 (h2v2): "fancy" triangular
 *     filters (3/4 nearer + 1/4 further sample, with libjpeg's alternating
 *     rounding biases), used when the component is more than 2 samples wide;
 *   - ratio 2 vertically only (h1v2): the vertical triangular filter;
 *   - any other integer ratio: sample replication;
 *   - vertical neighbours outside the component replicate its edge rows.
 * YCbCr -> RGB uses libjpeg's 16-bit fixed-point constants:
 *   R = Y + (91881 * Cr' + 32768 >> 16)
 *   G = Y + (-22554 * Cb' - 46802 * Cr' + 32768 >> 16)
 *   B = Y + (116130 * Cb' + 32768 >> 16)        (Cb' = Cb - 128, ...)
 * clamped to 0..255. CMYK/YCCK -> RGB: see wf/jpeg.h.
 */
#include <string.h>
#include "decode_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

enum { UP_FULL, UP_H2V1, UP_H2V2, UP_H1V2, UP_INT };

/* 4:2:0 YCbCr takes ycc_h2v2_rgba() (upsampling fused with conversion) in
 * the SIMD build. In the scalar build the separate passes measured ~7%
 * faster in V8 (plain Wasm), so it keeps them (same pixels either way). */
#ifdef WF_SIMD
#define WF_JPEG_FUSED_420 1
#else
#define WF_JPEG_FUSED_420 0
#endif

void wf_jpeg_setup_upsampling(wf_jpeg_decoder *d)
{
    for (int i = 0; i < d->ncomp; i++) {
        wf_jpeg_component *c = &d->comp[i];
        if (c->hr == 1 && c->vr == 1)
            c->up_kind = UP_FULL;
        else if (c->hr == 2 && c->vr == 1 && c->dw > 2)
            c->up_kind = UP_H2V1;
        else if (c->hr == 2 && c->vr == 2 && c->dw > 2)
            c->up_kind = UP_H2V2;
        else if (c->hr == 1 && c->vr == 2)
            c->up_kind = UP_H1V2;
        else
            c->up_kind = UP_INT;
    }
}

int wf_jpeg_rows_ready(const wf_jpeg_decoder *d)
{
    int ready = (int)d->height;
    for (int i = 0; i < d->ncomp; i++) {
        const wf_jpeg_component *c = &d->comp[i];
        int r;
        if (c->rows_done >= c->dh)
            continue;
        if (c->up_kind == UP_H2V2 || c->up_kind == UP_H1V2)
            r = 2 * c->rows_done - 2;
        else
            r = c->vr * c->rows_done;
        if (r < ready)
            ready = r;
    }
    return ready < 0 ? 0 : ready;
}

static void up_h2v1(const uint8_t *in, int w, uint8_t *out)
{
    out[0] = in[0];
    out[1] = (uint8_t)((in[0] * 3 + in[1] + 2) >> 2);
    int i = 1;
#ifdef WF_SIMD
    for (; i + 8 < w; i += 8) {
        v128_t cur = wasm_i16x8_mul(wasm_u16x8_load8x8(in + i), wasm_i16x8_splat(3));
        v128_t ev =
            wasm_u16x8_shr(wasm_i16x8_add(wasm_i16x8_add(cur, wasm_u16x8_load8x8(in + i - 1)), wasm_i16x8_splat(1)), 2);
        v128_t od =
            wasm_u16x8_shr(wasm_i16x8_add(wasm_i16x8_add(cur, wasm_u16x8_load8x8(in + i + 1)), wasm_i16x8_splat(2)), 2);
        v128_t lo = wasm_i16x8_shuffle(ev, od, 0, 8, 1, 9, 2, 10, 3, 11);
        v128_t hi = wasm_i16x8_shuffle(ev, od, 4, 12, 5, 13, 6, 14, 7, 15);
        wasm_v128_store(out + 2 * i, wasm_u8x16_narrow_i16x8(lo, hi));
    }
#endif
    for (; i < w - 1; i++) {
        int v = in[i] * 3;
        out[2 * i] = (uint8_t)((v + in[i - 1] + 1) >> 2);
        out[2 * i + 1] = (uint8_t)((v + in[i + 1] + 2) >> 2);
    }
    out[2 * w - 2] = (uint8_t)((in[w - 1] * 3 + in[w - 2] + 1) >> 2);
    out[2 * w - 1] = in[w - 1];
}

/* in0: the nearer row, in1: the further row */
static void up_h2v2(const uint8_t *in0, const uint8_t *in1, int w, uint8_t *out, int16_t *cs)
{
    int last, cur = in0[0] * 3 + in1[0], next = in0[1] * 3 + in1[1];
    out[0] = (uint8_t)((cur * 4 + 8) >> 4);
    out[1] = (uint8_t)((cur * 3 + next + 7) >> 4);
    last = cur;
    cur = next;
    int i = 1;
#ifdef WF_SIMD
    /* column sums 3*near + far of the whole row first (each sample once),
     * then 3*sum + neighbour sum, which fits 16 bits; `cs` is the caller's
     * scratch row of at least w + 8 int16 */
    if (w > 9) {
        const v128_t three = wasm_i16x8_splat(3);
        int j = 0;
        for (; j + 8 <= w; j += 8)
            wasm_v128_store(cs + j, wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_load8x8(in0 + j), three),
                                                   wasm_u16x8_load8x8(in1 + j)));
        for (; j < w; j++)
            cs[j] = (int16_t)(in0[j] * 3 + in1[j]);
        for (; i + 8 < w; i += 8) {
            v128_t c3 = wasm_i16x8_mul(wasm_v128_load(cs + i), three);
            v128_t ev =
                wasm_u16x8_shr(wasm_i16x8_add(wasm_i16x8_add(c3, wasm_v128_load(cs + i - 1)), wasm_i16x8_splat(8)), 4);
            v128_t od =
                wasm_u16x8_shr(wasm_i16x8_add(wasm_i16x8_add(c3, wasm_v128_load(cs + i + 1)), wasm_i16x8_splat(7)), 4);
            v128_t lo = wasm_i16x8_shuffle(ev, od, 0, 8, 1, 9, 2, 10, 3, 11);
            v128_t hi = wasm_i16x8_shuffle(ev, od, 4, 12, 5, 13, 6, 14, 7, 15);
            wasm_v128_store(out + 2 * i, wasm_u8x16_narrow_i16x8(lo, hi));
        }
        last = cs[i - 1];
        cur = cs[i];
    }
#else
    (void)cs;
#endif
    for (; i < w - 1; i++) {
        next = in0[i + 1] * 3 + in1[i + 1];
        out[2 * i] = (uint8_t)((cur * 3 + last + 8) >> 4);
        out[2 * i + 1] = (uint8_t)((cur * 3 + next + 7) >> 4);
        last = cur;
        cur = next;
    }
    out[2 * w - 2] = (uint8_t)((cur * 3 + last + 8) >> 4);
    out[2 * w - 1] = (uint8_t)((cur * 4 + 7) >> 4);
}

static void up_h1v2(const uint8_t *in0, const uint8_t *in1, int w, int bias, uint8_t *out)
{
    for (int i = 0; i < w; i++)
        out[i] = (uint8_t)((in0[i] * 3 + in1[i] + bias) >> 2);
}

static void up_int(const uint8_t *in, int w, int hr, uint8_t *out)
{
    for (int i = 0; i < w; i++)
        for (int j = 0; j < hr; j++)
            out[i * hr + j] = in[i];
}

/* The upsampled row y of component c (at least `width` samples). */
static const uint8_t *comp_row(wf_jpeg_component *c, int y)
{
    const uint8_t *plane = c->plane;
    size_t st = c->stride;
    switch (c->up_kind) {
    case UP_FULL: return plane + (size_t)y * st;
    case UP_H2V1: up_h2v1(plane + (size_t)y * st, c->dw, c->uprow); return c->uprow;
    case UP_H2V2:
    case UP_H1V2: {
        int sy = y >> 1, ny;
        if (y & 1)
            ny = sy + 1 < c->dh ? sy + 1 : c->dh - 1;
        else
            ny = sy > 0 ? sy - 1 : 0;
        const uint8_t *r0 = plane + (size_t)sy * st, *r1 = plane + (size_t)ny * st;
        if (c->up_kind == UP_H2V2)
            up_h2v2(r0, r1, c->dw, c->uprow, c->colsum);
        else
            up_h1v2(r0, r1, c->dw, (y & 1) ? 2 : 1, c->uprow);
        return c->uprow;
    }
    default: {
        const uint8_t *r = plane + (size_t)(y / c->vr) * st;
        if (c->hr == 1)
            return r;
        up_int(r, c->dw, c->hr, c->uprow);
        return c->uprow;
    }
    }
}

static inline uint8_t clamp255(int v)
{
    /* one well-predicted branch: nearly every value is already in range */
    if ((unsigned)v > 255)
        v = ~v >> 31 & 255;
    return (uint8_t)v;
}

#ifdef WF_SIMD
/* (x + 32768) >> 16 of two i32x4 halves, narrowed to i16x8 (|result| < 64) */
static inline v128_t round16(v128_t lo, v128_t hi)
{
    const v128_t k = wasm_i32x4_splat(32768);
    return wasm_i16x8_narrow_i32x4(wasm_i32x4_shr(wasm_i32x4_add(lo, k), 16),
                                   wasm_i32x4_shr(wasm_i32x4_add(hi, k), 16));
}
#endif

#ifdef WF_SIMD
/* Converts 8 pixels: Y 0..255, B = Cb - 128, R = Cr - 128 in i16 lanes, to
 * 32 bytes of RGBA at out. The same formulas rewritten with 16-bit
 * constants; each identity is exact because
 * (65536*k*x + t) >> 16 == k*x + (t >> 16):
 *   R = Y + r + (26345*r + 32768 >> 16)             (91881 = 65536 + 26345)
 *   G = Y - r + (-22554*b + 18734*r + 32768 >> 16)  (-46802 = -65536 + 18734)
 *   B = Y + 2b + (-14942*b + 32768 >> 16)          (116130 = 131072 - 14942)
 * Intermediates stay within -300..600, so i16 lanes hold them and the
 * saturating narrow to u8 is the 0..255 clamp.
 * (26345*r + 32768) >> 16 == q15mulr(r, 13173) and
 * (-14942*b + 32768) >> 16 == q15mulr(b, -7471) for every r, b in
 * -128..127 (q15mulr(x, k) = (x*k + 16384) >> 15; checked exhaustively
 * by tests/c/jpeg/test_jpeg_color_consts.c) */
static inline __attribute__((always_inline)) void ycc8_simd(v128_t Y, v128_t B, v128_t R, uint8_t *out)
{
    const v128_t alpha = wasm_i16x8_splat(255);
    const v128_t kr = wasm_i16x8_splat(13173), kb = wasm_i16x8_splat(-7471);
    const v128_t kg = wasm_i16x8_make(-22554, 18734, -22554, 18734, -22554, 18734, -22554, 18734);
    v128_t rt = wasm_i16x8_q15mulr_sat(R, kr);
    v128_t bt = wasm_i16x8_q15mulr_sat(B, kb);
    v128_t brl = wasm_i16x8_shuffle(B, R, 0, 8, 1, 9, 2, 10, 3, 11);
    v128_t brh = wasm_i16x8_shuffle(B, R, 4, 12, 5, 13, 6, 14, 7, 15);
    v128_t gt = round16(wasm_i32x4_dot_i16x8(brl, kg), wasm_i32x4_dot_i16x8(brh, kg));
    v128_t r16 = wasm_i16x8_add(wasm_i16x8_add(Y, R), rt);
    v128_t g16 = wasm_i16x8_add(wasm_i16x8_sub(Y, R), gt);
    v128_t b16 = wasm_i16x8_add(wasm_i16x8_add(Y, wasm_i16x8_add(B, B)), bt);
    v128_t rg = wasm_u8x16_narrow_i16x8(r16, g16); /* saturating: the 0..255 clamp */
    v128_t ba = wasm_u8x16_narrow_i16x8(b16, alpha);
    /* one-operand byte shuffles (r0 g0 r1 g1 ..., b0 a0 b1 a1 ...), then
     * 16-bit interleaves: cheaper than two-operand byte shuffles */
    v128_t rgp = wasm_i8x16_shuffle(rg, rg, 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
    v128_t bap = wasm_i8x16_shuffle(ba, ba, 0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
    wasm_v128_store(out, wasm_i16x8_shuffle(rgp, bap, 0, 8, 1, 9, 2, 10, 3, 11));
    wasm_v128_store(out + 16, wasm_i16x8_shuffle(rgp, bap, 4, 12, 5, 13, 6, 14, 7, 15));
}
#endif

/* One pixel; b = Cb - 128, r = Cr - 128. */
static inline void ycc1(int Y, int b, int r, uint8_t *out)
{
    out[0] = clamp255(Y + ((91881 * r + 32768) >> 16));
    out[1] = clamp255(Y + ((-22554 * b - 46802 * r + 32768) >> 16));
    out[2] = clamp255(Y + ((116130 * b + 32768) >> 16));
    out[3] = 255;
}
static void ycc_rgba(const uint8_t *y, const uint8_t *cb, const uint8_t *cr, int w, uint8_t *out)
{
    int i = 0;
#ifdef WF_SIMD
    const v128_t c128 = wasm_i16x8_splat(128);
    for (; i + 8 <= w; i += 8)
        ycc8_simd(wasm_u16x8_load8x8(y + i), wasm_i16x8_sub(wasm_u16x8_load8x8(cb + i), c128),
                  wasm_i16x8_sub(wasm_u16x8_load8x8(cr + i), c128), out + 4 * i);
#endif
    for (; i < w; i++)
        ycc1(y[i], cb[i] - 128, cr[i] - 128, out + 4 * i);
}

/* 3*near + far column sums of a chroma row pair into cs[0..wc), with
 * cs[-1] = cs[0] and cs[wc] = cs[wc - 1]: then the fancy h2v2 filter is the
 * same formula at the edges as inside (libjpeg's edge rules). */
static void colsums(const uint8_t *in0, const uint8_t *in1, int wc, int16_t *cs)
{
    int j = 0;
#ifdef WF_SIMD
    const v128_t three = wasm_i16x8_splat(3);
    for (; j + 8 <= wc; j += 8)
        wasm_v128_store(
            cs + j, wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_load8x8(in0 + j), three), wasm_u16x8_load8x8(in1 + j)));
#endif
    for (; j < wc; j++)
        cs[j] = (int16_t)(in0[j] * 3 + in1[j]);
    cs[-1] = cs[0];
    cs[wc] = cs[wc - 1];
}

/* 4:2:0 YCbCr (both chroma components h2v2 "fancy", wc > 2 samples wide)
 * to RGBA: the upsampling of one output row fused with its colour
 * conversion. sb, sr: scratch of at least wc + 16 int16 each. Gives exactly
 * what up_h2v2() followed by ycc_rgba() gives. */
static void ycc_h2v2_rgba(const uint8_t *y, const uint8_t *cb0, const uint8_t *cb1, const uint8_t *cr0,
                          const uint8_t *cr1, int wc, int w, uint8_t *out, int16_t *sb, int16_t *sr)
{
    int16_t *b = sb + 8, *r = sr + 8;
    colsums(cb0, cb1, wc, b);
    colsums(cr0, cr1, wc, r);
    int i = 0; /* chroma sample: output pixels 2i, 2i + 1 */
#ifdef WF_SIMD
    const v128_t three = wasm_i16x8_splat(3), k8 = wasm_i16x8_splat(128 * 16 - 8), k7 = wasm_i16x8_splat(128 * 16 - 7);
    /* ((3c + n + 8) >> 4) - 128 == (3c + n - (2048 - 8)) >> 4 (arithmetic
     * shift), and likewise with 7 */
    for (; 2 * i + 16 <= w; i += 8) {
        v128_t b3 = wasm_i16x8_mul(wasm_v128_load(b + i), three);
        v128_t r3 = wasm_i16x8_mul(wasm_v128_load(r + i), three);
        v128_t be = wasm_i16x8_shr(wasm_i16x8_sub(wasm_i16x8_add(b3, wasm_v128_load(b + i - 1)), k8), 4);
        v128_t bo = wasm_i16x8_shr(wasm_i16x8_sub(wasm_i16x8_add(b3, wasm_v128_load(b + i + 1)), k7), 4);
        v128_t re = wasm_i16x8_shr(wasm_i16x8_sub(wasm_i16x8_add(r3, wasm_v128_load(r + i - 1)), k8), 4);
        v128_t ro = wasm_i16x8_shr(wasm_i16x8_sub(wasm_i16x8_add(r3, wasm_v128_load(r + i + 1)), k7), 4);
        v128_t Y = wasm_v128_load(y + 2 * i);
        ycc8_simd(wasm_u16x8_extend_low_u8x16(Y), wasm_i16x8_shuffle(be, bo, 0, 8, 1, 9, 2, 10, 3, 11),
                  wasm_i16x8_shuffle(re, ro, 0, 8, 1, 9, 2, 10, 3, 11), out + 8 * i);
        ycc8_simd(wasm_u16x8_extend_high_u8x16(Y), wasm_i16x8_shuffle(be, bo, 4, 12, 5, 13, 6, 14, 7, 15),
                  wasm_i16x8_shuffle(re, ro, 4, 12, 5, 13, 6, 14, 7, 15), out + 8 * i + 32);
    }
#endif
    for (; 2 * i < w; i++) {
        int b3 = 3 * b[i], r3 = 3 * r[i];
        ycc1(y[2 * i], ((b3 + b[i - 1] + 8) >> 4) - 128, ((r3 + r[i - 1] + 8) >> 4) - 128, out + 8 * i);
        if (2 * i + 1 < w)
            ycc1(y[2 * i + 1], ((b3 + b[i + 1] + 7) >> 4) - 128, ((r3 + r[i + 1] + 7) >> 4) - 128, out + 8 * i + 4);
    }
}

static void rgb_rgba(const uint8_t *r, const uint8_t *g, const uint8_t *b, int w, uint8_t *out)
{
    for (int i = 0; i < w; i++) {
        out[4 * i + 0] = r[i];
        out[4 * i + 1] = g[i];
        out[4 * i + 2] = b[i];
        out[4 * i + 3] = 255;
    }
}

static void gray_rgba(const uint8_t *g, int w, uint8_t *out)
{
    for (int i = 0; i < w; i++) {
        out[4 * i + 0] = out[4 * i + 1] = out[4 * i + 2] = g[i];
        out[4 * i + 3] = 255;
    }
}

static inline uint8_t mul255(int a, int b) { return (uint8_t)((a * b + 127) / 255); }

/* c, m, y, k here are inverted (Adobe) values: 255 = no ink. */
static void cmyk_rgba(const uint8_t *c, const uint8_t *m, const uint8_t *y, const uint8_t *k, int invert, int w,
                      uint8_t *out)
{
    int x = invert ? 255 : 0;
    for (int i = 0; i < w; i++) {
        int K = k[i] ^ x;
        out[4 * i + 0] = mul255(c[i] ^ x, K);
        out[4 * i + 1] = mul255(m[i] ^ x, K);
        out[4 * i + 2] = mul255(y[i] ^ x, K);
        out[4 * i + 3] = 255;
    }
}

static void ycck_rgba(const uint8_t *y, const uint8_t *cb, const uint8_t *cr, const uint8_t *k, int w, uint8_t *out)
{
    for (int i = 0; i < w; i++) {
        int Y = y[i], b = cb[i] - 128, r = cr[i] - 128, K = k[i];
        /* libjpeg: C = 255 - R etc. (inverted CMYK), then our CMYK rule */
        int C = 255 - clamp255(Y + ((91881 * r + 32768) >> 16));
        int M = 255 - clamp255(Y + ((-22554 * b - 46802 * r + 32768) >> 16));
        int Yl = 255 - clamp255(Y + ((116130 * b + 32768) >> 16));
        out[4 * i + 0] = mul255(C, K);
        out[4 * i + 1] = mul255(M, K);
        out[4 * i + 2] = mul255(Yl, K);
        out[4 * i + 3] = 255;
    }
}

void wf_jpeg_color_rows(wf_jpeg_decoder *d, const wf_jpeg_output *out, int y0, int y1)
{
    int w = (int)d->width;
    wf_jpeg_component *c = d->comp;
    if (WF_JPEG_FUSED_420 && d->ncomp == 3 && d->color_space == WF_JPEG_CS_YCBCR && c[0].up_kind == UP_FULL &&
        c[1].up_kind == UP_H2V2 && c[2].up_kind == UP_H2V2) {
        /* 4:2:0, the common case: fused upsampling and conversion */
        int wc = c[1].dw, hc = c[1].dh;
        for (int y = y0; y < y1; y++) {
            int sy = y >> 1, ny = (y & 1) ? (sy + 1 < hc ? sy + 1 : hc - 1) : (sy > 0 ? sy - 1 : 0);
            ycc_h2v2_rgba(c[0].plane + (size_t)y * c[0].stride, c[1].plane + (size_t)sy * c[1].stride,
                          c[1].plane + (size_t)ny * c[1].stride, c[2].plane + (size_t)sy * c[2].stride,
                          c[2].plane + (size_t)ny * c[2].stride, wc, w, out->rgba + (size_t)y * out->stride,
                          c[1].colsum, c[2].colsum);
        }
        return;
    }
    for (int y = y0; y < y1; y++) {
        const uint8_t *row[WF_JPEG_MAX_COMPS];
        for (int i = 0; i < d->ncomp; i++)
            row[i] = comp_row(&d->comp[i], y);
        uint8_t *o = out->rgba + (size_t)y * out->stride;
        switch (d->color_space) {
        case WF_JPEG_CS_GRAY: gray_rgba(row[0], w, o); break;
        case WF_JPEG_CS_RGB: rgb_rgba(row[0], row[1], row[2], w, o); break;
        case WF_JPEG_CS_CMYK: cmyk_rgba(row[0], row[1], row[2], row[3], !d->adobe, w, o); break;
        case WF_JPEG_CS_YCCK: ycck_rgba(row[0], row[1], row[2], row[3], w, o); break;
        default: ycc_rgba(row[0], row[1], row[2], w, o); break;
        }
    }
}
