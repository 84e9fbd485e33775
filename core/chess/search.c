/* SPDX-License-Identifier: MIT
 *
 * search.c: iterative deepening, principal variation search with
 * aspiration windows, quiescence search, transposition table, null move,
 * late move reductions, futility and reverse futility pruning, singular
 * extensions, MultiPV, and the slice/time logic (see search.h for how
 * slicing works). A search stopped in the middle of an iteration plays the
 * best move that iteration has proved so far, when it found one better than
 * the previous iteration's.
 *
 * Around it: move ordering, history and SEE in movepick.c; the evaluation
 * behind the wf_eval*() calls of eval.h (told of every move made and
 * unmade); what the search finds goes to uci.c as wf_search_info and
 * wf_search_result, which alone writes UCI text.
 */
#include "search.h"
#include "engine.h"
#include "eval.h"
#include "movegen.h"
#include "movepick.h"
#include "uci.h"
#include <string.h>

/* 1000 * ln(i), i = 0..63 (ln(0) taken as 0): integer, so every backend
 * computes the same reductions. */
/* clang-format off */
static const int16_t ln1000[64] = {
    0, 0, 693, 1099, 1386, 1609, 1792, 1946, 2079, 2197, 2303, 2398, 2485, 2565, 2639, 2708,
    2773, 2833, 2890, 2944, 2996, 3045, 3091, 3135, 3178, 3219, 3258, 3296, 3332, 3367, 3401, 3434,
    3466, 3497, 3526, 3555, 3584, 3611, 3638, 3664, 3689, 3714, 3738, 3761, 3784, 3807, 3829, 3850,
    3871, 3892, 3912, 3932, 3951, 3970, 3989, 4007, 4025, 4043, 4060, 4078, 4094, 4111, 4127, 4143};
/* clang-format on */

static inline int lmr_reduction(int depth, int moves)
{
    int d = depth > 63 ? 63 : depth, m = moves > 63 ? 63 : moves;
    return (750 + ln1000[d] * ln1000[m] / 2250) / 1000;
}

/* ---- helpers ------------------------------------------------------------ */

static inline int score_to_tt(int s, int ply)
{
    return s >= WF_MATE_BOUND ? s + ply : s <= -WF_MATE_BOUND ? s - ply : s;
}
static inline int score_from_tt(int s, int ply)
{
    return s >= WF_MATE_BOUND ? s - ply : s <= -WF_MATE_BOUND ? s + ply : s;
}

static inline int has_non_pawn(const wf_board *b, int c)
{
    return (b->colors[c] & ~(b->pieces[WF_PAWN] | b->pieces[WF_KING])) != 0;
}

static inline int count_node(wf_search *s)
{
    s->nodes++;
    if (s->nodes >= s->abort_at) {
        s->aborted = 1;
        return 1;
    }
    return 0;
}

#ifndef WF_SE_DEPTH
#define WF_SE_DEPTH 8 /* least depth of a singular extension search */
#endif

/* Makes m at ply of the searched line: the move is recorded for the
 * continuation history and announced to the evaluation. */
static inline void make_move(wf_chess_engine *e, int ply, wf_move m)
{
    wf_history_push(&e->s.h, &e->board, ply, m);
    wf_eval_make(&e->eval, &e->board, m);
    wf_board_make(&e->board, m);
}

static inline void unmake_move(wf_chess_engine *e)
{
    wf_board_unmake(&e->board);
    wf_eval_unmake(&e->eval);
}

static inline void make_null(wf_chess_engine *e, int ply)
{
    e->s.h.move_stack[ply] = WF_NO_MOVE;
    wf_eval_make(&e->eval, &e->board, WF_NO_MOVE);
    wf_board_make_null(&e->board);
}

static inline void unmake_null(wf_chess_engine *e)
{
    wf_board_unmake_null(&e->board);
    wf_eval_unmake(&e->eval);
}

/* (makes and unmakes m on the board only: nothing is evaluated meanwhile) */
static inline int move_gives_check(wf_board *b, wf_move m)
{
    wf_board_make(b, m);
    int c = wf_board_in_check(b);
    wf_board_unmake(b);
    return c;
}

/* ---- quiescence --------------------------------------------------------- */

