/* SPDX-License-Identifier: MIT
 *
 * test_chess.c: rules, notation and UCI behaviour of the chess core through
 * its public API (wf/chess.h). Reference numbers (perft counts of special
 * positions, mates) were taken from Debian's stockfish 15.1 ('go perft',
 * 'go depth'), an independent implementation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wf/chess.h"

#include "../common/wf_check.h"
#include "chess_test_util.h"

static unsigned long long perft(wf_chess_engine *e, const char *fen, int depth)
{
    uint32_t lo = 0, hi = 0;
    if (wf_chess_set_fen(e, fen) != WF_OK)
        return ~0ULL;
    if (wf_chess_perft(e, depth, &lo, &hi) != WF_OK)
        return ~0ULL;
    return ((unsigned long long)hi << 32) | lo;
}

/* Runs the pending search with the given slice size; returns the number of slices. */
static int run_search(wf_chess_engine *e, uint32_t slice, int max_slices)
{
    int n = 0;
    while (wf_chess_search_slice(e, 0, slice) && n < max_slices)
        n++;
    return n;
}

static int is_legal_in(wf_chess_engine *e, const char *mv)
{
    const char *moves = wf_chess_legal_moves(e);
    size_t l = strlen(mv);
    for (const char *p = moves; (p = strstr(p, mv)) != NULL; p++)
        if ((p == moves || p[-1] == ' ') && (p[l] == ' ' || p[l] == 0))
            return 1;
    return 0;
}

static void test_special_perft(wf_chess_engine *e)
{
    /* horizontally pinned en-passant pawns (the capture would expose the king) */
    CHECK(perft(e, "8/8/8/KPp4r/8/8/8/7k w - c6 0 2", 1) == 4, "ep horizontal pin d1");
    CHECK(perft(e, "8/8/8/KPp4r/8/8/8/7k w - c6 0 2", 4) == 4225, "ep horizontal pin d4");
    CHECK(perft(e, "8/8/8/8/k2Pp2Q/8/8/3K4 b - d3 0 1", 1) == 6, "ep pin black d1");
    CHECK(perft(e, "8/8/8/8/k2Pp2Q/8/8/3K4 b - d3 0 1", 4) == 20471, "ep pin black d4");
    /* en passant that captures a checking pawn */
    CHECK(perft(e, "8/8/1k6/2b5/2pP4/8/5K2/8 b - d3 0 1", 4) == 13931, "ep out of check");
    /* castling with partial rights, through attacked squares */
    CHECK(perft(e, "r3k2r/8/8/8/8/8/8/R3K1R1 b Qkq - 0 1", 4) == 320792, "castling rights");
    CHECK(perft(e, "r3k2r/p6p/8/B7/1pp1p3/3b4/P6P/R3K2R w KQkq - 0 1", 4) == 150072, "castling attacked");
    /* promotions */
    CHECK(perft(e, "4k3/1P6/8/8/8/8/6p1/4K3 w - - 0 1", 4) == 5911, "promotions");
    CHECK(perft(e, "n1n5/PPPk4/8/8/8/8/4Kppp/5N1N b - - 0 1", 4) == 182838, "promotion captures");
    /* rook captured on its corner: the right disappears */
    wf_chess_set_fen(e, "r3k2r/8/8/8/8/8/6b1/R3K2R b KQkq - 0 1");
    CHECK(wf_chess_make_move(e, "g2h1") == WF_OK, "Bxh1");
    CHECK(strcmp(wf_chess_get_fen(e), "r3k2r/8/8/8/8/8/8/R3K2b w Qkq - 0 2") == 0, "lost K right: %s",
          wf_chess_get_fen(e));
    CHECK(!is_legal_in(e, "e1g1") && is_legal_in(e, "e1c1"), "castling after rook capture");
    /* castling out of check is illegal */
    wf_chess_set_fen(e, "r3k2r/8/8/8/8/8/4q3/R3K2R w KQkq - 0 1");
    CHECK(!is_legal_in(e, "e1g1") && !is_legal_in(e, "e1c1"), "no castling out of check");
    /* all four promotions are generated */
    wf_chess_set_fen(e, "8/4P3/8/8/8/8/k7/4K3 w - - 0 1");
    CHECK(is_legal_in(e, "e7e8q") && is_legal_in(e, "e7e8r") && is_legal_in(e, "e7e8b") && is_legal_in(e, "e7e8n") &&
              !is_legal_in(e, "e7e8"),
          "promotions: %s", wf_chess_legal_moves(e));
}

