/* SPDX-License-Identifier: MIT
 * deflate_internal.h: the compressor context and the pieces shared by
 * deflate_compress.c (match finding, parsing, framing), deflate_block.c
 * (bit writer and block encoding) and deflate_huffman.c (code construction). */
#ifndef WF_DEFLATE_INTERNAL_H
#define WF_DEFLATE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "wf/deflate.h"
#include "deflate_constants.h"

#define WF_HASH_BITS 15
#define WF_HASH_SIZE (1u << WF_HASH_BITS)
#define WF_WINDOW_MASK (WF_DEFLATE_WINDOW - 1)
/* Symbols per block (as zlib with memLevel 8). */
#define WF_BLOCK_SYMBOLS 16383
/* The symbol buffer holds this many blocks' worth of symbols: the block
 * splitter of WF_STRATEGY_IMAGE up to level 6 merges up to this many runs of
 * WF_BLOCK_SYMBOLS symbols into one block where that costs fewer bits. */
#define WF_BLOCK_RUNS 4

typedef struct wf_bitwriter {
    uint8_t *p, *start, *end;
    uint64_t acc;
    unsigned cnt;
    int overflow;
} wf_bitwriter;

struct wf_deflater {
    uint32_t *head; /* WF_HASH_SIZE: last position + WF_DEFLATE_WINDOW with this hash, 0 = none
                     * (WF_STRATEGY_IMAGE reads it at levels 7-9 as 2^16 16-bit
                     * entries, at levels 1-6 as 2^14 64-bit buckets of 4 positions) */
    uint16_t *prev; /* WF_DEFLATE_WINDOW: distance to the previous position with the same hash */
    /* The current block's symbols, each lc | dist << 8: a literal byte lc
     * (dist 0) or a match (lc = len - 3, dist); one store per symbol. */
    uint32_t syms[WF_BLOCK_SYMBOLS * WF_BLOCK_RUNS];
    unsigned nsyms;
    uint32_t litlen_freq[WF_DEFLATE_NUM_LITLEN];
    uint32_t dist_freq[WF_DEFLATE_NUM_DIST];
    /* Block splitter (see split_flush): symbols [0, run_start) are the pending
     * block, with these frequencies; [run_start, nsyms) the run being filled. */
    unsigned run_start;
    uint32_t run_litlen_freq[WF_DEFLATE_NUM_LITLEN];
    uint32_t run_dist_freq[WF_DEFLATE_NUM_DIST];
    /* Symbol lookup: length - 3 -> litlen symbol - 257; distance -> distance symbol. */
    uint8_t len_sym[256];
    uint8_t dist_sym[512];
};

static inline unsigned wf_dist_symbol(const struct wf_deflater *c, unsigned dist)
{
    return dist <= 256 ? c->dist_sym[dist - 1] : c->dist_sym[256 + ((dist - 1) >> 7)];
}

/* Builds length-limited Huffman code lengths for n symbols from their frequencies. */
void wf_huffman_lengths(const uint32_t *freq, unsigned n, unsigned limit, uint8_t *lens);
/* Canonical codes for lengths, bit-reversed for the LSB-first writer. */
void wf_huffman_codes(const uint8_t *lens, unsigned n, uint16_t *codes);

/* Writes the current block of symbols (covering raw bytes [raw, raw + raw_n))
 * as stored, fixed or dynamic, whichever is smallest, and clears it. */
void wf_deflate_flush_block(struct wf_deflater *c, wf_bitwriter *bw, const uint8_t *raw, size_t raw_n, int final);
/* Writes the first nsyms symbols as one block with the given frequencies
 * (ll_freq[256] is set to 1, the end-of-block code); clears nothing. */
void wf_deflate_write_block(struct wf_deflater *c, wf_bitwriter *bw, const uint8_t *raw, size_t raw_n, unsigned nsyms,
                            uint32_t *ll_freq, const uint32_t *d_freq, int final);
/* The size in bits of a fixed or dynamic block (the smaller) with these symbol frequencies. */
uint64_t wf_deflate_block_cost(const uint32_t *ll_freq, const uint32_t *d_freq);
/* Writes stored blocks for raw bytes. */
void wf_deflate_write_stored(wf_bitwriter *bw, const uint8_t *raw, size_t raw_n, int final);

static inline void wf_bw_put(wf_bitwriter *bw, uint32_t bits, unsigned n)
{
    bw->acc |= (uint64_t)bits << bw->cnt;
    bw->cnt += n;
    if (bw->cnt >= 32) {
        if (bw->end - bw->p >= 4) {
            uint32_t v = (uint32_t)bw->acc;
            bw->p[0] = (uint8_t)v;
            bw->p[1] = (uint8_t)(v >> 8);
            bw->p[2] = (uint8_t)(v >> 16);
            bw->p[3] = (uint8_t)(v >> 24);
            bw->p += 4;
        } else {
            bw->overflow = 1;
        }
        bw->acc >>= 32;
        bw->cnt -= 32;
    }
}

/* Writes out the whole bytes, padding the last partial byte with zeros. */
static inline void wf_bw_align(wf_bitwriter *bw)
{
    while (bw->cnt > 0) {
        if (bw->p < bw->end)
            *bw->p++ = (uint8_t)bw->acc;
        else
            bw->overflow = 1;
        bw->acc >>= 8;
        bw->cnt = bw->cnt >= 8 ? bw->cnt - 8 : 0;
    }
    bw->acc = 0;
}

#endif
