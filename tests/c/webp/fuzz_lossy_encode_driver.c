/* SPDX-License-Identifier: MIT
 * fuzz_lossy_encode_driver.c: the smoke run of tests/fuzz/webp_lossy_encode_fuzz.c without
 * libFuzzer: its past findings (tests/fuzz/regressions/webp_lossy_encode/), then
 * deterministic pseudo-random inputs (sizes, qualities, efforts, and pixels
 * that are noise, flat, or gradients). */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "../common/wf_fuzz_smoke.h"

static uint32_t state = 0x9e3779b9u;

static uint32_t rnd(void) { return wf_fuzz_rnd(&state); }

int main(void)
{
    static uint8_t buf[4 + 3000];
    int i, found = wf_fuzz_replay(WF_REGRESSION_DIR);
    for (i = 0; i < 300; i++) {
        size_t n = 4 + rnd() % 3000, k;
        int kind = i % 3;
        for (k = 0; k < n; k++) {
            uint32_t r = rnd();
            buf[k] = kind == 0 ? (uint8_t)r : kind == 1 ? (uint8_t)(k % 7 == 0 ? r : 200) : (uint8_t)(k * 3 + (r & 7));
        }
        buf[0] = (uint8_t)rnd();
        buf[1] = (uint8_t)rnd();
        buf[2] = (uint8_t)rnd();
        buf[3] = (uint8_t)rnd();
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("%d fuzzer findings replayed, %d generated inputs round-tripped\n", found, i);
    return 0;
}
