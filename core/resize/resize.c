/* SPDX-License-Identifier: MIT
 *
 * resize.c: wf_resize(), separable resampling in linear light with
 * premultiplied alpha (see wf/resize.h for the contract).
 *
 * Per source row of the crop (top to bottom):
 *   1. load: sRGB samples -> linear float through a table (or value / max
 *      with WF_RESIZE_GAMMA), colour multiplied by alpha (premultiplied);
 *   2. horizontal pass: dst_width output pixels, each a weighted sum of the
 *      input pixels under the filter (weights of filters.c);
 * then, as soon as the rows an output row needs are there,
 *   3. vertical pass: the output row as a weighted sum of horizontally
 *      filtered rows;
 *   4. store: divide colour by alpha, linear -> sRGB through a table, round.
 *
 * The vertical pass gathers from a ring of filtered rows (as many rows as
 * the largest vertical window), or, when that ring would be large (strong
 * vertical reduction of a wide image, e.g. 6000 -> 1 rows), scatters: each
 * filtered row is added into the accumulators of the (few) output rows whose
 * windows contain it. Both add, for every output sample, the same products
 * in the same order (input rows ascending, starting from 0), so they give
 * identical results.
 *
 * Scalar and SIMD: every output sample is acc = 0; acc += w_k * v_k for k
 * ascending, in float, in both builds; f32x4 lanes do exactly the scalar
 * operations (no reassociation, no fused multiply-add in Wasm), so the
 * .simd.wasm output is bit-identical to the scalar one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "resize_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

/* Above this many bytes the gathering ring gives way to scattering when
 * scattering needs fewer rows. */
#define RING_LIMIT_BYTES (32u << 20)

struct wf_resizer {
    uint32_t max_pixels;
    wf_resize_axis ax, ay;
    float *row; /* one loaded source row, crop_width * 4 */
    size_t cap_row;
    float *rows; /* ring or accumulator rows, nrows * dst_width * 4 */
    size_t cap_rows;
    const float **rowp; /* row pointers of one vertical window */
    size_t cap_rowp;
    float *dec16;           /* 65536 entries: RGBA16 sRGB -> linear, built on first use */
    float *enc16;           /* 65537 entries: linear (step 1/65536) -> sRGB, built on first use */
    float dec8[256];        /* sRGB8 -> linear */
    float unit8[256];       /* v / 255 */
    uint8_t enc8[65536];    /* linear (step 1/65535) -> sRGB8, rounded */
    wf_resize_fixed *fixed; /* the opaque RGBA8 path (resize_fixed.c), built on first use */
    /* the streamed resize (wf_resize_stream_begin): rows per push (0: none in
     * progress), the buffer the caller copies them to, its row stride, where
     * the crop starts in it, the crop's first row and height */
    uint32_t stream_rows;
    uint8_t *stream;
    size_t cap_stream, stream_stride, stream_x;
    uint32_t stream_y, fixed_crop_h;
#ifdef WF_SIMD
    /* the tables of load_row8 as lanes: lane[c][v] has dec8[v] (or unit8[v])
     * in lane c and 0 elsewhere (c < 3); lane[3][v] is unit8[v] in all four */
    float lane_lin[4][256][4];
    float lane_gamma[4][256][4];
#endif
};

static double srgb_decode(double v) { return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4); }

static double srgb_encode(double l) { return l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1.0 / 2.4) - 0.055; }

wf_resizer *wf_resizer_alloc(void)
{
    wf_resizer *r = (wf_resizer *)calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->max_pixels = WF_RESIZE_DEFAULT_MAX_PIXELS;
    for (int v = 0; v < 256; v++) {
        r->dec8[v] = (float)srgb_decode(v / 255.0);
        r->unit8[v] = (float)(v / 255.0);
    }
    /* enc8[i] = round(255 * encode(i / 65535)): encode is increasing, so the
     * value steps from v to v+1 where i / 65535 reaches decode((v + 0.5) / 255). */
    int v = 0;
    double next = srgb_decode(0.5 / 255.0);
    for (int i = 0; i < 65536; i++) {
        double l = i / 65535.0;
        while (v < 255 && l >= next) {
            v++;
            next = v < 255 ? srgb_decode((v + 0.5) / 255.0) : 2.0;
        }
        r->enc8[i] = (uint8_t)v;
    }
#ifdef WF_SIMD
    for (int i = 0; i < 256; i++)
        for (int c = 0; c < 4; c++)
            for (int l = 0; l < 4; l++) {
                r->lane_lin[c][i][l] = c == 3 ? r->unit8[i] : c == l ? r->dec8[i] : 0.0f;
                r->lane_gamma[c][i][l] = c == 3 ? r->unit8[i] : c == l ? r->unit8[i] : 0.0f;
            }
#endif
    return r;
}

