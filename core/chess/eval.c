/* SPDX-License-Identifier: MIT
 *
 * eval.c: static evaluation (see eval.h).
 *
 * The material values and piece-square tables are the published PeSTO
 * tables (Ronald Friederich, as listed on the Chess Programming Wiki page
 * "PeSTO's Evaluation Function"). The tables are written as a chess board
 * seen from White: the first row is rank 8. The other terms and weights are
 * our own.
 */
#include "eval.h"

const int wf_see_value[7] = {100, 320, 330, 500, 950, 20000, 0};

static const int mg_value[6] = {82, 337, 365, 477, 1025, 0};
static const int eg_value[6] = {94, 281, 297, 512, 936, 0};

static const int16_t pst_mg[6][64] = {
    { /* pawn */
      0,   0,   0,   0,   0,   0,  0,   0,
     98, 134,  61,  95,  68, 126, 34, -11,
     -6,   7,  26,  31,  65,  56, 25, -20,
    -14,  13,   6,  21,  23,  12, 17, -23,
    -27,  -2,  -5,  12,  17,   6, 10, -25,
    -26,  -4,  -4, -10,   3,   3, 33, -12,
    -35,  -1, -20, -23, -15,  24, 38, -22,
      0,   0,   0,   0,   0,   0,  0,   0},
    { /* knight */
    -167, -89, -34, -49,  61, -97, -15, -107,
     -73, -41,  72,  36,  23,  62,   7,  -17,
     -47,  60,  37,  65,  84, 129,  73,   44,
      -9,  17,  19,  53,  37,  69,  18,   22,
     -13,   4,  16,  13,  28,  19,  21,   -8,
     -23,  -9,  12,  10,  19,  17,  25,  -16,
     -29, -53, -12,  -3,  -1,  18, -14,  -19,
    -105, -21, -58, -33, -17, -28, -19,  -23},
    { /* bishop */
    -29,   4, -82, -37, -25, -42,   7,  -8,
    -26,  16, -18, -13,  30,  59,  18, -47,
    -16,  37,  43,  40,  35,  50,  37,  -2,
     -4,   5,  19,  50,  37,  37,   7,  -2,
     -6,  13,  13,  26,  34,  12,  10,   4,
      0,  15,  15,  15,  14,  27,  18,  10,
      4,  15,  16,   0,   7,  21,  33,   1,
    -33,  -3, -14, -21, -13, -12, -39, -21},
    { /* rook */
     32,  42,  32,  51, 63,  9,  31,  43,
     27,  32,  58,  62, 80, 67,  26,  44,
     -5,  19,  26,  36, 17, 45,  61,  16,
    -24, -11,   7,  26, 24, 35,  -8, -20,
    -36, -26, -12,  -1,  9, -7,   6, -23,
    -45, -25, -16, -17,  3,  0,  -5, -33,
    -44, -16, -20,  -9, -1, 11,  -6, -71,
    -19, -13,   1,  17, 16,  7, -37, -26},
    { /* queen */
    -28,   0,  29,  12,  59,  44,  43,  45,
    -24, -39,  -5,   1, -16,  57,  28,  54,
    -13, -17,   7,   8,  29,  56,  47,  57,
    -27, -27, -16, -16,  -1,  17,  -2,   1,
     -9, -26,  -9, -10,  -2,  -4,   3,  -3,
    -14,   2, -11,  -2,  -5,   2,  14,   5,
    -35,  -8,  11,   2,   8,  15,  -3,   1,
     -1, -18,  -9,  10, -15, -25, -31, -50},
    { /* king */
    -65,  23,  16, -15, -56, -34,   2,  13,
     29,  -1, -20,  -7,  -8,  -4, -38, -29,
     -9,  24,   2, -16, -20,   6,  22, -22,
    -17, -20, -12, -27, -30, -25, -14, -36,
    -49,  -1, -27, -39, -46, -44, -33, -51,
    -14, -14, -22, -46, -44, -30, -15, -27,
      1,   7,  -8, -64, -43, -16,   9,   8,
    -15,  36,  12, -54,   8, -28,  24,  14},
};

