/* SPDX-License-Identifier: MIT
 *
 * encode_fdct.c: forward DCT and quantisation of one 8x8 block.
 *
 * The DCT is the Loeffler-Ligtenberg-Moschytz factorisation (12 multiplies,
 * 32 adds per 1-D DCT) in 32-bit integers with 13-bit fixed-point constants,
 * rows first then columns, keeping 2 extra bits of precision between the
 * passes: the arithmetic of libjpeg's accurate integer ("islow") FDCT, so the
 * output equals it exactly. Outputs are 8 times the orthonormal DCT.
 *
 * Quantisation divides by 8*q and rounds half away from zero:
 * (|x| + 4q) / 8q == ((|x| + 4q) >> 3) / q, and the division by q < 256 of a
 * value < 2^11 is done exactly by a multiply with ceil(2^19 / q) and a shift.
 *
 * Both passes are written as loops over 8 independent lanes (one row or one
 * column each) so that compilers vectorise them; WF_SIMD builds use Wasm
 * SIMD128 explicitly with the same arithmetic.
 */
#include "encode_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

#define CONST_BITS 13
#define PASS1_BITS 2

/* round(x * 2^13) for the LL&M constants */
#define FIX_0_298631336 2446
#define FIX_0_390180644 3196
#define FIX_0_541196100 4433
#define FIX_0_765366865 6270
#define FIX_0_899976223 7373
#define FIX_1_175875602 9633
#define FIX_1_501321110 12299
#define FIX_1_847759065 15137
#define FIX_1_961570560 16069
#define FIX_2_053119869 16819
#define FIX_2_562915447 20995
#define FIX_3_072711026 25172

#ifndef WF_SIMD
/* One 1-D pass over 8 lanes: in[k*8 + lane] is input sample k of each lane,
 * out[k*8 + lane] output coefficient k. `shift_even` scales outputs 0 and 4
 * (negative: left shift), `shift_odd` descales the multiplied outputs. */
static inline __attribute__((always_inline)) void dct_pass(const int32_t *in, int32_t *out, int pass)
{
    for (int l = 0; l < 8; l++) {
        int32_t tmp0 = in[0 * 8 + l] + in[7 * 8 + l];
        int32_t tmp7 = in[0 * 8 + l] - in[7 * 8 + l];
        int32_t tmp1 = in[1 * 8 + l] + in[6 * 8 + l];
        int32_t tmp6 = in[1 * 8 + l] - in[6 * 8 + l];
        int32_t tmp2 = in[2 * 8 + l] + in[5 * 8 + l];
        int32_t tmp5 = in[2 * 8 + l] - in[5 * 8 + l];
        int32_t tmp3 = in[3 * 8 + l] + in[4 * 8 + l];
        int32_t tmp4 = in[3 * 8 + l] - in[4 * 8 + l];

        int32_t tmp10 = tmp0 + tmp3;
        int32_t tmp13 = tmp0 - tmp3;
        int32_t tmp11 = tmp1 + tmp2;
        int32_t tmp12 = tmp1 - tmp2;

        int sh = pass ? CONST_BITS + PASS1_BITS : CONST_BITS - PASS1_BITS;
        int32_t rnd = (int32_t)1 << (sh - 1);
        if (pass) {
            out[0 * 8 + l] = (tmp10 + tmp11 + (1 << (PASS1_BITS - 1))) >> PASS1_BITS;
            out[4 * 8 + l] = (tmp10 - tmp11 + (1 << (PASS1_BITS - 1))) >> PASS1_BITS;
        } else {
            out[0 * 8 + l] = (tmp10 + tmp11) * (1 << PASS1_BITS);
            out[4 * 8 + l] = (tmp10 - tmp11) * (1 << PASS1_BITS);
        }
        int32_t z1 = (tmp12 + tmp13) * FIX_0_541196100;
        out[2 * 8 + l] = (z1 + tmp13 * FIX_0_765366865 + rnd) >> sh;
        out[6 * 8 + l] = (z1 - tmp12 * FIX_1_847759065 + rnd) >> sh;

        int32_t o1 = tmp4 + tmp7;
        int32_t o2 = tmp5 + tmp6;
        int32_t o3 = tmp4 + tmp6;
        int32_t o4 = tmp5 + tmp7;
        int32_t z5 = (o3 + o4) * FIX_1_175875602;
        int32_t t4 = tmp4 * FIX_0_298631336;
        int32_t t5 = tmp5 * FIX_2_053119869;
        int32_t t6 = tmp6 * FIX_3_072711026;
        int32_t t7 = tmp7 * FIX_1_501321110;
        o1 *= -FIX_0_899976223;
        o2 *= -FIX_2_562915447;
        o3 = o3 * -FIX_1_961570560 + z5;
        o4 = o4 * -FIX_0_390180644 + z5;
        out[7 * 8 + l] = (t4 + o1 + o3 + rnd) >> sh;
        out[5 * 8 + l] = (t5 + o2 + o4 + rnd) >> sh;
        out[3 * 8 + l] = (t6 + o2 + o3 + rnd) >> sh;
        out[1 * 8 + l] = (t7 + o1 + o4 + rnd) >> sh;
    }
}

