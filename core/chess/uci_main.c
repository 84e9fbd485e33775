/* SPDX-License-Identifier: MIT
 *
 * uci_main.c: wasmforge-uci, the native UCI engine binary. Reads UCI lines
 * from stdin, feeds them to the engine, runs search slices while polling
 * stdin without blocking, and writes the engine's output to stdout. This is
 * the only place that reads a clock, and the only one that starts threads.
 *
 * Threads (Lazy SMP, the 'Threads' option): the main engine gets every UCI
 * command and decides the move; Threads - 1 helper threads, each with its
 * own engine sharing the main engine's transposition table
 * (wf_chess_share_table), get the main engine's last 'position' line and
 * 'go infinite' when the main engine starts a search, and stop when it
 * writes 'bestmove'. The host waits for them to be idle before the next
 * command that starts a search or changes the position, the table or the
 * options, so that only searches touch the shared table concurrently.
 *
 *   wasmforge-uci [--net FILE]
 * --net loads a network file of the neural evaluation (tools/nnue) instead of
 * the compiled-in one and turns "Use NNUE" on (for matches between nets).
 */
#define _POSIX_C_SOURCE 200809L
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "wf/chess.h"

#define MAX_THREADS 64

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

/* Adapts a slice's node budget so that a slice takes WF_SLICE_MIN_MS to
 * WF_SLICE_MAX_MS: 'stop' and the time limits are then exact to that much,
 * and since each slice that runs out restarts the iteration, slices are not
 * too short either. */
#ifndef WF_SLICE_MIN_MS
#define WF_SLICE_MIN_MS 3.0
#endif
#ifndef WF_SLICE_MAX_MS
#define WF_SLICE_MAX_MS 8.0
#endif
static void adapt_slice(uint32_t *slice, double dt)
{
    if (dt > WF_SLICE_MAX_MS && *slice > 1000)
        *slice /= 2;
    else if (dt < WF_SLICE_MIN_MS && *slice < 1000000)
        *slice *= 2;
}

/* ---- helper threads -------------------------------------------------------- */

typedef struct helper {
    pthread_t tid;
    wf_chess_engine *e;
    /* guarded by pool_mu */
    int has_job, busy, quit, newgame;
    char *position; /* the job's 'position' line (owned by the helper once taken) */
    /* shared without the lock */
    atomic_int stop;
    atomic_ullong nodes;
} helper;

static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_job = PTHREAD_COND_INITIALIZER;  /* a job or quit was posted */
static pthread_cond_t pool_idle = PTHREAD_COND_INITIALIZER; /* a helper became idle */
static helper *helpers[MAX_THREADS];
static int nhelpers;
static int helpers_running; /* a search was handed to the helpers and not yet stopped */

static void publish_nodes(helper *h)
{
    uint32_t lo, hi;
    wf_chess_search_nodes(h->e, &lo, &hi);
    atomic_store_explicit(&h->nodes, (unsigned long long)hi << 32 | lo, memory_order_relaxed);
}

static void *helper_main(void *arg)
{
    helper *h = arg;
    uint32_t slice = 5000;
    pthread_mutex_lock(&pool_mu);
    for (;;) {
        while (!h->quit && !h->has_job)
            pthread_cond_wait(&pool_job, &pool_mu);
        if (h->quit)
            break;
        char *pos = h->position;
        int newgame = h->newgame;
        h->position = NULL;
        h->has_job = 0;
        h->newgame = 0;
        h->busy = 1;
        pthread_mutex_unlock(&pool_mu);

        if (newgame)
            wf_chess_command(h->e, "ucinewgame", 0);
        if (pos)
            wf_chess_command(h->e, pos, 0);
        free(pos);
        wf_chess_command(h->e, "go infinite", now_ms());
        wf_chess_output_clear(h->e);
        while (!atomic_load_explicit(&h->stop, memory_order_acquire)) {
            double t0 = now_ms();
            int r = wf_chess_search_slice(h->e, t0, slice);
            publish_nodes(h);
            wf_chess_output_clear(h->e);
            if (r == 0)
                break;
            if (r == 2) { /* searched to the end: wait for the stop */
                struct timespec ts = {0, 1000000};
                nanosleep(&ts, NULL);
            } else {
                adapt_slice(&slice, now_ms() - t0);
            }
        }
        wf_chess_command(h->e, "stop", now_ms());
        wf_chess_output_clear(h->e);
        publish_nodes(h);

        pthread_mutex_lock(&pool_mu);
        h->busy = 0;
        pthread_cond_broadcast(&pool_idle);
    }
    pthread_mutex_unlock(&pool_mu);
    return NULL;
}

