/* SPDX-License-Identifier: MIT
 *
 * png_decode.c: PNG decoder: chunk walk and validation, metadata, IDAT
 * decompression into an exactly sized scanline buffer, unfiltering and the
 * expansion of every colour type/bit depth to RGBA8 or RGBA16.
 * Not here: filters (png_filter.c), the encoder (png_encode.c).
 */
#include <stdlib.h>
#include <string.h>
#include "wf/png.h"
#include "wf/deflate.h"
#include "png_internal.h"
#ifdef WF_SIMD
#include <wasm_simd128.h>
#endif

#define CHUNK(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))
enum {
    T_IHDR = CHUNK('I', 'H', 'D', 'R'), T_PLTE = CHUNK('P', 'L', 'T', 'E'),
    T_IDAT = CHUNK('I', 'D', 'A', 'T'), T_IEND = CHUNK('I', 'E', 'N', 'D'),
    T_tRNS = CHUNK('t', 'R', 'N', 'S'), T_gAMA = CHUNK('g', 'A', 'M', 'A'),
    T_cHRM = CHUNK('c', 'H', 'R', 'M'), T_sRGB = CHUNK('s', 'R', 'G', 'B'),
    T_iCCP = CHUNK('i', 'C', 'C', 'P'), T_pHYs = CHUNK('p', 'H', 'Y', 's'),
    T_tEXt = CHUNK('t', 'E', 'X', 't'), T_zTXt = CHUNK('z', 'T', 'X', 't'),
    T_iTXt = CHUNK('i', 'T', 'X', 't'), T_acTL = CHUNK('a', 'c', 'T', 'L'),
    T_fcTL = CHUNK('f', 'c', 'T', 'L'), T_fdAT = CHUNK('f', 'd', 'A', 'T')
};

#define MAX_TEXTS 1000u
#define MAX_ARENA (16u << 20)
/* Total decompression work allowed for text and iCCP per read, failed
 * attempts included, so that many small "bombs" cannot make a read slow. */
#define MAX_META_INFLATE (32u << 20)

static const uint8_t png_signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};

typedef struct text_entry {
    int kind;
    size_t off[4], len[4];
} text_entry;

typedef struct idat_span {
    size_t off, len; /* payload position in the input */
} idat_span;

/* One APNG frame (fcTL), and where its image data is. */
typedef struct apng_frame {
    uint32_t x, y, w, h;
    uint16_t delay_num, delay_den;
    uint8_t dispose, blend;
    int uses_idat;              /* frame 0 is the default image */
    size_t first_span, nspans, total;
} apng_frame;

struct wf_png_decoder {
    uint32_t max_pixels;
    int check_crc;
    wf_inflater *inf;
    size_t err_off;
    int have_image, pal_overflow;
    wf_png_header info;
    uint32_t npal, ntrns;
    int has_trns;
    uint16_t trns_key[3];
    uint8_t pal[256][4]; /* RGBA, tRNS applied; unused entries opaque black */
    /* metadata */
    uint32_t flags, gamma, chrm[8], phys[3];
    int srgb;
    uint8_t *arena;
    size_t arena_len, arena_cap;
    text_entry *texts;
    uint32_t ntexts, texts_cap;
    size_t iccp_name_off, iccp_name_len, iccp_off, iccp_len;
    size_t meta_inflate_left;
    /* image data */
    idat_span *idat;
    size_t nidat, idat_cap, idat_total;
    uint8_t *zbuf, *raw, *tmp;
    size_t zbuf_cap, raw_cap, tmp_cap;
    /* APNG: structure of the file last read */
    int apng_ok;
    uint32_t num_frames, num_plays, next_seq;
    apng_frame *frames;
    uint32_t nframes, frames_cap;
    idat_span *fspans;
    size_t nfspans, fspans_cap;
    /* APNG: compositing state of the last wf_png_decode_frame() */
    uint8_t *fbuf, *saved;
    size_t fbuf_cap, saved_cap;
    long anim_last;
    const void *anim_out;
    const uint8_t *anim_in;
    size_t anim_in_n;
    int anim_depth;
};

#define FAIL(st, off)          \
    do {                       \
        d->err_off = (off);    \
        return (st);           \
    } while (0)

/* ---- helpers ---------------------------------------------------------- */

static int grow(uint8_t **buf, size_t *cap, size_t need) {
    if (need <= *cap) return 1;
    uint8_t *p = (uint8_t *)realloc(*buf, need);
    if (!p) return 0;
    *buf = p;
    *cap = need;
    return 1;
}

/* Appends n bytes to the metadata arena; returns the offset or SIZE_MAX. */
static size_t arena_put(wf_png_decoder *d, const uint8_t *p, size_t n) {
    if (n > MAX_ARENA - d->arena_len) return SIZE_MAX;
    if (d->arena_len + n > d->arena_cap) {
        size_t cap = d->arena_cap ? d->arena_cap : 256;
        while (cap < d->arena_len + n) cap *= 2;
        if (!grow(&d->arena, &d->arena_cap, cap)) return SIZE_MAX;
    }
    size_t off = d->arena_len;
    if (n) memcpy(d->arena + off, p, n);
    d->arena_len += n;
    return off;
}

static unsigned channels_of(int ctype) {
    switch (ctype) {
    case WF_PNG_COLOR_RGB: return 3;
    case WF_PNG_COLOR_GREY_ALPHA: return 2;
    case WF_PNG_COLOR_RGBA: return 4;
    default: return 1;
    }
}

/* Validates the 13 IHDR bytes at `p` (at input offset `off`). */
static wf_status check_ihdr(const uint8_t *p, wf_png_header *info, size_t off, size_t *err_off) {
    uint32_t w = wf_png_be32(p), h = wf_png_be32(p + 4);
    uint8_t depth = p[8], ctype = p[9];
    *err_off = off;
    if (w == 0 || h == 0 || w > 0x7fffffffu || h > 0x7fffffffu) return WF_PNG_BAD_DIMENSIONS;
    *err_off = off + 9;
    if (ctype != 0 && ctype != 2 && ctype != 3 && ctype != 4 && ctype != 6) return WF_PNG_BAD_COLOR_TYPE;
    *err_off = off + 8;
    int ok;
    switch (ctype) {
    case 0: ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16; break;
    case 3: ok = depth == 1 || depth == 2 || depth == 4 || depth == 8; break;
    default: ok = depth == 8 || depth == 16; break;
    }
    if (!ok) return WF_PNG_BAD_BIT_DEPTH;
    *err_off = off + 10;
    if (p[10] != 0) return WF_PNG_BAD_COMPRESSION_METHOD;
    *err_off = off + 11;
    if (p[11] != 0) return WF_PNG_BAD_FILTER_METHOD;
    *err_off = off + 12;
    if (p[12] > 1) return WF_PNG_BAD_INTERLACE_METHOD;
    info->width = w;
    info->height = h;
    info->bit_depth = depth;
    info->color_type = ctype;
    info->interlace = p[12];
    *err_off = 0;
    return WF_OK;
}