static void test_fen(wf_chess_engine *e)
{
    const char *good[] = {
        "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1",
        "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1",
        "rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1",
        "rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8",
        "8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 99 150",
    };
    for (unsigned i = 0; i < sizeof good / sizeof *good; i++) {
        CHECK(wf_chess_set_fen(e, good[i]) == WF_OK, "fen %s: %s", good[i], wf_chess_error_message(e));
        CHECK(strcmp(wf_chess_get_fen(e), good[i]) == 0, "round trip %s -> %s", good[i], wf_chess_get_fen(e));
    }
    /* the two clock fields may be omitted */
    CHECK(wf_chess_set_fen(e, "4k3/8/8/8/8/8/8/4K3 w - -") == WF_OK, "4-field fen");
    CHECK(strcmp(wf_chess_get_fen(e), "4k3/8/8/8/8/8/8/4K3 w - - 0 1") == 0, "defaults");
    struct {
        const char *fen;
        int field;
    } bad[] = {
        {"", 1},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP w KQkq - 0 1", 1},
        {"rnbqkbnr/pppppppp/9/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1", 1},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNX w KQkq - 0 1", 1},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR/8 w KQkq - 0 1", 1},
        {"8/8/8/8/8/8/8/8 w - - 0 1", 1},
        {"4k3/8/8/8/8/8/8/4K2P w - - 0 1", 1},
        {"4k3/4R3/8/8/8/8/8/5K2 w - - 0 1", 1},
        {"8/8/8/8/8/5K2/8/R4k2 w - - 0 1", 1},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR x KQkq - 0 1", 2},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR", 2},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkx - 0 1", 3},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KKQq - 0 1", 3},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq e5 0 1", 4},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq z9 0 1", 4},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - -3 1", 5},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 12345678 1", 5},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 x", 6},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1 extra", 6},
        {"hello world", 1},
        {"QQQQQQQQ/QQQQQQQQ/8/8/8/8/8/K6k w - - 0 1", 1},
    };
    wf_chess_set_fen(e, good[1]);
    for (unsigned i = 0; i < sizeof bad / sizeof *bad; i++) {
        int st = wf_chess_set_fen(e, bad[i].fen);
        char want[32];
        snprintf(want, sizeof want, "field %d", bad[i].field);
        CHECK(st == WF_CHESS_BAD_FEN, "bad fen accepted: %s", bad[i].fen);
        CHECK(strstr(wf_chess_error_message(e), want) != NULL, "'%s': message '%s' should name %s", bad[i].fen,
              wf_chess_error_message(e), want);
        CHECK(strcmp(wf_chess_get_fen(e), good[1]) == 0, "position changed by bad fen");
    }
    CHECK(strcmp(wf_status_name(WF_CHESS_BAD_FEN), "CHESS_BAD_FEN") == 0, "status name");
}

