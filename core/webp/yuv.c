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

/* One output row pair around the line between chroma rows t (top) and c
 * (current): the top row (ty, into td) takes 3/4 of t, the bottom row (by,
 * into bd; NULL for a single row) 3/4 of c. For each new chroma column the
 * two diagonal mixes are computed once and shared by the four pixels. */
static void pair_fancy(const uint8_t *ty, const uint8_t *by, const uint8_t *tu, const uint8_t *tv,
                       const uint8_t *cu, const uint8_t *cv, uint8_t *td, uint8_t *bd, uint32_t w)
{
    uint32_t x, last = (w - 1) >> 1;
    int tlu = tu[0], lu = cu[0], tlv = tv[0], lv = cv[0];
    put(ty[0], (3 * tlu + lu + 2) >> 2, (3 * tlv + lv + 2) >> 2, td);
    if (by)
        put(by[0], (3 * lu + tlu + 2) >> 2, (3 * lv + tlv + 2) >> 2, bd);
    for (x = 1; x <= last; x++) {
        int tu1 = tu[x], cu1 = cu[x], tv1 = tv[x], cv1 = cv[x];
        int au = tlu + tu1 + lu + cu1 + 8, av = tlv + tv1 + lv + cv1 + 8;
        int u12 = (au + 2 * (tu1 + lu)) >> 3, u03 = (au + 2 * (tlu + cu1)) >> 3;
        int v12 = (av + 2 * (tv1 + lv)) >> 3, v03 = (av + 2 * (tlv + cv1)) >> 3;
        put(ty[2 * x - 1], (u12 + tlu) >> 1, (v12 + tlv) >> 1, td + 8 * x - 4);
        put(ty[2 * x], (u03 + tu1) >> 1, (v03 + tv1) >> 1, td + 8 * x);
        if (by) {
            put(by[2 * x - 1], (u03 + lu) >> 1, (v03 + lv) >> 1, bd + 8 * x - 4);
            put(by[2 * x], (u12 + cu1) >> 1, (v12 + cv1) >> 1, bd + 8 * x);
        }
        tlu = tu1;
        lu = cu1;
        tlv = tv1;
        lv = cv1;
    }
    if (!(w & 1)) {
        put(ty[w - 1], (3 * tlu + lu + 2) >> 2, (3 * tlv + lv + 2) >> 2, td + 4 * (w - 1));
        if (by)
            put(by[w - 1], (3 * lu + tlu + 2) >> 2, (3 * lv + tlv + 2) >> 2, bd + 4 * (w - 1));
    }
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