void wf_resizer_free(wf_resizer *r)
{
    if (!r)
        return;
    wf_resize_axis_release(&r->ax);
    wf_resize_axis_release(&r->ay);
    free(r->row);
    free(r->rows);
    free((void *)r->rowp);
    free(r->dec16);
    free(r->enc16);
    wf_resize_fixed_free(r->fixed);
    free(r->stream);
    free(r);
}

void wf_resizer_set_max_pixels(wf_resizer *r, uint32_t max_pixels)
{
    if (r)
        r->max_pixels = max_pixels ? max_pixels : WF_RESIZE_DEFAULT_MAX_PIXELS;
}

static int tables16(wf_resizer *r)
{
    if (r->dec16)
        return 1;
    float *dec = (float *)malloc(65536 * sizeof *dec);
    float *enc = (float *)malloc(65537 * sizeof *enc);
    if (!dec || !enc) {
        free(dec);
        free(enc);
        return 0;
    }
    for (int i = 0; i < 65536; i++)
        dec[i] = (float)srgb_decode(i / 65535.0);
    for (int i = 0; i <= 65536; i++)
        enc[i] = (float)srgb_encode(i / 65536.0);
    r->dec16 = dec;
    r->enc16 = enc;
    return 1;
}

/* Grows *buf to at least n floats (contents not kept). */
static int grow_floats(float **buf, size_t *cap, size_t n)
{
    if (n <= *cap)
        return 1;
    float *p = (float *)malloc(n * sizeof *p);
    if (!p)
        return 0;
    free(*buf);
    *buf = p;
    *cap = n;
    return 1;
}

/* ---- 1. load ------------------------------------------------------------ */

#ifdef WF_SIMD
/* (lane[0][r] | lane[1][g] | lane[2][b] | (0,0,0,1)) * lane[3][a]: the lanes
 * are disjoint, so the OR is exact, and multiplying by 1.0 (a = 255) changes
 * nothing: the same values as the scalar code. */
static void load_row8(const uint8_t *src, uint32_t n, float (*lane)[256][4], float *out)
{
    const v128_t one_a = wasm_f32x4_make(0.0f, 0.0f, 0.0f, 1.0f);
    for (uint32_t i = 0; i < n; i++, src += 4, out += 4) {
        v128_t c = wasm_v128_or(wasm_v128_or(wasm_v128_load(lane[0][src[0]]), wasm_v128_load(lane[1][src[1]])),
                                wasm_v128_or(wasm_v128_load(lane[2][src[2]]), one_a));
        wasm_v128_store(out, wasm_f32x4_mul(c, wasm_v128_load(lane[3][src[3]])));
    }
}
#else
static void load_row8(const uint8_t *src, uint32_t n, const float *tab, const float *unit, float *out)
{
    for (uint32_t i = 0; i < n; i++, src += 4, out += 4) {
        uint8_t a = src[3];
        if (a == 255) {
            out[0] = tab[src[0]];
            out[1] = tab[src[1]];
            out[2] = tab[src[2]];
            out[3] = 1.0f;
        } else {
            float af = unit[a];
            out[0] = tab[src[0]] * af;
            out[1] = tab[src[1]] * af;
            out[2] = tab[src[2]] * af;
            out[3] = af;
        }
    }
}
#endif

static void load_row16(const uint16_t *src, uint32_t n, const float *dec16, float *out)
{
    for (uint32_t i = 0; i < n; i++, src += 4, out += 4) {
        float af = (float)src[3] / 65535.0f;
        for (int c = 0; c < 3; c++)
            out[c] = (dec16 ? dec16[src[c]] : (float)src[c] / 65535.0f) * af;
        out[3] = af;
    }
}

/* ---- 2. horizontal pass ------------------------------------------------- */

