/* SPDX-License-Identifier: MIT
 *
 * board.c: FEN in/out, Zobrist keys, make/unmake, draw rules.
 */
#include "board.h"
#include <stddef.h>
#include <string.h>

static const char piece_chars[] = "PNBRQK..pnbrqk..";

/* castling rights that survive a move touching each square */
static const uint8_t castle_mask_init[64] = {
    [0] = (uint8_t)~WF_WQ & 15,  [4] = (uint8_t) ~(WF_WK | WF_WQ) & 15,  [7] = (uint8_t)~WF_WK & 15,
    [56] = (uint8_t)~WF_BQ & 15, [60] = (uint8_t) ~(WF_BK | WF_BQ) & 15, [63] = (uint8_t)~WF_BK & 15,
};
static inline int castle_keep(int sq) { return castle_mask_init[sq] ? castle_mask_init[sq] : 15; }

static inline void put_piece(wf_board *b, int p, int sq)
{
    b->sq[sq] = (uint8_t)p;
    b->pieces[WF_PTYPE(p)] |= WF_BIT(sq);
    b->colors[WF_PCOLOR(p)] |= WF_BIT(sq);
}
static inline void remove_piece(wf_board *b, int sq)
{
    int p = b->sq[sq];
    b->pieces[WF_PTYPE(p)] &= ~WF_BIT(sq);
    b->colors[WF_PCOLOR(p)] &= ~WF_BIT(sq);
    b->sq[sq] = WF_NO_PIECE;
}
static inline void move_piece(wf_board *b, int from, int to)
{
    int p = b->sq[from];
    wf_bb ft = WF_BIT(from) | WF_BIT(to);
    b->pieces[WF_PTYPE(p)] ^= ft;
    b->colors[WF_PCOLOR(p)] ^= ft;
    b->sq[to] = (uint8_t)p;
    b->sq[from] = WF_NO_PIECE;
}

/* The en-passant square enters the key only when a pawn of the side to move
 * could capture there, so transpositions hash alike. */
static inline uint64_t ep_key(const wf_board *b)
{
    if (b->ep == WF_NO_SQ)
        return 0;
    if (wf_chess_t.pawn_attacks[b->side ^ 1][b->ep] & wf_board_pcs(b, b->side, WF_PAWN))
        return wf_chess_t.z_ep[WF_FILE(b->ep)];
    return 0;
}

uint64_t wf_board_compute_key(const wf_board *b)
{
    uint64_t k = 0;
    for (int sq = 0; sq < 64; sq++)
        if (b->sq[sq] != WF_NO_PIECE)
            k ^= wf_chess_t.z_piece[b->sq[sq]][sq];
    k ^= wf_chess_t.z_castle[b->castle];
    k ^= ep_key(b);
    if (b->side)
        k ^= wf_chess_t.z_side;
    return k;
}

uint64_t wf_board_compute_pawn_key(const wf_board *b)
{
    uint64_t k = 0;
    wf_bb p = b->pieces[WF_PAWN];
    while (p) {
        int sq = wf_poplsb(&p);
        k ^= wf_chess_t.z_piece[b->sq[sq]][sq];
    }
    return k;
}

static void clear_board(wf_board *b)
{
    memset(b->pieces, 0, sizeof b->pieces);
    memset(b->colors, 0, sizeof b->colors);
    memset(b->sq, WF_NO_PIECE, sizeof b->sq);
    b->side = WF_WHITE;
    b->castle = 0;
    b->ep = WF_NO_SQ;
    b->fifty = 0;
    b->fullmove = 1;
    b->hist_n = 0;
}

void wf_board_startpos(wf_board *b)
{
    wf_fen_error e;
    wf_board_set_fen(b, "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1", &e);
}

