/* SPDX-License-Identifier: MIT
 *
 * png_expand.c: the expansion of unfiltered rows of every colour type
 * and bit depth to RGBA8 or native-endian RGBA16 (palette and tRNS
 * applied), with a wasm SIMD path for RGB8 that gives the same bytes.
 */
#include <string.h>
#include "png_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

/* ---- expansion to RGBA ---------------------------------------------------- */

static inline unsigned sample_at(const uint8_t *s, uint32_t x, unsigned depth)
{
    uint32_t bit = x * depth;
    return (s[bit >> 3] >> (8 - depth - (bit & 7))) & ((1u << depth) - 1);
}

void wf_png_expand8(wf_png_decoder *d, const uint8_t *s, uint32_t w, uint8_t *o)
{
    const unsigned depth = d->info.bit_depth;
    const int trns = d->has_trns;
    const unsigned k0 = d->trns_key[0], k1 = d->trns_key[1], k2 = d->trns_key[2];
    uint32_t x;
    switch (d->info.color_type) {
    case WF_PNG_COLOR_GREY:
        if (depth < 8) {
            unsigned scale = 255u / ((1u << depth) - 1);
            for (x = 0; x < w; x++) {
                unsigned v = sample_at(s, x, depth);
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = (uint8_t)(v * scale);
                o[4 * x + 3] = (trns && v == k0) ? 0 : 255;
            }
        } else if (depth == 8) {
            if (trns) {
                for (x = 0; x < w; x++) {
                    uint8_t v = s[x];
                    o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = v;
                    o[4 * x + 3] = v == k0 ? 0 : 255;
                }
            } else {
                for (x = 0; x < w; x++) {
                    uint8_t v = s[x];
                    o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = v;
                    o[4 * x + 3] = 255;
                }
            }
        } else {
            for (x = 0; x < w; x++) {
                unsigned v = ((unsigned)s[2 * x] << 8) | s[2 * x + 1];
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = s[2 * x];
                o[4 * x + 3] = (trns && v == k0) ? 0 : 255;
            }
        }
        break;
    case WF_PNG_COLOR_RGB:
        if (depth == 8) {
            if (trns) {
                for (x = 0; x < w; x++) {
                    uint8_t r = s[3 * x], g = s[3 * x + 1], b = s[3 * x + 2];
                    o[4 * x] = r;
                    o[4 * x + 1] = g;
                    o[4 * x + 2] = b;
                    o[4 * x + 3] = (r == k0 && g == k1 && b == k2) ? 0 : 255;
                }
            } else {
                x = 0;
#ifdef WF_SIMD
                /* 4 pixels per step: 12 RGB bytes shuffled into 16 RGBA bytes
                 * (bytes 16-31 of the shuffle are the 0xff of `opaque`). */
                const v128_t opaque = wasm_i8x16_splat(-1);
                for (; x + 6 <= w; x += 4) {
                    v128_t v = wasm_v128_load(s + 3 * (size_t)x);
                    wasm_v128_store(o + 4 * (size_t)x, wasm_i8x16_shuffle(v, opaque, 0, 1, 2, 16, 3, 4, 5, 16, 6, 7, 8,
                                                                          16, 9, 10, 11, 16));
                }
#endif
                for (; x < w; x++) {
                    o[4 * x] = s[3 * x];
                    o[4 * x + 1] = s[3 * x + 1];
                    o[4 * x + 2] = s[3 * x + 2];
                    o[4 * x + 3] = 255;
                }
            }
        } else {
            for (x = 0; x < w; x++) {
                const uint8_t *q = s + 6 * x;
                unsigned r = ((unsigned)q[0] << 8) | q[1], g = ((unsigned)q[2] << 8) | q[3],
                         b = ((unsigned)q[4] << 8) | q[5];
                o[4 * x] = q[0];
                o[4 * x + 1] = q[2];
                o[4 * x + 2] = q[4];
                o[4 * x + 3] = (trns && r == k0 && g == k1 && b == k2) ? 0 : 255;
            }
        }
        break;
    case WF_PNG_COLOR_PALETTE: {
        const uint32_t npal = d->npal;
        unsigned over = 0;
        if (depth == 8) {
            for (x = 0; x < w; x++) {
                unsigned v = s[x];
                over |= v >= npal;
                memcpy(o + 4 * x, d->pal[v], 4);
            }
        } else {
            for (x = 0; x < w; x++) {
                unsigned v = sample_at(s, x, depth);
                over |= v >= npal;
                memcpy(o + 4 * x, d->pal[v], 4);
            }
        }
        d->pal_overflow |= (int)over;
        break;
    }
    case WF_PNG_COLOR_GREY_ALPHA:
        if (depth == 8) {
            for (x = 0; x < w; x++) {
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = s[2 * x];
                o[4 * x + 3] = s[2 * x + 1];
            }
        } else {
            for (x = 0; x < w; x++) {
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = s[4 * x];
                o[4 * x + 3] = s[4 * x + 2];
            }
        }
        break;
    default: /* RGBA */
        if (depth == 8) {
            memcpy(o, s, (size_t)w * 4);
        } else {
            for (x = 0; x < 4 * w; x++)
                o[x] = s[2 * x];
        }
        break;
    }
}

void wf_png_expand16(wf_png_decoder *d, const uint8_t *s, uint32_t w, uint16_t *o)
{
    const unsigned depth = d->info.bit_depth;
    const int trns = d->has_trns;
    const unsigned k0 = d->trns_key[0], k1 = d->trns_key[1], k2 = d->trns_key[2];
    uint32_t x;
    if (depth == 16) {
        switch (d->info.color_type) {
        case WF_PNG_COLOR_GREY:
            for (x = 0; x < w; x++) {
                uint16_t v = (uint16_t)((s[2 * x] << 8) | s[2 * x + 1]);
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = v;
                o[4 * x + 3] = (trns && v == k0) ? 0 : 65535;
            }
            break;
        case WF_PNG_COLOR_RGB:
            for (x = 0; x < w; x++) {
                const uint8_t *q = s + 6 * x;
                uint16_t r = (uint16_t)((q[0] << 8) | q[1]), g = (uint16_t)((q[2] << 8) | q[3]),
                         b = (uint16_t)((q[4] << 8) | q[5]);
                o[4 * x] = r;
                o[4 * x + 1] = g;
                o[4 * x + 2] = b;
                o[4 * x + 3] = (trns && r == k0 && g == k1 && b == k2) ? 0 : 65535;
            }
            break;
        case WF_PNG_COLOR_GREY_ALPHA:
            for (x = 0; x < w; x++) {
                uint16_t v = (uint16_t)((s[4 * x] << 8) | s[4 * x + 1]);
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = v;
                o[4 * x + 3] = (uint16_t)((s[4 * x + 2] << 8) | s[4 * x + 3]);
            }
            break;
        default:
            for (x = 0; x < 4 * w; x++)
                o[x] = (uint16_t)((s[2 * x] << 8) | s[2 * x + 1]);
            break;
        }
        return;
    }
    /* Up to 8 bits: expand to RGBA8 in place at the end of the output row,
     * then widen front to back (v * 257). The 8-bit row occupies the upper
     * half, so the widening never overwrites bytes it still has to read. */
    uint8_t *tmp = (uint8_t *)o + (size_t)w * 4;
    wf_png_expand8(d, s, w, tmp);
    for (x = 0; x < 4 * w; x++)
        o[x] = (uint16_t)(tmp[x] * 257u);
}
