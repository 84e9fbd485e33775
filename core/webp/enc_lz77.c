/* SPDX-License-Identifier: MIT
 *
 * enc_lz77.c: backward references of the VP8L encoder (RFC 9649 section
 * 5.2.2): hash chains over pairs of pixels, the two 2-D neighbours (the
 * pixel to the left and the one above, cheap plane codes) always tried,
 * greedy or lazy matching, distances mapped to the 120 plane codes where
 * one fits; and the colour cache pass over the resulting tokens.
 */
#include <stdlib.h>
#include <string.h>
#include "enc_internal.h"
#include "vp8l_predict.h"

#define MAX_LEN 4096
#define MAX_DIST ((1u << 20) - 120)
#define MIN_LEN 3

/* The code of a distance: the smallest plane code whose distance (dx + dy*w,
 * at least 1) equals it, else dist + 120. */
typedef struct plane_map {
    uint8_t code[8][17]; /* [dy][dx + 8]: plane code, 0 when none */
} plane_map;

static void plane_map_init(plane_map *m)
{
    int c;
    memset(m, 0, sizeof *m);
    for (c = 119; c >= 0; c--)
        m->code[wf_vp8l_distance_map[c][1]][wf_vp8l_distance_map[c][0] + 8] = (uint8_t)(c + 1);
}

static uint32_t dist_code(const plane_map *m, uint32_t dist, uint32_t w)
{
    uint32_t dy = dist / w, dx = dist - dy * w, best = dist + 120;
    if (dy <= 7 && dx <= 8 && m->code[dy][dx + 8])
        best = m->code[dy][dx + 8];
    if (dy + 1 <= 7 && w - dx <= 8 && m->code[dy + 1][8 - (int)(w - dx)] && m->code[dy + 1][8 - (int)(w - dx)] < best)
        best = m->code[dy + 1][8 - (int)(w - dx)];
    if (best > 120)
        return best;
    {
        /* the mapping clamps to 1: check (small widths make codes alias) */
        int dd = wf_vp8l_distance_map[best - 1][0] + wf_vp8l_distance_map[best - 1][1] * (int)w;
        if ((dd < 1 ? 1u : (uint32_t)dd) != dist)
            return dist + 120;
    }
    return best;
}

static int push(wf_webp_toks *ts, int kind, uint32_t v, uint32_t d, uint32_t px)
{
    if (ts->n == ts->cap) {
        size_t cap = ts->cap ? ts->cap * 2 : 1024;
        wf_webp_tok *t = (wf_webp_tok *)realloc(ts->t, cap * sizeof *t);
        if (!t)
            return 0;
        ts->t = t;
        ts->cap = cap;
    }
    ts->t[ts->n].kind = (uint8_t)kind;
    ts->t[ts->n].v = v;
    ts->t[ts->n].d = d;
    ts->t[ts->n].px = px;
    ts->n++;
    return 1;
}

static inline uint32_t match_len(const uint32_t *a, const uint32_t *b, uint32_t max)
{
    uint32_t n = 0;
    while (n < max && a[n] == b[n])
        n++;
    return n;
}

/* Hash of the MIN_LEN (3) pixels at p. */
static inline uint32_t hash2(const uint32_t *p, int bits)
{
    uint32_t h = p[0] * 0x1e35a7bdu + (p[1] ^ (p[1] >> 13)) * 0x9e3779b1u + (p[2] ^ (p[2] >> 7)) * 0x85ebca6bu;
    return h >> (32 - bits);
}

typedef struct finder {
    const uint32_t *px;
    size_t n;
    uint32_t w;
    int32_t *head, *prev;
    int hbits, chain;
} finder;

/* Best match at i: *dist, returns the length (0 when below MIN_LEN). The
 * price of a match is approximated by preferring, at equal length, the
 * nearer source; the two plane neighbours win over a chain match unless it
 * is clearly longer. */
