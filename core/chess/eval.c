/* SPDX-License-Identifier: MIT
 *
 * eval.c: static evaluation (see eval.h).
 *
 * All linear weights are (mg, eg) pairs in wf_eval_weights (eval_weights.h),
 * fitted by tools/chess-tune/texel.c (Texel's method) starting from the
 * published PeSTO material and piece-square tables (Ronald Friederich, as
 * listed on the Chess Programming Wiki page "PeSTO's Evaluation Function")
 * and our own hand-set terms. The shape of the king-attack penalty and the
 * draw scaling are hand-set. Integer arithmetic only: the score is identical
 * on every backend.
 */
#include "eval.h"
#include "eval_weights.h"

const int wf_see_value[7] = {100, 320, 330, 500, 950, 20000, 0};

#ifdef WF_EVAL_TRACE
/* tools only (tools/chess-tune): the tuner defines this and reads it back */
extern wf_eval_trace wf_eval_tr;
#define TRACE(c, i, n) (wf_eval_tr.coef[c][i] = (int16_t)(wf_eval_tr.coef[c][i] + (n)))
#else
#define TRACE(c, i, n) ((void)0)
#endif
#define ADD(c, i, n)                         \
    do {                                     \
        int n_ = (n);                        \
        mg[c] += n_ * wf_eval_weights[i][0]; \
        eg[c] += n_ * wf_eval_weights[i][1]; \
        TRACE(c, i, n_);                     \
    } while (0)

static const int phase_inc[6] = {0, 1, 1, 2, 4, 0};
static const int mob_index[6] = {0, WF_EV_MOB_N, WF_EV_MOB_B, WF_EV_MOB_R, WF_EV_MOB_Q, 0};
static const int king_attack_weight[6] = {0, 2, 2, 3, 5, 0};

static inline wf_bb shift_up(wf_bb b, int c) { return c == WF_WHITE ? b << 8 : b >> 8; }

static wf_bb fill_forward(wf_bb b, int c)
{
    if (c == WF_WHITE) {
        b |= b << 8;
        b |= b << 16;
        b |= b << 32;
    } else {
        b |= b >> 8;
        b |= b >> 16;
        b |= b >> 32;
    }
    return b;
}

static inline wf_bb adjacent_files(int f)
{
    wf_bb m = 0;
    if (f > 0)
        m |= WF_FILE_A << (f - 1);
    if (f < 7)
        m |= WF_FILE_A << (f + 1);
    return m;
}

static inline wf_bb pawn_attacks_set(wf_bb p, int c)
{
    wf_bb w = p & ~WF_FILE_A, e = p & ~(WF_FILE_A << 7);
    return c == WF_WHITE ? (w << 7) | (e << 9) : (w >> 9) | (e >> 7);
}

/* Pawn-only terms (passed, isolated, backward, doubled, supported, phalanx),
 * White minus Black. */
static void pawn_terms(const wf_bb *pawns, const wf_bb *patt, wf_pawn_entry *out)
{
    int mg[2] = {0, 0}, eg[2] = {0, 0};
    wf_bb passed = 0;
    for (int c = 0; c < 2; c++) {
        int them = c ^ 1;
        wf_bb p = pawns[c];
        while (p) {
            int sq = wf_poplsb(&p);
            int f = WF_FILE(sq), rel_rank = c == WF_WHITE ? WF_RANK(sq) : 7 - WF_RANK(sq);
            wf_bb file = WF_FILE_A << f;
            wf_bb ahead = fill_forward(shift_up(WF_BIT(sq), c), c);
            wf_bb adj = adjacent_files(f);
            if (!(ahead & (file | adj) & pawns[them])) {
                ADD(c, WF_EV_PASSED + rel_rank, 1);
                passed |= WF_BIT(sq);
            }
            if (patt[c] & WF_BIT(sq))
                ADD(c, WF_EV_SUPPORTED + rel_rank, 1);
            if (adj & pawns[c] & (WF_RANK_1 << (8 * WF_RANK(sq))))
                ADD(c, WF_EV_PHALANX + rel_rank, 1);
            if (!(adj & pawns[c])) {
                ADD(c, WF_EV_ISOLATED, 1);
            } else {
                /* backward: no friendly pawn beside or behind, and the stop square is
                 * attacked by an enemy pawn */
                wf_bb behind_or_level = ~fill_forward(shift_up(WF_BIT(sq), c), c);
                int stop = c == WF_WHITE ? sq + 8 : sq - 8;
                if (!(adj & pawns[c] & behind_or_level) && (patt[them] & WF_BIT(stop)))
                    ADD(c, WF_EV_BACKWARD, 1);
            }
            if (ahead & file & pawns[c])
                ADD(c, WF_EV_DOUBLED, 1);
        }
    }
    out->mg = (int16_t)(mg[0] - mg[1]);
    out->eg = (int16_t)(eg[0] - eg[1]);
    out->passed = passed;
}

