/* SPDX-License-Identifier: MIT
 * deflate_compress.c: the compressor: hash-chain match finding, greedy
 * (levels 1-3) and lazy (4-9) parsing, the strategies (filtered, Huffman
 * only, run-length, image), zlib/gzip framing, and the public wf_deflate* entry
 * points.
 *
 * Positions are inserted into hash chains keyed by their next 4 bytes:
 * head[hash] holds the latest position (plus WF_DEFLATE_WINDOW, so 0 means
 * "none") and prev[pos % window] the distance back to the previous position
 * with the same hash (0 ends the chain). */
#include <stdlib.h>
#include <string.h>
#include "deflate_internal.h"
#include "load_le.h"

/* zlib's parameter table: good length (search less once a match this long
 * is in hand), lazy length (don't look for a better match past this), nice
 * length (stop searching at this length), chain length. */
typedef struct level_params {
    uint16_t good, lazy, nice, chain;
} level_params;

/* clang-format off */
static const level_params params[10] = {
    {0, 0, 0, 0},        {4, 4, 8, 4},         {4, 5, 16, 8},       {4, 6, 32, 32},
    {4, 4, 16, 16},      {8, 16, 32, 32},      {8, 16, 128, 128},   {8, 32, 128, 256},
    {32, 128, 258, 1024}, {32, 258, 258, 4096}};
/* clang-format on */

/* A length-3 match farther than this costs more than three literals (zlib's TOO_FAR). */
#define TOO_FAR 4096
/* Segment size: positions are 32-bit; the tables are reset between segments. */
#define SEGMENT ((size_t)1 << 30)
/* WF_STRATEGY_IMAGE's hash table (see parse_image): 2^16 entries of 16 bits,
 * in the memory of the head table (2^15 entries of 32 bits). */
#define IMAGE_HASH_BITS 16
#define IMAGE_HASH_SIZE ((size_t)1 << IMAGE_HASH_BITS)
#define HEAD_BYTES (WF_HASH_SIZE * sizeof(uint32_t))
_Static_assert(IMAGE_HASH_SIZE * sizeof(uint16_t) <= HEAD_BYTES, "image hash table fits in the head table");

wf_deflater *wf_deflater_alloc(void)
{
    wf_deflater *c = (wf_deflater *)calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    for (unsigned s = 0; s < 28; s++)
        for (unsigned l = wf_length_base[s]; l < (unsigned)wf_length_base[s] + (1u << wf_length_extra[s]); l++)
            c->len_sym[l - 3] = (uint8_t)s;
    c->len_sym[255] = 28;
    for (unsigned s = 0; s < 30; s++) {
        unsigned lo = wf_dist_base[s], hi = lo + (1u << wf_dist_extra[s]);
        for (unsigned d = lo; d < hi; d++) {
            if (d <= 256)
                c->dist_sym[d - 1] = (uint8_t)s;
            else
                c->dist_sym[256 + ((d - 1) >> 7)] = (uint8_t)s;
        }
    }
    return c;
}

void wf_deflater_free(wf_deflater *c)
{
    if (!c)
        return;
    free(c->head);
    free(c->prev);
    free(c);
}

size_t wf_deflate_bound(size_t n, int format)
{
    /* Every block costs at most its stored size: 5 bytes per stored chunk of
     * <= 65535 bytes; a block (every block but a segment's last has at least
     * WF_BLOCK_SYMBOLS symbols, at least one byte each) may split into one
     * more chunk than its share of n / 65535. */
    size_t chunks = n / WF_DEFLATE_MAX_STORED + n / WF_BLOCK_SYMBOLS + 2;
    size_t framing = format == WF_FORMAT_GZIP ? 18 : format == WF_FORMAT_ZLIB ? 6 : 0;
    return n + 5 * chunks + n / SEGMENT + 8 + framing;
}

/* Positions are hashed on their next 4 bytes, so chains only hold candidates
 * for matches of 4 or more: a length-3 match rarely pays for itself, and the
 * chains get much shorter on image data (2.5x faster at level 6 on photo
 * scanlines, with output within 0.1% of 3-byte hashing). */
#define HASH_BYTES 4

static inline uint32_t hash4(const uint8_t *p) { return (wf_load32le(p) * 0x9E3779B1u) >> (32 - WF_HASH_BITS); }

static inline uint16_t load16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

/* Length of the common prefix of a and b, at most max. */
static inline unsigned match_len(const uint8_t *a, const uint8_t *b, unsigned max)
{
    unsigned len = 0;
    while (len + 8 <= max) {
        uint64_t x = wf_load64le(a + len) ^ wf_load64le(b + len);
        if (x)
            return len + ((unsigned)__builtin_ctzll(x) >> 3);
        len += 8;
    }
    while (len < max && a[len] == b[len])
        len++;
    return len;
}

