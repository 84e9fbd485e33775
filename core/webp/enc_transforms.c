/* SPDX-License-Identifier: MIT
 *
 * enc_transforms.c: the forward VP8L transforms (RFC 9649 section 4):
 * subtract-green, the predictor transform with a mode chosen per tile,
 * the cross-colour transform with elements chosen per tile, and the
 * colour-indexing (palette) transform with pixel bundling.
 *
 * Choices are made by estimated bits: each tile's residuals are priced
 * with -log2 of the frequencies seen so far in the tiles already chosen
 * (plus a prior that favours small residuals), so tiles agree on a
 * statistic the final prefix codes can exploit.
 */
#include <stdlib.h>
#include <string.h>
#include "enc_internal.h"
#include "vp8l_predict.h"

/* ---- Predictors (vp8l_predict.h, shared with the decoder) ---- */

static inline uint32_t sub_pixels(uint32_t a, uint32_t b)
{
    uint32_t ag = 0x00ff00ffu + (a & 0xff00ff00u) - (b & 0xff00ff00u);
    uint32_t rb = 0xff00ff00u + (a & 0x00ff00ffu) - (b & 0x00ff00ffu);
    return (ag & 0xff00ff00u) | (rb & 0x00ff00ffu);
}

/* The prediction of pixel (x, y) under `mode`, with the border rules. */
static inline uint32_t predict_at(int mode, const uint32_t *px, uint32_t x, uint32_t y, uint32_t w)
{
    const uint32_t *p = px + (size_t)y * w + x;
    if (y == 0)
        return x == 0 ? 0xff000000u : p[-1];
    if (x == 0)
        return p[-(ptrdiff_t)w];
    return vp8l_predict(mode, p, w);
}

void wf_webp_subtract_green(uint32_t *argb, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t p = argb[i], g = (p >> 8) & 0xff;
        uint32_t rb = ((p & 0x00ff00ffu) + 0x01000100u - ((g << 16) | g)) & 0x00ff00ffu;
        argb[i] = (p & 0xff00ff00u) | rb;
    }
}

/* Bit prices of the four channels' residuals from accumulated counts. */
typedef struct pricer {
    double acc[4][256];
    float cost[4][256];
} pricer;

static void pricer_init(pricer *pr)
{
    int c, v;
    for (c = 0; c < 4; c++)
        for (v = 0; v < 256; v++) {
            int s = v < 128 ? v : 256 - v;
            pr->acc[c][v] = 2.0 / (1 + s);
        }
}

static void pricer_update(pricer *pr)
{
    int c, v;
    for (c = 0; c < 4; c++) {
        double total = 0, lt;
        for (v = 0; v < 256; v++)
            total += pr->acc[c][v];
        lt = wf_webp_log2(total);
        for (v = 0; v < 256; v++)
            pr->cost[c][v] = (float)(lt - wf_webp_log2(pr->acc[c][v]));
    }
}

static inline float price(const pricer *pr, uint32_t r)
{
    return pr->cost[0][r >> 24] + pr->cost[1][(r >> 16) & 0xff] + pr->cost[2][(r >> 8) & 0xff] + pr->cost[3][r & 0xff];
}

static inline void pricer_add(pricer *pr, uint32_t r)
{
    pr->acc[0][r >> 24] += 1;
    pr->acc[1][(r >> 16) & 0xff] += 1;
    pr->acc[2][(r >> 8) & 0xff] += 1;
    pr->acc[3][r & 0xff] += 1;
}

