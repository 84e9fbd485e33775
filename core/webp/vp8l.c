/* SPDX-License-Identifier: MIT
 * vp8l.c: the WebP lossless bitstream (RFC 9649 section 3): prefix codes
 * (simple, normal, meta/entropy image), LZ77 with the 2-D distance map,
 * colour cache, and the four transforms (predictor, cross-colour, subtract
 * green, colour indexing with pixel bundling). Output: ARGB words. */
#include <stdlib.h>
#include <string.h>
#include "webp_internal.h"
#include "vp8l_predict.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

#define NUM_LITERALS 256
#define NUM_LENGTH_CODES 24
#define NUM_DISTANCE_CODES 40
#define MAX_CACHE_BITS 11
#define MAX_ALPHABET (NUM_LITERALS + NUM_LENGTH_CODES + (1 << MAX_CACHE_BITS))
#define ROOT_BITS 8

enum { PREDICTOR = 0, CROSS_COLOR = 1, SUBTRACT_GREEN = 2, COLOR_INDEXING = 3 };

/* ---- bit reader (LSB first) ----
 * A 64-bit window natively and in the SIMD Wasm build; 32 bits in the
 * scalar Wasm build, which is also the wasm2js build (64-bit integers are
 * pairs of numbers there). br_fill() leaves at least BR_BITS - 7 bits (25
 * or 57), enough for any extra-bits field (18); a symbol needs 15
 * (br_need). The bits read are the same either way. */

#if defined(WF_SIMD) || !defined(__wasm__)
typedef uint64_t br_word;
#define BR_BITS 64
#else
typedef uint32_t br_word;
#define BR_BITS 32
#endif

typedef struct bitreader {
    const uint8_t *start, *p, *end;
    br_word val;
    int nbits;
    size_t over; /* zero bytes fed past the end */
} bitreader;

static void br_init(bitreader *b, const uint8_t *p, size_t n)
{
    b->start = b->p = p;
    b->end = p + n;
    b->val = 0;
    b->nbits = 0;
    b->over = 0;
}

static inline void br_fill(bitreader *b)
{
    if (b->nbits > BR_BITS - 8)
        return;
    if (b->end - b->p >= BR_BITS / 8) {
        const uint8_t *q = b->p;
        int bytes = (BR_BITS - b->nbits) >> 3;
        br_word v = (br_word)q[0] | (br_word)q[1] << 8 | (br_word)q[2] << 16 | (br_word)q[3] << 24;
#if BR_BITS == 64
        v |= (br_word)q[4] << 32 | (br_word)q[5] << 40 | (br_word)q[6] << 48 | (br_word)q[7] << 56;
#endif
        b->val |= v << b->nbits;
        b->p += bytes;
        b->nbits += bytes * 8;
    } else {
        while (b->nbits <= BR_BITS - 8) {
            if (b->p < b->end)
                b->val |= (br_word)*b->p++ << b->nbits;
            else
                b->over++;
            b->nbits += 8;
        }
    }
}

/* Refills only when fewer than n bits are left. */
static inline void br_need(bitreader *b, int n)
{
    if (b->nbits < n)
        br_fill(b);
}

/* n <= 24; refills first. */
static inline uint32_t br_read(bitreader *b, int n)
{
    uint32_t v;
    br_fill(b);
    v = (uint32_t)b->val & ((1u << n) - 1);
    b->val >>= n;
    b->nbits -= n;
    return v;
}

/* 1 when more bits were consumed than the data holds. */
static inline int br_eos(const bitreader *b) { return b->over * 8 > (size_t)b->nbits; }

static size_t br_pos(const bitreader *b)
{
    size_t consumed_bits = (size_t)(b->p - b->start) * 8 + b->over * 8 - (size_t)b->nbits;
    size_t pos = consumed_bits / 8;
    size_t len = (size_t)(b->end - b->start);
    return pos > len ? len : pos;
}

/* ---- prefix code tables ----
 * Entry: symbol << 16 | length (0..15); a root entry pointing to a
 * second-level table: offset << 16 (from the table start, < 33024) | 0x80 |
 * bits. The length in the low bits is the bit reader's shift count as it
 * is (read_sym: no extraction on the symbol-to-symbol dependency chain). */

static inline uint32_t bitrev(uint32_t code, int len)
{
    uint32_t r = 0;
    while (len--) {
        r = (r << 1) | (code & 1);
        code >>= 1;
    }
    return r;
}

/* Fills (t != NULL) or sizes (t == NULL) the table of a complete code whose
 * symbols, sorted by (length, symbol), are `sorted`, count[l] of length l. */
