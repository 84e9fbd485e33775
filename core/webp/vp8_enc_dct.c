/* SPDX-License-Identifier: MIT
 * vp8_enc_dct.c: the encoder's forward transforms and quantisation. The
 * forward DCT is the integer transform VP8 encoders use (the inverse of
 * RFC 6386 section 14.3 up to rounding: a flat block of value v gives a DC
 * of 8v); the forward WHT is the exact inverse of section 14.3's WHT up to
 * rounding (16 DCs of 8v give 64v). Quantisation divides with a rounding
 * bias below one half (a dead zone), per coefficient kind. */
#include <string.h>
#include "vp8_enc.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

#define MAX_LEVEL 2048
#define QFIX 17 /* level = (|c| * iq + ib) >> QFIX, iq ~ 2^17 / q: |c| / q + bias */

const uint8_t wf_vp8_zigzag[16] = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};
const uint8_t wf_vp8_bands[17] = {0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 0};

/* The 4x4 residual src - pred (strides ss, ps) and its forward DCT. */
#ifdef WF_SIMD
static inline v128_t load4x4(const uint8_t *p, size_t stride)
{
    uint32_t r0, r1, r2, r3;
    memcpy(&r0, p, 4);
    memcpy(&r1, p + stride, 4);
    memcpy(&r2, p + 2 * stride, 4);
    memcpy(&r3, p + 3 * stride, 4);
    return wasm_i32x4_make((int32_t)r0, (int32_t)r1, (int32_t)r2, (int32_t)r3);
}

/* 4x4 transpose of rows r0..r3 (i32 lanes) */
#define TRANSPOSE4(r0, r1, r2, r3)                                                                         \
    do {                                                                                                   \
        v128_t t0_ = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1_ = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5); \
        v128_t t2_ = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7), t3_ = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7); \
        r0 = wasm_i64x2_shuffle(t0_, t1_, 0, 2);                                                           \
        r1 = wasm_i64x2_shuffle(t0_, t1_, 1, 3);                                                           \
        r2 = wasm_i64x2_shuffle(t2_, t3_, 0, 2);                                                           \
        r3 = wasm_i64x2_shuffle(t2_, t3_, 1, 3);                                                           \
    } while (0)

