/* SPDX-License-Identifier: MIT
 * vp8_filter.c: the VP8 loop filter (RFC 6386 section 15): simple and normal
 * filters, macroblock and subblock edges, applied to the whole frame in
 * macroblock raster order after reconstruction.
 *
 * The scalar filters test each position first and skip it when the edge is
 * not to be filtered; the high-edge-variance case only moves p0 and q0. The
 * SIMD build (WF_SIMD) filters 16 positions along an edge at once in 16-bit
 * lanes with the very same arithmetic (each intermediate fits in 16 bits),
 * so its pixels are the scalar ones: luma edges are 16 positions long, and
 * the U and V edges of a macroblock (8 each) go together, U in the low lanes
 * and V in the high ones. Vertical edges are transposed into lanes and back. */
#include "webp_internal.h"
#include "vp8_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

static inline int c8(int v) { return v < -128 ? -128 : v > 127 ? 127 : v; }
static inline uint8_t s2u(int v) { return (uint8_t)(c8(v) + 128); }
static inline int absi(int v) { return v < 0 ? -v : v; }

/* p points at q0; `s` steps across the edge; `along` steps along it. */
static void simple_edge(uint8_t *p, ptrdiff_t s, ptrdiff_t along, int n, int e)
{
    int k;
    for (k = 0; k < n; k++, p += along) {
        int p1 = p[-2 * s], p0 = p[-s], q0 = p[0], q1 = p[s], a;
        if (absi(p0 - q0) * 2 + (absi(p1 - q1) >> 1) > e)
            continue;
        a = c8(c8(p1 - q1) + 3 * (q0 - p0));
        p[0] = s2u(q0 - 128 - (c8(a + 4) >> 3));
        p[-s] = s2u(p0 - 128 + (c8(a + 3) >> 3));
    }
}

/* The normal filters' test: the edge difference within e, and every
 * difference between neighbours on each side within i. */
static inline int normal_ok(int p3, int p2, int p1, int p0, int q0, int q1, int q2, int q3, int e, int i)
{
    return absi(p0 - q0) * 2 + (absi(p1 - q1) >> 1) <= e && absi(p3 - p2) <= i && absi(p2 - p1) <= i &&
           absi(p1 - p0) <= i && absi(q3 - q2) <= i && absi(q2 - q1) <= i && absi(q1 - q0) <= i;
}

static void subblock_edge(uint8_t *p, ptrdiff_t s, ptrdiff_t along, int n, int e, int i, int t)
{
    int k;
    for (k = 0; k < n; k++, p += along) {
        int p3 = p[-4 * s], p2 = p[-3 * s], p1 = p[-2 * s], p0 = p[-s];
        int q0 = p[0], q1 = p[s], q2 = p[2 * s], q3 = p[3 * s];
        int a, f1;
        if (!normal_ok(p3, p2, p1, p0, q0, q1, q2, q3, e, i))
            continue;
        if (absi(p1 - p0) > t || absi(q1 - q0) > t) { /* high edge variance: p0 and q0 only */
            a = c8(c8(p1 - q1) + 3 * (q0 - p0));
            p[0] = s2u(q0 - 128 - (c8(a + 4) >> 3));
            p[-s] = s2u(p0 - 128 + (c8(a + 3) >> 3));
        } else {
            int a3;
            a = c8(3 * (q0 - p0));
            f1 = c8(a + 4) >> 3;
            a3 = (f1 + 1) >> 1;
            p[0] = s2u(q0 - 128 - f1);
            p[-s] = s2u(p0 - 128 + (c8(a + 3) >> 3));
            p[s] = s2u(q1 - 128 - a3);
            p[-2 * s] = s2u(p1 - 128 + a3);
        }
    }
}

static void mb_edge(uint8_t *p, ptrdiff_t s, ptrdiff_t along, int n, int e, int i, int t)
{
    int k;
    for (k = 0; k < n; k++, p += along) {
        int p3 = p[-4 * s], p2 = p[-3 * s], p1 = p[-2 * s], p0 = p[-s];
        int q0 = p[0], q1 = p[s], q2 = p[2 * s], q3 = p[3 * s];
        int w;
        if (!normal_ok(p3, p2, p1, p0, q0, q1, q2, q3, e, i))
            continue;
        w = c8(c8(p1 - q1) + 3 * (q0 - p0));
        if (absi(p1 - p0) > t || absi(q1 - q0) > t) { /* high edge variance: p0 and q0 only */
            p[0] = s2u(q0 - 128 - (c8(w + 4) >> 3));
            p[-s] = s2u(p0 - 128 + (c8(w + 3) >> 3));
        } else { /* 27/18/9 taps on three pixels each side */
            int a0 = c8((27 * w + 63) >> 7), a1 = c8((18 * w + 63) >> 7), a2 = c8((9 * w + 63) >> 7);
            p[0] = s2u(q0 - 128 - a0);
            p[-s] = s2u(p0 - 128 + a0);
            p[s] = s2u(q1 - 128 - a1);
            p[-2 * s] = s2u(p1 - 128 + a1);
            p[2 * s] = s2u(q2 - 128 - a2);
            p[-3 * s] = s2u(p2 - 128 + a2);
        }
    }
}

