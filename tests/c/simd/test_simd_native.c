/* SPDX-License-Identifier: MIT
 *
 * test_simd_native.c: every Wasm SIMD128 intrinsic the cores use, run on edge values and
 * pseudo-random vectors, compared with a scalar model of the Wasm spec (lane by lane:
 * wrapping, saturation, shift counts modulo the lane width, narrowing, signedness).
 *
 * Built twice from this one file:
 *   natively with -msse4.1 against core/common/simd/wasm_simd128.h (the SSE mapping), and
 *   with emcc -msimd128 against clang's own wasm_simd128.h, run by Node on the real Wasm ops
 *   (ctest simd_model_wasm), which checks the scalar model itself.
 * Prints a checksum of all results: both builds must print the same one.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasm_simd128.h>
#include "../common/wf_check.h"

typedef struct {
    uint8_t b[16];
} vec;

static vec to_vec(v128_t v)
{
    vec r;
    memcpy(r.b, &v, 16);
    return r;
}
static v128_t from_vec(const vec *x)
{
    v128_t v;
    memcpy(&v, x->b, 16);
    return v;
}

/* lane accessors (little-endian, as Wasm) */
/* a lane as a signed or unsigned value */
static int64_t get(const vec *v, int bits, int sgn, int i)
{
    uint32_t u = 0;
    int n = bits / 8;
    for (int k = n - 1; k >= 0; k--)
        u = (u << 8) | v->b[i * n + k];
    if (sgn && (u >> (bits - 1)))
        return (int64_t)u - ((int64_t)1 << bits);
    return u;
}
static void put(vec *v, int bits, int i, uint32_t x)
{
    int n = bits / 8;
    for (int k = 0; k < n; k++)
        v->b[i * n + k] = (uint8_t)(x >> (8 * k));
}
static int32_t sat(int64_t x, int64_t lo, int64_t hi) { return (int32_t)(x < lo ? lo : x > hi ? hi : x); }

/* ---- inputs ---- */
#define NV 48
static vec inputs[NV];
static uint32_t rng = 0x12345678u;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}
static void make_inputs(void)
{
    static const uint8_t e8[] = {0, 1, 2, 0x7e, 0x7f, 0x80, 0x81, 0xfe, 0xff, 0x40, 0xc0, 0x55};
    static const uint16_t e16[] = {0,      1,      0x7fff, 0x8000, 0x8001, 0xffff,
                                   0xfffe, 0x00ff, 0xff00, 0x4000, 0xc000, 0x0100};
    static const uint32_t e32[] = {0,          1,          0x7fffffff, 0x80000000, 0x80000001, 0xffffffff,
                                   0x0000ffff, 0xffff0000, 0x00010000, 0x00008000, 0xffff8000, 0x7fff8000};
    for (int v = 0; v < NV; v++) {
        for (int i = 0; i < 16; i++)
            inputs[v].b[i] = (uint8_t)next();
        if (v < 12) /* byte edges */
            for (int i = 0; i < 16; i++)
                inputs[v].b[i] = e8[(v + i) % 12];
        else if (v < 24) /* 16-bit edges */
            for (int i = 0; i < 8; i++)
                put(&inputs[v], 16, i, e16[(v + 5 * i) % 12]);
        else if (v < 36) /* 32-bit edges */
            for (int i = 0; i < 4; i++)
                put(&inputs[v], 32, i, e32[(v + 7 * i) % 12]);
        else if (v < 40) /* small values, as in pixel kernels */
            for (int i = 0; i < 16; i++)
                inputs[v].b[i] = (uint8_t)(next() % 4);
    }
}

static uint32_t checksum = 2166136261u;
static void hash(const vec *r)
{
    for (int i = 0; i < 16; i++)
        checksum = (checksum ^ r->b[i]) * 16777619u;
}
static int same(const vec *a, const vec *b) { return memcmp(a->b, b->b, 16) == 0; }
static void show(const char *name, const vec *a, const vec *b, const vec *got, const vec *want)
{
    printf("%s:\n", name);
    const vec *all[4] = {a, b, got, want};
    const char *lab[4] = {"a", "b", "got", "want"};
    for (int k = 0; k < 4; k++) {
        if (!all[k])
            continue;
        printf("  %-4s", lab[k]);
        for (int i = 0; i < 16; i++)
            printf(" %02x", all[k]->b[i]);
        printf("\n");
    }
}