wf_status wf_png_info(const uint8_t *in, size_t in_nbytes, wf_png_header *info) {
    size_t off;
    if (!info || (!in && in_nbytes)) return WF_ERR_INVALID_ARGUMENT;
    memset(info, 0, sizeof *info);
    if (in_nbytes < 8 || memcmp(in, png_signature, 8) != 0) return WF_PNG_BAD_SIGNATURE;
    if (in_nbytes < 8 + 12) return WF_PNG_TRUNCATED;
    if (wf_png_be32(in + 12) != T_IHDR) return WF_PNG_MISSING_IHDR;
    if (wf_png_be32(in + 8) != 13) return WF_PNG_BAD_IHDR;
    if (in_nbytes < 8 + 12 + 13) return WF_PNG_TRUNCATED;
    if (wf_crc32(0, in + 12, 17) != wf_png_be32(in + 29)) return WF_PNG_CRC_MISMATCH;
    wf_png_header tmp;
    wf_status st = check_ihdr(in + 16, &tmp, 16, &off);
    if (st == WF_OK) *info = tmp;
    return st;
}

/* ---- context ---------------------------------------------------------- */

wf_png_decoder *wf_png_decoder_alloc(void) {
    wf_png_decoder *d = (wf_png_decoder *)calloc(1, sizeof *d);
    if (!d) return NULL;
    d->inf = wf_inflater_alloc();
    if (!d->inf) {
        free(d);
        return NULL;
    }
    d->max_pixels = WF_PNG_DEFAULT_MAX_PIXELS;
    d->check_crc = 1;
    d->srgb = -1;
    return d;
}

void wf_png_decoder_free(wf_png_decoder *d) {
    if (!d) return;
    wf_inflater_free(d->inf);
    free(d->arena);
    free(d->texts);
    free(d->idat);
    free(d->zbuf);
    free(d->raw);
    free(d->tmp);
    free(d->frames);
    free(d->fspans);
    free(d->fbuf);
    free(d->saved);
    free(d);
}

void wf_png_decoder_set_max_pixels(wf_png_decoder *d, uint32_t max_pixels) {
    if (d) d->max_pixels = max_pixels ? max_pixels : WF_PNG_DEFAULT_MAX_PIXELS;
}

void wf_png_decoder_set_check_crc(wf_png_decoder *d, int check) {
    if (d) d->check_crc = check != 0;
}

static void reset_image(wf_png_decoder *d) {
    d->err_off = 0;
    d->have_image = 0;
    d->pal_overflow = 0;
    memset(&d->info, 0, sizeof d->info);
    d->npal = d->ntrns = 0;
    d->has_trns = 0;
    d->flags = d->gamma = 0;
    memset(d->chrm, 0, sizeof d->chrm);
    memset(d->phys, 0, sizeof d->phys);
    d->srgb = -1;
    d->arena_len = 0;
    d->ntexts = 0;
    d->iccp_name_off = d->iccp_name_len = d->iccp_off = d->iccp_len = 0;
    d->meta_inflate_left = MAX_META_INFLATE;
    d->nidat = d->idat_total = 0;
    d->apng_ok = 0;
    d->num_frames = d->num_plays = d->next_seq = 0;
    d->nframes = 0;
    d->nfspans = 0;
    d->anim_last = -1;
}

/* Size of the filtered scanlines of the image (filter bytes included). */
static uint64_t image_data_size(const wf_png_header *h) {
    const unsigned bits = channels_of(h->color_type) * h->bit_depth;
    uint64_t total = 0;
    for (int p = 0; p < (h->interlace ? 7 : 1); p++) {
        uint32_t pw = h->width, ph = h->height;
        if (h->interlace) wf_png_pass_size(h->width, h->height, p, &pw, &ph);
        if (pw) total += (wf_png_row_bytes(pw, bits) + 1) * ph;
    }
    return total;
}

/* DEFLATE cannot expand more than 1032:1 (a 258-byte match in 2 bits), so
 * image data this short cannot fill the image: say so before allocating. */
#define WF_PNG_MAX_INFLATE_RATIO 1032u

/* ---- ancillary chunks --------------------------------------------------- */

/* Length of a 1-79 byte keyword ending in NUL at p[0..n), or 0. */
static size_t keyword_len(const uint8_t *p, size_t n) {
    const uint8_t *z = (const uint8_t *)memchr(p, 0, n < 80 ? n : 80);
    return z && z != p ? (size_t)(z - p) : 0;
}

/* Decompresses a zlib stream into the arena; returns 0 when it fails. */
static int inflate_to_arena(wf_png_decoder *d, const uint8_t *p, size_t n, size_t *off, size_t *len) {
    size_t budget = MAX_ARENA - d->arena_len;
    if (budget > d->meta_inflate_left) budget = d->meta_inflate_left;
    if (wf_inflate(d->inf, WF_FORMAT_ZLIB, p, n, budget) != WF_OK) {
        d->meta_inflate_left -= budget; /* charge a failure with all it may have done */
        return 0;
    }
    *len = wf_inflater_output_size(d->inf);
    d->meta_inflate_left -= *len;
    *off = arena_put(d, wf_inflater_output(d->inf), *len);
    return *off != SIZE_MAX;
}

