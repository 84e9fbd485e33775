/* SPDX-License-Identifier: MIT
 *
 * wf/chess.h: a UCI chess engine as a library.
 *
 * A wf_chess_engine holds a position, a transposition table, the state of
 * one running search and a text output buffer. It is driven by UCI command
 * lines (wf_chess_command) and by wf_chess_search_slice(), which runs the
 * pending search for a bounded number of nodes, so that a caller without
 * threads (a browser Worker, wasm2js) can interleave 'stop' and other
 * messages between slices. The core never reads a clock: every call that
 * may need the time takes `now_ms`, a monotonic time in milliseconds chosen
 * by the caller (only differences matter).
 *
 * Output (UCI lines such as "info ...", "bestmove e2e4", "readyok") is
 * appended to a buffer owned by the engine: wf_chess_output() returns all
 * lines produced since the last wf_chess_output_clear(), each ending in
 * '\n'. Strings returned by the engine stay valid until the next call on it.
 *
 * A context is not thread-safe; separate contexts are independent. The
 * attack tables shared by all contexts are built by the first
 * wf_chess_engine_alloc() (which must not race with another one) and never
 * change afterwards.
 *
 * Supported UCI commands: uci, isready, ucinewgame, setoption (Hash in MB,
 * 1-1024, default 16, malloc'ed: when that much is not available the table
 * falls back to 1 MB and the command returns WF_ERR_OUT_OF_MEMORY; MultiPV
 * 1-64; Move Overhead in ms, default 30; Clear Hash; Ponder),
 * position startpos|fen <6 fields> [moves ...], go [wtime btime winc binc
 * movestogo movetime depth nodes mate infinite ponder perft N], stop,
 * ponderhit, quit, and 'd' (prints the board and its FEN). An unknown
 * command prints "info string unknown command: ..." and is otherwise ignored.
 * In "position ... moves ...", the first illegal or malformed move is
 * reported with "info string illegal move: ..." and it and the moves after it
 * are ignored: the position stays at the last legal point. A malformed FEN
 * leaves the position unchanged. 'go searchmoves' is accepted but ignored.
 * Chess960 is not supported.
 *
 * Slicing: a slice that runs out of nodes abandons the iteration in progress
 * and the next slice searches that depth again, helped by the transposition
 * table; an iteration abandoned many times in a row gets up to 16 times the
 * budget so that it completes. Results and node counts depend only on the
 * sequence of max_nodes values, never on the clock or the backend (native,
 * Wasm and wasm2js give identical output for the same slicing).
 */
#ifndef WF_CHESS_H
#define WF_CHESS_H

#include <stdint.h>
#include "wf/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wf_chess_engine wf_chess_engine;

/* wf_chess_engine_alloc() returns a new engine in the start position with a
 * 16 MB hash table, or NULL when out of memory. */
wf_chess_engine *wf_chess_engine_alloc(void);

/* wf_chess_engine_free() frees an engine; NULL does nothing. */
void wf_chess_engine_free(wf_chess_engine *e);

/* wf_chess_command() feeds one UCI line (without or with a trailing newline;
 * text after an embedded newline is taken as more arguments of that line).
 * 'go' only starts a search: run it with wf_chess_search_slice(). A 'go',
 * 'position', 'ucinewgame' or 'setoption' arriving while a search runs first
 * ends that search (printing its bestmove). Returns WF_OK, or a status for a
 * rejected command (WF_CHESS_UNKNOWN_COMMAND, WF_CHESS_BAD_FEN,
 * WF_CHESS_ILLEGAL_MOVE, WF_CHESS_BAD_ARGUMENT, WF_ERR_OUT_OF_MEMORY); the
 * explanation is also printed as an "info string" line and kept in
 * wf_chess_error_message(). */
int wf_chess_command(wf_chess_engine *e, const char *line, double now_ms);

/* wf_chess_search_slice() runs the pending search (or perft) for at most
 * about max_nodes nodes (0 is taken as 1), or ends it when its time is up.
 * Returns 1 while the search is still running, 0 when it has finished and
 * its bestmove line is in the output (or when no search was running), and 2
 * when a search started with 'go infinite' or 'go ponder' has reached its
 * depth limit and only waits for 'stop' or 'ponderhit' (the caller may then
 * wait for input instead of calling again at once). */
int wf_chess_search_slice(wf_chess_engine *e, double now_ms, uint32_t max_nodes);

/* 1 while a search or perft started by 'go' is running. */
int wf_chess_searching(const wf_chess_engine *e);

/* 1 once 'quit' has been received. */
int wf_chess_quit_requested(const wf_chess_engine *e);

/* The output produced since the last clear, '\n'-separated, NUL-terminated. */
const char *wf_chess_output(wf_chess_engine *e);
/* Length in bytes of wf_chess_output() (without the NUL). */
uint32_t wf_chess_output_size(const wf_chess_engine *e);
void wf_chess_output_clear(wf_chess_engine *e);

/* ---- Direct calls (no UCI parsing, no output lines) -------------------- */

/* wf_chess_set_fen() sets the position from a FEN (the two clock fields may
 * be omitted). On WF_CHESS_BAD_FEN the position is unchanged,
 * wf_chess_error_message() names the field and the reason, and
 * wf_chess_error_offset() gives the byte offset in fen. Fails with
 * WF_CHESS_BUSY while a search runs. */
