/* SPDX-License-Identifier: MIT
 *
 * search.c: iterative deepening, principal variation search with
 * aspiration windows, quiescence search, transposition table, null move,
 * late move reductions, futility and reverse futility pruning, singular
 * extensions, SEE (checked lazily in move ordering), MultiPV, and the
 * slice/time logic (see search.h for how slicing works). A search stopped in
 * the middle of an iteration plays the best move that iteration has proved
 * so far, when it found one better than the previous iteration's.
 */
#include "search.h"
#include "eval.h"
#include "movegen.h"
#include <string.h>

/* 1000 * ln(i), i = 0..63 (ln(0) taken as 0): integer, so every backend
 * computes the same reductions. */
static const int16_t ln1000[64] = {
    0, 0, 693, 1099, 1386, 1609, 1792, 1946, 2079, 2197, 2303, 2398, 2485, 2565, 2639, 2708,
    2773, 2833, 2890, 2944, 2996, 3045, 3091, 3135, 3178, 3219, 3258, 3296, 3332, 3367, 3401, 3434,
    3466, 3497, 3526, 3555, 3584, 3611, 3638, 3664, 3689, 3714, 3738, 3761, 3784, 3807, 3829, 3850,
    3871, 3892, 3912, 3932, 3951, 3970, 3989, 4007, 4025, 4043, 4060, 4078, 4094, 4111, 4127, 4143};

static inline int lmr_reduction(int depth, int moves)
{
    int d = depth > 63 ? 63 : depth, m = moves > 63 ? 63 : moves;
    return (750 + ln1000[d] * ln1000[m] / 2250) / 1000;
}

/* ---- static exchange evaluation --------------------------------------- */

