/* SPDX-License-Identifier: MIT
 *
 * movegen.c: legal move generation (see movegen.h).
 *
 * The generator computes the checkers of the king and the pieces pinned to
 * it. In double check only king moves are generated; in single check the
 * other pieces may only capture the checker or block (the "check mask");
 * a pinned piece may only move along the line through its king and pinner.
 * King moves are tested against the attacks computed with the king removed
 * from the occupancy (so it cannot step back along a checking ray).
 * En passant is verified by recomputing slider attacks on the king with both
 * pawns moved, which covers the horizontally pinned pair of pawns.
 */
#include <stddef.h>
#include "movegen.h"

#define ADD(f, t, fl) (count_only ? (void)n++ : (void)(list[n++] = WF_MOVE((f), (t), (fl))))
/* all targets of one piece at once */
#define ADD_SET(from, set)                                                             \
    do {                                                                               \
        wf_bb set_ = (set);                                                            \
        if (count_only) {                                                              \
            n += wf_popcount(set_);                                                    \
        } else {                                                                       \
            while (set_) {                                                             \
                int to_ = wf_poplsb(&set_);                                            \
                ADD((from), to_, (enemy & WF_BIT(to_)) ? WF_MF_CAPTURE : WF_MF_QUIET); \
            }                                                                          \
        }                                                                              \
    } while (0)
/* pawn moves given by target set and a constant from-to offset */
#define ADD_PAWNS(set, delta, fl)              \
    do {                                       \
        wf_bb set_ = (set);                    \
        if (count_only) {                      \
            n += wf_popcount(set_);            \
        } else {                               \
            while (set_) {                     \
                int to_ = wf_poplsb(&set_);    \
                ADD(to_ - (delta), to_, (fl)); \
            }                                  \
        }                                      \
    } while (0)

static inline __attribute__((always_inline)) int add_promos(wf_move *list, int n, int from, int to, int capture,
                                                            int mode, const int count_only)
{
    int base = capture ? WF_MF_PROMO_CAPTURE : WF_MF_PROMO;
    ADD(from, to, base + 3);
    if (mode == WF_GEN_ALL) {
        ADD(from, to, base + 0);
        ADD(from, to, base + 1);
        ADD(from, to, base + 2);
    }
    return n;
}

/* The generator body, instantiated twice: to list moves, and (count_only)
 * to count them without writing a list, for perft's bulk counting. */
