/* SPDX-License-Identifier: MIT
 * deflate_block.c: encodes a block of symbols as a stored, fixed-Huffman or
 * dynamic-Huffman block (RFC 1951 section 3.2), whichever is smallest. */
#include <string.h>
#include "deflate_internal.h"

static void fixed_lengths(uint8_t *ll, uint8_t *dl)
{
    unsigned i = 0;
    for (; i < 144; i++)
        ll[i] = 8;
    for (; i < 256; i++)
        ll[i] = 9;
    for (; i < 280; i++)
        ll[i] = 7;
    for (; i < 288; i++)
        ll[i] = 8;
    for (i = 0; i < 32; i++)
        dl[i] = 5;
}

/* Bits of the block's symbols (without the block header) with the given lengths. */
static uint64_t data_bits(const uint32_t *ll_freq, const uint32_t *d_freq, const uint8_t *ll, const uint8_t *dl)
{
    uint64_t bits = 0;
    for (unsigned s = 0; s < 256; s++)
        bits += (uint64_t)ll_freq[s] * ll[s];
    bits += ll[256];
    for (unsigned s = 257; s < 286; s++)
        bits += (uint64_t)ll_freq[s] * (ll[s] + wf_length_extra[s - 257]);
    for (unsigned s = 0; s < 30; s++)
        bits += (uint64_t)d_freq[s] * (dl[s] + wf_dist_extra[s]);
    return bits;
}

/* Run-length codes of the code lengths (section 3.2.7): each item is a precode
 * symbol in the low 5 bits and its repeat-count extra value above. */
static unsigned rle_lengths(const uint8_t *lens, unsigned n, uint16_t *items, uint32_t *pfreq)
{
    unsigned k = 0, i = 0;
    while (i < n) {
        unsigned l = lens[i], run = 1;
        while (i + run < n && lens[i + run] == l)
            run++;
        i += run;
        if (l == 0) {
            while (run >= 11) {
                unsigned r = run < 138 ? run : 138;
                items[k++] = (uint16_t)(18 | (r - 11) << 5);
                pfreq[18]++;
                run -= r;
            }
            if (run >= 3) {
                items[k++] = (uint16_t)(17 | (run - 3) << 5);
                pfreq[17]++;
                run = 0;
            }
        } else {
            items[k++] = (uint16_t)l;
            pfreq[l]++;
            run--;
            while (run >= 3) {
                unsigned r = run < 6 ? run : 6;
                items[k++] = (uint16_t)(16 | (r - 3) << 5);
                pfreq[16]++;
                run -= r;
            }
        }
        while (run--) {
            items[k++] = (uint16_t)l;
            pfreq[l]++;
        }
    }
    return k;
}

/* write_symbols' fast loop keeps the bit writer in locals (in Wasm the
 * wf_bitwriter fields would otherwise be reloaded around every byte store,
 * which may alias them) and flushes without a branch after every step: it
 * stores all 8 bytes of the accumulator and advances by the whole bytes in
 * it, leaving at most 7 bits, so a step may add up to 57 bits: three literals
 * (3 x 15) or one match (15 + 5 + 15 + 13). */
static inline uint8_t *flush_bytes(uint8_t *p, uint64_t *acc, unsigned *cnt)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, acc, 8);
#else
    for (unsigned k = 0; k < 8; k++)
        p[k] = (uint8_t)(*acc >> (8 * k));
#endif
    p += *cnt >> 3;
    *acc >>= *cnt & 56;
    *cnt &= 7;
    return p;
}

/* Bytes the fast loop needs free at its output per symbol (a step writes 8
 * bytes and advances at most 7), plus 8 bytes of slack at the end. */
#define SYMBOL_MAX_BYTES 8

/* The two codes of the match symbol sym (len - 3 | dist << 8): the length
 * code with its extra bits in code[0] (n[0] bits, at most 20) and the
 * distance code with its extra bits in code[1] (n[1] bits, at most 28). */