static inline void transpose(const int32_t *in, int32_t *out)
{
    for (int r = 0; r < 8; r++)
        for (int c = 0; c < 8; c++)
            out[c * 8 + r] = in[r * 8 + c];
}

#endif

#ifdef WF_SIMD
/* The same arithmetic on i32x4 vectors: v[k] holds input k of 4 lanes. */
static inline __attribute__((always_inline)) void dct_pass_simd(v128_t *v, int pass)
{
    v128_t tmp0 = wasm_i32x4_add(v[0], v[7]), tmp7 = wasm_i32x4_sub(v[0], v[7]);
    v128_t tmp1 = wasm_i32x4_add(v[1], v[6]), tmp6 = wasm_i32x4_sub(v[1], v[6]);
    v128_t tmp2 = wasm_i32x4_add(v[2], v[5]), tmp5 = wasm_i32x4_sub(v[2], v[5]);
    v128_t tmp3 = wasm_i32x4_add(v[3], v[4]), tmp4 = wasm_i32x4_sub(v[3], v[4]);
    v128_t tmp10 = wasm_i32x4_add(tmp0, tmp3), tmp13 = wasm_i32x4_sub(tmp0, tmp3);
    v128_t tmp11 = wasm_i32x4_add(tmp1, tmp2), tmp12 = wasm_i32x4_sub(tmp1, tmp2);
    int sh = pass ? CONST_BITS + PASS1_BITS : CONST_BITS - PASS1_BITS;
    v128_t rnd = wasm_i32x4_splat(1 << (sh - 1));
#define K(c) wasm_i32x4_splat(c)
    if (pass) {
        v128_t r1 = wasm_i32x4_splat(1 << (PASS1_BITS - 1));
        v[0] = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_add(tmp10, tmp11), r1), PASS1_BITS);
        v[4] = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_sub(tmp10, tmp11), r1), PASS1_BITS);
    } else {
        v[0] = wasm_i32x4_shl(wasm_i32x4_add(tmp10, tmp11), PASS1_BITS);
        v[4] = wasm_i32x4_shl(wasm_i32x4_sub(tmp10, tmp11), PASS1_BITS);
    }
    v128_t z1 = wasm_i32x4_mul(wasm_i32x4_add(tmp12, tmp13), K(FIX_0_541196100));
    z1 = wasm_i32x4_add(z1, rnd);
    v[2] = wasm_i32x4_shr(wasm_i32x4_add(z1, wasm_i32x4_mul(tmp13, K(FIX_0_765366865))), sh);
    v[6] = wasm_i32x4_shr(wasm_i32x4_sub(z1, wasm_i32x4_mul(tmp12, K(FIX_1_847759065))), sh);

    v128_t o1 = wasm_i32x4_add(tmp4, tmp7), o2 = wasm_i32x4_add(tmp5, tmp6);
    v128_t o3 = wasm_i32x4_add(tmp4, tmp6), o4 = wasm_i32x4_add(tmp5, tmp7);
    v128_t z5 = wasm_i32x4_add(wasm_i32x4_mul(wasm_i32x4_add(o3, o4), K(FIX_1_175875602)), rnd);
    v128_t t4 = wasm_i32x4_mul(tmp4, K(FIX_0_298631336));
    v128_t t5 = wasm_i32x4_mul(tmp5, K(FIX_2_053119869));
    v128_t t6 = wasm_i32x4_mul(tmp6, K(FIX_3_072711026));
    v128_t t7 = wasm_i32x4_mul(tmp7, K(FIX_1_501321110));
    o1 = wasm_i32x4_mul(o1, K(-FIX_0_899976223));
    o2 = wasm_i32x4_mul(o2, K(-FIX_2_562915447));
    o3 = wasm_i32x4_add(wasm_i32x4_mul(o3, K(-FIX_1_961570560)), z5);
    o4 = wasm_i32x4_add(wasm_i32x4_mul(o4, K(-FIX_0_390180644)), z5);
#undef K
    v[7] = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_add(t4, o1), o3), sh);
    v[5] = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_add(t5, o2), o4), sh);
    v[3] = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_add(t6, o2), o3), sh);
    v[1] = wasm_i32x4_shr(wasm_i32x4_add(wasm_i32x4_add(t7, o1), o4), sh);
}

