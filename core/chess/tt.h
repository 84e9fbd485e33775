/* SPDX-License-Identifier: MIT
 *
 * tt.h: the transposition table. Buckets of four 16-byte slots (one 64-byte
 * line); the index comes from the low 32 bits of the Zobrist key. A slot is
 * two 64-bit words: the packed entry (data) and key ^ data (check). A probe
 * copies both words and accepts the slot only when check ^ data gives the
 * key back, so a slot that another search thread was writing at the same
 * time (a torn read of a half-old, half-new slot) is simply a miss: the
 * table needs no locks when several threads share it (Lazy SMP).
 * Replacement: same key, else the shallowest entry of an older generation,
 * else the shallowest entry.
 *
 * Sharing: a table is owned by one engine; other engines (helper threads of
 * the native host) may point their wf_tt at it with wf_tt_share(). Only the
 * owner resizes, clears and frees it, and only while no search runs.
 */
#ifndef WF_CHESS_TT_H
#define WF_CHESS_TT_H
#include <stddef.h>
#include <stdint.h>
#include "move.h"

enum { WF_BOUND_NONE = 0, WF_BOUND_UPPER = 1, WF_BOUND_LOWER = 2, WF_BOUND_EXACT = 3 };

/* A probed entry (a copy, decoded from its slot). */
typedef struct wf_tt_entry {
    wf_move move;
    int16_t score;
    int16_t eval;
    uint8_t depth;
    uint8_t gen_bound; /* generation << 2 | bound */
} wf_tt_entry;

typedef struct wf_tt_slot {
    uint64_t check; /* key ^ data */
    uint64_t data;  /* move | score << 16 | eval << 32 | depth << 48 | gen_bound << 56 */
} wf_tt_slot;

typedef struct wf_tt_bucket {
    wf_tt_slot e[4];
} wf_tt_bucket;

typedef struct wf_tt {
    wf_tt_bucket *buckets;
    uint32_t nbuckets;
    uint8_t gen;
    const struct wf_tt *owner; /* the table this one shares, or NULL when it owns its buckets */
} wf_tt;

/* (Re)allocates the table to mb megabytes (1..1024). Returns 0, or -1 when
 * that much memory is not available: the table is then 1 MB (or, if even
 * that fails, empty: probes miss and stores are dropped). A shared table
 * first stops sharing. */
int wf_tt_resize(wf_tt *tt, unsigned mb);
void wf_tt_free(wf_tt *tt);
/* Empties the table (a shared one: does nothing, the owner clears it). */
void wf_tt_clear(wf_tt *tt);
/* tt (its own buckets freed) uses owner's buckets from now on. */
void wf_tt_share(wf_tt *tt, const wf_tt *owner);
/* At the start of a search: a new generation; a shared table takes its
 * owner's buckets and generation (the owner's search starts first). */
void wf_tt_new_search(wf_tt *tt);
/* Copies the entry for key into *out and returns 1, or returns 0. */
int wf_tt_probe(const wf_tt *tt, uint64_t key, wf_tt_entry *out);
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
