/* SPDX-License-Identifier: MIT
 *
 * uci_main.c: wasmforge-uci, the native UCI engine binary. Reads UCI lines
 * from stdin, feeds them to the engine, runs search slices while polling
 * stdin without blocking, and writes the engine's output to stdout. This is
 * the only place that reads a clock.
 *
 *   wasmforge-uci [--net FILE]
 * --net loads a network file of the neural evaluation (tools/nnue) instead of
 * the compiled-in one and turns "Use NNUE" on (for matches between nets).
 */
#define _POSIX_C_SOURCE 200809L
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "wf/chess.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void flush_output(wf_chess_engine *e)
{
    uint32_t n = wf_chess_output_size(e);
    if (n) {
        fwrite(wf_chess_output(e), 1, n, stdout);
        fflush(stdout);
        wf_chess_output_clear(e);
    }
}

/* line reader over read(2), so poll() sees exactly what is not yet consumed */
static char buf[1 << 16];
static size_t buf_len;
static int eof;

/* Returns a complete line (NUL-terminated, without newline) or NULL. */
static char *take_line(size_t *consumed)
{
    char *nl = memchr(buf, '\n', buf_len);
    if (!nl) {
        if (eof && buf_len) {
            buf[buf_len] = 0;
            *consumed = buf_len;
            return buf;
        }
        if (buf_len == sizeof buf - 1) { /* overlong line: drop it */
            buf_len = 0;
        }
        return NULL;
    }
    *nl = 0;
    *consumed = (size_t)(nl - buf) + 1;
    return buf;
}

static void fill(int block)
{
    if (eof)
        return;
    struct pollfd p = {0, POLLIN, 0};
    if (!block && poll(&p, 1, 0) <= 0)
        return;
    ssize_t r = read(0, buf + buf_len, sizeof buf - 1 - buf_len);
    if (r <= 0)
        eof = 1;
    else
        buf_len += (size_t)r;
}

/* Reads a whole file into a new buffer (*size bytes), or NULL. */
static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *data = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            unsigned char *d = realloc(data, cap = cap ? cap * 2 : 1 << 20);
            if (!d) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = d;
        }
        size_t r = fread(data + n, 1, cap - n, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    *size = n;
    return data;
}

int main(int argc, char **argv)
{
    wf_chess_engine *e = wf_chess_engine_alloc();
    if (!e) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    if (argc == 3 && strcmp(argv[1], "--net") == 0) {
        size_t size = 0;
        unsigned char *data = read_file(argv[2], &size);
        if (!data || size > UINT32_MAX || wf_chess_set_net(e, data, (uint32_t)size) != WF_OK ||
            wf_chess_command(e, "setoption name Use NNUE value true", now_ms()) != WF_OK) {
            fprintf(stderr, "%s: cannot load the network\n", argv[2]);
            return 1;
        }
        free(data);
        wf_chess_output_clear(e);
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [--net FILE]\n", argv[0]);
        return 2;
    }
    uint32_t slice = 5000;
    for (;;) {
        size_t used;
        char *line;
        while ((line = take_line(&used)) != NULL) {
            wf_chess_command(e, line, now_ms());
            memmove(buf, buf + used, buf_len - used);
            buf_len -= used;
            flush_output(e);
            if (wf_chess_quit_requested(e)) {
                wf_chess_engine_free(e);
                return 0;
            }
        }
        if (wf_chess_searching(e)) {
            /* slices of a few ms, so that time limits and 'stop' are exact (each
             * slice that runs out restarts the iteration: not too short either) */
            double t0 = now_ms();
            int r = wf_chess_search_slice(e, t0, slice);
            if (r == 2) {
                /* nothing to compute until 'stop' or 'ponderhit' */
                flush_output(e);
                struct pollfd p = {0, POLLIN, 0};
                poll(&p, 1, 20);
            } else if (r == 1) {
                /* the slice used its whole budget: aim at 3-8 ms per slice */
                double dt = now_ms() - t0;
                if (dt > 8.0 && slice > 1000)
                    slice /= 2;
                else if (dt < 3.0 && slice < 200000)
                    slice *= 2;
            }
            flush_output(e);
            fill(0);
        } else {
            if (eof) {
                break;
            }
            fill(1);
        }
    }
    /* end of input: finish a running search as if 'quit' was sent */
    wf_chess_command(e, "stop", now_ms());
    flush_output(e);
    wf_chess_engine_free(e);
    return 0;
}
