/* SPDX-License-Identifier: MIT
 *
 * uci.c: the UCI command interpreter (see wf/chess.h for the commands),
 * and the only file that writes UCI text: the search reports what it found
 * through the wf_uci_report_*() functions at the end.
 */
#include "uci.h"
#include "engine.h"
#include "movegen.h"
#include "san.h"
#include <string.h>

static void put(wf_chess_engine *e, const char *s) { wf_sink_str(&e->out, s); }
static void put_int(wf_chess_engine *e, long long v) { wf_sink_int(&e->out, v); }
static void put_end(wf_chess_engine *e) { wf_sink_end(&e->out); }
static void put_move(wf_chess_engine *e, wf_move m)
{
    char s[8];
    wf_move_to_uci(m, s);
    put(e, s);
}

typedef struct tok {
    const char *p;
    int len;
} tok;

static int is_sp(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* next whitespace-separated token; len 0 at the end */
static tok next_tok(const char **cur)
{
    const char *p = *cur;
    while (*p && is_sp(*p))
        p++;
    tok t = {p, 0};
    while (p[t.len] && !is_sp(p[t.len]))
        t.len++;
    *cur = p + t.len;
    return t;
}

static int tok_is(tok t, const char *s)
{
    int n = (int)strlen(s);
    return t.len == n && memcmp(t.p, s, (size_t)n) == 0;
}

static int tok_ieq(tok t, const char *s)
{
    int n = (int)strlen(s);
    if (t.len != n)
        return 0;
    for (int i = 0; i < n; i++) {
        char a = t.p[i], b = s[i];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a + 32);
        if (b >= 'A' && b <= 'Z')
            b = (char)(b + 32);
        if (a != b)
            return 0;
    }
    return 1;
}