typedef struct parse_state {
    wf_deflater *c;
    wf_bitwriter *bw;
    const uint8_t *base;   /* segment start: positions are relative to it */
    size_t n;              /* segment length */
    size_t block_start;    /* raw position where the current block starts */
    size_t run_raw;        /* block splitter: raw position where the run being filled starts */
    uint64_t pending_cost; /* block splitter: bits of the pending block as one block */
    int strategy;          /* WF_STRATEGY_DEFAULT or WF_STRATEGY_FILTERED (the others have their own loops) */
} parse_state;

/* Matches this short are dropped under WF_STRATEGY_FILTERED: on filtered
 * image rows (small, noisy values) a short match rarely beats the literals it
 * replaces once the literal code is tuned to them. */
#define FILTERED_MAX_DROP 5

/* Whether a match found at the current position is worth keeping. */
static inline int keep_match(const parse_state *ps, unsigned len, unsigned dist)
{
    if (len < 3)
        return 0;
    if (len == 3 && dist > TOO_FAR)
        return 0;
    if (ps->strategy == WF_STRATEGY_FILTERED && len <= FILTERED_MAX_DROP)
        return 0;
    return 1;
}

/* Inserts position pos (pos + HASH_BYTES <= n) and returns the previous head (0 = none). */
static inline uint32_t insert(wf_deflater *c, const uint8_t *base, uint32_t pos)
{
    uint32_t h = hash4(base + pos);
    uint32_t old = c->head[h];
    uint32_t d = pos + WF_DEFLATE_WINDOW - old;
    c->prev[pos & WF_WINDOW_MASK] = (uint16_t)(old && d <= WF_DEFLATE_WINDOW ? d : 0);
    c->head[h] = pos + WF_DEFLATE_WINDOW;
    return old;
}

/* Best match at pos longer than `best`, searching from the chain entry `cand_v`. */
static inline unsigned longest_match(const wf_deflater *c, const uint8_t *base, uint32_t pos, uint32_t cand_v,
                                     unsigned best, unsigned max_len, unsigned chain, unsigned nice, unsigned *dist_ret)
{
    const uint8_t *cur = base + pos;
    unsigned best_dist = 0;
    if (max_len > WF_DEFLATE_MAX_MATCH)
        max_len = WF_DEFLATE_MAX_MATCH;
    if (nice > max_len)
        nice = max_len;
    if (best >= max_len || !cand_v)
        return 0;
    uint32_t d = pos + WF_DEFLATE_WINDOW - cand_v;
    if (d == 0 || d > WF_DEFLATE_WINDOW)
        return 0;
    unsigned found = 0;
    uint16_t start2 = load16(cur), end2 = load16(cur + best - 1);
    for (;;) {
        const uint8_t *m = cur - d;
        /* Only a match longer than `best` counts: check its last two bytes and its first two first. */
        if (load16(m + best - 1) == end2 && load16(m) == start2) {
            unsigned len = 2 + match_len(m + 2, cur + 2, max_len - 2);
            if (len > best) {
                best = len;
                best_dist = d;
                found = 1;
                if (len >= nice)
                    break;
                end2 = load16(cur + best - 1);
            }
        }
        if (--chain == 0)
            break;
        unsigned step = c->prev[(pos - d) & WF_WINDOW_MASK];
        if (step == 0)
            break;
        d += step;
        if (d > WF_DEFLATE_WINDOW)
            break;
    }
    if (!found)
        return 0;
    *dist_ret = best_dist;
    return best;
}

static inline void emit_literal(parse_state *ps, uint8_t b)
{
    wf_deflater *c = ps->c;
    c->syms[c->nsyms] = b;
    c->nsyms++;
    c->litlen_freq[b]++;
}

static inline void emit_match(parse_state *ps, unsigned len, unsigned dist)
{
    wf_deflater *c = ps->c;
    c->syms[c->nsyms] = (len - 3) | (uint32_t)dist << 8;
    c->nsyms++;
    c->litlen_freq[257 + c->len_sym[len - 3]]++;
    c->dist_freq[wf_dist_symbol(c, dist)]++;
}

/* Ends the block at raw position `end` when the symbol buffer is full. */
static inline void maybe_flush(parse_state *ps, size_t end)
{
    if (ps->c->nsyms >= WF_BLOCK_SYMBOLS) {
        wf_deflate_flush_block(ps->c, ps->bw, ps->base + ps->block_start, end - ps->block_start, 0);
        ps->block_start = end;
    }
}

