/* SPDX-License-Identifier: MIT
 *
 * enc_huffman.c: the entropy-coding primitives of the VP8L encoder: the
 * LSB-first bit writer, length-limited prefix code construction (Huffman,
 * counts flattened until no code is longer than 15 bits), canonical codes,
 * writing a prefix code in the VP8L form (simple code, or code lengths coded
 * with the 19-symbol code-length code and its repeat codes 16/17/18; RFC 9649
 * section 3.7.2.1), and the bit-cost estimates the encoder decides with.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "enc_internal.h"

void wf_webp_bw_init(wf_webp_bw *bw) { memset(bw, 0, sizeof *bw); }

void wf_webp_bw_free(wf_webp_bw *bw)
{
    free(bw->buf);
    memset(bw, 0, sizeof *bw);
}

static int bw_reserve(wf_webp_bw *bw, size_t extra)
{
    if (bw->oom)
        return 0;
    if (bw->len + extra > bw->cap) {
        size_t cap = bw->cap ? bw->cap * 2 : 4096;
        uint8_t *p;
        while (cap < bw->len + extra)
            cap *= 2;
        p = (uint8_t *)realloc(bw->buf, cap);
        if (!p) {
            bw->oom = 1;
            return 0;
        }
        bw->buf = p;
        bw->cap = cap;
    }
    return 1;
}

void wf_webp_bw_put_slow(wf_webp_bw *bw)
{
    if (!bw_reserve(bw, 8)) {
        bw->acc = 0;
        bw->nacc = 0;
        return;
    }
    while (bw->nacc >= 8) {
        bw->buf[bw->len++] = (uint8_t)bw->acc;
        bw->acc >>= 8;
        bw->nacc -= 8;
    }
}

void wf_webp_bw_finish(wf_webp_bw *bw)
{
    if (bw->nacc > 0) {
        bw->nacc = (bw->nacc + 7) & ~7;
        wf_webp_bw_put_slow(bw);
    }
}

/* ---- Code lengths ---- */

typedef struct leaf {
    uint32_t count;
    uint32_t sym;
} leaf;

static int leaf_cmp(const void *a, const void *b)
{
    const leaf *x = (const leaf *)a, *y = (const leaf *)b;
    if (x->count != y->count)
        return x->count < y->count ? -1 : 1;
    return x->sym < y->sym ? -1 : x->sym > y->sym;
}

/* Huffman depths of m >= 2 sorted leaves (two-queue method); returns the
 * maximum depth. */
static int huffman_depths(const leaf *lv, int m, uint8_t *depth)
{
    static const uint32_t none = 0xffffffffu;
    uint32_t w[2 * WF_WEBP_MAX_ALPHABET], parent[2 * WF_WEBP_MAX_ALPHABET];
    int i, nl = 0, ni = m, next = m, maxd = 0;
    for (i = 0; i < m; i++)
        w[i] = lv[i].count;
    while (next < 2 * m - 1) {
        int pick[2], k;
        for (k = 0; k < 2; k++) {
            if (nl < m && (ni >= next || w[nl] <= w[ni]))
                pick[k] = nl++;
            else
                pick[k] = ni++;
        }
        w[next] = w[pick[0]] + w[pick[1]];
        parent[pick[0]] = parent[pick[1]] = (uint32_t)next;
        next++;
    }
    parent[2 * m - 2] = none;
    {
        uint8_t d[2 * WF_WEBP_MAX_ALPHABET];
        d[2 * m - 2] = 0;
        for (i = 2 * m - 3; i >= 0; i--)
            d[i] = (uint8_t)(d[parent[i]] + 1);
        for (i = 0; i < m; i++) {
            depth[i] = d[i];
            if (d[i] > maxd)
                maxd = d[i];
        }
    }
    return maxd;
}

