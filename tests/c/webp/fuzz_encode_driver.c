/* SPDX-License-Identifier: MIT
 * fuzz_encode_driver.c: the smoke run of tests/fuzz/webp_encode_fuzz.c: its
 * libFuzzer entry point over the fuzzers' past findings
 * (tests/fuzz/regressions/webp_encode/) and over deterministic pseudo-random
 * inputs of every size class, effort and pattern, without libFuzzer. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "../common/wf_fuzz_smoke.h"

static uint32_t state = 0x9e3779b9u;

static uint32_t rnd(void) { return wf_fuzz_rnd(&state); }

int main(void)
{
    uint8_t buf[4 + 4096];
    int runs = 0, i, reg = wf_fuzz_replay(WF_REGRESSION_DIR);
    for (i = 0; i < 400; i++) {
        size_t len = 5 + rnd() % (sizeof buf - 5), k;
        buf[0] = (uint8_t)rnd();
        buf[1] = (uint8_t)rnd();
        buf[2] = (uint8_t)i;
        buf[3] = (uint8_t)(i / 10);
        for (k = 4; k < len; k++)
            buf[k] = (uint8_t)(i % 3 ? rnd() : rnd() % 5);
        LLVMFuzzerTestOneInput(buf, len);
        runs++;
    }
    printf("webp encode fuzz smoke: %d runs, %d regression files\n", runs, reg);
    return 0;
}