/* One output pixel: acc = 0; acc += w[k] * in[k] for k ascending. */
static void hpass_one(const float *p, const float *w, uint32_t count, float *out)
{
#ifdef WF_SIMD
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (uint32_t k = 0; k < count; k++, p += 4)
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_splat(w[k]), wasm_v128_load(p)));
    wasm_v128_store(out, acc);
#else
    float r = 0.0f, g = 0.0f, b = 0.0f, a = 0.0f;
    for (uint32_t k = 0; k < count; k++, p += 4) {
        float wk = w[k];
        r += wk * p[0];
        g += wk * p[1];
        b += wk * p[2];
        a += wk * p[3];
    }
    out[0] = r;
    out[1] = g;
    out[2] = b;
    out[3] = a;
#endif
}

static void hpass(const float *in, float *out, const wf_resize_axis *ax, uint32_t n)
{
    uint32_t i = 0;
#ifdef WF_SIMD
    /* four output pixels at a time: four independent chains of adds hide
     * their latency; each pixel still sums its taps in ascending order */
    for (; i + 4 <= n; i += 4, out += 16) {
        const float *p0 = in + (size_t)ax->start[i] * 4, *p1 = in + (size_t)ax->start[i + 1] * 4;
        const float *p2 = in + (size_t)ax->start[i + 2] * 4, *p3 = in + (size_t)ax->start[i + 3] * 4;
        const float *w0 = ax->w + ax->offset[i], *w1 = ax->w + ax->offset[i + 1];
        const float *w2 = ax->w + ax->offset[i + 2], *w3 = ax->w + ax->offset[i + 3];
        uint32_t c0 = ax->count[i], c1 = ax->count[i + 1], c2 = ax->count[i + 2], c3 = ax->count[i + 3];
        uint32_t m = c0 < c1 ? c0 : c1;
        m = m < c2 ? m : c2;
        m = m < c3 ? m : c3;
        v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
        for (uint32_t k = 0; k < m; k++) {
            a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(w0[k]), wasm_v128_load(p0 + 4 * k)));
            a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_f32x4_splat(w1[k]), wasm_v128_load(p1 + 4 * k)));
            a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wasm_f32x4_splat(w2[k]), wasm_v128_load(p2 + 4 * k)));
            a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wasm_f32x4_splat(w3[k]), wasm_v128_load(p3 + 4 * k)));
        }
        for (uint32_t k = m; k < c0; k++)
            a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(w0[k]), wasm_v128_load(p0 + 4 * k)));
        for (uint32_t k = m; k < c1; k++)
            a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_f32x4_splat(w1[k]), wasm_v128_load(p1 + 4 * k)));
        for (uint32_t k = m; k < c2; k++)
            a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wasm_f32x4_splat(w2[k]), wasm_v128_load(p2 + 4 * k)));
        for (uint32_t k = m; k < c3; k++)
            a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wasm_f32x4_splat(w3[k]), wasm_v128_load(p3 + 4 * k)));
        wasm_v128_store(out, a0);
        wasm_v128_store(out + 4, a1);
        wasm_v128_store(out + 8, a2);
        wasm_v128_store(out + 12, a3);
    }
#endif
    for (; i < n; i++, out += 4)
        hpass_one(in + (size_t)ax->start[i] * 4, ax->w + ax->offset[i], ax->count[i], out);
}

/* ---- 3. vertical pass --------------------------------------------------- */

/* out[j] = sum over k ascending of w[k] * rows[k][j], for j < len (len % 4 == 0). */
static WF_RESIZE_NOINLINE void vgather(const float *const *rows, const float *w, uint32_t n, float *out, size_t len)
{
    size_t j = 0;
#ifdef WF_SIMD
    for (; j + 16 <= len; j += 16) {
        v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
        for (uint32_t k = 0; k < n; k++) {
            v128_t wk = wasm_f32x4_splat(w[k]);
            const float *p = rows[k] + j;
            a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wk, wasm_v128_load(p)));
            a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wk, wasm_v128_load(p + 4)));
            a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wk, wasm_v128_load(p + 8)));
            a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wk, wasm_v128_load(p + 12)));
        }
        wasm_v128_store(out + j, a0);
        wasm_v128_store(out + j + 4, a1);
        wasm_v128_store(out + j + 8, a2);
        wasm_v128_store(out + j + 12, a3);
    }
    for (; j < len; j += 4) {
        v128_t a0 = wasm_f32x4_splat(0.0f);
        for (uint32_t k = 0; k < n; k++)
            a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(w[k]), wasm_v128_load(rows[k] + j)));
        wasm_v128_store(out + j, a0);
    }