/* ---- binary and unary ops: the intrinsic wrapped, and its model on one lane ---- */
typedef v128_t (*simd2)(v128_t, v128_t);
typedef void (*model2)(const vec *, const vec *, vec *);

#define LANES(bits) (128 / (bits))
/* OP2(name, bits, expression of x, y (int64 lanes, read with the given signedness)) */
#define OP2(fn, bits, sa, sb, expr)                                   \
    static v128_t s_##fn(v128_t a, v128_t b) { return fn(a, b); }     \
    static void m_##fn(const vec *A, const vec *B, vec *R)            \
    {                                                                 \
        for (int i = 0; i < LANES(bits); i++) {                       \
            int64_t x = get(A, bits, sa, i), y = get(B, bits, sb, i); \
            put(R, bits, i, (uint32_t)(int64_t)(expr));               \
        }                                                             \
    }
/* the checked function of a unary intrinsic (the table calls every one with two operands) */
#define UNARY_S(fn)                          \
    static v128_t s_##fn(v128_t a, v128_t b) \
    {                                        \
        (void)b;                             \
        return fn(a);                        \
    }
#define OP1(fn, bits, sa, expr)                            \
    UNARY_S(fn)                                            \
    static void m_##fn(const vec *A, const vec *B, vec *R) \
    {                                                      \
        (void)B;                                           \
        for (int i = 0; i < LANES(bits); i++) {            \
            int64_t x = get(A, bits, sa, i);               \
            put(R, bits, i, (uint32_t)(int64_t)(expr));    \
        }                                                  \
    }
#define BOOL(c) ((c) ? -1 : 0)

/* bitwise (lane width irrelevant: 32) */
OP2(wasm_v128_and, 32, 0, 0, x &y)
OP2(wasm_v128_or, 32, 0, 0, x | y)
OP2(wasm_v128_xor, 32, 0, 0, x ^ y)
OP2(wasm_v128_andnot, 32, 0, 0, x & ~y)
/* i8x16 */
OP2(wasm_i8x16_add, 8, 1, 1, x + y)
OP2(wasm_i8x16_sub, 8, 1, 1, x - y)
OP1(wasm_i8x16_neg, 8, 1, -x)
OP2(wasm_u8x16_sub_sat, 8, 0, 0, sat(x - y, 0, 255))
OP2(wasm_u8x16_min, 8, 0, 0, x < y ? x : y)
OP2(wasm_u8x16_avgr, 8, 0, 0, (x + y + 1) >> 1)
/* i16x8 */
OP2(wasm_i16x8_add, 16, 1, 1, x + y)
OP2(wasm_i16x8_sub, 16, 1, 1, x - y)
OP2(wasm_i16x8_mul, 16, 1, 1, x *y)
OP2(wasm_i16x8_add_sat, 16, 1, 1, sat(x + y, -32768, 32767))
OP2(wasm_u16x8_sub_sat, 16, 0, 0, sat(x - y, 0, 65535))
OP1(wasm_i16x8_abs, 16, 1, x < 0 ? -x : x)
OP2(wasm_i16x8_min, 16, 1, 1, x < y ? x : y)
OP2(wasm_i16x8_max, 16, 1, 1, x > y ? x : y)
OP2(wasm_u16x8_max, 16, 0, 0, x > y ? x : y)
OP2(wasm_i16x8_q15mulr_sat, 16, 1, 1, sat((x * y + 0x4000) >> 15, -32768, 32767))
OP2(wasm_i16x8_eq, 16, 1, 1, BOOL(x == y))
OP2(wasm_i16x8_ne, 16, 1, 1, BOOL(x != y))
OP2(wasm_i16x8_gt, 16, 1, 1, BOOL(x > y))
OP2(wasm_i16x8_le, 16, 1, 1, BOOL(x <= y))
OP2(wasm_u16x8_gt, 16, 0, 0, BOOL(x > y))
/* i32x4 */
OP2(wasm_i32x4_add, 32, 1, 1, x + y)
OP2(wasm_i32x4_sub, 32, 1, 1, x - y)
OP2(wasm_i32x4_mul, 32, 1, 1, (int64_t)((uint64_t)x *(uint64_t)y))
OP2(wasm_i32x4_min, 32, 1, 1, x < y ? x : y)
OP2(wasm_i32x4_max, 32, 1, 1, x > y ? x : y)
OP2(wasm_i32x4_ne, 32, 1, 1, BOOL(x != y))

