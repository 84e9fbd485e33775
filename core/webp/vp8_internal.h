/* SPDX-License-Identifier: MIT
 * vp8_internal.h: state shared by the VP8 files (vp8.c, vp8_predict.c,
 * vp8_filter.c). */
#ifndef WF_VP8_INTERNAL_H
#define WF_VP8_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct wf_vp8_bd {
    const uint8_t *start, *p, *end;
    uint32_t value;
    int bits;
    uint32_t range;
    int eof;
} wf_vp8_bd;

void wf_vp8_bd_init(wf_vp8_bd *b, const uint8_t *p, size_t n);

typedef struct wf_vp8_quant {
    int y1[2], y2[2], uv[2]; /* dc, ac */
} wf_vp8_quant;

/* Loop filter parameters of a macroblock. limit 0: no filtering. */
typedef struct wf_vp8_finfo {
    uint8_t limit, ilevel, hev, inner;
} wf_vp8_finfo;

typedef struct wf_vp8_mbinfo {
    wf_vp8_finfo f;
} wf_vp8_mbinfo;

typedef struct wf_vp8 {
    uint32_t width, height;
    int mbw, mbh;
    size_t ystride, uvstride;
    wf_vp8_bd br;
    wf_vp8_bd parts[8];
    int nparts;
    size_t part0_off;
    int use_segment, update_map, absolute;
    int seg_q[4], seg_lf[4];
    uint8_t seg_probs[3];
    int simple, level, sharpness, use_lf_delta, filter_type;
    int ref_lf_delta[4], mode_lf_delta[4];
    wf_vp8_quant q[4];
    uint8_t probs[4][8][3][11];
    int use_skip, skip_prob;
    wf_vp8_finfo fstrength[4][2];
    wf_vp8_mbinfo *mbinfo;
    uint8_t *nz_top; /* per MB column: 4 Y, 2 U, 2 V, 1 Y2 */
    uint8_t nz_left[9];
    uint8_t *bmode_top; /* per MB column: 4 subblock modes */
    int16_t coeffs[25 * 16];
    uint32_t ac_mask; /* blocks with coefficients beyond the DC (same bits as `nonzero`) */
} wf_vp8;

/* vp8_predict.c. The helpers below work in a macroblock work area of
 * stride WF_VP8_WS whose row -1 and column -1 hold the edges; the encoder
 * (vp8_enc_*.c) shares them so that its reconstruction is the decoder's. */
#define WF_VP8_WS 32
void wf_vp8_idct_add(const int16_t *in, uint8_t *dst);
/* dst = pred + the inverse DCT of in, clamped (row strides ps, ds; pred may
 * be dst): the encoder reconstructs with it. */
void wf_vp8_idct_pred(const int16_t *in, const uint8_t *pred, size_t ps, uint8_t *dst, size_t ds);
void wf_vp8_pred_block(uint8_t *dst, int mode, int size, int shift, int have_top, int have_left);
void wf_vp8_pred4(uint8_t *dst, int mode);
/* The edges of the 4x4 block at dst for wf_vp8_pred4_from (vp8_pred4.h):
 * e[0..3] the left column bottom to top, e[4] the corner, e[5..12] the 8
 * pixels above and above-right. */
void wf_vp8_edges4(const uint8_t *dst, int e[13]);
void wf_vp8_load_edges(uint8_t *w, const uint8_t *plane, size_t stride, int x0, int y0, int size, int extra,
                       int last_col);
void wf_vp8_inverse_wht(const int16_t *in, int16_t *out_blocks);
void wf_vp8_reconstruct(wf_vp8 *v, int mbx, int mby, int ymode, const uint8_t *bmodes, int uvmode, uint32_t nonzero,
                        uint8_t *y, uint8_t *u, uint8_t *vp);
/* vp8_filter.c */
void wf_vp8_loop_filter(const wf_vp8 *v, uint8_t *y, uint8_t *u, uint8_t *vp);

#endif
