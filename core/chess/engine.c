/* SPDX-License-Identifier: MIT
 *
 * engine.c: the public API of wf/chess.h: the engine's life cycle, the
 * entry points of UCI (uci.c) and of the search (search.c), and the direct
 * calls that need neither.
 */
#include <stdlib.h>
#include <string.h>
#include "wf/chess.h"
#include "engine.h"
#include "movegen.h"
#include "san.h"
#include "search.h"
#include "uci.h"

wf_chess_engine *wf_chess_engine_alloc(void)
{
    if (wf_chess_tables_init())
        return NULL;
    wf_chess_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    if (wf_tt_resize(&e->tt, 16)) {
        wf_tt_free(&e->tt);
        free(e);
        return NULL;
    }
    e->hash_mb = 16;
    e->multipv = 1;
    e->move_overhead = 30;
    e->threads = e->threads_max = 1;
    wf_strength_defaults(&e->strength);
    if (wf_sink_init(&e->out)) {
        wf_tt_free(&e->tt);
        free(e);
        return NULL;
    }
    wf_board_startpos(&e->board);
    return e;
}

void wf_chess_engine_free(wf_chess_engine *e)
{
    if (!e)
        return;
    wf_tt_free(&e->tt);
    wf_sink_free(&e->out);
    wf_nnue_free(e->net);
    free(e);
}

/* ---- the neural evaluation -------------------------------------------------- */

int wf_engine_select_eval(wf_chess_engine *e)
{
    int st = WF_OK;
    if (e->use_nnue && !e->net && wf_nnue_embedded_size)
        st = wf_nnue_load(wf_nnue_embedded_data, wf_nnue_embedded_size, &e->net);
    if (e->use_nnue && !e->net) {
        e->use_nnue = 0;
        if (st == WF_OK)
            st = WF_CHESS_BAD_ARGUMENT; /* no network in this build */
    }
    const wf_nnue_net *want = e->use_nnue ? e->net : NULL;
    if (e->eval.net != want) {
        wf_eval_set_net(&e->eval, want);
        wf_tt_clear(&e->tt); /* its entries hold static evaluations of the other evaluation */
    }
    return st;
}

int wf_chess_set_net(wf_chess_engine *e, const uint8_t *data, uint32_t size)
{
    if (!e || (!data && size))
        return WF_ERR_INVALID_ARGUMENT;
    if (e->s.active)
        return WF_CHESS_BUSY;
    wf_nnue_net *net = NULL;
    if (size) {
        int st = wf_nnue_load(data, size, &net);
        if (st)
            return st;
    }
    wf_eval_set_net(&e->eval, NULL);
    wf_nnue_free(e->net);
    e->net = net; /* NULL: the compiled-in network, decoded when next used */
    wf_tt_clear(&e->tt);
    int st = wf_engine_select_eval(e);
    return st == WF_ERR_OUT_OF_MEMORY ? st : WF_OK;
}

/* ---- output --------------------------------------------------------------- */

const char *wf_chess_output(wf_chess_engine *e) { return e->out.buf; }
uint32_t wf_chess_output_size(const wf_chess_engine *e) { return (uint32_t)e->out.len; }
void wf_chess_output_clear(wf_chess_engine *e) { wf_sink_clear(&e->out); }

/* ---- UCI ------------------------------------------------------------------- */

int wf_chess_command(wf_chess_engine *e, const char *line, double now_ms)
{
    if (!e || !line)
        return WF_ERR_INVALID_ARGUMENT;
    return wf_uci_command(e, line, now_ms);
}

int wf_chess_search_slice(wf_chess_engine *e, double now_ms, uint32_t max_nodes)
{
    if (!e)
        return 0;
    return wf_search_run(e, now_ms, max_nodes);
}

int wf_chess_searching(const wf_chess_engine *e) { return e && e->s.active; }
int wf_chess_quit_requested(const wf_chess_engine *e) { return e && e->quit; }

/* ---- direct calls ---------------------------------------------------------- */

static int set_err(wf_chess_engine *e, int status, const char *msg, int offset)
{
    size_t n = strlen(msg);
    if (n >= sizeof e->err)
        n = sizeof e->err - 1;
    memcpy(e->err, msg, n);
    e->err[n] = 0;
    e->err_offset = offset;
    return status;
}

int wf_chess_set_fen(wf_chess_engine *e, const char *fen)
{
    if (!e || !fen)
        return WF_ERR_INVALID_ARGUMENT;
    if (e->s.active)
        return set_err(e, WF_CHESS_BUSY, "a search is running", 0);
    wf_fen_error fe;
    if (wf_board_set_fen(&e->board, fen, &fe)) {
        char msg[200];
        wf_fen_error_message(&fe, msg, (int)sizeof msg);
        return set_err(e, WF_CHESS_BAD_FEN, msg, fe.offset);
    }
    e->err[0] = 0;
    return WF_OK;
}

const char *wf_chess_get_fen(wf_chess_engine *e)
{
    wf_board_get_fen(&e->board, e->fen_buf);
    return e->fen_buf;
}