static size_t fill_table(uint32_t *t, const uint16_t *sorted, const int *count)
{
    int cnt[16], l, i, k = 0, sb = 0;
    uint32_t code = 0, cur = 0xffffffffu;
    size_t size = 1u << ROOT_BITS, sub = 0;
    memcpy(cnt, count, sizeof(cnt));
    for (l = 1; l <= 15; l++) {
        for (i = 0; i < count[l]; i++, k++) {
            uint32_t sym = sorted[k];
            if (l <= ROOT_BITS) {
                if (t) {
                    uint32_t j;
                    for (j = bitrev(code, l); j < (1u << ROOT_BITS); j += 1u << l)
                        t[j] = sym << 16 | (uint32_t)l;
                }
            } else {
                uint32_t prefix = code >> (l - ROOT_BITS), j;
                if (prefix != cur) {
                    int left;
                    cur = prefix;
                    sb = l - ROOT_BITS;
                    left = 1 << sb;
                    while (sb + ROOT_BITS < 15) {
                        left -= cnt[sb + ROOT_BITS];
                        if (left <= 0)
                            break;
                        sb++;
                        left <<= 1;
                    }
                    sub = size;
                    size += (size_t)1 << sb;
                    if (t)
                        t[bitrev(prefix, ROOT_BITS)] = (uint32_t)sub << 16 | 0x80u | (uint32_t)sb;
                }
                if (t) {
                    int rl = l - ROOT_BITS;
                    for (j = bitrev(code & ((1u << rl) - 1), rl); j < (1u << sb); j += 1u << rl)
                        t[sub + j] = sym << 16 | (uint32_t)rl;
                }
            }
            cnt[l]--;
            code++;
        }
        code <<= 1;
    }
    return size;
}

typedef struct vp8l {
    wf_webp_decoder *d;
    bitreader br;
    size_t file_off;
    size_t huff_used; /* entries of d->huff in use */
    wf_status err;
} vp8l;

static wf_status vfail(vp8l *v, wf_status s)
{
    if (v->err == WF_OK) {
        v->err = s;
        v->d->error_offset = v->file_off + br_pos(&v->br);
    }
    return s;
}

/* Builds the table for code lengths `len` (n symbols) into d->huff; *off
 * gets its offset. Returns 0 for an invalid (incomplete, over-subscribed or
 * empty) code, -1 when out of memory, 1 on success. */
static int build_table(vp8l *v, const uint8_t *len, int n, uint32_t *off)
{
    int count[16] = {0}, offs[16], i, l, nonzero = 0, left = 1;
    uint16_t sorted[MAX_ALPHABET];
    size_t size;
    uint32_t *t;
    for (i = 0; i < n; i++)
        count[len[i]]++;
    count[0] = 0;
    for (l = 1; l <= 15; l++)
        nonzero += count[l];
    if (nonzero == 0)
        return 0;
    if (nonzero == 1) {
        for (i = 0; i < n && !len[i]; i++)
            ;
        if (!wf_webp_grow(&v->d->huff, (v->huff_used + 256) * sizeof(uint32_t)))
            return -1;
        t = (uint32_t *)v->d->huff.p + v->huff_used;
        for (l = 0; l < 256; l++)
            t[l] = (uint32_t)i << 16; /* length 0 */
        *off = (uint32_t)v->huff_used;
        v->huff_used += 256;
        return 1;
    }
    for (l = 1; l <= 15; l++) {
        left = (left << 1) - count[l];
        if (left < 0)
            return 0;
    }
    if (left != 0)
        return 0;
    offs[1] = 0;
    for (l = 1; l < 15; l++)
        offs[l + 1] = offs[l] + count[l];
    for (i = 0; i < n; i++)
        if (len[i])
            sorted[offs[len[i]]++] = (uint16_t)i;
    size = fill_table(NULL, sorted, count);
    if (!wf_webp_grow(&v->d->huff, (v->huff_used + size) * sizeof(uint32_t)))
        return -1;
    t = (uint32_t *)v->d->huff.p + v->huff_used;
    fill_table(t, sorted, count);
    *off = (uint32_t)v->huff_used;
    v->huff_used += size;
    return 1;
}

static inline uint32_t read_sym(bitreader *b, const uint32_t *t)
{
    uint32_t e = t[(uint32_t)b->val & 0xff];
    if (e & 0x80u) {
        uint32_t sb = e & 0x0f;
        e = t[(e >> 16) + ((uint32_t)(b->val >> ROOT_BITS) & ((1u << sb) - 1))];
        b->val >>= ROOT_BITS;
        b->nbits -= ROOT_BITS;
    }
    /* & 0x3f: what x86 and Wasm shifts do anyway, so no instruction */
    b->val >>= (e & 0x3f);
    b->nbits -= (int)(e & 0x3f);
    return e >> 16;
}

