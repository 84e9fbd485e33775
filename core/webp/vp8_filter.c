/* SPDX-License-Identifier: MIT
 * vp8_filter.c: the VP8 loop filter (RFC 6386 section 15): simple and normal
 * filters, macroblock and subblock edges, applied to the whole frame in
 * macroblock raster order after reconstruction. */
#include "webp_internal.h"
#include "vp8_internal.h"

static inline int c8(int v) { return v < -128 ? -128 : v > 127 ? 127 : v; }
static inline uint8_t s2u(int v) { return (uint8_t)(c8(v) + 128); }
static inline int absi(int v) { return v < 0 ? -v : v; }

/* p points at q0; `s` steps across the edge. */
static inline int common_adjust(uint8_t *p, ptrdiff_t s, int use_outer_taps)
{
    int p1 = p[-2 * s] - 128, p0 = p[-s] - 128, q0 = p[0] - 128, q1 = p[s] - 128;
    int a = c8((use_outer_taps ? c8(p1 - q1) : 0) + 3 * (q0 - p0));
    int b = c8(a + 3) >> 3;
    a = c8(a + 4) >> 3;
    p[0] = s2u(q0 - a);
    p[-s] = s2u(p0 + b);
    return a;
}

static inline int edge_ok(const uint8_t *p, ptrdiff_t s, int e)
{
    return absi(p[-s] - p[0]) * 2 + (absi(p[-2 * s] - p[s]) >> 1) <= e;
}

static inline int normal_ok(const uint8_t *p, ptrdiff_t s, int e, int i)
{
    int p3 = p[-4 * s], p2 = p[-3 * s], p1 = p[-2 * s], p0 = p[-s];
    int q0 = p[0], q1 = p[s], q2 = p[2 * s], q3 = p[3 * s];
    return absi(p0 - q0) * 2 + (absi(p1 - q1) >> 1) <= e && absi(p3 - p2) <= i && absi(p2 - p1) <= i &&
           absi(p1 - p0) <= i && absi(q3 - q2) <= i && absi(q2 - q1) <= i && absi(q1 - q0) <= i;
}

static inline int hev(const uint8_t *p, ptrdiff_t s, int t)
{
    return absi(p[-2 * s] - p[-s]) > t || absi(p[s] - p[0]) > t;
}

/* n segments along the edge, `along` apart. */
static void simple_edge(uint8_t *p, ptrdiff_t s, ptrdiff_t along, int n, int e)
{
    int k;
    for (k = 0; k < n; k++, p += along)
        if (edge_ok(p, s, e))
            common_adjust(p, s, 1);
}

static void subblock_edge(uint8_t *p, ptrdiff_t s, ptrdiff_t along, int n, int e, int i, int t)
{
    int k;
    for (k = 0; k < n; k++, p += along) {
        if (normal_ok(p, s, e, i)) {
            int hv = hev(p, s, t);
            int a = (common_adjust(p, s, hv) + 1) >> 1;
            if (!hv) {
                p[s] = s2u(p[s] - 128 - a);
                p[-2 * s] = s2u(p[-2 * s] - 128 + a);
            }
        }
    }
}

static void mb_edge(uint8_t *p, ptrdiff_t s, ptrdiff_t along, int n, int e, int i, int t)
{
    int k;
    for (k = 0; k < n; k++, p += along) {
        if (!normal_ok(p, s, e, i))
            continue;
        if (!hev(p, s, t)) {
            int p2 = p[-3 * s] - 128, p1 = p[-2 * s] - 128, p0 = p[-s] - 128;
            int q0 = p[0] - 128, q1 = p[s] - 128, q2 = p[2 * s] - 128;
            int w = c8(c8(p1 - q1) + 3 * (q0 - p0));
            int a = c8((27 * w + 63) >> 7);
            p[0] = s2u(q0 - a);
            p[-s] = s2u(p0 + a);
            a = c8((18 * w + 63) >> 7);
            p[s] = s2u(q1 - a);
            p[-2 * s] = s2u(p1 + a);
            a = c8((9 * w + 63) >> 7);
            p[2 * s] = s2u(q2 - a);
            p[-3 * s] = s2u(p2 + a);
        } else {
            common_adjust(p, s, 1);
        }
    }
}

void wf_vp8_loop_filter(const wf_vp8 *v, uint8_t *y, uint8_t *u, uint8_t *vp)
{
    int mbx, mby, k;
    ptrdiff_t ys = (ptrdiff_t)v->ystride, uvs = (ptrdiff_t)v->uvstride;
    for (mby = 0; mby < v->mbh; mby++) {
        for (mbx = 0; mbx < v->mbw; mbx++) {
            const wf_vp8_finfo *f = &v->mbinfo[(size_t)mby * v->mbw + mbx].f;
            uint8_t *py = y + (size_t)mby * 16 * ys + mbx * 16;
            uint8_t *pu = u + (size_t)mby * 8 * uvs + mbx * 8;
            uint8_t *pv = vp + (size_t)mby * 8 * uvs + mbx * 8;
            int lim = f->limit, il = f->ilevel, t = f->hev;
            if (lim == 0)
                continue;
            if (v->filter_type == 1) {
                if (mbx > 0)
                    simple_edge(py, 1, ys, 16, lim + 4);
                if (f->inner)
                    for (k = 4; k < 16; k += 4)
                        simple_edge(py + k, 1, ys, 16, lim);
                if (mby > 0)
                    simple_edge(py, ys, 1, 16, lim + 4);
                if (f->inner)
                    for (k = 4; k < 16; k += 4)
                        simple_edge(py + k * ys, ys, 1, 16, lim);
            } else {
                if (mbx > 0) {
                    mb_edge(py, 1, ys, 16, lim + 4, il, t);
                    mb_edge(pu, 1, uvs, 8, lim + 4, il, t);
                    mb_edge(pv, 1, uvs, 8, lim + 4, il, t);
                }
                if (f->inner) {
                    for (k = 4; k < 16; k += 4)
                        subblock_edge(py + k, 1, ys, 16, lim, il, t);
                    subblock_edge(pu + 4, 1, uvs, 8, lim, il, t);
                    subblock_edge(pv + 4, 1, uvs, 8, lim, il, t);
                }
                if (mby > 0) {
                    mb_edge(py, ys, 1, 16, lim + 4, il, t);
                    mb_edge(pu, uvs, 1, 8, lim + 4, il, t);
                    mb_edge(pv, uvs, 1, 8, lim + 4, il, t);
                }
                if (f->inner) {
                    for (k = 4; k < 16; k += 4)
                        subblock_edge(py + k * ys, ys, 1, 16, lim, il, t);
                    subblock_edge(pu + 4 * uvs, uvs, 1, 8, lim, il, t);
                    subblock_edge(pv + 4 * uvs, uvs, 1, 8, lim, il, t);
                }
            }
        }
    }
}