static int qsearch(wf_chess_engine *e, int alpha, int beta, int ply)
{
    wf_search *s = &e->s;
    wf_board *b = &e->board;
    if (count_node(s))
        return 0;
    if (ply > s->seldepth)
        s->seldepth = ply;
    if (ply >= WF_MAX_PLY)
        return wf_eval(&e->eval, b);
    if (b->fifty >= 100 || wf_board_insufficient_material(b))
        return 0;
    int pv_node = beta - alpha > 1;
    wf_tt_entry tte;
    wf_tt_entry *te = wf_tt_probe(&e->tt, b->key, &tte) ? &tte : NULL;
    wf_move tt_move = WF_NO_MOVE;
    if (te) {
        int ts = score_from_tt(te->score, ply), bd = te->gen_bound & 3;
        tt_move = te->move;
        if (!pv_node &&
            (bd == WF_BOUND_EXACT || (bd == WF_BOUND_LOWER && ts >= beta) || (bd == WF_BOUND_UPPER && ts <= alpha)))
            return ts;
    }
    int in_check = wf_board_in_check(b);
    int stand = -WF_INF, best = -WF_INF, eval = 0;
    if (!in_check) {
        stand = te ? te->eval : wf_eval(&e->eval, b);
        eval = stand;
        if (te) {
            int ts = score_from_tt(te->score, ply), bd = te->gen_bound & 3;
            if (ts > -WF_MATE_BOUND && ts < WF_MATE_BOUND &&
                ((bd == WF_BOUND_LOWER && ts > stand) || (bd == WF_BOUND_UPPER && ts < stand)))
                stand = ts;
        }
        if (stand >= beta)
            return stand;
        if (stand > alpha)
            alpha = stand;
        best = stand;
    }
    wf_move list[WF_MAX_MOVES];
    int scores[WF_MAX_MOVES];
    int n = wf_gen_legal(b, list, in_check ? WF_GEN_ALL : WF_GEN_NOISY);
    if (in_check && n == 0)
        return -WF_MATE + ply;
    wf_order_score(b, &s->h, list, scores, n, tt_move, ply);
    wf_move best_move = WF_NO_MOVE;
    int old_alpha = alpha;
    for (int i = 0; i < n; i++) {
        wf_move m = wf_order_pick(b, list, scores, n, i);
        if (!in_check) {
            if (scores[i] < 0 && m != tt_move)
                break; /* losing captures (SEE < 0) and under-promotions: skip the rest */
            int victim = WF_MFLAGS(m) == WF_MF_EP          ? WF_PAWN
                         : b->sq[WF_MTO(m)] == WF_NO_PIECE ? WF_NO_TYPE
                                                           : WF_PTYPE(b->sq[WF_MTO(m)]);
            if (!WF_MIS_PROMO(m) && stand + wf_see_value[victim] + 200 <= alpha)
                continue; /* delta pruning */
        }
        make_move(e, ply, m);
        wf_tt_prefetch(&e->tt, b->key);
        int sc = -qsearch(e, -beta, -alpha, ply + 1);
        unmake_move(e);
        if (s->aborted)
            return 0;
        if (sc > best) {
            best = sc;
            if (sc > alpha) {
                alpha = sc;
                best_move = m;
                if (sc >= beta)
                    break;
            }
        }
    }
    int bound = best >= beta ? WF_BOUND_LOWER : alpha > old_alpha ? WF_BOUND_EXACT : WF_BOUND_UPPER;
    wf_tt_store(&e->tt, b->key, best_move, score_to_tt(best, ply), eval, 0, bound);
    return best;
}

/* ---- main search -------------------------------------------------------- */