#else
    /* 16 samples per pass over the taps: one weight and row pointer load per
     * 16 products (what wasm2js, with its bounds-checked loads, gains most from) */
    for (; j + 16 <= len; j += 16) {
        float a[16] = {0.0f};
        for (uint32_t k = 0; k < n; k++) {
            const float *p = rows[k] + j;
            float wk = w[k];
            for (int q = 0; q < 16; q++)
                a[q] += wk * p[q];
        }
        memcpy(out + j, a, sizeof a);
    }
    for (; j < len; j += 4) {
        float a0 = 0.0f, a1 = 0.0f, a2 = 0.0f, a3 = 0.0f;
        for (uint32_t k = 0; k < n; k++) {
            const float *p = rows[k] + j;
            float wk = w[k];
            a0 += wk * p[0];
            a1 += wk * p[1];
            a2 += wk * p[2];
            a3 += wk * p[3];
        }
        out[j] = a0;
        out[j + 1] = a1;
        out[j + 2] = a2;
        out[j + 3] = a3;
    }
#endif
}

/* acc[j] += w * row[j] for j < len (len % 4 == 0). */
static WF_RESIZE_NOINLINE void vscatter(float *acc, float w, const float *row, size_t len)
{
    size_t j = 0;
#ifdef WF_SIMD
    v128_t wv = wasm_f32x4_splat(w);
    for (; j < len; j += 4)
        wasm_v128_store(acc + j, wasm_f32x4_add(wasm_v128_load(acc + j), wasm_f32x4_mul(wv, wasm_v128_load(row + j))));
#else
    for (; j < len; j++)
        acc[j] += w * row[j];
#endif
}

/* ---- 4. store ----------------------------------------------------------- */

static float clamp01(float v)
{
    if (!(v > 0.0f))
        return 0.0f; /* also NaN */
    return v < 1.0f ? v : 1.0f;
}

/* round(x) for 0 <= x < 2^22, ties to even: adding 2^23 leaves the integer
 * in the low mantissa bits. No float -> int conversion (which Wasm without
 * non-trapping conversions guards with a branch), the same in every build. */
static uint32_t round_small(float x)
{
    float y = x + 8388608.0f;
    uint32_t bits;
    memcpy(&bits, &y, sizeof bits);
    return bits & 0x7fffff;
}

static void store_row8(const float *in, uint32_t n, const uint8_t *enc8, int gamma, uint8_t *dst)
{
    for (uint32_t i = 0; i < n; i++, in += 4, dst += 4) {
        float a = in[3];
        uint32_t a8 = round_small(clamp01(a) * 255.0f);
        if (a8 == 0) {
            dst[0] = dst[1] = dst[2] = dst[3] = 0;
            continue;
        }
        float inv = 1.0f / a;
        for (int c = 0; c < 3; c++) {
            float v = clamp01(in[c] * inv);
            dst[c] = gamma ? (uint8_t)round_small(v * 255.0f) : enc8[round_small(v * 65535.0f)];
        }
        dst[3] = (uint8_t)a8;
    }
}

static void store_row16(const float *in, uint32_t n, const float *enc16, uint16_t *dst)
{
    for (uint32_t i = 0; i < n; i++, in += 4, dst += 4) {
        float a = in[3];
        uint16_t a16 = (uint16_t)round_small(clamp01(a) * 65535.0f);
        if (a16 == 0) {
            dst[0] = dst[1] = dst[2] = dst[3] = 0;
            continue;
        }
        float inv = 1.0f / a;
        for (int c = 0; c < 3; c++) {
            float v = clamp01(in[c] * inv);
            if (enc16) {
                /* linear interpolation in a 65537-entry table (error < 0.01 of a 16-bit step) */
                float p = v * 65536.0f;
                uint32_t k = (uint32_t)p;
                if (k >= 65536)
                    v = enc16[65536];
                else
                    v = enc16[k] + (p - (float)k) * (enc16[k + 1] - enc16[k]);
            }
            dst[c] = (uint16_t)round_small(v * 65535.0f);
        }
        dst[3] = a16;
    }
}