#ifdef WF_SIMD
/* ---- 16 positions at once, in two halves of eight 16-bit lanes ----
 * v[0..7] = p3 p2 p1 p0 q0 q1 q2 q3 (one half). */

enum { F_SIMPLE, F_INNER, F_MB };

static inline v128_t c8v(v128_t x)
{
    return wasm_i16x8_min(wasm_i16x8_max(x, wasm_i16x8_splat(-128)), wasm_i16x8_splat(127));
}

static inline void filter8(v128_t *v, int kind, int e, int il, int t)
{
    const v128_t k128 = wasm_i16x8_splat(128), k3 = wasm_i16x8_splat(3), k4 = wasm_i16x8_splat(4);
    v128_t p3 = v[0], p2 = v[1], p1 = v[2], p0 = v[3], q0 = v[4], q1 = v[5], q2 = v[6], q3 = v[7];
    v128_t ok, hv, w, f1, f2, np0, nq0;
    ok = wasm_i16x8_le(wasm_i16x8_add(wasm_i16x8_shl(wasm_i16x8_abs(wasm_i16x8_sub(p0, q0)), 1),
                                      wasm_i16x8_shr(wasm_i16x8_abs(wasm_i16x8_sub(p1, q1)), 1)),
                       wasm_i16x8_splat((int16_t)e));
    if (kind == F_SIMPLE) {
        w = c8v(wasm_i16x8_add(c8v(wasm_i16x8_sub(p1, q1)), wasm_i16x8_mul(k3, wasm_i16x8_sub(q0, p0))));
        f1 = wasm_i16x8_shr(c8v(wasm_i16x8_add(w, k4)), 3);
        f2 = wasm_i16x8_shr(c8v(wasm_i16x8_add(w, k3)), 3);
        nq0 = wasm_i16x8_add(c8v(wasm_i16x8_sub(wasm_i16x8_sub(q0, k128), f1)), k128);
        np0 = wasm_i16x8_add(c8v(wasm_i16x8_add(wasm_i16x8_sub(p0, k128), f2)), k128);
        v[4] = wasm_v128_bitselect(nq0, q0, ok);
        v[3] = wasm_v128_bitselect(np0, p0, ok);
        return;
    }
    {
        const v128_t iv = wasm_i16x8_splat((int16_t)il), tv = wasm_i16x8_splat((int16_t)t);
        v128_t d10 = wasm_i16x8_abs(wasm_i16x8_sub(p1, p0)), e10 = wasm_i16x8_abs(wasm_i16x8_sub(q1, q0));
        v128_t m = wasm_i16x8_max(
            wasm_i16x8_max(wasm_i16x8_abs(wasm_i16x8_sub(p3, p2)), wasm_i16x8_abs(wasm_i16x8_sub(p2, p1))),
            wasm_i16x8_max(wasm_i16x8_abs(wasm_i16x8_sub(q3, q2)), wasm_i16x8_abs(wasm_i16x8_sub(q2, q1))));
        m = wasm_i16x8_max(m, wasm_i16x8_max(d10, e10));
        ok = wasm_v128_and(ok, wasm_i16x8_le(m, iv));
        hv = wasm_v128_or(wasm_i16x8_gt(d10, tv), wasm_i16x8_gt(e10, tv));
    }
    if (!wasm_v128_any_true(ok))
        return;
    {
        v128_t ps1 = wasm_i16x8_sub(p1, k128), ps0 = wasm_i16x8_sub(p0, k128);
        v128_t qs0 = wasm_i16x8_sub(q0, k128), qs1 = wasm_i16x8_sub(q1, k128);
        v128_t d3 = wasm_i16x8_mul(k3, wasm_i16x8_sub(q0, p0)), pq = c8v(wasm_i16x8_sub(p1, q1));
        v128_t hvok = wasm_v128_and(hv, ok), nhok = wasm_v128_andnot(ok, hv);
        /* high edge variance (both kinds): w = c8(c8(p1 - q1) + 3 (q0 - p0)) moves p0, q0 */
        v128_t wh = c8v(wasm_i16x8_add(pq, d3));
        v128_t hq0 = wasm_i16x8_add(c8v(wasm_i16x8_sub(qs0, wasm_i16x8_shr(c8v(wasm_i16x8_add(wh, k4)), 3))), k128);
        v128_t hp0 = wasm_i16x8_add(c8v(wasm_i16x8_add(ps0, wasm_i16x8_shr(c8v(wasm_i16x8_add(wh, k3)), 3))), k128);
        if (kind == F_INNER) {
            v128_t a = c8v(d3), a3;
            f1 = wasm_i16x8_shr(c8v(wasm_i16x8_add(a, k4)), 3);
            f2 = wasm_i16x8_shr(c8v(wasm_i16x8_add(a, k3)), 3);
            a3 = wasm_i16x8_shr(wasm_i16x8_add(f1, wasm_i16x8_splat(1)), 1);
            nq0 = wasm_i16x8_add(c8v(wasm_i16x8_sub(qs0, f1)), k128);
            np0 = wasm_i16x8_add(c8v(wasm_i16x8_add(ps0, f2)), k128);
            v[5] = wasm_v128_bitselect(wasm_i16x8_add(c8v(wasm_i16x8_sub(qs1, a3)), k128), q1, nhok);
            v[2] = wasm_v128_bitselect(wasm_i16x8_add(c8v(wasm_i16x8_add(ps1, a3)), k128), p1, nhok);
        } else {
            const v128_t k63 = wasm_i16x8_splat(63);
            v128_t a0 = c8v(wasm_i16x8_shr(wasm_i16x8_add(wasm_i16x8_mul(wh, wasm_i16x8_splat(27)), k63), 7));
            v128_t a1 = c8v(wasm_i16x8_shr(wasm_i16x8_add(wasm_i16x8_mul(wh, wasm_i16x8_splat(18)), k63), 7));
            v128_t a2 = c8v(wasm_i16x8_shr(wasm_i16x8_add(wasm_i16x8_mul(wh, wasm_i16x8_splat(9)), k63), 7));
            nq0 = wasm_i16x8_add(c8v(wasm_i16x8_sub(qs0, a0)), k128);
            np0 = wasm_i16x8_add(c8v(wasm_i16x8_add(ps0, a0)), k128);
            v[5] = wasm_v128_bitselect(wasm_i16x8_add(c8v(wasm_i16x8_sub(qs1, a1)), k128), q1, nhok);
            v[2] = wasm_v128_bitselect(wasm_i16x8_add(c8v(wasm_i16x8_add(ps1, a1)), k128), p1, nhok);
            v[6] =
                wasm_v128_bitselect(wasm_i16x8_add(c8v(wasm_i16x8_sub(wasm_i16x8_sub(q2, k128), a2)), k128), q2, nhok);
            v[1] =
                wasm_v128_bitselect(wasm_i16x8_add(c8v(wasm_i16x8_add(wasm_i16x8_sub(p2, k128), a2)), k128), p2, nhok);
        }
        v[4] = wasm_v128_bitselect(hq0, wasm_v128_bitselect(nq0, q0, nhok), hvok);
        v[3] = wasm_v128_bitselect(hp0, wasm_v128_bitselect(np0, p0, nhok), hvok);
    }
}

