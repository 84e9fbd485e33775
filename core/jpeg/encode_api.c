/* SPDX-License-Identifier: MIT
 *
 * encode_api.c: the public encoder API (wf/jpeg_encode.h): argument checks,
 * frame set-up, quantisation tables, markers (SOI, APP0 JFIF, DQT, SOF0/SOF2,
 * DHT, DRI, SOS, EOI) and the order of passes:
 *   baseline            one pass, one MCU row of coefficients at a time;
 *   baseline optimised  all coefficients kept, statistics pass, then output;
 *   progressive         all coefficients kept, per scan statistics + output.
 */
#include <stdlib.h>
#include <string.h>
#include "encode_internal.h"

wf_jpeg_encoder *wf_jpeg_encoder_alloc(void)
{
    wf_jpeg_encoder *e = (wf_jpeg_encoder *)malloc(sizeof(*e));
    if (e)
        memset(e, 0, sizeof(*e));
    return e;
}

void wf_jpeg_encoder_free(wf_jpeg_encoder *e)
{
    if (!e)
        return;
    free(e->scratch);
    free(e->coefs);
    free(e);
}

/* ---- frame geometry ---- */

static int setup_frame(wf_jpeg_encoder *e, uint32_t width, uint32_t height, int subsampling)
{
    e->width = width;
    e->height = height;
    if (subsampling == WF_JPEG_ENCODE_GREY) {
        e->ncomp = 1;
        e->hmax = e->vmax = 1;
        e->comp[0].h = e->comp[0].v = 1;
    } else {
        e->ncomp = 3;
        e->hmax = subsampling == WF_JPEG_ENCODE_444 ? 1 : 2;
        e->vmax = subsampling == WF_JPEG_ENCODE_420 ? 2 : 1;
        e->comp[0].h = e->hmax;
        e->comp[0].v = e->vmax;
        for (int i = 1; i < 3; i++)
            e->comp[i].h = e->comp[i].v = 1;
    }
    e->mcux = (width + 8u * (uint32_t)e->hmax - 1) / (8u * (uint32_t)e->hmax);
    e->mcuy = (height + 8u * (uint32_t)e->vmax - 1) / (8u * (uint32_t)e->vmax);
    for (int i = 0; i < e->ncomp; i++) {
        wf_jpeg_enc_comp *c = &e->comp[i];
        c->id = i + 1;
        c->qt = i ? 1 : 0;
        c->dc_tbl = i ? 1 : 0;
        c->ac_tbl = i ? 3 : 2;
        uint32_t cw = (uint32_t)(((uint64_t)width * (uint32_t)c->h + (uint32_t)e->hmax - 1) / (uint32_t)e->hmax);
        uint32_t ch = (uint32_t)(((uint64_t)height * (uint32_t)c->v + (uint32_t)e->vmax - 1) / (uint32_t)e->vmax);
        c->wib = (cw + 7) / 8;
        c->hib = (ch + 7) / 8;
        if (e->ncomp == 1) {
            c->bw = c->wib;
            c->bh = c->hib;
            e->mcux = c->wib;
            e->mcuy = c->hib;
        } else {
            c->bw = e->mcux * (uint32_t)c->h;
            c->bh = e->mcuy * (uint32_t)c->v;
        }
    }
    return 0;
}

