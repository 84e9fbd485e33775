/* SPDX-License-Identifier: MIT
 *
 * decode_idct.c: dequantisation and the accurate integer 8x8 inverse DCT.
 *
 * This is the Loeffler-Ligtenberg-Moschytz factorisation with 13-bit fixed
 * point constants and 2 extra bits of precision between the passes, the
 * algorithm and constants of libjpeg's "islow" IDCT (published values
 * FIX(x) = round(x * 8192)), so the output equals libjpeg's bit for bit.
 * Outputs are range-limited the way libjpeg's table does it: the descaled
 * value is taken modulo 1024 as a signed 10-bit number, then clamped to
 * -128..127 and shifted by 128.
 *
 * Arithmetic is done in uint32_t so that absurd coefficients in hostile
 * files wrap instead of overflowing (undefined behaviour); right shifts
 * reinterpret as int32_t (arithmetic shift on every supported compiler).
 */
#include <string.h>
#include "decode_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

#define CONST_BITS 13
#define PASS1_BITS 2

#define FIX_0_298631336 2446u
#define FIX_0_390180644 3196u
#define FIX_0_541196100 4433u
#define FIX_0_765366865 6270u
#define FIX_0_899976223 7373u
#define FIX_1_175875602 9633u
#define FIX_1_501321110 12299u
#define FIX_1_847759065 15137u
#define FIX_1_961570560 16069u
#define FIX_2_053119869 16819u
#define FIX_2_562915447 20995u
#define FIX_3_072711026 25172u

typedef uint32_t u32;

/* The scalar IDCT's shortcut for a constant column or row equals the full
 * computation while |x| < 2^(31 - CONST_BITS), i.e. x << CONST_BITS does not
 * wrap; larger values (damaged files only) take the full computation. */
#define SHORTCUT_MAX (1u << (31 - CONST_BITS))

static inline int32_t descale(u32 x, int n) { return (int32_t)(x + (1u << (n - 1))) >> n; }

