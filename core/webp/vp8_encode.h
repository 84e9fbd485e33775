/* SPDX-License-Identifier: MIT
 * vp8_encode.h: the lossy (VP8 key frame) encoder, private to the WebP core.
 * The container (RIFF/VP8X/ALPH) and the public API call it. */
#ifndef WF_VP8_ENCODE_H
#define WF_VP8_ENCODE_H

#include <stddef.h>
#include <stdint.h>
#include "wf/status.h"

/* Encodes the RGB of `rgba` (alpha ignored) as a VP8 key frame: the payload
 * of a VP8 chunk (3-byte frame tag, 7-byte start code and dimensions, then
 * the partitions). quality 0-100 (cwebp -q), effort 0-6 (cwebp -m; 4 is
 * the default). *out is allocated with wf_malloc; the caller frees it with
 * wf_free. */
wf_status wf_webp_vp8_encode(const uint8_t *rgba, uint32_t width, uint32_t height, uint32_t stride, int quality,
                             int effort, uint8_t **out, size_t *out_size);

#endif
