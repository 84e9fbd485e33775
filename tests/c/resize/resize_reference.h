/* SPDX-License-Identifier: MIT
 *
 * resize_reference.h: a plain double-precision reference of wf_resize(),
 * written from the definitions and sharing no code with core/resize: its own
 * kernels (Magic Kernel Sharp 2021 in Costella's factored form), weights,
 * sRGB curves (pow, no tables), premultiplied alpha, and the two passes in
 * double with no rounding in between. Used by the native tests and the fuzz
 * driver.
 *
 * The conventions it shares with the core are the documented ones
 * (wf/resize.h): output pixel i has its centre at (i + 0.5) * in / out; the
 * kernel is stretched by max(1, in / out); taps outside the crop are dropped
 * and the rest renormalised; an unchanged axis is not filtered; an output
 * alpha that rounds to 0 gives (0,0,0,0).
 */
#ifndef WF_RESIZE_REFERENCE_H
#define WF_RESIZE_REFERENCE_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REF_PI 3.14159265358979323846

static double ref_kernel(int filter, double x)
{
    double ax = fabs(x);
    switch (filter) {
    case 0: /* box */
        return x >= -0.5 && x < 0.5 ? 1.0 : 0.0;
    case 1: /* triangle */
        return ax < 1.0 ? 1.0 - ax : 0.0;
    case 2: /* Catmull-Rom: Keys a = -1/2 */
        if (ax < 1.0)
            return 1.5 * ax * ax * ax - 2.5 * ax * ax + 1.0;
        if (ax < 2.0)
            return -0.5 * ax * ax * ax + 2.5 * ax * ax - 4.0 * ax + 2.0;
        return 0.0;
    case 3: /* Mitchell-Netravali B = C = 1/3 */
        if (ax < 1.0)
            return (7.0 * ax * ax * ax - 12.0 * ax * ax + 16.0 / 3.0) / 6.0;
        if (ax < 2.0)
            return (-7.0 / 3.0 * ax * ax * ax + 12.0 * ax * ax - 20.0 * ax + 32.0 / 3.0) / 6.0;
        return 0.0;
    case 4: /* Lanczos3 */
        if (ax >= 3.0)
            return 0.0;
        if (ax == 0.0)
            return 1.0;
        return 3.0 * sin(REF_PI * ax) * sin(REF_PI * ax / 3.0) / (REF_PI * REF_PI * ax * ax);
    case 5: /* Magic Kernel Sharp 2021, factored form */
        if (ax <= 0.5)
            return 577.0 / 576.0 - 239.0 / 144.0 * ax * ax;
        if (ax <= 1.5)
            return 35.0 / 36.0 * (ax - 1.0) * (ax - 239.0 / 140.0);
        if (ax <= 2.5)
            return 1.0 / 6.0 * (ax - 2.0) * (65.0 / 24.0 - ax);
        if (ax <= 3.5)
            return 1.0 / 36.0 * (ax - 3.0) * (ax - 3.75);
        if (ax <= 4.5)
            return -1.0 / 288.0 * (ax - 4.5) * (ax - 4.5);
        return 0.0;
    }
    return 0.0;
}

static const double ref_support[6] = {0.5, 1.0, 2.0, 2.0, 3.0, 4.5};

/* w[o * in + j]: the normalised weight of input j for output o (dense);
 * lo[o] and hi[o] bound the non-zero ones (hi exclusive). */
static double *ref_weights(int filter, int in, int out, int *lo, int *hi)
{
    double *w = (double *)calloc((size_t)in * (size_t)out, sizeof *w);
    if (!w)
        abort();
    double scale = (double)in / out, s = scale > 1.0 ? scale : 1.0;
    for (int o = 0; o < out; o++) {
        if (in == out) {
            w[(size_t)o * in + o] = 1.0;
            lo[o] = o;
            hi[o] = o + 1;
            continue;
        }
        double c = (o + 0.5) * scale, sum = 0.0;
        for (int j = 0; j < in; j++) {
            double d = (j + 0.5 - c) / s;
            if (fabs(d) <= ref_support[filter] + 1e-9)
                sum += w[(size_t)o * in + j] = ref_kernel(filter, d);
        }
        if (sum == 0.0) {
            int n = (int)c < in ? (int)c : in - 1;
            w[(size_t)o * in + n] = sum = 1.0;
        }
        lo[o] = in;
        hi[o] = 0;
        for (int j = 0; j < in; j++) {
            w[(size_t)o * in + j] /= sum;
            if (w[(size_t)o * in + j] != 0.0) {
                lo[o] = j < lo[o] ? j : lo[o];
                hi[o] = j + 1;
            }
        }
    }
    return w;
}