void wf_fen_error_message(const wf_fen_error *err, char *out, int cap)
{
    static const char *fields[7] = {"?",
                                    "1 (piece placement)",
                                    "2 (side to move)",
                                    "3 (castling rights)",
                                    "4 (en-passant square)",
                                    "5 (half-move clock)",
                                    "6 (full-move number)"};
    const char *parts[4] = {"invalid fen: field ", fields[err->field >= 1 && err->field <= 6 ? err->field : 0], ": ",
                            err->reason};
    int n = 0;
    for (int i = 0; i < 4; i++)
        for (const char *q = parts[i]; *q && n < cap - 1; q++)
            out[n++] = *q;
    out[n] = 0;
}

#define FEN_FAIL(f, off, msg)     \
    do {                          \
        err->field = (f);         \
        err->offset = (int)(off); \
        err->reason = (msg);      \
        return -1;                \
    } while (0)

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Parses a non-negative decimal of at most 6 digits ending at a space or NUL. */
static int parse_uint(const char *s, int *pos, int *out)
{
    int i = *pos, v = 0, nd = 0;
    while (s[i] >= '0' && s[i] <= '9') {
        if (++nd > 6)
            return -1;
        v = v * 10 + (s[i] - '0');
        i++;
    }
    if (nd == 0 || (s[i] && !is_space(s[i])))
        return -1;
    *pos = i;
    *out = v;
    return 0;
}

