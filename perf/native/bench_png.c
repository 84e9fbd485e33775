/* SPDX-License-Identifier: MIT
 *
 * bench_png.c: PNG decode speed (megapixels/s, RGBA8 output) of wasmforge vs
 * libpng on photos, and encode speed and size of wasmforge (from RGBA8, default
 * effort) vs libpng defaults (zlib level 6, adaptive filters, from the
 * file's own colour type). Prints `RESULT <name> <impl> <metric> <value>`.
 * Usage: bench_png [file.png ...]   (default: flower_foveon and three kodim)
 */
#define _POSIX_C_SOURCE 200809L
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wf/png.h"
#include "../../tests/c/common/wf_read_file.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef struct io {
    uint8_t *p;
    size_t n, pos, cap;
} io;

static void rd(png_structp png, png_bytep out, png_size_t len)
{
    io *r = (io *)png_get_io_ptr(png);
    if (len > r->n - r->pos)
        png_error(png, "eof");
    memcpy(out, r->p + r->pos, len);
    r->pos += len;
}
static void wr(png_structp png, png_bytep data, png_size_t len)
{
    io *m = (io *)png_get_io_ptr(png);
    if (m->n + len > m->cap) {
        m->cap = (m->n + len) * 2;
        m->p = (uint8_t *)realloc(m->p, m->cap);
    }
    memcpy(m->p + m->n, data, len);
    m->n += len;
}
static void fl(png_structp png) { (void)png; }

/* libpng decode to RGBA8 into `out` (rows preallocated by the caller). */
static int libpng_decode(uint8_t *in, size_t n, uint8_t *out, png_bytep *rows)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    io r = {in, n, 0, 0};
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return 0;
    }
    png_set_read_fn(png, &r, rd);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = out + (size_t)y * w * 4;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    return 1;
}

/* libpng re-encode of the file at defaults; returns the size. */
static size_t libpng_encode(uint8_t *in, size_t n, double *secs)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    io r = {in, n, 0, 0};
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        return 0;
    }
    png_set_read_fn(png, &r, rd);
    png_read_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    png_uint_32 w, h;
    int bd, ct, il;
    png_get_IHDR(png, info, &w, &h, &bd, &ct, &il, NULL, NULL);
    png_bytepp rows = png_get_rows(png, info);
    io m = {NULL, 0, 0, 0};
    double t0 = now();
    png_structp wp = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop wi = png_create_info_struct(wp);
    if (setjmp(png_jmpbuf(wp))) {
        png_destroy_write_struct(&wp, &wi);
        png_destroy_read_struct(&png, &info, NULL);
        return 0;
    }
    png_set_write_fn(wp, &m, wr, fl);
    png_set_IHDR(wp, wi, w, h, bd, ct, PNG_INTERLACE_NONE, 0, 0);
    png_colorp pal;
    int np;
    if (png_get_PLTE(png, info, &pal, &np))
        png_set_PLTE(wp, wi, pal, np);
    png_write_info(wp, wi);
    png_write_image(wp, rows);
    png_write_end(wp, NULL);
    png_destroy_write_struct(&wp, &wi);
    *secs = now() - t0;
    png_destroy_read_struct(&png, &info, NULL);
    free(m.p);
    return m.n;
}

int main(int argc, char **argv)
{
    static const char *defaults[] = {"flower_foveon.png", "kodim01.png", "kodim05.png", "kodim23.png"};
    const char *dd = getenv("WASMFORGE_DATA");
    if (!dd || !*dd)
        dd = WF_DEFAULT_DATA_DIR;
    int nfiles = argc > 1 ? argc - 1 : 4;
    wf_png_decoder *d = wf_png_decoder_alloc();
    wf_png_encoder *e = wf_png_encoder_alloc();
    int ran = 0;
    for (int i = 0; i < nfiles; i++) {
        char path[1200];
        if (argc > 1)
            snprintf(path, sizeof path, "%s", argv[i + 1]);
        else
            snprintf(path, sizeof path, "%s/photos/%s", dd, defaults[i]);
        size_t n;
        uint8_t *in = wf_read_file(path, &n);
        if (!in) {
            fprintf(stderr, "skip %s: cannot read\n", path);
            continue;
        }
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(strlen(base) > 4 ? strlen(base) - 4 : strlen(base)), base);
        if (wf_png_decoder_read(d, in, n) != WF_OK) {
            fprintf(stderr, "skip %s: not decodable\n", path);
            free(in);
            continue;
        }
        uint32_t w = wf_png_decoder_width(d), h = wf_png_decoder_height(d);
        size_t sz = wf_png_decoder_output_size(d, 8);
        double mp = (double)w * h / 1e6;
        uint8_t *ours = (uint8_t *)malloc(sz), *ref = (uint8_t *)malloc(sz);
        png_bytep *rows = (png_bytep *)malloc(h * sizeof *rows);
        double best_o = 1e9, best_r = 1e9;
        for (int rep = 0; rep < 5; rep++) {
            double t0 = now();
            wf_status st = wf_png_decode(d, in, n, ours, sz, 8);
            double t1 = now();
            int ok = libpng_decode(in, n, ref, rows);
            double t2 = now();
            if (st != WF_OK || !ok) {
                fprintf(stderr, "%s: decode failed\n", path);
                break;
            }
            if (t1 - t0 < best_o)
                best_o = t1 - t0;
            if (t2 - t1 < best_r)
                best_r = t2 - t1;
        }
        if (memcmp(ours, ref, sz) != 0)
            fprintf(stderr, "%s: MISMATCH with libpng\n", path);
        printf("RESULT png_decode_%s wasmforge mpix_per_s %.2f\n", name, mp / best_o);
        printf("RESULT png_decode_%s libpng mpix_per_s %.2f\n", name, mp / best_r);

        size_t bound = wf_png_encode_bound(w, h, WF_PNG_PIXELS_RGBA8, 0), on = 0;
        uint8_t *png = (uint8_t *)malloc(bound);
        double te = 1e9, tr = 1e9;
        size_t rsize = 0;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = now();
            wf_png_encode(e, ours, w, h, WF_PNG_PIXELS_RGBA8, -1, 0, png, bound, &on);
            double t1 = now(), tl;
            if (t1 - t0 < te)
                te = t1 - t0;
            rsize = libpng_encode(in, n, &tl);
            if (tl < tr)
                tr = tl;
        }
        printf("RESULT png_encode_%s wasmforge mpix_per_s %.2f\n", name, mp / te);
        printf("RESULT png_encode_%s libpng mpix_per_s %.2f\n", name, mp / tr);
        printf("RESULT png_encode_%s wasmforge bytes %zu\n", name, on);
        printf("RESULT png_encode_%s libpng bytes %zu\n", name, rsize);
        free(png);
        free(rows);
        free(ours);
        free(ref);
        free(in);
        ran++;
    }
    wf_png_decoder_free(d);
    wf_png_encoder_free(e);
    return ran ? 0 : 77;
}
