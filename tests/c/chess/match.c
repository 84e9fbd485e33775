/* SPDX-License-Identifier: MIT
 *
 * match.c: a small strength sanity check, not run by ctest. Plays games
 * between two UCI engines (by default wasmforge-uci against Debian's
 * stockfish with UCI_LimitStrength), using the chess core as the referee.
 *
 *   match <engine1> <engine2> <games> <base_ms> <inc_ms> [setoption lines for engine2...]
 * With base_ms 0 every move gets 'go movetime <inc_ms>' and nobody loses on time;
 * an <inc_ms> written nodes=N gives every move 'go nodes N' instead (self-play
 * tests that do not depend on the machine's load). A setoption line prefixed
 * with "1:" goes to engine1 instead (e.g. "1:setoption name Threads value 2").
 * Games are adjudicated when both engines' last two scores are beyond
 * +-1000 cp the same way (a win), or within +-10 cp for 16 plies after ply 80
 * (a draw); MATCH_NO_ADJUDICATION=1 turns this off. MATCH_NODES=n in the
 * environment does the same as nodes=n.
 *   e.g. match build/native/core/chess/wasmforge-uci /usr/games/stockfish 20 1000 10 \
 *            "setoption name UCI_LimitStrength value true" "setoption name UCI_Elo value 1800"
 * Prints each result and the score of engine1, and counts time losses; at the
 * end, the Elo difference of engine1 with a 95% interval. Game pairs 2k, 2k+1
 * play opening k (of 48) with swapped colours.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <math.h>
#include <time.h>
#include <unistd.h>
#include "wf/chess.h"

typedef struct proc {
    pid_t pid;
    FILE *in, *out;
} proc;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static proc start(const char *path)
{
    int a[2], b[2];
    proc p;
    if (pipe(a) || pipe(b))
        exit(2);
    p.pid = fork();
    if (p.pid == 0) {
        dup2(a[0], 0);
        dup2(b[1], 1);
        close(a[1]);
        close(b[0]);
        execl(path, path, (char *)NULL);
        _exit(127);
    }
    close(a[0]);
    close(b[1]);
    p.in = fdopen(a[1], "w");
    p.out = fdopen(b[0], "r");
    return p;
}

static void send(proc *p, const char *s)
{
    fprintf(p->in, "%s\n", s);
    fflush(p->in);
}

/* score (centipawns, mates as +-100000) of the last 'info ... score' line seen by wait_for */
static int last_score;
static int have_score;

static int wait_for(proc *p, const char *prefix, char *line, size_t cap)
{
    while (fgets(line, (int)cap, p->out)) {
        if (strncmp(line, "info ", 5) == 0) {
            const char *sc = strstr(line, " score ");
            int v;
            if (sc && sscanf(sc, " score cp %d", &v) == 1) {
                last_score = v;
                have_score = 1;
            } else if (sc && sscanf(sc, " score mate %d", &v) == 1) {
                last_score = v > 0 ? 100000 : -100000;
                have_score = 1;
            }
        }
        if (strncmp(line, prefix, strlen(prefix)) == 0)
            return 1;
    }
    return 0;
}