static void test_notation(wf_chess_engine *e)
{
    struct {
        const char *fen, *uci, *san;
    } cases[] = {
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1", "g1f3", "Nf3"},
        {"rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1", "e2e4", "e4"},
        {"7k/8/8/8/8/8/8/R4RK1 w - - 0 1", "a1d1", "Rad1"},
        {"7k/8/8/8/8/8/8/R4RK1 w - - 0 1", "f1d1", "Rfd1"},
        {"7k/8/8/R7/8/8/8/R5K1 w - - 0 1", "a1a3", "R1a3"},
        {"7k/8/8/R7/8/8/8/R5K1 w - - 0 1", "a5a3", "R5a3"},
        {"8/7k/8/8/8/Q7/8/Q1Q3K1 w - - 0 1", "a1b2", "Qa1b2"},
        {"8/7k/8/8/8/Q7/8/Q1Q3K1 w - - 0 1", "c1b2", "Qcb2"},
        {"8/7k/8/8/8/Q7/8/Q1Q3K1 w - - 0 1", "a3b2", "Q3b2"},
        {"r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1", "e1g1", "O-O"},
        {"r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1", "e1c1", "O-O-O"},
        {"r3k2r/8/8/8/8/8/8/R3K2R b KQkq - 0 1", "e8c8", "O-O-O"},
        {"4k3/8/8/3pP3/8/8/8/4K3 w - d6 0 2", "e5d6", "exd6"},
        {"n3k3/1P6/8/8/8/8/8/4K3 w - - 0 1", "b7a8n", "bxa8=N"},
        {"4k3/1P6/8/8/8/8/8/4K3 w - - 0 1", "b7b8q", "b8=Q+"},
        {"rnbqkbnr/pppp1ppp/8/4p3/6P1/5P2/PPPPP2P/RNBQKBNR b KQkq - 0 2", "d8h4", "Qh4#"},
        {"6k1/5ppp/8/8/8/8/5PPP/3R2K1 w - - 0 1", "d1d8", "Rd8#"},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof *cases; i++) {
        CHECK(wf_chess_set_fen(e, cases[i].fen) == WF_OK, "fen");
        const char *san = wf_chess_move_to_san(e, cases[i].uci);
        CHECK(san && strcmp(san, cases[i].san) == 0, "%s: san of %s is %s, expected %s", cases[i].fen, cases[i].uci,
              san ? san : "NULL", cases[i].san);
        const char *uci = wf_chess_san_to_uci(e, cases[i].san);
        CHECK(uci && strcmp(uci, cases[i].uci) == 0, "uci of %s is %s", cases[i].san, uci ? uci : "NULL");
    }
    wf_chess_set_fen(e, "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1");
    const char *alt[][2] = {{"Ng1f3", "g1f3"}, {"Nf3+", "g1f3"}, {"e4!?", "e2e4"}};
    for (int i = 0; i < 3; i++) {
        const char *u = wf_chess_san_to_uci(e, alt[i][0]);
        CHECK(u && strcmp(u, alt[i][1]) == 0, "lenient san %s", alt[i][0]);
    }
    wf_chess_set_fen(e, "4k3/1P6/8/8/8/8/8/4K3 w - - 0 1");
    CHECK(wf_chess_san_to_uci(e, "b8Q") && strcmp(wf_chess_san_to_uci(e, "b8Q"), "b7b8q") == 0, "b8Q");
    wf_chess_set_fen(e, "r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1");
    CHECK(wf_chess_san_to_uci(e, "0-0") && strcmp(wf_chess_san_to_uci(e, "0-0"), "e1g1") == 0, "0-0");
    const char *junk[] = {"", "Nf6", "e5", "Ke3", "O-O-O-O", "e2e5", "zz", "Qxx9", "e7e8q"};
    for (unsigned i = 0; i < sizeof junk / sizeof *junk; i++) {
        CHECK(wf_chess_san_to_uci(e, junk[i]) == NULL, "junk san %s", junk[i]);
        CHECK(wf_chess_move_to_san(e, junk[i]) == NULL, "junk uci %s", junk[i]);
        CHECK(wf_chess_make_move(e, junk[i]) == WF_CHESS_ILLEGAL_MOVE, "junk move %s", junk[i]);
    }
    CHECK(strcmp(wf_chess_get_fen(e), "r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1") == 0, "unchanged");
    CHECK(wf_chess_make_move(e, "O-O") == WF_OK, "make O-O");
    CHECK(strcmp(wf_chess_get_fen(e), "r3k2r/8/8/8/8/8/8/R4RK1 b kq - 1 1") == 0, "after O-O: %s", wf_chess_get_fen(e));
}