static inline __attribute__((always_inline)) void tr4(v128_t a, v128_t b, v128_t c, v128_t d, v128_t *o0, v128_t *o1,
                                                      v128_t *o2, v128_t *o3)
{
    v128_t t0 = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7);
    v128_t t2 = wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(c, d, 2, 6, 3, 7);
    *o0 = wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5);
    *o1 = wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7);
    *o2 = wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5);
    *o3 = wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7);
}

/* 8x8 transpose of lo[r] (cols 0-3), hi[r] (cols 4-7). */
static inline __attribute__((always_inline)) void tr8(v128_t *lo, v128_t *hi)
{
    v128_t a[4], b[4], c[4], d[4];
    tr4(lo[0], lo[1], lo[2], lo[3], &a[0], &a[1], &a[2], &a[3]);
    tr4(hi[0], hi[1], hi[2], hi[3], &b[0], &b[1], &b[2], &b[3]);
    tr4(lo[4], lo[5], lo[6], lo[7], &c[0], &c[1], &c[2], &c[3]);
    tr4(hi[4], hi[5], hi[6], hi[7], &d[0], &d[1], &d[2], &d[3]);
    for (int i = 0; i < 4; i++) {
        lo[i] = a[i];
        hi[i] = c[i];
        lo[i + 4] = b[i];
        hi[i + 4] = d[i];
    }
}

