/* SPDX-License-Identifier: MIT
 * resize_internal.h: what the files of the resize core share. */
#ifndef WF_RESIZE_INTERNAL_H
#define WF_RESIZE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "wf/resize.h"

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
    uint32_t max_count;
} wf_resize_axis;

/* Fills `ax` for in_size -> out_size with `filter`; grows its arrays with
 * wf_malloc. Returns WF_OK, WF_ERR_OUT_OF_MEMORY or WF_RESIZE_TOO_LARGE (the
 * weight table would not fit in memory). */
wf_status wf_resize_axis_build(wf_resize_axis *ax, uint32_t in_size, uint32_t out_size, int filter);
void wf_resize_axis_release(wf_resize_axis *ax);

#endif
