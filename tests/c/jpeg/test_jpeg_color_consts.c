/* SPDX-License-Identifier: MIT
 *
 * test_jpeg_color_consts.c: the identities the SIMD YCbCr -> RGB conversion
 * of core/jpeg/decode_color.c relies on, checked for every input:
 *   (26345 * r + 32768) >> 16 == q15mulr(r, 13173)
 *   (-14942 * b + 32768) >> 16 == q15mulr(b, -7471)
 * for r, b in -128..127, where q15mulr(x, k) is Wasm's
 * i16x8.q15mulr_sat_s: saturate((x * k + 16384) >> 15). (The SIMD build runs
 * only in Wasm; the native build uses the scalar formulas, so this is where
 * the rewrite is proved.)
 */
#include <stdint.h>
#include "../common/wf_check.h"

static int q15mulr(int x, int k)
{
    int32_t v = (int32_t)(x * k + 16384) >> 15;
    return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

int main(void)
{
    for (int v = -128; v <= 127; v++) {
        int r = (int)((int32_t)(26345 * v + 32768) >> 16);
        int b = (int)((int32_t)(-14942 * v + 32768) >> 16);
        CHECK(q15mulr(v, 13173) == r, "Cr' = %d: q15mulr %d, reference %d", v, q15mulr(v, 13173), r);
        CHECK(q15mulr(v, -7471) == b, "Cb' = %d: q15mulr %d, reference %d", v, q15mulr(v, -7471), b);
        /* the full-formula forms of decode_color.c's header comment */
        CHECK(v + r == (int)((int32_t)(91881 * v + 32768) >> 16), "R term at %d", v);
        CHECK(2 * v + b == (int)((int32_t)(116130 * v + 32768) >> 16), "B term at %d", v);
    }
    return wf_check_report();
}
