/* SPDX-License-Identifier: MIT
 *
 * wf/jpeg_encode.h: the wasmforge JPEG encoder (ITU-T T.81 + JFIF 1.01).
 *
 * What it makes: 8-bit baseline sequential (SOF0) or progressive (SOF2) Huffman
 * JPEG/JFIF files, greyscale (1 component) or YCbCr (3 components) with 4:4:4,
 * 4:2:2 or 4:2:0 chroma sampling, quality 1-100 with the IJG scaling of the
 * T.81 Annex K quantisation tables (the same tables as `cjpeg -quality Q`),
 * the Annex K.3 Huffman tables or per-image optimised ones (Annex K.2),
 * optional restart markers. Not supported: arithmetic coding, 12-bit samples,
 * CMYK, lossless, custom quantisation tables, EXIF/ICC metadata.
 *
 * The pipeline follows libjpeg's default ("islow") choices so that files and
 * reconstructions compare with cjpeg: RGB->YCbCr with 16-bit fixed-point
 * constants, chroma downsampling by box averaging with alternating rounding
 * bias, edges padded by replicating the last column/row, the accurate integer
 * forward DCT (Loeffler-Ligtenberg-Moschytz, 13-bit constants), quantisation
 * rounding half away from zero, libjpeg's default progressive scan script,
 * libjpeg's marker layout. With the same settings the output is byte for byte
 * the file libjpeg-turbo writes (`cjpeg -dct int -quality Q -sample HxV
 * [-grayscale] [-optimize] [-progressive] [-restart NB]`); tests/c/jpeg_encode
 * and tests/js/jpeg-encode.test.js check that.
 *
 * Memory: the caller owns the pixels and the output buffer. The encoder
 * context owns scratch buffers (coefficients, row strips), grown on demand and
 * reused by later calls; it is not thread-safe, separate contexts are
 * independent. No global state.
 */
#ifndef WF_JPEG_ENCODE_H
#define WF_JPEG_ENCODE_H
#include <stddef.h>
#include <stdint.h>
#include "wf/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Input pixel formats (`input_format`). Rows are `stride` bytes apart. */
#define WF_JPEG_ENCODE_RGBA8 1 /* 4 bytes per pixel R,G,B,A; alpha is ignored */
#define WF_JPEG_ENCODE_RGB8 2  /* 3 bytes per pixel R,G,B */
#define WF_JPEG_ENCODE_GREY8 3 /* 1 byte per pixel; always encoded as greyscale */

/* Output component layout (`subsampling`). */
#define WF_JPEG_ENCODE_444 0  /* YCbCr, chroma at full resolution (all 1x1) */
#define WF_JPEG_ENCODE_422 1  /* YCbCr, Y 2x1: chroma halved horizontally */
#define WF_JPEG_ENCODE_420 2  /* YCbCr, Y 2x2: chroma halved both ways */
#define WF_JPEG_ENCODE_GREY 3 /* one component: Y only (from RGB by the Y formula) */

/* `flags` bits. */
#define WF_JPEG_ENCODE_OPTIMIZE 1 /* two-pass optimised Huffman tables (Annex K.2) */
/* SOF2, libjpeg's default scan script; Huffman tables are always optimised per scan */
#define WF_JPEG_ENCODE_PROGRESSIVE 2

/* Largest width*height accepted (WF_JPEG_ENCODE_TOO_LARGE beyond it). */
#define WF_JPEG_ENCODE_MAX_PIXELS (1u << 28)

/* The encoder's statuses (350-357, core/jpeg/status.def) were called
 * WF_ERR_JPEG_ENC_* before the decoder and encoder shared one naming scheme
 * (WF_ followed by the code string JS sees); the old names stay valid. */
