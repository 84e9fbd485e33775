/* SPDX-License-Identifier: MIT
 *
 * test_resize.c: wf_resize() against the double-precision reference
 * (resize_reference.h) for every filter, RGBA8 and RGBA16, linear and gamma,
 * down, up, mixed, extreme ratios and crops (at most 1 level off per channel;
 * colour is not compared where either alpha is 0), plus the properties:
 * a constant image stays constant, an unchanged size is an exact copy,
 * fully transparent pixels lend no colour, errors are the documented
 * statuses and leave dst untouched, and the kernels match the reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wf/resize.h"
#include "../common/wf_check.h"
#include "resize_reference.h"
#include "../../../core/resize/resize_internal.h" /* wf_resize_fixed_decode_table */

static uint32_t rng = 12345;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static const char *filter_names[6] = {"box", "triangle", "catmull-rom", "mitchell", "lanczos3", "mks2021"};

/* kinds of test image */
enum { NOISE, NOISE_ALPHA, EDGES, GRADIENT };

static void *make_image(int w, int h, int depth, int kind)
{
    size_t n = (size_t)w * h * 4;
    uint16_t *p16 = (uint16_t *)malloc(n * 2);
    uint8_t *p8 = (uint8_t *)malloc(n);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int c = 0; c < 4; c++) {
                uint32_t v; /* 16-bit value */
                switch (kind) {
                case NOISE: v = c == 3 ? 65535 : rnd() & 65535; break;
                case NOISE_ALPHA: {
                    uint32_t r = rnd();
                    v = c < 3 ? r & 65535 : (r >> 3) % 4 == 0 ? 0 : (r >> 3) % 4 == 1 ? 65535 : r & 65535;
                    break;
                }
                case EDGES: v = ((x / 3 + y / 5) % 2) ? (c == 1 ? 0 : 65535) : (c == 3 ? 65535 : 2000 * c); break;
                default: v = (uint32_t)((x * 65535.0 / (w > 1 ? w - 1 : 1) + y * 9000.0 * c)) % 65536; break;
                }
                size_t i = ((size_t)y * w + x) * 4 + c;
                p16[i] = (uint16_t)v;
                p8[i] = (uint8_t)(v >> 8);
            }
    if (depth == 8) {
        free(p16);
        return p8;
    }
    free(p8);
    return p16;
}

static int max_diff;

/* Resizes with the core and the reference; returns the largest channel difference. */
static int compare(wf_resizer *r, const void *src, int sw, int sh, int cx, int cy, int cw, int ch, int dw, int dh,
                   int filter, int depth, int linear)
{
    size_t bpp = depth == 8 ? 4 : 8;
    size_t nbytes = (size_t)dw * dh * bpp;
    uint8_t *got = (uint8_t *)malloc(nbytes), *want = (uint8_t *)malloc(nbytes);
    wf_status st = wf_resize(r, src, (size_t)sw * sh * bpp, (uint32_t)sw, (uint32_t)sh, (uint32_t)cx, (uint32_t)cy,
                             (uint32_t)cw, (uint32_t)ch, got, nbytes, (uint32_t)dw, (uint32_t)dh, filter,
                             (depth == 16 ? WF_RESIZE_RGBA16 : 0) | (linear ? 0 : WF_RESIZE_GAMMA));
    CHECK(st == WF_OK, "wf_resize %s %dx%d -> %dx%d: status %d", filter_names[filter], cw, ch, dw, dh, st);
    ref_resize(src, sw, cx, cy, cw, ch, want, dw, dh, filter, depth, linear);
    int worst = 0;
    for (size_t i = 0; i < (size_t)dw * dh; i++) {
        int g[4], w[4];
        for (int c = 0; c < 4; c++) {
            g[c] = depth == 8 ? got[i * 4 + c] : ((uint16_t *)(void *)got)[i * 4 + c];
            w[c] = depth == 8 ? want[i * 4 + c] : ((uint16_t *)(void *)want)[i * 4 + c];
        }
        for (int c = 0; c < 4; c++) {
            if (c < 3 && (g[3] == 0 || w[3] == 0))
                continue;
            int d = ref_channel_diff(g, w, c, depth);
            if (d > worst)
                worst = d;
        }
    }
    CHECK(worst <= 1, "%s %s %s %dx%d(+%d,%d of %dx%d) -> %dx%d: max difference %d from the reference",
          filter_names[filter], depth == 8 ? "rgba8" : "rgba16", linear ? "linear" : "gamma", cw, ch, cx, cy, sw, sh,
          dw, dh, worst);
    if (worst > max_diff)
        max_diff = worst;
    free(got);
    free(want);
    return worst;
}

