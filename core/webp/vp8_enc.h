/* SPDX-License-Identifier: MIT
 * vp8_enc.h: what the files of the VP8 encoder share (vp8_encode.c: frame
 * and partitions; bool_encoder.c; vp8_enc_dct.c: transforms and
 * quantisation; vp8_enc_token.c: token costs, statistics and writing;
 * vp8_enc_mode.c: mode decision; vp8_enc_analysis.c: segments). */
#ifndef WF_VP8_ENC_H
#define WF_VP8_ENC_H

#include <stddef.h>
#include <stdint.h>
#include "webp_internal.h"
#include "vp8_internal.h"
#include "vp8_pred4.h"
#include "vp8_encode.h"

/* Options of wf_vp8_encode_ex (wf_webp_vp8_encode uses the defaults). */
typedef struct wf_vp8_enc_opts {
    int quality;      /* 0-100 */
    int effort;       /* 0-6 */
    int filter_level; /* -1: chosen by the encoder; 0-63: forced (tests) */
    int segments;     /* -1: chosen by effort; 1-4 */
    int sns;          /* -1: default (50); 0-100: spread of the segments' quantisers (cwebp -sns) */
    int i4_tries;     /* 0: default; 4x4 modes fully tried at effort 4 (tuning) */
    int lambda_k;     /* 0: default; else the rate-distortion lambda as 1000 * SSE per bit / step^2 (tuning) */
    uint8_t *recon;   /* optional: receives the decoded Y (w*h), then U and V
                          (each ((w+1)/2)*((h+1)/2)), loop filter applied */
} wf_vp8_enc_opts;

wf_status wf_vp8_encode_ex(const uint8_t *rgba, uint32_t width, uint32_t height, uint32_t stride,
                           const wf_vp8_enc_opts *o, uint8_t **out, size_t *out_size);

/* ---- boolean encoder (RFC 6386 section 7.3), bool_encoder.c ---- */
typedef struct wf_vp8_be {
    uint8_t *buf;
    size_t size, cap;
    uint32_t range, bottom;
    int bit_count;
    int oom;
} wf_vp8_be;

void wf_vp8_be_init(wf_vp8_be *e);
void wf_vp8_be_put(wf_vp8_be *e, int prob, int bit);
void wf_vp8_be_literal(wf_vp8_be *e, uint32_t v, int n);
void wf_vp8_be_signed(wf_vp8_be *e, int v, int n); /* magnitude, then sign */
void wf_vp8_be_flush(wf_vp8_be *e);
void wf_vp8_be_free(wf_vp8_be *e);

/* ---- quantisation matrices, vp8_enc_dct.c ---- */
enum { WF_Q_Y1, WF_Q_Y2, WF_Q_UV };
typedef struct wf_vp8_qmat {
    int q[2];                      /* dc, ac step */
    int bias[2];                   /* rounding bias in 1/256 of a step */
    uint32_t iq[2], ib[2];         /* reciprocal and bias in 17-bit fixed point */
    uint32_t iqv[16], ibv[16];     /* the same per position (natural order) */
    uint32_t zmax[2];              /* dc, ac: the largest |coefficient| quantised to 0 */
    uint16_t iq16[16], zmax16[16]; /* iqv and zmax per position, in 16 bits (SIMD) */
    int16_t qv[16];
} wf_vp8_qmat;

typedef struct wf_vp8_segq {
    int qindex;       /* base quantiser index 0-127 */
    wf_vp8_qmat m[3]; /* Y1, Y2, UV */
    /* score = 65536 * SSE + lambda * rate (1/256 bits); integers kept in
     * doubles (exact below 2^53; no 64-bit integer arithmetic in wasm2js) */
    double lambda;
    double lambda_uv;
    int filter_level;
} wf_vp8_segq;

/* dst = pred + (dc + 4) >> 3, clamped: wf_vp8_idct_pred of a block whose
 * only non-zero coefficient is the DC (dc: the dequantised value). */
void wf_vp8_enc_idct_dc(int dc, const uint8_t *pred, size_t ps, uint8_t *dst, size_t ds);
/* Forward DCT of the 4x4 residual src - pred (row strides ss, ps). */
void wf_vp8_fdct_res(const uint8_t *src, size_t ss, const uint8_t *pred, size_t ps, int16_t *out);
void wf_vp8_fwht(const int16_t *dc, int16_t *out); /* the 16 luma DCs, raster order */
/* Quantises the 16 coefficients `in` (natural order) from position `first`
 * into levels (zigzag order) and writes the dequantised values to deq
 * (natural order); returns the index after the last non-zero level
 * (0: none). */
int wf_vp8_quantize(const int16_t *in, const wf_vp8_qmat *m, int first, int16_t *levels, int16_t *deq);
/* Sums of squared differences of 16x16, 8x8 and 4x4 blocks. */
uint32_t wf_vp8_sse16(const uint8_t *a, size_t as, const uint8_t *b, size_t bs);
uint32_t wf_vp8_sse8(const uint8_t *a, size_t as, const uint8_t *b, size_t bs);
uint32_t wf_vp8_sse4(const uint8_t *a, size_t as, const uint8_t *b, size_t bs);
void wf_vp8_setup_segq(wf_vp8_segq *s, int qindex, int dq_uv_dc, int dq_uv_ac, int lambda_k);

extern const uint8_t wf_vp8_zigzag[16];
extern const uint8_t wf_vp8_bands[17];

