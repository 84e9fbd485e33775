/* SPDX-License-Identifier: MIT
 *
 * datagen.c: training positions for the neural evaluation, from self-play of
 * our own engine at a fixed node count (core/chess through its public API,
 * wf/chess.h, so the tool does not depend on the engine's internals).
 *
 *   datagen OUT.txt GAMES [NODES=5000] [SEED=1] [RANDOM_PLIES=8]
 *
 * Game g (0-based) starts from the start position plus RANDOM_PLIES (and one
 * more when g is odd) uniformly random legal plies chosen by a generator
 * seeded from (SEED, g), so any range of games can be regenerated exactly.
 * Each side then plays `go nodes NODES` (the search is deterministic for a
 * given node budget). A game ends by the rules (mate, stalemate, fifty moves,
 * repetition, material), by adjudication (|score| >= 2500 for 4 plies in a
 * row, or |score| <= 8 for 12 plies after ply 80, a draw), or at 400 plies (a
 * draw).
 *
 * Output: one line per kept position, appended to OUT.txt:
 *     <fen> | <score> | <result>
 * <score> is the search score in centipawns from the side to move's view
 * (mates as +-30000), <result> the game's result from White's view (1, 0.5,
 * 0). Kept: positions after the random opening whose side to move is not in
 * check, whose chosen move is quiet (no capture, no promotion) and whose
 * |score| < 3000. A line "# game <g> done" follows each game, so that an
 * interrupted run resumes where it stopped: on start, OUT.txt is read and
 * games already done (and the partial lines of an unfinished one) are skipped
 * or dropped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wf/chess.h"

#define MAX_PLIES 400

static uint64_t rng_next(uint64_t *s)
{
    /* splitmix64 */
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Splits the space-separated move list into moves[]; returns the count. */
static int split_moves(char *text, char *moves[], int max)
{
    int n = 0;
    for (char *t = strtok(text, " "); t && n < max; t = strtok(NULL, " "))
        moves[n++] = t;
    return n;
}

/* Reads the last "info ... score cp|mate X" and the bestmove of `out`. */
static int parse_search(const char *out, int *score, char *best, size_t best_size)
{
    int have_score = 0;
    best[0] = 0;
    for (const char *line = out; *line;) {
        const char *end = strchr(line, '\n');
        if (!end)
            end = line + strlen(line);
        if (!strncmp(line, "info ", 5)) {
            const char *p = strstr(line, " score ");
            if (p && p < end) {
                int v;
                if (sscanf(p, " score cp %d", &v) == 1) {
                    *score = v;
                    have_score = 1;
                } else if (sscanf(p, " score mate %d", &v) == 1) {
                    *score = v > 0 ? 30000 - v : -30000 - v;
                    have_score = 1;
                }
            }
        } else if (!strncmp(line, "bestmove ", 9)) {
            size_t n = 0;
            const char *p = line + 9;
            while (p + n < end && p[n] != ' ' && n + 1 < best_size)
                n++;
            memcpy(best, p, n);
            best[n] = 0;
        }
        line = *end ? end + 1 : end;
    }
    return have_score && best[0];
}

