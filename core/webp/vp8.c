/* SPDX-License-Identifier: MIT
 * vp8.c: VP8 key frames (RFC 6386): the boolean decoder, the frame header,
 * segment/filter/quantiser parameters, intra modes, coefficient tokens,
 * intra prediction, inverse WHT/DCT and reconstruction into YUV 4:2:0
 * planes; then the loop filter (vp8_filter.c) and conversion to RGBA
 * (yuv.c). */
#include <string.h>
#include "webp_internal.h"
#include "vp8_internal.h"
#include "vp8_pred4.h"

/* ---- boolean decoder (RFC 6386 section 7) ----
 * `value` holds bits+8 unread bits; the top 8 of them are the window that is
 * compared with the split. Bytes are loaded when the window runs short, up
 * to three at a time, so that everything stays in 32 bits (fast in wasm2js,
 * where 64-bit integers are pairs of numbers). */

void wf_vp8_bd_init(wf_vp8_bd *b, const uint8_t *p, size_t n)
{
    b->start = b->p = p;
    b->end = p + n;
    b->value = 0;
    b->bits = -8;
    b->range = 255;
    b->eof = 0;
}

/* Everything the per-bit path calls is inlined (never called through a
 * pointer to the state), so that a decoder copied into a local variable
 * (read_coeffs) lives in registers / Wasm locals rather than in memory. */
#if defined(__GNUC__) || defined(__clang__)
#define BD_INLINE static inline __attribute__((always_inline))
#else
#define BD_INLINE static inline
#endif

BD_INLINE void bd_load(wf_vp8_bd *b)
{
    if (b->end - b->p >= 3) {
        b->value = (b->value << 24) | ((uint32_t)b->p[0] << 16) | ((uint32_t)b->p[1] << 8) | b->p[2];
        b->p += 3;
        b->bits += 24;
    } else if (b->p < b->end) {
        b->value = (b->value << 8) | *b->p++;
        b->bits += 8;
    } else {
        b->value <<= 8; /* zeros past the end; the stream is broken from now */
        b->bits += 8;
        b->eof = 1;
    }
}

BD_INLINE int bd_bit(wf_vp8_bd *b, int prob)
{
    uint32_t split, window;
    int bit, shift;
    if (b->bits < 0)
        bd_load(b);
    split = 1 + (((b->range - 1) * (uint32_t)prob) >> 8);
    window = b->value >> b->bits;
    if (window >= split) {
        b->range -= split;
        b->value -= split << b->bits;
        bit = 1;
    } else {
        b->range = split;
        bit = 0;
    }
    shift = __builtin_clz(b->range) - 24;
    b->range <<= shift;
    b->bits -= shift;
    return bit;
}

/* The frame header's bits: a call, not inlined (read once per frame; keeps
 * parse_header small). */
static WF_WEBP_NOINLINE int hdr_bit(wf_vp8_bd *b, int prob) { return bd_bit(b, prob); }

static uint32_t bd_literal(wf_vp8_bd *b, int n)
{
    uint32_t v = 0;
    while (n-- > 0)
        v = (v << 1) | (uint32_t)bd_bit(b, 128);
    return v;
}

static int bd_signed(wf_vp8_bd *b, int n)
{
    int v = (int)bd_literal(b, n);
    return bd_bit(b, 128) ? -v : v;
}

/* ---- header ---- */

wf_status wf_webp_vp8_info(const uint8_t *p, size_t n, uint32_t *w, uint32_t *h)
{
    uint32_t tag;
    if (n < 10)
        return WF_WEBP_VP8_BAD_HEADER;
    tag = wf_webp_le24(p);
    if ((tag & 1) != 0 || ((tag >> 1) & 7) > 3 || !((tag >> 4) & 1) || (tag >> 5) >= n)
        return WF_WEBP_VP8_BAD_HEADER;
    if (p[3] != 0x9d || p[4] != 0x01 || p[5] != 0x2a)
        return WF_WEBP_VP8_BAD_HEADER;
    *w = wf_webp_le16(p + 6) & 0x3fff;
    *h = wf_webp_le16(p + 8) & 0x3fff;
    if (*w == 0 || *h == 0)
        return WF_WEBP_VP8_BAD_HEADER;
    return WF_OK;
}