void wf_webp_code_lengths(const uint32_t *counts, int n, int max_len, uint8_t *lens)
{
    leaf lv[WF_WEBP_MAX_ALPHABET];
    uint8_t depth[WF_WEBP_MAX_ALPHABET];
    uint32_t floor_count = 1;
    int i, m = 0;
    memset(lens, 0, (size_t)n);
    for (i = 0; i < n; i++)
        if (counts[i])
            m++;
    if (m == 0)
        return;
    if (m == 1) {
        for (i = 0; i < n; i++)
            if (counts[i])
                lens[i] = 1;
        return;
    }
    for (;;) {
        int k = 0;
        for (i = 0; i < n; i++)
            if (counts[i]) {
                lv[k].count = counts[i] < floor_count ? floor_count : counts[i];
                /* keep sums far from overflow */
                if (lv[k].count > (1u << 22))
                    lv[k].count = (1u << 22) + (lv[k].count >> 10);
                lv[k].sym = (uint32_t)i;
                k++;
            }
        qsort(lv, (size_t)m, sizeof(leaf), leaf_cmp);
        if (huffman_depths(lv, m, depth) <= max_len)
            break;
        floor_count *= 2;
    }
    for (i = 0; i < m; i++)
        lens[lv[i].sym] = depth[i];
}

void wf_webp_canonical_codes(const uint8_t *lens, int n, uint16_t *codes)
{
    uint32_t bl_count[WF_WEBP_MAX_CODE_LEN + 1], next[WF_WEBP_MAX_CODE_LEN + 2], code = 0;
    int i, b;
    memset(bl_count, 0, sizeof bl_count);
    for (i = 0; i < n; i++)
        bl_count[lens[i]]++;
    bl_count[0] = 0;
    for (b = 1; b <= WF_WEBP_MAX_CODE_LEN; b++) {
        code = (code + bl_count[b - 1]) << 1;
        next[b] = code;
    }
    for (i = 0; i < n; i++) {
        int len = lens[i];
        if (len) {
            uint32_t c = next[len]++, r = 0;
            for (b = 0; b < len; b++)
                r |= ((c >> b) & 1u) << (len - 1 - b);
            codes[i] = (uint16_t)r;
        } else {
            codes[i] = 0;
        }
    }
}

/* ---- Writing a prefix code ---- */

static const uint8_t code_length_order[19] = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

/* Run-length tokens of lens[0..n): symbol (0..18) and extra value. */
static int rle_tokens(const uint8_t *lens, int n, uint8_t *sym, uint8_t *extra)
{
    int i = 0, k = 0;
    while (i < n) {
        int v = lens[i], r = 1;
        while (i + r < n && lens[i + r] == v)
            r++;
        i += r;
        if (v == 0) {
            while (r >= 11) {
                int c = r > 138 ? 138 : r;
                sym[k] = 18;
                extra[k++] = (uint8_t)(c - 11);
                r -= c;
            }
            if (r >= 3) {
                sym[k] = 17;
                extra[k++] = (uint8_t)(r - 3);
                r = 0;
            }
            while (r-- > 0) {
                sym[k] = 0;
                extra[k++] = 0;
            }
        } else {
            sym[k] = (uint8_t)v;
            extra[k++] = 0;
            r--;
            while (r >= 3) {
                int c = r > 6 ? 6 : r;
                sym[k] = 16;
                extra[k++] = (uint8_t)(c - 3);
                r -= c;
            }
            while (r-- > 0) {
                sym[k] = (uint8_t)v;
                extra[k++] = 0;
            }
        }
    }
    return k;
}