/* ops whose lanes mix widths: written out */
typedef struct {
    const char *name;
    simd2 s;
    model2 m;
} op2;

static void m_narrow(const vec *A, const vec *B, vec *R, int from, int to_signed)
{
    int n = LANES(from), to = from / 2;
    int64_t lo = to_signed ? -(1ll << (to - 1)) : 0, hi = to_signed ? (1ll << (to - 1)) - 1 : (1ll << to) - 1;
    for (int i = 0; i < n; i++) {
        put(R, to, i, (uint32_t)sat(get(A, from, 1, i), lo, hi));
        put(R, to, i + n, (uint32_t)sat(get(B, from, 1, i), lo, hi));
    }
}
#define NARROW(fn, from, sg)                                      \
    static v128_t s_##fn(v128_t a, v128_t b) { return fn(a, b); } \
    static void m_##fn(const vec *A, const vec *B, vec *R) { m_narrow(A, B, R, from, sg); }
NARROW(wasm_i8x16_narrow_i16x8, 16, 1)
NARROW(wasm_u8x16_narrow_i16x8, 16, 0)
NARROW(wasm_i16x8_narrow_i32x4, 32, 1)
NARROW(wasm_u16x8_narrow_i32x4, 32, 0)

/* extend: half (0 low, 1 high) of `from`-bit lanes widened */
#define EXTEND(fn, from, sg, half)                                                       \
    UNARY_S(fn)                                                                          \
    static void m_##fn(const vec *A, const vec *B, vec *R)                               \
    {                                                                                    \
        (void)B;                                                                         \
        for (int i = 0; i < LANES(2 * from); i++)                                        \
            put(R, 2 * from, i, (uint32_t)get(A, from, sg, i + (half)*LANES(2 * from))); \
    }
EXTEND(wasm_u16x8_extend_low_u8x16, 8, 0, 0)
EXTEND(wasm_u16x8_extend_high_u8x16, 8, 0, 1)
EXTEND(wasm_i32x4_extend_low_i16x8, 16, 1, 0)
EXTEND(wasm_i32x4_extend_high_i16x8, 16, 1, 1)
EXTEND(wasm_u32x4_extend_low_u16x8, 16, 0, 0)
EXTEND(wasm_u32x4_extend_high_u16x8, 16, 0, 1)

#define PAIRWISE(fn, from, sg)                                                    \
    UNARY_S(fn)                                                                   \
    static void m_##fn(const vec *A, const vec *B, vec *R)                        \
    {                                                                             \
        (void)B;                                                                  \
        for (int i = 0; i < LANES(2 * from); i++) {                               \
            int64_t x = get(A, from, sg, 2 * i), y = get(A, from, sg, 2 * i + 1); \
            put(R, 2 * from, i, (uint32_t)(x + y));                               \
        }                                                                         \
    }
PAIRWISE(wasm_u16x8_extadd_pairwise_u8x16, 8, 0)
PAIRWISE(wasm_i32x4_extadd_pairwise_i16x8, 16, 1)
PAIRWISE(wasm_u32x4_extadd_pairwise_u16x8, 16, 0)

static v128_t s_wasm_i32x4_dot_i16x8(v128_t a, v128_t b) { return wasm_i32x4_dot_i16x8(a, b); }
static void m_wasm_i32x4_dot_i16x8(const vec *A, const vec *B, vec *R)
{
    for (int i = 0; i < 4; i++) {
        int64_t s = (int64_t)get(A, 16, 1, 2 * i) * get(B, 16, 1, 2 * i) +
                    (int64_t)get(A, 16, 1, 2 * i + 1) * get(B, 16, 1, 2 * i + 1);
        put(R, 32, i, (uint32_t)s);
    }
}
#define EXTMUL(fn, half)                                                        \
    static v128_t s_##fn(v128_t a, v128_t b) { return fn(a, b); }               \
    static void m_##fn(const vec *A, const vec *B, vec *R)                      \
    {                                                                           \
        for (int i = 0; i < 4; i++)                                             \
            put(R, 32, i,                                                       \
                (uint32_t)((uint32_t)(uint16_t)get(A, 16, 0, i + 4 * (half)) *  \
                           (uint32_t)(uint16_t)get(B, 16, 0, i + 4 * (half)))); \
    }
