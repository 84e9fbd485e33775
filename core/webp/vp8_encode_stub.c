/* SPDX-License-Identifier: MIT
 * vp8_encode_stub.c: stands in for the lossy VP8 encoder until it is merged:
 * every lossy request fails cleanly with WF_WEBP_UNSUPPORTED. */
#include "vp8_encode.h"

wf_status wf_webp_vp8_encode(const uint8_t *rgba, uint32_t width, uint32_t height, uint32_t stride, int quality,
                             int effort, uint8_t **out, size_t *out_size)
{
    (void)rgba;
    (void)width;
    (void)height;
    (void)stride;
    (void)quality;
    (void)effort;
    *out = NULL;
    *out_size = 0;
    return WF_WEBP_UNSUPPORTED;
}