/* A horizontal edge (filtering across rows): the low half of the lanes is
 * the 8 pixels at a, the high half those at b; s is the row stride. */
static void hedge16(uint8_t *a, uint8_t *b, ptrdiff_t s, int kind, int e, int il, int t)
{
    v128_t lo[8], hi[8];
    int r;
    for (r = 0; r < 8; r++) {
        lo[r] = wasm_u16x8_load8x8(a + (r - 4) * s);
        hi[r] = wasm_u16x8_load8x8(b + (r - 4) * s);
    }
    filter8(lo, kind, e, il, t);
    filter8(hi, kind, e, il, t);
    for (r = 1; r < 7; r++) {
        v128_t out = wasm_u8x16_narrow_i16x8(lo[r], hi[r]);
        wasm_v128_store64_lane(a + (r - 4) * s, out, 0);
        wasm_v128_store64_lane(b + (r - 4) * s, out, 1);
    }
}

/* Transposes 8 vectors of eight 16-bit lanes in place. */
static inline void transpose8(v128_t *m)
{
    v128_t a0 = wasm_i16x8_shuffle(m[0], m[1], 0, 8, 1, 9, 2, 10, 3, 11);
    v128_t a1 = wasm_i16x8_shuffle(m[0], m[1], 4, 12, 5, 13, 6, 14, 7, 15);
    v128_t a2 = wasm_i16x8_shuffle(m[2], m[3], 0, 8, 1, 9, 2, 10, 3, 11);
    v128_t a3 = wasm_i16x8_shuffle(m[2], m[3], 4, 12, 5, 13, 6, 14, 7, 15);
    v128_t a4 = wasm_i16x8_shuffle(m[4], m[5], 0, 8, 1, 9, 2, 10, 3, 11);
    v128_t a5 = wasm_i16x8_shuffle(m[4], m[5], 4, 12, 5, 13, 6, 14, 7, 15);
    v128_t a6 = wasm_i16x8_shuffle(m[6], m[7], 0, 8, 1, 9, 2, 10, 3, 11);
    v128_t a7 = wasm_i16x8_shuffle(m[6], m[7], 4, 12, 5, 13, 6, 14, 7, 15);
    /* a0: r0c0 r1c0 r0c1 r1c1 r0c2 r1c2 r0c3 r1c3 (as 32-bit pairs) */
    v128_t b0 = wasm_i32x4_shuffle(a0, a2, 0, 4, 1, 5);
    v128_t b1 = wasm_i32x4_shuffle(a0, a2, 2, 6, 3, 7);
    v128_t b2 = wasm_i32x4_shuffle(a1, a3, 0, 4, 1, 5);
    v128_t b3 = wasm_i32x4_shuffle(a1, a3, 2, 6, 3, 7);
    v128_t b4 = wasm_i32x4_shuffle(a4, a6, 0, 4, 1, 5);
    v128_t b5 = wasm_i32x4_shuffle(a4, a6, 2, 6, 3, 7);
    v128_t b6 = wasm_i32x4_shuffle(a5, a7, 0, 4, 1, 5);
    v128_t b7 = wasm_i32x4_shuffle(a5, a7, 2, 6, 3, 7);
    /* b0: rows 0-3 of columns 0 and 1 */
    m[0] = wasm_i64x2_shuffle(b0, b4, 0, 2);
    m[1] = wasm_i64x2_shuffle(b0, b4, 1, 3);
    m[2] = wasm_i64x2_shuffle(b1, b5, 0, 2);
    m[3] = wasm_i64x2_shuffle(b1, b5, 1, 3);
    m[4] = wasm_i64x2_shuffle(b2, b6, 0, 2);
    m[5] = wasm_i64x2_shuffle(b2, b6, 1, 3);
    m[6] = wasm_i64x2_shuffle(b3, b7, 0, 2);
    m[7] = wasm_i64x2_shuffle(b3, b7, 1, 3);
}