EXTMUL(wasm_u32x4_extmul_low_u16x8, 0)
EXTMUL(wasm_u32x4_extmul_high_u16x8, 1)

#define E(fn)               \
    {                       \
#fn, s_##fn, m_##fn \
    }
static const op2 ops[] = {
    E(wasm_v128_and),
    E(wasm_v128_or),
    E(wasm_v128_xor),
    E(wasm_v128_andnot),
    E(wasm_i8x16_add),
    E(wasm_i8x16_sub),
    E(wasm_i8x16_neg),
    E(wasm_u8x16_sub_sat),
    E(wasm_u8x16_min),
    E(wasm_u8x16_avgr),
    E(wasm_i16x8_add),
    E(wasm_i16x8_sub),
    E(wasm_i16x8_mul),
    E(wasm_i16x8_add_sat),
    E(wasm_u16x8_sub_sat),
    E(wasm_i16x8_abs),
    E(wasm_i16x8_min),
    E(wasm_i16x8_max),
    E(wasm_u16x8_max),
    E(wasm_i16x8_q15mulr_sat),
    E(wasm_i16x8_eq),
    E(wasm_i16x8_ne),
    E(wasm_i16x8_gt),
    E(wasm_i16x8_le),
    E(wasm_u16x8_gt),
    E(wasm_i32x4_add),
    E(wasm_i32x4_sub),
    E(wasm_i32x4_mul),
    E(wasm_i32x4_min),
    E(wasm_i32x4_max),
    E(wasm_i32x4_ne),
    E(wasm_i8x16_narrow_i16x8),
    E(wasm_u8x16_narrow_i16x8),
    E(wasm_i16x8_narrow_i32x4),
    E(wasm_u16x8_narrow_i32x4),
    E(wasm_u16x8_extend_low_u8x16),
    E(wasm_u16x8_extend_high_u8x16),
    E(wasm_i32x4_extend_low_i16x8),
    E(wasm_i32x4_extend_high_i16x8),
    E(wasm_u32x4_extend_low_u16x8),
    E(wasm_u32x4_extend_high_u16x8),
    E(wasm_u16x8_extadd_pairwise_u8x16),
    E(wasm_i32x4_extadd_pairwise_i16x8),
    E(wasm_u32x4_extadd_pairwise_u16x8),
    E(wasm_i32x4_dot_i16x8),
    E(wasm_u32x4_extmul_low_u16x8),
    E(wasm_u32x4_extmul_high_u16x8),
};

static void test_binary_ops(void)
{
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        int bad = 0;
        for (int i = 0; i < NV; i++)
            for (int j = 0; j < NV; j++) {
                vec got = to_vec(ops[k].s(from_vec(&inputs[i]), from_vec(&inputs[j]))), want;
                ops[k].m(&inputs[i], &inputs[j], &want);
                hash(&got);
                if (!same(&got, &want) && bad++ < 2)
                    show(ops[k].name, &inputs[i], &inputs[j], &got, &want);
            }
        CHECK(bad == 0, "%s: %d mismatches", ops[k].name, bad);
    }
}

/* ---- bitselect, three operands ---- */
static void test_bitselect(void)
{
    int bad = 0;
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NV; j++) {
            const vec *c = &inputs[(i * 7 + j) % NV];
            vec got = to_vec(wasm_v128_bitselect(from_vec(&inputs[i]), from_vec(&inputs[j]), from_vec(c))), want;
            for (int b = 0; b < 16; b++)
                want.b[b] = (uint8_t)((inputs[i].b[b] & c->b[b]) | (inputs[j].b[b] & ~c->b[b]));
            hash(&got);
            bad += !same(&got, &want);
        }
    CHECK(bad == 0, "wasm_v128_bitselect: %d mismatches", bad);
}