static const uint8_t bands[17] = {0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 0};
static const uint8_t zigzag[16] = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};

static int clampq(int q) { return q < 0 ? 0 : q > 127 ? 127 : q; }

static WF_WEBP_NOINLINE wf_status parse_header(wf_vp8 *v, const uint8_t *p, size_t n)
{
    wf_vp8_bd *b = &v->br;
    uint32_t part0;
    size_t rest, i;
    int s, t, j, k, l, base_q, dq[5];
    const uint8_t *parts, *end = p + n;

    part0 = wf_webp_le24(p) >> 5;
    v->width = wf_webp_le16(p + 6) & 0x3fff;
    v->height = wf_webp_le16(p + 8) & 0x3fff;
    p += 10;
    n -= 10;
    if (part0 > n)
        return WF_WEBP_VP8_BAD_HEADER;
    wf_vp8_bd_init(b, p, part0);
    v->part0_off = 10;
    bd_literal(b, 1); /* colour space */
    bd_literal(b, 1); /* clamping type (we always clamp) */

    /* segments */
    v->use_segment = hdr_bit(b, 128);
    v->update_map = 0;
    v->absolute = 1;
    memset(v->seg_q, 0, sizeof(v->seg_q));
    memset(v->seg_lf, 0, sizeof(v->seg_lf));
    v->seg_probs[0] = v->seg_probs[1] = v->seg_probs[2] = 255;
    if (v->use_segment) {
        v->update_map = hdr_bit(b, 128);
        if (hdr_bit(b, 128)) {
            v->absolute = hdr_bit(b, 128);
            for (s = 0; s < 4; s++)
                v->seg_q[s] = hdr_bit(b, 128) ? bd_signed(b, 7) : 0;
            for (s = 0; s < 4; s++)
                v->seg_lf[s] = hdr_bit(b, 128) ? bd_signed(b, 6) : 0;
        }
        if (v->update_map)
            for (s = 0; s < 3; s++)
                v->seg_probs[s] = hdr_bit(b, 128) ? (uint8_t)bd_literal(b, 8) : 255;
    }
    if (b->eof)
        return WF_WEBP_VP8_TRUNCATED;

    /* loop filter */
    v->simple = hdr_bit(b, 128);
    v->level = (int)bd_literal(b, 6);
    v->sharpness = (int)bd_literal(b, 3);
    v->use_lf_delta = hdr_bit(b, 128);
    memset(v->ref_lf_delta, 0, sizeof(v->ref_lf_delta));
    memset(v->mode_lf_delta, 0, sizeof(v->mode_lf_delta));
    if (v->use_lf_delta && hdr_bit(b, 128)) {
        for (i = 0; i < 4; i++)
            if (hdr_bit(b, 128))
                v->ref_lf_delta[i] = bd_signed(b, 6);
        for (i = 0; i < 4; i++)
            if (hdr_bit(b, 128))
                v->mode_lf_delta[i] = bd_signed(b, 6);
    }
    v->filter_type = v->level == 0 ? 0 : v->simple ? 1 : 2;
    if (b->eof)
        return WF_WEBP_VP8_TRUNCATED;

    /* partitions */
    v->nparts = 1 << bd_literal(b, 2);
    parts = p + part0;
    rest = (size_t)(end - parts);
    if (rest < 3 * (size_t)(v->nparts - 1))
        return WF_WEBP_VP8_BAD_PARTITIONS;
    {
        const uint8_t *sz = parts, *start = parts + 3 * (v->nparts - 1);
        rest -= 3 * (size_t)(v->nparts - 1);
        for (j = 0; j < v->nparts - 1; j++) {
            size_t ps = wf_webp_le24(sz + 3 * j);
            if (ps > rest)
                ps = rest;
            wf_vp8_bd_init(&v->parts[j], start, ps);
            start += ps;
            rest -= ps;
        }
        wf_vp8_bd_init(&v->parts[v->nparts - 1], start, rest);
        if (start >= end)
            return WF_WEBP_VP8_BAD_PARTITIONS;
    }

    /* quantisers */
    base_q = (int)bd_literal(b, 7);
    for (j = 0; j < 5; j++)
        dq[j] = hdr_bit(b, 128) ? bd_signed(b, 4) : 0;
    for (s = 0; s < 4; s++) {
        int q = base_q, x;
        if (v->use_segment)
            q = v->seg_q[s] + (v->absolute ? 0 : base_q);
        v->q[s].y1[0] = wf_webp_dc_q[clampq(q + dq[0])];
        v->q[s].y1[1] = wf_webp_ac_q[clampq(q)];
        v->q[s].y2[0] = wf_webp_dc_q[clampq(q + dq[1])] * 2;
        x = wf_webp_ac_q[clampq(q + dq[2])] * 155 / 100;
        v->q[s].y2[1] = x < 8 ? 8 : x;
        x = wf_webp_dc_q[clampq(q + dq[3])];
        v->q[s].uv[0] = x > 132 ? 132 : x;
        v->q[s].uv[1] = wf_webp_ac_q[clampq(q + dq[4])];
    }

    hdr_bit(b, 128); /* refresh_entropy_probs: irrelevant for one frame */
    for (t = 0; t < 4; t++)
        for (j = 0; j < 8; j++)
            for (k = 0; k < 3; k++)
                for (l = 0; l < 11; l++)
                    v->probs[t][j][k][l] = hdr_bit(b, wf_webp_coeff_update_probs[t][j][k][l])
                                               ? (uint8_t)bd_literal(b, 8)
                                               : wf_webp_coeff_probs0[t][j][k][l];
    v->use_skip = hdr_bit(b, 128);
    v->skip_prob = v->use_skip ? (int)bd_literal(b, 8) : 0;
    if (b->eof)
        return WF_WEBP_VP8_TRUNCATED;

    /* loop filter strengths per segment and mode (i4x4 or not) */
    for (s = 0; s < 4; s++) {
        int base = v->level, i4;
        if (v->use_segment)
            base = v->seg_lf[s] + (v->absolute ? 0 : v->level);
        for (i4 = 0; i4 < 2; i4++) {
            wf_vp8_finfo *f = &v->fstrength[s][i4];
            int level = base;
            if (v->use_lf_delta) {
                level += v->ref_lf_delta[0];
                if (i4)
                    level += v->mode_lf_delta[0];
            }
            level = level < 0 ? 0 : level > 63 ? 63 : level;
            if (level > 0) {
                int ilevel = level;
                if (v->sharpness > 0) {
                    ilevel >>= v->sharpness > 4 ? 2 : 1;
                    if (ilevel > 9 - v->sharpness)
                        ilevel = 9 - v->sharpness;
                }
                if (ilevel < 1)
                    ilevel = 1;
                f->ilevel = (uint8_t)ilevel;
                f->limit = (uint8_t)(2 * level + ilevel);
                f->hev = (uint8_t)(level >= 40 ? 2 : level >= 15 ? 1 : 0);
            } else {
                f->limit = 0;
                f->ilevel = 0;
                f->hev = 0;
            }
            f->inner = (uint8_t)i4;
        }
    }
    return WF_OK;
}

