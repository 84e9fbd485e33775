/* SPDX-License-Identifier: MIT
 *
 * jpeg_common.h: what the JPEG decoder (decode_*.c) and encoder (encode_*.c)
 * share: the tables and marker codes of ITU-T T.81 (private to core/jpeg).
 */
#ifndef WF_JPEG_COMMON_H
#define WF_JPEG_COMMON_H

#include <stdint.h>

/* ---- T.81 tables (jpeg_tables.c) ---- */

/* wf_jpeg_natural_order[k] is the natural (row-major) index of the k-th
 * coefficient in zig-zag order (T.81 Figure A.6). 16 extra entries of 63
 * absorb a run that overshoots coefficient 63 in corrupt data, so a decoder
 * can index with k <= 79 without a bounds check. */
extern const uint8_t wf_jpeg_natural_order[64 + 16];

/* The example quantisation tables of Annex K.1 (K.1 luminance, K.2
 * chrominance), in natural order, for quality 50. */
extern const uint8_t wf_jpeg_std_luma_quant[64];
extern const uint8_t wf_jpeg_std_chroma_quant[64];

/* A Huffman table as a DHT segment gives it. */
typedef struct wf_jpeg_huff_spec {
    uint8_t bits[17];  /* bits[l], l = 1..16: number of codes of length l; bits[0] = 0 */
    uint16_t nvals;    /* sum of bits[] */
    uint8_t vals[162]; /* symbols in order of increasing code length */
} wf_jpeg_huff_spec;

/* The typical Huffman tables of Annex K.3, indexed by WF_JPEG_STD_*. */
enum { WF_JPEG_STD_DC_LUMA = 0, WF_JPEG_STD_DC_CHROMA = 1, WF_JPEG_STD_AC_LUMA = 2, WF_JPEG_STD_AC_CHROMA = 3 };
extern const wf_jpeg_huff_spec wf_jpeg_std_huff_spec[4];

/* Marker codes (the byte after 0xFF), T.81 Table B.1. */
enum {
    WF_JPEG_M_SOF0 = 0xC0,
    WF_JPEG_M_SOF1 = 0xC1,
    WF_JPEG_M_SOF2 = 0xC2,
    WF_JPEG_M_SOF3 = 0xC3,
    WF_JPEG_M_DHT = 0xC4,
    WF_JPEG_M_SOF9 = 0xC9,
    WF_JPEG_M_SOF10 = 0xCA,
    WF_JPEG_M_DAC = 0xCC,
    WF_JPEG_M_RST0 = 0xD0,
    WF_JPEG_M_RST7 = 0xD7,
    WF_JPEG_M_SOI = 0xD8,
    WF_JPEG_M_EOI = 0xD9,
    WF_JPEG_M_SOS = 0xDA,
    WF_JPEG_M_DQT = 0xDB,
    WF_JPEG_M_DNL = 0xDC,
    WF_JPEG_M_DRI = 0xDD,
    WF_JPEG_M_APP0 = 0xE0,
    WF_JPEG_M_APP1 = 0xE1,
    WF_JPEG_M_APP2 = 0xE2,
    WF_JPEG_M_APP14 = 0xEE,
    WF_JPEG_M_COM = 0xFE
};

#endif