static uint32_t find(const finder *f, size_t i, uint32_t *dist)
{
    uint32_t max = (uint32_t)(f->n - i < MAX_LEN ? f->n - i : MAX_LEN), best = 0, bd = 0, len;
    const uint32_t *cur = f->px + i;
    int32_t j;
    int k;
    if (max < MIN_LEN)
        return 0;
    if (i >= 1) {
        len = match_len(cur, cur - 1, max);
        if (len > best) {
            best = len;
            bd = 1;
        }
    }
    if (i >= f->w && best < max) {
        len = match_len(cur, cur - f->w, max);
        if (len > best) {
            best = len;
            bd = f->w;
        }
    }
    if (best < max && i + 2 < f->n) {
        j = f->head[hash2(cur, f->hbits)];
        uint32_t nice = max < 256 ? max : 256; /* long enough: stop looking */
        for (k = 0; k < f->chain && j >= 0 && best < nice; k++, j = f->prev[j]) {
            uint32_t d = (uint32_t)(i - (size_t)j);
            if (d > MAX_DIST)
                break;
            if (cur[best] != f->px[(size_t)j + best] || d == 1 || d == f->w)
                continue;
            len = match_len(cur, f->px + j, max);
            /* a far match must beat a near one by a few pixels */
            if (len > best + (bd && bd <= f->w ? 2u : 0u)) {
                best = len;
                bd = d;
            }
        }
    }
    if (best < MIN_LEN)
        return 0;
    *dist = bd;
    return best;
}

static inline void insert(finder *f, size_t i)
{
    if (i + 2 < f->n) {
        uint32_t h = hash2(f->px + i, f->hbits);
        f->prev[i] = f->head[h];
        f->head[h] = (int32_t)i;
    }
}

int wf_webp_lz77(const uint32_t *argb, uint32_t w, uint32_t h, int chain, int lazy, wf_webp_toks *toks)
{
    finder f;
    plane_map pm;
    size_t n = (size_t)w * h, i = 0;
    int ok = 1;
    f.px = argb;
    f.n = n;
    f.w = w;
    f.chain = chain;
    f.hbits = 8;
    while (f.hbits < 18 && ((size_t)1 << f.hbits) < n)
        f.hbits++;
    f.head = (int32_t *)malloc(((size_t)1 << f.hbits) * sizeof(int32_t));
    f.prev = (int32_t *)malloc((n ? n : 1) * sizeof(int32_t));
    toks->n = 0;
    if (!f.head || !f.prev) {
        free(f.head);
        free(f.prev);
        return 0;
    }
    memset(f.head, 0xff, ((size_t)1 << f.hbits) * sizeof(int32_t));
    plane_map_init(&pm);
    while (i < n && ok) {
        uint32_t dist = 0, len = find(&f, i, &dist);
        if (len && lazy && len < 64 && i + 1 < n) {
            uint32_t d2 = 0, l2;
            size_t from = i + 1, e;
            insert(&f, i);
            l2 = find(&f, i + 1, &d2);
            if (l2 > len + 1) {
                ok = push(toks, WF_WEBP_TOK_LIT, argb[i], 0, (uint32_t)i);
                i++;
                from = i;
                len = l2;
                dist = d2;
            }
            if (ok)
                ok = push(toks, WF_WEBP_TOK_COPY, len, dist_code(&pm, dist, w), (uint32_t)i);
            for (e = i + len; from < e; from++)
                insert(&f, from);
            i += len;
            continue;
        }
        if (len) {
            size_t e = i + len, k;
            ok = push(toks, WF_WEBP_TOK_COPY, len, dist_code(&pm, dist, w), (uint32_t)i);
            for (k = i; k < e; k++)
                insert(&f, k);
            i = e;
        } else {
            ok = push(toks, WF_WEBP_TOK_LIT, argb[i], 0, (uint32_t)i);
            insert(&f, i);
            i++;
        }
    }
    free(f.head);
    free(f.prev);
    return ok;
}