int wf_see_ge(const wf_board *b, wf_move m, int threshold)
{
    int fl = WF_MFLAGS(m);
    if (fl == WF_MF_KCASTLE || fl == WF_MF_QCASTLE || (fl & WF_MF_PROMO))
        return 0 >= threshold;
    int from = WF_MFROM(m), to = WF_MTO(m);
    int captured = fl == WF_MF_EP ? WF_PAWN : (b->sq[to] == WF_NO_PIECE ? WF_NO_TYPE : WF_PTYPE(b->sq[to]));
    int swap = wf_see_value[captured] - threshold;
    if (swap < 0)
        return 0;
    swap = wf_see_value[WF_PTYPE(b->sq[from])] - swap;
    if (swap <= 0)
        return 1;
    wf_bb occ = wf_board_occ(b) ^ WF_BIT(from) ^ WF_BIT(to);
    if (fl == WF_MF_EP)
        occ ^= WF_BIT(b->side == WF_WHITE ? to - 8 : to + 8);
    wf_bb attackers = wf_board_attackers(b, to, occ) & occ;
    wf_bb diag = b->pieces[WF_BISHOP] | b->pieces[WF_QUEEN];
    wf_bb orth = b->pieces[WF_ROOK] | b->pieces[WF_QUEEN];
    int stm = b->side, res = 1;
    for (;;) {
        stm ^= 1;
        attackers &= occ;
        wf_bb mine = attackers & b->colors[stm];
        if (!mine)
            break;
        res ^= 1;
        int pt;
        wf_bb bb = 0;
        for (pt = WF_PAWN; pt <= WF_KING; pt++) {
            bb = mine & b->pieces[pt];
            if (bb)
                break;
        }
        if (pt == WF_KING)
            return (attackers & b->colors[stm ^ 1]) ? res ^ 1 : res;
        swap = wf_see_value[pt] - swap;
        if (swap < res)
            break;
        occ ^= bb & (~bb + 1);
        if (pt == WF_PAWN || pt == WF_BISHOP || pt == WF_QUEEN)
            attackers |= wf_bishop_attacks(to, occ) & diag;
        if (pt == WF_ROOK || pt == WF_QUEEN)
            attackers |= wf_rook_attacks(to, occ) & orth;
    }
    return res;
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

/* The continuation-history entry of (piece, to) after the move `back` plies up, or NULL. */
static inline int16_t *cont_entry(wf_search *s, int ply, int back, int piece, int to)
{
    if (ply < back || !s->move_stack[ply - back])
        return NULL;
    return &s->cont[s->piece_stack[ply - back]][WF_MTO(s->move_stack[ply - back])][piece][to];
}

static void score_moves(const wf_board *b, wf_search *s, const wf_move *list, int *scores,
                        int n, wf_move tt_move, int ply)
{
    for (int i = 0; i < n; i++) {
        wf_move m = list[i];
        int sc;
        if (m == tt_move) {
            sc = 2000000;
        } else if (WF_MIS_CAPTURE(m) || (WF_MIS_PROMO(m) && WF_MPROMO(m) == WF_QUEEN)) {
            int victim = WF_MFLAGS(m) == WF_MF_EP ? WF_PAWN
                       : b->sq[WF_MTO(m)] == WF_NO_PIECE ? WF_NO_TYPE : WF_PTYPE(b->sq[WF_MTO(m)]);
            int attacker = WF_PTYPE(b->sq[WF_MFROM(m)]);
            int mvv = wf_see_value[victim] * 8 - attacker;
            if (WF_MIS_PROMO(m))
                mvv += 8000;
            sc = 1000000 + mvv; /* SEE checked lazily by pick() */
        } else if (WF_MIS_PROMO(m)) {
            sc = -300000 + WF_MPROMO(m); /* under-promotions last */
        } else if (m == s->killers[ply][0]) {
            sc = 900000;
        } else if (m == s->killers[ply][1]) {
            sc = 890000;
        } else {
            sc = s->history[b->side][WF_MFROM(m)][WF_MTO(m)];
            int16_t *c1 = cont_entry(s, ply, 1, b->sq[WF_MFROM(m)], WF_MTO(m));
            int16_t *c2 = cont_entry(s, ply, 2, b->sq[WF_MFROM(m)], WF_MTO(m));
            if (c1)
                sc += *c1;
            if (c2)
                sc += *c2;
            if (ply > 0) {
                wf_move prev = s->move_stack[ply - 1];
                if (prev && s->counter[s->piece_stack[ply - 1]][WF_MTO(prev)] == m)
                    sc += 20000;
            }
        }
        scores[i] = sc;
    }
}

/* Selects the best-scored move of list[i..n) into place i. A capture scored
 * as good (1000000 + MVV/LVA) is checked with SEE only when it comes up:
 * a losing one moves down to -200000 + MVV/LVA and the selection goes on. */
static inline wf_move pick(const wf_board *b, wf_move *list, int *scores, int n, int i)
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

static void gravity(int16_t *h, int bonus)
{
    int v = *h + bonus - (*h) * (bonus < 0 ? -bonus : bonus) / 16384;
    if (v > 16000) v = 16000;
    if (v < -16000) v = -16000;
    *h = (int16_t)v;
}

static void update_history(wf_search *s, int side, wf_move m, int bonus)
{
    gravity(&s->history[side][WF_MFROM(m)][WF_MTO(m)], bonus);
}

/* history and continuation history of a quiet move at ply (m not made) */
static void update_quiet(wf_search *s, const wf_board *b, int ply, wf_move m, int bonus)
{
    update_history(s, b->side, m, bonus);
    int piece = b->sq[WF_MFROM(m)];
    for (int back = 1; back <= 2; back++) {
        int16_t *c = cont_entry(s, ply, back, piece, WF_MTO(m));
        if (c)
            gravity(c, bonus);
    }
}

#ifndef WF_SE_DEPTH
#define WF_SE_DEPTH 8 /* least depth of a singular extension search */
#endif

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
        return wf_evaluate(b, e->pawn_table);
    if (b->fifty >= 100 || wf_board_insufficient_material(b))
        return 0;
    int pv_node = beta - alpha > 1;
    wf_tt_entry *te = wf_tt_probe(&e->tt, b->key);
    wf_move tt_move = WF_NO_MOVE;
    if (te) {
        int ts = score_from_tt(te->score, ply), bd = te->gen_bound & 3;
        tt_move = te->move;
        if (!pv_node && (bd == WF_BOUND_EXACT || (bd == WF_BOUND_LOWER && ts >= beta) ||
                         (bd == WF_BOUND_UPPER && ts <= alpha)))
            return ts;
    }
    int in_check = wf_board_in_check(b);
    int stand = -WF_INF, best = -WF_INF, eval = 0;
    if (!in_check) {
        stand = te ? te->eval : wf_evaluate(b, e->pawn_table);
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
    score_moves(b, s, list, scores, n, tt_move, ply);
    wf_move best_move = WF_NO_MOVE;
    int old_alpha = alpha;
    for (int i = 0; i < n; i++) {
        wf_move m = pick(b, list, scores, n, i);
        if (!in_check) {
            if (scores[i] < 0 && m != tt_move)
                break; /* losing captures (SEE < 0) and under-promotions: skip the rest */
            int victim = WF_MFLAGS(m) == WF_MF_EP ? WF_PAWN
                       : b->sq[WF_MTO(m)] == WF_NO_PIECE ? WF_NO_TYPE : WF_PTYPE(b->sq[WF_MTO(m)]);
            if (!WF_MIS_PROMO(m) && stand + wf_see_value[victim] + 200 <= alpha)
                continue; /* delta pruning */
        }
        s->move_stack[ply] = m;
        s->piece_stack[ply] = b->sq[WF_MFROM(m)];
        wf_board_make(b, m);
        wf_tt_prefetch(&e->tt, b->key);
        int sc = -qsearch(e, -beta, -alpha, ply + 1);
        wf_board_unmake(b);
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

static int search(wf_chess_engine *e, int alpha, int beta, int depth, int ply, int cut_node,
                  wf_move excluded_null)
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
        return in_check ? 0 : wf_evaluate(b, e->pawn_table);
    /* mate distance pruning */
    {
        int ma = alpha > -WF_MATE + ply ? alpha : -WF_MATE + ply;
        int mb = beta < WF_MATE - ply - 1 ? beta : WF_MATE - ply - 1;
        if (ma >= mb)
            return ma;
    }
    /* transposition table */
    wf_tt_entry *te = wf_tt_probe(&e->tt, b->key);
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
                    update_history(s, b->side, tt_move, depth * depth);
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
        static_eval = wf_evaluate(b, e->pawn_table);
    s->eval_stack[ply] = static_eval;
    /* the table's bound on the score is a better estimate than the static eval */
    int eval = static_eval;
    if (te && !in_check && tt_score > -WF_MATE_BOUND && tt_score < WF_MATE_BOUND &&
        ((tt_bound == WF_BOUND_LOWER && tt_score > eval) || (tt_bound == WF_BOUND_UPPER && tt_score < eval) ||
         tt_bound == WF_BOUND_EXACT))
        eval = tt_score;
    int improving = !in_check && ply >= 2 && s->eval_stack[ply - 2] != -WF_INF &&
                    static_eval > s->eval_stack[ply - 2];
    s->killers[ply + 1][0] = s->killers[ply + 1][1] = WF_NO_MOVE;

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
            s->move_stack[ply] = WF_NO_MOVE;
            wf_board_make_null(b);
            int sc = -search(e, -beta, -beta + 1, depth - 1 - r, ply + 1, !cut_node, 1);
            wf_board_unmake_null(b);
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
    score_moves(b, s, list, scores, n, tt_move, ply);

    int best = -WF_INF, old_alpha = alpha, searched = 0;
    wf_move best_move = WF_NO_MOVE;
    wf_move quiets[WF_MAX_MOVES];
    int nquiets = 0;
    for (int i = 0; i < n; i++) {
        wf_move m = pick(b, list, scores, n, i);
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
        s->move_stack[ply] = m;
        s->piece_stack[ply] = b->sq[WF_MFROM(m)];
        wf_board_make(b, m);
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
                    r -= s->history[b->side ^ 1][WF_MFROM(m)][WF_MTO(m)] / 6000;
                if (quiet && scores[i] >= 890000 && scores[i] < 1000000)
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
        wf_board_unmake(b);
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
                        if (s->killers[ply][0] != m) {
                            s->killers[ply][1] = s->killers[ply][0];
                            s->killers[ply][0] = m;
                        }
                        int bonus = depth * depth > 1200 ? 1200 : depth * depth;
                        update_quiet(s, b, ply, m, bonus);
                        for (int q = 0; q < nquiets; q++)
                            update_quiet(s, b, ply, quiets[q], -bonus);
                        if (ply > 0 && s->move_stack[ply - 1])
                            s->counter[s->piece_stack[ply - 1]][WF_MTO(s->move_stack[ply - 1])] = m;
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
    s->killers[1][0] = s->killers[1][1] = WF_NO_MOVE;
    int in_check = wf_board_in_check(b);
    s->eval_stack[0] = in_check ? -WF_INF : wf_evaluate(b, e->pawn_table);
    if (count_node(s))
        return 0;
    int searched = 0;
    for (int i = first; i < s->nroot; i++) {
        wf_rootmove *rm = &s->root[i];
        wf_move m = rm->move;
        s->move_stack[0] = m;
        s->piece_stack[0] = b->sq[WF_MFROM(m)];
        wf_board_make(b, m);
        searched++;
        int sc, newd = depth - 1;
        if (searched == 1) {
            sc = -search(e, -beta, -alpha, newd, 1, 0, 0);
        } else {
            int r = 0;
            int quiet = !WF_MIS_CAPTURE(m) && !WF_MIS_PROMO(m);
            if (depth >= 3 && searched > 3 && quiet && !in_check && !wf_board_in_check(b)) {
                r = lmr_reduction(depth, searched) - 1;
                if (r < 0) r = 0;
                if (r > newd - 1) r = newd - 1 > 0 ? newd - 1 : 0;
            }
            sc = -search(e, -alpha - 1, -alpha, newd - r, 1, 1, 0);
            if (sc > alpha && r > 0)
                sc = -search(e, -alpha - 1, -alpha, newd, 1, 1, 0);
            if (sc > alpha)
                sc = -search(e, -beta, -alpha, newd, 1, 0, 0);
        }
        wf_board_unmake(b);
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

/* ---- output ------------------------------------------------------------- */

static void out_score(wf_chess_engine *e, int sc)
{
    if (sc >= WF_MATE_BOUND) {
        wf_chess_out(e, " score mate ");
        wf_chess_out_int(e, (WF_MATE - sc + 1) / 2);
    } else if (sc <= -WF_MATE_BOUND) {
        wf_chess_out(e, " score mate ");
        wf_chess_out_int(e, -((WF_MATE + sc) / 2));
    } else {
        wf_chess_out(e, " score cp ");
        wf_chess_out_int(e, sc);
    }
}

static void print_info(wf_chess_engine *e, int depth, int idx, double now_ms, int bound)
{
    wf_search *s = &e->s;
    wf_rootmove *rm = &s->root[idx];
    double el = now_ms - s->start_ms;
    if (el < 0)
        el = 0;
    long long t = (long long)el;
    wf_chess_out(e, "info depth ");
    wf_chess_out_int(e, depth);
    wf_chess_out(e, " seldepth ");
    wf_chess_out_int(e, s->seldepth > depth ? s->seldepth : depth);
    wf_chess_out(e, " multipv ");
    wf_chess_out_int(e, idx + 1);
    out_score(e, rm->score == -WF_INF ? rm->prev_score : rm->score);
    if (bound == WF_BOUND_LOWER)
        wf_chess_out(e, " lowerbound");
    else if (bound == WF_BOUND_UPPER)
        wf_chess_out(e, " upperbound");
    wf_chess_out(e, " nodes ");
    wf_chess_out_int(e, (long long)s->nodes);
    wf_chess_out(e, " nps ");
    wf_chess_out_int(e, (long long)((double)s->nodes * 1000.0 / (el > 1 ? el : 1)));
    wf_chess_out(e, " hashfull ");
    wf_chess_out_int(e, wf_tt_hashfull(&e->tt));
    wf_chess_out(e, " time ");
    wf_chess_out_int(e, t);
    wf_chess_out(e, " pv");
    for (int i = 0; i < rm->pv_len; i++) {
        wf_chess_out(e, " ");
        wf_chess_out_move(e, rm->pv[i]);
    }
    wf_chess_out_end(e);
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
        wf_tt_entry *te = wf_tt_probe(&e->tt, b->key);
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

void wf_search_start(wf_chess_engine *e, double now_ms)
{
    wf_search *s = &e->s;
    wf_board *b = &e->board;
    s->active = 1;
    s->waiting = 0;
    s->start_ms = now_ms;
    s->now_ms = now_ms;
    s->nodes = 0;
    s->aborted = 0;
    s->seldepth = 0;
    s->depth = 1;
    s->completed_depth = 0;
    s->restarts = 0;
    s->best = s->ponder_move = WF_NO_MOVE;
    s->iter_best = s->iter_ponder = WF_NO_MOVE;
    s->iter_depth = 0;
    s->best_score = 0;
    s->multipv = e->multipv;
    e->tt.gen = (uint8_t)((e->tt.gen + 1) & 63);
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < 64; i++)
            for (int j = 0; j < 64; j++)
                s->history[c][i][j] = (int16_t)(s->history[c][i][j] / 2);
    memset(s->killers, 0, sizeof s->killers);
    memset(s->excluded, 0, sizeof s->excluded);
    wf_move list[WF_MAX_MOVES];
    int n = wf_gen_legal(b, list, WF_GEN_ALL);
    /* order: TT move first, then captures by MVV/LVA, then the rest */
    int scores[WF_MAX_MOVES];
    wf_tt_entry *te = wf_tt_probe(&e->tt, b->key);
    score_moves(b, s, list, scores, n, te ? te->move : WF_NO_MOVE, 0);
    s->nroot = n;
    for (int i = 0; i < n; i++) {
        wf_move m = pick(b, list, scores, n, i);
        s->root[i].move = m;
        s->root[i].score = s->root[i].prev_score = -WF_INF;
        s->root[i].pv[0] = m;
        s->root[i].pv_len = 1;
    }
    if (s->multipv > n)
        s->multipv = n;
    if (s->multipv < 1)
        s->multipv = 1;
}

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
        wf_chess_out_end(e);
        wf_chess_out(e, "Nodes searched: ");
        wf_chess_out_int(e, (long long)s->perft_total);
        wf_chess_out_end(e);
        wf_chess_out_end(e);
        return;
    }
    if (s->nroot == 0) {
        wf_chess_out(e, "info depth 0 score ");
        wf_chess_out(e, wf_board_in_check(&e->board) ? "mate 0" : "cp 0");
        wf_chess_out_end(e);
        wf_chess_out(e, "bestmove (none)");
        wf_chess_out_end(e);
        return;
    }
    wf_move best = s->best ? s->best : s->root[0].move;
    wf_move ponder = s->ponder_move;
    if (s->iter_best && s->iter_depth > s->completed_depth && s->multipv == 1) {
        /* the unfinished iteration already found a better move */
        best = s->iter_best;
        ponder = s->iter_ponder;
    }
    wf_chess_out(e, "bestmove ");
    wf_chess_out_move(e, best);
    if (!ponder) {
        /* try the transposition table */
        wf_board_make(&e->board, best);
        wf_tt_entry *te = wf_tt_probe(&e->tt, e->board.key);
        if (te && te->move && wf_is_legal(&e->board, te->move))
            ponder = te->move;
        wf_board_unmake(&e->board);
    }
    if (ponder) {
        wf_chess_out(e, " ponder ");
        wf_chess_out_move(e, ponder);
    }
    wf_chess_out_end(e);
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
        wf_chess_out_move(e, m);
        wf_chess_out(e, ": ");
        wf_chess_out_int(e, (long long)c);
        wf_chess_out_end(e);
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
            print_info(e, depth, i, now_ms, WF_BOUND_EXACT);
        }
        s->depth = depth + 1;
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
