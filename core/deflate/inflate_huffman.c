/* SPDX-License-Identifier: MIT
 * inflate_huffman.c: canonical Huffman decode tables (RFC 1951 section 3.2.2).
 *
 * A table is indexed by the next main_bits bits of the stream (DEFLATE sends
 * codes most significant bit first inside an LSB-first bit stream, so the
 * index is the bit-reversed code). Codes longer than main_bits go through a
 * subtable pointer in the main table indexed by their first main_bits bits. */
#include <string.h>
#include "inflate_internal.h"

static uint32_t symbol_entry(enum wf_huf_kind kind, unsigned sym)
{
    switch (kind) {
    case WF_HUF_PRECODE: return (uint32_t)sym << 16;
    case WF_HUF_LITLEN:
        if (sym < 256)
            return (uint32_t)sym << 16 | WF_HUF_LITERAL;
        if (sym == 256)
            return WF_HUF_EOB;
        if (sym < 286)
            return (uint32_t)wf_length_base[sym - 257] << 16 | (uint32_t)wf_length_extra[sym - 257] << 4;
        return WF_HUF_INVALID;
    case WF_HUF_DIST:
    default:
        if (sym < 30)
            return (uint32_t)wf_dist_base[sym] << 16 | (uint32_t)wf_dist_extra[sym] << 4;
        return WF_HUF_INVALID;
    }
}

/* Completes a symbol entry (extra-bit count in bits 4-7) for a code of
 * `len` bits (relative to the table it is in): bits 0-4 become everything
 * the entry consumes (code and extra bits), bits 12-15 the code alone. */
static uint32_t finish_entry(uint32_t entry, unsigned len)
{
    unsigned extra = (entry >> 4) & 15;
    return (entry & ~(uint32_t)0xF0) | (uint32_t)(len + extra) | (uint32_t)len << 12;
}

/* The low `len` bits of code, reversed (len <= 16). */
static unsigned reverse_bits(unsigned code, unsigned len)
{
    unsigned v = code & 0xFFFF;
    v = (v >> 1 & 0x5555) | (v & 0x5555) << 1;
    v = (v >> 2 & 0x3333) | (v & 0x3333) << 2;
    v = (v >> 4 & 0x0F0F) | (v & 0x0F0F) << 4;
    v = (v >> 8 & 0x00FF) | (v & 0x00FF) << 8;
    return v >> (16 - len);
}

wf_status wf_inflate_build_table(uint32_t *table, size_t table_size, const uint8_t *lens, unsigned n,
                                 unsigned main_bits, enum wf_huf_kind kind)
{
    unsigned count[WF_DEFLATE_MAX_CODE_LEN + 1] = {0};
    unsigned offs[WF_DEFLATE_MAX_CODE_LEN + 2];
    uint16_t sorted[WF_DEFLATE_NUM_LITLEN];
    unsigned max_len = 0, used = 0;
    const unsigned main_size = 1u << main_bits;

    for (unsigned s = 0; s < n; s++)
        count[lens[s]]++;
    count[0] = 0;
    for (unsigned len = 1; len <= WF_DEFLATE_MAX_CODE_LEN; len++)
        if (count[len]) {
            max_len = len;
            used += count[len];
        }

    /* Kraft sum: over-subscribed or incomplete? */
    int32_t left = 1;
    for (unsigned len = 1; len <= WF_DEFLATE_MAX_CODE_LEN; len++) {
        left = left * 2 - (int32_t)count[len];
        if (left < 0)
            return WF_DEFLATE_HUFFMAN_OVERSUBSCRIBED;
    }
    if (left > 0) {
        /* A complete code fills every main-table entry; an incomplete one
         * leaves gaps: unused codes decode as invalid, consuming 1 bit. */
        for (unsigned i = 0; i < main_size; i++)
            table[i] = WF_HUF_INVALID | 1u;
        /* As zlib: an empty literal/length or distance code, or one with a
         * single code of length 1, is accepted (unused codes decode as
         * invalid symbols); any other incomplete code is an error. */
        if (kind == WF_HUF_PRECODE || max_len > 1)
            return WF_DEFLATE_HUFFMAN_INCOMPLETE;
        (void)used;
    }
    if (max_len == 0)
        return WF_OK;

    offs[1] = 0;
    for (unsigned len = 1; len <= WF_DEFLATE_MAX_CODE_LEN; len++)
        offs[len + 1] = offs[len] + count[len];
    for (unsigned s = 0; s < n; s++)
        if (lens[s])
            sorted[offs[lens[s]]++] = (uint16_t)s;

    /* Assign canonical codes in (length, symbol) order. */
    unsigned remaining[WF_DEFLATE_MAX_CODE_LEN + 1];
    memcpy(remaining, count, sizeof(remaining));
    unsigned code = 0, len = 1, idx = 0;
    size_t next_free = main_size;
    unsigned cur_prefix = ~0u, sub_start = 0, sub_bits = 0;
    while (len <= max_len && remaining[len] == 0)
        len++;
    for (; idx < used; idx++) {
        while (remaining[len] == 0) {
            len++;
            code <<= 1;
        }
        unsigned sym = sorted[idx];
        uint32_t entry = symbol_entry(kind, sym);
        unsigned rev = reverse_bits(code, len);
        if (len <= main_bits) {
            entry = finish_entry(entry, len);
            for (unsigned i = rev; i < main_size; i += 1u << len)
                table[i] = entry;
        } else {
            unsigned prefix = rev & (main_size - 1);
            if (prefix != cur_prefix) {
                /* New subtable: as many index bits as the subtree below
                 * this prefix needs, from the codes still to place. */
                unsigned bits = len - main_bits;
                int32_t room = 1 << bits;
                while (bits + main_bits < max_len) {
                    room -= (int32_t)remaining[bits + main_bits];
                    if (room <= 0)
                        break;
                    bits++;
                    room <<= 1;
                }
                if (next_free + ((size_t)1 << bits) > table_size)
                    return WF_DEFLATE_HUFFMAN_OVERSUBSCRIBED; /* cannot happen for valid codes */
                cur_prefix = prefix;
                sub_start = (unsigned)next_free;
                sub_bits = bits;
                for (unsigned i = 0; i < (1u << bits); i++)
                    table[sub_start + i] = WF_HUF_INVALID | 1u;
                next_free += (size_t)1 << bits;
                table[prefix] = (uint32_t)sub_start << 16 | WF_HUF_SUBTABLE | (uint32_t)bits << 12 | main_bits;
            }
            entry = finish_entry(entry, len - main_bits);
            for (unsigned i = rev >> main_bits; i < (1u << sub_bits); i += 1u << (len - main_bits))
                table[sub_start + i] = entry;
        }
        remaining[len]--;
        code++;
    }
    return WF_OK;
}
