/* SPDX-License-Identifier: MIT
 * bench_deflate.c: wf_inflate / wf_deflate (level 6) against zlib on
 *   photos  the filtered scanlines of the photos' PNGs (IDAT data, zlib-inflated)
 *   text    the files of /usr/share/common-licenses, concatenated
 * Prints `RESULT <input> <impl> <op> <MB/s>` (MB/s of uncompressed data,
 * median of several runs) and `RESULT <input> <impl> size6 <bytes>`.
 * Usage: bench_deflate [data dir] (default $WASMFORGE_DATA or ../shared/data). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>
#include "wf/deflate.h"
#include "../../tests/c/common/wf_read_file.h"

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

typedef struct vec {
    uint8_t *p;
    size_t n, cap;
} vec;

static void vec_add(vec *v, const uint8_t *p, size_t n)
{
    if (v->n + n > v->cap) {
        v->cap = (v->n + n) * 2;
        v->p = realloc(v->p, v->cap);
    }
    memcpy(v->p + v->n, p, n);
    v->n += n;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Appends the inflated IDAT stream of one PNG to out. */
static void png_scanlines(const uint8_t *png, size_t n, vec *out)
{
    vec idat = {0};
    size_t pos = 8;
    while (pos + 12 <= n) {
        uint32_t len = be32(png + pos);
        if (len > n - pos - 12)
            break;
        if (memcmp(png + pos + 4, "IDAT", 4) == 0)
            vec_add(&idat, png + pos + 8, len);
        pos += 12 + len;
    }
    z_stream s;
    memset(&s, 0, sizeof(s));
    inflateInit(&s);
    uint8_t buf[65536];
    s.next_in = idat.p;
    s.avail_in = (uInt)idat.n;
    int r;
    do {
        s.next_out = buf;
        s.avail_out = sizeof(buf);
        r = inflate(&s, Z_NO_FLUSH);
        vec_add(out, buf, sizeof(buf) - s.avail_out);
    } while (r == Z_OK);
    inflateEnd(&s);
    free(idat.p);
}

static double median(double *t)
{
    qsort(t, RUNS, sizeof(double), cmp_double);
    return t[RUNS / 2];
}

