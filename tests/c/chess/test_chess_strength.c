/* SPDX-License-Identifier: MIT
 *
 * test_chess_strength.c: the strength levels (Skill Level, UCI_Elo) are
 * monotonic: a short deterministic match between levels L and L+5 (games
 * from fixed openings, colours swapped, a Skill Seed per game; weakened
 * searches are capped by nodes, so no clock is involved) must be won by the
 * higher level. Also: the UCI options are declared and checked, a level
 * never plays an illegal move, one seed and one position give one move, and
 * 'go' at full strength is not affected by a Skill Seed.
 * Measured Elo of the levels: perf/match.mjs against Debian's Stockfish.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wf/chess.h"

#include "../common/wf_check.h"
#include "chess_test_util.h"

#define OK(cond) CHECK(cond, "%s", #cond)

static const char *const OPENINGS[] = {
    "e2e4 e7e5 g1f3 b8c6 f1b5 a7a6",
    "d2d4 d7d5 c2c4 e7e6 b1c3 g8f6",
    "e2e4 c7c5 g1f3 d7d6 d2d4 c5d4 f3d4 g8f6",
    "c2c4 e7e5 b1c3 g8f6 g1f3 b8c6",
};
#define NOPEN ((int)(sizeof OPENINGS / sizeof OPENINGS[0]))

static void cmd(wf_chess_engine *e, const char *line)
{
    wf_chess_command(e, line, 0);
    while (wf_chess_search_slice(e, 0, 100000))
        ;
}

static void cmdf(wf_chess_engine *e, const char *fmt, int v)
{
    char line[128];
    snprintf(line, sizeof line, fmt, v);
    cmd(e, line);
}


/* The score of the last info line, from the side to move (mate = +-100000). */
static int last_score(wf_chess_engine *e)
{
    const char *out = wf_chess_output(e), *p, *last = NULL;
    for (p = out; (p = strstr(p, " score ")) != NULL; p++)
        last = p;
    if (!last)
        return 0;
    if (!strncmp(last, " score mate ", 12))
        return atoi(last + 12) > 0 ? 100000 : -100000;
    return atoi(last + 10);
}

static char moves_buf[8192];

/* Full-strength evaluation of the game so far by the referee, from White's side. */
static int referee_eval(wf_chess_engine *ref, int white_to_move, int depth)
{
    wf_chess_output_clear(ref);
    cmd(ref, moves_buf);
    cmdf(ref, "go depth %d", depth);
    int s = last_score(ref);
    wf_chess_output_clear(ref);
    return white_to_move ? s : -s;
}

/* Plays one game; returns the points of `a` in half points (2 win, 1 draw, 0 loss). */
static int play(wf_chess_engine *a, wf_chess_engine *b, int a_white, const char *opening, wf_chess_engine *rules,
                wf_chess_engine *ref)
{
    snprintf(moves_buf, sizeof moves_buf, "position startpos moves %s", opening);
    wf_chess_set_fen(rules, "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1");
    char op[256];
    snprintf(op, sizeof op, "%s", opening);
    for (char *t = strtok(op, " "); t; t = strtok(NULL, " "))
        OK(wf_chess_make_move(rules, t) == WF_OK);
    cmd(a, "ucinewgame");
    cmd(b, "ucinewgame");
    for (int ply = 0;; ply++) {
        int white = strstr(wf_chess_get_fen(rules), " w ") != NULL;
        int state = wf_chess_game_state(rules);
        if (state == WF_CHESS_CHECKMATE)
            return (white == a_white) ? 0 : 2; /* the side to move is mated */
        if (state != WF_CHESS_ONGOING)
            return 1;
        int decided = 0;
        if (ply >= 200 || (ply >= 40 && ply % 8 == 0)) {
            int s = referee_eval(ref, white, ply >= 200 ? 6 : 4);
            int margin = ply >= 200 ? 150 : 500;
            if (s >= margin)
                decided = 1;
            else if (s <= -margin)
                decided = -1;
            else if (ply >= 200)
                return 1;
        }
        if (decided)
            return (decided > 0) == (a_white != 0) ? 2 : 0;
        wf_chess_engine *e = white == a_white ? a : b;
        wf_chess_output_clear(e);
        cmd(e, moves_buf);
        cmd(e, "go");
        char mv[8];
        int got = bestmove_of(e, mv);
        OK(got);
        wf_chess_output_clear(e);
        if (!got || wf_chess_make_move(rules, mv) != WF_OK) {
            OK(!"a legal move");
            return white == a_white ? 0 : 2; /* an illegal move loses */
        }
        size_t l = strlen(moves_buf);
        if (l + 8 >= sizeof moves_buf)
            return 1;
        snprintf(moves_buf + l, sizeof moves_buf - l, " %s", mv);
    }
}

/* Levels lo and hi play 2 * NOPEN games; returns hi's points in half points. */
static int level_match(int lo, int hi, wf_chess_engine *rules, wf_chess_engine *ref)
{
    wf_chess_engine *a = wf_chess_engine_alloc(), *b = wf_chess_engine_alloc();
    OK(a && b);
    cmd(a, "setoption name Hash value 4");
    cmd(b, "setoption name Hash value 4");
    cmdf(a, "setoption name Skill Level value %d", hi);
    cmdf(b, "setoption name Skill Level value %d", lo);
    int points = 0;
    for (int g = 0; g < 2 * NOPEN; g++) {
        cmdf(a, "setoption name Skill Seed value %d", g + 1);
        cmdf(b, "setoption name Skill Seed value %d", g + 1);
        int p = play(a, b, g % 2 == 0, OPENINGS[g / 2], rules, ref);
        points += p;
    }
    wf_chess_engine_free(a);
    wf_chess_engine_free(b);
    printf("Skill Level %d vs %d: %.1f / %d\n", hi, lo, points / 2.0, 2 * NOPEN);
    return points;
}

