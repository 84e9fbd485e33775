/* SPDX-License-Identifier: MIT
 * vp8_enc_analysis.c: segments. Each macroblock's complexity is measured on
 * the source luma (log of the sum of absolute deviations from each 4x4
 * block's mean); a 1-D k-means splits the macroblocks into up to four
 * segments, and each segment's quantiser follows cwebp's spatial noise
 * shaping: with the segment centres mapped to alpha = 255 * (mean - centre)
 * / (max - min centre) (smooth positive; the macroblock-weighted mean at 0,
 * so that the average step stays the quality's), the index is 127 * (1 - v^(1 - 0.9 * sns/100 * alpha/128))
 * for the quality's compression v (vp8_encode.c). Smooth areas, where
 * errors show, get finer steps; busy ones, which mask them, coarser. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "vp8_enc.h"

WF_WEBP_NOINLINE static double mb_complexity(const wf_vp8_enc *e, int mbx, int mby)
{
    const uint8_t *p = e->sy + (size_t)mby * 16 * e->ystride + (size_t)mbx * 16;
    uint32_t total = 0;
    int bx, by, i, j;
    for (by = 0; by < 16; by += 4)
        for (bx = 0; bx < 16; bx += 4) {
            int sum = 0, mean;
            for (i = 0; i < 4; i++)
                for (j = 0; j < 4; j++)
                    sum += p[(by + i) * e->ystride + bx + j];
            mean = (sum + 8) >> 4;
            for (i = 0; i < 4; i++)
                for (j = 0; j < 4; j++) {
                    int d = p[(by + i) * e->ystride + bx + j] - mean;
                    total += (uint32_t)(d < 0 ? -d : d);
                }
        }
    return log2(1.0 + total);
}

static void single(wf_vp8_enc *e, size_t n)
{
    size_t i;
    e->nseg = 1;
    wf_vp8_setup_segq(&e->seg[0], e->base_q, e->dq_uv_dc, e->dq_uv_ac, e->lambda_k);
    for (i = 0; i < n; i++)
        e->mbs[i].seg = 0;
}

WF_WEBP_NOINLINE void wf_vp8_analyse(wf_vp8_enc *e, int quality, int nseg)
{
    size_t i, n = (size_t)e->mbw * e->mbh;
    double *cx, centre[4], lo = 1e9, hi = -1e9, c_base, mid;
    int s, it, count[4];
    e->dq_uv_dc = -2; /* finer chroma DC, as cwebp (-4 * sns / 100 at its default): +0.01..0.05 dB RGB */
    e->dq_uv_ac = 0;
    if (nseg <= 1 || n < 8 || e->sns <= 0 || !(cx = malloc(n * sizeof(double)))) {
        single(e, n);
        return;
    }
    for (i = 0; i < n; i++) {
        cx[i] = mb_complexity(e, (int)(i % (size_t)e->mbw), (int)(i / (size_t)e->mbw));
        lo = cx[i] < lo ? cx[i] : lo;
        hi = cx[i] > hi ? cx[i] : hi;
    }
    if (hi - lo < 0.5) {
        free(cx);
        single(e, n);
        return;
    }
    for (s = 0; s < nseg; s++)
        centre[s] = lo + (hi - lo) * (2 * s + 1) / (2.0 * nseg);
    for (it = 0; it < 12; it++) {
        double sum[4] = {0};
        for (s = 0; s < nseg; s++)
            count[s] = 0;
        for (i = 0; i < n; i++) {
            int best = 0;
            for (s = 1; s < nseg; s++)
                if (fabs(cx[i] - centre[s]) < fabs(cx[i] - centre[best]))
                    best = s;
            e->mbs[i].seg = (uint8_t)best;
            sum[best] += cx[i];
            count[best]++;
        }
        for (s = 0; s < nseg; s++)
            if (count[s])
                centre[s] = sum[s] / count[s];
    }
    free(cx);
    c_base = wf_vp8_quality_compression(quality);
    lo = centre[0];
    hi = centre[0];
    for (s = 1; s < nseg; s++) {
        lo = centre[s] < lo ? centre[s] : lo;
        hi = centre[s] > hi ? centre[s] : hi;
    }
    mid = 0;
    for (s = 0; s < nseg; s++)
        mid += centre[s] * count[s];
    mid /= (double)n;
    e->nseg = nseg;
    for (s = 0; s < nseg; s++) {
        double alpha = hi > lo ? 255.0 * (mid - centre[s]) / (hi - lo) : 0;
        double expn;
        int q;
        alpha = alpha < -127 ? -127 : alpha > 127 ? 127 : alpha;
        expn = 1.0 - 0.9 * e->sns / 100.0 * alpha / 128.0;
        q = (int)(127.0 * (1.0 - pow(c_base, expn)));
        wf_vp8_setup_segq(&e->seg[s], q, e->dq_uv_dc, e->dq_uv_ac, e->lambda_k);
    }
    /* the segment tree's probabilities */
    {
        int c01 = count[0] + (nseg > 1 ? count[1] : 0), c23 = (int)n - c01;
        int p0 = (int)((c01 * 255LL + n / 2) / n), p1 = c01 ? (count[0] * 255 + c01 / 2) / c01 : 255;
        int p2 = c23 ? ((nseg > 2 ? count[2] : 0) * 255 + c23 / 2) / c23 : 255;
        e->seg_probs[0] = (uint8_t)(p0 < 1 ? 1 : p0);
        e->seg_probs[1] = (uint8_t)(p1 < 1 ? 1 : p1);
        e->seg_probs[2] = (uint8_t)(p2 < 1 ? 1 : p2);
    }
}
