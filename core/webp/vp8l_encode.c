/* SPDX-License-Identifier: MIT
 *
 * vp8l_encode.c: the VP8L (WebP lossless) encoder: chooses the transforms
 * (colour indexing for images of at most 256 colours, else subtract-green,
 * predictor and cross-colour), the colour cache size, and at higher effort
 * meta prefix codes (an entropy image of tiles clustered by their symbol
 * statistics), then writes the bitstream of RFC 9649.
 * Not here: the transforms (enc_transforms.c), backward references
 * (enc_lz77.c), prefix codes and the bit writer (enc_huffman.c).
 */
#include <stdlib.h>
#include <string.h>
#include "enc_internal.h"

/* Effort settings. */
typedef struct tuning {
    int chain;       /* hash chain depth */
    int lazy;        /* lazy matching */
    int pred_modes;  /* predictor modes tried (0: no predictor transform) */
    int pred_bits;   /* predictor tile size log2 (0: chosen by size) */
    int cross_color; /* cross-colour tile size log2 (0: no cross-colour transform) */
    int cache_max;   /* largest colour cache bits tried (0: none) */
    int cache_all;   /* try every cache size (else a few) */
    int meta;        /* meta prefix codes: max number of groups (0: none) */
    int tries;       /* try both palette and predictor when both apply */
    int optimal;     /* second, cost-based LZ77 parse */
} tuning;

static tuning tune(int effort)
{
    /* clang-format off */
    static const tuning t[10] = {
        /* chain lazy modes pbits cc cache all meta tries optimal */
        {0,   0, 2,  5, 0, 0,  0, 0,   0, 0},
        {4,   0, 2,  5, 0, 0,  0, 0,   0, 0},
        {8,   0, 4,  5, 0, 6,  0, 0,   0, 0},
        {16,  0, 14, 3, 6, 10, 0, 0,   0, 0},
        {32,  1, 14, 3, 6, 10, 0, 0,   1, 0},
        {24,  1, 14, 3, 6, 10, 0, 64,  1, 1},
        {64,  1, 14, 3, 6, 10, 1, 128, 1, 1},
        {128, 1, 14, 3, 6, 10, 1, 128, 1, 2},
        {256, 1, 14, 3, 6, 10, 1, 256, 1, 2},
        {512, 1, 14, 3, 6, 10, 1, 256, 1, 3},
    };
    /* clang-format on */
    tuning r = t[effort < 0 ? 0 : effort > 9 ? 9 : effort];
    return r;
}

/* ---- Symbols ---- */

static inline void prefix_encode(uint32_t v, int *sym, int *nbits, uint32_t *extra)
{
    if (v <= 4) {
        *sym = (int)v - 1;
        *nbits = 0;
        *extra = 0;
    } else {
        uint32_t d = v - 1;
        int hb = 31 - __builtin_clz(d), second = (int)((d >> (hb - 1)) & 1);
        *sym = 2 * hb + second;
        *nbits = hb - 1;
        *extra = d & ((1u << (hb - 1)) - 1);
    }
}

typedef struct histo {
    uint32_t *g; /* 256 + 24 + cache size */
    uint32_t r[256], b[256], a[256], d[40];
    double extra; /* extra bits of lengths and distances */
} histo;

static histo *histos_alloc(size_t n, int ng)
{
    histo *h = (histo *)calloc(n ? n : 1, sizeof(histo));
    uint32_t *g = (uint32_t *)calloc((n ? n : 1) * (size_t)ng, sizeof(uint32_t));
    size_t i;
    if (!h || !g) {
        free(h);
        free(g);
        return NULL;
    }
    for (i = 0; i < n; i++)
        h[i].g = g + i * (size_t)ng;
    return h;
}

static void histos_free(histo *h)
{
    if (h)
        free(h[0].g);
    free(h);
}