#define WF_ERR_JPEG_ENC_BAD_DIMENSIONS WF_JPEG_ENCODE_BAD_DIMENSIONS
#define WF_ERR_JPEG_ENC_BAD_QUALITY WF_JPEG_ENCODE_BAD_QUALITY
#define WF_ERR_JPEG_ENC_BAD_SUBSAMPLING WF_JPEG_ENCODE_BAD_SUBSAMPLING
#define WF_ERR_JPEG_ENC_BAD_FORMAT WF_JPEG_ENCODE_BAD_FORMAT
#define WF_ERR_JPEG_ENC_BAD_STRIDE WF_JPEG_ENCODE_BAD_STRIDE
#define WF_ERR_JPEG_ENC_TOO_LARGE WF_JPEG_ENCODE_TOO_LARGE
#define WF_ERR_JPEG_ENC_BAD_RESTART WF_JPEG_ENCODE_BAD_RESTART
#define WF_ERR_JPEG_ENC_BAD_FLAGS WF_JPEG_ENCODE_BAD_FLAGS

typedef struct wf_jpeg_encoder wf_jpeg_encoder;

/* wf_jpeg_encoder_alloc() makes an encoder context, or returns NULL when out of
 * memory. Scratch buffers are allocated by the first wf_jpeg_encode() call and
 * reused (grown when needed) by later ones. */
wf_jpeg_encoder *wf_jpeg_encoder_alloc(void);

/* wf_jpeg_encoder_free() releases a context and its scratch buffers; NULL is a
 * no-op. */
void wf_jpeg_encoder_free(wf_jpeg_encoder *e);

/* wf_jpeg_encode_bound() returns an output size that is always enough for
 * wf_jpeg_encode() with these dimensions, `subsampling` and `flags` at any
 * quality and restart interval (a worst case: every coefficient coded with the
 * longest code and every byte stuffed), or 0 if the arguments are invalid or
 * the bound does not fit in size_t. Typical files are 10-100x smaller: callers
 * may first try a smaller buffer and retry with the bound on
 * WF_ERR_BUFFER_TOO_SMALL. */
size_t wf_jpeg_encode_bound(uint32_t width, uint32_t height, int subsampling, int flags);

/* wf_jpeg_encode() compresses `width` x `height` pixels (rows `stride` bytes
 * apart, 0 meaning tightly packed) in `input_format` into a JFIF file written
 * to `out` (`out_nbytes_avail` bytes). `quality` is 1-100 (IJG scale, 75 is
 * cjpeg's default), `subsampling` one of WF_JPEG_ENCODE_444/422/420/GREY
 * (ignored for GREY8 input, which is always encoded as greyscale), `flags` a
 * combination of WF_JPEG_ENCODE_OPTIMIZE and WF_JPEG_ENCODE_PROGRESSIVE, and
 * `restart_interval` the number of MCUs between restart markers (0 = none,
 * at most 65535). All parameters are plain integers so that JS can call it
 * directly.
 *
 * Returns WF_OK and stores the file size in *out_nbytes_ret, or:
 * WF_ERR_INVALID_ARGUMENT (NULL pointer), WF_JPEG_ENCODE_BAD_DIMENSIONS,
 * WF_JPEG_ENCODE_TOO_LARGE, WF_JPEG_ENCODE_BAD_STRIDE,
 * WF_JPEG_ENCODE_BAD_FORMAT, WF_JPEG_ENCODE_BAD_QUALITY,
 * WF_JPEG_ENCODE_BAD_SUBSAMPLING, WF_JPEG_ENCODE_BAD_FLAGS,
 * WF_JPEG_ENCODE_BAD_RESTART, WF_ERR_OUT_OF_MEMORY, or
 * WF_ERR_BUFFER_TOO_SMALL (nothing beyond `out_nbytes_avail` is written; use
 * wf_jpeg_encode_bound()). On error *out_nbytes_ret is 0 and the contents of
 * `out` are unspecified; the context stays usable. */
wf_status wf_jpeg_encode(wf_jpeg_encoder *e, const uint8_t *pixels, uint32_t width, uint32_t height, uint32_t stride,
                         int input_format, int quality, int subsampling, int flags, uint32_t restart_interval,
                         uint8_t *out, size_t out_nbytes_avail, size_t *out_nbytes_ret);

#ifdef __cplusplus
}
#endif
#endif
