/* SPDX-License-Identifier: MIT
 *
 * engine.c: the public API of wf/chess.h, and the output buffer.
 */
#include <stdlib.h>
#include <string.h>
#include "wf/chess.h"
#include "movegen.h"
#include "san.h"
#include "search.h"
#include "uci.h"

#define OUT_MAX ((size_t)4 << 20) /* output kept when the caller never clears it */

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
    e->out_cap = 4096;
    e->out = malloc(e->out_cap);
    if (!e->out) {
        wf_tt_free(&e->tt);
        free(e);
        return NULL;
    }
    e->out[0] = 0;
    wf_board_startpos(&e->board);
    return e;
}

void wf_chess_engine_free(wf_chess_engine *e)
{
    if (!e)
        return;
    wf_tt_free(&e->tt);
    free(e->out);
    free(e);
}

/* ---- output --------------------------------------------------------------- */

static void out_bytes(wf_chess_engine *e, const char *s, size_t n)
{
    if (e->out_len + n + 1 > OUT_MAX) {
        /* drop the older half (whole lines) rather than grow without bound */
        size_t cut = e->out_len / 2;
        while (cut < e->out_len && e->out[cut - 1] != '\n')
            cut++;
        memmove(e->out, e->out + cut, e->out_len - cut);
        e->out_len -= cut;
        if (e->out_len + n + 1 > OUT_MAX)
            return;
    }
    if (e->out_len + n + 1 > e->out_cap) {
        size_t nc = e->out_cap * 2;
        while (nc < e->out_len + n + 1)
            nc *= 2;
        if (nc > OUT_MAX)
            nc = OUT_MAX;
        char *no = realloc(e->out, nc);
        if (!no)
            return; /* output lost rather than a crash */
        e->out = no;
        e->out_cap = nc;
    }
    memcpy(e->out + e->out_len, s, n);
    e->out_len += n;
    e->out[e->out_len] = 0;
}

void wf_chess_out(wf_chess_engine *e, const char *s) { out_bytes(e, s, strlen(s)); }

void wf_chess_out_int(wf_chess_engine *e, long long v)
{
    char buf[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        buf[sizeof buf - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[sizeof buf - 1 - n++] = '-';
    out_bytes(e, buf + sizeof buf - n, (size_t)n);
}

void wf_chess_out_move(wf_chess_engine *e, wf_move m)
{
    char s[8];
    wf_move_to_uci(m, s);
    wf_chess_out(e, s);
}

void wf_chess_out_end(wf_chess_engine *e) { out_bytes(e, "\n", 1); }

const char *wf_chess_output(wf_chess_engine *e) { return e->out; }
uint32_t wf_chess_output_size(const wf_chess_engine *e) { return (uint32_t)e->out_len; }
void wf_chess_output_clear(wf_chess_engine *e)
{
    e->out_len = 0;
    e->out[0] = 0;
}

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
    if (e->board.hist_n >= WF_MAX_PLY_HISTORY - WF_MAX_PLY - 16) {
        wf_board *b = &e->board;
        int keep = b->fifty < 800 ? b->fifty : 800;
        if (keep > b->hist_n)
            keep = b->hist_n;
        memmove(b->hist, b->hist + (b->hist_n - keep), sizeof(wf_undo) * (size_t)keep);
        b->hist_n = keep;
    }
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
uint32_t wf_chess_error_offset(const wf_chess_engine *e) { return (uint32_t)e->err_offset; }