static void histo_add(histo *h, const wf_webp_tok *t)
{
    if (t->kind == WF_WEBP_TOK_LIT) {
        uint32_t c = t->v;
        h->g[(c >> 8) & 0xff]++;
        h->r[(c >> 16) & 0xff]++;
        h->b[c & 0xff]++;
        h->a[c >> 24]++;
    } else if (t->kind == WF_WEBP_TOK_CACHE) {
        h->g[280 + t->v]++;
    } else {
        int s, nb;
        uint32_t x;
        prefix_encode(t->v, &s, &nb, &x);
        h->g[256 + s]++;
        h->extra += nb;
        prefix_encode(t->d, &s, &nb, &x);
        h->d[s]++;
        h->extra += nb;
    }
}

static double histo_cost(const histo *h, int ng)
{
    return wf_webp_histo_bits(h->g, ng) + wf_webp_histo_bits(h->r, 256) + wf_webp_histo_bits(h->b, 256) +
           wf_webp_histo_bits(h->a, 256) + wf_webp_histo_bits(h->d, 40) + h->extra;
}

/* ---- Meta prefix codes: tiles clustered by cost ---- */

/* Bits saved/added by adding counts t (nonzero at idx) to counts c. */
static double merge_delta(const uint32_t *c, const uint32_t *t, const uint16_t *idx, int nidx, double cn, double tn)
{
    double d, sum = 0;
    int i, newly = 0;
    if (tn == 0)
        return 0;
    d = (cn + tn) * wf_webp_log2(cn + tn) - (cn > 0 ? cn * wf_webp_log2(cn) : 0);
    for (i = 0; i < nidx; i++) {
        double a = c[idx[i]], b = t[idx[i]];
        sum += (a + b) * wf_webp_log2(a + b) - (a > 0 ? a * wf_webp_log2(a) : 0);
        newly += a == 0;
    }
    return d - sum + 3.0 * newly;
}

typedef struct tile_stat {
    uint16_t *idx[5]; /* nonzero bins per alphabet */
    int nidx[5];
    double total[5];
} tile_stat;

static const uint32_t *hist_part(const histo *h, int k)
{
    switch (k) {
    case 0: return h->g;
    case 1: return h->r;
    case 2: return h->b;
    case 3: return h->a;
    default: return h->d;
    }
}

static uint32_t *hist_part_w(histo *h, int k) { return (uint32_t *)hist_part(h, k); }

static const int part_size_fixed[5] = {0, 256, 256, 256, 40};

/* Clusters the tiles' histograms into at most maxg groups; fills group[]
 * (one per tile) and returns the number of groups, or -1 on OOM. */