static int search(wf_chess_engine *e, int alpha, int beta, int depth, int ply, int cut_node, wf_move excluded_null)
{
    wf_search *s = &e->s;
    wf_board *b = &e->board;
    int pv_node = beta - alpha > 1;
    s->pv_len[ply] = 0;
    int in_check = wf_board_in_check(b);
    if (in_check && depth < WF_MAX_PLY)
        depth++; /* check extension */
    if (depth <= 0)
        return qsearch(e, alpha, beta, ply);
    if (count_node(s))
        return 0;
    if (ply > s->seldepth)
        s->seldepth = ply;
    /* draws */
    if (wf_board_is_repetition(b, 1) || wf_board_insufficient_material(b))
        return 0;
    if (b->fifty >= 100) {
        if (!in_check)
            return 0;
        wf_move l[WF_MAX_MOVES];
        return wf_gen_legal(b, l, WF_GEN_ALL) ? 0 : -WF_MATE + ply;
    }
    if (ply >= WF_MAX_PLY)
        return in_check ? 0 : wf_eval(&e->eval, b);
    /* mate distance pruning */
    {
        int ma = alpha > -WF_MATE + ply ? alpha : -WF_MATE + ply;
        int mb = beta < WF_MATE - ply - 1 ? beta : WF_MATE - ply - 1;
        if (ma >= mb)
            return ma;
    }
    /* transposition table */
    wf_tt_entry tte;
    wf_tt_entry *te = wf_tt_probe(&e->tt, b->key, &tte) ? &tte : NULL;
    wf_move tt_move = WF_NO_MOVE;
    int tt_score = 0, tt_bound = 0, tt_depth = -1;
    wf_move excluded = s->excluded[ply];
    if (te) {
        tt_move = te->move;
        tt_score = score_from_tt(te->score, ply);
        tt_bound = te->gen_bound & 3;
        tt_depth = te->depth;
        if (tt_depth >= depth && !excluded &&
            (tt_bound == WF_BOUND_EXACT || (!pv_node && ((tt_bound == WF_BOUND_LOWER && tt_score >= beta) ||
                                                         (tt_bound == WF_BOUND_UPPER && tt_score <= alpha))))) {
            if (pv_node && tt_move && !wf_is_legal(b, tt_move))
                tt_move = WF_NO_MOVE; /* key collision: do not trust it */
            else {
                if (tt_move && tt_score >= beta && !WF_MIS_CAPTURE(tt_move) && !WF_MIS_PROMO(tt_move))
                    wf_history_update(&s->h, b->side, tt_move, depth * depth);
                if (pv_node && tt_move) {
                    s->pv[ply][0] = tt_move;
                    s->pv_len[ply] = 1;
                }
                return tt_score;
            }
        }
    }
    int static_eval;
    if (in_check)
        static_eval = -WF_INF;
    else if (te)
        static_eval = te->eval;
    else
        static_eval = wf_eval(&e->eval, b);
    s->eval_stack[ply] = static_eval;
    /* the table's bound on the score is a better estimate than the static eval */
    int eval = static_eval;
    if (te && !in_check && tt_score > -WF_MATE_BOUND && tt_score < WF_MATE_BOUND &&
        ((tt_bound == WF_BOUND_LOWER && tt_score > eval) || (tt_bound == WF_BOUND_UPPER && tt_score < eval) ||
         tt_bound == WF_BOUND_EXACT))
        eval = tt_score;
    int improving = !in_check && ply >= 2 && s->eval_stack[ply - 2] != -WF_INF && static_eval > s->eval_stack[ply - 2];
    wf_history_clear_killers(&s->h, ply + 1);

    if (!pv_node && !in_check && !excluded) {
        /* reverse futility */
        if (depth <= 8 && eval - (80 - 20 * improving) * depth >= beta && eval < WF_MATE_BOUND)
            return eval;
        /* razoring */
        if (depth <= 3 && eval + 250 * depth < alpha) {
            int q = qsearch(e, alpha, alpha + 1, ply);
            if (s->aborted)
                return 0;
            if (q <= alpha)
                return q;
        }
        /* null move */
        if (depth >= 3 && eval >= beta && static_eval >= beta - 20 * depth && !excluded_null &&
            has_non_pawn(b, b->side) && beta > -WF_MATE_BOUND) {
            int r = 3 + depth / 4 + (eval - beta > 200 ? 1 : 0);
            make_null(e, ply);
            int sc = -search(e, -beta, -beta + 1, depth - 1 - r, ply + 1, !cut_node, 1);
            unmake_null(e);
            if (s->aborted)
                return 0;
            if (sc >= beta)
                return sc >= WF_MATE_BOUND ? beta : sc;
        }
    }
    /* internal iterative reduction */
    if (!tt_move && depth >= 4 && (pv_node || cut_node))
        depth--;

    wf_move list[WF_MAX_MOVES];
    int scores[WF_MAX_MOVES];
    int n = wf_gen_legal(b, list, WF_GEN_ALL);
    if (n == 0)
        return in_check ? -WF_MATE + ply : 0;
    wf_order_score(b, &s->h, list, scores, n, tt_move, ply);

    int best = -WF_INF, old_alpha = alpha, searched = 0;
    wf_move best_move = WF_NO_MOVE;
    wf_move quiets[WF_MAX_MOVES];
    int nquiets = 0;
    for (int i = 0; i < n; i++) {
        wf_move m = wf_order_pick(b, list, scores, n, i);
        if (m == excluded)
            continue;
        int quiet = !WF_MIS_CAPTURE(m) && !WF_MIS_PROMO(m);
        if (!pv_node && !in_check && best > -WF_MATE_BOUND && searched > 0) {
            if (quiet) {
                /* late move pruning */
                if (depth <= 8 && searched >= (5 + depth * depth) / (2 - improving))
                    continue;
                /* futility pruning (not of checks) */
                if (depth <= 6 && eval + 100 + 90 * depth <= alpha && !move_gives_check(b, m))
                    continue;
                if (depth <= 4 && !wf_see_ge(b, m, -60 * depth))
                    continue;
            } else if (depth <= 6 && !wf_see_ge(b, m, -100 * depth)) {
                continue;
            }
        }
        /* singular extension: the table move is extended when every other
         * move fails low against a margin below its score */
        int ext = 0;
        if (m == tt_move && !excluded && depth >= WF_SE_DEPTH && tt_depth >= depth - 3 && (tt_bound & WF_BOUND_LOWER) &&
            tt_score > -WF_MATE_BOUND && tt_score < WF_MATE_BOUND) {
            int sbeta = tt_score - 2 * depth;
            s->excluded[ply] = m;
            int ssc = search(e, sbeta - 1, sbeta, (depth - 1) / 2, ply, cut_node, 0);
            s->excluded[ply] = WF_NO_MOVE;
            if (s->aborted)
                return 0;
            if (ssc < sbeta)
                ext = 1;
            else if (sbeta >= beta)
                return sbeta; /* multi-cut: more than one move beats beta */
        }
        make_move(e, ply, m);
        wf_tt_prefetch(&e->tt, b->key);
        searched++;
        int gives_check = wf_board_in_check(b);
        int sc;
        int newd = depth - 1 + ext;
        if (searched == 1) {
            sc = -search(e, -beta, -alpha, newd, ply + 1, pv_node ? 0 : !cut_node, 0);
        } else {
            int r = 0;
            if (depth >= 3 && searched > 1 + pv_node && (quiet || scores[i] < 0)) {
                r = lmr_reduction(depth, searched);
                r += !pv_node;
                r += cut_node;
                r -= !improving ? 0 : 1;
                r -= gives_check;
                if (quiet)
                    r -= wf_history_get(&s->h, b->side ^ 1, m) / 6000;
                if (quiet && wf_order_is_killer_score(scores[i]))
                    r--; /* killer */
                if (r < 0)
                    r = 0;
                if (r > newd - 1)
                    r = newd - 1 > 0 ? newd - 1 : 0;
            }
            sc = -search(e, -alpha - 1, -alpha, newd - r, ply + 1, 1, 0);
            if (sc > alpha && r > 0)
                sc = -search(e, -alpha - 1, -alpha, newd, ply + 1, !cut_node, 0);
            if (sc > alpha && pv_node)
                sc = -search(e, -beta, -alpha, newd, ply + 1, 0, 0);
        }
        unmake_move(e);
        if (s->aborted)
            return 0;
        if (sc > best) {
            best = sc;
            if (sc > alpha) {
                best_move = m;
                alpha = sc;
                if (pv_node) {
                    s->pv[ply][0] = m;
                    memcpy(&s->pv[ply][1], s->pv[ply + 1], sizeof(wf_move) * (size_t)s->pv_len[ply + 1]);
                    s->pv_len[ply] = s->pv_len[ply + 1] + 1;
                }
                if (sc >= beta) {
                    if (quiet) {
                        int bonus = depth * depth > 1200 ? 1200 : depth * depth;
                        wf_history_cutoff(&s->h, b, ply, m, bonus, quiets, nquiets);
                    }
                    break;
                }
            }
        }
        if (quiet && nquiets < WF_MAX_MOVES)
            quiets[nquiets++] = m;
    }
    if (excluded)
        return best == -WF_INF ? alpha : best; /* not stored: the excluded move is missing */
    int bound = best >= beta ? WF_BOUND_LOWER : alpha > old_alpha ? WF_BOUND_EXACT : WF_BOUND_UPPER;
    wf_tt_store(&e->tt, b->key, best_move, score_to_tt(best, ply), in_check ? 0 : static_eval, depth, bound);
    return best;
}