void wf_webp_write_code(wf_webp_bw *bw, const uint8_t *lens, int n)
{
    int i, used = 0, s[2] = {0, 0};
    for (i = 0; i < n; i++)
        if (lens[i]) {
            if (used < 2)
                s[used] = i;
            used++;
        }
    if (used <= 2 && s[0] < 256 && s[1] < 256) {
        /* simple code: one or two 8-bit symbols */
        wf_webp_bw_put(bw, 1, 1);
        wf_webp_bw_put(bw, used == 2 ? 1u : 0u, 1);
        if (s[0] < 2) {
            wf_webp_bw_put(bw, 0, 1);
            wf_webp_bw_put(bw, (uint32_t)s[0], 1);
        } else {
            wf_webp_bw_put(bw, 1, 1);
            wf_webp_bw_put(bw, (uint32_t)s[0], 8);
        }
        if (used == 2)
            wf_webp_bw_put(bw, (uint32_t)s[1], 8);
        return;
    }
    {
        uint8_t sym[WF_WEBP_MAX_ALPHABET], extra[WF_WEBP_MAX_ALPHABET], cl_lens[19];
        uint16_t cl_codes[19];
        uint32_t cl_counts[19];
        int last = n - 1, ntok, trimmed = 0, ncl, cl_used = 0;
        while (last > 0 && lens[last] == 0)
            last--;
        ntok = rle_tokens(lens, last + 1, sym, extra);
        if (last + 1 < n && ntok >= 2) {
            trimmed = 1;
        } else {
            ntok = rle_tokens(lens, n, sym, extra);
        }
        memset(cl_counts, 0, sizeof cl_counts);
        for (i = 0; i < ntok; i++)
            cl_counts[sym[i]]++;
        wf_webp_code_lengths(cl_counts, 19, 7, cl_lens);
        wf_webp_canonical_codes(cl_lens, 19, cl_codes);
        for (i = 0; i < 19; i++)
            cl_used += cl_lens[i] != 0;
        wf_webp_bw_put(bw, 0, 1);
        ncl = 19;
        while (ncl > 4 && cl_lens[code_length_order[ncl - 1]] == 0)
            ncl--;
        wf_webp_bw_put(bw, (uint32_t)(ncl - 4), 4);
        for (i = 0; i < ncl; i++)
            wf_webp_bw_put(bw, cl_lens[code_length_order[i]], 3);
        if (cl_used == 1) /* a one-symbol code takes no bits */
            memset(cl_lens, 0, sizeof cl_lens);
        if (trimmed) {
            uint32_t m = (uint32_t)(ntok - 2);
            int k = 0;
            while (k < 7 && m >= (1u << (2 + 2 * k)))
                k++;
            wf_webp_bw_put(bw, 1, 1);
            wf_webp_bw_put(bw, (uint32_t)k, 3);
            wf_webp_bw_put(bw, m, 2 + 2 * k);
        } else {
            wf_webp_bw_put(bw, 0, 1);
        }
        for (i = 0; i < ntok; i++) {
            wf_webp_bw_put(bw, cl_codes[sym[i]], cl_lens[sym[i]]);
            if (sym[i] == 16)
                wf_webp_bw_put(bw, extra[i], 2);
            else if (sym[i] == 17)
                wf_webp_bw_put(bw, extra[i], 3);
            else if (sym[i] == 18)
                wf_webp_bw_put(bw, extra[i], 7);
        }
    }
}

/* ---- Cost estimates ---- */

double wf_webp_log2(double v)
{
    /* v = m * 2^e with m in [sqrt(1/2), sqrt(2)); ln m by the atanh series.
     * frexp is exact, the rest basic IEEE arithmetic: the same result on
     * every backend. */
    double m, t, t2, s;
    int e;
    if (v <= 0)
        return 0;
    m = frexp(v, &e);
    if (m < 0.7071067811865476) {
        m *= 2;
        e--;
    }
    t = (m - 1) / (m + 1);
    t2 = t * t;
    s = t * (1 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7 + t2 * (1.0 / 9 + t2 * (1.0 / 11 + t2 / 13))))));
    return e + 2 * s * 1.4426950408889634;
}

double wf_webp_histo_bits(const uint32_t *counts, int n)
{
    double total = 0, sum = 0;
    int i, used = 0;
    for (i = 0; i < n; i++)
        if (counts[i]) {
            total += counts[i];
            sum += counts[i] * wf_webp_log2(counts[i]);
            used++;
        }
    if (used <= 1)
        return used ? 12 : 6;
    /* entropy, plus a rough price for the code lengths */
    return total * wf_webp_log2(total) - sum + 20 + used * 3.0;
}
