/* SPDX-License-Identifier: MIT
 *
 * wf/png.h: PNG (ISO/IEC 15948, W3C PNG 2nd edition, RFC 2083) decoder and
 * encoder.
 *
 * Whole-buffer API: no streaming. The decoder reads every colour type at every
 * legal bit depth, PLTE/tRNS, Adam7 and all five filters, and writes RGBA8 or
 * native-endian RGBA16 into a caller-owned buffer sized by
 * wf_png_decoder_output_size(). Colour metadata (gAMA, cHRM, sRGB, iCCP, pHYs)
 * and text (tEXt, zTXt, iTXt) are exposed, never applied: no gamma or colour
 * conversion is done. APNG animations are decoded frame by frame with
 * wf_png_decode_frame(); wf_png_decode() gives the default image.
 *
 * What the decoder does with questionable input (libpng 1.6 behaviour unless
 * noted):
 *  - critical chunk CRC mismatch: error; ancillary chunk CRC mismatch: the
 *    chunk is dropped. wf_png_decoder_set_check_crc(d, 0) skips all CRC checks.
 *  - the zlib Adler-32 of the image data is always checked.
 *  - unknown ancillary chunks are skipped; unknown critical chunks are errors.
 *  - ancillary chunks that are malformed, duplicated or out of place are
 *    ignored (libpng: benign errors).
 *  - PLTE in a greyscale image is ignored; PLTE entries beyond 2^depth are
 *    dropped (libpng: png_set_PLTE truncation).
 *  - a palette index >= the number of PLTE entries decodes as opaque black
 *    (0,0,0,255), as libpng does (its palette is 256 zeroed entries and indices
 *    beyond tRNS get alpha 255). wf_png_decoder_palette_overflow() says
 *    whether it happened.
 *  - IDAT chunks must be consecutive (spec; libpng reports "Not enough image
 *    data" or a warning depending on where the gap is); image data that
 *    decompresses to more or fewer bytes than the image needs is an error.
 *  - IEND is required; anything after it is ignored.
 *  - image data too short to fill the image even at DEFLATE's largest
 *    expansion (1032:1) fails with WF_PNG_NOT_ENOUGH_DATA already in
 *    wf_png_decoder_read(), before any buffer is sized for it.
 *  - 16-bit samples are reduced to 8 bits by dropping the low byte (libpng
 *    png_set_strip_16); samples below 8 bits are scaled by v*255/(2^d-1);
 *    8-bit samples widen to 16 as v*257 (png_set_expand_16).
 *
 * Contexts are opaque, allocated with *_alloc() and freed with *_free();
 * *_free(NULL) does nothing. A context is not thread-safe; separate contexts
 * are independent. After any error the context is usable for the next call.
 */
#ifndef WF_PNG_H
#define WF_PNG_H

#include <stddef.h>
#include <stdint.h>
#include "wf/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* PNG colour types (IHDR). */
enum {
    WF_PNG_COLOR_GREY = 0,
    WF_PNG_COLOR_RGB = 2,
    WF_PNG_COLOR_PALETTE = 3,
    WF_PNG_COLOR_GREY_ALPHA = 4,
    WF_PNG_COLOR_RGBA = 6
};

/* The default pixel limit (width * height) of a new decoder. */
#define WF_PNG_DEFAULT_MAX_PIXELS 100000000u

/* wf_png_header is what wf_png_info() reads from the signature and IHDR. */
typedef struct wf_png_header {
    uint32_t width;
    uint32_t height;
    uint8_t bit_depth;  /* 1, 2, 4, 8 or 16 */
    uint8_t color_type; /* WF_PNG_COLOR_* */
    uint8_t interlace;  /* 0 none, 1 Adam7 */
} wf_png_header;

/* wf_png_info() checks the signature and the IHDR chunk (length, CRC, field
 * values) of `in` and fills *info. It reads no further and allocates nothing.
 * Returns WF_OK or the error a full decode would report for the header. */
