/* SPDX-License-Identifier: MIT
 *
 * jpeg_fuzz.c: libFuzzer harness for the JPEG decoder (header + full decode
 * with a 64-kilopixel cap to keep runs fast). Build and run, for example:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icore/include \
 *     tests/fuzz/jpeg_fuzz.c core/jpeg/decode_[a-z]*.c core/common/status.c \
 *     core/common/memory.c -o /tmp/jpeg_fuzz
 *   /tmp/jpeg_fuzz -max_total_time=300 -max_len=65536 corpus_dir
 * (seed corpus: the .jpg files of ../shared/data/jpeg)
 */
#include <stdint.h>
#include <stdlib.h>
#include "wf/jpeg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wf_jpeg_decoder *d;
    if (!d)
        d = wf_jpeg_decoder_alloc(); /* reused: exercises context reuse after errors */
    if (wf_jpeg_read_header(d, data, size) != WF_OK)
        return 0;
    uint64_t px = (uint64_t)wf_jpeg_width(d) * wf_jpeg_height(d);
    if (px > (1u << 16))
        return 0;
    size_t n = (size_t)px * 4;
    uint8_t *out = malloc(n ? n : 1);
    if (!out)
        return 0;
    wf_status st = wf_jpeg_decode(d, data, size, out, n, 1u << 16);
    if (st == WF_OK) {
        /* touch the output so MSan/ASan see every byte was written */
        volatile uint8_t sink = 0;
        for (size_t i = 0; i < n; i += 61)
            sink ^= out[i];
        (void)sink;
        (void)wf_jpeg_icc_data(d);
        (void)wf_jpeg_orientation(d);
    }
    free(out);
    return 0;
}