/* ---- modes ---- */

enum { DC_PRED, V_PRED, H_PRED, TM_PRED, B_PRED };

static WF_WEBP_NOINLINE int read_bmode(wf_vp8_bd *b, const uint8_t *p)
{
    if (!bd_bit(b, p[0]))
        return WF_B_DC;
    if (!bd_bit(b, p[1]))
        return WF_B_TM;
    if (!bd_bit(b, p[2]))
        return WF_B_VE;
    if (!bd_bit(b, p[3])) {
        if (!bd_bit(b, p[4]))
            return WF_B_HE;
        return bd_bit(b, p[5]) ? WF_B_VR : WF_B_RD;
    }
    if (!bd_bit(b, p[6]))
        return WF_B_LD;
    if (!bd_bit(b, p[7]))
        return WF_B_VL;
    return bd_bit(b, p[8]) ? WF_B_HU : WF_B_HD;
}

/* Reads the modes of the macroblock in column mbx from the first
 * partition: the 16 subblock modes into `modes` when the luma mode is
 * B_PRED, updating the contexts. Returns seg | skip << 2 | ymode << 3 |
 * uvmode << 6. The decoder is copied into a local (kept in registers). */
static WF_WEBP_NOINLINE uint32_t parse_modes(wf_vp8 *v, int mbx, uint8_t *bmode_left, uint8_t *modes)
{
    wf_vp8_bd local = v->br, *b = &local;
    uint8_t *top = v->bmode_top + mbx * 4;
    int seg = 0, skip = 0, ymode, uvmode;
    if (v->update_map)
        seg = !bd_bit(b, v->seg_probs[0]) ? bd_bit(b, v->seg_probs[1]) : 2 + bd_bit(b, v->seg_probs[2]);
    if (v->use_skip)
        skip = bd_bit(b, v->skip_prob);
    if (!bd_bit(b, 145)) {
        int i, j;
        ymode = B_PRED;
        for (i = 0; i < 4; i++) {
            for (j = 0; j < 4; j++) {
                int m = read_bmode(b, wf_webp_kf_bmode_probs[top[j]][bmode_left[i]]);
                modes[i * 4 + j] = (uint8_t)m;
                top[j] = bmode_left[i] = (uint8_t)m;
            }
        }
    } else {
        int implied;
        if (!bd_bit(b, 156))
            ymode = bd_bit(b, 163) ? V_PRED : DC_PRED;
        else
            ymode = bd_bit(b, 128) ? TM_PRED : H_PRED;
        implied = ymode == DC_PRED ? WF_B_DC : ymode == V_PRED ? WF_B_VE : ymode == H_PRED ? WF_B_HE : WF_B_TM;
        memset(top, implied, 4);
        memset(bmode_left, implied, 4);
    }
    if (!bd_bit(b, 142))
        uvmode = DC_PRED;
    else if (!bd_bit(b, 114))
        uvmode = V_PRED;
    else
        uvmode = bd_bit(b, 183) ? TM_PRED : H_PRED;
    v->br = local;
    return (uint32_t)seg | (uint32_t)skip << 2 | (uint32_t)ymode << 3 | (uint32_t)uvmode << 6;
}

