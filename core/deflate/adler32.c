/* SPDX-License-Identifier: MIT
 * adler32.c: Adler-32 (RFC 1950 section 8.2), with the modulo taken once per
 * chunk of at most NMAX bytes (the largest n for which the sums cannot
 * overflow 32 bits: 255 n (n + 1) / 2 + (n + 1) (BASE - 1) < 2^32). */
#include "wf/deflate.h"

#define ADLER_BASE 65521u
#define ADLER_NMAX 5552u

uint32_t wf_adler32(uint32_t adler, const uint8_t *p, size_t len)
{
    uint32_t a = adler & 0xFFFF, b = adler >> 16;
    while (len) {
        size_t n = len < ADLER_NMAX ? len : ADLER_NMAX;
        len -= n;
        while (n >= 8) {
            a += p[0]; b += a;
            a += p[1]; b += a;
            a += p[2]; b += a;
            a += p[3]; b += a;
            a += p[4]; b += a;
            a += p[5]; b += a;
            a += p[6]; b += a;
            a += p[7]; b += a;
            p += 8;
            n -= 8;
        }
        while (n--) {
            a += *p++;
            b += a;
        }
        a %= ADLER_BASE;
        b %= ADLER_BASE;
    }
    return b << 16 | a;
}
