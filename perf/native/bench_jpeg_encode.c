/* SPDX-License-Identifier: MIT
 * bench_jpeg_encode.c: wf_jpeg_encode against libjpeg-turbo's compressor on the
 * benchmark photos (kodim01, kodim05, kodim23, flower_foveon; RGBA input),
 * quality 85, 4:2:0, islow DCT, with standard and with optimised Huffman tables.
 * Prints `RESULT <input> <impl> <op> <MP/s>` (median of several runs) and
 * `RESULT <input> <impl> <size-op> <bytes>`, ops: encode_q85_420, encode_q85_420_opt,
 * encode_q85_420_prog; input "all" is the total over the photos.
 * Usage: bench_jpeg_encode [data dir] (default $WASMFORGE_DATA or ../shared/data). */
#define _POSIX_C_SOURCE 200809L
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jpeglib.h>

#include "wf/jpeg_encode.h"

#define RUNS 7

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *t)
{
    qsort(t, RUNS, sizeof(double), cmp_double);
    return t[RUNS / 2];
}

static uint8_t *load_rgba(const char *path, uint32_t *w, uint32_t *h)
{
    png_image p;
    memset(&p, 0, sizeof(p));
    p.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&p, path))
        return NULL;
    p.format = PNG_FORMAT_RGBA;
    uint8_t *buf = malloc(PNG_IMAGE_SIZE(p));
    if (!buf || !png_image_finish_read(&p, NULL, buf, 0, NULL)) {
        free(buf);
        png_image_free(&p);
        return NULL;
    }
    *w = p.width;
    *h = p.height;
    return buf;
}

static size_t turbo_encode(const uint8_t *rgba, uint32_t w, uint32_t h, int mode, unsigned char **buf,
                           unsigned long *cap)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr em;
    c.err = jpeg_std_error(&em);
    jpeg_create_compress(&c);
    unsigned long size = *cap;
    jpeg_mem_dest(&c, buf, &size);
    c.image_width = w;
    c.image_height = h;
    c.input_components = 4;
    c.in_color_space = JCS_EXT_RGBA;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 85, TRUE);
    c.dct_method = JDCT_ISLOW;
    c.optimize_coding = mode != 0;
    if (mode == 2)
        jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = (JSAMPROW)(rgba + (size_t)c.next_scanline * w * 4);
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    if (size > *cap)
        *cap = size;
    return size;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : getenv("WASMFORGE_DATA");
    if (!dir || !*dir)
        dir = "../shared/data";
    static const char *names[] = {"kodim01", "kodim05", "kodim23", "flower_foveon"};
    static const char *ops[] = {"encode_q85_420", "encode_q85_420_opt", "encode_q85_420_prog"};
    static const int flags[] = {0, WF_JPEG_ENCODE_OPTIMIZE, WF_JPEG_ENCODE_PROGRESSIVE};
    double tot_mp = 0, tot_t[2][3] = {{0}}, tot_b[2][3] = {{0}};
    wf_jpeg_encoder *e = wf_jpeg_encoder_alloc();
    for (int i = 0; i < 4; i++) {
        char path[1200];
        snprintf(path, sizeof(path), "%s/photos/%s.png", dir, names[i]);
        uint32_t w, h;
        uint8_t *rgba = load_rgba(path, &w, &h);
        if (!rgba) {
            fprintf(stderr, "bench_jpeg_encode: cannot read %s\n", path);
            return 77;
        }
        double mp = (double)w * h / 1e6;
        tot_mp += mp;
        size_t cap = wf_jpeg_encode_bound(w, h, WF_JPEG_ENCODE_420, WF_JPEG_ENCODE_PROGRESSIVE);
        uint8_t *out = malloc(cap);
        unsigned long tcap = (unsigned long)cap;
        unsigned char *tbuf = malloc(tcap);
        for (int m = 0; m < 3; m++) {
            double t[RUNS];
            size_t n = 0, tn = 0;
            for (int r = 0; r < RUNS; r++) {
                double t0 = now();
                if (wf_jpeg_encode(e, rgba, w, h, 0, WF_JPEG_ENCODE_RGBA8, 85, WF_JPEG_ENCODE_420, flags[m], 0, out,
                                   cap, &n) != WF_OK) {
                    fprintf(stderr, "encode failed\n");
                    return 1;
                }
                t[r] = now() - t0;
            }
            double tw = median(t);
            for (int r = 0; r < RUNS; r++) {
                double t0 = now();
                tn = turbo_encode(rgba, w, h, m, &tbuf, &tcap);
                t[r] = now() - t0;
            }
            double tt = median(t);
            printf("RESULT %s wf %s %.1f\nRESULT %s wf size_%s %zu\n", names[i], ops[m], mp / tw, names[i], ops[m], n);
            printf("RESULT %s libjpeg-turbo %s %.1f\nRESULT %s libjpeg-turbo size_%s %zu\n", names[i], ops[m], mp / tt,
                   names[i], ops[m], tn);
            tot_t[0][m] += tw;
            tot_t[1][m] += tt;
            tot_b[0][m] += (double)n;
            tot_b[1][m] += (double)tn;
        }
        free(out);
        free(tbuf);
        free(rgba);
    }
    for (int m = 0; m < 3; m++) {
        printf("RESULT all wf %s %.1f\nRESULT all wf size_%s %.0f\n", ops[m], tot_mp / tot_t[0][m], ops[m],
               tot_b[0][m]);
        printf("RESULT all libjpeg-turbo %s %.1f\nRESULT all libjpeg-turbo size_%s %.0f\n", ops[m],
               tot_mp / tot_t[1][m], ops[m], tot_b[1][m]);
    }
    wf_jpeg_encoder_free(e);
    return 0;
}