static inline uint8_t range_limit(int32_t v)
{
    v = (int32_t)((u32)v << 22) >> 22; /* libjpeg's "& RANGE_MASK" wrap */
    v += 128;
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* One 1-D pass over 8 inputs x0..x7 (already scaled); results in the
 * variables o0..o7 (o is a name prefix) before descaling. Plain variables,
 * not an array: an array invites compilers to vectorise the descaling with
 * loads that wait on eight scalar stores. */
#define IDCT_1D(x0, x1, x2, x3, x4, x5, x6, x7, o)                               \
    do {                                                                         \
        u32 z1_, z2_, z3_, z4_, z5_, t0_, t1_, t2_, t3_, t10_, t11_, t12_, t13_; \
        z2_ = (x2);                                                              \
        z3_ = (x6);                                                              \
        z1_ = (z2_ + z3_) * FIX_0_541196100;                                     \
        t2_ = z1_ - z3_ * FIX_1_847759065;                                       \
        t3_ = z1_ + z2_ * FIX_0_765366865;                                       \
        t0_ = ((x0) + (x4)) << CONST_BITS;                                       \
        t1_ = ((x0) - (x4)) << CONST_BITS;                                       \
        t10_ = t0_ + t3_;                                                        \
        t13_ = t0_ - t3_;                                                        \
        t11_ = t1_ + t2_;                                                        \
        t12_ = t1_ - t2_;                                                        \
        t0_ = (x7);                                                              \
        t1_ = (x5);                                                              \
        t2_ = (x3);                                                              \
        t3_ = (x1);                                                              \
        z1_ = t0_ + t3_;                                                         \
        z2_ = t1_ + t2_;                                                         \
        z3_ = t0_ + t2_;                                                         \
        z4_ = t1_ + t3_;                                                         \
        z5_ = (z3_ + z4_) * FIX_1_175875602;                                     \
        t0_ *= FIX_0_298631336;                                                  \
        t1_ *= FIX_2_053119869;                                                  \
        t2_ *= FIX_3_072711026;                                                  \
        t3_ *= FIX_1_501321110;                                                  \
        z1_ *= 0u - FIX_0_899976223;                                             \
        z2_ *= 0u - FIX_2_562915447;                                             \
        z3_ *= 0u - FIX_1_961570560;                                             \
        z4_ *= 0u - FIX_0_390180644;                                             \
        z3_ += z5_;                                                              \
        z4_ += z5_;                                                              \
        t0_ += z1_ + z3_;                                                        \
        t1_ += z2_ + z4_;                                                        \
        t2_ += z2_ + z3_;                                                        \
        t3_ += z1_ + z4_;                                                        \
        o##0 = t10_ + t3_;                                                       \
        o##7 = t10_ - t3_;                                                       \
        o##1 = t11_ + t2_;                                                       \
        o##6 = t11_ - t2_;                                                       \
        o##2 = t12_ + t1_;                                                       \
        o##5 = t12_ - t1_;                                                       \
        o##3 = t13_ + t0_;                                                       \
        o##4 = t13_ - t0_;                                                       \
    } while (0)

#ifdef WF_SIMD
/* Wasm SIMD128 version of the same computation: i32x4 lanes, wrapping
 * 32-bit arithmetic exactly like the u32 scalar code, so the results are
 * identical. Pass 1 works on 4 columns per vector, then an 8x8 transpose
 * (four 4x4 ones) lets pass 2 work on 4 rows per vector, and a second
 * transpose gives output rows. */
#define V_ADD wasm_i32x4_add
#define V_SUB wasm_i32x4_sub
#define V_MULC(x, c) wasm_i32x4_mul((x), wasm_i32x4_splat((int32_t)(c)))

/* The last stage of the 1-D islow transform: even part e0..e3 (tmp10..tmp13)
 * and odd part d0..d3 (tmp0..tmp3) to the eight outputs. */
static inline __attribute__((always_inline)) void butterfly_out(v128_t *o, v128_t e0, v128_t e1, v128_t e2, v128_t e3,
                                                                v128_t d0, v128_t d1, v128_t d2, v128_t d3)
{
    o[0] = V_ADD(e0, d3);
    o[7] = V_SUB(e0, d3);
    o[1] = V_ADD(e1, d2);
    o[6] = V_SUB(e1, d2);
    o[2] = V_ADD(e2, d1);
    o[5] = V_SUB(e2, d1);
    o[3] = V_ADD(e3, d0);
    o[4] = V_SUB(e3, d0);
}

static inline __attribute__((always_inline)) void idct_1d_v(const v128_t *x, v128_t *o)
{
    v128_t z1, z2, z3, z4, z5, t0, t1, t2, t3, t10, t11, t12, t13;
    z2 = x[2];
    z3 = x[6];
    z1 = V_MULC(V_ADD(z2, z3), FIX_0_541196100);
    t2 = V_SUB(z1, V_MULC(z3, FIX_1_847759065));
    t3 = V_ADD(z1, V_MULC(z2, FIX_0_765366865));
    t0 = wasm_i32x4_shl(V_ADD(x[0], x[4]), CONST_BITS);
    t1 = wasm_i32x4_shl(V_SUB(x[0], x[4]), CONST_BITS);
    t10 = V_ADD(t0, t3);
    t13 = V_SUB(t0, t3);
    t11 = V_ADD(t1, t2);
    t12 = V_SUB(t1, t2);
    t0 = x[7];
    t1 = x[5];
    t2 = x[3];
    t3 = x[1];
    z1 = V_ADD(t0, t3);
    z2 = V_ADD(t1, t2);
    z3 = V_ADD(t0, t2);
    z4 = V_ADD(t1, t3);
    z5 = V_MULC(V_ADD(z3, z4), FIX_1_175875602);
    t0 = V_MULC(t0, FIX_0_298631336);
    t1 = V_MULC(t1, FIX_2_053119869);
    t2 = V_MULC(t2, FIX_3_072711026);
    t3 = V_MULC(t3, FIX_1_501321110);
    z1 = V_MULC(z1, 0u - FIX_0_899976223);
    z2 = V_MULC(z2, 0u - FIX_2_562915447);
    z3 = V_ADD(V_MULC(z3, 0u - FIX_1_961570560), z5);
    z4 = V_ADD(V_MULC(z4, 0u - FIX_0_390180644), z5);
    t0 = V_ADD(t0, V_ADD(z1, z3));
    t1 = V_ADD(t1, V_ADD(z2, z4));
    t2 = V_ADD(t2, V_ADD(z2, z3));
    t3 = V_ADD(t3, V_ADD(z1, z4));
    butterfly_out(o, t10, t11, t12, t13, t0, t1, t2, t3);
}

static inline void transpose4(v128_t a, v128_t b, v128_t c, v128_t d, v128_t *o0, v128_t *o1, v128_t *o2, v128_t *o3)
{
    v128_t t0 = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5);
    v128_t t1 = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7);
    v128_t t2 = wasm_i32x4_shuffle(c, d, 0, 4, 1, 5);
    v128_t t3 = wasm_i32x4_shuffle(c, d, 2, 6, 3, 7);
    *o0 = wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5);
    *o1 = wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7);
    *o2 = wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5);
    *o3 = wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7);
}

