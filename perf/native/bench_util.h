/* SPDX-License-Identifier: MIT
 * bench_util.h: what the native image benchmarks share: process CPU time
 * (robust on a shared, loaded machine: a preempted run says nothing about the
 * code) and reading a whole file (wf_read_file of the native tests). */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "../../tests/c/common/wf_read_file.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
