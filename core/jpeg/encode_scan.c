/* SPDX-License-Identifier: MIT
 *
 * encode_scan.c: entropy coding of scans (T.81 Annex F for sequential,
 * Annex G for progressive Huffman), each either gathering symbol statistics
 * (for optimised tables) or writing bits. Restart markers (RSTm) every
 * `restart_interval` MCUs reset the DC predictions and the EOB run.
 */
#include <string.h>
#include "encode_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

static inline int nbits_of(uint32_t v) { return v ? 32 - __builtin_clz(v) : 0; }

/* Arithmetic right shift (floor division by 2^s) without relying on
 * implementation-defined behaviour of >> on negative values. */
static inline int32_t asr(int32_t x, int s) { return x < 0 ? ~((~x) >> s) : x >> s; }

#ifdef WF_SIMD
static inline uint64_t range_mask(int ss, int se)
{
    uint64_t hi = se >= 63 ? ~(uint64_t)0 : (((uint64_t)1 << (se + 1)) - 1);
    return hi & ~(((uint64_t)1 << ss) - 1);
}
#endif

/* Bit k set <=> (|blk[k]| >> al) != 0, for k = ss..se (zigzag order); the SIMD
 * version computes all 64 bits and masks. */
static inline uint64_t sig_mask(const int16_t *blk, int al, int ss, int se)
{
#ifdef WF_SIMD
    uint64_t m = 0;
    for (int i = 0; i < 4; i++) {
        v128_t a = wasm_v128_load(blk + 16 * i);
        v128_t b = wasm_v128_load(blk + 16 * i + 8);
        if (al) {
            a = wasm_u16x8_shr(wasm_i16x8_abs(a), (uint32_t)al);
            b = wasm_u16x8_shr(wasm_i16x8_abs(b), (uint32_t)al);
        }
        v128_t z = wasm_i16x8_splat(0);
        v128_t n = wasm_i8x16_narrow_i16x8(wasm_i16x8_ne(a, z), wasm_i16x8_ne(b, z));
        m |= (uint64_t)wasm_i8x16_bitmask(n) << (16 * i);
    }
    return m & range_mask(ss, se);
#else
    uint64_t m = 0;
    for (int k = ss; k <= se; k++) {
        int32_t v = blk[k];
        m |= (uint64_t)(((uint32_t)(v < 0 ? -v : v) >> al) != 0) << k;
    }
    return m;
#endif
}

/* Bit k set <=> (|blk[k]| >> al) == 1, for k = ss..se. */
static inline uint64_t one_mask(const int16_t *blk, int al, int ss, int se)
{
#ifdef WF_SIMD
    uint64_t m = 0;
    const v128_t one = wasm_i16x8_splat(1);
    for (int i = 0; i < 4; i++) {
        v128_t a = wasm_u16x8_shr(wasm_i16x8_abs(wasm_v128_load(blk + 16 * i)), (uint32_t)al);
        v128_t b = wasm_u16x8_shr(wasm_i16x8_abs(wasm_v128_load(blk + 16 * i + 8)), (uint32_t)al);
        v128_t n = wasm_i8x16_narrow_i16x8(wasm_i16x8_eq(a, one), wasm_i16x8_eq(b, one));
        m |= (uint64_t)wasm_i8x16_bitmask(n) << (16 * i);
    }
    return m & range_mask(ss, se);
#else
    uint64_t m = 0;
    for (int k = ss; k <= se; k++) {
        int32_t v = blk[k];
        m |= (uint64_t)(((uint32_t)(v < 0 ? -v : v) >> al) == 1) << k;
    }
    return m;
#endif
}

static void write_restart(wf_jpeg_enc_bits *w, int num)
{
    wf_jpeg_enc_bits_flush(w);
    if (w->end - w->p < 2) {
        w->overflow = 1;
        return;
    }
    *w->p++ = 0xFF;
    *w->p++ = (uint8_t)(0xD0 + (num & 7));
}

