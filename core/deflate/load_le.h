/* SPDX-License-Identifier: MIT
 * load_le.h: unaligned little-endian loads, shared by the deflate core's files
 * (checksums, the inflater's bit buffer, the compressor's hashes). */
#ifndef WF_DEFLATE_LOAD_LE_H
#define WF_DEFLATE_LOAD_LE_H
#include <stdint.h>
#include <string.h>

static inline uint32_t wf_load32le(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

static inline uint64_t wf_load64le(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}
#endif