static void read_text(wf_png_decoder *d, uint32_t type, const uint8_t *p, size_t n) {
    if (d->ntexts >= MAX_TEXTS) return;
    size_t save = d->arena_len;
    text_entry t;
    memset(&t, 0, sizeof t);
    size_t k = keyword_len(p, n);
    if (!k) return;
    t.off[0] = arena_put(d, p, k);
    t.len[0] = k;
    if (t.off[0] == SIZE_MAX) goto fail;
    p += k + 1;
    n -= k + 1;
    if (type == T_tEXt) {
        t.kind = WF_PNG_TEXT_TEXT;
        if ((t.off[1] = arena_put(d, p, n)) == SIZE_MAX) goto fail;
        t.len[1] = n;
    } else if (type == T_zTXt) {
        t.kind = WF_PNG_TEXT_ZTXT;
        if (n < 1 || p[0] != 0) goto fail;
        if (!inflate_to_arena(d, p + 1, n - 1, &t.off[1], &t.len[1])) goto fail;
    } else {
        t.kind = WF_PNG_TEXT_ITXT;
        if (n < 2 || p[0] > 1 || p[1] != 0) goto fail;
        int compressed = p[0];
        p += 2;
        n -= 2;
        const uint8_t *z = (const uint8_t *)memchr(p, 0, n);
        if (!z) goto fail;
        size_t l = (size_t)(z - p);
        if ((t.off[2] = arena_put(d, p, l)) == SIZE_MAX) goto fail;
        t.len[2] = l;
        p += l + 1;
        n -= l + 1;
        z = (const uint8_t *)memchr(p, 0, n);
        if (!z) goto fail;
        l = (size_t)(z - p);
        if ((t.off[3] = arena_put(d, p, l)) == SIZE_MAX) goto fail;
        t.len[3] = l;
        p += l + 1;
        n -= l + 1;
        if (compressed) {
            if (!inflate_to_arena(d, p, n, &t.off[1], &t.len[1])) goto fail;
        } else {
            if ((t.off[1] = arena_put(d, p, n)) == SIZE_MAX) goto fail;
            t.len[1] = n;
        }
    }
    if (d->ntexts == d->texts_cap) {
        uint32_t cap = d->texts_cap ? d->texts_cap * 2 : 8;
        text_entry *nt = (text_entry *)realloc(d->texts, cap * sizeof *nt);
        if (!nt) goto fail;
        d->texts = nt;
        d->texts_cap = cap;
    }
    d->texts[d->ntexts++] = t;
    return;
fail:
    d->arena_len = save; /* drop the chunk (libpng: benign error) */
}

static void read_iccp(wf_png_decoder *d, const uint8_t *p, size_t n) {
    size_t save = d->arena_len, k = keyword_len(p, n);
    if (!k || n < k + 2 || p[k + 1] != 0) return;
    d->iccp_name_off = arena_put(d, p, k);
    if (d->iccp_name_off == SIZE_MAX ||
        !inflate_to_arena(d, p + k + 2, n - k - 2, &d->iccp_off, &d->iccp_len)) {
        d->arena_len = save;
        d->iccp_name_off = d->iccp_off = d->iccp_len = 0;
        return;
    }
    d->iccp_name_len = k;
    d->flags |= WF_PNG_META_ICCP;
}

static void read_trns(wf_png_decoder *d, const uint8_t *p, size_t n) {
    unsigned mask = d->info.bit_depth == 16 ? 0xffffu : (1u << d->info.bit_depth) - 1;
    switch (d->info.color_type) {
    case WF_PNG_COLOR_GREY:
        if (n != 2) return;
        d->trns_key[0] = (uint16_t)(((p[0] << 8) | p[1]) & mask);
        break;
    case WF_PNG_COLOR_RGB:
        if (n != 6) return;
        for (int i = 0; i < 3; i++) d->trns_key[i] = (uint16_t)(((p[2 * i] << 8) | p[2 * i + 1]) & mask);
        break;
    case WF_PNG_COLOR_PALETTE:
        if (!(d->flags & WF_PNG_META_PLTE) || n == 0 || n > d->npal) return;
        for (size_t i = 0; i < n; i++) d->pal[i][3] = p[i];
        d->ntrns = (uint32_t)n;
        break;
    default:
        return; /* colour types with alpha have no tRNS */
    }
    d->has_trns = 1;
    d->flags |= WF_PNG_META_TRNS;
}

/* ---- APNG chunks (acTL/fcTL/fdAT) -------------------------------------------
 * A broken animation is not an error: like browsers, the decoder then
 * falls back to the default image and reports no frames (apng_ok = 0). */

static void read_fctl(wf_png_decoder *d, const uint8_t *p, size_t n, int before_idat) {
    if (n != 26 || wf_png_be32(p) != d->next_seq) {
        d->apng_ok = 0;
        return;
    }
    d->next_seq++;
    apng_frame f;
    memset(&f, 0, sizeof f);
    f.w = wf_png_be32(p + 4);
    f.h = wf_png_be32(p + 8);
    f.x = wf_png_be32(p + 12);
    f.y = wf_png_be32(p + 16);
    f.delay_num = (uint16_t)((p[20] << 8) | p[21]);
    f.delay_den = (uint16_t)((p[22] << 8) | p[23]);
    f.dispose = p[24];
    f.blend = p[25];
    f.uses_idat = before_idat;
    f.first_span = d->nfspans;
    const wf_png_header *h = &d->info;
    int ok = f.w && f.h && (uint64_t)f.x + f.w <= h->width && (uint64_t)f.y + f.h <= h->height &&
             f.dispose <= 2 && f.blend <= 1 && d->nframes < d->num_frames;
    if (before_idat) ok = ok && d->nframes == 0 && f.x == 0 && f.y == 0 && f.w == h->width && f.h == h->height;
    if (d->nframes > 0 && !d->frames[d->nframes - 1].uses_idat && d->frames[d->nframes - 1].nspans == 0) ok = 0;
    if (ok && d->nframes == d->frames_cap) {
        uint32_t cap = d->frames_cap ? d->frames_cap * 2 : 8;
        apng_frame *nf = (apng_frame *)realloc(d->frames, cap * sizeof *nf);
        if (nf) {
            d->frames = nf;
            d->frames_cap = cap;
        } else {
            ok = 0;
        }
    }
    if (!ok) {
        d->apng_ok = 0;
        return;
    }
    d->frames[d->nframes++] = f;
}

static void read_fdat(wf_png_decoder *d, const uint8_t *p, size_t n, size_t data_off) {
    if (n < 4 || wf_png_be32(p) != d->next_seq || d->nframes == 0 || d->frames[d->nframes - 1].uses_idat) {
        d->apng_ok = 0;
        return;
    }
    d->next_seq++;
    if (n == 4) return;
    if (d->nfspans == d->fspans_cap) {
        size_t cap = d->fspans_cap ? d->fspans_cap * 2 : 16;
        idat_span *ns = (idat_span *)realloc(d->fspans, cap * sizeof *ns);
        if (!ns) {
            d->apng_ok = 0;
            return;
        }
        d->fspans = ns;
        d->fspans_cap = cap;
    }
    d->fspans[d->nfspans].off = data_off;
    d->fspans[d->nfspans].len = n - 4;
    d->nfspans++;
    apng_frame *f = &d->frames[d->nframes - 1];
    f->nspans++;
    f->total += n - 4;
}

static void check_apng(wf_png_decoder *d) {
    if (d->nframes != d->num_frames) d->apng_ok = 0;
    for (uint32_t i = 0; i < d->nframes && d->apng_ok; i++)
        if (!d->frames[i].uses_idat && d->frames[i].nspans == 0) d->apng_ok = 0;
}

