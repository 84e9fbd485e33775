/* SPDX-License-Identifier: MIT
 *
 * resize_fixed.c: the fixed-point path of wf_resize() for opaque RGBA8
 * images (every alpha sample of the crop is 255: JPEG photos, most PNGs).
 *
 * With alpha constant there is nothing to premultiply or divide, and the
 * colour channels can be filtered as 16-bit integers:
 *   1. load: sRGB8 -> linear (or value / 255 with WF_RESIZE_GAMMA) as an
 *      integer 0..VMAX (VMAX = 16383) through a 256-entry constant table
 *      (resize_tables.h; the SIMD build also has it shifted left by 16, so
 *      that two pixels' samples are one OR of two loads), written in
 *      "pair" layout: pixels 2p and 2p+1 as R R G G B B 0 0 (int16), so that
 *      one i32x4.dot_i16x8_s with (w0 w1) in every lane adds two taps of
 *      three channels;
 *   2. horizontal pass: every output pixel reads P pairs from an even input
 *      position (the weights are padded with zeros at either end so that all
 *      output pixels have the same P), weights int16 scaled by 2^sx, the sum
 *      in int32, rounded back to the 0..VMAX scale (int16, RGBX). The SIMD
 *      build loads and filters four rows at a time in a layout where one dot
 *      product covers one channel of four rows (see load_row4);
 *   3. vertical pass: rows taken two at a time, their samples interleaved
 *      and multiplied by (w0 w1) with the same dot product, weights scaled
 *      by 2^sy. The SIMD build's horizontal pass writes its rows so
 *      interleaved by pairs 2p, 2p + 1 (R R G G B B per pixel, no fourth
 *      sample), so that the vertical pass has neither shuffles nor an unused
 *      lane (see vpass_pairs);
 *   4. store: the sum rounded to 4 * VMAX (finer than the input: 16 bits of
 *      linear light), then a 65533-entry table to sRGB8; alpha is 255.
 *
 * The quantised weights of every output pixel sum to exactly 2^s (the
 * rounding remainder goes to the largest weight), so a constant image stays
 * constant. The scales are the largest (<= 2^16) for which no weight exceeds
 * int16 and no sum can leave int32 or the int16 intermediate, given the
 * ranges of the inputs; when none fits, or an axis has more than MAX_TAPS
 * taps (where 16-bit weights get too coarse), wf_resize() uses the float
 * path. The error against a double-precision resize stays well below one
 * level of 8-bit output (tests/js/resize.test.js checks <= 1).
 *
 * Scalar and SIMD: all arithmetic is in integers (int32 sums wrap alike in
 * any order), so the scalar build, which skips the unused fourth lane, gives
 * bit-identical output to the SIMD build.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "resize_internal.h"
#include "resize_tables.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

/* for a function written once and instantiated with constant arguments */
#define WF_RESIZE_INLINE static inline __attribute__((always_inline))

#define VMAX 16383
#define IDX_MAX (4 * VMAX) /* the store's index scale */
#define MAX_TAPS 64
/* pair k of the horizontal weights of output i */
#define WX(f, xp, i, k) ((f)->wx + ((((size_t)(i) >> 2) * (xp) + (k)) * 4 + ((i)&3)) * 2)

struct wf_resize_fixed {
    /* horizontal: output i reads pairs xpair[i] .. xpair[i] + xp - 1; its
     * weights (int16, two per pair) are interleaved by groups of four
     * outputs: pair k of output i at WX(f, i, k) */
    int16_t *wx;
    uint32_t *xpair;
    size_t cap_wx, cap_xpair;
    uint32_t xp;
    int sx;
    /* vertical: output row y reads rows ystart[y] .. + ycount[y] - 1 with
     * weights wy[yoff[y] ...], padded to an even count with a zero weight */
    int16_t *wy;
    uint32_t *yoff;
    size_t cap_wy, cap_yoff;
    int sy;
    int16_t *row; /* one loaded source row, pair layout */
    size_t cap_row;
    int16_t *ring; /* horizontally filtered rows, RGBX int16 */
    size_t cap_ring;
    const int16_t **rowp;
    size_t cap_rowp;
    /* the resize in progress (wf_resize_fixed_begin .. push) */
    const wf_resize_axis *ax, *ay;
    uint32_t nring; /* rows in the ring (plus one scratch row) */
    size_t len;     /* int16 samples per ring row */
    uint32_t crop_w, crop_h, dst_w, dst_h;
    uint8_t *dst;
    size_t dst_stride;
    int gamma, active;
    uint32_t y;                  /* the next output row */
    uint32_t next;               /* the first source row not filtered yet */
    uint8_t enc[2][IDX_MAX + 1]; /* [gamma] 0..IDX_MAX -> sRGB8 */
};

/* sRGB8 -> 0..VMAX (resize_tables.h), and the same shifted to the upper
 * 16 bits: constants, so that a lookup is a single load */
