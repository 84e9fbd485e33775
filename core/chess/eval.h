/* SPDX-License-Identifier: MIT
 *
 * eval.h: static evaluation (tapered middle-game/end-game): material and
 * piece-square tables (the published PeSTO values), mobility, pawn structure
 * (passed, isolated, doubled, backward), king safety (pawn shield and attacks
 * on the king zone), bishop pair, rooks on open and semi-open files, threats
 * (pieces attacked by pawns, pieces attacked and not defended), tempo.
 */
#ifndef WF_CHESS_EVAL_H
#define WF_CHESS_EVAL_H
#include "board.h"

/* A cache of the pawn-structure terms, keyed by wf_board.pawn_key. It only
 * saves time: the evaluation is the same with or without it. */
typedef struct wf_pawn_entry {
    uint64_t key;
    wf_bb passed;
    int16_t mg, eg; /* White minus Black */
    int32_t valid;
} wf_pawn_entry;
#define WF_PAWN_TABLE_SIZE 8192

/* Score in centipawns from the point of view of the side to move. `pawns`
 * is a table of WF_PAWN_TABLE_SIZE entries, or NULL. */
int wf_evaluate(const wf_board *b, wf_pawn_entry *pawns);
/* Middle-game piece values used by SEE and move ordering. */
extern const int wf_see_value[7];

#endif
