/* SPDX-License-Identifier: MIT
 *
 * wf/resize.h: image resizing (separable convolution) and lossless pixel
 * transforms (rotation by multiples of 90 degrees, flips, the 8 EXIF
 * orientations) of RGBA8 and RGBA16 images.
 *
 * Pixels: RGBA, 4 samples per pixel, rows top to bottom with no padding
 * (a row is width * 4 samples). RGBA8 samples are bytes; RGBA16 samples are
 * native-endian uint16_t. Colour samples are sRGB-encoded, alpha is linear and
 * straight (not premultiplied), as PNG and JPEG decoders give them.
 *
 * Resizing
 * --------
 * wf_resize() resamples a rectangle of the source (the crop) to dst_width x
 * dst_height with one of the filters below, horizontally then vertically
 * (separable). How it works, and what that means for callers:
 *  - Light: by default samples are converted from sRGB to linear light
 *    (tables) and back after filtering, so that averaging is physically
 *    right (no darkening of fine detail). WF_RESIZE_GAMMA filters the encoded
 *    values directly instead (faster, what most browsers do).
 *  - Alpha: colours are always premultiplied by alpha before filtering and
 *    divided by it afterwards, so fully transparent pixels contribute no
 *    colour (no dark halos). An output pixel whose alpha is 0 is (0,0,0,0).
 *  - Intermediates are float (32-bit); weights are computed in double,
 *    normalised to sum 1 for every output pixel and stored as float.
 *    Opaque RGBA8 crops (every alpha 255) take a fixed-point path instead:
 *    14-bit samples, int16 weights rounded to sum exactly 2^s, int32 sums
 *    (core/resize/resize_fixed.c); the same contract, faster. RGBA16, alpha
 *    and axes with more than 64 taps keep the float path.
 *  - Filter support scales with the reduction ratio (support * max(1,
 *    in/out) input pixels each side), so any ratio, 6000 -> 1 included,
 *    averages every input pixel; the cost stays proportional to the input
 *    size times the filter's support.
 *  - Edges: taps outside the crop are dropped and the remaining weights
 *    renormalised. Pixels outside the crop are never read, so the result is
 *    the same as resizing a copy of the cropped rectangle.
 *  - Identity: an axis whose size does not change is not filtered (one tap of
 *    weight 1). When neither changes, the crop is copied unchanged.
 *  - Precision: every channel is within one level of the exact result (a
 *    double-precision computation of the same filter), except the colour of
 *    a translucent RGBA16 pixel, which is within one level once multiplied
 *    by its alpha (as composited): float sums that nearly cancel (a faint
 *    pixel beside opaque ones) keep an absolute error of a few ulps, which
 *    dividing by a small alpha magnifies by 65535 / alpha.
 *  - The Wasm SIMD128 build gives bit-identical results to the scalar build.
 *
 * Memory: a wf_resizer keeps its work buffers (weights, a ring of filtered
 * rows, conversion tables) between calls and grows them as needed; they are
 * freed by wf_resizer_free(). Work memory is about
 * (taps_x * dst_width + taps_y * dst_width * 16 + crop_width * 16) bytes plus
 * 66 KB of tables (RGBA16 adds 512 KB, built on first use).
 *
 * Statuses: WF_ERR_INVALID_ARGUMENT (NULL pointer, unknown flag),
 * WF_ERR_BUFFER_TOO_SMALL (src or dst smaller than the image), WF_ERR_OUT_OF_MEMORY,
 * and the WF_RESIZE_* codes of core/resize/status.def. A context is not
 * thread-safe; after an error it is usable for the next call.
 */
#ifndef WF_RESIZE_H
#define WF_RESIZE_H

#include <stddef.h>
#include <stdint.h>
#include "wf/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Filters. The number in brackets is the support radius at scale 1 (input
 * pixels on each side of the output pixel centre). */
enum {
    WF_RESIZE_BOX = 0,         /* [0.5] nearest neighbour / area average */
    WF_RESIZE_TRIANGLE = 1,    /* [1] bilinear / tent */
    WF_RESIZE_CATMULL_ROM = 2, /* [2] Keys cubic, B=0, C=1/2 */
    WF_RESIZE_MITCHELL = 3,    /* [2] Mitchell-Netravali cubic, B=C=1/3 */
    WF_RESIZE_LANCZOS3 = 4,    /* [3] windowed sinc, 3 lobes (the default) */
    WF_RESIZE_MKS2021 = 5,     /* [4.5] Magic Kernel Sharp 2021 (Costella) */
    WF_RESIZE_FILTER_COUNT = 6
};

/* Flags of wf_resize() and wf_transform(). */
enum {
    WF_RESIZE_RGBA16 = 1, /* samples are uint16_t (RGBA16) instead of bytes */
    WF_RESIZE_GAMMA = 2   /* wf_resize(): filter sRGB-encoded values, not linear light */
};

/* The default pixel limit of a new resizer, for the crop and for the output. */
#define WF_RESIZE_DEFAULT_MAX_PIXELS 100000000u

typedef struct wf_resizer wf_resizer;

/* A new resizer, or NULL when out of memory. */
wf_resizer *wf_resizer_alloc(void);
/* Frees a resizer and its buffers; NULL does nothing. */
void wf_resizer_free(wf_resizer *r);
/* Caps crop_width * crop_height and dst_width * dst_height (WF_RESIZE_TOO_LARGE
 * beyond); 0 restores the default. */