/* Parses a (possibly negative) decimal, clamping to +-1e15; returns 0 on success. */
static int tok_num(tok t, long long *out)
{
    int i = 0, neg = 0;
    long long v = 0;
    if (t.len == 0)
        return -1;
    if (t.p[0] == '-' || t.p[0] == '+') {
        neg = t.p[0] == '-';
        i = 1;
    }
    if (i >= t.len)
        return -1;
    for (; i < t.len; i++) {
        if (t.p[i] < '0' || t.p[i] > '9')
            return -1;
        if (v < 1000000000000000LL)
            v = v * 10 + (t.p[i] - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

int wf_uci_error(wf_chess_engine *e, int status, const char *msg, const char *detail, int detail_len)
{
    size_t n = strlen(msg);
    if (n > sizeof e->err - 1)
        n = sizeof e->err - 1;
    memcpy(e->err, msg, n);
    size_t dl = detail ? (size_t)detail_len : 0;
    if (dl > sizeof e->err - 1 - n)
        dl = sizeof e->err - 1 - n;
    if (dl)
        memcpy(e->err + n, detail, dl);
    e->err[n + dl] = 0;
    put(e, "info string ");
    put(e, e->err);
    put_end(e);
    return status;
}

static void cmd_uci(wf_chess_engine *e)
{
    put(e, "id name wasmforge 0.1");
    put_end(e);
    put(e, "id author the wasmforge authors");
    put_end(e);
    put(e, "option name Hash type spin default 16 min 1 max 1024");
    put_end(e);
    put(e, "option name Clear Hash type button");
    put_end(e);
    put(e, "option name MultiPV type spin default 1 min 1 max 64");
    put_end(e);
    put(e, "option name Move Overhead type spin default 30 min 0 max 5000");
    put_end(e);
    put(e, "option name Ponder type check default false");
    put_end(e);
    /* default: the value when 'uci' comes (1; a Worker host with threads sets its count first) */
    put(e, "option name Threads type spin default ");
    put_int(e, e->threads);
    put(e, " min 1 max ");
    put_int(e, e->threads_max);
    put_end(e);
    put(e, "option name Skill Level type spin default 20 min 0 max 20");
    put_end(e);
    put(e, "option name UCI_LimitStrength type check default false");
    put_end(e);
    put(e, "option name UCI_Elo type spin default " WF_STR(WF_ELO_MAX) " min " WF_STR(WF_ELO_MIN) " max " WF_STR(WF_ELO_MAX));
    put_end(e);
    put(e, "option name Skill Seed type spin default 0 min 0 max " WF_STR(WF_SEED_MAX));
    put_end(e);
    put(e, "option name Use NNUE type check default false");
    put_end(e);
    put(e, "uciok");
    put_end(e);
}

static int cmd_position(wf_chess_engine *e, const char *cur)
{
    tok t = next_tok(&cur);
    wf_board *nb = &e->board;
    if (tok_is(t, "startpos")) {
        wf_board_startpos(nb);
        t = next_tok(&cur);
    } else if (tok_is(t, "fen")) {
        char fen[256];
        int fl = 0, nf = 0;
        for (t = next_tok(&cur); t.len && !tok_is(t, "moves") && nf < 6; t = next_tok(&cur), nf++) {
            if (fl + t.len + 2 > (int)sizeof fen)
                return wf_uci_error(e, WF_CHESS_BAD_FEN, "invalid fen: too long", NULL, 0);
            if (fl)
                fen[fl++] = ' ';
            memcpy(fen + fl, t.p, (size_t)t.len);
            fl += t.len;
        }
        fen[fl] = 0;
        wf_fen_error fe;
        if (wf_board_set_fen(nb, fen, &fe)) {
            char msg[160];
            wf_fen_error_message(&fe, msg, (int)sizeof msg);
            e->err_offset = fe.offset;
            return wf_uci_error(e, WF_CHESS_BAD_FEN, msg, NULL, 0);
        }
    } else {
        return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "position needs 'startpos' or 'fen': ", t.p, t.len);
    }
    if (t.len == 0)
        return WF_OK;
    if (!tok_is(t, "moves"))
        return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "expected 'moves', got: ", t.p, t.len);
    for (t = next_tok(&cur); t.len; t = next_tok(&cur)) {
        wf_move m = wf_move_from_uci(nb, t.p, t.len);
        if (m == WF_NO_MOVE)
            return wf_uci_error(e, WF_CHESS_ILLEGAL_MOVE, "illegal move: ", t.p, t.len);
        wf_board_trim_history(nb);
        wf_board_make(nb, m);
    }
    return WF_OK;
}

static int cmd_setoption(wf_chess_engine *e, const char *cur)
{
    tok t = next_tok(&cur);
    if (!tok_is(t, "name"))
        return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "setoption needs 'name'", NULL, 0);
    /* name runs until 'value' */
    const char *name_start = NULL;
    int name_len = 0;
    tok v = {NULL, 0};
    for (t = next_tok(&cur); t.len; t = next_tok(&cur)) {
        if (tok_is(t, "value")) {
            v = next_tok(&cur);
            break;
        }
        if (!name_start)
            name_start = t.p;
        name_len = (int)(t.p + t.len - name_start);
    }
    tok name = {name_start ? name_start : "", name_len};
    long long n = 0;
    if (tok_ieq(name, "Hash")) {
        if (tok_num(v, &n) || n < 1 || n > 1024)
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "Hash must be 1 to 1024 (MB)", NULL, 0);
        if (wf_tt_resize(&e->tt, (unsigned)n)) {
            e->hash_mb = 1;
            return wf_uci_error(e, WF_ERR_OUT_OF_MEMORY, "out of memory for Hash; using 1 MB", NULL, 0);
        }
        e->hash_mb = (unsigned)n;
    } else if (tok_ieq(name, "MultiPV")) {
        if (tok_num(v, &n) || n < 1 || n > 64)
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "MultiPV must be 1 to 64", NULL, 0);
        e->multipv = (int)n;
    } else if (tok_ieq(name, "Move Overhead")) {
        if (tok_num(v, &n) || n < 0 || n > 5000)
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "Move Overhead must be 0 to 5000", NULL, 0);
        e->move_overhead = (int)n;
    } else if (tok_ieq(name, "Skill Level")) {
        if (tok_num(v, &n) || n < 0 || n > WF_SKILL_MAX)
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "Skill Level must be 0 to 20", NULL, 0);
        e->strength.skill = (int)n;
    } else if (tok_ieq(name, "UCI_LimitStrength")) {
        if (!tok_ieq(v, "true") && !tok_ieq(v, "false"))
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "UCI_LimitStrength must be true or false", NULL, 0);
        e->strength.limit = tok_ieq(v, "true");
    } else if (tok_ieq(name, "UCI_Elo")) {
        if (tok_num(v, &n) || n < WF_ELO_MIN || n > WF_ELO_MAX)
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "UCI_Elo must be " WF_STR(WF_ELO_MIN) " to " WF_STR(WF_ELO_MAX), NULL, 0);
        e->strength.elo = (int)n;
    } else if (tok_ieq(name, "Skill Seed")) {
        if (tok_num(v, &n) || n < 0 || n > WF_SEED_MAX)
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "Skill Seed must be 0 to " WF_STR(WF_SEED_MAX), NULL, 0);
        e->strength.seed = (uint32_t)n;
    } else if (tok_ieq(name, "Use NNUE")) {
        if (!tok_ieq(v, "true") && !tok_ieq(v, "false"))
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "Use NNUE must be true or false", NULL, 0);
        e->use_nnue = tok_ieq(v, "true");
        int st = wf_engine_select_eval(e);
        if (st == WF_CHESS_BAD_ARGUMENT)
            return wf_uci_error(e, st, "Use NNUE: no network in this build (none compiled in or set)", NULL, 0);
        if (st)
            return wf_uci_error(e, st, "Use NNUE: out of memory", NULL, 0);
    } else if (tok_ieq(name, "Clear Hash")) {
        wf_tt_clear(&e->tt);
    } else if (tok_ieq(name, "Threads")) {
        /* the host runs the threads (see wf_chess_threads()); without one, there is one */
        if (tok_num(v, &n) || n < 1)
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "Threads must be at least 1", NULL, 0);
        e->threads = n > e->threads_max ? e->threads_max : (int)n;
    } else if (tok_ieq(name, "Ponder") || tok_ieq(name, "UCI_AnalyseMode")) {
        /* accepted; pondering is driven by 'go ponder' */
    } else {
        return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "unknown option: ", name.p, name.len);
    }
    return WF_OK;
}