/* ---- coefficients ---- */

BD_INLINE int large_value(wf_vp8_bd *b, const uint8_t *p)
{
    static const uint8_t cat3[] = {173, 148, 140, 0};
    static const uint8_t cat4[] = {176, 155, 140, 135, 0};
    static const uint8_t cat5[] = {180, 157, 141, 134, 130, 0};
    static const uint8_t cat6[] = {254, 254, 243, 230, 196, 177, 153, 140, 133, 130, 129, 0};
    const uint8_t *cat;
    int v, base;
    if (!bd_bit(b, p[3])) {
        if (!bd_bit(b, p[4]))
            return 2;
        return 3 + bd_bit(b, p[5]);
    }
    if (!bd_bit(b, p[6])) {
        if (!bd_bit(b, p[7]))
            return 5 + bd_bit(b, 159);
        v = 2 * bd_bit(b, 165);
        return 7 + v + bd_bit(b, 145);
    }
    if (!bd_bit(b, p[8])) {
        if (!bd_bit(b, p[9])) {
            cat = cat3;
            base = 11;
        } else {
            cat = cat4;
            base = 19;
        }
    } else if (!bd_bit(b, p[10])) {
        cat = cat5;
        base = 35;
    } else {
        cat = cat6;
        base = 67;
    }
    v = 0;
    while (*cat)
        v = 2 * v + bd_bit(b, *cat++);
    return base + v;
}

/* Decodes the tokens of one block from position n; returns the position
 * after the last token (16 when it ran to the end). */