void wf_resizer_set_max_pixels(wf_resizer *r, uint32_t max_pixels);

/* The support radius (at scale 1) of a filter, or 0 for an unknown one. */
double wf_resize_filter_support(int filter);
/* The filter's kernel at x (in input pixels at scale 1), not normalised:
 * what wf_resize() samples. 0 for an unknown filter. */
double wf_resize_filter_eval(int filter, double x);

/* wf_resize() resamples the crop (crop_x, crop_y, crop_width, crop_height) of
 * the src_width x src_height image at src (src_nbytes bytes) into the
 * dst_width x dst_height image at dst (dst_nbytes bytes). flags:
 * WF_RESIZE_RGBA16 (both images are RGBA16), WF_RESIZE_GAMMA.
 * src and dst must not overlap.
 * Returns WF_OK, WF_RESIZE_BAD_DIMENSIONS (a size is 0), WF_RESIZE_BAD_CROP
 * (the crop is empty or not inside the image), WF_RESIZE_TOO_LARGE,
 * WF_RESIZE_BAD_FILTER, WF_ERR_BUFFER_TOO_SMALL, WF_ERR_INVALID_ARGUMENT or
 * WF_ERR_OUT_OF_MEMORY. dst is untouched on error. */
wf_status wf_resize(wf_resizer *r, const void *src, size_t src_nbytes, uint32_t src_width,
                    uint32_t src_height, uint32_t crop_x, uint32_t crop_y, uint32_t crop_width,
                    uint32_t crop_height, void *dst, size_t dst_nbytes, uint32_t dst_width,
                    uint32_t dst_height, int filter, unsigned flags);

/* ---- Streamed resize: the source a run of rows at a time --------------- */

/* For a caller whose source is not in the resizer's address space (the JS
 * layer: the image is a JS array, the core runs in Wasm memory), so that it
 * need not copy the whole image in first. wf_resize_stream_begin() takes the
 * arguments of wf_resize() without the source (and returns the same codes);
 * when it returns WF_OK and wf_resize_stream_rows() is not 0, the caller
 * loops:
 *   j = wf_resize_stream_next(r): the first source row to give (an image row;
 *       >= crop_y + crop_height: finished, dst holds the result);
 *   copies rows j .. j + n - 1, whole rows of src_width pixels, to
 *   wf_resize_stream_buffer(r) (room for rows * src_width * 4 bytes), with
 *   left = crop_y + crop_height - j, n from min(4, left) to min(rows, left)
 *   (the most is fastest; rows is at least 4 or the crop's height);
 *   wf_resize_stream_push(r, n): 1 went on (rows the resize needs together
 *       that a run does not all hold are asked for again by the next call of
 *       wf_resize_stream_next),
 *       0 the crop has a pixel with alpha < 255 (the stream is over: call
 *       wf_resize() with the whole source), -1 out of memory.
 * The result is identical to wf_resize()'s. wf_resize_stream_rows() is 0 (use
 * wf_resize()) for RGBA16, for an identity size and for a resize the
 * streamed path does not cover; any other call on r ends a stream. */
wf_status wf_resize_stream_begin(wf_resizer *r, uint32_t src_width, uint32_t src_height, uint32_t crop_x,
                                 uint32_t crop_y, uint32_t crop_width, uint32_t crop_height, void *dst,
                                 size_t dst_nbytes, uint32_t dst_width, uint32_t dst_height, int filter,
                                 unsigned flags);
uint32_t wf_resize_stream_rows(const wf_resizer *r);
uint8_t *wf_resize_stream_buffer(wf_resizer *r);
uint32_t wf_resize_stream_next(const wf_resizer *r);
int wf_resize_stream_push(wf_resizer *r, uint32_t count);

/* ---- Lossless transforms ----------------------------------------------- */

/* wf_transform() writes the width x height image at src, transformed as the
 * EXIF Orientation tag value `orientation` asks to display it upright, to dst:
 *   1 unchanged            2 flip horizontally     3 rotate 180
 *   4 flip vertically      5 transpose             6 rotate 90 clockwise
 *   7 transverse           8 rotate 90 counter-clockwise (270 clockwise)
 * (5 = flip horizontally then rotate 90 counter-clockwise; 7 = flip
 * horizontally then rotate 90 clockwise). For 5-8 the output is height x
 * width. flags: WF_RESIZE_RGBA16 or 0. src and dst must not overlap; both hold
 * width * height pixels. Returns WF_OK, WF_RESIZE_BAD_DIMENSIONS,
 * WF_RESIZE_BAD_ORIENTATION, WF_ERR_BUFFER_TOO_SMALL or WF_ERR_INVALID_ARGUMENT. */
wf_status wf_transform(const void *src, size_t src_nbytes, uint32_t width, uint32_t height,
                       void *dst, size_t dst_nbytes, int orientation, unsigned flags);

/* The orientation that does `first` and then `second` (both 1-8), or 0 when
 * either is out of range. Lets callers fold rotate/flip sequences into one
 * wf_transform(). */
int wf_orientation_compose(int first, int second);

#ifdef __cplusplus
}
#endif
#endif