static void test_game_state(wf_chess_engine *e)
{
    wf_chess_set_fen(e, "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1");
    const char *fool[] = {"f3", "e5", "g4", "Qh4#"};
    for (int i = 0; i < 4; i++)
        CHECK(wf_chess_make_move(e, fool[i]) == WF_OK, "fool %s", fool[i]);
    CHECK(wf_chess_game_state(e) == WF_CHESS_CHECKMATE, "fool's mate");
    CHECK(wf_chess_in_check(e), "in check");
    CHECK(strcmp(wf_chess_legal_moves(e), "") == 0, "no moves");
    wf_chess_set_fen(e, "7k/5Q2/6K1/8/8/8/8/8 b - - 0 1");
    CHECK(wf_chess_game_state(e) == WF_CHESS_STALEMATE, "stalemate");
    /* fifty-move rule */
    wf_chess_set_fen(e, "4k3/8/8/8/8/8/4P3/R3K3 w - - 99 80");
    CHECK(wf_chess_game_state(e) == WF_CHESS_ONGOING, "99 plies");
    wf_chess_make_move(e, "Ra2");
    CHECK(wf_chess_game_state(e) == WF_CHESS_DRAW_FIFTY, "fifty");
    wf_chess_set_fen(e, "4k3/8/8/8/8/8/4P3/R3K3 w - - 99 80");
    wf_chess_make_move(e, "e4");
    CHECK(wf_chess_game_state(e) == WF_CHESS_ONGOING, "pawn move resets");
    /* checkmate wins over the fifty-move rule */
    wf_chess_set_fen(e, "6k1/5ppp/8/8/8/8/5PPP/3R2K1 w - - 99 80");
    wf_chess_make_move(e, "Rd8");
    CHECK(wf_chess_game_state(e) == WF_CHESS_CHECKMATE, "mate on the 100th ply");
    /* threefold repetition */
    wf_chess_set_fen(e, "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1");
    const char *shuffle[] = {"Nf3", "Nf6", "Ng1", "Ng8"};
    for (int i = 0; i < 4; i++)
        wf_chess_make_move(e, shuffle[i]);
    CHECK(wf_chess_game_state(e) == WF_CHESS_ONGOING, "twofold is not a draw");
    for (int i = 0; i < 4; i++)
        wf_chess_make_move(e, shuffle[i]);
    CHECK(wf_chess_game_state(e) == WF_CHESS_DRAW_REPETITION, "threefold");
    /* insufficient material */
    const char *dead[] = {"4k3/8/8/8/8/8/8/4K3 w - - 0 1", "4k3/8/8/8/8/8/8/4KB2 w - - 0 1",
                          "4k3/8/8/8/8/8/8/4KN2 b - - 0 1", "4kb2/8/8/8/8/8/8/2B1K3 w - - 0 1"};
    for (int i = 0; i < 4; i++) {
        wf_chess_set_fen(e, dead[i]);
        CHECK(wf_chess_game_state(e) == WF_CHESS_DRAW_MATERIAL, "dead %s", dead[i]);
    }
    const char *alive[] = {"4k3/8/8/8/8/8/8/3NKN2 w - - 0 1", "4kb2/8/8/8/8/8/8/3BK3 w - - 0 1",
                           "4k3/8/8/8/8/8/4P3/4K3 w - - 0 1"};
    for (int i = 0; i < 3; i++) {
        wf_chess_set_fen(e, alive[i]);
        CHECK(wf_chess_game_state(e) == WF_CHESS_ONGOING, "alive %s", alive[i]);
    }
}