wf_status wf_png_info(const uint8_t *in, size_t in_nbytes, wf_png_header *info);

/* ---- Decoder ---------------------------------------------------------- */

typedef struct wf_png_decoder wf_png_decoder;

/* wf_png_decoder_alloc() returns a new decoder (pixel limit
 * WF_PNG_DEFAULT_MAX_PIXELS, CRC checks on), or NULL when out of memory. */
wf_png_decoder *wf_png_decoder_alloc(void);

/* wf_png_decoder_free() frees a decoder and all the metadata it holds. */
void wf_png_decoder_free(wf_png_decoder *d);

/* wf_png_decoder_set_max_pixels() sets the largest width*height accepted;
 * larger images fail with WF_PNG_TOO_LARGE before anything is allocated.
 * 0 restores the default. */
void wf_png_decoder_set_max_pixels(wf_png_decoder *d, uint32_t max_pixels);

/* wf_png_decoder_set_check_crc() turns chunk CRC checking on (non-zero, the
 * default) or off. */
void wf_png_decoder_set_check_crc(wf_png_decoder *d, int check);

/* wf_png_decoder_read() parses the whole chunk structure of `in` (signature
 * through IEND) without decompressing the image: it validates the chunk
 * order, CRCs and IHDR, checks the pixel limit, and collects the metadata.
 * After WF_OK the accessors below describe the image. */
wf_status wf_png_decoder_read(wf_png_decoder *d, const uint8_t *in, size_t in_nbytes);

/* wf_png_decoder_output_size() returns the bytes wf_png_decode() writes for
 * the image last read: width*height*4 for out_depth 8, *8 for out_depth 16,
 * or 0 if no image was read successfully or out_depth is neither. */
size_t wf_png_decoder_output_size(const wf_png_decoder *d, int out_depth);

/* wf_png_decode() reads `in` as wf_png_decoder_read() does, then decodes the
 * image into `out` as RGBA rows, top to bottom, without padding: 8-bit
 * samples for out_depth 8, native-endian uint16_t samples for out_depth 16
 * (`out` then needs 2-byte alignment). `out_nbytes_avail` must be at least
 * wf_png_decoder_output_size() (else WF_ERR_BUFFER_TOO_SMALL). On failure the
 * contents of `out` are unspecified and wf_png_decoder_error_offset() gives
 * the input byte offset where the problem was found. */
wf_status wf_png_decode(wf_png_decoder *d, const uint8_t *in, size_t in_nbytes, void *out, size_t out_nbytes_avail,
                        int out_depth);

/* The input byte offset of the last error (0 after success). */
size_t wf_png_decoder_error_offset(const wf_png_decoder *d);

/* Header fields of the image last read (0 before a successful read). */
uint32_t wf_png_decoder_width(const wf_png_decoder *d);
uint32_t wf_png_decoder_height(const wf_png_decoder *d);
uint32_t wf_png_decoder_bit_depth(const wf_png_decoder *d);
uint32_t wf_png_decoder_color_type(const wf_png_decoder *d);
uint32_t wf_png_decoder_interlace(const wf_png_decoder *d);
/* Non-zero if the last decode met a palette index beyond the PLTE. */
int wf_png_decoder_palette_overflow(const wf_png_decoder *d);

/* ---- APNG (animated PNG) -----------------------------------------------
 * After a successful read/decode, wf_png_decoder_frame_count() is the number
 * of animation frames (acTL/fcTL/fdAT), or 0 for a still image or a broken
 * animation (sequence numbers out of order, frame outside the canvas, frame
 * count not as acTL says...), which then decodes as its default image, as
 * browsers show it. The default image (wf_png_decode()) is frame 0 only when
 * its fcTL precedes IDAT (WF_PNG_FRAME_IS_DEFAULT_IMAGE). */
