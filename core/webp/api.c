/* SPDX-License-Identifier: MIT
 * api.c: the public decoder API of wf/webp.h: contexts, scratch memory,
 * decoding a frame (VP8 + ALPH or VP8L) and animation order. */
#include <stdlib.h>
#include <string.h>
#include "webp_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

int wf_webp_reserve(wf_webp_buf *b, size_t n)
{
    if (n <= b->cap)
        return 1;
    free(b->p);
    b->p = malloc(n);
    b->cap = b->p ? n : 0;
    return b->p != NULL;
}

int wf_webp_grow(wf_webp_buf *b, size_t n)
{
    void *p;
    size_t cap;
    if (n <= b->cap)
        return 1;
    cap = b->cap ? b->cap : 4096;
    while (cap < n)
        cap = cap > ((size_t)-1) / 2 ? n : cap * 2;
    p = realloc(b->p, cap);
    if (!p)
        return 0;
    b->p = p;
    b->cap = cap;
    return 1;
}

void wf_webp_buf_free(wf_webp_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->cap = 0;
}

wf_webp_decoder *wf_webp_decoder_alloc(void) { return calloc(1, sizeof(wf_webp_decoder)); }

void wf_webp_decoder_free(wf_webp_decoder *d)
{
    if (!d)
        return;
    free(d->frames);
    wf_webp_buf_free(&d->argb);
    wf_webp_buf_free(&d->huff);
    wf_webp_buf_free(&d->yuv);
    wf_webp_buf_free(&d->vp8_mb);
    wf_webp_buf_free(&d->alpha);
    wf_webp_buf_free(&d->frame_rgba);
    free(d);
}

/* Drops scratch memory larger than what one typical image needs, so that
 * one huge image does not pin its buffers for the life of the context. */
static void trim(wf_webp_decoder *d)
{
    const size_t keep = (size_t)64 << 20;
    if (d->argb.cap > keep)
        wf_webp_buf_free(&d->argb);
    if (d->yuv.cap > keep)
        wf_webp_buf_free(&d->yuv);
    if (d->frame_rgba.cap > keep)
        wf_webp_buf_free(&d->frame_rgba);
    if (d->alpha.cap > keep)
        wf_webp_buf_free(&d->alpha);
    if (d->huff.cap > keep)
        wf_webp_buf_free(&d->huff);
}

wf_status wf_webp_read_header(wf_webp_decoder *d, const uint8_t *in, size_t in_nbytes)
{
    if (!d)
        return WF_ERR_INVALID_ARGUMENT;
    return wf_webp_parse(d, in, in_nbytes);
}

/* Decodes frame fi into out (frame width*height RGBA, `stride` bytes a row). */
static wf_status decode_frame_pixels(wf_webp_decoder *d, uint32_t fi, uint8_t *out, size_t stride, uint32_t flags)
{
    const wf_webp_frame *f = &d->frames[fi];
    const uint8_t *img = d->in + f->img_off;
    wf_status st;
    if (f->lossless) {
        uint32_t x, y;
        const uint32_t *argb;
        if ((st = wf_webp_vp8l_decode(d, img, f->img_size, f->img_off, f->w, f->h, 0)) != WF_OK)
            return st;
        argb = d->argb.p;
        for (y = 0; y < f->h; y++) {
            uint8_t *o = out + (size_t)y * stride;
            const uint32_t *s = argb + (size_t)y * f->w;
            x = 0;
#ifdef WF_SIMD
            for (; x + 4 <= f->w; x += 4) /* ARGB words (B, G, R, A bytes) to R, G, B, A */
                wasm_v128_store(o + 4 * x, wasm_i8x16_shuffle(wasm_v128_load(s + x), wasm_v128_load(s + x), 2, 1, 0, 3,
                                                              6, 5, 4, 7, 10, 9, 8, 11, 14, 13, 12, 15));
#endif
            for (; x < f->w; x++) {
                uint32_t p = s[x];
                o[4 * x] = (uint8_t)(p >> 16);
                o[4 * x + 1] = (uint8_t)(p >> 8);
                o[4 * x + 2] = (uint8_t)p;
                o[4 * x + 3] = (uint8_t)(p >> 24);
            }
        }
        return WF_OK;
    }
    if ((st = wf_webp_vp8_decode(d, img, f->img_size, f->img_off, out, stride, flags)) != WF_OK)
        return st;
    if (f->alph_size)
        return wf_webp_alph_decode(d, d->in + f->alph_off, f->alph_size, f->alph_off, f->w, f->h, out, stride);
    return WF_OK;
}

static wf_status check_canvas(wf_webp_decoder *d, size_t avail, uint32_t max_pixels)
{
    uint64_t px = (uint64_t)d->width * d->height;
    if (max_pixels == 0)
        max_pixels = WF_WEBP_DEFAULT_MAX_PIXELS;
    if (px > max_pixels)
        return wf_webp_fail(d, WF_WEBP_TOO_MANY_PIXELS, 12);
    if (px * 4 > avail)
        return WF_ERR_BUFFER_TOO_SMALL;
    return WF_OK;
}

