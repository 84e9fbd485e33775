/* SPDX-License-Identifier: MIT
 * vp8_pred4.h: the ten 4x4 intra predictors of VP8 (RFC 6386 section
 * 12.3), shared by the decoder (vp8_predict.c) and the encoder's mode search
 * (vp8_enc_mode.c, which tries every mode from one read of the edges). */
#ifndef WF_VP8_PRED4_H
#define WF_VP8_PRED4_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* subblock modes, in the bitstream's order */
enum { WF_B_DC, WF_B_TM, WF_B_VE, WF_B_HE, WF_B_LD, WF_B_RD, WF_B_VR, WF_B_VL, WF_B_HD, WF_B_HU };

static inline uint8_t wf_vp8_clamp255(int v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }

#define AVG3(x, y, z) ((uint8_t)(((x) + 2 * (y) + (z) + 2) >> 2))
#define AVG2(x, y) ((uint8_t)(((x) + (y) + 1) >> 1))
#define B(r, c) out[(r)*os + (c)]

/* The 4x4 prediction of `mode` from the edges e (see wf_vp8_edges4) into
 * out (row stride os). e[0..3]: the left column bottom to top (l3..l0),
 * e[4]: the corner P, e[5..12]: the 8 pixels above and above-right. */
static inline void wf_vp8_pred4_from(const int *e, int mode, uint8_t *out, size_t os)
{
    const int *a = e + 5; /* a[-1] = P */
    int l0 = e[3], l1 = e[2], l2 = e[1], l3 = e[0], p = e[4], r, c;
    switch (mode) {
    case WF_B_DC: {
        int v = (4 + a[0] + a[1] + a[2] + a[3] + l0 + l1 + l2 + l3) >> 3;
        for (r = 0; r < 4; r++)
            memset(out + r * os, v, 4);
        break;
    }
    case WF_B_TM:
        for (r = 0; r < 4; r++)
            for (c = 0; c < 4; c++)
                B(r, c) = wf_vp8_clamp255(e[3 - r] + a[c] - p);
        break;
    case WF_B_VE:
        for (c = 0; c < 4; c++) {
            uint8_t v = AVG3(a[c - 1], a[c], a[c + 1]);
            B(0, c) = B(1, c) = B(2, c) = B(3, c) = v;
        }
        break;
    case WF_B_HE: {
        uint8_t v0 = AVG3(p, l0, l1), v1 = AVG3(l0, l1, l2), v2 = AVG3(l1, l2, l3), v3 = AVG3(l2, l3, l3);
        memset(out, v0, 4);
        memset(out + os, v1, 4);
        memset(out + 2 * os, v2, 4);
        memset(out + 3 * os, v3, 4);
        break;
    }
    case WF_B_LD:
        for (r = 0; r < 4; r++)
            for (c = 0; c < 4; c++) {
                int i = r + c;
                B(r, c) = i < 6 ? AVG3(a[i], a[i + 1], a[i + 2]) : AVG3(a[6], a[7], a[7]);
            }
        break;
    case WF_B_RD:
        for (r = 0; r < 4; r++)
            for (c = 0; c < 4; c++) {
                int i = 4 - r + c;
                B(r, c) = AVG3(e[i - 1], e[i], e[i + 1]);
            }
        break;
    case WF_B_VR:
        B(3, 0) = AVG3(e[1], e[2], e[3]);
        B(2, 0) = AVG3(e[2], e[3], e[4]);
        B(3, 1) = B(1, 0) = AVG3(e[3], e[4], e[5]);
        B(2, 1) = B(0, 0) = AVG2(e[4], e[5]);
        B(3, 2) = B(1, 1) = AVG3(e[4], e[5], e[6]);
        B(2, 2) = B(0, 1) = AVG2(e[5], e[6]);
        B(3, 3) = B(1, 2) = AVG3(e[5], e[6], e[7]);
        B(2, 3) = B(0, 2) = AVG2(e[6], e[7]);
        B(1, 3) = AVG3(e[6], e[7], e[8]);
        B(0, 3) = AVG2(e[7], e[8]);
        break;
    case WF_B_VL:
        B(0, 0) = AVG2(a[0], a[1]);
        B(1, 0) = AVG3(a[0], a[1], a[2]);
        B(2, 0) = B(0, 1) = AVG2(a[1], a[2]);
        B(1, 1) = B(3, 0) = AVG3(a[1], a[2], a[3]);
        B(2, 1) = B(0, 2) = AVG2(a[2], a[3]);
        B(3, 1) = B(1, 2) = AVG3(a[2], a[3], a[4]);
        B(2, 2) = B(0, 3) = AVG2(a[3], a[4]);
        B(3, 2) = B(1, 3) = AVG3(a[3], a[4], a[5]);
        B(2, 3) = AVG3(a[4], a[5], a[6]);
        B(3, 3) = AVG3(a[5], a[6], a[7]);
        break;
    case WF_B_HD:
        B(3, 0) = AVG2(e[0], e[1]);
        B(3, 1) = AVG3(e[0], e[1], e[2]);
        B(2, 0) = B(3, 2) = AVG2(e[1], e[2]);
        B(2, 1) = B(3, 3) = AVG3(e[1], e[2], e[3]);
        B(2, 2) = B(1, 0) = AVG2(e[2], e[3]);
        B(2, 3) = B(1, 1) = AVG3(e[2], e[3], e[4]);
        B(1, 2) = B(0, 0) = AVG2(e[3], e[4]);
        B(1, 3) = B(0, 1) = AVG3(e[3], e[4], e[5]);
        B(0, 2) = AVG3(e[4], e[5], e[6]);
        B(0, 3) = AVG3(e[5], e[6], e[7]);
        break;
    default: /* WF_B_HU */
        B(0, 0) = AVG2(l0, l1);
        B(0, 1) = AVG3(l0, l1, l2);
        B(0, 2) = B(1, 0) = AVG2(l1, l2);
        B(0, 3) = B(1, 1) = AVG3(l1, l2, l3);
        B(1, 2) = B(2, 0) = AVG2(l2, l3);
        B(1, 3) = B(2, 1) = AVG3(l2, l3, l3);
        B(2, 2) = B(2, 3) = B(3, 0) = B(3, 1) = B(3, 2) = B(3, 3) = (uint8_t)l3;
        break;
    }
}
#undef B
#undef AVG2
#undef AVG3
#endif
