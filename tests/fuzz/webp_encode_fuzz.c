/* SPDX-License-Identifier: MIT
 *
 * webp_encode_fuzz.c: libFuzzer round-trip harness for the WebP lossless
 * encoder: the first bytes choose the size (1-64 x 1-64), effort, exact and
 * a pixel pattern; the rest are the pixels (cycled, optionally reduced to a
 * few colours or made smooth, to reach the palette, bundling, LZ77 and cache
 * paths). The file must decode (with our decoder) to exactly the input (the
 * visible pixels without exact), else the harness aborts. Build and run with
 * `npm run fuzz -- webp_encode 600`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "wf/webp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wf_webp_encoder *e;
    static wf_webp_decoder *d;
    uint32_t w, h, i, n;
    int effort, exact, pattern;
    uint8_t *rgba, *back;
    const uint8_t *px;
    size_t npx;
    if (size < 5)
        return 0;
    if (!e)
        e = wf_webp_encoder_alloc();
    if (!d)
        d = wf_webp_decoder_alloc();
    w = 1 + data[0] % 64;
    h = 1 + data[1] % 64;
    effort = data[2] % 10;
    exact = (data[2] / 10) & 1;
    pattern = data[3] % 4;
    px = data + 4;
    npx = size - 4;
    n = w * h;
    rgba = (uint8_t *)malloc((size_t)n * 4);
    back = (uint8_t *)malloc((size_t)n * 4);
    if (!rgba || !back) {
        free(rgba);
        free(back);
        return 0;
    }
    for (i = 0; i < n * 4; i++) {
        uint8_t v = px[i % npx];
        if (pattern == 1)
            v &= 0xc0; /* few colours: palette and bundling */
        else if (pattern == 2)
            v = (uint8_t)(v % 3 + (i / 4) % 7); /* smooth: predictors, LZ77 */
        else if (pattern == 3 && (i & 3) == 3)
            v = v & 1 ? 0 : 255; /* binary alpha with hidden colours */
        rgba[i] = v;
    }
    if (wf_webp_encode(e, rgba, w, h, w * 4, 1, 75, effort, exact ? WF_WEBP_ENCODE_EXACT : 0, 100) != WF_OK)
        abort();
    if (wf_webp_decode(d, wf_webp_encoder_output(e), wf_webp_encoder_output_size(e), back, (size_t)n * 4, 0, 0) !=
        WF_OK)
        abort();
    for (i = 0; i < n; i++) {
        const uint8_t *a = rgba + 4 * i, *b = back + 4 * i;
        if (exact || a[3] != 0 ? memcmp(a, b, 4) != 0 : b[3] != 0)
            abort();
    }
    free(rgba);
    free(back);
    return 0;
}