/* ---- chunk walk ------------------------------------------------------- */

static wf_status parse(wf_png_decoder *d, const uint8_t *in, size_t n) {
    reset_image(d);
    if (n < 8 || memcmp(in, png_signature, 8) != 0) {
        size_t i = 0;
        while (i < 8 && i < n && in[i] == png_signature[i]) i++;
        FAIL(WF_PNG_BAD_SIGNATURE, i);
    }
    size_t pos = 8;
    int seen_ihdr = 0, idat_state = 0; /* 0 before IDAT, 1 in the IDAT run, 2 after it */
    for (;;) {
        if (pos == n) FAIL(seen_ihdr ? WF_PNG_MISSING_IEND : WF_PNG_MISSING_IHDR, pos);
        if (n - pos < 8) FAIL(WF_PNG_TRUNCATED, pos);
        uint32_t len = wf_png_be32(in + pos), type = wf_png_be32(in + pos + 4);
        const uint8_t *tp = in + pos + 4, *p = in + pos + 8;
        if (len > 0x7fffffffu) FAIL(WF_PNG_CHUNK_TOO_LONG, pos);
        for (int i = 0; i < 4; i++) {
            uint8_t c = (uint8_t)(tp[i] & ~0x20);
            if (c < 'A' || c > 'Z') FAIL(WF_PNG_BAD_CHUNK_TYPE, pos + 4);
        }
        if (n - pos < 12 || len > n - pos - 12) FAIL(WF_PNG_TRUNCATED, pos);
        int critical = !(tp[0] & 0x20);
        int crc_ok = !d->check_crc || wf_crc32(0, tp, (size_t)len + 4) == wf_png_be32(p + len);
        if (!crc_ok && critical) FAIL(WF_PNG_CRC_MISMATCH, pos + 8 + len);
        if (!seen_ihdr && type != T_IHDR) FAIL(WF_PNG_MISSING_IHDR, pos);
        if (idat_state == 1 && type != T_IDAT) idat_state = 2;
        const wf_png_header *h = &d->info;
        switch (type) {
        case T_IHDR: {
            size_t eo;
            if (seen_ihdr) FAIL(WF_PNG_DUPLICATE_IHDR, pos);
            if (len != 13) FAIL(WF_PNG_BAD_IHDR, pos);
            wf_status st = check_ihdr(p, &d->info, pos + 8, &eo);
            if (st != WF_OK) FAIL(st, eo);
            if ((uint64_t)d->info.width * d->info.height > d->max_pixels) FAIL(WF_PNG_TOO_LARGE, pos + 8);
            seen_ihdr = 1;
            for (int i = 0; i < 256; i++) {
                d->pal[i][0] = d->pal[i][1] = d->pal[i][2] = 0;
                d->pal[i][3] = 255;
            }
            break;
        }
        case T_PLTE: {
            if (d->flags & WF_PNG_META_PLTE) FAIL(WF_PNG_DUPLICATE_PLTE, pos);
            if (idat_state) FAIL(WF_PNG_MISPLACED_PLTE, pos);
            if (!(h->color_type & 2)) break; /* greyscale: ignored, as libpng does */
            if (len == 0 || len % 3 || len > 768) {
                if (h->color_type == WF_PNG_COLOR_PALETTE) FAIL(WF_PNG_BAD_PLTE, pos);
                break;
            }
            uint32_t num = len / 3;
            if (h->color_type == WF_PNG_COLOR_PALETTE && num > (1u << h->bit_depth)) num = 1u << h->bit_depth;
            for (uint32_t i = 0; i < num; i++) memcpy(d->pal[i], p + 3 * i, 3);
            d->npal = num;
            d->flags |= WF_PNG_META_PLTE;
            break;
        }
        case T_IDAT:
            if (idat_state == 2) FAIL(WF_PNG_NONCONSECUTIVE_IDAT, pos);
            if (h->color_type == WF_PNG_COLOR_PALETTE && !(d->flags & WF_PNG_META_PLTE))
                FAIL(WF_PNG_MISSING_PLTE, pos);
            idat_state = 1;
            if (len == 0) break;
            if (d->nidat == d->idat_cap) {
                size_t cap = d->idat_cap ? d->idat_cap * 2 : 16;
                idat_span *ns = (idat_span *)realloc(d->idat, cap * sizeof *ns);
                if (!ns) FAIL(WF_ERR_OUT_OF_MEMORY, pos);
                d->idat = ns;
                d->idat_cap = cap;
            }
            d->idat[d->nidat].off = pos + 8;
            d->idat[d->nidat].len = len;
            d->nidat++;
            d->idat_total += len;
            break;
        case T_IEND:
            if (!idat_state) FAIL(WF_PNG_MISSING_IDAT, pos);
            if (len != 0) FAIL(WF_PNG_BAD_IEND, pos);
            if (d->apng_ok) check_apng(d);
            if (image_data_size(&d->info) / WF_PNG_MAX_INFLATE_RATIO > (uint64_t)d->idat_total + 16)
                FAIL(WF_PNG_NOT_ENOUGH_DATA, d->nidat ? d->idat[d->nidat - 1].off + d->idat[d->nidat - 1].len : pos);
            d->have_image = 1;
            return WF_OK;
        default:
            if (critical) FAIL(WF_PNG_UNKNOWN_CRITICAL_CHUNK, pos + 4);
            if (!crc_ok) break; /* damaged ancillary chunk: dropped */
            /* Colour chunks must precede PLTE and IDAT; tRNS and pHYs precede
             * IDAT. Out-of-place or repeated ones are ignored (as libpng). */
            int before_plte = !idat_state && !(d->flags & WF_PNG_META_PLTE);
            switch (type) {
            case T_tRNS:
                if (!idat_state && !d->has_trns) read_trns(d, p, len);
                break;
            case T_gAMA:
                if (before_plte && len == 4 && !(d->flags & WF_PNG_META_GAMA)) {
                    d->gamma = wf_png_be32(p);
                    d->flags |= WF_PNG_META_GAMA;
                }
                break;
            case T_cHRM:
                if (before_plte && len == 32 && !(d->flags & WF_PNG_META_CHRM)) {
                    for (int i = 0; i < 8; i++) d->chrm[i] = wf_png_be32(p + 4 * i);
                    d->flags |= WF_PNG_META_CHRM;
                }
                break;
            case T_sRGB:
                if (before_plte && len == 1 && p[0] <= 3 && !(d->flags & WF_PNG_META_SRGB)) {
                    d->srgb = p[0];
                    d->flags |= WF_PNG_META_SRGB;
                }
                break;
            case T_iCCP:
                if (before_plte && !(d->flags & WF_PNG_META_ICCP)) read_iccp(d, p, len);
                break;
            case T_pHYs:
                if (!idat_state && len == 9 && !(d->flags & WF_PNG_META_PHYS)) {
                    d->phys[0] = wf_png_be32(p);
                    d->phys[1] = wf_png_be32(p + 4);
                    d->phys[2] = p[8];
                    d->flags |= WF_PNG_META_PHYS;
                }
                break;
            case T_tEXt:
            case T_zTXt:
            case T_iTXt:
                read_text(d, type, p, len);
                break;
            case T_acTL:
                if (!idat_state && len == 8 && !d->num_frames && wf_png_be32(p) > 0) {
                    d->num_frames = wf_png_be32(p);
                    d->num_plays = wf_png_be32(p + 4);
                    d->apng_ok = 1;
                }
                break;
            case T_fcTL:
                if (d->apng_ok) read_fctl(d, p, len, idat_state == 0);
                break;
            case T_fdAT:
                if (d->apng_ok) read_fdat(d, p, len, pos + 12);
                break;
            default:
                break; /* unknown ancillary chunk: skipped */
            }
            break;
        }
        pos += (size_t)len + 12;
    }
}