/* Tells the helpers to stop their search (they finish their slice first). */
static void helpers_stop(void)
{
    for (int i = 0; i < nhelpers; i++)
        atomic_store_explicit(&helpers[i]->stop, 1, memory_order_release);
    helpers_running = 0;
}

/* Stops the helpers and waits until none searches. */
static void helpers_wait(void)
{
    helpers_stop();
    pthread_mutex_lock(&pool_mu);
    for (int i = 0; i < nhelpers; i++)
        while (helpers[i]->busy || helpers[i]->has_job)
            pthread_cond_wait(&pool_idle, &pool_mu);
    pthread_mutex_unlock(&pool_mu);
}

/* The network given with --net (NULL: the compiled-in one, if any). */
static unsigned char *net_data;
/* The last 'setoption name Use NNUE ...' line, replayed to new helpers. */
static char *use_nnue_line;
static uint32_t net_size;

/* Grows or shrinks the pool to n helpers (all idle). Returns the count reached. */
static int helpers_resize(wf_chess_engine *main_engine, int n)
{
    helpers_wait();
    while (nhelpers > n) {
        helper *h = helpers[--nhelpers];
        pthread_mutex_lock(&pool_mu);
        h->quit = 1;
        pthread_cond_broadcast(&pool_job);
        pthread_mutex_unlock(&pool_mu);
        pthread_join(h->tid, NULL);
        wf_chess_engine_free(h->e);
        free(h->position);
        free(h);
    }
    while (nhelpers < n) {
        helper *h = calloc(1, sizeof *h);
        if (!h)
            break;
        h->e = wf_chess_engine_alloc();
        if (!h->e || wf_chess_share_table(h->e, main_engine) != WF_OK) {
            wf_chess_engine_free(h->e);
            free(h);
            break;
        }
        /* the same evaluation as the main engine: its network and its "Use NNUE" */
        if (net_data)
            wf_chess_set_net(h->e, net_data, net_size);
        if (use_nnue_line)
            wf_chess_command(h->e, use_nnue_line, now_ms());
        wf_chess_output_clear(h->e);
        wf_chess_set_thread_index(h->e, nhelpers + 1);
        atomic_init(&h->stop, 1);
        atomic_init(&h->nodes, 0);
        if (pthread_create(&h->tid, NULL, helper_main, h)) {
            wf_chess_engine_free(h->e);
            free(h);
            break;
        }
        helpers[nhelpers++] = h;
    }
    return nhelpers;
}

/* Hands the main engine's search to the helpers: its position line, and a
 * pending 'ucinewgame'. */
static void helpers_start(const char *position, int newgame)
{
    pthread_mutex_lock(&pool_mu);
    for (int i = 0; i < nhelpers; i++) {
        helper *h = helpers[i];
        free(h->position);
        h->position = position ? strdup(position) : NULL;
        h->newgame |= newgame;
        atomic_store_explicit(&h->nodes, 0, memory_order_relaxed);
        atomic_store_explicit(&h->stop, 0, memory_order_release);
        h->has_job = 1;
    }
    pthread_cond_broadcast(&pool_job);
    pthread_mutex_unlock(&pool_mu);
    helpers_running = nhelpers > 0;
}

static void helpers_report_nodes(wf_chess_engine *main_engine)
{
    unsigned long long n = 0;
    for (int i = 0; i < nhelpers; i++)
        n += atomic_load_explicit(&helpers[i]->nodes, memory_order_relaxed);
    wf_chess_set_helper_nodes(main_engine, (uint32_t)n, (uint32_t)(n >> 32));
}

/* ---- commands ----------------------------------------------------------------- */

