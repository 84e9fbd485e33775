/* SPDX-License-Identifier: MIT
 *
 * filters.c: the resampling kernels and the per-output-pixel weight tables.
 *
 * Kernels (x in input pixels at scale 1):
 *  - box:         1 on [-0.5, 0.5)
 *  - triangle:    1 - |x| on [-1, 1]
 *  - Catmull-Rom and Mitchell: the Mitchell-Netravali cubic family
 *    (D. P. Mitchell, A. N. Netravali, "Reconstruction Filters in Computer
 *    Graphics", SIGGRAPH 1988) with (B, C) = (0, 1/2) and (1/3, 1/3).
 *  - Lanczos3:    sinc(x) sinc(x/3) on (-3, 3).
 *  - Magic Kernel Sharp 2021: John Costella's published piecewise quadratic
 *    (https://johncostella.com/magic/, "Magic Kernel Sharp 2021": the magic
 *    kernel convolved with the 2021 sharpening filter), support 4.5:
 *      |x| <= 1/2        577/576 - 239/144 x^2
 *      1/2 <= |x| <= 3/2 (140 x^2 - 379 |x| + 239) / 144
 *      3/2 <= |x| <= 5/2 -(24 x^2 - 113 |x| + 130) / 144
 *      5/2 <= |x| <= 7/2 (4 x^2 - 27 |x| + 45) / 144
 *      7/2 <= |x| <= 9/2 -(2 |x| - 9)^2 / 1152
 *    It is not interpolating (k(4) = -1/1152), which is why an unchanged
 *    axis skips filtering rather than relying on k(integer) = 0.
 *
 * Weights: output pixel i of an axis in_size -> out_size has its centre at
 * c = (i + 0.5) * in/out in input coordinates (input pixel j spans [j, j+1)).
 * When reducing, the kernel is stretched by s = in/out (so every input pixel is
 * averaged, whatever the ratio); when enlarging, s = 1. Input pixel j gets
 * k((j + 0.5 - c) / s) for the j with |j + 0.5 - c| < support * s that lie
 * inside [0, in_size); the weights are then divided by their sum (in double)
 * so that they sum to 1, zero weights at both ends are trimmed, and they are
 * stored as float.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "resize_internal.h"

static double sinc(double x)
{
    if (x == 0.0)
        return 1.0;
    double px = 3.14159265358979323846 * x;
    return sin(px) / px;
}

static double cubic_bc(double x, double b, double c)
{
    x = fabs(x);
    if (x < 1.0)
        return ((12.0 - 9.0 * b - 6.0 * c) * x * x * x + (-18.0 + 12.0 * b + 6.0 * c) * x * x + (6.0 - 2.0 * b)) / 6.0;
    if (x < 2.0)
        return ((-b - 6.0 * c) * x * x * x + (6.0 * b + 30.0 * c) * x * x + (-12.0 * b - 48.0 * c) * x +
                (8.0 * b + 24.0 * c)) /
               6.0;
    return 0.0;
}

static double mks2021(double x)
{
    x = fabs(x);
    if (x <= 0.5)
        return 577.0 / 576.0 - 239.0 / 144.0 * x * x;
    if (x <= 1.5)
        return (140.0 * x * x - 379.0 * x + 239.0) / 144.0;
    if (x <= 2.5)
        return -(24.0 * x * x - 113.0 * x + 130.0) / 144.0;
    if (x <= 3.5)
        return (4.0 * x * x - 27.0 * x + 45.0) / 144.0;
    if (x <= 4.5)
        return -(2.0 * x - 9.0) * (2.0 * x - 9.0) / 1152.0;
    return 0.0;
}

double wf_resize_filter_support(int filter)
{
    switch (filter) {
    case WF_RESIZE_BOX: return 0.5;
    case WF_RESIZE_TRIANGLE: return 1.0;
    case WF_RESIZE_CATMULL_ROM: return 2.0;
    case WF_RESIZE_MITCHELL: return 2.0;
    case WF_RESIZE_LANCZOS3: return 3.0;
    case WF_RESIZE_MKS2021: return 4.5;
    default: return 0.0;
    }
}

double wf_resize_filter_eval(int filter, double x)
{
    switch (filter) {
    case WF_RESIZE_BOX: return x >= -0.5 && x < 0.5 ? 1.0 : 0.0;
    case WF_RESIZE_TRIANGLE: return fabs(x) < 1.0 ? 1.0 - fabs(x) : 0.0;
    case WF_RESIZE_CATMULL_ROM: return cubic_bc(x, 0.0, 0.5);
    case WF_RESIZE_MITCHELL: return cubic_bc(x, 1.0 / 3.0, 1.0 / 3.0);
    case WF_RESIZE_LANCZOS3: return fabs(x) < 3.0 ? sinc(x) * sinc(x / 3.0) : 0.0;
    case WF_RESIZE_MKS2021: return mks2021(x);
    default: return 0.0;
    }
}

void wf_resize_axis_release(wf_resize_axis *ax)
{
    free(ax->start);
    free(ax->count);
    free(ax->offset);
    free(ax->w);
    free(ax->k);
    memset(ax, 0, sizeof *ax);
}

static int grow_out(wf_resize_axis *ax, size_t n)
{
    if (n <= ax->cap_out)
        return 1;
    uint32_t *s = (uint32_t *)malloc(n * sizeof *s);
    uint32_t *c = (uint32_t *)malloc(n * sizeof *c);
    uint32_t *o = (uint32_t *)malloc(n * sizeof *o);
    if (!s || !c || !o) {
        free(s);
        free(c);
        free(o);
        return 0;
    }
    free(ax->start);
    free(ax->count);
    free(ax->offset);
    ax->start = s;
    ax->count = c;
    ax->offset = o;
    ax->cap_out = n;
    return 1;
}

static int grow_k(wf_resize_axis *ax, size_t n)
{
    if (n <= ax->cap_k)
        return 1;
    double *k = (double *)malloc(n * sizeof *k);
    if (!k)
        return 0;
    free(ax->k);
    ax->k = k;
    ax->cap_k = n;
    return 1;
}

static int grow_w(wf_resize_axis *ax, size_t n)
{
    if (n <= ax->cap_w)
        return 1;
    float *w = (float *)malloc(n * sizeof *w);
    if (!w)
        return 0;
    free(ax->w);
    ax->w = w;
    ax->cap_w = n;
    return 1;
}

wf_status wf_resize_axis_build(wf_resize_axis *ax, uint32_t in_size, uint32_t out_size, int filter)
{
    double support = wf_resize_filter_support(filter);
    double scale = (double)in_size / (double)out_size;
    double s = scale > 1.0 ? scale : 1.0;
    double radius = support * s;
    /* taps per output pixel: at most the window 2*radius + 2, and the input */
    double window = floor(2.0 * radius) + 2.0;
    if (window > (double)in_size)
        window = (double)in_size;
    if (in_size == out_size)
        window = 1.0;
    double total = window * (double)out_size;
    if (total > (double)(SIZE_MAX / sizeof(float) / 2) || total > 4294967295.0)
        return WF_RESIZE_TOO_LARGE;
    if (!grow_out(ax, out_size) || !grow_w(ax, (size_t)total) || !grow_k(ax, (size_t)window))
        return WF_ERR_OUT_OF_MEMORY;

    /* per output pixel: the kernel at every tap (once: its sin() calls are
     * most of this function's time) and their sum in double, then each
     * weight divided by the sum (in double) as it is stored */
    uint32_t offset = 0;
    ax->max_count = 0;
    for (uint32_t i = 0; i < out_size; i++) {
        uint32_t lo, hi;
        if (in_size == out_size) {
            ax->start[i] = i;
            ax->count[i] = 1;
            ax->offset[i] = offset;
            ax->w[offset++] = 1.0f;
            if (ax->max_count < 1)
                ax->max_count = 1;
            continue;
        }
        double c = ((double)i + 0.5) * scale;
        double flo = floor(c - radius);
        double fhi = ceil(c + radius);
        lo = flo < 0.0 ? 0u : (uint32_t)flo;
        hi = fhi > (double)in_size ? in_size : (uint32_t)fhi;
        if (hi <= lo) { /* cannot happen for c in [0, in_size]; stay safe */
            lo = (uint32_t)c < in_size ? (uint32_t)c : in_size - 1;
            hi = lo + 1;
        }
        if (hi - lo > window)
            hi = lo + (uint32_t)window;
        double sum = 0.0;
        const uint32_t lo0 = lo; /* ax->k[j - lo0]: the kernel at tap j */
        for (uint32_t j = lo; j < hi; j++) {
            double v = wf_resize_filter_eval(filter, ((double)j + 0.5 - c) / s);
            ax->k[j - lo0] = v;
            sum += v;
        }
        /* trim zero weights at both ends */
        while (lo + 1 < hi && ax->k[lo - lo0] == 0.0)
            lo++;
        while (hi - 1 > lo && ax->k[hi - 1 - lo0] == 0.0)
            hi--;
        ax->start[i] = lo;
        ax->offset[i] = offset;
        if (sum == 0.0) { /* no input pixel under the kernel: take the nearest */
            uint32_t n = (uint32_t)c < in_size ? (uint32_t)c : in_size - 1;
            ax->start[i] = n;
            ax->count[i] = 1;
            ax->w[offset++] = 1.0f;
            if (ax->max_count < 1)
                ax->max_count = 1;
            continue;
        }
        ax->count[i] = hi - lo;
        for (uint32_t j = lo; j < hi; j++)
            ax->w[offset++] = (float)(ax->k[j - lo0] / sum);
        if (ax->max_count < hi - lo)
            ax->max_count = hi - lo;
    }
    return WF_OK;
}
