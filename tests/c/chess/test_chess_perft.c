/* SPDX-License-Identifier: MIT
 *
 * test_chess_perft.c: every position of perft.epd (the published perft
 * counts of the Chess Programming Wiki positions) through the public API,
 * at every listed depth whose expected count is at most WF_PERFT_MAX_NODES
 * (default 30 million, so the suite runs in seconds natively; set the
 * environment variable to go deeper). Also the 'go perft' UCI command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wf/chess.h"
#include "../common/wf_check.h"

static FILE *open_data(const char *rel)
{
    char path[1024];
    const char *dirs[3] = {getenv("WASMFORGE_DATA"), getenv("WASMFORGE_DATA_DEFAULT"), "../shared/data"};
    for (int i = 0; i < 3; i++) {
        if (!dirs[i])
            continue;
        snprintf(path, sizeof path, "%s/%s", dirs[i], rel);
        FILE *f = fopen(path, "r");
        if (f)
            return f;
    }
    return NULL;
}

int main(void)
{
    FILE *f = open_data("chess/perft.epd");
    if (!f) {
        printf("SKIP: chess/perft.epd not found (set WASMFORGE_DATA)\n");
        return 77;
    }
    unsigned long long max_nodes = 30000000ULL;
    if (getenv("WF_PERFT_MAX_NODES"))
        max_nodes = strtoull(getenv("WF_PERFT_MAX_NODES"), NULL, 10);
    wf_chess_engine *e = wf_chess_engine_alloc();
    char line[1024];
    int positions = 0, counted = 0;
    while (fgets(line, sizeof line, f)) {
        char *semi = strchr(line, ';');
        if (!semi)
            continue;
        *semi = 0;
        int st = wf_chess_set_fen(e, line);
        CHECK(st == WF_OK, "set_fen %s: %s", line, wf_chess_error_message(e));
        if (st)
            continue;
        positions++;
        char *p = semi + 1;
        while (p && *p) {
            int depth;
            unsigned long long expect;
            if (sscanf(p, "D%d %llu", &depth, &expect) == 2 && expect <= max_nodes) {
                uint32_t lo = 0, hi = 0;
                CHECK(wf_chess_perft(e, depth, &lo, &hi) == WF_OK, "perft call");
                unsigned long long got = ((unsigned long long)hi << 32) | lo;
                CHECK(got == expect, "%s depth %d: got %llu expected %llu", line, depth, got, expect);
                counted++;
            }
            p = strchr(p, ';');
            if (p)
                p++;
        }
    }
    fclose(f);
    CHECK(positions >= 6, "only %d positions read", positions);

    /* 'go perft' through UCI: per-move lines and the total, across slices */
    wf_chess_command(e, "position fen r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1", 0);
    wf_chess_output_clear(e);
    CHECK(wf_chess_command(e, "go perft 3", 0) == WF_OK, "go perft");
    int slices = 0;
    while (wf_chess_search_slice(e, 0, 1000) && slices < 1000)
        slices++;
    const char *out = wf_chess_output(e);
    CHECK(strstr(out, "Nodes searched: 97862\n") != NULL, "go perft 3 total: %s", out);
    CHECK(strstr(out, "e1g1: ") != NULL, "per-move line");
    int lines = 0;
    for (const char *q = out; (q = strstr(q, ": ")) != NULL; q++)
        lines++;
    CHECK(lines == 48 + 1, "48 root moves + total, got %d", lines);
    CHECK(slices > 1, "perft was sliced");
    CHECK(wf_chess_command(e, "go perft -1", 0) == WF_CHESS_BAD_ARGUMENT, "go perft -1 rejected");
    CHECK(wf_chess_command(e, "go perft 99", 0) == WF_CHESS_BAD_ARGUMENT, "go perft 99 rejected");
    CHECK(!wf_chess_searching(e), "no perft running");
    wf_chess_engine_free(e);
    printf("%d perft checks over %d positions, %d failures\n", counted, positions, failures);
    return failures ? 1 : 0;
}
