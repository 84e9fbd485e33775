/* SPDX-License-Identifier: MIT
 * test_util.h: helpers shared by the deflate tests (checks, a PRNG, zlib
 * reference compression, corpus file loading). */
#ifndef WF_TEST_DEFLATE_UTIL_H
#define WF_TEST_DEFLATE_UTIL_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include "wf/deflate.h"
#include "../common/wf_read_file.h"

static int g_failures;
#define CHECK(cond, ...)                                                             \
    do {                                                                             \
        if (!(cond)) {                                                               \
            g_failures++;                                                            \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                            \
            fprintf(stderr, "\n");                                                   \
            if (g_failures > 20)                                                     \
                exit(1);                                                             \
        }                                                                            \
    } while (0)

static uint64_t g_rng = 0x9E3779B97F4A7C15ull;
static inline uint32_t rnd(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return (uint32_t)(g_rng >> 16);
}

static inline void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

/* zlib compress with full control. format: 0 raw, 1 zlib, 2 gzip. */
static inline uint8_t *zlib_compress(const uint8_t *in, size_t n, int format, int level, int strategy, int wbits,
                                     int memlevel, size_t *out_n)
{
    z_stream s;
    memset(&s, 0, sizeof(s));
    int wb = format == 0 ? -wbits : format == 1 ? wbits : wbits + 16;
    if (format == 0 && wbits == 8)
        wb = -9;
    if (deflateInit2(&s, level, Z_DEFLATED, wb, memlevel, strategy) != Z_OK) {
        fprintf(stderr, "deflateInit2 failed\n");
        exit(1);
    }
    size_t cap = deflateBound(&s, (uLong)n) + 64;
    uint8_t *out = (uint8_t *)xmalloc(cap);
    s.next_in = (Bytef *)in;
    s.avail_in = (uInt)n;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    int r = deflate(&s, Z_FINISH);
    if (r != Z_STREAM_END) {
        fprintf(stderr, "zlib deflate failed %d\n", r);
        exit(1);
    }
    *out_n = s.total_out;
    deflateEnd(&s);
    return out;
}

/* zlib inflate; returns 0 on success. */
static inline int zlib_decompress(const uint8_t *in, size_t n, int format, uint8_t *out, size_t cap, size_t *out_n)
{
    z_stream s;
    memset(&s, 0, sizeof(s));
    int wb = format == 0 ? -15 : format == 1 ? 15 : 31;
    if (inflateInit2(&s, wb) != Z_OK)
        return -1;
    s.next_in = (Bytef *)in;
    s.avail_in = (uInt)n;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    int r = inflate(&s, Z_FINISH);
    *out_n = s.total_out;
    inflateEnd(&s);
    return r == Z_STREAM_END ? 0 : -1;
}

/* Generated inputs. */
static inline void gen_text(uint8_t *p, size_t n, uint32_t seed)
{
    static const char *words[] = {
        "the",    "quick", "brown",       "fox",       "jumps",    "over",  "lazy",   "dog", "deflate", "huffman",
        "window", "match", "literal",     "length",    "distance", "block", "stream", "of",  "and",     "a",
        "in",     "to",    "compression", "algorithm", "wasm",     "forge", "\n",     ", ",  ". "};
    g_rng = seed * 2654435761u + 1;
    size_t i = 0;
    while (i < n) {
        const char *w = words[rnd() % (sizeof(words) / sizeof(words[0]))];
        for (; *w && i < n; w++)
            p[i++] = (uint8_t)*w;
        if (i < n)
            p[i++] = ' ';
    }
}
#endif
