/* SPDX-License-Identifier: MIT
 * deflate_constants.h: the numbers of RFC 1951 shared by inflate and deflate. */
#ifndef WF_DEFLATE_CONSTANTS_H
#define WF_DEFLATE_CONSTANTS_H
#include <stdint.h>

#define WF_DEFLATE_MAX_CODE_LEN 15
#define WF_DEFLATE_MAX_PRECODE_LEN 7
#define WF_DEFLATE_NUM_LITLEN 288 /* symbols of the fixed code, 286 usable */
#define WF_DEFLATE_NUM_DIST 32    /* 30 usable */
#define WF_DEFLATE_NUM_PRECODE 19
#define WF_DEFLATE_END_OF_BLOCK 256
#define WF_DEFLATE_MIN_MATCH 3
#define WF_DEFLATE_MAX_MATCH 258
#define WF_DEFLATE_WINDOW 32768
#define WF_DEFLATE_MAX_STORED 65535

/* Section 3.2.5: base lengths and extra bits of length symbols 257..285. */
/* clang-format off */
static const uint16_t wf_length_base[29] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t wf_length_extra[29] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
    3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
/* Base distances and extra bits of distance symbols 0..29. */
static const uint16_t wf_dist_base[30] = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
    257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t wf_dist_extra[30] = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
    7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
/* Section 3.2.7: the order in which code-length code lengths are sent. */
static const uint8_t wf_precode_order[19] = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
/* clang-format on */

#endif