#define WF_DEC_LO(v) (v),
#define WF_DEC_HI(v) (uint32_t)(v) << 16,
static const uint32_t dec_lin[256] = {WF_RESIZE_DEC_LINEAR(WF_DEC_LO)};
static const uint32_t dec_gamma[256] = {WF_RESIZE_DEC_GAMMA(WF_DEC_LO)};
#ifdef WF_SIMD
static const uint32_t dec_lin_hi[256] = {WF_RESIZE_DEC_LINEAR(WF_DEC_HI)};
static const uint32_t dec_gamma_hi[256] = {WF_RESIZE_DEC_GAMMA(WF_DEC_HI)};
#endif

const uint32_t *wf_resize_fixed_decode_table(int gamma) { return gamma ? dec_gamma : dec_lin; }

static double srgb_decode(double v) { return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4); }

static wf_resize_fixed *fixed_state(wf_resize_fixed **slot)
{
    if (*slot)
        return *slot;
    wf_resize_fixed *f = (wf_resize_fixed *)calloc(1, sizeof *f);
    if (!f)
        return NULL;
    /* linear: the value steps from v to v+1 where idx / IDX_MAX reaches
     * decode((v + 0.5) / 255) (encode is increasing); gamma: round(idx * 255 / IDX_MAX) */
    int v = 0;
    double next = srgb_decode(0.5 / 255.0);
    for (int i = 0; i <= IDX_MAX; i++) {
        double l = (double)i / IDX_MAX;
        while (v < 255 && l >= next) {
            v++;
            next = v < 255 ? srgb_decode((v + 0.5) / 255.0) : 2.0;
        }
        f->enc[0][i] = (uint8_t)v;
        f->enc[1][i] = (uint8_t)((i * 510 + IDX_MAX) / (2 * IDX_MAX));
    }
    *slot = f;
    return f;
}

void wf_resize_fixed_free(wf_resize_fixed *f)
{
    if (!f)
        return;
    free(f->wx);
    free(f->xpair);
    free(f->wy);
    free(f->yoff);
    free(f->row);
    free(f->ring);
    free((void *)f->rowp);
    free(f);
}

static int grow(void **buf, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap)
        return 1;
    void *p = malloc(n * size);
    if (!p)
        return 0;
    free(*buf);
    *buf = p;
    *cap = n;
    return 1;
}

/* Rounds the count weights w (summing to 1) to integers summing to exactly
 * 2^s into q; returns 0 if one does not fit int16. Adds the sums of the
 * positive and of the negative weights to *pos, *neg. */
static int quantise(const float *w, uint32_t count, int s, int16_t *q, int64_t *pos, int64_t *neg)
{
    double scale = (double)(1 << s);
    int64_t sum = 0;
    uint32_t big = 0;
    int64_t tmp[MAX_TAPS];
    for (uint32_t k = 0; k < count; k++) {
        tmp[k] = (int64_t)floor((double)w[k] * scale + 0.5);
        sum += tmp[k];
        if (fabs(w[k]) > fabs(w[big]))
            big = k;
    }
    tmp[big] += ((int64_t)1 << s) - sum;
    *pos = *neg = 0;
    for (uint32_t k = 0; k < count; k++) {
        if (tmp[k] > 32767 || tmp[k] < -32767)
            return 0;
        q[k] = (int16_t)tmp[k];
        if (tmp[k] > 0)
            *pos += tmp[k];
        else
            *neg -= tmp[k];
    }
    return 1;
}

/* The horizontal table at scale 2^s; 0 if it does not fit. Sets *hmin, *hmax
 * to the range of the filtered values. */
static int build_x(wf_resize_fixed *f, const wf_resize_axis *ax, uint32_t n, int s, int32_t *hmin, int32_t *hmax)
{
    uint32_t xp = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t p = ((ax->start[i] & 1) + ax->count[i] + 1) / 2;
        xp = p > xp ? p : xp;
    }
    size_t groups = (n + 3) / 4;
    if (!grow((void **)&f->wx, &f->cap_wx, groups * 4 * xp * 2, sizeof(int16_t)) ||
        !grow((void **)&f->xpair, &f->cap_xpair, n, sizeof(uint32_t)))
        return -1;
    int64_t lo = 0, hi = 0, half = (int64_t)1 << (s - 1);
    for (uint32_t i = 0; i < n; i++) {
        int16_t q[2 * (MAX_TAPS / 2 + 1)];
        uint32_t odd = ax->start[i] & 1;
        int64_t pos, neg;
        memset(q, 0, (size_t)xp * 2 * sizeof *q);
        if (!quantise(ax->w + ax->offset[i], ax->count[i], s, q + odd, &pos, &neg))
            return 0;
        for (uint32_t k = 0; k < xp; k++) {
            int16_t *d = WX(f, xp, i, k);
            d[0] = q[2 * k];
            d[1] = q[2 * k + 1];
        }
        f->xpair[i] = ax->start[i] >> 1;
        /* inputs are 0..VMAX */
        int64_t top = ((int64_t)VMAX * pos + half) >> s, bottom = ((int64_t)-VMAX * neg + half) >> s;
        if ((int64_t)VMAX * pos + half > 2147483647 || (int64_t)VMAX * neg > 2147483647)
            return 0;
        hi = top > hi ? top : hi;
        lo = bottom < lo ? bottom : lo;
    }
    if (hi > 32767 || lo < -32768)
        return 0;
    f->xp = xp;
    f->sx = s;
    *hmin = (int32_t)lo;
    *hmax = (int32_t)hi;
    return 1;
}

