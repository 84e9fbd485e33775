/* SPDX-License-Identifier: MIT
 *
 * strength.c: weakened play (see strength.h).
 *
 * A level L (0-20, in tenths inside) sets, for L < 20:
 *   depth limit   1 + L/2                   (1 at level 0, 10 at level 19)
 *   node limit    200 * 2^(0.4 L)           (200 at level 0, 3200 at 10, ~40k at 19)
 *   candidates    2 + (200 - L*10) / 25     (10 at level 0, 6 at 10, 2 at 19)
 *   bonus         0 .. (200 - L*10) * 1.5 cp (300 cp at level 0, 150 at 10)
 * so a low level sees little and often prefers a worse move, and every step
 * up sees more and errs less. UCI_Elo maps to a level by the table below,
 * from matches against Debian's Stockfish 15.1 at its own UCI_Elo
 * (docs/api/chess.md, perf/match.mjs).
 */
#include "strength.h"

/* UCI_Elo at levels 0, 5, 10, 15 and 20 (piecewise linear in between), from
 * perf/levels.mjs on 2026-12-07 (native build, 100 ms per move, 20-40 games
 * per match): levels 10, 15 and 20 against Stockfish 15.1 at UCI_Elo 1350,
 * 1800 and 2000 (1510, 1835, 2017); levels 0-8 by a chain of matches
 * against the level two above (Stockfish's scale ends at 1350), so their
 * figures are extrapolations with wide intervals. */
static const int elo_at_level[5] = {150, 830, 1510, 1840, 2020};

void wf_strength_defaults(wf_strength *st)
{
    st->skill = WF_SKILL_MAX;
    st->limit = 0;
    st->elo = WF_ELO_MAX;
    st->seed = 0;
}

int wf_strength_level10(const wf_strength *st)
{
    if (!st->limit) {
        int s = st->skill < 0 ? 0 : st->skill > WF_SKILL_MAX ? WF_SKILL_MAX : st->skill;
        return s * 10;
    }
    int elo = st->elo;
    if (elo <= elo_at_level[0])
        return 0;
    for (int i = 0; i < 4; i++) {
        int lo = elo_at_level[i], hi = elo_at_level[i + 1];
        if (elo < hi)
            return i * 50 + (elo - lo) * 50 / (hi - lo);
    }
    return 200;
}

wf_strength_plan wf_strength_plan_for(const wf_strength *st)
{
    wf_strength_plan p = {0, 0, 0, 0, 0};
    int l = wf_strength_level10(st);
    if (l >= 200)
        return p;
    p.active = 1;
    p.depth_limit = 1 + l / 20;
    uint64_t base = (uint64_t)200 << (l / 25);
    p.nodes_limit = base + base * (uint64_t)(l % 25) / 25;
    p.candidates = 2 + (200 - l) / 25;
    p.noise_cp = (200 - l) * 3 / 2;
    return p;
}

/* splitmix64: a small, well-mixed generator; the state is local to the call. */
static uint64_t next_random(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int wf_strength_pick(const wf_strength *st, const wf_strength_plan *plan, uint64_t key,
                     const int *scores, int n)
{
    if (!plan->active || n <= 1)
        return 0;
    if (n > plan->candidates)
        n = plan->candidates;
    uint64_t x = key ^ ((uint64_t)st->seed * 0xD1B54A32D192ED03ULL);
    int best = 0;
    long long best_value = 0;
    for (int i = 0; i < n; i++) {
        long long v = scores[i];
        v += (long long)(next_random(&x) % (uint64_t)(plan->noise_cp + 1));
        if (i == 0 || v > best_value) {
            best = i;
            best_value = v;
        }
    }
    return best;
}