static inline int16_t *block_at(const wf_jpeg_enc_comp *c, uint32_t by, uint32_t bx)
{
    return c->coef + ((size_t)by * c->bw + bx) * 64;
}

/* ---------------- sequential (baseline) ---------------- */

static inline void encode_block(wf_jpeg_enc_bits *w, const int16_t *blk, int16_t *pred, const wf_jpeg_enc_huff *dc,
                                const wf_jpeg_enc_huff *ac)
{
    int32_t diff = blk[0] - *pred;
    *pred = blk[0];
    uint32_t t = (uint32_t)(diff < 0 ? -diff : diff);
    int nb = nbits_of(t);
    uint32_t val = (uint32_t)(diff < 0 ? diff - 1 : diff) & ((1u << nb) - 1);
    wf_jpeg_enc_put(w, ((uint32_t)dc->code[nb] << nb) | val, dc->size[nb] + nb);

    uint64_t mask = sig_mask(blk, 0, 1, 63);
    int last = 0;
    while (mask) {
        int k = __builtin_ctzll(mask);
        mask &= mask - 1;
        int run = k - last - 1;
        last = k;
        while (run > 15) {
            wf_jpeg_enc_put(w, ac->code[0xF0], ac->size[0xF0]);
            run -= 16;
        }
        int32_t v = blk[k];
        t = (uint32_t)(v < 0 ? -v : v);
        nb = nbits_of(t);
        val = (uint32_t)(v < 0 ? v - 1 : v) & ((1u << nb) - 1);
        int sym = (run << 4) | nb;
        wf_jpeg_enc_put(w, ((uint32_t)ac->code[sym] << nb) | val, ac->size[sym] + nb);
    }
    if (last != 63)
        wf_jpeg_enc_put(w, ac->code[0], ac->size[0]);
}

static inline void gather_block(const int16_t *blk, int16_t *pred, uint32_t *dcf, uint32_t *acf)
{
    int32_t diff = blk[0] - *pred;
    *pred = blk[0];
    dcf[nbits_of((uint32_t)(diff < 0 ? -diff : diff))]++;
    uint64_t mask = sig_mask(blk, 0, 1, 63);
    int last = 0;
    while (mask) {
        int k = __builtin_ctzll(mask);
        mask &= mask - 1;
        int run = k - last - 1;
        last = k;
        acf[0xF0] += (uint32_t)(run >> 4);
        int32_t v = blk[k];
        acf[((run & 15) << 4) | nbits_of((uint32_t)(v < 0 ? -v : v))]++;
    }
    if (last != 63)
        acf[0]++;
}

void wf_jpeg_enc_baseline_scan(wf_jpeg_encoder *e, uint32_t row0, uint32_t nrows, int gather, int16_t *dc_pred,
                               uint32_t *restart_count, int *restart_num)
{
    wf_jpeg_enc_bits *w = &e->bw;
    for (uint32_t my = row0; my < row0 + nrows; my++) {
        for (uint32_t mx = 0; mx < e->mcux; mx++) {
            if (e->restart_interval) {
                if (*restart_count == e->restart_interval) {
                    if (!gather)
                        write_restart(w, *restart_num);
                    *restart_num = (*restart_num + 1) & 7;
                    *restart_count = 0;
                    dc_pred[0] = dc_pred[1] = dc_pred[2] = 0;
                }
                (*restart_count)++;
            }
            for (int ci = 0; ci < e->ncomp; ci++) {
                const wf_jpeg_enc_comp *c = &e->comp[ci];
                for (int yy = 0; yy < c->v; yy++)
                    for (int xx = 0; xx < c->h; xx++) {
                        const int16_t *blk =
                            block_at(c, my * (uint32_t)c->v + (uint32_t)yy, mx * (uint32_t)c->h + (uint32_t)xx);
                        if (gather)
                            gather_block(blk, &dc_pred[ci], e->freq[c->dc_tbl], e->freq[c->ac_tbl]);
                        else
                            encode_block(w, blk, &dc_pred[ci], &e->huff[c->dc_tbl], &e->huff[c->ac_tbl]);
                    }
            }
            if (w->overflow)
                return;
        }
    }
}