int wf_board_set_fen(wf_board *out, const char *fen, wf_fen_error *err)
{
    wf_board tmp, *b = &tmp;
    clear_board(b);
    int i = 0;
    while (is_space(fen[i]))
        i++;
    /* field 1: placement, rank 8 first */
    int rank = 7, file = 0;
    for (;; i++) {
        char c = fen[i];
        if (c == '/') {
            if (file != 8)
                FEN_FAIL(1, i, "rank does not have 8 squares");
            if (rank == 0)
                FEN_FAIL(1, i, "more than 8 ranks");
            rank--;
            file = 0;
        } else if (c >= '1' && c <= '8') {
            file += c - '0';
            if (file > 8)
                FEN_FAIL(1, i, "rank has more than 8 squares");
        } else if (c && strchr("PNBRQKpnbrqk", c)) {
            if (file > 7)
                FEN_FAIL(1, i, "rank has more than 8 squares");
            int p = (int)(strchr(piece_chars, c) - piece_chars);
            put_piece(b, p, WF_SQ(file, rank));
            file++;
        } else if (c == 0 || is_space(c)) {
            break;
        } else {
            FEN_FAIL(1, i, "invalid character in piece placement");
        }
    }
    if (rank != 0 || file != 8)
        FEN_FAIL(1, i, "piece placement does not describe 8 ranks of 8 squares");
    for (int c = 0; c < 2; c++) {
        if (wf_popcount(wf_board_pcs(b, c, WF_KING)) != 1)
            FEN_FAIL(1, 0, c ? "black must have exactly one king" : "white must have exactly one king");
        int np = wf_popcount(wf_board_pcs(b, c, WF_PAWN));
        int extra = np;
        static const int base[6] = {0, 2, 2, 2, 1, 1};
        for (int t = WF_KNIGHT; t <= WF_QUEEN; t++) {
            int n = wf_popcount(wf_board_pcs(b, c, t));
            if (n > base[t])
                extra += n - base[t];
        }
        if (np > 8 || extra > 8 || wf_popcount(b->colors[c]) > 16)
            FEN_FAIL(1, 0, "too many pieces for one side");
    }
    if (b->pieces[WF_PAWN] & (WF_RANK_1 | (WF_RANK_1 << 56)))
        FEN_FAIL(1, 0, "pawn on the first or last rank");
    /* field 2: side to move */
    while (is_space(fen[i]))
        i++;
    if (fen[i] == 'w' || fen[i] == 'b') {
        b->side = fen[i] == 'b';
        i++;
        if (fen[i] && !is_space(fen[i]))
            FEN_FAIL(2, i, "side to move must be 'w' or 'b'");
    } else {
        FEN_FAIL(2, i, fen[i] ? "side to move must be 'w' or 'b'" : "missing side to move");
    }
    /* field 3: castling */
    while (is_space(fen[i]))
        i++;
    if (fen[i] == 0) {
        /* fields 3-6 missing: accept a four-field-less FEN as "no rights" */
    } else if (fen[i] == '-') {
        i++;
    } else {
        for (; fen[i] && !is_space(fen[i]); i++) {
            const char *cr = "KQkq";
            const char *p = strchr(cr, fen[i]);
            if (!p)
                FEN_FAIL(3, i, "castling rights must be '-' or letters from KQkq");
            int bit = 1 << (p - cr);
            if (b->castle & bit)
                FEN_FAIL(3, i, "repeated castling right");
            b->castle |= bit;
        }
    }
    if (fen[i] && !is_space(fen[i]))
        FEN_FAIL(3, i, "castling rights must be '-' or letters from KQkq");
    /* Rights that the placement makes impossible are dropped. */
    if (b->sq[4] != WF_PIECE(WF_WHITE, WF_KING))
        b->castle &= ~(WF_WK | WF_WQ);
    if (b->sq[60] != WF_PIECE(WF_BLACK, WF_KING))
        b->castle &= ~(WF_BK | WF_BQ);
    if (b->sq[7] != WF_PIECE(WF_WHITE, WF_ROOK))
        b->castle &= ~WF_WK;
    if (b->sq[0] != WF_PIECE(WF_WHITE, WF_ROOK))
        b->castle &= ~WF_WQ;
    if (b->sq[63] != WF_PIECE(WF_BLACK, WF_ROOK))
        b->castle &= ~WF_BK;
    if (b->sq[56] != WF_PIECE(WF_BLACK, WF_ROOK))
        b->castle &= ~WF_BQ;
    /* field 4: en passant */
    while (is_space(fen[i]))
        i++;
    if (fen[i] == '-') {
        i++;
    } else if (fen[i] >= 'a' && fen[i] <= 'h' && fen[i + 1] >= '1' && fen[i + 1] <= '8') {
        int sq = WF_SQ(fen[i] - 'a', fen[i + 1] - '1');
        if (WF_RANK(sq) != (b->side == WF_WHITE ? 5 : 2))
            FEN_FAIL(4, i, "en-passant square is not on the sixth rank of the side to move");
        int pawn_sq = b->side == WF_WHITE ? sq - 8 : sq + 8;
        int behind = b->side == WF_WHITE ? sq + 8 : sq - 8;
        /* keep it only if a double push could have produced it */
        if (b->sq[pawn_sq] == WF_PIECE(b->side ^ 1, WF_PAWN) && b->sq[sq] == WF_NO_PIECE &&
            b->sq[behind] == WF_NO_PIECE)
            b->ep = sq;
        i += 2;
    } else if (fen[i] != 0) {
        FEN_FAIL(4, i, "en-passant square must be '-' or a square such as e3");
    }
    if (fen[i] && !is_space(fen[i]))
        FEN_FAIL(4, i, "en-passant square must be '-' or a square such as e3");
    /* fields 5 and 6: optional clocks */
    while (is_space(fen[i]))
        i++;
    if (fen[i]) {
        if (parse_uint(fen, &i, &b->fifty) || b->fifty > 10000)
            FEN_FAIL(5, i, "half-move clock must be a number from 0 to 10000");
        while (is_space(fen[i]))
            i++;
        if (fen[i]) {
            if (parse_uint(fen, &i, &b->fullmove) || b->fullmove > 100000)
                FEN_FAIL(6, i, "full-move number must be a number from 1 to 100000");
            if (b->fullmove == 0)
                b->fullmove = 1;
            while (is_space(fen[i]))
                i++;
            if (fen[i])
                FEN_FAIL(6, i, "unexpected text after the full-move number");
        }
    }
    /* the side that just moved must not be in check */
    int oksq = wf_board_king(b, b->side ^ 1);
    if (wf_board_attackers_by(b, oksq, b->side, wf_board_occ(b)))
        FEN_FAIL(1, 0, "the side not to move is in check");
    if (wf_popcount(wf_board_checkers(b)) > 2)
        FEN_FAIL(1, 0, "the side to move is in check by more than two pieces");
    b->key = wf_board_compute_key(b);
    b->pawn_key = wf_board_compute_pawn_key(b);
    /* copy only the used part (hist is large) */
    memcpy(out, b, offsetof(wf_board, hist));
    out->hist_n = 0;
    return 0;
}

