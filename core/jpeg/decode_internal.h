/* SPDX-License-Identifier: MIT
 *
 * decode_internal.h: the JPEG decoder's context and the functions its files
 * share (private to core/jpeg; not the public API, see wf/jpeg.h).
 *
 * Data flow of one wf_jpeg_decode():
 *   decode_markers.c  markers -> tables, frame, scan header, metadata
 *   decode_huffman.c  Huffman entropy decoding  -> coefficient blocks
 *                     (and the Annex K.3 tables for files without DHT)
 *   decode_arith.c    arithmetic entropy decoding -> coefficient blocks
 *   decode_idct.c     dequantise + islow IDCT -> component sample planes
 *   decode_color.c    fancy upsampling + colour conversion -> RGBA rows
 *   decode_api.c      the driver: frame set-up, scan loop, accessors
 *
 * Single-scan sequential images are "streamed": each MCU is transformed
 * right after it is decoded and output rows are converted as soon as their
 * context rows exist. Every other image keeps all coefficients until EOI.
 */
#ifndef WF_JPEG_DECODE_INTERNAL_H
#define WF_JPEG_DECODE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "wf/jpeg.h"
#include "jpeg_common.h"

#define WF_JPEG_MAX_COMPS 4
#define WF_JPEG_HUFF_LOOKAHEAD 11
#define WF_JPEG_MAX_BLOCKS_IN_MCU 10
#define WF_JPEG_MAX_SCANS 1000

/* A Huffman decoding table (T.81 Annex C / F.2.2.3).
 * fast[] is indexed by the next WF_JPEG_HUFF_LOOKAHEAD bits:
 *   bits 15..8 code length (1..11), 7..0 symbol; 0 = the code is longer.
 * (11 bits rather than 8 or 9: more AC run/size codes and their extra bits
 * fit in one fast_ac lookup, which measurably speeds up photos.)
 * Longer codes: a code c of length l is valid when c <= maxcode[l], and its
 * symbol is vals[c + valoffset[l]]. */
typedef struct wf_jpeg_huff {
    uint16_t fast[1 << WF_JPEG_HUFF_LOOKAHEAD];
    /* A code and its extra bits that together fit in the lookahead,
     * decoded at once. AC tables:
     *   bits 31..8 coefficient value (signed), 7..4 run, 3..0 bits used;
     *   an EOB code: just its length (value 0, run 0);
     * DC tables: bits 31..8 the DC difference (signed, 0 for size 0),
     *   3..0 bits used;
     * 0 = use the general path. */
    int32_t fast_ac[1 << WF_JPEG_HUFF_LOOKAHEAD];
    int32_t maxcode[18];
    int32_t valoffset[18];
    uint8_t vals[256];
    uint8_t defined;
    /* What the tables above were built from (valid when key_valid): a DHT
     * equal to it needs no rebuilding. Most files carry the same tables, and
     * the JS layer parses each header twice (readHeader, then decode). */
    uint8_t key_valid, key_dc;
    int16_t key_n;
    uint8_t key_counts[16];
    uint8_t key_vals[256];
} wf_jpeg_huff;

/* Bit reader over entropy-coded data. buf holds `bits` valid bits,
 * MSB-aligned; below them are zeros. Past a marker or the end of input the
 * reader supplies zero bits (as libjpeg does): `bits` may then go negative,
 * which marks the MCU as having used data that is not there. */
typedef struct wf_jpeg_bitreader {
    uint64_t buf;
    int bits;
    int stopped;      /* 1 at a marker, 2 at the end of input */
    const uint8_t *p; /* next byte to load */
    const uint8_t *end;
} wf_jpeg_bitreader;

/* Arithmetic decoder registers (T.81 Annex D.2), C with Cx in bits 31..16. */
typedef struct wf_jpeg_arith {
    uint32_t c;
    uint32_t a;
    int ct;
    int stopped;
    int error; /* corrupt data: skip MCUs until the next restart */
    const uint8_t *p;
    const uint8_t *end;
} wf_jpeg_arith;

typedef struct wf_jpeg_component {
    int id, h, v, tq;
    int dw, dh;           /* samples in the component: ceil(width*h/hmax) x ceil(height*v/vmax) */
    int bw, bh;           /* blocks allocated: whole MCUs */
    int bw_used, bh_used; /* ceil(dw/8) x ceil(dh/8): the blocks of a non-interleaved scan */
    uint16_t quant[64];   /* quantisation table latched at the first scan, natural order */
    int quant_latched;
    int coef_limit; /* 32767 / max(quant), see wf_jpeg_idct_islow */
    int16_t *coefs; /* bw*bh blocks of 64, natural order (buffered mode only) */
    uint8_t *plane; /* bw*8 x bh*8 samples */
    size_t stride;
    int rows_done; /* sample rows of plane already transformed */
    int dc_pred;
    int dc_ctx;           /* arithmetic DC conditioning category */
    int td, ta;           /* tables of the current scan */
    int8_t coef_bits[64]; /* progressive: Al of the last scan per coefficient, -1 = none */
    int up_kind;          /* see decode_color.c */
    int hr, vr;           /* upsampling ratios hmax/h, vmax/v */
    uint8_t *uprow;       /* one upsampled row */
    int16_t *colsum;      /* scratch: column sums of h2v2 upsampling */
} wf_jpeg_component;

struct wf_jpeg_decoder {
    /* input of the current call */
    const uint8_t *in;
    size_t in_n;
    size_t pos;

    /* frame */
    int seen_sof, process, progressive, arithmetic, precision;
    uint32_t width, height;
    int ncomp;
    wf_jpeg_component comp[WF_JPEG_MAX_COMPS];
    int hmax, vmax, mcus_x, mcus_y;
    int color_space;
    int subsampling;