wf_status wf_png_decoder_read(wf_png_decoder *d, const uint8_t *in, size_t in_nbytes) {
    if (!d) return WF_ERR_INVALID_ARGUMENT;
    if (!in && in_nbytes) {
        reset_image(d);
        return WF_ERR_INVALID_ARGUMENT;
    }
    return parse(d, in, in_nbytes);
}

size_t wf_png_decoder_output_size(const wf_png_decoder *d, int out_depth) {
    if (!d || !d->have_image || (out_depth != 8 && out_depth != 16)) return 0;
    uint64_t s = (uint64_t)d->info.width * d->info.height * (out_depth == 8 ? 4u : 8u);
    return s > SIZE_MAX ? 0 : (size_t)s;
}

/* ---- expansion to RGBA ---------------------------------------------------- */

static inline unsigned sample_at(const uint8_t *s, uint32_t x, unsigned depth) {
    uint32_t bit = x * depth;
    return (s[bit >> 3] >> (8 - depth - (bit & 7))) & ((1u << depth) - 1);
}

/* Expands one row of w pixels at `s` to RGBA8 at `o`. */
static void expand8(wf_png_decoder *d, const uint8_t *s, uint32_t w, uint8_t *o) {
    const unsigned depth = d->info.bit_depth;
    const int trns = d->has_trns;
    const unsigned k0 = d->trns_key[0], k1 = d->trns_key[1], k2 = d->trns_key[2];
    uint32_t x;
    switch (d->info.color_type) {
    case WF_PNG_COLOR_GREY:
        if (depth < 8) {
            unsigned scale = 255u / ((1u << depth) - 1);
            for (x = 0; x < w; x++) {
                unsigned v = sample_at(s, x, depth);
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = (uint8_t)(v * scale);
                o[4 * x + 3] = (trns && v == k0) ? 0 : 255;
            }
        } else if (depth == 8) {
            if (trns) {
                for (x = 0; x < w; x++) {
                    uint8_t v = s[x];
                    o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = v;
                    o[4 * x + 3] = v == k0 ? 0 : 255;
                }
            } else {
                for (x = 0; x < w; x++) {
                    uint8_t v = s[x];
                    o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = v;
                    o[4 * x + 3] = 255;
                }
            }
        } else {
            for (x = 0; x < w; x++) {
                unsigned v = ((unsigned)s[2 * x] << 8) | s[2 * x + 1];
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = s[2 * x];
                o[4 * x + 3] = (trns && v == k0) ? 0 : 255;
            }
        }
        break;
    case WF_PNG_COLOR_RGB:
        if (depth == 8) {
            if (trns) {
                for (x = 0; x < w; x++) {
                    uint8_t r = s[3 * x], g = s[3 * x + 1], b = s[3 * x + 2];
                    o[4 * x] = r;
                    o[4 * x + 1] = g;
                    o[4 * x + 2] = b;
                    o[4 * x + 3] = (r == k0 && g == k1 && b == k2) ? 0 : 255;
                }
            } else {
                x = 0;
#ifdef WF_SIMD
                /* 4 pixels per step: 12 RGB bytes shuffled into 16 RGBA bytes
                 * (bytes 16-31 of the shuffle are the 0xff of `opaque`). */
                const v128_t opaque = wasm_i8x16_splat(-1);
                for (; x + 6 <= w; x += 4) {
                    v128_t v = wasm_v128_load(s + 3 * (size_t)x);
                    wasm_v128_store(o + 4 * (size_t)x, wasm_i8x16_shuffle(v, opaque, 0, 1, 2, 16, 3, 4, 5, 16, 6, 7, 8, 16,
                                                                          9, 10, 11, 16));
                }
#endif
                for (; x < w; x++) {
                    o[4 * x] = s[3 * x];
                    o[4 * x + 1] = s[3 * x + 1];
                    o[4 * x + 2] = s[3 * x + 2];
                    o[4 * x + 3] = 255;
                }
            }
        } else {
            for (x = 0; x < w; x++) {
                const uint8_t *q = s + 6 * x;
                unsigned r = ((unsigned)q[0] << 8) | q[1], g = ((unsigned)q[2] << 8) | q[3],
                         b = ((unsigned)q[4] << 8) | q[5];
                o[4 * x] = q[0];
                o[4 * x + 1] = q[2];
                o[4 * x + 2] = q[4];
                o[4 * x + 3] = (trns && r == k0 && g == k1 && b == k2) ? 0 : 255;
            }
        }
        break;
    case WF_PNG_COLOR_PALETTE: {
        const uint32_t npal = d->npal;
        unsigned over = 0;
        if (depth == 8) {
            for (x = 0; x < w; x++) {
                unsigned v = s[x];
                over |= v >= npal;
                memcpy(o + 4 * x, d->pal[v], 4);
            }
        } else {
            for (x = 0; x < w; x++) {
                unsigned v = sample_at(s, x, depth);
                over |= v >= npal;
                memcpy(o + 4 * x, d->pal[v], 4);
            }
        }
        d->pal_overflow |= (int)over;
        break;
    }
    case WF_PNG_COLOR_GREY_ALPHA:
        if (depth == 8) {
            for (x = 0; x < w; x++) {
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = s[2 * x];
                o[4 * x + 3] = s[2 * x + 1];
            }
        } else {
            for (x = 0; x < w; x++) {
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = s[4 * x];
                o[4 * x + 3] = s[4 * x + 2];
            }
        }
        break;
    default: /* RGBA */
        if (depth == 8) {
            memcpy(o, s, (size_t)w * 4);
        } else {
            for (x = 0; x < 4 * w; x++) o[x] = s[2 * x];
        }
        break;
    }
}

