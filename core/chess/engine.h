/* SPDX-License-Identifier: MIT
 *
 * engine.h: the private layout of wf_chess_engine, shared by engine.c (the
 * public API), uci.c (the command interpreter) and search.c.
 */
#ifndef WF_CHESS_ENGINE_H
#define WF_CHESS_ENGINE_H
#include "board.h"
#include "eval.h"
#include "search.h"
#include "sink.h"
#include "tt.h"
#include "wf/chess.h"

struct wf_chess_engine {
    wf_board board; /* the position commands act on; the search works on it too */
    wf_tt tt;
    wf_eval_state eval;
    wf_search s; /* the running (or last) search */
    wf_sink out; /* UCI output lines */
    /* UCI options */
    unsigned hash_mb;
    int multipv;
    int move_overhead;
    wf_strength strength; /* Skill Level, UCI_LimitStrength, UCI_Elo, Skill Seed */
    int use_nnue;         /* UCI option "Use NNUE" (default off: the hand-written evaluation) */
    wf_nnue_net *net;     /* the network (from wf_chess_set_net or the compiled-in one), or NULL */
    int quit;             /* 'quit' received */
    /* Lazy SMP (see wf/chess.h): set by the host */
    int thread_index;         /* 0: main engine; > 0: a helper */
    int threads, threads_max; /* the 'Threads' option (the host runs them) */
    uint64_t helper_nodes;    /* added to the node counts that 'info' reports */
    char err[200];            /* message of the last failed call */
    int err_offset;
    char fen_buf[128]; /* strings returned by the API */
    char str_buf[WF_MAX_MOVES * 8 + 8];
};

/* Points e->eval at the network when "Use NNUE" is on (decoding the
 * compiled-in one if none is loaded yet), else at none. WF_OK, or
 * WF_CHESS_BAD_ARGUMENT when "Use NNUE" is on but the build has no network
 * (the engine then evaluates by hand and "Use NNUE" is off). */
int wf_engine_select_eval(wf_chess_engine *e);

#endif