/* Block splitting (WF_STRATEGY_IMAGE up to level 6): the symbols come in runs
 * of WF_BLOCK_SYMBOLS; when a run is complete (or the segment ends: `last`)
 * it is merged into the pending block if one block for both costs fewer bits
 * than two (each with its own Huffman codes), else the pending block is
 * written and the run becomes the pending block. The pending block is also
 * written once it holds WF_BLOCK_RUNS runs. Every block but a segment's last
 * still has at least WF_BLOCK_SYMBOLS symbols (wf_deflate_bound). */
static void split_flush(parse_state *ps, size_t end, int last)
{
    wf_deflater *c = ps->c;
    unsigned run = c->nsyms - c->run_start;
    if (c->run_start > 0 && run > 0) {
        uint32_t ll[WF_DEFLATE_NUM_LITLEN], d[WF_DEFLATE_NUM_DIST];
        for (unsigned s = 0; s < WF_DEFLATE_NUM_LITLEN; s++)
            ll[s] = c->litlen_freq[s] - c->run_litlen_freq[s];
        for (unsigned s = 0; s < WF_DEFLATE_NUM_DIST; s++)
            d[s] = c->dist_freq[s] - c->run_dist_freq[s];
        uint64_t run_cost = wf_deflate_block_cost(ll, d);
        uint64_t joined = wf_deflate_block_cost(c->litlen_freq, c->dist_freq);
        if (joined > ps->pending_cost + run_cost) {
            /* write the pending block; the run becomes the pending block */
            wf_deflate_write_block(c, ps->bw, ps->base + ps->block_start, ps->run_raw - ps->block_start, c->run_start,
                                   c->run_litlen_freq, c->run_dist_freq, 0);
            memmove(c->syms, c->syms + c->run_start, run * sizeof(c->syms[0]));
            c->nsyms = run;
            memcpy(c->litlen_freq, ll, sizeof(ll));
            memcpy(c->dist_freq, d, sizeof(d));
            ps->block_start = ps->run_raw;
            ps->pending_cost = run_cost;
        } else {
            ps->pending_cost = joined;
        }
    } else if (!last) {
        ps->pending_cost = wf_deflate_block_cost(c->litlen_freq, c->dist_freq);
    }
    if (last)
        return;
    if (c->nsyms + WF_BLOCK_SYMBOLS > WF_BLOCK_SYMBOLS * WF_BLOCK_RUNS) {
        wf_deflate_flush_block(c, ps->bw, ps->base + ps->block_start, end - ps->block_start, 0);
        ps->block_start = end;
        c->run_start = 0;
        ps->run_raw = end;
        return;
    }
    c->run_start = c->nsyms;
    memcpy(c->run_litlen_freq, c->litlen_freq, sizeof(c->run_litlen_freq));
    memcpy(c->run_dist_freq, c->dist_freq, sizeof(c->run_dist_freq));
    ps->run_raw = end;
}

/* WF_STRATEGY_IMAGE: on filtered image rows the matches worth sending are
 * 6 bytes or longer (shorter ones rarely beat the literals they replace), so
 * positions are hashed on their next 6 bytes: nearly every candidate that is
 * not a hash collision then already matches 6 bytes. A position hashes 8
 * bytes of which 6 count, so the last 7 bytes of a segment go out as
 * literals. Up to level 6 (the PNG encoder's efforts 3-6, MSAD filters) a
 * bucket table gives 4 candidates per position (parse_image_bucket_*), the
 * search stops at IMAGE_NICE bytes (on filtered photos longer matches are
 * rare and searching on for them costs time, not bytes), and a block
 * splitter (split_flush) places the block boundaries; levels 7-9 follow
 * hash chains of image_chain[level] steps (parse_image). */
#define IMAGE_MIN_MATCH 6
#define IMAGE_HASH_READ 8
#define IMAGE_NICE 10
static const uint8_t image_chain[10] = {0, 0, 0, 0, 0, 0, 0, 16, 32, 64}; /* levels 7-9 */

/* Hash of the 6 bytes at p, `bits` wide (the image strategy's two tables). */
static inline uint32_t hash6(const uint8_t *p, unsigned bits)
{
    uint64_t v = wf_load64le(p);
    return (uint32_t)(((v << 16) * 0x9E3779B97F4A7C15ull) >> (64 - bits));
}

/* Inserts pos and returns its chain's previous entry in the form the chains
 * use (position + WF_DEFLATE_WINDOW, 0 = none). Head entries are 16 bits, the
 * low bits of the position, which halves the table's cache footprint: an
 * empty entry, or one older than 64 KiB, reads as some earlier position
 * (d <= pos keeps it inside the data), a poor candidate at worst, since every
 * match is verified. Every position before pos has been inserted, so the
 * chain links read from prev[] are always this call's. */