/* ---- the encoder ---- */
enum { WF_DC_PRED, WF_V_PRED, WF_H_PRED, WF_TM_PRED, WF_B_PRED };

/* One macroblock's decisions and quantised levels (zigzag order). Blocks:
 * 0-15 Y, 16-19 U, 20-23 V, 24 Y2. */
typedef struct wf_vp8_mb {
    uint8_t ymode, uvmode, seg, skip;
    uint8_t bmodes[16];
    int16_t levels[25][16];
} wf_vp8_mb;

#define WF_VP8_LCOST_N 68

typedef struct wf_vp8_enc {
    uint32_t width, height;
    int mbw, mbh;
    int effort;
    size_t ystride, uvstride;
    uint8_t *sy, *su, *sv; /* source planes, padded to whole macroblocks */
    uint8_t *ry, *ru, *rv; /* reconstruction */
    wf_vp8_mb *mbs;
    uint8_t *nz_top; /* per MB column: 4 Y, 2 U, 2 V, 1 Y2 */
    uint8_t nz_left[9];
    uint8_t *bmode_top; /* per MB column: 4 subblock modes */
    uint8_t bmode_left[4];
    int nseg;
    wf_vp8_segq seg[4];
    uint8_t seg_probs[3];
    int dq_uv_dc, dq_uv_ac;
    int base_q;
    int filter_level, sharpness;
    uint8_t probs[4][8][3][11];              /* probabilities used for costs and writing */
    uint32_t stats[4][8][3][11][2];          /* counts of 0 and 1 at each node */
    uint16_t lcost[4][8][3][WF_VP8_LCOST_N]; /* cost of a token 0..N-1 after the EOB branch */
    uint16_t eobcost[4][8][3][2];            /* cost of the EOB branch: 0 end, 1 more */
    uint16_t ent[257];                       /* ent[p]: cost of an event of probability p/256, 1/256 bits */
    uint16_t bmcost[10][10][10];             /* [top][left][mode]: cost of a key-frame subblock mode */
    int use_skip, skip_prob;
    int lambda_k, sns;
    int i4_tries; /* 4x4 modes fully tried per subblock (the best by prediction error) */
    void *work;   /* scratch of wf_vp8_encode_mb (wf_vp8_mb_work_size bytes) */
    /* wf_vp8_encode_mb, called through this pointer: binaryen (wasm-opt)
     * inlines any function with a single call site whatever its size, and
     * wasm2js would turn the result into one JS function too large for V8
     * to optimise (it then runs unoptimised: about 4x slower) */
    void (*encode_mb)(struct wf_vp8_enc *e, int mbx, int mby, wf_vp8_mb *mb);
} wf_vp8_enc;

/* vp8_enc_token.c */
void wf_vp8_init_costs(wf_vp8_enc *e);
/* Recomputes lcost and eobcost from e->probs. */
void wf_vp8_update_level_costs(wf_vp8_enc *e);
/* Cost (1/256 bits) of a block's tokens; type 0 Y after Y2, 1 Y2, 2 UV, 3 Y
 * with DC; end: the index after the last non-zero level (wf_vp8_quantize's
 * result), 0 when there is none. */
int wf_vp8_block_cost(const wf_vp8_enc *e, int type, int ctx, const int16_t *levels, int first, int end);
/* Records (be == NULL) or writes a macroblock's tokens, updating the contexts. */
void wf_vp8_mb_tokens(wf_vp8_enc *e, wf_vp8_be *be, int mbx, const wf_vp8_mb *mb);
/* Chooses updated probabilities from e->stats into e->probs; writes the
 * update flags when be is not NULL (returns nothing; both must be done with the same stats). */
void wf_vp8_finalize_probs(wf_vp8_enc *e);
void wf_vp8_write_prob_updates(const wf_vp8_enc *e, wf_vp8_be *be);
static inline int wf_vp8_bit_cost(const wf_vp8_enc *e, int prob, int bit) { return e->ent[bit ? 256 - prob : prob]; }

/* vp8_enc_mode.c: decides and quantises macroblock (mbx, mby), writes its
 * reconstruction and updates the contexts. */
void wf_vp8_encode_mb(wf_vp8_enc *e, int mbx, int mby, wf_vp8_mb *mb);
size_t wf_vp8_mb_work_size(void);
/* The ten 4x4 predictions of the subblock at dst (a work area of stride
 * WF_VP8_WS with its edges in place) into p[mode * 16 + row * 4 + column]:
 * the pixels of the decoder's wf_vp8_pred4. */
void wf_vp8_pred4_all(const uint8_t *dst, uint8_t *p);
/* Fills e->bmcost (after wf_vp8_init_costs). */
void wf_vp8_init_bmode_costs(wf_vp8_enc *e);
/* Prepares the scratch (and e->encode_mb) before the first macroblock. */
void wf_vp8_mb_work_init(wf_vp8_enc *e);
/* The path of each subblock mode through the key-frame subblock mode tree. */
typedef struct wf_vp8_bpath {
    uint8_t n, node[7], bit[7];
} wf_vp8_bpath;
extern const wf_vp8_bpath wf_vp8_bmode_path[10];

/* vp8_encode.c: cwebp's quality to "compression" curve (0..1) */
double wf_vp8_quality_compression(int quality);

/* vp8_enc_analysis.c: assigns segments and their quantisers. */
void wf_vp8_analyse(wf_vp8_enc *e, int quality, int nseg);

#endif