/* The SIMD build's vertical pass reads rows in pairs 2p, 2p + 1 (see
 * vpass_pairs): a window that starts at an odd row gets a leading zero
 * weight (for the row before it). The scalar build reads rows one by one. */
#ifdef WF_SIMD
#define LEAD(ay, y) ((ay)->start[y] & 1u)
#else
#define LEAD(ay, y) 0u
#endif

/* The vertical table at scale 2^s for inputs in [hmin, hmax]; 0 if it does not fit. */
static int build_y(wf_resize_fixed *f, const wf_resize_axis *ay, uint32_t n, int s, int32_t hmin, int32_t hmax)
{
    size_t total = 0;
    for (uint32_t y = 0; y < n; y++)
        total += (LEAD(ay, y) + ay->count[y] + 1) & ~1u;
    if (!grow((void **)&f->wy, &f->cap_wy, total, sizeof(int16_t)) ||
        !grow((void **)&f->yoff, &f->cap_yoff, n, sizeof(uint32_t)))
        return -1;
    size_t off = 0;
    int64_t bias = (int64_t)1 << (s - 3);
    for (uint32_t y = 0; y < n; y++) {
        int64_t pos, neg;
        uint32_t c = ay->count[y], lead = LEAD(ay, y);
        f->yoff[y] = (uint32_t)off;
        if (lead)
            f->wy[off] = 0;
        if (!quantise(ay->w + ay->offset[y], c, s, f->wy + off + lead, &pos, &neg))
            return 0;
        if ((lead + c) & 1)
            f->wy[off + lead + c] = 0;
        off += (lead + c + 1) & ~1u;
        int64_t top = (int64_t)hmax * pos - (int64_t)hmin * neg + bias;
        int64_t bottom = (int64_t)hmin * pos - (int64_t)hmax * neg;
        if (top > 2147483647 || bottom < -2147483647)
            return 0;
    }
    f->sy = s;
    return 1;
}

/* ---- 1. load ------------------------------------------------------------ */

/* The loaders are written once (always inlined) and instantiated per table,
 * so that the table's address is a constant of every lookup. */

#ifndef WF_SIMD
/* one source row in pair layout (the scalar build; see load_row4) */
WF_RESIZE_INLINE void load_row(const uint8_t *src, uint32_t n, const uint32_t *dec, int16_t *out)
{
    uint32_t x = 0;
    for (; x + 2 <= n; x += 2, src += 8, out += 8) {
        out[0] = (int16_t)dec[src[0]];
        out[1] = (int16_t)dec[src[4]];
        out[2] = (int16_t)dec[src[1]];
        out[3] = (int16_t)dec[src[5]];
        out[4] = (int16_t)dec[src[2]];
        out[5] = (int16_t)dec[src[6]];
    }
    if (x < n) {
        out[0] = (int16_t)dec[src[0]];
        out[2] = (int16_t)dec[src[1]];
        out[4] = (int16_t)dec[src[2]];
    }
}

static WF_RESIZE_NOINLINE void load_row_lin(const uint8_t *src, uint32_t n, int16_t *out)
{
    load_row(src, n, dec_lin, out);
}

static WF_RESIZE_NOINLINE void load_row_gamma(const uint8_t *src, uint32_t n, int16_t *out)
{
    load_row(src, n, dec_gamma, out);
}
#endif

/* ---- 2. horizontal pass ------------------------------------------------- */

#ifdef WF_SIMD
/* (v + 2^(s-1)) >> s in every lane, s in 8..16: one i32x4.shr_s with a
 * scalar count. clang 14 lowers a shift whose count vector it cannot see as
 * a splat (its splat hoisted out of the loop, or a switch over constant
 * shifts merged back into one shift) to four extract/shift/replace sequences
 * (2x slower passes); reading the count through a volatile keeps the splat
 * next to the shift. With `fixed` (s a constant of an inlined caller: the
 * passes have copies for the usual scale 2^16) the count is an immediate. */
WF_RESIZE_INLINE v128_t round_shift(v128_t v, int s, int fixed)
{
    v = wasm_i32x4_add(v, wasm_i32x4_splat(1 << (s - 1)));
    if (fixed)
        return wasm_i32x4_shr(v, (uint32_t)s);
    volatile int count = s;
    return wasm_i32x4_shr(v, count);
}
#endif

#ifndef WF_SIMD
static int16_t clamp16(int32_t v) { return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v); }