static void bench(const char *name, const uint8_t *data, size_t n)
{
    double t[RUNS];
    double mb = n / 1e6;
    /* zlib level 6 (zlib format) */
    uLongf zcap = compressBound((uLong)n);
    uint8_t *z = malloc(zcap);
    uLongf zn = 0;
    for (int r = 0; r < RUNS; r++) {
        zn = zcap;
        double t0 = now();
        compress2(z, &zn, data, (uLong)n, 6);
        t[r] = now() - t0;
    }
    printf("RESULT %s zlib deflate6 %.1f\n", name, mb / median(t));
    printf("RESULT %s zlib size6 %lu\n", name, (unsigned long)zn);

    wf_deflater *c = wf_deflater_alloc();
    size_t wcap = wf_deflate_bound(n, WF_FORMAT_ZLIB);
    uint8_t *w = malloc(wcap);
    size_t wn = 0;
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        wf_deflate(c, WF_FORMAT_ZLIB, 6, data, n, w, wcap, &wn);
        t[r] = now() - t0;
    }
    printf("RESULT %s wf deflate6 %.1f\n", name, mb / median(t));
    printf("RESULT %s wf size6 %zu\n", name, wn);
    for (int level = 1; level <= 9; level += 8) {
        size_t ln = 0;
        double t0 = now();
        wf_deflate(c, WF_FORMAT_ZLIB, level, data, n, w, wcap, &ln);
        double tw = now() - t0;
        uLongf lz = zcap;
        t0 = now();
        compress2(z, &lz, data, (uLong)n, level);
        double tz = now() - t0;
        printf("RESULT %s wf deflate%d %.1f\nRESULT %s wf size%d %zu\n", name, level, mb / tw, name, level, ln);
        printf("RESULT %s zlib deflate%d %.1f\nRESULT %s zlib size%d %lu\n", name, level, mb / tz, name, level,
               (unsigned long)lz);
    }
    /* redo zlib level 6 for the inflate input */
    zn = zcap;
    compress2(z, &zn, data, (uLong)n, 6);

    uint8_t *out = malloc(n);
    for (int r = 0; r < RUNS; r++) {
        uLongf on = (uLongf)n;
        double t0 = now();
        uncompress(out, &on, z, zn);
        t[r] = now() - t0;
    }
    printf("RESULT %s zlib inflate %.1f\n", name, mb / median(t));
    wf_inflater *d = wf_inflater_alloc();
    for (int r = 0; r < RUNS; r++) {
        size_t on = 0;
        double t0 = now();
        wf_status st = wf_inflate_into(d, WF_FORMAT_ZLIB, z, zn, out, n, &on);
        t[r] = now() - t0;
        if (st || on != n || memcmp(out, data, n)) {
            fprintf(stderr, "wf_inflate mismatch on %s: %s\n", name, wf_status_name(st));
            exit(1);
        }
    }
    printf("RESULT %s wf inflate %.1f\n", name, mb / median(t));
    for (int r = 0; r < RUNS; r++) {
        double t0 = now();
        wf_inflate(d, WF_FORMAT_ZLIB, z, zn, n);
        t[r] = now() - t0;
    }
    printf("RESULT %s wf inflate_grow %.1f\n", name, mb / median(t));
    wf_inflater_free(d);
    wf_deflater_free(c);
    free(out);
    free(w);
    free(z);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : getenv("WASMFORGE_DATA");
    if (!dir || !*dir)
        dir = "../shared/data";
    char path[2048];
    vec photos = {0};
    snprintf(path, sizeof(path), "%s/photos", dir);
    DIR *dp = opendir(path);
    if (dp) {
        struct dirent *e;
        char *names[256];
        int k = 0;
        while ((e = readdir(dp)) != NULL && k < 256) {
            size_t l = strlen(e->d_name);
            if (l > 4 && strcmp(e->d_name + l - 4, ".png") == 0)
                names[k++] = strdup(e->d_name);
        }
        closedir(dp);
        /* deterministic order */
        for (int i = 1; i < k; i++)
            for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
                char *tmp = names[j];
                names[j] = names[j - 1];
                names[j - 1] = tmp;
            }
        for (int i = 0; i < k; i++) {
            char fp[4096];
            snprintf(fp, sizeof(fp), "%s/%s", path, names[i]);
            size_t n;
            uint8_t *png = wf_read_file(fp, &n);
            if (png)
                png_scanlines(png, n, &photos);
            free(png);
            free(names[i]);
        }
    }
    if (photos.n)
        bench("photos", photos.p, photos.n);
    else
        fprintf(stderr, "no photos under %s: skipped\n", path);

    vec text = {0};
    dp = opendir("/usr/share/common-licenses");
    if (dp) {
        struct dirent *e;
        char *names[256];
        int k = 0;
        while ((e = readdir(dp)) != NULL && k < 256)
            if (e->d_name[0] != '.')
                names[k++] = strdup(e->d_name);
        closedir(dp);
        for (int i = 1; i < k; i++)
            for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
                char *tmp = names[j];
                names[j] = names[j - 1];
                names[j - 1] = tmp;
            }
        for (int i = 0; i < k; i++) {
            char fp[4096];
            snprintf(fp, sizeof(fp), "/usr/share/common-licenses/%s", names[i]);
            size_t n;
            uint8_t *t = wf_read_file(fp, &n);
            if (t)
                vec_add(&text, t, n);
            free(t);
            free(names[i]);
        }
    }
    if (text.n)
        bench("text", text.p, text.n);
    free(photos.p);
    free(text.p);
    return 0;
}
