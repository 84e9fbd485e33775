/* SPDX-License-Identifier: MIT
 * inflate.c: the RFC 1951 decoder.
 *
 * Each block is decoded by a fast loop, decode_fast(), used while at least
 * FAST_IN_MARGIN input bytes and FAST_OUT_MARGIN output bytes remain (so it
 * needs no bounds checks, and match copies may write up to 15 bytes past the
 * match), and by a careful loop that checks everything, used otherwise.
 *
 * The careful loop keeps its bits in a 64-bit buffer `bb` holding `bc` valid
 * bits (LSB first). While at least 8 input bytes remain the buffer is
 * refilled branch-free with one unaligned 8-byte load to 56..63 bits. Near
 * the end of the input it is refilled a byte at a time, padding with zero
 * bytes past the end; `overrun` counts those padding bytes, and the stream is
 * truncated as soon as a consumed bit came from padding (bc < 8 * overrun).
 *
 * The fast loop keeps a 32-bit buffer: one refill (24..31 bits) covers a
 * literal/length code with its extra bits, another the distance code with its
 * extra bits. 32 bits because of the wasm2js build, which turns every 64-bit
 * operation into pairs of 32-bit ones (a variable 64-bit shift becomes a
 * branch and half a dozen operations, an unaligned 8-byte load eight byte
 * loads); the Wasm build runs as fast either way, native code 5-10% slower
 * than with 64 bits, which is not worth a second copy of the loop. And it is
 * a small function of its own: JS engines optimise a small function called
 * once per block far sooner and more reliably than a hot loop inside a large
 * function called once per stream. */
#include <stdlib.h>
#include <string.h>
#include "inflate_internal.h"
#include "load_le.h"

#define FAST_IN_MARGIN 16
#define FAST_OUT_MARGIN (WF_DEFLATE_MAX_MATCH + 16)

static inline void copy8(uint8_t *dst, const uint8_t *src)
{
    uint64_t v;
    memcpy(&v, src, 8);
    memcpy(dst, &v, 8);
}

wf_status wf_inflate_out_grow(wf_inflater *d, wf_inflate_out *o, size_t need)
{
    if (need <= o->cap)
        return WF_OK;
    if (!o->growable || need > o->max)
        return WF_ERR_OUTPUT_LIMIT;
    size_t cap = o->cap < 4096 ? 4096 : o->cap;
    while (cap < need && cap <= (size_t)-1 / 2)
        cap *= 2;
    if (cap < need)
        cap = need;
    if (cap > o->max)
        cap = o->max;
    if (cap <= d->buf_cap) {
        o->cap = cap;
        return WF_OK;
    }
    uint8_t *p = (uint8_t *)realloc(d->buf, cap);
    if (!p && cap > need) {
        cap = need; /* doubling failed: try the exact size */
        p = (uint8_t *)realloc(d->buf, cap);
    }
    if (!p)
        return WF_ERR_OUT_OF_MEMORY;
    d->buf = p;
    d->buf_cap = cap;
    o->data = p;
    o->cap = cap;
    return WF_OK;
}

static wf_status build_fixed(wf_inflater *d)
{
    uint8_t *l = d->lens;
    unsigned i = 0;
    for (; i < 144; i++)
        l[i] = 8;
    for (; i < 256; i++)
        l[i] = 9;
    for (; i < 280; i++)
        l[i] = 7;
    for (; i < 288; i++)
        l[i] = 8;
    wf_status st = wf_inflate_build_table(d->litlen, WF_LITLEN_TABLE_SIZE, l, 288, WF_LITLEN_BITS, WF_HUF_LITLEN);
    if (st)
        return st;
    for (i = 0; i < 32; i++)
        l[i] = 5;
    return wf_inflate_build_table(d->dist, WF_DIST_TABLE_SIZE, l, 32, WF_DIST_BITS, WF_HUF_DIST);
}

/* ---- bit buffer macros (operate on locals in, in_end, bb, bc, overrun) ---- */

#define REFILL_FAST()                \
    do {                             \
        bb |= wf_load64le(in) << bc; \
        in += (63 - bc) >> 3;        \
        bc |= 56;                    \
    } while (0)

/* The byte-at-a-time refill near the end of the input, out of line (it is
 * rare, and unrolled it would make up much of wf_inflate_raw()). */
struct bit_state {
    const uint8_t *in;
    uint64_t bb;
    unsigned bc;
    size_t overrun;
};

