/* SPDX-License-Identifier: MIT
 *
 * png_encode.c: PNG encoder: lossless colour-type reduction, per-row filter
 * choice, optional Adam7, one zlib stream in one IDAT.
 * Not here: the filter arithmetic (png_filter.c).
 */
#include <stdlib.h>
#include <string.h>
#include "wf/png.h"
#include "wf/deflate.h"
#include "png_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

struct wf_png_encoder {
    wf_deflater *def;
    uint8_t *img, *filt, *best, *trial, *rows, *tmp8;
    size_t img_cap, filt_cap, best_cap, trial_cap, rows_cap, tmp8_cap;
};

wf_png_encoder *wf_png_encoder_alloc(void)
{
    wf_png_encoder *e = (wf_png_encoder *)calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->def = wf_deflater_alloc();
    if (!e->def) {
        free(e);
        return NULL;
    }
    return e;
}

void wf_png_encoder_free(wf_png_encoder *e)
{
    if (!e)
        return;
    wf_deflater_free(e->def);
    free(e->img);
    free(e->filt);
    free(e->best);
    free(e->trial);
    free(e->rows);
    free(e->tmp8);
    free(e);
}

static unsigned input_bits(int fmt)
{
    switch (fmt) {
    case WF_PNG_PIXELS_GREY8: return 8;
    case WF_PNG_PIXELS_GREY_ALPHA8: return 16;
    case WF_PNG_PIXELS_RGB8: return 24;
    case WF_PNG_PIXELS_RGBA8: return 32;
    case WF_PNG_PIXELS_RGBA16: return 64;
    default: return 0;
    }
}

/* Size of the filtered image data (filter bytes included); 0 on overflow. */
static uint64_t raw_size(uint32_t w, uint32_t h, unsigned bits, int interlace)
{
    uint64_t total = 0;
    for (int p = 0; p < (interlace ? 7 : 1); p++) {
        uint32_t pw = w, ph = h;
        if (interlace)
            wf_png_pass_size(w, h, p, &pw, &ph);
        if (pw)
            total += (wf_png_row_bytes(pw, bits) + 1) * ph;
    }
    return total;
}

#define OVERHEAD (8 + 25 + 12 + 768 + 12 + 256 + 12 + 12)

size_t wf_png_encode_bound(uint32_t width, uint32_t height, int pixel_format, int flags)
{
    unsigned bits = input_bits(pixel_format);
    if (!bits || !width || !height || width > 0x7fffffffu || height > 0x7fffffffu)
        return 0;
    uint64_t raw = raw_size(width, height, bits, flags & WF_PNG_ENCODE_INTERLACE);
    if (raw > SIZE_MAX / 2)
        return 0;
    size_t b = wf_deflate_bound((size_t)raw, WF_FORMAT_ZLIB);
    if (b < raw || b > SIZE_MAX - OVERHEAD)
        return 0;
    return b + OVERHEAD;
}

/* ---- analysis ---------------------------------------------------------- */

typedef struct target {
    int ctype, depth;
    int has_key;     /* grey/RGB with a tRNS colour key */
    uint16_t key[3]; /* the key as written in tRNS */
    unsigned npal, ntrns;
    uint32_t pal[256]; /* RGBA as r | g<<8 | b<<16 | a<<24, sorted */
} target;

/* Open-addressing colour set: up to 256 colours, key RGBA packed. */
#define HSIZE 1024
typedef struct colour_set {
    uint32_t key[HSIZE];
    int16_t idx[HSIZE]; /* -1 empty */
    unsigned n;
} colour_set;

static inline unsigned hslot(uint32_t k) { return (k * 2654435761u) >> 22; }

/* Returns 0 once a 257th colour is seen. */
static int cs_add(colour_set *s, uint32_t k)
{
    unsigned h = hslot(k);
    while (s->idx[h] >= 0) {
        if (s->key[h] == k)
            return 1;
        h = (h + 1) & (HSIZE - 1);
    }
    if (s->n == 256)
        return 0;
    s->key[h] = k;
    s->idx[h] = (int16_t)s->n++;
    return 1;
}

