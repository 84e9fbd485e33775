/* SPDX-License-Identifier: MIT
 * fuzz_driver.c: the smoke run of tests/fuzz/webp_fuzz.c: its libFuzzer entry
 * point over the fuzzers' past findings (tests/fuzz/regressions/webp/), and
 * over every corpus file and deterministic mutations of each (bit flips,
 * byte overwrites, truncations), without libFuzzer. Run it under
 * -DWF_SANITIZE=ON to see the findings stay fixed. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include "webp_test_util.h"
#include "../common/wf_fuzz_smoke.h"

static int runs;
static uint32_t state = 0x2545f491u;

static uint32_t rnd(void) { return wf_fuzz_rnd(&state); }

static void one(const char *dir, const char *name)
{
    char path[8192];
    size_t n;
    uint8_t *data, *copy;
    int i;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    data = wf_read_file(path, &n);
    if (!data || n > (1u << 16) || n < 16) {
        free(data);
        return;
    }
    LLVMFuzzerTestOneInput(data, n);
    copy = malloc(n);
    for (i = 0; i < 8; i++) {
        int k;
        memcpy(copy, data, n);
        for (k = 0; k < 1 + i % 4; k++) {
            size_t pos = 12 + rnd() % (n - 12);
            if (i & 1)
                copy[pos] ^= (uint8_t)(1u << (rnd() % 8));
            else
                copy[pos] = (uint8_t)rnd();
        }
        LLVMFuzzerTestOneInput(copy, i == 7 ? rnd() % n : n);
        runs += 1;
    }
    free(copy);
    free(data);
}

int main(void)
{
    int found = wf_fuzz_replay(WF_REGRESSION_DIR), files;
    printf("%d fuzzer findings replayed\n", found);
    files = webp_each_file(one);
    if (files < 0) {
        printf("SKIP: no WebP corpus at %s\n", webp_data_dir());
        return 77;
    }
    printf("%d mutated inputs from %d files, no crash\n", runs, files);
    return 0;
}
