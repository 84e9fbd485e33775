/* SPDX-License-Identifier: MIT
 *
 * san.h: move notation. UCI long algebraic ("e2e4", "e7e8q") and Standard
 * Algebraic Notation ("Nf3", "exd6", "O-O", "e8=Q+"), both directions.
 * Parsing only ever returns legal moves of the given position.
 */
#ifndef WF_CHESS_SAN_H
#define WF_CHESS_SAN_H
#include "board.h"

/* Writes the UCI form of m into out (6 bytes); "0000" for WF_NO_MOVE. */
void wf_move_to_uci(wf_move m, char *out);
/* Returns the legal move of b written as UCI text s (len chars), or WF_NO_MOVE. */
wf_move wf_move_from_uci(const wf_board *b, const char *s, int len);
/* Writes SAN of the legal move m of b into out (at least 12 bytes), with +/#. */
void wf_move_to_san(wf_board *b, wf_move m, char *out);
/* Returns the legal move of b written in SAN (len chars), or WF_NO_MOVE. */
wf_move wf_move_from_san(wf_board *b, const char *s, int len);

#endif