/* Grows the scratch and coefficient buffers; points comp planes/coefs into them. */
static wf_status setup_buffers(wf_jpeg_encoder *e)
{
    /* everything below is bounded by 65535-wide rows and the pixel cap, so
     * size_t (32-bit on Wasm) arithmetic cannot overflow */
    size_t ncoef = 0;
    for (int i = 0; i < e->ncomp; i++) {
        const wf_jpeg_enc_comp *c = &e->comp[i];
        size_t rows = e->full_image ? c->bh : (size_t)c->v;
        ncoef += (size_t)c->bw * rows * 64;
    }
    if (ncoef > e->coefs_cap) {
        free(e->coefs);
        e->coefs_cap = 0;
        e->coefs = (int16_t *)malloc(ncoef * sizeof(int16_t));
        if (!e->coefs)
            return WF_ERR_OUT_OF_MEMORY;
        e->coefs_cap = ncoef;
    }

    size_t pw = (size_t)e->mcux * 8u * (size_t)e->hmax; /* full-resolution strip width */
    size_t sh = 8u * (size_t)e->vmax;
    e->full_stride = pw;
    size_t need = pw * sh; /* comp 0 plane (= full Y strip) */
    if (e->ncomp == 3) {
        need += 2 * pw * sh; /* full Cb, Cr strips */
        if (e->hmax > 1)
            need += 2 * (size_t)e->comp[1].bw * 8 * 8;
    }
    if (need > e->scratch_cap) {
        free(e->scratch);
        e->scratch_cap = 0;
        e->scratch = (uint8_t *)malloc(need);
        if (!e->scratch)
            return WF_ERR_OUT_OF_MEMORY;
        e->scratch_cap = need;
    }

    int16_t *cp = e->coefs;
    for (int i = 0; i < e->ncomp; i++) {
        wf_jpeg_enc_comp *c = &e->comp[i];
        c->coef = cp;
        cp += (size_t)c->bw * (e->full_image ? c->bh : (size_t)c->v) * 64;
    }
    uint8_t *sp = e->scratch;
    e->comp[0].plane = sp;
    e->comp[0].plane_stride = pw;
    sp += pw * sh;
    if (e->ncomp == 3) {
        e->full_cb = sp;
        sp += pw * sh;
        e->full_cr = sp;
        sp += pw * sh;
        for (int i = 1; i < 3; i++) {
            wf_jpeg_enc_comp *c = &e->comp[i];
            if (e->hmax == 1) {
                c->plane = i == 1 ? e->full_cb : e->full_cr;
                c->plane_stride = pw;
            } else {
                c->plane = sp;
                c->plane_stride = (size_t)c->bw * 8;
                sp += c->plane_stride * 8;
            }
        }
    }
    return WF_OK;
}

static void setup_quant(wf_jpeg_encoder *e, int quality)
{
    int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
    for (int t = 0; t < 2; t++) {
        const uint8_t *base = t ? wf_jpeg_std_chroma_quant : wf_jpeg_std_luma_quant;
        for (int i = 0; i < 64; i++) {
            long q = ((long)base[i] * scale + 50) / 100;
            if (q < 1)
                q = 1;
            if (q > 255)
                q = 255;
            e->qtab[t][i] = (uint8_t)q;
            e->qmul[t][i] = (uint32_t)(((1u << 19) + (uint32_t)q - 1) / (uint32_t)q);
            e->qhalf[t][i] = (uint16_t)(4 * q);
        }
    }
}

/* DCT of every block of MCU row `my`, written to block row `dst_row` (in MCU
 * rows) of each component's coefficient array. Blocks that only pad the last
 * MCU get zero AC and the DC of their neighbour (left, else above-right), as
 * libjpeg does, which costs the fewest bits. */
static void transform_mcu_row(wf_jpeg_encoder *e, uint32_t my, uint32_t dst_row)
{
    for (int ci = 0; ci < e->ncomp; ci++) {
        wf_jpeg_enc_comp *c = &e->comp[ci];
        const uint32_t *qmul = e->qmul[c->qt];
        const uint16_t *qhalf = e->qhalf[c->qt];
        for (int yy = 0; yy < c->v; yy++) {
            uint32_t by = my * (uint32_t)c->v + (uint32_t)yy;
            int16_t *row = c->coef + ((size_t)dst_row * (size_t)c->v + (size_t)yy) * c->bw * 64;
            if (by < c->hib) {
                const uint8_t *src = c->plane + (size_t)yy * 8 * c->plane_stride;
                for (uint32_t bx = 0; bx < c->wib; bx++)
                    wf_jpeg_enc_fdct_quant(src + bx * 8, c->plane_stride, qmul, qhalf, row + (size_t)bx * 64);
                for (uint32_t bx = c->wib; bx < c->bw; bx++) {
                    memset(row + (size_t)bx * 64, 0, 64 * sizeof(int16_t));
                    row[(size_t)bx * 64] = row[(size_t)(bx - 1) * 64];
                }
            } else {
                const int16_t *above = row - c->bw * 64;
                for (uint32_t bx = 0; bx < c->bw; bx++) {
                    uint32_t src_bx = (bx / (uint32_t)c->h) * (uint32_t)c->h + (uint32_t)c->h - 1;
                    memset(row + (size_t)bx * 64, 0, 64 * sizeof(int16_t));
                    row[(size_t)bx * 64] = above[(size_t)src_bx * 64];
                }
            }
        }
    }
}