static inline uint32_t insert6(wf_deflater *c, const uint8_t *base, uint32_t pos)
{
    uint16_t *head = (uint16_t *)(void *)c->head;
    uint32_t h = hash6(base + pos, IMAGE_HASH_BITS);
    uint32_t d = (pos - head[h]) & 0xffffu;
    int ok = d != 0 && d <= WF_DEFLATE_WINDOW && d <= pos;
    c->prev[pos & WF_WINDOW_MASK] = (uint16_t)(ok ? d : 0);
    head[h] = (uint16_t)pos;
    return ok ? pos + WF_DEFLATE_WINDOW - d : 0;
}

/* The bucket table of WF_STRATEGY_IMAGE up to level 6 (parse_image_bucket_*):
 * 2^14 buckets keyed by the hash of the next 6 bytes, each one 64-bit word
 * holding the low 16 bits of the 4 latest positions with that hash, newest
 * in the low bits. An insertion is one load, a shift and one store. */
#define BUCKET_BITS 14
#define BUCKET_WAYS 4
typedef uint64_t bucket_t;
_Static_assert(((size_t)1 << BUCKET_BITS) * sizeof(bucket_t) <= HEAD_BYTES, "bucket table fits in the head table");

static inline bucket_t bucket_insert(bucket_t *tab, const uint8_t *base, uint32_t pos)
{
    bucket_t *b = &tab[hash6(base + pos, BUCKET_BITS)];
    bucket_t old = *b;
    *b = (bucket_t)(old << 16 | (pos & 0xffffu));
    return old;
}

/* Ends the run of symbols being filled once it holds WF_BLOCK_SYMBOLS (the
 * bucket parser's maybe_flush()). */
static inline void split_check(parse_state *ps, size_t end)
{
    if (ps->c->nsyms - ps->c->run_start >= WF_BLOCK_SYMBOLS)
        split_flush(ps, end, 0);
}

/* The match finders the parsers below share their steps with. */
enum finder {
    FIND_CHAINS,       /* 3-byte hash chains (insert) */
    FIND_IMAGE_CHAINS, /* 6-byte hash chains (insert6) */
    FIND_IMAGE_BUCKETS /* 6-byte hash buckets (bucket_insert), with the block splitter */
};

/* Inserts the positions from..end-1 that a sent match covers into the
 * finder's table. */
static inline void insert_covered(parse_state *ps, uint32_t from, uint32_t end, enum finder f)
{
    const uint32_t n = (uint32_t)ps->n;
    if (f == FIND_IMAGE_BUCKETS) {
        for (uint32_t q = from; q < end && n - q >= IMAGE_HASH_READ; q++)
            bucket_insert((bucket_t *)(void *)ps->c->head, ps->base, q);
    } else if (f == FIND_IMAGE_CHAINS) {
        for (uint32_t q = from; q < end && n - q >= IMAGE_HASH_READ; q++)
            insert6(ps->c, ps->base, q);
    } else {
        for (uint32_t q = from; q < end && n - q >= HASH_BYTES; q++)
            insert(ps->c, ps->base, q);
    }
}

/* Lazy parsing, one step (parse_lazy, parse_image; parse_image_bucket_lazy
 * has it written out): len/dist is the match found at pos (len 0: none), ls
 * holds the one found at pos - 1. When the held match is at least min_len
 * and no shorter than the new one, it is sent and the positions it covers
 * are inserted into the finder's table; else the held position goes out as
 * a literal and pos's match is held instead. Returns the next position. */
typedef struct lazy_state {
    unsigned prev_len, prev_dist;
    int pending; /* a literal at pos - 1 not yet emitted */
} lazy_state;

static inline uint32_t lazy_step(parse_state *ps, lazy_state *ls, uint32_t pos, unsigned len, unsigned dist,
                                 unsigned min_len, enum finder f)
{
    if (ls->prev_len >= min_len && len <= ls->prev_len) {
        emit_match(ps, ls->prev_len, ls->prev_dist);
        uint32_t end = pos - 1 + ls->prev_len;
        insert_covered(ps, pos + 1, end, f);
        ls->pending = 0;
        ls->prev_len = 0;
        maybe_flush(ps, end);
        return end;
    }
    if (ls->pending) {
        emit_literal(ps, ps->base[pos - 1]);
        maybe_flush(ps, pos);
    }
    ls->pending = 1;
    ls->prev_len = len;
    ls->prev_dist = dist;
    return pos + 1;
}