static inline void match_codes(const struct wf_deflater *c, uint32_t sym, const uint8_t *ll, const uint16_t *lc,
                               const uint8_t *dl, const uint16_t *dc, uint32_t code[2], unsigned n[2])
{
    unsigned v = sym & 255, dist = sym >> 8;
    unsigned ls = c->len_sym[v], s = 257 + ls;
    code[0] = lc[s] | (uint32_t)(v + 3 - wf_length_base[ls]) << ll[s];
    n[0] = ll[s] + wf_length_extra[ls];
    unsigned ds = wf_dist_symbol(c, dist);
    code[1] = dc[ds] | (uint32_t)(dist - wf_dist_base[ds]) << dl[ds];
    n[1] = dl[ds] + wf_dist_extra[ds];
}

/* Appends a literal's code (code | length << 16, as in write_symbols' lit[]). */
static inline void put_literal(uint32_t e, uint64_t *acc, unsigned *cnt)
{
    *acc |= (uint64_t)(e & 0xffffu) << *cnt;
    *cnt += e >> 16;
}

static void write_symbols(const struct wf_deflater *c, unsigned nsyms, wf_bitwriter *bw, const uint8_t *ll,
                          const uint16_t *lc, const uint8_t *dl, const uint16_t *dc)
{
    /* literal code and its length in one word: code | length << 16 */
    uint32_t lit[256];
    for (unsigned v = 0; v < 256; v++)
        lit[v] = lc[v] | (uint32_t)ll[v] << 16;
    const uint32_t *syms = c->syms;
    unsigned i = 0;
    uint32_t code[2];
    unsigned nb[2];
    /* Align the bit writer to fewer than 8 pending bits first. */
    while (bw->cnt >= 8 && bw->p < bw->end) {
        *bw->p++ = (uint8_t)bw->acc;
        bw->acc >>= 8;
        bw->cnt -= 8;
    }
    /* The symbols that surely fit the output go through the fast loop, the
     * rest (near the end of the output) through wf_bw_put. */
    size_t room = (size_t)(bw->end - bw->p);
    size_t fit = room > 8 ? (room - 8) / SYMBOL_MAX_BYTES : 0;
    unsigned stop = nsyms < fit ? nsyms : (unsigned)fit;
    if (bw->cnt < 8 && stop > 0) {
        uint8_t *p = bw->p;
        uint64_t acc = bw->acc;
        unsigned cnt = bw->cnt;
        while (i < stop) {
            if (syms[i] < 256) {
                /* up to three literals */
                put_literal(lit[syms[i++]], &acc, &cnt);
                if (i < stop && syms[i] < 256) {
                    put_literal(lit[syms[i++]], &acc, &cnt);
                    if (i < stop && syms[i] < 256)
                        put_literal(lit[syms[i++]], &acc, &cnt);
                }
            } else {
                match_codes(c, syms[i], ll, lc, dl, dc, code, nb);
                acc |= (uint64_t)code[0] << cnt;
                cnt += nb[0];
                acc |= (uint64_t)code[1] << cnt;
                cnt += nb[1];
                i++;
            }
            p = flush_bytes(p, &acc, &cnt);
        }
        bw->p = p;
        bw->acc = acc;
        bw->cnt = cnt;
    }
    for (; i < nsyms && !bw->overflow; i++) {
        if (syms[i] < 256) {
            uint32_t e = lit[syms[i]];
            wf_bw_put(bw, e & 0xffffu, e >> 16);
        } else {
            match_codes(c, syms[i], ll, lc, dl, dc, code, nb);
            wf_bw_put(bw, code[0], nb[0]);
            wf_bw_put(bw, code[1], nb[1]);
        }
    }
    wf_bw_put(bw, lc[256], ll[256]);
}