/* Stores four rows of 8 output bytes: rows 0 and 1 from the two halves of
 * rows01, rows 2 and 3 from rows23. */
static inline void store_rows4(uint8_t *p, size_t stride, v128_t rows01, v128_t rows23)
{
    uint64_t w;
    w = (uint64_t)wasm_i64x2_extract_lane(rows01, 0);
    memcpy(p, &w, 8);
    w = (uint64_t)wasm_i64x2_extract_lane(rows01, 1);
    memcpy(p + stride, &w, 8);
    w = (uint64_t)wasm_i64x2_extract_lane(rows23, 0);
    memcpy(p + 2 * stride, &w, 8);
    w = (uint64_t)wasm_i64x2_extract_lane(rows23, 1);
    memcpy(p + 3 * stride, &w, 8);
}

/* rows: coefficient rows >= rows are all zero (8, 4 or 1); cols: columns
 * >= cols are all zero (8, 4 or 1). The body is inlined with constant
 * arguments, so the compiler drops the terms that are multiplications by or
 * additions of zero vectors (wrapping arithmetic: the results are exactly
 * those of the full computation). */
static inline __attribute__((always_inline)) void idct_simd_body(const v128_t *cv, const uint16_t *quant, uint8_t *out,
                                                                 size_t stride, const int rows, const int cols)
{
    v128_t x[8], o[8], lo[8], hi[8], col[8][2];
    const v128_t zero = wasm_i32x4_splat(0);
    /* pass 1: columns 0-3 (lo) and 4-7 (hi), dequantised */
    for (int r = 0; r < 8; r++) {
        if (r >= rows) {
            lo[r] = hi[r] = zero;
            continue;
        }
        v128_t c = cv[r], q = wasm_v128_load(quant + 8 * r);
        lo[r] = wasm_i32x4_mul(wasm_i32x4_extend_low_i16x8(c), wasm_u32x4_extend_low_u16x8(q));
        hi[r] = cols <= 4 ? zero : wasm_i32x4_mul(wasm_i32x4_extend_high_i16x8(c), wasm_u32x4_extend_high_u16x8(q));
    }
    const v128_t round1 = wasm_i32x4_splat(1 << (CONST_BITS - PASS1_BITS - 1));
    idct_1d_v(lo, o);
    for (int r = 0; r < 8; r++)
        lo[r] = wasm_i32x4_shr(V_ADD(o[r], round1), CONST_BITS - PASS1_BITS);
    if (cols > 4) {
        idct_1d_v(hi, o);
        for (int r = 0; r < 8; r++)
            hi[r] = wasm_i32x4_shr(V_ADD(o[r], round1), CONST_BITS - PASS1_BITS);
    }
    /* col[k][g]: coefficient k of rows 4g..4g+3 */
    transpose4(lo[0], lo[1], lo[2], lo[3], &col[0][0], &col[1][0], &col[2][0], &col[3][0]);
    transpose4(lo[4], lo[5], lo[6], lo[7], &col[0][1], &col[1][1], &col[2][1], &col[3][1]);
    if (cols <= 4) {
        for (int k = 4; k < 8; k++)
            col[k][0] = col[k][1] = zero;
        if (cols == 1)
            for (int k = 1; k < 4; k++)
                col[k][0] = col[k][1] = zero;
    } else {
        transpose4(hi[0], hi[1], hi[2], hi[3], &col[4][0], &col[5][0], &col[6][0], &col[7][0]);
        transpose4(hi[4], hi[5], hi[6], hi[7], &col[4][1], &col[5][1], &col[6][1], &col[7][1]);
    }
    /* pass 2 */
    const v128_t round2 = wasm_i32x4_splat(1 << (CONST_BITS + PASS1_BITS + 3 - 1));
    const v128_t center = wasm_i32x4_splat(128);
    for (int g = 0; g < 2; g++) {
        for (int k = 0; k < 8; k++)
            x[k] = col[k][g];
        idct_1d_v(x, o);
        for (int i = 0; i < 8; i++) {
            v128_t v = wasm_i32x4_shr(V_ADD(o[i], round2), CONST_BITS + PASS1_BITS + 3);
            v = wasm_i32x4_shr(wasm_i32x4_shl(v, 22), 22); /* libjpeg's RANGE_MASK wrap */
            o[i] = V_ADD(v, center);
        }
        v128_t r0, r1, r2, r3, s0, s1, s2, s3;
        transpose4(o[0], o[1], o[2], o[3], &r0, &r1, &r2, &r3);
        transpose4(o[4], o[5], o[6], o[7], &s0, &s1, &s2, &s3);
        v128_t rows01 = wasm_u8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(r0, s0), wasm_i16x8_narrow_i32x4(r1, s1));
        v128_t rows23 = wasm_u8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(r2, s2), wasm_i16x8_narrow_i32x4(r3, s3));
        store_rows4(out + (size_t)(4 * g) * stride, stride, rows01, rows23);
    }
}

