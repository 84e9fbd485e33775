/* SPDX-License-Identifier: MIT
 * bench_chess_util.h: what the native chess benchmarks share: clocks and
 * reading the node count of the last UCI info line. */
#ifndef WF_BENCH_CHESS_UTIL_H
#define WF_BENCH_CHESS_UTIL_H
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Wall-clock milliseconds. */
static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Milliseconds of this process's CPU time (steady on a shared machine). */
static inline double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* The `nodes` field of the last info line in engine output. */
static inline unsigned long long last_nodes(const char *out)
{
    unsigned long long n = 0;
    for (const char *p = out; (p = strstr(p, " nodes ")) != NULL; p++)
        n = strtoull(p + 7, NULL, 10);
    return n;
}
#endif