static void test_reference(wf_resizer *r)
{
    static const int sizes[][6] = {
        /* sw, sh, dw, dh, crop (1 = a crop inside) */
        {37, 23, 10, 50, 0}, {100, 80, 33, 7, 0}, {13, 9, 50, 41, 0}, {64, 64, 64, 20, 0},
        {64, 64, 20, 64, 0}, {600, 3, 1, 1, 0},   {3, 600, 2, 1, 0},  {50, 40, 17, 12, 1},
        {9, 9, 27, 27, 1},   {1, 1, 5, 3, 0},     {7, 5, 1, 1, 0},    {120, 90, 119, 91, 0},
    };
    for (int filter = 0; filter < 6; filter++)
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
            for (int depth = 8; depth <= 16; depth += 8)
                for (int linear = 0; linear <= 1; linear++) {
                    int kind = (int)((s + (size_t)filter) % 4);
                    int sw = sizes[s][0], sh = sizes[s][1], dw = sizes[s][2], dh = sizes[s][3];
                    void *img = make_image(sw, sh, depth, kind);
                    int cx = 0, cy = 0, cw = sw, ch = sh;
                    if (sizes[s][4]) {
                        cx = sw / 5;
                        cy = sh / 4;
                        cw = sw - cx - sw / 7;
                        ch = sh - cy - 1;
                    }
                    compare(r, img, sw, sh, cx, cy, cw, ch, dw, dh, filter, depth, linear);
                    free(img);
                }
}

/* The 6000 -> 1 kind of ratio, in both directions and both vertical strategies. */
static void test_extreme(wf_resizer *r)
{
    void *img = make_image(6000, 2, 8, NOISE_ALPHA);
    compare(r, img, 6000, 2, 0, 0, 6000, 2, 1, 1, 4, 8, 1);
    compare(r, img, 6000, 2, 0, 0, 6000, 2, 3, 2, 5, 8, 1);
    free(img);
    img = make_image(2, 6000, 8, NOISE);
    compare(r, img, 2, 6000, 0, 0, 2, 6000, 1, 1, 4, 8, 1);
    free(img);
    /* wide output and a strong vertical reduction: the scattering vertical pass */
    img = make_image(2100, 1100, 8, NOISE_ALPHA);
    compare(r, img, 2100, 1100, 0, 0, 2100, 1100, 2100 * 2, 2, 4, 8, 1);
    compare(r, img, 2100, 1100, 0, 0, 2100, 1100, 2099, 3, 5, 8, 0);
    free(img);
}

