/* SPDX-License-Identifier: MIT
 *
 * encode_huffman.c: Huffman tables for the encoder and the bit writer.
 * - wf_jpeg_enc_huff_from_spec(): BITS/HUFFVAL -> code per symbol (T.81 Annex C).
 * - wf_jpeg_enc_huff_optimal(): symbol frequencies -> BITS/HUFFVAL limited to
 *   16-bit codes, by the procedure of T.81 Annex K.2 (Figures K.1-K.4): code
 *   sizes by repeatedly merging the two least frequent entries (one reserved
 *   symbol keeps the all-ones code out), then lengths over 16 folded back.
 * - the bit writer: a 64-bit accumulator emitting bytes with 0xFF 0x00 stuffing
 *   (T.81 F.1.2.3) and stopping at the end of the caller's buffer.
 */
#include <string.h>
#include "encode_internal.h"

static void derive_codes(wf_jpeg_enc_huff *h)
{
    memset(h->size, 0, sizeof(h->size));
    memset(h->code, 0, sizeof(h->code));
    uint32_t code = 0;
    int k = 0;
    for (int len = 1; len <= 16; len++) {
        for (int i = 0; i < h->bits[len] && k < h->nvals; i++, k++) {
            h->code[h->vals[k]] = (uint16_t)code;
            h->size[h->vals[k]] = (uint8_t)len;
            code++;
        }
        code <<= 1;
    }
}

void wf_jpeg_enc_huff_from_spec(wf_jpeg_enc_huff *h, const uint8_t *bits, const uint8_t *vals)
{
    int n = 0;
    h->bits[0] = 0;
    for (int i = 1; i <= 16; i++) {
        h->bits[i] = bits[i];
        n += bits[i];
    }
    if (n > 256)
        n = 256;
    memcpy(h->vals, vals, (size_t)n);
    h->nvals = n;
    derive_codes(h);
}

/* Heap order: a before b when its frequency is lower, or equal with a higher symbol. */
static inline int heap_less(int a, int b, const uint64_t *freq)
{
    return freq[a] < freq[b] || (freq[a] == freq[b] && a > b);
}

static void sift_down(int *heap, int n, int i, const uint64_t *freq)
{
    for (;;) {
        int l = 2 * i + 1, m = i;
        if (l < n && heap_less(heap[l], heap[m], freq))
            m = l;
        if (l + 1 < n && heap_less(heap[l + 1], heap[m], freq))
            m = l + 1;
        if (m == i)
            return;
        int t = heap[i];
        heap[i] = heap[m];
        heap[m] = t;
        i = m;
    }
}

#define MAX_CLEN 300 /* a code size can never exceed the number of symbols */

void wf_jpeg_enc_huff_optimal(wf_jpeg_enc_huff *h, const uint32_t freq_in[257])
{
    uint64_t freq[257];
    int codesize[257];
    int others[257];
    int bits[MAX_CLEN + 1];

    for (int i = 0; i < 257; i++) {
        freq[i] = freq_in[i];
        codesize[i] = 0;
        others[i] = -1;
    }
    freq[256] = 1; /* reserved: no real symbol gets the all-ones code (K.2) */

    /* Figure K.1: merge the two least frequent entries until one remains.
     * Ties pick the highest symbol number, which puts low symbols (more likely
     * in JPEG) on the shorter side. The entries live in a binary min-heap
     * ordered by (frequency, then higher symbol first): popping twice gives
     * exactly the V1, V2 of the figure's linear searches, in n log n. */
    int heap[257];
    int nheap = 0;
    for (int i = 0; i <= 256; i++)
        if (freq[i])
            heap[nheap++] = i;
    for (int i = nheap / 2 - 1; i >= 0; i--)
        sift_down(heap, nheap, i, freq);
    while (nheap > 1) {
        int c1 = heap[0];
        heap[0] = heap[--nheap];
        sift_down(heap, nheap, 0, freq);
        int c2 = heap[0];
        freq[c1] += freq[c2];
        freq[c2] = 0;
        heap[0] = c1; /* the merged entry keeps c1's number */
        sift_down(heap, nheap, 0, freq);
        codesize[c1]++;
        while (others[c1] >= 0) {
            c1 = others[c1];
            codesize[c1]++;
        }
        others[c1] = c2;
        codesize[c2]++;
        while (others[c2] >= 0) {
            c2 = others[c2];
            codesize[c2]++;
        }
    }

    /* Figure K.2: count codes of each size. */
    memset(bits, 0, sizeof(bits));
    for (int i = 0; i <= 256; i++)
        if (codesize[i])
            bits[codesize[i] > MAX_CLEN ? MAX_CLEN : codesize[i]]++;

    /* Figure K.3: fold sizes above 16 back (a prefix code stays a prefix code). */
    for (int i = MAX_CLEN; i > 16; i--) {
        while (bits[i] > 0) {
            int j = i - 2;
            while (bits[j] == 0)
                j--;
            bits[i] -= 2;
            bits[i - 1]++;
            bits[j + 1] += 2;
            bits[j]--;
        }
    }
    /* Remove the reserved symbol: it holds one of the longest codes. */
    int i = 16;
    while (i > 0 && bits[i] == 0)
        i--;
    if (i > 0)
        bits[i]--;

    h->bits[0] = 0;
    for (int l = 1; l <= 16; l++)
        h->bits[l] = (uint8_t)bits[l];

    /* Figure K.4: symbols sorted by code size, then by value. */
    int n = 0;
    for (int len = 1; len <= MAX_CLEN; len++)
        for (int s = 0; s < 256; s++)
            if (codesize[s] == len)
                h->vals[n++] = (uint8_t)s;
    h->nvals = n;
    derive_codes(h);
}

/* ---- bit writer ---- */

static inline void put_byte(wf_jpeg_enc_bits *w, unsigned b)
{
    if (w->end - w->p < 2) {
        w->overflow = 1;
        return;
    }
    *w->p++ = (uint8_t)b;
    if (b == 0xFF)
        *w->p++ = 0;
}

void wf_jpeg_enc_bits_drain(wf_jpeg_enc_bits *w)
{
    /* Fast path: four bytes without 0xFF and room for them. */
    if (w->nbits >= 32 && w->end - w->p >= 8) {
        uint32_t word = (uint32_t)(w->acc >> (w->nbits - 32));
        /* any byte equal to 0xFF <=> any byte of ~word equal to zero */
        uint32_t inv = ~word;
        if (((inv - 0x01010101u) & ~inv & 0x80808080u) == 0) {
            w->p[0] = (uint8_t)(word >> 24);
            w->p[1] = (uint8_t)(word >> 16);
            w->p[2] = (uint8_t)(word >> 8);
            w->p[3] = (uint8_t)word;
            w->p += 4;
            w->nbits -= 32;
            w->acc &= (((uint64_t)1) << w->nbits) - 1;
            return;
        }
    }
    while (w->nbits >= 8) {
        w->nbits -= 8;
        put_byte(w, (unsigned)(w->acc >> w->nbits) & 0xFF);
    }
    w->acc &= (((uint64_t)1) << w->nbits) - 1;
}

void wf_jpeg_enc_bits_flush(wf_jpeg_enc_bits *w)
{
    int fill = (8 - (w->nbits & 7)) & 7;
    if (fill) {
        w->acc = (w->acc << fill) | ((1u << fill) - 1);
        w->nbits += fill;
    }
    while (w->nbits >= 8) {
        w->nbits -= 8;
        put_byte(w, (unsigned)(w->acc >> w->nbits) & 0xFF);
    }
    w->acc = 0;
    w->nbits = 0;
}
