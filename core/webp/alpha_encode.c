/* SPDX-License-Identifier: MIT
 *
 * alpha_encode.c: the ALPH chunk payload of a lossy image with alpha (RFC
 * 9649 section 2.7.1.2): compression method 1, the alpha values coded as
 * the green channel of a header-less VP8L image. With alpha_quality < 100
 * the values are first reduced to fewer levels (pre-processing 1, "level
 * reduction"): 0 and 255 stay exact.
 *
 * Filtering (the spec's methods 1 horizontal, 2 vertical, 3 gradient: each
 * value minus a prediction from its decoded neighbours, modulo 256): the
 * plane is coded unfiltered and with the filter whose residuals have the
 * smallest entropy (an estimate on a histogram, one pass per filter), and
 * the smaller payload is kept; at effort >= 7 all four are coded. The
 * decoder undoes the filter exactly, so the alpha stays lossless.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "enc_internal.h"

static inline uint8_t grad(int a, int b, int c)
{
    int g = a + b - c;
    return (uint8_t)(g < 0 ? 0 : g > 255 ? 255 : g);
}

/* The prediction of (x, y) under filter f (1-3) from the plane a: the
 * first row from the left (the first value from 0), the first column
 * from above. */
static inline int predict(const uint8_t *a, uint32_t w, uint32_t x, uint32_t y, int f)
{
    const uint8_t *p = a + (size_t)y * w + x;
    if (y == 0)
        return x ? p[-1] : 0;
    if (x == 0)
        return p[-(ptrdiff_t)w];
    if (f == 1)
        return p[-1];
    if (f == 2)
        return p[-(ptrdiff_t)w];
    return grad(p[-1], p[-(ptrdiff_t)w], p[-(ptrdiff_t)w - 1]);
}

/* out = the residuals of filter f (0: a copy) */
static void filter_plane(const uint8_t *a, uint32_t w, uint32_t h, int f, uint8_t *out)
{
    uint32_t x, y;
    size_t i = 0;
    if (f == 0) {
        memcpy(out, a, (size_t)w * h);
        return;
    }
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++, i++)
            out[i] = (uint8_t)(a[i] - predict(a, w, x, y, f));
}

/* Entropy (bits) of the residuals of filter f. */
static double filter_entropy(const uint8_t *a, uint32_t w, uint32_t h, int f)
{
    uint32_t hist[256], x, y;
    size_t i = 0, n = (size_t)w * h;
    double bits = 0;
    int k;
    memset(hist, 0, sizeof(hist));
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++, i++)
            hist[(uint8_t)(a[i] - (f ? predict(a, w, x, y, f) : 0))]++;
    for (k = 0; k < 256; k++)
        if (hist[k])
            bits -= hist[k] * log2((double)hist[k] / (double)n);
    return bits;
}

/* The VP8L payload of a plane of values (green channel). */
static wf_status code_plane(const uint8_t *v, uint32_t w, uint32_t h, int effort, uint32_t *argb, uint8_t **out,
                            size_t *out_size)
{
    size_t n = (size_t)w * h, i;
    wf_webp_vp8l_params p;
    for (i = 0; i < n; i++)
        argb[i] = 0xff000000u | ((uint32_t)v[i] << 8);
    p.effort = effort;
    p.exact = 1;
    return wf_webp_vp8l_encode(argb, w, h, &p, 1, out, out_size);
}

wf_status wf_webp_alph_encode(const uint8_t *rgba, uint32_t w, uint32_t h, size_t stride, int alpha_quality, int effort,
                              uint8_t **out, size_t *out_size)
{
    size_t n = (size_t)w * h;
    uint32_t *argb = (uint32_t *)malloc(n * sizeof(uint32_t)), x, y;
    uint8_t *plane = (uint8_t *)malloc(2 * n), *res, *best = NULL, *buf;
    size_t best_size = 0;
    int levels = alpha_quality >= 100 ? 256 : 2 + (alpha_quality * 62) / 100;
    int f, best_f = 0, est_f = 0, tries[4] = {1, 0, 0, 0};
    double est_bits = 0;
    wf_status st = WF_OK;
    *out = NULL;
    *out_size = 0;
    if (!argb || !plane) {
        free(argb);
        free(plane);
        return WF_ERR_OUT_OF_MEMORY;
    }
    res = plane + n;
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            uint32_t a = rgba[(size_t)y * stride + (size_t)x * 4 + 3];
            if (levels < 256) {
                /* nearest of `levels` values spread evenly over 0..255 */
                uint32_t k = (a * (uint32_t)(levels - 1) + 127) / 255;
                a = (k * 255 + (uint32_t)(levels - 1) / 2) / (uint32_t)(levels - 1);
            }
            plane[(size_t)y * w + x] = (uint8_t)a;
        }
    if (effort >= 7) {
        tries[1] = tries[2] = tries[3] = 1;
    } else {
        for (f = 0; f < 4; f++) {
            double b = filter_entropy(plane, w, h, f);
            if (f == 0 || b < est_bits) {
                est_bits = b;
                est_f = f;
            }
        }
        tries[est_f] = 1;
    }
    for (f = 0; f < 4 && st == WF_OK; f++) {
        uint8_t *v = NULL;
        size_t vsize = 0;
        if (!tries[f])
            continue;
        filter_plane(plane, w, h, f, res);
        st = code_plane(res, w, h, effort, argb, &v, &vsize);
        if (st == WF_OK && (!best || vsize < best_size)) {
            free(best);
            best = v;
            best_size = vsize;
            best_f = f;
        } else {
            free(v);
        }
    }
    free(argb);
    free(plane);
    if (st != WF_OK) {
        free(best);
        return st;
    }
    buf = (uint8_t *)malloc(best_size + 1);
    if (!buf) {
        free(best);
        return WF_ERR_OUT_OF_MEMORY;
    }
    /* method 1, the filter, pre-processing */
    buf[0] = (uint8_t)(1 | best_f << 2 | (levels < 256 ? 1 << 4 : 0));
    memcpy(buf + 1, best, best_size);
    free(best);
    *out = buf;
    *out_size = best_size + 1;
    return WF_OK;
}
