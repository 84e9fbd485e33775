/* SPDX-License-Identifier: MIT
 *
 * wf/webp.h: the WebP decoder (RFC 9649 container, VP8L lossless bitstream,
 * RFC 6386 VP8 key frames, ALPH alpha planes, VP8X extended format, ANIM/ANMF
 * animation).
 *
 * What it decodes: simple lossy (VP8) and lossless (VP8L) files, extended files
 * (VP8X) with an ALPH chunk (raw or lossless-compressed, filters none /
 * horizontal / vertical / gradient), ICCP/EXIF/XMP metadata (exposed as bytes,
 * never applied) and animations. Output is always RGBA8, non-premultiplied,
 * top-down, width*4 bytes per row.
 *
 * Exactness: VP8 reconstruction follows RFC 6386 bit for bit; YUV 4:2:0 is
 * converted to RGB with libwebp's 14-bit fixed-point formulas and either its
 * "fancy" (9-3-3-1 bilinear) chroma upsampling (default) or pixel repetition
 * (WF_WEBP_NOFANCY), so the pixels equal `dwebp -pam` / `dwebp -nofancy -pam`
 * (libwebp 1.2.4) byte for byte. Animation frames are composited as libwebp's
 * WebPAnimDecoder does: the canvas starts transparent black, "dispose to
 * background" clears the frame's rectangle to transparent black (the ANIM
 * background colour is reported, not used), blending uses libwebp's
 * non-premultiplied integer formula.
 *
 * Errors: every malformed input fails with a WF_WEBP_* status and
 * wf_webp_error_offset() gives the byte offset in the file where the damage
 * was found (for data inside a VP8/VP8L stream: the position the bit reader
 * had reached). A VP8 stream that ends early fails (WF_WEBP_VP8_TRUNCATED) as
 * libwebp does. max_pixels caps the canvas (and so every frame) before any
 * pixel memory is allocated.
 *
 * The encoder (wf_webp_encode() below) writes lossless files (VP8L, RFC 9649
 * section 3-5) and lossy ones (VP8, with a lossless-compressed ALPH chunk
 * when the image has alpha), and passes ICC/EXIF/XMP through on request.
 *
 * The decoder context owns its working memory and reuses it between calls;
 * the caller owns input and output. Contexts are not thread-safe; separate
 * contexts are independent. After any error the context is usable again.
 */
#ifndef WF_WEBP_H
#define WF_WEBP_H

#include <stddef.h>
#include <stdint.h>
#include "wf/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The pixel limit used when max_pixels is 0. */
#define WF_WEBP_DEFAULT_MAX_PIXELS 100000000u

/* Flags for wf_webp_decode() / wf_webp_decode_frame(). */
#define WF_WEBP_NOFANCY 1 /* chroma by pixel repetition (dwebp -nofancy) */

/* wf_webp_format(): the coding of the image (or of all frames). */
#define WF_WEBP_FORMAT_LOSSY 0
#define WF_WEBP_FORMAT_LOSSLESS 1
#define WF_WEBP_FORMAT_MIXED 2 /* an animation with both kinds of frames */

/* Fields for wf_webp_frame_info(). */
#define WF_WEBP_FRAME_X 0
#define WF_WEBP_FRAME_Y 1
#define WF_WEBP_FRAME_WIDTH 2
#define WF_WEBP_FRAME_HEIGHT 3
#define WF_WEBP_FRAME_DURATION 4 /* milliseconds */
#define WF_WEBP_FRAME_DISPOSE 5  /* 1: dispose to background after display */
#define WF_WEBP_FRAME_BLEND 6    /* 1: alpha-blend onto the canvas, 0: overwrite */
#define WF_WEBP_FRAME_LOSSLESS 7
#define WF_WEBP_FRAME_HAS_ALPHA 8

typedef struct wf_webp_decoder wf_webp_decoder;

/* wf_webp_decoder_alloc() returns a new decoder, or NULL when out of memory. */
wf_webp_decoder *wf_webp_decoder_alloc(void);