static void test_properties(wf_resizer *r)
{
    /* constant images stay constant */
    for (int filter = 0; filter < 6; filter++)
        for (int depth = 8; depth <= 16; depth += 8)
            for (int linear = 0; linear <= 1; linear++) {
                int sw = 31, sh = 17, dw = 12, dh = 40;
                size_t bpp = depth == 8 ? 4 : 8;
                uint8_t *src = (uint8_t *)malloc((size_t)sw * sh * bpp),
                        *dst = (uint8_t *)malloc((size_t)dw * dh * bpp);
                uint16_t px16[4] = {(uint16_t)(rnd() & 65535), (uint16_t)(rnd() & 65535), 1234,
                                    (uint16_t)(1 + rnd() % 65535)};
                uint8_t px8[4] = {(uint8_t)rnd(), 7, 255, (uint8_t)(1 + rnd() % 255)};
                for (int i = 0; i < sw * sh; i++)
                    memcpy(src + i * bpp, depth == 8 ? (void *)px8 : (void *)px16, bpp);
                wf_status st =
                    wf_resize(r, src, (size_t)sw * sh * bpp, sw, sh, 0, 0, sw, sh, dst, (size_t)dw * dh * bpp, dw, dh,
                              filter, (depth == 16 ? WF_RESIZE_RGBA16 : 0) | (linear ? 0 : WF_RESIZE_GAMMA));
                int same = st == WF_OK;
                for (int i = 0; same && i < dw * dh; i++)
                    same = memcmp(dst + i * bpp, depth == 8 ? (void *)px8 : (void *)px16, bpp) == 0;
                CHECK(same, "constant image not constant: %s rgba%d %s", filter_names[filter], depth,
                      linear ? "linear" : "gamma");
                free(src);
                free(dst);
            }
    /* identity is an exact copy (including colour under alpha 0) */
    {
        uint8_t *img = (uint8_t *)make_image(40, 30, 8, NOISE_ALPHA);
        uint8_t *out = (uint8_t *)malloc(20 * 10 * 4);
        wf_status st = wf_resize(r, img, 40 * 30 * 4, 40, 30, 5, 7, 20, 10, out, 20 * 10 * 4, 20, 10, 4, 0);
        int same = st == WF_OK;
        for (int y = 0; y < 10; y++)
            same = same && memcmp(out + y * 80, img + ((y + 7) * 40 + 5) * 4, 80) == 0;
        CHECK(same, "identity size is not an exact copy");
        free(img);
        free(out);
    }
    /* fully transparent red next to opaque blue: no red anywhere */
    for (int filter = 0; filter < 6; filter++) {
        int sw = 40, sh = 8;
        uint8_t *src = (uint8_t *)malloc((size_t)sw * sh * 4), *dst = (uint8_t *)malloc(100 * 5 * 4);
        for (int i = 0; i < sw * sh; i++) {
            int left = (i % sw) < sw / 2;
            uint8_t px[4] = {left ? 255 : 0, 0, left ? 0 : 255, left ? 0 : 255};
            memcpy(src + i * 4, px, 4);
        }
        for (int k = 0; k < 2; k++) {
            int dw = k ? 13 : 100, dh = k ? 3 : 5;
            wf_status st =
                wf_resize(r, src, (size_t)sw * sh * 4, sw, sh, 0, 0, sw, sh, dst, 100 * 5 * 4, dw, dh, filter, 0);
            int red = 0, blue_ok = 1;
            for (int i = 0; i < dw * dh; i++) {
                red |= dst[i * 4];
                if (dst[i * 4 + 3] > 0 && dst[i * 4 + 3] < 255 && dst[i * 4 + 2] != 255)
                    blue_ok = 0; /* partly transparent edge pixels keep full blue: no dark halo */
            }
            CHECK(st == WF_OK && red == 0, "%s: transparent red bled into the result", filter_names[filter]);
            CHECK(blue_ok, "%s: dark halo at the transparent edge", filter_names[filter]);
        }
        free(src);
        free(dst);
    }
}

