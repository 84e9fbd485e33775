/* SPDX-License-Identifier: MIT
 *
 * movegen.h: fully legal move generation with check and pin masks, and
 * bulk-counting perft.
 */
#ifndef WF_CHESS_MOVEGEN_H
#define WF_CHESS_MOVEGEN_H
#include "board.h"

enum {
    WF_GEN_ALL = 0,  /* every legal move */
    WF_GEN_NOISY = 1 /* legal captures (incl. en passant) and queen promotions */
};

/* Appends the legal moves of b to list (which must hold WF_MAX_MOVES); returns
 * their number. */
int wf_gen_legal(const wf_board *b, wf_move *list, int mode);

/* perft: number of leaf nodes at depth (bulk-counted at depth 1). */
uint64_t wf_perft(wf_board *b, int depth);

/* 1 if m is in the legal move list of b. */
int wf_is_legal(const wf_board *b, wf_move m);

#endif
