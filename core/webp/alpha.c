/* SPDX-License-Identifier: MIT
 * alpha.c: the ALPH chunk (RFC 9649 section 2.7.1.2 "Alpha"): header byte
 * (compression, filter, pre-processing), raw or VP8L-compressed alpha
 * (green channel of a headerless lossless stream), and the inverse of the
 * horizontal, vertical and gradient prediction filters. */
#include <string.h>
#include "webp_internal.h"

static inline uint8_t grad(int a, int b, int c)
{
    int g = a + b - c;
    return (uint8_t)(g < 0 ? 0 : g > 255 ? 255 : g);
}

/* Undoes the filter in place on the w*h plane. */
static void unfilter(uint8_t *a, uint32_t w, uint32_t h, int filter)
{
    uint32_t x, y;
    if (filter == 0)
        return;
    /* first row: every filter predicts from the left (the first pixel from 0) */
    for (x = 1; x < w; x++)
        a[x] = (uint8_t)(a[x] + a[x - 1]);
    for (y = 1; y < h; y++) {
        uint8_t *row = a + (size_t)y * w;
        const uint8_t *up = row - w;
        row[0] = (uint8_t)(row[0] + up[0]); /* first column: from above */
        if (filter == 1) {
            for (x = 1; x < w; x++)
                row[x] = (uint8_t)(row[x] + row[x - 1]);
        } else if (filter == 2) {
            for (x = 1; x < w; x++)
                row[x] = (uint8_t)(row[x] + up[x]);
        } else {
            for (x = 1; x < w; x++)
                row[x] = (uint8_t)(row[x] + grad(row[x - 1], up[x], up[x - 1]));
        }
    }
}

wf_status wf_webp_alph_decode(wf_webp_decoder *d, const uint8_t *p, size_t n, size_t file_off, uint32_t w, uint32_t h,
                              uint8_t *rgba, size_t stride)
{
    int method, filter, pre;
    size_t npx = (size_t)w * h, i;
    uint8_t *a;
    uint32_t x, y;
    if (n < 1)
        return wf_webp_fail(d, WF_WEBP_ALPH_BAD_HEADER, file_off);
    method = p[0] & 3;
    filter = (p[0] >> 2) & 3;
    pre = (p[0] >> 4) & 3;
    if (method > 1 || pre > 1 || (p[0] >> 6) != 0)
        return wf_webp_fail(d, WF_WEBP_ALPH_BAD_HEADER, file_off);
    if (!wf_webp_reserve(&d->alpha, npx))
        return wf_webp_fail(d, WF_ERR_OUT_OF_MEMORY, file_off);
    a = d->alpha.p;
    if (method == 0) {
        if (n - 1 < npx)
            return wf_webp_fail(d, WF_WEBP_ALPH_TRUNCATED, file_off + n);
        memcpy(a, p + 1, npx);
    } else {
        wf_status st = wf_webp_vp8l_decode(d, p + 1, n - 1, file_off + 1, w, h, 1);
        const uint32_t *argb = d->argb.p;
        if (st != WF_OK)
            return st;
        for (i = 0; i < npx; i++)
            a[i] = (uint8_t)(argb[i] >> 8);
    }
    unfilter(a, w, h, filter);
    for (y = 0; y < h; y++) {
        uint8_t *o = rgba + (size_t)y * stride + 3;
        const uint8_t *src = a + (size_t)y * w;
        for (x = 0; x < w; x++)
            o[4 * x] = src[x];
    }
    return WF_OK;
}