static int cluster_tiles(histo *tiles, size_t nt, int ng, int maxg, uint32_t *group)
{
    histo *cl = histos_alloc((size_t)maxg, ng);
    tile_stat *ts = (tile_stat *)calloc(nt, sizeof(tile_stat));
    uint16_t *pool = NULL;
    double *cl_total = (double *)calloc((size_t)maxg * 5, sizeof(double));
    size_t i, pool_n = 0, pos = 0;
    int k, ncl = 0, pass;
    double newpen = 15;
    if (!cl || !ts || !cl_total)
        goto oom;
    for (i = 0; i < nt; i++)
        for (k = 0; k < 5; k++) {
            int n = k == 0 ? ng : part_size_fixed[k], j;
            const uint32_t *c = hist_part(&tiles[i], k);
            for (j = 0; j < n; j++)
                pool_n += c[j] != 0;
        }
    pool = (uint16_t *)malloc((pool_n ? pool_n : 1) * sizeof(uint16_t));
    if (!pool)
        goto oom;
    for (i = 0; i < nt; i++)
        for (k = 0; k < 5; k++) {
            int n = k == 0 ? ng : part_size_fixed[k], j;
            const uint32_t *c = hist_part(&tiles[i], k);
            ts[i].idx[k] = pool + pos;
            for (j = 0; j < n; j++)
                if (c[j]) {
                    pool[pos++] = (uint16_t)j;
                    ts[i].total[k] += c[j];
                }
            ts[i].nidx[k] = (int)(pool + pos - ts[i].idx[k]);
        }
    for (pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            /* rebuild the clusters from the first assignment, then reassign */
            int c;
            for (c = 0; c < ncl; c++) {
                memset(cl[c].g, 0, (size_t)ng * sizeof(uint32_t));
                memset(cl[c].r, 0, sizeof cl[c].r);
                memset(cl[c].b, 0, sizeof cl[c].b);
                memset(cl[c].a, 0, sizeof cl[c].a);
                memset(cl[c].d, 0, sizeof cl[c].d);
            }
            memset(cl_total, 0, (size_t)maxg * 5 * sizeof(double));
            for (i = 0; i < nt; i++) {
                int gi = (int)group[i];
                for (k = 0; k < 5; k++) {
                    uint32_t *dst = hist_part_w(&cl[gi], k);
                    const uint32_t *src = hist_part(&tiles[i], k);
                    int j;
                    for (j = 0; j < ts[i].nidx[k]; j++)
                        dst[ts[i].idx[k][j]] += src[ts[i].idx[k][j]];
                    cl_total[gi * 5 + k] += ts[i].total[k];
                }
            }
        }
        for (i = 0; i < nt; i++) {
            double best = 1e300, tot = 0;
            int bi = -1, c;
            for (k = 0; k < 5; k++)
                tot += ts[i].total[k];
            if (tot == 0) {
                group[i] = i > 0 ? group[i - 1] : 0;
                if (ncl == 0)
                    ncl = 1;
                continue;
            }
            for (c = 0; c < ncl; c++) {
                double dlt = 0;
                for (k = 0; k < 5; k++)
                    dlt += merge_delta(hist_part(&cl[c], k), hist_part(&tiles[i], k), ts[i].idx[k], ts[i].nidx[k],
                                       cl_total[c * 5 + k], ts[i].total[k]);
                if (pass == 1 && (uint32_t)c == group[i])
                    dlt -= 0.5; /* stay put on ties */
                if (dlt < best) {
                    best = dlt;
                    bi = c;
                }
            }
            if (pass == 0 && ncl < maxg) {
                /* a new group: the tile's own cost (with its code tables) */
                double own = 0;
                for (k = 0; k < 5; k++)
                    own += wf_webp_histo_bits(hist_part(&tiles[i], k), k == 0 ? ng : part_size_fixed[k]);
                own += newpen; /* code table headers and an entropy image entry */
                if (own < best) {
                    best = own;
                    bi = ncl++;
                }
            }
            if (bi < 0)
                bi = 0;
            group[i] = (uint32_t)bi;
            if (pass == 0)
                for (k = 0; k < 5; k++) {
                    uint32_t *dst = hist_part_w(&cl[bi], k);
                    const uint32_t *src = hist_part(&tiles[i], k);
                    int j;
                    for (j = 0; j < ts[i].nidx[k]; j++)
                        dst[ts[i].idx[k][j]] += src[ts[i].idx[k][j]];
                    cl_total[bi * 5 + k] += ts[i].total[k];
                }
        }
    }
    {
        /* renumber the used groups densely, in order of first use */
        int map[256 * 2];
        int used = 0;
        for (k = 0; k < maxg && k < 512; k++)
            map[k] = -1;
        for (i = 0; i < nt; i++) {
            if (map[group[i]] < 0)
                map[group[i]] = used++;
            group[i] = (uint32_t)map[group[i]];
        }
        ncl = used;
    }
    histos_free(cl);
    free(ts);
    free(pool);
    free(cl_total);
    return ncl;
oom:
    histos_free(cl);
    free(ts);
    free(pool);
    free(cl_total);
    return -1;
}

/* ---- Writing an entropy-coded image ---- */

typedef struct codes {
    uint8_t *len[5];
    uint16_t *code[5];
} codes;

static void put_sym(wf_webp_bw *bw, const codes *c, int k, int s) { wf_webp_bw_put(bw, c->code[k][s], c->len[k][s]); }

/* Writes w*h pixels as an entropy-coded image (RFC 9649 5.2: colour cache
 * info, for the main image the meta prefix codes, prefix codes, data).
 * Returns 0 on out of memory. */