static double ref_decode(double v)
{
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double ref_encode(double l)
{
    return l <= 0.0031308 ? l * 12.92 : 1.055 * pow(l, 1.0 / 2.4) - 0.055;
}

/* Resizes the crop of an RGBA image (depth 8: uint8_t samples, 16: uint16_t)
 * into dst, as wf_resize() should. */
static void ref_resize(const void *src, int src_w, int cx, int cy, int cw, int ch, void *dst, int dw, int dh,
                       int filter, int depth, int linear)
{
    double max = depth == 8 ? 255.0 : 65535.0;
    const uint8_t *s8 = (const uint8_t *)src;
    const uint16_t *s16 = (const uint16_t *)src;
    uint8_t *d8 = (uint8_t *)dst;
    uint16_t *d16 = (uint16_t *)dst;
    if (cw == dw && ch == dh) {
        for (int y = 0; y < dh; y++)
            for (int i = 0; i < dw * 4; i++) {
                size_t si = ((size_t)(cy + y) * src_w + cx) * 4 + i, di = (size_t)y * dw * 4 + i;
                if (depth == 8)
                    d8[di] = s8[si];
                else
                    d16[di] = s16[si];
            }
        return;
    }
    double *in = (double *)malloc((size_t)cw * ch * 4 * sizeof *in);
    double *mid = (double *)calloc((size_t)dw * ch * 4, sizeof *mid);
    int *xlo = (int *)malloc((size_t)dw * sizeof(int)), *xhi = (int *)malloc((size_t)dw * sizeof(int));
    int *ylo = (int *)malloc((size_t)dh * sizeof(int)), *yhi = (int *)malloc((size_t)dh * sizeof(int));
    if (!xlo || !xhi || !ylo || !yhi)
        abort();
    double *wx = ref_weights(filter, cw, dw, xlo, xhi), *wy = ref_weights(filter, ch, dh, ylo, yhi);
    if (!in || !mid)
        abort();
    for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++) {
            size_t si = ((size_t)(cy + y) * src_w + cx + x) * 4;
            double v[4];
            for (int c = 0; c < 4; c++)
                v[c] = (depth == 8 ? s8[si + c] : s16[si + c]) / max;
            double *p = in + ((size_t)y * cw + x) * 4;
            for (int c = 0; c < 3; c++)
                p[c] = (linear ? ref_decode(v[c]) : v[c]) * v[3];
            p[3] = v[3];
        }
    for (int y = 0; y < ch; y++)
        for (int o = 0; o < dw; o++)
            for (int j = xlo[o]; j < xhi[o]; j++) {
                double w = wx[(size_t)o * cw + j];
                if (w != 0.0)
                    for (int c = 0; c < 4; c++)
                        mid[((size_t)y * dw + o) * 4 + c] += w * in[((size_t)y * cw + j) * 4 + c];
            }
    for (int o = 0; o < dh; o++)
        for (int x = 0; x < dw; x++) {
            double acc[4] = {0, 0, 0, 0};
            for (int j = ylo[o]; j < yhi[o]; j++) {
                double w = wy[(size_t)o * ch + j];
                if (w != 0.0)
                    for (int c = 0; c < 4; c++)
                        acc[c] += w * mid[((size_t)j * dw + x) * 4 + c];
            }
            size_t di = ((size_t)o * dw + x) * 4;
            double a = acc[3] < 0 ? 0 : acc[3] > 1 ? 1 : acc[3];
            double out[4] = {0, 0, 0, floor(a * max + 0.5)};
            if (out[3] > 0)
                for (int c = 0; c < 3; c++) {
                    double v = acc[c] / acc[3];
                    v = v < 0 ? 0 : v > 1 ? 1 : v;
                    out[c] = floor((linear ? ref_encode(v) : v) * max + 0.5);
                }
            for (int c = 0; c < 4; c++) {
                if (depth == 8)
                    d8[di + c] = (uint8_t)out[c];
                else
                    d16[di + c] = (uint16_t)out[c];
            }
        }
    free(in);
    free(mid);
    free(wx);
    free(wy);
    free(xlo);
    free(xhi);
    free(ylo);
    free(yhi);
}

/* The difference, in levels, between channel c of a result pixel g and of the
 * reference pixel w (RGBA, samples of `depth` bits). 8-bit samples and 16-bit
 * alpha compare as they are. 16-bit colour counts the smaller of its own
 * difference and that of the premultiplied value (colour * alpha, as it shows
 * when composited): the core filters in float, and a translucent pixel next
 * to opaque ones (a sum of large terms that nearly cancel) carries an error
 * of a few float ulps, which dividing by a small alpha magnifies (by
 * 65535 / alpha) beyond one 16-bit level while the composited value stays
 * within a hundredth of a level (wf/resize.h states this precision). */
static int ref_channel_diff(const int g[4], const int w[4], int c, int depth)
{
    int d = abs(g[c] - w[c]);
    if (depth == 16 && c < 3 && d > 1) {
        double p = fabs((double)g[c] * g[3] - (double)w[c] * w[3]) / 65535.0;
        int dp = (int)ceil(p - 1e-9);
        if (dp < d)
            d = dp;
    }
    return d;
}
#endif