static void set_time(wf_chess_engine *e, wf_search_limits *lim, long long time, long long inc, long long mtg,
                     long long movetime)
{
    double ov = e->move_overhead;
    if (movetime > 0) {
        lim->use_time = 1;
        /* a fixed time per move: keep at most a tenth of it as the safety margin */
        double t = (double)movetime - (ov < (double)movetime / 10 ? ov : (double)movetime / 10);
        if (t < 1)
            t = 1;
        lim->soft_ms = lim->hard_ms = t;
        return;
    }
    if (time < 0) {
        lim->use_time = 0;
        return;
    }
    lim->use_time = 1;
    if (inc < 0)
        inc = 0;
    double left = (double)time - ov;
    if (left < 1)
        left = 1;
    double moves = mtg > 0 ? (double)(mtg < 40 ? mtg : 40) : 40.0;
    double base = left / moves + (double)inc * 0.8;
    if (base > left * 0.5)
        base = left * 0.5;
    double hard = base * 2.5;
    if (hard > left * 0.25 + (double)inc * 0.5)
        hard = left * 0.25 + (double)inc * 0.5;
    if (hard > left * 0.8)
        hard = left * 0.8;
    if (hard < 1)
        hard = 1;
    double soft = base * 0.7;
    if (soft > hard)
        soft = hard;
    lim->soft_ms = soft;
    lim->hard_ms = hard;
}