/* Root search over root moves [first, nroot). Updates root[].score and pv. */
static int search_root(wf_chess_engine *e, int alpha, int beta, int depth, int first)
{
    wf_search *s = &e->s;
    wf_board *b = &e->board;
    int best = -WF_INF;
    s->pv_len[0] = 0;
    wf_history_clear_killers(&s->h, 1);
    int in_check = wf_board_in_check(b);
    s->eval_stack[0] = in_check ? -WF_INF : wf_eval(&e->eval, b);
    if (count_node(s))
        return 0;
    int searched = 0;
    for (int i = first; i < s->nroot; i++) {
        wf_rootmove *rm = &s->root[i];
        wf_move m = rm->move;
        make_move(e, 0, m);
        searched++;
        int sc, newd = depth - 1;
        if (searched == 1) {
            sc = -search(e, -beta, -alpha, newd, 1, 0, 0);
        } else {
            int r = 0;
            int quiet = !WF_MIS_CAPTURE(m) && !WF_MIS_PROMO(m);
            if (depth >= 3 && searched > 3 && quiet && !in_check && !wf_board_in_check(b)) {
                r = lmr_reduction(depth, searched) - 1;
                if (r < 0)
                    r = 0;
                if (r > newd - 1)
                    r = newd - 1 > 0 ? newd - 1 : 0;
            }
            sc = -search(e, -alpha - 1, -alpha, newd - r, 1, 1, 0);
            if (sc > alpha && r > 0)
                sc = -search(e, -alpha - 1, -alpha, newd, 1, 1, 0);
            if (sc > alpha)
                sc = -search(e, -beta, -alpha, newd, 1, 0, 0);
        }
        unmake_move(e);
        if (s->aborted)
            return 0;
        if (searched > 1 && sc > alpha && first == 0) {
            s->iter_best = m;
            s->iter_ponder = s->pv_len[1] > 0 ? s->pv[1][0] : WF_NO_MOVE;
            s->iter_depth = depth;
        }
        if (searched == 1 || sc > alpha) {
            rm->score = sc;
            rm->pv[0] = m;
            int l = s->pv_len[1];
            if (l > WF_MAX_PLY - 1)
                l = WF_MAX_PLY - 1;
            memcpy(&rm->pv[1], s->pv[1], sizeof(wf_move) * (size_t)l);
            rm->pv_len = l + 1;
        } else {
            rm->score = -WF_INF;
        }
        if (sc > best) {
            best = sc;
            if (sc > alpha) {
                alpha = sc;
                if (sc >= beta)
                    break;
            }
        }
    }
    for (int i = first + searched; i < s->nroot; i++)
        s->root[i].score = -WF_INF;
    return best;
}

