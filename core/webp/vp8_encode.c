/* SPDX-License-Identifier: MIT
 * vp8_encode.c: the VP8 key-frame encoder's frame level: RGB to YUV 4:2:0,
 * quality to quantiser, the macroblock loop (mode decision in
 * vp8_enc_mode.c), coefficient probability updates from the statistics of
 * the chosen tokens, loop-filter strength, and the bitstream: frame tag,
 * start code, first partition (header and modes) and one token partition.
 *
 * Quality mapping (as cwebp -q does, from libwebp's published behaviour):
 * q in 0..100 becomes c = q/100; the "compression" is
 * v = cbrt(c < 0.75 ? c * 2/3 : 2c - 1) and the base quantiser index is
 * (int)(127 * (1 - v)), so q 50 -> 38, 75 -> 26, 90 -> 9, 100 -> 0. With
 * segments (vp8_enc_analysis.c) each segment's index is 127 * (1 - v^e)
 * with e = 1 - 0.9 * 0.5 * alpha / 128, alpha the segment's complexity in
 * -127..127 (cwebp's default -sns 50).
 *
 * Effort (cwebp -m): 0: 16x16 luma modes DC/V/TM and chroma DC only;
 * 1: every 16x16 and chroma mode; 2-3: also 4x4 luma (B_PRED) with the 3
 * best of the ten modes by prediction error tried fully, segments from 3;
 * 4 (default): the 5 best; 5-6: all ten, a second decision pass with the
 * costs of the updated probabilities, and the loop-filter level searched
 * on the frame's error. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "wf/memory.h"
#include "vp8_enc.h"

/* ---- colour conversion (BT.601 studio swing, 16-bit fixed point, rounded) ---- */

static inline uint8_t rgb_to_y(int r, int g, int b)
{
    return (uint8_t)((16839 * r + 33059 * g + 6420 * b + (16 << 16) + (1 << 15)) >> 16);
}

