/* SPDX-License-Identifier: MIT
 *
 * bench_jpeg_decode.c: decode speed of the wasmforge JPEG decoder against
 * Debian's libjpeg-turbo (default islow IDCT, fancy upsampling, RGBA
 * output for both) on ../shared/data/photos/<name>.q85.jpg.
 * Usage: bench_jpeg_decode [seconds-per-case (default 0.5)] [files...]
 * (a file name without '/' is taken from the photos folder)
 * Times are process CPU time (robust on a loaded machine).
 * Prints `RESULT jpeg_decode_<file> <impl> MPps <value>` lines (best of
 * the timed runs) and a geometric-mean line per implementation.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jpeglib.h>
#include "bench_util.h"
#include "wf/jpeg.h"

static int decode_libjpeg(const uint8_t *in, size_t n, uint8_t *out)
{
    struct jpeg_decompress_struct ci;
    struct jpeg_error_mgr err;
    ci.err = jpeg_std_error(&err);
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, in, (unsigned long)n);
    jpeg_read_header(&ci, TRUE);
    ci.out_color_space = JCS_EXT_RGBA;
    jpeg_start_decompress(&ci);
    size_t stride = (size_t)ci.output_width * 4;
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW rows[16];
        for (int i = 0; i < 16; i++)
            rows[i] = out + (ci.output_scanline + (unsigned)i < ci.output_height
                                 ? (size_t)(ci.output_scanline + (unsigned)i) * stride
                                 : 0);
        jpeg_read_scanlines(&ci, rows, 16);
    }
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    return 0;
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 0.5;
    static const char *defaults[] = {"kodim01.q85.jpg", "kodim05.q85.jpg", "kodim23.q85.jpg", "flower_foveon.q85.jpg"};
    const char *const *files = argc > 2 ? (const char *const *)argv + 2 : defaults;
    int nfiles = argc > 2 ? argc - 2 : 4;
    const char *dir = getenv("WASMFORGE_DATA");
    if (!dir || !*dir)
        dir = WF_DEFAULT_DATA_DIR;
    double logsum[2] = {0, 0};
    int counted = 0;
    wf_jpeg_decoder *d = wf_jpeg_decoder_alloc();
    for (int f = 0; f < nfiles; f++) {
        char path[1024];
        if (strchr(files[f], '/'))
            snprintf(path, sizeof path, "%s", files[f]); /* a path of its own */
        else
            snprintf(path, sizeof path, "%s/photos/%s", dir, files[f]);
        size_t n;
        uint8_t *in = wf_read_file(path, &n);
        if (!in) {
            fprintf(stderr, "cannot read %s\n", path);
            continue;
        }
        if (wf_jpeg_read_header(d, in, n) != WF_OK) {
            fprintf(stderr, "bad header %s\n", path);
            free(in);
            continue;
        }
        uint32_t w = wf_jpeg_width(d), h = wf_jpeg_height(d);
        size_t size = (size_t)w * h * 4;
        uint8_t *out = malloc(size);
        double mp = (double)w * h / 1e6;
        char name[256];
        const char *base = strrchr(files[f], '/');
        snprintf(name, sizeof name, "%s", base ? base + 1 : files[f]);
        char *dot = strstr(name, ".jpg");
        if (dot)
            *dot = 0;
        for (char *c = name; *c; c++)
            if (*c == '.')
                *c = '_';
        for (int impl = 0; impl < 2; impl++) {
            double best = 1e30, t0 = now();
            int runs = 0;
            do {
                double t = now();
                if (impl == 0) {
                    if (wf_jpeg_decode(d, in, n, out, size, 0) != WF_OK) {
                        fprintf(stderr, "decode failed %s\n", path);
                        break;
                    }
                } else {
                    decode_libjpeg(in, n, out);
                }
                t = now() - t;
                if (t < best)
                    best = t;
                runs++;
            } while (now() - t0 < secs || runs < 3);
            double mps = mp / best;
            logsum[impl] += log(mps);
            printf("RESULT jpeg_decode_%s %s MPps %.2f\n", name, impl == 0 ? "wf-native" : "libjpeg-turbo", mps);
        }
        counted++;
        free(out);
        free(in);
    }
    wf_jpeg_decoder_free(d);
    if (counted) {
        printf("RESULT jpeg_decode_geomean wf-native MPps %.2f\n", exp(logsum[0] / counted));
        printf("RESULT jpeg_decode_geomean libjpeg-turbo MPps %.2f\n", exp(logsum[1] / counted));
    }
    return 0;
}