/* ---- wf_resize ---------------------------------------------------------- */

typedef struct job {
    const uint8_t *src; /* first byte of the crop */
    size_t src_stride;  /* bytes per source row */
    uint8_t *dst;
    size_t dst_stride;
    uint32_t crop_w, crop_h, dst_w, dst_h;
    int rgba16, gamma;
} job;

static WF_RESIZE_NOINLINE void load_and_filter(wf_resizer *r, const job *jb, uint32_t y, float *out)
{
    const uint8_t *s = jb->src + (size_t)y * jb->src_stride;
    if (jb->rgba16)
        load_row16((const uint16_t *)(const void *)s, jb->crop_w, jb->gamma ? NULL : r->dec16, r->row);
    else
#ifdef WF_SIMD
        load_row8(s, jb->crop_w, jb->gamma ? r->lane_gamma : r->lane_lin, r->row);
#else
        load_row8(s, jb->crop_w, jb->gamma ? r->unit8 : r->dec8, r->unit8, r->row);
#endif
    hpass(r->row, out, &r->ax, jb->dst_w);
}

static WF_RESIZE_NOINLINE void store(wf_resizer *r, const job *jb, uint32_t y, const float *acc)
{
    uint8_t *d = jb->dst + (size_t)y * jb->dst_stride;
    if (jb->rgba16)
        store_row16(acc, jb->dst_w, jb->gamma ? NULL : r->enc16, (uint16_t *)(void *)d);
    else
        store_row8(acc, jb->dst_w, r->enc8, jb->gamma, d);
}

/* The largest number of output rows whose windows contain one input row. */
static uint32_t max_overlap(const wf_resize_axis *ay, uint32_t dst_h)
{
    uint32_t best = 0, first = 0; /* first output row whose window has not ended */
    for (uint32_t y = 0; y < dst_h; y++) {
        /* rows first..y are open at input row start[y] */
        while (first < y && ay->start[first] + ay->count[first] <= ay->start[y])
            first++;
        if (y - first + 1 > best)
            best = y - first + 1;
    }
    return best;
}

static wf_status run(wf_resizer *r, const job *jb)
{
    const wf_resize_axis *ay = &r->ay;
    size_t len = (size_t)jb->dst_w * 4;
    uint32_t gather_rows = ay->max_count;
    uint32_t scatter_rows = max_overlap(ay, jb->dst_h);
    int scatter = (double)gather_rows * (double)len * 4.0 > RING_LIMIT_BYTES && scatter_rows < gather_rows;
    /* gather: the ring plus the output row; scatter: the accumulators plus the filtered row */
    uint32_t nrows = (scatter ? scatter_rows : gather_rows) + 1;
    if ((double)nrows * (double)len > (double)(SIZE_MAX / sizeof(float)))
        return WF_ERR_OUT_OF_MEMORY;
    if (!grow_floats(&r->rows, &r->cap_rows, nrows * len) || !grow_floats(&r->row, &r->cap_row, (size_t)jb->crop_w * 4))
        return WF_ERR_OUT_OF_MEMORY;
    if (gather_rows > r->cap_rowp) {
        const float **p = (const float **)malloc(gather_rows * sizeof *p);
        if (!p)
            return WF_ERR_OUT_OF_MEMORY;
        free((void *)r->rowp);
        r->rowp = p;
        r->cap_rowp = gather_rows;
    }
    float *last = r->rows + (size_t)(nrows - 1) * len;

    if (!scatter) {
        uint32_t ring = gather_rows;
        uint32_t next = 0; /* the first input row not yet filtered */
        for (uint32_t y = 0; y < jb->dst_h; y++) {
            uint32_t start = ay->start[y], n = ay->count[y];
            if (next < start)
                next = start;
            for (; next < start + n; next++)
                load_and_filter(r, jb, next, r->rows + (size_t)(next % ring) * len);
            for (uint32_t k = 0; k < n; k++)
                r->rowp[k] = r->rows + (size_t)((start + k) % ring) * len;
            vgather(r->rowp, ay->w + ay->offset[y], n, last, len);
            store(r, jb, y, last);
        }
        return WF_OK;
    }

    uint32_t slots = scatter_rows;
    uint32_t open = 0, done = 0; /* rows [done, open) have accumulators */
    for (uint32_t j = 0; j < jb->crop_h && done < jb->dst_h; j++) {
        while (open < jb->dst_h && ay->start[open] <= j) {
            memset(r->rows + (size_t)(open % slots) * len, 0, len * sizeof(float));
            open++;
        }
        if (done == open)
            continue; /* no output row reads this input row */
        load_and_filter(r, jb, j, last);
        for (uint32_t y = done; y < open; y++) {
            uint32_t k = j - ay->start[y];
            if (k < ay->count[y])
                vscatter(r->rows + (size_t)(y % slots) * len, ay->w[ay->offset[y] + k], last, len);
        }
        while (done < open && ay->start[done] + ay->count[done] <= j + 1) {
            store(r, jb, done, r->rows + (size_t)(done % slots) * len);
            done++;
        }
    }
    return WF_OK;
}