static int cmd_go(wf_chess_engine *e, const char *cur, double now_ms)
{
    long long wtime = -1, btime = -1, winc = 0, binc = 0, mtg = 0, movetime = 0;
    long long depth = WF_MAX_PLY - 2, nodes = 0, mate = 0, perft = 0;
    int have_perft = 0;
    int infinite = 0, ponder = 0, in_searchmoves = 0;
    wf_search_limits lim;
    memset(&lim, 0, sizeof lim);
    for (tok t = next_tok(&cur); t.len; t = next_tok(&cur)) {
        long long *dst = NULL;
        if (tok_is(t, "wtime"))
            dst = &wtime;
        else if (tok_is(t, "btime"))
            dst = &btime;
        else if (tok_is(t, "winc"))
            dst = &winc;
        else if (tok_is(t, "binc"))
            dst = &binc;
        else if (tok_is(t, "movestogo"))
            dst = &mtg;
        else if (tok_is(t, "movetime"))
            dst = &movetime;
        else if (tok_is(t, "depth"))
            dst = &depth;
        else if (tok_is(t, "nodes"))
            dst = &nodes;
        else if (tok_is(t, "mate"))
            dst = &mate;
        else if (tok_is(t, "perft")) {
            dst = &perft;
            have_perft = 1;
        } else if (tok_is(t, "infinite"))
            infinite = 1;
        else if (tok_is(t, "ponder"))
            ponder = 1;
        else if (tok_is(t, "searchmoves")) {
            in_searchmoves = 1;
            continue;
        } else if (in_searchmoves) {
            /* the moves after 'searchmoves', up to the next keyword */
            wf_move m = wf_move_from_uci(&e->board, t.p, t.len);
            if (m == WF_NO_MOVE)
                return wf_uci_error(e, WF_CHESS_ILLEGAL_MOVE, "searchmoves: illegal move: ", t.p, t.len);
            int dup = 0;
            for (int i = 0; i < lim.nsearchmoves; i++)
                dup |= lim.searchmoves[i] == m;
            if (!dup && lim.nsearchmoves < WF_MAX_MOVES)
                lim.searchmoves[lim.nsearchmoves++] = m;
            continue;
        } else {
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "unknown go parameter: ", t.p, t.len);
        }
        in_searchmoves = 0;
        if (dst) {
            tok v = next_tok(&cur);
            if (tok_num(v, dst))
                return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "go parameter needs a number: ", t.p, t.len);
        }
    }
    if (have_perft) {
        if (perft < 0 || perft > 10)
            return wf_uci_error(e, WF_CHESS_BAD_ARGUMENT, "perft depth must be 0 to 10", NULL, 0);
        wf_search_start_perft(e, (int)perft);
        return WF_OK;
    }
    lim.infinite = infinite;
    lim.ponder = ponder;
    lim.depth_limit = (int)(depth < 1 ? 1 : depth > WF_MAX_PLY - 2 ? WF_MAX_PLY - 2 : depth);
    lim.nodes_limit = nodes > 0 ? (uint64_t)nodes : 0;
    lim.mate_limit = (int)(mate > 0 ? (mate > 100 ? 100 : mate) : 0);
    if (mate > 0 && depth == WF_MAX_PLY - 2)
        lim.depth_limit = (int)(2 * lim.mate_limit + 1 < WF_MAX_PLY - 2 ? 2 * lim.mate_limit + 1 : WF_MAX_PLY - 2);
    long long mytime = e->board.side == WF_WHITE ? wtime : btime;
    long long myinc = e->board.side == WF_WHITE ? winc : binc;
    lim.use_time = 0;
    if (!infinite)
        set_time(e, &lim, mytime, myinc, mtg, movetime);
    lim.multipv = e->multipv;
    lim.plan = wf_strength_plan_for(&e->strength);
    if (lim.plan.active) {
        /* weakened play searches less, and keeps candidates to choose from */
        if (lim.depth_limit > lim.plan.depth_limit)
            lim.depth_limit = lim.plan.depth_limit;
        if (!lim.nodes_limit || lim.nodes_limit > lim.plan.nodes_limit)
            lim.nodes_limit = lim.plan.nodes_limit;
    }
    wf_search_start(e, &lim, now_ms);
    return WF_OK;
}

/* 'eval' (not UCI): the static evaluation of the current position, in
 * centipawns from the side to move's view, and which evaluation made it. */
static void cmd_eval(wf_chess_engine *e)
{
    wf_eval_reset(&e->eval, &e->board);
    int v = wf_eval(&e->eval, &e->board);
    put(e, "info string eval ");
    put_int(e, v);
    put(e, e->eval.net ? " nnue" : " classical");
    put_end(e);
}

static void cmd_display(wf_chess_engine *e)
{
    const wf_board *b = &e->board;
    for (int r = 7; r >= 0; r--) {
        put(e, " +---+---+---+---+---+---+---+---+");
        put_end(e);
        for (int f = 0; f < 8; f++) {
            int p = b->sq[WF_SQ(f, r)];
            char cell[5] = " | x";
            cell[3] = p == WF_NO_PIECE ? ' ' : "PNBRQK..pnbrqk.."[p];
            put(e, cell);
            put(e, " ");
        }
        char tail[6] = "| x";
        tail[2] = (char)('1' + r);
        put(e, tail);
        put_end(e);
    }
    put(e, " +---+---+---+---+---+---+---+---+");
    put_end(e);
    put(e, "   a   b   c   d   e   f   g   h");
    put_end(e);
    put_end(e);
    char fen[128];
    wf_board_get_fen(b, fen);
    put(e, "Fen: ");
    put(e, fen);
    put_end(e);
    static const char hex[] = "0123456789ABCDEF";
    char key[17];
    for (int i = 0; i < 16; i++)
        key[i] = hex[(b->key >> (60 - 4 * i)) & 15];
    key[16] = 0;
    put(e, "Key: ");
    put(e, key);
    put_end(e);
    put(e, "Checkers:");
    wf_bb c = wf_board_checkers(b);
    while (c) {
        int sq = wf_poplsb(&c);
        char sqs[4] = {' ', (char)('a' + WF_FILE(sq)), (char)('1' + WF_RANK(sq)), 0};
        put(e, sqs);
    }
    put_end(e);
}

