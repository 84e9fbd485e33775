/* SPDX-License-Identifier: MIT
 *
 * tt.c: the transposition table (see tt.h).
 */
#include "tt.h"
#include <stdlib.h>
#include <string.h>

int wf_tt_resize(wf_tt *tt, unsigned mb)
{
    if (mb < 1)
        mb = 1;
    if (mb > 1024)
        mb = 1024;
    size_t n = ((size_t)mb << 20) / sizeof(wf_tt_bucket);
    int status = 0;
    wf_tt_bucket *nb = malloc(n * sizeof(wf_tt_bucket));
    if (!nb && tt->buckets) {
        /* maybe it fits once the old table is gone */
        free(tt->buckets);
        tt->buckets = NULL;
        tt->nbuckets = 0;
        nb = malloc(n * sizeof(wf_tt_bucket));
    }
    if (!nb) {
        /* fall back to 1 MB; with no table at all the search still works, slowly */
        status = -1;
        n = ((size_t)1 << 20) / sizeof(wf_tt_bucket);
        nb = malloc(n * sizeof(wf_tt_bucket));
        if (!nb)
            n = 0;
    }
    free(tt->buckets);
    tt->buckets = nb;
    tt->nbuckets = (uint32_t)n;
    wf_tt_clear(tt);
    return status;
}

void wf_tt_free(wf_tt *tt)
{
    free(tt->buckets);
    tt->buckets = NULL;
    tt->nbuckets = 0;
}

void wf_tt_clear(wf_tt *tt)
{
    if (tt->buckets)
        memset(tt->buckets, 0, (size_t)tt->nbuckets * sizeof(wf_tt_bucket));
    tt->gen = 0;
}

static inline wf_tt_bucket *bucket_of(const wf_tt *tt, uint64_t key)
{
    return &tt->buckets[((uint64_t)(uint32_t)key * tt->nbuckets) >> 32];
}

wf_tt_entry *wf_tt_probe(wf_tt *tt, uint64_t key)
{
    if (!tt->nbuckets)
        return NULL;
    wf_tt_bucket *b = bucket_of(tt, key);
    uint32_t k = (uint32_t)(key >> 32);
    for (int i = 0; i < 4; i++)
        if (b->e[i].key == k && (b->e[i].gen_bound & 3))
            return &b->e[i];
    return NULL;
}

void wf_tt_store(wf_tt *tt, uint64_t key, wf_move m, int score, int eval, int depth, int bound)
{
    if (!tt->nbuckets)
        return;
    wf_tt_bucket *b = bucket_of(tt, key);
    uint32_t k = (uint32_t)(key >> 32);
    wf_tt_entry *r = NULL;
    int best = 1 << 30;
    for (int i = 0; i < 4; i++) {
        wf_tt_entry *e = &b->e[i];
        if (e->key == k || !(e->gen_bound & 3)) {
            r = e;
            break;
        }
        int age = (uint8_t)(tt->gen - (e->gen_bound >> 2)) & 63;
        int v = e->depth - 8 * age;
        if (v < best) {
            best = v;
            r = e;
        }
    }
    if (depth < 0)
        depth = 0;
    if (r->key == k && (r->gen_bound & 3)) {
        /* keep a deeper exact result of this generation unless the new one is exact */
        if (m == WF_NO_MOVE)
            m = r->move;
        if (bound != WF_BOUND_EXACT && depth + 3 < r->depth && (r->gen_bound >> 2) == (tt->gen & 63))
            return;
    }
    r->key = k;
    r->move = m;
    r->score = (int16_t)score;
    r->eval = (int16_t)eval;
    r->depth = (uint8_t)(depth > 255 ? 255 : depth);
    r->gen_bound = (uint8_t)(((tt->gen & 63) << 2) | bound);
}

int wf_tt_hashfull(const wf_tt *tt)
{
    int used = 0, n = 0;
    for (uint32_t i = 0; i < tt->nbuckets && n < 1000; i++) {
        for (int j = 0; j < 4 && n < 1000; j++, n++) {
            const wf_tt_entry *e = &tt->buckets[i].e[j];
            if ((e->gen_bound & 3) && (e->gen_bound >> 2) == (tt->gen & 63))
                used++;
        }
    }
    return n ? used * 1000 / n : 0;
}