/* one output pixel (RGB, and 0 in the fourth sample) */
static void hpass_one(const int16_t *p, const int16_t *q, uint32_t xp, int s, int16_t *out)
{
    uint32_t r = 0, g = 0, b = 0;
    for (uint32_t k = 0; k < xp; k++, p += 8, q += 8) {
        int32_t w0 = q[0], w1 = q[1];
        r += (uint32_t)(w0 * p[0] + w1 * p[1]);
        g += (uint32_t)(w0 * p[2] + w1 * p[3]);
        b += (uint32_t)(w0 * p[4] + w1 * p[5]);
    }
    uint32_t half = 1u << (s - 1);
    out[0] = clamp16((int32_t)(r + half) >> s);
    out[1] = clamp16((int32_t)(g + half) >> s);
    out[2] = clamp16((int32_t)(b + half) >> s);
    out[3] = 0;
}

static WF_RESIZE_NOINLINE void hpass(const wf_resize_fixed *f, const int16_t *row, uint32_t n, int16_t *out)
{
    uint32_t i = 0, xp = f->xp;
    int s = f->sx;
    for (; i < n; i++, out += 4)
        hpass_one(row + (size_t)f->xpair[i] * 8, WX(f, xp, i, 0), xp, s, out);
}
#endif

#ifdef WF_SIMD
/* The SIMD build filters four source rows at a time: a block holds, for each
 * pair p and channel c, the eight int16 at blk + (p * 3 + c) * 8 = pixels 2p
 * and 2p+1 of rows 0..3 (lanes 2r, 2r+1 for row r). One dot product with the
 * pair's weights then adds two taps of one channel for four rows: no unused
 * lane, and one weight load for three dot products. */
WF_RESIZE_INLINE void load_row4(const uint8_t *src, uint32_t n, const uint32_t *lo, const uint32_t *hi, int16_t *blk,
                                int r)
{
    uint8_t *o = (uint8_t *)(void *)blk + 4 * r;
    uint32_t x = 0;
    /* four pixels an iteration: the loop's own cost (counter, V8's
     * interrupt check) spread over twice the work */
    for (; x + 4 <= n; x += 4, src += 16, o += 96) {
        uint32_t v0 = lo[src[0]] | hi[src[4]];
        uint32_t v1 = lo[src[1]] | hi[src[5]];
        uint32_t v2 = lo[src[2]] | hi[src[6]];
        uint32_t v3 = lo[src[8]] | hi[src[12]];
        uint32_t v4 = lo[src[9]] | hi[src[13]];
        uint32_t v5 = lo[src[10]] | hi[src[14]];
        memcpy(o, &v0, 4);
        memcpy(o + 16, &v1, 4);
        memcpy(o + 32, &v2, 4);
        memcpy(o + 48, &v3, 4);
        memcpy(o + 64, &v4, 4);
        memcpy(o + 80, &v5, 4);
    }
    for (; x + 2 <= n; x += 2, src += 8, o += 48) {
        uint32_t v0 = lo[src[0]] | hi[src[4]];
        uint32_t v1 = lo[src[1]] | hi[src[5]];
        uint32_t v2 = lo[src[2]] | hi[src[6]];
        memcpy(o, &v0, 4);
        memcpy(o + 16, &v1, 4);
        memcpy(o + 32, &v2, 4);
    }
    if (x < n) {
        uint32_t v0 = lo[src[0]], v1 = lo[src[1]], v2 = lo[src[2]];
        memcpy(o, &v0, 4);
        memcpy(o + 16, &v1, 4);
        memcpy(o + 32, &v2, 4);
    }
}

static WF_RESIZE_NOINLINE void load_row4_lin(const uint8_t *src, uint32_t n, int16_t *blk, int r)
{
    load_row4(src, n, dec_lin, dec_lin_hi, blk, r);
}

static WF_RESIZE_NOINLINE void load_row4_gamma(const uint8_t *src, uint32_t n, int16_t *blk, int r)
{
    load_row4(src, n, dec_gamma, dec_gamma_hi, blk, r);
}

/* Round, narrow and write output pixel i of the four rows to the two row
 * pairs they make (rows 0 and 1 to out[0], 2 and 3 to out[1]) in pair
 * layout: pixel i at 6 * i, R R G G B B (upper row first). Each store writes
 * 16 bytes, the last 4 overwritten by pixel i + 1 (or the row's slack):
 * pixels must be written in increasing order. */
WF_RESIZE_INLINE void put4(v128_t r, v128_t g, v128_t b, int s, int fixed, int16_t *const out[2], uint32_t i)
{
    v128_t rg = wasm_i16x8_narrow_i32x4(round_shift(r, s, fixed), round_shift(g, s, fixed)); /* R0..R3 G0..G3 */
    v128_t bb = round_shift(b, s, fixed);
    bb = wasm_i16x8_narrow_i32x4(bb, bb); /* B0..B3 B0..B3 */
    wasm_v128_store(out[0] + 6 * (size_t)i, wasm_i16x8_shuffle(rg, bb, 0, 1, 4, 5, 8, 9, 8, 9));
    wasm_v128_store(out[1] + 6 * (size_t)i, wasm_i16x8_shuffle(rg, bb, 2, 3, 6, 7, 10, 11, 10, 11));
}