static void parse_greedy(parse_state *ps, const level_params *lp)
{
    wf_deflater *c = ps->c;
    const uint8_t *base = ps->base;
    const uint32_t n = (uint32_t)ps->n;
    uint32_t pos = 0;
    while (pos < n) {
        unsigned len = 0, dist = 0;
        if (n - pos >= HASH_BYTES) {
            uint32_t cand = insert(c, base, pos);
            len = longest_match(c, base, pos, cand, 2, n - pos, lp->chain, lp->nice, &dist);
            if (!keep_match(ps, len, dist))
                len = 0;
        }
        if (len >= 3) {
            emit_match(ps, len, dist);
            uint32_t end = pos + len;
            if (len <= lp->lazy)
                insert_covered(ps, pos + 1, end, FIND_CHAINS);
            pos = end;
        } else {
            emit_literal(ps, base[pos]);
            pos++;
        }
        maybe_flush(ps, pos);
    }
}

static void parse_lazy(parse_state *ps, const level_params *lp)
{
    wf_deflater *c = ps->c;
    const uint8_t *base = ps->base;
    const uint32_t n = (uint32_t)ps->n;
    uint32_t pos = 0;
    lazy_state ls = {0, 0, 0};
    while (pos < n) {
        unsigned len = 0, dist = 0;
        if (n - pos >= HASH_BYTES) {
            uint32_t cand = insert(c, base, pos);
            const unsigned prev_len = ls.prev_len;
            if (prev_len < lp->lazy) {
                unsigned chain = prev_len >= lp->good ? lp->chain >> 2 : lp->chain;
                if (chain == 0)
                    chain = 1;
                len = longest_match(c, base, pos, cand, prev_len > 2 ? prev_len : 2, n - pos, chain, lp->nice, &dist);
                if (!keep_match(ps, len, dist))
                    len = 0;
            }
        }
        pos = lazy_step(ps, &ls, pos, len, dist, 3, FIND_CHAINS);
    }
    if (ls.pending)
        emit_literal(ps, base[n - 1]);
}

/* WF_STRATEGY_HUFFMAN_ONLY: literals only. */
static void parse_huffman_only(parse_state *ps)
{
    const uint32_t n = (uint32_t)ps->n;
    for (uint32_t pos = 0; pos < n;) {
        emit_literal(ps, ps->base[pos]);
        pos++;
        maybe_flush(ps, pos);
    }
}

/* WF_STRATEGY_RLE: greedy runs of the previous byte (distance 1) only. */
static void parse_rle(parse_state *ps)
{
    const uint8_t *base = ps->base;
    const uint32_t n = (uint32_t)ps->n;
    uint32_t pos = 0;
    while (pos < n) {
        unsigned len = 0;
        if (pos > 0) {
            unsigned max = n - pos < WF_DEFLATE_MAX_MATCH ? n - pos : WF_DEFLATE_MAX_MATCH;
            len = match_len(base + pos - 1, base + pos, max);
        }
        if (len >= 3) {
            emit_match(ps, len, 1);
            pos += len;
        } else {
            emit_literal(ps, base[pos]);
            pos++;
        }
        maybe_flush(ps, pos);
    }
}

/* WF_STRATEGY_IMAGE at levels 7-9: lazy parsing over 6-byte hash chains. */
static void parse_image(parse_state *ps, int level)
{
    wf_deflater *c = ps->c;
    const uint8_t *base = ps->base;
    const uint32_t n = (uint32_t)ps->n;
    const unsigned chain = image_chain[level];
    uint32_t pos = 0;
    lazy_state ls = {0, 0, 0};
    while (pos < n) {
        unsigned len = 0, dist = 0;
        if (n - pos >= IMAGE_HASH_READ) {
            uint32_t cand = insert6(c, base, pos);
            const unsigned prev_len = ls.prev_len;
            if (prev_len < 32) {
                unsigned best = prev_len >= IMAGE_MIN_MATCH ? prev_len : IMAGE_MIN_MATCH - 1;
                len = longest_match(c, base, pos, cand, best, n - pos, prev_len >= 16 ? 1 : chain, WF_DEFLATE_MAX_MATCH,
                                    &dist);
            }
        }
        pos = lazy_step(ps, &ls, pos, len, dist, 1, FIND_IMAGE_CHAINS);
    }
    if (ls.pending)
        emit_literal(ps, base[n - 1]);
}