/* Expands one row of w pixels at `s` to native-endian RGBA16 at `o`. */
static void expand16(wf_png_decoder *d, const uint8_t *s, uint32_t w, uint16_t *o) {
    const unsigned depth = d->info.bit_depth;
    const int trns = d->has_trns;
    const unsigned k0 = d->trns_key[0], k1 = d->trns_key[1], k2 = d->trns_key[2];
    uint32_t x;
    if (depth == 16) {
        switch (d->info.color_type) {
        case WF_PNG_COLOR_GREY:
            for (x = 0; x < w; x++) {
                uint16_t v = (uint16_t)((s[2 * x] << 8) | s[2 * x + 1]);
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = v;
                o[4 * x + 3] = (trns && v == k0) ? 0 : 65535;
            }
            break;
        case WF_PNG_COLOR_RGB:
            for (x = 0; x < w; x++) {
                const uint8_t *q = s + 6 * x;
                uint16_t r = (uint16_t)((q[0] << 8) | q[1]), g = (uint16_t)((q[2] << 8) | q[3]),
                         b = (uint16_t)((q[4] << 8) | q[5]);
                o[4 * x] = r;
                o[4 * x + 1] = g;
                o[4 * x + 2] = b;
                o[4 * x + 3] = (trns && r == k0 && g == k1 && b == k2) ? 0 : 65535;
            }
            break;
        case WF_PNG_COLOR_GREY_ALPHA:
            for (x = 0; x < w; x++) {
                uint16_t v = (uint16_t)((s[4 * x] << 8) | s[4 * x + 1]);
                o[4 * x] = o[4 * x + 1] = o[4 * x + 2] = v;
                o[4 * x + 3] = (uint16_t)((s[4 * x + 2] << 8) | s[4 * x + 3]);
            }
            break;
        default:
            for (x = 0; x < 4 * w; x++) o[x] = (uint16_t)((s[2 * x] << 8) | s[2 * x + 1]);
            break;
        }
        return;
    }
    /* Up to 8 bits: expand to RGBA8 in place at the end of the output row,
     * then widen front to back (v * 257). The 8-bit row occupies the upper
     * half, so the widening never overwrites bytes it still has to read. */
    uint8_t *tmp = (uint8_t *)o + (size_t)w * 4;
    expand8(d, s, w, tmp);
    for (x = 0; x < 4 * w; x++) o[x] = (uint16_t)(tmp[x] * 257u);
}

/* ---- decode ------------------------------------------------------------ */

/* Decodes the zlib stream made of `spans` of `in` (total bytes) as a
 * width x height image in the IHDR's format into `out` (RGBA rows of
 * width * 4 or 8 bytes). Used for the image and for APNG frames. */
static wf_status decode_pixels(wf_png_decoder *d, const uint8_t *in, const idat_span *spans, size_t nspans,
                               size_t total, uint32_t width, uint32_t height, uint8_t *out, int out_depth) {
    const wf_png_header h = d->info;
    wf_status st;
    const unsigned bits = channels_of(h.color_type) * h.bit_depth;
    const unsigned bpp = bits >= 8 ? bits / 8 : 1;
    const int npasses = h.interlace ? 7 : 1;
    uint32_t pw[7], ph[7];
    uint64_t raw_size = 0, max_row = wf_png_row_bytes(width, bits);
    for (int p = 0; p < npasses; p++) {
        if (h.interlace) {
            wf_png_pass_size(width, height, p, &pw[p], &ph[p]);
        } else {
            pw[p] = width;
            ph[p] = height;
        }
        if (pw[p]) raw_size += (wf_png_row_bytes(pw[p], bits) + 1) * ph[p];
    }
    if (raw_size / WF_PNG_MAX_INFLATE_RATIO > (uint64_t)total + 16) {
        /* cannot be filled: fail before allocating (APNG frames come here unchecked) */
        FAIL(WF_PNG_NOT_ENOUGH_DATA, nspans ? spans[nspans - 1].off + spans[nspans - 1].len : 0);
    }
    const uint64_t row_tmp_off = (max_row + 15) & ~(uint64_t)15; /* 16-bit rows stay aligned */
    uint64_t tmp_size = row_tmp_off + (uint64_t)width * 8;
    if (raw_size > SIZE_MAX || tmp_size > SIZE_MAX) return WF_PNG_TOO_LARGE;
    if (!grow(&d->raw, &d->raw_cap, (size_t)raw_size) || !grow(&d->tmp, &d->tmp_cap, (size_t)tmp_size))
        return WF_ERR_OUT_OF_MEMORY;

    /* The zlib stream: the single IDAT in place, or the IDATs joined. */
    const uint8_t *z = in + (nspans ? spans[0].off : 0);
    if (nspans > 1) {
        if (!grow(&d->zbuf, &d->zbuf_cap, total)) return WF_ERR_OUT_OF_MEMORY;
        size_t o = 0;
        for (size_t i = 0; i < nspans; i++) {
            memcpy(d->zbuf + o, in + spans[i].off, spans[i].len);
            o += spans[i].len;
        }
        z = d->zbuf;
    }
    size_t got = 0;
    st = wf_inflate_into(d->inf, WF_FORMAT_ZLIB, z, total, d->raw, (size_t)raw_size, &got);
    if (st != WF_OK || got != raw_size) {
        size_t zoff = st == WF_OK ? total : wf_inflater_error_offset(d->inf);
        if (st == WF_ERR_OUTPUT_LIMIT) st = WF_PNG_TOO_MUCH_DATA;
        else if (st == WF_OK) st = WF_PNG_NOT_ENOUGH_DATA;
        /* map the offset in the joined stream back to the file */
        size_t acc = 0, off = nspans ? spans[nspans - 1].off + spans[nspans - 1].len : 0;
        for (size_t i = 0; i < nspans; i++) {
            if (zoff < acc + spans[i].len) {
                off = spans[i].off + (zoff - acc);
                break;
            }
            acc += spans[i].len;
        }
        FAIL(st, off);
    }

    uint8_t *zero = d->tmp, *row_tmp = d->tmp + row_tmp_off;
    memset(zero, 0, (size_t)max_row);
    const size_t out_px = out_depth == 8 ? 4 : 8;
    const size_t out_stride = (size_t)width * out_px;
    uint8_t *raw = d->raw;
    size_t roff = 0;
    for (int p = 0; p < npasses; p++) {
        if (!pw[p]) continue;
        const size_t rb = (size_t)wf_png_row_bytes(pw[p], bits);
        const uint8_t *prev = zero;
        for (uint32_t y = 0; y < ph[p]; y++) {
            uint8_t *row = raw + roff + 1;
            unsigned f = raw[roff];
            if (f > 4) {
                /* report the filter byte's position in the image data */
                FAIL(WF_PNG_BAD_FILTER_TYPE, spans[0].off);
            }
            if (f) wf_png_unfilter_row((int)f, row, prev, rb, bpp);
            prev = row;
            roff += rb + 1;
            if (!h.interlace) {
                uint8_t *o = out + (size_t)y * out_stride;
                if (out_depth == 8) expand8(d, row, pw[p], o);
                else expand16(d, row, pw[p], (uint16_t *)(void *)o);
            } else {
                if (out_depth == 8) expand8(d, row, pw[p], row_tmp);
                else expand16(d, row, pw[p], (uint16_t *)(void *)row_tmp);
                size_t oy = (size_t)wf_png_adam7_ystart[p] + (size_t)y * wf_png_adam7_ystep[p];
                uint8_t *o = out + oy * out_stride + wf_png_adam7_xstart[p] * out_px;
                const size_t step = wf_png_adam7_xstep[p] * out_px;
                for (uint32_t x = 0; x < pw[p]; x++) memcpy(o + x * step, row_tmp + x * out_px, out_px);
            }
        }
    }
    return WF_OK;
}