void wf_vp8_fdct_res(const uint8_t *src, size_t ss, const uint8_t *pred, size_t ps, int16_t *out)
{
    v128_t s = load4x4(src, ss), p = load4x4(pred, ps);
    v128_t lo = wasm_i16x8_sub(wasm_u16x8_extend_low_u8x16(s), wasm_u16x8_extend_low_u8x16(p));
    v128_t hi = wasm_i16x8_sub(wasm_u16x8_extend_high_u8x16(s), wasm_u16x8_extend_high_u8x16(p));
    v128_t v0 = wasm_i32x4_extend_low_i16x8(lo), v1 = wasm_i32x4_extend_high_i16x8(lo);
    v128_t v2 = wasm_i32x4_extend_low_i16x8(hi), v3 = wasm_i32x4_extend_high_i16x8(hi);
    v128_t a, b, c, d, t0, t1, t2, t3;
    TRANSPOSE4(v0, v1, v2, v3); /* v_j: column j of every row */
    a = wasm_i32x4_shl(wasm_i32x4_add(v0, v3), 3);
    b = wasm_i32x4_shl(wasm_i32x4_add(v1, v2), 3);
    c = wasm_i32x4_shl(wasm_i32x4_sub(v1, v2), 3);
    d = wasm_i32x4_shl(wasm_i32x4_sub(v0, v3), 3);
    t0 = wasm_i32x4_add(a, b);
    t2 = wasm_i32x4_sub(a, b);
    t1 = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_mul(c, wasm_i32x4_splat(2217)),
                                                      wasm_i32x4_mul(d, wasm_i32x4_splat(5352))),
                                       wasm_i32x4_splat(14500)),
                        12);
    t3 = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_sub(wasm_i32x4_mul(d, wasm_i32x4_splat(2217)),
                                                      wasm_i32x4_mul(c, wasm_i32x4_splat(5352))),
                                       wasm_i32x4_splat(7500)),
                        12);
    TRANSPOSE4(t0, t1, t2, t3); /* t_i: row i of tmp */
    a = wasm_i32x4_add(t0, t3);
    b = wasm_i32x4_add(t1, t2);
    c = wasm_i32x4_sub(t1, t2);
    d = wasm_i32x4_sub(t0, t3);
    v0 = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_add(a, b), wasm_i32x4_splat(7)), 4);
    v2 = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_sub(a, b), wasm_i32x4_splat(7)), 4);
    v1 = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_add(wasm_i32x4_mul(c, wasm_i32x4_splat(2217)),
                                                      wasm_i32x4_mul(d, wasm_i32x4_splat(5352))),
                                       wasm_i32x4_splat(12000)),
                        16);
    v1 = wasm_i32x4_sub(v1, wasm_i32x4_ne(d, wasm_i32x4_splat(0))); /* + (d != 0): the mask is -1 */
    v3 = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_sub(wasm_i32x4_mul(d, wasm_i32x4_splat(2217)),
                                                      wasm_i32x4_mul(c, wasm_i32x4_splat(5352))),
                                       wasm_i32x4_splat(51000)),
                        16);
    wasm_v128_store(out, wasm_i16x8_narrow_i32x4(v0, v1));
    wasm_v128_store(out + 8, wasm_i16x8_narrow_i32x4(v2, v3));
}
#else
void wf_vp8_fdct_res(const uint8_t *src, size_t ss, const uint8_t *pred, size_t ps, int16_t *out)
{
    int tmp[16], i;
    for (i = 0; i < 4; i++, src += ss, pred += ps) { /* rows, scaled by 8 */
        int s0 = src[0] - pred[0], s1 = src[1] - pred[1], s2 = src[2] - pred[2], s3 = src[3] - pred[3];
        int a = (s0 + s3) * 8, b = (s1 + s2) * 8;
        int c = (s1 - s2) * 8, d = (s0 - s3) * 8;
        tmp[4 * i + 0] = a + b;
        tmp[4 * i + 2] = a - b;
        tmp[4 * i + 1] = (c * 2217 + d * 5352 + 14500) >> 12;
        tmp[4 * i + 3] = (d * 2217 - c * 5352 + 7500) >> 12;
    }
    for (i = 0; i < 4; i++) { /* columns */
        int a = tmp[i] + tmp[12 + i], b = tmp[4 + i] + tmp[8 + i];
        int c = tmp[4 + i] - tmp[8 + i], d = tmp[i] - tmp[12 + i];
        out[i] = (int16_t)((a + b + 7) >> 4);
        out[8 + i] = (int16_t)((a - b + 7) >> 4);
        out[4 + i] = (int16_t)(((c * 2217 + d * 5352 + 12000) >> 16) + (d != 0));
        out[12 + i] = (int16_t)((d * 2217 - c * 5352 + 51000) >> 16);
    }
}
#endif

void wf_vp8_fwht(const int16_t *in, int16_t *out)
{
    int tmp[16], i;
    for (i = 0; i < 4; i++) {
        const int16_t *s = in + 4 * i;
        int a0 = s[0] + s[2], a1 = s[1] + s[3], a2 = s[1] - s[3], a3 = s[0] - s[2];
        tmp[4 * i + 0] = a0 + a1;
        tmp[4 * i + 1] = a3 + a2;
        tmp[4 * i + 2] = a3 - a2;
        tmp[4 * i + 3] = a0 - a1;
    }
    for (i = 0; i < 4; i++) {
        int a0 = tmp[i] + tmp[8 + i], a1 = tmp[4 + i] + tmp[12 + i];
        int a2 = tmp[4 + i] - tmp[12 + i], a3 = tmp[i] - tmp[8 + i];
        out[i] = (int16_t)((a0 + a1) >> 1);
        out[4 + i] = (int16_t)((a3 + a2) >> 1);
        out[8 + i] = (int16_t)((a3 - a2) >> 1);
        out[12 + i] = (int16_t)((a0 - a1) >> 1);
    }
}