/* wf_webp_decoder_free() frees a decoder and all memory it holds (NULL is a no-op). */
void wf_webp_decoder_free(wf_webp_decoder *d);

/* wf_webp_read_header() parses the RIFF container and the headers of every
 * image chunk (no pixel data) and fills the accessors below. Fails with a
 * WF_WEBP_* status (offset in wf_webp_error_offset()). Does not check the
 * pixel limit. The metadata pointers point into `in`. */
wf_status wf_webp_read_header(wf_webp_decoder *d, const uint8_t *in, size_t in_nbytes);

/* wf_webp_decode() decodes a still image (or the first frame of an animation,
 * composited on the canvas) into `out` as RGBA8 of canvas width*height*4
 * bytes (WF_ERR_BUFFER_TOO_SMALL otherwise). `max_pixels` caps the canvas
 * (0 = WF_WEBP_DEFAULT_MAX_PIXELS; WF_WEBP_TOO_MANY_PIXELS past it); flags:
 * WF_WEBP_NOFANCY. Refills every header accessor. */
wf_status wf_webp_decode(wf_webp_decoder *d, const uint8_t *in, size_t in_nbytes, uint8_t *out, size_t out_nbytes_avail,
                         uint32_t max_pixels, uint32_t flags);

/* wf_webp_decode_frame() composites frame `index` of an animation (or of a
 * still image, which has one frame) onto `canvas` (canvas width*height*4
 * bytes, RGBA8). Frames must be decoded in order 0, 1, 2, ... onto the same
 * canvas, which the caller must leave as the previous call left it; index 0
 * clears it first. Reads the container on index 0 (as wf_webp_read_header()),
 * later calls reuse that parse, so `in` must stay the same. */
wf_status wf_webp_decode_frame(wf_webp_decoder *d, const uint8_t *in, size_t in_nbytes, uint32_t index, uint8_t *canvas,
                               size_t canvas_nbytes_avail, uint32_t max_pixels, uint32_t flags);

/* ---- Accessors (valid after wf_webp_read_header() or a decode) ---- */

/* Canvas size (the image size for simple files). */
uint32_t wf_webp_width(const wf_webp_decoder *d);
uint32_t wf_webp_height(const wf_webp_decoder *d);
/* 1 when the file says it has alpha (VP8X alpha flag, an ALPH chunk, or the
 * VP8L alpha_is_used bit), else 0. */
int wf_webp_has_alpha(const wf_webp_decoder *d);
/* A WF_WEBP_FORMAT_* value. */
int wf_webp_format(const wf_webp_decoder *d);
/* 1 for an animation (VP8X animation flag with ANMF frames). */
int wf_webp_animated(const wf_webp_decoder *d);
/* Number of frames (1 for a still image). */
uint32_t wf_webp_frame_count(const wf_webp_decoder *d);
/* ANIM loop count (0 = forever; 0 for still images). */
uint32_t wf_webp_loop_count(const wf_webp_decoder *d);
/* ANIM background colour as 0xAARRGGBB (0 when absent). */
uint32_t wf_webp_background(const wf_webp_decoder *d);
/* A WF_WEBP_FRAME_* field of frame `index`, or 0 when out of range. */
uint32_t wf_webp_frame_info(const wf_webp_decoder *d, uint32_t index, int field);
/* ICCP, EXIF and XMP chunk payloads (pointers into the input), or NULL/0. */
const uint8_t *wf_webp_icc_data(const wf_webp_decoder *d);
size_t wf_webp_icc_size(const wf_webp_decoder *d);
const uint8_t *wf_webp_exif_data(const wf_webp_decoder *d);
size_t wf_webp_exif_size(const wf_webp_decoder *d);
const uint8_t *wf_webp_xmp_data(const wf_webp_decoder *d);
size_t wf_webp_xmp_size(const wf_webp_decoder *d);
/* Byte offset in the input where the last error was found. */
size_t wf_webp_error_offset(const wf_webp_decoder *d);

/* ---- Encoder ---------------------------------------------------------- */

