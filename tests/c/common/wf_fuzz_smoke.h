/* SPDX-License-Identifier: MIT
 *
 * wf_fuzz_smoke.h: what the smoke runs of the libFuzzer harnesses share (the
 * tests/c/<core>/fuzz*_driver.c programs, which call a harness's
 * LLVMFuzzerTestOneInput without libFuzzer): a deterministic pseudo-random
 * generator and the replay of the fuzzers' past findings.
 */
#ifndef WF_FUZZ_SMOKE_H
#define WF_FUZZ_SMOKE_H
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "wf_read_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* xorshift32: the same sequence on every machine; *state must not be 0. */
static inline uint32_t wf_fuzz_rnd(uint32_t *state)
{
    uint32_t s = *state;
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return *state = s;
}

/* Runs the harness on every file of dir (a missing dir is empty); returns how many. */
static inline int wf_fuzz_replay(const char *dir_path)
{
    DIR *dir = opendir(dir_path);
    struct dirent *e;
    int n = 0;
    if (!dir)
        return 0;
    while ((e = readdir(dir)) != NULL) {
        char path[4096];
        size_t size;
        uint8_t *data;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir_path, e->d_name);
        data = wf_read_file(path, &size);
        if (data) {
            LLVMFuzzerTestOneInput(data, size);
            n++;
        }
        free(data);
    }
    closedir(dir);
    return n;
}
#endif