void wf_board_get_fen(const wf_board *b, char *out)
{
    char *o = out;
    for (int r = 7; r >= 0; r--) {
        int empty = 0;
        for (int f = 0; f < 8; f++) {
            int p = b->sq[WF_SQ(f, r)];
            if (p == WF_NO_PIECE) {
                empty++;
                continue;
            }
            if (empty)
                *o++ = (char)('0' + empty);
            empty = 0;
            *o++ = piece_chars[p];
        }
        if (empty)
            *o++ = (char)('0' + empty);
        if (r)
            *o++ = '/';
    }
    *o++ = ' ';
    *o++ = b->side ? 'b' : 'w';
    *o++ = ' ';
    if (!b->castle)
        *o++ = '-';
    for (int i = 0; i < 4; i++)
        if (b->castle & (1 << i))
            *o++ = "KQkq"[i];
    *o++ = ' ';
    if (b->ep == WF_NO_SQ) {
        *o++ = '-';
    } else {
        *o++ = (char)('a' + WF_FILE(b->ep));
        *o++ = (char)('1' + WF_RANK(b->ep));
    }
    int n = b->fifty, m = b->fullmove;
    char num[16];
    for (int k = 0; k < 2; k++) {
        int v = k ? m : n, l = 0;
        *o++ = ' ';
        do {
            num[l++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        while (l)
            *o++ = num[--l];
    }
    *o = 0;
}

void wf_board_make(wf_board *b, wf_move m)
{
    const wf_chess_tables *t = &wf_chess_t;
    wf_undo *u = &b->hist[b->hist_n++];
    u->key = b->key;
    u->pawn_key = b->pawn_key;
    u->move = m;
    u->castle = (uint8_t)b->castle;
    u->ep = (uint8_t)b->ep;
    u->fifty = (uint16_t)(b->fifty > 65535 ? 65535 : b->fifty);
    int from = WF_MFROM(m), to = WF_MTO(m), fl = WF_MFLAGS(m);
    int us = b->side, p = b->sq[from];
    uint64_t k = b->key ^ ep_key(b) ^ t->z_castle[b->castle] ^ t->z_side;
    int cap = WF_NO_PIECE;
    b->fifty++;
    if (fl == WF_MF_EP) {
        int csq = us == WF_WHITE ? to - 8 : to + 8;
        cap = b->sq[csq];
        remove_piece(b, csq);
        k ^= t->z_piece[cap][csq];
        b->pawn_key ^= t->z_piece[cap][csq];
    } else if (b->sq[to] != WF_NO_PIECE) {
        cap = b->sq[to];
        remove_piece(b, to);
        k ^= t->z_piece[cap][to];
        if (WF_PTYPE(cap) == WF_PAWN)
            b->pawn_key ^= t->z_piece[cap][to];
    }
    u->captured = (uint8_t)cap;
    if (cap != WF_NO_PIECE || WF_PTYPE(p) == WF_PAWN)
        b->fifty = 0;
    move_piece(b, from, to);
    k ^= t->z_piece[p][from] ^ t->z_piece[p][to];
    if (WF_PTYPE(p) == WF_PAWN)
        b->pawn_key ^= t->z_piece[p][from] ^ t->z_piece[p][to];
    if (fl == WF_MF_KCASTLE || fl == WF_MF_QCASTLE) {
        int rf = fl == WF_MF_KCASTLE ? to + 1 : to - 2, rt = fl == WF_MF_KCASTLE ? to - 1 : to + 1;
        int r = b->sq[rf];
        move_piece(b, rf, rt);
        k ^= t->z_piece[r][rf] ^ t->z_piece[r][rt];
    } else if (fl & WF_MF_PROMO) {
        int np = WF_PIECE(us, WF_MPROMO(m));
        remove_piece(b, to);
        put_piece(b, np, to);
        k ^= t->z_piece[p][to] ^ t->z_piece[np][to];
        b->pawn_key ^= t->z_piece[p][to];
    }
    b->castle &= castle_keep(from) & castle_keep(to);
    b->ep = fl == WF_MF_DOUBLE ? (from + to) / 2 : WF_NO_SQ;
    b->side ^= 1;
    if (us == WF_BLACK)
        b->fullmove++;
    b->key = k ^ t->z_castle[b->castle] ^ ep_key(b);
}

void wf_board_unmake(wf_board *b)
{
    wf_undo *u = &b->hist[--b->hist_n];
    wf_move m = u->move;
    int from = WF_MFROM(m), to = WF_MTO(m), fl = WF_MFLAGS(m);
    b->side ^= 1;
    int us = b->side;
    if (us == WF_BLACK)
        b->fullmove--;
    if (fl & WF_MF_PROMO) {
        remove_piece(b, to);
        put_piece(b, WF_PIECE(us, WF_PAWN), to);
    }
    move_piece(b, to, from);
    if (fl == WF_MF_KCASTLE || fl == WF_MF_QCASTLE) {
        int rf = fl == WF_MF_KCASTLE ? to + 1 : to - 2, rt = fl == WF_MF_KCASTLE ? to - 1 : to + 1;
        move_piece(b, rt, rf);
    }
    if (u->captured != WF_NO_PIECE)
        put_piece(b, u->captured, fl == WF_MF_EP ? (us == WF_WHITE ? to - 8 : to + 8) : to);
    b->castle = u->castle;
    b->ep = u->ep;
    b->fifty = u->fifty;
    b->key = u->key;
    b->pawn_key = u->pawn_key;
}

void wf_board_make_null(wf_board *b)
{
    wf_undo *u = &b->hist[b->hist_n++];
    u->key = b->key;
    u->pawn_key = b->pawn_key;
    u->move = WF_NO_MOVE;
    u->captured = WF_NO_PIECE;
    u->castle = (uint8_t)b->castle;
    u->ep = (uint8_t)b->ep;
    u->fifty = (uint16_t)(b->fifty > 65535 ? 65535 : b->fifty);
    b->key ^= ep_key(b);
    b->ep = WF_NO_SQ;
    b->side ^= 1;
    b->key ^= wf_chess_t.z_side;
    b->fifty++;
}

void wf_board_unmake_null(wf_board *b)
{
    wf_undo *u = &b->hist[--b->hist_n];
    b->side ^= 1;
    b->ep = u->ep;
    b->fifty = u->fifty;
    b->key = u->key;
}

int wf_board_is_repetition(const wf_board *b, int reps)
{
    int n = b->hist_n, limit = b->fifty < n ? b->fifty : n, count = 0;
    /* positions with the same side to move: 4, 6, ... plies back */
    for (int i = 4; i <= limit; i += 2) {
        if (b->hist[n - i].key == b->key) {
            if (++count >= reps)
                return 1;
        }
    }
    return 0;
}

int wf_board_insufficient_material(const wf_board *b)
{
    if (b->pieces[WF_PAWN] | b->pieces[WF_ROOK] | b->pieces[WF_QUEEN])
        return 0;
    wf_bb minors = b->pieces[WF_KNIGHT] | b->pieces[WF_BISHOP];
    if (wf_popcount(minors) <= 1)
        return 1; /* K v K, K+minor v K */
    /* only bishops, all on squares of one colour */
    if (!b->pieces[WF_KNIGHT]) {
        const wf_bb dark = 0xAA55AA55AA55AA55ULL;
        if (!(b->pieces[WF_BISHOP] & dark) || !(b->pieces[WF_BISHOP] & ~dark))
            return 1;
    }
    return 0;
}

void wf_board_trim_history(wf_board *b)
{
    if (b->hist_n < WF_MAX_PLY_HISTORY - WF_MAX_PLY - 16)
        return;
    int keep = b->fifty < 800 ? b->fifty : 800;
    if (keep > b->hist_n)
        keep = b->hist_n;
    memmove(b->hist, b->hist + (b->hist_n - keep), sizeof(wf_undo) * (size_t)keep);
    b->hist_n = keep;
}