/* stable sort of root[from..nroot) by score, descending */
static void sort_root(wf_search *s, int from)
{
    for (int i = from + 1; i < s->nroot; i++) {
        wf_rootmove tmp = s->root[i];
        int j = i - 1;
        while (j >= from && s->root[j].score < tmp.score) {
            s->root[j + 1] = s->root[j];
            j--;
        }
        s->root[j + 1] = tmp;
    }
}

/* ---- reports ------------------------------------------------------------ */

static void report_info(wf_chess_engine *e, int depth, int idx, double now_ms, int bound)
{
    wf_search *s = &e->s;
    if (e->thread_index)
        return; /* a helper thread's lines would only repeat the main thread's */
    wf_rootmove *rm = &s->root[idx];
    double el = now_ms - s->start_ms;
    wf_search_info info;
    info.depth = depth;
    info.seldepth = s->seldepth > depth ? s->seldepth : depth;
    info.multipv = idx + 1;
    info.score = rm->score == -WF_INF ? rm->prev_score : rm->score;
    info.bound = bound;
    info.nodes = s->nodes + e->helper_nodes;
    info.elapsed_ms = el < 0 ? 0 : el;
    info.hashfull = wf_tt_hashfull(&e->tt);
    info.pv_len = rm->pv_len;
    info.pv = rm->pv;
    wf_uci_report_info(e, &info);
}

