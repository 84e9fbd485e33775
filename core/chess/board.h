/* SPDX-License-Identifier: MIT
 *
 * board.h: the position (bitboards + mailbox), FEN in/out, Zobrist keys,
 * make/unmake, attack queries and draw detection. Private to core/chess.
 */
#ifndef WF_CHESS_BOARD_H
#define WF_CHESS_BOARD_H
#include "bitboard.h"
#include "move.h"

#define WF_MAX_PLY_HISTORY 1024 /* game + search plies kept for unmake and repetition */

typedef struct wf_undo {
    uint64_t key;
    uint64_t pawn_key;
    wf_move move;
    uint8_t captured; /* piece captured, WF_NO_PIECE if none */
    uint8_t castle;
    uint8_t ep;
    uint8_t pad;
    uint16_t fifty;
} wf_undo;

typedef struct wf_board {
    wf_bb pieces[6]; /* by type, both colours */
    wf_bb colors[2];
    uint8_t sq[64]; /* mailbox: piece or WF_NO_PIECE */
    int side;
    int castle; /* WF_WK | WF_WQ | WF_BK | WF_BQ */
    int ep;     /* en-passant target square, WF_NO_SQ if none */
    int fifty;  /* half-move clock */
    int fullmove;
    uint64_t key;
    uint64_t pawn_key; /* Zobrist key of the pawns alone (pawn-structure cache) */
    int hist_n;        /* number of entries in hist */
    wf_undo hist[WF_MAX_PLY_HISTORY];
} wf_board;

/* FEN parse errors: field index (1..6) and reason for the message. */
typedef struct wf_fen_error {
    int field;
    int offset;
    const char *reason;
} wf_fen_error;

void wf_board_startpos(wf_board *b);
/* Writes "invalid fen: field N (name): reason" into out (cap bytes). */
void wf_fen_error_message(const wf_fen_error *err, char *out, int cap);
/* Returns 0 on success; on failure fills *err and leaves b unchanged. */
int wf_board_set_fen(wf_board *b, const char *fen, wf_fen_error *err);
/* Writes the six-field FEN into out (at least 100 bytes). */
void wf_board_get_fen(const wf_board *b, char *out);
uint64_t wf_board_compute_key(const wf_board *b);
uint64_t wf_board_compute_pawn_key(const wf_board *b);

void wf_board_make(wf_board *b, wf_move m);
void wf_board_unmake(wf_board *b);
/* Before a game move: drops the oldest history entries when the history is
 * close to full (never the ones repetition detection needs, up to 800
 * plies), so that a long game plus a search always fit. */
void wf_board_trim_history(wf_board *b);
void wf_board_make_null(wf_board *b);
void wf_board_unmake_null(wf_board *b);

static inline wf_bb wf_board_occ(const wf_board *b) { return b->colors[0] | b->colors[1]; }
static inline wf_bb wf_board_pcs(const wf_board *b, int c, int t) { return b->pieces[t] & b->colors[c]; }
static inline int wf_board_king(const wf_board *b, int c) { return wf_lsb(wf_board_pcs(b, c, WF_KING)); }

/* All pieces of either colour attacking sq with the given occupancy. */
static inline wf_bb wf_board_attackers(const wf_board *b, int sq, wf_bb occ)
{
    const wf_chess_tables *t = &wf_chess_t;
    return (t->pawn_attacks[WF_WHITE][sq] & wf_board_pcs(b, WF_BLACK, WF_PAWN)) |
           (t->pawn_attacks[WF_BLACK][sq] & wf_board_pcs(b, WF_WHITE, WF_PAWN)) |
           (t->knight[sq] & b->pieces[WF_KNIGHT]) | (t->king[sq] & b->pieces[WF_KING]) |
           (wf_bishop_attacks(sq, occ) & (b->pieces[WF_BISHOP] | b->pieces[WF_QUEEN])) |
           (wf_rook_attacks(sq, occ) & (b->pieces[WF_ROOK] | b->pieces[WF_QUEEN]));
}
/* The pieces of colour `them` attacking sq with the given occupancy: the same
 * set as wf_board_attackers(b, sq, occ) & b->colors[them], but a slider lookup
 * (a multiplication and a load from the large slider table) is made only when
 * an enemy slider stands on one of the square's rays. */
static inline wf_bb wf_board_attackers_by(const wf_board *b, int sq, int them, wf_bb occ)
{
    const wf_chess_tables *t = &wf_chess_t;
    wf_bb en = b->colors[them];
    wf_bb bq = (b->pieces[WF_BISHOP] | b->pieces[WF_QUEEN]) & en;
    wf_bb rq = (b->pieces[WF_ROOK] | b->pieces[WF_QUEEN]) & en;
    wf_bb att = ((t->pawn_attacks[them ^ 1][sq] & b->pieces[WF_PAWN]) | (t->knight[sq] & b->pieces[WF_KNIGHT]) |
                 (t->king[sq] & b->pieces[WF_KING])) &
                en;
    if (t->bishop_rays[sq] & bq)
        att |= wf_bishop_attacks(sq, occ) & bq;
    if (t->rook_rays[sq] & rq)
        att |= wf_rook_attacks(sq, occ) & rq;
    return att;
}
static inline wf_bb wf_board_checkers(const wf_board *b)
{
    return wf_board_attackers_by(b, wf_board_king(b, b->side), b->side ^ 1, wf_board_occ(b));
}
static inline int wf_board_in_check(const wf_board *b) { return wf_board_checkers(b) != 0; }

/* Draw by rule: fifty-move (not when it is checkmate: caller checks), repetition
 * (count occurrences since the last irreversible move: `reps` = how many earlier
 * occurrences are required, 1 inside search, 2 for the threefold claim), and
 * insufficient material. */
int wf_board_is_repetition(const wf_board *b, int reps);
int wf_board_insufficient_material(const wf_board *b);

#endif
