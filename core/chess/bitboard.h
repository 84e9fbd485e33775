/* SPDX-License-Identifier: MIT
 *
 * bitboard.h: attack tables (leapers by lookup, sliders by "fancy" magic
 * bitboards whose magic factors are found at start-up by a deterministic
 * pseudo-random search), plus between/line tables.
 *
 * The tables are process-wide constants once built: wf_chess_tables_init()
 * builds them on its first call and does nothing afterwards (it is called
 * from wf_chess_engine_alloc). Nothing else in the core writes them.
 */
#ifndef WF_CHESS_BITBOARD_H
#define WF_CHESS_BITBOARD_H
#include "types.h"

typedef struct wf_magic {
    wf_bb mask;
    wf_bb magic;
    wf_bb *attacks;
    unsigned shift;
} wf_magic;

typedef struct wf_chess_tables {
    wf_bb pawn_attacks[2][64];
    wf_bb knight[64];
    wf_bb king[64];
    wf_bb between[64][64]; /* squares strictly between a and b on a line, else 0 */
    wf_bb line[64][64];    /* the whole line through a and b, else 0 */
    wf_bb bishop_rays[64]; /* bishop and rook attacks from a square on an empty board */
    wf_bb rook_rays[64];
    wf_magic bishop[64];
    wf_magic rook[64];
    wf_bb slider_table[5248 + 102400];
    /* Zobrist keys */
    uint64_t z_piece[16][64];
    uint64_t z_castle[16];
    uint64_t z_ep[8];
    uint64_t z_side;
    int ready;
} wf_chess_tables;

extern wf_chess_tables wf_chess_t;

/* Builds the tables once; returns 0, or -1 when out of memory (then it may be
 * called again). Idempotent. The first call must not race with another. */
int wf_chess_tables_init(void);

static inline wf_bb wf_bishop_attacks(int sq, wf_bb occ)
{
    const wf_magic *m = &wf_chess_t.bishop[sq];
    return m->attacks[((occ & m->mask) * m->magic) >> m->shift];
}
static inline wf_bb wf_rook_attacks(int sq, wf_bb occ)
{
    const wf_magic *m = &wf_chess_t.rook[sq];
    return m->attacks[((occ & m->mask) * m->magic) >> m->shift];
}
static inline wf_bb wf_queen_attacks(int sq, wf_bb occ)
{
    return wf_bishop_attacks(sq, occ) | wf_rook_attacks(sq, occ);
}

#endif
