/* SPDX-License-Identifier: MIT
 *
 * decode_arith.c: arithmetic entropy decoding (T.81 Annex D decoder, the
 * statistical models of F.1.4.4 / F.2.4 for sequential and G.1.3 for
 * progressive scans, DAC conditioning L/U/Kx).
 *
 * Statistics bins are one byte: bit 7 = MPS sense, bits 6..0 = index into
 * the probability estimation table below. Bin layout per table follows
 * T.81 Tables F.4 (DC: S0..SN at context 0/4/8/12/16, X1..X15 at 20..34,
 * M2..M15 at X+14) and F.5 (AC: SE/S0/SN..SP at 3*(k-1), X2..X15 and
 * M2..M15 at 189.. for k <= Kx and 217.. above).
 */
#include <string.h>
#include "decode_internal.h"

/* T.81 Table D.2: Qe, next index after MPS, next index after LPS, MPS
 * switch. Entry 113 is the fixed 0.5 estimate used for sign and
 * correction bits (never adapts). Sanity rule the table obeys (and that
 * caught a transcription slip at entry 63): an MPS never raises Qe, an LPS
 * never lowers it except at the four switch states. */
/* clang-format off */
static const struct { uint16_t qe; uint8_t nmps, nlps, sw; } qe_table[114] = {
    {0x5A1D,   1,   1, 1},
    {0x2586,   2,  14, 0},
    {0x1114,   3,  16, 0},
    {0x080B,   4,  18, 0},
    {0x03D8,   5,  20, 0},
    {0x01DA,   6,  23, 0},
    {0x00E5,   7,  25, 0},
    {0x006F,   8,  28, 0},
    {0x0036,   9,  30, 0},
    {0x001A,  10,  33, 0},
    {0x000D,  11,  35, 0},
    {0x0006,  12,   9, 0},
    {0x0003,  13,  10, 0},
    {0x0001,  13,  12, 0},
    {0x5A7F,  15,  15, 1},
    {0x3F25,  16,  36, 0},
    {0x2CF2,  17,  38, 0},
    {0x207C,  18,  39, 0},
    {0x17B9,  19,  40, 0},
    {0x1182,  20,  42, 0},
    {0x0CEF,  21,  43, 0},
    {0x09A1,  22,  45, 0},
    {0x072F,  23,  46, 0},
    {0x055C,  24,  48, 0},
    {0x0406,  25,  49, 0},
    {0x0303,  26,  51, 0},
    {0x0240,  27,  52, 0},
    {0x01B1,  28,  54, 0},
    {0x0144,  29,  56, 0},
    {0x00F5,  30,  57, 0},
    {0x00B7,  31,  59, 0},
    {0x008A,  32,  60, 0},
    {0x0068,  33,  62, 0},
    {0x004E,  34,  63, 0},
    {0x003B,  35,  32, 0},
    {0x002C,   9,  33, 0},
    {0x5AE1,  37,  37, 1},
    {0x484C,  38,  64, 0},
    {0x3A0D,  39,  65, 0},
    {0x2EF1,  40,  67, 0},
    {0x261F,  41,  68, 0},
    {0x1F33,  42,  69, 0},
    {0x19A8,  43,  70, 0},
    {0x1518,  44,  72, 0},
    {0x1177,  45,  73, 0},
    {0x0E74,  46,  74, 0},
    {0x0BFB,  47,  75, 0},
    {0x09F8,  48,  77, 0},
    {0x0861,  49,  78, 0},
    {0x0706,  50,  79, 0},
    {0x05CD,  51,  48, 0},
    {0x04DE,  52,  50, 0},
    {0x040F,  53,  50, 0},
    {0x0363,  54,  51, 0},
    {0x02D4,  55,  52, 0},
    {0x025C,  56,  53, 0},
    {0x01F8,  57,  54, 0},
    {0x01A4,  58,  55, 0},
    {0x0160,  59,  56, 0},
    {0x0125,  60,  57, 0},
    {0x00F6,  61,  58, 0},
    {0x00CB,  62,  59, 0},
    {0x00AB,  63,  61, 0},
    {0x008F,  32,  61, 0},
    {0x5B12,  65,  65, 1},
    {0x4D04,  66,  80, 0},
    {0x412C,  67,  81, 0},
    {0x37D8,  68,  82, 0},
    {0x2FE8,  69,  83, 0},
    {0x293C,  70,  84, 0},
    {0x2379,  71,  86, 0},
    {0x1EDF,  72,  87, 0},
    {0x1AA9,  73,  87, 0},
    {0x174E,  74,  72, 0},
    {0x1424,  75,  72, 0},
    {0x119C,  76,  74, 0},
    {0x0F6B,  77,  74, 0},
    {0x0D51,  78,  75, 0},
    {0x0BB6,  79,  77, 0},
    {0x0A40,  48,  77, 0},
    {0x5832,  81,  80, 1},
    {0x4D1C,  82,  88, 0},
    {0x438E,  83,  89, 0},
    {0x3BDD,  84,  90, 0},
    {0x34EE,  85,  91, 0},
    {0x2EAE,  86,  92, 0},
    {0x299A,  87,  93, 0},
    {0x2516,  71,  86, 0},
    {0x5570,  89,  88, 1},
    {0x4CA9,  90,  95, 0},
    {0x44D9,  91,  96, 0},
    {0x3E22,  92,  97, 0},
    {0x3824,  93,  99, 0},
    {0x32B4,  94,  99, 0},
    {0x2E17,  86,  93, 0},
    {0x56A8,  96,  95, 1},
    {0x4F46,  97, 101, 0},
    {0x47E5,  98, 102, 0},
    {0x41CF,  99, 103, 0},
    {0x3C3D, 100, 104, 0},
    {0x375E,  93,  99, 0},
    {0x5231, 102, 105, 0},
    {0x4C0F, 103, 106, 0},
    {0x4639, 104, 107, 0},
    {0x415E,  99, 103, 0},
    {0x5627, 106, 105, 1},
    {0x50E7, 107, 108, 0},
    {0x4B85, 103, 109, 0},
    {0x5597, 109, 110, 0},
    {0x504F, 107, 111, 0},
    {0x5A10, 111, 110, 1},
    {0x5522, 109, 112, 0},
    {0x59EB, 111, 112, 1},
    {0x5A1D, 113, 113, 0},
};
/* clang-format on */

