/* SPDX-License-Identifier: MIT
 *
 * decode_huffman.c: Huffman entropy decoding (T.81 Annex C, F.2.2 and
 * G.1.2): table construction, the bit reader, and the MCU decoders for
 * sequential, progressive DC (first/refine) and progressive AC
 * (first/refine) scans.
 *
 * Bit reader invariant: br->buf holds br->bits valid bits MSB-first with
 * zeros below. A refill loads bytes until more than 56 bits are held,
 * removes 0xFF00 stuffing, and stops in front of a marker (0xFF followed by
 * a non-zero byte) or at the end of input; from then on zero bits are
 * supplied and br->bits may become negative, which the driver reads as "this
 * MCU used data that does not exist" (libjpeg's insufficient_data). Every
 * decoder below refills so that at least 32 bits are held before it decodes
 * a symbol plus its extra bits (at most 16 + 15 bits).
 */
#include <string.h>
#include "decode_internal.h"

wf_status wf_jpeg_build_huff(wf_jpeg_huff *t, const uint8_t counts[16], const uint8_t *vals, int nvals, int is_dc)
{
    if (nvals < 0 || nvals > 256)
        return WF_JPEG_BAD_HUFFMAN_TABLE;
    if (t->key_valid && t->key_n == nvals && t->key_dc == (is_dc != 0) && memcmp(t->key_counts, counts, 16) == 0 &&
        memcmp(t->key_vals, vals, (size_t)nvals) == 0) {
        t->defined = 1; /* built from these very counts and values before */
        return WF_OK;
    }
    t->key_valid = 0;
    memset(t->fast, 0, sizeof(t->fast));
    memset(t->vals, 0, sizeof(t->vals));
    memcpy(t->vals, vals, (size_t)nvals);
    if (is_dc)
        for (int i = 0; i < nvals; i++)
            if (vals[i] > 15)
                return WF_JPEG_BAD_HUFFMAN_TABLE;
    int32_t code = 0;
    int k = 0;
    for (int l = 1; l <= 16; l++) {
        int cnt = counts[l - 1];
        /* the all-ones code of each length is reserved (T.81 C.2): the
         * codes of this length must leave it free */
        if (code + cnt >= ((int32_t)1 << l))
            return WF_JPEG_BAD_HUFFMAN_TABLE;
        t->valoffset[l] = k - code;
        for (int i = 0; i < cnt; i++, k++, code++) {
            if (l <= WF_JPEG_HUFF_LOOKAHEAD) {
                int shift = WF_JPEG_HUFF_LOOKAHEAD - l;
                uint16_t e = (uint16_t)((l << 8) | vals[k]);
                for (int j = 0; j < (1 << shift); j++)
                    t->fast[(code << shift) | j] = e;
            }
        }
        t->maxcode[l] = cnt ? code - 1 : -1;
        code <<= 1;
    }
    t->maxcode[17] = 0x7FFFFFFF;
    for (int i = 0; i < (1 << WF_JPEG_HUFF_LOOKAHEAD); i++) {
        int32_t e = 0;
        int l = t->fast[i] >> 8, rs = t->fast[i] & 0xFF, sz = rs & 15;
        if (is_dc && l && l + sz <= WF_JPEG_HUFF_LOOKAHEAD) {
            int v = 0;
            if (sz) {
                v = (i >> (WF_JPEG_HUFF_LOOKAHEAD - l - sz)) & ((1 << sz) - 1);
                if (v < (1 << (sz - 1)))
                    v -= (1 << sz) - 1;
            }
            e = (int32_t)((uint32_t)v << 8) | (l + sz);
        } else if (!is_dc && l && sz && l + sz <= WF_JPEG_HUFF_LOOKAHEAD) {
            int v = (i >> (WF_JPEG_HUFF_LOOKAHEAD - l - sz)) & ((1 << sz) - 1);
            if (v < (1 << (sz - 1)))
                v -= (1 << sz) - 1;
            e = (int32_t)((uint32_t)v << 8) | ((rs >> 4) << 4) | (l + sz);
        } else if (!is_dc && l && rs == 0) {
            e = l; /* EOB: value 0 (no coefficient has it), run 0 */
        }
        t->fast_ac[i] = e;
    }
    t->defined = 1;
    t->key_dc = (uint8_t)(is_dc != 0);
    t->key_n = (int16_t)nvals;
    memcpy(t->key_counts, counts, 16);
    memcpy(t->key_vals, vals, (size_t)nvals);
    t->key_valid = 1;
    return WF_OK;
}

