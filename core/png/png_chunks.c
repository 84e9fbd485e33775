/* SPDX-License-Identifier: MIT
 *
 * png_chunks.c: the chunk walk of the PNG decoder: signature, chunk
 * framing, CRCs and ordering rules, IHDR/PLTE/IDAT/IEND, the ancillary
 * chunks and their metadata (tRNS, gAMA, cHRM, sRGB, iCCP, pHYs, text) and
 * the metadata accessors. APNG's fcTL/fdAT are read by png_apng.c.
 */
#include <stdlib.h>
#include <string.h>
#include "png_internal.h"

#define CHUNK(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))
enum {
    T_IHDR = CHUNK('I', 'H', 'D', 'R'),
    T_PLTE = CHUNK('P', 'L', 'T', 'E'),
    T_IDAT = CHUNK('I', 'D', 'A', 'T'),
    T_IEND = CHUNK('I', 'E', 'N', 'D'),
    T_tRNS = CHUNK('t', 'R', 'N', 'S'),
    T_gAMA = CHUNK('g', 'A', 'M', 'A'),
    T_cHRM = CHUNK('c', 'H', 'R', 'M'),
    T_sRGB = CHUNK('s', 'R', 'G', 'B'),
    T_iCCP = CHUNK('i', 'C', 'C', 'P'),
    T_pHYs = CHUNK('p', 'H', 'Y', 's'),
    T_tEXt = CHUNK('t', 'E', 'X', 't'),
    T_zTXt = CHUNK('z', 'T', 'X', 't'),
    T_iTXt = CHUNK('i', 'T', 'X', 't'),
    T_acTL = CHUNK('a', 'c', 'T', 'L'),
    T_fcTL = CHUNK('f', 'c', 'T', 'L'),
    T_fdAT = CHUNK('f', 'd', 'A', 'T')
};

#define MAX_TEXTS 1000u
#define MAX_ARENA (16u << 20)
/* Total decompression work allowed for text and iCCP per read, failed
 * attempts included, so that many small "bombs" cannot make a read slow. */
#define MAX_META_INFLATE (32u << 20)

const uint8_t wf_png_signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};

/* Appends n bytes to the metadata arena; returns the offset or SIZE_MAX. */
static size_t arena_put(wf_png_decoder *d, const uint8_t *p, size_t n)
{
    if (n > MAX_ARENA - d->arena_len)
        return SIZE_MAX;
    if (d->arena_len + n > d->arena_cap) {
        size_t cap = d->arena_cap ? d->arena_cap : 256;
        while (cap < d->arena_len + n)
            cap *= 2;
        if (!wf_png_grow(&d->arena, &d->arena_cap, cap))
            return SIZE_MAX;
    }
    size_t off = d->arena_len;
    if (n)
        memcpy(d->arena + off, p, n);
    d->arena_len += n;
    return off;
}

/* Validates the 13 IHDR bytes at `p` (at input offset `off`). */
static wf_status check_ihdr(const uint8_t *p, wf_png_header *info, size_t off, size_t *err_off)
{
    uint32_t w = wf_png_be32(p), h = wf_png_be32(p + 4);
    uint8_t depth = p[8], ctype = p[9];
    *err_off = off;
    if (w == 0 || h == 0 || w > 0x7fffffffu || h > 0x7fffffffu)
        return WF_PNG_BAD_DIMENSIONS;
    *err_off = off + 9;
    if (ctype != 0 && ctype != 2 && ctype != 3 && ctype != 4 && ctype != 6)
        return WF_PNG_BAD_COLOR_TYPE;
    *err_off = off + 8;
    int ok;
    switch (ctype) {
    case 0: ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16; break;
    case 3: ok = depth == 1 || depth == 2 || depth == 4 || depth == 8; break;
    default: ok = depth == 8 || depth == 16; break;
    }
    if (!ok)
        return WF_PNG_BAD_BIT_DEPTH;
    *err_off = off + 10;
    if (p[10] != 0)
        return WF_PNG_BAD_COMPRESSION_METHOD;
    *err_off = off + 11;
    if (p[11] != 0)
        return WF_PNG_BAD_FILTER_METHOD;
    *err_off = off + 12;
    if (p[12] > 1)
        return WF_PNG_BAD_INTERLACE_METHOD;
    info->width = w;
    info->height = h;
    info->bit_depth = depth;
    info->color_type = ctype;
    info->interlace = p[12];
    *err_off = 0;
    return WF_OK;
}

