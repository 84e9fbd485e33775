/* SPDX-License-Identifier: MIT
 *
 * resize_fuzz.c: libFuzzer harness of wf_resize() and wf_transform().
 * The first 12 bytes choose the sizes (source up to 48x48, result up to
 * 96x96, any crop, including invalid ones), filter, flags and orientation;
 * the rest are the pixels (repeated to fill the image). Besides memory
 * errors (ASan, UBSan), it aborts when a valid resize differs from the
 * double-precision reference (tests/c/resize/resize_reference.h) by more than
 * one level (ref_channel_diff: the colour of a nearly transparent 16-bit
 * pixel compared premultiplied), when the streamed resize
 * (wf_resize_stream_*, RGBA8, runs of rows of a length the input chooses)
 * gives other bytes than wf_resize(), or
 * when the transform is not a permutation of pixels (applying the inverse
 * orientation must give the input back).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "wf/resize.h"
#include "../c/resize/resize_reference.h"

static const int inverse_orientation[9] = {0, 1, 2, 3, 4, 5, 8, 7, 6};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 12)
        return 0;
    int sw = data[0] % 49, sh = data[1] % 49, dw = data[2] % 97, dh = data[3] % 97;
    int cx = data[4] % 50, cy = data[5] % 50, cw = data[6] % 50, ch = data[7] % 50;
    int filter = data[8] % 7;     /* 6: invalid */
    unsigned flags = data[9] & 7; /* 4: invalid */
    int orientation = data[10] % 10;
    int full_crop = data[11] & 1;
    if (full_crop) {
        cx = cy = 0;
        cw = sw;
        ch = sh;
    }
    const uint8_t *px = data + 12;
    size_t npx = size - 12;
    size_t bpp = flags & WF_RESIZE_RGBA16 ? 8 : 4;
    size_t sbytes = (size_t)sw * sh * bpp, dbytes = (size_t)dw * dh * bpp;
    uint8_t *src = (uint8_t *)malloc(sbytes + 1), *dst = (uint8_t *)malloc(dbytes + 1);
    uint8_t *ref = (uint8_t *)malloc(dbytes + 1);
    for (size_t i = 0; i < sbytes; i++)
        src[i] = npx ? px[i % npx] : (uint8_t)i;

    /* one resizer for every input (its tables are costly to build), which
     * also checks that a context stays right after errors and size changes */
    static wf_resizer *r;
    if (!r && !(r = wf_resizer_alloc()))
        abort();
    wf_status st = wf_resize(r, src, sbytes, (uint32_t)sw, (uint32_t)sh, (uint32_t)cx, (uint32_t)cy, (uint32_t)cw,
                             (uint32_t)ch, dst, dbytes, (uint32_t)dw, (uint32_t)dh, filter, flags);
    int valid = sw && sh && dw && dh && cw && ch && cx + cw <= sw && cy + ch <= sh && filter < 6 && flags < 4;
    if ((st == WF_OK) != valid)
        abort();
    if (st == WF_OK) {
        int depth = flags & WF_RESIZE_RGBA16 ? 16 : 8;
        ref_resize(src, sw, cx, cy, cw, ch, ref, dw, dh, filter, depth, !(flags & WF_RESIZE_GAMMA));
        for (size_t i = 0; i < (size_t)dw * dh; i++) {
            int g[4], w[4];
            for (int c = 0; c < 4; c++) {
                g[c] = depth == 8 ? dst[i * 4 + c] : ((uint16_t *)(void *)dst)[i * 4 + c];
                w[c] = depth == 8 ? ref[i * 4 + c] : ((uint16_t *)(void *)ref)[i * 4 + c];
            }
            for (int c = 0; c < 4; c++) {
                if (c < 3 && (g[3] == 0 || w[3] == 0))
                    continue;
                if (ref_channel_diff(g, w, c, depth) > 1)
                    abort();
            }
        }
    }

    /* the streamed resize (opaque RGBA8): runs of rows of a length the input
     * chooses give the bytes of wf_resize(), or stop at alpha < 255 */
    if (st == WF_OK && !(flags & WF_RESIZE_RGBA16) &&
        wf_resize_stream_begin(r, (uint32_t)sw, (uint32_t)sh, (uint32_t)cx, (uint32_t)cy, (uint32_t)cw, (uint32_t)ch,
                               ref, dbytes, (uint32_t)dw, (uint32_t)dh, filter, flags) == WF_OK &&
        wf_resize_stream_rows(r)) {
        uint32_t rows = wf_resize_stream_rows(r), end = (uint32_t)(cy + ch), run = 4 + (data[11] >> 1) % 8, j;
        uint8_t *buf = wf_resize_stream_buffer(r);
        int ok = 1, pushes = 0;
        while (ok == 1 && (j = wf_resize_stream_next(r)) < end) {
            uint32_t n = run < rows ? run : rows;
            n = n < end - j ? n : end - j;
            memcpy(buf, src + (size_t)j * sw * 4, (size_t)n * sw * 4);
            ok = wf_resize_stream_push(r, n);
            if (++pushes > 100000)
                abort(); /* no progress */
        }
        if (ok < 0 || (ok == 1 && memcmp(ref, dst, dbytes) != 0))
            abort();
    }

    /* transforms: the inverse orientation gives the input back */
    unsigned tflags = flags & WF_RESIZE_RGBA16;
    st = wf_transform(src, sbytes, (uint32_t)sw, (uint32_t)sh, ref, sbytes <= dbytes ? sbytes : dbytes, orientation,
                      tflags);
    if (st == WF_OK) {
        if (orientation < 1 || orientation > 8 || !sw || !sh || sbytes > dbytes)
            abort();
        int tw = orientation >= 5 ? sh : sw, th = orientation >= 5 ? sw : sh;
        if (wf_transform(ref, sbytes, (uint32_t)tw, (uint32_t)th, dst, dbytes, inverse_orientation[orientation],
                         tflags) != WF_OK ||
            memcmp(dst, src, sbytes) != 0)
            abort();
    }
    free(src);
    free(dst);
    free(ref);
    return 0;
}