static int write_image(wf_webp_bw *bw, uint32_t *argb, uint32_t w, uint32_t h, int main_image, const tuning *tn)
{
    wf_webp_toks toks = {0}, ctoks = {0};
    size_t n = (size_t)w * h, i;
    int cache_bits = 0, ok = 0, ngroups = 1, meta_bits = 0, cb;
    uint32_t *group_of_tile = NULL, mtw = 0, mth = 0;
    histo *hs = NULL;
    uint8_t *lenbuf = NULL;
    uint16_t *codebuf = NULL;
    codes *cs = NULL;
    /* with a cost-based parse to follow, the first parse only gathers statistics */
    if (!wf_webp_lz77(argb, w, h, tn->optimal ? (tn->chain + 7) / 8 : tn->chain, tn->lazy, &toks))
        goto done;
    for (cb = 0; cb < tn->optimal && n >= 64; cb++) {
        wf_webp_toks opt = {0};
        if (!wf_webp_lz77_optimal(argb, w, h, tn->chain, &toks, &opt)) {
            free(opt.t);
            goto done;
        }
        free(toks.t);
        toks = opt;
    }
    ctoks.t = (wf_webp_tok *)malloc((toks.n ? toks.n : 1) * sizeof(wf_webp_tok));
    if (!ctoks.t)
        goto done;
    ctoks.cap = toks.n;
    /* colour cache size by estimated cost */
    if (tn->cache_max > 0 && n >= 64) {
        double best = 0;
        for (cb = 0; cb <= tn->cache_max; cb++) {
            histo *th;
            double c;
            if (!tn->cache_all && cb != 0 && cb != 4 && cb != 6 && cb != 8 && cb != tn->cache_max)
                continue;
            th = histos_alloc(1, 280 + (cb ? 1 << cb : 0));
            if (!th)
                goto done;
            if (cb)
                wf_webp_apply_cache(argb, &toks, cb, &ctoks);
            for (i = 0; i < toks.n; i++)
                histo_add(th, cb ? &ctoks.t[i] : &toks.t[i]);
            c = histo_cost(th, 280 + (cb ? 1 << cb : 0));
            histos_free(th);
            if (cb == 0 || c < best) {
                best = c;
                cache_bits = cb;
            }
        }
    }
    if (cache_bits) {
        wf_webp_apply_cache(argb, &toks, cache_bits, &ctoks);
    } else {
        memcpy(ctoks.t, toks.t, toks.n * sizeof(wf_webp_tok));
        ctoks.n = toks.n;
    }
    {
        int ng = 280 + (cache_bits ? 1 << cache_bits : 0);
        /* meta prefix codes */
        if (main_image && tn->meta > 0 && n >= 4096) {
            size_t nt, max_tiles = 4096;
            histo *tiles;
            meta_bits = 4;
            while (meta_bits < 9 && (((size_t)(w + (1u << meta_bits) - 1) >> meta_bits) *
                                     ((size_t)(h + (1u << meta_bits) - 1) >> meta_bits)) > max_tiles)
                meta_bits++;
            mtw = (w + (1u << meta_bits) - 1) >> meta_bits;
            mth = (h + (1u << meta_bits) - 1) >> meta_bits;
            nt = (size_t)mtw * mth;
            tiles = histos_alloc(nt, ng);
            group_of_tile = (uint32_t *)malloc(nt * sizeof(uint32_t));
            if (!tiles || !group_of_tile) {
                histos_free(tiles);
                goto done;
            }
            for (i = 0; i < ctoks.n; i++) {
                uint32_t px = ctoks.t[i].px, x = px % w, y = px / w;
                histo_add(&tiles[(size_t)(y >> meta_bits) * mtw + (x >> meta_bits)], &ctoks.t[i]);
            }
            ngroups = cluster_tiles(tiles, nt, ng, tn->meta, group_of_tile);
            histos_free(tiles);
            if (ngroups < 0)
                goto done;
            if (ngroups <= 1) {
                ngroups = 1;
                meta_bits = 0;
            }
        }
        hs = histos_alloc((size_t)ngroups, ng);
        lenbuf = (uint8_t *)malloc((size_t)ngroups * (ng + 808));
        codebuf = (uint16_t *)malloc((size_t)ngroups * (ng + 808) * sizeof(uint16_t));
        cs = (codes *)malloc((size_t)ngroups * sizeof(codes));
        if (!hs || !lenbuf || !codebuf || !cs)
            goto done;
        for (i = 0; i < ctoks.n; i++) {
            int gi = 0;
            if (meta_bits) {
                uint32_t px = ctoks.t[i].px, x = px % w, y = px / w;
                gi = (int)group_of_tile[(size_t)(y >> meta_bits) * mtw + (x >> meta_bits)];
            }
            histo_add(&hs[gi], &ctoks.t[i]);
        }
        /* colour cache info */
        if (cache_bits) {
            wf_webp_bw_put(bw, 1, 1);
            wf_webp_bw_put(bw, (uint32_t)cache_bits, 4);
        } else {
            wf_webp_bw_put(bw, 0, 1);
        }
        if (main_image) {
            if (meta_bits) {
                uint32_t *ei = (uint32_t *)malloc((size_t)mtw * mth * sizeof(uint32_t));
                if (!ei)
                    goto done;
                for (i = 0; i < (size_t)mtw * mth; i++)
                    ei[i] = 0xff000000u | (group_of_tile[i] << 8);
                wf_webp_bw_put(bw, 1, 1);
                wf_webp_bw_put(bw, (uint32_t)(meta_bits - 2), 3);
                {
                    tuning sub = *tn;
                    sub.meta = 0;
                    if (!write_image(bw, ei, mtw, mth, 0, &sub)) {
                        free(ei);
                        goto done;
                    }
                }
                free(ei);
            } else {
                wf_webp_bw_put(bw, 0, 1);
            }
        }
        /* the prefix codes of each group */
        {
            int gi, k;
            static const int sizes[5] = {0, 256, 256, 256, 40};
            size_t off = 0;
            for (gi = 0; gi < ngroups; gi++) {
                for (k = 0; k < 5; k++) {
                    int sz = k == 0 ? ng : sizes[k], j, used = 0;
                    cs[gi].len[k] = lenbuf + off;
                    cs[gi].code[k] = codebuf + off;
                    off += (size_t)sz;
                    wf_webp_code_lengths(hist_part(&hs[gi], k), sz, WF_WEBP_MAX_CODE_LEN, cs[gi].len[k]);
                    wf_webp_canonical_codes(cs[gi].len[k], sz, cs[gi].code[k]);
                    wf_webp_write_code(bw, cs[gi].len[k], sz);
                    for (j = 0; j < sz; j++)
                        used += cs[gi].len[k][j] != 0;
                    if (used <= 1) /* a one-symbol code takes no bits */
                        memset(cs[gi].len[k], 0, (size_t)sz);
                }
            }
        }
        /* the pixels */
        for (i = 0; i < ctoks.n; i++) {
            const wf_webp_tok *t = &ctoks.t[i];
            const codes *c = &cs[0];
            if (meta_bits) {
                uint32_t x = t->px % w, y = t->px / w;
                c = &cs[group_of_tile[(size_t)(y >> meta_bits) * mtw + (x >> meta_bits)]];
            }
            if (t->kind == WF_WEBP_TOK_LIT) {
                put_sym(bw, c, 0, (int)((t->v >> 8) & 0xff));
                put_sym(bw, c, 1, (int)((t->v >> 16) & 0xff));
                put_sym(bw, c, 2, (int)(t->v & 0xff));
                put_sym(bw, c, 3, (int)(t->v >> 24));
            } else if (t->kind == WF_WEBP_TOK_CACHE) {
                put_sym(bw, c, 0, 280 + (int)t->v);
            } else {
                int s, nb;
                uint32_t x;
                prefix_encode(t->v, &s, &nb, &x);
                put_sym(bw, c, 0, 256 + s);
                wf_webp_bw_put(bw, x, nb);
                prefix_encode(t->d, &s, &nb, &x);
                put_sym(bw, c, 4, s);
                wf_webp_bw_put(bw, x, nb);
            }
        }
    }
    ok = !bw->oom;
done:
    free(toks.t);
    free(ctoks.t);
    free(group_of_tile);
    histos_free(hs);
    free(lenbuf);
    free(codebuf);
    free(cs);
    return ok;
}