#ifdef WF_SIMD
int wf_vp8_quantize(const int16_t *in, const wf_vp8_qmat *m, int first, int16_t *levels, int16_t *deq)
{
    v128_t c0 = wasm_v128_load(in), c1 = wasm_v128_load(in + 8), n0, n1, z0, z1, iq, s0, s1;
    v128_t a0 = wasm_i16x8_abs(c0), a1 = wasm_i16x8_abs(c1), l[4];
    uint32_t mask;
    int k;
    /* most blocks: every coefficient in the dead zone */
    if (!wasm_v128_any_true(wasm_v128_or(wasm_u16x8_gt(a0, wasm_v128_load(&m->zmax16[0])),
                                         wasm_u16x8_gt(a1, wasm_v128_load(&m->zmax16[8]))))) {
        wasm_v128_store(levels, wasm_i16x8_splat(0));
        wasm_v128_store(levels + 8, wasm_i16x8_splat(0));
        wasm_v128_store(deq, wasm_i16x8_splat(0));
        wasm_v128_store(deq + 8, wasm_i16x8_splat(0));
        return 0;
    }
    /* level = (|c| * iq + ib) >> QFIX: exact 32-bit products of 16-bit lanes */
    iq = wasm_v128_load(&m->iq16[0]);
    l[0] = wasm_u32x4_extmul_low_u16x8(a0, iq);
    l[1] = wasm_u32x4_extmul_high_u16x8(a0, iq);
    iq = wasm_v128_load(&m->iq16[8]);
    l[2] = wasm_u32x4_extmul_low_u16x8(a1, iq);
    l[3] = wasm_u32x4_extmul_high_u16x8(a1, iq);
    for (k = 0; k < 4; k++)
        l[k] = wasm_u32x4_shr(wasm_i32x4_add(l[k], wasm_v128_load(&m->ibv[4 * k])), QFIX);
    n0 = wasm_i16x8_min(wasm_i16x8_narrow_i32x4(l[0], l[1]), wasm_i16x8_splat(MAX_LEVEL));
    n1 = wasm_i16x8_min(wasm_i16x8_narrow_i32x4(l[2], l[3]), wasm_i16x8_splat(MAX_LEVEL));
    s0 = wasm_i16x8_shr(c0, 15); /* sign: (l ^ s) - s */
    s1 = wasm_i16x8_shr(c1, 15);
    n0 = wasm_i16x8_sub(wasm_v128_xor(n0, s0), s0);
    n1 = wasm_i16x8_sub(wasm_v128_xor(n1, s1), s1);
    if (first)
        n0 = wasm_i16x8_replace_lane(n0, 0, 0);
    wasm_v128_store(deq, wasm_i16x8_mul(n0, wasm_v128_load(&m->qv[0])));
    wasm_v128_store(deq + 8, wasm_i16x8_mul(n1, wasm_v128_load(&m->qv[8])));
    /* zigzag: natural 0 1 4 8 5 2 3 6 | 9 12 13 10 7 11 14 15 */
    z0 = wasm_i16x8_shuffle(n0, n1, 0, 1, 4, 8, 5, 2, 3, 6);
    z1 = wasm_i16x8_shuffle(n0, n1, 9, 12, 13, 10, 7, 11, 14, 15);
    wasm_v128_store(levels, z0);
    wasm_v128_store(levels + 8, z1);
    mask = (uint32_t)wasm_i8x16_bitmask(
        wasm_i8x16_narrow_i16x8(wasm_i16x8_ne(z0, wasm_i16x8_splat(0)), wasm_i16x8_ne(z1, wasm_i16x8_splat(0))));
    return mask ? 32 - __builtin_clz(mask) : 0;
}
#else
int wf_vp8_quantize(const int16_t *in, const wf_vp8_qmat *m, int first, int16_t *levels, int16_t *deq)
{
    int n, last = 0;
    uint32_t zdc = m->zmax[0], zac = m->zmax[1];
    for (n = first; n < 16; n++) {
        int i = wf_vp8_zigzag[n], c = in[i], s = c >> 31, v;
        uint32_t a = (uint32_t)((c ^ s) - s), l;
        if (a <= (i ? zac : zdc)) { /* most coefficients: quantised to zero */
            levels[n] = 0;
            deq[i] = 0;
            continue;
        }
        l = (a * m->iqv[i] + m->ibv[i]) >> QFIX;
        l = l > MAX_LEVEL ? MAX_LEVEL : l;
        v = ((int)l ^ s) - s;
        levels[n] = (int16_t)v;
        deq[i] = (int16_t)(v * m->qv[i]);
        last = n + 1;
    }
    if (first) {
        levels[0] = 0;
        deq[0] = 0;
    }
    return last;
}
#endif

