/* SPDX-License-Identifier: MIT
 *
 * strength.h: playing strength below the engine's best, for people to play
 * against: UCI 'Skill Level' (0-20, 20 = full strength) or 'UCI_LimitStrength'
 * with 'UCI_Elo'. A weakened search is an ordinary search with a small depth
 * and node cap that keeps several candidate lines (an internal MultiPV) and
 * then picks one of them, adding a bounded, deterministic random bonus to
 * each candidate's score. The bonus comes from 'Skill Seed' and the position,
 * so one seed and one position always give the same move, on every backend.
 * At full strength nothing here touches the search.
 */
#ifndef WF_CHESS_STRENGTH_H
#define WF_CHESS_STRENGTH_H
#include <stdint.h>

#define WF_STR_(x) #x
#define WF_STR(x) WF_STR_(x) /* a number macro as a string literal */

#define WF_SKILL_MAX 20
#define WF_ELO_MIN 400
#define WF_ELO_MAX 2000
#define WF_SEED_MAX 2147483647

typedef struct wf_strength {
    int skill;     /* 'Skill Level', 0..20 */
    int limit;     /* 'UCI_LimitStrength': UCI_Elo decides instead of skill */
    int elo;       /* 'UCI_Elo', WF_ELO_MIN..WF_ELO_MAX */
    uint32_t seed; /* 'Skill Seed' */
} wf_strength;

/* What a weakened search does. */
typedef struct wf_strength_plan {
    int active;        /* 0: full strength, the rest is unused */
    int depth_limit;   /* at most this deep */
    uint64_t nodes_limit;
    int candidates;    /* root lines kept to choose from (internal MultiPV) */
    int noise_cp;      /* bonus of each candidate: 0..noise_cp centipawns */
} wf_strength_plan;

void wf_strength_defaults(wf_strength *st);

/* The level in tenths, 0..200 (200 = full strength). */
int wf_strength_level10(const wf_strength *st);

wf_strength_plan wf_strength_plan_for(const wf_strength *st);

/* Picks one of n candidates (scores from the side to move, best first) for
 * the position with Zobrist key `key`; returns its index. */
int wf_strength_pick(const wf_strength *st, const wf_strength_plan *plan, uint64_t key,
                     const int *scores, int n);

#endif
