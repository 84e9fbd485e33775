/* SPDX-License-Identifier: MIT
 *
 * png_internal.h: what the files of core/png share (private, not installed):
 * the decoder's state, which png_chunks.c (chunk walk, metadata),
 * png_decode.c (pixels), png_expand.c (rows to RGBA) and png_apng.c
 * (animation) fill in turn, and the helpers of decoder and encoder.
 */
#ifndef WF_PNG_INTERNAL_H
#define WF_PNG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "wf/deflate.h"
#include "wf/png.h"

/* Filter types (PNG spec section 9.2). */
enum { WF_PNG_FILTER_NONE = 0, WF_PNG_FILTER_SUB, WF_PNG_FILTER_UP, WF_PNG_FILTER_AVG, WF_PNG_FILTER_PAETH };

/* Adam7 pass geometry (PNG spec section 8.2): pass p starts at
 * (xstart[p], ystart[p]) and steps (xstep[p], ystep[p]). */
extern const uint8_t wf_png_adam7_xstart[7], wf_png_adam7_ystart[7];
extern const uint8_t wf_png_adam7_xstep[7], wf_png_adam7_ystep[7];

/* wf_png_pass_size() gives the width and height of Adam7 pass p (0 for an
 * empty pass). */
void wf_png_pass_size(uint32_t width, uint32_t height, int pass, uint32_t *w_ret, uint32_t *h_ret);

/* wf_png_row_bytes() is the size of one row of `width` pixels at
 * `bits_per_pixel`, without the filter byte; 0 on overflow of 32 bits. */
uint64_t wf_png_row_bytes(uint32_t width, unsigned bits_per_pixel);

/* wf_png_unfilter_row() reverses filter `type` (0..4) in place on `row` of `n`
 * bytes, with `prev` the reconstructed previous row (all zeros for the first
 * row of a pass) and `bpp` bytes per complete pixel (1 for sub-byte depths). */
void wf_png_unfilter_row(int type, uint8_t *row, const uint8_t *prev, size_t n, unsigned bpp);

/* wf_png_filter_row() applies filter `type` to `cur` (previous row `prev`,
 * zeros for the first row) and writes the n filtered bytes to `out`. */
void wf_png_filter_row(int type, const uint8_t *cur, const uint8_t *prev, uint8_t *out, size_t n, unsigned bpp);

/* wf_png_filter_choose_msad() returns the filter (0..4) whose bytes for `cur`,
 * read as signed, have the smallest sum of absolute values (ties: the lower
 * type), the heuristic of the PNG spec and libpng. Nothing is written. */
int wf_png_filter_choose_msad(const uint8_t *cur, const uint8_t *prev, size_t n, unsigned bpp);

/* The 8-byte PNG signature. */
extern const uint8_t wf_png_signature[8];

/* Grows *buf (capacity *cap) to at least need bytes, keeping its contents;
 * 0 when out of memory (the buffer is then unchanged). */
static inline int wf_png_grow(uint8_t **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 1;
    uint8_t *p = (uint8_t *)realloc(*buf, need);
    if (!p)
        return 0;
    *buf = p;
    *cap = need;
    return 1;
}

/* Samples per pixel of a colour type. */
static inline unsigned wf_png_channels(int ctype)
{
    switch (ctype) {
    case WF_PNG_COLOR_RGB: return 3;
    case WF_PNG_COLOR_GREY_ALPHA: return 2;
    case WF_PNG_COLOR_RGBA: return 4;
    default: return 1;
    }
}

/* Big-endian helpers. */
static inline uint32_t wf_png_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline void wf_png_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* ---- the decoder ----------------------------------------------------------- */

/* DEFLATE cannot expand more than 1032:1 (a 258-byte match in 2 bits), so
 * image data this short cannot fill the image: say so before allocating. */
#define WF_PNG_MAX_INFLATE_RATIO 1032u

typedef struct wf_png_text {
    int kind;
    size_t off[4], len[4];
} wf_png_text;