static __attribute__((noinline)) struct bit_state refill_slow(struct bit_state b, const uint8_t *in_end)
{
    while (b.bc < 56) {
        if (b.in < in_end)
            b.bb |= (uint64_t)*b.in++ << b.bc;
        else
            b.overrun++;
        b.bc += 8;
    }
    return b;
}

#define REFILL_SLOW()                                \
    do {                                             \
        struct bit_state b_ = {in, bb, bc, overrun}; \
        b_ = refill_slow(b_, in_end);                \
        in = b_.in;                                  \
        bb = b_.bb;                                  \
        bc = b_.bc;                                  \
        overrun = b_.overrun;                        \
    } while (0)

#define REFILL()              \
    do {                      \
        if (in_end - in >= 8) \
            REFILL_FAST();    \
        else                  \
            REFILL_SLOW();    \
    } while (0)

#define BITS(n) ((uint32_t)bb & ((1u << (n)) - 1))
#define DROP(n)     \
    do {            \
        bb >>= (n); \
        bc -= (n);  \
    } while (0)

/* Some consumed bit came from the zero padding past the end of the input. */
#define OVERRAN() (bc < 8 * overrun)

/* Input offset of the next unconsumed byte (rounded down). */
#define POSITION() ((size_t)(in - in_start) + overrun - bc / 8)

/* Make room for n more output bytes (may move the buffer). */
#define GROW(n)                                        \
    do {                                               \
        o->size = (size_t)(op - o->data);              \
        st = wf_inflate_out_grow(d, o, o->size + (n)); \
        if (st)                                        \
            goto fail;                                 \
        op = o->data + o->size;                        \
        out_end = o->data + o->cap;                    \
        out_fast = FAST_OUT_LIMIT();                   \
        win = o->data + window_start;                  \
    } while (0)

/* Runs decode_fast() on the local state; its result goes to r. */
#define RUN_FAST()                                               \
    do {                                                         \
        struct fast_state fs = {in, op, bb, bc};                 \
        r = decode_fast_fn(&fs, in_fast, out_fast, win, lt, dt); \
        in = fs.in;                                              \
        op = fs.op;                                              \
        bb = fs.bb;                                              \
        bc = fs.bc;                                              \
    } while (0)

#define FAIL(code)                                      \
    do {                                                \
        st = OVERRAN() ? WF_DEFLATE_TRUNCATED : (code); \
        goto fail;                                      \
    } while (0)

/* ---- the fast loop of a Huffman-coded block ---- */

/* Copies a match of len bytes from dist bytes back to op (the fast loop's
 * copy: it may write up to 15 bytes past the match). */
static inline void copy_match(uint8_t *op, uint32_t dist, uint32_t len)
{
    const uint8_t *src = op - dist;
    uint8_t *dst = op;
    uint8_t *const end = op + len;
    if (dist >= 8) {
        copy8(dst, src);
        copy8(dst + 8, src + 8);
        dst += 16;
        src += 16;
        while (dst < end) {
            copy8(dst, src);
            copy8(dst + 8, src + 8);
            dst += 16;
            src += 16;
        }
    } else if (dist == 1) {
        memset(dst, *src, len);
    } else {
        /* Short period: build 8 bytes of the pattern, then step by
         * the largest multiple of the period that is <= 8. */
        for (unsigned i = 0; i < 8; i++)
            dst[i] = src[i % dist];
        unsigned step = 8 - 8 % dist;
        uint8_t *p = dst + step;
        while (p < end) {
            copy8(p, dst);
            p += step;
        }
    }
}

/* The decoder state decode_fast() takes and gives back. */
struct fast_state {
    const uint8_t *in;
    uint8_t *op;
    uint64_t bb;
    unsigned bc;
};

#define FAST_MARGIN 0 /* stopped at the margin: continue with the careful loop */
#define FAST_EOB (-1) /* end of block (its code consumed) */

/* Decodes symbols while in < in_fast and op < out_fast. Returns FAST_MARGIN,
 * FAST_EOB or a status (the state then points past the bad code).
 *
 * Never inlined: in the wasm2js build it is a JavaScript function called
 * about once per block, which V8 optimises whole, early. Inside the large
 * wf_inflate_raw() (called once per stream) the hot loop was only ever
 * optimised on-stack: in Chromium through Maglev code that deoptimised at
 * every exit from the loop, and every first visit of a path without type
 * feedback threw away the (slowly compiled) optimised code of the whole
 * function. */
