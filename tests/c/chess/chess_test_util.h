/* SPDX-License-Identifier: MIT
 *
 * chess_test_util.h: what the native chess tests share.
 */
#ifndef WF_CHESS_TEST_UTIL_H
#define WF_CHESS_TEST_UTIL_H
#include <string.h>
#include "wf/chess.h"

/* Copies the move after "bestmove " in the engine's output into mv (8 bytes);
 * 0 if there is none. */
static inline int bestmove_of(wf_chess_engine *e, char *mv)
{
    const char *p = strstr(wf_chess_output(e), "bestmove ");
    if (!p)
        return 0;
    p += 9;
    int i = 0;
    while (p[i] && p[i] != ' ' && p[i] != '\n' && i < 7) {
        mv[i] = p[i];
        i++;
    }
    mv[i] = 0;
    return 1;
}
#endif
