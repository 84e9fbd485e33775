/* SPDX-License-Identifier: MIT
 *
 * alpha_encode.c: the ALPH chunk payload of a lossy image with alpha (RFC
 * 9649 section 2.7.1.2): compression method 1, the alpha values coded as
 * the green channel of a header-less VP8L image, filtering method 0. With
 * alpha_quality < 100 the values are first reduced to fewer levels
 * (pre-processing 1, "level reduction"): 0 and 255 stay exact.
 */
#include <stdlib.h>
#include <string.h>
#include "enc_internal.h"

wf_status wf_webp_alph_encode(const uint8_t *rgba, uint32_t w, uint32_t h, size_t stride, int alpha_quality, int effort,
                              uint8_t **out, size_t *out_size)
{
    size_t n = (size_t)w * h;
    uint32_t *argb = (uint32_t *)malloc(n * sizeof(uint32_t)), x, y;
    uint8_t *vp8l = NULL, *buf;
    size_t vsize = 0;
    int levels = alpha_quality >= 100 ? 256 : 2 + (alpha_quality * 62) / 100;
    wf_webp_vp8l_params p;
    wf_status st;
    *out = NULL;
    *out_size = 0;
    if (!argb)
        return WF_ERR_OUT_OF_MEMORY;
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            uint32_t a = rgba[(size_t)y * stride + (size_t)x * 4 + 3];
            if (levels < 256) {
                /* nearest of `levels` values spread evenly over 0..255 */
                uint32_t k = (a * (uint32_t)(levels - 1) + 127) / 255;
                a = (k * 255 + (uint32_t)(levels - 1) / 2) / (uint32_t)(levels - 1);
            }
            argb[(size_t)y * w + x] = 0xff000000u | (a << 8);
        }
    p.effort = effort;
    p.exact = 1;
    st = wf_webp_vp8l_encode(argb, w, h, &p, 1, &vp8l, &vsize);
    free(argb);
    if (st != WF_OK)
        return st;
    buf = (uint8_t *)malloc(vsize + 1);
    if (!buf) {
        free(vp8l);
        return WF_ERR_OUT_OF_MEMORY;
    }
    buf[0] = (uint8_t)(1 | (levels < 256 ? 1 << 4 : 0)); /* method 1, filter 0, pre-processing */
    memcpy(buf + 1, vp8l, vsize);
    free(vp8l);
    *out = buf;
    *out_size = vsize + 1;
    return WF_OK;
}
