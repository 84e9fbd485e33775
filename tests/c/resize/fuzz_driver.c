/* SPDX-License-Identifier: MIT
 * fuzz_driver.c: runs the libFuzzer entry point of tests/fuzz/resize_fuzz.c
 * without libFuzzer over deterministic inputs: every filter and flag value,
 * random headers and pixels, after the fuzzer's past findings
 * (tests/fuzz/regressions/resize/: a finding of `npm run fuzz -- resize`
 * becomes one more file there). A failure aborts. */
#include <stdint.h>
#include <stdio.h>
#include "../common/wf_fuzz_smoke.h"

int main(void)
{
    uint8_t buf[12 + 4096];
    uint32_t x = 2463534242u;
    int runs = wf_fuzz_replay(WF_REGRESSION_DIR);
    printf("%d fuzzer findings replayed\n", runs);
    for (int i = 0; i < 1500; i++) {
        size_t n = 12 + (size_t)(i * 37) % 4000;
        for (size_t k = 0; k < n; k++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[k] = (uint8_t)x;
        }
        buf[8] = (uint8_t)(i % 7);
        buf[9] = (uint8_t)((i / 7) % 8);
        buf[11] = (uint8_t)(i % 3 != 0); /* mostly the whole image, sometimes any crop */
        LLVMFuzzerTestOneInput(buf, n);
        runs++;
    }
    printf("fuzz driver: %d inputs ok\n", runs);
    return 0;
}