static int clampq(int q) { return q < 0 ? 0 : q > 127 ? 127 : q; }

void wf_vp8_setup_segq(wf_vp8_segq *s, int q, int dq_uv_dc, int dq_uv_ac, int lambda_k)
{
    int x, qy;
    int64_t lam;
    q = clampq(q);
    s->qindex = q;
    s->m[WF_Q_Y1].q[0] = wf_webp_dc_q[q];
    s->m[WF_Q_Y1].q[1] = wf_webp_ac_q[q];
    s->m[WF_Q_Y2].q[0] = wf_webp_dc_q[q] * 2;
    x = wf_webp_ac_q[q] * 155 / 100;
    s->m[WF_Q_Y2].q[1] = x < 8 ? 8 : x;
    x = wf_webp_dc_q[clampq(q + dq_uv_dc)];
    s->m[WF_Q_UV].q[0] = x > 132 ? 132 : x;
    s->m[WF_Q_UV].q[1] = wf_webp_ac_q[clampq(q + dq_uv_ac)];
    /* rounding biases (1/256 of a step): DC rounds further down than AC */
    s->m[WF_Q_Y1].bias[0] = 96;
    s->m[WF_Q_Y1].bias[1] = 110;
    s->m[WF_Q_Y2].bias[0] = 96;
    s->m[WF_Q_Y2].bias[1] = 108;
    s->m[WF_Q_UV].bias[0] = 110;
    s->m[WF_Q_UV].bias[1] = 115;
    for (x = 0; x < 3; x++) {
        int k;
        for (k = 0; k < 2; k++) {
            s->m[x].iq[k] = (uint32_t)(((1u << QFIX) + s->m[x].q[k] / 2) / s->m[x].q[k]);
            s->m[x].ib[k] = (uint32_t)s->m[x].bias[k] << (QFIX - 8);
            /* |c| * iq + ib < 2^QFIX exactly when |c| <= zmax */
            s->m[x].zmax[k] = ((1u << QFIX) - 1 - s->m[x].ib[k]) / s->m[x].iq[k];
        }
        for (k = 0; k < 16; k++) {
            s->m[x].iqv[k] = s->m[x].iq[k > 0];
            s->m[x].ibv[k] = s->m[x].ib[k > 0];
            s->m[x].qv[k] = (int16_t)s->m[x].q[k > 0];
            s->m[x].iq16[k] = (uint16_t)s->m[x].iq[k > 0]; /* q >= 4: iq <= 2^15 */
            s->m[x].zmax16[k] = (uint16_t)s->m[x].zmax[k > 0];
        }
    }
    /* lambda: SSE per bit times 256 (a score is 65536 * SSE + lambda * rate
     * in 1/256 bits); lambda_k is k * 1000 in the usual lambda ~ k * step^2
     * (a VP8 coefficient is twice the orthonormal one, so the step in the
     * pixel domain is q / 2) */
    qy = s->m[WF_Q_Y1].q[1];
    lam = (int64_t)lambda_k * qy * qy * 256 / 1000;
    s->lambda = lam < 1 ? 1 : (double)lam;
    qy = s->m[WF_Q_UV].q[1];
    lam = (int64_t)lambda_k * qy * qy * 256 / 1000;
    s->lambda_uv = lam < 1 ? 1 : (double)lam;
}

