/* SPDX-License-Identifier: MIT
 *
 * bench_chess_search.c: fixed-depth search speed. Searches a few
 * middle-game positions to `depth` (default 12) with a fresh 16 MB table and
 * prints nodes and nodes per second of CPU time (process CPU time, so the
 * figure does not depend on how busy a shared machine is).
 *
 *   bench_chess_search [depth [nodes per slice, default 100000]]
 * With BENCH_NET=FILE in the environment, the neural evaluation with that
 * network (tools/nnue) instead of the hand-written one.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "wf/chess.h"

#include "bench_chess_util.h"

int main(int argc, char **argv)
{
    int depth = argc > 1 ? atoi(argv[1]) : 12;
    uint32_t slice = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 100000;
    static const char *pos[] = {
        "r1bqkb1r/pppp1ppp/2n2n2/4p3/2B1P3/5N2/PPPP1PPP/RNBQK2R w KQkq - 4 4",
        "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1",
        "r1bq1rk1/pp2bppp/2n1pn2/3p4/2PP4/2N1PN2/PP1B1PPP/R2QKB1R w KQ - 0 8",
        "2r2rk1/1bqnbppp/p2ppn2/1p6/3NP3/1BN1BP2/PPPQ2PP/2KR3R w - - 0 13",
        "8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1",
    };
    wf_chess_engine *e = wf_chess_engine_alloc();
    if (!e)
        return 1;
    const char *net_file = getenv("BENCH_NET");
    if (net_file) {
        static unsigned char net[1 << 20];
        FILE *f = fopen(net_file, "rb");
        size_t n = f ? fread(net, 1, sizeof net, f) : 0;
        if (f)
            fclose(f);
        if (!n || wf_chess_set_net(e, net, (uint32_t)n) != WF_OK ||
            wf_chess_command(e, "setoption name Use NNUE value true", 0) != WF_OK) {
            fprintf(stderr, "%s: cannot load the network\n", net_file);
            return 1;
        }
        wf_chess_output_clear(e);
    }
    unsigned long long total = 0;
    double total_ms = 0;
    for (unsigned i = 0; i < sizeof pos / sizeof *pos; i++) {
        double a = cpu_ms();
        unsigned long long n = search_to_depth(e, pos[i], depth, slice);
        double ms = cpu_ms() - a;
        const char *bm = strstr(wf_chess_output(e), "bestmove");
        char best[40] = "";
        if (bm)
            sscanf(bm, "%39[^\n]", best);
        printf("pos %u: nodes %llu cpu_ms %.0f knps %.0f %s\n", i + 1, n, ms, (double)n / (ms > 0 ? ms : 1), best);
        total += n;
        total_ms += ms;
    }
    printf("RESULT chess_search_d%d native nodes %llu\n", depth, total);
    printf("RESULT chess_search_d%d native knps_cpu %.0f\n", depth, (double)total / (total_ms > 0 ? total_ms : 1));
    wf_chess_engine_free(e);
    return 0;
}