static wf_status composite_frame(wf_webp_decoder *d, uint32_t fi, uint8_t *canvas, uint32_t flags)
{
    const wf_webp_frame *f = &d->frames[fi];
    wf_status st;
    if (!wf_webp_reserve(&d->frame_rgba, (size_t)f->w * f->h * 4))
        return WF_ERR_OUT_OF_MEMORY;
    if ((st = decode_frame_pixels(d, fi, d->frame_rgba.p, (size_t)f->w * 4, flags)) != WF_OK)
        return st;
    wf_webp_composite(d, fi, d->frame_rgba.p, canvas);
    return WF_OK;
}

wf_status wf_webp_decode(wf_webp_decoder *d, const uint8_t *in, size_t in_nbytes, uint8_t *out, size_t out_nbytes_avail,
                         uint32_t max_pixels, uint32_t flags)
{
    wf_status st;
    if (!d)
        return WF_ERR_INVALID_ARGUMENT;
    if ((st = wf_webp_parse(d, in, in_nbytes)) != WF_OK)
        return st;
    if ((st = check_canvas(d, out_nbytes_avail, max_pixels)) != WF_OK)
        return st;
    if (!d->animated) {
        st = decode_frame_pixels(d, 0, out, (size_t)d->width * 4, flags);
    } else {
        memset(out, 0, (size_t)d->width * d->height * 4);
        st = composite_frame(d, 0, out, flags);
    }
    trim(d);
    return st;
}

wf_status wf_webp_decode_frame(wf_webp_decoder *d, const uint8_t *in, size_t in_nbytes, uint32_t index, uint8_t *canvas,
                               size_t canvas_nbytes_avail, uint32_t max_pixels, uint32_t flags)
{
    wf_status st;
    if (!d)
        return WF_ERR_INVALID_ARGUMENT;
    if (index == 0) {
        if ((st = wf_webp_parse(d, in, in_nbytes)) != WF_OK)
            return st;
    } else if (d->in != in || d->in_size != in_nbytes || index != d->next_frame || index >= d->nframes) {
        return wf_webp_fail(d, WF_WEBP_BAD_FRAME_INDEX, 0);
    }
    if ((st = check_canvas(d, canvas_nbytes_avail, max_pixels)) != WF_OK)
        return st;
    if (index == 0)
        memset(canvas, 0, (size_t)d->width * d->height * 4);
    else
        wf_webp_dispose(d, index - 1, canvas);
    st = composite_frame(d, index, canvas, flags);
    d->next_frame = st == WF_OK ? index + 1 : 0;
    if (st != WF_OK || d->next_frame == d->nframes)
        trim(d);
    return st;
}

uint32_t wf_webp_width(const wf_webp_decoder *d) { return d ? d->width : 0; }
uint32_t wf_webp_height(const wf_webp_decoder *d) { return d ? d->height : 0; }
int wf_webp_has_alpha(const wf_webp_decoder *d) { return d ? d->has_alpha : 0; }
int wf_webp_format(const wf_webp_decoder *d) { return d ? d->format : 0; }
int wf_webp_animated(const wf_webp_decoder *d) { return d ? d->animated : 0; }
uint32_t wf_webp_frame_count(const wf_webp_decoder *d) { return d ? d->nframes : 0; }
uint32_t wf_webp_loop_count(const wf_webp_decoder *d) { return d ? d->loop_count : 0; }
uint32_t wf_webp_background(const wf_webp_decoder *d) { return d ? d->background : 0; }
size_t wf_webp_error_offset(const wf_webp_decoder *d) { return d ? d->error_offset : 0; }

uint32_t wf_webp_frame_info(const wf_webp_decoder *d, uint32_t index, int field)
{
    const wf_webp_frame *f;
    if (!d || index >= d->nframes)
        return 0;
    f = &d->frames[index];
    switch (field) {
    case WF_WEBP_FRAME_X: return f->x;
    case WF_WEBP_FRAME_Y: return f->y;
    case WF_WEBP_FRAME_WIDTH: return f->w;
    case WF_WEBP_FRAME_HEIGHT: return f->h;
    case WF_WEBP_FRAME_DURATION: return f->duration;
    case WF_WEBP_FRAME_DISPOSE: return f->dispose;
    case WF_WEBP_FRAME_BLEND: return f->blend;
    case WF_WEBP_FRAME_LOSSLESS: return f->lossless;
    case WF_WEBP_FRAME_HAS_ALPHA: return f->has_alpha;
    default: return 0;
    }
}

const uint8_t *wf_webp_icc_data(const wf_webp_decoder *d) { return d && d->icc_size ? d->in + d->icc_off : NULL; }
size_t wf_webp_icc_size(const wf_webp_decoder *d) { return d ? d->icc_size : 0; }
const uint8_t *wf_webp_exif_data(const wf_webp_decoder *d) { return d && d->exif_size ? d->in + d->exif_off : NULL; }
size_t wf_webp_exif_size(const wf_webp_decoder *d) { return d ? d->exif_size : 0; }
const uint8_t *wf_webp_xmp_data(const wf_webp_decoder *d) { return d && d->xmp_size ? d->in + d->xmp_off : NULL; }
size_t wf_webp_xmp_size(const wf_webp_decoder *d) { return d ? d->xmp_size : 0; }