WF_RESIZE_INLINE void hpass4_body(const wf_resize_fixed *f, const int16_t *blk, uint32_t n, int16_t *const out[2],
                                  int s, int fixed)
{
    uint32_t i = 0, xp = f->xp;
    const v128_t zero = wasm_i32x4_splat(0);
    for (; i + 2 <= n; i += 2) {
        const int16_t *p0 = blk + (size_t)f->xpair[i] * 24, *p1 = blk + (size_t)f->xpair[i + 1] * 24;
        const int16_t *q0 = WX(f, xp, i, 0), *q1 = WX(f, xp, i + 1, 0);
        v128_t r0 = zero, g0 = zero, b0 = zero, r1 = zero, g1 = zero, b1 = zero;
        for (uint32_t k = 0; k < xp; k++, p0 += 24, p1 += 24, q0 += 8, q1 += 8) {
            v128_t w0 = wasm_v128_load32_splat(q0), w1 = wasm_v128_load32_splat(q1);
            r0 = wasm_i32x4_add(r0, wasm_i32x4_dot_i16x8(wasm_v128_load(p0), w0));
            g0 = wasm_i32x4_add(g0, wasm_i32x4_dot_i16x8(wasm_v128_load(p0 + 8), w0));
            b0 = wasm_i32x4_add(b0, wasm_i32x4_dot_i16x8(wasm_v128_load(p0 + 16), w0));
            r1 = wasm_i32x4_add(r1, wasm_i32x4_dot_i16x8(wasm_v128_load(p1), w1));
            g1 = wasm_i32x4_add(g1, wasm_i32x4_dot_i16x8(wasm_v128_load(p1 + 8), w1));
            b1 = wasm_i32x4_add(b1, wasm_i32x4_dot_i16x8(wasm_v128_load(p1 + 16), w1));
        }
        put4(r0, g0, b0, s, fixed, out, i);
        put4(r1, g1, b1, s, fixed, out, i + 1);
    }
    for (; i < n; i++) {
        const int16_t *p0 = blk + (size_t)f->xpair[i] * 24, *q0 = WX(f, xp, i, 0);
        v128_t r0 = zero, g0 = zero, b0 = zero;
        for (uint32_t k = 0; k < xp; k++, p0 += 24, q0 += 8) {
            v128_t w0 = wasm_v128_load32_splat(q0);
            r0 = wasm_i32x4_add(r0, wasm_i32x4_dot_i16x8(wasm_v128_load(p0), w0));
            g0 = wasm_i32x4_add(g0, wasm_i32x4_dot_i16x8(wasm_v128_load(p0 + 8), w0));
            b0 = wasm_i32x4_add(b0, wasm_i32x4_dot_i16x8(wasm_v128_load(p0 + 16), w0));
        }
        put4(r0, g0, b0, s, fixed, out, i);
    }
}

static WF_RESIZE_NOINLINE void hpass4_s16(const wf_resize_fixed *f, const int16_t *blk, uint32_t n,
                                          int16_t *const out[2])
{
    hpass4_body(f, blk, n, out, 16, 1);
}

static WF_RESIZE_NOINLINE void hpass4_any(const wf_resize_fixed *f, const int16_t *blk, uint32_t n,
                                          int16_t *const out[2])
{
    hpass4_body(f, blk, n, out, f->sx, 0);
}

static void hpass4(const wf_resize_fixed *f, const int16_t *blk, uint32_t n, int16_t *const out[2])
{
    if (f->sx == 16)
        hpass4_s16(f, blk, n, out);
    else
        hpass4_any(f, blk, n, out);
}
#endif

/* ---- 3. vertical pass and 4. store ------------------------------------- */

static uint8_t enc_at(const uint8_t *enc, int32_t v) { return enc[v < 0 ? 0 : v > IDX_MAX ? IDX_MAX : v]; }

#ifdef WF_SIMD
/* The SIMD build's vertical pass reads row pairs (pair layout, see put4):
 * one dot product with the weights (w0 w1) of the pair's two rows adds two
 * taps of four samples (R G B R, G B R G, B R G B for four pixels), every
 * lane used and no shuffle. q holds 2 * np weights, pair k's at q + 2k
 * (zeros for rows outside the window). The sums are the scalar build's:
 * the same int32 products added in another order (wrapping alike). */
/* rounds, clamps and stores the sums of four pixels (R G B R, G B R G,
 * B R G B) through the table enc */