/* ---- 16-bit version --------------------------------------------------------
 * The same computation with i16 inputs and i32x4.dot_i16x8_s, the way SIMD
 * islow IDCTs are usually written: every term of the 1-D transform is a
 * linear combination of two inputs with constants that fit in 16 bits, e.g.
 *   tmp2 = x2 * FIX(0.541196100) + x6 * (FIX(0.541196100) - FIX(1.847759065)).
 * A dot product of exact 16-bit inputs gives exactly the 32-bit wrapping
 * value the scalar code computes, so the results are identical whenever
 *   (1) every dequantised coefficient fits in int16 (checked with the
 *       component's coef_limit = 32767 / max quantiser), and
 *   (2) every pass-1 output fits in int16 (checked after pass 1: the
 *       saturating narrow leaves no value of magnitude >= 32767).
 * Blocks that fail either check (never seen in real photos) take the 32-bit
 * path above. */

#define K2(a, b) wasm_i16x8_make((a), (b), (a), (b), (a), (b), (a), (b))
#define DOT wasm_i32x4_dot_i16x8

/* One 1-D pass on 4 lanes. p04 = interleaved (x0, x4) pairs, p26 = (x2, x6),
 * p75 = (x7, x5), p31 = (x3, x1); rnd is added once to every output.
 * half: x4..x7 are zero (p04 holds x0 only, p26 x2 only, p75 is zero). */
