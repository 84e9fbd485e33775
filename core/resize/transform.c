/* SPDX-License-Identifier: MIT
 *
 * transform.c: wf_transform(), the 8 EXIF orientations (rotations by
 * multiples of 90 degrees and flips) of RGBA8 and RGBA16 images: a lossless
 * permutation of whole pixels.
 *
 * Each orientation is an integer 2x2 matrix acting on pixel coordinates
 * relative to the image centre (x right, y down); output pixel index of input
 * pixel (x, y) = base + x * step_x + y * step_y. The copy walks the input in
 * 32x32 blocks so that the rotated writes stay within a few cache lines.
 */
#include <string.h>
#include "resize_internal.h"

/* the matrices {a, b, c, d}: (x, y) -> (a x + b y, c x + d y) */
static const int orientation_matrix[9][4] = {
    {0, 0, 0, 0},
    {1, 0, 0, 1},   /* 1 identity */
    {-1, 0, 0, 1},  /* 2 flip horizontally */
    {-1, 0, 0, -1}, /* 3 rotate 180 */
    {1, 0, 0, -1},  /* 4 flip vertically */
    {0, 1, 1, 0},   /* 5 transpose */
    {0, -1, 1, 0},  /* 6 rotate 90 clockwise */
    {0, -1, -1, 0}, /* 7 transverse */
    {0, 1, -1, 0},  /* 8 rotate 90 counter-clockwise */
};

int wf_orientation_compose(int first, int second)
{
    if (first < 1 || first > 8 || second < 1 || second > 8)
        return 0;
    const int *f = orientation_matrix[first], *s = orientation_matrix[second];
    int m[4] = {s[0] * f[0] + s[1] * f[2], s[0] * f[1] + s[1] * f[3], s[2] * f[0] + s[3] * f[2],
                s[2] * f[1] + s[3] * f[3]};
    for (int o = 1; o <= 8; o++)
        if (memcmp(orientation_matrix[o], m, sizeof m) == 0)
            return o;
    return 0;
}

#define BLOCK 32

wf_status wf_transform(const void *src, size_t src_nbytes, uint32_t width, uint32_t height,
                       void *dst, size_t dst_nbytes, int orientation, unsigned flags)
{
    if (!src || !dst || (flags & ~(unsigned)WF_RESIZE_RGBA16))
        return WF_ERR_INVALID_ARGUMENT;
    if (!width || !height)
        return WF_RESIZE_BAD_DIMENSIONS;
    if (orientation < 1 || orientation > 8)
        return WF_RESIZE_BAD_ORIENTATION;
    size_t bpp = flags & WF_RESIZE_RGBA16 ? 8 : 4;
    uint64_t bytes = (uint64_t)width * height * bpp;
    if (bytes > src_nbytes || bytes > dst_nbytes)
        return WF_ERR_BUFFER_TOO_SMALL;

    const int *m = orientation_matrix[orientation];
    int swap = m[0] == 0;
    int64_t out_w = swap ? height : width, out_h = swap ? width : height;
    /* output coordinates of input (x, y): ox = a x + b y + ox0, oy = c x + d y + oy0,
     * with the offsets that map the input corners onto [0, out_w) x [0, out_h) */
    int64_t ox0 = (m[0] < 0 ? (int64_t)width - 1 : 0) + (m[1] < 0 ? (int64_t)height - 1 : 0);
    int64_t oy0 = (m[2] < 0 ? (int64_t)width - 1 : 0) + (m[3] < 0 ? (int64_t)height - 1 : 0);
    int64_t step_x = m[0] + m[2] * out_w; /* output index change per input x */
    int64_t step_y = m[1] + m[3] * out_w;
    int64_t base = ox0 + oy0 * out_w;
    (void)out_h;

    const uint8_t *s = (const uint8_t *)src;
    uint8_t *d = (uint8_t *)dst;
    for (uint32_t by = 0; by < height; by += BLOCK) {
        uint32_t ey = height - by < BLOCK ? height : by + BLOCK;
        for (uint32_t bx = 0; bx < width; bx += BLOCK) {
            uint32_t ex = width - bx < BLOCK ? width : bx + BLOCK;
            for (uint32_t y = by; y < ey; y++) {
                const uint8_t *sp = s + ((size_t)y * width + bx) * bpp;
                int64_t o = base + (int64_t)bx * step_x + (int64_t)y * step_y;
                if (bpp == 4)
                    for (uint32_t x = bx; x < ex; x++, sp += 4, o += step_x)
                        memcpy(d + (size_t)o * 4, sp, 4);
                else
                    for (uint32_t x = bx; x < ex; x++, sp += 8, o += step_x)
                        memcpy(d + (size_t)o * 8, sp, 8);
            }
        }
    }
    return WF_OK;
}