/* The bucket match finder (WF_STRATEGY_IMAGE up to level 6): a search reads
 * its 4 candidates from the bucket word, with no chain links to follow. The
 * candidates' first 4 bytes are tested first (bucket_match: most positions
 * of a photo have no candidate at all); then the first 8 bytes of
 * every candidate are compared without branches (an XOR and a count of
 * trailing zero bits) and only a candidate that matches 7 or more is
 * extended. As with insert6, a stale 16-bit entry reads as some earlier
 * position inside the data: a poor candidate at worst, as every match is
 * verified. With the block splitter (split_flush) it made the PNG encoder's
 * default 1.5-1.7x faster in Wasm+SIMD on the 25 test photos than 5-step
 * 6-byte hash chains did, with output 0.41% smaller than libpng's default
 * (zlib level 6, Z_FILTERED) in total and smaller on every photo (at most
 * 99.9%).
 *
 * bucket_match_slow: bucket_match past its quick test, out of line (it runs
 * at a few positions only; the quick test is inlined into the parsers).
 * Best match (len >= IMAGE_MIN_MATCH) at pos among the candidates of bucket
 * word `cands`; returns length | distance << 16 (0: none). n - pos >= 8. */
static __attribute__((noinline)) uint32_t bucket_match_slow(const uint8_t *base, uint32_t pos, uint32_t n,
                                                            bucket_t cands, unsigned nice)
{
    const uint8_t *cur = base + pos;
    const uint64_t here = wf_load64le(cur);
    const uint32_t lim = pos < WF_DEFLATE_WINDOW ? pos : WF_DEFLATE_WINDOW;
    unsigned len7[BUCKET_WAYS], dist[BUCKET_WAYS], best7 = 0;
    for (unsigned k = 0; k < BUCKET_WAYS; k++) {
        uint32_t d = (pos - (uint32_t)(cands >> (16 * k))) & 0xffffu;
        uint32_t ok = 0u - (uint32_t)(d - 1u < lim); /* all ones when 1 <= d <= lim */
        d &= ok;
        uint64_t x = (wf_load64le(cur - d) ^ here) | 0x8000000000000000ull;
        unsigned l = ((unsigned)__builtin_ctzll(x) >> 3) & ok; /* 0..7: 7 means 7 or 8 bytes */
        len7[k] = l;
        dist[k] = d;
        best7 = l > best7 ? l : best7;
    }
    if (best7 < IMAGE_MIN_MATCH)
        return 0;
    unsigned max_len = n - pos < WF_DEFLATE_MAX_MATCH ? n - pos : WF_DEFLATE_MAX_MATCH;
    unsigned best = 0, best_dist = 0;
    for (unsigned k = 0; k < BUCKET_WAYS; k++) {
        unsigned l = len7[k];
        if (l < best7)
            continue;
        if (l == 7)
            l = 7 + match_len(cur - dist[k] + 7, cur + 7, max_len - 7);
        if (l > best) {
            best = l;
            best_dist = dist[k];
            if (l >= nice)
                break;
        }
    }
    return best | best_dist << 16;
}

/* Best match (len >= IMAGE_MIN_MATCH) at pos among the candidates of bucket
 * word `cands`; returns its length (0: none) and its distance in *dist_ret
 * (left alone when 0). n - pos >= 8. */
static inline __attribute__((always_inline)) unsigned bucket_match(const uint8_t *base, uint32_t pos, uint32_t n,
                                                                   bucket_t cands, unsigned nice, unsigned *dist_ret)
{
    /* Quick test on the first 4 bytes: most positions of a photo have no
     * candidate at all. Every distance read here stays inside the data:
     * past the first 64 KiB any 16-bit one does, and before it every entry
     * is an earlier position (or 0, an empty entry). A candidate that fails
     * it cannot give a match of IMAGE_MIN_MATCH, so the result is the same
     * as without it. */
    const uint8_t *cur = base + pos;
    const uint32_t h32 = wf_load32le(cur);
    unsigned any = 0;
    for (unsigned k = 0; k < BUCKET_WAYS; k++)
        any |= wf_load32le(cur - ((pos - (uint32_t)(cands >> (16 * k))) & 0xffffu)) == h32;
    if (!any)
        return 0;
    uint32_t r = bucket_match_slow(base, pos, n, cands, nice);
    *dist_ret = r >> 16;
    return r & 0xffffu;
}

/* WF_STRATEGY_IMAGE at levels 4-6 (the PNG encoder's efforts 4-6): lazy
 * parsing over the bucket match finder, with the block splitter. The steps
 * are those of lazy_step (min_len 1), emit_literal, emit_match and
 * split_check, written out with the symbol count and the lazy state in
 * locals: through the pointers, Wasm reloaded and stored the context's
 * fields at every position (1.1x faster PNG default encode in Wasm+SIMD,
 * same output). */