/* Balanced openings (4-8 plies of common lines); game pairs play each one with both colours. */
static const char *openings[] = {
    "e2e4 e7e5 g1f3 b8c6 f1b5 a7a6", "e2e4 e7e5 g1f3 b8c6 f1c4 f8c5",
    "e2e4 e7e5 g1f3 b8c6 f1c4 g8f6", "e2e4 e7e5 g1f3 b8c6 d2d4 e5d4",
    "e2e4 e7e5 g1f3 g8f6 f3e5 d7d6", "e2e4 e7e5 b1c3 g8f6",
    "e2e4 e7e5 f2f4 e5f4",           "e2e4 c7c5 g1f3 d7d6 d2d4 c5d4",
    "e2e4 c7c5 g1f3 b8c6 d2d4 c5d4", "e2e4 c7c5 g1f3 e7e6 d2d4 c5d4",
    "e2e4 c7c5 b1c3 b8c6 g2g3",      "e2e4 c7c5 c2c3 g8f6",
    "e2e4 e7e6 d2d4 d7d5 b1c3 g8f6", "e2e4 e7e6 d2d4 d7d5 e4e5 c7c5",
    "e2e4 e7e6 d2d4 d7d5 b1d2 c7c5", "e2e4 c7c6 d2d4 d7d5 e4e5 c8f5",
    "e2e4 c7c6 d2d4 d7d5 b1c3 d5e4", "e2e4 d7d5 e4d5 d8d5 b1c3 d5a5",
    "e2e4 d7d6 d2d4 g8f6 b1c3 g7g6", "e2e4 g7g6 d2d4 f8g7 b1c3 d7d6",
    "e2e4 g8f6 e4e5 f6d5 d2d4 d7d6", "d2d4 d7d5 c2c4 e7e6 b1c3 g8f6",
    "d2d4 d7d5 c2c4 c7c6 g1f3 g8f6", "d2d4 d7d5 c2c4 d5c4 g1f3 g8f6",
    "d2d4 d7d5 g1f3 g8f6 c1f4 c7c5", "d2d4 g8f6 c2c4 e7e6 g1f3 b7b6",
    "d2d4 g8f6 c2c4 e7e6 b1c3 f8b4", "d2d4 g8f6 c2c4 g7g6 b1c3 f8g7 e2e4 d7d6",
    "d2d4 g8f6 c2c4 g7g6 b1c3 d7d5", "d2d4 g8f6 c2c4 c7c5 d4d5 e7e6",
    "d2d4 g8f6 c2c4 e7e5 d4e5 f6g4", "d2d4 f7f5 g2g3 g8f6 f1g2 e7e6",
    "d2d4 g8f6 g1f3 e7e6 c1g5 h7h6", "c2c4 e7e5 b1c3 g8f6 g1f3 b8c6",
    "c2c4 c7c5 g1f3 g8f6 b1c3 b8c6", "c2c4 g8f6 b1c3 e7e6 e2e4 d7d5",
    "c2c4 e7e6 b1c3 d7d5 d2d4 f8e7", "g1f3 d7d5 g2g3 g8f6 f1g2 e7e6",
    "g1f3 g8f6 c2c4 g7g6 b2b3 f8g7", "g1f3 c7c5 c2c4 b8c6 d2d4 c5d4",
    "b2b3 e7e5 c1b2 b8c6 e2e3 g8f6", "g2g3 d7d5 f1g2 g8f6 g1f3 c7c6",
    "e2e4 e7e5 g1f3 d7d6 d2d4 g8f6", "e2e4 b7b6 d2d4 c8b7 f1d3 e7e6",
    "d2d4 e7e6 c2c4 f8b4 c1d2 d8e7", "e2e4 c7c5 g1f3 g7g6 d2d4 c5d4",
    "d2d4 d7d5 e2e3 g8f6 f1d3 c7c5", "e2e4 e7e5 g1f3 b8c6 b1c3 g8f6",
};

/* Elo difference for a score fraction, and its 95% interval from the trinomial variance. */
static double elo_of(double p)
{
    if (p <= 0.0005)
        p = 0.0005;
    if (p >= 0.9995)
        p = 0.9995;
    return -400.0 * log10(1.0 / p - 1.0);
}

