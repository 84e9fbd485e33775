/* SPDX-License-Identifier: MIT
 *
 * wf/jpeg.h: the JPEG decoder (ITU T.81 / JFIF / Adobe APP14 / EXIF metadata).
 *
 * What it decodes: 8-bit baseline and extended sequential Huffman (SOF0/SOF1),
 * progressive Huffman (SOF2), sequential and progressive arithmetic coding
 * (SOF9/SOF10, with DAC conditioning), restart intervals, any integer sampling
 * factors (1..4), greyscale, YCbCr, RGB, CMYK and YCCK. Output is always RGBA8
 * (alpha 255), top-down, width*4 bytes per row.
 *
 * What it does not decode: 12-bit and 16-bit precision (testorig12.jpg gives
 * WF_JPEG_UNSUPPORTED_PRECISION), lossless (SOF3/7/11/15), hierarchical
 * (SOF5-7, SOF13-15), DNL-defined heights, 2 or more than 4 components.
 *
 * Exactness: the IDCT is libjpeg's accurate integer IDCT ("islow"), chroma
 * upsampling is libjpeg-turbo 2.1.5's default "fancy" upsampling (triangular
 * h2v1/h2v2/h1v2, replication for other integer ratios) and YCbCr->RGB uses
 * libjpeg's 16-bit fixed-point constants, so the RGB output equals
 * `djpeg` (default settings) byte for byte.
 *
 * CMYK: Adobe APP14 files store inverted CMYK (0 = full ink); files without
 * APP14 are taken as plain CMYK and inverted first. With c, m, y, k the
 * inverted values (255 = no ink): R = c*k/255, G = m*k/255, B = y*k/255,
 * rounded to nearest ((x + 127) / 255). YCCK is first converted to inverted
 * CMYK with the YCbCr constants, as libjpeg does.
 *
 * Truncated or corrupt entropy-coded data is not an error: as libjpeg does,
 * the decoder feeds zero bits past the end of the data, leaves the remaining
 * blocks at zero (mid grey for YCbCr) and raises a flag (wf_jpeg_truncated(),
 * wf_jpeg_warnings()); the call returns WF_OK. Sequential Huffman files cut
 * anywhere decode exactly as libjpeg decodes them; wrong or missing restart
 * markers are resynchronised with libjpeg's rules. A progressive file cut
 * short differs from libjpeg, which smooths blocks whose AC data never
 * arrived (interblock smoothing); we leave those coefficients at zero.
 * Damaged headers fail with a WF_JPEG_* status and wf_jpeg_error_offset().
 * Progressive scan scripts that break T.81 Annex G (refinement without a first
 * scan, AC before DC, wrong Ah) fail with WF_JPEG_BAD_SCAN_ORDER where
 * libjpeg only warns.
 *
 * More than 1000 scans fail with WF_JPEG_TOO_MANY_SCANS (each scan walks
 * the whole image, so a small file with many scans would be a CPU bomb).
 *
 * A scan that uses Huffman table 0 or 1 that the file never defines gets the
 * T.81 Annex K.3 table (Motion-JPEG frames), as in libjpeg-turbo.
 *
 * The decoder context owns its working memory (coefficient and sample planes)
 * and reuses it between calls; the caller owns input and output buffers.
 * Contexts are not thread-safe; separate contexts are independent. After any
 * error the context is usable again. All accessors are plain ints or
 * pointer/length pairs so JavaScript can call them directly.
 */
#ifndef WF_JPEG_H
#define WF_JPEG_H

#include <stddef.h>
#include <stdint.h>
#include "wf/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The pixel limit used when max_pixels is 0. */
#define WF_JPEG_DEFAULT_MAX_PIXELS 100000000u

/* Colour space of the coded data (wf_jpeg_color_space()). */
typedef enum wf_jpeg_cs {
    WF_JPEG_CS_UNKNOWN = 0,
    WF_JPEG_CS_GRAY = 1,
    WF_JPEG_CS_YCBCR = 2,
    WF_JPEG_CS_RGB = 3,
    WF_JPEG_CS_CMYK = 4,
    WF_JPEG_CS_YCCK = 5
} wf_jpeg_cs;

/* Chroma subsampling summary (wf_jpeg_subsampling()). */
typedef enum wf_jpeg_sub {
    WF_JPEG_SUB_NONE = 0, /* greyscale, or not known yet */
    WF_JPEG_SUB_444 = 1,
    WF_JPEG_SUB_422 = 2,  /* chroma h/2 */
    WF_JPEG_SUB_420 = 3,  /* chroma h/2 v/2 */
    WF_JPEG_SUB_440 = 4,  /* chroma v/2 */
    WF_JPEG_SUB_411 = 5,  /* chroma h/4 */
    WF_JPEG_SUB_OTHER = 6 /* anything else (3x1, 4:1:0, unequal chroma ...) */
} wf_jpeg_sub;

typedef struct wf_jpeg_decoder wf_jpeg_decoder;

