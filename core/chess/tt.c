/* SPDX-License-Identifier: MIT
 *
 * tt.c: the transposition table (see tt.h).
 */
#include "tt.h"
#include <stdlib.h>
#include <string.h>

int wf_tt_resize(wf_tt *tt, unsigned mb)
{
    if (tt->owner) {
        tt->owner = NULL;
        tt->buckets = NULL;
        tt->nbuckets = 0;
    }
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
    if (!tt->owner)
        free(tt->buckets);
    tt->owner = NULL;
    tt->buckets = NULL;
    tt->nbuckets = 0;
}

void wf_tt_clear(wf_tt *tt)
{
    if (tt->owner)
        return;
    if (tt->buckets)
        memset(tt->buckets, 0, (size_t)tt->nbuckets * sizeof(wf_tt_bucket));
    tt->gen = 0;
}

void wf_tt_share(wf_tt *tt, const wf_tt *owner)
{
    wf_tt_free(tt);
    tt->owner = owner;
    tt->buckets = owner->buckets;
    tt->nbuckets = owner->nbuckets;
    tt->gen = owner->gen;
}

void wf_tt_new_search(wf_tt *tt)
{
    if (tt->owner) {
        tt->buckets = tt->owner->buckets;
        tt->nbuckets = tt->owner->nbuckets;
        tt->gen = tt->owner->gen;
    } else {
        tt->gen = (uint8_t)((tt->gen + 1) & 63);
    }
}

static inline wf_tt_bucket *bucket_of(const wf_tt *tt, uint64_t key)
{
    return &tt->buckets[((uint64_t)(uint32_t)key * tt->nbuckets) >> 32];
}

static inline void unpack(uint64_t d, wf_tt_entry *e)
{
    e->move = (wf_move)(d & 0xffff);
    e->score = (int16_t)(uint16_t)(d >> 16);
    e->eval = (int16_t)(uint16_t)(d >> 32);
    e->depth = (uint8_t)(d >> 48);
    e->gen_bound = (uint8_t)(d >> 56);
}

int wf_tt_probe(const wf_tt *tt, uint64_t key, wf_tt_entry *out)
{
    if (!tt->nbuckets)
        return 0;
    const wf_tt_bucket *b = bucket_of(tt, key);
    for (int i = 0; i < 4; i++) {
        uint64_t d = b->e[i].data, c = b->e[i].check;
        if ((c ^ d) == key && ((d >> 56) & 3)) {
            unpack(d, out);
            return 1;
        }
    }
    return 0;
}

void wf_tt_store(wf_tt *tt, uint64_t key, wf_move m, int score, int eval, int depth, int bound)
{
    if (!tt->nbuckets)
        return;
    wf_tt_bucket *b = bucket_of(tt, key);
    wf_tt_slot *r = NULL;
    wf_tt_entry old = {0, 0, 0, 0, 0};
    int same = 0;
    int best = 1 << 30;
    for (int i = 0; i < 4; i++) {
        uint64_t d = b->e[i].data, c = b->e[i].check;
        wf_tt_entry x;
        unpack(d, &x);
        if (!(x.gen_bound & 3)) {
            r = &b->e[i];
            break;
        }
        if ((c ^ d) == key) {
            r = &b->e[i];
            old = x;
            same = 1;
            break;
        }
        int age = (uint8_t)(tt->gen - (x.gen_bound >> 2)) & 63;
        int v = x.depth - 8 * age;
        if (v < best) {
            best = v;
            r = &b->e[i];
        }
    }
    if (depth < 0)
        depth = 0;
    if (same) {
        /* keep a deeper exact result of this generation unless the new one is exact */
        if (m == WF_NO_MOVE)
            m = old.move;
        if (bound != WF_BOUND_EXACT && depth + 3 < old.depth && (old.gen_bound >> 2) == (tt->gen & 63))
            return;
    }
    uint64_t d = (uint64_t)m | (uint64_t)(uint16_t)(int16_t)score << 16 | (uint64_t)(uint16_t)(int16_t)eval << 32 |
                 (uint64_t)(depth > 255 ? 255 : depth) << 48 | (uint64_t)(((tt->gen & 63) << 2) | bound) << 56;
    r->data = d;
    r->check = key ^ d;
}

int wf_tt_hashfull(const wf_tt *tt)
{
    int used = 0, n = 0;
    for (uint32_t i = 0; i < tt->nbuckets && n < 1000; i++) {
        for (int j = 0; j < 4 && n < 1000; j++, n++) {
            uint8_t gb = (uint8_t)(tt->buckets[i].e[j].data >> 56);
            if ((gb & 3) && (gb >> 2) == (tt->gen & 63))
                used++;
        }
    }
    return n ? used * 1000 / n : 0;
}
