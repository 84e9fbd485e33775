/* SPDX-License-Identifier: MIT
 * bench_chess_util.h: what the native chess benchmarks share: clocks,
 * reading the node count of the last UCI info line, and a fixed-depth search. */
#ifndef WF_BENCH_CHESS_UTIL_H
#define WF_BENCH_CHESS_UTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wf/chess.h"

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

/* A new game from `fen`, searched to `depth` in slices of `slice` nodes (no
 * time limit); returns the nodes of the last info line. The engine's output
 * (info lines, bestmove) stays readable until the next command. */
static inline unsigned long long search_to_depth(wf_chess_engine *e, const char *fen, int depth, unsigned slice)
{
    char cmd[700];
    wf_chess_command(e, "ucinewgame", 0);
    snprintf(cmd, sizeof cmd, "position fen %s", fen);
    wf_chess_command(e, cmd, 0);
    wf_chess_output_clear(e);
    snprintf(cmd, sizeof cmd, "go depth %d", depth);
    wf_chess_command(e, cmd, 0);
    while (wf_chess_search_slice(e, 0, slice))
        ;
    return last_nodes(wf_chess_output(e));
}
#endif