#define FIXED_BIN_STATE 113

static void byte_in(wf_jpeg_arith *a)
{
    unsigned b = 0;
    if (!a->stopped) {
        if (a->p >= a->end) {
            a->stopped = 2;
        } else if (*a->p != 0xFF) {
            b = *a->p++;
        } else {
            const uint8_t *q = a->p + 1;
            while (q < a->end && *q == 0xFF)
                q++;
            if (q >= a->end) {
                a->stopped = 2;
            } else if (*q == 0) {
                b = 0xFF;
                a->p = q + 1;
            } else {
                a->stopped = 1; /* marker: supply zeros from here on */
                a->p = q - 1;
            }
        }
    }
    a->c += b << 8;
    a->ct = 8;
}

void wf_jpeg_arith_init(wf_jpeg_decoder *d, const uint8_t *p, const uint8_t *end)
{
    wf_jpeg_arith *a = &d->ar;
    a->p = p;
    a->end = end;
    a->stopped = 0;
    a->error = 0;
    a->c = 0;
    byte_in(a);
    a->c <<= 8;
    byte_in(a);
    a->c <<= 8;
    a->ct = 0;
    a->a = 0x10000; /* "0" in the 16-bit register of D.2.7 */
}

/* Decode(S), T.81 D.2.2 with the conditional exchanges of D.2.3/D.2.4 and
 * Renorm_D of D.2.5. */
static int decode_bit(wf_jpeg_arith *a, uint8_t *st)
{
    unsigned sv = *st, idx = sv & 0x7F, mps = sv >> 7;
    uint32_t qe = qe_table[idx].qe;
    unsigned dbit;
    a->a -= qe;
    if ((a->c >> 16) < a->a) {
        if (a->a >= 0x8000)
            return (int)mps;
        if (a->a < qe) {
            dbit = !mps;
            *st = (uint8_t)(((qe_table[idx].sw ? !mps : mps) << 7) | qe_table[idx].nlps);
        } else {
            dbit = mps;
            *st = (uint8_t)((mps << 7) | qe_table[idx].nmps);
        }
    } else {
        a->c -= a->a << 16;
        if (a->a < qe) {
            dbit = mps;
            *st = (uint8_t)((mps << 7) | qe_table[idx].nmps);
        } else {
            dbit = !mps;
            *st = (uint8_t)(((qe_table[idx].sw ? !mps : mps) << 7) | qe_table[idx].nlps);
        }
        a->a = qe;
    }
    do {
        if (a->ct == 0)
            byte_in(a);
        a->a <<= 1;
        a->c <<= 1;
        a->ct--;
    } while (a->a < 0x8000);
    return (int)dbit;
}

void wf_jpeg_arith_reset_stats(wf_jpeg_decoder *d)
{
    for (int i = 0; i < d->ns; i++) {
        wf_jpeg_component *c = &d->comp[d->scan_comp[i]];
        if (!d->progressive || (d->ss == 0 && d->ah == 0)) {
            memset(d->dc_stats[c->td], 0, 64);
            c->dc_pred = 0;
            c->dc_ctx = 0;
        }
        if (!d->progressive || d->ss)
            memset(d->ac_stats[c->ta], 0, 256);
    }
    d->fixed_bin = FIXED_BIN_STATE;
}

/* F.2.4.1: one DC difference; updates the conditioning category. Returns
 * 0 and sets a->error on a corrupt magnitude. */