int wf_chess_set_fen(wf_chess_engine *e, const char *fen);

/* wf_chess_get_fen() returns the six-field FEN of the current position. */
const char *wf_chess_get_fen(wf_chess_engine *e);

/* wf_chess_make_move() plays one legal move given in UCI ("e7e8q") or SAN
 * ("Nf3", "O-O") form. WF_CHESS_ILLEGAL_MOVE leaves the position unchanged. */
int wf_chess_make_move(wf_chess_engine *e, const char *move);

/* wf_chess_legal_moves() returns the legal moves of the current position in
 * UCI form, separated by single spaces ("" when there are none). */
const char *wf_chess_legal_moves(wf_chess_engine *e);

/* wf_chess_move_to_san() returns the SAN of a legal move given in UCI form,
 * or NULL when it is not a legal move of the current position. */
const char *wf_chess_move_to_san(wf_chess_engine *e, const char *uci_move);

/* wf_chess_san_to_uci() returns the UCI form of a legal move given in SAN,
 * or NULL when it is not legal. */
const char *wf_chess_san_to_uci(wf_chess_engine *e, const char *san);

/* wf_chess_set_net() gives the engine the network of the neural evaluation:
 * `data` is a network file of tools/nnue/train.c (`size` bytes, copied; the
 * caller may free it afterwards). size 0 goes back to the network compiled
 * into the build, if any. The network is used while the UCI option "Use NNUE"
 * is true (default false: the hand-written evaluation). Experimental: the
 * file format may change. WF_OK, WF_ERR_INVALID_ARGUMENT for a malformed file,
 * WF_ERR_OUT_OF_MEMORY, or WF_CHESS_BUSY during a search. */
int wf_chess_set_net(wf_chess_engine *e, const uint8_t *data, uint32_t size);

/* wf_chess_perft() counts the leaf nodes of the legal move tree of the
 * current position to `depth` (0-10) and stores the 64-bit count as two
 * 32-bit halves. WF_CHESS_BAD_ARGUMENT for a depth out of range. */
int wf_chess_perft(wf_chess_engine *e, int depth, uint32_t *count_lo_ret, uint32_t *count_hi_ret);

/* Game state of the current position. */
enum {
    WF_CHESS_ONGOING = 0,
    WF_CHESS_CHECKMATE = 1,
    WF_CHESS_STALEMATE = 2,
    WF_CHESS_DRAW_FIFTY = 3,      /* fifty-move rule (100 plies without capture or pawn move) */
    WF_CHESS_DRAW_REPETITION = 4, /* threefold repetition since the position was set */
    WF_CHESS_DRAW_MATERIAL = 5    /* insufficient material: no mate is possible */
};
/* wf_chess_game_state() returns one of the values above (checkmate and
 * stalemate take precedence over the draw rules). */
int wf_chess_game_state(wf_chess_engine *e);

/* 1 if the side to move is in check. */
int wf_chess_in_check(wf_chess_engine *e);

/* The message and input byte offset of the last failed call. */
const char *wf_chess_error_message(const wf_chess_engine *e);
uint32_t wf_chess_error_offset(const wf_chess_engine *e);

/* ---- several search threads (Lazy SMP) ------------------------------------
 *
 * The core starts no threads. A host that has threads (the native UCI
 * program; the JS side with Workers over one shared memory, chess.mt.wasm)
 * runs one engine per search thread, each engine called by one thread at a
 * time (the native host: always its own; the Wasm host prepares an idle
 * helper engine from the main Worker, where all allocation happens, and
 * hands it over by a message):
 * engine 0, the main one, gets the UCI commands, decides the move and when
 * to stop; helper engines share its transposition table and search the same
 * position ('position ...' as given to the main engine, then 'go infinite')
 * until the host stops them after the main engine's 'bestmove'. Helpers
 * differ from the main engine only in the depths they search (some are
 * skipped, by thread index) and in writing no 'info' lines; they meet through
 * the table, whose slots are verified so that concurrent writes are harmless.
 * These functions are exported by chess.mt.wasm only (the builds with one
 * memory per instance have no use for them). */

/* wf_chess_share_table() makes helper use main's transposition table (its own
 * is freed) until main's table is resized or helper's 'Hash' is set. Call it
 * while neither searches; main must outlive the sharing. */
int wf_chess_share_table(wf_chess_engine *helper, const wf_chess_engine *main);

/* wf_chess_set_thread_index(): 0 for the main engine (the default), 1..255
 * for a helper. */
void wf_chess_set_thread_index(wf_chess_engine *e, int index);

/* wf_chess_set_threads_max() sets the maximum of the 'Threads' option that
 * the engine announces and accepts (default 1: no host threads);
 * wf_chess_threads() returns its current value (1 to that maximum). */
void wf_chess_set_threads_max(wf_chess_engine *e, int max);
int wf_chess_threads(const wf_chess_engine *e);

/* wf_chess_search_nodes() returns the node count of the current (or last)
 * search; wf_chess_set_helper_nodes() sets a count that the 'info' lines add
 * to the engine's own (the helpers' nodes, summed by the host). */
void wf_chess_search_nodes(const wf_chess_engine *e, uint32_t *lo_ret, uint32_t *hi_ret);
void wf_chess_set_helper_nodes(wf_chess_engine *e, uint32_t lo, uint32_t hi);

#ifdef __cplusplus
}
#endif
#endif
