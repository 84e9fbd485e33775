/* SPDX-License-Identifier: MIT
 * inflate_internal.h: the inflater context and the pieces shared by
 * inflate.c (the RFC 1951 decoder), inflate_huffman.c (decode tables) and
 * inflate_framing.c (zlib/gzip and the public entry points). */
#ifndef WF_INFLATE_INTERNAL_H
#define WF_INFLATE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "wf/deflate.h"
#include "deflate_constants.h"

/* A decode-table entry (uint32):
 *   bits 0-4   number of bits the entry consumes: the codeword length plus
 *              the extra bits that follow it (length/distance symbols), or
 *              the main table bits for a subtable pointer; inside a subtable
 *              the codeword part counts only the bits past the main table
 *   bits 8-11  flags below
 *   bits 12-15 the codeword part of bits 0-4 (the extra bits start there),
 *              or for a subtable pointer the number of index bits of the
 *              subtable
 *   bits 16-31 value: literal byte, length base, distance base, precode
 *              symbol, or the subtable's start index
 * So a length or distance is value + (next (bits 0-4) bits >> (bits 12-15)),
 * consumed in one step. */
#define WF_HUF_LITERAL 0x100u
#define WF_HUF_EOB 0x200u
#define WF_HUF_SUBTABLE 0x400u
#define WF_HUF_INVALID 0x800u

#define WF_LITLEN_BITS 11
#define WF_DIST_BITS 8
#define WF_PRECODE_BITS 7
/* Main table plus room for every subtable a complete (or single-code) code
 * can need (zlib's "enough" figures: 2342 for 288 symbols with 11 main bits
 * and codes up to 15 bits, 402 for 30 symbols with 8 main bits). The table
 * builder also checks the bound. */
#define WF_LITLEN_TABLE_SIZE 2560
#define WF_DIST_TABLE_SIZE 512
#define WF_PRECODE_TABLE_SIZE 128

enum wf_huf_kind { WF_HUF_PRECODE, WF_HUF_LITLEN, WF_HUF_DIST };

struct wf_inflater {
    uint8_t *buf; /* owned output of wf_inflate() */
    size_t buf_cap;
    const uint8_t *result;
    size_t result_size;
    size_t input_used;
    size_t error_offset;
    int tables_fixed; /* the tables currently hold the fixed code */
    uint32_t litlen[WF_LITLEN_TABLE_SIZE];
    uint32_t dist[WF_DIST_TABLE_SIZE];
    uint32_t precode[WF_PRECODE_TABLE_SIZE];
    uint8_t lens[WF_DEFLATE_NUM_LITLEN + WF_DEFLATE_NUM_DIST];
};

/* The output of one call: a caller's fixed buffer, or the inflater's growable one. */
typedef struct wf_inflate_out {
    uint8_t *data;
    size_t size; /* bytes written */
    size_t cap;
    size_t max; /* growable: never beyond this many bytes */
    int growable;
} wf_inflate_out;

/* Builds a decode table for `n` code lengths. Returns WF_OK or an error. */
wf_status wf_inflate_build_table(uint32_t *table, size_t table_size, const uint8_t *lens, unsigned n,
                                 unsigned main_bits, enum wf_huf_kind kind);

/* Grows a growable output so that at least `need` bytes fit. */
wf_status wf_inflate_out_grow(wf_inflater *d, wf_inflate_out *o, size_t need);

/* Decodes one raw DEFLATE stream starting at in[0], appending to o. The
 * stream's matches may reach back to o->data[window_start]. On success
 * *in_used is the number of input bytes consumed (the final block padded to a
 * byte). On failure d->error_offset holds the offset relative to `in`. */
wf_status wf_inflate_raw(wf_inflater *d, const uint8_t *in, size_t in_nbytes, size_t *in_used, wf_inflate_out *o,
                         size_t window_start);

#endif
