/* SPDX-License-Identifier: MIT
 * resize_internal.h: what the files of the resize core share. */
#ifndef WF_RESIZE_INTERNAL_H
#define WF_RESIZE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "wf/resize.h"

/* For the per-row (per-strip) functions of the passes: kept out of the long
 * driver loops so that the driver calls them again and again. A Wasm engine
 * with tiered compilation (V8: Liftoff first, TurboFan once a function is
 * hot) switches a function to its optimised code only at its next call: a
 * pass inlined into the driver would run a whole first resize (and a 12 MP
 * one takes 0.3 s there) in baseline code. */
#define WF_RESIZE_NOINLINE __attribute__((noinline))

/* The weights of one axis: output pixel i reads `count[i]` input pixels from
 * `start[i]` (relative to the crop) with weights w[offset[i] ...], which sum
 * to 1 (in double, before rounding to float). */
typedef struct wf_resize_axis {
    uint32_t *start;
    uint32_t *count;
    uint32_t *offset;
    float *w;
    size_t cap_out; /* allocated entries of start/count/offset */
    size_t cap_w;   /* allocated entries of w */
    double *k;      /* scratch: the kernel at the taps of one output pixel */
    size_t cap_k;
    uint32_t max_count;
} wf_resize_axis;

/* Fills `ax` for in_size -> out_size with `filter`; grows its arrays with
 * wf_malloc. Returns WF_OK, WF_ERR_OUT_OF_MEMORY or WF_RESIZE_TOO_LARGE (the
 * weight table would not fit in memory). */
wf_status wf_resize_axis_build(wf_resize_axis *ax, uint32_t in_size, uint32_t out_size, int filter);
void wf_resize_axis_release(wf_resize_axis *ax);

/* The fixed-point path for opaque RGBA8 (resize_fixed.c). */
typedef struct wf_resize_fixed wf_resize_fixed;
void wf_resize_fixed_free(wf_resize_fixed *f);
/* Resizes the RGBA8 crop at src with the axes ax, ay (built for it) in fixed
 * point if it is opaque, the state kept in *slot (allocated on first use).
 * Returns 1 when done, 0 when the crop has a pixel with alpha < 255 or the
 * axes do not suit the fixed-point path (dst may be partly written: use the
 * float path), -1 when out of memory. */
int wf_resize_fixed_run(wf_resize_fixed **slot, const wf_resize_axis *ax, const wf_resize_axis *ay, const uint8_t *src,
                        size_t src_stride, uint32_t crop_w, uint32_t crop_h, uint8_t *dst, size_t dst_stride,
                        uint32_t dst_w, uint32_t dst_h, int gamma);

/* The same in steps, for a caller that has the source rows a run at a time
 * (the JS layer copies them into Wasm memory that way, see
 * wf_resize_stream_begin): begin sets up (1, or 0 / -1 as above; dst is
 * written as rows are pushed); need gives the next crop row the resize reads
 * (UINT32_MAX when it is finished); push hands over crop rows first ..
 * first + count - 1 (row j at rows + (j - first) * stride) and goes on as far
 * as they allow: 1, or 0 at a pixel with alpha < 255 (the resize is
 * abandoned: use the float path). Any split of the rows gives the same
 * output as wf_resize_fixed_run. */
int wf_resize_fixed_begin(wf_resize_fixed **slot, const wf_resize_axis *ax, const wf_resize_axis *ay, uint32_t crop_w,
                          uint32_t crop_h, uint8_t *dst, size_t dst_stride, uint32_t dst_w, uint32_t dst_h, int gamma);
uint32_t wf_resize_fixed_need(const wf_resize_fixed *f);
int wf_resize_fixed_push(wf_resize_fixed *f, const uint8_t *rows, size_t stride, uint32_t first, uint32_t count);
/* The sRGB8 -> 0..16383 table of the fixed-point path (gamma: of
 * WF_RESIZE_GAMMA), for the tests. */
const uint32_t *wf_resize_fixed_decode_table(int gamma);

#endif