static const uint8_t code_length_order[19] = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

/* Reads one prefix code of `alphabet` symbols. */
static WF_WEBP_NOINLINE wf_status read_code(vp8l *v, int alphabet, uint32_t *off)
{
    uint8_t len[MAX_ALPHABET];
    bitreader *b = &v->br;
    int r;
    memset(len, 0, (size_t)alphabet);
    if (br_read(b, 1)) { /* simple code: one or two symbols */
        int ns = (int)br_read(b, 1) + 1;
        int first8 = (int)br_read(b, 1);
        int s = (int)br_read(b, first8 ? 8 : 1);
        if (s < alphabet)
            len[s] = 1;
        if (ns == 2) {
            s = (int)br_read(b, 8);
            if (s < alphabet)
                len[s] = 1;
        }
    } else {
        uint8_t cl[19] = {0};
        uint32_t clt[256], cloff;
        int ncl = 4 + (int)br_read(b, 4), i, max_symbol, sym = 0, prev = 8;
        size_t mark = v->huff_used;
        for (i = 0; i < ncl; i++)
            cl[code_length_order[i]] = (uint8_t)br_read(b, 3);
        r = build_table(v, cl, 19, &cloff);
        if (r < 0)
            return vfail(v, WF_ERR_OUT_OF_MEMORY);
        if (r == 0)
            return vfail(v, WF_WEBP_VP8L_BAD_CODE);
        memcpy(clt, (uint32_t *)v->d->huff.p + cloff, sizeof(clt)); /* lengths <= 7: root only */
        v->huff_used = mark;
        if (br_read(b, 1)) {
            int nb = 2 + 2 * (int)br_read(b, 3);
            max_symbol = 2 + (int)br_read(b, nb);
            if (max_symbol > alphabet)
                return vfail(v, WF_WEBP_VP8L_BAD_CODE);
        } else {
            max_symbol = alphabet;
        }
        while (sym < alphabet) {
            uint32_t c;
            if (max_symbol-- == 0)
                break;
            br_fill(b);
            c = read_sym(b, clt);
            if (c < 16) {
                len[sym++] = (uint8_t)c;
                if (c)
                    prev = (int)c;
            } else {
                int rep, val = c == 16 ? prev : 0;
                if (c == 16)
                    rep = 3 + (int)br_read(b, 2);
                else if (c == 17)
                    rep = 3 + (int)br_read(b, 3);
                else
                    rep = 11 + (int)br_read(b, 7);
                if (sym + rep > alphabet)
                    return vfail(v, WF_WEBP_VP8L_BAD_CODE);
                while (rep--)
                    len[sym++] = (uint8_t)val;
            }
            if (br_eos(b))
                return vfail(v, WF_WEBP_VP8L_TRUNCATED);
        }
    }
    if (br_eos(b))
        return vfail(v, WF_WEBP_VP8L_TRUNCATED);
    r = build_table(v, len, alphabet, off);
    if (r < 0)
        return vfail(v, WF_ERR_OUT_OF_MEMORY);
    if (r == 0)
        return vfail(v, WF_WEBP_VP8L_BAD_CODE);
    return WF_OK;
}

/* The five codes of a prefix code group (offsets, then pointers). */
typedef struct group {
    uint32_t off[5];
    const uint32_t *t[5];
    uint32_t alpha; /* the alpha of every literal (a << 24) when its code has one symbol, else 1 */
} group;

const int8_t wf_vp8l_distance_map[120][2] = {
    {0, 1},  {1, 0},  {1, 1},  {-1, 1}, {0, 2},  {2, 0},  {1, 2},  {-1, 2}, {2, 1},  {-2, 1}, {2, 2}, {-2, 2},
    {0, 3},  {3, 0},  {1, 3},  {-1, 3}, {3, 1},  {-3, 1}, {2, 3},  {-2, 3}, {3, 2},  {-3, 2}, {0, 4}, {4, 0},
    {1, 4},  {-1, 4}, {4, 1},  {-4, 1}, {3, 3},  {-3, 3}, {2, 4},  {-2, 4}, {4, 2},  {-4, 2}, {0, 5}, {3, 4},
    {-3, 4}, {4, 3},  {-4, 3}, {5, 0},  {1, 5},  {-1, 5}, {5, 1},  {-5, 1}, {2, 5},  {-2, 5}, {5, 2}, {-5, 2},
    {4, 4},  {-4, 4}, {3, 5},  {-3, 5}, {5, 3},  {-5, 3}, {0, 6},  {6, 0},  {1, 6},  {-1, 6}, {6, 1}, {-6, 1},
    {2, 6},  {-2, 6}, {6, 2},  {-6, 2}, {4, 5},  {-4, 5}, {5, 4},  {-5, 4}, {3, 6},  {-3, 6}, {6, 3}, {-6, 3},
    {0, 7},  {7, 0},  {1, 7},  {-1, 7}, {5, 5},  {-5, 5}, {7, 1},  {-7, 1}, {4, 6},  {-4, 6}, {6, 4}, {-6, 4},
    {2, 7},  {-2, 7}, {7, 2},  {-7, 2}, {3, 7},  {-3, 7}, {7, 3},  {-7, 3}, {5, 6},  {-5, 6}, {6, 5}, {-6, 5},
    {8, 0},  {4, 7},  {-4, 7}, {7, 4},  {-7, 4}, {8, 1},  {8, 2},  {6, 6},  {-6, 6}, {8, 3},  {5, 7}, {-5, 7},
    {7, 5},  {-7, 5}, {8, 4},  {6, 7},  {-6, 7}, {7, 6},  {-7, 6}, {8, 5},  {7, 7},  {-7, 7}, {8, 6}, {8, 7}};

