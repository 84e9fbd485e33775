/* SPDX-License-Identifier: MIT
 *
 * encode_internal.h: private header shared by the JPEG encoder's files
 * (core/jpeg/encode_*.c). Not part of the public API; every non-static
 * symbol carries the wf_jpeg_enc prefix so it cannot clash with the decoder.
 */
#ifndef WF_JPEG_ENCODE_INTERNAL_H
#define WF_JPEG_ENCODE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "wf/jpeg_encode.h"
#include "jpeg_common.h"

/* Table slots: 0 = DC luma, 1 = DC chroma, 2 = AC luma, 3 = AC chroma
 * (the order of wf_jpeg_std_huff_spec). */
#define WF_JPEG_ENC_NTABLES 4

/* A Huffman table as sent in DHT plus the derived encoding maps. */
typedef struct wf_jpeg_enc_huff {
    uint8_t bits[17]; /* bits[1..16]: number of codes of each length */
    uint8_t vals[256];
    int nvals;
    uint16_t code[256]; /* symbol -> code */
    uint8_t size[256];  /* symbol -> code length, 0 = symbol absent */
} wf_jpeg_enc_huff;

/* Builds bits/vals from standard tables or frequency counts, then the maps. */
void wf_jpeg_enc_huff_from_spec(wf_jpeg_enc_huff *h, const uint8_t *bits, const uint8_t *vals);
void wf_jpeg_enc_huff_optimal(wf_jpeg_enc_huff *h, const uint32_t freq_in[257]);

/* ---- bit writer ---- */
typedef struct wf_jpeg_enc_bits {
    uint64_t acc;     /* pending bits, right-aligned */
    int nbits;        /* number of pending bits (< 32 between calls) */
    uint8_t *p, *end; /* output cursor and end */
    int overflow;     /* set once the output buffer ran out */
} wf_jpeg_enc_bits;

/* Writes bytes of `acc` while at least 32 bits are pending (with 0xFF00 stuffing). */
void wf_jpeg_enc_bits_drain(wf_jpeg_enc_bits *w);
/* Pads the last byte with 1 bits and writes every pending bit. */
void wf_jpeg_enc_bits_flush(wf_jpeg_enc_bits *w);

static inline void wf_jpeg_enc_put(wf_jpeg_enc_bits *w, uint32_t code, int len)
{
    /* len <= 27 and nbits < 32 on entry, so acc never overflows */
    w->acc = (w->acc << len) | code;
    w->nbits += len;
    if (w->nbits >= 32)
        wf_jpeg_enc_bits_drain(w);
}

/* ---- one image component ---- */
typedef struct wf_jpeg_enc_comp {
    int id;             /* component id in SOF/SOS: 1, 2, 3 */
    int h, v;           /* sampling factors */
    int qt;             /* quantisation table 0/1 */
    int dc_tbl, ac_tbl; /* Huffman slots */
    uint32_t wib, hib;  /* blocks covering the component's samples */
    uint32_t bw, bh;    /* blocks padded to whole MCUs (interleaved scans) */
    int16_t *coef;      /* coefficient blocks, zigzag order, row-major by block */
    uint8_t *plane;     /* sample strip: (bw*8) x (v*8) */
    size_t plane_stride;
} wf_jpeg_enc_comp;

struct wf_jpeg_encoder {
    /* scratch, grown on demand */
    uint8_t *scratch;
    size_t scratch_cap;
    int16_t *coefs;
    size_t coefs_cap; /* in int16 units */

    /* per call */
    int ncomp;
    wf_jpeg_enc_comp comp[3];
    int hmax, vmax;
    uint32_t mcux, mcuy;
    uint32_t width, height;
    int full_image;                      /* coefficients of the whole image kept (optimise/progressive) */
    uint8_t *full_y, *full_cb, *full_cr; /* full-resolution strips: (mcux*8*hmax) x (8*vmax) */
    size_t full_stride;

    uint8_t qtab[2][64];   /* quantisation tables, natural order */
    uint32_t qmul[2][64];  /* reciprocal for (|x| + 4q) >> 3 divided by q, natural order */
    uint16_t qhalf[2][64]; /* 4q */

    wf_jpeg_enc_huff huff[WF_JPEG_ENC_NTABLES];
    uint32_t freq[WF_JPEG_ENC_NTABLES][257];

    uint32_t restart_interval;
    wf_jpeg_enc_bits bw;
};

/* encode_color.c: converts/downsamples MCU row `mcu_row` into the comp planes. */
void wf_jpeg_enc_prepare_strip(wf_jpeg_encoder *e, const uint8_t *pixels, uint32_t stride, int input_format,
                               uint32_t mcu_row);

/* encode_fdct.c: forward DCT + quantisation of one 8x8 block of samples into
 * zigzag-ordered coefficients. */
void wf_jpeg_enc_fdct_quant(const uint8_t *src, size_t stride, const uint32_t *qmul, const uint16_t *qhalf,
                            int16_t *out_zz);

/* encode_scan.c */
void wf_jpeg_enc_baseline_scan(wf_jpeg_encoder *e, uint32_t row0, uint32_t nrows, int gather, int16_t *dc_pred,
                               uint32_t *restart_count, int *restart_num);
typedef struct wf_jpeg_enc_scaninfo {
    int ncomp;
    int comp[3];
    int ss, se, ah, al;
} wf_jpeg_enc_scaninfo;
void wf_jpeg_enc_progressive_scan(wf_jpeg_encoder *e, const wf_jpeg_enc_scaninfo *s, int gather);

#endif
