/* SPDX-License-Identifier: MIT
 *
 * search.h: the engine context (private layout of wf_chess_engine) and the
 * sliced iterative-deepening search.
 *
 * Slicing: a recursive search cannot pause mid-tree, so when a slice runs
 * out of its node budget the current iteration is abandoned (the recursion
 * unwinds, unmaking every move) and the next slice starts that same
 * iteration again. The transposition table keeps what was already searched,
 * and its entries of the abandoned attempt cut the repeated part of the tree
 * short, so the search keeps making progress. Everything depends only on
 * node counts, never on the clock, so the same max_nodes per slice gives the
 * same result on every backend. Time is only looked at between slices.
 */
#ifndef WF_CHESS_SEARCH_H
#define WF_CHESS_SEARCH_H
#include "board.h"
#include "eval.h"
#include "tt.h"
#include "wf/chess.h"

#define WF_MAX_PLY 100
#define WF_INF 32001
#define WF_MATE 32000
#define WF_MATE_BOUND (WF_MATE - 2 * WF_MAX_PLY)

typedef struct wf_rootmove {
    wf_move move;
    int score;      /* score of the latest search of this move, -WF_INF if unknown */
    int prev_score; /* score after the last completed iteration */
    int pv_len;
    wf_move pv[WF_MAX_PLY];
} wf_rootmove;

typedef struct wf_search {
    int active;        /* a 'go' is running */
    int perft;         /* the running 'go' is a perft */
    int infinite, ponder;
    int use_time;
    double start_ms, soft_ms, hard_ms; /* deadlines relative to start_ms */
    double now_ms;     /* clock of the current slice */
    int depth_limit;
    int mate_limit;    /* in moves, 0 = none */
    uint64_t nodes_limit; /* 0 = none */
    uint64_t nodes;
    uint64_t abort_at;
    int aborted;
    int seldepth;
    int depth;           /* iteration in progress */
    int completed_depth;
    int restarts;        /* consecutive abandoned attempts of this iteration */
    int waiting;         /* infinite/ponder search done: waits for stop */
    int nroot;
    int multipv;
    wf_rootmove root[WF_MAX_MOVES];
    wf_move saved_order[WF_MAX_MOVES];
    int saved_prev[WF_MAX_MOVES];
    wf_move best, ponder_move;
    int best_score;
    /* best root move found so far by the iteration in progress (a move that
     * beat the first one after a full-window search), used when the search
     * must stop before the iteration completes */
    wf_move iter_best, iter_ponder;
    int iter_depth;
    int16_t history[2][64][64];
    wf_move killers[WF_MAX_PLY + 2][2];
    wf_move counter[16][64];
    /* continuation history: [piece, to] of the move 1 or 2 plies back, then [piece, to] */
    int16_t cont[16][64][16][64];
    wf_move pv[WF_MAX_PLY + 2][WF_MAX_PLY + 2];
    int pv_len[WF_MAX_PLY + 2];
    int eval_stack[WF_MAX_PLY + 2];
    wf_move move_stack[WF_MAX_PLY + 2];
    uint8_t piece_stack[WF_MAX_PLY + 2];
    wf_move excluded[WF_MAX_PLY + 2]; /* move left out by a singular-extension search at ply */
    /* perft */
    int perft_depth, perft_idx, perft_n;
    uint64_t perft_total;
    wf_move perft_moves[WF_MAX_MOVES];
} wf_search;

struct wf_chess_engine {
    wf_board board;
    wf_tt tt;
    unsigned hash_mb;
    int multipv;
    int move_overhead;
    int quit;
    wf_search s;
    wf_pawn_entry pawn_table[WF_PAWN_TABLE_SIZE];
    char *out;
    size_t out_len, out_cap;
    char err[200];
    int err_offset;
    char fen_buf[128];
    char str_buf[WF_MAX_MOVES * 8 + 8];
};

/* output helpers (engine.c) */
void wf_chess_out(wf_chess_engine *e, const char *s);
void wf_chess_out_int(wf_chess_engine *e, long long v);
void wf_chess_out_move(wf_chess_engine *e, wf_move m);
void wf_chess_out_end(wf_chess_engine *e); /* ends the line */

/* search.c */
int wf_see_ge(const wf_board *b, wf_move m, int threshold);
/* Prepares a search of e->board; limits already set in e->s. */
void wf_search_start(wf_chess_engine *e, double now_ms);
/* Runs at most max_nodes nodes; returns 1 while running, 2 while an infinite or
 * ponder search has nothing left to do but waits for stop, 0 when done. */
int wf_search_run(wf_chess_engine *e, double now_ms, uint32_t max_nodes);
/* Ends the running search at once, printing bestmove. */
void wf_search_finish(wf_chess_engine *e, double now_ms);

#endif
