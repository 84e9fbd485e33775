/* SPDX-License-Identifier: MIT
 *
 * move.h: the packed 16-bit move.
 *
 *   bits  0-5   from square (a1 = 0 ... h8 = 63)
 *   bits  6-11  to square
 *   bits 12-15  flags:
 *                 0 quiet            1 double pawn push
 *                 2 castle king side 3 castle queen side
 *                 4 capture          5 en-passant capture
 *                 8-11  promotion to knight, bishop, rook, queen
 *                 12-15 capture with promotion to knight, bishop, rook, queen
 *
 * 0 (a1a1 quiet) is never a legal move and serves as "no move".
 */
#ifndef WF_CHESS_MOVE_H
#define WF_CHESS_MOVE_H
#include <stdint.h>

typedef uint16_t wf_move;

enum {
    WF_MF_QUIET = 0,
    WF_MF_DOUBLE = 1,
    WF_MF_KCASTLE = 2,
    WF_MF_QCASTLE = 3,
    WF_MF_CAPTURE = 4,
    WF_MF_EP = 5,
    WF_MF_PROMO = 8,
    WF_MF_PROMO_CAPTURE = 12
};
#define WF_NO_MOVE ((wf_move)0)
#define WF_MOVE(from, to, flags) ((wf_move)((from) | ((to) << 6) | ((flags) << 12)))
#define WF_MFROM(m) ((m)&63)
#define WF_MTO(m) (((m) >> 6) & 63)
#define WF_MFLAGS(m) ((m) >> 12)
#define WF_MIS_CAPTURE(m) (((m) >> 12) & 4)
#define WF_MIS_PROMO(m) (((m) >> 12) & 8)
/* piece type of the promotion (WF_KNIGHT..WF_QUEEN); only for promotions */
#define WF_MPROMO(m) ((((m) >> 12) & 3) + 1)
#define WF_MIS_CASTLE(m) (WF_MFLAGS(m) == WF_MF_KCASTLE || WF_MFLAGS(m) == WF_MF_QCASTLE)

#define WF_MAX_MOVES 256
/* deepest ply the search goes to (from the root) */
#define WF_MAX_PLY 100
typedef struct wf_movelist {
    wf_move moves[WF_MAX_MOVES];
    int n;
} wf_movelist;

#endif