/* The largest width and height a WebP file can hold. */
#define WF_WEBP_MAX_DIMENSION 16383u

/* The effort wf_webp_encode() uses for effort < 0 (about cwebp -m 4). */
#define WF_WEBP_DEFAULT_EFFORT 5

/* Encoder flags. */
#define WF_WEBP_ENCODE_EXACT 1 /* keep the RGB of fully transparent pixels */

/* Metadata kinds for wf_webp_encoder_set_meta(). */
#define WF_WEBP_META_ICC 0
#define WF_WEBP_META_EXIF 1
#define WF_WEBP_META_XMP 2

typedef struct wf_webp_encoder wf_webp_encoder;

/* wf_webp_encoder_alloc() returns a new encoder, or NULL when out of memory. */
wf_webp_encoder *wf_webp_encoder_alloc(void);

/* wf_webp_encoder_free() frees an encoder and the output it holds. */
void wf_webp_encoder_free(wf_webp_encoder *e);

/* wf_webp_encoder_set_meta() makes the following wf_webp_encode() calls
 * write `size` bytes at `data` as the ICCP, EXIF or XMP chunk (kind
 * WF_WEBP_META_*; size 0 removes it). The bytes are not copied: they must
 * stay valid until the last wf_webp_encode() that uses them. Any metadata
 * makes the file an extended one (VP8X). WF_WEBP_ENCODE_BAD_META for an
 * unknown kind or more than 2^31-1 bytes. */
wf_status wf_webp_encoder_set_meta(wf_webp_encoder *e, int kind, const uint8_t *data, size_t size);

/* wf_webp_encode() encodes width*height RGBA8 pixels (non-premultiplied,
 * rows `stride` >= width*4 bytes apart) as a WebP file that the encoder owns:
 * wf_webp_encoder_output() / _output_size() give it, valid until the next
 * call on this encoder.
 *
 * lossless != 0: a VP8L image (the pixels decode exactly, but see EXACT).
 * The transforms are chosen per image (colour indexing with pixel bundling
 * for at most 256 colours; else subtract-green, a predictor mode per tile,
 * a cross-colour element per tile), then LZ77 with hash chains and the 2-D
 * distance codes, a colour cache whose size is chosen by estimated cost,
 * and from effort 5 meta prefix codes (tiles clustered by statistics).
 * effort 0-9 (< 0: WF_WEBP_DEFAULT_EFFORT): more is smaller and slower.
 * quality is checked (0-100) but not used by the lossless path.
 * flags: WF_WEBP_ENCODE_EXACT keeps the RGB of pixels with alpha 0; without
 * it they may change (to what compresses best), the visible pixels do not.
 *
 * lossless == 0: a VP8 image at quality 0-100 (alpha ignored by VP8), plus,
 * when any alpha is below 255, an ALPH chunk (lossless-compressed alpha,
 * values reduced to fewer levels when alpha_quality < 100). The quality
 * follows cwebp -q (quantiser from cwebp's published mapping), with a
 * rate-distortion mode decision, up to 4 segments and a loop-filter level;
 * effort 0-9 maps onto cwebp's -m 0-6 (the default 5 is -m 4).
 *
 * Errors: WF_WEBP_ENCODE_BAD_DIMENSIONS (width or height 0 or above
 * WF_WEBP_MAX_DIMENSION), _BAD_STRIDE, _BAD_QUALITY, _BAD_EFFORT, _BAD_FLAGS,
 * WF_ERR_OUT_OF_MEMORY, WF_ERR_OUTPUT_LIMIT (a file above 4 GiB). */
wf_status wf_webp_encode(wf_webp_encoder *e, const uint8_t *rgba, uint32_t width, uint32_t height, uint32_t stride,
                         int lossless, int quality, int effort, int flags, int alpha_quality);

/* The file written by the last successful wf_webp_encode() (NULL/0 after an
 * error). */
const uint8_t *wf_webp_encoder_output(const wf_webp_encoder *e);
size_t wf_webp_encoder_output_size(const wf_webp_encoder *e);

#ifdef __cplusplus
}
#endif
#endif