int main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: match <engine1> <engine2> <games> <base_ms> <inc_ms> [options for engine2]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    int games = atoi(argv[3]);
    /* MATCH_FIRST_OPENING=k starts at opening k (to split a long match into interleaved blocks) */
    const char *fo = getenv("MATCH_FIRST_OPENING");
    int first_opening = fo ? abs(atoi(fo)) % (int)(sizeof openings / sizeof *openings) : 0;
    double base = atof(argv[4]), inc = atof(argv[5]);
    long nodes = strncmp(argv[5], "nodes=", 6) == 0 ? atol(argv[5] + 6) : 0;
    if (!nodes && getenv("MATCH_NODES"))
        nodes = atol(getenv("MATCH_NODES"));
    int adjudicate = !getenv("MATCH_NO_ADJUDICATION");
    proc eng[2] = {start(argv[1]), start(argv[2])};
    char line[65536];
    for (int i = 0; i < 2; i++) {
        send(&eng[i], "uci");
        wait_for(&eng[i], "uciok", line, sizeof line);
    }
    for (int k = 6; k < argc; k++) {
        if (strncmp(argv[k], "1:", 2) == 0)
            send(&eng[0], argv[k] + 2);
        else
            send(&eng[1], argv[k]);
    }
    double score = 0;
    int w = 0, d = 0, l = 0, timeouts[2] = {0, 0};
    wf_chess_engine *ref = wf_chess_engine_alloc();
    for (int g = 0; g < games; g++) {
        int white = g & 1; /* engine index playing white */
        const char *op = openings[(g / 2 + first_opening) % (sizeof openings / sizeof *openings)];
        static char moves[16384];
        snprintf(moves, sizeof moves, "%s", op);
        wf_chess_command(ref, "ucinewgame", 0);
        char cmd[16500];
        snprintf(cmd, sizeof cmd, "position startpos%s%s", *op ? " moves " : "", op);
        wf_chess_command(ref, cmd, 0);
        for (int i = 0; i < 2; i++) {
            send(&eng[i], "ucinewgame");
            send(&eng[i], "isready");
            wait_for(&eng[i], "readyok", line, sizeof line);
        }
        double clock[2] = {base, base};
        double result = -1; /* from white's view */
        const char *why = "";
        int plies = 0;
        int scores[1024]; /* white's view, per ply; 0 when the engine gave none */
        for (;;) {
            int st = wf_chess_game_state(ref);
            if (st == WF_CHESS_CHECKMATE) {
                result = strstr(wf_chess_get_fen(ref), " w ") ? 0 : 1;
                why = "mate";
                break;
            }
            if (st != WF_CHESS_ONGOING) {
                result = 0.5;
                why = "draw";
                break;
            }
            if (plies > 400) {
                result = 0.5;
                why = "adjudicated";
                break;
            }
            int stm_white = strstr(wf_chess_get_fen(ref), " w ") != NULL;
            int e = stm_white ? white : !white;
            int c = stm_white ? 0 : 1;
            snprintf(cmd, sizeof cmd, "position startpos%s%s", *moves ? " moves " : "", moves);
            send(&eng[e], cmd);
            char go[200];
            if (nodes > 0)
                snprintf(go, sizeof go, "go nodes %ld", nodes);
            else if (base > 0)
                snprintf(go, sizeof go, "go wtime %.0f btime %.0f winc %.0f binc %.0f", clock[0], clock[1], inc, inc);
            else /* base 0: fixed time per move (inc_ms), no flag falls */
                snprintf(go, sizeof go, "go movetime %.0f", inc);
            double t0 = now_ms();
            have_score = 0;
            send(&eng[e], go);
            if (!wait_for(&eng[e], "bestmove", line, sizeof line)) {
                fprintf(stderr, "engine %d died\n", e);
                return 1;
            }
            double used = now_ms() - t0;
            clock[c] -= used;
            if (nodes <= 0 && base > 0 && clock[c] < 0) {
                timeouts[e]++;
                fprintf(stderr, "engine %d lost on time: used %.0f ms with %.0f ms left (%s)\n", e + 1, used,
                        clock[c] + used, go);
                result = c == 0 ? 0 : 1;
                why = "time";
                break;
            }
            clock[c] += inc;
            char mv[16] = "";
            sscanf(line + 9, "%15s", mv);
            if (wf_chess_make_move(ref, mv) != WF_OK) {
                fprintf(stderr, "illegal move %s by engine %d in %s\n", mv, e, wf_chess_get_fen(ref));
                result = c == 0 ? 0 : 1;
                why = "illegal";
                break;
            }
            size_t ml = strlen(moves);
            snprintf(moves + ml, sizeof moves - ml, "%s%s", ml ? " " : "", mv);
            if (plies < 1024)
                scores[plies] = have_score ? (stm_white ? last_score : -last_score) : 0;
            plies++;
            if (adjudicate && plies >= 4 && plies < 1024) {
                int win = 0, loss = 0, quiet = 0;
                for (int k = plies - 4; k < plies; k++) {
                    win += scores[k] >= 1000;
                    loss += scores[k] <= -1000;
                }
                for (int k = plies - 16; k >= 0 && k < plies; k++)
                    quiet += scores[k] >= -10 && scores[k] <= 10;
                if (win == 4 || loss == 4) {
                    result = win == 4 ? 1 : 0;
                    why = "adjudicated";
                    break;
                }
                if (plies >= 80 && quiet == 16) {
                    result = 0.5;
                    why = "adjudicated draw";
                    break;
                }
            }
        }
        double s1 = white == 0 ? result : 1 - result;
        score += s1;
        if (s1 == 1)
            w++;
        else if (s1 == 0)
            l++;
        else
            d++;
        printf("game %d: engine1 %s, %s (%s), %d plies; score %.1f/%d\n", g + 1, white == 0 ? "white" : "black",
               s1 == 1   ? "win"
               : s1 == 0 ? "loss"
                         : "draw",
               why, plies, score, g + 1);
        fflush(stdout);
    }
    printf("RESULT match engine1 +%d =%d -%d score %.1f/%d timeouts engine1 %d engine2 %d\n", w, d, l, score, games,
           timeouts[0], timeouts[1]);
    if (games > 0) {
        double n = games, p = score / n;
        double var = (w * (1 - p) * (1 - p) + d * (0.5 - p) * (0.5 - p) + l * p * p) / n;
        double se = sqrt(var / n);
        printf("ELO engine1 %+.0f (95%%: %+.0f .. %+.0f) score %.1f%%\n", elo_of(p), elo_of(p - 1.96 * se),
               elo_of(p + 1.96 * se), 100 * p);
    }
    for (int i = 0; i < 2; i++) {
        send(&eng[i], "quit");
        waitpid(eng[i].pid, NULL, 0);
    }
    wf_chess_engine_free(ref);
    return 0;
}
