/* SPDX-License-Identifier: MIT
 * vp8_enc_dct.c: the encoder's forward transforms and quantisation. The
 * forward DCT is the integer transform VP8 encoders use (the inverse of
 * RFC 6386 section 14.3 up to rounding: a flat block of value v gives a DC
 * of 8v); the forward WHT is the exact inverse of section 14.3's WHT up to
 * rounding (16 DCs of 8v give 64v). Quantisation divides with a rounding
 * bias below one half (a dead zone), per coefficient kind. */
#include "vp8_enc.h"

const uint8_t wf_vp8_zigzag[16] = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};
const uint8_t wf_vp8_bands[17] = {0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 0};

void wf_vp8_fdct(const int16_t *src, int16_t *out)
{
    int tmp[16], i;
    for (i = 0; i < 4; i++) { /* rows, scaled by 8 */
        const int16_t *s = src + 4 * i;
        int a = (s[0] + s[3]) * 8, b = (s[1] + s[2]) * 8;
        int c = (s[1] - s[2]) * 8, d = (s[0] - s[3]) * 8;
        tmp[4 * i + 0] = a + b;
        tmp[4 * i + 2] = a - b;
        tmp[4 * i + 1] = (c * 2217 + d * 5352 + 14500) >> 12;
        tmp[4 * i + 3] = (d * 2217 - c * 5352 + 7500) >> 12;
    }
    for (i = 0; i < 4; i++) { /* columns */
        int a = tmp[i] + tmp[12 + i], b = tmp[4 + i] + tmp[8 + i];
        int c = tmp[4 + i] - tmp[8 + i], d = tmp[i] - tmp[12 + i];
        out[i] = (int16_t)((a + b + 7) >> 4);
        out[8 + i] = (int16_t)((a - b + 7) >> 4);
        out[4 + i] = (int16_t)(((c * 2217 + d * 5352 + 12000) >> 16) + (d != 0));
        out[12 + i] = (int16_t)((d * 2217 - c * 5352 + 51000) >> 16);
    }
}

void wf_vp8_fwht(const int16_t *in, int16_t *out)
{
    int tmp[16], i;
    for (i = 0; i < 4; i++) {
        const int16_t *s = in + 4 * i;
        int a0 = s[0] + s[2], a1 = s[1] + s[3], a2 = s[1] - s[3], a3 = s[0] - s[2];
        tmp[4 * i + 0] = a0 + a1;
        tmp[4 * i + 1] = a3 + a2;
        tmp[4 * i + 2] = a3 - a2;
        tmp[4 * i + 3] = a0 - a1;
    }
    for (i = 0; i < 4; i++) {
        int a0 = tmp[i] + tmp[8 + i], a1 = tmp[4 + i] + tmp[12 + i];
        int a2 = tmp[4 + i] - tmp[12 + i], a3 = tmp[i] - tmp[8 + i];
        out[i] = (int16_t)((a0 + a1) >> 1);
        out[4 + i] = (int16_t)((a3 + a2) >> 1);
        out[8 + i] = (int16_t)((a3 - a2) >> 1);
        out[12 + i] = (int16_t)((a0 - a1) >> 1);
    }
}

#define MAX_LEVEL 2048
#define QFIX 17 /* level = (|c| * iq + ib) >> QFIX, iq ~ 2^17 / q: |c| / q + bias */

int wf_vp8_quantize(const int16_t *in, const wf_vp8_qmat *m, int first, int16_t *levels, int16_t *deq)
{
    int16_t nat[16];
    int i, n, last = 0;
    /* in natural order, branch-free (vectorisable) */
    for (i = 0; i < 16; i++) {
        int c = in[i], s = c >> 31;
        uint32_t a = (uint32_t)((c ^ s) - s);
        uint32_t l = (a * m->iqv[i] + m->ibv[i]) >> QFIX;
        l = l > MAX_LEVEL ? MAX_LEVEL : l;
        nat[i] = (int16_t)(((int)l ^ s) - s);
        deq[i] = (int16_t)(nat[i] * m->qv[i]);
    }
    for (n = 0; n < first; n++) {
        levels[n] = 0;
        nat[wf_vp8_zigzag[n]] = 0;
        deq[wf_vp8_zigzag[n]] = 0;
    }
    for (; n < 16; n++) {
        levels[n] = nat[wf_vp8_zigzag[n]];
        if (levels[n])
            last = n + 1;
    }
    return last;
}

static int clampq(int q) { return q < 0 ? 0 : q > 127 ? 127 : q; }

void wf_vp8_setup_segq(wf_vp8_segq *s, int q, int dq_uv_dc, int dq_uv_ac, int lambda_k)
{
    int x, qy;
    q = clampq(q);
    s->qindex = q;
    s->m[WF_Q_Y1].q[0] = wf_webp_dc_q[q];
    s->m[WF_Q_Y1].q[1] = wf_webp_ac_q[q];
    s->m[WF_Q_Y2].q[0] = wf_webp_dc_q[q] * 2;
    x = wf_webp_ac_q[q] * 155 / 100;
    s->m[WF_Q_Y2].q[1] = x < 8 ? 8 : x;
    x = wf_webp_dc_q[clampq(q + dq_uv_dc)];
    s->m[WF_Q_UV].q[0] = x > 132 ? 132 : x;
    s->m[WF_Q_UV].q[1] = wf_webp_ac_q[clampq(q + dq_uv_ac)];
    /* rounding biases (1/256 of a step): DC rounds further down than AC */
    s->m[WF_Q_Y1].bias[0] = 96;
    s->m[WF_Q_Y1].bias[1] = 110;
    s->m[WF_Q_Y2].bias[0] = 96;
    s->m[WF_Q_Y2].bias[1] = 108;
    s->m[WF_Q_UV].bias[0] = 110;
    s->m[WF_Q_UV].bias[1] = 115;
    for (x = 0; x < 3; x++) {
        int k;
        for (k = 0; k < 2; k++) {
            s->m[x].iq[k] = (uint32_t)(((1u << QFIX) + s->m[x].q[k] / 2) / s->m[x].q[k]);
            s->m[x].ib[k] = (uint32_t)s->m[x].bias[k] << (QFIX - 8);
        }
        for (k = 0; k < 16; k++) {
            s->m[x].iqv[k] = s->m[x].iq[k > 0];
            s->m[x].ibv[k] = s->m[x].ib[k > 0];
            s->m[x].qv[k] = (int16_t)s->m[x].q[k > 0];
        }
    }
    /* lambda: SSE per bit times 256 (a score is 65536 * SSE + lambda * rate
     * in 1/256 bits); lambda_k is k * 1000 in the usual lambda ~ k * step^2
     * (a VP8 coefficient is twice the orthonormal one, so the step in the
     * pixel domain is q / 2) */
    qy = s->m[WF_Q_Y1].q[1];
    s->lambda = (int64_t)lambda_k * qy * qy * 256 / 1000;
    if (s->lambda < 1)
        s->lambda = 1;
    qy = s->m[WF_Q_UV].q[1];
    s->lambda_uv = (int64_t)lambda_k * qy * qy * 256 / 1000;
    if (s->lambda_uv < 1)
        s->lambda_uv = 1;
}
