/* SPDX-License-Identifier: MIT
 * anim.c: compositing animation frames (RFC 9649 section 2.7 "Assembling the
 * Canvas from Frames") as libwebp's WebPAnimDecoder does: disposal to
 * transparent black, and blending with its non-premultiplied integer
 * formula (dst alpha scaled by (256 - src_alpha) >> 8, channels divided
 * through a 2^24 reciprocal). Pixels a frame draws over a rectangle that
 * the previous frame disposed of are copied, not blended. */
#include <string.h>
#include "webp_internal.h"

static inline void blend(const uint8_t *s, uint8_t *d)
{
    uint32_t sa = s[3], da, fa, ba, scale;
    int c;
    if (sa == 0)
        return; /* keeps the canvas pixel */
    da = d[3];
    fa = (da * (256 - sa)) >> 8;
    ba = sa + fa;
    scale = (1u << 24) / ba;
    for (c = 0; c < 3; c++)
        d[c] = (uint8_t)(((s[c] * sa + d[c] * fa) * scale) >> 24);
    d[3] = (uint8_t)ba;
}

void wf_webp_dispose(const wf_webp_decoder *d, uint32_t fi, uint8_t *canvas)
{
    const wf_webp_frame *f = &d->frames[fi];
    uint32_t y;
    if (!f->dispose)
        return;
    for (y = 0; y < f->h; y++)
        memset(canvas + ((size_t)(f->y + y) * d->width + f->x) * 4, 0, (size_t)f->w * 4);
}

void wf_webp_composite(const wf_webp_decoder *d, uint32_t fi, const uint8_t *src, uint8_t *canvas)
{
    const wf_webp_frame *f = &d->frames[fi];
    const wf_webp_frame *prev = fi > 0 ? &d->frames[fi - 1] : NULL;
    uint32_t x, y;
    int blending = f->blend && fi > 0;
    for (y = 0; y < f->h; y++) {
        const uint8_t *s = src + (size_t)y * f->w * 4;
        uint8_t *o = canvas + ((size_t)(f->y + y) * d->width + f->x) * 4;
        uint32_t cy = f->y + y;
        if (!blending) {
            memcpy(o, s, (size_t)f->w * 4);
            continue;
        }
        for (x = 0; x < f->w; x++, s += 4, o += 4) {
            uint32_t cx = f->x + x;
            if (s[3] == 255) {
                memcpy(o, s, 4);
            } else if (prev->dispose && cx >= prev->x && cx < prev->x + prev->w && cy >= prev->y &&
                       cy < prev->y + prev->h) {
                memcpy(o, s, 4); /* over a disposed (transparent) area */
            } else {
                blend(s, o);
            }
        }
    }
}