static inline uint32_t prefix_value(bitreader *b, uint32_t sym)
{
    int extra;
    uint32_t offset;
    if (sym < 4)
        return sym + 1;
    extra = (int)((sym - 2) >> 1);
    offset = (2 + (sym & 1)) << extra;
    return offset + br_read(b, extra) + 1;
}

#define CACHE_HASH(argb, bits) ((uint32_t)((argb)*0x1e35a7bdu) >> (32 - (bits)))

/* Decodes an entropy-coded image of w*h pixels into out. `level0`: the main
 * image (meta prefix codes allowed). */
static wf_status decode_image(vp8l *v, uint32_t w, uint32_t h, int level0, uint32_t *out);

static wf_status decode_subimage(vp8l *v, uint32_t w, uint32_t h, uint32_t **out)
{
    wf_status st;
    size_t n = (size_t)w * h;
    *out = malloc(n * sizeof(uint32_t));
    if (!*out)
        return vfail(v, WF_ERR_OUT_OF_MEMORY);
    st = decode_image(v, w, h, 0, *out);
    return st;
}

/* At the end of a row: moves to the next one and checks the data has not
 * run out (once a row keeps the check off the per-pixel path). */
static inline wf_status next_row(const bitreader *b, uint32_t *x, uint32_t *y)
{
    *x = 0;
    (*y)++;
    return br_eos(b) ? WF_WEBP_VP8L_TRUNCATED : WF_OK;
}

/* The entropy-coded pixels of decode_image (LZ77, colour cache, meta
 * codes), with the bit reader copied into a local so that it stays in
 * registers / Wasm locals; written back at the end. Returns the status
 * (not yet recorded with vfail). */
static WF_WEBP_NOINLINE wf_status decode_pixels(vp8l *v, uint32_t w, uint32_t h, const group *groups,
                                                const uint32_t *meta, uint32_t meta_w, int meta_bits, uint32_t *cache,
                                                int cache_bits, uint32_t *out)
{
    bitreader local = v->br, *b = &local;
    wf_status st = WF_OK;
    {
        size_t pos = 0, total = (size_t)w * h;
        uint32_t x = 0, y = 0, mask = meta_bits ? (1u << meta_bits) - 1 : 0xffffffffu;
        const group *g = &groups[0];
        while (pos < total) {
            uint32_t s;
            if (meta && (x & mask) == 0)
                g = &groups[meta[(size_t)(y >> meta_bits) * meta_w + (x >> meta_bits)]];
            br_fill(b);
            s = read_sym(b, g->t[0]);
            if (s < NUM_LITERALS) {
                uint32_t r, bl, a, argb;
                br_need(b, 15);
                r = read_sym(b, g->t[1]);
                br_need(b, 15);
                bl = read_sym(b, g->t[2]);
                if (g->alpha != 1) {
                    argb = g->alpha | (r << 16) | (s << 8) | bl;
                } else {
                    br_need(b, 15);
                    a = read_sym(b, g->t[3]);
                    argb = (a << 24) | (r << 16) | (s << 8) | bl;
                }
                out[pos++] = argb;
                if (cache)
                    cache[CACHE_HASH(argb, cache_bits)] = argb;
                if (++x == w && next_row(b, &x, &y) != WF_OK)
                    goto truncated;
            } else if (s < NUM_LITERALS + NUM_LENGTH_CODES) {
                uint32_t len = prefix_value(b, s - NUM_LITERALS), dsym, dcode;
                size_t dist, k;
                br_fill(b);
                dsym = read_sym(b, g->t[4]);
                dcode = prefix_value(b, dsym);
                if (dcode > 120) {
                    dist = dcode - 120;
                } else {
                    /* |dx| <= 8, dy <= 7 and w <= 16384: no overflow in int */
                    int dd = wf_vp8l_distance_map[dcode - 1][0] + wf_vp8l_distance_map[dcode - 1][1] * (int)w;
                    dist = dd < 1 ? 1 : (size_t)dd;
                }
                if (dist > pos || len > total - pos) {
                    st = br_eos(b) ? WF_WEBP_VP8L_TRUNCATED : WF_WEBP_VP8L_BAD_DISTANCE;
                    goto done;
                }
                if (cache) {
                    for (k = 0; k < len; k++) {
                        uint32_t argb = out[pos - dist];
                        out[pos++] = argb;
                        cache[CACHE_HASH(argb, cache_bits)] = argb;
                    }
                } else {
                    for (k = 0; k < len; k++, pos++)
                        out[pos] = out[pos - dist];
                }
                x += len;
                while (x >= w) {
                    x -= w;
                    y++;
                }
                if (br_eos(b)) {
                    goto truncated;
                }
                if (meta && pos < total)
                    g = &groups[meta[(size_t)(y >> meta_bits) * meta_w + (x >> meta_bits)]];
            } else {
                uint32_t idx = s - (NUM_LITERALS + NUM_LENGTH_CODES), argb;
                if (!cache || idx >= (1u << cache_bits)) {
                    st = WF_WEBP_VP8L_BAD_COLOR_CACHE;
                    goto done;
                }
                argb = cache[idx];
                out[pos++] = argb;
                cache[CACHE_HASH(argb, cache_bits)] = argb;
                if (++x == w && next_row(b, &x, &y) != WF_OK)
                    goto truncated;
            }
        }
        if (br_eos(b))
            st = WF_WEBP_VP8L_TRUNCATED;
    }
    goto done;
truncated:
    st = WF_WEBP_VP8L_TRUNCATED;
done:
    v->br = local;
    return st;
}