/* ---- markers ---- */

typedef struct bytew {
    uint8_t *p, *end;
    int overflow;
} bytew;

static void wb(bytew *b, const uint8_t *data, size_t n)
{
    if ((size_t)(b->end - b->p) < n) {
        b->overflow = 1;
        return;
    }
    memcpy(b->p, data, n);
    b->p += n;
}

static void w8(bytew *b, unsigned v)
{
    uint8_t x = (uint8_t)v;
    wb(b, &x, 1);
}

static void w16(bytew *b, unsigned v)
{
    w8(b, v >> 8);
    w8(b, v & 0xFF);
}

static void wmarker(bytew *b, unsigned m)
{
    w8(b, 0xFF);
    w8(b, m);
}

static void write_headers(wf_jpeg_encoder *e, bytew *b, int progressive)
{
    /* APP0 JFIF 1.01, no density unit, aspect 1:1, no thumbnail */
    static const uint8_t app0[16] = {0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
    wmarker(b, WF_JPEG_M_SOI);
    wmarker(b, WF_JPEG_M_APP0);
    wb(b, app0, sizeof(app0));
    int nq = e->ncomp == 1 ? 1 : 2;
    for (int t = 0; t < nq; t++) {
        wmarker(b, WF_JPEG_M_DQT);
        w16(b, 2 + 65);
        w8(b, (unsigned)t);
        for (int k = 0; k < 64; k++)
            w8(b, e->qtab[t][wf_jpeg_natural_order[k]]);
    }
    wmarker(b, progressive ? WF_JPEG_M_SOF2 : WF_JPEG_M_SOF0);
    w16(b, 8 + 3 * (unsigned)e->ncomp);
    w8(b, 8);
    w16(b, e->height);
    w16(b, e->width);
    w8(b, (unsigned)e->ncomp);
    for (int i = 0; i < e->ncomp; i++) {
        w8(b, (unsigned)e->comp[i].id);
        w8(b, (unsigned)(e->comp[i].h << 4 | e->comp[i].v));
        w8(b, (unsigned)e->comp[i].qt);
    }
}

static void write_dht(bytew *b, const wf_jpeg_enc_huff *h, int slot)
{
    wmarker(b, WF_JPEG_M_DHT);
    w16(b, 2 + 17 + (unsigned)h->nvals);
    w8(b, (unsigned)((slot >= 2 ? 0x10 : 0) | (slot & 1)));
    wb(b, h->bits + 1, 16);
    wb(b, h->vals, (size_t)h->nvals);
}

static void write_sos(bytew *b, const wf_jpeg_encoder *e, const wf_jpeg_enc_scaninfo *s)
{
    wmarker(b, WF_JPEG_M_SOS);
    w16(b, 6 + 2 * (unsigned)s->ncomp);
    w8(b, (unsigned)s->ncomp);
    for (int i = 0; i < s->ncomp; i++) {
        const wf_jpeg_enc_comp *c = &e->comp[s->comp[i]];
        int td = s->ss == 0 && s->ah == 0 ? c->dc_tbl : 0; /* refinement scans use no table */
        int ta = s->se != 0 ? c->ac_tbl - 2 : 0;
        w8(b, (unsigned)c->id);
        w8(b, (unsigned)(td << 4 | ta));
    }
    w8(b, (unsigned)s->ss);
    w8(b, (unsigned)s->se);
    w8(b, (unsigned)(s->ah << 4 | s->al));
}

static void write_dri(bytew *b, uint32_t interval)
{
    if (!interval)
        return;
    wmarker(b, WF_JPEG_M_DRI);
    w16(b, 4);
    w16(b, interval);
}

/* The DHT segments of the tables in use, DRI, and the SOS of the one
 * interleaved scan of a sequential file; the entropy coder then writes on
 * from there. Returns WF_ERR_BUFFER_TOO_SMALL when `b` ran out. */
static wf_status begin_sequential_scan(wf_jpeg_encoder *e, bytew *b, uint32_t restart_interval)
{
    for (int s = 0; s < (e->ncomp == 1 ? 1 : 2); s++) {
        write_dht(b, &e->huff[s], s);
        write_dht(b, &e->huff[s + 2], s + 2);
    }
    write_dri(b, restart_interval);
    wf_jpeg_enc_scaninfo si = {e->ncomp, {0, 1, 2}, 0, 63, 0, 0};
    write_sos(b, e, &si);
    if (b->overflow)
        return WF_ERR_BUFFER_TOO_SMALL;
    e->bw.p = b->p;
    e->bw.end = b->end;
    return WF_OK;
}

/* libjpeg's default progression (jcparam.c, also described in its wizard.txt). */
static int progression(const wf_jpeg_encoder *e, wf_jpeg_enc_scaninfo *s)
{
    if (e->ncomp == 3) {
        /* clang-format off */
        static const int8_t script[10][8] = {
            /* ncomp, c0, c1, c2, ss, se, ah, al */
            {3, 0, 1, 2, 0, 0, 0, 1},  {1, 0, 0, 0, 1, 5, 0, 2},  {1, 2, 0, 0, 1, 63, 0, 1},
            {1, 1, 0, 0, 1, 63, 0, 1}, {1, 0, 0, 0, 6, 63, 0, 2}, {1, 0, 0, 0, 1, 63, 2, 1},
            {3, 0, 1, 2, 0, 0, 1, 0},  {1, 2, 0, 0, 1, 63, 1, 0}, {1, 1, 0, 0, 1, 63, 1, 0},
            {1, 0, 0, 0, 1, 63, 1, 0},
        };
        /* clang-format on */
        for (int i = 0; i < 10; i++) {
            s[i].ncomp = script[i][0];
            for (int j = 0; j < 3; j++)
                s[i].comp[j] = script[i][1 + j];
            s[i].ss = script[i][4];
            s[i].se = script[i][5];
            s[i].ah = script[i][6];
            s[i].al = script[i][7];
        }
        return 10;
    }
    /* clang-format off */
    static const int8_t grey[6][4] = {{0, 0, 0, 1}, {1, 5, 0, 2}, {6, 63, 0, 2},
                                      {1, 63, 2, 1}, {0, 0, 1, 0}, {1, 63, 1, 0}};
    /* clang-format on */
    for (int i = 0; i < 6; i++) {
        s[i].ncomp = 1;
        s[i].comp[0] = s[i].comp[1] = s[i].comp[2] = 0;
        s[i].ss = grey[i][0];
        s[i].se = grey[i][1];
        s[i].ah = grey[i][2];
        s[i].al = grey[i][3];
    }
    return 6;
}

/* ---- bound ---- */

size_t wf_jpeg_encode_bound(uint32_t width, uint32_t height, int subsampling, int flags)
{
    if (width == 0 || height == 0 || width > 65535 || height > 65535)
        return 0;
    if (subsampling < WF_JPEG_ENCODE_444 || subsampling > WF_JPEG_ENCODE_GREY)
        return 0;
    if (flags & ~(WF_JPEG_ENCODE_OPTIMIZE | WF_JPEG_ENCODE_PROGRESSIVE))
        return 0;
    /* blocks, counting the MCU padding */
    uint64_t mw = (width + 15) / 16, mh = (height + 15) / 16;
    uint64_t blocks;
    if (subsampling == WF_JPEG_ENCODE_GREY)
        blocks = ((uint64_t)width + 7) / 8 * (((uint64_t)height + 7) / 8);
    else if (subsampling == WF_JPEG_ENCODE_444)
        blocks = 3 * (((uint64_t)width + 7) / 8) * (((uint64_t)height + 7) / 8);
    else if (subsampling == WF_JPEG_ENCODE_422)
        blocks = mw * (((uint64_t)height + 7) / 8) * 4;
    else
        blocks = mw * mh * 6;
    /* Sequential worst case per block: DC 16+11 bits, 63 AC of 16+10 bits =
     * 1665 bits = 209 bytes, doubled for 0xFF stuffing. Progressive: every
     * coefficient coded at most once with its first bits (<= 16+10) and once
     * per refinement bit (1, + the 16-bit symbol if newly nonzero), plus an
     * EOB/ZRL symbol per 16 coefficients per scan: < 1024 bytes stuffed. */
    uint64_t per_block = (flags & WF_JPEG_ENCODE_PROGRESSIVE) ? 1024 : 420;
    /* at most one restart marker (2 bytes + 1 padding byte) per block and scan */
    uint64_t markers = blocks * ((flags & WF_JPEG_ENCODE_PROGRESSIVE) ? 10 : 1);
    uint64_t headers = 20 + 2 * 69 + 19 + 6 + 12 * (4 * (21 + 256) + 14) + 2 + 64;
    uint64_t total = blocks * per_block + markers * 3 + headers;
    if (total > (uint64_t)SIZE_MAX)
        return 0;
    return (size_t)total;
}

/* ---- encode ---- */

wf_status wf_jpeg_encode(wf_jpeg_encoder *e, const uint8_t *pixels, uint32_t width, uint32_t height, uint32_t stride,
                         int input_format, int quality, int subsampling, int flags, uint32_t restart_interval,
                         uint8_t *out, size_t out_nbytes_avail, size_t *out_nbytes_ret)
{
    if (out_nbytes_ret)
        *out_nbytes_ret = 0;
    if (!e || !pixels || !out || !out_nbytes_ret)
        return WF_ERR_INVALID_ARGUMENT;
    if (width == 0 || height == 0 || width > 65535 || height > 65535)
        return WF_JPEG_ENCODE_BAD_DIMENSIONS;
    if ((uint64_t)width * height > WF_JPEG_ENCODE_MAX_PIXELS)
        return WF_JPEG_ENCODE_TOO_LARGE;
    int bpp;
    switch (input_format) {
    case WF_JPEG_ENCODE_RGBA8: bpp = 4; break;
    case WF_JPEG_ENCODE_RGB8: bpp = 3; break;
    case WF_JPEG_ENCODE_GREY8: bpp = 1; break;
    default: return WF_JPEG_ENCODE_BAD_FORMAT;
    }
    if (stride == 0)
        stride = width * (uint32_t)bpp;
    if ((uint64_t)stride < (uint64_t)width * (uint32_t)bpp)
        return WF_JPEG_ENCODE_BAD_STRIDE;
    if (quality < 1 || quality > 100)
        return WF_JPEG_ENCODE_BAD_QUALITY;
    if (subsampling < WF_JPEG_ENCODE_444 || subsampling > WF_JPEG_ENCODE_GREY)
        return WF_JPEG_ENCODE_BAD_SUBSAMPLING;
    if (flags & ~(WF_JPEG_ENCODE_OPTIMIZE | WF_JPEG_ENCODE_PROGRESSIVE))
        return WF_JPEG_ENCODE_BAD_FLAGS;
    if (restart_interval > 65535)
        return WF_JPEG_ENCODE_BAD_RESTART;
    if (input_format == WF_JPEG_ENCODE_GREY8)
        subsampling = WF_JPEG_ENCODE_GREY;

    const int progressive = (flags & WF_JPEG_ENCODE_PROGRESSIVE) != 0;
    const int optimize = progressive || (flags & WF_JPEG_ENCODE_OPTIMIZE);
    setup_frame(e, width, height, subsampling);
    e->full_image = optimize;
    e->restart_interval = restart_interval;
    wf_status st = setup_buffers(e);
    if (st)
        return st;
    setup_quant(e, quality);

    bytew b = {out, out + out_nbytes_avail, 0};
    write_headers(e, &b, progressive);
    e->bw.acc = 0;
    e->bw.nbits = 0;
    e->bw.overflow = 0;

    if (!optimize) {
        for (int i = 0; i < WF_JPEG_ENC_NTABLES; i++) /* slot i is Annex K.3 table i */
            wf_jpeg_enc_huff_from_spec(&e->huff[i], wf_jpeg_std_huff_spec[i].bits, wf_jpeg_std_huff_spec[i].vals);
        if (begin_sequential_scan(e, &b, restart_interval))
            return WF_ERR_BUFFER_TOO_SMALL;
        int16_t pred[3] = {0, 0, 0};
        uint32_t rcount = 0;
        int rnum = 0;
        for (uint32_t my = 0; my < e->mcuy && !e->bw.overflow; my++) {
            wf_jpeg_enc_prepare_strip(e, pixels, stride, input_format, my);
            transform_mcu_row(e, my, 0);
            wf_jpeg_enc_baseline_scan(e, 0, 1, 0, pred, &rcount, &rnum);
        }
        wf_jpeg_enc_bits_flush(&e->bw);
        if (e->bw.overflow)
            return WF_ERR_BUFFER_TOO_SMALL;
        b.p = e->bw.p;
    } else {
        for (uint32_t my = 0; my < e->mcuy; my++) {
            wf_jpeg_enc_prepare_strip(e, pixels, stride, input_format, my);
            transform_mcu_row(e, my, my);
        }
        if (!progressive) {
            int16_t pred[3] = {0, 0, 0};
            uint32_t rcount = 0;
            int rnum = 0;
            memset(e->freq, 0, sizeof(e->freq));
            wf_jpeg_enc_baseline_scan(e, 0, e->mcuy, 1, pred, &rcount, &rnum);
            for (int s = 0; s < (e->ncomp == 1 ? 1 : 2); s++) {
                wf_jpeg_enc_huff_optimal(&e->huff[s], e->freq[s]);
                wf_jpeg_enc_huff_optimal(&e->huff[s + 2], e->freq[s + 2]);
            }
            if (begin_sequential_scan(e, &b, restart_interval))
                return WF_ERR_BUFFER_TOO_SMALL;
            pred[0] = pred[1] = pred[2] = 0;
            rcount = 0;
            rnum = 0;
            wf_jpeg_enc_baseline_scan(e, 0, e->mcuy, 0, pred, &rcount, &rnum);
            wf_jpeg_enc_bits_flush(&e->bw);
            if (e->bw.overflow)
                return WF_ERR_BUFFER_TOO_SMALL;
            b.p = e->bw.p;
        } else {
            wf_jpeg_enc_scaninfo scans[10];
            int nscans = progression(e, scans);
            for (int i = 0; i < nscans; i++) {
                const wf_jpeg_enc_scaninfo *s = &scans[i];
                int dc_refine = s->ss == 0 && s->ah != 0;
                if (!dc_refine) {
                    memset(e->freq, 0, sizeof(e->freq));
                    wf_jpeg_enc_progressive_scan(e, s, 1);
                    int sent[WF_JPEG_ENC_NTABLES] = {0, 0, 0, 0};
                    for (int j = 0; j < s->ncomp; j++) {
                        const wf_jpeg_enc_comp *c = &e->comp[s->comp[j]];
                        int slot = s->ss == 0 ? c->dc_tbl : c->ac_tbl;
                        if (sent[slot])
                            continue;
                        sent[slot] = 1;
                        wf_jpeg_enc_huff_optimal(&e->huff[slot], e->freq[slot]);
                        write_dht(&b, &e->huff[slot], slot);
                    }
                }
                if (i == 0)
                    write_dri(&b, restart_interval); /* once, where libjpeg puts it */
                write_sos(&b, e, s);
                if (b.overflow)
                    return WF_ERR_BUFFER_TOO_SMALL;
                e->bw.p = b.p;
                e->bw.end = b.end;
                e->bw.acc = 0;
                e->bw.nbits = 0;
                wf_jpeg_enc_progressive_scan(e, s, 0);
                wf_jpeg_enc_bits_flush(&e->bw);
                if (e->bw.overflow)
                    return WF_ERR_BUFFER_TOO_SMALL;
                b.p = e->bw.p;
            }
        }
    }
    wmarker(&b, WF_JPEG_M_EOI);
    if (b.overflow)
        return WF_ERR_BUFFER_TOO_SMALL;
    *out_nbytes_ret = (size_t)(b.p - out);
    return WF_OK;
}
