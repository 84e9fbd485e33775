/* SPDX-License-Identifier: MIT
 *
 * webp_sizes.c: compressed sizes of the wasmforge WebP lossless encoder
 * against `cwebp -lossless` (Debian's libwebp; default -q 75 -m 4, or the
 * arguments in $CWEBP_ARGS) and against our own PNG encoder (default
 * effort), on the same pixels: each PNG is decoded with our PNG core and
 * handed to cwebp as a PAM file.
 * Usage: webp_sizes effort file.png...   (prints one line per file, totals)
 * WEBP_SIZES_NO_CWEBP=1 skips cwebp (our sizes and times only).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "bench_util.h"
#include "wf/png.h"
#include "wf/webp.h"

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static long cwebp_size(const uint8_t *rgba, uint32_t w, uint32_t h, double *secs)
{
    char pam[64], webp[64], cmd[512];
    const char *args = getenv("CWEBP_ARGS");
    struct stat st;
    FILE *f;
    struct timespec t0, t1;
    snprintf(pam, sizeof pam, "/tmp/webp_sizes_%d.pam", (int)getpid());
    snprintf(webp, sizeof webp, "/tmp/webp_sizes_%d.webp", (int)getpid());
    f = fopen(pam, "wb");
    if (!f)
        return -1;
    fprintf(f, "P7\nWIDTH %u\nHEIGHT %u\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n", w, h);
    fwrite(rgba, 4, (size_t)w * h, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "cwebp -quiet %s %s -o %s", args ? args : "-lossless", pam, webp);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (system(cmd) != 0)
        return -1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    if (stat(webp, &st) != 0)
        return -1;
    remove(pam);
    remove(webp);
    return (long)st.st_size;
}

int main(int argc, char **argv)
{
    int effort = argc > 1 ? atoi(argv[1]) : WF_WEBP_DEFAULT_EFFORT, i;
    double tot_ours = 0, tot_cwebp = 0, tot_png = 0, t_ours = 0, t_cwebp = 0;
    int png_losses = 0;
    wf_webp_encoder *e = wf_webp_encoder_alloc();
    wf_png_encoder *pe = wf_png_encoder_alloc();
    wf_png_decoder *pd = wf_png_decoder_alloc();
    printf("%-28s %10s %10s %10s %8s %8s\n", "file", "ours", "cwebp", "png", "ours/cw", "ours/png");
    for (i = 2; i < argc; i++) {
        size_t n, sz, pbound, psize = 0;
        uint8_t *in = wf_read_file(argv[i], &n), *rgba, *pout;
        uint32_t w, h;
        long cw;
        double t0, secs = 0;
        const char *base = strrchr(argv[i], '/');
        base = base ? base + 1 : argv[i];
        if (!in || wf_png_decoder_read(pd, in, n) != WF_OK) {
            free(in);
            continue;
        }
        sz = wf_png_decoder_output_size(pd, 8);
        rgba = (uint8_t *)malloc(sz);
        w = wf_png_decoder_width(pd);
        h = wf_png_decoder_height(pd);
        if (wf_png_decode(pd, in, n, rgba, sz, 8) != WF_OK) {
            free(rgba);
            free(in);
            continue;
        }
        t0 = cpu_seconds();
        if (wf_webp_encode(e, rgba, w, h, w * 4, 1, 75, effort, WF_WEBP_ENCODE_EXACT, 100) != WF_OK) {
            fprintf(stderr, "encode failed: %s\n", argv[i]);
            return 1;
        }
        t_ours += cpu_seconds() - t0;
        cw = getenv("WEBP_SIZES_NO_CWEBP") ? 1 : cwebp_size(rgba, w, h, &secs);
        t_cwebp += secs;
        pbound = wf_png_encode_bound(w, h, WF_PNG_PIXELS_RGBA8, 0);
        pout = (uint8_t *)malloc(pbound);
        wf_png_encode(pe, rgba, w, h, WF_PNG_PIXELS_RGBA8, -1, 0, pout, pbound, &psize);
        free(pout);
        printf("%-28s %10zu %10ld %10zu %8.4f %8.4f\n", base, wf_webp_encoder_output_size(e), cw, psize,
               (double)wf_webp_encoder_output_size(e) / (double)cw,
               (double)wf_webp_encoder_output_size(e) / (double)psize);
        if (wf_webp_encoder_output_size(e) >= psize)
            png_losses++;
        tot_ours += (double)wf_webp_encoder_output_size(e);
        tot_cwebp += (double)cw;
        tot_png += (double)psize;
        free(rgba);
        free(in);
    }
    printf("TOTAL effort %d: ours %.0f cwebp %.0f (%.4f) png %.0f (%.4f); ours not smaller than PNG on %d files\n",
           effort, tot_ours, tot_cwebp, tot_ours / tot_cwebp, tot_png, tot_ours / tot_png, png_losses);
    printf("TIME ours %.2f s CPU, cwebp %.2f s wall (includes process start)\n", t_ours, t_cwebp);
    wf_webp_encoder_free(e);
    wf_png_encoder_free(pe);
    wf_png_decoder_free(pd);
    return 0;
}
