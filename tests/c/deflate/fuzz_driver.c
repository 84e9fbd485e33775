/* SPDX-License-Identifier: MIT
 * fuzz_driver.c: runs the libFuzzer entry point of tests/fuzz/inflate_fuzz.c
 * without libFuzzer over a few hundred deterministic inputs: random bytes,
 * valid zlib/gzip/raw streams (from zlib) and mutations of them (bit flips,
 * truncations, byte overwrites). A failure aborts. */
#include "test_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(void)
{
    uint8_t *buf = (uint8_t *)xmalloc(1 << 16);
    uint8_t *src = (uint8_t *)xmalloc(1 << 15);
    int runs = 0;
    for (int i = 0; i < 150; i++) {
        size_t n = rnd() % 2000;
        for (size_t k = 0; k < n; k++)
            buf[k] = (uint8_t)rnd();
        LLVMFuzzerTestOneInput(buf, n);
        runs++;
    }
    for (int i = 0; i < 120; i++) {
        size_t n = 1 + rnd() % 20000;
        if (i % 2)
            gen_text(src, n, (uint32_t)i);
        else
            for (size_t k = 0; k < n; k++)
                src[k] = (uint8_t)(rnd() % 4 ? 0 : rnd());
        int format = i % 3, level = i % 10;
        int strategy = (i / 3) % 5 == 0   ? Z_DEFAULT_STRATEGY
                       : (i / 3) % 5 == 1 ? Z_FILTERED
                       : (i / 3) % 5 == 2 ? Z_HUFFMAN_ONLY
                       : (i / 3) % 5 == 3 ? Z_RLE
                                          : Z_FIXED;
        size_t cn;
        uint8_t *c = zlib_compress(src, n, format, level, strategy, 15, 8, &cn);
        if (cn > (1 << 16))
            cn = 1 << 16;
        LLVMFuzzerTestOneInput(c, cn);
        runs++;
        for (int m = 0; m < 4; m++) {
            memcpy(buf, c, cn);
            size_t mn = cn;
            switch (rnd() % 3) {
            case 0: buf[rnd() % cn] ^= (uint8_t)(1u << (rnd() % 8)); break;
            case 1: mn = rnd() % cn; break;
            default:
                for (int k = 0; k < 4; k++)
                    buf[rnd() % cn] = (uint8_t)rnd();
                break;
            }
            LLVMFuzzerTestOneInput(buf, mn);
            runs++;
        }
        free(c);
    }
    free(buf);
    free(src);
    printf("fuzz driver: %d inputs ok\n", runs);
    return g_failures ? 1 : 0;
}