/* ---- Transforms and the whole stream ---- */

static int write_tf_image(wf_webp_bw *bw, const wf_webp_tf *tf, const tuning *tn)
{
    tuning sub = *tn;
    sub.meta = 0;
    wf_webp_bw_put(bw, (uint32_t)(tf->bits - 2), 3);
    return write_image(bw, tf->data, tf->tw, tf->th, 0, &sub);
}

/* A choice of transforms. */
typedef struct variant {
    int palette; /* colour indexing */
    int sg;      /* subtract green */
    int pred;    /* predictor (after the palette: on the packed indices) */
    int cc;      /* cross-colour */
} variant;

static int write_predictor(wf_webp_bw *bw, uint32_t *argb, uint32_t w, uint32_t h, const tuning *tn, int exact)
{
    wf_webp_tf tf;
    int ok;
    memset(&tf, 0, sizeof tf);
    ok = wf_webp_predictor(argb, w, h, tn->pred_bits, tn->pred_modes > 0 ? tn->pred_modes : 14, exact, &tf);
    if (ok) {
        wf_webp_bw_put(bw, 1, 1);
        wf_webp_bw_put(bw, 0, 2);
        ok = write_tf_image(bw, &tf, tn);
    }
    free(tf.data);
    return ok;
}

/* Encodes argb with the transforms of v into bw. */
static int encode_with(wf_webp_bw *bw, uint32_t *argb, uint32_t w, uint32_t h, const tuning *tn, int exact,
                       const uint32_t *pal, int npal, const variant *v)
{
    uint32_t xsize = w;
    if (v->palette) {
        uint32_t dpal[256];
        int i, bits;
        wf_webp_bw_put(bw, 1, 1);
        wf_webp_bw_put(bw, 3, 2);
        wf_webp_bw_put(bw, (uint32_t)(npal - 1), 8);
        dpal[0] = pal[0];
        for (i = 1; i < npal; i++) {
            uint32_t a = pal[i], b = pal[i - 1];
            uint32_t ag = 0x00ff00ffu + (a & 0xff00ff00u) - (b & 0xff00ff00u);
            uint32_t rb = 0xff00ff00u + (a & 0x00ff00ffu) - (b & 0x00ff00ffu);
            dpal[i] = (ag & 0xff00ff00u) | (rb & 0x00ff00ffu);
        }
        {
            tuning sub = *tn;
            sub.meta = 0;
            if (!write_image(bw, dpal, (uint32_t)npal, 1, 0, &sub))
                return 0;
        }
        bits = wf_webp_apply_palette(argb, w, h, pal, npal);
        xsize = (w + (1u << bits) - 1) >> bits;
        /* the indices are exact: no transparent-pixel freedom left */
        if (v->pred && !write_predictor(bw, argb, xsize, h, tn, 1))
            return 0;
    } else {
        if (v->sg) {
            wf_webp_bw_put(bw, 1, 1);
            wf_webp_bw_put(bw, 2, 2);
            wf_webp_subtract_green(argb, (size_t)w * h);
        }
        if (v->pred && !write_predictor(bw, argb, w, h, tn, exact))
            return 0;
        if (v->cc) {
            wf_webp_tf tf;
            int bits = tn->cross_color, ok;
            memset(&tf, 0, sizeof tf);
            ok = wf_webp_cross_color(argb, w, h, bits, 5, &tf);
            if (ok) {
                wf_webp_bw_put(bw, 1, 1);
                wf_webp_bw_put(bw, 1, 2);
                ok = write_tf_image(bw, &tf, tn);
            }
            free(tf.data);
            if (!ok)
                return 0;
        }
    }
    wf_webp_bw_put(bw, 0, 1); /* no more transforms */
    return write_image(bw, argb, xsize, h, 1, tn);
}

