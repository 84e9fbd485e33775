/* SPDX-License-Identifier: MIT
 *
 * sink.c: the output buffer (see sink.h).
 */
#include "sink.h"
#include <stdlib.h>
#include <string.h>

#define OUT_MAX ((size_t)4 << 20) /* output kept when the caller never clears it */

int wf_sink_init(wf_sink *o)
{
    o->len = 0;
    o->cap = 4096;
    o->buf = malloc(o->cap);
    if (!o->buf)
        return -1;
    o->buf[0] = 0;
    return 0;
}

void wf_sink_free(wf_sink *o)
{
    free(o->buf);
    o->buf = NULL;
    o->len = o->cap = 0;
}

void wf_sink_clear(wf_sink *o)
{
    o->len = 0;
    o->buf[0] = 0;
}

static void sink_bytes(wf_sink *o, const char *s, size_t n)
{
    if (o->len + n + 1 > OUT_MAX) {
        /* drop the older half (whole lines) rather than grow without bound */
        size_t cut = o->len / 2;
        while (cut < o->len && o->buf[cut - 1] != '\n')
            cut++;
        memmove(o->buf, o->buf + cut, o->len - cut);
        o->len -= cut;
        if (o->len + n + 1 > OUT_MAX)
            return;
    }
    if (o->len + n + 1 > o->cap) {
        size_t nc = o->cap * 2;
        while (nc < o->len + n + 1)
            nc *= 2;
        if (nc > OUT_MAX)
            nc = OUT_MAX;
        char *nb = realloc(o->buf, nc);
        if (!nb)
            return; /* output lost rather than a crash */
        o->buf = nb;
        o->cap = nc;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = 0;
}

void wf_sink_str(wf_sink *o, const char *s) { sink_bytes(o, s, strlen(s)); }

void wf_sink_int(wf_sink *o, long long v)
{
    char buf[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        buf[sizeof buf - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[sizeof buf - 1 - n++] = '-';
    sink_bytes(o, buf + sizeof buf - n, (size_t)n);
}

void wf_sink_end(wf_sink *o) { sink_bytes(o, "\n", 1); }
