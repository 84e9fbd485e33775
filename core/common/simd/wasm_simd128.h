/* SPDX-License-Identifier: MIT
 *
 * wasm_simd128.h for native x86-64 builds: the subset of the Wasm SIMD128 intrinsics that
 * wasmforge's cores use, as static inline functions on SSE2/SSSE3/SSE4.1, with exactly the Wasm
 * semantics (wrapping and saturating arithmetic, shift counts taken modulo the lane width,
 * signed/unsigned narrowing, signed and unsigned min/max/compare, q15mulr saturation).
 *
 * How it is used: the cores write `#ifdef WF_SIMD` / `#include <wasm_simd128.h>` once. The
 * Emscripten build finds clang's header; a native build with WF_NATIVE_SIMD (root
 * CMakeLists.txt: WF_SIMD=1, -msse4.1, and this folder on the include path of the cores
 * declared SIMD) finds this one. So one copy of each kernel serves both, and a core needs no
 * change to get native SIMD. Baseline: SSE4.1 (every x86-64 CPU since 2008; x86-64-v2 minus
 * SSE4.2/POPCNT); other architectures build the scalar paths.
 *
 * Only the intrinsics listed here exist; a core that starts using another one fails to compile
 * natively with an implicit-declaration error: add it here (with its edge cases in
 * tests/c/simd/test_simd_native.c, which checks every one against a scalar model of the spec).
 *
 * v128_t is the same GCC/clang vector type as in clang's header (four int32 lanes), so `a + b`
 * or `v[i]` on a v128_t means the same thing in both builds.
 */
#ifndef WF_NATIVE_WASM_SIMD128_H
#define WF_NATIVE_WASM_SIMD128_H

#if !defined(__SSE4_1__)
#error "core/common/simd/wasm_simd128.h needs SSE4.1 (-msse4.1); build without WF_SIMD instead"
#endif

#include <smmintrin.h> /* SSE4.1, includes SSSE3, SSE3, SSE2 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef int32_t v128_t __attribute__((__vector_size__(16), __aligned__(16)));

/* lane views (unaligned-safe: only used on values, never through pointers) */
typedef int8_t wf_i8x16_ __attribute__((__vector_size__(16)));
typedef uint8_t wf_u8x16_ __attribute__((__vector_size__(16)));
typedef int16_t wf_i16x8_ __attribute__((__vector_size__(16)));
typedef uint16_t wf_u16x8_ __attribute__((__vector_size__(16)));
typedef int32_t wf_i32x4_ __attribute__((__vector_size__(16)));
typedef int64_t wf_i64x2_ __attribute__((__vector_size__(16)));
typedef float wf_f32x4_ __attribute__((__vector_size__(16)));

#define WF_SIMD_INLINE static inline __attribute__((__always_inline__))
#define WF_M(v) ((__m128i)(v))
#define WF_V(m) ((v128_t)(m))

/* ---- loads and stores (unaligned, like every Wasm access) ---- */
WF_SIMD_INLINE v128_t wasm_v128_load(const void *p) { return WF_V(_mm_loadu_si128((const __m128i *)p)); }
WF_SIMD_INLINE void wasm_v128_store(void *p, v128_t a) { _mm_storeu_si128((__m128i *)p, WF_M(a)); }
WF_SIMD_INLINE v128_t wasm_v128_load32_splat(const void *p)
{
    int32_t x;
    memcpy(&x, p, 4);
    return WF_V(_mm_set1_epi32(x));
}
WF_SIMD_INLINE v128_t wasm_v128_load64_zero(const void *p) { return WF_V(_mm_loadl_epi64((const __m128i *)p)); }
WF_SIMD_INLINE v128_t wasm_u16x8_load8x8(const void *p)
{
    return WF_V(_mm_cvtepu8_epi16(_mm_loadl_epi64((const __m128i *)p)));
}
WF_SIMD_INLINE v128_t wasm_i32x4_load16x4(const void *p)
{
    return WF_V(_mm_cvtepi16_epi32(_mm_loadl_epi64((const __m128i *)p)));
}
WF_SIMD_INLINE void wasm_v128_store32_lane(void *p, v128_t a, int i)
{
    int32_t x = ((wf_i32x4_)a)[i & 3];
    memcpy(p, &x, 4);
}
WF_SIMD_INLINE void wasm_v128_store64_lane(void *p, v128_t a, int i)
{
    int64_t x = ((wf_i64x2_)a)[i & 1];
    memcpy(p, &x, 8);
}

