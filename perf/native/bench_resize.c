/* SPDX-License-Identifier: MIT
 *
 * bench_resize.c: native speed of wf_resize() on the resize suite's input (a
 * raw RGBA8 file whose name ends in _<width>x<height>.rgba, written by
 * perf/run.mjs: the 12 MP photo composed from the benchmark photos), to 1600
 * pixels wide, Lanczos3 in linear light and in gamma space. Prints
 *   RESULT <input> wf-native lanczos3-<linear|gamma>_MPps <source MP/s>
 * (median CPU time of the runs). Usage: bench_resize [--quick] file.rgba ...
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wf/resize.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    int quick = 0, status = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            quick = 1;
            continue;
        }
        const char *path = argv[i], *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        unsigned w = 0, h = 0;
        const char *us = strrchr(base, '_');
        if (!us || sscanf(us + 1, "%ux%u", &w, &h) != 2 || !w || !h) {
            fprintf(stderr, "%s: name must end in _<width>x<height>.rgba\n", path);
            status = 1;
            continue;
        }
        size_t n = (size_t)w * h * 4;
        uint8_t *src = (uint8_t *)malloc(n);
        FILE *f = fopen(path, "rb");
        if (!src || !f || fread(src, 1, n, f) != n) {
            fprintf(stderr, "%s: cannot read %zu bytes\n", path, n);
            status = 1;
            if (f)
                fclose(f);
            free(src);
            continue;
        }
        fclose(f);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(strchr(base, '.') ? strchr(base, '.') - base : (long)strlen(base)),
                 base);
        unsigned dw = 1600, dh = (unsigned)((double)h * dw / w + 0.5);
        uint8_t *dst = (uint8_t *)malloc((size_t)dw * dh * 4);
        wf_resizer *r = wf_resizer_alloc();
        for (int gamma = 0; gamma <= 1 && r && dst; gamma++) {
            int runs = quick ? 5 : 15;
            double t[15];
            for (int k = -1; k < runs; k++) {
                double s = cpu_now();
                wf_status st = wf_resize(r, src, n, w, h, 0, 0, w, h, dst, (size_t)dw * dh * 4, dw, dh,
                                         WF_RESIZE_LANCZOS3, gamma ? WF_RESIZE_GAMMA : 0);
                if (st != WF_OK) {
                    fprintf(stderr, "wf_resize: %s\n", wf_status_name(st));
                    return 1;
                }
                if (k >= 0)
                    t[k] = cpu_now() - s;
            }
            qsort(t, (size_t)runs, sizeof t[0], cmp);
            printf("RESULT %s wf-native lanczos3-%s_MPps %.3f\n", name, gamma ? "gamma" : "linear",
                   (double)w * h / 1e6 / t[runs / 2]);
        }
        wf_resizer_free(r);
        free(dst);
        free(src);
    }
    return status;
}