void wf_jpeg_enc_fdct_quant(const uint8_t *src, size_t stride, const uint32_t *qmul, const uint16_t *qhalf,
                            int16_t *out_zz)
{
    v128_t lo[8], hi[8];
    const v128_t c128 = wasm_i16x8_splat(128);
    for (int y = 0; y < 8; y++) {
        v128_t r = wasm_i16x8_sub(wasm_u16x8_extend_low_u8x16(wasm_v128_load64_zero(src + y * stride)), c128);
        lo[y] = wasm_i32x4_extend_low_i16x8(r);
        hi[y] = wasm_i32x4_extend_high_i16x8(r);
    }
    tr8(lo, hi); /* lo/hi[x]: column x, lanes y */
    dct_pass_simd(lo, 0);
    dct_pass_simd(hi, 0); /* [u]: lanes y */
    tr8(lo, hi);          /* [y]: lanes u */
    dct_pass_simd(lo, 1);
    dct_pass_simd(hi, 1); /* [v]: lanes u, natural order */

    /* Quantisation in 16-bit lanes where values fit (|x| <= 8192, |x| + 4q <
     * 2^14, (|x| + 4q) >> 3 < 2^11), in 32-bit lanes for the multiply. */
    v128_t r[8];
    for (int v = 0; v < 8; v++) {
        v128_t x = wasm_i16x8_narrow_i32x4(lo[v], hi[v]);
        v128_t sgn = wasm_i16x8_shr(x, 15);
        v128_t n = wasm_u16x8_shr(wasm_i16x8_add(wasm_i16x8_abs(x), wasm_v128_load(qhalf + v * 8)), 3);
        v128_t q0 = wasm_i32x4_mul(wasm_u32x4_extend_low_u16x8(n), wasm_v128_load(qmul + v * 8));
        v128_t q1 = wasm_i32x4_mul(wasm_u32x4_extend_high_u16x8(n), wasm_v128_load(qmul + v * 8 + 4));
        v128_t qv = wasm_i16x8_narrow_i32x4(wasm_u32x4_shr(q0, 19), wasm_u32x4_shr(q1, 19));
        r[v] = wasm_i16x8_sub(wasm_v128_xor(qv, sgn), sgn);
    }
    /* Zigzag reordering by shuffles: output vector j holds zigzag positions
     * 8j..8j+7; each PICK inserts the lanes that come from one natural-order
     * row (lane numbers of that row; _ keeps the lane gathered so far). Made
     * from wf_jpeg_natural_order; the JS tests check SIMD and scalar builds give
     * identical files. */
#define _ (-1)
#define LK(i, l) ((l) < 0 ? 2 * (i) : 16 + 2 * (l)), ((l) < 0 ? 2 * (i) + 1 : 17 + 2 * (l))
#define SHUF(...) wasm_i8x16_shuffle(__VA_ARGS__)
#define PICK(acc, src, a, b, c, d, e, f, g, h) \
    SHUF(acc, src, LK(0, a), LK(1, b), LK(2, c), LK(3, d), LK(4, e), LK(5, f), LK(6, g), LK(7, h))
    v128_t acc;
    acc = PICK(r[0], r[0], 0, 1, _, _, _, 2, 3, _);
    acc = PICK(acc, r[1], _, _, 0, _, 1, _, _, 2);
    acc = PICK(acc, r[2], _, _, _, 0, _, _, _, _);
    wasm_v128_store(out_zz + 0, acc);
    acc = PICK(r[2], r[2], 1, _, _, _, 2, _, _, _);
    acc = PICK(acc, r[3], _, 0, _, 1, _, _, _, _);
    acc = PICK(acc, r[4], _, _, 0, _, _, _, _, _);
    acc = PICK(acc, r[1], _, _, _, _, _, 3, _, _);
    acc = PICK(acc, r[0], _, _, _, _, _, _, 4, 5);
    wasm_v128_store(out_zz + 8, acc);
    acc = PICK(r[1], r[1], 4, _, _, _, _, _, _, _);
    acc = PICK(acc, r[2], _, 3, _, _, _, _, _, _);
    acc = PICK(acc, r[3], _, _, 2, _, _, _, _, _);
    acc = PICK(acc, r[4], _, _, _, 1, _, _, _, 2);
    acc = PICK(acc, r[5], _, _, _, _, 0, _, 1, _);
    acc = PICK(acc, r[6], _, _, _, _, _, 0, _, _);
    wasm_v128_store(out_zz + 16, acc);
    acc = PICK(r[3], r[3], 3, _, _, _, _, _, _, 4);
    acc = PICK(acc, r[2], _, 4, _, _, _, _, 5, _);
    acc = PICK(acc, r[1], _, _, 5, _, _, 6, _, _);
    acc = PICK(acc, r[0], _, _, _, 6, 7, _, _, _);
    wasm_v128_store(out_zz + 24, acc);
    acc = PICK(r[4], r[4], 3, _, _, _, _, _, _, 4);
    acc = PICK(acc, r[5], _, 2, _, _, _, _, 3, _);
    acc = PICK(acc, r[6], _, _, 1, _, _, 2, _, _);
    acc = PICK(acc, r[7], _, _, _, 0, 1, _, _, _);
    wasm_v128_store(out_zz + 32, acc);
    acc = PICK(r[3], r[3], 5, _, _, _, 6, _, _, _);
    acc = PICK(acc, r[2], _, 6, _, 7, _, _, _, _);
    acc = PICK(acc, r[1], _, _, 7, _, _, _, _, _);
    acc = PICK(acc, r[4], _, _, _, _, _, 5, _, _);
    acc = PICK(acc, r[5], _, _, _, _, _, _, 4, _);
    acc = PICK(acc, r[6], _, _, _, _, _, _, _, 3);
    wasm_v128_store(out_zz + 40, acc);
    acc = PICK(r[7], r[7], 2, 3, _, _, _, _, _, _);
    acc = PICK(acc, r[6], _, _, 4, _, _, _, _, _);
    acc = PICK(acc, r[5], _, _, _, 5, _, _, _, 6);
    acc = PICK(acc, r[4], _, _, _, _, 6, _, 7, _);
    acc = PICK(acc, r[3], _, _, _, _, _, 7, _, _);
    wasm_v128_store(out_zz + 48, acc);
    acc = PICK(r[6], r[6], 5, _, _, 6, _, 7, _, _);
    acc = PICK(acc, r[7], _, 4, 5, _, _, _, 6, 7);
    acc = PICK(acc, r[5], _, _, _, _, 7, _, _, _);
    wasm_v128_store(out_zz + 56, acc);
#undef PICK
#undef SHUF
#undef LK
#undef _
}
#else
void wf_jpeg_enc_fdct_quant(const uint8_t *src, size_t stride, const uint32_t *qmul, const uint16_t *qhalf,
                            int16_t *out_zz)
{
    int32_t a[64], b[64];
    /* a[x*8 + y]: sample (x, y) centred; lanes are rows for the row pass */
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++)
            a[x * 8 + y] = (int32_t)src[y * stride + x] - 128;
    dct_pass(a, b, 0); /* b[u*8 + y] */
    transpose(b, a);   /* a[y*8 + u] */
    dct_pass(a, b, 1); /* b[v*8 + u]: natural order */

    int32_t q[64];
    for (int i = 0; i < 64; i++) {
        int32_t x = b[i];
        uint32_t m = (uint32_t)(x < 0 ? -x : x);
        uint32_t n = (m + qhalf[i]) >> 3;
        int32_t r = (int32_t)((n * qmul[i]) >> 19);
        q[i] = x < 0 ? -r : r;
    }
    for (int k = 0; k < 64; k++)
        out_zz[k] = (int16_t)q[wf_jpeg_natural_order[k]];
}
#endif