/* The checks of wf_resize() and wf_resize_stream_begin() (src_nbytes is
 * not checked when src is NULL), then the job and both axes. */
static wf_status setup(wf_resizer *r, job *jb, const void *src, size_t src_nbytes, uint32_t src_width,
                       uint32_t src_height, uint32_t crop_x, uint32_t crop_y, uint32_t crop_width, uint32_t crop_height,
                       void *dst, size_t dst_nbytes, uint32_t dst_width, uint32_t dst_height, int filter,
                       unsigned flags)
{
    if (!dst || (flags & ~(unsigned)(WF_RESIZE_RGBA16 | WF_RESIZE_GAMMA)))
        return WF_ERR_INVALID_ARGUMENT;
    if (filter < 0 || filter >= WF_RESIZE_FILTER_COUNT)
        return WF_RESIZE_BAD_FILTER;
    if (!src_width || !src_height || !dst_width || !dst_height)
        return WF_RESIZE_BAD_DIMENSIONS;
    if (!crop_width || !crop_height || (uint64_t)crop_x + crop_width > src_width ||
        (uint64_t)crop_y + crop_height > src_height)
        return WF_RESIZE_BAD_CROP;
    if ((uint64_t)crop_width * crop_height > r->max_pixels || (uint64_t)dst_width * dst_height > r->max_pixels)
        return WF_RESIZE_TOO_LARGE;
    uint64_t bpp = flags & WF_RESIZE_RGBA16 ? 8 : 4;
    if ((src && (uint64_t)src_width * src_height * bpp > src_nbytes) ||
        (uint64_t)dst_width * dst_height * bpp > dst_nbytes)
        return WF_ERR_BUFFER_TOO_SMALL;

    jb->src_stride = (size_t)(src_width * bpp);
    jb->src = src ? (const uint8_t *)src + (size_t)crop_y * jb->src_stride + (size_t)(crop_x * bpp) : NULL;
    jb->dst = (uint8_t *)dst;
    jb->dst_stride = (size_t)(dst_width * bpp);
    jb->crop_w = crop_width;
    jb->crop_h = crop_height;
    jb->dst_w = dst_width;
    jb->dst_h = dst_height;
    jb->rgba16 = (flags & WF_RESIZE_RGBA16) != 0;
    jb->gamma = (flags & WF_RESIZE_GAMMA) != 0;
    if (crop_width == dst_width && crop_height == dst_height)
        return WF_OK; /* a copy: no axes */
    if (jb->rgba16 && !jb->gamma && !tables16(r))
        return WF_ERR_OUT_OF_MEMORY;
    wf_status st = wf_resize_axis_build(&r->ax, crop_width, dst_width, filter);
    if (st == WF_OK)
        st = wf_resize_axis_build(&r->ay, crop_height, dst_height, filter);
    return st;
}