static __attribute__((noinline)) int decode_fast(struct fast_state *s, const uint8_t *in_fast, uint8_t *out_fast,
                                                 const uint8_t *win, const uint32_t *lt, const uint32_t *dt)
{
    /* Whole bytes of the 64-bit buffer go back to the input: this loop keeps
     * a 32-bit buffer of at most 31 bits (no overrun here: in < in_fast). */
    const uint8_t *in = s->in - (s->bc >> 3);
    uint8_t *op = s->op;
    unsigned bc = s->bc & 7;
    uint32_t bb = (uint32_t)s->bb & ((1u << bc) - 1);
    int r = FAST_MARGIN;

/* 24..31 valid bits; bits above bc are stream bits or zero. */
#define REFILL32()                   \
    do {                             \
        bb |= wf_load32le(in) << bc; \
        in += (31 - bc) >> 3;        \
        bc |= 24;                    \
    } while (0)
#define BITS32(n) (bb & ((1u << (n)) - 1))
#define DROP32(n)   \
    do {            \
        bb >>= (n); \
        bc -= (n);  \
    } while (0)

    while (in < in_fast && op < out_fast) {
        uint32_t e, len, dist;
        REFILL32();
        e = lt[BITS32(WF_LITLEN_BITS)];
        if (e & WF_HUF_SUBTABLE) {
            DROP32(WF_LITLEN_BITS);
            e = lt[(e >> 16) + BITS32((e >> 12) & 15)];
        }
        if (e & WF_HUF_LITERAL) {
            DROP32(e & 31);
            *op++ = (uint8_t)(e >> 16);
            /* Up to two more literals whose codes are among the bits left. */
            e = lt[BITS32(WF_LITLEN_BITS)];
            if ((e & (WF_HUF_LITERAL | WF_HUF_SUBTABLE)) != WF_HUF_LITERAL || (e & 31) > bc)
                continue;
            DROP32(e & 31);
            *op++ = (uint8_t)(e >> 16);
            e = lt[BITS32(WF_LITLEN_BITS)];
            if ((e & (WF_HUF_LITERAL | WF_HUF_SUBTABLE)) != WF_HUF_LITERAL || (e & 31) > bc)
                continue;
            DROP32(e & 31);
            *op++ = (uint8_t)(e >> 16);
            continue;
        }
        if (e & (WF_HUF_EOB | WF_HUF_INVALID)) {
            DROP32(e & 31);
            r = (e & WF_HUF_EOB) ? FAST_EOB : (int)WF_DEFLATE_BAD_LITLEN_SYMBOL;
            break;
        }
        /* Length: code and extra bits (at most 20) in one step. */
        len = (e >> 16) + (BITS32(e & 31) >> ((e >> 12) & 15));
        DROP32(e & 31);
        REFILL32();
        e = dt[BITS32(WF_DIST_BITS)];
        if (e & WF_HUF_SUBTABLE) {
            DROP32(WF_DIST_BITS);
            REFILL32(); /* up to 7 more code bits and 13 extra bits */
            e = dt[(e >> 16) + BITS32((e >> 12) & 15)];
        }
        if (e & WF_HUF_INVALID) {
            DROP32(e & 31);
            r = WF_DEFLATE_BAD_DISTANCE_SYMBOL;
            break;
        }
        dist = (e >> 16) + (BITS32(e & 31) >> ((e >> 12) & 15));
        DROP32(e & 31);
        if (dist > (size_t)(op - win)) {
            r = WF_DEFLATE_DISTANCE_TOO_FAR;
            break;
        }
        copy_match(op, dist, len);
        op += len;
    }
    s->in = in;
    s->op = op;
    s->bb = bb;
    s->bc = bc;
    return r;
}

/* decode_fast() is called through this constant pointer: the optimiser of
 * the Wasm build (binaryen) inlines every function called from one place,
 * whatever its size, and would put the fast loop back into wf_inflate_raw();
 * a function whose address is taken stays a function of its own. */
static int (*const volatile decode_fast_fn)(struct fast_state *, const uint8_t *, uint8_t *, const uint8_t *,
                                            const uint32_t *, const uint32_t *) = decode_fast;