/* r, g, b: sums of four pixels */
static inline uint8_t clip_uv(int v)
{
    v = (v + (128 << 18) + (1 << 17)) >> 18;
    return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

WF_WEBP_NOINLINE static void convert(wf_vp8_enc *e, const uint8_t *rgba, uint32_t stride)
{
    uint32_t x, y, w = e->width, h = e->height, cw = (w + 1) / 2, ch = (h + 1) / 2;
    size_t pw = (size_t)e->mbw * 16, ph = (size_t)e->mbh * 16, i;
    for (y = 0; y < h; y++) {
        const uint8_t *p = rgba + (size_t)y * stride;
        uint8_t *o = e->sy + y * e->ystride;
        for (x = 0; x < w; x++, p += 4)
            o[x] = rgb_to_y(p[0], p[1], p[2]);
        for (i = w; i < pw; i++)
            o[i] = o[w - 1];
    }
    for (i = h; i < ph; i++)
        memcpy(e->sy + i * e->ystride, e->sy + (h - 1) * e->ystride, pw);
    for (y = 0; y < ch; y++) {
        const uint8_t *p0 = rgba + (size_t)(2 * y) * stride;
        const uint8_t *p1 = 2 * y + 1 < h ? p0 + stride : p0;
        uint8_t *ou = e->su + y * e->uvstride, *ov = e->sv + y * e->uvstride;
        for (x = 0; x < cw; x++) {
            uint32_t x0 = 2 * x, x1 = 2 * x + 1 < w ? 2 * x + 1 : 2 * x;
            int r = p0[4 * x0] + p0[4 * x1] + p1[4 * x0] + p1[4 * x1];
            int g = p0[4 * x0 + 1] + p0[4 * x1 + 1] + p1[4 * x0 + 1] + p1[4 * x1 + 1];
            int b = p0[4 * x0 + 2] + p0[4 * x1 + 2] + p1[4 * x0 + 2] + p1[4 * x1 + 2];
            ou[x] = clip_uv(-9719 * r - 19081 * g + 28800 * b);
            ov[x] = clip_uv(28800 * r - 24116 * g - 4684 * b);
        }
        for (i = cw; i < pw / 2; i++) {
            ou[i] = ou[cw - 1];
            ov[i] = ov[cw - 1];
        }
    }
    for (i = ch; i < ph / 2; i++) {
        memcpy(e->su + i * e->uvstride, e->su + (ch - 1) * e->uvstride, pw / 2);
        memcpy(e->sv + i * e->uvstride, e->sv + (ch - 1) * e->uvstride, pw / 2);
    }
}

/* ---- quality ---- */

double wf_vp8_quality_compression(int quality)
{
    double c = quality / 100.0, lin = c < 0.75 ? c * (2.0 / 3.0) : 2.0 * c - 1.0;
    return cbrt(lin);
}

/* ---- loop filter ---- */

/* Filter parameters of a level, as the decoder derives them (vp8.c). */
static wf_vp8_finfo finfo_of(int level, int sharpness, int inner)
{
    wf_vp8_finfo f;
    memset(&f, 0, sizeof(f));
    if (level > 0) {
        int il = level;
        if (sharpness > 0) {
            il >>= sharpness > 4 ? 2 : 1;
            if (il > 9 - sharpness)
                il = 9 - sharpness;
        }
        if (il < 1)
            il = 1;
        f.ilevel = (uint8_t)il;
        f.limit = (uint8_t)(2 * level + il);
        f.hev = (uint8_t)(level >= 40 ? 2 : level >= 15 ? 1 : 0);
    }
    f.inner = (uint8_t)inner;
    return f;
}

/* Whether the decoder filters the inner edges of a macroblock: B_PRED, or
 * any block with non-zero data (for 16x16 luma, after the inverse WHT). */
WF_WEBP_NOINLINE static int mb_inner(const wf_vp8_enc *e, const wf_vp8_mb *mb)
{
    const wf_vp8_segq *sq = &e->seg[mb->seg];
    int b, n;
    if (mb->ymode == WF_B_PRED)
        return 1;
    if (mb->skip)
        return 0;
    for (b = 0; b < 24; b++)
        for (n = b < 16 ? 1 : 0; n < 16; n++)
            if (mb->levels[b][n])
                return 1;
    {
        int16_t deq[16], wht[256];
        for (n = 0; n < 16; n++)
            deq[wf_vp8_zigzag[n]] = (int16_t)(mb->levels[24][n] * sq->m[WF_Q_Y2].q[n > 0]);
        wf_vp8_inverse_wht(deq, wht);
        for (b = 0; b < 16; b++)
            if (wht[16 * b])
                return 1;
    }
    return 0;
}

/* Applies the loop filter to the reconstruction planes (in place). */
WF_WEBP_NOINLINE static wf_status filter_frame(const wf_vp8_enc *e, uint8_t *y, uint8_t *u, uint8_t *v)
{
    wf_vp8 d;
    size_t n = (size_t)e->mbw * e->mbh, i;
    for (i = 0; i < (size_t)e->nseg; i++)
        if (e->seg[i].filter_level)
            break;
    if (i == (size_t)e->nseg)
        return WF_OK;
    memset(&d, 0, sizeof(d));
    d.mbw = e->mbw;
    d.mbh = e->mbh;
    d.ystride = e->ystride;
    d.uvstride = e->uvstride;
    d.filter_type = 2;
    d.mbinfo = malloc(n * sizeof(*d.mbinfo));
    if (!d.mbinfo)
        return WF_ERR_OUT_OF_MEMORY;
    for (i = 0; i < n; i++) {
        const wf_vp8_mb *mb = &e->mbs[i];
        d.mbinfo[i].f = finfo_of(e->seg[mb->seg].filter_level, e->sharpness, mb_inner(e, mb));
    }
    wf_vp8_loop_filter(&d, y, u, v);
    free(d.mbinfo);
    return WF_OK;
}

/* The filter level for a quantiser index: the smallest level whose
 * macroblock-edge test lets a step of about a quarter of the AC step
 * through (2.5 * step <= 3 * level at sharpness 0), scaled by 300/256
 * (cwebp's default -f 60). */
static int filter_level_for(int qindex)
{
    int qstep = wf_webp_ac_q[qindex] >> 2;
    int level = (5 * qstep + 5) / 6;
    level = level * 300 / 256;
    return level > 63 ? 63 : level;
}

/* Sum of squared differences between the source and a reconstruction
 * (the visible area of all three planes). Each row is summed in 32 bits
 * (at most 16383 * 255^2 < 2^32) and the rows in a double (exact below
 * 2^53): no 64-bit integer arithmetic per pixel, which wasm2js emulates. */
WF_WEBP_NOINLINE static double frame_sse(const wf_vp8_enc *e, const uint8_t *y, const uint8_t *u, const uint8_t *v)
{
    double s = 0;
    uint32_t i, j, cw = (e->width + 1) / 2, ch = (e->height + 1) / 2;
    for (i = 0; i < e->height; i++) {
        uint32_t r = 0;
        for (j = 0; j < e->width; j++) {
            int d = e->sy[i * e->ystride + j] - y[i * e->ystride + j];
            r += (uint32_t)(d * d);
        }
        s += r;
    }
    for (i = 0; i < ch; i++) {
        uint32_t r = 0;
        for (j = 0; j < cw; j++) {
            int du = e->su[i * e->uvstride + j] - u[i * e->uvstride + j];
            int dv = e->sv[i * e->uvstride + j] - v[i * e->uvstride + j];
            r += (uint32_t)(du * du + dv * dv);
        }
        s += r;
    }
    return s;
}

/* Chooses the loop-filter levels that minimise the error of the filtered
 * frame (effort >= 5): the quantiser rule's levels scaled by each of a few
 * factors (the filter does not change the coded data, only what the decoder
 * shows). */
WF_WEBP_NOINLINE static wf_status search_filter(wf_vp8_enc *e)
{
    static const int scale[] = {0, 4, 6, 8, 10, 12, 14, 16, 20}; /* in 1/8 */
    size_t ysize = e->ystride * (size_t)e->mbh * 16, uvsize = e->uvstride * (size_t)e->mbh * 8;
    uint8_t *tmp = malloc(ysize + 2 * uvsize);
    int base[4], s, k, best_k = 0;
    double best = HUGE_VAL;
    if (!tmp)
        return WF_ERR_OUT_OF_MEMORY;
    for (s = 0; s < e->nseg; s++)
        base[s] = e->seg[s].filter_level;
    for (k = 0; k < (int)(sizeof(scale) / sizeof(scale[0])); k++) {
        double err;
        wf_status st;
        for (s = 0; s < e->nseg; s++) {
            int l = (base[s] * scale[k] + 4) / 8;
            e->seg[s].filter_level = l > 63 ? 63 : l;
        }
        e->filter_level = e->seg[0].filter_level;
        memcpy(tmp, e->ry, ysize + 2 * uvsize); /* ry, ru, rv are contiguous */
        st = filter_frame(e, tmp, tmp + ysize, tmp + ysize + uvsize);
        if (st != WF_OK) {
            free(tmp);
            return st;
        }
        err = frame_sse(e, tmp, tmp + ysize, tmp + ysize + uvsize);
        if (err < best) {
            best = err;
            best_k = k;
        }
    }
    for (s = 0; s < e->nseg; s++) {
        int l = (base[s] * scale[best_k] + 4) / 8;
        e->seg[s].filter_level = l > 63 ? 63 : l;
    }
    e->filter_level = e->seg[0].filter_level;
    free(tmp);
    return WF_OK;
}

/* ---- bitstream ---- */

static void put_segment_header(const wf_vp8_enc *e, wf_vp8_be *b)
{
    int s;
    wf_vp8_be_put(b, 128, e->nseg > 1);
    if (e->nseg <= 1)
        return;
    wf_vp8_be_put(b, 128, 1); /* update_mb_segmentation_map */
    wf_vp8_be_put(b, 128, 1); /* update_segment_feature_data */
    wf_vp8_be_put(b, 128, 1); /* absolute values */
    for (s = 0; s < 4; s++) {
        wf_vp8_be_put(b, 128, 1);
        wf_vp8_be_signed(b, e->seg[s < e->nseg ? s : 0].qindex, 7);
    }
    for (s = 0; s < 4; s++) {
        wf_vp8_be_put(b, 128, 1);
        wf_vp8_be_signed(b, e->seg[s < e->nseg ? s : 0].filter_level, 6);
    }
    for (s = 0; s < 3; s++) {
        wf_vp8_be_put(b, 128, 1);
        wf_vp8_be_literal(b, e->seg_probs[s], 8);
    }
}

WF_WEBP_NOINLINE static void put_modes(const wf_vp8_enc *e, wf_vp8_be *b, const wf_vp8_mb *mb, uint8_t *btop,
                                       uint8_t *bleft)
{
    int i, j;
    if (e->nseg > 1) {
        if (mb->seg < 2) {
            wf_vp8_be_put(b, e->seg_probs[0], 0);
            wf_vp8_be_put(b, e->seg_probs[1], mb->seg);
        } else {
            wf_vp8_be_put(b, e->seg_probs[0], 1);
            wf_vp8_be_put(b, e->seg_probs[2], mb->seg - 2);
        }
    }
    if (e->use_skip)
        wf_vp8_be_put(b, e->skip_prob, mb->skip);
    if (mb->ymode == WF_B_PRED) {
        wf_vp8_be_put(b, 145, 0);
        for (i = 0; i < 4; i++)
            for (j = 0; j < 4; j++) {
                int m = mb->bmodes[i * 4 + j], k;
                const uint8_t *p = wf_webp_kf_bmode_probs[btop[j]][bleft[i]];
                const wf_vp8_bpath *pa = &wf_vp8_bmode_path[m];
                for (k = 0; k < pa->n; k++)
                    wf_vp8_be_put(b, p[pa->node[k]], pa->bit[k]);
                btop[j] = bleft[i] = (uint8_t)m;
            }
    } else {
        wf_vp8_be_put(b, 145, 1);
        if (mb->ymode == WF_DC_PRED || mb->ymode == WF_V_PRED) {
            wf_vp8_be_put(b, 156, 0);
            wf_vp8_be_put(b, 163, mb->ymode == WF_V_PRED);
        } else {
            wf_vp8_be_put(b, 156, 1);
            wf_vp8_be_put(b, 128, mb->ymode == WF_TM_PRED);
        }
        memset(btop, mb->bmodes[0], 4);
        memset(bleft, mb->bmodes[0], 4);
    }
    if (mb->uvmode == WF_DC_PRED) {
        wf_vp8_be_put(b, 142, 0);
    } else {
        wf_vp8_be_put(b, 142, 1);
        if (mb->uvmode == WF_V_PRED) {
            wf_vp8_be_put(b, 114, 0);
        } else {
            wf_vp8_be_put(b, 114, 1);
            wf_vp8_be_put(b, 183, mb->uvmode == WF_TM_PRED);
        }
    }
}

static void reset_contexts(wf_vp8_enc *e)
{
    memset(e->nz_top, 0, (size_t)e->mbw * 9);
    memset(e->bmode_top, WF_B_DC, (size_t)e->mbw * 4);
}

static void start_row(wf_vp8_enc *e)
{
    memset(e->nz_left, 0, sizeof(e->nz_left));
    memset(e->bmode_left, WF_B_DC, sizeof(e->bmode_left));
}

/* Mode decision for every macroblock, then the statistics of their tokens
 * and the probabilities that follow from them. */
WF_WEBP_NOINLINE static void encode_pass(wf_vp8_enc *e)
{
    int mbx, mby;
    size_t nskip = 0, n = (size_t)e->mbw * e->mbh;
    wf_vp8_update_level_costs(e);
    reset_contexts(e);
    for (mby = 0; mby < e->mbh; mby++) {
        start_row(e);
        for (mbx = 0; mbx < e->mbw; mbx++) {
            wf_vp8_mb *mb = &e->mbs[(size_t)mby * e->mbw + mbx];
            e->encode_mb(e, mbx, mby, mb);
            nskip += mb->skip;
        }
    }
    e->use_skip = nskip > 0;
    if (e->use_skip) {
        int p = (int)(((n - nskip) * 256 + n / 2) / n);
        e->skip_prob = p < 1 ? 1 : p > 255 ? 255 : p;
    }
    memset(e->stats, 0, sizeof(e->stats));
    reset_contexts(e);
    for (mby = 0; mby < e->mbh; mby++) {
        start_row(e);
        for (mbx = 0; mbx < e->mbw; mbx++)
            wf_vp8_mb_tokens(e, NULL, mbx, &e->mbs[(size_t)mby * e->mbw + mbx]);
    }
    wf_vp8_finalize_probs(e);
}

WF_WEBP_NOINLINE static wf_status assemble(wf_vp8_enc *e, uint8_t **out, size_t *out_size)
{
    wf_vp8_be p0, p1;
    int mbx, mby;
    wf_status st = WF_OK;
    uint8_t *o;
    wf_vp8_be_init(&p0);
    wf_vp8_be_init(&p1);

    wf_vp8_be_put(&p0, 128, 0); /* colour space */
    wf_vp8_be_put(&p0, 128, 0); /* clamping required */
    put_segment_header(e, &p0);
    wf_vp8_be_put(&p0, 128, 0); /* normal loop filter */
    wf_vp8_be_literal(&p0, (uint32_t)e->filter_level, 6);
    wf_vp8_be_literal(&p0, (uint32_t)e->sharpness, 3);
    wf_vp8_be_put(&p0, 128, 0);   /* no loop filter deltas */
    wf_vp8_be_literal(&p0, 0, 2); /* one token partition */
    wf_vp8_be_literal(&p0, (uint32_t)e->base_q, 7);
    wf_vp8_be_put(&p0, 128, 0); /* y1 dc delta */
    wf_vp8_be_put(&p0, 128, 0); /* y2 dc delta */
    wf_vp8_be_put(&p0, 128, 0); /* y2 ac delta */
    wf_vp8_be_put(&p0, 128, e->dq_uv_dc != 0);
    if (e->dq_uv_dc)
        wf_vp8_be_signed(&p0, e->dq_uv_dc, 4);
    wf_vp8_be_put(&p0, 128, e->dq_uv_ac != 0);
    if (e->dq_uv_ac)
        wf_vp8_be_signed(&p0, e->dq_uv_ac, 4);
    wf_vp8_be_put(&p0, 128, 0); /* refresh_entropy_probs */
    wf_vp8_write_prob_updates(e, &p0);
    wf_vp8_be_put(&p0, 128, e->use_skip);
    if (e->use_skip)
        wf_vp8_be_literal(&p0, (uint32_t)e->skip_prob, 8);

    reset_contexts(e);
    for (mby = 0; mby < e->mbh; mby++) {
        start_row(e);
        for (mbx = 0; mbx < e->mbw; mbx++) {
            const wf_vp8_mb *mb = &e->mbs[(size_t)mby * e->mbw + mbx];
            put_modes(e, &p0, mb, &e->bmode_top[mbx * 4], e->bmode_left);
            wf_vp8_mb_tokens(e, &p1, mbx, mb);
        }
    }
    wf_vp8_be_flush(&p0);
    wf_vp8_be_flush(&p1);
    if (p0.oom || p1.oom) {
        st = WF_ERR_OUT_OF_MEMORY;
    } else if (p0.size >= (1u << 19)) {
        st = WF_ERR_OUTPUT_LIMIT; /* the first partition's size field has 19 bits */
    } else {
        size_t total = 10 + p0.size + p1.size;
        uint32_t tag = (1u << 4) | ((uint32_t)p0.size << 5); /* key frame, version 0, shown */
        o = wf_malloc(total);
        if (!o) {
            st = WF_ERR_OUT_OF_MEMORY;
        } else {
            o[0] = (uint8_t)tag;
            o[1] = (uint8_t)(tag >> 8);
            o[2] = (uint8_t)(tag >> 16);
            o[3] = 0x9d;
            o[4] = 0x01;
            o[5] = 0x2a;
            o[6] = (uint8_t)e->width;
            o[7] = (uint8_t)(e->width >> 8);
            o[8] = (uint8_t)e->height;
            o[9] = (uint8_t)(e->height >> 8);
            memcpy(o + 10, p0.buf, p0.size);
            memcpy(o + 10 + p0.size, p1.buf, p1.size);
            *out = o;
            *out_size = total;
        }
    }
    wf_vp8_be_free(&p0);
    wf_vp8_be_free(&p1);
    return st;
}

static void copy_recon(const wf_vp8_enc *e, uint8_t *dst)
{
    uint32_t y, cw = (e->width + 1) / 2, ch = (e->height + 1) / 2;
    for (y = 0; y < e->height; y++, dst += e->width)
        memcpy(dst, e->ry + y * e->ystride, e->width);
    for (y = 0; y < ch; y++, dst += cw)
        memcpy(dst, e->ru + y * e->uvstride, cw);
    for (y = 0; y < ch; y++, dst += cw)
        memcpy(dst, e->rv + y * e->uvstride, cw);
}

WF_WEBP_NOINLINE wf_status wf_vp8_encode_ex(const uint8_t *rgba, uint32_t width, uint32_t height, uint32_t stride,
                                            const wf_vp8_enc_opts *o, uint8_t **out, size_t *out_size)
{
    wf_vp8_enc *e;
    wf_status st = WF_OK;
    size_t ysize, uvsize, nmb;
    int quality, s;
    if (!out || !out_size)
        return WF_ERR_INVALID_ARGUMENT;
    *out = NULL;
    *out_size = 0;
    if (!rgba || !o || width == 0 || height == 0 || width > 16383 || height > 16383 || stride / 4 < width)
        return WF_ERR_INVALID_ARGUMENT;
    e = calloc(1, sizeof(*e));
    if (!e)
        return WF_ERR_OUT_OF_MEMORY;
    quality = o->quality < 0 ? 0 : o->quality > 100 ? 100 : o->quality;
    e->effort = o->effort < 0 ? 0 : o->effort > 6 ? 6 : o->effort;
    e->width = width;
    e->height = height;
    e->mbw = (int)((width + 15) >> 4);
    e->mbh = (int)((height + 15) >> 4);
    e->ystride = (size_t)e->mbw * 16;
    e->uvstride = (size_t)e->mbw * 8;
    ysize = e->ystride * (size_t)e->mbh * 16;
    uvsize = e->uvstride * (size_t)e->mbh * 8;
    nmb = (size_t)e->mbw * e->mbh;
    e->sy = malloc(2 * (ysize + 2 * uvsize));
    e->mbs = calloc(nmb, sizeof(wf_vp8_mb));
    e->nz_top = malloc((size_t)e->mbw * 13);
    e->work = malloc(wf_vp8_mb_work_size());
    if (!e->sy || !e->mbs || !e->nz_top || !e->work) {
        st = WF_ERR_OUT_OF_MEMORY;
        goto done;
    }
    e->su = e->sy + ysize;
    e->sv = e->su + uvsize;
    e->ry = e->sv + uvsize;
    e->ru = e->ry + ysize;
    e->rv = e->ru + uvsize;
    e->bmode_top = e->nz_top + (size_t)e->mbw * 9;
    wf_vp8_init_costs(e);
    wf_vp8_init_bmode_costs(e);
    wf_vp8_mb_work_init(e);
    convert(e, rgba, stride);

    e->base_q = (int)(127.0 * (1.0 - wf_vp8_quality_compression(quality)));
    e->sharpness = 0;
    e->lambda_k = o->lambda_k > 0 ? o->lambda_k : 20;
    e->i4_tries = e->effort >= 5 ? 10 : e->effort == 4 ? (o->i4_tries > 0 ? o->i4_tries : 5) : 3;
    e->sns = o->sns >= 0 ? (o->sns > 100 ? 100 : o->sns) : 50;
    wf_vp8_analyse(e, quality, o->segments > 0 ? (o->segments > 4 ? 4 : o->segments) : e->effort >= 3 ? 4 : 1);
    for (s = 0; s < e->nseg; s++)
        e->seg[s].filter_level =
            o->filter_level >= 0 ? (o->filter_level > 63 ? 63 : o->filter_level) : filter_level_for(e->seg[s].qindex);
    e->filter_level = e->seg[0].filter_level;

    memcpy(e->probs, wf_webp_coeff_probs0, sizeof(e->probs));
    encode_pass(e);
    if (e->effort >= 5) /* a second decision with the costs of the updated probabilities */
        encode_pass(e);
    if (o->filter_level < 0 && e->effort >= 5)
        st = search_filter(e);
    if (st == WF_OK)
        st = assemble(e, out, out_size);
    if (st == WF_OK && o->recon) {
        st = filter_frame(e, e->ry, e->ru, e->rv);
        if (st == WF_OK)
            copy_recon(e, o->recon);
    }
    if (st != WF_OK && *out) {
        wf_free(*out);
        *out = NULL;
        *out_size = 0;
    }
done:
    free(e->sy);
    free(e->mbs);
    free(e->nz_top);
    free(e->work);
    free(e);
    return st;
}

wf_status wf_webp_vp8_encode(const uint8_t *rgba, uint32_t width, uint32_t height, uint32_t stride, int quality,
                             int effort, uint8_t **out, size_t *out_size)
{
    wf_vp8_enc_opts o;
    memset(&o, 0, sizeof(o));
    o.quality = quality;
    o.effort = effort;
    o.filter_level = -1;
    o.segments = -1;
    o.sns = -1;
    return wf_vp8_encode_ex(rgba, width, height, stride, &o, out, out_size);
}