static inline int king_dist(int a, int b)
{
    int df = WF_FILE(a) - WF_FILE(b), dr = WF_RANK(a) - WF_RANK(b);
    df = df < 0 ? -df : df;
    dr = dr < 0 ? -dr : dr;
    return df > dr ? df : dr;
}

int wf_evaluate(const wf_board *b, wf_pawn_entry *pawn_table)
{
    const wf_chess_tables *t = &wf_chess_t;
    int mg[2] = {0, 0}, eg[2] = {0, 0}, phase = 0;
    wf_bb occ = wf_board_occ(b);
    wf_bb pawns[2] = {wf_board_pcs(b, WF_WHITE, WF_PAWN), wf_board_pcs(b, WF_BLACK, WF_PAWN)};
    wf_bb patt[2] = {pawn_attacks_set(pawns[0], WF_WHITE), pawn_attacks_set(pawns[1], WF_BLACK)};
    int ksq[2] = {wf_board_king(b, WF_WHITE), wf_board_king(b, WF_BLACK)};
    wf_bb kzone[2] = {t->king[ksq[0]] | WF_BIT(ksq[0]), t->king[ksq[1]] | WF_BIT(ksq[1])};
    int katt_units[2] = {0, 0}, katt_count[2] = {0, 0};                    /* attacks ON colour c's king */
    wf_bb att[2] = {patt[0] | t->king[ksq[0]], patt[1] | t->king[ksq[1]]}; /* squares attacked by c */
    wf_bb minor_att[2] = {0, 0}, rook_att[2] = {0, 0};

    wf_pawn_entry local, *pe = &local;
    if (pawn_table) {
        pe = &pawn_table[b->pawn_key & (WF_PAWN_TABLE_SIZE - 1)];
        if (!pe->valid || pe->key != b->pawn_key) {
            pawn_terms(pawns, patt, pe);
            pe->key = b->pawn_key;
            pe->valid = 1;
        }
    } else {
        pawn_terms(pawns, patt, pe);
    }
    mg[WF_WHITE] += pe->mg;
    eg[WF_WHITE] += pe->eg;
    /* passed pawns: free stop square, king proximity to the stop square */
    for (int c = 0; c < 2; c++) {
        wf_bb pp = pe->passed & b->colors[c];
        while (pp) {
            int sq = wf_poplsb(&pp);
            int rel_rank = c == WF_WHITE ? WF_RANK(sq) : 7 - WF_RANK(sq);
            int stop = c == WF_WHITE ? sq + 8 : sq - 8;
            if (!(occ & WF_BIT(stop)))
                ADD(c, WF_EV_PASSED_FREE + rel_rank, 1);
            ADD(c, WF_EV_PASSED_KTHEM, king_dist(ksq[c ^ 1], stop) * rel_rank);
            ADD(c, WF_EV_PASSED_KUS, king_dist(ksq[c], stop) * rel_rank);
        }
    }

    for (int c = 0; c < 2; c++) {
        int them = c ^ 1;
        wf_bb own = b->colors[c];
        wf_bb mob_area = ~(own | patt[them]);
        /* outpost squares: relative ranks 4-6, defended by an own pawn, out of reach of enemy pawns */
        wf_bb reach = fill_forward(pawn_attacks_set(pawns[them], them), them);
        wf_bb outpost = patt[c] & ~reach & (c == WF_WHITE ? 0x0000FFFFFF000000ULL : 0x000000FFFFFF0000ULL);
        for (int pt = 0; pt < 6; pt++) {
            wf_bb pcs = wf_board_pcs(b, c, pt);
            while (pcs) {
                int sq = wf_poplsb(&pcs);
                int idx = c == WF_WHITE ? sq : sq ^ 56; /* square seen from its own side */
                ADD(c, WF_EV_MAT + pt, 1);
                ADD(c, WF_EV_PST + pt * 64 + idx, 1);
                phase += phase_inc[pt];
                if (pt == WF_PAWN || pt == WF_KING)
                    continue;
                wf_bb a = pt == WF_KNIGHT   ? t->knight[sq]
                          : pt == WF_BISHOP ? wf_bishop_attacks(sq, occ)
                          : pt == WF_ROOK   ? wf_rook_attacks(sq, occ)
                                            : wf_queen_attacks(sq, occ);
                att[c] |= a;
                ADD(c, mob_index[pt] + wf_popcount(a & mob_area), 1);
                wf_bb ka = a & kzone[them];
                if (ka) {
                    katt_units[them] += king_attack_weight[pt] * wf_popcount(ka);
                    katt_count[them]++;
                }
                if (pt <= WF_BISHOP) {
                    minor_att[c] |= a;
                    if (outpost & WF_BIT(sq))
                        ADD(c, WF_EV_OUTPOST, 1);
                } else if (pt == WF_ROOK) {
                    rook_att[c] |= a;
                    wf_bb file = WF_FILE_A << WF_FILE(sq);
                    if (!(file & pawns[c]))
                        ADD(c, (file & pawns[them]) ? WF_EV_ROOK_SEMI : WF_EV_ROOK_OPEN, 1);
                }
            }
        }
        if (wf_popcount(wf_board_pcs(b, c, WF_BISHOP)) >= 2)
            ADD(c, WF_EV_BISHOP_PAIR, 1);
        /* pawn shield in front of a castled king */
        int kf = WF_FILE(ksq[c]), kr = c == WF_WHITE ? WF_RANK(ksq[c]) : 7 - WF_RANK(ksq[c]);
        if (kr <= 1) {
            wf_bb shield_files = (WF_FILE_A << kf) | adjacent_files(kf);
            wf_bb zone1 = shift_up(WF_BIT(ksq[c]), c);
            zone1 |= ((zone1 << 1) & ~WF_FILE_A) | ((zone1 >> 1) & ~(WF_FILE_A << 7));
            wf_bb zone2 = shift_up(zone1, c);
            ADD(c, WF_EV_SHIELD1, wf_popcount(zone1 & pawns[c]));
            ADD(c, WF_EV_SHIELD2, wf_popcount(zone2 & pawns[c]));
            /* open files next to the king */
            wf_bb sf = shield_files;
            while (sf) {
                int sq = wf_lsb(sf);
                wf_bb file = WF_FILE_A << WF_FILE(sq);
                sf &= ~file;
                if (!(file & pawns[c]))
                    ADD(c, WF_EV_KING_OPEN, 1);
            }
        }
    }
    /* threats: pieces attacked by pawns, pieces attacked but not defended,
     * rooks and queens attacked by minors, queens attacked by rooks */
    for (int c = 0; c < 2; c++) {
        int them = c ^ 1;
        wf_bb pieces = b->colors[c] & ~b->pieces[WF_PAWN] & ~b->pieces[WF_KING];
        ADD(c, WF_EV_THREAT_PAWN, wf_popcount(pieces & patt[them]));
        ADD(c, WF_EV_HANGING, wf_popcount(pieces & att[them] & ~att[c] & ~patt[them]));
        wf_bb heavy = b->colors[c] & (b->pieces[WF_ROOK] | b->pieces[WF_QUEEN]);
        ADD(c, WF_EV_THREAT_MINOR, wf_popcount(heavy & minor_att[them]));
        ADD(c, WF_EV_THREAT_ROOK, wf_popcount(wf_board_pcs(b, c, WF_QUEEN) & rook_att[them]));
    }
    /* king safety: a hand-set quadratic in the attack units, scaled by a tuned weight */
    for (int c = 0; c < 2; c++) {
        if (katt_count[c] >= 2 && wf_board_pcs(b, c ^ 1, WF_QUEEN)) {
            int u = katt_units[c];
            int pen = u * u / 6; /* about the shape of the CPW king-safety table */
            if (pen > 500)
                pen = 500;
            ADD(c, WF_EV_KING_DANGER, pen / 4);
        }
    }
    if (phase > 24)
        phase = 24;
    int mgs = mg[WF_WHITE] - mg[WF_BLACK], egs = eg[WF_WHITE] - eg[WF_BLACK];
    int score = (mgs * phase + egs * (24 - phase)) / 24;
#ifdef WF_EVAL_TRACE
    wf_eval_tr.phase = phase;
    wf_eval_tr.divisor = 1;
#endif
    /* drawish: the stronger side has no pawns and at most a minor piece more */
    int strong = score > 0 ? WF_WHITE : WF_BLACK;
    if (!pawns[strong]) {
        int npm[2];
        for (int c = 0; c < 2; c++)
            npm[c] = 320 * wf_popcount(wf_board_pcs(b, c, WF_KNIGHT) | wf_board_pcs(b, c, WF_BISHOP)) +
                     500 * wf_popcount(wf_board_pcs(b, c, WF_ROOK)) + 950 * wf_popcount(wf_board_pcs(b, c, WF_QUEEN));
        if (npm[strong] - npm[strong ^ 1] <= 330) {
            score /= 8;
#ifdef WF_EVAL_TRACE
            wf_eval_tr.divisor = 8;
#endif
        }
    }
    score = b->side == WF_WHITE ? score : -score;
    return score + 10; /* tempo */
}