typedef struct wf_png_span {
    size_t off, len; /* payload position in the input */
} wf_png_span;

/* One APNG frame (fcTL), and where its image data is. */
typedef struct wf_png_frame {
    uint32_t x, y, w, h;
    uint16_t delay_num, delay_den;
    uint8_t dispose, blend;
    int uses_idat; /* frame 0 is the default image */
    size_t first_span, nspans, total;
} wf_png_frame;

struct wf_png_decoder {
    uint32_t max_pixels;
    int check_crc;
    wf_inflater *inf;
    size_t err_off;
    int have_image, pal_overflow;
    wf_png_header info;
    uint32_t npal, ntrns;
    int has_trns;
    uint16_t trns_key[3];
    uint8_t pal[256][4]; /* RGBA, tRNS applied; unused entries opaque black */
    /* metadata */
    uint32_t flags, gamma, chrm[8], phys[3];
    int srgb;
    uint8_t *arena;
    size_t arena_len, arena_cap;
    wf_png_text *texts;
    uint32_t ntexts, texts_cap;
    size_t iccp_name_off, iccp_name_len, iccp_off, iccp_len;
    size_t meta_inflate_left;
    /* image data */
    wf_png_span *idat;
    size_t nidat, idat_cap, idat_total;
    uint8_t *zbuf, *raw, *tmp;
    size_t zbuf_cap, raw_cap, tmp_cap;
    /* APNG: structure of the file last read */
    int apng_ok;
    uint32_t num_frames, num_plays, next_seq;
    wf_png_frame *frames;
    uint32_t nframes, frames_cap;
    wf_png_span *fspans;
    size_t nfspans, fspans_cap;
    /* APNG: compositing state of the last wf_png_decode_frame() */
    uint8_t *fbuf, *saved;
    size_t fbuf_cap, saved_cap;
    long anim_last;
    const void *anim_out;
    const uint8_t *anim_in;
    size_t anim_in_n;
    int anim_depth;
};

/* Records the byte offset of a decoding error and returns its status (in a
 * function with a wf_png_decoder *d). */
#define WF_PNG_FAIL(st, off) \
    do {                     \
        d->err_off = (off);  \
        return (st);         \
    } while (0)

/* png_decode.c: decodes the zlib stream made of `spans` of `in` (total
 * bytes) as a width x height image in the IHDR's format into `out` (RGBA
 * rows of width * 4 or 8 bytes). Used for the image and for APNG frames. */
wf_status wf_png_decode_pixels(wf_png_decoder *d, const uint8_t *in, const wf_png_span *spans, size_t nspans,
                               size_t total, uint32_t width, uint32_t height, uint8_t *out, int out_depth);

/* png_decode.c: checks the caller's output buffer for the image of d at
 * out_depth (8 or 16): WF_PNG_TOO_LARGE when its size overflows size_t,
 * WF_ERR_INVALID_ARGUMENT for NULL, WF_ERR_BUFFER_TOO_SMALL. */
wf_status wf_png_check_output(const wf_png_decoder *d, const void *out, size_t out_nbytes_avail, int out_depth);

/* png_expand.c: expands one unfiltered row of w pixels at `s` to RGBA8 at
 * `o`, or to native-endian RGBA16 at `o` (which then also serves as scratch
 * space: it must hold w * 8 bytes). Palette indices past the palette set
 * d->pal_overflow. */
void wf_png_expand8(wf_png_decoder *d, const uint8_t *s, uint32_t w, uint8_t *o);
void wf_png_expand16(wf_png_decoder *d, const uint8_t *s, uint32_t w, uint16_t *o);

/* png_apng.c: the APNG chunks met by the chunk walk (each clears
 * d->apng_ok when the animation is broken), and the check at IEND. */
void wf_png_apng_read_fctl(wf_png_decoder *d, const uint8_t *p, size_t n, int before_idat);
void wf_png_apng_read_fdat(wf_png_decoder *d, const uint8_t *p, size_t n, size_t data_off);
void wf_png_apng_check(wf_png_decoder *d);

#endif