void wf_jpeg_br_init(wf_jpeg_bitreader *br, const uint8_t *p, const uint8_t *end)
{
    br->buf = 0;
    br->bits = 0;
    br->stopped = 0;
    br->p = p;
    br->end = end;
}

/* The common refill (bits <= 56): when the next 8 bytes hold no 0xFF (no
 * stuffing, no marker), the whole bytes of them that fit are appended to
 * *buf. Returns 0 (nothing done) when the careful byte loop must run. */
static inline int refill_plain8(const uint8_t **pp, const uint8_t *end, uint64_t *buf, int *bits)
{
    if (end - *pp < 8)
        return 0;
    uint64_t w;
    memcpy(&w, *pp, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    uint64_t x = ~w;
    if (((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull) != 0)
        return 0;
    int nbytes = (64 - *bits) >> 3;
    *buf |= (w & (~0ull << (64 - 8 * nbytes))) >> *bits;
    *bits += 8 * nbytes;
    *pp += nbytes;
    return 1;
}

static void br_fill(wf_jpeg_bitreader *br)
{
    if (br->stopped)
        return;
    if (br->bits <= 56 && refill_plain8(&br->p, br->end, &br->buf, &br->bits))
        return;
    while (br->bits <= 56) {
        const uint8_t *p = br->p;
        if (p >= br->end) {
            br->stopped = 2;
            return;
        }
        unsigned c = *p;
        if (c == 0xFF) {
            const uint8_t *q = p + 1;
            while (q < br->end && *q == 0xFF)
                q++;
            if (q >= br->end) {
                br->stopped = 2;
                return;
            }
            if (*q != 0) {
                br->p = q - 1; /* on the 0xFF that precedes the marker code */
                br->stopped = 1;
                return;
            }
            br->p = q + 1;
        } else {
            br->p = p + 1;
        }
        br->buf |= (uint64_t)c << (56 - br->bits);
        br->bits += 8;
    }
}

/* br_fill() for a bit buffer held in the caller's locals: returns the new
 * buffer and leaves bits, p and stopped in br. Not inlined: the caller's
 * fast path then keeps its locals out of memory. */
static __attribute__((noinline)) uint64_t fill_slow(wf_jpeg_bitreader *br, uint64_t buf, int bits, const uint8_t *p)
{
    br->buf = buf;
    br->bits = bits;
    br->p = p;
    br_fill(br);
    return br->buf;
}

#define ENSURE(br, n)         \
    do {                      \
        if ((br)->bits < (n)) \
            br_fill(br);      \
    } while (0)

static inline void br_skip(wf_jpeg_bitreader *br, int n)
{
    br->buf <<= n;
    br->bits -= n;
}

/* n in 1..16 */
static inline int br_get(wf_jpeg_bitreader *br, int n)
{
    int v = (int)(br->buf >> (64 - n));
    br_skip(br, n);
    return v;
}

/* T.81 F.2.2.1 EXTEND of an s-bit value, s in 1..15 */
static inline int extend(int v, int s) { return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v; }

static int huff_slow(wf_jpeg_decoder *d, wf_jpeg_bitreader *br, const wf_jpeg_huff *t)
{
    unsigned code16 = (unsigned)(br->buf >> 48);
    for (int l = WF_JPEG_HUFF_LOOKAHEAD + 1; l <= 16; l++) {
        int32_t code = (int32_t)(code16 >> (16 - l));
        if (code <= t->maxcode[l]) {
            br_skip(br, l);
            return t->vals[(code + t->valoffset[l]) & 0xFF];
        }
    }
    /* not a code of this table: libjpeg warns and uses symbol 0 */
    d->warnings++;
    br_skip(br, 16);
    return 0;
}

static inline int huff_sym(wf_jpeg_decoder *d, wf_jpeg_bitreader *br, const wf_jpeg_huff *t)
{
    unsigned e = t->fast[br->buf >> (64 - WF_JPEG_HUFF_LOOKAHEAD)];
    if (e) {
        br_skip(br, (int)(e >> 8));
        return (int)(e & 0xFF);
    }
    return huff_slow(d, br, t);
}

/* Sequential scans, the hot path: the bit buffer lives in locals (registers)
 * and is written back only around the rare calls (refill, long codes). */
static void decode_sequential(wf_jpeg_decoder *d, int16_t *const *blocks)
{
    wf_jpeg_bitreader *br = &d->br;
    uint64_t buf = br->buf;
    int bits = br->bits;
    const uint8_t *p = br->p;
    /* the common refill (refill_plain8) inline; everything else (stuffing,
     * markers, the last 7 bytes, a stopped reader) in br_fill() */
    const uint8_t *const end = br->end;
    int stopped = br->stopped;
#define SYNC_OUT() (br->buf = buf, br->bits = bits, br->p = p)
#define SYNC_IN() (buf = br->buf, bits = br->bits, p = br->p)
#define FILL32()                                                 \
    do {                                                         \
        if (bits < 32) {                                         \
            if (!stopped && refill_plain8(&p, end, &buf, &bits)) \
                break;                                           \
            buf = fill_slow(br, buf, bits, p);                   \
            bits = br->bits;                                     \
            p = br->p;                                           \
            stopped = br->stopped;                               \
        }                                                        \
    } while (0)
#define SKIP(n) (buf <<= (n), bits -= (n))
#define SYMBOL(t, out)                                                 \
    do {                                                               \
        unsigned e_ = (t)->fast[buf >> (64 - WF_JPEG_HUFF_LOOKAHEAD)]; \
        if (e_) {                                                      \
            SKIP((int)(e_ >> 8));                                      \
            (out) = (int)(e_ & 0xFF);                                  \
        } else {                                                       \
            SYNC_OUT();                                                \
            (out) = huff_slow(d, br, (t));                             \
            SYNC_IN();                                                 \
        }                                                              \
    } while (0)
    for (int i = 0; i < d->blocks_in_mcu; i++) {
        wf_jpeg_component *c = &d->comp[d->mcu_comp[i]];
        int16_t *blk = blocks[i];
        const wf_jpeg_huff *dc = &d->dc_huff[c->td];
        const wf_jpeg_huff *ac = &d->ac_huff[c->ta];
        int s;
        FILL32();
        int32_t fd = dc->fast_ac[buf >> (64 - WF_JPEG_HUFF_LOOKAHEAD)];
        if (fd) {
            SKIP(fd & 15);
            c->dc_pred = (int16_t)(c->dc_pred + (fd >> 8));
        } else {
            SYMBOL(dc, s);
            if (s) {
                int v = (int)(buf >> (64 - s));
                SKIP(s);
                c->dc_pred = (int16_t)(c->dc_pred + extend(v, s));
            }
        }
        blk[0] = (int16_t)c->dc_pred;
        int k;
        for (k = 1; k < 64; k++) {
            FILL32();
            int32_t f = ac->fast_ac[buf >> (64 - WF_JPEG_HUFF_LOOKAHEAD)];
            if ((uint32_t)f >= 256) {
                SKIP(f & 15);
                k += (f >> 4) & 15;
                blk[wf_jpeg_natural_order[k]] = (int16_t)(f >> 8);
                continue;
            }
            if (f) { /* EOB */
                SKIP(f);
                break;
            }
            int rs;
            SYMBOL(ac, rs);
            int r = rs >> 4;
            s = rs & 15;
            if (s) {
                k += r;
                int v = (int)(buf >> (64 - s));
                SKIP(s);
                blk[wf_jpeg_natural_order[k]] = (int16_t)extend(v, s);
            } else {
                if (r != 15)
                    break;
                k += 15;
            }
        }
        d->kend[i] = (uint8_t)(k < 64 ? k : 64);
    }
    SYNC_OUT();
#undef SYNC_OUT
#undef SYNC_IN
#undef FILL32
#undef SKIP
#undef SYMBOL
}

static void decode_dc_first(wf_jpeg_decoder *d, int16_t *const *blocks)
{
    wf_jpeg_bitreader *br = &d->br;
    for (int i = 0; i < d->blocks_in_mcu; i++) {
        wf_jpeg_component *c = &d->comp[d->mcu_comp[i]];
        ENSURE(br, 32);
        int s = huff_sym(d, br, &d->dc_huff[c->td]);
        if (s)
            c->dc_pred = (int16_t)(c->dc_pred + extend(br_get(br, s), s));
        blocks[i][0] = (int16_t)(uint16_t)((unsigned)c->dc_pred << d->al);
    }
}

static void decode_dc_refine(wf_jpeg_decoder *d, int16_t *const *blocks)
{
    wf_jpeg_bitreader *br = &d->br;
    int p1 = 1 << d->al;
    for (int i = 0; i < d->blocks_in_mcu; i++) {
        ENSURE(br, 8);
        if (br_get(br, 1))
            blocks[i][0] = (int16_t)(blocks[i][0] | p1);
    }
}

static void decode_ac_first(wf_jpeg_decoder *d, int16_t *const *blocks)
{
    wf_jpeg_bitreader *br = &d->br;
    if (d->eobrun > 0) {
        d->eobrun--;
        return;
    }
    const wf_jpeg_huff *ac = &d->ac_huff[d->comp[d->mcu_comp[0]].ta];
    int16_t *blk = blocks[0];
    int se = d->se, al = d->al;
    for (int k = d->ss; k <= se; k++) {
        ENSURE(br, 32);
        int rs = huff_sym(d, br, ac);
        int r = rs >> 4, s = rs & 15;
        if (s) {
            k += r;
            int v = extend(br_get(br, s), s);
            blk[wf_jpeg_natural_order[k]] = (int16_t)(uint16_t)((unsigned)v << al);
        } else if (r == 15) {
            k += 15;
        } else {
            unsigned run = 1u << r;
            if (r)
                run += (unsigned)br_get(br, r);
            d->eobrun = run - 1;
            break;
        }
    }
}

static void decode_ac_refine(wf_jpeg_decoder *d, int16_t *const *blocks)
{
    wf_jpeg_bitreader *br = &d->br;
    const wf_jpeg_huff *ac = &d->ac_huff[d->comp[d->mcu_comp[0]].ta];
    int16_t *blk = blocks[0];
    int se = d->se;
    int p1 = 1 << d->al, m1 = -p1;
    int k = d->ss;
    if (d->eobrun == 0) {
        for (; k <= se; k++) {
            ENSURE(br, 32);
            int rs = huff_sym(d, br, ac);
            int r = rs >> 4, s = rs & 15;
            if (s) {
                if (s != 1)
                    d->warnings++;
                s = br_get(br, 1) ? p1 : m1;
            } else if (r != 15) {
                unsigned run = 1u << r;
                if (r)
                    run += (unsigned)br_get(br, r);
                d->eobrun = run;
                break;
            }
            do {
                int16_t *coef = blk + wf_jpeg_natural_order[k];
                if (*coef != 0) {
                    ENSURE(br, 8);
                    if (br_get(br, 1) && (*coef & p1) == 0)
                        *coef = (int16_t)(*coef + (*coef >= 0 ? p1 : m1));
                } else if (--r < 0) {
                    break;
                }
                k++;
            } while (k <= se);
            if (s)
                blk[wf_jpeg_natural_order[k]] = (int16_t)s;
        }
    }
    if (d->eobrun > 0) {
        for (; k <= se; k++) {
            int16_t *coef = blk + wf_jpeg_natural_order[k];
            if (*coef != 0) {
                ENSURE(br, 8);
                if (br_get(br, 1) && (*coef & p1) == 0)
                    *coef = (int16_t)(*coef + (*coef >= 0 ? p1 : m1));
            }
        }
        d->eobrun--;
    }
}

void wf_jpeg_huff_decode_mcu(wf_jpeg_decoder *d, int16_t *const *blocks)
{
    if (!d->progressive)
        decode_sequential(d, blocks);
    else if (d->ss == 0)
        (d->ah == 0 ? decode_dc_first : decode_dc_refine)(d, blocks);
    else
        (d->ah == 0 ? decode_ac_first : decode_ac_refine)(d, blocks);
}

/* The Annex K.3 tables, for a scan that needs table 0 or 1 when the file
 * defines none, as Motion-JPEG frames do (libjpeg-turbo does the same). */
int wf_jpeg_std_huff(wf_jpeg_huff *t, int is_dc, int id)
{
    if (id < 0 || id > 1)
        return 0;
    const wf_jpeg_huff_spec *s = &wf_jpeg_std_huff_spec[(is_dc ? WF_JPEG_STD_DC_LUMA : WF_JPEG_STD_AC_LUMA) + id];
    return wf_jpeg_build_huff(t, s->bits + 1, s->vals, s->nvals, is_dc) == WF_OK;
}