uint32_t wf_png_decoder_frame_count(const wf_png_decoder *d);
/* acTL num_plays: 0 means loop forever. */
uint32_t wf_png_decoder_num_plays(const wf_png_decoder *d);
enum {
    WF_PNG_FRAME_X = 0,
    WF_PNG_FRAME_Y,
    WF_PNG_FRAME_WIDTH,
    WF_PNG_FRAME_HEIGHT,
    WF_PNG_FRAME_DELAY_NUM,
    WF_PNG_FRAME_DELAY_DEN, /* delay in seconds = num/den (den 0 means 100) */
    WF_PNG_FRAME_DISPOSE,   /* 0 none, 1 background (transparent black), 2 previous */
    WF_PNG_FRAME_BLEND,     /* 0 source, 1 over */
    WF_PNG_FRAME_IS_DEFAULT_IMAGE
};
/* A field of frame `index`'s fcTL (0 for a bad index or field). */
uint32_t wf_png_decoder_frame_info(const wf_png_decoder *d, uint32_t index, int field);

/* wf_png_decode_frame() renders the animation canvas (the full image size,
 * RGBA as wf_png_decode(), starting fully transparent) as it looks after
 * frame `index` is drawn: every earlier frame is drawn, blended and disposed
 * of in turn (APNG dispose_op/blend_op; OVER is computed in integers,
 * rounded to nearest). Called for index, index+1, ... with the same `in` and
 * `out` and `out` left untouched in between, each call draws only the new
 * frame; any other call starts again from frame 0. Fails with
 * WF_ERR_INVALID_ARGUMENT when index >= wf_png_decoder_frame_count(). */
wf_status wf_png_decode_frame(wf_png_decoder *d, const uint8_t *in, size_t in_nbytes, void *out,
                              size_t out_nbytes_avail, int out_depth, uint32_t index);

/* ---- Metadata of the image last read ----------------------------------
 * Every pointer stays valid until the next read/decode on the decoder or its
 * free. Values are the raw chunk values; nothing is applied to the pixels. */

/* wf_png_meta_flags() is a bit set of the WF_PNG_META_* chunks present. */
enum {
    WF_PNG_META_GAMA = 1,
    WF_PNG_META_CHRM = 2,
    WF_PNG_META_SRGB = 4,
    WF_PNG_META_ICCP = 8,
    WF_PNG_META_PHYS = 16,
    WF_PNG_META_TRNS = 32,
    WF_PNG_META_PLTE = 64
};
uint32_t wf_png_meta_flags(const wf_png_decoder *d);

/* gAMA: image gamma times 100000. */
uint32_t wf_png_meta_gamma(const wf_png_decoder *d);
/* cHRM value i (0..7: white x, white y, red x, red y, green x, green y,
 * blue x, blue y), times 100000; 0 for another i. */
uint32_t wf_png_meta_chrm(const wf_png_decoder *d, int i);
/* sRGB rendering intent 0..3, or -1 when there is no sRGB chunk. */
int wf_png_meta_srgb_intent(const wf_png_decoder *d);
/* pHYs value i: 0 pixels per unit X, 1 pixels per unit Y, 2 unit (1 metre). */
uint32_t wf_png_meta_phys(const wf_png_decoder *d, int i);

/* iCCP: profile name (Latin-1, no terminator) and the decompressed profile. */
const uint8_t *wf_png_meta_iccp_name(const wf_png_decoder *d);
size_t wf_png_meta_iccp_name_size(const wf_png_decoder *d);
const uint8_t *wf_png_meta_iccp_profile(const wf_png_decoder *d);
size_t wf_png_meta_iccp_profile_size(const wf_png_decoder *d);

/* Text chunks, in file order. Kind: WF_PNG_TEXT_* (tEXt and zTXt are
 * Latin-1, iTXt is UTF-8 apart from its keyword). Fields: WF_PNG_TEXT_*
 * below; compressed text is returned decompressed. Undecodable text chunks
 * are skipped; at most 1000 text chunks and 16 MiB of decompressed text and
 * profile are kept. */