static int bounded_len(const char *s, int max)
{
    int n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

static wf_move parse_any(wf_chess_engine *e, const char *s)
{
    int len = bounded_len(s, 32);
    wf_move m = wf_move_from_uci(&e->board, s, len);
    if (!m)
        m = wf_move_from_san(&e->board, s, len);
    return m;
}

int wf_chess_make_move(wf_chess_engine *e, const char *move)
{
    if (!e || !move)
        return WF_ERR_INVALID_ARGUMENT;
    if (e->s.active)
        return set_err(e, WF_CHESS_BUSY, "a search is running", 0);
    wf_move m = parse_any(e, move);
    if (!m)
        return set_err(e, WF_CHESS_ILLEGAL_MOVE, "illegal or malformed move", 0);
    wf_board_trim_history(&e->board);
    wf_board_make(&e->board, m);
    return WF_OK;
}

const char *wf_chess_legal_moves(wf_chess_engine *e)
{
    wf_move list[WF_MAX_MOVES];
    int n = wf_gen_legal(&e->board, list, WF_GEN_ALL);
    char *o = e->str_buf;
    for (int i = 0; i < n; i++) {
        if (i)
            *o++ = ' ';
        wf_move_to_uci(list[i], o);
        o += strlen(o);
    }
    *o = 0;
    return e->str_buf;
}

const char *wf_chess_move_to_san(wf_chess_engine *e, const char *uci_move)
{
    if (!e || !uci_move)
        return NULL;
    wf_move m = wf_move_from_uci(&e->board, uci_move, bounded_len(uci_move, 8));
    if (!m)
        return NULL;
    wf_move_to_san(&e->board, m, e->str_buf);
    return e->str_buf;
}

const char *wf_chess_san_to_uci(wf_chess_engine *e, const char *san)
{
    if (!e || !san)
        return NULL;
    wf_move m = wf_move_from_san(&e->board, san, bounded_len(san, 16));
    if (!m)
        return NULL;
    wf_move_to_uci(m, e->str_buf);
    return e->str_buf;
}

int wf_chess_perft(wf_chess_engine *e, int depth, uint32_t *count_lo_ret, uint32_t *count_hi_ret)
{
    if (!e)
        return WF_ERR_INVALID_ARGUMENT;
    if (depth < 0 || depth > 10)
        return set_err(e, WF_CHESS_BAD_ARGUMENT, "perft depth must be 0 to 10", 0);
    if (e->s.active)
        return set_err(e, WF_CHESS_BUSY, "a search is running", 0);
    uint64_t n = wf_perft(&e->board, depth);
    if (count_lo_ret)
        *count_lo_ret = (uint32_t)n;
    if (count_hi_ret)
        *count_hi_ret = (uint32_t)(n >> 32);
    return WF_OK;
}

int wf_chess_game_state(wf_chess_engine *e)
{
    wf_move list[WF_MAX_MOVES];
    wf_board *b = &e->board;
    if (wf_gen_legal(b, list, WF_GEN_ALL) == 0)
        return wf_board_in_check(b) ? WF_CHESS_CHECKMATE : WF_CHESS_STALEMATE;
    if (b->fifty >= 100)
        return WF_CHESS_DRAW_FIFTY;
    if (wf_board_is_repetition(b, 2))
        return WF_CHESS_DRAW_REPETITION;
    if (wf_board_insufficient_material(b))
        return WF_CHESS_DRAW_MATERIAL;
    return WF_CHESS_ONGOING;
}

int wf_chess_in_check(wf_chess_engine *e) { return wf_board_in_check(&e->board); }

const char *wf_chess_error_message(const wf_chess_engine *e) { return e->err; }

/* ---- several search threads ------------------------------------------------- */

int wf_chess_share_table(wf_chess_engine *helper, const wf_chess_engine *main)
{
    if (!helper || !main || helper == main)
        return WF_ERR_INVALID_ARGUMENT;
    if (helper->s.active)
        return set_err(helper, WF_CHESS_BUSY, "a search is running", 0);
    wf_tt_share(&helper->tt, &main->tt);
    return WF_OK;
}

void wf_chess_set_thread_index(wf_chess_engine *e, int index)
{
    if (e)
        e->thread_index = index < 0 ? 0 : index > 255 ? 255 : index;
}

void wf_chess_set_threads_max(wf_chess_engine *e, int max)
{
    if (!e)
        return;
    e->threads_max = max < 1 ? 1 : max > 256 ? 256 : max;
    if (e->threads > e->threads_max)
        e->threads = e->threads_max;
}

int wf_chess_threads(const wf_chess_engine *e) { return e ? e->threads : 1; }

void wf_chess_search_nodes(const wf_chess_engine *e, uint32_t *lo_ret, uint32_t *hi_ret)
{
    uint64_t n = e ? e->s.nodes : 0;
    if (lo_ret)
        *lo_ret = (uint32_t)n;
    if (hi_ret)
        *hi_ret = (uint32_t)(n >> 32);
}

void wf_chess_set_helper_nodes(wf_chess_engine *e, uint32_t lo, uint32_t hi)
{
    if (e)
        e->helper_nodes = (uint64_t)hi << 32 | lo;
}
uint32_t wf_chess_error_offset(const wf_chess_engine *e) { return (uint32_t)e->err_offset; }
