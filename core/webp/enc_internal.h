/* SPDX-License-Identifier: MIT
 * enc_internal.h: what the files of the WebP encoder share (not installed).
 *
 * The lossless (VP8L) encoder works on ARGB words (0xAARRGGBB, row-major),
 * the pixel form of the VP8L bitstream (RFC 9649 section 3). */
#ifndef WF_WEBP_ENC_INTERNAL_H
#define WF_WEBP_ENC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "wf/webp.h"

/* ---- Bit writer (enc_huffman.c): LSB first, into a growable buffer ---- */
typedef struct wf_webp_bw {
    uint8_t *buf;
    size_t len, cap;
    uint64_t acc;
    int nacc;
    int oom; /* sticky: an allocation failed */
} wf_webp_bw;

void wf_webp_bw_init(wf_webp_bw *bw);
void wf_webp_bw_free(wf_webp_bw *bw);
void wf_webp_bw_put_slow(wf_webp_bw *bw);
/* Appends the n (0..32) low bits of v. */
static inline void wf_webp_bw_put(wf_webp_bw *bw, uint32_t v, int n)
{
    if (n == 0)
        return;
    bw->acc |= (uint64_t)(v & (n == 32 ? 0xffffffffu : ((1u << n) - 1))) << bw->nacc;
    bw->nacc += n;
    if (bw->nacc >= 32)
        wf_webp_bw_put_slow(bw);
}
/* Flushes the last partial byte (zero padded). */
void wf_webp_bw_finish(wf_webp_bw *bw);
/* Bits written so far. */
static inline size_t wf_webp_bw_bits(const wf_webp_bw *bw) { return bw->len * 8 + (size_t)bw->nacc; }

/* ---- Prefix codes (enc_huffman.c) ---- */
#define WF_WEBP_MAX_CODE_LEN 15
/* Computes code lengths (<= max_len) for the counts of n symbols; symbols
 * with count 0 get length 0. A single used symbol gets length 1 (a zero-bit
 * code for the decoder). n <= WF_WEBP_MAX_ALPHABET. */
#define WF_WEBP_MAX_ALPHABET (256 + 24 + 2048)
void wf_webp_code_lengths(const uint32_t *counts, int n, int max_len, uint8_t *lens);
/* Canonical codes from lengths, bit-reversed for the LSB-first writer. */
void wf_webp_canonical_codes(const uint8_t *lens, int n, uint16_t *codes);
/* Writes the prefix code with these lengths (RFC 9649 3.7.2.1) to bw. */
void wf_webp_write_code(wf_webp_bw *bw, const uint8_t *lens, int n);

/* ---- Cost estimates (enc_huffman.c) ---- */
/* Deterministic log2 (basic IEEE operations only: same on every backend). */
double wf_webp_log2(double v);
/* Estimated bits to code the symbols of a histogram with an optimal prefix
 * code, plus the cost of the code itself. */
double wf_webp_histo_bits(const uint32_t *counts, int n);

/* ---- The encoder context ---- */
struct wf_webp_encoder {
    uint8_t *out; /* the last encoded file */
    size_t out_size;
    const uint8_t *icc, *exif, *xmp; /* metadata for the next wf_webp_encode() */
    size_t icc_size, exif_size, xmp_size;
};

/* VP8L encoder parameters. */
typedef struct wf_webp_vp8l_params {
    int effort; /* 0..9 */
    int exact;  /* keep the RGB of fully transparent pixels */
} wf_webp_vp8l_params;

/* vp8l_encode.c: encodes w*h ARGB pixels as a VP8L stream (with its 5-byte
 * header unless `headerless`, as inside ALPH). `argb` may be modified. The
 * stream goes to *out (malloc'ed) and *out_size. */
wf_status wf_webp_vp8l_encode(uint32_t *argb, uint32_t w, uint32_t h, const wf_webp_vp8l_params *p, int headerless,
                              uint8_t **out, size_t *out_size);