WF_RESIZE_INLINE void store4(v128_t a0, v128_t a1, v128_t a2, int sh, int fixed, const uint8_t *enc, uint8_t *dst)
{
    const v128_t zero = wasm_i32x4_splat(0);
    const v128_t top = wasm_i32x4_splat(IDX_MAX);
    a0 = wasm_i32x4_min(wasm_i32x4_max(round_shift(a0, sh, fixed), zero), top);
    a1 = wasm_i32x4_min(wasm_i32x4_max(round_shift(a1, sh, fixed), zero), top);
    a2 = wasm_i32x4_min(wasm_i32x4_max(round_shift(a2, sh, fixed), zero), top);
    dst[0] = enc[wasm_i32x4_extract_lane(a0, 0)];
    dst[1] = enc[wasm_i32x4_extract_lane(a0, 1)];
    dst[2] = enc[wasm_i32x4_extract_lane(a0, 2)];
    dst[3] = 255;
    dst[4] = enc[wasm_i32x4_extract_lane(a0, 3)];
    dst[5] = enc[wasm_i32x4_extract_lane(a1, 0)];
    dst[6] = enc[wasm_i32x4_extract_lane(a1, 1)];
    dst[7] = 255;
    dst[8] = enc[wasm_i32x4_extract_lane(a1, 2)];
    dst[9] = enc[wasm_i32x4_extract_lane(a1, 3)];
    dst[10] = enc[wasm_i32x4_extract_lane(a2, 0)];
    dst[11] = 255;
    dst[12] = enc[wasm_i32x4_extract_lane(a2, 1)];
    dst[13] = enc[wasm_i32x4_extract_lane(a2, 2)];
    dst[14] = enc[wasm_i32x4_extract_lane(a2, 3)];
    dst[15] = 255;
}

WF_RESIZE_INLINE void vpass_pairs_body(const int16_t *const *pairs, const int16_t *q, uint32_t np, int s, int fixed,
                                       uint32_t n, const uint8_t *enc, uint8_t *dst)
{
    uint32_t j = 0;
    int sh = s - 2;
    uint32_t bias = 1u << (sh - 1);
    const v128_t zero = wasm_i32x4_splat(0);
    /* eight pixels an iteration (one weight splat and row pointer for six
     * dot products), then four */
    for (; j + 8 <= n; j += 8, dst += 32) {
        v128_t a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero, a5 = zero;
        for (uint32_t k = 0; k < np; k++) {
            const int16_t *p = pairs[k] + 6 * (size_t)j;
            v128_t w = wasm_v128_load32_splat(q + 2 * k);
            a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(wasm_v128_load(p), w));
            a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(wasm_v128_load(p + 8), w));
            a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(wasm_v128_load(p + 16), w));
            a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(wasm_v128_load(p + 24), w));
            a4 = wasm_i32x4_add(a4, wasm_i32x4_dot_i16x8(wasm_v128_load(p + 32), w));
            a5 = wasm_i32x4_add(a5, wasm_i32x4_dot_i16x8(wasm_v128_load(p + 40), w));
        }
        store4(a0, a1, a2, sh, fixed, enc, dst);
        store4(a3, a4, a5, sh, fixed, enc, dst + 16);
    }
    for (; j + 4 <= n; j += 4, dst += 16) {
        v128_t a0 = zero, a1 = zero, a2 = zero;
        for (uint32_t k = 0; k < np; k++) {
            const int16_t *p = pairs[k] + 6 * (size_t)j;
            v128_t w = wasm_v128_load32_splat(q + 2 * k);
            a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(wasm_v128_load(p), w));
            a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(wasm_v128_load(p + 8), w));
            a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(wasm_v128_load(p + 16), w));
        }
        store4(a0, a1, a2, sh, fixed, enc, dst);
    }
    for (; j < n; j++, dst += 4) {
        uint32_t r = 0, g = 0, b = 0;
        for (uint32_t k = 0; k < np; k++) {
            const int16_t *p = pairs[k] + 6 * (size_t)j;
            int32_t w0 = q[2 * k], w1 = q[2 * k + 1];
            r += (uint32_t)(w0 * p[0]) + (uint32_t)(w1 * p[1]);
            g += (uint32_t)(w0 * p[2]) + (uint32_t)(w1 * p[3]);
            b += (uint32_t)(w0 * p[4]) + (uint32_t)(w1 * p[5]);
        }
        dst[0] = enc_at(enc, (int32_t)(r + bias) >> sh);
        dst[1] = enc_at(enc, (int32_t)(g + bias) >> sh);
        dst[2] = enc_at(enc, (int32_t)(b + bias) >> sh);
        dst[3] = 255;
    }
}

static WF_RESIZE_NOINLINE void vpass_pairs_s16(const int16_t *const *pairs, const int16_t *q, uint32_t np, uint32_t n,
                                               const uint8_t *enc, uint8_t *dst)
{
    vpass_pairs_body(pairs, q, np, 16, 1, n, enc, dst);
}

static WF_RESIZE_NOINLINE void vpass_pairs_any(const int16_t *const *pairs, const int16_t *q, uint32_t np, int s,
                                               uint32_t n, const uint8_t *enc, uint8_t *dst)
{
    vpass_pairs_body(pairs, q, np, s, 0, n, enc, dst);
}

