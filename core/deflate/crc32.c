/* SPDX-License-Identifier: MIT
 * crc32.c: CRC-32 (reflected, polynomial 0xEDB88320) by slicing-by-8. */
#include "wf/deflate.h"
#include "crc32_table.h"
#include "load_le.h"

uint32_t wf_crc32(uint32_t crc, const uint8_t *p, size_t len)
{
    uint32_t c = ~crc;
    if (len == 0)
        return crc;
    while (len >= 8) {
        uint32_t a = wf_load32le(p), b = wf_load32le(p + 4);
        a ^= c;
        c = wf_crc32_table[7][a & 0xFF] ^ wf_crc32_table[6][(a >> 8) & 0xFF] ^ wf_crc32_table[5][(a >> 16) & 0xFF] ^
            wf_crc32_table[4][a >> 24] ^ wf_crc32_table[3][b & 0xFF] ^ wf_crc32_table[2][(b >> 8) & 0xFF] ^
            wf_crc32_table[1][(b >> 16) & 0xFF] ^ wf_crc32_table[0][b >> 24];
        p += 8;
        len -= 8;
    }
    while (len--)
        c = (c >> 8) ^ wf_crc32_table[0][(c ^ *p++) & 0xFF];
    return ~c;
}