static int starts_with(const char *line, const char *word)
{
    while (*line == ' ' || *line == '\t')
        line++;
    size_t n = strlen(word);
    return strncmp(line, word, n) == 0 && (line[n] == 0 || line[n] == ' ' || line[n] == '\t' || line[n] == '\r');
}

/* case-insensitive substring test */
static int contains_ci(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && (s[i] | 32) == (w[i] | 32))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

static char *last_position;  /* the last 'position' line, for the helpers */
static int pending_newgame;  /* 'ucinewgame' since the helpers last started */
static int limited_strength; /* weakened play searches alone (see strength.h) */

static void track_strength(const char *line)
{
    static int limit, skill = 20;
    const char *v = strstr(line, " value ");
    if (!v)
        return;
    v += 7;
    if (contains_ci(line, "UCI_LimitStrength"))
        limit = contains_ci(v, "true");
    else if (contains_ci(line, "Skill Level"))
        skill = atoi(v);
    limited_strength = limit || skill < 20;
}

static void command(wf_chess_engine *e, const char *line)
{
    int go = starts_with(line, "go");
    /* commands that start a search or change what the helpers depend on
     * wait until the helpers are idle */
    if (go || starts_with(line, "position") || starts_with(line, "setoption") || starts_with(line, "ucinewgame") ||
        starts_with(line, "quit"))
        helpers_wait();
    if (starts_with(line, "position")) {
        free(last_position);
        last_position = strdup(line);
    } else if (starts_with(line, "ucinewgame")) {
        pending_newgame = 1;
        free(last_position);
        last_position = NULL;
    } else if (starts_with(line, "setoption")) {
        track_strength(line);
        if (strstr(line, "name Use NNUE ")) {
            free(use_nnue_line);
            use_nnue_line = strdup(line);
            for (int i = 0; i < nhelpers; i++) {
                wf_chess_command(helpers[i]->e, line, now_ms());
                wf_chess_output_clear(helpers[i]->e);
            }
        }
    }
    wf_chess_command(e, line, now_ms());
    if (starts_with(line, "setoption") && wf_chess_threads(e) - 1 != nhelpers)
        helpers_resize(e, wf_chess_threads(e) - 1); /* engines and threads are made now, not at 'go' */
    if (go && wf_chess_searching(e) && !strstr(line, "perft") && !limited_strength) {
        if (nhelpers) {
            helpers_start(last_position, pending_newgame);
            pending_newgame = 0;
        }
    }
    if (helpers_running && !wf_chess_searching(e))
        helpers_stop();
}

/* ---- input ------------------------------------------------------------------ */

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

static void shutdown_all(wf_chess_engine *e)
{
    helpers_resize(e, 0);
    free(last_position);
    free(use_nnue_line);
    free(net_data);
    wf_chess_engine_free(e);
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
    wf_chess_set_threads_max(e, MAX_THREADS);
    if (argc == 3 && strcmp(argv[1], "--net") == 0) {
        size_t size = 0;
        unsigned char *data = read_file(argv[2], &size);
        if (!data || size > UINT32_MAX || wf_chess_set_net(e, data, (uint32_t)size) != WF_OK ||
            wf_chess_command(e, "setoption name Use NNUE value true", now_ms()) != WF_OK) {
            fprintf(stderr, "%s: cannot load the network\n", argv[2]);
            return 1;
        }
        net_data = data; /* kept: helper threads load the same network */
        net_size = (uint32_t)size;
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
            command(e, line);
            memmove(buf, buf + used, buf_len - used);
            buf_len -= used;
            flush_output(e);
            if (wf_chess_quit_requested(e)) {
                shutdown_all(e);
                return 0;
            }
        }
        if (wf_chess_searching(e)) {
            double t0 = now_ms();
            if (helpers_running)
                helpers_report_nodes(e);
            int r = wf_chess_search_slice(e, t0, slice);
            if (r == 2) {
                /* nothing to compute until 'stop' or 'ponderhit' */
                flush_output(e);
                struct pollfd p = {0, POLLIN, 0};
                poll(&p, 1, 20);
            } else if (r == 1) {
                adapt_slice(&slice, now_ms() - t0);
            }
            if (helpers_running && !wf_chess_searching(e))
                helpers_stop();
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
    shutdown_all(e);
    return 0;
}