int wf_webp_predictor(uint32_t *argb, uint32_t w, uint32_t h, int bits, int nmodes, int exact, wf_webp_tf *tf)
{
    uint32_t tw = (w + (1u << bits) - 1) >> bits, th = (h + (1u << bits) - 1) >> bits, tx, ty, x, y;
    uint32_t *res;
    pricer *pr;
    uint32_t since = 0;
    tf->w = w;
    tf->h = h;
    tf->bits = bits;
    tf->tw = tw;
    tf->th = th;
    tf->data = (uint32_t *)malloc((size_t)tw * th * sizeof(uint32_t));
    res = (uint32_t *)malloc((size_t)w * h * sizeof(uint32_t));
    pr = (pricer *)malloc(sizeof *pr);
    if (!tf->data || !res || !pr) {
        free(res);
        free(pr);
        return 0;
    }
    pricer_init(pr);
    for (ty = 0; ty < th; ty++) {
        uint32_t y0 = ty << bits, y1 = y0 + (1u << bits) > h ? h : y0 + (1u << bits);
        for (tx = 0; tx < tw; tx++) {
            uint32_t x0 = tx << bits, x1 = x0 + (1u << bits) > w ? w : x0 + (1u << bits);
            int mode, best = nmodes > 11 ? 11 : nmodes - 1;
            float best_cost = 0;
            /* prices follow the counts, refreshed every 256 pixels or so */
            if (since >= 256 || (tx == 0 && ty == 0)) {
                pricer_update(pr);
                since = 0;
            }
            since += (x1 - x0) * (y1 - y0);
            for (mode = 0; mode < nmodes; mode++) {
                float c = 0;
                for (y = y0; y < y1; y++) {
                    const uint32_t *row = argb + (size_t)y * w;
                    for (x = x0; x < x1; x++) {
                        uint32_t r = sub_pixels(row[x], predict_at(mode, argb, x, y, w));
                        if (!exact && (row[x] >> 24) == 0)
                            r &= 0xff000000u;
                        c += price(pr, r);
                    }
                }
                if (mode == 0 || c < best_cost) {
                    best_cost = c;
                    best = mode;
                }
            }
            tf->data[(size_t)ty * tw + tx] = 0xff000000u | ((uint32_t)best << 8);
            for (y = y0; y < y1; y++)
                for (x = x0; x < x1; x++)
                    pricer_add(pr, sub_pixels(argb[(size_t)y * w + x], predict_at(best, argb, x, y, w)));
        }
    }
    for (y = 0; y < h; y++) {
        uint32_t *row = argb + (size_t)y * w;
        const uint32_t *modes = tf->data + (size_t)(y >> bits) * tw;
        for (x = 0; x < w; x++) {
            uint32_t pred = predict_at((int)((modes[x >> bits] >> 8) & 0xf), argb, x, y, w);
            if (!exact && (row[x] >> 24) == 0)
                row[x] = pred & 0x00ffffffu; /* RGB residual 0, alpha stays 0 */
            res[(size_t)y * w + x] = sub_pixels(row[x], pred);
        }
    }
    memcpy(argb, res, (size_t)w * h * sizeof(uint32_t));
    free(res);
    free(pr);
    return 1;
}

/* ---- Cross-colour ---- */

static inline int color_delta(int8_t t, int8_t c) { return ((int)t * (int)c) >> 5; }

/* Bits of channel values v (n of them) under the price table c. */
typedef struct cc_tile {
    const uint8_t *g, *r, *b;
    size_t n;
} cc_tile;

/* Bits of the tile's red or blue residuals under the price table c. */
static float cost_red(const cc_tile *t, const float *c, int g2r)
{
    float s = 0;
    size_t i;
    for (i = 0; i < t->n; i++)
        s += c[(t->r[i] - color_delta((int8_t)g2r, (int8_t)t->g[i])) & 0xff];
    return s;
}

static float cost_blue(const cc_tile *t, const float *c, int g2b, int r2b)
{
    float s = 0;
    size_t i;
    for (i = 0; i < t->n; i++)
        s +=
            c[(t->b[i] - color_delta((int8_t)g2b, (int8_t)t->g[i]) - color_delta((int8_t)r2b, (int8_t)t->r[i])) & 0xff];
    return s;
}