int wf_uci_command(wf_chess_engine *e, const char *line, double now_ms)
{
    const char *cur = line;
    tok t = next_tok(&cur);
    e->err[0] = 0;
    e->err_offset = 0;
    if (t.len == 0)
        return WF_OK;
    if (tok_is(t, "isready")) {
        put(e, "readyok");
        put_end(e);
        return WF_OK;
    }
    if (tok_is(t, "stop")) {
        wf_search_finish(e, now_ms);
        return WF_OK;
    }
    if (tok_is(t, "ponderhit")) {
        wf_search_ponderhit(e, now_ms);
        return WF_OK;
    }
    if (tok_is(t, "quit")) {
        wf_search_finish(e, now_ms);
        e->quit = 1;
        return WF_OK;
    }
    if (tok_is(t, "uci")) {
        cmd_uci(e);
        return WF_OK;
    }
    if (tok_is(t, "d")) {
        cmd_display(e);
        return WF_OK;
    }
    if (tok_is(t, "eval")) {
        if (e->s.active)
            return wf_uci_error(e, WF_CHESS_BUSY, "eval: a search is running", NULL, 0);
        cmd_eval(e);
        return WF_OK;
    }
    /* the remaining commands end a running search first */
    int known = tok_is(t, "position") || tok_is(t, "go") || tok_is(t, "ucinewgame") || tok_is(t, "setoption");
    if (!known) {
        if (tok_is(t, "debug") || tok_is(t, "register"))
            return WF_OK;
        int l = 0;
        while (line[l] && line[l] != '\n' && line[l] != '\r' && l < 80)
            l++;
        return wf_uci_error(e, WF_CHESS_UNKNOWN_COMMAND, "unknown command: ", line, l);
    }
    if (e->s.active)
        wf_search_finish(e, now_ms);
    if (tok_is(t, "ucinewgame")) {
        wf_tt_clear(&e->tt);
        wf_search_clear(e);
        wf_board_startpos(&e->board);
        return WF_OK;
    }
    if (tok_is(t, "setoption"))
        return cmd_setoption(e, cur);
    if (tok_is(t, "position"))
        return cmd_position(e, cur);
    return cmd_go(e, cur, now_ms);
}

/* ---- what the search reports ------------------------------------------------ */

static void put_score(wf_chess_engine *e, int sc)
{
    if (sc >= WF_MATE_BOUND) {
        put(e, " score mate ");
        put_int(e, (WF_MATE - sc + 1) / 2);
    } else if (sc <= -WF_MATE_BOUND) {
        put(e, " score mate ");
        put_int(e, -((WF_MATE + sc) / 2));
    } else {
        put(e, " score cp ");
        put_int(e, sc);
    }
}

void wf_uci_report_info(wf_chess_engine *e, const wf_search_info *info)
{
    double el = info->elapsed_ms;
    put(e, "info depth ");
    put_int(e, info->depth);
    put(e, " seldepth ");
    put_int(e, info->seldepth);
    put(e, " multipv ");
    put_int(e, info->multipv);
    put_score(e, info->score);
    if (info->bound == WF_BOUND_LOWER)
        put(e, " lowerbound");
    else if (info->bound == WF_BOUND_UPPER)
        put(e, " upperbound");
    put(e, " nodes ");
    put_int(e, (long long)info->nodes);
    put(e, " nps ");
    put_int(e, (long long)((double)info->nodes * 1000.0 / (el > 1 ? el : 1)));
    put(e, " hashfull ");
    put_int(e, info->hashfull);
    put(e, " time ");
    put_int(e, (long long)el);
    put(e, " pv");
    for (int i = 0; i < info->pv_len; i++) {
        put(e, " ");
        put_move(e, info->pv[i]);
    }
    put_end(e);
}

void wf_uci_report_bestmove(wf_chess_engine *e, const wf_search_result *r)
{
    if (!r->best) {
        put(e, "info depth 0 score ");
        put(e, r->in_check ? "mate 0" : "cp 0");
        put_end(e);
        put(e, "bestmove (none)");
        put_end(e);
        return;
    }
    put(e, "bestmove ");
    put_move(e, r->best);
    if (r->ponder) {
        put(e, " ponder ");
        put_move(e, r->ponder);
    }
    put_end(e);
}

void wf_uci_report_perft_move(wf_chess_engine *e, wf_move m, uint64_t count)
{
    put_move(e, m);
    put(e, ": ");
    put_int(e, (long long)count);
    put_end(e);
}

void wf_uci_report_perft_total(wf_chess_engine *e, uint64_t total)
{
    put_end(e);
    put(e, "Nodes searched: ");
    put_int(e, (long long)total);
    put_end(e);
    put_end(e);
}