static void parse_image_bucket_lazy(parse_state *ps)
{
    wf_deflater *c = ps->c;
    bucket_t *tab = (bucket_t *)(void *)c->head;
    const uint8_t *base = ps->base;
    const uint32_t n = (uint32_t)ps->n;
    uint32_t *const syms = c->syms;
    uint32_t *const llf = c->litlen_freq;
    uint32_t pos = 0;
    unsigned prev_len = 0, prev_dist = 0, pending = 0;
    unsigned nsyms = c->nsyms;
    unsigned run_end = c->run_start + WF_BLOCK_SYMBOLS; /* split_check's bound */
    while (pos < n) {
        unsigned len = 0, dist = 0;
        if (n - pos >= IMAGE_HASH_READ) {
            bucket_t cands = bucket_insert(tab, base, pos);
            if (prev_len < 32)
                len = bucket_match(base, pos, n, cands, IMAGE_NICE, &dist);
        }
        if (prev_len != 0 && len <= prev_len) {
            /* send the held match */
            syms[nsyms] = (prev_len - 3) | prev_dist << 8;
            nsyms++;
            llf[257 + c->len_sym[prev_len - 3]]++;
            c->dist_freq[wf_dist_symbol(c, prev_dist)]++;
            uint32_t end = pos - 1 + prev_len;
            for (uint32_t q = pos + 1; q < end && n - q >= IMAGE_HASH_READ; q++)
                bucket_insert(tab, base, q);
            pending = 0;
            prev_len = 0;
            pos = end;
            if (nsyms >= run_end) {
                c->nsyms = nsyms;
                split_flush(ps, end, 0);
                nsyms = c->nsyms;
                run_end = c->run_start + WF_BLOCK_SYMBOLS;
            }
            continue;
        }
        if (pending) {
            uint8_t b = base[pos - 1];
            syms[nsyms] = b;
            nsyms++;
            llf[b]++;
            if (nsyms >= run_end) {
                c->nsyms = nsyms;
                split_flush(ps, pos, 0);
                nsyms = c->nsyms;
                run_end = c->run_start + WF_BLOCK_SYMBOLS;
            }
        }
        pending = 1;
        prev_len = len;
        prev_dist = dist;
        pos++;
    }
    if (pending) {
        uint8_t b = base[n - 1];
        syms[nsyms] = b;
        nsyms++;
        llf[b]++;
    }
    c->nsyms = nsyms;
    split_flush(ps, n, 1);
}

/* WF_STRATEGY_IMAGE up to level 3: the bucket match finder, greedy parsing
 * and the block splitter (levels 4-6: parse_image_bucket_lazy). */
static void parse_image_bucket_greedy(parse_state *ps)
{
    bucket_t *tab = (bucket_t *)(void *)ps->c->head;
    const uint8_t *base = ps->base;
    const uint32_t n = (uint32_t)ps->n;
    uint32_t pos = 0;
    while (pos < n) {
        unsigned len = 0, dist = 0;
        if (n - pos >= IMAGE_HASH_READ) {
            bucket_t cands = bucket_insert(tab, base, pos);
            len = bucket_match(base, pos, n, cands, IMAGE_NICE, &dist);
        }
        if (len) {
            emit_match(ps, len, dist);
            insert_covered(ps, pos + 1, pos + len, FIND_IMAGE_BUCKETS);
            pos += len;
        } else {
            emit_literal(ps, base[pos]);
            pos++;
        }
        split_check(ps, pos);
    }
    split_flush(ps, n, 1);
}

static wf_status compress_raw(wf_deflater *c, int level, int strategy, const uint8_t *in, size_t n, wf_bitwriter *bw)
{
    if (level == 0) {
        wf_deflate_write_stored(bw, in, n, 1);
        return WF_OK;
    }
    c->nsyms = 0;
    memset(c->litlen_freq, 0, sizeof(c->litlen_freq));
    memset(c->dist_freq, 0, sizeof(c->dist_freq));
    if (n == 0) {
        wf_deflate_flush_block(c, bw, in, 0, 1);
        return WF_OK;
    }
    /* HUFFMAN_ONLY and RLE find no matches through the hash tables. */
    const int hashed = strategy != WF_STRATEGY_HUFFMAN_ONLY && strategy != WF_STRATEGY_RLE;
    if (hashed && !c->head) {
        c->head = (uint32_t *)malloc(HEAD_BYTES);
        c->prev = (uint16_t *)malloc(WF_DEFLATE_WINDOW * sizeof(uint16_t));
        if (!c->head || !c->prev) {
            free(c->head);
            free(c->prev);
            c->head = NULL;
            c->prev = NULL;
            return WF_ERR_OUT_OF_MEMORY;
        }
    }
    const level_params *lp = &params[level];
    for (size_t off = 0; off < n; off += SEGMENT) {
        parse_state ps;
        ps.c = c;
        ps.bw = bw;
        ps.base = in + off;
        ps.n = n - off < SEGMENT ? n - off : SEGMENT;
        ps.block_start = 0;
        ps.run_raw = 0;
        c->run_start = 0; /* the block splitter's run starts with the segment */
        ps.strategy = strategy;
        if (hashed)
            memset(c->head, 0, HEAD_BYTES);
        if (strategy == WF_STRATEGY_RLE)
            parse_rle(&ps);
        else if (strategy == WF_STRATEGY_HUFFMAN_ONLY)
            parse_huffman_only(&ps);
        else if (strategy == WF_STRATEGY_IMAGE && level >= 4 && level <= 6)
            parse_image_bucket_lazy(&ps);
        else if (strategy == WF_STRATEGY_IMAGE && level <= 6)
            parse_image_bucket_greedy(&ps);
        else if (strategy == WF_STRATEGY_IMAGE)
            parse_image(&ps, level);
        else if (level <= 3)
            parse_greedy(&ps, lp);
        else
            parse_lazy(&ps, lp);
        int final = off + ps.n == n;
        wf_deflate_flush_block(c, bw, ps.base + ps.block_start, ps.n - ps.block_start, final);
        if (bw->overflow)
            return WF_ERR_BUFFER_TOO_SMALL;
    }
    return WF_OK;
}