    /* tables */
    uint16_t qt[4][64];
    uint8_t qt_defined[4];
    wf_jpeg_huff dc_huff[4], ac_huff[4];
    uint8_t arith_dc_L[4], arith_dc_U[4], arith_ac_K[4];
    unsigned restart_interval;

    /* metadata */
    int jfif, density_unit, density_x, density_y;
    int adobe, adobe_transform;
    int orientation;
    int exif_seen;
    uint8_t *icc;
    size_t icc_size, icc_cap;
    uint32_t icc_off[256], icc_len[256];
    int icc_count; /* chunks announced (0 = none seen), -1 = inconsistent */
    uint8_t icc_have[256];

    /* current scan */
    int ns;
    int scan_comp[WF_JPEG_MAX_COMPS];
    int ss, se, ah, al;
    int blocks_in_mcu;
    int mcu_comp[WF_JPEG_MAX_BLOCKS_IN_MCU]; /* component of each block of an MCU */
    unsigned eobrun;
    int insufficient; /* libjpeg's insufficient_data: skip MCUs until a good restart */
    unsigned restarts_left;
    int next_restart;
    int marker_pending; /* a marker is waiting at `pos` (the entropy decoder stopped there) */
    wf_jpeg_bitreader br;
    wf_jpeg_arith ar;
    uint8_t dc_stats[4][64];
    uint8_t ac_stats[4][256];
    uint8_t fixed_bin;

    /* mode */
    int buffered; /* coefficients kept until EOI */
    int scans_done;
    int out_rows_done;

    /* results */
    int truncated, warnings;
    size_t error_offset;

    /* owned memory, reused between calls */
    uint8_t *mem;
    size_t mem_size;
    size_t sof_pos, sos_pos;
    int16_t scratch[WF_JPEG_MAX_BLOCKS_IN_MCU][64];
    /* per block of the last MCU a sequential Huffman scan decoded: the
     * zig-zag coefficients from kend[i] on are zero (64 = not known) */
    uint8_t kend[WF_JPEG_MAX_BLOCKS_IN_MCU];
};

/* Output target of the colour stage. */
typedef struct wf_jpeg_output {
    uint8_t *rgba;
    size_t stride;
} wf_jpeg_output;

/* decode_markers.c */
void wf_jpeg_reset_header(wf_jpeg_decoder *d);
/* Parses markers from d->pos until SOS (whose header it reads into the scan
 * fields; *got_sos = 1), EOI (*got_eoi = 1) or the end of input
 * (*got_eof = 1). */
wf_status wf_jpeg_read_markers(wf_jpeg_decoder *d, int *got_sos, int *got_eoi, int *got_eof);
/* Finds the next marker at or after d->pos, skipping garbage; returns its
 * code and leaves d->pos on its 0xFF, or returns -1 at the end of input. */
int wf_jpeg_next_marker(wf_jpeg_decoder *d);
/* Reassembles the ICC chunks (call while the input is still valid). */
wf_status wf_jpeg_finish_icc(wf_jpeg_decoder *d);

/* Zeroes one 64-coefficient block with plain stores: in Wasm (without
 * bulk memory) a memset is a call to a byte-loop function, and clang would
 * turn the stores back into one unless told not to. */
#if defined(__clang__) && defined(__wasm__)
__attribute__((no_builtin("memset")))
#endif
static inline void
wf_jpeg_zero_block(int16_t *blk)
{
    const uint64_t z = 0;
    for (int i = 0; i < 16; i++)
        memcpy(blk + 4 * i, &z, 8);
}

/* decode_huffman.c */
wf_status wf_jpeg_build_huff(wf_jpeg_huff *t, const uint8_t counts[16], const uint8_t *vals, int nvals, int is_dc);
void wf_jpeg_br_init(wf_jpeg_bitreader *br, const uint8_t *p, const uint8_t *end);
/* Decodes one MCU (blocks go to `blocks[i]`, each 64 coefficients, already
 * zeroed for a first scan) with the scan parameters in d. */
void wf_jpeg_huff_decode_mcu(wf_jpeg_decoder *d, int16_t *const *blocks);

/* Builds T.81 Annex K.3 table `id` (0 or 1) into t; returns 0 for other ids. */
int wf_jpeg_std_huff(wf_jpeg_huff *t, int is_dc, int id);

/* decode_arith.c */
void wf_jpeg_arith_init(wf_jpeg_decoder *d, const uint8_t *p, const uint8_t *end);
void wf_jpeg_arith_reset_stats(wf_jpeg_decoder *d);
void wf_jpeg_arith_decode_mcu(wf_jpeg_decoder *d, int16_t *const *blocks);

/* decode_idct.c: dequantises `coef` with `quant` and writes 8x8 samples.
 * coef_limit: 32767 / (largest value of quant), or 0; blocks whose
 * coefficients are all within +-coef_limit may take a 16-bit SIMD path
 * (same results). clear: zero the block afterwards (for the next MCU).
 * kend: the zig-zag coefficients from kend on are known to be zero (64 when
 * nothing is known). */
void wf_jpeg_idct_islow(int16_t *coef, const uint16_t *quant, int coef_limit, uint8_t *out, size_t stride, int clear,
                        int kend);

/* decode_color.c */
void wf_jpeg_setup_upsampling(wf_jpeg_decoder *d);
/* Converts output rows [y0, y1) into out. */
void wf_jpeg_color_rows(wf_jpeg_decoder *d, const wf_jpeg_output *out, int y0, int y1);
/* The highest output row (exclusive) whose source rows are all transformed. */
int wf_jpeg_rows_ready(const wf_jpeg_decoder *d);

#endif
