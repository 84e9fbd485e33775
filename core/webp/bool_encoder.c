/* SPDX-License-Identifier: MIT
 * bool_encoder.c: the VP8 boolean entropy encoder of RFC 6386 section 7.3,
 * writing into a growable buffer. `bottom` holds the low end of the
 * interval; a carry out of it is propagated back through the bytes already
 * written (the RFC's add_one_to_output). */
#include <stdlib.h>
#include <string.h>
#include "vp8_enc.h"

void wf_vp8_be_init(wf_vp8_be *e)
{
    memset(e, 0, sizeof(*e));
    e->range = 255;
    e->bottom = 0;
    e->bit_count = 24;
}

void wf_vp8_be_free(wf_vp8_be *e)
{
    free(e->buf);
    e->buf = NULL;
    e->size = e->cap = 0;
}

static WF_WEBP_NOINLINE void push(wf_vp8_be *e, uint8_t byte)
{
    if (e->size == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 4096;
        uint8_t *p = e->oom ? NULL : realloc(e->buf, cap);
        if (!p) {
            e->oom = 1;
            return;
        }
        e->buf = p;
        e->cap = cap;
    }
    e->buf[e->size++] = byte;
}

static void carry(wf_vp8_be *e)
{
    size_t i = e->size;
    while (i > 0 && e->buf[i - 1] == 255)
        e->buf[--i] = 0;
    if (i > 0)
        e->buf[i - 1]++;
}

WF_WEBP_NOINLINE void wf_vp8_be_put(wf_vp8_be *e, int prob, int bit)
{
    uint32_t split = 1 + (((e->range - 1) * (uint32_t)prob) >> 8);
    if (bit) {
        e->bottom += split;
        e->range -= split;
    } else {
        e->range = split;
    }
    while (e->range < 128) { /* renormalise one bit at a time, as the RFC does */
        e->range <<= 1;
        if (e->bottom & (1u << 31))
            carry(e);
        e->bottom <<= 1;
        if (!--e->bit_count) {
            push(e, (uint8_t)(e->bottom >> 24));
            e->bottom &= (1u << 24) - 1;
            e->bit_count = 8;
        }
    }
}

void wf_vp8_be_literal(wf_vp8_be *e, uint32_t v, int n)
{
    while (n-- > 0)
        wf_vp8_be_put(e, 128, (int)((v >> n) & 1));
}

void wf_vp8_be_signed(wf_vp8_be *e, int v, int n)
{
    wf_vp8_be_literal(e, (uint32_t)(v < 0 ? -v : v), n);
    wf_vp8_be_put(e, 128, v < 0);
}

void wf_vp8_be_flush(wf_vp8_be *e)
{
    int i;
    /* RFC 6386: pad with 32 zero bits at probability 1/2, which pushes out
     * every pending bit of `bottom` */
    for (i = 0; i < 32; i++)
        wf_vp8_be_put(e, 128, 0);
}