static void test_errors(wf_resizer *r)
{
    uint8_t src[16 * 4], dst[64 * 4];
    memset(src, 9, sizeof src);
    memset(dst, 0xab, sizeof dst);
    CHECK(wf_resize(r, src, sizeof src, 0, 4, 0, 0, 1, 1, dst, sizeof dst, 2, 2, 4, 0) == WF_RESIZE_BAD_DIMENSIONS,
          "src width 0");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 0, 2, 4, 0) == WF_RESIZE_BAD_DIMENSIONS,
          "dst width 0");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 1, 0, 4, 4, dst, sizeof dst, 2, 2, 4, 0) == WF_RESIZE_BAD_CROP,
          "crop outside");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 0, 0, 0, 4, dst, sizeof dst, 2, 2, 4, 0) == WF_RESIZE_BAD_CROP,
          "empty crop");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 4294967295u, 0, 2, 4, dst, sizeof dst, 2, 2, 4, 0) == WF_RESIZE_BAD_CROP,
          "crop overflow");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 6, 0) == WF_RESIZE_BAD_FILTER,
          "filter 6");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, -1, 0) == WF_RESIZE_BAD_FILTER,
          "filter -1");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 4, 4) == WF_ERR_INVALID_ARGUMENT,
          "flag 4");
    CHECK(wf_resize(r, src, sizeof src - 1, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 4, 0) == WF_ERR_BUFFER_TOO_SMALL,
          "src short");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 0, 0, 4, 4, dst, 15, 2, 2, 4, 0) == WF_ERR_BUFFER_TOO_SMALL, "dst short");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 4, WF_RESIZE_RGBA16) ==
              WF_ERR_BUFFER_TOO_SMALL,
          "16-bit src short");
    CHECK(wf_resize(r, NULL, sizeof src, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 4, 0) == WF_ERR_INVALID_ARGUMENT,
          "NULL src");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 100000, 100000, 4, 0) == WF_RESIZE_TOO_LARGE,
          "huge dst");
    wf_resizer_set_max_pixels(r, 15);
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 4, 0) == WF_RESIZE_TOO_LARGE,
          "max pixels (crop)");
    CHECK(wf_resize(r, src, sizeof src, 4, 4, 0, 0, 3, 3, dst, sizeof dst, 2, 2, 4, 0) == WF_OK,
          "max pixels (small crop)");
    wf_resizer_set_max_pixels(r, 0);
    int untouched = 1;
    for (size_t i = 16; i < sizeof dst; i++)
        untouched &= dst[i] == 0xab;
    CHECK(untouched, "dst written on error");
}

static void test_kernels(void)
{
    for (int f = 0; f < 6; f++) {
        double worst = 0.0;
        for (double x = -5.0; x <= 5.0; x += 0.0625) {
            double d = fabs(wf_resize_filter_eval(f, x) - ref_kernel(f, x));
            if (d > worst)
                worst = d;
        }
        CHECK(worst < 1e-12, "kernel %s differs from the reference by %g", filter_names[f], worst);
        CHECK(wf_resize_filter_support(f) == ref_support[f], "support of %s", filter_names[f]);
        /* every kernel has unit area at integer sampling: sum of k(x + n) over n is 1 (MKS2021 and
         * the cubics by construction, Lanczos3 approximately) */
        double sum = 0.0;
        for (int n = -6; n <= 6; n++)
            sum += ref_kernel(f, 0.25 + n);
        CHECK(fabs(sum - 1.0) < (f == 4 ? 0.02 : 1e-12), "kernel %s: partition of unity %g", filter_names[f], sum);
    }
    CHECK(wf_resize_filter_support(6) == 0.0 && wf_resize_filter_eval(6, 0.0) == 0.0, "unknown filter");
}

/* The streamed resize (wf_resize_stream_*): rows pushed a run at a time give
 * the bytes of wf_resize(); alpha ends the stream; RGBA16 and identity sizes
 * are left to wf_resize(). */