/* A PV cut short by a transposition-table hit is completed from the table:
 * follow the stored moves while they are legal, up to `depth` moves. */
static void extend_pv(wf_chess_engine *e, wf_rootmove *rm, int depth)
{
    wf_board *b = &e->board;
    int made = 0;
    for (int i = 0; i < rm->pv_len; i++, made++)
        wf_board_make(b, rm->pv[i]);
    while (rm->pv_len < depth && rm->pv_len < WF_MAX_PLY - 1 && !wf_board_is_repetition(b, 1)) {
        wf_tt_entry tte;
        wf_tt_entry *te = wf_tt_probe(&e->tt, b->key, &tte) ? &tte : NULL;
        if (!te || !te->move || !wf_is_legal(b, te->move))
            break;
        rm->pv[rm->pv_len++] = te->move;
        wf_board_make(b, te->move);
        made++;
    }
    while (made--)
        wf_board_unmake(b);
}

/* ---- driver ------------------------------------------------------------- */

/* Lazy SMP: helper threads skip some depths so that the threads do not all
 * search the same iteration at the same time; helper i (1, 2, ...) skips
 * depth d when ((d + phase) / size) is odd, with size and phase from the
 * tables below by (i - 1) % 20 (1 helper: every other depth). */
/* clang-format off */
static const uint8_t skip_size[20] = {1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4};
static const uint8_t skip_phase[20] = {0, 1, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 6, 7};
/* clang-format on */

static int next_depth(const wf_chess_engine *e, int depth)
{
    int d = depth + 1;
    if (e->thread_index > 0) {
        int i = (e->thread_index - 1) % 20;
        while (d < WF_MAX_PLY - 2 && ((d + skip_phase[i]) / skip_size[i]) % 2)
            d++;
    }
    return d;
}

void wf_search_start(wf_chess_engine *e, const wf_search_limits *lim, double now_ms)
{
    wf_search *s = &e->s;
    wf_board *b = &e->board;
    s->perft = 0;
    s->infinite = lim->infinite;
    s->ponder = lim->ponder;
    s->use_time = lim->use_time;
    s->soft_ms = lim->soft_ms;
    s->hard_ms = lim->hard_ms;
    s->depth_limit = lim->depth_limit;
    s->mate_limit = lim->mate_limit;
    s->nodes_limit = lim->nodes_limit;
    s->active = 1;
    s->waiting = 0;
    s->start_ms = now_ms;
    s->now_ms = now_ms;
    s->nodes = 0;
    e->helper_nodes = 0;
    s->aborted = 0;
    s->seldepth = 0;
    s->depth = 1;
    s->completed_depth = 0;
    s->restarts = 0;
    s->best = s->ponder_move = WF_NO_MOVE;
    s->iter_best = s->iter_ponder = WF_NO_MOVE;
    s->iter_depth = 0;
    s->best_score = 0;
    s->plan = lim->plan;
    s->report = lim->multipv;
    s->multipv = lim->multipv;
    if (s->plan.active && s->multipv < s->plan.candidates)
        s->multipv = s->plan.candidates;
    wf_tt_new_search(&e->tt);
    wf_history_age(&s->h);
    memset(s->excluded, 0, sizeof s->excluded);
    wf_move list[WF_MAX_MOVES];
    int n = wf_gen_legal(b, list, WF_GEN_ALL);
    if (lim->nsearchmoves > 0) {
        /* 'searchmoves': keep the listed legal moves only */
        int k = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < lim->nsearchmoves; j++)
                if (list[i] == lim->searchmoves[j]) {
                    list[k++] = list[i];
                    break;
                }
        n = k;
    }
    /* order: TT move first, then captures by MVV/LVA, then the rest */
    int scores[WF_MAX_MOVES];
    wf_tt_entry tte;
    wf_tt_entry *te = wf_tt_probe(&e->tt, b->key, &tte) ? &tte : NULL;
    wf_order_score(b, &s->h, list, scores, n, te ? te->move : WF_NO_MOVE, 0);
    s->nroot = n;
    for (int i = 0; i < n; i++) {
        wf_move m = wf_order_pick(b, list, scores, n, i);
        s->root[i].move = m;
        s->root[i].score = s->root[i].prev_score = -WF_INF;
        s->root[i].pv[0] = m;
        s->root[i].pv_len = 1;
    }
    if (s->multipv > n)
        s->multipv = n;
    if (s->multipv < 1)
        s->multipv = 1;
    if (s->report > s->multipv)
        s->report = s->multipv;
    if (s->report < 1)
        s->report = 1;
    wf_eval_reset(&e->eval, b);
}