static void vpass_pairs(const int16_t *const *pairs, const int16_t *q, uint32_t np, int s, uint32_t n,
                        const uint8_t *enc, uint8_t *dst)
{
    if (s == 16)
        vpass_pairs_s16(pairs, q, np, n, enc, dst);
    else
        vpass_pairs_any(pairs, q, np, s, n, enc, dst);
}
#else
static WF_RESIZE_NOINLINE void vpass_store(const int16_t *const *rows, const int16_t *q, uint32_t count, int s,
                                           uint32_t n, const uint8_t *enc, uint8_t *dst)
{
    uint32_t j = 0, pairs = (count + 1) / 2;
    int sh = s - 2;
    uint32_t bias = 1u << (sh - 1);
    for (; j < n; j++, dst += 4) {
        uint32_t r = 0, g = 0, b = 0;
        for (uint32_t k = 0; k < 2 * pairs; k++) {
            const int16_t *p = rows[k] + 4 * j;
            int32_t w = q[k];
            r += (uint32_t)(w * p[0]);
            g += (uint32_t)(w * p[1]);
            b += (uint32_t)(w * p[2]);
        }
        dst[0] = enc_at(enc, (int32_t)(r + bias) >> sh);
        dst[1] = enc_at(enc, (int32_t)(g + bias) >> sh);
        dst[2] = enc_at(enc, (int32_t)(b + bias) >> sh);
        dst[3] = 255;
    }
}
#endif

/* ---- driver ------------------------------------------------------------- */

/* 1 if every alpha sample of the w pixels at src is 255 */
static WF_RESIZE_NOINLINE int row_opaque(const uint8_t *p, uint32_t w)
{
    uint32_t acc = 0xffffffffu, x = 0;
#ifdef WF_SIMD
    v128_t all = wasm_i32x4_splat(-1);
    for (; x + 16 <= w; x += 16, p += 64)
        all = wasm_v128_and(all, wasm_v128_and(wasm_v128_and(wasm_v128_load(p), wasm_v128_load(p + 16)),
                                               wasm_v128_and(wasm_v128_load(p + 32), wasm_v128_load(p + 48))));
    acc = (uint32_t)wasm_i32x4_extract_lane(all, 0) & (uint32_t)wasm_i32x4_extract_lane(all, 1) &
          (uint32_t)wasm_i32x4_extract_lane(all, 2) & (uint32_t)wasm_i32x4_extract_lane(all, 3);
#endif
    for (; x < w; x++, p += 4) {
        uint32_t v;
        memcpy(&v, p, 4);
        acc &= v;
    }
    uint8_t b[4];
    memcpy(b, &acc, 4); /* the AND of every pixel, bytewise: b[3] is the AND of the alphas */
    return b[3] == 255;
}

/* Sets up a resize of a crop_w x crop_h opaque RGBA8 crop to dst (see
 * wf_resize_fixed_begin in resize_internal.h). */
int wf_resize_fixed_begin(wf_resize_fixed **slot, const wf_resize_axis *ax, const wf_resize_axis *ay, uint32_t crop_w,
                          uint32_t crop_h, uint8_t *dst, size_t dst_stride, uint32_t dst_w, uint32_t dst_h, int gamma)
{
    if (ax->max_count > MAX_TAPS || ay->max_count > MAX_TAPS)
        return 0;
    wf_resize_fixed *f = fixed_state(slot);
    if (!f)
        return -1;
    f->active = 0;
    int32_t hmin = 0, hmax = 0;
    int s, ok = 0;
    for (s = 16; s >= 10 && !ok; s--) {
        ok = build_x(f, ax, dst_w, s, &hmin, &hmax);
        if (ok < 0)
            return -1;
    }
    if (!ok)
        return 0;
    for (ok = 0, s = 16; s >= 10 && !ok; s--) {
        ok = build_y(f, ay, dst_h, s, hmin, hmax);
        if (ok < 0)
            return -1;
    }
    if (!ok)
        return 0;

    /* the source row: every pair any output pixel reads (zeros beyond the crop) */
    size_t pairs = (crop_w + 1) / 2;
    for (uint32_t i = 0; i < dst_w; i++)
        if ((size_t)f->xpair[i] + f->xp > pairs)
            pairs = (size_t)f->xpair[i] + f->xp;
    size_t len = (size_t)dst_w * 4;
#ifdef WF_SIMD
    /* the ring holds row pairs (pair layout, see put4; 8 samples of slack
     * for put4's last store): rows are filtered four at a time from an even
     * row, so up to three beyond a window's last row, and a window that
     * starts at an odd row takes the row before it in its first pair. A
     * scratch pair (the last) takes the rows beyond the crop. */
    uint32_t ring = ay->max_count / 2 + 4;
    size_t row_len = pairs * 24;
    len = (size_t)dst_w * 6 + 8;
#else
    uint32_t ring = ay->max_count;
    size_t row_len = pairs * 8;
#endif
    if (!grow((void **)&f->row, &f->cap_row, row_len, sizeof(int16_t)) ||
        !grow((void **)&f->ring, &f->cap_ring, (size_t)(ring + 1) * len, sizeof(int16_t)) ||
        !grow((void **)&f->rowp, &f->cap_rowp, ring + 1, sizeof(int16_t *)))
        return -1;
    memset(f->row, 0, row_len * sizeof(int16_t));
    f->ax = ax;
    f->ay = ay;
    f->nring = ring;
    f->len = len;
    f->crop_w = crop_w;
    f->crop_h = crop_h;
    f->dst = dst;
    f->dst_stride = dst_stride;
    f->dst_w = dst_w;
    f->dst_h = dst_h;
    f->gamma = gamma;
    f->y = 0;
    f->next = 0;
    f->active = 1;
    return 1;
}