static wf_status decode_image(vp8l *v, uint32_t w, uint32_t h, int level0, uint32_t *out)
{
    bitreader *b = &v->br;
    wf_status st = WF_OK;
    int cache_bits = 0, meta_bits = 0;
    uint32_t *meta = NULL, *cache = NULL, meta_w = 0, ngroups = 1, i, nused = 0;
    int32_t *map = NULL;
    group *groups = NULL;
    size_t mark = v->huff_used;

    if (br_read(b, 1)) {
        cache_bits = (int)br_read(b, 4);
        if (cache_bits < 1 || cache_bits > MAX_CACHE_BITS)
            return vfail(v, WF_WEBP_VP8L_BAD_COLOR_CACHE);
    }
    if (level0 && br_read(b, 1)) {
        uint32_t mh, max = 0;
        size_t j, n;
        meta_bits = (int)br_read(b, 3) + 2;
        meta_w = (w + (1u << meta_bits) - 1) >> meta_bits;
        mh = (h + (1u << meta_bits) - 1) >> meta_bits;
        if ((st = decode_subimage(v, meta_w, mh, &meta)) != WF_OK)
            goto done;
        n = (size_t)meta_w * mh;
        for (j = 0; j < n; j++) {
            uint32_t g = (meta[j] >> 8) & 0xffff;
            meta[j] = g;
            if (g > max)
                max = g;
        }
        ngroups = max + 1;
        map = malloc((size_t)ngroups * sizeof(int32_t));
        if (!map) {
            st = vfail(v, WF_ERR_OUT_OF_MEMORY);
            goto done;
        }
        for (i = 0; i < ngroups; i++)
            map[i] = -1;
        for (j = 0; j < n; j++) {
            if (map[meta[j]] < 0)
                map[meta[j]] = (int32_t)nused++;
            meta[j] = (uint32_t)map[meta[j]];
        }
    } else {
        nused = 1;
    }
    groups = malloc((size_t)nused * sizeof(group));
    if (!groups) {
        st = vfail(v, WF_ERR_OUT_OF_MEMORY);
        goto done;
    }
    for (i = 0; i < ngroups; i++) {
        static const int base_sizes[5] = {NUM_LITERALS + NUM_LENGTH_CODES, NUM_LITERALS, NUM_LITERALS, NUM_LITERALS,
                                          NUM_DISTANCE_CODES};
        int k;
        int32_t slot = map ? map[i] : 0;
        size_t gmark = v->huff_used;
        group tmp;
        for (k = 0; k < 5; k++) {
            int alphabet = base_sizes[k] + (k == 0 && cache_bits ? 1 << cache_bits : 0);
            if ((st = read_code(v, alphabet, &tmp.off[k])) != WF_OK)
                goto done;
        }
        if (slot < 0)
            v->huff_used = gmark; /* a group no pixel uses: parsed, then dropped */
        else
            groups[slot] = tmp;
    }
    for (i = 0; i < nused; i++) {
        int k;
        for (k = 0; k < 5; k++)
            groups[i].t[k] = (const uint32_t *)v->d->huff.p + groups[i].off[k];
        /* a one-symbol code has length-0 entries (no other code has any): no bits to read */
        groups[i].alpha = (groups[i].t[3][0] & 0xffu) == 0 ? (groups[i].t[3][0] >> 16) << 24 : 1;
    }
    if (cache_bits) {
        cache = calloc((size_t)1 << cache_bits, sizeof(uint32_t));
        if (!cache) {
            st = vfail(v, WF_ERR_OUT_OF_MEMORY);
            goto done;
        }
    }

    st = decode_pixels(v, w, h, groups, meta, meta_w, meta_bits, cache, cache_bits, out);
    if (st != WF_OK)
        vfail(v, st);
done:
    v->huff_used = mark;
    free(cache);
    free(groups);
    free(map);
    free(meta);
    return st;
}

