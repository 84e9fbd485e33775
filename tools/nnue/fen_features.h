/* SPDX-License-Identifier: MIT
 *
 * fen_features.h: the network's input features of a FEN's board field, for
 * the tools (train.c, evalcmp.c). Must match core/chess/nnue.c.
 */
#ifndef WF_TOOLS_NNUE_FEN_FEATURES_H
#define WF_TOOLS_NNUE_FEN_FEATURES_H

#include <string.h>

/* Feature index of a piece (colour 0 white, 1 black; type 0-5 PNBRQK) on sq
 * (a1 = 0) seen from perspective `persp`. */
static inline int nnue_feature(int persp, int colour, int type, int sq)
{
    if (persp == 1) {
        sq ^= 56;
        colour ^= 1;
    }
    return colour * 384 + type * 64 + sq;
}

/* Reads the board field of `fen` and stores the white- and black-perspective
 * feature of each piece in feat[i][0..1] (at most `max` pieces). Returns the
 * number of pieces and sets *rest to the character after the board field, or
 * returns -1 on a malformed board. */
static inline int nnue_fen_features(const char *fen, unsigned short (*feat)[2], int max, const char **rest)
{
    static const char pieces[] = "PNBRQKpnbrqk";
    int rank = 7, file = 0, n = 0;
    const char *s = fen;
    for (; *s && *s != ' '; s++) {
        if (*s == '/') {
            rank--;
            file = 0;
        } else if (*s >= '1' && *s <= '8') {
            file += *s - '0';
        } else {
            const char *q = strchr(pieces, *s);
            if (!q || n >= max || rank < 0 || file > 7)
                return -1;
            int idx = (int)(q - pieces), colour = idx / 6, type = idx % 6, sq = rank * 8 + file;
            feat[n][0] = (unsigned short)nnue_feature(0, colour, type, sq);
            feat[n][1] = (unsigned short)nnue_feature(1, colour, type, sq);
            n++;
            file++;
        }
    }
    *rest = s;
    return n;
}

#endif