static void test_uci(wf_chess_engine *e)
{
    char mv[8];
    wf_chess_output_clear(e);
    CHECK(wf_chess_command(e, "uci", 0) == WF_OK, "uci");
    CHECK(strstr(wf_chess_output(e), "id name ") && strstr(wf_chess_output(e), "uciok\n"), "uciok");
    CHECK(strstr(wf_chess_output(e), "option name Hash type spin default 16"), "Hash option");
    wf_chess_output_clear(e);
    wf_chess_command(e, "isready\n", 0);
    CHECK(strcmp(wf_chess_output(e), "readyok\n") == 0, "readyok");
    wf_chess_command(e, "ucinewgame", 0);
    CHECK(wf_chess_command(e, "setoption name Hash value 8", 0) == WF_OK, "Hash 8");
    CHECK(wf_chess_command(e, "setoption name Hash value 0", 0) == WF_CHESS_BAD_ARGUMENT, "Hash 0");
    CHECK(wf_chess_command(e, "setoption name Hash value 99999", 0) == WF_CHESS_BAD_ARGUMENT, "Hash huge");
    CHECK(wf_chess_command(e, "setoption name Clear Hash", 0) == WF_OK, "Clear Hash");
    CHECK(wf_chess_command(e, "position startpos moves e2e4 e7e5 g1f3", 0) == WF_OK, "position moves");
    CHECK(strcmp(wf_chess_get_fen(e), "rnbqkbnr/pppp1ppp/8/4p3/4P3/5N2/PPPP1PPP/RNBQKB1R b KQkq - 1 2") == 0,
          "after moves: %s", wf_chess_get_fen(e));
    wf_chess_output_clear(e);
    CHECK(wf_chess_command(e, "go depth 6", 0) == WF_OK, "go depth");
    run_search(e, 100000, 100000);
    CHECK(!wf_chess_searching(e), "finished");
    CHECK(strstr(wf_chess_output(e), "info depth 6 seldepth") != NULL, "info line: %s", wf_chess_output(e));
    CHECK(bestmove_of(e, mv) && is_legal_in(e, mv), "legal bestmove %s", mv);

    /* illegal move: position stays at the last legal point */
    wf_chess_output_clear(e);
    CHECK(wf_chess_command(e, "position startpos moves e2e4 e2e4 d7d5", 0) == WF_CHESS_ILLEGAL_MOVE, "illegal");
    CHECK(strstr(wf_chess_output(e), "info string illegal move: e2e4") != NULL, "message %s", wf_chess_output(e));
    CHECK(strcmp(wf_chess_get_fen(e), "rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1") == 0,
          "last legal point: %s", wf_chess_get_fen(e));
    /* bad FEN: position unchanged */
    CHECK(wf_chess_command(e, "position fen 8/8/8/8 w - - 0 1", 0) == WF_CHESS_BAD_FEN, "bad fen");
    CHECK(wf_chess_command(e, "position fen", 0) == WF_CHESS_BAD_FEN, "empty fen");
    CHECK(wf_chess_command(e, "position sideways", 0) == WF_CHESS_BAD_ARGUMENT, "bad position");
    CHECK(strcmp(wf_chess_get_fen(e), "rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1") == 0,
          "unchanged: %s", wf_chess_get_fen(e));
    /* garbage */
    wf_chess_output_clear(e);
    CHECK(wf_chess_command(e, "xyzzy plugh", 0) == WF_CHESS_UNKNOWN_COMMAND, "unknown");
    CHECK(strstr(wf_chess_output(e), "info string unknown command: xyzzy plugh\n") != NULL, "unknown msg");
    CHECK(wf_chess_command(e, "go depth banana", 0) == WF_CHESS_BAD_ARGUMENT, "go bad number");
    CHECK(wf_chess_command(e, "go sideways", 0) == WF_CHESS_BAD_ARGUMENT, "go bad param");
    CHECK(wf_chess_command(e, "", 0) == WF_OK && wf_chess_command(e, "   \t ", 0) == WF_OK, "blank");

    /* stop during go infinite, between slices */
    wf_chess_command(e, "position startpos", 0);
    wf_chess_output_clear(e);
    wf_chess_command(e, "go infinite", 0);
    for (int i = 0; i < 20; i++)
        CHECK(wf_chess_search_slice(e, i * 10.0, 2000) == 1, "infinite keeps running");
    wf_chess_command(e, "stop", 200);
    /* an infinite search that reaches its end waits (2) for 'stop' */
    wf_chess_command(e, "position fen 6k1/5ppp/8/8/8/8/5PPP/3R2K1 w - - 0 1", 0);
    wf_chess_output_clear(e);
    wf_chess_command(e, "go infinite depth 3", 0);
    CHECK(wf_chess_search_slice(e, 0, 100000) == 2 && wf_chess_search_slice(e, 1, 100000) == 2, "waiting");
    CHECK(strstr(wf_chess_output(e), "bestmove") == NULL, "no bestmove while waiting");
    wf_chess_command(e, "stop", 0);
    CHECK(bestmove_of(e, mv) && strcmp(mv, "d1d8") == 0, "bestmove after waiting");
    wf_chess_command(e, "position startpos", 0);
    wf_chess_output_clear(e);
    wf_chess_command(e, "go infinite", 0);
    for (int i = 0; i < 5; i++)
        wf_chess_search_slice(e, i * 10.0, 2000);
    CHECK(strstr(wf_chess_output(e), "bestmove") == NULL, "no bestmove before stop");
    wf_chess_command(e, "stop", 200);
    CHECK(!wf_chess_searching(e) && bestmove_of(e, mv) && is_legal_in(e, mv), "bestmove after stop: %s", mv);
    CHECK(wf_chess_search_slice(e, 210, 1000) == 0, "nothing to run");
    /* absurd depth and a node limit */
    wf_chess_output_clear(e);
    CHECK(wf_chess_command(e, "go depth 100000 nodes 20000", 0) == WF_OK, "absurd depth");
    int sl = run_search(e, 1000, 100000);
    CHECK(!wf_chess_searching(e) && sl < 100 && bestmove_of(e, mv), "node limit ends it");
    /* a new 'go' ends the running search first */
    wf_chess_output_clear(e);
    wf_chess_command(e, "go infinite", 0);
    wf_chess_search_slice(e, 0, 5000);
    wf_chess_command(e, "go depth 3", 0);
    run_search(e, 100000, 1000);
    {
        int n = 0;
        for (const char *p = wf_chess_output(e); (p = strstr(p, "bestmove")) != NULL; p++)
            n++;
        CHECK(n == 2, "two bestmoves, got %d", n);
    }
    /* no legal moves */
    wf_chess_command(e, "position fen 7k/5Q2/6K1/8/8/8/8/8 b - - 0 1", 0);
    wf_chess_output_clear(e);
    wf_chess_command(e, "go depth 5", 0);
    run_search(e, 1000, 100);
    CHECK(strstr(wf_chess_output(e), "bestmove (none)") != NULL, "stalemate bestmove");
    /* MultiPV */
    wf_chess_command(e, "setoption name MultiPV value 3", 0);
    wf_chess_command(e, "position startpos", 0);
    wf_chess_output_clear(e);
    wf_chess_command(e, "go depth 5", 0);
    run_search(e, 100000, 1000);
    CHECK(strstr(wf_chess_output(e), "info depth 5 seldepth") && strstr(wf_chess_output(e), " multipv 3 "),
          "multipv 3");
    wf_chess_command(e, "setoption name MultiPV value 1", 0);
    /* 'd' */
    wf_chess_output_clear(e);
    wf_chess_command(e, "d", 0);
    CHECK(strstr(wf_chess_output(e), "Fen: rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1\n"), "d");
}

