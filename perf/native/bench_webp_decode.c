/* SPDX-License-Identifier: MIT
 *
 * bench_webp_decode.c: decode speed of the wasmforge WebP decoder against
 * Debian's libwebp (WebPDecodeRGBAInto: fancy upsampling, RGBA output, as
 * dwebp) on the WebP files given.
 * Usage: bench_webp_decode seconds-per-case file.webp...
 * Times are process CPU time (robust on a loaded machine). Prints
 * `RESULT webp_decode_<file> <impl> MPps <value>` lines (best of the timed
 * runs) and a geometric-mean line per implementation.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <webp/decode.h>
#include "bench_util.h"
#include "wf/webp.h"

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 0.5, logsum[2] = {0, 0};
    int counted = 0, f;
    wf_webp_decoder *d = wf_webp_decoder_alloc();
    for (f = 2; f < argc; f++) {
        size_t n, size;
        uint8_t *in = wf_read_file(argv[f], &n), *out;
        uint32_t w, h;
        double mp;
        char name[256], *dot;
        const char *base;
        int impl;
        if (!in || wf_webp_read_header(d, in, n) != WF_OK) {
            fprintf(stderr, "cannot read %s\n", argv[f]);
            free(in);
            continue;
        }
        w = wf_webp_width(d);
        h = wf_webp_height(d);
        size = (size_t)w * h * 4;
        out = malloc(size);
        mp = (double)w * h / 1e6;
        base = strrchr(argv[f], '/');
        snprintf(name, sizeof name, "%s", base ? base + 1 : argv[f]);
        if ((dot = strstr(name, ".webp")) != NULL)
            *dot = 0;
        for (dot = name; *dot; dot++)
            if (*dot == '.' || *dot == '-')
                *dot = '_';
        for (impl = 0; impl < 2; impl++) {
            double best = 1e30, t0 = now(), mps;
            int runs = 0;
            do {
                double t = now();
                if (impl == 0) {
                    if (wf_webp_decode(d, in, n, out, size, 0, 0) != WF_OK) {
                        fprintf(stderr, "decode failed %s\n", argv[f]);
                        break;
                    }
                } else if (!WebPDecodeRGBAInto(in, n, out, size, (int)w * 4)) {
                    fprintf(stderr, "libwebp failed %s\n", argv[f]);
                    break;
                }
                t = now() - t;
                if (t < best)
                    best = t;
                runs++;
            } while (now() - t0 < secs || runs < 3);
            mps = mp / best;
            logsum[impl] += log(mps);
            printf("RESULT webp_decode_%s %s MPps %.2f\n", name, impl == 0 ? "wf-native" : "libwebp", mps);
        }
        counted++;
        free(out);
        free(in);
    }
    wf_webp_decoder_free(d);
    if (counted) {
        printf("RESULT webp_decode_geomean wf-native MPps %.2f\n", exp(logsum[0] / counted));
        printf("RESULT webp_decode_geomean libwebp MPps %.2f\n", exp(logsum[1] / counted));
    }
    return 0;
}
