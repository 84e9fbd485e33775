/* SPDX-License-Identifier: MIT
 * riff.c: the WebP container (RFC 9649 section 2-5): RIFF header, simple
 * VP8/VP8L files, VP8X with ICCP/ALPH/EXIF/XMP and ANIM/ANMF frames. Builds
 * the frame list and metadata of the decoder; no pixel data is touched. */
#include <stdlib.h>
#include <string.h>
#include "webp_internal.h"

#define FOURCC(a, b, c, d) ((uint32_t)(a) | ((uint32_t)(b) << 8) | ((uint32_t)(c) << 16) | ((uint32_t)(d) << 24))
#define TAG_VP8 FOURCC('V', 'P', '8', ' ')
#define TAG_VP8L FOURCC('V', 'P', '8', 'L')
#define TAG_VP8X FOURCC('V', 'P', '8', 'X')
#define TAG_ALPH FOURCC('A', 'L', 'P', 'H')
#define TAG_ANIM FOURCC('A', 'N', 'I', 'M')
#define TAG_ANMF FOURCC('A', 'N', 'M', 'F')
#define TAG_ICCP FOURCC('I', 'C', 'C', 'P')
#define TAG_EXIF FOURCC('E', 'X', 'I', 'F')
#define TAG_XMP FOURCC('X', 'M', 'P', ' ')

#define VP8X_ANIMATION 0x02
#define VP8X_ALPHA 0x10

/* A chunk: its tag, payload [off, off+size) and the offset of the next one. */
typedef struct chunk {
    uint32_t tag;
    size_t off, size, next;
} chunk;

/* Reads the chunk header at pos (which is < end). */
static wf_status read_chunk(wf_webp_decoder *d, const uint8_t *in, size_t pos, size_t end, chunk *c)
{
    if (end - pos < 8)
        return wf_webp_fail(d, WF_WEBP_TRUNCATED, end);
    c->tag = wf_webp_le32(in + pos);
    c->size = wf_webp_le32(in + pos + 4);
    c->off = pos + 8;
    if (c->size > end - c->off)
        return wf_webp_fail(d, WF_WEBP_TRUNCATED, end);
    c->next = c->off + c->size + (c->size & 1);
    if (c->next > end) /* a missing pad byte after the last chunk is tolerated */
        c->next = end;
    return WF_OK;
}

static wf_status add_frame(wf_webp_decoder *d, const wf_webp_frame *f)
{
    if (d->nframes == d->frames_cap) {
        uint32_t cap = d->frames_cap ? d->frames_cap * 2 : 8;
        wf_webp_frame *p = realloc(d->frames, (size_t)cap * sizeof(*p));
        if (!p)
            return WF_ERR_OUT_OF_MEMORY;
        d->frames = p;
        d->frames_cap = cap;
    }
    d->frames[d->nframes++] = *f;
    return WF_OK;
}

/* Notes an ICCP, EXIF or XMP chunk (the first of each kind); 0 for any other. */
static int note_meta(wf_webp_decoder *d, const chunk *c)
{
    size_t *off, *size;
    if (c->tag == TAG_ICCP) {
        off = &d->icc_off;
        size = &d->icc_size;
    } else if (c->tag == TAG_EXIF) {
        off = &d->exif_off;
        size = &d->exif_size;
    } else if (c->tag == TAG_XMP) {
        off = &d->xmp_off;
        size = &d->xmp_size;
    } else {
        return 0;
    }
    if (!*size) {
        *off = c->off;
        *size = c->size;
    }
    return 1;
}

/* Reads the size of the image bitstream of f (VP8 or VP8L) from its header. */
static wf_status image_info(wf_webp_decoder *d, wf_webp_frame *f, uint32_t *w, uint32_t *h, int *alpha)
{
    const uint8_t *p = d->in + f->img_off;
    wf_status st;
    *alpha = 0;
    if (f->lossless)
        st = wf_webp_vp8l_info(p, f->img_size, w, h, alpha);
    else
        st = wf_webp_vp8_info(p, f->img_size, w, h);
    if (st != WF_OK)
        return wf_webp_fail(d, st, f->img_off);
    return WF_OK;
}