void wf_deflate_write_stored(wf_bitwriter *bw, const uint8_t *raw, size_t raw_n, int final)
{
    do {
        size_t n = raw_n < WF_DEFLATE_MAX_STORED ? raw_n : WF_DEFLATE_MAX_STORED;
        raw_n -= n;
        wf_bw_put(bw, (final && raw_n == 0) ? 1u : 0u, 3);
        wf_bw_align(bw);
        if (bw->end - bw->p < (ptrdiff_t)(n + 4)) {
            bw->overflow = 1;
            return;
        }
        bw->p[0] = (uint8_t)n;
        bw->p[1] = (uint8_t)(n >> 8);
        bw->p[2] = (uint8_t)~n;
        bw->p[3] = (uint8_t)(~n >> 8);
        if (n)
            memcpy(bw->p + 4, raw, n);
        bw->p += 4 + n;
        raw += n;
    } while (raw_n > 0);
}

/* The dynamic code of a block: code lengths, their run-length items and the precode. */
typedef struct dyn_plan {
    uint8_t ll[WF_DEFLATE_NUM_LITLEN], dl[WF_DEFLATE_NUM_DIST];
    uint16_t items[WF_DEFLATE_NUM_LITLEN + WF_DEFLATE_NUM_DIST];
    uint32_t pfreq[WF_DEFLATE_NUM_PRECODE];
    uint8_t plen[WF_DEFLATE_NUM_PRECODE];
    unsigned hlit, hdist, hclen, nitems;
} dyn_plan;

/* Builds the dynamic code for the frequencies (ll_freq[256], end of block, must be 1)
 * and returns the block's size in bits with it, header included. */
static uint64_t plan_dynamic(const uint32_t *ll_freq, const uint32_t *d_freq, dyn_plan *p)
{
    uint8_t all[WF_DEFLATE_NUM_LITLEN + WF_DEFLATE_NUM_DIST];
    wf_huffman_lengths(ll_freq, 286, WF_DEFLATE_MAX_CODE_LEN, p->ll);
    wf_huffman_lengths(d_freq, 30, WF_DEFLATE_MAX_CODE_LEN, p->dl);
    unsigned hlit = 286, hdist = 30;
    while (hlit > 257 && p->ll[hlit - 1] == 0)
        hlit--;
    while (hdist > 1 && p->dl[hdist - 1] == 0)
        hdist--;
    memcpy(all, p->ll, hlit);
    memcpy(all + hlit, p->dl, hdist);
    memset(p->pfreq, 0, sizeof(p->pfreq));
    p->nitems = rle_lengths(all, hlit + hdist, p->items, p->pfreq);
    wf_huffman_lengths(p->pfreq, WF_DEFLATE_NUM_PRECODE, WF_DEFLATE_MAX_PRECODE_LEN, p->plen);
    unsigned hclen = 19;
    while (hclen > 4 && p->plen[wf_precode_order[hclen - 1]] == 0)
        hclen--;
    p->hlit = hlit;
    p->hdist = hdist;
    p->hclen = hclen;
    uint64_t bits = 3 + 5 + 5 + 4 + 3 * (uint64_t)hclen + data_bits(ll_freq, d_freq, p->ll, p->dl);
    for (unsigned s = 0; s < WF_DEFLATE_NUM_PRECODE; s++)
        bits += (uint64_t)p->pfreq[s] * p->plen[s];
    bits += 2 * (uint64_t)p->pfreq[16] + 3 * (uint64_t)p->pfreq[17] + 7 * (uint64_t)p->pfreq[18];
    return bits;
}

uint64_t wf_deflate_block_cost(const uint32_t *ll_freq, const uint32_t *d_freq)
{
    uint32_t ll[WF_DEFLATE_NUM_LITLEN];
    uint8_t fix_ll[WF_DEFLATE_NUM_LITLEN], fix_dl[WF_DEFLATE_NUM_DIST];
    dyn_plan p;
    memcpy(ll, ll_freq, sizeof(ll));
    ll[256] = 1;
    uint64_t dyn = plan_dynamic(ll, d_freq, &p);
    fixed_lengths(fix_ll, fix_dl);
    uint64_t fix = 3 + data_bits(ll, d_freq, fix_ll, fix_dl);
    return dyn < fix ? dyn : fix;
}