/* ---------------- progressive ---------------- */

#define CORR_MAX 1000 /* flush the EOB run before this many buffered correction bits */

typedef struct pstate {
    wf_jpeg_encoder *e;
    wf_jpeg_enc_bits *w;
    int gather;
    int ac_tbl;
    uint32_t eobrun;
    int be; /* correction bits buffered for the EOB run */
    uint8_t corr[CORR_MAX + 64];
} pstate;

static inline void emit_sym(pstate *st, int tbl, int sym)
{
    if (st->gather)
        st->e->freq[tbl][sym]++;
    else
        wf_jpeg_enc_put(st->w, st->e->huff[tbl].code[sym], st->e->huff[tbl].size[sym]);
}

static inline void emit_bits(pstate *st, uint32_t v, int n)
{
    if (!st->gather && n)
        wf_jpeg_enc_put(st->w, v & ((1u << n) - 1), n);
}

static void emit_corr(pstate *st, const uint8_t *bits, int n)
{
    if (st->gather)
        return;
    int i = 0;
    for (; i + 16 <= n; i += 16) {
        uint32_t v = 0;
        for (int j = 0; j < 16; j++)
            v = (v << 1) | bits[i + j];
        wf_jpeg_enc_put(st->w, v, 16);
    }
    for (; i < n; i++)
        wf_jpeg_enc_put(st->w, bits[i], 1);
}

static void flush_eobrun(pstate *st)
{
    if (st->eobrun) {
        int nb = nbits_of(st->eobrun) - 1;
        emit_sym(st, st->ac_tbl, nb << 4);
        emit_bits(st, st->eobrun, nb);
        st->eobrun = 0;
        emit_corr(st, st->corr, st->be);
        st->be = 0;
    }
}

static void dc_first(pstate *st, const int16_t *blk, int16_t *pred, int tbl, int al)
{
    int32_t t = asr(blk[0], al);
    int32_t diff = t - *pred;
    *pred = (int16_t)t;
    uint32_t a = (uint32_t)(diff < 0 ? -diff : diff);
    int nb = nbits_of(a);
    emit_sym(st, tbl, nb);
    emit_bits(st, (uint32_t)(diff < 0 ? diff - 1 : diff), nb);
}

static void ac_first(pstate *st, const int16_t *blk, int ss, int se, int al)
{
    uint64_t mask = sig_mask(blk, al, ss, se);
    int last = ss - 1;
    while (mask) {
        int k = __builtin_ctzll(mask);
        mask &= mask - 1;
        int r = k - last - 1;
        last = k;
        int32_t v = blk[k];
        uint32_t t, t2;
        if (v < 0) {
            t = (uint32_t)(-v) >> al;
            t2 = ~t;
        } else {
            t = (uint32_t)v >> al;
            t2 = t;
        }
        flush_eobrun(st);
        while (r > 15) {
            emit_sym(st, st->ac_tbl, 0xF0);
            r -= 16;
        }
        int nb = nbits_of(t);
        emit_sym(st, st->ac_tbl, (r << 4) | nb);
        emit_bits(st, t2, nb);
    }
    if (last < se) {
        st->eobrun++;
        if (st->eobrun == 0x7FFF)
            flush_eobrun(st);
    }
}