/* enc_transforms.c */
typedef struct wf_webp_tf {
    uint32_t w, h; /* image size */
    int bits;      /* tile size log2 */
    uint32_t tw, th;
    uint32_t *data; /* tw*th ARGB (predictor modes in green, cross-colour elements) */
} wf_webp_tf;
void wf_webp_subtract_green(uint32_t *argb, size_t n);
/* Chooses a predictor mode per tile and replaces argb by the residuals.
 * `exact` 0: the RGB of pixels with alpha 0 become the prediction. nmodes:
 * modes 0..nmodes-1 are tried. 0 on out of memory. */
int wf_webp_predictor(uint32_t *argb, uint32_t w, uint32_t h, int bits, int nmodes, int exact, wf_webp_tf *tf);
/* Chooses a cross-colour element per tile and applies it. 0 on OOM. */
int wf_webp_cross_color(uint32_t *argb, uint32_t w, uint32_t h, int bits, int effort, wf_webp_tf *tf);
/* Collects at most 256 colours into pal (sorted); returns the count, or 257
 * when there are more. */
int wf_webp_palette(const uint32_t *argb, size_t n, uint32_t *pal);
/* Replaces argb by packed palette indices (in green) of width
 * wf_webp_packed_width(); returns the packing bits. */
int wf_webp_apply_palette(uint32_t *argb, uint32_t w, uint32_t h, const uint32_t *pal, int npal);

/* enc_lz77.c: the token stream of an image. */
enum { WF_WEBP_TOK_LIT = 0, WF_WEBP_TOK_CACHE = 1, WF_WEBP_TOK_COPY = 2 };
typedef struct wf_webp_tok {
    uint32_t v;  /* literal ARGB, cache index, or copy length */
    uint32_t d;  /* copy: distance code (1..120 plane codes, else distance + 120) */
    uint32_t px; /* index of the token's first pixel */
    uint8_t kind;
} wf_webp_tok;
typedef struct wf_webp_toks {
    wf_webp_tok *t;
    size_t n, cap;
} wf_webp_toks;
/* Finds backward references (hash chains of depth `chain`, lazy when
 * `lazy`) into toks (literal and copy tokens). 0 on out of memory. */
int wf_webp_lz77(const uint32_t *argb, uint32_t w, uint32_t h, int chain, int lazy, wf_webp_toks *toks);
/* A second parse by estimated bits (costs from the token statistics of a
 * first parse `first`): literals against the longest chain match and the
 * left/up runs, at every length up to 64. 0 on out of memory. */
int wf_webp_lz77_optimal(const uint32_t *argb, uint32_t w, uint32_t h, int chain, const wf_webp_toks *first,
                         wf_webp_toks *toks);
/* Rewrites literal tokens that hit a colour cache of 2^bits entries
 * (bits 1..11) as cache tokens (src -> dst, same length). */
void wf_webp_apply_cache(const uint32_t *argb, const wf_webp_toks *src, int bits, wf_webp_toks *dst);

/* riff_write.c: the container. */
typedef struct wf_webp_container {
    uint32_t width, height;
    int lossless;  /* image is a VP8L stream, else VP8 */
    int has_alpha; /* VP8X alpha flag */
    const uint8_t *image, *alph, *icc, *exif, *xmp;
    size_t image_size, alph_size, icc_size, exif_size, xmp_size;
} wf_webp_container;
/* Writes the file into *out (malloc'ed), *out_size bytes. */
wf_status wf_webp_write_container(const wf_webp_container *c, uint8_t **out, size_t *out_size);

/* alpha_encode.c: the ALPH payload (method 1) of the alpha of rgba. */
wf_status wf_webp_alph_encode(const uint8_t *rgba, uint32_t w, uint32_t h, size_t stride, int alpha_quality, int effort,
                              uint8_t **out, size_t *out_size);

#endif
