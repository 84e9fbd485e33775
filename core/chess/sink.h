/* SPDX-License-Identifier: MIT
 *
 * sink.h: the engine's text output buffer. Lines are appended here and the
 * caller reads them with wf_chess_output(). Knows nothing about chess or
 * UCI: uci.c decides what is written.
 */
#ifndef WF_CHESS_SINK_H
#define WF_CHESS_SINK_H
#include <stddef.h>

typedef struct wf_sink {
    char *buf; /* NUL-terminated */
    size_t len, cap;
} wf_sink;

/* Returns 0, or -1 when out of memory. */
int wf_sink_init(wf_sink *o);
void wf_sink_free(wf_sink *o);
void wf_sink_clear(wf_sink *o);
/* Appends; when memory runs out the text is dropped (never a crash), and
 * past 4 MB the older half of the buffer (whole lines) is discarded. */
void wf_sink_str(wf_sink *o, const char *s);
void wf_sink_int(wf_sink *o, long long v);
void wf_sink_end(wf_sink *o); /* ends the line */

#endif
