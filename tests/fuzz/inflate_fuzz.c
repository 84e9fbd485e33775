/* SPDX-License-Identifier: MIT
 * inflate_fuzz.c: libFuzzer harness for the deflate core.
 *
 * Each input is inflated as raw, zlib and gzip with a small output limit, both
 * into the inflater's buffer and into a caller buffer (which must agree), then
 * compressed at the level picked by its first byte in the format picked by its
 * second and inflated back, which must give the input again.
 *
 * Build (not part of CMake):
 *   clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -Icore/include \
 *     core/deflate/[a-z]*.c core/common/[a-z]*.c tests/fuzz/inflate_fuzz.c -o build/inflate_fuzz
 *   ./build/inflate_fuzz -max_total_time=120 corpus_dir
 * tests/c/deflate/fuzz_driver.c runs the same entry point without libFuzzer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef FUZZ_DEBUG
#include <stdio.h>
#endif
#include "wf/deflate.h"

#define FUZZ_MAX_OUT (1u << 18)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_fail(void) { abort(); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t out[FUZZ_MAX_OUT], first[FUZZ_MAX_OUT];
    /* One inflater and one deflater for the whole run: each input also checks
     * that the contexts stay usable after whatever the previous input did. */
    static wf_inflater *d;
    static wf_deflater *c;
    if (!d)
        d = wf_inflater_alloc();
    if (!c)
        c = wf_deflater_alloc();
    if (!d || !c)
        fuzz_fail();
    for (int format = 0; format < 3; format++) {
        wf_status st = wf_inflate(d, format, data, size, FUZZ_MAX_OUT);
        size_t n1 = 0;
        if (st == WF_OK) {
            n1 = wf_inflater_output_size(d);
            if (n1 > FUZZ_MAX_OUT || wf_inflater_input_used(d) > size)
                fuzz_fail();
            if (n1)
                memcpy(first, wf_inflater_output(d), n1);
        } else if (wf_inflater_error_offset(d) > size) {
            fuzz_fail();
        }
        size_t got = 0;
        wf_status st2 = wf_inflate_into(d, format, data, size, out, FUZZ_MAX_OUT, &got);
        if (st != st2) {
#ifdef FUZZ_DEBUG
            fprintf(stderr, "format %d: %s vs %s at %zu\n", format, wf_status_name(st), wf_status_name(st2),
                    wf_inflater_error_offset(d));
#endif
            fuzz_fail();
        }
        if (st == WF_OK && (got != n1 || (got && memcmp(out, first, got) != 0)))
            fuzz_fail();
        if (st != WF_OK && wf_inflater_error_offset(d) > size)
            fuzz_fail();
    }
    /* Round trip. */
    int level = size ? data[0] % 10 : 6;
    int format = size > 1 ? data[1] % 3 : 0;
    size_t bound = wf_deflate_bound(size, format);
    uint8_t *comp = (uint8_t *)malloc(bound ? bound : 1);
    size_t cn = 0;
    if (!comp || wf_deflate(c, format, level, data, size, comp, bound, &cn) != WF_OK || cn > bound)
        fuzz_fail();
    if (wf_inflate(d, format, comp, cn, size) != WF_OK || wf_inflater_output_size(d) != size ||
        (size && memcmp(wf_inflater_output(d), data, size) != 0) || wf_inflater_input_used(d) != cn)
        fuzz_fail();
    free(comp);
    return 0;
}
