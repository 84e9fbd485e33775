/* SPDX-License-Identifier: MIT
 *
 * bench_chess.c: native figures for the chess core.
 *   bench_chess [bk_depth [perft_depth]]
 * Prints RESULT lines:
 *   perft: start position at perft_depth (default 6: 119,060,324 leaves, bulk-counted), M nodes/s,
 *          as RESULT chess_perft<depth> ...
 *   search: nodes/s of fixed-depth searches of a few middle-game positions
 *   bk: Bratko-Kopec positions solved (bestmove among the 'bm' moves) at a fixed depth
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wf/chess.h"
#include "bench_chess_util.h"

static FILE *open_data(const char *rel)
{
    char path[1024];
    const char *dirs[2] = {getenv("WASMFORGE_DATA"), "../shared/data"};
    for (int i = 0; i < 2; i++) {
        if (!dirs[i])
            continue;
        snprintf(path, sizeof path, "%s/%s", dirs[i], rel);
        FILE *f = fopen(path, "r");
        if (f)
            return f;
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int bk_depth = argc > 1 ? atoi(argv[1]) : 10;
    int perft_depth = argc > 2 ? atoi(argv[2]) : 6;
    if (perft_depth < 1 || perft_depth > 7)
        perft_depth = 6;
    wf_chess_engine *e = wf_chess_engine_alloc();
    /* perft */
    wf_chess_set_fen(e, "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1");
    uint32_t lo, hi;
    double t0 = now_ms();
    wf_chess_perft(e, perft_depth, &lo, &hi);
    double t1 = now_ms();
    unsigned long long n = ((unsigned long long)hi << 32) | lo;
    printf("RESULT chess_perft%d native nodes %llu\n", perft_depth, n);
    printf("RESULT chess_perft%d native mnps %.1f\n", perft_depth, (double)n / (t1 - t0) / 1000.0);
    printf("RESULT chess_perft%d native ms %.1f\n", perft_depth, t1 - t0);

    /* search speed */
    static const char *pos[] = {
        "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1",
        "rnbqkb1r/pp1p1ppp/4pn2/2p5/2PP4/2N5/PP2PPPP/R1B1KBNR w KQkq - 0 4",
        "r1bq1rk1/pp2bppp/2n1pn2/3p4/2PP4/2N1PN2/PP1B1PPP/R2QKB1R w KQ - 0 8",
        "8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1",
    };
    unsigned long long total = 0;
    double ms = 0;
    for (unsigned i = 0; i < sizeof pos / sizeof *pos; i++) {
        double a = now_ms();
        total += search_to_depth(e, pos[i], 13, 50000);
        ms += now_ms() - a;
    }
    printf("RESULT chess_search native nodes %llu\n", total);
    printf("RESULT chess_search native knps %.0f\n", (double)total / ms);
    printf("RESULT chess_search native ms %.0f\n", ms);

    /* Bratko-Kopec */
    FILE *f = open_data("chess/bk.epd");
    if (!f) {
        printf("# bk.epd not found: skipped\n");
    } else {
        char line[512];
        int solved = 0, count = 0;
        double a = now_ms();
        while (fgets(line, sizeof line, f)) {
            char *bm = strstr(line, " bm ");
            if (!bm)
                continue;
            *bm = 0;
            char *moves = bm + 4, *end = strchr(moves, ';');
            if (!end)
                continue;
            *end = 0;
            char fen[600], cmd[620];
            snprintf(fen, sizeof fen, "%s 0 1", line);
            snprintf(cmd, sizeof cmd, "position fen %s", fen);
            if (wf_chess_command(e, cmd, 0) != WF_OK)
                continue;
            /* expected moves in UCI form */
            char want[8][8];
            int nw = 0;
            for (char *tok = strtok(moves, " "); tok && nw < 8; tok = strtok(NULL, " ")) {
                const char *u = wf_chess_san_to_uci(e, tok);
                if (u)
                    snprintf(want[nw++], 8, "%s", u);
            }
            search_to_depth(e, fen, bk_depth, 50000);
            const char *b = strstr(wf_chess_output(e), "bestmove ");
            char got[8] = "";
            if (b)
                sscanf(b + 9, "%7s", got);
            int ok = 0;
            for (int i = 0; i < nw; i++)
                ok |= strcmp(got, want[i]) == 0;
            solved += ok;
            count++;
        }
        fclose(f);
        printf("RESULT chess_bk native depth %d\n", bk_depth);
        printf("RESULT chess_bk native solved %d\n", solved);
        printf("RESULT chess_bk native positions %d\n", count);
        printf("RESULT chess_bk native ms %.0f\n", now_ms() - a);
    }
    wf_chess_engine_free(e);
    return 0;
}
