/* SPDX-License-Identifier: MIT
 *
 * encode_api.c: the public WebP encoder (wf/webp.h): argument checks, RGBA
 * to ARGB, the lossless (VP8L) or lossy (VP8, with an ALPH chunk when the
 * image has alpha) path, metadata, and the container. The encoder context
 * owns the output until its next call.
 */
#include <stdlib.h>
#include <string.h>
#include "enc_internal.h"
#include "vp8_encode.h"
#include "wf/memory.h"

wf_webp_encoder *wf_webp_encoder_alloc(void) { return (wf_webp_encoder *)calloc(1, sizeof(wf_webp_encoder)); }

void wf_webp_encoder_free(wf_webp_encoder *e)
{
    if (!e)
        return;
    free(e->out);
    free(e);
}

wf_status wf_webp_encoder_set_meta(wf_webp_encoder *e, int kind, const uint8_t *data, size_t size)
{
    if (!e || (size && !data))
        return WF_ERR_INVALID_ARGUMENT;
    if (size > 0x7fffffffu)
        return WF_WEBP_ENCODE_BAD_META;
    switch (kind) {
    case WF_WEBP_META_ICC:
        e->icc = data;
        e->icc_size = size;
        return WF_OK;
    case WF_WEBP_META_EXIF:
        e->exif = data;
        e->exif_size = size;
        return WF_OK;
    case WF_WEBP_META_XMP:
        e->xmp = data;
        e->xmp_size = size;
        return WF_OK;
    default: return WF_WEBP_ENCODE_BAD_META;
    }
}

const uint8_t *wf_webp_encoder_output(const wf_webp_encoder *e) { return e ? e->out : NULL; }

size_t wf_webp_encoder_output_size(const wf_webp_encoder *e) { return e ? e->out_size : 0; }

wf_status wf_webp_encode(wf_webp_encoder *e, const uint8_t *rgba, uint32_t width, uint32_t height, uint32_t stride,
                         int lossless, int quality, int effort, int flags, int alpha_quality)
{
    wf_webp_container c;
    uint8_t *image = NULL, *alph = NULL;
    size_t image_size = 0, alph_size = 0, n;
    uint32_t x, y;
    int has_alpha = 0;
    wf_status st;
    if (!e || !rgba)
        return WF_ERR_INVALID_ARGUMENT;
    free(e->out);
    e->out = NULL;
    e->out_size = 0;
    if (width < 1 || height < 1 || width > WF_WEBP_MAX_DIMENSION || height > WF_WEBP_MAX_DIMENSION)
        return WF_WEBP_ENCODE_BAD_DIMENSIONS;
    if (stride < width * 4)
        return WF_WEBP_ENCODE_BAD_STRIDE;
    if (quality < 0 || quality > 100 || alpha_quality < 0 || alpha_quality > 100)
        return WF_WEBP_ENCODE_BAD_QUALITY;
    if (effort < 0)
        effort = WF_WEBP_DEFAULT_EFFORT;
    if (effort > 9)
        return WF_WEBP_ENCODE_BAD_EFFORT;
    if (flags & ~WF_WEBP_ENCODE_EXACT)
        return WF_WEBP_ENCODE_BAD_FLAGS;
    n = (size_t)width * height;
    for (y = 0; y < height && !has_alpha; y++)
        for (x = 0; x < width; x++)
            if (rgba[(size_t)y * stride + (size_t)x * 4 + 3] != 255) {
                has_alpha = 1;
                break;
            }
    if (lossless) {
        wf_webp_vp8l_params p;
        uint32_t *argb = (uint32_t *)malloc(n * sizeof(uint32_t));
        if (!argb)
            return WF_ERR_OUT_OF_MEMORY;
        for (y = 0; y < height; y++) {
            const uint8_t *s = rgba + (size_t)y * stride;
            uint32_t *d = argb + (size_t)y * width;
            for (x = 0; x < width; x++, s += 4)
                d[x] = ((uint32_t)s[3] << 24) | ((uint32_t)s[0] << 16) | ((uint32_t)s[1] << 8) | s[2];
        }
        p.effort = effort;
        p.exact = (flags & WF_WEBP_ENCODE_EXACT) != 0;
        st = wf_webp_vp8l_encode(argb, width, height, &p, 0, &image, &image_size);
        free(argb);
        if (st != WF_OK)
            return st;
    } else {
        uint8_t *vp8 = NULL;
        /* effort 0-9 onto the VP8 encoder's 0-6 (cwebp -m): the default 5 is its 4 */
        int vp8_effort = (effort * 4 + 2) / 5;
        st = wf_webp_vp8_encode(rgba, width, height, stride, quality, vp8_effort > 6 ? 6 : vp8_effort, &vp8, &image_size);
        if (st != WF_OK)
            return st;
        image = (uint8_t *)malloc(image_size ? image_size : 1);
        if (!image) {
            wf_free(vp8);
            return WF_ERR_OUT_OF_MEMORY;
        }
        memcpy(image, vp8, image_size);
        wf_free(vp8);
        if (has_alpha) {
            st = wf_webp_alph_encode(rgba, width, height, stride, alpha_quality, effort, &alph, &alph_size);
            if (st != WF_OK) {
                free(image);
                return st;
            }
        }
    }
    memset(&c, 0, sizeof c);
    c.width = width;
    c.height = height;
    c.lossless = lossless != 0;
    c.has_alpha = has_alpha;
    c.image = image;
    c.image_size = image_size;
    c.alph = alph;
    c.alph_size = alph_size;
    c.icc = e->icc;
    c.icc_size = e->icc_size;
    c.exif = e->exif;
    c.exif_size = e->exif_size;
    c.xmp = e->xmp;
    c.xmp_size = e->xmp_size;
    st = wf_webp_write_container(&c, &e->out, &e->out_size);
    free(image);
    free(alph);
    return st;
}
