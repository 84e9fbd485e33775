/* SPDX-License-Identifier: MIT
 *
 * tt.h: the transposition table. Buckets of four 12-byte entries (one
 * 64-byte line with padding); the index comes from the low 32 bits of the
 * Zobrist key, and the high 32 bits are kept to verify hits. Replacement:
 * same key, else the shallowest entry of an older generation, else the
 * shallowest entry.
 */
#ifndef WF_CHESS_TT_H
#define WF_CHESS_TT_H
#include <stddef.h>
#include <stdint.h>
#include "move.h"

enum { WF_BOUND_NONE = 0, WF_BOUND_UPPER = 1, WF_BOUND_LOWER = 2, WF_BOUND_EXACT = 3 };

typedef struct wf_tt_entry {
    uint32_t key;
    wf_move move;
    int16_t score;
    int16_t eval;
    uint8_t depth;
    uint8_t gen_bound; /* generation << 2 | bound */
} wf_tt_entry;

typedef struct wf_tt_bucket {
    wf_tt_entry e[4];
    uint8_t pad[16];
} wf_tt_bucket;

typedef struct wf_tt {
    wf_tt_bucket *buckets;
    uint32_t nbuckets;
    uint8_t gen;
} wf_tt;

/* (Re)allocates the table to mb megabytes (1..1024). Returns 0, or -1 when
 * that much memory is not available: the table is then 1 MB (or, if even
 * that fails, empty: probes miss and stores are dropped). */
int wf_tt_resize(wf_tt *tt, unsigned mb);
void wf_tt_free(wf_tt *tt);
void wf_tt_clear(wf_tt *tt);
/* Returns the entry for key or NULL. */
wf_tt_entry *wf_tt_probe(wf_tt *tt, uint64_t key);
void wf_tt_store(wf_tt *tt, uint64_t key, wf_move m, int score, int eval, int depth, int bound);
/* Starts loading the bucket of key into the cache. */
static inline void wf_tt_prefetch(const wf_tt *tt, uint64_t key)
{
#if defined(__GNUC__) || defined(__clang__)
    if (tt->nbuckets)
        __builtin_prefetch(&tt->buckets[((uint64_t)(uint32_t)key * tt->nbuckets) >> 32]);
#else
    (void)tt;
    (void)key;
#endif
}
/* Permille of the first 1000 entries used in the current generation. */
int wf_tt_hashfull(const wf_tt *tt);

#endif
