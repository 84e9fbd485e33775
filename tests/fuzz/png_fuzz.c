/* SPDX-License-Identifier: MIT
 *
 * png_fuzz.c: libFuzzer harness for the PNG decoder (and, on small images,
 * an encode/decode round trip that must reproduce the pixels).
 *
 *   clang-14 -g -O1 -fsanitize=fuzzer,address,undefined -Icore/include \
 *     tests/fuzz/png_fuzz.c $(ls core/png/ core/deflate/ core/common/ with .c) -o png_fuzz
 *   (that is: every .c file of core/png, core/deflate and core/common)
 *   ./png_fuzz -max_len=65536 -max_total_time=300 corpus/ ../shared/data/pngsuite/
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "wf/png.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wf_png_decoder *d;
    static wf_png_encoder *e;
    if (!d) {
        d = wf_png_decoder_alloc();
        e = wf_png_encoder_alloc();
    }
    wf_png_header h;
    (void)wf_png_info(data, size, &h);
    wf_png_decoder_set_max_pixels(d, 1u << 22);
    wf_png_decoder_set_check_crc(d, size & 1); /* half the inputs skip CRC checks */
    if (wf_png_decoder_read(d, data, size) != WF_OK)
        return 0;
    for (uint32_t i = 0; i < wf_png_meta_text_count(d); i++) {
        volatile uint8_t sink = 0;
        for (int f = 0; f < 4; f++) {
            const uint8_t *p = wf_png_meta_text_field(d, i, f);
            size_t n = wf_png_meta_text_field_size(d, i, f);
            if (n)
                sink ^= p[0] ^ p[n - 1];
        }
        (void)sink;
    }
    for (int depth = 8; depth <= 16; depth += 8) {
        size_t n = wf_png_decoder_output_size(d, depth);
        uint8_t *out = (uint8_t *)malloc(n ? n : 1);
        if (!out)
            return 0;
        wf_status st = wf_png_decode(d, data, size, out, n, depth);
        uint32_t w = wf_png_decoder_width(d), hh = wf_png_decoder_height(d);
        if (st == WF_OK && depth == 8 && (size_t)w * hh <= 4096) {
            size_t bound = wf_png_encode_bound(w, hh, WF_PNG_PIXELS_RGBA8, 0), pn = 0;
            uint8_t *png = (uint8_t *)malloc(bound);
            if (png && wf_png_encode(e, out, w, hh, WF_PNG_PIXELS_RGBA8, (int)(size % 10), (int)(size >> 1) & 1, png,
                                     bound, &pn) == WF_OK) {
                uint8_t *back = (uint8_t *)malloc(n);
                wf_png_decoder_set_check_crc(d, 1);
                if (!back || wf_png_decode(d, png, pn, back, n, 8) != WF_OK || memcmp(back, out, n) != 0)
                    abort();
                free(back);
            }
            free(png);
        }
        if (st == WF_OK) { /* APNG frames, in order, then one out of order */
            uint32_t nf = wf_png_decoder_frame_count(d);
            for (uint32_t f = 0; f < nf && f < 64; f++)
                if (wf_png_decode_frame(d, data, size, out, n, depth, f) != WF_OK)
                    break;
            if (nf > 1)
                (void)wf_png_decode_frame(d, data, size, out, n, depth, nf / 2);
        }
        free(out);
        if (st != WF_OK)
            break;
    }
    return 0;
}
