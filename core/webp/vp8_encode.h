/* SPDX-License-Identifier: MIT
 * vp8_encode.h: the lossy (VP8 key frame) encoder of the WebP core (private).
 *
 * wf_webp_vp8_encode() encodes width*height RGBA pixels (rows `stride` bytes
 * apart; alpha ignored) at quality 0-100 and effort 0-9 into a VP8 chunk
 * payload (the key frame from its 3-byte frame tag), allocated with
 * wf_malloc into *out (*out_size bytes); the caller frees it with wf_free.
 * Until the lossy encoder is merged, vp8_encode_stub.c returns
 * WF_WEBP_UNSUPPORTED. */
#ifndef WF_WEBP_VP8_ENCODE_H
#define WF_WEBP_VP8_ENCODE_H

#include <stddef.h>
#include <stdint.h>
#include "wf/status.h"

wf_status wf_webp_vp8_encode(const uint8_t *rgba, uint32_t width, uint32_t height, uint32_t stride, int quality,
                             int effort, uint8_t **out, size_t *out_size);

#endif