static int stream(wf_resizer *r, const uint8_t *src, int sw, int sh, int cx, int cy, int cw, int ch, uint8_t *dst,
                  int dw, int dh, int filter, unsigned flags)
{
    wf_status st =
        wf_resize_stream_begin(r, (uint32_t)sw, (uint32_t)sh, (uint32_t)cx, (uint32_t)cy, (uint32_t)cw, (uint32_t)ch,
                               dst, (size_t)dw * dh * 4, (uint32_t)dw, (uint32_t)dh, filter, flags);
    if (st != WF_OK)
        return -2;
    uint32_t rows = wf_resize_stream_rows(r);
    if (!rows)
        return 2; /* not streamed */
    uint8_t *buf = wf_resize_stream_buffer(r);
    size_t stride = (size_t)sw * 4;
    for (int pushes = 0; pushes < 1000000; pushes++) {
        uint32_t j = wf_resize_stream_next(r);
        if (j >= (uint32_t)(cy + ch))
            return pushes > 0 ? 1 : -3;
        /* runs of every length from 4 (or what is left) to rows, in turn */
        uint32_t left = (uint32_t)(cy + ch) - j, n = 4 + (uint32_t)pushes % (rows < 4 ? 1 : rows - 3);
        n = n < rows ? n : rows;
        n = n < left ? n : left;
        memcpy(buf, src + (size_t)j * stride, n * stride);
        int ok = wf_resize_stream_push(r, n);
        if (ok <= 0)
            return ok;
    }
    return -4; /* no progress */
}

/* the decode tables of the fixed-point path (resize_tables.h) against their formulas */
static void test_tables(void)
{
    const uint32_t *lin = wf_resize_fixed_decode_table(0), *gam = wf_resize_fixed_decode_table(1);
    for (int v = 0; v < 256; v++) {
        double x = v / 255.0, l = x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4);
        CHECK(lin[v] == (uint32_t)floor(l * 16383 + 0.5), "linear decode table at %d: %u", v, lin[v]);
        CHECK(gam[v] == (uint32_t)((v * 2 * 16383 + 255) / 510), "gamma decode table at %d: %u", v, gam[v]);
    }
}