static void write_header(wf_webp_bw *bw, uint32_t w, uint32_t h, int alpha)
{
    wf_webp_bw_put(bw, 0x2f, 8);
    wf_webp_bw_put(bw, w - 1, 14);
    wf_webp_bw_put(bw, h - 1, 14);
    wf_webp_bw_put(bw, (uint32_t)alpha, 1);
    wf_webp_bw_put(bw, 0, 3);
}

/* Small images try many transform choices (cheap); larger ones a few. */
#define SMALL_IMAGE 65536

wf_status wf_webp_vp8l_encode(uint32_t *argb, uint32_t w, uint32_t h, const wf_webp_vp8l_params *p, int headerless,
                              uint8_t **out, size_t *out_size)
{
    tuning tn = tune(p->effort);
    size_t n = (size_t)w * h, i;
    uint32_t pal[256];
    int npal, alpha = 0, nv = 0, k, have_best = 0;
    variant vs[8];
    wf_webp_bw best;
    uint32_t *work = NULL;
    *out = NULL;
    *out_size = 0;
    for (i = 0; i < n; i++)
        if ((argb[i] >> 24) != 0xff) {
            alpha = 1;
            break;
        }
    if (!p->exact)
        for (i = 0; i < n; i++)
            if ((argb[i] >> 24) == 0)
                argb[i] = 0;
    npal = wf_webp_palette(argb, n, pal);
    /* the candidates, best guess first */
    {
        int full = tn.pred_modes > 0, cc = tn.cross_color;
        if (npal <= 256) {
            variant v = {1, 0, 0, 0};
            vs[nv++] = v;
        }
        if (full) {
            variant v = {0, 1, 1, cc};
            vs[nv++] = v;
        }
        if (tn.tries || (n <= SMALL_IMAGE && p->effort >= 3)) {
            if (npal <= 256 && npal > 16 && full) {
                variant v = {1, 0, 1, 0};
                vs[nv++] = v;
            }
        }
        if (n <= SMALL_IMAGE && p->effort >= 3) {
            variant v1 = {0, 0, 1, 0}, v2 = {0, 1, 1, 0}, v3 = {0, 0, 0, 0};
            vs[nv++] = v1;
            if (cc)
                vs[nv++] = v2;
            vs[nv++] = v3;
        }
        if (nv == 0) {
            variant v = {0, 0, 0, 0};
            vs[nv++] = v;
        }
        if (!(tn.tries || (n <= SMALL_IMAGE && p->effort >= 3)) && nv > 1)
            nv = 1;
    }
    if (nv > 1) {
        work = (uint32_t *)malloc(n * sizeof(uint32_t));
        if (!work)
            return WF_ERR_OUT_OF_MEMORY;
    }
    wf_webp_bw_init(&best);
    for (k = 0; k < nv; k++) {
        wf_webp_bw trial;
        uint32_t *px = argb;
        wf_webp_bw_init(&trial);
        if (!headerless)
            write_header(&trial, w, h, alpha);
        if (work) {
            memcpy(work, argb, n * sizeof(uint32_t));
            px = work;
        }
        if (!encode_with(&trial, px, w, h, &tn, p->exact, pal, npal, &vs[k]) || trial.oom) {
            wf_webp_bw_free(&trial);
            wf_webp_bw_free(&best);
            free(work);
            return WF_ERR_OUT_OF_MEMORY;
        }
        wf_webp_bw_finish(&trial);
        if (!have_best || trial.len < best.len) {
            wf_webp_bw_free(&best);
            best = trial;
            have_best = 1;
        } else {
            wf_webp_bw_free(&trial);
        }
    }
    free(work);
    *out = best.buf;
    *out_size = best.len;
    return WF_OK;
}