/* Parses the image chunks in [pos, end): an optional ALPH then VP8, or VP8L.
 * Other chunks before the image are skipped (unknown ones) or noted (ICCP,
 * EXIF, XMP at the top level). Sets f's image and alpha; *next gets the
 * offset after the image chunk. */
static wf_status find_image(wf_webp_decoder *d, size_t pos, size_t end, wf_webp_frame *f, int top, size_t *next)
{
    wf_status st;
    chunk c;
    f->alph_size = 0;
    f->img_size = 0;
    f->alph_off = 0;
    while (pos < end) {
        if ((st = read_chunk(d, d->in, pos, end, &c)) != WF_OK)
            return st;
        if (c.tag == TAG_ALPH) {
            if (!f->alph_size) {
                f->alph_off = c.off;
                f->alph_size = c.size;
                if (c.size == 0)
                    return wf_webp_fail(d, WF_WEBP_ALPH_BAD_HEADER, c.off);
            }
        } else if (c.tag == TAG_VP8 || c.tag == TAG_VP8L) {
            f->img_off = c.off;
            f->img_size = c.size;
            f->lossless = c.tag == TAG_VP8L;
            if (f->lossless)
                f->alph_size = 0; /* VP8L carries its own alpha */
            *next = c.next;
            return WF_OK;
        } else if (top && note_meta(d, &c)) {
            /* noted */
        } else if (c.tag == TAG_VP8X || c.tag == TAG_ANIM || c.tag == TAG_ANMF) {
            return wf_webp_fail(d, WF_WEBP_BAD_CHUNK, c.off - 8);
        }
        pos = c.next;
    }
    return wf_webp_fail(d, WF_WEBP_NO_IMAGE, end);
}

/* Notes metadata chunks in [pos, end) (after the image). */
static wf_status scan_meta(wf_webp_decoder *d, size_t pos, size_t end)
{
    wf_status st;
    chunk c;
    while (pos < end) {
        if ((st = read_chunk(d, d->in, pos, end, &c)) != WF_OK)
            return st;
        note_meta(d, &c);
        pos = c.next;
    }
    return WF_OK;
}

static wf_status parse_animation(wf_webp_decoder *d, size_t pos, size_t end)
{
    wf_status st;
    chunk c;
    int have_anim = 0;
    while (pos < end) {
        if ((st = read_chunk(d, d->in, pos, end, &c)) != WF_OK)
            return st;
        if (c.tag == TAG_ANIM) {
            if (c.size < 6)
                return wf_webp_fail(d, WF_WEBP_BAD_CHUNK, c.off - 8);
            d->background = wf_webp_le32(d->in + c.off);
            d->loop_count = wf_webp_le16(d->in + c.off + 4);
            have_anim = 1;
        } else if (c.tag == TAG_ANMF) {
            wf_webp_frame f;
            const uint8_t *p = d->in + c.off;
            uint32_t w, h;
            int alpha;
            size_t next;
            if (!have_anim || c.size < 16)
                return wf_webp_fail(d, WF_WEBP_BAD_FRAME, c.off - 8);
            memset(&f, 0, sizeof(f));
            f.x = 2 * wf_webp_le24(p);
            f.y = 2 * wf_webp_le24(p + 3);
            f.w = 1 + wf_webp_le24(p + 6);
            f.h = 1 + wf_webp_le24(p + 9);
            f.duration = wf_webp_le24(p + 12);
            f.dispose = p[15] & 1;
            f.blend = (p[15] & 2) ? 0 : 1;
            if (f.w > d->width || f.h > d->height || f.x > d->width - f.w || f.y > d->height - f.h)
                return wf_webp_fail(d, WF_WEBP_BAD_FRAME, c.off);
            if ((st = find_image(d, c.off + 16, c.off + c.size, &f, 0, &next)) != WF_OK)
                return st;
            if ((st = image_info(d, &f, &w, &h, &alpha)) != WF_OK)
                return st;
            if (w != f.w || h != f.h)
                return wf_webp_fail(d, WF_WEBP_SIZE_MISMATCH, f.img_off);
            f.has_alpha = (uint8_t)(f.lossless ? alpha : f.alph_size != 0);
            if ((st = add_frame(d, &f)) != WF_OK)
                return st;
        } else {
            note_meta(d, &c);
        }
        pos = c.next;
    }
    if (d->nframes == 0)
        return wf_webp_fail(d, WF_WEBP_NO_IMAGE, end);
    return WF_OK;
}