static inline __attribute__((always_inline)) void idct16_1d(v128_t p04, v128_t p26, v128_t p75, v128_t p31, v128_t rnd,
                                                            const int half, v128_t *o)
{
    v128_t t0 = V_ADD(DOT(p04, K2(8192, 8192)), rnd);
    v128_t t1 = half ? t0 : V_ADD(DOT(p04, K2(8192, -8192)), rnd);
    v128_t t2 = DOT(p26, K2(4433, -10704));
    v128_t t3 = DOT(p26, K2(10703, 4433));
    v128_t t10 = V_ADD(t0, t3), t13 = V_SUB(t0, t3);
    v128_t t11 = V_ADD(t1, t2), t12 = V_SUB(t1, t2);
    v128_t T0 = DOT(p31, K2(-6436, 2260));
    v128_t T1 = DOT(p31, K2(-11362, 6437));
    v128_t T2 = DOT(p31, K2(-2259, 9633));
    v128_t T3 = DOT(p31, K2(9633, 11363));
    if (!half) {
        T0 = V_ADD(T0, DOT(p75, K2(-11363, 9633)));
        T1 = V_ADD(T1, DOT(p75, K2(9633, 2261)));
        T2 = V_ADD(T2, DOT(p75, K2(-6436, -11362)));
        T3 = V_ADD(T3, DOT(p75, K2(2260, 6437)));
    }
    butterfly_out(o, t10, t11, t12, t13, T0, T1, T2, T3);
}

#define ILO(a, b) wasm_i16x8_shuffle((a), (b), 0, 8, 1, 9, 2, 10, 3, 11)
#define IHI(a, b) wasm_i16x8_shuffle((a), (b), 4, 12, 5, 13, 6, 14, 7, 15)

/* rows4: coefficient rows 4..7 are zero; cols4: columns 4..7 are zero.
 * Returns 0, or 1 when check (2) failed and nothing was written. */
