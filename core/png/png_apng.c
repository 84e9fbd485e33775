/* SPDX-License-Identifier: MIT
 *
 * png_apng.c: APNG: the acTL/fcTL/fdAT structure read during the chunk
 * walk, and the frames: each decoded by the common pixel path
 * (wf_png_decode_pixels) and composited on the caller's canvas (dispose
 * and blend operations, APNG spec).
 */
#include <stdlib.h>
#include <string.h>
#include "png_internal.h"

/* ---- APNG chunks (acTL/fcTL/fdAT) -------------------------------------------
 * A broken animation is not an error: like browsers, the decoder then
 * falls back to the default image and reports no frames (apng_ok = 0). */

void wf_png_apng_read_fctl(wf_png_decoder *d, const uint8_t *p, size_t n, int before_idat)
{
    if (n != 26 || wf_png_be32(p) != d->next_seq) {
        d->apng_ok = 0;
        return;
    }
    d->next_seq++;
    wf_png_frame f;
    memset(&f, 0, sizeof f);
    f.w = wf_png_be32(p + 4);
    f.h = wf_png_be32(p + 8);
    f.x = wf_png_be32(p + 12);
    f.y = wf_png_be32(p + 16);
    f.delay_num = (uint16_t)((p[20] << 8) | p[21]);
    f.delay_den = (uint16_t)((p[22] << 8) | p[23]);
    f.dispose = p[24];
    f.blend = p[25];
    f.uses_idat = before_idat;
    f.first_span = d->nfspans;
    const wf_png_header *h = &d->info;
    int ok = f.w && f.h && (uint64_t)f.x + f.w <= h->width && (uint64_t)f.y + f.h <= h->height && f.dispose <= 2 &&
             f.blend <= 1 && d->nframes < d->num_frames;
    if (before_idat)
        ok = ok && d->nframes == 0 && f.x == 0 && f.y == 0 && f.w == h->width && f.h == h->height;
    if (d->nframes > 0 && !d->frames[d->nframes - 1].uses_idat && d->frames[d->nframes - 1].nspans == 0)
        ok = 0;
    if (ok && d->nframes == d->frames_cap) {
        uint32_t cap = d->frames_cap ? d->frames_cap * 2 : 8;
        wf_png_frame *nf = (wf_png_frame *)realloc(d->frames, cap * sizeof *nf);
        if (nf) {
            d->frames = nf;
            d->frames_cap = cap;
        } else {
            ok = 0;
        }
    }
    if (!ok) {
        d->apng_ok = 0;
        return;
    }
    d->frames[d->nframes++] = f;
}

void wf_png_apng_read_fdat(wf_png_decoder *d, const uint8_t *p, size_t n, size_t data_off)
{
    if (n < 4 || wf_png_be32(p) != d->next_seq || d->nframes == 0 || d->frames[d->nframes - 1].uses_idat) {
        d->apng_ok = 0;
        return;
    }
    d->next_seq++;
    if (n == 4)
        return;
    if (d->nfspans == d->fspans_cap) {
        size_t cap = d->fspans_cap ? d->fspans_cap * 2 : 16;
        wf_png_span *ns = (wf_png_span *)realloc(d->fspans, cap * sizeof *ns);
        if (!ns) {
            d->apng_ok = 0;
            return;
        }
        d->fspans = ns;
        d->fspans_cap = cap;
    }
    d->fspans[d->nfspans].off = data_off;
    d->fspans[d->nfspans].len = n - 4;
    d->nfspans++;
    wf_png_frame *f = &d->frames[d->nframes - 1];
    f->nspans++;
    f->total += n - 4;
}

void wf_png_apng_check(wf_png_decoder *d)
{
    if (d->nframes != d->num_frames)
        d->apng_ok = 0;
    for (uint32_t i = 0; i < d->nframes && d->apng_ok; i++)
        if (!d->frames[i].uses_idat && d->frames[i].nspans == 0)
            d->apng_ok = 0;
}

/* ---- APNG frames ------------------------------------------------------- */

/* Composites `src` (w x h RGBA, px bytes per pixel) over the canvas region at
 * dst (row stride `stride`), APNG blend_op OVER, in integers:
 * a = sa + da(1-sa), c = (sc*sa + dc*da(1-sa)) / a, rounded to nearest. */
static void blend_over(uint8_t *dst, size_t stride, const uint8_t *src, uint32_t w, uint32_t h, int depth)
{
    for (uint32_t y = 0; y < h; y++) {
        if (depth == 8) {
            uint8_t *o = dst + (size_t)y * stride;
            const uint8_t *sp = src + (size_t)y * w * 4;
            for (uint32_t x = 0; x < w; x++, o += 4, sp += 4) {
                uint32_t sa = sp[3];
                if (sa == 255) {
                    memcpy(o, sp, 4);
                } else if (sa != 0) {
                    uint32_t t = o[3] * (255u - sa); /* dst weight, times 255 */
                    uint32_t a255 = sa * 255u + t;   /* out alpha, times 255 */
                    for (int c = 0; c < 3; c++)
                        o[c] = (uint8_t)((sp[c] * sa * 255u + o[c] * t + a255 / 2) / a255);
                    o[3] = (uint8_t)((a255 + 127) / 255);
                }
            }
        } else {
            uint16_t *o = (uint16_t *)(void *)(dst + (size_t)y * stride);
            const uint16_t *sp = (const uint16_t *)(const void *)src + (size_t)y * w * 4;
            for (uint32_t x = 0; x < w; x++, o += 4, sp += 4) {
                uint64_t sa = sp[3];
                if (sa == 65535) {
                    memcpy(o, sp, 8);
                } else if (sa != 0) {
                    uint64_t t = o[3] * (65535u - sa);
                    uint64_t a = sa * 65535u + t;
                    for (int c = 0; c < 3; c++)
                        o[c] = (uint16_t)((sp[c] * sa * 65535u + o[c] * t + a / 2) / a);
                    o[3] = (uint16_t)((a + 32767) / 65535);
                }
            }
        }
    }
}