wf_status wf_webp_parse(wf_webp_decoder *d, const uint8_t *in, size_t n)
{
    wf_status st;
    chunk c;
    size_t end, next;
    wf_webp_frame f;
    uint32_t w, h;
    int alpha;

    d->in = in;
    d->in_size = n;
    d->width = d->height = 0;
    d->has_alpha = d->format = d->animated = 0;
    d->loop_count = d->background = 0;
    d->nframes = 0;
    d->icc_off = d->icc_size = d->exif_off = d->exif_size = d->xmp_off = d->xmp_size = 0;
    d->error_offset = 0;
    d->next_frame = 0;

    if (!in || n < 12 || memcmp(in, "RIFF", 4) != 0 || memcmp(in + 8, "WEBP", 4) != 0)
        return wf_webp_fail(d, WF_WEBP_NOT_WEBP, 0);
    {
        uint32_t riff = wf_webp_le32(in + 4);
        if (riff < 12)
            return wf_webp_fail(d, WF_WEBP_BAD_RIFF_SIZE, 4);
        if (riff > n - 8)
            return wf_webp_fail(d, WF_WEBP_TRUNCATED, n);
        end = (size_t)riff + 8;
    }
    if ((st = read_chunk(d, in, 12, end, &c)) != WF_OK)
        return st;
    memset(&f, 0, sizeof(f));
    if (c.tag == TAG_VP8 || c.tag == TAG_VP8L) {
        f.lossless = c.tag == TAG_VP8L;
        f.img_off = c.off;
        f.img_size = c.size;
        if ((st = image_info(d, &f, &w, &h, &alpha)) != WF_OK)
            return st;
        f.w = d->width = w;
        f.h = d->height = h;
        f.has_alpha = (uint8_t)alpha;
        d->has_alpha = alpha;
        d->format = f.lossless ? WF_WEBP_FORMAT_LOSSLESS : WF_WEBP_FORMAT_LOSSY;
        return add_frame(d, &f);
    }
    if (c.tag != TAG_VP8X)
        return wf_webp_fail(d, WF_WEBP_NO_IMAGE, 12);
    if (c.size != 10)
        return wf_webp_fail(d, WF_WEBP_BAD_VP8X, c.off);
    {
        const uint8_t *p = in + c.off;
        uint32_t flags = p[0];
        d->width = 1 + wf_webp_le24(p + 4);
        d->height = 1 + wf_webp_le24(p + 7);
        if ((uint64_t)d->width * d->height >= ((uint64_t)1 << 32))
            return wf_webp_fail(d, WF_WEBP_BAD_VP8X, c.off + 4);
        d->has_alpha = (flags & VP8X_ALPHA) != 0;
        if (flags & VP8X_ANIMATION) {
            uint32_t i;
            int lossy = 0, lossless = 0;
            d->animated = 1;
            if ((st = parse_animation(d, c.next, end)) != WF_OK)
                return st;
            for (i = 0; i < d->nframes; i++) {
                lossless |= d->frames[i].lossless;
                lossy |= !d->frames[i].lossless;
            }
            d->format = lossy && lossless ? WF_WEBP_FORMAT_MIXED
                        : lossless        ? WF_WEBP_FORMAT_LOSSLESS
                                          : WF_WEBP_FORMAT_LOSSY;
            return WF_OK;
        }
    }
    if ((st = find_image(d, c.next, end, &f, 1, &next)) != WF_OK)
        return st;
    if ((st = image_info(d, &f, &w, &h, &alpha)) != WF_OK)
        return st;
    if (w != d->width || h != d->height)
        return wf_webp_fail(d, WF_WEBP_SIZE_MISMATCH, f.img_off);
    f.w = w;
    f.h = h;
    if (f.lossless)
        d->has_alpha = alpha;
    else
        d->has_alpha |= f.alph_size != 0;
    f.has_alpha = (uint8_t)d->has_alpha;
    d->format = f.lossless ? WF_WEBP_FORMAT_LOSSLESS : WF_WEBP_FORMAT_LOSSY;
    if ((st = scan_meta(d, next, end)) != WF_OK)
        return st;
    return add_frame(d, &f);
}