static WF_WEBP_NOINLINE int read_coeffs(wf_vp8_bd *br, const uint8_t (*probs)[3][11], int ctx, const int *q, int n,
                                        int16_t *out)
{
    /* a local copy of the decoder state, so that it can live in registers */
    wf_vp8_bd local = *br, *b = &local;
    const uint8_t *p = probs[bands[n]][ctx];
    for (; n < 16; n++) {
        int v;
        if (!bd_bit(b, p[0]))
            break;                 /* end of block */
        while (!bd_bit(b, p[1])) { /* zero */
            if (++n == 16)
                goto end;
            p = probs[bands[n]][0];
        }
        if (!bd_bit(b, p[2])) {
            v = 1;
            p = probs[bands[n + 1]][1];
        } else {
            v = large_value(b, p);
            p = probs[bands[n + 1]][2];
        }
        if (bd_bit(b, 128))
            v = -v;
        out[zigzag[n]] = (int16_t)(v * q[n > 0]);
    }
end:
    *br = local;
    return n;
}

/* Parses the residual data of a macroblock into v->coeffs; returns a mask
 * of blocks (bit b: Y 0-15, U 16-19, V 20-23) that have non-zero data. */
static WF_WEBP_NOINLINE uint32_t parse_residuals(wf_vp8 *v, wf_vp8_bd *b, int mbx, int i4x4, const wf_vp8_quant *q)
{
    int16_t *c = v->coeffs;
    uint8_t *top = &v->nz_top[mbx * 9], *left = v->nz_left;
    uint32_t mask = 0;
    int first = 0, x, y, ch, nz, type;
    memset(c, 0, 25 * 16 * sizeof(int16_t));
    v->ac_mask = 0;
    if (!i4x4) {
        int16_t dc[16];
        int ctx = top[8] + left[8];
        memset(dc, 0, sizeof(dc));
        nz = read_coeffs(b, (const uint8_t(*)[3][11])v->probs[1], ctx, q->y2, 0, dc);
        top[8] = left[8] = nz > 0;
        wf_vp8_inverse_wht(dc, c);
        first = 1;
        type = 0;
    } else {
        type = 3;
    }
    for (y = 0; y < 4; y++) {
        for (x = 0; x < 4; x++) {
            int16_t *blk = c + 16 * (y * 4 + x);
            int ctx = top[x] + left[y];
            nz = read_coeffs(b, (const uint8_t(*)[3][11])v->probs[type], ctx, q->y1, first, blk);
            top[x] = left[y] = nz > first;
            if (nz > first || blk[0] != 0)
                mask |= 1u << (y * 4 + x);
            if (nz > 1)
                v->ac_mask |= 1u << (y * 4 + x);
        }
    }
    for (ch = 0; ch < 2; ch++) {
        for (y = 0; y < 2; y++) {
            for (x = 0; x < 2; x++) {
                int16_t *blk = c + 16 * (16 + ch * 4 + y * 2 + x);
                int ctx = top[4 + ch * 2 + x] + left[4 + ch * 2 + y];
                nz = read_coeffs(b, (const uint8_t(*)[3][11])v->probs[2], ctx, q->uv, 0, blk);
                top[4 + ch * 2 + x] = left[4 + ch * 2 + y] = nz > 0;
                if (nz > 0)
                    mask |= 1u << (16 + ch * 4 + y * 2 + x);
                if (nz > 1)
                    v->ac_mask |= 1u << (16 + ch * 4 + y * 2 + x);
            }
        }
    }
    return mask;
}

/* ---- the frame ---- */

