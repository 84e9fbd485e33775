/* SPDX-License-Identifier: MIT
 *
 * wf_check.h: the CHECK() of the native tests that count every check and go
 * on after a failure: CHECK(condition, printf-format, ...) prints
 * "FAIL file:line: message" when the condition is false. A test ends with
 * wf_check_report(), which prints the totals and returns the exit status.
 */
#ifndef WF_CHECK_H
#define WF_CHECK_H
#include <stdio.h>

static int failures, checks;

#define CHECK(cond, ...)                                \
    do {                                                \
        checks++;                                       \
        if (!(cond)) {                                  \
            failures++;                                 \
            printf("FAIL %s:%d: ", __FILE__, __LINE__); \
            printf(__VA_ARGS__);                        \
            printf("\n");                               \
        }                                               \
    } while (0)

/* Prints "N checks, N failures" and returns the process exit status. */
static inline int wf_check_report(void)
{
    printf("%d checks, %d failures\n", checks, failures);
    return failures ? 1 : 0;
}
#endif
