/* SPDX-License-Identifier: MIT
 *
 * search.h: the sliced iterative-deepening search: its state, its limits,
 * and what it reports (wf_search_info, wf_search_result), which uci.c turns
 * into UCI text. The search itself writes no text.
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
#include "movepick.h"
#include "strength.h"
#include "wf/chess.h"

#define WF_INF 32001
#define WF_MATE 32000
#define WF_MATE_BOUND (WF_MATE - 2 * WF_MAX_PLY)

/* What 'go' asks for (filled by uci.c). */
typedef struct wf_search_limits {
    int infinite, ponder; /* wait for 'stop' (or 'ponderhit') once done */
    int use_time;         /* soft_ms and hard_ms apply */
    double soft_ms;       /* no new iteration after this (from the start) */
    double hard_ms;       /* the search ends at this time */
    int depth_limit;      /* 1 .. WF_MAX_PLY - 2 */
    int mate_limit;       /* in moves, 0 = none */
    uint64_t nodes_limit; /* 0 = none */
    int multipv;          /* lines to report, >= 1 */
    int nsearchmoves;     /* 'searchmoves': only these root moves (0 = all) */
    wf_move searchmoves[WF_MAX_MOVES];
    wf_strength_plan plan; /* weakened play (plan.active), see strength.h */
} wf_search_limits;

/* One line of a completed iteration (a UCI "info" line). */
typedef struct wf_search_info {
    int depth, seldepth;
    int multipv; /* 1-based */
    int score;   /* centipawns, or +-(WF_MATE - plies to mate) */
    int bound;   /* WF_BOUND_EXACT, _LOWER or _UPPER */
    uint64_t nodes;
    double elapsed_ms; /* >= 0 */
    int hashfull;      /* permille */
    int pv_len;
    const wf_move *pv;
} wf_search_info;

/* The outcome of a search (the UCI "bestmove" line). */
typedef struct wf_search_result {
    wf_move best;   /* WF_NO_MOVE when the side to move has no legal move */
    wf_move ponder; /* expected reply, or WF_NO_MOVE */
    int in_check;   /* with best == WF_NO_MOVE: mated (1) or stalemated (0) */
} wf_search_result;

typedef struct wf_rootmove {
    wf_move move;
    int score;      /* score of the latest search of this move, -WF_INF if unknown */
    int prev_score; /* score after the last completed iteration */
    int pv_len;
    wf_move pv[WF_MAX_PLY];
} wf_rootmove;

typedef struct wf_search {
    int active; /* a 'go' is running */
    int perft;  /* the running 'go' is a perft */
    int infinite, ponder;
    int use_time;
    double start_ms, soft_ms, hard_ms; /* deadlines relative to start_ms */
    double now_ms;                     /* clock of the current slice */
    int depth_limit;
    int mate_limit;       /* in moves, 0 = none */
    uint64_t nodes_limit; /* 0 = none */
    uint64_t nodes;
    uint64_t abort_at;
    int aborted;
    int seldepth;
    int depth; /* iteration in progress */
    int completed_depth;
    int restarts; /* consecutive abandoned attempts of this iteration */
    int waiting;  /* infinite/ponder search done: waits for stop */
    int nroot;
    int multipv;         /* lines searched: the reported ones, more for weakened play */
    int report;          /* lines reported */
    wf_strength_plan plan;
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
    wf_history h; /* move-ordering statistics and the current line */
    wf_move pv[WF_MAX_PLY + 2][WF_MAX_PLY + 2];
    int pv_len[WF_MAX_PLY + 2];
    int eval_stack[WF_MAX_PLY + 2];
    wf_move excluded[WF_MAX_PLY + 2]; /* move left out by a singular-extension search at ply */
    /* perft */
    int perft_depth, perft_idx, perft_n;
    uint64_t perft_total;
    wf_move perft_moves[WF_MAX_MOVES];
} wf_search;

/* Starts a search of e->board with the given limits. */
void wf_search_start(wf_chess_engine *e, const wf_search_limits *lim, double now_ms);
/* Starts a sliced perft of e->board to depth (0-10). */
void wf_search_start_perft(wf_chess_engine *e, int depth);
/* Runs at most max_nodes nodes; returns 1 while running, 2 while an infinite or
 * ponder search has nothing left to do but waits for stop, 0 when done. */
int wf_search_run(wf_chess_engine *e, double now_ms, uint32_t max_nodes);
/* Ends the running search at once, reporting its result. */
void wf_search_finish(wf_chess_engine *e, double now_ms);
/* 'ponderhit': a ponder search becomes a normal one; its clock starts now. */
void wf_search_ponderhit(wf_chess_engine *e, double now_ms);
/* 'ucinewgame': forgets what earlier searches learnt (not the hash table). */
void wf_search_clear(wf_chess_engine *e);

#endif