wf_status wf_png_info(const uint8_t *in, size_t in_nbytes, wf_png_header *info)
{
    size_t off;
    if (!info || (!in && in_nbytes))
        return WF_ERR_INVALID_ARGUMENT;
    memset(info, 0, sizeof *info);
    if (in_nbytes < 8 || memcmp(in, wf_png_signature, 8) != 0)
        return WF_PNG_BAD_SIGNATURE;
    if (in_nbytes < 8 + 12)
        return WF_PNG_TRUNCATED;
    if (wf_png_be32(in + 12) != T_IHDR)
        return WF_PNG_MISSING_IHDR;
    if (wf_png_be32(in + 8) != 13)
        return WF_PNG_BAD_IHDR;
    if (in_nbytes < 8 + 12 + 13)
        return WF_PNG_TRUNCATED;
    if (wf_crc32(0, in + 12, 17) != wf_png_be32(in + 29))
        return WF_PNG_CRC_MISMATCH;
    wf_png_header tmp;
    wf_status st = check_ihdr(in + 16, &tmp, 16, &off);
    if (st == WF_OK)
        *info = tmp;
    return st;
}

static void reset_image(wf_png_decoder *d)
{
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
static uint64_t image_data_size(const wf_png_header *h)
{
    const unsigned bits = wf_png_channels(h->color_type) * h->bit_depth;
    uint64_t total = 0;
    for (int p = 0; p < (h->interlace ? 7 : 1); p++) {
        uint32_t pw = h->width, ph = h->height;
        if (h->interlace)
            wf_png_pass_size(h->width, h->height, p, &pw, &ph);
        if (pw)
            total += (wf_png_row_bytes(pw, bits) + 1) * ph;
    }
    return total;
}

/* ---- ancillary chunks --------------------------------------------------- */

/* Length of a 1-79 byte keyword ending in NUL at p[0..n), or 0. */
static size_t keyword_len(const uint8_t *p, size_t n)
{
    const uint8_t *z = (const uint8_t *)memchr(p, 0, n < 80 ? n : 80);
    return z && z != p ? (size_t)(z - p) : 0;
}

/* Decompresses a zlib stream into the arena; returns 0 when it fails. */
static int inflate_to_arena(wf_png_decoder *d, const uint8_t *p, size_t n, size_t *off, size_t *len)
{
    size_t budget = MAX_ARENA - d->arena_len;
    if (budget > d->meta_inflate_left)
        budget = d->meta_inflate_left;
    if (wf_inflate(d->inf, WF_FORMAT_ZLIB, p, n, budget) != WF_OK) {
        d->meta_inflate_left -= budget; /* charge a failure with all it may have done */
        return 0;
    }
    *len = wf_inflater_output_size(d->inf);
    d->meta_inflate_left -= *len;
    *off = arena_put(d, wf_inflater_output(d->inf), *len);
    return *off != SIZE_MAX;
}

static void read_text(wf_png_decoder *d, uint32_t type, const uint8_t *p, size_t n)
{
    if (d->ntexts >= MAX_TEXTS)
        return;
    size_t save = d->arena_len;
    wf_png_text t;
    memset(&t, 0, sizeof t);
    size_t k = keyword_len(p, n);
    if (!k)
        return;
    t.off[0] = arena_put(d, p, k);
    t.len[0] = k;
    if (t.off[0] == SIZE_MAX)
        goto fail;
    p += k + 1;
    n -= k + 1;
    if (type == T_tEXt) {
        t.kind = WF_PNG_TEXT_TEXT;
        if ((t.off[1] = arena_put(d, p, n)) == SIZE_MAX)
            goto fail;
        t.len[1] = n;
    } else if (type == T_zTXt) {
        t.kind = WF_PNG_TEXT_ZTXT;
        if (n < 1 || p[0] != 0)
            goto fail;
        if (!inflate_to_arena(d, p + 1, n - 1, &t.off[1], &t.len[1]))
            goto fail;
    } else {
        t.kind = WF_PNG_TEXT_ITXT;
        if (n < 2 || p[0] > 1 || p[1] != 0)
            goto fail;
        int compressed = p[0];
        p += 2;
        n -= 2;
        const uint8_t *z = (const uint8_t *)memchr(p, 0, n);
        if (!z)
            goto fail;
        size_t l = (size_t)(z - p);
        if ((t.off[2] = arena_put(d, p, l)) == SIZE_MAX)
            goto fail;
        t.len[2] = l;
        p += l + 1;
        n -= l + 1;
        z = (const uint8_t *)memchr(p, 0, n);
        if (!z)
            goto fail;
        l = (size_t)(z - p);
        if ((t.off[3] = arena_put(d, p, l)) == SIZE_MAX)
            goto fail;
        t.len[3] = l;
        p += l + 1;
        n -= l + 1;
        if (compressed) {
            if (!inflate_to_arena(d, p, n, &t.off[1], &t.len[1]))
                goto fail;
        } else {
            if ((t.off[1] = arena_put(d, p, n)) == SIZE_MAX)
                goto fail;
            t.len[1] = n;
        }
    }
    if (d->ntexts == d->texts_cap) {
        uint32_t cap = d->texts_cap ? d->texts_cap * 2 : 8;
        wf_png_text *nt = (wf_png_text *)realloc(d->texts, cap * sizeof *nt);
        if (!nt)
            goto fail;
        d->texts = nt;
        d->texts_cap = cap;
    }
    d->texts[d->ntexts++] = t;
    return;
fail:
    d->arena_len = save; /* drop the chunk (libpng: benign error) */
}

static void read_iccp(wf_png_decoder *d, const uint8_t *p, size_t n)
{
    size_t save = d->arena_len, k = keyword_len(p, n);
    if (!k || n < k + 2 || p[k + 1] != 0)
        return;
    d->iccp_name_off = arena_put(d, p, k);
    if (d->iccp_name_off == SIZE_MAX || !inflate_to_arena(d, p + k + 2, n - k - 2, &d->iccp_off, &d->iccp_len)) {
        d->arena_len = save;
        d->iccp_name_off = d->iccp_off = d->iccp_len = 0;
        return;
    }
    d->iccp_name_len = k;
    d->flags |= WF_PNG_META_ICCP;
}

static void read_trns(wf_png_decoder *d, const uint8_t *p, size_t n)
{
    unsigned mask = d->info.bit_depth == 16 ? 0xffffu : (1u << d->info.bit_depth) - 1;
    switch (d->info.color_type) {
    case WF_PNG_COLOR_GREY:
        if (n != 2)
            return;
        d->trns_key[0] = (uint16_t)(((p[0] << 8) | p[1]) & mask);
        break;
    case WF_PNG_COLOR_RGB:
        if (n != 6)
            return;
        for (int i = 0; i < 3; i++)
            d->trns_key[i] = (uint16_t)(((p[2 * i] << 8) | p[2 * i + 1]) & mask);
        break;
    case WF_PNG_COLOR_PALETTE:
        if (!(d->flags & WF_PNG_META_PLTE) || n == 0 || n > d->npal)
            return;
        for (size_t i = 0; i < n; i++)
            d->pal[i][3] = p[i];
        d->ntrns = (uint32_t)n;
        break;
    default: return; /* colour types with alpha have no tRNS */
    }
    d->has_trns = 1;
    d->flags |= WF_PNG_META_TRNS;
}

/* ---- chunk walk ------------------------------------------------------- */

static wf_status parse(wf_png_decoder *d, const uint8_t *in, size_t n)
{
    reset_image(d);
    if (n < 8 || memcmp(in, wf_png_signature, 8) != 0) {
        size_t i = 0;
        while (i < 8 && i < n && in[i] == wf_png_signature[i])
            i++;
        WF_PNG_FAIL(WF_PNG_BAD_SIGNATURE, i);
    }
    size_t pos = 8;
    int seen_ihdr = 0, idat_state = 0; /* 0 before IDAT, 1 in the IDAT run, 2 after it */
    for (;;) {
        if (pos == n)
            WF_PNG_FAIL(seen_ihdr ? WF_PNG_MISSING_IEND : WF_PNG_MISSING_IHDR, pos);
        if (n - pos < 8)
            WF_PNG_FAIL(WF_PNG_TRUNCATED, pos);
        uint32_t len = wf_png_be32(in + pos), type = wf_png_be32(in + pos + 4);
        const uint8_t *tp = in + pos + 4, *p = in + pos + 8;
        if (len > 0x7fffffffu)
            WF_PNG_FAIL(WF_PNG_CHUNK_TOO_LONG, pos);
        for (int i = 0; i < 4; i++) {
            uint8_t c = (uint8_t)(tp[i] & ~0x20);
            if (c < 'A' || c > 'Z')
                WF_PNG_FAIL(WF_PNG_BAD_CHUNK_TYPE, pos + 4);
        }
        if (n - pos < 12 || len > n - pos - 12)
            WF_PNG_FAIL(WF_PNG_TRUNCATED, pos);
        int critical = !(tp[0] & 0x20);
        int crc_ok = !d->check_crc || wf_crc32(0, tp, (size_t)len + 4) == wf_png_be32(p + len);
        if (!crc_ok && critical)
            WF_PNG_FAIL(WF_PNG_CRC_MISMATCH, pos + 8 + len);
        if (!seen_ihdr && type != T_IHDR)
            WF_PNG_FAIL(WF_PNG_MISSING_IHDR, pos);
        if (idat_state == 1 && type != T_IDAT)
            idat_state = 2;
        const wf_png_header *h = &d->info;
        switch (type) {
        case T_IHDR: {
            size_t eo;
            if (seen_ihdr)
                WF_PNG_FAIL(WF_PNG_DUPLICATE_IHDR, pos);
            if (len != 13)
                WF_PNG_FAIL(WF_PNG_BAD_IHDR, pos);
            wf_status st = check_ihdr(p, &d->info, pos + 8, &eo);
            if (st != WF_OK)
                WF_PNG_FAIL(st, eo);
            if ((uint64_t)d->info.width * d->info.height > d->max_pixels)
                WF_PNG_FAIL(WF_PNG_TOO_LARGE, pos + 8);
            seen_ihdr = 1;
            for (int i = 0; i < 256; i++) {
                d->pal[i][0] = d->pal[i][1] = d->pal[i][2] = 0;
                d->pal[i][3] = 255;
            }
            break;
        }
        case T_PLTE: {
            if (d->flags & WF_PNG_META_PLTE)
                WF_PNG_FAIL(WF_PNG_DUPLICATE_PLTE, pos);
            if (idat_state)
                WF_PNG_FAIL(WF_PNG_MISPLACED_PLTE, pos);
            if (!(h->color_type & 2))
                break; /* greyscale: ignored, as libpng does */
            if (len == 0 || len % 3 || len > 768) {
                if (h->color_type == WF_PNG_COLOR_PALETTE)
                    WF_PNG_FAIL(WF_PNG_BAD_PLTE, pos);
                break;
            }
            uint32_t num = len / 3;
            if (h->color_type == WF_PNG_COLOR_PALETTE && num > (1u << h->bit_depth))
                num = 1u << h->bit_depth;
            for (uint32_t i = 0; i < num; i++)
                memcpy(d->pal[i], p + 3 * i, 3);
            d->npal = num;
            d->flags |= WF_PNG_META_PLTE;
            break;
        }
        case T_IDAT:
            if (idat_state == 2)
                WF_PNG_FAIL(WF_PNG_NONCONSECUTIVE_IDAT, pos);
            if (h->color_type == WF_PNG_COLOR_PALETTE && !(d->flags & WF_PNG_META_PLTE))
                WF_PNG_FAIL(WF_PNG_MISSING_PLTE, pos);
            idat_state = 1;
            if (len == 0)
                break;
            if (d->nidat == d->idat_cap) {
                size_t cap = d->idat_cap ? d->idat_cap * 2 : 16;
                wf_png_span *ns = (wf_png_span *)realloc(d->idat, cap * sizeof *ns);
                if (!ns)
                    WF_PNG_FAIL(WF_ERR_OUT_OF_MEMORY, pos);
                d->idat = ns;
                d->idat_cap = cap;
            }
            d->idat[d->nidat].off = pos + 8;
            d->idat[d->nidat].len = len;
            d->nidat++;
            d->idat_total += len;
            break;
        case T_IEND:
            if (!idat_state)
                WF_PNG_FAIL(WF_PNG_MISSING_IDAT, pos);
            if (len != 0)
                WF_PNG_FAIL(WF_PNG_BAD_IEND, pos);
            if (d->apng_ok)
                wf_png_apng_check(d);
            if (image_data_size(&d->info) / WF_PNG_MAX_INFLATE_RATIO > (uint64_t)d->idat_total + 16)
                WF_PNG_FAIL(WF_PNG_NOT_ENOUGH_DATA,
                            d->nidat ? d->idat[d->nidat - 1].off + d->idat[d->nidat - 1].len : pos);
            d->have_image = 1;
            return WF_OK;
        default:
            if (critical)
                WF_PNG_FAIL(WF_PNG_UNKNOWN_CRITICAL_CHUNK, pos + 4);
            if (!crc_ok)
                break; /* damaged ancillary chunk: dropped */
            /* Colour chunks must precede PLTE and IDAT; tRNS and pHYs precede
             * IDAT. Out-of-place or repeated ones are ignored (as libpng). */
            int before_plte = !idat_state && !(d->flags & WF_PNG_META_PLTE);
            switch (type) {
            case T_tRNS:
                if (!idat_state && !d->has_trns)
                    read_trns(d, p, len);
                break;
            case T_gAMA:
                if (before_plte && len == 4 && !(d->flags & WF_PNG_META_GAMA)) {
                    d->gamma = wf_png_be32(p);
                    d->flags |= WF_PNG_META_GAMA;
                }
                break;
            case T_cHRM:
                if (before_plte && len == 32 && !(d->flags & WF_PNG_META_CHRM)) {
                    for (int i = 0; i < 8; i++)
                        d->chrm[i] = wf_png_be32(p + 4 * i);
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
                if (before_plte && !(d->flags & WF_PNG_META_ICCP))
                    read_iccp(d, p, len);
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
            case T_iTXt: read_text(d, type, p, len); break;
            case T_acTL:
                if (!idat_state && len == 8 && !d->num_frames && wf_png_be32(p) > 0) {
                    d->num_frames = wf_png_be32(p);
                    d->num_plays = wf_png_be32(p + 4);
                    d->apng_ok = 1;
                }
                break;
            case T_fcTL:
                if (d->apng_ok)
                    wf_png_apng_read_fctl(d, p, len, idat_state == 0);
                break;
            case T_fdAT:
                if (d->apng_ok)
                    wf_png_apng_read_fdat(d, p, len, pos + 12);
                break;
            default: break; /* unknown ancillary chunk: skipped */
            }
            break;
        }
        pos += (size_t)len + 12;
    }
}

wf_status wf_png_decoder_read(wf_png_decoder *d, const uint8_t *in, size_t in_nbytes)
{
    if (!d)
        return WF_ERR_INVALID_ARGUMENT;
    if (!in && in_nbytes) {
        reset_image(d);
        return WF_ERR_INVALID_ARGUMENT;
    }
    return parse(d, in, in_nbytes);
}

/* ---- metadata accessors ------------------------------------------------- */

uint32_t wf_png_meta_flags(const wf_png_decoder *d) { return d && d->have_image ? d->flags : 0; }
uint32_t wf_png_meta_gamma(const wf_png_decoder *d) { return d ? d->gamma : 0; }
uint32_t wf_png_meta_chrm(const wf_png_decoder *d, int i) { return d && i >= 0 && i < 8 ? d->chrm[i] : 0; }
int wf_png_meta_srgb_intent(const wf_png_decoder *d) { return d ? d->srgb : -1; }
uint32_t wf_png_meta_phys(const wf_png_decoder *d, int i) { return d && i >= 0 && i < 3 ? d->phys[i] : 0; }

static const uint8_t *arena_ptr(const wf_png_decoder *d, size_t off, size_t len)
{
    return len && d->arena ? d->arena + off : (const uint8_t *)"";
}
const uint8_t *wf_png_meta_iccp_name(const wf_png_decoder *d)
{
    return d ? arena_ptr(d, d->iccp_name_off, d->iccp_name_len) : NULL;
}
size_t wf_png_meta_iccp_name_size(const wf_png_decoder *d) { return d ? d->iccp_name_len : 0; }
const uint8_t *wf_png_meta_iccp_profile(const wf_png_decoder *d)
{
    return d ? arena_ptr(d, d->iccp_off, d->iccp_len) : NULL;
}
size_t wf_png_meta_iccp_profile_size(const wf_png_decoder *d) { return d ? d->iccp_len : 0; }
uint32_t wf_png_meta_text_count(const wf_png_decoder *d) { return d ? d->ntexts : 0; }
int wf_png_meta_text_kind(const wf_png_decoder *d, uint32_t i) { return d && i < d->ntexts ? d->texts[i].kind : -1; }
const uint8_t *wf_png_meta_text_field(const wf_png_decoder *d, uint32_t i, int field)
{
    if (!d || i >= d->ntexts || field < 0 || field > 3)
        return NULL;
    return arena_ptr(d, d->texts[i].off[field], d->texts[i].len[field]);
}
size_t wf_png_meta_text_field_size(const wf_png_decoder *d, uint32_t i, int field)
{
    if (!d || i >= d->ntexts || field < 0 || field > 3)
        return 0;
    return d->texts[i].len[field];
}