static const int16_t pst_eg[6][64] = {
    { /* pawn */
      0,   0,   0,   0,   0,   0,   0,   0,
    178, 173, 158, 134, 147, 132, 165, 187,
     94, 100,  85,  67,  56,  53,  82,  84,
     32,  24,  13,   5,  -2,   4,  17,  17,
     13,   9,  -3,  -7,  -7,  -8,   3,  -1,
      4,   7,  -6,   1,   0,  -5,  -1,  -8,
     13,   8,   8,  10,  13,   0,   2,  -7,
      0,   0,   0,   0,   0,   0,   0,   0},
    { /* knight */
    -58, -38, -13, -28, -31, -27, -63, -99,
    -25,  -8, -25,  -2,  -9, -25, -24, -52,
    -24, -20,  10,   9,  -1,  -9, -19, -41,
    -17,   3,  22,  22,  22,  11,   8, -18,
    -18,  -6,  16,  25,  16,  17,   4, -18,
    -23,  -3,  -1,  15,  10,  -3, -20, -22,
    -42, -20, -10,  -5,  -2, -20, -23, -44,
    -29, -51, -23, -15, -22, -18, -50, -64},
    { /* bishop */
    -14, -21, -11,  -8, -7,  -9, -17, -24,
     -8,  -4,   7, -12, -3, -13,  -4, -14,
      2,  -8,   0,  -1, -2,   6,   0,   4,
     -3,   9,  12,   9, 14,  10,   3,   2,
     -6,   3,  13,  19,  7,  10,  -3,  -9,
    -12,  -3,   8,  10, 13,   3,  -7, -15,
    -14, -18,  -7,  -1,  4,  -9, -15, -27,
    -23,  -9, -23,  -5, -9, -16,  -5, -17},
    { /* rook */
     13, 10, 18, 15, 12,  12,   8,   5,
     11, 13, 13, 11, -3,   3,   8,   3,
      7,  7,  7,  5,  4,  -3,  -5,  -3,
      4,  3, 13,  1,  2,   1,  -1,   2,
      3,  5,  8,  4, -5,  -6,  -8, -11,
     -4,  0, -5, -1, -7, -12,  -8, -16,
     -6, -6,  0,  2, -9,  -9, -11,  -3,
     -9,  2,  3, -1, -5, -13,   4, -20},
    { /* queen */
     -9,  22,  22,  27,  27,  19,  10,  20,
    -17,  20,  32,  41,  58,  25,  30,   0,
    -20,   6,   9,  49,  47,  35,  19,   9,
      3,  22,  24,  45,  57,  40,  57,  36,
    -18,  28,  19,  47,  31,  34,  39,  23,
    -16, -27,  15,   6,   9,  17,  10,   5,
    -22, -23, -30, -16, -16, -23, -36, -32,
    -33, -28, -22, -43,  -5, -32, -20, -41},
    { /* king */
    -74, -35, -18, -18, -11,  15,   4, -17,
    -12,  17,  14,  17,  17,  38,  23,  11,
     10,  17,  23,  15,  20,  45,  44,  13,
     -8,  22,  24,  27,  26,  33,  26,   3,
    -18,  -4,  21,  24,  27,  23,   9, -11,
    -19,  -3,  11,  21,  23,  16,   7,  -9,
    -27, -11,   4,  13,  14,   4,  -5, -17,
    -53, -34, -21, -11, -28, -14, -24, -43},
};

static const int phase_inc[6] = {0, 1, 1, 2, 4, 0};

/* our own terms, (mg, eg) */
static const int mob_mg[6] = {0, 4, 4, 2, 1, 0}, mob_eg[6] = {0, 4, 4, 4, 2, 0};
static const int mob_base[6] = {0, 4, 6, 6, 12, 0};
static const int passed_mg[8] = {0, 0, 5, 10, 20, 35, 55, 0};
static const int passed_eg[8] = {0, 5, 10, 20, 40, 70, 110, 0};
static const int king_attack_weight[6] = {0, 2, 2, 3, 5, 0};

static inline wf_bb shift_up(wf_bb b, int c) { return c == WF_WHITE ? b << 8 : b >> 8; }