wf_status wf_png_decode(wf_png_decoder *d, const uint8_t *in, size_t in_nbytes, void *out,
                        size_t out_nbytes_avail, int out_depth) {
    if (!d) return WF_ERR_INVALID_ARGUMENT;
    wf_status st = wf_png_decoder_read(d, in, in_nbytes);
    if (st != WF_OK) return st;
    d->have_image = 0; /* until the pixels are decoded too */
    d->err_off = 0;
    if (out_depth != 8 && out_depth != 16) return WF_ERR_INVALID_ARGUMENT;
    const wf_png_header h = d->info;
    uint64_t out_size = (uint64_t)h.width * h.height * (out_depth == 8 ? 4u : 8u);
    if (out_size > SIZE_MAX) return WF_PNG_TOO_LARGE;
    if (!out) return WF_ERR_INVALID_ARGUMENT;
    if (out_nbytes_avail < out_size) return WF_ERR_BUFFER_TOO_SMALL;

    st = decode_pixels(d, in, d->idat, d->nidat, d->idat_total, h.width, h.height, (uint8_t *)out, out_depth);
    if (st != WF_OK) return st;
    d->have_image = 1;
    return WF_OK;
}

/* ---- APNG frames ------------------------------------------------------- */

/* Composites `src` (w x h RGBA, px bytes per pixel) over the canvas region at
 * dst (row stride `stride`), APNG blend_op OVER, in integers:
 * a = sa + da(1-sa), c = (sc*sa + dc*da(1-sa)) / a, rounded to nearest. */
static void blend_over(uint8_t *dst, size_t stride, const uint8_t *src, uint32_t w, uint32_t h, int depth) {
    for (uint32_t y = 0; y < h; y++) {
        if (depth == 8) {
            uint8_t *o = dst + (size_t)y * stride;
            const uint8_t *sp = src + (size_t)y * w * 4;
            for (uint32_t x = 0; x < w; x++, o += 4, sp += 4) {
                uint32_t sa = sp[3];
                if (sa == 255) {
                    memcpy(o, sp, 4);
                } else if (sa != 0) {
                    uint32_t t = o[3] * (255u - sa);   /* dst weight, times 255 */
                    uint32_t a255 = sa * 255u + t;     /* out alpha, times 255 */
                    for (int c = 0; c < 3; c++) o[c] = (uint8_t)((sp[c] * sa * 255u + o[c] * t + a255 / 2) / a255);
                    o[3] = (uint8_t)((a255 + 127) / 255);
                }
            }
        } else {
            uint16_t *o = (uint16_t *)(void *)(dst + (size_t)y * stride);
            const uint16_t *sp = (const uint16_t *)(const void *)src + (size_t)y * w * 4;
            for (uint32_t x = 0; x < w; x++, o += 4, sp += 4) {
                uint64_t sa = sp[3];
                if (sa == 65535) {
                    memcpy(o, sp, 8);
                } else if (sa != 0) {
                    uint64_t t = o[3] * (65535u - sa);
                    uint64_t a = sa * 65535u + t;
                    for (int c = 0; c < 3; c++) o[c] = (uint16_t)((sp[c] * sa * 65535u + o[c] * t + a / 2) / a);
                    o[3] = (uint16_t)((a + 32767) / 65535);
                }
            }
        }
    }
}

/* Draws frame k onto the canvas, after disposing of frame k-1. */
static wf_status render_frame(wf_png_decoder *d, const uint8_t *in, uint8_t *canvas, int depth, uint32_t k) {
    const size_t px = depth == 8 ? 4 : 8, stride = (size_t)d->info.width * px;
    if (k > 0) {
        const apng_frame *p = &d->frames[k - 1];
        int op = p->dispose == 2 && k - 1 == 0 ? 1 : p->dispose;
        for (uint32_t y = 0; y < p->h && op; y++) {
            uint8_t *row = canvas + (size_t)(p->y + y) * stride + (size_t)p->x * px;
            if (op == 1) memset(row, 0, (size_t)p->w * px);
            else memcpy(row, d->saved + (size_t)y * p->w * px, (size_t)p->w * px);
        }
    }
    const apng_frame *f = &d->frames[k];
    const size_t fsize = (size_t)f->w * f->h * px; /* <= the canvas, which fits in size_t */
    if (f->dispose == 2) {
        if (!grow(&d->saved, &d->saved_cap, fsize)) return WF_ERR_OUT_OF_MEMORY;
        for (uint32_t y = 0; y < f->h; y++)
            memcpy(d->saved + (size_t)y * f->w * px, canvas + (size_t)(f->y + y) * stride + (size_t)f->x * px,
                   (size_t)f->w * px);
    }
    if (!grow(&d->fbuf, &d->fbuf_cap, fsize)) return WF_ERR_OUT_OF_MEMORY;
    wf_status st = f->uses_idat
        ? decode_pixels(d, in, d->idat, d->nidat, d->idat_total, f->w, f->h, d->fbuf, depth)
        : decode_pixels(d, in, d->fspans + f->first_span, f->nspans, f->total, f->w, f->h, d->fbuf, depth);
    if (st != WF_OK) return st;
    uint8_t *dst = canvas + (size_t)f->y * stride + (size_t)f->x * px;
    if (f->blend == 0) {
        for (uint32_t y = 0; y < f->h; y++) memcpy(dst + (size_t)y * stride, d->fbuf + (size_t)y * f->w * px, (size_t)f->w * px);
    } else {
        blend_over(dst, stride, d->fbuf, f->w, f->h, depth);
    }
    return WF_OK;
}