static void test_options(void)
{
    wf_chess_engine *e = wf_chess_engine_alloc();
    OK(e);
    cmd(e, "uci");
    const char *out = wf_chess_output(e);
    OK(strstr(out, "option name Skill Level type spin default 20 min 0 max 20\n"));
    OK(strstr(out, "option name UCI_LimitStrength type check default false\n"));
    OK(strstr(out, "option name UCI_Elo type spin default "));
    OK(strstr(out, "option name Skill Seed type spin default 0 min 0 max 2147483647\n"));
    wf_chess_output_clear(e);
    OK(wf_chess_command(e, "setoption name Skill Level value 21", 0) == WF_CHESS_BAD_ARGUMENT);
    OK(wf_chess_command(e, "setoption name Skill Level value -1", 0) == WF_CHESS_BAD_ARGUMENT);
    OK(wf_chess_command(e, "setoption name UCI_LimitStrength value maybe", 0) == WF_CHESS_BAD_ARGUMENT);
    OK(wf_chess_command(e, "setoption name UCI_Elo value 99999", 0) == WF_CHESS_BAD_ARGUMENT);
    OK(wf_chess_command(e, "setoption name Skill Seed value -5", 0) == WF_CHESS_BAD_ARGUMENT);
    wf_chess_output_clear(e);

    /* full strength: a Skill Seed changes nothing */
    char a[8], b[8];
    cmd(e, "position startpos moves e2e4 c7c5");
    cmd(e, "go depth 7");
    OK(bestmove_of(e, a));
    const char *first = wf_chess_output(e);
    char *copy = malloc(strlen(first) + 1);
    OK(copy);
    strcpy(copy, first);
    wf_chess_output_clear(e);
    cmd(e, "ucinewgame");
    cmd(e, "setoption name Skill Seed value 99");
    cmd(e, "position startpos moves e2e4 c7c5");
    cmd(e, "go depth 7");
    OK(strcmp(copy, wf_chess_output(e)) == 0);
    free(copy);
    wf_chess_output_clear(e);

    /* a weak level: legal moves, one move per seed and position, MultiPV 1 reports one line */
    cmd(e, "setoption name Skill Level value 2");
    int differ = 0;
    for (int seed = 1; seed <= 8; seed++) {
        cmdf(e, "setoption name Skill Seed value %d", seed);
        cmd(e, "ucinewgame");
        cmd(e, "position startpos moves e2e4 c7c5");
        cmd(e, "go movetime 100000");
        OK(bestmove_of(e, a));
        OK(strstr(wf_chess_output(e), "multipv 2") == NULL);
        wf_chess_output_clear(e);
        cmd(e, "ucinewgame");
        cmd(e, "position startpos moves e2e4 c7c5");
        cmd(e, "go");
        OK(bestmove_of(e, b));
        OK(strcmp(a, b) == 0);
        wf_chess_output_clear(e);
        static char prev[8];
        if (seed > 1 && strcmp(prev, a))
            differ = 1;
        strcpy(prev, a);
    }
    OK(differ); /* the seed matters at a weak level */
    /* UCI_Elo picks the level when UCI_LimitStrength is on */
    cmd(e, "setoption name Skill Level value 20");
    cmd(e, "setoption name UCI_LimitStrength value true");
    cmd(e, "setoption name UCI_Elo value 400");
    cmd(e, "position startpos");
    cmd(e, "go depth 20");
    OK(strstr(wf_chess_output(e), "info depth 2 ") == NULL); /* the weakest level searches 1 ply */
    wf_chess_output_clear(e);
    wf_chess_engine_free(e);
}

static void test_searchmoves(void)
{
    wf_chess_engine *e = wf_chess_engine_alloc();
    OK(e);
    char mv[8];
    cmd(e, "position startpos");
    cmd(e, "go depth 4 searchmoves a2a3 h2h3");
    OK(bestmove_of(e, mv));
    OK(!strcmp(mv, "a2a3") || !strcmp(mv, "h2h3"));
    wf_chess_output_clear(e);
    cmd(e, "setoption name MultiPV value 5");
    cmd(e, "go depth 3 searchmoves b1c3 g1f3 e2e4");
    OK(strstr(wf_chess_output(e), "info depth 3 seldepth") && strstr(wf_chess_output(e), "multipv 3"));
    OK(strstr(wf_chess_output(e), "multipv 4") == NULL);
    wf_chess_output_clear(e);
    OK(wf_chess_command(e, "go depth 3 searchmoves e2e5", 0) == WF_CHESS_ILLEGAL_MOVE);
    wf_chess_output_clear(e);
    wf_chess_engine_free(e);
}

int main(void)
{
    test_options();
    test_searchmoves();
    wf_chess_engine *rules = wf_chess_engine_alloc(), *ref = wf_chess_engine_alloc();
    OK(rules && ref);
    cmd(ref, "setoption name Hash value 4");
    static const int pairs[][2] = {{0, 5}, {5, 10}, {10, 15}};
    for (int i = 0; i < 3; i++) {
        int hi_points = level_match(pairs[i][0], pairs[i][1], rules, ref);
        OK(hi_points > 2 * NOPEN); /* more than half of the 2 * NOPEN games' points */
    }
    wf_chess_engine_free(rules);
    wf_chess_engine_free(ref);
    return wf_check_report();
}
