/* SPDX-License-Identifier: MIT
 *
 * types.h: basic types of the chess core (squares, pieces, bitboards) and
 * small inline bit helpers. Private to core/chess.
 *
 * Squares: a1 = 0, b1 = 1, ..., h8 = 63 (little-endian rank-file mapping).
 */
#ifndef WF_CHESS_TYPES_H
#define WF_CHESS_TYPES_H
#include <stdint.h>

typedef uint64_t wf_bb;

enum { WF_WHITE = 0, WF_BLACK = 1 };
enum { WF_PAWN = 0, WF_KNIGHT, WF_BISHOP, WF_ROOK, WF_QUEEN, WF_KING, WF_NO_TYPE = 6 };
/* A piece is colour * 8 + type; WF_NO_PIECE marks an empty square. */
enum { WF_NO_PIECE = 15 };
#define WF_PIECE(c, t) ((uint8_t)((c)*8 + (t)))
#define WF_PTYPE(p) ((p)&7)
#define WF_PCOLOR(p) ((p) >> 3)

enum { WF_NO_SQ = 64 };
#define WF_SQ(f, r) ((r)*8 + (f))
#define WF_FILE(s) ((s)&7)
#define WF_RANK(s) ((s) >> 3)

/* Castling rights bits. */
enum { WF_WK = 1, WF_WQ = 2, WF_BK = 4, WF_BQ = 8 };

#define WF_BIT(s) ((wf_bb)1 << (s))
#define WF_FILE_A 0x0101010101010101ULL
#define WF_RANK_1 0xFFULL

static inline int wf_lsb(wf_bb b) { return __builtin_ctzll(b); }
#if defined(__wasm__) || defined(__POPCNT__)
static inline int wf_popcount(wf_bb b) { return __builtin_popcountll(b); }
#else
/* SWAR popcount: without a popcnt instruction this beats libgcc's table. */
static inline int wf_popcount(wf_bb b)
{
    b = b - ((b >> 1) & 0x5555555555555555ULL);
    b = (b & 0x3333333333333333ULL) + ((b >> 2) & 0x3333333333333333ULL);
    b = (b + (b >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (int)((b * 0x0101010101010101ULL) >> 56);
}
#endif
static inline int wf_poplsb(wf_bb *b)
{
    int s = __builtin_ctzll(*b);
    *b &= *b - 1;
    return s;
}
static inline int wf_more_than_one(wf_bb b) { return (b & (b - 1)) != 0; }

#endif