/* ---- construction and lanes ---- */
WF_SIMD_INLINE v128_t wasm_i8x16_splat(int8_t a) { return WF_V(_mm_set1_epi8(a)); }
WF_SIMD_INLINE v128_t wasm_i16x8_splat(int16_t a) { return WF_V(_mm_set1_epi16(a)); }
WF_SIMD_INLINE v128_t wasm_u16x8_splat(uint16_t a) { return WF_V(_mm_set1_epi16((int16_t)a)); }
WF_SIMD_INLINE v128_t wasm_i32x4_splat(int32_t a) { return WF_V(_mm_set1_epi32(a)); }
WF_SIMD_INLINE v128_t wasm_f32x4_splat(float a) { return WF_V(_mm_set1_ps(a)); }
WF_SIMD_INLINE v128_t wasm_i16x8_make(int16_t c0, int16_t c1, int16_t c2, int16_t c3, int16_t c4, int16_t c5,
                                      int16_t c6, int16_t c7)
{
    return WF_V(_mm_setr_epi16(c0, c1, c2, c3, c4, c5, c6, c7));
}
WF_SIMD_INLINE v128_t wasm_i32x4_make(int32_t c0, int32_t c1, int32_t c2, int32_t c3)
{
    return WF_V(_mm_setr_epi32(c0, c1, c2, c3));
}
WF_SIMD_INLINE v128_t wasm_f32x4_make(float c0, float c1, float c2, float c3)
{
    return WF_V(_mm_setr_ps(c0, c1, c2, c3));
}
WF_SIMD_INLINE int16_t wasm_i16x8_extract_lane(v128_t a, int i) { return ((wf_i16x8_)a)[i & 7]; }
WF_SIMD_INLINE int32_t wasm_i32x4_extract_lane(v128_t a, int i) { return ((wf_i32x4_)a)[i & 3]; }
WF_SIMD_INLINE int64_t wasm_i64x2_extract_lane(v128_t a, int i) { return ((wf_i64x2_)a)[i & 1]; }
WF_SIMD_INLINE v128_t wasm_i16x8_replace_lane(v128_t a, int i, int16_t b)
{
    wf_i16x8_ r = (wf_i16x8_)a;
    r[i & 7] = b;
    return (v128_t)r;
}

/* Shuffles: the lane indices are constants (0..2n-1 over the concatenation a:b), as in Wasm. */
#define wasm_i8x16_shuffle(a, b, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15)                 \
    ((v128_t)__builtin_shufflevector((wf_i8x16_)(a), (wf_i8x16_)(b), c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, \
                                     c12, c13, c14, c15))
#define wasm_i16x8_shuffle(a, b, c0, c1, c2, c3, c4, c5, c6, c7) \
    ((v128_t)__builtin_shufflevector((wf_i16x8_)(a), (wf_i16x8_)(b), c0, c1, c2, c3, c4, c5, c6, c7))
#define wasm_i32x4_shuffle(a, b, c0, c1, c2, c3) \
    ((v128_t)__builtin_shufflevector((wf_i32x4_)(a), (wf_i32x4_)(b), c0, c1, c2, c3))
#define wasm_i64x2_shuffle(a, b, c0, c1) ((v128_t)__builtin_shufflevector((wf_i64x2_)(a), (wf_i64x2_)(b), c0, c1))