wf_status wf_inflate_raw(wf_inflater *d, const uint8_t *in_start, size_t in_nbytes, size_t *in_used, wf_inflate_out *o,
                         size_t window_start)
{
    const uint8_t *in = in_start;
    const uint8_t *const in_end = in_start + in_nbytes;
    /* The fast loop runs while in < in_fast and op < out_fast. */
    const uint8_t *const in_fast = in_nbytes > FAST_IN_MARGIN ? in_end - FAST_IN_MARGIN : in_start;
    uint64_t bb = 0;
    unsigned bc = 0;
    size_t overrun = 0;
    wf_status st = WF_OK;
    int final;
    uint8_t *op = o->data + o->size;
    uint8_t *out_end = o->data + o->cap;
#define FAST_OUT_LIMIT() (o->cap > FAST_OUT_MARGIN ? out_end - FAST_OUT_MARGIN : o->data)
    uint8_t *out_fast = FAST_OUT_LIMIT();
    uint8_t *win = o->data + window_start;

    do {
        unsigned type;
        REFILL();
        final = (int)BITS(1);
        type = BITS(3) >> 1;
        DROP(3);
        if (OVERRAN())
            FAIL(WF_DEFLATE_TRUNCATED);

        if (type == 0) {
            /* Stored: skip to a byte boundary and restart the byte reader. */
            DROP(bc & 7);
            size_t pos = POSITION();
            if (pos > in_nbytes || in_nbytes - pos < 4) {
                st = WF_DEFLATE_TRUNCATED;
                d->error_offset = in_nbytes;
                goto out;
            }
            in = in_start + pos;
            bb = 0;
            bc = 0;
            overrun = 0;
            unsigned len = (unsigned)in[0] | (unsigned)in[1] << 8;
            unsigned nlen = (unsigned)in[2] | (unsigned)in[3] << 8;
            if (len != (~nlen & 0xFFFF)) {
                st = WF_DEFLATE_STORED_LENGTH;
                d->error_offset = pos;
                goto out;
            }
            in += 4;
            if ((size_t)(in_end - in) < len) {
                st = WF_DEFLATE_TRUNCATED;
                d->error_offset = in_nbytes;
                goto out;
            }
            if ((size_t)(out_end - op) < len)
                GROW(len);
            if (len) {
                memcpy(op, in, len);
                op += len;
                in += len;
            }
            continue;
        }

        if (type == 1) {
            if (!d->tables_fixed) {
                st = build_fixed(d);
                if (st)
                    goto fail;
                d->tables_fixed = 1;
            }
        } else if (type == 2) {
            /* Dynamic: the code-length code, then the code lengths. */
            unsigned hlit, hdist, hclen;
            REFILL();
            hlit = BITS(5) + 257;
            DROP(5);
            hdist = BITS(5) + 1;
            DROP(5);
            hclen = BITS(4) + 4;
            DROP(4);
            if (hlit > 286 || hdist > 30)
                FAIL(WF_DEFLATE_TOO_MANY_CODES);
            uint8_t *lens = d->lens;
            uint8_t pre[WF_DEFLATE_NUM_PRECODE];
            memset(pre, 0, sizeof(pre));
            for (unsigned i = 0; i < hclen; i++) {
                if (bc < 3)
                    REFILL();
                pre[wf_precode_order[i]] = (uint8_t)BITS(3);
                DROP(3);
            }
            if (OVERRAN())
                FAIL(WF_DEFLATE_TRUNCATED);
            d->tables_fixed = 0;
            st = wf_inflate_build_table(d->precode, WF_PRECODE_TABLE_SIZE, pre, WF_DEFLATE_NUM_PRECODE, WF_PRECODE_BITS,
                                        WF_HUF_PRECODE);
            if (st)
                FAIL(st);
            unsigned n = 0, total = hlit + hdist;
            while (n < total) {
                if (bc < 14)
                    REFILL();
                uint32_t e = d->precode[BITS(WF_PRECODE_BITS)];
                unsigned sym = e >> 16;
                DROP(e & 31);
                if (sym < 16) {
                    lens[n++] = (uint8_t)sym;
                    continue;
                }
                unsigned rep;
                uint8_t val = 0;
                if (sym == 16) {
                    if (n == 0)
                        FAIL(WF_DEFLATE_BAD_REPEAT);
                    val = lens[n - 1];
                    rep = 3 + BITS(2);
                    DROP(2);
                } else if (sym == 17) {
                    rep = 3 + BITS(3);
                    DROP(3);
                } else {
                    rep = 11 + BITS(7);
                    DROP(7);
                }
                if (rep > total - n)
                    FAIL(WF_DEFLATE_BAD_REPEAT);
                memset(lens + n, val, rep);
                n += rep;
            }
            if (OVERRAN())
                FAIL(WF_DEFLATE_TRUNCATED);
            if (lens[256] == 0)
                FAIL(WF_DEFLATE_NO_END_OF_BLOCK);
            st = wf_inflate_build_table(d->litlen, WF_LITLEN_TABLE_SIZE, lens, hlit, WF_LITLEN_BITS, WF_HUF_LITLEN);
            if (st)
                FAIL(st);
            st = wf_inflate_build_table(d->dist, WF_DIST_TABLE_SIZE, lens + hlit, hdist, WF_DIST_BITS, WF_HUF_DIST);
            if (st)
                FAIL(st);
        } else {
            FAIL(WF_DEFLATE_BAD_BLOCK_TYPE);
        }

        /* ---- Huffman-coded data ---- */
        {
            const uint32_t *const lt = d->litlen;
            const uint32_t *const dt = d->dist;
            int r = FAST_MARGIN;
            for (;;) {
                uint32_t e, len, dist;
                if (r == FAST_EOB)
                    break;
                if (r != FAST_MARGIN)
                    FAIL((wf_status)r);
                if (in < in_fast && op < out_fast) {
                    /* Nearly all of a block goes through the fast loop (again
                     * after the careful loop, once the output has grown). */
                    RUN_FAST();
                    continue;
                }

                /* Careful path. */
                REFILL();
                e = lt[BITS(WF_LITLEN_BITS)];
                if (e & WF_HUF_SUBTABLE) {
                    DROP(WF_LITLEN_BITS);
                    e = lt[(e >> 16) + BITS((e >> 12) & 15)];
                }
                if (e & (WF_HUF_LITERAL | WF_HUF_EOB | WF_HUF_INVALID)) {
                    DROP(e & 31);
                    if (OVERRAN())
                        FAIL(WF_DEFLATE_TRUNCATED);
                    if (e & WF_HUF_LITERAL) {
                        if (op == out_end)
                            GROW(1);
                        *op++ = (uint8_t)(e >> 16);
                        continue;
                    }
                    if (e & WF_HUF_EOB)
                        break;
                    FAIL(WF_DEFLATE_BAD_LITLEN_SYMBOL);
                }
                len = (e >> 16) + (BITS(e & 31) >> ((e >> 12) & 15));
                DROP(e & 31);
                if (OVERRAN())
                    FAIL(WF_DEFLATE_TRUNCATED);
                e = dt[BITS(WF_DIST_BITS)];
                if (e & WF_HUF_SUBTABLE) {
                    DROP(WF_DIST_BITS);
                    e = dt[(e >> 16) + BITS((e >> 12) & 15)];
                }
                if (e & WF_HUF_INVALID) {
                    DROP(e & 31);
                    FAIL(WF_DEFLATE_BAD_DISTANCE_SYMBOL); /* TRUNCATED if the code ran past the end */
                }
                dist = (e >> 16) + (BITS(e & 31) >> ((e >> 12) & 15));
                DROP(e & 31);
                if (OVERRAN())
                    FAIL(WF_DEFLATE_TRUNCATED);
                if (dist > (size_t)(op - win))
                    FAIL(WF_DEFLATE_DISTANCE_TOO_FAR);
                if ((size_t)(out_end - op) < len)
                    GROW(len);
                {
                    const uint8_t *src = op - dist;
                    for (uint32_t i = 0; i < len; i++)
                        op[i] = src[i];
                    op += len;
                }
            }
        }
    } while (!final);

    /* End of the stream: the final block is padded to a byte. */
    if (OVERRAN()) {
        st = WF_DEFLATE_TRUNCATED;
        d->error_offset = in_nbytes;
        return st;
    }
    DROP(bc & 7);
    *in_used = POSITION();
    o->size = (size_t)(op - o->data);
    return WF_OK;
fail:
    if (st == WF_DEFLATE_TRUNCATED) {
        d->error_offset = in_nbytes;
    } else {
        size_t pos = (size_t)(in - in_start) + overrun;
        pos = pos >= bc / 8 ? pos - bc / 8 : 0;
        d->error_offset = pos < in_nbytes ? pos : in_nbytes;
    }
out:
    o->size = (size_t)(op - o->data);
    return st;
}
