/* SPDX-License-Identifier: MIT
 *
 * png_test_util.h: helpers shared by the PNG tests: corpus lookup, file
 * loading, and the libpng reference decoder/encoder (the oracle).
 */
#ifndef WF_PNG_TEST_UTIL_H
#define WF_PNG_TEST_UTIL_H

#include <dirent.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../common/wf_read_file.h"

static int g_failures = 0;
#define CHECK(cond, ...)                                         \
    do {                                                         \
        if (!(cond)) {                                           \
            g_failures++;                                        \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                        \
            fprintf(stderr, "\n");                               \
        }                                                        \
    } while (0)

static inline int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted list of *.png names in dir; returns count (0 if missing). */
static inline int list_pngs(const char *dir, char ***names_ret)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".png") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = (char **)realloc(names, (size_t)cap * sizeof *names);
        }
        names[n] = (char *)malloc(l + 1);
        memcpy(names[n++], e->d_name, l + 1);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, name_cmp);
    *names_ret = names;
    return n;
}

static inline void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* ---- libpng reference -------------------------------------------------- */

typedef struct mem_reader {
    const uint8_t *p;
    size_t n, pos;
} mem_reader;

static inline void ref_read_fn(png_structp png, png_bytep out, png_size_t len)
{
    mem_reader *r = (mem_reader *)png_get_io_ptr(png);
    if (len > r->n - r->pos)
        png_error(png, "read past end");
    memcpy(out, r->p + r->pos, len);
    r->pos += len;
}

static inline void ref_quiet(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Decodes with libpng to RGBA8 (depth 8) or native-endian RGBA16 (depth 16),
 * no gamma. Returns malloc'ed pixels or NULL when libpng fails. If
 * `read_end`, the chunks after the image are read too (png_read_end). */
static inline uint8_t *ref_decode(const uint8_t *in, size_t n, int depth, uint32_t *w_ret, uint32_t *h_ret)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, ref_quiet);
    png_infop info = png_create_info_struct(png);
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    mem_reader r = {in, n, 0};
    if (setjmp(png_jmpbuf(png))) {
        free(pixels);
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        return NULL;
    }
    png_set_read_fn(png, &r, ref_read_fn);
    png_read_info(png, info);
    png_uint_32 w, h;
    int bd, ct, il;
    png_get_IHDR(png, info, &w, &h, &bd, &ct, &il, NULL, NULL);
    png_set_expand(png);
    if (depth == 8)
        png_set_strip_16(png);
    else {
        png_set_expand_16(png);
        png_set_swap(png); /* big-endian file samples to host order (little-endian host) */
    }
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, depth == 8 ? 0xff : 0xffff, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t stride = (size_t)w * (depth == 8 ? 4 : 8);
    if (png_get_rowbytes(png, info) != stride)
        png_error(png, "unexpected row size");
    pixels = (uint8_t *)malloc(stride * h);
    rows = (png_bytep *)malloc(h * sizeof(png_bytep));
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = pixels + y * stride;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    *w_ret = w;
    *h_ret = h;
    return pixels;
}

typedef struct mem_writer {
    uint8_t *p;
    size_t n, cap;
} mem_writer;

static inline void ref_write_fn(png_structp png, png_bytep data, png_size_t len)
{
    mem_writer *m = (mem_writer *)png_get_io_ptr(png);
    if (m->n + len > m->cap) {
        m->cap = (m->n + len) * 2;
        m->p = (uint8_t *)realloc(m->p, m->cap);
    }
    memcpy(m->p + m->n, data, len);
    m->n += len;
}
static inline void ref_flush_fn(png_structp png) { (void)png; }

/* Re-encodes a PNG file with libpng defaults (zlib level 6, adaptive
 * filters, non-interlaced), keeping its colour type, bit depth, PLTE and tRNS
 * but no other chunks: the size "libpng default" gives for that image.
 * Returns the size, 0 on failure. */
static inline size_t ref_reencode_size(const uint8_t *in, size_t n)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, ref_quiet);
    png_infop info = png_create_info_struct(png);
    png_structp wp = NULL;
    png_infop winfo = NULL;
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    mem_writer m = {NULL, 0, 0};
    mem_reader r = {in, n, 0};
    if (setjmp(png_jmpbuf(png))) {
        free(pixels);
        free(rows);
        free(m.p);
        png_destroy_read_struct(&png, &info, NULL);
        return 0;
    }
    png_set_read_fn(png, &r, ref_read_fn);
    png_read_info(png, info);
    png_uint_32 w, h;
    int bd, ct, il;
    png_get_IHDR(png, info, &w, &h, &bd, &ct, &il, NULL, NULL);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t stride = png_get_rowbytes(png, info);
    pixels = (uint8_t *)calloc(h, stride); /* zeroed: libpng keeps the caller's padding bits of sub-byte rows */
    rows = (png_bytep *)malloc(h * sizeof(png_bytep));
    for (png_uint_32 y = 0; y < h; y++)
        rows[y] = pixels + y * stride;
    png_read_image(png, rows);

    wp = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, ref_quiet);
    winfo = png_create_info_struct(wp);
    if (setjmp(png_jmpbuf(wp))) {
        png_destroy_write_struct(&wp, &winfo);
        free(m.p);
        m.p = NULL;
        m.n = 0;
    } else {
        png_set_write_fn(wp, &m, ref_write_fn, ref_flush_fn);
        png_set_IHDR(wp, winfo, w, h, bd, ct, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
        png_colorp pal;
        int npal;
        if (png_get_PLTE(png, info, &pal, &npal))
            png_set_PLTE(wp, winfo, pal, npal);
        png_bytep ta;
        int nt;
        png_color_16p tc;
        if (png_get_tRNS(png, info, &ta, &nt, &tc))
            png_set_tRNS(wp, winfo, ta, nt, tc);
        png_write_info(wp, winfo);
        png_write_image(wp, rows);
        png_write_end(wp, NULL);
        png_destroy_write_struct(&wp, &winfo);
    }
    free(pixels);
    free(rows);
    free(m.p);
    png_destroy_read_struct(&png, &info, NULL);
    return m.n;
}

#endif