wf_status wf_webp_vp8_decode(wf_webp_decoder *d, const uint8_t *p, size_t n, size_t file_off, uint8_t *rgba,
                             size_t stride, uint32_t flags)
{
    wf_vp8 v;
    wf_status st;
    int mbx, mby;
    size_t ysize, uvsize, need;
    uint8_t *ybuf, *ubuf, *vbuf;
    uint8_t bmode_left[4];

    if ((st = wf_webp_vp8_info(p, n, &v.width, &v.height)) != WF_OK)
        return wf_webp_fail(d, st, file_off);
    wf_vp8_bd_init(&v.br, p, 0);
    if ((st = parse_header(&v, p, n)) != WF_OK) {
        size_t off = st == WF_WEBP_VP8_BAD_PARTITIONS ? n : 10 + (size_t)(v.br.p - v.br.start);
        return wf_webp_fail(d, st, file_off + (off > n ? n : off));
    }
    v.mbw = (int)((v.width + 15) >> 4);
    v.mbh = (int)((v.height + 15) >> 4);
    v.ystride = (size_t)v.mbw * 16;
    v.uvstride = (size_t)v.mbw * 8;
    ysize = v.ystride * (size_t)v.mbh * 16;
    uvsize = v.uvstride * (size_t)v.mbh * 8;
    if (!wf_webp_reserve(&d->yuv, ysize + 2 * uvsize))
        return wf_webp_fail(d, WF_ERR_OUT_OF_MEMORY, file_off);
    need = (size_t)v.mbw * (9 + 4) + (size_t)v.mbw * v.mbh * sizeof(wf_vp8_mbinfo);
    if (!wf_webp_reserve(&d->vp8_mb, need))
        return wf_webp_fail(d, WF_ERR_OUT_OF_MEMORY, file_off);
    ybuf = d->yuv.p;
    ubuf = ybuf + ysize;
    vbuf = ubuf + uvsize;
    v.mbinfo = d->vp8_mb.p;
    v.nz_top = (uint8_t *)(v.mbinfo + (size_t)v.mbw * v.mbh);
    v.bmode_top = v.nz_top + (size_t)v.mbw * 9;
    memset(v.nz_top, 0, (size_t)v.mbw * 9);
    memset(v.bmode_top, WF_B_DC, (size_t)v.mbw * 4);

    for (mby = 0; mby < v.mbh; mby++) {
        wf_vp8_bd *tb = &v.parts[mby & (v.nparts - 1)];
        memset(v.nz_left, 0, sizeof(v.nz_left));
        memset(bmode_left, WF_B_DC, sizeof(bmode_left));
        for (mbx = 0; mbx < v.mbw; mbx++) {
            wf_vp8_mbinfo *mi = &v.mbinfo[(size_t)mby * v.mbw + mbx];
            uint8_t modes[16];
            int seg, skip, ymode, uvmode, i4x4;
            uint32_t mask = 0;
            uint32_t m = parse_modes(&v, mbx, bmode_left, modes);
            seg = (int)(m & 3);
            skip = (int)((m >> 2) & 1);
            ymode = (int)((m >> 3) & 7);
            uvmode = (int)(m >> 6);
            if (v.br.eof)
                return wf_webp_fail(d, WF_WEBP_VP8_TRUNCATED, file_off + 10 + v.br.p - v.br.start);

            i4x4 = ymode == B_PRED;
            if (!skip) {
                mask = parse_residuals(&v, tb, mbx, i4x4, &v.q[seg]);
            } else {
                uint8_t *nt = &v.nz_top[mbx * 9];
                memset(nt, 0, 8);
                memset(v.nz_left, 0, 8);
                if (!i4x4)
                    nt[8] = v.nz_left[8] = 0;
                memset(v.coeffs, 0, sizeof(v.coeffs));
                v.ac_mask = 0;
            }
            if (tb->eof)
                return wf_webp_fail(d, WF_WEBP_VP8_TRUNCATED, file_off + (size_t)(tb->end - p));
            mi->f = v.fstrength[seg][i4x4];
            mi->f.inner |= mask != 0;
            wf_vp8_reconstruct(&v, mbx, mby, ymode, modes, uvmode, mask, ybuf, ubuf, vbuf);
        }
    }
    if (v.filter_type)
        wf_vp8_loop_filter(&v, ybuf, ubuf, vbuf);
    wf_webp_yuv_to_rgba(ybuf, v.ystride, ubuf, vbuf, v.uvstride, v.width, v.height, rgba, stride,
                        !(flags & WF_WEBP_NOFANCY));
    return WF_OK;
}
