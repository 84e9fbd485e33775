/* SPDX-License-Identifier: MIT
 * yuv.c: YUV 4:2:0 to RGBA the way libwebp 1.2.4 (dwebp) does it, so the
 * pixels compare exactly: BT.601 "studio swing" with 14-bit fixed-point
 * constants (Y' * 1.164, V * 1.596, U * 0.391 / V * 0.813, U * 2.018, each
 * product >> 8, then >> 6 with clipping), and chroma upsampled either by
 * pixel repetition or by libwebp's "fancy" filter: each output sample is
 * (9 * nearest + 3 * horizontal + 3 * vertical + 1 * diagonal) / 16,
 * computed in two roundings (the diagonal pair first, as libwebp does). */
#include "webp_internal.h"

static inline int mulhi(int v, int c) { return (v * c) >> 8; }

static inline uint8_t clip8(int v) { return (v & ~16383) == 0 ? (uint8_t)(v >> 6) : v < 0 ? 0 : 255; }

static inline void put(int y, int u, int v, uint8_t *o)
{
    int yy = mulhi(y, 19077);
    o[0] = clip8(yy + mulhi(v, 26149) - 14234);
    o[1] = clip8(yy - mulhi(u, 6419) - mulhi(v, 13320) + 8708);
    o[2] = clip8(yy + mulhi(u, 33050) - 17685);
    o[3] = 255;
}

static void row_nofancy(const uint8_t *y, const uint8_t *u, const uint8_t *v, uint8_t *o, uint32_t w)
{
    uint32_t x;
    for (x = 0; x < w; x++)
        put(y[x], u[x >> 1], v[x >> 1], o + 4 * x);
}

/* Upsamples one chroma channel for the output rows around the line between
 * chroma rows `t` (top) and `c` (current): writes the 2*len-ish values of
 * the top output row into ot and of the bottom one into ob (if not NULL). */
static void fancy_line(const uint8_t *t, const uint8_t *c, uint8_t *ot, uint8_t *ob, uint32_t len)
{
    uint32_t x, last = (len - 1) >> 1;
    int tl = t[0], l = c[0];
    ot[0] = (uint8_t)((3 * tl + l + 2) >> 2);
    if (ob)
        ob[0] = (uint8_t)((3 * l + tl + 2) >> 2);
    for (x = 1; x <= last; x++) {
        int tt = t[x], cc = c[x];
        int avg = tl + tt + l + cc + 8;
        int d12 = (avg + 2 * (tt + l)) >> 3;
        int d03 = (avg + 2 * (tl + cc)) >> 3;
        ot[2 * x - 1] = (uint8_t)((d12 + tl) >> 1);
        ot[2 * x] = (uint8_t)((d03 + tt) >> 1);
        if (ob) {
            ob[2 * x - 1] = (uint8_t)((d03 + l) >> 1);
            ob[2 * x] = (uint8_t)((d12 + cc) >> 1);
        }
        tl = tt;
        l = cc;
    }
    if (!(len & 1)) {
        ot[len - 1] = (uint8_t)((3 * tl + l + 2) >> 2);
        if (ob)
            ob[len - 1] = (uint8_t)((3 * l + tl + 2) >> 2);
    }
}

#define MAX_W 16384

static void pair_fancy(const uint8_t *ty, const uint8_t *by, const uint8_t *tu, const uint8_t *tv,
                       const uint8_t *cu, const uint8_t *cv, uint8_t *td, uint8_t *bd, uint32_t w)
{
    uint8_t ut[MAX_W], ub[MAX_W], vt[MAX_W], vb[MAX_W];
    uint32_t x;
    fancy_line(tu, cu, ut, by ? ub : 0, w);
    fancy_line(tv, cv, vt, by ? vb : 0, w);
    for (x = 0; x < w; x++)
        put(ty[x], ut[x], vt[x], td + 4 * x);
    if (by)
        for (x = 0; x < w; x++)
            put(by[x], ub[x], vb[x], bd + 4 * x);
}

void wf_webp_yuv_to_rgba(const uint8_t *y, size_t ys, const uint8_t *u, const uint8_t *v, size_t uvs, uint32_t w,
                         uint32_t h, uint8_t *rgba, size_t stride, int fancy)
{
    uint32_t row;
    if (!fancy) {
        for (row = 0; row < h; row++)
            row_nofancy(y + row * ys, u + (row >> 1) * uvs, v + (row >> 1) * uvs, rgba + row * stride, w);
        return;
    }
    /* row 0 on its own, then pairs (1,2), (3,4), ... between chroma rows
     * k-1 and k, and the last row alone when h is even */
    pair_fancy(y, 0, u, v, u, v, rgba, 0, w);
    for (row = 1; row + 1 < h; row += 2) {
        size_t k = (row + 1) >> 1;
        pair_fancy(y + row * ys, y + (row + 1) * ys, u + (k - 1) * uvs, v + (k - 1) * uvs, u + k * uvs, v + k * uvs,
                   rgba + row * stride, rgba + (row + 1) * stride, w);
    }
    if (!(h & 1) && h > 1) {
        size_t k = (h >> 1) - 1;
        pair_fancy(y + (h - 1) * ys, 0, u + k * uvs, v + k * uvs, u + k * uvs, v + k * uvs, rgba + (h - 1) * stride,
                   0, w);
    }
}