static inline int cs_find(const colour_set *s, uint32_t k)
{
    unsigned h = hslot(k);
    while (s->key[h] != k)
        h = (h + 1) & (HSIZE - 1);
    return s->idx[h];
}

static inline uint32_t px8(const uint8_t *p, int fmt, size_t i)
{
    switch (fmt) {
    case WF_PNG_PIXELS_GREY8: return p[i] * 0x010101u | 0xff000000u;
    case WF_PNG_PIXELS_GREY_ALPHA8: return p[2 * i] * 0x010101u | (uint32_t)p[2 * i + 1] << 24;
    case WF_PNG_PIXELS_RGB8: return p[3 * i] | (uint32_t)p[3 * i + 1] << 8 | (uint32_t)p[3 * i + 2] << 16 | 0xff000000u;
    default:
        return p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
    }
}

static unsigned luma(uint32_t c) { return 299u * (c & 255) + 587u * ((c >> 8) & 255) + 114u * ((c >> 16) & 255); }

static int pal_cmp(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    unsigned oa = (a >> 24) == 255, ob = (b >> 24) == 255;
    if (oa != ob)
        return oa < ob ? -1 : 1; /* translucent first: short tRNS */
    if (!oa && (a >> 24) != (b >> 24))
        return (a >> 24) < (b >> 24) ? -1 : 1;
    unsigned la = luma(a), lb = luma(b);
    if (la != lb)
        return la < lb ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* Chooses the output colour type for 8-bit input; fills the palette set. */
static void analyse8(const uint8_t *p, int fmt, size_t npx, target *t, colour_set *cs)
{
    int grey = 1, opaque = 1, few = 1, binary_alpha = 1, key_set = 0, key_conflict = 0;
    uint32_t key = 0;
    unsigned gmask = 0; /* bits 0/1/2: some grey value is not a 1/2/4-bit level */
    memset(cs->idx, 0xff, sizeof cs->idx);
    cs->n = 0;
    if (fmt == WF_PNG_PIXELS_GREY8) {
        for (size_t i = 0; i < npx; i++) {
            gmask |= (p[i] % 17 != 0) << 2 | (p[i] % 85 != 0) << 1 | (p[i] != 0 && p[i] != 255);
            if (few)
                few = cs_add(cs, px8(p, fmt, i));
        }
    } else {
        uint32_t last = ~px8(p, fmt, 0);
        const int has_alpha = fmt != WF_PNG_PIXELS_RGB8;
        for (size_t i = 0; i < npx; i++) {
            if (!grey && !few) {
                /* Neither grey nor a palette any more: only the alpha facts
                 * can still change, so look at alpha alone from here on. */
                if (!has_alpha)
                    break;
                const size_t step = fmt == WF_PNG_PIXELS_GREY_ALPHA8 ? 2 : 4;
                const uint8_t *ap = p + i * step + step - 1;
                for (; i < npx; i++, ap += step) {
                    if (step == 4 && (i & 15) == 0 && npx - i >= 16) {
                        /* RGBA: skip 16 opaque pixels at a time */
                        unsigned all = 255;
                        for (unsigned k = 0; k < 16; k++)
                            all &= ap[4 * k];
                        if (all == 255) {
                            i += 15;
                            ap += 60;
                            continue;
                        }
                    }
                    if (*ap == 255)
                        continue;
                    uint32_t c = px8(p, fmt, i);
                    opaque = 0;
                    binary_alpha &= (c >> 24) == 0;
                    if (!key_set) {
                        key = c & 0xffffffu;
                        key_set = 1;
                    } else {
                        key_conflict |= (c & 0xffffffu) != key;
                    }
                }
                break;
            }
            uint32_t c = px8(p, fmt, i);
            if (c == last)
                continue;
            last = c;
            unsigned r = c & 255, g = (c >> 8) & 255, b = (c >> 16) & 255;
            grey &= r == g && g == b;
            unsigned a = c >> 24;
            opaque &= a == 255;
            if (a != 255) {
                binary_alpha &= a == 0;
                if (!key_set) {
                    key = c & 0xffffffu;
                    key_set = 1;
                } else {
                    key_conflict |= (c & 0xffffffu) != key;
                }
            }
            gmask |= (r % 17 != 0) << 2 | (r % 85 != 0) << 1 | (r != 0 && r != 255);
            if (few)
                few = cs_add(cs, c);
        }
    }
    /* One fully transparent colour that never appears opaque, everything
     * else opaque: a tRNS colour key instead of an alpha channel. */
    if (!opaque && binary_alpha && !key_conflict) {
        int clash = 0;
        for (size_t i = 0; i < npx && !clash; i++) {
            uint32_t c = px8(p, fmt, i);
            clash = (c >> 24) == 255 && (c & 0xffffffu) == key;
        }
        if (!clash) {
            t->has_key = 1;
            opaque = 1;
        }
    }
    int base_bits;
    if (grey && opaque) {
        t->ctype = WF_PNG_COLOR_GREY;
        t->depth = !(gmask & 1) ? 1 : !(gmask & 2) ? 2 : !(gmask & 4) ? 4 : 8;
        base_bits = t->depth;
    } else {
        t->ctype = grey ? WF_PNG_COLOR_GREY_ALPHA : opaque ? WF_PNG_COLOR_RGB : WF_PNG_COLOR_RGBA;
        t->depth = 8;
        base_bits = grey ? 16 : opaque ? 24 : 32;
    }
    if (t->has_key) {
        if (t->ctype == WF_PNG_COLOR_GREY) {
            t->key[0] = (uint16_t)((key & 255) / (255u / ((1u << t->depth) - 1)));
        } else {
            t->key[0] = (uint16_t)(key & 255);
            t->key[1] = (uint16_t)((key >> 8) & 255);
            t->key[2] = (uint16_t)((key >> 16) & 255);
        }
    }
    if (few) {
        unsigned n = cs->n, pd = n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8;
        if ((int)pd < base_bits) {
            t->ctype = WF_PNG_COLOR_PALETTE;
            t->has_key = 0;
            t->depth = (int)pd;
            t->npal = n;
            for (unsigned h = 0; h < HSIZE; h++)
                if (cs->idx[h] >= 0)
                    t->pal[cs->idx[h]] = cs->key[h];
            qsort(t->pal, n, sizeof t->pal[0], pal_cmp);
            t->ntrns = 0;
            for (unsigned i = 0; i < n; i++) {
                if ((t->pal[i] >> 24) != 255)
                    t->ntrns = i + 1;
                /* re-point the set at the sorted positions */
                unsigned h = hslot(t->pal[i]);
                while (cs->key[h] != t->pal[i] || cs->idx[h] < 0)
                    h = (h + 1) & (HSIZE - 1);
                cs->idx[h] = (int16_t)i;
            }
        }
    }
}

/* ---- packing rows of the target format ----------------------------------- */

typedef struct packer {
    const uint8_t *px;
    int fmt;
    const target *t;
    const colour_set *cs;
    uint32_t width;
} packer;

/* Packs `n` pixels of image row y starting at x0 with step dx into dst. */
static void pack_row(const packer *k, uint32_t y, uint32_t x0, uint32_t dx, uint32_t n, uint8_t *dst)
{
    const int fmt = k->fmt;
    const size_t base = (size_t)y * k->width;
    const target *t = k->t;
    uint32_t i;
    if (fmt == WF_PNG_PIXELS_RGBA16) {
        const uint16_t *s = (const uint16_t *)(const void *)k->px + base * 4;
        unsigned ch = t->ctype == WF_PNG_COLOR_GREY         ? 1
                      : t->ctype == WF_PNG_COLOR_GREY_ALPHA ? 2
                      : t->ctype == WF_PNG_COLOR_RGB        ? 3
                                                            : 4;
        for (i = 0; i < n; i++) {
            const uint16_t *q = s + (size_t)(x0 + i * dx) * 4;
            uint16_t v[4];
            if (ch == 1)
                v[0] = q[0];
            else if (ch == 2) {
                v[0] = q[0];
                v[1] = q[3];
            } else {
                v[0] = q[0];
                v[1] = q[1];
                v[2] = q[2];
                v[3] = q[3];
            }
            for (unsigned c = 0; c < ch; c++) {
                dst[2 * (ch * i + c)] = (uint8_t)(v[c] >> 8);
                dst[2 * (ch * i + c) + 1] = (uint8_t)v[c];
            }
        }
        return;
    }
    const uint8_t *s = k->px;
    if (dx == 1) { /* fast paths for unchanged layouts */
        size_t in_bpp = input_bits(fmt) / 8;
        if ((t->ctype == WF_PNG_COLOR_GREY && t->depth == 8 && fmt == WF_PNG_PIXELS_GREY8) ||
            (t->ctype == WF_PNG_COLOR_GREY_ALPHA && fmt == WF_PNG_PIXELS_GREY_ALPHA8) ||
            (t->ctype == WF_PNG_COLOR_RGB && fmt == WF_PNG_PIXELS_RGB8) ||
            (t->ctype == WF_PNG_COLOR_RGBA && fmt == WF_PNG_PIXELS_RGBA8)) {
            memcpy(dst, s + (base + x0) * in_bpp, (size_t)n * in_bpp);
            return;
        }
        if (t->ctype == WF_PNG_COLOR_RGB && fmt == WF_PNG_PIXELS_RGBA8) {
            const uint8_t *q = s + (base + x0) * 4;
            i = 0;
#ifdef WF_SIMD
            /* 4 pixels per step; a step stores 16 bytes, the last 4 of
             * which the next step (or the scalar tail) overwrites */
            for (; i + 6 <= n; i += 4) {
                v128_t v = wasm_v128_load(q + 4 * i);
                v = wasm_i8x16_shuffle(v, v, 0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0, 0, 0, 0);
                wasm_v128_store(dst + 3 * i, v);
            }
#endif
            for (; i < n; i++) {
                dst[3 * i] = q[4 * i];
                dst[3 * i + 1] = q[4 * i + 1];
                dst[3 * i + 2] = q[4 * i + 2];
            }
            return;
        }
    }
    switch (t->ctype) {
    case WF_PNG_COLOR_GREY:
        if (t->depth == 8) {
            for (i = 0; i < n; i++)
                dst[i] = (uint8_t)px8(s, fmt, base + x0 + (size_t)i * dx);
        } else {
            unsigned d = (unsigned)t->depth, scale = 255u / ((1u << d) - 1);
            memset(dst, 0, ((size_t)n * d + 7) / 8);
            for (i = 0; i < n; i++) {
                unsigned v = (px8(s, fmt, base + x0 + (size_t)i * dx) & 255) / scale;
                size_t bit = (size_t)i * d;
                dst[bit >> 3] |= (uint8_t)(v << (8 - d - (bit & 7)));
            }
        }
        break;
    case WF_PNG_COLOR_GREY_ALPHA:
        for (i = 0; i < n; i++) {
            uint32_t c = px8(s, fmt, base + x0 + (size_t)i * dx);
            dst[2 * i] = (uint8_t)c;
            dst[2 * i + 1] = (uint8_t)(c >> 24);
        }
        break;
    case WF_PNG_COLOR_RGB:
    case WF_PNG_COLOR_RGBA: {
        unsigned ch = t->ctype == WF_PNG_COLOR_RGB ? 3 : 4;
        for (i = 0; i < n; i++) {
            uint32_t c = px8(s, fmt, base + x0 + (size_t)i * dx);
            for (unsigned q = 0; q < ch; q++)
                dst[ch * i + q] = (uint8_t)(c >> (8 * q));
        }
        break;
    }
    default: { /* palette */
        unsigned d = (unsigned)t->depth;
        uint32_t last = 0;
        int last_idx = -1;
        if (d < 8)
            memset(dst, 0, ((size_t)n * d + 7) / 8);
        for (i = 0; i < n; i++) {
            uint32_t c = px8(s, fmt, base + x0 + (size_t)i * dx);
            if (last_idx < 0 || c != last) {
                last = c;
                last_idx = cs_find(k->cs, c);
            }
            if (d == 8) {
                dst[i] = (uint8_t)last_idx;
            } else {
                size_t bit = (size_t)i * d;
                dst[bit >> 3] |= (uint8_t)((unsigned)last_idx << (8 - d - (bit & 7)));
            }
        }
        break;
    }
    }
}

/* ---- filtering -------------------------------------------------------- */

enum { STRATEGY_MSAD = 5 }; /* 0..4: that filter on every row */
/* Filtered images up to this size get the full search of effort 8 from effort 3. */
#define PNG_SMALL_IMAGE ((size_t)16 * 1024)
/* Smallest sample on which the deflate strategy is chosen (effort 3-7). */
#define PNG_ZSAMPLE ((size_t)128 * 1024)

/* Filters the packed image `img` into `out` (filter byte + row, per row). */
static void filter_image(const uint8_t *img, uint8_t *out, const uint32_t *pw, const uint32_t *ph, int npasses,
                         unsigned bits, int strategy, uint8_t *scratch)
{
    const unsigned bpp = bits >= 8 ? bits / 8 : 1;
    size_t ipos = 0, opos = 0;
    for (int p = 0; p < npasses; p++) {
        if (!pw[p])
            continue;
        size_t rb = (size_t)wf_png_row_bytes(pw[p], bits);
        uint8_t *zero = scratch;
        memset(zero, 0, rb);
        const uint8_t *prev = zero;
        for (uint32_t y = 0; y < ph[p]; y++) {
            const uint8_t *cur = img + ipos;
            if (strategy != STRATEGY_MSAD) {
                out[opos] = (uint8_t)strategy;
                wf_png_filter_row(strategy, cur, prev, out + opos + 1, rb, bpp);
            } else {
                int bf = wf_png_filter_choose_msad(cur, prev, rb, bpp);
                out[opos] = (uint8_t)bf;
                wf_png_filter_row(bf, cur, prev, out + opos + 1, rb, bpp);
            }
            prev = cur;
            ipos += rb;
            opos += rb + 1;
        }
    }
}

/* ---- output ------------------------------------------------------------ */

typedef struct writer {
    uint8_t *out;
    size_t pos, avail;
    int overflow;
} writer;

static void put_chunk(writer *w, const char *type, const uint8_t *data, size_t len)
{
    if (w->overflow || w->avail - w->pos < len + 12) {
        w->overflow = 1;
        return;
    }
    uint8_t *p = w->out + w->pos;
    wf_png_put_be32(p, (uint32_t)len);
    memcpy(p + 4, type, 4);
    if (len)
        memmove(p + 8, data, len); /* IDAT data may already be in place */
    wf_png_put_be32(p + 8 + len, wf_crc32(0, p + 4, len + 4));
    w->pos += len + 12;
}

wf_status wf_png_encode(wf_png_encoder *e, const void *pixels, uint32_t width, uint32_t height, int pixel_format,
                        int effort, int flags, uint8_t *out, size_t out_nbytes_avail, size_t *out_nbytes_ret)
{
    if (out_nbytes_ret)
        *out_nbytes_ret = 0;
    unsigned in_bits = input_bits(pixel_format);
    if (!e || !pixels || !out || !in_bits || !width || !height || width > 0x7fffffffu || height > 0x7fffffffu ||
        effort > 9 || (flags & ~WF_PNG_ENCODE_INTERLACE))
        return WF_ERR_INVALID_ARGUMENT;
    if (effort < 0)
        effort = WF_PNG_DEFAULT_EFFORT;
    const int interlace = flags & WF_PNG_ENCODE_INTERLACE;
    uint64_t npx64 = (uint64_t)width * height;
    if (npx64 * (in_bits / 8) > SIZE_MAX / 2 || wf_png_encode_bound(width, height, pixel_format, flags) == 0)
        return WF_ERR_OUTPUT_LIMIT;
    const size_t npx = (size_t)npx64;

    /* 1. Choose the output format. */
    target t;
    colour_set *cs = (colour_set *)malloc(sizeof *cs);
    if (!cs)
        return WF_ERR_OUT_OF_MEMORY;
    memset(&t, 0, sizeof t);
    const uint8_t *px = (const uint8_t *)pixels;
    int fmt = pixel_format;
    if (fmt == WF_PNG_PIXELS_RGBA16) {
        const uint16_t *q = (const uint16_t *)pixels;
        int lossless8 = 1, grey = 1, opaque = 1, binary_alpha = 1, key_set = 0, key_conflict = 0;
        const uint16_t *key = NULL;
        for (size_t i = 0; i < npx; i++) {
            const uint16_t *c = q + 4 * i;
            lossless8 &= (c[0] >> 8) == (c[0] & 255) && (c[1] >> 8) == (c[1] & 255) && (c[2] >> 8) == (c[2] & 255) &&
                         (c[3] >> 8) == (c[3] & 255);
            grey &= c[0] == c[1] && c[1] == c[2];
            if (c[3] != 65535) {
                opaque = 0;
                binary_alpha &= c[3] == 0;
                if (!key_set) {
                    key = c;
                    key_set = 1;
                } else {
                    key_conflict |= c[0] != key[0] || c[1] != key[1] || c[2] != key[2];
                }
            }
        }
        if (!lossless8 && !opaque && binary_alpha && !key_conflict) {
            int clash = 0;
            for (size_t i = 0; i < npx && !clash; i++) {
                const uint16_t *c = q + 4 * i;
                clash = c[3] == 65535 && c[0] == key[0] && c[1] == key[1] && c[2] == key[2];
            }
            if (!clash) {
                opaque = 1;
                t.has_key = 1;
                memcpy(t.key, key, sizeof t.key);
            }
        }
        if (lossless8) {
            if (!wf_png_grow(&e->tmp8, &e->tmp8_cap, npx * 4)) {
                free(cs);
                return WF_ERR_OUT_OF_MEMORY;
            }
            for (size_t i = 0; i < npx * 4; i++)
                e->tmp8[i] = (uint8_t)q[i];
            px = e->tmp8;
            fmt = WF_PNG_PIXELS_RGBA8;
        } else {
            t.depth = 16;
            t.ctype = grey ? (opaque ? WF_PNG_COLOR_GREY : WF_PNG_COLOR_GREY_ALPHA)
                           : (opaque ? WF_PNG_COLOR_RGB : WF_PNG_COLOR_RGBA);
        }
    }
    if (fmt != WF_PNG_PIXELS_RGBA16)
        analyse8(px, fmt, npx, &t, cs);
    const unsigned ch = t.ctype == WF_PNG_COLOR_GREY || t.ctype == WF_PNG_COLOR_PALETTE ? 1
                        : t.ctype == WF_PNG_COLOR_GREY_ALPHA                            ? 2
                        : t.ctype == WF_PNG_COLOR_RGB                                   ? 3
                                                                                        : 4;
    const unsigned bits = ch * (unsigned)t.depth;

    /* 2. Pack the image in the target format, pass by pass. */
    const int npasses = interlace ? 7 : 1;
    uint32_t pw[7], ph[7];
    size_t img_size = 0, max_rb = 0;
    for (int p = 0; p < npasses; p++) {
        if (interlace)
            wf_png_pass_size(width, height, p, &pw[p], &ph[p]);
        else {
            pw[p] = width;
            ph[p] = height;
        }
        if (!pw[p])
            continue;
        size_t rb = (size_t)wf_png_row_bytes(pw[p], bits);
        img_size += rb * ph[p];
        if (rb > max_rb)
            max_rb = rb;
    }
    const size_t filt_size = (size_t)raw_size(width, height, bits, interlace);
    if (!wf_png_grow(&e->img, &e->img_cap, img_size) || !wf_png_grow(&e->filt, &e->filt_cap, filt_size) ||
        !wf_png_grow(&e->rows, &e->rows_cap, max_rb)) {
        free(cs);
        return WF_ERR_OUT_OF_MEMORY;
    }
    packer k = {px, fmt, &t, cs, width};
    size_t ipos = 0;
    for (int p = 0; p < npasses; p++) {
        if (!pw[p])
            continue;
        size_t rb = (size_t)wf_png_row_bytes(pw[p], bits);
        uint32_t x0 = interlace ? wf_png_adam7_xstart[p] : 0, dx = interlace ? wf_png_adam7_xstep[p] : 1;
        uint32_t y0 = interlace ? wf_png_adam7_ystart[p] : 0, dy = interlace ? wf_png_adam7_ystep[p] : 1;
        for (uint32_t y = 0; y < ph[p]; y++) {
            pack_row(&k, y0 + y * dy, x0, dx, pw[p], e->img + ipos);
            ipos += rb;
        }
    }
    free(cs);

    /* 3. Header chunks. */
    writer w = {out, 0, out_nbytes_avail, 0};
    if (out_nbytes_avail < 8)
        return WF_ERR_BUFFER_TOO_SMALL;
    memcpy(out, wf_png_signature, 8);
    w.pos = 8;
    uint8_t hdr[13];
    wf_png_put_be32(hdr, width);
    wf_png_put_be32(hdr + 4, height);
    hdr[8] = (uint8_t)t.depth;
    hdr[9] = (uint8_t)t.ctype;
    hdr[10] = hdr[11] = 0;
    hdr[12] = (uint8_t)interlace;
    put_chunk(&w, "IHDR", hdr, 13);
    if (t.ctype == WF_PNG_COLOR_PALETTE) {
        uint8_t pal[768], trns[256];
        for (unsigned i = 0; i < t.npal; i++) {
            pal[3 * i] = (uint8_t)t.pal[i];
            pal[3 * i + 1] = (uint8_t)(t.pal[i] >> 8);
            pal[3 * i + 2] = (uint8_t)(t.pal[i] >> 16);
            trns[i] = (uint8_t)(t.pal[i] >> 24);
        }
        put_chunk(&w, "PLTE", pal, 3 * (size_t)t.npal);
        if (t.ntrns)
            put_chunk(&w, "tRNS", trns, t.ntrns);
    } else if (t.has_key) {
        uint8_t k6[6];
        for (int i = 0; i < 3; i++) {
            k6[2 * i] = (uint8_t)(t.key[i] >> 8);
            k6[2 * i + 1] = (uint8_t)t.key[i];
        }
        put_chunk(&w, "tRNS", k6, t.ctype == WF_PNG_COLOR_GREY ? 2 : 6);
    }
    if (w.overflow || w.avail - w.pos < 12 + 12)
        return WF_ERR_BUFFER_TOO_SMALL;

    /* 4. Filter and compress. */
    const int level = effort;
    const int low = t.ctype == WF_PNG_COLOR_PALETTE || t.depth < 8;
    int strategy = low ? WF_PNG_FILTER_NONE : effort <= 2 ? WF_PNG_FILTER_SUB : STRATEGY_MSAD;
    if (effort == 0)
        strategy = WF_PNG_FILTER_NONE;
    uint8_t *zout = out + w.pos + 8;
    size_t zavail = w.avail - w.pos - 12 - 12, zlen = 0;
    wf_status st;
    /* Filtered rows often compress better with short matches left to the
     * literal code (zlib's Z_FILTERED, which libpng uses for filtered rows),
     * but not always: which deflate strategy wins is measured. */
    const int zs_default = strategy == WF_PNG_FILTER_NONE ? WF_STRATEGY_DEFAULT : WF_STRATEGY_FILTERED;
    if (effort >= 8 || (effort >= 3 && filt_size <= PNG_SMALL_IMAGE)) {
        /* Every filter choice with both deflate strategies; keep the smallest
         * (from effort 3 on small images, where it costs little). */
        size_t zb = wf_deflate_bound(filt_size, WF_FORMAT_ZLIB);
        if (!wf_png_grow(&e->trial, &e->trial_cap, zb) || !wf_png_grow(&e->best, &e->best_cap, zb))
            return WF_ERR_OUT_OF_MEMORY;
        size_t best_len = (size_t)-1;
        static const int order[6] = {STRATEGY_MSAD, 0, 1, 2, 3, 4};
        for (int s = 0; s < 12; s++) {
            if (s % 2 == 0)
                filter_image(e->img, e->filt, pw, ph, npasses, bits, order[s / 2], e->rows);
            size_t len;
            int zs = s % 2 ? WF_STRATEGY_FILTERED : WF_STRATEGY_DEFAULT;
            st = wf_deflate_ex(e->def, WF_FORMAT_ZLIB, level, zs, e->filt, filt_size, e->trial, zb, &len);
            if (st != WF_OK)
                return st;
            if (len < best_len) {
                uint8_t *tmp = e->best;
                size_t tcap = e->best_cap;
                e->best = e->trial;
                e->best_cap = e->trial_cap;
                e->trial = tmp;
                e->trial_cap = tcap;
                best_len = len;
            }
        }
        if (best_len > zavail)
            return WF_ERR_BUFFER_TOO_SMALL;
        memcpy(zout, e->best, best_len);
        zlen = best_len;
    } else {
        filter_image(e->img, e->filt, pw, ph, npasses, bits, strategy, e->rows);
        int zs = zs_default;
        if (strategy == STRATEGY_MSAD && effort <= 6) {
            /* Adaptive filters up to the default effort: the deflate strategy
             * made for filtered rows, without trial compressions: on the
             * test photos 4-7x faster than level 6 chains with trials, and
             * still no larger than libpng's default (zlib level 6). */
            zs = WF_STRATEGY_IMAGE;
        } else if (strategy != WF_PNG_FILTER_NONE && effort >= 3) {
            /* Pick the strategy on a sample: the whole image when it is small,
             * else its first eighth (at least PNG_ZSAMPLE bytes). */
            size_t sample = filt_size / 8 > PNG_ZSAMPLE ? filt_size / 8 : PNG_ZSAMPLE;
            if (sample > filt_size)
                sample = filt_size;
            size_t zb = wf_deflate_bound(sample, WF_FORMAT_ZLIB);
            if (!wf_png_grow(&e->trial, &e->trial_cap, zb))
                return WF_ERR_OUT_OF_MEMORY;
            size_t len_d, len_f;
            st = wf_deflate_ex(e->def, WF_FORMAT_ZLIB, level, WF_STRATEGY_DEFAULT, e->filt, sample, e->trial, zb,
                               &len_d);
            if (st != WF_OK)
                return st;
            st = wf_deflate_ex(e->def, WF_FORMAT_ZLIB, level, WF_STRATEGY_FILTERED, e->filt, sample, e->trial, zb,
                               &len_f);
            if (st != WF_OK)
                return st;
            zs = len_d < len_f ? WF_STRATEGY_DEFAULT : WF_STRATEGY_FILTERED;
        }
        st = wf_deflate_ex(e->def, WF_FORMAT_ZLIB, level, zs, e->filt, filt_size, zout, zavail, &zlen);
        if (st != WF_OK)
            return st;
    }
    if (zlen > 0x7fffffffu)
        return WF_ERR_OUTPUT_LIMIT;
    put_chunk(&w, "IDAT", zout, zlen);
    put_chunk(&w, "IEND", NULL, 0);
    if (w.overflow)
        return WF_ERR_BUFFER_TOO_SMALL;
    if (out_nbytes_ret)
        *out_nbytes_ret = w.pos;
    return WF_OK;
}