static inline __attribute__((always_inline)) int gen_impl(const wf_board *b, wf_move *list, int mode,
                                                          const int count_only)
{
    const wf_chess_tables *t = &wf_chess_t;
    int n = 0, us = b->side, them = us ^ 1;
    wf_bb occ = wf_board_occ(b), own = b->colors[us], enemy = b->colors[them];
    int ksq = wf_board_king(b, us);
    wf_bb checkers = wf_board_attackers_by(b, ksq, them, occ);

    /* king moves */
    wf_bb kt = t->king[ksq] & ~own;
    if (mode == WF_GEN_NOISY)
        kt &= enemy;
    wf_bb occ_nok = occ ^ WF_BIT(ksq);
    while (kt) {
        int to = wf_poplsb(&kt);
        if (!wf_board_attackers_by(b, to, them, occ_nok))
            ADD(ksq, to, (enemy & WF_BIT(to)) ? WF_MF_CAPTURE : WF_MF_QUIET);
    }
    if (wf_more_than_one(checkers))
        return n;

    wf_bb mask = ~(wf_bb)0; /* squares a non-king move may go to */
    if (checkers) {
        int c = wf_lsb(checkers);
        mask = t->between[ksq][c] | checkers;
    }
    /* pinned pieces */
    wf_bb pinned = 0;
    wf_bb snipers = ((t->rook_rays[ksq] & (b->pieces[WF_ROOK] | b->pieces[WF_QUEEN])) |
                     (t->bishop_rays[ksq] & (b->pieces[WF_BISHOP] | b->pieces[WF_QUEEN]))) &
                    enemy;
    while (snipers) {
        int s = wf_poplsb(&snipers);
        wf_bb bt = t->between[ksq][s] & occ;
        if (bt && !wf_more_than_one(bt) && (bt & own))
            pinned |= bt;
    }

    wf_bb target = mask & ~own;
    if (mode == WF_GEN_NOISY)
        target &= enemy;

    /* knights (a pinned knight never moves) */
    wf_bb pcs = wf_board_pcs(b, us, WF_KNIGHT) & ~pinned;
    while (pcs) {
        int from = wf_poplsb(&pcs);
        ADD_SET(from, t->knight[from] & target);
    }
    /* sliders: diagonal movers, then orthogonal movers (a queen is both) */
    pcs = (b->pieces[WF_BISHOP] | b->pieces[WF_QUEEN]) & own;
    while (pcs) {
        int from = wf_poplsb(&pcs);
        wf_bb a = wf_bishop_attacks(from, occ) & target;
        if (pinned & WF_BIT(from))
            a &= t->line[ksq][from];
        ADD_SET(from, a);
    }
    pcs = (b->pieces[WF_ROOK] | b->pieces[WF_QUEEN]) & own;
    while (pcs) {
        int from = wf_poplsb(&pcs);
        wf_bb a = wf_rook_attacks(from, occ) & target;
        if (pinned & WF_BIT(from))
            a &= t->line[ksq][from];
        ADD_SET(from, a);
    }

    /* pawns */
    int up = us == WF_WHITE ? 8 : -8;
    wf_bb rank7 = us == WF_WHITE ? (WF_RANK_1 << 48) : (WF_RANK_1 << 8);
    wf_bb rank3 = us == WF_WHITE ? (WF_RANK_1 << 16) : (WF_RANK_1 << 40);
    wf_bb empty = ~occ;
    wf_bb pawns = wf_board_pcs(b, us, WF_PAWN);
    wf_bb free_pawns = pawns & ~pinned;
    /* pushes of unpinned pawns, set-wise */
    {
        wf_bb p = free_pawns & ~rank7;
        wf_bb one = (us == WF_WHITE ? p << 8 : p >> 8) & empty;
        wf_bb two = (us == WF_WHITE ? (one & rank3) << 8 : (one & rank3) >> 8) & empty & mask;
        one &= mask;
        if (mode == WF_GEN_ALL) {
            ADD_PAWNS(one, up, WF_MF_QUIET);
            ADD_PAWNS(two, 2 * up, WF_MF_DOUBLE);
        }
        wf_bb pp = free_pawns & rank7;
        wf_bb pone = (us == WF_WHITE ? pp << 8 : pp >> 8) & empty & mask;
        while (pone) {
            int to = wf_poplsb(&pone);
            n = add_promos(list, n, to - up, to, 0, mode, count_only);
        }
    }
    /* captures of unpinned pawns */
    {
        wf_bb capt = enemy & mask;
        wf_bb p = free_pawns;
        /* towards file a (west) and file h (east) */
        wf_bb west = us == WF_WHITE ? (p & ~WF_FILE_A) << 7 : (p & ~WF_FILE_A) >> 9;
        wf_bb east = us == WF_WHITE ? (p & ~(WF_FILE_A << 7)) << 9 : (p & ~(WF_FILE_A << 7)) >> 7;
        int dw = us == WF_WHITE ? 7 : -9, de = us == WF_WHITE ? 9 : -7;
        wf_bb promo_rank = us == WF_WHITE ? (WF_RANK_1 << 56) : WF_RANK_1;
        west &= capt;
        east &= capt;
        ADD_PAWNS(west & ~promo_rank, dw, WF_MF_CAPTURE);
        ADD_PAWNS(east & ~promo_rank, de, WF_MF_CAPTURE);
        wf_bb w = west & promo_rank, e;
        e = east & promo_rank;
        while (w) {
            int to = wf_poplsb(&w);
            n = add_promos(list, n, to - dw, to, 1, mode, count_only);
        }
        while (e) {
            int to = wf_poplsb(&e);
            n = add_promos(list, n, to - de, to, 1, mode, count_only);
        }
    }
    /* pinned pawns, one by one (rare) */
    wf_bb pp = pawns & pinned;
    while (pp) {
        int from = wf_poplsb(&pp);
        wf_bb line = t->line[ksq][from];
        int to = from + up;
        int promo = (WF_BIT(from) & rank7) != 0;
        if (!(occ & WF_BIT(to)) && (line & WF_BIT(to))) {
            if ((mask & WF_BIT(to))) {
                if (promo)
                    n = add_promos(list, n, from, to, 0, mode, count_only);
                else if (mode == WF_GEN_ALL)
                    ADD(from, to, WF_MF_QUIET);
            }
            int to2 = to + up;
            if ((WF_BIT(to) & rank3) && !(occ & WF_BIT(to2)) && (mask & WF_BIT(to2)) && mode == WF_GEN_ALL)
                ADD(from, to2, WF_MF_DOUBLE);
        }
        wf_bb a = t->pawn_attacks[us][from] & enemy & mask & line;
        while (a) {
            int cto = wf_poplsb(&a);
            if (promo)
                n = add_promos(list, n, from, cto, 1, mode, count_only);
            else
                ADD(from, cto, WF_MF_CAPTURE);
        }
    }
    /* en passant */
    if (b->ep != WF_NO_SQ) {
        int ep = b->ep, capsq = ep - up;
        wf_bb cand = t->pawn_attacks[them][ep] & pawns;
        if (!checkers || (mask & (WF_BIT(ep) | WF_BIT(capsq)))) {
            while (cand) {
                int from = wf_poplsb(&cand);
                wf_bb o = (occ ^ WF_BIT(from) ^ WF_BIT(capsq)) | WF_BIT(ep);
                wf_bb sl = (wf_rook_attacks(ksq, o) & (b->pieces[WF_ROOK] | b->pieces[WF_QUEEN])) |
                           (wf_bishop_attacks(ksq, o) & (b->pieces[WF_BISHOP] | b->pieces[WF_QUEEN]));
                if (!(sl & enemy & ~WF_BIT(capsq)))
                    ADD(from, ep, WF_MF_EP);
            }
        }
    }
    /* castling */
    if (mode == WF_GEN_ALL && !checkers && b->castle) {
        if (us == WF_WHITE) {
            if ((b->castle & WF_WK) && !(occ & 0x60ULL) && !wf_board_attackers_by(b, 5, them, occ) &&
                !wf_board_attackers_by(b, 6, them, occ))
                ADD(4, 6, WF_MF_KCASTLE);
            if ((b->castle & WF_WQ) && !(occ & 0x0EULL) && !wf_board_attackers_by(b, 3, them, occ) &&
                !wf_board_attackers_by(b, 2, them, occ))
                ADD(4, 2, WF_MF_QCASTLE);
        } else {
            if ((b->castle & WF_BK) && !(occ & (0x60ULL << 56)) && !wf_board_attackers_by(b, 61, them, occ) &&
                !wf_board_attackers_by(b, 62, them, occ))
                ADD(60, 62, WF_MF_KCASTLE);
            if ((b->castle & WF_BQ) && !(occ & (0x0EULL << 56)) && !wf_board_attackers_by(b, 59, them, occ) &&
                !wf_board_attackers_by(b, 58, them, occ))
                ADD(60, 58, WF_MF_QCASTLE);
        }
    }
    return n;
}

int wf_gen_legal(const wf_board *b, wf_move *list, int mode) { return gen_impl(b, list, mode, 0); }

static int count_legal(const wf_board *b) { return gen_impl(b, NULL, WF_GEN_ALL, 1); }

uint64_t wf_perft(wf_board *b, int depth)
{
    wf_move list[WF_MAX_MOVES];
    if (depth <= 0)
        return 1;
    if (depth == 1)
        return (uint64_t)count_legal(b);
    int n = wf_gen_legal(b, list, WF_GEN_ALL);
    uint64_t total = 0;
    for (int i = 0; i < n; i++) {
        wf_board_make(b, list[i]);
        total += wf_perft(b, depth - 1);
        wf_board_unmake(b);
    }
    return total;
}

int wf_is_legal(const wf_board *b, wf_move m)
{
    wf_move list[WF_MAX_MOVES];
    int n = wf_gen_legal(b, list, WF_GEN_ALL);
    for (int i = 0; i < n; i++)
        if (list[i] == m)
            return 1;
    return 0;
}