static wf_bb fill_forward(wf_bb b, int c)
{
    if (c == WF_WHITE) {
        b |= b << 8; b |= b << 16; b |= b << 32;
    } else {
        b |= b >> 8; b |= b >> 16; b |= b >> 32;
    }
    return b;
}

static inline wf_bb adjacent_files(int f)
{
    wf_bb m = 0;
    if (f > 0) m |= WF_FILE_A << (f - 1);
    if (f < 7) m |= WF_FILE_A << (f + 1);
    return m;
}

static inline wf_bb pawn_attacks_set(wf_bb p, int c)
{
    wf_bb w = p & ~WF_FILE_A, e = p & ~(WF_FILE_A << 7);
    return c == WF_WHITE ? (w << 7) | (e << 9) : (w >> 9) | (e >> 7);
}

/* Pawn-only terms (passed, isolated, backward, doubled), White minus Black. */
static void pawn_terms(const wf_board *b, const wf_bb *pawns, const wf_bb *patt, wf_pawn_entry *out)
{
    int mg[2] = {0, 0}, eg[2] = {0, 0};
    wf_bb passed = 0;
    (void)b;
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
                mg[c] += passed_mg[rel_rank];
                eg[c] += passed_eg[rel_rank];
                passed |= WF_BIT(sq);
            }
            if (!(adj & pawns[c])) {
                mg[c] -= 10;
                eg[c] -= 15;
            } else {
                /* backward: no friendly pawn beside or behind, and the stop square is
                 * attacked by an enemy pawn */
                wf_bb behind_or_level = ~fill_forward(shift_up(WF_BIT(sq), c), c);
                int stop = c == WF_WHITE ? sq + 8 : sq - 8;
                if (!(adj & pawns[c] & behind_or_level) && (patt[them] & WF_BIT(stop))) {
                    mg[c] -= 8;
                    eg[c] -= 10;
                }
            }
            if (ahead & file & pawns[c]) {
                mg[c] -= 10;
                eg[c] -= 20;
            }
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
    int katt_units[2] = {0, 0}, katt_count[2] = {0, 0}; /* attacks ON colour c's king */
    wf_bb att[2] = {patt[0] | t->king[ksq[0]], patt[1] | t->king[ksq[1]]}; /* squares attacked by c */

    wf_pawn_entry local, *pe = &local;
    if (pawn_table) {
        pe = &pawn_table[b->pawn_key & (WF_PAWN_TABLE_SIZE - 1)];
        if (!pe->valid || pe->key != b->pawn_key) {
            pawn_terms(b, pawns, patt, pe);
            pe->key = b->pawn_key;
            pe->valid = 1;
        }
    } else {
        pawn_terms(b, pawns, patt, pe);
    }
    mg[WF_WHITE] += pe->mg;
    eg[WF_WHITE] += pe->eg;
    /* passed pawns: king proximity to the square in front, in the end-game */
    for (int c = 0; c < 2; c++) {
        wf_bb pp = pe->passed & b->colors[c];
        while (pp) {
            int sq = wf_poplsb(&pp);
            int rel_rank = c == WF_WHITE ? WF_RANK(sq) : 7 - WF_RANK(sq);
            int stop = c == WF_WHITE ? sq + 8 : sq - 8;
            eg[c] += (king_dist(ksq[c ^ 1], stop) * 5 - king_dist(ksq[c], stop) * 2) * rel_rank / 2;
        }
    }

    for (int c = 0; c < 2; c++) {
        int them = c ^ 1;
        wf_bb own = b->colors[c];
        wf_bb mob_area = ~(own | patt[them]);
        for (int pt = 0; pt < 6; pt++) {
            wf_bb pcs = wf_board_pcs(b, c, pt);
            while (pcs) {
                int sq = wf_poplsb(&pcs);
                int idx = c == WF_WHITE ? sq ^ 56 : sq; /* table row 0 is rank 8 from White's view */
                mg[c] += mg_value[pt] + pst_mg[pt][idx];
                eg[c] += eg_value[pt] + pst_eg[pt][idx];
                phase += phase_inc[pt];
                if (pt == WF_PAWN || pt == WF_KING)
                    continue;
                wf_bb a = pt == WF_KNIGHT ? t->knight[sq]
                        : pt == WF_BISHOP ? wf_bishop_attacks(sq, occ)
                        : pt == WF_ROOK   ? wf_rook_attacks(sq, occ)
                                          : wf_queen_attacks(sq, occ);
                att[c] |= a;
                int mob = wf_popcount(a & mob_area) - mob_base[pt];
                mg[c] += mob * mob_mg[pt];
                eg[c] += mob * mob_eg[pt];
                wf_bb ka = a & kzone[them];
                if (ka) {
                    katt_units[them] += king_attack_weight[pt] * wf_popcount(ka);
                    katt_count[them]++;
                }
                if (pt == WF_ROOK) {
                    wf_bb file = WF_FILE_A << WF_FILE(sq);
                    if (!(file & pawns[c])) {
                        if (!(file & pawns[them])) {
                            mg[c] += 25; eg[c] += 10;
                        } else {
                            mg[c] += 12; eg[c] += 5;
                        }
                    }
                }
            }
        }
        if (wf_popcount(wf_board_pcs(b, c, WF_BISHOP)) >= 2) {
            mg[c] += 30;
            eg[c] += 50;
        }
        /* pawn shield in front of a castled king */
        int kf = WF_FILE(ksq[c]), kr = c == WF_WHITE ? WF_RANK(ksq[c]) : 7 - WF_RANK(ksq[c]);
        if (kr <= 1) {
            wf_bb shield_files = (WF_FILE_A << kf) | adjacent_files(kf);
            wf_bb zone1 = shift_up(WF_BIT(ksq[c]), c);
            zone1 |= ((zone1 << 1) & ~WF_FILE_A) | ((zone1 >> 1) & ~(WF_FILE_A << 7));
            wf_bb zone2 = shift_up(zone1, c);
            int shield = 2 * wf_popcount(zone1 & pawns[c]) + wf_popcount(zone2 & pawns[c]);
            mg[c] += shield * 8;
            /* open files next to the king */
            wf_bb sf = shield_files;
            while (sf) {
                int sq = wf_lsb(sf);
                wf_bb file = WF_FILE_A << WF_FILE(sq);
                sf &= ~file;
                if (!(file & pawns[c]))
                    mg[c] -= 15;
            }
        }
    }
    /* threats: pieces attacked by pawns, and pieces attacked but not defended */
    for (int c = 0; c < 2; c++) {
        int them = c ^ 1;
        wf_bb pieces = b->colors[c] & ~b->pieces[WF_PAWN] & ~b->pieces[WF_KING];
        int n = wf_popcount(pieces & patt[them]);
        mg[c] -= 55 * n;
        eg[c] -= 35 * n;
        n = wf_popcount(pieces & att[them] & ~att[c] & ~patt[them]);
        mg[c] -= 30 * n;
        eg[c] -= 15 * n;
    }
    /* king safety from attack units */
    for (int c = 0; c < 2; c++) {
        if (katt_count[c] >= 2 && wf_board_pcs(b, c ^ 1, WF_QUEEN)) {
            int u = katt_units[c];
            int pen = u * u / 6; /* about the shape of the CPW king-safety table */
            if (pen > 500)
                pen = 500;
            mg[c] -= pen;
        }
    }
    if (phase > 24)
        phase = 24;
    int mgs = mg[WF_WHITE] - mg[WF_BLACK], egs = eg[WF_WHITE] - eg[WF_BLACK];
    int score = (mgs * phase + egs * (24 - phase)) / 24;
    /* drawish: the stronger side has no pawns and at most a minor piece more */
    int strong = score > 0 ? WF_WHITE : WF_BLACK;
    if (!pawns[strong]) {
        int npm[2];
        for (int c = 0; c < 2; c++)
            npm[c] = 320 * wf_popcount(wf_board_pcs(b, c, WF_KNIGHT) | wf_board_pcs(b, c, WF_BISHOP)) +
                     500 * wf_popcount(wf_board_pcs(b, c, WF_ROOK)) +
                     950 * wf_popcount(wf_board_pcs(b, c, WF_QUEEN));
        if (npm[strong] - npm[strong ^ 1] <= 330)
            score /= 8;
    }
    score = b->side == WF_WHITE ? score : -score;
    return score + 10; /* tempo */
}