/* ---- shifts: counts 0..40 and huge ones, taken modulo the lane width ---- */
#define SHIFT(fn, bits, sg, op)                                                                                       \
    static void t_##fn(void)                                                                                          \
    {                                                                                                                 \
        static const uint32_t counts[] = {0,  1,  2,  3,  5,  7,  8,  9,  14, 15,          16,          17,           \
                                          23, 31, 32, 33, 40, 47, 63, 64, 65, 0x7fffffffu, 0x80000000u, 0xffffffffu}; \
        int bad = 0;                                                                                                  \
        for (int i = 0; i < NV; i++)                                                                                  \
            for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {                                           \
                uint32_t n = counts[c];                                                                               \
                vec got = to_vec(fn(from_vec(&inputs[i]), n)), want;                                                  \
                for (int l = 0; l < LANES(bits); l++) {                                                               \
                    int64_t x = get(&inputs[i], bits, sg, l);                                                         \
                    uint32_t s = n % (bits);                                                                          \
                    put(&want, bits, l, (uint32_t)(op));                                                              \
                }                                                                                                     \
                hash(&got);                                                                                           \
                if (!same(&got, &want) && bad++ < 2)                                                                  \
                    show(#fn, &inputs[i], NULL, &got, &want);                                                         \
            }                                                                                                         \
        CHECK(bad == 0, "%s: %d mismatches", #fn, bad);                                                               \
    }
SHIFT(wasm_i16x8_shl, 16, 0, (uint64_t)x << s)
SHIFT(wasm_i16x8_shr, 16, 1, x >> s)
SHIFT(wasm_u16x8_shr, 16, 0, x >> s)
SHIFT(wasm_i32x4_shl, 32, 0, (uint64_t)x << s)
SHIFT(wasm_i32x4_shr, 32, 1, x >> s)
SHIFT(wasm_u32x4_shr, 32, 0, x >> s)

/* ---- reductions ---- */
static void test_reductions(void)
{
    int bad = 0;
    for (int i = 0; i < NV + 2; i++) {
        vec v = i < NV ? inputs[i] : (vec){{0}};
        if (i == NV + 1)
            v.b[15] = 0x80;
        uint32_t mask = 0;
        int any = 0;
        for (int b = 0; b < 16; b++) {
            mask |= (uint32_t)(v.b[b] >> 7) << b;
            any |= v.b[b] != 0;
        }
        bad += wasm_i8x16_bitmask(from_vec(&v)) != mask;
        bad += wasm_v128_any_true(from_vec(&v)) != any;
        checksum = (checksum ^ mask ^ (uint32_t)any) * 16777619u;
    }
    CHECK(bad == 0, "bitmask / any_true: %d mismatches", bad);
}

/* ---- shuffles (constant lane indices, as the cores use them) ---- */
static void test_shuffles(void)
{
    int bad = 0;
    for (int i = 0; i < NV; i++) {
        const vec *A = &inputs[i], *B = &inputs[(i + 1) % NV];
        v128_t a = from_vec(A), b = from_vec(B);
        vec got, want, cat[2] = {*A, *B};
        const uint8_t *ab = cat[0].b; /* a then b: 32 bytes */
#define CHECK_SHUF(bits, expr, ...)                             \
    do {                                                        \
        static const int idx[] = {__VA_ARGS__};                 \
        int n = bits / 8;                                       \
        got = to_vec(expr);                                     \
        for (int l = 0; l < 16 / n; l++)                        \
            memcpy(want.b + l * n, ab + idx[l] * n, (size_t)n); \
        hash(&got);                                             \
        if (!same(&got, &want) && bad++ < 2)                    \
            show(#expr, A, B, &got, &want);                     \
    } while (0)
        CHECK_SHUF(8, wasm_i8x16_shuffle(a, b, 0, 17, 2, 19, 4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31), 0, 17, 2, 19,
                   4, 21, 6, 23, 8, 25, 10, 27, 12, 29, 14, 31);
        CHECK_SHUF(8, wasm_i8x16_shuffle(a, b, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), 15, 14, 13, 12,
                   11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        CHECK_SHUF(8, wasm_i8x16_shuffle(a, b, 2, 1, 0, 3, 6, 5, 4, 7, 10, 9, 8, 11, 14, 13, 12, 15), 2, 1, 0, 3, 6, 5,
                   4, 7, 10, 9, 8, 11, 14, 13, 12, 15);
        CHECK_SHUF(8, wasm_i8x16_shuffle(a, b, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19), 4, 5, 6, 7, 8,
                   9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        CHECK_SHUF(8, wasm_i8x16_shuffle(a, b, 31, 0, 30, 1, 29, 2, 28, 3, 16, 16, 16, 16, 5, 5, 5, 5), 31, 0, 30, 1,
                   29, 2, 28, 3, 16, 16, 16, 16, 5, 5, 5, 5);
        CHECK_SHUF(16, wasm_i16x8_shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11), 0, 8, 1, 9, 2, 10, 3, 11);
        CHECK_SHUF(16, wasm_i16x8_shuffle(a, b, 7, 6, 5, 4, 15, 14, 13, 12), 7, 6, 5, 4, 15, 14, 13, 12);
        CHECK_SHUF(16, wasm_i16x8_shuffle(a, b, 1, 2, 3, 4, 5, 6, 7, 8), 1, 2, 3, 4, 5, 6, 7, 8);
        CHECK_SHUF(32, wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), 0, 4, 1, 5);
        CHECK_SHUF(32, wasm_i32x4_shuffle(a, b, 3, 2, 1, 0), 3, 2, 1, 0);
        CHECK_SHUF(32, wasm_i32x4_shuffle(a, b, 2, 3, 6, 7), 2, 3, 6, 7);
        CHECK_SHUF(32, wasm_i32x4_shuffle(a, a, 1, 1, 3, 3), 1, 1, 3, 3);
        CHECK_SHUF(64, wasm_i64x2_shuffle(a, b, 0, 2), 0, 2);
        CHECK_SHUF(64, wasm_i64x2_shuffle(a, b, 1, 3), 1, 3);
        CHECK_SHUF(64, wasm_i64x2_shuffle(a, b, 3, 0), 3, 0);
    }
    CHECK(bad == 0, "shuffles: %d mismatches", bad);
}

/* ---- loads, stores, lanes, splats, make ---- */
static void test_memory_and_lanes(void)
{
    uint8_t buf[64], out[64];
    int bad = 0;
    for (int i = 0; i < 64; i++)
        buf[i] = (uint8_t)(next() | (i & 1 ? 0x80 : 0));
    for (int off = 0; off < 16; off++) {
        const uint8_t *p = buf + off;
        vec v = to_vec(wasm_v128_load(p)), w;
        bad += memcmp(v.b, p, 16) != 0;
        memset(out, 0xaa, sizeof out);
        wasm_v128_store(out + off, from_vec(&v));
        bad += memcmp(out + off, p, 16) != 0 || out[off + 16] != 0xaa || (off && out[off - 1] != 0xaa);
        w = to_vec(wasm_v128_load32_splat(p));
        for (int l = 0; l < 4; l++)
            bad += memcmp(w.b + 4 * l, p, 4) != 0;
        hash(&w);
        w = to_vec(wasm_v128_load64_zero(p));
        bad += memcmp(w.b, p, 8) != 0 || memcmp(w.b + 8, (uint8_t[8]){0}, 8) != 0;
        w = to_vec(wasm_u16x8_load8x8(p));
        for (int l = 0; l < 8; l++)
            bad += get(&w, 16, 0, l) != p[l];
        hash(&w);
        w = to_vec(wasm_i32x4_load16x4(p));
        for (int l = 0; l < 4; l++)
            bad += get(&w, 32, 1, l) != (int16_t)(p[2 * l] | p[2 * l + 1] << 8);
        hash(&w);
        memset(out, 0xaa, sizeof out);
#define ST32(l)                                                 \
    wasm_v128_store32_lane(out + off + 4 * l, from_vec(&v), l); \
    bad += memcmp(out + off + 4 * l, v.b + 4 * l, 4) != 0;
        ST32(0) ST32(1) ST32(2) ST32(3);
        bad += out[off + 16] != 0xaa;
#define ST64(l)                                                 \
    wasm_v128_store64_lane(out + off + 8 * l, from_vec(&v), l); \
    bad += memcmp(out + off + 8 * l, v.b + 8 * l, 8) != 0;
        ST64(0) ST64(1);
    }
    CHECK(bad == 0, "loads and stores: %d mismatches", bad);

    bad = 0;
    for (int i = 0; i < NV; i++) {
        vec v = inputs[i], w;
        v128_t a = from_vec(&v);
#define X16(l)                                                             \
    bad += wasm_i16x8_extract_lane(a, l) != (int16_t)get(&v, 16, 1, l);    \
    w = to_vec(wasm_i16x8_replace_lane(a, l, (int16_t)(0x8000 + i)));      \
    bad += get(&w, 16, 0, l) != (0x8000 + i) || memcmp(w.b, v.b, 2 * l) || \
           memcmp(w.b + 2 * l + 2, v.b + 2 * l + 2, 14 - 2 * l);           \
    hash(&w);
        X16(0) X16(1) X16(2) X16(3) X16(4) X16(5) X16(6) X16(7);
#define X32(l) bad += wasm_i32x4_extract_lane(a, l) != get(&v, 32, 1, l);
        X32(0) X32(1) X32(2) X32(3);
        int64_t q0, q1;
        memcpy(&q0, v.b, 8);
        memcpy(&q1, v.b + 8, 8);
        bad += wasm_i64x2_extract_lane(a, 0) != q0 || wasm_i64x2_extract_lane(a, 1) != q1;
        int8_t s8 = (int8_t)v.b[0];
        int16_t s16 = (int16_t)get(&v, 16, 1, 0);
        int32_t s32 = get(&v, 32, 1, 0);
        w = to_vec(wasm_i8x16_splat(s8));
        for (int l = 0; l < 16; l++)
            bad += w.b[l] != v.b[0];
        w = to_vec(wasm_i16x8_splat(s16));
        for (int l = 0; l < 8; l++)
            bad += get(&w, 16, 1, l) != s16;
        w = to_vec(wasm_u16x8_splat((uint16_t)s16));
        for (int l = 0; l < 8; l++)
            bad += get(&w, 16, 1, l) != s16;
        w = to_vec(wasm_i32x4_splat(s32));
        for (int l = 0; l < 4; l++)
            bad += get(&w, 32, 1, l) != s32;
        w = to_vec(wasm_i16x8_make(get(&v, 16, 1, 0), get(&v, 16, 1, 1), get(&v, 16, 1, 2), get(&v, 16, 1, 3),
                                   get(&v, 16, 1, 4), get(&v, 16, 1, 5), get(&v, 16, 1, 6), get(&v, 16, 1, 7)));
        bad += !same(&w, &v);
        w = to_vec(wasm_i32x4_make(get(&v, 32, 1, 0), get(&v, 32, 1, 1), get(&v, 32, 1, 2), get(&v, 32, 1, 3)));
        bad += !same(&w, &v);
    }
    CHECK(bad == 0, "lanes, splats, make: %d mismatches", bad);
}

/* ---- f32x4: IEEE single add and mul (NaNs compared as NaN, payloads unspecified) ---- */
static void test_f32(void)
{
    static const float vals[] = {
        0.0f,    -0.0f,           1.0f,    -1.0f,    0.5f,     3.1415927f, 1e-40f /* subnormal */,
        -1e-40f, 1.17549435e-38f, 3.4e38f, -3.4e38f, INFINITY, -INFINITY,  NAN,
        255.0f,  1.0f / 3.0f};
    enum { N = sizeof vals / sizeof vals[0] };
    int bad = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            float x = vals[i], y = vals[(j + i) % N];
            v128_t a = wasm_f32x4_make(x, y, x, -y), b = wasm_f32x4_splat(y);
            float s[4], m[4], want_s[4] = {x + y, y + y, x + y, -y + y}, want_m[4] = {x * y, y * y, x * y, -y * y};
            v128_t rs = wasm_f32x4_add(a, b), rm = wasm_f32x4_mul(a, b);
            memcpy(s, &rs, 16);
            memcpy(m, &rm, 16);
            for (int l = 0; l < 4; l++) {
                volatile float ws = want_s[l], wm = want_m[l];
                bad += isnan(ws) ? !isnan(s[l]) : memcmp(&s[l], (const void *)&ws, 4) != 0;
                bad += isnan(wm) ? !isnan(m[l]) : memcmp(&m[l], (const void *)&wm, 4) != 0;
                if (!isnan(ws))
                    checksum = (checksum ^ (uint32_t)(ws * 1000.0f == ws * 1000.0f)) * 16777619u;
            }
        }
    CHECK(bad == 0, "f32x4 add/mul/splat/make: %d mismatches", bad);
}

int main(void)
{
    make_inputs();
    test_binary_ops();
    test_bitselect();
    t_wasm_i16x8_shl();
    t_wasm_i16x8_shr();
    t_wasm_u16x8_shr();
    t_wasm_i32x4_shl();
    t_wasm_i32x4_shr();
    t_wasm_u32x4_shr();
    test_reductions();
    test_shuffles();
    test_memory_and_lanes();
    test_f32();
    printf("results checksum %08x\n", checksum);
    return wf_check_report();
}
