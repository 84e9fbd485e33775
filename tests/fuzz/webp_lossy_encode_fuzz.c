/* SPDX-License-Identifier: MIT
 *
 * webp_lossy_encode_fuzz.c: libFuzzer round-trip harness for the VP8 (lossy) encoder:
 * the input chooses a small image (1-64 x 1-64), quality and effort, and
 * its pixels; the output, wrapped in RIFF/WEBP, must decode with our
 * decoder to exactly the encoder's own reconstruction converted to RGB.
 * Build and run with `npm run fuzz -- webp_lossy 600`, or:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Icore/include \
 *     tests/fuzz/webp_lossy_encode_fuzz.c core/webp/[a-z]*.c core/common/status.c \
 *     core/common/memory.c -lm -o /tmp/webp_lossy_encode_fuzz
 *   /tmp/webp_lossy_encode_fuzz -max_total_time=300 -max_len=4096
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "wf/memory.h"
#include "wf/webp.h"
#include "../../core/webp/vp8_enc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wf_vp8_enc_opts o;
    uint32_t w, h, cw, ch, i;
    size_t npx, n = 0;
    uint8_t *rgba, *recon, *vp8 = NULL, *file, *dec, *expect;
    wf_webp_decoder *d;
    if (size < 4)
        return 0;
    w = 1 + data[0] % 64;
    h = 1 + data[1] % 64;
    memset(&o, 0, sizeof(o));
    o.quality = data[2] % 101;
    o.effort = data[3] % 7;
    o.filter_level = data[3] & 0x80 ? (data[2] & 63) : -1;
    o.segments = -1;
    o.sns = -1;
    data += 4;
    size -= 4;
    npx = (size_t)w * h;
    cw = (w + 1) / 2;
    ch = (h + 1) / 2;
    rgba = malloc(npx * 4);
    recon = malloc(npx + 2 * (size_t)cw * ch);
    expect = malloc(npx * 4);
    dec = malloc(npx * 4);
    for (i = 0; i < npx * 4; i++)
        rgba[i] = size ? data[i % size] : (uint8_t)i;
    o.recon = recon;
    if (wf_vp8_encode_ex(rgba, w, h, w * 4, &o, &vp8, &n) != WF_OK)
        abort();
    file = calloc(1, n + 21);
    memcpy(file, "RIFF", 4);
    file[4] = (uint8_t)(n + (n & 1) + 12);
    file[5] = (uint8_t)((n + (n & 1) + 12) >> 8);
    file[6] = (uint8_t)((n + (n & 1) + 12) >> 16);
    memcpy(file + 8, "WEBPVP8 ", 8);
    file[16] = (uint8_t)n;
    file[17] = (uint8_t)(n >> 8);
    file[18] = (uint8_t)(n >> 16);
    memcpy(file + 20, vp8, n);
    d = wf_webp_decoder_alloc();
    if (wf_webp_decode(d, file, n + 20 + (n & 1), dec, npx * 4, 0, 0) != WF_OK)
        abort();
    wf_webp_yuv_to_rgba(recon, w, recon + npx, recon + npx + (size_t)cw * ch, cw, w, h, expect, (size_t)w * 4, 1);
    if (memcmp(dec, expect, npx * 4) != 0)
        abort(); /* the encoder's reconstruction is not what a decoder sees */
    wf_webp_decoder_free(d);
    wf_free(vp8);
    free(file);
    free(rgba);
    free(recon);
    free(expect);
    free(dec);
    return 0;
}