void wf_search_start_perft(wf_chess_engine *e, int depth)
{
    wf_search *s = &e->s;
    s->active = 1;
    s->perft = 1;
    s->perft_depth = depth;
    s->perft_idx = 0;
    s->perft_total = 0;
    s->perft_n = depth == 0 ? 0 : wf_gen_legal(&e->board, s->perft_moves, WF_GEN_ALL);
    if (depth == 0)
        s->perft_total = 1;
}

void wf_search_ponderhit(wf_chess_engine *e, double now_ms)
{
    wf_search *s = &e->s;
    if (!s->active || !s->ponder)
        return;
    s->ponder = 0;
    /* the clock starts now */
    double el = now_ms - s->start_ms;
    s->soft_ms += el;
    s->hard_ms += el;
    if (s->waiting) {
        s->waiting = 0;
        if (!s->infinite)
            wf_search_finish(e, now_ms);
        else
            s->waiting = 1;
    }
}

void wf_search_clear(wf_chess_engine *e) { wf_history_clear(&e->s.h); }

void wf_search_finish(wf_chess_engine *e, double now_ms)
{
    wf_search *s = &e->s;
    (void)now_ms;
    if (!s->active)
        return;
    s->active = 0;
    s->waiting = 0;
    if (s->perft) {
        s->perft = 0;
        wf_uci_report_perft_total(e, s->perft_total);
        return;
    }
    wf_search_result r;
    if (s->nroot == 0) {
        r.best = r.ponder = WF_NO_MOVE;
        r.in_check = wf_board_in_check(&e->board);
        wf_uci_report_bestmove(e, &r);
        return;
    }
    wf_move best = s->best ? s->best : s->root[0].move;
    wf_move ponder = s->ponder_move;
    if (s->iter_best && s->iter_depth > s->completed_depth && s->multipv == 1) {
        /* the unfinished iteration already found a better move */
        best = s->iter_best;
        ponder = s->iter_ponder;
    }
    if (s->plan.active && s->completed_depth >= 1) {
        /* weakened play: one of the candidate lines of the last completed iteration */
        int scores[WF_MAX_MOVES];
        int n = s->multipv;
        for (int i = 0; i < n; i++)
            scores[i] = s->root[i].prev_score;
        int k = wf_strength_pick(&e->strength, &s->plan, e->board.key, scores, n);
        best = s->root[k].move;
        ponder = s->root[k].pv_len > 1 ? s->root[k].pv[1] : WF_NO_MOVE;
    }
    if (!ponder) {
        /* try the transposition table */
        wf_board_make(&e->board, best);
        wf_tt_entry tte;
        wf_tt_entry *te = wf_tt_probe(&e->tt, e->board.key, &tte) ? &tte : NULL;
        if (te && te->move && wf_is_legal(&e->board, te->move))
            ponder = te->move;
        wf_board_unmake(&e->board);
    }
    r.best = best;
    r.ponder = ponder;
    r.in_check = 0;
    wf_uci_report_bestmove(e, &r);
}

static int run_perft(wf_chess_engine *e, double now_ms, uint32_t max_nodes)
{
    wf_search *s = &e->s;
    uint64_t budget = 0;
    while (s->perft_idx < s->perft_n) {
        wf_move m = s->perft_moves[s->perft_idx++];
        uint64_t c;
        wf_board_make(&e->board, m);
        c = wf_perft(&e->board, s->perft_depth - 1);
        wf_board_unmake(&e->board);
        s->perft_total += c;
        wf_uci_report_perft_move(e, m, c);
        budget += c;
        if (budget >= max_nodes)
            break;
    }
    if (s->perft_idx >= s->perft_n) {
        wf_search_finish(e, now_ms);
        return 0;
    }
    return 1;
}

