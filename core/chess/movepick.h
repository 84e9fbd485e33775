/* SPDX-License-Identifier: MIT
 *
 * movepick.h: move ordering for the search, and the statistics it learns
 * from (history, killers, counter moves, continuation history), plus the
 * static exchange evaluation it uses.
 *
 * The search scores a node's moves once with wf_order_score() and then takes
 * them best first with wf_order_pick(). Scores, from high to low:
 *   2000000            the transposition-table move
 *   1000000 + MVV/LVA  captures and queen promotions (SEE checked when picked)
 *   900000, 890000     the two killer moves of the ply
 *   history sum        other quiet moves (butterfly + continuation history,
 *                      + 20000 for the counter move of the previous move)
 *   -200000 + MVV/LVA  captures that lose material (SEE < 0)
 *   -300000 + type     under-promotions
 */
#ifndef WF_CHESS_MOVEPICK_H
#define WF_CHESS_MOVEPICK_H
#include "board.h"
#include "eval.h"

/* What the search has learnt about quiet moves, and the line it is on. */
typedef struct wf_history {
    int16_t butterfly[2][64][64]; /* [side][from][to] */
    wf_move killers[WF_MAX_PLY + 2][2];
    wf_move counter[16][64]; /* [piece, to] of the previous move -> reply */
    /* continuation history: [piece, to] of the move 1 or 2 plies back, then [piece, to] */
    int16_t cont[16][64][16][64];
    /* the line being searched: the move made at each ply (WF_NO_MOVE for a
     * null move) and the piece that made it */
    wf_move move_stack[WF_MAX_PLY + 2];
    uint8_t piece_stack[WF_MAX_PLY + 2];
} wf_history;

/* 1 if the exchange started by m on its target square wins at least
 * threshold centipawns for the side to move (by wf_see_value). */
int wf_see_ge(const wf_board *b, wf_move m, int threshold);

/* Scores list[0..n) for wf_order_pick(), at ply of the current line. */
void wf_order_score(const wf_board *b, const wf_history *h, const wf_move *list, int *scores, int n, wf_move tt_move,
                    int ply);

/* Selects the best-scored move of list[i..n) into place i. A capture scored
 * as good (1000000 + MVV/LVA) is checked with SEE only when it comes up:
 * a losing one moves down to -200000 + MVV/LVA and the selection goes on. */
static inline wf_move wf_order_pick(const wf_board *b, wf_move *list, int *scores, int n, int i)
{
    int bi;
    for (;;) {
        bi = i;
        for (int j = i + 1; j < n; j++)
            if (scores[j] > scores[bi])
                bi = j;
        if (scores[bi] < 1000000 || scores[bi] >= 2000000 || wf_see_ge(b, list[bi], 0))
            break;
        scores[bi] -= 1200000;
    }
    wf_move m = list[bi];
    int sc = scores[bi];
    list[bi] = list[i];
    scores[bi] = scores[i];
    list[i] = m;
    scores[i] = sc;
    return m;
}

/* Score of a killer move (for the search's reductions). */
static inline int wf_order_is_killer_score(int score) { return score >= 890000 && score < 1000000; }

/* Records the move made at ply (before it is made on b). */
static inline void wf_history_push(wf_history *h, const wf_board *b, int ply, wf_move m)
{
    h->move_stack[ply] = m;
    h->piece_stack[ply] = b->sq[WF_MFROM(m)];
}

/* Butterfly history of a move (for the search's reductions). */
static inline int wf_history_get(const wf_history *h, int side, wf_move m)
{
    return h->butterfly[side][WF_MFROM(m)][WF_MTO(m)];
}

/* Forgets the killers of ply (before its moves are searched). */
static inline void wf_history_clear_killers(wf_history *h, int ply)
{
    h->killers[ply][0] = h->killers[ply][1] = WF_NO_MOVE;
}

/* Adds bonus (may be negative) to the butterfly history of m. */
void wf_history_update(wf_history *h, int side, wf_move m, int bonus);

/* A quiet move m caused a beta cutoff at ply: m becomes a killer and the
 * counter move, its histories rise by bonus and those of the quiet moves
 * tried before it (quiets[0..nquiets)) fall by as much. */
void wf_history_cutoff(wf_history *h, const wf_board *b, int ply, wf_move m, int bonus, const wf_move *quiets,
                       int nquiets);

/* At the start of a search: halves the butterfly history, clears killers. */
void wf_history_age(wf_history *h);

/* For a new game: forgets the butterfly, counter and continuation histories. */
void wf_history_clear(wf_history *h);

#endif