/* ---- transforms ---- */

typedef struct transform {
    int type, bits;
    uint32_t xsize; /* image width before this transform's inverse */
    uint32_t *data;
    uint32_t ncolors;
} transform;

static inline uint32_t add_pixels(uint32_t a, uint32_t b)
{
    uint32_t ag = (a & 0xff00ff00u) + (b & 0xff00ff00u);
    uint32_t rb = (a & 0x00ff00ffu) + (b & 0x00ff00ffu);
    return (ag & 0xff00ff00u) | (rb & 0x00ff00ffu);
}

#ifdef WF_SIMD
/* Floor of the bytewise mean (average2 of vp8l_predict.h): the rounded-up
 * mean minus the carry of the low bit. */
static inline v128_t avg2v(v128_t a, v128_t b)
{
    return wasm_i8x16_sub(wasm_u8x16_avgr(a, b), wasm_v128_and(wasm_v128_xor(a, b), wasm_i8x16_splat(1)));
}
#endif

/* One run of pixels [x, xend) of a row with predictor `mode`; up = the row
 * above. Each mode has its own loop (no switch per pixel); the modes that
 * read only the row above go 4 pixels at a time in the SIMD build. */
static void predict_run(int mode, uint32_t *row, const uint32_t *up, uint32_t x, uint32_t xend)
{
#define RUN(expr)                            \
    for (; x < xend; x++)                    \
        row[x] = add_pixels(row[x], (expr)); \
    break
#ifdef WF_SIMD
#define RUN4(vexpr)               \
    for (; x + 4 <= xend; x += 4) \
        wasm_v128_store(row + x, wasm_i8x16_add(wasm_v128_load(row + x), (vexpr)));
#define T4 wasm_v128_load(up + x)
#define TL4 wasm_v128_load(up + x - 1)
#define TR4 wasm_v128_load(up + x + 1)
#else
#define RUN4(vexpr)
#endif
    switch (mode) {
    case 1: RUN(row[x - 1]);
    case 2: RUN4(T4) RUN(up[x]);
    case 3: RUN4(TR4) RUN(up[x + 1]);
    case 4: RUN4(TL4) RUN(up[x - 1]);
    case 5: RUN(average2(average2(row[x - 1], up[x + 1]), up[x]));
    case 6: RUN(average2(row[x - 1], up[x - 1]));
    case 7: RUN(average2(row[x - 1], up[x]));
    case 8: RUN4(avg2v(TL4, T4)) RUN(average2(up[x - 1], up[x]));
    case 9: RUN4(avg2v(T4, TR4)) RUN(average2(up[x], up[x + 1]));
    case 10: RUN(average2(average2(row[x - 1], up[x - 1]), average2(up[x], up[x + 1])));
    case 11: RUN(select_pred(row[x - 1], up[x], up[x - 1]));
    case 12: RUN(clamp_add_sub_full(row[x - 1], up[x], up[x - 1]));
    case 13: RUN(clamp_add_sub_half(average2(row[x - 1], up[x]), up[x - 1]));
    default: RUN(0xff000000u);
    }
#undef RUN
#undef RUN4
#ifdef WF_SIMD
#undef T4
#undef TL4
#undef TR4
#endif
}