/* ---- bitwise ---- */
WF_SIMD_INLINE v128_t wasm_v128_and(v128_t a, v128_t b) { return WF_V(_mm_and_si128(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_v128_or(v128_t a, v128_t b) { return WF_V(_mm_or_si128(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_v128_xor(v128_t a, v128_t b) { return WF_V(_mm_xor_si128(WF_M(a), WF_M(b))); }
/* a & ~b */
WF_SIMD_INLINE v128_t wasm_v128_andnot(v128_t a, v128_t b) { return WF_V(_mm_andnot_si128(WF_M(b), WF_M(a))); }
/* bits of a where c is 1, of b where c is 0 */
WF_SIMD_INLINE v128_t wasm_v128_bitselect(v128_t a, v128_t b, v128_t c)
{
    return WF_V(_mm_or_si128(_mm_and_si128(WF_M(a), WF_M(c)), _mm_andnot_si128(WF_M(c), WF_M(b))));
}
WF_SIMD_INLINE bool wasm_v128_any_true(v128_t a) { return !_mm_testz_si128(WF_M(a), WF_M(a)); }
WF_SIMD_INLINE uint32_t wasm_i8x16_bitmask(v128_t a) { return (uint32_t)_mm_movemask_epi8(WF_M(a)); }

/* ---- i8x16 / u8x16 ---- */
WF_SIMD_INLINE v128_t wasm_i8x16_add(v128_t a, v128_t b) { return WF_V(_mm_add_epi8(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i8x16_sub(v128_t a, v128_t b) { return WF_V(_mm_sub_epi8(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i8x16_neg(v128_t a) { return WF_V(_mm_sub_epi8(_mm_setzero_si128(), WF_M(a))); }
WF_SIMD_INLINE v128_t wasm_u8x16_sub_sat(v128_t a, v128_t b) { return WF_V(_mm_subs_epu8(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_u8x16_min(v128_t a, v128_t b) { return WF_V(_mm_min_epu8(WF_M(a), WF_M(b))); }
/* (a + b + 1) >> 1 without overflow: pavgb */
WF_SIMD_INLINE v128_t wasm_u8x16_avgr(v128_t a, v128_t b) { return WF_V(_mm_avg_epu8(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i8x16_narrow_i16x8(v128_t a, v128_t b) { return WF_V(_mm_packs_epi16(WF_M(a), WF_M(b))); }
/* signed 16-bit input, saturated to 0..255: packuswb */
WF_SIMD_INLINE v128_t wasm_u8x16_narrow_i16x8(v128_t a, v128_t b) { return WF_V(_mm_packus_epi16(WF_M(a), WF_M(b))); }

/* ---- i16x8 / u16x8 ---- */
WF_SIMD_INLINE v128_t wasm_i16x8_add(v128_t a, v128_t b) { return WF_V(_mm_add_epi16(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i16x8_sub(v128_t a, v128_t b) { return WF_V(_mm_sub_epi16(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i16x8_mul(v128_t a, v128_t b) { return WF_V(_mm_mullo_epi16(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i16x8_add_sat(v128_t a, v128_t b) { return WF_V(_mm_adds_epi16(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_u16x8_sub_sat(v128_t a, v128_t b) { return WF_V(_mm_subs_epu16(WF_M(a), WF_M(b))); }
/* abs(-32768) = -32768 in both */
WF_SIMD_INLINE v128_t wasm_i16x8_abs(v128_t a) { return WF_V(_mm_abs_epi16(WF_M(a))); }
WF_SIMD_INLINE v128_t wasm_i16x8_min(v128_t a, v128_t b) { return WF_V(_mm_min_epi16(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i16x8_max(v128_t a, v128_t b) { return WF_V(_mm_max_epi16(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_u16x8_max(v128_t a, v128_t b) { return WF_V(_mm_max_epu16(WF_M(a), WF_M(b))); }
/* sat((a * b + 0x4000) >> 15): pmulhrsw, except that -32768 * -32768 wraps to -32768 there;
 * that is its only way to give -32768 (the smallest exact result is -32767): flip it to 32767 */
WF_SIMD_INLINE v128_t wasm_i16x8_q15mulr_sat(v128_t a, v128_t b)
{
    __m128i r = _mm_mulhrs_epi16(WF_M(a), WF_M(b));
    return WF_V(_mm_xor_si128(r, _mm_cmpeq_epi16(r, _mm_set1_epi16(INT16_MIN))));
}
WF_SIMD_INLINE v128_t wasm_i16x8_eq(v128_t a, v128_t b) { return WF_V(_mm_cmpeq_epi16(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i16x8_ne(v128_t a, v128_t b)
{
    return WF_V(_mm_xor_si128(_mm_cmpeq_epi16(WF_M(a), WF_M(b)), _mm_set1_epi32(-1)));
}
WF_SIMD_INLINE v128_t wasm_i16x8_gt(v128_t a, v128_t b) { return WF_V(_mm_cmpgt_epi16(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i16x8_le(v128_t a, v128_t b)
{
    return WF_V(_mm_xor_si128(_mm_cmpgt_epi16(WF_M(a), WF_M(b)), _mm_set1_epi32(-1)));
}
/* unsigned compare: flip the sign bits, compare signed */
WF_SIMD_INLINE v128_t wasm_u16x8_gt(v128_t a, v128_t b)
{
    const __m128i s = _mm_set1_epi16(INT16_MIN);
    return WF_V(_mm_cmpgt_epi16(_mm_xor_si128(WF_M(a), s), _mm_xor_si128(WF_M(b), s)));
}
/* shift counts are taken modulo 16 */
WF_SIMD_INLINE v128_t wasm_i16x8_shl(v128_t a, uint32_t n)
{
    return WF_V(_mm_sll_epi16(WF_M(a), _mm_cvtsi32_si128((int)(n & 15))));
}
WF_SIMD_INLINE v128_t wasm_i16x8_shr(v128_t a, uint32_t n)
{
    return WF_V(_mm_sra_epi16(WF_M(a), _mm_cvtsi32_si128((int)(n & 15))));
}
WF_SIMD_INLINE v128_t wasm_u16x8_shr(v128_t a, uint32_t n)
{
    return WF_V(_mm_srl_epi16(WF_M(a), _mm_cvtsi32_si128((int)(n & 15))));
}
WF_SIMD_INLINE v128_t wasm_i16x8_narrow_i32x4(v128_t a, v128_t b) { return WF_V(_mm_packs_epi32(WF_M(a), WF_M(b))); }
/* signed 32-bit input, saturated to 0..65535: packusdw */
WF_SIMD_INLINE v128_t wasm_u16x8_narrow_i32x4(v128_t a, v128_t b) { return WF_V(_mm_packus_epi32(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_u16x8_extend_low_u8x16(v128_t a) { return WF_V(_mm_cvtepu8_epi16(WF_M(a))); }
WF_SIMD_INLINE v128_t wasm_u16x8_extend_high_u8x16(v128_t a)
{
    return WF_V(_mm_unpackhi_epi8(WF_M(a), _mm_setzero_si128()));
}
/* pairs of u8 summed to u16: pmaddubsw with ones (255 + 255 cannot saturate) */
WF_SIMD_INLINE v128_t wasm_u16x8_extadd_pairwise_u8x16(v128_t a)
{
    return WF_V(_mm_maddubs_epi16(WF_M(a), _mm_set1_epi8(1)));
}

/* ---- i32x4 / u32x4 ---- */
WF_SIMD_INLINE v128_t wasm_i32x4_add(v128_t a, v128_t b) { return WF_V(_mm_add_epi32(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i32x4_sub(v128_t a, v128_t b) { return WF_V(_mm_sub_epi32(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i32x4_mul(v128_t a, v128_t b) { return WF_V(_mm_mullo_epi32(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i32x4_min(v128_t a, v128_t b) { return WF_V(_mm_min_epi32(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i32x4_max(v128_t a, v128_t b) { return WF_V(_mm_max_epi32(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i32x4_ne(v128_t a, v128_t b)
{
    return WF_V(_mm_xor_si128(_mm_cmpeq_epi32(WF_M(a), WF_M(b)), _mm_set1_epi32(-1)));
}
/* shift counts are taken modulo 32 */
WF_SIMD_INLINE v128_t wasm_i32x4_shl(v128_t a, uint32_t n)
{
    return WF_V(_mm_sll_epi32(WF_M(a), _mm_cvtsi32_si128((int)(n & 31))));
}
WF_SIMD_INLINE v128_t wasm_i32x4_shr(v128_t a, uint32_t n)
{
    return WF_V(_mm_sra_epi32(WF_M(a), _mm_cvtsi32_si128((int)(n & 31))));
}
WF_SIMD_INLINE v128_t wasm_u32x4_shr(v128_t a, uint32_t n)
{
    return WF_V(_mm_srl_epi32(WF_M(a), _mm_cvtsi32_si128((int)(n & 31))));
}
/* pairwise i16 products summed (wrapping: only -32768^2 * 2 overflows, to INT32_MIN in both) */
WF_SIMD_INLINE v128_t wasm_i32x4_dot_i16x8(v128_t a, v128_t b) { return WF_V(_mm_madd_epi16(WF_M(a), WF_M(b))); }
WF_SIMD_INLINE v128_t wasm_i32x4_extadd_pairwise_i16x8(v128_t a)
{
    return WF_V(_mm_madd_epi16(WF_M(a), _mm_set1_epi16(1)));
}
/* unsigned pairs: bias to signed (x - 32768), pmaddwd, add the 2 * 32768 back */
WF_SIMD_INLINE v128_t wasm_u32x4_extadd_pairwise_u16x8(v128_t a)
{
    __m128i s = _mm_madd_epi16(_mm_xor_si128(WF_M(a), _mm_set1_epi16(INT16_MIN)), _mm_set1_epi16(1));
    return WF_V(_mm_add_epi32(s, _mm_set1_epi32(65536)));
}
WF_SIMD_INLINE v128_t wasm_i32x4_extend_low_i16x8(v128_t a) { return WF_V(_mm_cvtepi16_epi32(WF_M(a))); }
WF_SIMD_INLINE v128_t wasm_i32x4_extend_high_i16x8(v128_t a)
{
    return WF_V(_mm_cvtepi16_epi32(_mm_unpackhi_epi64(WF_M(a), WF_M(a))));
}
WF_SIMD_INLINE v128_t wasm_u32x4_extend_low_u16x8(v128_t a) { return WF_V(_mm_cvtepu16_epi32(WF_M(a))); }
WF_SIMD_INLINE v128_t wasm_u32x4_extend_high_u16x8(v128_t a)
{
    return WF_V(_mm_unpackhi_epi16(WF_M(a), _mm_setzero_si128()));
}
/* u16 * u16 -> u32: low and high halves of the products, interleaved */
WF_SIMD_INLINE v128_t wasm_u32x4_extmul_low_u16x8(v128_t a, v128_t b)
{
    __m128i lo = _mm_mullo_epi16(WF_M(a), WF_M(b)), hi = _mm_mulhi_epu16(WF_M(a), WF_M(b));
    return WF_V(_mm_unpacklo_epi16(lo, hi));
}
WF_SIMD_INLINE v128_t wasm_u32x4_extmul_high_u16x8(v128_t a, v128_t b)
{
    __m128i lo = _mm_mullo_epi16(WF_M(a), WF_M(b)), hi = _mm_mulhi_epu16(WF_M(a), WF_M(b));
    return WF_V(_mm_unpackhi_epi16(lo, hi));
}

/* ---- f32x4 (IEEE add/mul: same results; NaN payloads are not specified by Wasm) ---- */
WF_SIMD_INLINE v128_t wasm_f32x4_add(v128_t a, v128_t b) { return WF_V(_mm_add_ps((__m128)a, (__m128)b)); }
WF_SIMD_INLINE v128_t wasm_f32x4_mul(v128_t a, v128_t b) { return WF_V(_mm_mul_ps((__m128)a, (__m128)b)); }

#undef WF_M
#undef WF_V

#endif