static int decode_dc_diff(wf_jpeg_decoder *d, wf_jpeg_component *c, int *diff)
{
    wf_jpeg_arith *a = &d->ar;
    int tbl = c->td;
    uint8_t *stats = d->dc_stats[tbl];
    uint8_t *st = stats + c->dc_ctx;
    if (!decode_bit(a, st)) {
        c->dc_ctx = 0;
        *diff = 0;
        return 1;
    }
    int sign = decode_bit(a, st + 1);
    st += 2 + sign;
    int m = decode_bit(a, st);
    if (m) {
        st = stats + 20;
        while (decode_bit(a, st)) {
            if ((m <<= 1) == 0x8000) {
                a->error = 1;
                d->warnings++;
                return 0;
            }
            st++;
        }
    }
    if (m < ((1 << d->arith_dc_L[tbl]) >> 1))
        c->dc_ctx = 0;
    else if (m > ((1 << d->arith_dc_U[tbl]) >> 1))
        c->dc_ctx = 12 + sign * 4;
    else
        c->dc_ctx = 4 + sign * 4;
    int v = m;
    st += 14;
    while (m >>= 1)
        if (decode_bit(a, st))
            v |= m;
    v += 1;
    *diff = sign ? -v : v;
    return 1;
}

/* F.2.4.2 / G.1.3.2: AC coefficients k = ss..se of a first scan, each
 * stored shifted left by al. */
static void decode_ac_first(wf_jpeg_decoder *d, wf_jpeg_component *c, int16_t *blk, int ss, int se, int al)
{
    wf_jpeg_arith *a = &d->ar;
    int tbl = c->ta;
    uint8_t *stats = d->ac_stats[tbl];
    for (int k = ss; k <= se; k++) {
        uint8_t *st = stats + 3 * (k - 1);
        if (decode_bit(a, st))
            break; /* EOB */
        while (decode_bit(a, st + 1) == 0) {
            st += 3;
            if (++k > se) {
                a->error = 1; /* spectral overflow */
                d->warnings++;
                return;
            }
        }
        int sign = decode_bit(a, &d->fixed_bin);
        st += 2;
        int m = decode_bit(a, st);
        if (m) {
            if (decode_bit(a, st)) {
                m <<= 1;
                st = stats + (k <= d->arith_ac_K[tbl] ? 189 : 217);
                while (decode_bit(a, st)) {
                    if ((m <<= 1) == 0x8000) {
                        a->error = 1;
                        d->warnings++;
                        return;
                    }
                    st++;
                }
            }
        }
        int v = m;
        st += 14;
        while (m >>= 1)
            if (decode_bit(a, st))
                v |= m;
        v += 1;
        if (sign)
            v = -v;
        blk[wf_jpeg_natural_order[k]] = (int16_t)(uint16_t)((unsigned)v << al);
    }
}

/* G.1.3.3: AC refinement. */
static void decode_ac_refine(wf_jpeg_decoder *d, wf_jpeg_component *c, int16_t *blk)
{
    wf_jpeg_arith *a = &d->ar;
    uint8_t *stats = d->ac_stats[c->ta];
    int ss = d->ss, se = d->se;
    int p1 = 1 << d->al, m1 = -p1;
    int kex;
    for (kex = se; kex > 0; kex--)
        if (blk[wf_jpeg_natural_order[kex]])
            break;
    for (int k = ss; k <= se; k++) {
        uint8_t *st = stats + 3 * (k - 1);
        if (k > kex && decode_bit(a, st))
            break; /* EOB */
        for (;;) {
            int16_t *coef = blk + wf_jpeg_natural_order[k];
            if (*coef) {
                if (decode_bit(a, st + 2))
                    *coef = (int16_t)(*coef + (*coef < 0 ? m1 : p1));
                break;
            }
            if (decode_bit(a, st + 1)) {
                *coef = (int16_t)(decode_bit(a, &d->fixed_bin) ? m1 : p1);
                break;
            }
            st += 3;
            if (++k > se) {
                a->error = 1;
                d->warnings++;
                return;
            }
        }
    }
}

void wf_jpeg_arith_decode_mcu(wf_jpeg_decoder *d, int16_t *const *blocks)
{
    wf_jpeg_arith *a = &d->ar;
    if (a->error)
        return; /* skip to the next restart, as libjpeg does */
    for (int i = 0; i < d->blocks_in_mcu; i++) {
        wf_jpeg_component *c = &d->comp[d->mcu_comp[i]];
        int16_t *blk = blocks[i];
        if (!d->progressive) {
            int diff;
            if (!decode_dc_diff(d, c, &diff))
                return;
            c->dc_pred = (int16_t)(c->dc_pred + diff);
            blk[0] = (int16_t)c->dc_pred;
            decode_ac_first(d, c, blk, 1, 63, 0);
            if (a->error)
                return;
        } else if (d->ss == 0) {
            if (d->ah == 0) {
                int diff;
                if (!decode_dc_diff(d, c, &diff))
                    return;
                c->dc_pred = (int16_t)(c->dc_pred + diff);
                blk[0] = (int16_t)(uint16_t)((unsigned)c->dc_pred << d->al);
            } else if (decode_bit(a, &d->fixed_bin)) {
                blk[0] = (int16_t)(blk[0] | (1 << d->al));
            }
        } else if (d->ah == 0) {
            decode_ac_first(d, c, blk, d->ss, d->se, d->al);
        } else {
            decode_ac_refine(d, c, blk);
        }
    }
}