static void test_mates(wf_chess_engine *e)
{
    struct {
        const char *fen, *best, *score;
        int depth;
    } mates[] = {
        {"6k1/5ppp/8/8/8/8/5PPP/3R2K1 w - - 0 1", "d1d8", "score mate 1 ", 4},
        {"r1b1kb1r/pppp1ppp/5q2/4n3/3KP3/2N3PN/PPP4P/R1BQ1B1R b kq - 0 1", "f8c5", "score mate 3 ", 8},
        {"r5rk/5p1p/5R2/4B3/8/8/7P/7K w - - 0 1", "f6a6", "score mate 3 ", 8},
        {"7k/8/6K1/8/8/8/8/R7 w - - 0 1", "a1a8", "score mate 1 ", 4},
    };
    char mv[8];
    for (unsigned i = 0; i < sizeof mates / sizeof *mates; i++) {
        char cmd[200];
        wf_chess_command(e, "ucinewgame", 0);
        snprintf(cmd, sizeof cmd, "position fen %s", mates[i].fen);
        CHECK(wf_chess_command(e, cmd, 0) == WF_OK, "mate fen");
        snprintf(cmd, sizeof cmd, "go depth %d", mates[i].depth);
        wf_chess_output_clear(e);
        wf_chess_command(e, cmd, 0);
        run_search(e, 1000000, 1000);
        const char *out = wf_chess_output(e);
        const char *last = out, *p;
        while ((p = strstr(last + 1, "info depth")) != NULL)
            last = p;
        CHECK(strstr(last, mates[i].score) != NULL, "%s: want %s in %s", mates[i].fen, mates[i].score, last);
        CHECK(bestmove_of(e, mv) && strcmp(mv, mates[i].best) == 0, "%s: bestmove %s", mates[i].fen, mv);
    }
    /* go mate */
    wf_chess_command(e, "position fen r5rk/5p1p/5R2/4B3/8/8/7P/7K w - - 0 1", 0);
    wf_chess_output_clear(e);
    wf_chess_command(e, "go mate 3", 0);
    run_search(e, 1000000, 1000);
    CHECK(bestmove_of(e, mv) && strcmp(mv, "f6a6") == 0, "go mate 3: %s", mv);
}

/* Identical slicing gives identical output (apart from time and nps). */
static void strip_time(char *s)
{
    for (char *p = s; (p = strstr(p, " nps ")) != NULL;) {
        char *q = strstr(p, " pv ");
        if (!q)
            break;
        memmove(p, q, strlen(q) + 1);
        p++;
    }
}

static void test_determinism(void)
{
    static char out[2][65536];
    for (int run = 0; run < 2; run++) {
        wf_chess_engine *e = wf_chess_engine_alloc();
        wf_chess_command(e, "position fen r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1", 0);
        wf_chess_command(e, "go depth 9", 0);
        int n = 0;
        while (wf_chess_search_slice(e, n * 7.0, 3000) && n < 100000)
            n++;
        snprintf(out[run], sizeof out[run], "%s", wf_chess_output(e));
        strip_time(out[run]);
        CHECK(n > 3, "search was sliced (%d slices)", n);
        wf_chess_engine_free(e);
    }
    CHECK(strcmp(out[0], out[1]) == 0, "deterministic slices:\n%s\n---\n%s", out[0], out[1]);
}