uint32_t wf_resize_fixed_need(const wf_resize_fixed *f)
{
    if (!f || !f->active || f->y >= f->dst_h)
        return UINT32_MAX;
    uint32_t start = f->ay->start[f->y];
#ifdef WF_SIMD
    start &= ~1u; /* from the window's first row pair */
#endif
    return f->next > start ? f->next : start;
}

/* The loop of the resize: for every output row, the source rows of its
 * window are filtered (those not filtered yet) into the ring, then the
 * vertical pass writes it. It stops where it needs a source row outside
 * rows first .. first + count - 1 (at rows + (j - first) * stride) and goes
 * on from there at the next call: any split of the source into runs of rows
 * gives the same work in the same order. */
int wf_resize_fixed_push(wf_resize_fixed *f, const uint8_t *rows, size_t stride, uint32_t first, uint32_t count)
{
    if (!f || !f->active)
        return 0;
    const wf_resize_axis *ay = f->ay;
    const uint8_t *enc = f->enc[f->gamma ? 1 : 0];
    uint32_t ring = f->nring, crop_w = f->crop_w, dst_w = f->dst_w;
#ifdef WF_SIMD
    uint32_t crop_h = f->crop_h;
#endif
    size_t len = f->len;
    uint32_t end = first + count; /* the rows available: [first, end) */
    uint32_t next = f->next;      /* the first input row not yet filtered */
    for (; f->y < f->dst_h; f->y++) {
        uint32_t y = f->y, start = ay->start[y], n = ay->count[y];
        uint8_t *dst = f->dst + (size_t)y * f->dst_stride;
#ifdef WF_SIMD
        if (next < (start & ~1u))
            next = start & ~1u; /* groups of four rows start at an even row */
        while (next < start + n) {
            uint32_t last = next + 3 < crop_h ? next + 3 : crop_h - 1;
            if (next < first || last >= end) {
                f->next = next;
                return 1;
            }
            int16_t *out[2];
            for (uint32_t h = 0; h < 2; h++) {
                uint32_t row = next + 2 * h;
                out[h] = f->ring + (size_t)(row < crop_h ? (row >> 1) % ring : ring) * len;
            }
            for (uint32_t r = 0; r < 4; r++) {
                if (next + r >= crop_h)
                    continue;
                const uint8_t *line = rows + (size_t)(next + r - first) * stride;
                if (!row_opaque(line, crop_w)) {
                    f->active = 0;
                    return 0;
                }
                if (f->gamma)
                    load_row4_gamma(line, crop_w, f->row, (int)r);
                else
                    load_row4_lin(line, crop_w, f->row, (int)r);
            }
            hpass4(f, f->row, dst_w, out);
            next += 4;
        }
        uint32_t p0 = start >> 1, np = ((start & 1) + n + 1) / 2;
        for (uint32_t k = 0; k < np; k++)
            f->rowp[k] = f->ring + (size_t)((p0 + k) % ring) * len;
        vpass_pairs(f->rowp, f->wy + f->yoff[y], np, f->sy, dst_w, enc, dst);
#else
        if (next < start)
            next = start;
        for (; next < start + n; next++) {
            if (next < first || next >= end) {
                f->next = next;
                return 1;
            }
            const uint8_t *line = rows + (size_t)(next - first) * stride;
            /* checked row by row, just before the row is read anyway (it is
             * then in cache): at the first row with alpha the float path
             * takes over (and starts again) */
            if (!row_opaque(line, crop_w)) {
                f->active = 0;
                return 0;
            }
            if (f->gamma)
                load_row_gamma(line, crop_w, f->row);
            else
                load_row_lin(line, crop_w, f->row);
            hpass(f, f->row, dst_w, f->ring + (size_t)(next % ring) * len);
        }
        for (uint32_t k = 0; k < n; k++)
            f->rowp[k] = f->ring + (size_t)((start + k) % ring) * len;
        f->rowp[n] = f->rowp[n - 1]; /* the padding tap (weight 0) */
        vpass_store(f->rowp, f->wy + f->yoff[y], n, f->sy, dst_w, enc, dst);
#endif
    }
    f->next = next;
    f->active = 0;
    return 1;
}

int wf_resize_fixed_run(wf_resize_fixed **slot, const wf_resize_axis *ax, const wf_resize_axis *ay, const uint8_t *src,
                        size_t src_stride, uint32_t crop_w, uint32_t crop_h, uint8_t *dst, size_t dst_stride,
                        uint32_t dst_w, uint32_t dst_h, int gamma)
{
    int ok = wf_resize_fixed_begin(slot, ax, ay, crop_w, crop_h, dst, dst_stride, dst_w, dst_h, gamma);
    if (ok <= 0)
        return ok;
    /* every row is there: one run to the end */
    return wf_resize_fixed_push(*slot, src, src_stride, 0, crop_h);
}