/* wf_jpeg_decoder_alloc() returns a new decoder, or NULL when out of memory. */
wf_jpeg_decoder *wf_jpeg_decoder_alloc(void);

/* wf_jpeg_decoder_free() frees a decoder and all memory it holds (NULL is a no-op). */
void wf_jpeg_decoder_free(wf_jpeg_decoder *d);

/* wf_jpeg_read_header() parses the markers of `in` up to the first scan
 * header (SOS) and fills the header accessors below (dimensions, colour
 * space, metadata). It does not allocate image memory and does not check
 * the pixel limit. Fails with a WF_JPEG_* status (offset in
 * wf_jpeg_error_offset()). */
wf_status wf_jpeg_read_header(wf_jpeg_decoder *d, const uint8_t *in, size_t in_nbytes);

/* wf_jpeg_decode() decodes the whole of `in` into `out` as RGBA8, width*4
 * bytes per row; `out_nbytes_avail` must be at least width*height*4
 * (WF_ERR_BUFFER_TOO_SMALL otherwise; read the header first to size it).
 * `max_pixels` caps width*height before anything is allocated (0 means
 * WF_JPEG_DEFAULT_MAX_PIXELS; WF_JPEG_TOO_MANY_PIXELS past it). Refills
 * every header accessor. Returns WF_OK also for truncated/corrupt entropy
 * data (see wf_jpeg_truncated() and wf_jpeg_warnings()). */
wf_status wf_jpeg_decode(wf_jpeg_decoder *d, const uint8_t *in, size_t in_nbytes, uint8_t *out, size_t out_nbytes_avail,
                         uint32_t max_pixels);

/* ---- Header accessors (valid after wf_jpeg_read_header() or wf_jpeg_decode()) ---- */

uint32_t wf_jpeg_width(const wf_jpeg_decoder *d);
uint32_t wf_jpeg_height(const wf_jpeg_decoder *d);
/* Number of components in the frame (1, 3 or 4). */
int wf_jpeg_components(const wf_jpeg_decoder *d);
/* Sample precision in bits (8; 12 is reported before it is rejected). */
int wf_jpeg_precision(const wf_jpeg_decoder *d);
/* A wf_jpeg_cs value. */
int wf_jpeg_color_space(const wf_jpeg_decoder *d);
/* The SOF marker's low nibble: 0 baseline, 1 extended, 2 progressive,
 * 9 arithmetic sequential, 10 arithmetic progressive. */
int wf_jpeg_process(const wf_jpeg_decoder *d);
/* 1 when the frame is progressive (SOF2/SOF10), else 0. */
int wf_jpeg_progressive(const wf_jpeg_decoder *d);
/* 1 when the frame uses arithmetic coding (SOF9/SOF10), else 0. */
int wf_jpeg_arithmetic(const wf_jpeg_decoder *d);
/* A wf_jpeg_sub value. */
int wf_jpeg_subsampling(const wf_jpeg_decoder *d);
/* Sampling factors of component `ci` as (h << 4) | v, or 0 when out of range. */
int wf_jpeg_sampling_factors(const wf_jpeg_decoder *d, int ci);
/* EXIF orientation (APP1 IFD0 tag 0x0112), 1..8; 1 when absent or invalid. */
int wf_jpeg_orientation(const wf_jpeg_decoder *d);
/* The ICC profile reassembled from APP2 ICC_PROFILE chunks in sequence
 * order, or NULL/0 when absent or incomplete. Owned by the decoder, valid
 * until the next call on it. */
const uint8_t *wf_jpeg_icc_data(const wf_jpeg_decoder *d);
size_t wf_jpeg_icc_size(const wf_jpeg_decoder *d);
/* 1 when a JFIF APP0 segment was seen; its density unit (0 aspect ratio,
 * 1 dots per inch, 2 dots per cm) and X/Y density. */
int wf_jpeg_has_jfif(const wf_jpeg_decoder *d);
int wf_jpeg_density_unit(const wf_jpeg_decoder *d);
int wf_jpeg_density_x(const wf_jpeg_decoder *d);
int wf_jpeg_density_y(const wf_jpeg_decoder *d);
/* The Adobe APP14 transform flag (0, 1, 2), or -1 when there is no APP14. */
int wf_jpeg_adobe_transform(const wf_jpeg_decoder *d);

/* ---- Results of the last wf_jpeg_decode() ---- */

/* 1 when the input ended before the EOI marker (missing data was filled as
 * libjpeg fills it), else 0. */
int wf_jpeg_truncated(const wf_jpeg_decoder *d);
/* Number of recoverable problems met in the entropy-coded data (premature
 * markers, bad Huffman codes, restart markers out of sequence ...). */
int wf_jpeg_warnings(const wf_jpeg_decoder *d);
/* The input byte offset at which the last failed call detected its error. */
size_t wf_jpeg_error_offset(const wf_jpeg_decoder *d);

#ifdef __cplusplus
}
#endif
#endif