wf_status wf_png_decode_frame(wf_png_decoder *d, const uint8_t *in, size_t in_nbytes, void *out,
                              size_t out_nbytes_avail, int out_depth, uint32_t index) {
    if (!d) return WF_ERR_INVALID_ARGUMENT;
    long last = d->anim_last; /* parse() resets it */
    wf_status st = wf_png_decoder_read(d, in, in_nbytes);
    if (st != WF_OK) return st;
    d->have_image = 0;
    if (out_depth != 8 && out_depth != 16) return WF_ERR_INVALID_ARGUMENT;
    if (!d->apng_ok || index >= d->nframes) return WF_ERR_INVALID_ARGUMENT;
    uint64_t out_size = (uint64_t)d->info.width * d->info.height * (out_depth == 8 ? 4u : 8u);
    if (out_size > SIZE_MAX) return WF_PNG_TOO_LARGE;
    if (!out) return WF_ERR_INVALID_ARGUMENT;
    if (out_nbytes_avail < out_size) return WF_ERR_BUFFER_TOO_SMALL;
    uint32_t k = 0;
    if (index > 0 && last == (long)index - 1 && d->anim_out == out && d->anim_in == in &&
        d->anim_in_n == in_nbytes && d->anim_depth == out_depth) {
        k = index; /* continue from the previous frame on the caller's canvas */
    } else {
        memset(out, 0, (size_t)out_size);
    }
    for (; k <= index; k++) {
        st = render_frame(d, in, (uint8_t *)out, out_depth, k);
        if (st != WF_OK) return st;
    }
    d->anim_last = index;
    d->anim_out = out;
    d->anim_in = in;
    d->anim_in_n = in_nbytes;
    d->anim_depth = out_depth;
    d->have_image = 1;
    return WF_OK;
}

uint32_t wf_png_decoder_frame_count(const wf_png_decoder *d) {
    return d && d->have_image && d->apng_ok ? d->nframes : 0;
}
uint32_t wf_png_decoder_num_plays(const wf_png_decoder *d) {
    return d && d->have_image && d->apng_ok ? d->num_plays : 0;
}
uint32_t wf_png_decoder_frame_info(const wf_png_decoder *d, uint32_t index, int field) {
    if (!d || !d->have_image || !d->apng_ok || index >= d->nframes) return 0;
    const apng_frame *f = &d->frames[index];
    switch (field) {
    case WF_PNG_FRAME_X: return f->x;
    case WF_PNG_FRAME_Y: return f->y;
    case WF_PNG_FRAME_WIDTH: return f->w;
    case WF_PNG_FRAME_HEIGHT: return f->h;
    case WF_PNG_FRAME_DELAY_NUM: return f->delay_num;
    case WF_PNG_FRAME_DELAY_DEN: return f->delay_den;
    case WF_PNG_FRAME_DISPOSE: return f->dispose;
    case WF_PNG_FRAME_BLEND: return f->blend;
    case WF_PNG_FRAME_IS_DEFAULT_IMAGE: return (uint32_t)f->uses_idat;
    default: return 0;
    }
}

/* ---- accessors ---------------------------------------------------------- */

size_t wf_png_decoder_error_offset(const wf_png_decoder *d) { return d ? d->err_off : 0; }
uint32_t wf_png_decoder_width(const wf_png_decoder *d) { return d && d->have_image ? d->info.width : 0; }
uint32_t wf_png_decoder_height(const wf_png_decoder *d) { return d && d->have_image ? d->info.height : 0; }
uint32_t wf_png_decoder_bit_depth(const wf_png_decoder *d) { return d && d->have_image ? d->info.bit_depth : 0; }
uint32_t wf_png_decoder_color_type(const wf_png_decoder *d) { return d && d->have_image ? d->info.color_type : 0; }
uint32_t wf_png_decoder_interlace(const wf_png_decoder *d) { return d && d->have_image ? d->info.interlace : 0; }
int wf_png_decoder_palette_overflow(const wf_png_decoder *d) { return d ? d->pal_overflow : 0; }

uint32_t wf_png_meta_flags(const wf_png_decoder *d) { return d && d->have_image ? d->flags : 0; }
uint32_t wf_png_meta_gamma(const wf_png_decoder *d) { return d ? d->gamma : 0; }
uint32_t wf_png_meta_chrm(const wf_png_decoder *d, int i) { return d && i >= 0 && i < 8 ? d->chrm[i] : 0; }
int wf_png_meta_srgb_intent(const wf_png_decoder *d) { return d ? d->srgb : -1; }
uint32_t wf_png_meta_phys(const wf_png_decoder *d, int i) { return d && i >= 0 && i < 3 ? d->phys[i] : 0; }

static const uint8_t *arena_ptr(const wf_png_decoder *d, size_t off, size_t len) {
    return len && d->arena ? d->arena + off : (const uint8_t *)"";
}
const uint8_t *wf_png_meta_iccp_name(const wf_png_decoder *d) {
    return d ? arena_ptr(d, d->iccp_name_off, d->iccp_name_len) : NULL;
}
size_t wf_png_meta_iccp_name_size(const wf_png_decoder *d) { return d ? d->iccp_name_len : 0; }
const uint8_t *wf_png_meta_iccp_profile(const wf_png_decoder *d) {
    return d ? arena_ptr(d, d->iccp_off, d->iccp_len) : NULL;
}
size_t wf_png_meta_iccp_profile_size(const wf_png_decoder *d) { return d ? d->iccp_len : 0; }
uint32_t wf_png_meta_text_count(const wf_png_decoder *d) { return d ? d->ntexts : 0; }
int wf_png_meta_text_kind(const wf_png_decoder *d, uint32_t i) {
    return d && i < d->ntexts ? d->texts[i].kind : -1;
}
const uint8_t *wf_png_meta_text_field(const wf_png_decoder *d, uint32_t i, int field) {
    if (!d || i >= d->ntexts || field < 0 || field > 3) return NULL;
    return arena_ptr(d, d->texts[i].off[field], d->texts[i].len[field]);
}
size_t wf_png_meta_text_field_size(const wf_png_decoder *d, uint32_t i, int field) {
    if (!d || i >= d->ntexts || field < 0 || field > 3) return 0;
    return d->texts[i].len[field];
}