wf_status wf_resize(wf_resizer *r, const void *src, size_t src_nbytes, uint32_t src_width, uint32_t src_height,
                    uint32_t crop_x, uint32_t crop_y, uint32_t crop_width, uint32_t crop_height, void *dst,
                    size_t dst_nbytes, uint32_t dst_width, uint32_t dst_height, int filter, unsigned flags)
{
    if (!r || !src)
        return WF_ERR_INVALID_ARGUMENT;
    r->stream_rows = 0; /* a stream in progress ends */
    job jb;
    wf_status st = setup(r, &jb, src, src_nbytes, src_width, src_height, crop_x, crop_y, crop_width, crop_height, dst,
                         dst_nbytes, dst_width, dst_height, filter, flags);
    if (st != WF_OK)
        return st;
    if (crop_width == dst_width && crop_height == dst_height) {
        for (uint32_t y = 0; y < dst_height; y++)
            memcpy(jb.dst + (size_t)y * jb.dst_stride, jb.src + (size_t)y * jb.src_stride, jb.dst_stride);
        return WF_OK;
    }
    if (!jb.rgba16) {
        int done = wf_resize_fixed_run(&r->fixed, &r->ax, &r->ay, jb.src, jb.src_stride, crop_width, crop_height,
                                       jb.dst, jb.dst_stride, dst_width, dst_height, jb.gamma);
        if (done < 0)
            return WF_ERR_OUT_OF_MEMORY;
        if (done)
            return WF_OK;
    }
    return run(r, &jb);
}

/* ---- the streamed resize ------------------------------------------------ */

/* Bytes of source rows per push: a few hundred KB, which stay in the cache
 * between the caller's copy and the filter. */
#define STREAM_BYTES (256u << 10)

wf_status wf_resize_stream_begin(wf_resizer *r, uint32_t src_width, uint32_t src_height, uint32_t crop_x,
                                 uint32_t crop_y, uint32_t crop_width, uint32_t crop_height, void *dst,
                                 size_t dst_nbytes, uint32_t dst_width, uint32_t dst_height, int filter, unsigned flags)
{
    if (!r)
        return WF_ERR_INVALID_ARGUMENT;
    r->stream_rows = 0;
    job jb;
    wf_status st = setup(r, &jb, NULL, 0, src_width, src_height, crop_x, crop_y, crop_width, crop_height, dst,
                         dst_nbytes, dst_width, dst_height, filter, flags);
    if (st != WF_OK || jb.rgba16 || (crop_width == dst_width && crop_height == dst_height))
        return st; /* the stream stays inactive: wf_resize() does these */
    int ok = wf_resize_fixed_begin(&r->fixed, &r->ax, &r->ay, crop_width, crop_height, jb.dst, jb.dst_stride, dst_width,
                                   dst_height, jb.gamma);
    if (ok < 0)
        return WF_ERR_OUT_OF_MEMORY;
    if (!ok)
        return WF_OK;
    size_t stride = jb.src_stride;
    uint32_t rows = (uint32_t)(STREAM_BYTES / stride) & ~3u;
    rows = rows < 4 ? 4 : rows;
    rows = rows > crop_height ? crop_height : rows;
    if ((size_t)rows * stride > r->cap_stream) {
        uint8_t *p = (uint8_t *)malloc((size_t)rows * stride);
        if (!p)
            return WF_ERR_OUT_OF_MEMORY;
        free(r->stream);
        r->stream = p;
        r->cap_stream = (size_t)rows * stride;
    }
    r->stream_rows = rows;
    r->stream_stride = stride;
    r->stream_x = (size_t)crop_x * 4;
    r->stream_y = crop_y;
    r->fixed_crop_h = crop_height;
    return WF_OK;
}

uint32_t wf_resize_stream_rows(const wf_resizer *r) { return r ? r->stream_rows : 0; }

uint8_t *wf_resize_stream_buffer(wf_resizer *r) { return r && r->stream_rows ? r->stream : NULL; }

uint32_t wf_resize_stream_next(const wf_resizer *r)
{
    if (!r || !r->stream_rows)
        return UINT32_MAX;
    uint32_t j = wf_resize_fixed_need(r->fixed);
    return j == UINT32_MAX ? j : r->stream_y + j;
}

int wf_resize_stream_push(wf_resizer *r, uint32_t count)
{
    if (!r || !r->stream_rows)
        return 0;
    uint32_t first = wf_resize_fixed_need(r->fixed);
    if (first == UINT32_MAX)
        return 1;
    uint32_t left = r->fixed_crop_h - first;
    count = count < r->stream_rows ? count : r->stream_rows;
    count = count < left ? count : left;
    if (!count)
        return 1; /* nothing given: nothing done */
    int ok = wf_resize_fixed_push(r->fixed, r->stream + r->stream_x, r->stream_stride, first, count);
    if (ok <= 0)
        r->stream_rows = 0;
    return ok;
}
