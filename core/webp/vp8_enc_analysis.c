/* SPDX-License-Identifier: MIT
 * vp8_enc_analysis.c: segments: how many, which macroblock belongs to
 * which, and each one's quantiser. */
#include <math.h>
#include <string.h>
#include "vp8_enc.h"

void wf_vp8_analyse(wf_vp8_enc *e, int quality, int nseg)
{
    size_t i, n = (size_t)e->mbw * e->mbh;
    (void)quality;
    (void)nseg;
    e->nseg = 1;
    e->dq_uv_dc = 0;
    e->dq_uv_ac = 0;
    wf_vp8_setup_segq(&e->seg[0], e->base_q, e->dq_uv_dc, e->dq_uv_ac, e->lambda_k);
    for (i = 0; i < n; i++)
        e->mbs[i].seg = 0;
}
