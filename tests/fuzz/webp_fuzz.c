/* SPDX-License-Identifier: MIT
 *
 * webp_fuzz.c: libFuzzer harness for the WebP decoder: header, then every
 * frame (alternating fancy and point upsampling) with a 64-kilopixel canvas
 * cap to keep runs fast. Build and run with `npm run fuzz -- webp 600`, or:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icore/include \
 *     tests/fuzz/webp_fuzz.c core/webp/[a-z]*.c core/common/status.c \
 *     core/common/memory.c -o /tmp/webp_fuzz
 *   /tmp/webp_fuzz -max_total_time=300 -max_len=65536 corpus_dir
 * (seed corpus: the .webp files of ../shared/data/webp)
 */
#include <stdint.h>
#include <stdlib.h>
#include "wf/webp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wf_webp_decoder *d;
    uint64_t px;
    size_t n;
    uint8_t *out;
    uint32_t i, frames;
    if (!d)
        d = wf_webp_decoder_alloc(); /* reused: exercises context reuse after errors */
    if (wf_webp_read_header(d, data, size) != WF_OK)
        return 0;
    px = (uint64_t)wf_webp_width(d) * wf_webp_height(d);
    if (px > (1u << 16))
        return 0;
    n = (size_t)px * 4;
    out = malloc(n ? n : 1);
    if (!out)
        return 0;
    frames = wf_webp_frame_count(d);
    for (i = 0; i < frames; i++) {
        if (wf_webp_decode_frame(d, data, size, i, out, n, 1u << 16, i & 1 ? WF_WEBP_NOFANCY : 0) != WF_OK)
            break;
    }
    if (i == frames) {
        volatile uint8_t sink = 0; /* touch the output so the sanitizers see every byte was written */
        size_t k;
        for (k = 0; k < n; k += 61)
            sink ^= out[k];
        (void)sink;
        (void)wf_webp_icc_data(d);
    }
    free(out);
    return 0;
}