/* Draws frame k onto the canvas, after disposing of frame k-1. */
static wf_status render_frame(wf_png_decoder *d, const uint8_t *in, uint8_t *canvas, int depth, uint32_t k)
{
    const size_t px = depth == 8 ? 4 : 8, stride = (size_t)d->info.width * px;
    if (k > 0) {
        const wf_png_frame *p = &d->frames[k - 1];
        int op = p->dispose == 2 && k - 1 == 0 ? 1 : p->dispose;
        for (uint32_t y = 0; y < p->h && op; y++) {
            uint8_t *row = canvas + (size_t)(p->y + y) * stride + (size_t)p->x * px;
            if (op == 1)
                memset(row, 0, (size_t)p->w * px);
            else
                memcpy(row, d->saved + (size_t)y * p->w * px, (size_t)p->w * px);
        }
    }
    const wf_png_frame *f = &d->frames[k];
    const size_t fsize = (size_t)f->w * f->h * px; /* <= the canvas, which fits in size_t */
    if (f->dispose == 2) {
        if (!wf_png_grow(&d->saved, &d->saved_cap, fsize))
            return WF_ERR_OUT_OF_MEMORY;
        for (uint32_t y = 0; y < f->h; y++)
            memcpy(d->saved + (size_t)y * f->w * px, canvas + (size_t)(f->y + y) * stride + (size_t)f->x * px,
                   (size_t)f->w * px);
    }
    if (!wf_png_grow(&d->fbuf, &d->fbuf_cap, fsize))
        return WF_ERR_OUT_OF_MEMORY;
    wf_status st =
        f->uses_idat
            ? wf_png_decode_pixels(d, in, d->idat, d->nidat, d->idat_total, f->w, f->h, d->fbuf, depth)
            : wf_png_decode_pixels(d, in, d->fspans + f->first_span, f->nspans, f->total, f->w, f->h, d->fbuf, depth);
    if (st != WF_OK)
        return st;
    uint8_t *dst = canvas + (size_t)f->y * stride + (size_t)f->x * px;
    if (f->blend == 0) {
        for (uint32_t y = 0; y < f->h; y++)
            memcpy(dst + (size_t)y * stride, d->fbuf + (size_t)y * f->w * px, (size_t)f->w * px);
    } else {
        blend_over(dst, stride, d->fbuf, f->w, f->h, depth);
    }
    return WF_OK;
}

wf_status wf_png_decode_frame(wf_png_decoder *d, const uint8_t *in, size_t in_nbytes, void *out,
                              size_t out_nbytes_avail, int out_depth, uint32_t index)
{
    if (!d)
        return WF_ERR_INVALID_ARGUMENT;
    long last = d->anim_last; /* parse() resets it */
    wf_status st = wf_png_decoder_read(d, in, in_nbytes);
    if (st != WF_OK)
        return st;
    d->have_image = 0;
    if (out_depth != 8 && out_depth != 16)
        return WF_ERR_INVALID_ARGUMENT;
    if (!d->apng_ok || index >= d->nframes)
        return WF_ERR_INVALID_ARGUMENT;
    st = wf_png_check_output(d, out, out_nbytes_avail, out_depth);
    if (st != WF_OK)
        return st;
    const uint64_t out_size = (uint64_t)d->info.width * d->info.height * (out_depth == 8 ? 4u : 8u);
    uint32_t k = 0;
    if (index > 0 && last == (long)index - 1 && d->anim_out == out && d->anim_in == in && d->anim_in_n == in_nbytes &&
        d->anim_depth == out_depth) {
        k = index; /* continue from the previous frame on the caller's canvas */
    } else {
        memset(out, 0, (size_t)out_size);
    }
    for (; k <= index; k++) {
        st = render_frame(d, in, (uint8_t *)out, out_depth, k);
        if (st != WF_OK)
            return st;
    }
    d->anim_last = index;
    d->anim_out = out;
    d->anim_in = in;
    d->anim_in_n = in_nbytes;
    d->anim_depth = out_depth;
    d->have_image = 1;
    return WF_OK;
}

uint32_t wf_png_decoder_frame_count(const wf_png_decoder *d)
{
    return d && d->have_image && d->apng_ok ? d->nframes : 0;
}
uint32_t wf_png_decoder_num_plays(const wf_png_decoder *d)
{
    return d && d->have_image && d->apng_ok ? d->num_plays : 0;
}
uint32_t wf_png_decoder_frame_info(const wf_png_decoder *d, uint32_t index, int field)
{
    if (!d || !d->have_image || !d->apng_ok || index >= d->nframes)
        return 0;
    const wf_png_frame *f = &d->frames[index];
    switch (field) {
    case WF_PNG_FRAME_X: return f->x;
    case WF_PNG_FRAME_Y: return f->y;
    case WF_PNG_FRAME_WIDTH: return f->w;
    case WF_PNG_FRAME_HEIGHT: return f->h;
    case WF_PNG_FRAME_DELAY_NUM: return f->delay_num;
    case WF_PNG_FRAME_DELAY_DEN: return f->delay_den;
    case WF_PNG_FRAME_DISPOSE: return f->dispose;
    case WF_PNG_FRAME_BLEND: return f->blend;
    case WF_PNG_FRAME_IS_DEFAULT_IMAGE: return (uint32_t)f->uses_idat;
    default: return 0;
    }
}