static void ac_refine(pstate *st, const int16_t *blk, int ss, int se, int al)
{
    uint64_t nz = sig_mask(blk, al, ss, se);
    uint64_t ones = one_mask(blk, al, ss, se);
    /* last coefficient that becomes nonzero in this scan */
    int eob = ones ? 63 - __builtin_clzll(ones) : 0;
    uint8_t bcorr[64];
    int br = 0, r = 0, prev = ss - 1;
    while (nz) {
        int k = __builtin_ctzll(nz);
        nz &= nz - 1;
        r += k - prev - 1; /* coefficients with a zero history in between */
        prev = k;
        while (r > 15 && k <= eob) {
            flush_eobrun(st);
            emit_sym(st, st->ac_tbl, 0xF0);
            r -= 16;
            emit_corr(st, bcorr, br);
            br = 0;
        }
        int32_t v = blk[k];
        uint32_t t = (uint32_t)(v < 0 ? -v : v) >> al;
        if (t > 1) {
            bcorr[br++] = (uint8_t)(t & 1); /* refinement of an already nonzero coefficient */
            continue;
        }
        flush_eobrun(st);
        emit_sym(st, st->ac_tbl, (r << 4) | 1);
        emit_bits(st, v < 0 ? 0u : 1u, 1);
        emit_corr(st, bcorr, br);
        br = 0;
        r = 0;
    }
    r += se - prev;
    if (r > 0 || br > 0) {
        st->eobrun++;
        memcpy(st->corr + st->be, bcorr, (size_t)br);
        st->be += br;
        if (st->eobrun == 0x7FFF || st->be > CORR_MAX - 64)
            flush_eobrun(st);
    }
}

static void code_block(pstate *st, const wf_jpeg_enc_scaninfo *s, const int16_t *blk, int16_t *pred, int dc_tbl)
{
    if (s->ss == 0) {
        if (s->ah == 0)
            dc_first(st, blk, pred, dc_tbl, s->al);
        else
            emit_bits(st, (uint32_t)asr(blk[0], s->al), 1);
    } else if (s->ah == 0) {
        ac_first(st, blk, s->ss, s->se, s->al);
    } else {
        ac_refine(st, blk, s->ss, s->se, s->al);
    }
}

void wf_jpeg_enc_progressive_scan(wf_jpeg_encoder *e, const wf_jpeg_enc_scaninfo *s, int gather)
{
    pstate st;
    st.e = e;
    st.w = &e->bw;
    st.gather = gather;
    st.ac_tbl = e->comp[s->comp[0]].ac_tbl;
    st.eobrun = 0;
    st.be = 0;
    int16_t pred[3] = {0, 0, 0};
    uint32_t rcount = 0;
    int rnum = 0;

    if (s->ncomp > 1) {
        for (uint32_t my = 0; my < e->mcuy; my++)
            for (uint32_t mx = 0; mx < e->mcux; mx++) {
                if (e->restart_interval) {
                    if (rcount == e->restart_interval) {
                        flush_eobrun(&st);
                        if (!gather)
                            write_restart(st.w, rnum);
                        rnum = (rnum + 1) & 7;
                        rcount = 0;
                        pred[0] = pred[1] = pred[2] = 0;
                    }
                    rcount++;
                }
                for (int i = 0; i < s->ncomp; i++) {
                    const wf_jpeg_enc_comp *c = &e->comp[s->comp[i]];
                    for (int yy = 0; yy < c->v; yy++)
                        for (int xx = 0; xx < c->h; xx++)
                            code_block(
                                &st, s,
                                block_at(c, my * (uint32_t)c->v + (uint32_t)yy, mx * (uint32_t)c->h + (uint32_t)xx),
                                &pred[i], c->dc_tbl);
                }
                if (st.w->overflow)
                    return;
            }
    } else {
        const wf_jpeg_enc_comp *c = &e->comp[s->comp[0]];
        for (uint32_t by = 0; by < c->hib; by++) {
            for (uint32_t bx = 0; bx < c->wib; bx++) {
                if (e->restart_interval) {
                    if (rcount == e->restart_interval) {
                        flush_eobrun(&st);
                        if (!gather)
                            write_restart(st.w, rnum);
                        rnum = (rnum + 1) & 7;
                        rcount = 0;
                        pred[0] = 0;
                    }
                    rcount++;
                }
                code_block(&st, s, block_at(c, by, bx), &pred[0], c->dc_tbl);
            }
            if (st.w->overflow)
                return;
        }
    }
    flush_eobrun(&st);
}