void wf_webp_apply_cache(const uint32_t *argb, const wf_webp_toks *src, int bits, wf_webp_toks *dst)
{
    uint32_t cache[1 << 11];
    uint8_t valid[1 << 11];
    size_t i;
    memset(valid, 0, sizeof valid);
    for (i = 0; i < src->n; i++) {
        wf_webp_tok t = src->t[i];
        if (t.kind == WF_WEBP_TOK_COPY) {
            uint32_t k;
            for (k = 0; k < t.v; k++) {
                uint32_t c = argb[t.px + k], key = (c * 0x1e35a7bdu) >> (32 - bits);
                cache[key] = c;
                valid[key] = 1;
            }
        } else {
            uint32_t c = t.v, key = (c * 0x1e35a7bdu) >> (32 - bits);
            if (t.kind == WF_WEBP_TOK_CACHE)
                c = argb[t.px], key = (c * 0x1e35a7bdu) >> (32 - bits);
            if (valid[key] && cache[key] == c) {
                t.kind = WF_WEBP_TOK_CACHE;
                t.v = key;
            } else {
                t.kind = WF_WEBP_TOK_LIT;
                t.v = c;
            }
            cache[key] = c;
            valid[key] = 1;
        }
        dst->t[i] = t;
    }
    dst->n = src->n;
}

/* ---- Cost-based parse ---- */

static inline void prefix_of(uint32_t v, int *sym, int *nbits)
{
    if (v <= 4) {
        *sym = (int)v - 1;
        *nbits = 0;
    } else {
        uint32_t d = v - 1;
        int hb = 31 - __builtin_clz(d);
        *sym = 2 * hb + (int)((d >> (hb - 1)) & 1);
        *nbits = hb - 1;
    }
}

/* -log2 of each symbol's frequency in counts (unseen symbols: as if seen once more than never). */
static void bit_costs(const uint32_t *counts, int n, float *out)
{
    double total = 0, lt;
    int i;
    for (i = 0; i < n; i++)
        total += counts[i];
    lt = wf_webp_log2(total + n * 0.1);
    for (i = 0; i < n; i++)
        out[i] = (float)(lt - wf_webp_log2(counts[i] + 0.1));
}