wf_status wf_deflate(wf_deflater *c, int format, int level, const uint8_t *in, size_t in_nbytes, uint8_t *out,
                     size_t out_nbytes_avail, size_t *out_nbytes_ret)
{
    return wf_deflate_ex(c, format, level, WF_STRATEGY_DEFAULT, in, in_nbytes, out, out_nbytes_avail, out_nbytes_ret);
}

wf_status wf_deflate_ex(wf_deflater *c, int format, int level, int strategy, const uint8_t *in, size_t in_nbytes,
                        uint8_t *out, size_t out_nbytes_avail, size_t *out_nbytes_ret)
{
    static const uint8_t empty = 0;
    if (out_nbytes_ret)
        *out_nbytes_ret = 0;
    if (!c || !out || (!in && in_nbytes) || level < 0 || level > 9 || strategy < WF_STRATEGY_DEFAULT ||
        strategy > WF_STRATEGY_IMAGE ||
        (format != WF_FORMAT_RAW && format != WF_FORMAT_ZLIB && format != WF_FORMAT_GZIP))
        return WF_ERR_INVALID_ARGUMENT;
    if (!in)
        in = &empty;
    wf_bitwriter bw;
    bw.start = out;
    bw.p = out;
    bw.end = out + out_nbytes_avail;
    bw.acc = 0;
    bw.cnt = 0;
    bw.overflow = 0;
    size_t head = format == WF_FORMAT_ZLIB ? 2 : format == WF_FORMAT_GZIP ? 10 : 0;
    size_t tail = format == WF_FORMAT_ZLIB ? 4 : format == WF_FORMAT_GZIP ? 8 : 0;
    if (out_nbytes_avail < head + tail)
        return WF_ERR_BUFFER_TOO_SMALL;
    bw.end -= tail;
    if (format == WF_FORMAT_ZLIB) {
        unsigned flevel = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
        unsigned cmf = 0x78, flg = flevel << 6;
        flg += 31 - (cmf * 256 + flg) % 31;
        out[0] = (uint8_t)cmf;
        out[1] = (uint8_t)flg;
    } else if (format == WF_FORMAT_GZIP) {
        static const uint8_t gz[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255};
        memcpy(out, gz, 10);
        out[8] = (uint8_t)(level == 9 ? 2 : level == 1 ? 4 : 0);
    }
    bw.p += head;
    wf_status st = compress_raw(c, level, strategy, in, in_nbytes, &bw);
    if (st)
        return st;
    wf_bw_align(&bw);
    if (bw.overflow)
        return WF_ERR_BUFFER_TOO_SMALL;
    uint8_t *p = bw.p;
    if (format == WF_FORMAT_ZLIB) {
        uint32_t a = wf_adler32(1, in, in_nbytes);
        p[0] = (uint8_t)(a >> 24);
        p[1] = (uint8_t)(a >> 16);
        p[2] = (uint8_t)(a >> 8);
        p[3] = (uint8_t)a;
    } else if (format == WF_FORMAT_GZIP) {
        uint32_t crc = wf_crc32(0, in, in_nbytes);
        uint32_t isz = (uint32_t)in_nbytes;
        for (int i = 0; i < 4; i++) {
            p[i] = (uint8_t)(crc >> (8 * i));
            p[4 + i] = (uint8_t)(isz >> (8 * i));
        }
    }
    p += tail;
    if (out_nbytes_ret)
        *out_nbytes_ret = (size_t)(p - out);
    return WF_OK;
}