/* A vertical edge (filtering along rows): 8 rows from a, then 8 from b,
 * each at the edge between column -1 and column 0; s is the row stride. */
static void vedge16(uint8_t *a, uint8_t *b, ptrdiff_t s, int kind, int e, int il, int t)
{
    v128_t lo[8], hi[8];
    int r;
    for (r = 0; r < 8; r++) {
        lo[r] = wasm_u16x8_load8x8(a + r * s - 4);
        hi[r] = wasm_u16x8_load8x8(b + r * s - 4);
    }
    transpose8(lo);
    transpose8(hi);
    filter8(lo, kind, e, il, t);
    filter8(hi, kind, e, il, t);
    transpose8(lo);
    transpose8(hi);
    for (r = 0; r < 8; r++) {
        v128_t out = wasm_u8x16_narrow_i16x8(lo[r], hi[r]);
        wasm_v128_store64_lane(a + r * s - 4, out, 0);
        wasm_v128_store64_lane(b + r * s - 4, out, 1);
    }
}
#endif

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
#ifdef WF_SIMD
            if (v->filter_type == 1) {
                if (mbx > 0)
                    vedge16(py, py + 8 * ys, ys, F_SIMPLE, lim + 4, 0, 0);
                if (f->inner)
                    for (k = 4; k < 16; k += 4)
                        vedge16(py + k, py + k + 8 * ys, ys, F_SIMPLE, lim, 0, 0);
                if (mby > 0)
                    hedge16(py, py + 8, ys, F_SIMPLE, lim + 4, 0, 0);
                if (f->inner)
                    for (k = 4; k < 16; k += 4)
                        hedge16(py + k * ys, py + k * ys + 8, ys, F_SIMPLE, lim, 0, 0);
            } else {
                if (mbx > 0) {
                    vedge16(py, py + 8 * ys, ys, F_MB, lim + 4, il, t);
                    vedge16(pu, pv, uvs, F_MB, lim + 4, il, t);
                }
                if (f->inner) {
                    for (k = 4; k < 16; k += 4)
                        vedge16(py + k, py + k + 8 * ys, ys, F_INNER, lim, il, t);
                    vedge16(pu + 4, pv + 4, uvs, F_INNER, lim, il, t);
                }
                if (mby > 0) {
                    hedge16(py, py + 8, ys, F_MB, lim + 4, il, t);
                    hedge16(pu, pv, uvs, F_MB, lim + 4, il, t);
                }
                if (f->inner) {
                    for (k = 4; k < 16; k += 4)
                        hedge16(py + k * ys, py + k * ys + 8, ys, F_INNER, lim, il, t);
                    hedge16(pu + 4 * uvs, pv + 4 * uvs, uvs, F_INNER, lim, il, t);
                }
            }
            continue;
#endif
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
