/* SPDX-License-Identifier: MIT
 * deflate_huffman.c: Huffman code lengths limited to a maximum length, and
 * canonical codes for them (RFC 1951 section 3.2.2).
 *
 * Lengths come from a Huffman tree built with the two-queue method over the
 * symbols sorted by frequency. If the tree is deeper than the limit, the long
 * codes are cut to the limit and the Kraft sum is repaired by lengthening the
 * rarest codes that are still short of the limit, then any slack is spent
 * shortening the most frequent codes; the result is always a complete code. */
#include <string.h>
#include "deflate_internal.h"

#define MAX_SYMS WF_DEFLATE_NUM_LITLEN

/* Sort symbols by (frequency, symbol): a bottom-up merge sort of keys
 * frequency << 16 | symbol (so equal frequencies keep the symbol order and
 * a comparison needs no table look-up); the symbols arrive in increasing
 * order (m <= 288). */
static void sort_symbols(const uint32_t *freq, uint16_t *syms, unsigned m)
{
    uint64_t a[MAX_SYMS], b[MAX_SYMS];
    uint64_t *src = a, *dst = b;
    for (unsigned i = 0; i < m; i++)
        a[i] = (uint64_t)freq[syms[i]] << 16 | syms[i];
    for (unsigned w = 1; w < m; w *= 2) {
        for (unsigned lo = 0; lo < m; lo += 2 * w) {
            unsigned mid = lo + w < m ? lo + w : m, hi = lo + 2 * w < m ? lo + 2 * w : m;
            unsigned i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                uint64_t x = src[i], y = src[j];
                int take_j = y < x;
                dst[k++] = take_j ? y : x;
                j += (unsigned)take_j;
                i += (unsigned)!take_j;
            }
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    for (unsigned i = 0; i < m; i++)
        syms[i] = (uint16_t)src[i];
}

void wf_huffman_lengths(const uint32_t *freq, unsigned n, unsigned limit, uint8_t *lens)
{
    uint16_t syms[MAX_SYMS];
    uint32_t weight[2 * MAX_SYMS];
    uint16_t parent[2 * MAX_SYMS];
    uint8_t depth[2 * MAX_SYMS];
    unsigned m = 0;

    memset(lens, 0, n);
    for (unsigned s = 0; s < n; s++)
        if (freq[s])
            syms[m++] = (uint16_t)s;
    if (m < 2) {
        /* Zero or one symbol used: send two codes of length 1 so every decoder
         * sees a complete code. */
        unsigned a = m ? syms[0] : 0;
        lens[a] = 1;
        lens[a == 0 ? 1 : 0] = 1;
        return;
    }
    sort_symbols(freq, syms, m);

    /* Nodes 0..m-1 are the leaves in sorted order, m..2m-2 internal nodes. */
    for (unsigned i = 0; i < m; i++)
        weight[i] = freq[syms[i]];
    unsigned leaf = 0, inner = m, next = m;
    while (next < 2 * m - 1) {
        unsigned pick[2];
        for (int k = 0; k < 2; k++) {
            if (leaf < m && (inner >= next || weight[leaf] <= weight[inner]))
                pick[k] = leaf++;
            else
                pick[k] = inner++;
        }
        weight[next] = weight[pick[0]] + weight[pick[1]];
        parent[pick[0]] = (uint16_t)next;
        parent[pick[1]] = (uint16_t)next;
        next++;
    }
    unsigned root = 2 * m - 2;
    depth[root] = 0;
    unsigned maxd = 0;
    for (unsigned i = root; i-- > 0;) {
        unsigned dd = depth[parent[i]] + 1u;
        depth[i] = (uint8_t)(dd > 255 ? 255 : dd);
    }
    for (unsigned i = 0; i < m; i++)
        if (depth[i] > maxd)
            maxd = depth[i];
    if (maxd <= limit) {
        for (unsigned i = 0; i < m; i++)
            lens[syms[i]] = depth[i];
        return;
    }

    /* Cut to the limit and repair the Kraft sum (in units of 2^-limit). */
    const uint32_t total = 1u << limit;
    uint32_t kraft = 0;
    uint8_t len[MAX_SYMS];
    for (unsigned i = 0; i < m; i++) {
        len[i] = (uint8_t)(depth[i] > limit ? limit : depth[i]);
        kraft += total >> len[i];
    }
    while (kraft > total) {
        /* Lengthen the rarest code among the longest ones below the limit. */
        int done = 0;
        for (unsigned l = limit - 1; l >= 1 && !done; l--)
            for (unsigned i = 0; i < m; i++)
                if (len[i] == l) {
                    len[i]++;
                    kraft -= total >> (l + 1);
                    done = 1;
                    break;
                }
        if (!done)
            break; /* cannot happen: m <= 2^limit */
    }
    while (kraft < total) {
        /* Shorten the most frequent codes that fit in the slack. */
        for (unsigned i = m; i-- > 0 && kraft < total;) {
            if (len[i] > 1 && kraft + (total >> len[i]) <= total) {
                kraft += total >> len[i];
                len[i]--;
            }
        }
    }
    for (unsigned i = 0; i < m; i++)
        lens[syms[i]] = len[i];
}

void wf_huffman_codes(const uint8_t *lens, unsigned n, uint16_t *codes)
{
    unsigned count[WF_DEFLATE_MAX_CODE_LEN + 1] = {0};
    unsigned next[WF_DEFLATE_MAX_CODE_LEN + 1];
    for (unsigned s = 0; s < n; s++)
        count[lens[s]]++;
    count[0] = 0;
    unsigned code = 0;
    for (unsigned l = 1; l <= WF_DEFLATE_MAX_CODE_LEN; l++) {
        code = (code + count[l - 1]) << 1;
        next[l] = code;
    }
    for (unsigned s = 0; s < n; s++) {
        unsigned l = lens[s];
        if (!l) {
            codes[s] = 0;
            continue;
        }
        unsigned c = next[l]++, r = 0;
        for (unsigned i = 0; i < l; i++) {
            r = r << 1 | (c & 1);
            c >>= 1;
        }
        codes[s] = (uint16_t)r;
    }
}