int wf_search_run(wf_chess_engine *e, double now_ms, uint32_t max_nodes)
{
    wf_search *s = &e->s;
    if (!s->active)
        return 0;
    if (max_nodes == 0)
        max_nodes = 1;
    s->now_ms = now_ms;
    if (s->perft)
        return run_perft(e, now_ms, max_nodes);
    if (s->nroot == 0) {
        wf_search_finish(e, now_ms);
        return 0;
    }
    if (s->waiting)
        return 2;
    double el = now_ms - s->start_ms;
    if (s->use_time && s->completed_depth >= 1 && !s->ponder && el >= s->hard_ms) {
        wf_search_finish(e, now_ms);
        return 0;
    }
    /* An iteration abandoned again and again (each restart re-walks the part
     * already searched) gets a growing budget, so that it always completes. */
    uint64_t budget = (uint64_t)max_nodes << (s->restarts / 16 > 4 ? 4 : s->restarts / 16);
    s->abort_at = s->nodes + budget;
    if (s->nodes_limit && s->abort_at > s->nodes_limit)
        s->abort_at = s->nodes_limit;
    for (;;) {
        int depth = s->depth;
        /* remember the root order so an abandoned iteration restarts identically */
        for (int i = 0; i < s->nroot; i++) {
            s->saved_order[i] = s->root[i].move;
            s->saved_prev[i] = s->root[i].prev_score;
        }
        s->aborted = 0;
        for (int pv_idx = 0; pv_idx < s->multipv && !s->aborted; pv_idx++) {
            int prev = s->root[pv_idx].prev_score;
            int delta = 25, alpha = -WF_INF, beta = WF_INF;
            if (depth >= 5 && prev > -WF_MATE_BOUND && prev < WF_MATE_BOUND) {
                alpha = prev - delta;
                beta = prev + delta;
            }
            for (;;) {
                int sc = search_root(e, alpha, beta, depth, pv_idx);
                if (s->aborted)
                    break;
                sort_root(s, pv_idx);
                if (sc <= alpha) {
                    beta = (alpha + beta) / 2;
                    alpha = sc - delta > -WF_INF ? sc - delta : -WF_INF;
                } else if (sc >= beta) {
                    beta = sc + delta < WF_INF ? sc + delta : WF_INF;
                } else {
                    break;
                }
                delta += delta / 2;
                if (delta > 1000) {
                    alpha = -WF_INF;
                    beta = WF_INF;
                }
            }
        }
        if (s->aborted) {
            /* restore the root list as it was when this iteration began */
            for (int i = 0; i < s->nroot; i++) {
                for (int j = i; j < s->nroot; j++) {
                    if (s->root[j].move == s->saved_order[i]) {
                        wf_rootmove tmp = s->root[i];
                        s->root[i] = s->root[j];
                        s->root[j] = tmp;
                        break;
                    }
                }
                s->root[i].prev_score = s->saved_prev[i];
            }
            if (s->nodes_limit && s->nodes >= s->nodes_limit) {
                wf_search_finish(e, now_ms);
                return 0;
            }
            s->restarts++;
            return 1;
        }
        /* iteration complete */
        s->restarts = 0;
        for (int i = 0; i < s->nroot; i++)
            s->root[i].prev_score = s->root[i].score;
        s->completed_depth = depth;
        s->best = s->root[0].move;
        s->ponder_move = s->root[0].pv_len > 1 ? s->root[0].pv[1] : WF_NO_MOVE;
        s->best_score = s->root[0].score;
        for (int i = 0; i < s->multipv; i++) {
            extend_pv(e, &s->root[i], depth);
            if (i < s->report)
                report_info(e, depth, i, now_ms, WF_BOUND_EXACT);
        }
        s->depth = next_depth(e, depth);
        int done = 0;
        if (depth >= s->depth_limit || depth >= WF_MAX_PLY - 2)
            done = 1;
        if (s->mate_limit && s->best_score >= WF_MATE_BOUND && (WF_MATE - s->best_score + 1) / 2 <= s->mate_limit)
            done = 1;
        if (s->use_time && !s->ponder && now_ms - s->start_ms >= s->soft_ms)
            done = 1;
        if (s->use_time && !s->ponder && s->nroot == 1 && depth >= 4)
            done = 1;
        if (done) {
            if (s->infinite || s->ponder) {
                s->waiting = 1;
                return 2;
            }
            wf_search_finish(e, now_ms);
            return 0;
        }
        if (s->nodes >= s->abort_at) {
            if (s->nodes_limit && s->nodes >= s->nodes_limit) {
                wf_search_finish(e, now_ms);
                return 0;
            }
            return 1;
        }
    }
}
