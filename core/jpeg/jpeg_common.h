/* SPDX-License-Identifier: MIT
 *
 * jpeg_common.h: constants of ITU T.81 shared inside core/jpeg (private).
 */
#ifndef WF_JPEG_COMMON_H
#define WF_JPEG_COMMON_H

#include <stdint.h>

/* wf_jpeg_natural_order[k] is the natural (row-major) index of the k-th
 * coefficient in zig-zag order (T.81 Figure A.6). 16 extra entries of 63
 * absorb a run that overshoots coefficient 63 in corrupt data, so a decoder
 * can index with k <= 79 without a bounds check. */
static const uint8_t wf_jpeg_natural_order[64 + 16] = {
     0,  1,  8, 16,  9,  2,  3, 10,
    17, 24, 32, 25, 18, 11,  4,  5,
    12, 19, 26, 33, 40, 48, 41, 34,
    27, 20, 13,  6,  7, 14, 21, 28,
    35, 42, 49, 56, 57, 50, 43, 36,
    29, 22, 15, 23, 30, 37, 44, 51,
    58, 59, 52, 45, 38, 31, 39, 46,
    53, 60, 61, 54, 47, 55, 62, 63,
    63, 63, 63, 63, 63, 63, 63, 63,
    63, 63, 63, 63, 63, 63, 63, 63
};

/* Marker codes (the byte after 0xFF), T.81 Table B.1. */
enum {
    WF_JPEG_M_SOF0 = 0xC0, WF_JPEG_M_SOF1 = 0xC1, WF_JPEG_M_SOF2 = 0xC2, WF_JPEG_M_SOF3 = 0xC3,
    WF_JPEG_M_DHT = 0xC4, WF_JPEG_M_SOF9 = 0xC9, WF_JPEG_M_SOF10 = 0xCA, WF_JPEG_M_DAC = 0xCC,
    WF_JPEG_M_RST0 = 0xD0, WF_JPEG_M_RST7 = 0xD7, WF_JPEG_M_SOI = 0xD8, WF_JPEG_M_EOI = 0xD9,
    WF_JPEG_M_SOS = 0xDA, WF_JPEG_M_DQT = 0xDB, WF_JPEG_M_DNL = 0xDC, WF_JPEG_M_DRI = 0xDD,
    WF_JPEG_M_APP0 = 0xE0, WF_JPEG_M_APP1 = 0xE1, WF_JPEG_M_APP2 = 0xE2, WF_JPEG_M_APP14 = 0xEE,
    WF_JPEG_M_COM = 0xFE
};

#endif