/* Searches t in [-128, 127] minimising f: coarse steps, then refinement. */
#define SEARCH(best, FN, start, step0, bias)                                                  \
    do {                                                                                      \
        int step_, cand_;                                                                     \
        float bc_ = FN(best);                                                                 \
        for (step_ = step0; step_ >= 1; step_ /= 2) {                                         \
            int center_ = best;                                                               \
            for (cand_ = center_ - 2 * step_; cand_ <= center_ + 2 * step_; cand_ += step_) { \
                float c_;                                                                     \
                if (cand_ < -128 || cand_ > 127 || cand_ == center_)                          \
                    continue;                                                                 \
                c_ = FN(cand_) + (cand_ == (start) ? 0.0f : bias);                            \
                if (c_ < bc_) {                                                               \
                    bc_ = c_;                                                                 \
                    best = cand_;                                                             \
                }                                                                             \
            }                                                                                 \
        }                                                                                     \
    } while (0)

int wf_webp_cross_color(uint32_t *argb, uint32_t w, uint32_t h, int bits, int effort, wf_webp_tf *tf)
{
    uint32_t tw = (w + (1u << bits) - 1) >> bits, th = (h + (1u << bits) - 1) >> bits, tx, ty, x, y;
    size_t tile_px = (size_t)1 << (2 * bits);
    uint8_t *gb = (uint8_t *)malloc(tile_px * 3);
    pricer *pr = (pricer *)malloc(sizeof *pr);
    int prev_g2r = 0, prev_g2b = 0, prev_r2b = 0, step0 = effort >= 7 ? 32 : 16;
    float cc_bias = 1.0f;
    tf->w = w;
    tf->h = h;
    tf->bits = bits;
    tf->tw = tw;
    tf->th = th;
    tf->data = (uint32_t *)malloc((size_t)tw * th * sizeof(uint32_t));
    if (!tf->data || !gb || !pr) {
        free(gb);
        free(pr);
        return 0;
    }
    pricer_init(pr);
    for (ty = 0; ty < th; ty++) {
        uint32_t y0 = ty << bits, y1 = y0 + (1u << bits) > h ? h : y0 + (1u << bits);
        for (tx = 0; tx < tw; tx++) {
            uint32_t x0 = tx << bits, x1 = x0 + (1u << bits) > w ? w : x0 + (1u << bits);
            cc_tile t;
            int g2r = prev_g2r, g2b = prev_g2b, r2b = prev_r2b;
            size_t n = 0, i;
            const float *cr, *cb;
            for (y = y0; y < y1; y++)
                for (x = x0; x < x1; x++) {
                    uint32_t p = argb[(size_t)y * w + x];
                    gb[n] = (uint8_t)(p >> 8);
                    gb[tile_px + n] = (uint8_t)(p >> 16);
                    gb[2 * tile_px + n] = (uint8_t)p;
                    n++;
                }
            t.g = gb;
            t.r = gb + tile_px;
            t.b = gb + 2 * tile_px;
            t.n = n;
            pricer_update(pr);
            cr = pr->cost[1];
            cb = pr->cost[3];
            if (ty > 0 && tx == 0) {
                uint32_t up = tf->data[(size_t)(ty - 1) * tw];
                g2r = (int8_t)(up & 0xff);
                g2b = (int8_t)((up >> 8) & 0xff);
                r2b = (int8_t)((up >> 16) & 0xff);
            }
#define FR(v) cost_red(&t, cr, (v))
            SEARCH(g2r, FR, prev_g2r, step0, cc_bias);
#undef FR
#define FB(v) cost_blue(&t, cb, (v), r2b)
            SEARCH(g2b, FB, prev_g2b, step0, cc_bias);
#undef FB
#define FB2(v) cost_blue(&t, cb, g2b, (v))
            SEARCH(r2b, FB2, prev_r2b, step0, cc_bias);
#undef FB2
            if (effort >= 7) {
#define FB(v) cost_blue(&t, cb, (v), r2b)
                SEARCH(g2b, FB, prev_g2b, 4, cc_bias);
#undef FB
            }
            prev_g2r = g2r;
            prev_g2b = g2b;
            prev_r2b = r2b;
            tf->data[(size_t)ty * tw + tx] =
                0xff000000u | ((uint32_t)(uint8_t)r2b << 16) | ((uint32_t)(uint8_t)g2b << 8) | (uint8_t)g2r;
            for (i = 0; i < n; i++) {
                int r = (t.r[i] - color_delta((int8_t)g2r, (int8_t)t.g[i])) & 0xff;
                int b = (t.b[i] - color_delta((int8_t)g2b, (int8_t)t.g[i]) - color_delta((int8_t)r2b, (int8_t)t.r[i])) &
                        0xff;
                pr->acc[1][r] += 1;
                pr->acc[3][b] += 1;
                pr->acc[2][t.g[i]] += 1;
            }
            for (y = y0; y < y1; y++)
                for (x = x0; x < x1; x++) {
                    uint32_t p = argb[(size_t)y * w + x];
                    int8_t g = (int8_t)(p >> 8);
                    int r0 = (int)((p >> 16) & 0xff), b0 = (int)(p & 0xff);
                    int r = (r0 - color_delta((int8_t)g2r, g)) & 0xff;
                    int b = (b0 - color_delta((int8_t)g2b, g) - color_delta((int8_t)r2b, (int8_t)r0)) & 0xff;
                    argb[(size_t)y * w + x] = (p & 0xff00ff00u) | ((uint32_t)r << 16) | (uint32_t)b;
                }
        }
    }
    free(gb);
    free(pr);
    return 1;
}