/* ---- sums of squared differences ---- */

#ifdef WF_SIMD
static inline v128_t sqdiff8(v128_t a, v128_t b) /* a, b: 8 u16 lanes */
{
    v128_t d = wasm_i16x8_sub(a, b);
    return wasm_i32x4_dot_i16x8(d, d);
}

static inline uint32_t hsum(v128_t v)
{
    v = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    v = wasm_i32x4_add(v, wasm_i32x4_shuffle(v, v, 1, 0, 3, 2));
    return (uint32_t)wasm_i32x4_extract_lane(v, 0);
}

uint32_t wf_vp8_sse16(const uint8_t *a, size_t as, const uint8_t *b, size_t bs)
{
    v128_t acc = wasm_i32x4_splat(0);
    int i;
    for (i = 0; i < 16; i++, a += as, b += bs) {
        v128_t x = wasm_v128_load(a), y = wasm_v128_load(b);
        acc = wasm_i32x4_add(acc, sqdiff8(wasm_u16x8_extend_low_u8x16(x), wasm_u16x8_extend_low_u8x16(y)));
        acc = wasm_i32x4_add(acc, sqdiff8(wasm_u16x8_extend_high_u8x16(x), wasm_u16x8_extend_high_u8x16(y)));
    }
    return hsum(acc);
}

uint32_t wf_vp8_sse8(const uint8_t *a, size_t as, const uint8_t *b, size_t bs)
{
    v128_t acc = wasm_i32x4_splat(0);
    int i;
    for (i = 0; i < 8; i++, a += as, b += bs)
        acc = wasm_i32x4_add(acc, sqdiff8(wasm_u16x8_load8x8(a), wasm_u16x8_load8x8(b)));
    return hsum(acc);
}

uint32_t wf_vp8_sse4(const uint8_t *a, size_t as, const uint8_t *b, size_t bs)
{
    v128_t x = load4x4(a, as), y = load4x4(b, bs);
    v128_t acc = sqdiff8(wasm_u16x8_extend_low_u8x16(x), wasm_u16x8_extend_low_u8x16(y));
    acc = wasm_i32x4_add(acc, sqdiff8(wasm_u16x8_extend_high_u8x16(x), wasm_u16x8_extend_high_u8x16(y)));
    return hsum(acc);
}
#else
static inline uint32_t sse_wh(const uint8_t *a, size_t as, const uint8_t *b, size_t bs, int w, int h)
{
    uint32_t s = 0;
    int i, j;
    for (i = 0; i < h; i++, a += as, b += bs)
        for (j = 0; j < w; j++) {
            int d = a[j] - b[j];
            s += (uint32_t)(d * d);
        }
    return s;
}

uint32_t wf_vp8_sse16(const uint8_t *a, size_t as, const uint8_t *b, size_t bs) { return sse_wh(a, as, b, bs, 16, 16); }
uint32_t wf_vp8_sse8(const uint8_t *a, size_t as, const uint8_t *b, size_t bs) { return sse_wh(a, as, b, bs, 8, 8); }
uint32_t wf_vp8_sse4(const uint8_t *a, size_t as, const uint8_t *b, size_t bs) { return sse_wh(a, as, b, bs, 4, 4); }
#endif

void wf_vp8_enc_idct_dc(int dc, const uint8_t *pred, size_t ps, uint8_t *dst, size_t ds)
{
    int i, j, v = (dc + 4) >> 3;
    for (i = 0; i < 4; i++, pred += ps, dst += ds)
        for (j = 0; j < 4; j++) {
            int x = pred[j] + v;
            dst[j] = (uint8_t)(x < 0 ? 0 : x > 255 ? 255 : x);
        }
}
