/* SPDX-License-Identifier: MIT
 * vp8_filter.c: the VP8 loop filter (RFC 6386 section 15): simple and normal
 * filters, macroblock and subblock edges, applied to the whole frame in
 * macroblock raster order after reconstruction. */
#include "webp_internal.h"
#include "vp8_internal.h"

static inline int c8(int v) { return v < -128 ? -128 : v > 127 ? 127 : v; }
static inline uint8_t s2u(int v) { return (uint8_t)(c8(v) + 128); }
/* The filters are written without early exits, as selects, so that the
 * compiler can vectorise the loops along horizontal edges (contiguous
 * pixels). p points at q0; `s` steps across the edge; `along` steps along it. */

static inline int absi(int v) { return v < 0 ? -v : v; }

static void simple_edge(uint8_t *p, ptrdiff_t s, ptrdiff_t along, int n, int e)
{
    int k;
    for (k = 0; k < n; k++, p += along) {
        int p1 = p[-2 * s], p0 = p[-s], q0 = p[0], q1 = p[s];
        int ok = absi(p0 - q0) * 2 + (absi(p1 - q1) >> 1) <= e;
        int a = c8(c8(p1 - q1) + 3 * (q0 - p0));
        int f1 = c8(a + 4) >> 3, f2 = c8(a + 3) >> 3;
        uint8_t nq0 = s2u(q0 - 128 - f1), np0 = s2u(p0 - 128 + f2);
        p[0] = ok ? nq0 : (uint8_t)q0;
        p[-s] = ok ? np0 : (uint8_t)p0;
    }
}

/* The normal filters' test: the edge difference within e, and every
 * difference between neighbours on each side within i. */
static inline int normal_ok(int p3, int p2, int p1, int p0, int q0, int q1, int q2, int q3, int e, int i)
{
    return (absi(p0 - q0) * 2 + (absi(p1 - q1) >> 1) <= e) & (absi(p3 - p2) <= i) & (absi(p2 - p1) <= i) &
           (absi(p1 - p0) <= i) & (absi(q3 - q2) <= i) & (absi(q2 - q1) <= i) & (absi(q1 - q0) <= i);
}

static void subblock_edge(uint8_t *p, ptrdiff_t s, ptrdiff_t along, int n, int e, int i, int t)
{
    int k;
    for (k = 0; k < n; k++, p += along) {
        int p3 = p[-4 * s], p2 = p[-3 * s], p1 = p[-2 * s], p0 = p[-s];
        int q0 = p[0], q1 = p[s], q2 = p[2 * s], q3 = p[3 * s];
        int ok = normal_ok(p3, p2, p1, p0, q0, q1, q2, q3, e, i);
        int hv = (absi(p1 - p0) > t) | (absi(q1 - q0) > t);
        int a = c8((hv ? c8(p1 - q1) : 0) + 3 * (q0 - p0));
        int f1 = c8(a + 4) >> 3, f2 = c8(a + 3) >> 3, a3 = (f1 + 1) >> 1;
        uint8_t nq0 = s2u(q0 - 128 - f1), np0 = s2u(p0 - 128 + f2);
        uint8_t nq1 = hv ? (uint8_t)q1 : s2u(q1 - 128 - a3), np1 = hv ? (uint8_t)p1 : s2u(p1 - 128 + a3);
        p[0] = ok ? nq0 : (uint8_t)q0;
        p[-s] = ok ? np0 : (uint8_t)p0;
        p[s] = ok ? nq1 : (uint8_t)q1;
        p[-2 * s] = ok ? np1 : (uint8_t)p1;
    }
}

static void mb_edge(uint8_t *p, ptrdiff_t s, ptrdiff_t along, int n, int e, int i, int t)
{
    int k;
    for (k = 0; k < n; k++, p += along) {
        int p3 = p[-4 * s], p2 = p[-3 * s], p1 = p[-2 * s], p0 = p[-s];
        int q0 = p[0], q1 = p[s], q2 = p[2 * s], q3 = p[3 * s];
        int ok = normal_ok(p3, p2, p1, p0, q0, q1, q2, q3, e, i);
        int hv = (absi(p1 - p0) > t) | (absi(q1 - q0) > t);
        int w = c8(c8(p1 - q1) + 3 * (q0 - p0));
        /* high edge variance: the simple adjustment of p0 and q0 only */
        int f1 = c8(w + 4) >> 3, f2 = c8(w + 3) >> 3;
        /* otherwise 27/18/9 taps on three pixels each side */
        int a0 = c8((27 * w + 63) >> 7), a1 = c8((18 * w + 63) >> 7), a2 = c8((9 * w + 63) >> 7);
        uint8_t nq0 = hv ? s2u(q0 - 128 - f1) : s2u(q0 - 128 - a0);
        uint8_t np0 = hv ? s2u(p0 - 128 + f2) : s2u(p0 - 128 + a0);
        uint8_t nq1 = hv ? (uint8_t)q1 : s2u(q1 - 128 - a1), np1 = hv ? (uint8_t)p1 : s2u(p1 - 128 + a1);
        uint8_t nq2 = hv ? (uint8_t)q2 : s2u(q2 - 128 - a2), np2 = hv ? (uint8_t)p2 : s2u(p2 - 128 + a2);
        p[0] = ok ? nq0 : (uint8_t)q0;
        p[-s] = ok ? np0 : (uint8_t)p0;
        p[s] = ok ? nq1 : (uint8_t)q1;
        p[-2 * s] = ok ? np1 : (uint8_t)p1;
        p[2 * s] = ok ? nq2 : (uint8_t)q2;
        p[-3 * s] = ok ? np2 : (uint8_t)p2;
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