static WF_WEBP_NOINLINE void inverse_predictor(const transform *t, uint32_t *px, uint32_t w, uint32_t h)
{
    uint32_t x, y, bw = (w + (1u << t->bits) - 1) >> t->bits;
    px[0] = add_pixels(px[0], 0xff000000u);
    for (x = 1; x < w; x++)
        px[x] = add_pixels(px[x], px[x - 1]);
    for (y = 1; y < h; y++) {
        uint32_t *row = px + (size_t)y * w;
        const uint32_t *modes = t->data + (size_t)(y >> t->bits) * bw;
        row[0] = add_pixels(row[0], row[-(ptrdiff_t)w]);
        for (x = 1; x < w;) {
            int mode = (int)((modes[x >> t->bits] >> 8) & 0xf);
            uint32_t xend = ((x >> t->bits) + 1) << t->bits;
            if (xend > w)
                xend = w;
            predict_run(mode, row, row - w, x, xend);
            x = xend;
        }
    }
}

static inline int color_delta(int8_t t, int8_t c) { return ((int)t * (int)c) >> 5; }

/* The multipliers of an element are the same for each of its 1 << bits
 * pixels (bits >= 2): unpacked once per run; the SIMD build does 4 pixels
 * at once in 32-bit lanes with the same arithmetic. */
static WF_WEBP_NOINLINE void inverse_cross_color(const transform *t, uint32_t *px, uint32_t w, uint32_t h)
{
    uint32_t x, y, bw = (w + (1u << t->bits) - 1) >> t->bits;
    for (y = 0; y < h; y++) {
        uint32_t *row = px + (size_t)y * w;
        const uint32_t *el = t->data + (size_t)(y >> t->bits) * bw;
        for (x = 0; x < w;) {
            uint32_t e = el[x >> t->bits], xend = ((x >> t->bits) + 1) << t->bits;
            int8_t g2r = (int8_t)(e & 0xff), g2b = (int8_t)((e >> 8) & 0xff), r2b = (int8_t)((e >> 16) & 0xff);
            if (xend > w)
                xend = w;
#ifdef WF_SIMD
            {
                v128_t mg2r = wasm_i32x4_splat(g2r), mg2b = wasm_i32x4_splat(g2b), mr2b = wasm_i32x4_splat(r2b);
                const v128_t ff = wasm_i32x4_splat(0xff);
                for (; x + 4 <= xend; x += 4) {
                    v128_t p = wasm_v128_load(row + x);
                    v128_t g = wasm_i32x4_shr(wasm_i32x4_shl(p, 16), 24); /* signed */
                    v128_t r = wasm_v128_and(
                        wasm_i32x4_add(wasm_u32x4_shr(p, 16), wasm_i32x4_shr(wasm_i32x4_mul(mg2r, g), 5)), ff);
                    v128_t rs = wasm_i32x4_shr(wasm_i32x4_shl(r, 24), 24);
                    v128_t b = wasm_i32x4_add(wasm_i32x4_add(p, wasm_i32x4_shr(wasm_i32x4_mul(mg2b, g), 5)),
                                              wasm_i32x4_shr(wasm_i32x4_mul(mr2b, rs), 5));
                    b = wasm_v128_and(b, ff);
                    wasm_v128_store(row + x, wasm_v128_or(wasm_v128_and(p, wasm_i32x4_splat((int32_t)0xff00ff00u)),
                                                          wasm_v128_or(wasm_i32x4_shl(r, 16), b)));
                }
            }
#endif
            for (; x < xend; x++) {
                uint32_t p = row[x];
                int8_t g = (int8_t)((p >> 8) & 0xff);
                int r = (int)((p >> 16) & 0xff), b = (int)(p & 0xff);
                r = (r + color_delta(g2r, g)) & 0xff;
                b = (b + color_delta(g2b, g)) & 0xff;
                b = (b + color_delta(r2b, (int8_t)r)) & 0xff;
                row[x] = (p & 0xff00ff00u) | ((uint32_t)r << 16) | (uint32_t)b;
            }
        }
    }
}

static void inverse_subtract_green(uint32_t *px, size_t n)
{
    size_t i = 0;
#ifdef WF_SIMD
    for (; i + 4 <= n; i += 4) {
        v128_t p = wasm_v128_load(px + i);
        v128_t g = wasm_i8x16_shuffle(p, wasm_i8x16_splat(0), 1, 16, 1, 16, 5, 16, 5, 16, 9, 16, 9, 16, 13, 16, 13, 16);
        wasm_v128_store(px + i, wasm_i8x16_add(p, g));
    }
#endif
    for (; i < n; i++) {
        uint32_t p = px[i], g = (p >> 8) & 0xff;
        uint32_t rb = ((p & 0x00ff00ffu) + ((g << 16) | g)) & 0x00ff00ffu;
        px[i] = (p & 0xff00ff00u) | rb;
    }
}

/* Expands packed rows of width t->xsize into rows of width w (in place,
 * bottom-up and right to left, so nothing is overwritten before it is read). */
