/* SPDX-License-Identifier: MIT
 * webp_internal.h: what the files of the WebP core share (not installed). */
#ifndef WF_WEBP_INTERNAL_H
#define WF_WEBP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "wf/webp.h"

/* Keeps a function out of line: cold paths, and big functions that would
 * otherwise be inlined into one huge function, which wasm2js turns into a
 * JS function too large for some engines to optimise (Node 20's V8). */
#if defined(__GNUC__) || defined(__clang__)
#define WF_WEBP_NOINLINE __attribute__((noinline))
#else
#define WF_WEBP_NOINLINE
#endif

/* A growable scratch buffer owned by the decoder. */
typedef struct wf_webp_buf {
    void *p;
    size_t cap;
} wf_webp_buf;

/* Makes b hold at least n bytes (contents not kept); 0 when out of memory. */
int wf_webp_reserve(wf_webp_buf *b, size_t n);
/* Makes b hold at least n bytes, keeping its contents; 0 when out of memory. */
int wf_webp_grow(wf_webp_buf *b, size_t n);
void wf_webp_buf_free(wf_webp_buf *b);

/* One frame of the file (a still image is one frame covering the canvas). */
typedef struct wf_webp_frame {
    uint32_t x, y, w, h, duration;
    uint8_t dispose, blend, lossless, has_alpha;
    size_t alph_off, alph_size; /* ALPH payload in the input (size 0: none) */
    size_t img_off, img_size;   /* VP8 / VP8L payload in the input */
} wf_webp_frame;

struct wf_webp_decoder {
    const uint8_t *in;
    size_t in_size;
    uint32_t width, height;
    int has_alpha, format, animated;
    uint32_t loop_count, background;
    wf_webp_frame *frames;
    uint32_t nframes, frames_cap;
    size_t icc_off, icc_size, exif_off, exif_size, xmp_off, xmp_size;
    size_t error_offset;
    /* animation state (wf_webp_decode_frame) */
    uint32_t next_frame;
    /* scratch memory, reused between calls */
    wf_webp_buf argb;       /* VP8L pixels */
    wf_webp_buf huff;       /* VP8L prefix code tables */
    wf_webp_buf yuv;        /* VP8 planes */
    wf_webp_buf vp8_mb;     /* VP8 per-macroblock info */
    wf_webp_buf alpha;      /* decoded alpha plane */
    wf_webp_buf frame_rgba; /* one animation frame before compositing */
};

static inline wf_status wf_webp_fail(wf_webp_decoder *d, wf_status s, size_t offset)
{
    d->error_offset = offset;
    return s;
}

static inline uint32_t wf_webp_le16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }
static inline uint32_t wf_webp_le24(const uint8_t *p) { return wf_webp_le16(p) | ((uint32_t)p[2] << 16); }
static inline uint32_t wf_webp_le32(const uint8_t *p) { return wf_webp_le24(p) | ((uint32_t)p[3] << 24); }

/* riff.c: parses the container into d (frames, metadata, canvas). */
wf_status wf_webp_parse(wf_webp_decoder *d, const uint8_t *in, size_t n);

/* vp8l.c */
wf_status wf_webp_vp8l_info(const uint8_t *p, size_t n, uint32_t *w, uint32_t *h, int *alpha);
/* Decodes a VP8L stream (with its 5-byte header unless `headerless`, as in
 * ALPH) of w*h pixels into d->argb (ARGB words, row-major). `file_off` is the
 * stream's offset in the file, for error offsets. */
wf_status wf_webp_vp8l_decode(wf_webp_decoder *d, const uint8_t *p, size_t n, size_t file_off,
                              uint32_t w, uint32_t h, int headerless);

/* vp8.c */
wf_status wf_webp_vp8_info(const uint8_t *p, size_t n, uint32_t *w, uint32_t *h);
/* Decodes a VP8 key frame and writes RGBA (alpha 255) with the given stride. */
wf_status wf_webp_vp8_decode(wf_webp_decoder *d, const uint8_t *p, size_t n, size_t file_off,
                             uint8_t *rgba, size_t stride, uint32_t flags);

/* yuv.c: YUV 4:2:0 planes to RGBA (alpha 255). */
void wf_webp_yuv_to_rgba(const uint8_t *y, size_t ystride, const uint8_t *u, const uint8_t *v,
                         size_t uvstride, uint32_t w, uint32_t h, uint8_t *rgba, size_t stride,
                         int fancy);

/* alpha.c: decodes an ALPH payload into the alpha bytes of rgba (w*h). */
wf_status wf_webp_alph_decode(wf_webp_decoder *d, const uint8_t *p, size_t n, size_t file_off,
                              uint32_t w, uint32_t h, uint8_t *rgba, size_t stride);

/* anim.c: composites frame `fi`, decoded as w*h RGBA in `src`, onto canvas. */
void wf_webp_composite(const wf_webp_decoder *d, uint32_t fi, const uint8_t *src, uint8_t *canvas);
/* Applies frame fi's disposal to the canvas before the next frame. */
void wf_webp_dispose(const wf_webp_decoder *d, uint32_t fi, uint8_t *canvas);

/* vp8_tables.c */
extern const uint8_t wf_webp_coeff_probs0[4][8][3][11];
extern const uint8_t wf_webp_coeff_update_probs[4][8][3][11];
extern const uint8_t wf_webp_kf_bmode_probs[10][10][9];
extern const uint8_t wf_webp_dc_q[128];
extern const uint16_t wf_webp_ac_q[128];

#endif
