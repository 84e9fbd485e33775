/* SPDX-License-Identifier: MIT
 *
 * test_chess_nnue.c: the neural evaluation (core/chess/nnue.c) with a
 * pseudo-random network made here (the build may embed no network):
 * - incremental == refresh: in check mode every accumulator the search
 *   brings up to date from its parent's equals one summed from scratch
 *   (fixed-depth searches of positions with castling, en passant,
 *   promotions and captures, and a short self-play game);
 * - searches with NNUE are deterministic (same nodes twice) and differ from
 *   the hand-written evaluation's; switching "Use NNUE" back off gives the
 *   hand-written results again;
 * - malformed network files are refused; "Use NNUE" without a network
 *   is refused when the build embeds none.
 * The scalar and Wasm SIMD paths, and native against Wasm, are compared by
 * tests/js/chess-nnue.test.js.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wf/chess.h"

#include "../../../core/chess/engine.h"
#include "../common/wf_check.h"
#include "chess_test_util.h"

#define OK(cond) CHECK(cond, "%s", #cond)

/* A network file of hidden size h with pseudo-random weights (xorshift32
 * from seed) in the quantised ranges: the same generator as
 * tests/js/chess-nnue.test.js. */
static unsigned char *random_net(int h, uint32_t seed, size_t *size)
{
    size_t n = 12 + 2 * ((size_t)768 * h + 3 * (size_t)h) + 4;
    unsigned char *d = malloc(n), *p = d;
    uint32_t x = seed ? seed : 1;
#define NEXT() (x ^= x << 13, x ^= x >> 17, x ^= x << 5, x)
#define PUT16(v) (p[0] = (unsigned char)((v)&255), p[1] = (unsigned char)(((v) >> 8) & 255), p += 2)
    memcpy(p, "WFNN\1\0\0\0", 8);
    p += 8;
    p[0] = (unsigned char)h, p[1] = (unsigned char)(h >> 8), p[2] = p[3] = 0, p += 4;
    for (size_t i = 0; i < (size_t)768 * h; i++) {
        int v = (int)(NEXT() % 161) - 80; /* feature weights -80..80 */
        PUT16((uint16_t)(int16_t)v);
    }
    for (int i = 0; i < h; i++) {
        int v = (int)(NEXT() % 201) - 40; /* biases -40..160 */
        PUT16((uint16_t)(int16_t)v);
    }
    for (int i = 0; i < 2 * h; i++) {
        int v = (int)(NEXT() % 255) - 127; /* output weights -127..127 */
        PUT16((uint16_t)(int16_t)v);
    }
    uint32_t b = (uint32_t)(int32_t)((int)(NEXT() % 20001) - 10000);
    p[0] = (unsigned char)b, p[1] = (unsigned char)(b >> 8), p[2] = (unsigned char)(b >> 16),
    p[3] = (unsigned char)(b >> 24);
#undef NEXT
#undef PUT16
    *size = n;
    return d;
}

static void cmd(wf_chess_engine *e, const char *line)
{
    OK(wf_chess_command(e, line, 0) == WF_OK);
    while (wf_chess_search_slice(e, 0, 3000))
        ;
}

/* nodes of the last "info depth" line, and the bestmove, of a search */
static long long search(wf_chess_engine *e, const char *position, const char *go, char *best)
{
    wf_chess_output_clear(e);
    cmd(e, "ucinewgame");
    cmd(e, position);
    cmd(e, go);
    const char *out = wf_chess_output(e), *p, *last = NULL;
    for (p = out; (p = strstr(p, " nodes ")) != NULL; p++)
        last = p;
    OK(bestmove_of(e, best));
    return last ? atoll(last + 7) : -1;
}

static int eval_of(wf_chess_engine *e, const char *position, char *which)
{
    wf_chess_output_clear(e);
    cmd(e, position);
    cmd(e, "eval");
    const char *p = strstr(wf_chess_output(e), "info string eval ");
    OK(p != NULL);
    if (!p)
        return 0;
    int v = atoi(p + 17);
    const char *w = strchr(p + 17, ' ');
    sscanf(w ? w : "", " %15s", which);
    return v;
}

static const char *const POSITIONS[] = {
    "position startpos",
    "position fen r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1",
    "position fen 8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1",
    "position fen r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1",
    "position fen rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8",
    "position fen r4rk1/1pp1qppp/p1np1n2/2b1p1B1/2B1P1b1/P1NP1N2/1PP1QPPP/R4RK1 w - - 0 10",
    "position startpos moves e2e4 d7d5 e4e5 f7f5",       /* en passant e5f6 */
    "position fen 8/1P6/8/8/8/8/6p1/K6k w - - 0 1",      /* promotions */
    "position fen r3k2r/8/8/8/8/8/8/R3K2R b KQkq - 0 1", /* castling both ways */
};
#define NPOS ((int)(sizeof POSITIONS / sizeof POSITIONS[0]))