/* Random command lines must never crash or hang. */
static void test_garbage(wf_chess_engine *e)
{
    static const char *words[] = {"go",
                                  "position",
                                  "fen",
                                  "startpos",
                                  "moves",
                                  "depth",
                                  "nodes",
                                  "-1",
                                  "0",
                                  "99999999999999999999",
                                  "e2e4",
                                  "e7e5",
                                  "setoption",
                                  "name",
                                  "value",
                                  "Hash",
                                  "MultiPV",
                                  "stop",
                                  "perft",
                                  "infinite",
                                  "wtime",
                                  "btime",
                                  "8/8/8/8/8/8/8/8",
                                  "w",
                                  "b",
                                  "KQkq",
                                  "-",
                                  "isready",
                                  "quit!",
                                  "\x01\xff",
                                  "mate",
                                  "movetime",
                                  "4k3/8/8/8/8/8/8/4K3",
                                  "ponderhit",
                                  "ucinewgame",
                                  "searchmoves",
                                  "d"};
    unsigned seed = 12345;
    char line[512];
    for (int i = 0; i < 3000; i++) {
        int n = 0, words_n = 1 + (int)((seed >> 16) % 10);
        line[0] = 0;
        for (int w = 0; w < words_n; w++) {
            seed = seed * 1103515245u + 12345u;
            const char *word = words[(seed >> 16) % (sizeof words / sizeof *words)];
            n += snprintf(line + n, sizeof line - (size_t)n, "%s%s", w ? " " : "", word);
            if (n > 400)
                break;
        }
        wf_chess_command(e, line, i);
        int k = 0;
        while (wf_chess_search_slice(e, i, 500) && k < 20)
            k++;
        if (wf_chess_searching(e))
            wf_chess_command(e, "stop", i);
        wf_chess_output_clear(e);
    }
    CHECK(!wf_chess_searching(e), "garbage left a search running");
}

/* Mutated FENs: never a crash; an accepted FEN round-trips and can be searched. */
static void test_fen_fuzz(wf_chess_engine *e)
{
    static const char *seeds[] = {
        "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1",
        "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1",
        "8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1",
        "rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1",
    };
    static const char alphabet[] = "pnbrqkPNBRQK12345678/ wb-KQkqabcdefgh0x\t";
    unsigned seed = 777;
    int accepted = 0;
    char fen[128], again[128];
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        snprintf(fen, sizeof fen, "%s", seeds[(seed >> 16) % 4]);
        int len = (int)strlen(fen);
        int edits = 1 + (int)((seed >> 8) % 3);
        for (int k = 0; k < edits; k++) {
            seed = seed * 1103515245u + 12345u;
            int pos = (int)((seed >> 16) % (unsigned)len);
            int op = (int)((seed >> 4) % 3);
            char c = alphabet[(seed >> 20) % (sizeof alphabet - 1)];
            if (op == 0) {
                fen[pos] = c;
            } else if (op == 1 && len > 1) {
                memmove(fen + pos, fen + pos + 1, (size_t)(len - pos));
                len--;
            } else if (len < (int)sizeof fen - 2) {
                memmove(fen + pos + 1, fen + pos, (size_t)(len - pos + 1));
                fen[pos] = c;
                len++;
            }
        }
        if (wf_chess_set_fen(e, fen) != WF_OK)
            continue;
        accepted++;
        snprintf(again, sizeof again, "%s", wf_chess_get_fen(e));
        CHECK(wf_chess_set_fen(e, again) == WF_OK && strcmp(again, wf_chess_get_fen(e)) == 0, "round trip %s", fen);
        uint32_t lo, hi;
        CHECK(wf_chess_perft(e, 2, &lo, &hi) == WF_OK, "perft on %s", fen);
        if (i % 50 == 0) {
            char cmd[160];
            snprintf(cmd, sizeof cmd, "position fen %s", again);
            wf_chess_command(e, cmd, 0);
            wf_chess_command(e, "go depth 3", 0);
            int k = 0;
            while (wf_chess_search_slice(e, 0, 5000) && k < 1000)
                k++;
            CHECK(!wf_chess_searching(e), "search on %s ended", fen);
            wf_chess_output_clear(e);
        }
    }
    CHECK(accepted > 100, "some mutated FENs are valid (%d)", accepted);
}

/* The Lazy SMP API, without threads: a helper sharing the main engine's
 * table finds what the main search stored there, writes no info lines, and
 * follows a resize of the main table; the Threads option is bounded by the
 * host's maximum. */
