/* SPDX-License-Identifier: MIT
 *
 * png_internal.h: what the files of core/png share (private, not installed).
 */
#ifndef WF_PNG_INTERNAL_H
#define WF_PNG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* Filter types (PNG spec section 9.2). */
enum { WF_PNG_FILTER_NONE = 0, WF_PNG_FILTER_SUB, WF_PNG_FILTER_UP, WF_PNG_FILTER_AVG,
       WF_PNG_FILTER_PAETH };

/* Adam7 pass geometry (PNG spec section 8.2): pass p starts at
 * (xstart[p], ystart[p]) and steps (xstep[p], ystep[p]). */
extern const uint8_t wf_png_adam7_xstart[7], wf_png_adam7_ystart[7];
extern const uint8_t wf_png_adam7_xstep[7], wf_png_adam7_ystep[7];

/* wf_png_pass_size() gives the width and height of Adam7 pass p (0 for an
 * empty pass). */
void wf_png_pass_size(uint32_t width, uint32_t height, int pass, uint32_t *w_ret,
                      uint32_t *h_ret);

/* wf_png_row_bytes() is the size of one row of `width` pixels at
 * `bits_per_pixel`, without the filter byte; 0 on overflow of 32 bits. */
uint64_t wf_png_row_bytes(uint32_t width, unsigned bits_per_pixel);

/* wf_png_unfilter_row() reverses filter `type` (0..4) in place on `row` of `n`
 * bytes, with `prev` the reconstructed previous row (all zeros for the first
 * row of a pass) and `bpp` bytes per complete pixel (1 for sub-byte depths). */
void wf_png_unfilter_row(int type, uint8_t *row, const uint8_t *prev, size_t n, unsigned bpp);

/* wf_png_filter_row() applies filter `type` to `cur` (previous row `prev`,
 * zeros for the first row) and writes the n filtered bytes to `out`. */
void wf_png_filter_row(int type, const uint8_t *cur, const uint8_t *prev, uint8_t *out, size_t n,
                       unsigned bpp);

/* wf_png_filter_choose_msad() returns the filter (0..4) whose bytes for `cur`,
 * read as signed, have the smallest sum of absolute values (ties: the lower
 * type), the heuristic of the PNG spec and libpng. Nothing is written. */
int wf_png_filter_choose_msad(const uint8_t *cur, const uint8_t *prev, size_t n, unsigned bpp);

/* Big-endian helpers. */
static inline uint32_t wf_png_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline void wf_png_put_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

#endif