int main(void)
{
    wf_chess_engine *e = wf_chess_engine_alloc();
    OK(e != NULL);
    if (!e)
        return wf_check_report();
    char which[16] = "", best[8];

    /* the default is the hand-written evaluation */
    int hce_start = eval_of(e, "position startpos", which);
    OK(strcmp(which, "classical") == 0);
    if (wf_nnue_embedded_size == 0) {
        OK(wf_chess_command(e, "setoption name Use NNUE value true", 0) == WF_CHESS_BAD_ARGUMENT);
        OK(e->use_nnue == 0 && e->eval.net == NULL);
    }

    /* malformed files */
    size_t size;
    unsigned char *net = random_net(32, 7, &size);
    OK(wf_chess_set_net(e, net, (uint32_t)size - 1) == WF_ERR_INVALID_ARGUMENT);
    net[0] = 'X';
    OK(wf_chess_set_net(e, net, (uint32_t)size) == WF_ERR_INVALID_ARGUMENT);
    net[0] = 'W';
    net[size - 6] = 200; /* an output weight of 200: out of the int8 range */
    net[size - 5] = 0;
    OK(wf_chess_set_net(e, net, (uint32_t)size) == WF_ERR_INVALID_ARGUMENT);
    free(net);
    net = random_net(24, 7, &size); /* not a multiple of 16 */
    OK(wf_chess_set_net(e, net, (uint32_t)size) == WF_ERR_INVALID_ARGUMENT);
    free(net);

    /* HCE reference searches */
    long long hce_nodes[NPOS];
    char hce_best[NPOS][8];
    for (int i = 0; i < NPOS; i++)
        hce_nodes[i] = search(e, POSITIONS[i], "go depth 6", hce_best[i]);

    for (int h = 32; h <= 256; h *= 8) { /* 32 and 256: the smallest and largest sizes */
        net = random_net(h, (uint32_t)h, &size);
        OK(wf_chess_set_net(e, net, (uint32_t)size) == WF_OK);
        free(net); /* the engine keeps its own copy */
        cmd(e, "setoption name Use NNUE value true");
        OK(e->use_nnue && e->eval.net && e->eval.net->hidden == h);
        int v = eval_of(e, "position startpos", which);
        OK(strcmp(which, "nnue") == 0);
        (void)v;
        e->eval.check = 1;
        e->eval.checked = e->eval.check_failures = 0;
        int differs = 0;
        for (int i = 0; i < NPOS; i++) {
            long long n1 = search(e, POSITIONS[i], "go depth 6", best);
            char best2[8];
            long long n2 = search(e, POSITIONS[i], "go depth 6", best2);
            CHECK(n1 > 0 && n1 == n2 && strcmp(best, best2) == 0, "h %d position %d: %lld/%s then %lld/%s", h, i, n1,
                  best, n2, best2);
            differs += n1 != hce_nodes[i];
        }
        OK(differs > 0);
        /* a short game: accumulators across many searches and positions */
        char game[2048] = "position startpos moves";
        for (int ply = 0; ply < 40; ply++) {
            search(e, game, "go nodes 3000", best);
            if (wf_chess_game_state(e) != WF_CHESS_ONGOING || best[0] < 'a' || best[0] > 'h' ||
                strlen(game) + 8 >= sizeof game)
                break;
            strcat(game, " ");
            strcat(game, best);
        }
        CHECK(e->eval.checked > 10000 && e->eval.check_failures == 0, "h %d: %u of %u accumulators differ", h,
              e->eval.check_failures, e->eval.checked);
        e->eval.check = 0;
    }

    /* back to the hand-written evaluation: its results again */
    cmd(e, "setoption name Use NNUE value false");
    OK(eval_of(e, "position startpos", which) == hce_start && strcmp(which, "classical") == 0);
    for (int i = 0; i < NPOS; i++) {
        long long n = search(e, POSITIONS[i], "go depth 6", best);
        CHECK(n == hce_nodes[i] && strcmp(best, hce_best[i]) == 0, "position %d: %lld/%s, before %lld/%s", i, n, best,
              hce_nodes[i], hce_best[i]);
    }
    /* size 0: back to the compiled-in network (none here: Use NNUE stays off) */
    OK(wf_chess_set_net(e, NULL, 0) == WF_OK);
    OK(e->net == NULL);
    wf_chess_engine_free(e);
    return wf_check_report();
}