/* ---- Colour indexing ---- */

static inline uint32_t pal_hash(uint32_t c) { return (c * 0x1e35a7bdu) >> 22; } /* 1024 slots */

static int pal_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int wf_webp_palette(const uint32_t *argb, size_t n, uint32_t *pal)
{
    uint32_t slot[1024];
    uint8_t used[1024];
    int count = 0;
    size_t i;
    memset(used, 0, sizeof used);
    for (i = 0; i < n; i++) {
        uint32_t c = argb[i], k;
        if (i > 0 && c == argb[i - 1])
            continue;
        k = pal_hash(c);
        while (used[k] && slot[k] != c)
            k = (k + 1) & 1023;
        if (!used[k]) {
            if (count == 256)
                return 257;
            used[k] = 1;
            slot[k] = c;
            pal[count++] = c;
        }
    }
    qsort(pal, (size_t)count, sizeof(uint32_t), pal_cmp);
    return count;
}

int wf_webp_apply_palette(uint32_t *argb, uint32_t w, uint32_t h, const uint32_t *pal, int npal)
{
    uint32_t slot[1024], x, y;
    uint8_t idx[1024], used[1024];
    int bits = npal <= 2 ? 3 : npal <= 4 ? 2 : npal <= 16 ? 1 : 0, i;
    int per = 1 << bits, bpp = 8 >> bits;
    uint32_t pw = (w + (uint32_t)per - 1) >> bits;
    memset(used, 0, sizeof used);
    for (i = 0; i < npal; i++) {
        uint32_t k = pal_hash(pal[i]);
        while (used[k])
            k = (k + 1) & 1023;
        used[k] = 1;
        slot[k] = pal[i];
        idx[k] = (uint8_t)i;
    }
    for (y = 0; y < h; y++) {
        const uint32_t *src = argb + (size_t)y * w;
        uint32_t *dst = argb + (size_t)y * pw;
        for (x = 0; x < pw; x++) {
            uint32_t packed = 0, j;
            for (j = 0; j < (uint32_t)per && x * (uint32_t)per + j < w; j++) {
                uint32_t c = src[x * (uint32_t)per + j], k = pal_hash(c);
                while (slot[k] != c || !used[k])
                    k = (k + 1) & 1023;
                packed |= (uint32_t)idx[k] << (bpp * (int)j);
            }
            dst[x] = 0xff000000u | (packed << 8);
        }
    }
    return bits;
}
