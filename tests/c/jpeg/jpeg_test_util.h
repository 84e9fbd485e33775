/* SPDX-License-Identifier: MIT
 *
 * jpeg_test_util.h: helpers shared by the JPEG decoder tests: file I/O, the
 * corpus location, and a reference decode with Debian's libjpeg-turbo
 * (default settings: islow IDCT, fancy upsampling, same as `djpeg`).
 * Test code only; never linked into the core.
 */
#ifndef WF_JPEG_TEST_UTIL_H
#define WF_JPEG_TEST_UTIL_H

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include "../common/wf_read_file.h"

static inline int write_file(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    int ok = fwrite(p, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

/* ---- libjpeg reference ---- */

struct ref_err {
    struct jpeg_error_mgr pub;
    jmp_buf jb;
    int warnings;
};

static void ref_error_exit(j_common_ptr cinfo) { longjmp(((struct ref_err *)cinfo->err)->jb, 1); }

static void ref_emit(j_common_ptr cinfo, int level)
{
    if (level < 0)
        ((struct ref_err *)cinfo->err)->warnings++;
}

/* Decodes with libjpeg into RGBA (alpha 255). CMYK/YCCK are decoded to
 * (inverted-Adobe) CMYK by libjpeg and turned into RGB with the rule of
 * wf/jpeg.h. Returns NULL when libjpeg fails. */
static inline uint8_t *ref_decode(const uint8_t *in, size_t n, int *w, int *h, int *warnings)
{
    struct jpeg_decompress_struct ci;
    struct ref_err err;
    uint8_t *volatile out = NULL;
    JSAMPLE *volatile row = NULL;
    ci.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = ref_error_exit;
    err.pub.emit_message = ref_emit;
    err.warnings = 0;
    if (setjmp(err.jb)) {
        jpeg_destroy_decompress(&ci);
        free(out);
        free(row);
        return NULL;
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, in, (unsigned long)n);
    jpeg_read_header(&ci, TRUE);
    int cmyk = ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK;
    int invert = cmyk && !ci.saw_Adobe_marker;
    if (cmyk)
        ci.out_color_space = JCS_CMYK;
    else if (ci.jpeg_color_space == JCS_GRAYSCALE)
        ci.out_color_space = JCS_GRAYSCALE;
    else
        ci.out_color_space = JCS_RGB;
    jpeg_start_decompress(&ci);
    int W = (int)ci.output_width, H = (int)ci.output_height, nc = ci.output_components;
    out = malloc((size_t)W * H * 4);
    row = malloc((size_t)W * nc);
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW rp = row;
        int y = (int)ci.output_scanline;
        jpeg_read_scanlines(&ci, &rp, 1);
        uint8_t *o = out + (size_t)y * W * 4;
        for (int x = 0; x < W; x++) {
            const JSAMPLE *p = row + (size_t)x * nc;
            if (nc == 1) {
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = p[0];
            } else if (nc == 3) {
                o[4 * x] = p[0];
                o[4 * x + 1] = p[1];
                o[4 * x + 2] = p[2];
            } else {
                int x255 = invert ? 255 : 0, k = p[3] ^ x255;
                for (int c = 0; c < 3; c++)
                    o[4 * x + c] = (uint8_t)(((p[c] ^ x255) * k + 127) / 255);
            }
            o[4 * x + 3] = 255;
        }
    }
    jpeg_finish_decompress(&ci);
    if (warnings)
        *warnings = err.warnings;
    jpeg_destroy_decompress(&ci);
    free(row);
    *w = W;
    *h = H;
    return out;
}

/* Max abs difference over RGB and the number of exactly equal channel
 * values; alpha must be 255 in `a` (ours). */
static inline int rgba_diff(const uint8_t *a, const uint8_t *b, size_t pixels, size_t *exact)
{
    int maxd = 0;
    size_t ex = 0;
    for (size_t i = 0; i < pixels; i++) {
        for (int c = 0; c < 3; c++) {
            int dd = abs((int)a[4 * i + c] - (int)b[4 * i + c]);
            if (dd > maxd)
                maxd = dd;
            ex += dd == 0;
        }
        if (a[4 * i + 3] != 255)
            maxd = 999;
    }
    *exact = ex;
    return maxd;
}

#endif