void wf_deflate_write_block(struct wf_deflater *c, wf_bitwriter *bw, const uint8_t *raw, size_t raw_n, unsigned nsyms,
                            uint32_t *ll_freq, const uint32_t *d_freq, int final)
{
    uint8_t fix_ll[WF_DEFLATE_NUM_LITLEN], fix_dl[WF_DEFLATE_NUM_DIST];
    uint16_t lc[WF_DEFLATE_NUM_LITLEN], dc[WF_DEFLATE_NUM_DIST];
    uint16_t pcode[WF_DEFLATE_NUM_PRECODE];
    dyn_plan p;

    ll_freq[256] = 1;
    uint64_t dyn_bits = plan_dynamic(ll_freq, d_freq, &p);

    fixed_lengths(fix_ll, fix_dl);
    uint64_t fix_bits = 3 + data_bits(ll_freq, d_freq, fix_ll, fix_dl);

    /* Stored: the first chunk pads from the current bit position, later ones from a byte start. */
    uint64_t stored_bits = 0;
    {
        size_t left = raw_n;
        unsigned pos = bw->cnt & 7;
        do {
            size_t n = left < WF_DEFLATE_MAX_STORED ? left : WF_DEFLATE_MAX_STORED;
            left -= n;
            stored_bits += 3 + ((8 - ((pos + 3) & 7)) & 7) + 32 + 8 * (uint64_t)n;
            pos = 0;
        } while (left > 0);
    }

    if (stored_bits <= fix_bits && stored_bits <= dyn_bits) {
        wf_deflate_write_stored(bw, raw, raw_n, final);
    } else if (fix_bits <= dyn_bits) {
        wf_bw_put(bw, final ? 3u : 2u, 3); /* BFINAL, BTYPE 01 */
        wf_huffman_codes(fix_ll, WF_DEFLATE_NUM_LITLEN, lc);
        wf_huffman_codes(fix_dl, WF_DEFLATE_NUM_DIST, dc);
        write_symbols(c, nsyms, bw, fix_ll, lc, fix_dl, dc);
    } else {
        wf_bw_put(bw, final ? 5u : 4u, 3); /* BFINAL, BTYPE 10 */
        wf_bw_put(bw, p.hlit - 257, 5);
        wf_bw_put(bw, p.hdist - 1, 5);
        wf_bw_put(bw, p.hclen - 4, 4);
        for (unsigned i = 0; i < p.hclen; i++)
            wf_bw_put(bw, p.plen[wf_precode_order[i]], 3);
        wf_huffman_codes(p.plen, WF_DEFLATE_NUM_PRECODE, pcode);
        static const uint8_t rep_bits[3] = {2, 3, 7};
        for (unsigned i = 0; i < p.nitems; i++) {
            unsigned s = p.items[i] & 31;
            if (s < 16)
                wf_bw_put(bw, pcode[s], p.plen[s]);
            else
                wf_bw_put(bw, pcode[s] | (uint32_t)(p.items[i] >> 5) << p.plen[s], p.plen[s] + rep_bits[s - 16]);
        }
        wf_huffman_codes(p.ll, 286, lc);
        wf_huffman_codes(p.dl, 30, dc);
        write_symbols(c, nsyms, bw, p.ll, lc, p.dl, dc);
    }
}

void wf_deflate_flush_block(struct wf_deflater *c, wf_bitwriter *bw, const uint8_t *raw, size_t raw_n, int final)
{
    wf_deflate_write_block(c, bw, raw, raw_n, c->nsyms, c->litlen_freq, c->dist_freq, final);
    c->nsyms = 0;
    memset(c->litlen_freq, 0, sizeof(c->litlen_freq));
    memset(c->dist_freq, 0, sizeof(c->dist_freq));
}