enum { WF_PNG_TEXT_TEXT = 0, WF_PNG_TEXT_ZTXT = 1, WF_PNG_TEXT_ITXT = 2 };
enum {
    WF_PNG_TEXT_KEYWORD = 0,
    WF_PNG_TEXT_VALUE = 1,
    WF_PNG_TEXT_LANGUAGE = 2,          /* iTXt only */
    WF_PNG_TEXT_TRANSLATED_KEYWORD = 3 /* iTXt only */
};
uint32_t wf_png_meta_text_count(const wf_png_decoder *d);
int wf_png_meta_text_kind(const wf_png_decoder *d, uint32_t i);
const uint8_t *wf_png_meta_text_field(const wf_png_decoder *d, uint32_t i, int field);
size_t wf_png_meta_text_field_size(const wf_png_decoder *d, uint32_t i, int field);

/* ---- Encoder ---------------------------------------------------------- */

/* Input pixel layouts of wf_png_encode(): rows top to bottom, no padding.
 * RGBA16 samples are native-endian uint16_t. */
enum {
    WF_PNG_PIXELS_GREY8 = 1,
    WF_PNG_PIXELS_GREY_ALPHA8 = 2,
    WF_PNG_PIXELS_RGB8 = 3,
    WF_PNG_PIXELS_RGBA8 = 4,
    WF_PNG_PIXELS_RGBA16 = 8
};

/* Encoder flags. */
enum { WF_PNG_ENCODE_INTERLACE = 1 };

/* The effort wf_png_encode() uses for effort < 0. */
#define WF_PNG_DEFAULT_EFFORT 6

typedef struct wf_png_encoder wf_png_encoder;

/* wf_png_encoder_alloc() returns a new encoder, or NULL when out of memory. */
wf_png_encoder *wf_png_encoder_alloc(void);

/* wf_png_encoder_free() frees an encoder. */
void wf_png_encoder_free(wf_png_encoder *e);

/* wf_png_encode_bound() returns an output size wf_png_encode() never exceeds
 * for these arguments, or 0 if they are invalid or the size overflows. */
size_t wf_png_encode_bound(uint32_t width, uint32_t height, int pixel_format, int flags);

/* wf_png_encode() writes a PNG of `pixels` (layout WF_PNG_PIXELS_*) to `out`.
 * The colour type is reduced losslessly to the smallest that holds the image:
 * grey when r=g=b, palette (sorted, with tRNS as needed) for <= 256 colours,
 * no alpha when fully opaque, a tRNS colour key instead of alpha when the only
 * transparency is one fully transparent colour, 8 bits from 16 when no low
 * byte is needed, 1/2/4-bit grey or palette when enough. effort 0..9
 * (< 0: default 6) is the DEFLATE level. effort 1-2 uses a fixed filter;
 * 3-7 picks each row's filter by the minimum sum of absolute differences
 * (palette and sub-byte images unfiltered, as libpng); 3-6 compress those
 * rows with WF_STRATEGY_IMAGE (wf/deflate.h: fast, matches of 6 bytes or
 * more, 4 candidates per position, block splitting; greedy parsing at
 * effort 3, lazy at 4-6, which therefore give the same bytes), 7 picks the
 * DEFLATE strategy (default or filtered) by compressing a sample both ways
 * (slower, smaller), as do 3-7 for unfiltered rows; 8-9, and
 * from effort 3 images with at most 16 KB of filtered data, try every filter
 * choice, including whole-image filter strategies, with both DEFLATE
 * strategies and keep the smallest. flags: WF_PNG_ENCODE_INTERLACE
 * for Adam7. The number of bytes written goes to *out_nbytes_ret.
 * wf_png_encode_bound() bytes always suffice; with fewer the call may fail
 * with WF_ERR_BUFFER_TOO_SMALL. */
wf_status wf_png_encode(wf_png_encoder *e, const void *pixels, uint32_t width, uint32_t height, int pixel_format,
                        int effort, int flags, uint8_t *out, size_t out_nbytes_avail, size_t *out_nbytes_ret);

#ifdef __cplusplus
}
#endif
#endif