static inline __attribute__((always_inline)) int idct16_body(const v128_t *x, uint8_t *out, size_t stride,
                                                             const int rows4, const int cols4)
{
    const v128_t zero = wasm_i32x4_splat(0);
    v128_t o[8], lo[8], hi[8], R[8];
    /* pass 1: columns 0-3 (lo) and 4-7 (hi); lanes are columns */
    const v128_t rnd1 = wasm_i32x4_splat(1 << (CONST_BITS - PASS1_BITS - 1));
    idct16_1d(ILO(x[0], x[4]), ILO(x[2], x[6]), ILO(x[7], x[5]), ILO(x[3], x[1]), rnd1, rows4, o);
    for (int r = 0; r < 8; r++)
        lo[r] = wasm_i32x4_shr(o[r], CONST_BITS - PASS1_BITS);
    if (!cols4) {
        idct16_1d(IHI(x[0], x[4]), IHI(x[2], x[6]), IHI(x[7], x[5]), IHI(x[3], x[1]), rnd1, rows4, o);
        for (int r = 0; r < 8; r++)
            hi[r] = wasm_i32x4_shr(o[r], CONST_BITS - PASS1_BITS);
    }
    v128_t m = zero;
    for (int r = 0; r < 8; r++) {
        R[r] = wasm_i16x8_narrow_i32x4(lo[r], cols4 ? zero : hi[r]);
        m = wasm_u16x8_max(m, wasm_i16x8_abs(R[r]));
    }
    if (wasm_v128_any_true(wasm_u16x8_gt(m, wasm_i16x8_splat(32766))))
        return 1;
    /* pass 2: per row the pairs (c0,c4) (c2,c6) (c7,c5) (c3,c1) as 32-bit
     * lanes, then a 4x4 transpose of those lanes: lanes become rows */
    const v128_t rnd2 = wasm_i32x4_splat(1 << (CONST_BITS + PASS1_BITS + 3 - 1));
    const v128_t c128 = wasm_i16x8_splat(128);
    for (int g = 0; g < 2; g++) {
        v128_t S[4];
        for (int i = 0; i < 4; i++)
            S[i] = wasm_i16x8_shuffle(R[4 * g + i], R[4 * g + i], 0, 4, 2, 6, 7, 5, 3, 1);
        v128_t a = wasm_i32x4_shuffle(S[0], S[1], 0, 4, 1, 5);
        v128_t b = wasm_i32x4_shuffle(S[2], S[3], 0, 4, 1, 5);
        v128_t c = wasm_i32x4_shuffle(S[0], S[1], 2, 6, 3, 7);
        v128_t d = wasm_i32x4_shuffle(S[2], S[3], 2, 6, 3, 7);
        v128_t p04 = wasm_i64x2_shuffle(a, b, 0, 2), p26 = wasm_i64x2_shuffle(a, b, 1, 3);
        v128_t p75 = wasm_i64x2_shuffle(c, d, 0, 2), p31 = wasm_i64x2_shuffle(c, d, 1, 3);
        idct16_1d(p04, p26, p75, p31, rnd2, cols4, o);
        /* descale by 18 and libjpeg's 10-bit wrap in one: ((o << 4) >> 22) */
        for (int i = 0; i < 8; i++)
            o[i] = wasm_i32x4_shr(wasm_i32x4_shl(o[i], 4), 22);
        /* o[i]: column i of rows 4g..4g+3 */
        v128_t A = wasm_i16x8_add(wasm_i16x8_narrow_i32x4(o[0], o[1]), c128);
        v128_t B = wasm_i16x8_add(wasm_i16x8_narrow_i32x4(o[2], o[3]), c128);
        v128_t C = wasm_i16x8_add(wasm_i16x8_narrow_i32x4(o[4], o[5]), c128);
        v128_t D = wasm_i16x8_add(wasm_i16x8_narrow_i32x4(o[6], o[7]), c128);
        /* saturating narrows clamp to 0..255; bytes are column-major 4x4 */
        v128_t M0 = wasm_u8x16_narrow_i16x8(A, B), M1 = wasm_u8x16_narrow_i16x8(C, D);
        M0 = wasm_i8x16_shuffle(M0, M0, 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        M1 = wasm_i8x16_shuffle(M1, M1, 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
        v128_t rows01 = wasm_i32x4_shuffle(M0, M1, 0, 4, 1, 5);
        v128_t rows23 = wasm_i32x4_shuffle(M0, M1, 2, 6, 3, 7);
        store_rows4(out + (size_t)(4 * g) * stride, stride, rows01, rows23);
    }
    return 0;
}

/* Returns 0 after a full transform, 1 for a DC-only block (not written).
 * The block is loaded first, so it may be cleared before this is called. */
static inline __attribute__((always_inline)) int idct_islow_simd(const v128_t *c, const uint16_t *quant, int coef_limit,
                                                                 uint8_t *out, size_t stride)
{
    v128_t r4 = wasm_v128_or(wasm_v128_or(c[4], c[5]), wasm_v128_or(c[6], c[7]));
    v128_t r1 = wasm_v128_or(c[1], wasm_v128_or(c[2], c[3]));
    v128_t all = wasm_v128_or(wasm_v128_or(r1, r4), c[0]);
    int rows = !wasm_v128_any_true(wasm_v128_or(r1, r4)) ? 1 : !wasm_v128_any_true(r4) ? 4 : 8;
    int cols = wasm_i64x2_extract_lane(all, 1) != 0                     ? 8
               : ((uint64_t)wasm_i64x2_extract_lane(all, 0) >> 16) != 0 ? 4
                                                                        : 1;
    if (rows == 1 && cols == 1)
        return 1;
    /* Check (1): max |coefficient| <= coef_limit. */
    {
        /* the 16-bit path for every block that passes its checks: with
         * V8's code for i32x4.mul it beats the 32-bit path even for a 4x4
         * corner */
        v128_t m = wasm_i16x8_abs(c[0]);
        for (int r = 1; r < rows; r++)
            m = wasm_u16x8_max(m, wasm_i16x8_abs(c[r]));
        if (!wasm_v128_any_true(wasm_u16x8_gt(m, wasm_i16x8_splat((int16_t)coef_limit)))) {
            v128_t x[8];
            for (int r = 0; r < 8; r++)
                x[r] = r < rows ? wasm_i16x8_mul(c[r], wasm_v128_load(quant + 8 * r)) : wasm_i32x4_splat(0);
            int fail = rows <= 4   ? (cols <= 4 ? idct16_body(x, out, stride, 1, 1) : idct16_body(x, out, stride, 1, 0))
                       : cols <= 4 ? idct16_body(x, out, stride, 0, 1)
                                   : idct16_body(x, out, stride, 0, 0);
            if (!fail)
                return 0;
        }
    }
    /* the 32-bit path: only blocks that fail the 16-bit checks (damaged
     * files, 16-bit quantisers) come here, so one full-size instance will do
     * (its zero terms are exact, so it equals the sparse variants) */
    idct_simd_body(c, quant, out, stride, 8, 8);
    return 0;
}
#endif

#if defined(__clang__) && defined(__wasm__)
__attribute__((no_builtin("memset")))   /* see wf_jpeg_zero_block() */
#endif
void wf_jpeg_idct_islow(int16_t *coef, const uint16_t *quant, int coef_limit, uint8_t *out,
                        size_t stride, int clear, int kend)
{
    /* DC-only block (most chroma blocks of photos): the whole block is one
     * value, the same one the full computation gives. */
    int dc_only;
    int16_t dc0;
    if (kend <= 1) {
        /* known from the entropy decoder */
        dc0 = coef[0];
        dc_only = 1;
        if (clear)
            coef[0] = 0;
        goto dc;
    }
#ifdef WF_SIMD
    if (kend <= 10) {
        /* zig-zag 0..9 lie in the top-left 4x4 corner, and one of 1..9 is
         * non-zero (the entropy decoder writes no zero values, and a ZRL
         * takes k past 16): the 16-bit corner transform, without looking
         * for the block's extent (most blocks of photos at usual qualities) */
        const v128_t z = wasm_i32x4_splat(0);
        v128_t c[8] = {wasm_v128_load(coef),
                       wasm_v128_load(coef + 8),
                       wasm_v128_load(coef + 16),
                       wasm_v128_load(coef + 24),
                       z,
                       z,
                       z,
                       z};
        if (clear)
            for (int r = 0; r < 4; r++)
                wasm_v128_store(coef + 8 * r, z);
        v128_t m = wasm_u16x8_max(wasm_u16x8_max(wasm_i16x8_abs(c[0]), wasm_i16x8_abs(c[1])),
                                  wasm_u16x8_max(wasm_i16x8_abs(c[2]), wasm_i16x8_abs(c[3])));
        if (!wasm_v128_any_true(wasm_u16x8_gt(m, wasm_i16x8_splat((int16_t)coef_limit)))) {
            v128_t x[8];
            for (int r = 0; r < 8; r++)
                x[r] = r < 4 ? wasm_i16x8_mul(c[r], wasm_v128_load(quant + 8 * r)) : z;
            if (!idct16_body(x, out, stride, 1, 1))
                return;
        }
        idct_simd_body(c, quant, out, stride, 8, 8);
        return;
    }
    /* eight separate loads: written as a loop, clang turns them into a
     * memcpy call to a stack copy */
    v128_t c[8] = {wasm_v128_load(coef),      wasm_v128_load(coef + 8),  wasm_v128_load(coef + 16),
                   wasm_v128_load(coef + 24), wasm_v128_load(coef + 32), wasm_v128_load(coef + 40),
                   wasm_v128_load(coef + 48), wasm_v128_load(coef + 56)};
    dc0 = (int16_t)wasm_i16x8_extract_lane(c[0], 0);
    if (clear) {
        const v128_t z = wasm_i32x4_splat(0);
        for (int r = 0; r < 8; r++)
            wasm_v128_store(coef + 8 * r, z);
    }
    dc_only = idct_islow_simd(c, quant, coef_limit, out, stride);
#else
    dc0 = coef[0];
    (void)coef_limit;
    {
        uint64_t acc, w[16];
        memcpy(w, coef, sizeof(w));
        acc = (uint16_t)(coef[1] | coef[2] | coef[3]);
        for (int i = 1; i < 16; i++)
            acc |= w[i];
        dc_only = acc == 0;
    }
#endif
dc:
    if (dc_only) {
        int32_t dc = (int32_t)((u32)(int32_t)dc0 * quant[0] << PASS1_BITS);
        uint8_t v = range_limit(descale((u32)dc, PASS1_BITS + 3));
        /* 4-byte stores, not memset: in Wasm that is a function call; and
         * not a 64-bit multiply: in wasm2js that is a helper call */
        uint32_t row = v * 0x01010101u;
        for (int r = 0; r < 8; r++, out += stride) {
            memcpy(out, &row, 4);
            memcpy(out + 4, &row, 4);
        }
#ifndef WF_SIMD
        if (clear)
            coef[0] = 0; /* the only non-zero coefficient */
#endif
        return;
    }

#ifndef WF_SIMD
    int32_t ws[64];
    u32 o0, o1, o2, o3, o4, o5, o6, o7;

    /* Pass 1: columns, into ws scaled up by 2^PASS1_BITS. */
    for (int c = 0; c < 8; c++) {
        const int16_t *in = coef + c;
        const uint16_t *q = quant + c;
        const u32 dq0 = (u32)(int32_t)in[0] * q[0];
        if ((in[8] | in[16] | in[24] | in[32] | in[40] | in[48] | in[56]) == 0 &&
            dq0 + SHORTCUT_MAX < 2 * SHORTCUT_MAX) {
            /* AC terms all zero: the column is constant (the result of the
             * full computation, as long as its << CONST_BITS does not wrap,
             * which only damaged files reach: those take the full path as the
             * SIMD build does) */
            int32_t dc = (int32_t)(dq0 << PASS1_BITS);
            for (int r = 0; r < 8; r++)
                ws[r * 8 + c] = dc;
            continue;
        }
#define DQ(i) ((u32)(int32_t)in[(i)*8] * q[(i)*8])
        IDCT_1D(DQ(0), DQ(1), DQ(2), DQ(3), DQ(4), DQ(5), DQ(6), DQ(7), o);
#undef DQ
        ws[0 * 8 + c] = descale(o0, CONST_BITS - PASS1_BITS);
        ws[1 * 8 + c] = descale(o1, CONST_BITS - PASS1_BITS);
        ws[2 * 8 + c] = descale(o2, CONST_BITS - PASS1_BITS);
        ws[3 * 8 + c] = descale(o3, CONST_BITS - PASS1_BITS);
        ws[4 * 8 + c] = descale(o4, CONST_BITS - PASS1_BITS);
        ws[5 * 8 + c] = descale(o5, CONST_BITS - PASS1_BITS);
        ws[6 * 8 + c] = descale(o6, CONST_BITS - PASS1_BITS);
        ws[7 * 8 + c] = descale(o7, CONST_BITS - PASS1_BITS);
    }

    /* Pass 2: rows, descaled by 2^(CONST_BITS+PASS1_BITS+3), range-limited. */
    for (int r = 0; r < 8; r++, out += stride) {
        const int32_t *w = ws + r * 8;
        if ((w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7]) == 0 && (u32)w[0] + SHORTCUT_MAX < 2 * SHORTCUT_MAX) {
            uint8_t v = range_limit(descale((u32)w[0], PASS1_BITS + 3));
            for (int i = 0; i < 8; i++)
                out[i] = v;
            continue;
        }
#define W(i) ((u32)w[i])
        IDCT_1D(W(0), W(1), W(2), W(3), W(4), W(5), W(6), W(7), o);
#undef W
        out[0] = range_limit(descale(o0, CONST_BITS + PASS1_BITS + 3));
        out[1] = range_limit(descale(o1, CONST_BITS + PASS1_BITS + 3));
        out[2] = range_limit(descale(o2, CONST_BITS + PASS1_BITS + 3));
        out[3] = range_limit(descale(o3, CONST_BITS + PASS1_BITS + 3));
        out[4] = range_limit(descale(o4, CONST_BITS + PASS1_BITS + 3));
        out[5] = range_limit(descale(o5, CONST_BITS + PASS1_BITS + 3));
        out[6] = range_limit(descale(o6, CONST_BITS + PASS1_BITS + 3));
        out[7] = range_limit(descale(o7, CONST_BITS + PASS1_BITS + 3));
    }
    if (clear)
        wf_jpeg_zero_block(coef);
#endif
}