int wf_webp_lz77_optimal(const uint32_t *argb, uint32_t w, uint32_t h, int chain, const wf_webp_toks *first,
                         wf_webp_toks *toks)
{
    size_t n = (size_t)w * h, i;
    uint32_t cg[256 + 24], cr[256], cb[256], ca[256], cd[40];
    float fg[256 + 24], fr[256], fb[256], fa[256], fd[40], *lencost = NULL, *cost = NULL;
    uint16_t *step = NULL;
    uint32_t *sdist = NULL;
    finder f;
    plane_map pm;
    int ok = 0;
    memset(cg, 0, sizeof cg);
    memset(cr, 0, sizeof cr);
    memset(cb, 0, sizeof cb);
    memset(ca, 0, sizeof ca);
    memset(cd, 0, sizeof cd);
    for (i = 0; i < first->n; i++) {
        const wf_webp_tok *t = &first->t[i];
        int s, nb;
        if (t->kind == WF_WEBP_TOK_COPY) {
            prefix_of(t->v, &s, &nb);
            cg[256 + s]++;
            prefix_of(t->d, &s, &nb);
            cd[s]++;
        } else {
            uint32_t c = t->kind == WF_WEBP_TOK_LIT ? t->v : argb[t->px];
            cg[(c >> 8) & 0xff]++;
            cr[(c >> 16) & 0xff]++;
            cb[c & 0xff]++;
            ca[c >> 24]++;
        }
    }
    bit_costs(cg, 256 + 24, fg);
    bit_costs(cr, 256, fr);
    bit_costs(cb, 256, fb);
    bit_costs(ca, 256, fa);
    bit_costs(cd, 40, fd);
    f.px = argb;
    f.n = n;
    f.w = w;
    f.chain = chain;
    f.hbits = 8;
    while (f.hbits < 18 && ((size_t)1 << f.hbits) < n)
        f.hbits++;
    f.head = (int32_t *)malloc(((size_t)1 << f.hbits) * sizeof(int32_t));
    f.prev = (int32_t *)malloc((n ? n : 1) * sizeof(int32_t));
    lencost = (float *)malloc((MAX_LEN + 1) * sizeof(float));
    cost = (float *)malloc((n + 1) * sizeof(float));
    step = (uint16_t *)malloc((n + 1) * sizeof(uint16_t));
    sdist = (uint32_t *)malloc((n + 1) * sizeof(uint32_t));
    toks->n = 0;
    if (!f.head || !f.prev || !lencost || !cost || !step || !sdist)
        goto done;
    memset(f.head, 0xff, ((size_t)1 << f.hbits) * sizeof(int32_t));
    plane_map_init(&pm);
    for (i = 1; i <= MAX_LEN; i++) {
        int s, nb;
        prefix_of((uint32_t)i, &s, &nb);
        lencost[i] = fg[256 + s] + (float)nb;
    }
    cost[0] = 0;
    for (i = 1; i <= n; i++)
        cost[i] = 3.0e38f;
    for (i = 0; i < n; i++) {
        uint32_t c = argb[i], cand_len[3], cand_dist[3], k;
        float base = cost[i], lit = fg[(c >> 8) & 0xff] + fr[(c >> 16) & 0xff] + fb[c & 0xff] + fa[c >> 24];
        int nc = 0, j;
        if (base + lit < cost[i + 1]) {
            cost[i + 1] = base + lit;
            step[i + 1] = 1;
            sdist[i + 1] = 0;
        }
        {
            uint32_t d = 0, len = find(&f, i, &d);
            if (len) {
                cand_len[nc] = len;
                cand_dist[nc++] = d;
            }
        }
        {
            uint32_t max = (uint32_t)(n - i < MAX_LEN ? n - i : MAX_LEN), len;
            if (i >= 1 && max >= MIN_LEN && (nc == 0 || cand_dist[0] != 1)) {
                len = match_len(argb + i, argb + i - 1, max);
                if (len >= MIN_LEN) {
                    cand_len[nc] = len;
                    cand_dist[nc++] = 1;
                }
            }
            if (i >= w && max >= MIN_LEN && (nc == 0 || cand_dist[0] != w)) {
                len = match_len(argb + i, argb + i - w, max);
                if (len >= MIN_LEN) {
                    cand_len[nc] = len;
                    cand_dist[nc++] = w;
                }
            }
        }
        insert(&f, i);
        for (j = 0; j < nc; j++) {
            uint32_t code = dist_code(&pm, cand_dist[j], w), L = cand_len[j], lo;
            int s, nb;
            float dc;
            prefix_of(code, &s, &nb);
            dc = fd[s] + (float)nb;
            /* every length up to 64, then only the whole match */
            lo = L > 64 ? L : MIN_LEN;
            for (k = lo; k <= L; k++) {
                float cc = base + lencost[k] + dc;
                if (cc < cost[i + k]) {
                    cost[i + k] = cc;
                    step[i + k] = (uint16_t)k;
                    sdist[i + k] = cand_dist[j];
                }
            }
            if (L > 64)
                for (k = MIN_LEN; k <= 64; k++) {
                    float cc = base + lencost[k] + dc;
                    if (cc < cost[i + k]) {
                        cost[i + k] = cc;
                        step[i + k] = (uint16_t)k;
                        sdist[i + k] = cand_dist[j];
                    }
                }
        }
    }
    /* trace back: count the steps, then emit them in order */
    {
        size_t pos = n, count = 0;
        while (pos > 0) {
            pos -= step[pos];
            count++;
        }
        if (toks->cap < count) {
            wf_webp_tok *t = (wf_webp_tok *)realloc(toks->t, count * sizeof(wf_webp_tok));
            if (!t)
                goto done;
            toks->t = t;
            toks->cap = count;
        }
        toks->n = count;
        pos = n;
        while (pos > 0) {
            uint32_t s = step[pos];
            size_t at = pos - s;
            wf_webp_tok *t = &toks->t[--count];
            t->px = (uint32_t)at;
            if (sdist[pos] == 0) {
                t->kind = WF_WEBP_TOK_LIT;
                t->v = argb[at];
                t->d = 0;
            } else {
                t->kind = WF_WEBP_TOK_COPY;
                t->v = s;
                t->d = dist_code(&pm, sdist[pos], w);
            }
            pos = at;
        }
    }
    ok = 1;
done:
    free(f.head);
    free(f.prev);
    free(lencost);
    free(cost);
    free(step);
    free(sdist);
    return ok;
}