/* Games already finished in `path`; truncates a trailing unfinished game. */
static long resume_point(const char *path)
{
    FILE *f = fopen(path, "r+");
    if (!f)
        return 0;
    char line[512];
    long done = 0, keep = 0;
    while (fgets(line, sizeof line, f)) {
        long g;
        if (sscanf(line, "# game %ld done", &g) == 1) {
            done = g + 1;
            keep = ftell(f);
        }
    }
    fclose(f);
    if (truncate(path, keep) != 0) {
        perror("truncate");
        exit(1);
    }
    return done;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s OUT.txt GAMES [NODES=5000] [SEED=1] [RANDOM_PLIES=8]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    long games = atol(argv[2]);
    long nodes = argc > 3 ? atol(argv[3]) : 5000;
    uint64_t seed = argc > 4 ? strtoull(argv[4], NULL, 10) : 1;
    int random_plies = argc > 5 ? atoi(argv[5]) : 8;

    long first = resume_point(path);
    FILE *out = fopen(path, "a");
    wf_chess_engine *e = wf_chess_engine_alloc();
    if (!out || !e) {
        fprintf(stderr, "cannot open %s or allocate the engine\n", path);
        return 1;
    }
    static char cmd[MAX_PLIES * 6 + 64];
    static char fens[MAX_PLIES][100];
    static int scores[MAX_PLIES];
    long kept_total = 0;

    for (long g = first; g < games; g++) {
        uint64_t rng = seed * 0x100000001B3ull ^ (uint64_t)g * 0x9E3779B97F4A7C15ull;
        char moves[MAX_PLIES * 6 + 1] = "";
        size_t mlen = 0;
        int ply = 0, nkept = 0, big = 0, quiet_draw = 0;
        const char *result = "0.5";
        wf_chess_command(e, "ucinewgame", 0);
        wf_chess_command(e, "position startpos", 0);
        int opening = random_plies + (int)(g & 1);
        int aborted = 0;
        for (; ply < opening; ply++) {
            char legal[2048];
            strncpy(legal, wf_chess_legal_moves(e), sizeof legal - 1);
            legal[sizeof legal - 1] = 0;
            char *list[256];
            int n = split_moves(legal, list, 256);
            if (n == 0) {
                aborted = 1;
                break;
            }
            const char *m = list[rng_next(&rng) % (uint64_t)n];
            wf_chess_make_move(e, m);
            mlen += (size_t)sprintf(moves + mlen, " %s", m);
        }
        if (aborted || wf_chess_game_state(e) != WF_CHESS_ONGOING) {
            fprintf(out, "# game %ld done\n", g);
            continue;
        }
        for (; ply < MAX_PLIES; ply++) {
            int state = wf_chess_game_state(e);
            if (state != WF_CHESS_ONGOING) {
                if (state == WF_CHESS_CHECKMATE)
                    result = (ply & 1) ? "1" : "0"; /* side to move (white on even plies) is mated */
                break;
            }
            snprintf(cmd, sizeof cmd, "position startpos moves%s", moves);
            wf_chess_command(e, cmd, 0);
            snprintf(cmd, sizeof cmd, "go nodes %ld", nodes);
            wf_chess_output_clear(e);
            wf_chess_command(e, cmd, 0);
            while (wf_chess_search_slice(e, 0, 1u << 30) == 1) {
            }
            int score = 0;
            char best[16];
            if (!parse_search(wf_chess_output(e), &score, best, sizeof best)) {
                fprintf(stderr, "game %ld ply %d: no score/bestmove in:\n%s\n", g, ply, wf_chess_output(e));
                return 1;
            }
            const char *fen = wf_chess_get_fen(e);
            const char *san = wf_chess_move_to_san(e, best);
            int quiet = san && !strchr(san, 'x') && !strchr(san, '=');
            if (!wf_chess_in_check(e) && quiet && score > -3000 && score < 3000) {
                snprintf(fens[nkept], sizeof fens[nkept], "%s", fen);
                scores[nkept] = score;
                nkept++;
            }
            /* adjudication, from White's view */
            int white = (ply & 1) ? -score : score;
            big = (white >= 2500) ? (big > 0 ? big + 1 : 1) : (white <= -2500) ? (big < 0 ? big - 1 : -1) : 0;
            if (big >= 4 || big <= -4) {
                result = big > 0 ? "1" : "0";
                break;
            }
            quiet_draw = (ply >= 80 && score >= -8 && score <= 8) ? quiet_draw + 1 : 0;
            if (quiet_draw >= 12)
                break;
            wf_chess_make_move(e, best);
            mlen += (size_t)sprintf(moves + mlen, " %s", best);
        }
        for (int i = 0; i < nkept; i++)
            fprintf(out, "%s | %d | %s\n", fens[i], scores[i], result);
        fprintf(out, "# game %ld done\n", g);
        fflush(out);
        kept_total += nkept;
        if ((g + 1) % 50 == 0)
            fprintf(stderr, "game %ld: %ld positions this run\n", g + 1, kept_total);
    }
    fclose(out);
    wf_chess_engine_free(e);
    return 0;
}