static void test_stream(wf_resizer *r)
{
    /* width 2500: 24 rows per push (256 KB / 10000 bytes, a multiple of 4) */
    static const int cases[][8] = {
        /* sw, sh, crop x, y, w, h, dw, dh */
        {2500, 150, 0, 0, 2500, 150, 997, 61}, {2500, 150, 0, 0, 2500, 150, 2500, 37},
        {2500, 150, 0, 0, 2500, 150, 30, 149}, {2500, 150, 13, 7, 1999, 131, 640, 403},
        {2500, 150, 301, 29, 55, 101, 71, 23}, {2500, 150, 0, 0, 2500, 150, 1, 1},
        {300, 200, 10, 20, 250, 170, 77, 51},  {5, 600, 1, 3, 3, 597, 2, 100},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const int *k = cases[c];
        int sw = k[0], sh = k[1], dw = k[6], dh = k[7];
        uint8_t *src = (uint8_t *)make_image(sw, sh, 8, c % 2 ? GRADIENT : NOISE);
        for (size_t i = 3; i < (size_t)sw * sh * 4; i += 4)
            src[i] = 255; /* opaque: the streamed (fixed-point) path */
        uint8_t *want = (uint8_t *)malloc((size_t)dw * dh * 4), *got = (uint8_t *)malloc((size_t)dw * dh * 4);
        for (int filter = 0; filter < WF_RESIZE_FILTER_COUNT; filter++)
            for (unsigned flags = 0; flags <= WF_RESIZE_GAMMA; flags += WF_RESIZE_GAMMA) {
                wf_status st = wf_resize(r, src, (size_t)sw * sh * 4, (uint32_t)sw, (uint32_t)sh, (uint32_t)k[2],
                                         (uint32_t)k[3], (uint32_t)k[4], (uint32_t)k[5], want, (size_t)dw * dh * 4,
                                         (uint32_t)dw, (uint32_t)dh, filter, flags);
                CHECK(st == WF_OK, "stream case %zu: wf_resize status %d", c, st);
                memset(got, 0x5a, (size_t)dw * dh * 4);
                int ok = stream(r, src, sw, sh, k[2], k[3], k[4], k[5], got, dw, dh, filter, flags);
                if (ok == 2) {
                    /* only a resize the fixed-point path does not cover may be left to wf_resize */
                    CHECK(filter == WF_RESIZE_BOX || sw / dw > 16 || sh / dh > 16, "stream case %zu %s: not streamed",
                          c, filter_names[filter]);
                    continue;
                }
                CHECK(ok == 1, "stream case %zu %s: %d", c, filter_names[filter], ok);
                CHECK(!memcmp(got, want, (size_t)dw * dh * 4), "stream case %zu %s %s: differs from wf_resize", c,
                      filter_names[filter], flags ? "gamma" : "linear");
            }
        /* a pixel with alpha 254 in the last row of the crop: the stream stops */
        src[((size_t)(k[3] + k[5] - 1) * sw + k[2]) * 4 + 3] = 254;
        CHECK(stream(r, src, sw, sh, k[2], k[3], k[4], k[5], got, dw, dh, WF_RESIZE_LANCZOS3, 0) != 1,
              "stream case %zu: alpha not seen", c);
        CHECK(wf_resize_stream_rows(r) == 0 && wf_resize_stream_next(r) == UINT32_MAX, "stream case %zu: not ended", c);
        free(src);
        free(want);
        free(got);
    }
    uint8_t src[4 * 4 * 8] = {0}, dst[4 * 4 * 8];
    CHECK(wf_resize_stream_begin(r, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 4, WF_RESIZE_RGBA16) == WF_OK &&
              wf_resize_stream_rows(r) == 0 && wf_resize_stream_buffer(r) == NULL,
          "RGBA16 is not streamed");
    CHECK(wf_resize_stream_begin(r, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 4, 4, 4, 0) == WF_OK &&
              wf_resize_stream_rows(r) == 0,
          "identity is not streamed");
    CHECK(wf_resize_stream_begin(r, 4, 4, 1, 0, 4, 4, dst, sizeof dst, 2, 2, 4, 0) == WF_RESIZE_BAD_CROP,
          "stream: bad crop");
    CHECK(wf_resize_stream_begin(r, 4, 4, 0, 0, 4, 4, dst, 15, 2, 2, 4, 0) == WF_ERR_BUFFER_TOO_SMALL,
          "stream: dst short");
    CHECK(wf_resize_stream_begin(r, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 9, 0) == WF_RESIZE_BAD_FILTER,
          "stream: filter");
    CHECK(wf_resize_stream_begin(r, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 4, 0) == WF_OK &&
              wf_resize_stream_rows(r) == 4,
          "stream of a small image");
    CHECK(wf_resize(r, src, 64, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 4, 0) == WF_OK &&
              wf_resize_stream_rows(r) == 0 && wf_resize_stream_push(r, 4) == 0,
          "wf_resize ends a stream");
    CHECK(wf_resize_stream_rows(NULL) == 0 && wf_resize_stream_push(NULL, 4) == 0 &&
              wf_resize_stream_next(NULL) == UINT32_MAX && wf_resize_stream_buffer(NULL) == NULL &&
              wf_resize_stream_begin(NULL, 4, 4, 0, 0, 4, 4, dst, sizeof dst, 2, 2, 4, 0) != WF_OK,
          "stream: NULL resizer");
}

int main(void)
{
    wf_resizer *r = wf_resizer_alloc();
    CHECK(r != NULL, "wf_resizer_alloc");
    if (!r)
        return wf_check_report();
    test_kernels();
    test_reference(r);
    test_extreme(r);
    test_properties(r);
    test_errors(r);
    test_stream(r);
    test_tables();
    wf_resizer_free(r);
    wf_resizer_free(NULL);
    printf("largest difference from the reference: %d\n", max_diff);
    return wf_check_report();
}