static WF_WEBP_NOINLINE void inverse_color_indexing(const transform *t, uint32_t *px, uint32_t w, uint32_t h)
{
    uint32_t pal[256], x, y;
    int per = 1 << t->bits, bpp = 8 >> t->bits;
    uint32_t pw = (w + (uint32_t)per - 1) >> t->bits, m = (1u << bpp) - 1;
    memset(pal, 0, sizeof(pal));
    memcpy(pal, t->data, t->ncolors * sizeof(uint32_t));
    for (y = h; y-- > 0;) {
        const uint32_t *src = px + (size_t)y * pw;
        uint32_t *dst = px + (size_t)y * w;
        for (x = w; x-- > 0;) {
            uint32_t packed = (src[x >> t->bits] >> 8) & 0xff;
            uint32_t idx = (packed >> (bpp * (int)(x & (uint32_t)(per - 1)))) & m;
            dst[x] = pal[idx];
        }
    }
}

wf_status wf_webp_vp8l_info(const uint8_t *p, size_t n, uint32_t *w, uint32_t *h, int *alpha)
{
    uint32_t bits;
    if (n < 5 || p[0] != 0x2f)
        return WF_WEBP_VP8L_BAD_HEADER;
    bits = wf_webp_le32(p + 1);
    *w = (bits & 0x3fff) + 1;
    *h = ((bits >> 14) & 0x3fff) + 1;
    *alpha = (int)((bits >> 28) & 1);
    if ((bits >> 29) != 0) /* version */
        return WF_WEBP_VP8L_BAD_HEADER;
    return WF_OK;
}

wf_status wf_webp_vp8l_decode(wf_webp_decoder *d, const uint8_t *p, size_t n, size_t file_off, uint32_t w, uint32_t h,
                              int headerless)
{
    vp8l v;
    transform tr[4];
    int ntr = 0, seen = 0, i;
    uint32_t xsize = w;
    uint32_t *px;
    wf_status st = WF_OK;

    memset(&v, 0, sizeof(v));
    v.d = d;
    v.file_off = file_off;
    if (!headerless) {
        uint32_t hw, hh;
        int alpha;
        if ((st = wf_webp_vp8l_info(p, n, &hw, &hh, &alpha)) != WF_OK)
            return wf_webp_fail(d, st, file_off);
        if (hw != w || hh != h)
            return wf_webp_fail(d, WF_WEBP_SIZE_MISMATCH, file_off);
        p += 5;
        n -= 5;
        v.file_off += 5;
    }
    br_init(&v.br, p, n);
    if (!wf_webp_reserve(&d->argb, (size_t)w * h * sizeof(uint32_t)))
        return wf_webp_fail(d, WF_ERR_OUT_OF_MEMORY, file_off);
    px = d->argb.p;

    while (br_read(&v.br, 1)) {
        transform *t = &tr[ntr];
        t->type = (int)br_read(&v.br, 2);
        t->data = NULL;
        t->xsize = xsize;
        t->ncolors = 0;
        if (seen & (1 << t->type)) {
            st = vfail(&v, WF_WEBP_VP8L_BAD_TRANSFORM);
            goto done;
        }
        seen |= 1 << t->type;
        ntr++;
        if (t->type == PREDICTOR || t->type == CROSS_COLOR) {
            t->bits = (int)br_read(&v.br, 3) + 2;
            st = decode_subimage(&v, (xsize + (1u << t->bits) - 1) >> t->bits, (h + (1u << t->bits) - 1) >> t->bits,
                                 &t->data);
        } else if (t->type == COLOR_INDEXING) {
            uint32_t nc = br_read(&v.br, 8) + 1, k;
            t->ncolors = nc;
            t->bits = nc > 16 ? 0 : nc > 4 ? 1 : nc > 2 ? 2 : 3;
            st = decode_subimage(&v, nc, 1, &t->data);
            if (st == WF_OK)
                for (k = 1; k < nc; k++)
                    t->data[k] = add_pixels(t->data[k], t->data[k - 1]);
            xsize = (xsize + (1u << t->bits) - 1) >> t->bits;
        } else {
            t->bits = 0;
        }
        if (st != WF_OK)
            goto done;
    }
    if ((st = decode_image(&v, xsize, h, 1, px)) != WF_OK)
        goto done;
    for (i = ntr; i-- > 0;) {
        transform *t = &tr[i];
        switch (t->type) {
        case PREDICTOR: inverse_predictor(t, px, t->xsize, h); break;
        case CROSS_COLOR: inverse_cross_color(t, px, t->xsize, h); break;
        case SUBTRACT_GREEN: inverse_subtract_green(px, (size_t)t->xsize * h); break;
        default: inverse_color_indexing(t, px, t->xsize, h); break;
        }
    }
done:
    for (i = 0; i < ntr; i++)
        free(tr[i].data);
    return st;
}