static void test_shared_table(void)
{
    static const char *pos = "position fen r1bq1rk1/pp2bppp/2n1pn2/3p4/2PP4/2N1PN2/PP1B1PPP/R2QKB1R w KQ - 0 8";
    wf_chess_engine *m = wf_chess_engine_alloc(), *h = wf_chess_engine_alloc();
    CHECK(m && h, "alloc");
    if (!m || !h)
        return;
    CHECK(wf_chess_share_table(h, h) == WF_ERR_INVALID_ARGUMENT, "sharing with itself is refused");
    CHECK(wf_chess_share_table(h, m) == WF_OK, "share");
    uint32_t lo, hi, main_nodes, helper_nodes;
    wf_chess_command(m, pos, 0);
    wf_chess_command(m, "go depth 9", 0);
    run_search(m, 1000000, 100);
    wf_chess_search_nodes(m, &main_nodes, &hi);
    CHECK(strstr(wf_chess_output(m), "info depth 9 ") != NULL, "main reports");
    wf_chess_command(h, pos, 0);
    wf_chess_command(h, "go depth 9", 0);
    run_search(h, 1000000, 100);
    wf_chess_search_nodes(h, &helper_nodes, &hi);
    CHECK(helper_nodes * 4 < main_nodes, "the second engine uses the main table (%u vs %u nodes)", helper_nodes,
          main_nodes);
    /* as a helper (thread index 1): no info lines, every other depth */
    char mv[8];
    wf_chess_set_thread_index(h, 1);
    wf_chess_output_clear(h);
    wf_chess_command(h, "go depth 7", 0);
    run_search(h, 1000000, 100);
    CHECK(strstr(wf_chess_output(h), "info depth") == NULL, "a helper writes no info lines");
    CHECK(bestmove_of(h, mv), "the helper ends with a bestmove");
    /* a cleared or resized main table: the helper follows at its next search */
    wf_chess_output_clear(h);
    wf_chess_command(m, "setoption name Hash value 2", 0);
    wf_chess_command(m, "ucinewgame", 0);
    wf_chess_command(h, "ucinewgame", 0);
    wf_chess_command(h, pos, 0);
    wf_chess_command(h, "go depth 6", 0);
    run_search(h, 1000000, 100);
    wf_chess_search_nodes(h, &lo, &hi);
    CHECK(bestmove_of(h, mv) && lo > 0, "the helper searches in the resized table");
    /* the helper's own Hash stops the sharing */
    CHECK(wf_chess_command(h, "setoption name Hash value 1", 0) == WF_OK, "helper Hash");
    /* helper nodes are added to what info reports */
    wf_chess_output_clear(m);
    wf_chess_command(m, "go depth 1", 0);
    wf_chess_set_helper_nodes(m, 1000000000u, 0);
    run_search(m, 1000000, 100);
    CHECK(strstr(wf_chess_output(m), " nodes 10000000") != NULL, "helper nodes counted:\n%s", wf_chess_output(m));
    /* the Threads option */
    CHECK(wf_chess_threads(m) == 1, "one thread by default");
    wf_chess_output_clear(m);
    wf_chess_command(m, "uci", 0);
    CHECK(strstr(wf_chess_output(m), "option name Threads type spin default 1 min 1 max 1\n") != NULL, "max 1");
    wf_chess_set_threads_max(m, 4);
    wf_chess_output_clear(m);
    wf_chess_command(m, "uci", 0);
    CHECK(strstr(wf_chess_output(m), "option name Threads type spin default 1 min 1 max 4\n") != NULL, "max 4");
    CHECK(wf_chess_command(m, "setoption name Threads value 3", 0) == WF_OK && wf_chess_threads(m) == 3, "3");
    CHECK(wf_chess_command(m, "setoption name Threads value 9", 0) == WF_OK && wf_chess_threads(m) == 4, "capped");
    CHECK(wf_chess_command(m, "setoption name Threads value 0", 0) == WF_CHESS_BAD_ARGUMENT, "0 refused");
    wf_chess_engine_free(h);
    wf_chess_engine_free(m);
}

int main(void)
{
    wf_chess_engine *e = wf_chess_engine_alloc();
    if (!e) {
        printf("alloc failed\n");
        return 1;
    }
    test_special_perft(e);
    test_fen(e);
    test_notation(e);
    test_game_state(e);
    test_uci(e);
    test_mates(e);
    test_garbage(e);
    test_fen_fuzz(e);
    test_determinism();
    test_shared_table();
    wf_chess_engine_free(e);
    wf_chess_engine_free(NULL);
    return wf_check_report();
}
