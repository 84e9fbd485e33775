/* SPDX-License-Identifier: MIT
 *
 * riff_write.c: writes the WebP container (RFC 9649 section 2): the simple
 * form (RIFF/WEBP + one VP8L or VP8 chunk) when there is nothing else to
 * say, else the extended form: VP8X (flags and canvas size), ICCP, ALPH (for
 * a lossy image with alpha), VP8/VP8L, EXIF, XMP, in the order the
 * specification requires. Chunks of odd size get a zero pad byte.
 */
#include <stdlib.h>
#include <string.h>
#include "enc_internal.h"

static uint8_t *put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
    return p + 4;
}

static uint8_t *put_chunk(uint8_t *p, const char *fourcc, const uint8_t *data, size_t n)
{
    memcpy(p, fourcc, 4);
    p = put32(p + 4, (uint32_t)n);
    if (n)
        memcpy(p, data, n);
    p += n;
    if (n & 1)
        *p++ = 0;
    return p;
}

static size_t chunk_size(size_t n) { return 8 + n + (n & 1); }

wf_status wf_webp_write_container(const wf_webp_container *c, uint8_t **out, size_t *out_size)
{
    int extended = c->icc_size || c->exif_size || c->xmp_size || (!c->lossless && c->alph_size);
    size_t total = 4, limit = 0xfffffff0u - 16;
    uint8_t *buf, *p;
    *out = NULL;
    *out_size = 0;
    if (c->image_size > limit || c->icc_size > limit || c->exif_size > limit || c->xmp_size > limit ||
        c->alph_size > limit)
        return WF_ERR_OUTPUT_LIMIT;
    total += chunk_size(c->image_size);
    if (extended) {
        total += chunk_size(10);
        if (c->icc_size)
            total += chunk_size(c->icc_size);
        if (!c->lossless && c->alph_size)
            total += chunk_size(c->alph_size);
        if (c->exif_size)
            total += chunk_size(c->exif_size);
        if (c->xmp_size)
            total += chunk_size(c->xmp_size);
    }
    if (total > limit)
        return WF_ERR_OUTPUT_LIMIT;
    buf = (uint8_t *)malloc(total + 8);
    if (!buf)
        return WF_ERR_OUT_OF_MEMORY;
    memcpy(buf, "RIFF", 4);
    p = put32(buf + 4, (uint32_t)total);
    memcpy(p, "WEBP", 4);
    p += 4;
    if (extended) {
        uint8_t x[10];
        uint32_t wm1 = c->width - 1, hm1 = c->height - 1;
        x[0] = (uint8_t)((c->icc_size ? 0x20 : 0) | (c->has_alpha ? 0x10 : 0) | (c->exif_size ? 0x08 : 0) |
                         (c->xmp_size ? 0x04 : 0));
        x[1] = x[2] = x[3] = 0;
        x[4] = (uint8_t)wm1;
        x[5] = (uint8_t)(wm1 >> 8);
        x[6] = (uint8_t)(wm1 >> 16);
        x[7] = (uint8_t)hm1;
        x[8] = (uint8_t)(hm1 >> 8);
        x[9] = (uint8_t)(hm1 >> 16);
        p = put_chunk(p, "VP8X", x, 10);
        if (c->icc_size)
            p = put_chunk(p, "ICCP", c->icc, c->icc_size);
        if (!c->lossless && c->alph_size)
            p = put_chunk(p, "ALPH", c->alph, c->alph_size);
    }
    p = put_chunk(p, c->lossless ? "VP8L" : "VP8 ", c->image, c->image_size);
    if (extended) {
        if (c->exif_size)
            p = put_chunk(p, "EXIF", c->exif, c->exif_size);
        if (c->xmp_size)
            p = put_chunk(p, "XMP ", c->xmp, c->xmp_size);
    }
    *out = buf;
    *out_size = (size_t)(p - buf);
    return WF_OK;
}
