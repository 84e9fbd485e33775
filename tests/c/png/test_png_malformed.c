/* SPDX-License-Identifier: MIT
 *
 * test_png_malformed.c: hand-made malformed PNGs, each rejected with the
 * expected status (and each followed by a successful decode on the same
 * decoder): truncation at every chunk boundary and inside chunks, bad CRCs,
 * huge or zero dimensions, bad IHDR fields, chunk order violations, image
 * data too short or too long, bad filter types, a bad Adler-32, unknown
 * chunks; palette indices beyond PLTE decode as libpng decodes them; the
 * pixel limit; metadata of a hand-made file (zlib and libpng as oracles).
 */
#include <zlib.h>
#include "wf/png.h"
#include "png_test_util.h"

/* ---- a tiny PNG builder (zlib for CRC and compression) ---------------------- */

typedef struct buf {
    uint8_t *p;
    size_t n, cap;
} buf;

static void put(buf *b, const void *p, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->p = (uint8_t *)realloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
}
static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}
static void chunk(buf *b, const char *type, const void *data, size_t len)
{
    uint8_t h[8];
    be32(h, (uint32_t)len);
    memcpy(h + 4, type, 4);
    put(b, h, 8);
    if (len)
        put(b, data, len);
    uLong crc = crc32(0, (const Bytef *)type, 4);
    if (len)
        crc = crc32(crc, (const Bytef *)data, (uInt)len);
    uint8_t c[4];
    be32(c, (uint32_t)crc);
    put(b, c, 4);
}
static void sig(buf *b)
{
    static const uint8_t s[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    b->n = 0;
    put(b, s, 8);
}
static void ihdr(buf *b, uint32_t w, uint32_t h, int depth, int ctype, int interlace)
{
    uint8_t d[13];
    be32(d, w);
    be32(d + 4, h);
    d[8] = (uint8_t)depth;
    d[9] = (uint8_t)ctype;
    d[10] = 0;
    d[11] = 0;
    d[12] = (uint8_t)interlace;
    chunk(b, "IHDR", d, 13);
}
/* zlib-compresses `raw` into an IDAT chunk. */
static void idat(buf *b, const uint8_t *raw, size_t n)
{
    uLongf zn = compressBound((uLong)n);
    uint8_t *z = (uint8_t *)malloc(zn);
    compress2(z, &zn, raw, (uLong)n, 6);
    chunk(b, "IDAT", z, zn);
    free(z);
}

/* Filtered RGB8 image data of w x h (filter `f` on every row, pixel values
 * pseudo-random). */
static uint8_t *rgb_raw(uint32_t w, uint32_t h, int f, size_t *n)
{
    *n = (size_t)h * (1 + 3 * w);
    uint8_t *r = (uint8_t *)malloc(*n);
    uint32_t s = 12345;
    for (size_t i = 0; i < *n; i++) {
        s = s * 1103515245u + 12345u;
        r[i] = (uint8_t)(s >> 16);
    }
    for (uint32_t y = 0; y < h; y++)
        r[(size_t)y * (1 + 3 * w)] = (uint8_t)f;
    return r;
}

/* ---- checks ------------------------------------------------------------ */

static uint8_t *g_good;
static size_t g_good_n;

static wf_status decode(wf_png_decoder *d, const uint8_t *in, size_t n)
{
    static uint8_t out[1 << 20];
    wf_status st = wf_png_decoder_read(d, in, n);
    if (st != WF_OK)
        return st;
    size_t sz = wf_png_decoder_output_size(d, 8);
    if (sz > sizeof out)
        return WF_ERR_BUFFER_TOO_SMALL;
    return wf_png_decode(d, in, n, out, sizeof out, 8);
}

/* Expects `st` from decoding b, then a good decode with the same decoder. */
static void expect(wf_png_decoder *d, const buf *b, wf_status want, const char *what)
{
    wf_status st = decode(d, b->p, b->n);
    CHECK(st == want, "%s: got %s (%d), want %s", what, wf_status_name(st), st, wf_status_name(want));
    st = decode(d, g_good, g_good_n);
    CHECK(st == WF_OK, "%s: decoder unusable afterwards (%s)", what, wf_status_name(st));
}

static void expect_error(wf_png_decoder *d, const uint8_t *p, size_t n, const char *what)
{
    wf_status st = decode(d, p, n);
    CHECK(st != WF_OK, "%s: accepted", what);
    st = decode(d, g_good, g_good_n);
    CHECK(st == WF_OK, "%s: decoder unusable afterwards (%s)", what, wf_status_name(st));
}

static void test_truncation(wf_png_decoder *d, const char *path)
{
    size_t n;
    uint8_t *in = wf_read_file(path, &n);
    if (!in) {
        CHECK(0, "cannot read %s", path);
        return;
    }
    char what[1400];
    /* every chunk boundary, and 1, 5, 9 bytes into each chunk */
    size_t pos = 8;
    int cuts = 0;
    for (size_t k = 0; k < 8; k++) {
        snprintf(what, sizeof what, "%s cut at %zu", path, k);
        expect_error(d, in, k, what);
    }
    while (pos + 12 <= n) {
        uint32_t len =
            ((uint32_t)in[pos] << 24) | ((uint32_t)in[pos + 1] << 16) | ((uint32_t)in[pos + 2] << 8) | in[pos + 3];
        size_t offs[5] = {0, 1, 5, 9, 12 + (size_t)len - 1};
        for (int i = 0; i < 5; i++) {
            if (pos + offs[i] >= n)
                continue;
            snprintf(what, sizeof what, "%s cut at %zu", path, pos + offs[i]);
            expect_error(d, in, pos + offs[i], what);
            cuts++;
        }
        pos += 12 + (size_t)len;
    }
    CHECK(decode(d, in, n) == WF_OK, "%s: whole file", path);
    free(in);
    printf("truncation: %s, %d cuts rejected\n", path, cuts);
}

static void test_crc(wf_png_decoder *d, const char *path)
{
    size_t n;
    uint8_t *in = wf_read_file(path, &n);
    if (!in) {
        CHECK(0, "cannot read %s", path);
        return;
    }
    size_t pos = 8;
    int nchunks = 0;
    char what[1400];
    while (pos + 12 <= n) {
        uint32_t len =
            ((uint32_t)in[pos] << 24) | ((uint32_t)in[pos + 1] << 16) | ((uint32_t)in[pos + 2] << 8) | in[pos + 3];
        int critical = !(in[pos + 4] & 0x20);
        in[pos + 8 + len] ^= 0x40;
        snprintf(what, sizeof what, "%s bad CRC in %.4s", path, (const char *)in + pos + 4);
        buf b = {in, n, n};
        expect(d, &b, critical ? WF_PNG_CRC_MISMATCH : WF_OK, what);
        wf_png_decoder_set_check_crc(d, 0);
        expect(d, &b, WF_OK, what);
        wf_png_decoder_set_check_crc(d, 1);
        in[pos + 8 + len] ^= 0x40;
        pos += 12 + (size_t)len;
        nchunks++;
    }
    free(in);
    printf("CRC: %s, %d chunks corrupted one at a time\n", path, nchunks);
}

static void test_structure(wf_png_decoder *d)
{
    buf b = {0};
    size_t rn;
    uint8_t *raw = rgb_raw(8, 8, 4, &rn);
    uint8_t pal[6] = {0, 0, 0, 255, 255, 255};

    /* the reference good file */
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_OK, "good");

    sig(&b);
    ihdr(&b, 0, 8, 8, 2, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_BAD_DIMENSIONS, "width 0");
    sig(&b);
    ihdr(&b, 8, 0x80000000u, 8, 2, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_BAD_DIMENSIONS, "height 2^31");
    sig(&b);
    ihdr(&b, 0x7fffffffu, 0x7fffffffu, 8, 2, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_TOO_LARGE, "huge dimensions");
    sig(&b);
    ihdr(&b, 100000, 1001, 8, 2, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_TOO_LARGE, "just above 100 MP");
    sig(&b);
    ihdr(&b, 8, 8, 8, 7, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_BAD_COLOR_TYPE, "colour type 7");
    sig(&b);
    ihdr(&b, 8, 8, 4, 2, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_BAD_BIT_DEPTH, "RGB depth 4");
    sig(&b);
    ihdr(&b, 8, 8, 16, 3, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_BAD_BIT_DEPTH, "palette depth 16");
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 2);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_BAD_INTERLACE_METHOD, "interlace 2");
    {
        uint8_t h[13] = {0, 0, 0, 8, 0, 0, 0, 8, 8, 2, 1, 0, 0};
        sig(&b);
        chunk(&b, "IHDR", h, 13);
        idat(&b, raw, rn);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_PNG_BAD_COMPRESSION_METHOD, "compression 1");
        h[10] = 0;
        h[11] = 1;
        sig(&b);
        chunk(&b, "IHDR", h, 13);
        idat(&b, raw, rn);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_PNG_BAD_FILTER_METHOD, "filter method 1");
        sig(&b);
        chunk(&b, "IHDR", h, 12);
        idat(&b, raw, rn);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_PNG_BAD_IHDR, "IHDR length 12");
    }
    sig(&b);
    idat(&b, raw, rn);
    ihdr(&b, 8, 8, 8, 2, 0);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_MISSING_IHDR, "IDAT before IHDR");
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    ihdr(&b, 8, 8, 8, 2, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_DUPLICATE_IHDR, "two IHDR");
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_MISSING_IDAT, "no IDAT");
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    idat(&b, raw, rn);
    expect(d, &b, WF_PNG_MISSING_IEND, "no IEND");
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", "x", 1);
    expect(d, &b, WF_PNG_BAD_IEND, "IEND with data");
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    chunk(&b, "ABCD", "x", 1);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_UNKNOWN_CRITICAL_CHUNK, "unknown critical chunk");
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    chunk(&b, "abCd", "x", 1);
    idat(&b, raw, rn);
    chunk(&b, "zzZz", NULL, 0);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_OK, "unknown ancillary chunks");
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    chunk(&b, "ab1d", "x", 1);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_BAD_CHUNK_TYPE, "chunk type with a digit");
    {
        sig(&b);
        ihdr(&b, 8, 8, 8, 2, 0);
        uint8_t h[8] = {0x80, 0, 0, 0, 'a', 'b', 'c', 'd'};
        put(&b, h, 8);
        expect(d, &b, WF_PNG_CHUNK_TOO_LONG, "chunk length 2^31");
        sig(&b);
        ihdr(&b, 8, 8, 8, 2, 0);
        h[0] = 0;
        h[3] = 100;
        put(&b, h, 8);
        put(&b, "0123456789", 10);
        expect(d, &b, WF_PNG_TRUNCATED, "chunk length beyond file");
    }
    /* PLTE rules */
    {
        size_t pn = 8 * 9;
        uint8_t *praw = (uint8_t *)calloc(pn, 1);
        sig(&b);
        ihdr(&b, 8, 8, 8, 3, 0);
        idat(&b, praw, pn);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_PNG_MISSING_PLTE, "palette without PLTE");
        sig(&b);
        ihdr(&b, 8, 8, 8, 3, 0);
        chunk(&b, "PLTE", pal, 6);
        chunk(&b, "PLTE", pal, 6);
        idat(&b, praw, pn);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_PNG_DUPLICATE_PLTE, "two PLTE");
        sig(&b);
        ihdr(&b, 8, 8, 8, 3, 0);
        chunk(&b, "PLTE", pal, 5);
        idat(&b, praw, pn);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_PNG_BAD_PLTE, "PLTE length 5");
        sig(&b);
        ihdr(&b, 8, 8, 8, 3, 0);
        chunk(&b, "PLTE", pal, 6);
        idat(&b, praw, pn);
        chunk(&b, "PLTE", pal, 6);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_PNG_DUPLICATE_PLTE, "PLTE after IDAT");
        sig(&b);
        ihdr(&b, 8, 8, 8, 2, 0);
        idat(&b, raw, rn);
        chunk(&b, "PLTE", pal, 6);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_PNG_MISPLACED_PLTE, "RGB PLTE after IDAT");
        sig(&b);
        ihdr(&b, 8, 8, 8, 0, 0);
        chunk(&b, "PLTE", pal, 6);
        idat(&b, praw, pn);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_OK, "PLTE in grey image (ignored)");
        free(praw);
    }
    /* IDAT split in two with a chunk between */
    {
        uLongf zn = compressBound((uLong)rn);
        uint8_t *z = (uint8_t *)malloc(zn);
        compress2(z, &zn, raw, (uLong)rn, 6);
        sig(&b);
        ihdr(&b, 8, 8, 8, 2, 0);
        chunk(&b, "IDAT", z, 10);
        chunk(&b, "IDAT", z + 10, 0);
        chunk(&b, "IDAT", z + 10, zn - 10);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_OK, "three IDATs (one empty)");
        sig(&b);
        ihdr(&b, 8, 8, 8, 2, 0);
        chunk(&b, "IDAT", z, 10);
        chunk(&b, "teXt", "a", 1);
        chunk(&b, "IDAT", z + 10, zn - 10);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_PNG_NONCONSECUTIVE_IDAT, "IDAT, tEXt, IDAT");
        /* bad Adler-32 */
        z[zn - 1] ^= 1;
        sig(&b);
        ihdr(&b, 8, 8, 8, 2, 0);
        chunk(&b, "IDAT", z, zn);
        chunk(&b, "IEND", NULL, 0);
        wf_status st = decode(d, b.p, b.n);
        CHECK(st >= 100 && st < 200, "bad Adler-32: got %s", wf_status_name(st));
        printf("bad Adler-32 -> %s at offset %zu\n", wf_status_name(st), wf_png_decoder_error_offset(d));
        free(z);
    }
    /* image data too short / too long */
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    idat(&b, raw, rn - 25);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_NOT_ENOUGH_DATA, "one row missing");
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    idat(&b, raw, rn - 1);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_NOT_ENOUGH_DATA, "one byte missing");
    sig(&b);
    ihdr(&b, 8, 7, 8, 2, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_TOO_MUCH_DATA, "one row too many");
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 1);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_NOT_ENOUGH_DATA, "8x8 interlaced (207 bytes) with 200 bytes");
    sig(&b);
    ihdr(&b, 8, 6, 8, 2, 1);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    expect(d, &b, WF_PNG_TOO_MUCH_DATA, "8x6 interlaced (169 bytes) with 200 bytes");
    for (int f = 5; f < 256; f += 50) {
        uint8_t *r2 = (uint8_t *)malloc(rn);
        memcpy(r2, raw, rn);
        r2[5 * 25] = (uint8_t)f;
        sig(&b);
        ihdr(&b, 8, 8, 8, 2, 0);
        idat(&b, r2, rn);
        chunk(&b, "IEND", NULL, 0);
        expect(d, &b, WF_PNG_BAD_FILTER_TYPE, "filter type >= 5");
        free(r2);
    }
    /* a 100-megapixel header over 200 bytes of image data: rejected by the
     * header walk (DEFLATE expands at most 1032:1), nothing allocated */
    sig(&b);
    ihdr(&b, 10000, 10000, 8, 0, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    CHECK(wf_png_decoder_read(d, b.p, b.n) == WF_PNG_NOT_ENOUGH_DATA, "decompression bomb header");
    CHECK(wf_png_decoder_output_size(d, 8) == 0, "no output size after a failed read");
    /* pixel limit */
    wf_png_decoder_set_max_pixels(d, 63);
    sig(&b);
    ihdr(&b, 8, 8, 8, 2, 0);
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    CHECK(decode(d, b.p, b.n) == WF_PNG_TOO_LARGE, "maxPixels 63 for 64 pixels");
    wf_png_decoder_set_max_pixels(d, 64);
    CHECK(decode(d, b.p, b.n) == WF_OK, "maxPixels 64 for 64 pixels");
    wf_png_decoder_set_max_pixels(d, 0);
    /* buffer too small */
    {
        uint8_t small[255];
        CHECK(wf_png_decode(d, b.p, b.n, small, sizeof small, 8) == WF_ERR_BUFFER_TOO_SMALL, "small buffer");
        CHECK(wf_png_decode(d, b.p, b.n, small, sizeof small, 12) == WF_ERR_INVALID_ARGUMENT, "depth 12");
    }
    free(raw);
    free(b.p);
}

/* Palette indices beyond the PLTE: ours must equal libpng's pixels. */
static void test_palette_overflow(wf_png_decoder *d)
{
    buf b = {0};
    uint8_t raw[4 * 5], pal[6] = {10, 20, 30, 40, 50, 60}, trns[1] = {128};
    for (int y = 0; y < 4; y++) {
        raw[y * 5] = 0;
        for (int x = 0; x < 4; x++)
            raw[y * 5 + 1 + x] = (uint8_t)(x + 4 * y); /* 0..15, PLTE has 2 */
    }
    for (int with_trns = 0; with_trns < 2; with_trns++) {
        sig(&b);
        ihdr(&b, 4, 4, 8, 3, 0);
        chunk(&b, "PLTE", pal, 6);
        if (with_trns)
            chunk(&b, "tRNS", trns, 1);
        idat(&b, raw, sizeof raw);
        chunk(&b, "IEND", NULL, 0);
        uint32_t w, h;
        uint8_t *ref = ref_decode(b.p, b.n, 8, &w, &h);
        uint8_t out[64];
        wf_status st = wf_png_decode(d, b.p, b.n, out, sizeof out, 8);
        CHECK(st == WF_OK, "palette overflow decode: %s", wf_status_name(st));
        CHECK(wf_png_decoder_palette_overflow(d), "palette overflow not reported");
        if (ref) {
            CHECK(memcmp(ref, out, 64) == 0, "palette overflow pixels differ from libpng (tRNS %d)", with_trns);
            printf("palette index >= PLTE size: libpng gives (%u,%u,%u,%u), ours (%u,%u,%u,%u)\n", ref[8], ref[9],
                   ref[10], ref[11], out[8], out[9], out[10], out[11]);
        } else {
            printf("palette index >= PLTE size: libpng rejects the file\n");
        }
        free(ref);
    }
    free(b.p);
}

/* Metadata of a hand-made file. */
static void test_metadata(wf_png_decoder *d)
{
    buf b = {0};
    size_t rn;
    uint8_t *raw = rgb_raw(4, 4, 0, &rn);
    static const char profile[] = "not really an ICC profile, but bytes all the same";
    uint8_t iccp[200], ztxt[200], itxt[200];
    size_t il = 0;
    memcpy(iccp, "my profile\0\0", 12);
    il = 12;
    uLongf zn = sizeof iccp - il;
    compress2(iccp + il, &zn, (const Bytef *)profile, sizeof profile, 9);
    il += zn;
    memcpy(ztxt, "Comment\0\0", 9);
    uLongf zt = sizeof ztxt - 9;
    compress2(ztxt + 9, &zt, (const Bytef *)"compressed words", 16, 9);
    memcpy(itxt, "Title\0\1\0fr\0Titre\0", 17);
    uLongf it = sizeof itxt - 17;
    compress2(itxt + 17, &it, (const Bytef *)"caf\xc3\xa9", 5, 9);
    uint8_t gama[4] = {0, 0, 0xb1, 0x8f}, chrm[32], phys[9] = {0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1};
    for (int i = 0; i < 32; i++)
        chrm[i] = (uint8_t)(i * 7);
    sig(&b);
    ihdr(&b, 4, 4, 8, 2, 0);
    chunk(&b, "gAMA", gama, 4);
    chunk(&b, "cHRM", chrm, 32);
    chunk(&b, "iCCP", iccp, il);
    chunk(&b, "pHYs", phys, 9);
    chunk(&b, "tEXt", "Author\0Me", 9);
    chunk(&b, "zTXt", ztxt, 9 + zt);
    chunk(&b, "iTXt", itxt, 17 + it);
    chunk(&b, "tEXt", "\0bad", 4); /* empty keyword: dropped */
    idat(&b, raw, rn);
    chunk(&b, "IEND", NULL, 0);
    CHECK(wf_png_decoder_read(d, b.p, b.n) == WF_OK, "metadata file");
    uint32_t f = wf_png_meta_flags(d);
    CHECK(f == (WF_PNG_META_GAMA | WF_PNG_META_CHRM | WF_PNG_META_ICCP | WF_PNG_META_PHYS), "flags %u", f);
    CHECK(wf_png_meta_gamma(d) == 45455, "gamma");
    CHECK(wf_png_meta_chrm(d, 1) == ((28u << 24) | (35u << 16) | (42u << 8) | 49u), "chrm");
    CHECK(wf_png_meta_phys(d, 0) == 2835 && wf_png_meta_phys(d, 2) == 1, "phys");
    CHECK(wf_png_meta_srgb_intent(d) == -1, "no sRGB");
    CHECK(wf_png_meta_iccp_profile_size(d) == sizeof profile &&
              memcmp(wf_png_meta_iccp_profile(d), profile, sizeof profile) == 0,
          "iCCP profile");
    CHECK(wf_png_meta_iccp_name_size(d) == 10 && memcmp(wf_png_meta_iccp_name(d), "my profile", 10) == 0, "iCCP name");
    CHECK(wf_png_meta_text_count(d) == 3, "text count %u", wf_png_meta_text_count(d));
    CHECK(wf_png_meta_text_kind(d, 0) == WF_PNG_TEXT_TEXT && wf_png_meta_text_field_size(d, 0, 1) == 2 &&
              memcmp(wf_png_meta_text_field(d, 0, 1), "Me", 2) == 0,
          "tEXt");
    CHECK(wf_png_meta_text_kind(d, 1) == WF_PNG_TEXT_ZTXT && wf_png_meta_text_field_size(d, 1, 1) == 16 &&
              memcmp(wf_png_meta_text_field(d, 1, 1), "compressed words", 16) == 0,
          "zTXt");
    CHECK(wf_png_meta_text_kind(d, 2) == WF_PNG_TEXT_ITXT && wf_png_meta_text_field_size(d, 2, 1) == 5 &&
              memcmp(wf_png_meta_text_field(d, 2, 1), "caf\xc3\xa9", 5) == 0 &&
              wf_png_meta_text_field_size(d, 2, 2) == 2 && wf_png_meta_text_field_size(d, 2, 3) == 5,
          "iTXt");
    /* 200 zTXt "bombs" of 20 MiB each: dropped, and the total decompression
     * work is capped (MAX_META_INFLATE), so this read is quick */
    {
        size_t bn = 20u << 20;
        uint8_t *zeros = (uint8_t *)calloc(bn, 1);
        uLongf zn2 = compressBound((uLong)bn);
        uint8_t *bomb = (uint8_t *)malloc(zn2 + 6);
        memcpy(bomb, "Bomb\0\0", 6);
        compress2(bomb + 6, &zn2, zeros, (uLong)bn, 9);
        sig(&b);
        ihdr(&b, 4, 4, 8, 2, 0);
        for (int i = 0; i < 200; i++)
            chunk(&b, "zTXt", bomb, zn2 + 6);
        chunk(&b, "tEXt", "After\0bombs", 11);
        idat(&b, raw, rn);
        chunk(&b, "IEND", NULL, 0);
        CHECK(wf_png_decoder_read(d, b.p, b.n) == WF_OK, "zTXt bombs");
        CHECK(wf_png_meta_text_count(d) == 1 && wf_png_meta_text_field_size(d, 0, 1) == 5,
              "only the tEXt after the bombs kept");
        free(zeros);
        free(bomb);
    }
    /* the same chunks after PLTE: colour chunks out of place are ignored */
    sig(&b);
    ihdr(&b, 4, 4, 8, 2, 0);
    chunk(&b, "PLTE", "\0\0\0", 3);
    chunk(&b, "gAMA", gama, 4);
    chunk(&b, "sRGB", "\1", 1);
    idat(&b, raw, rn);
    chunk(&b, "pHYs", phys, 9);
    chunk(&b, "IEND", NULL, 0);
    CHECK(wf_png_decoder_read(d, b.p, b.n) == WF_OK, "late chunks");
    CHECK(wf_png_meta_flags(d) == WF_PNG_META_PLTE, "late colour chunks ignored (flags %u)", wf_png_meta_flags(d));
    free(raw);
    free(b.p);
}

/* APNG: a hand-made 4x4 animation; the expected canvases are computed here
 * with the APNG spec's floating-point formulas. */
static void fctl(buf *b, uint32_t seq, uint32_t w, uint32_t h, uint32_t x, uint32_t y, int dispose, int blend)
{
    uint8_t f[26];
    be32(f, seq);
    be32(f + 4, w);
    be32(f + 8, h);
    be32(f + 12, x);
    be32(f + 16, y);
    f[20] = 0;
    f[21] = 1;
    f[22] = 0;
    f[23] = 10;
    f[24] = (uint8_t)dispose;
    f[25] = (uint8_t)blend;
    chunk(b, "fcTL", f, 26);
}
static void fdat(buf *b, uint32_t seq, const uint8_t *raw, size_t n)
{
    uLongf zn = compressBound((uLong)n);
    uint8_t *z = (uint8_t *)malloc(zn + 4);
    compress2(z + 4, &zn, raw, (uLong)n, 6);
    be32(z, seq);
    chunk(b, "fdAT", z, zn + 4);
    free(z);
}
static void solid(uint8_t *raw, uint32_t w, uint32_t h, const uint8_t rgba[4])
{
    for (uint32_t y = 0; y < h; y++) {
        raw[y * (1 + 4 * w)] = 0;
        for (uint32_t x = 0; x < w; x++)
            memcpy(raw + y * (1 + 4 * w) + 1 + 4 * x, rgba, 4);
    }
}
static void over(uint8_t *dst, const uint8_t *src)
{
    double sa = src[3] / 255.0, da = dst[3] / 255.0, a = sa + da * (1 - sa);
    if (a == 0)
        return;
    for (int c = 0; c < 3; c++)
        dst[c] = (uint8_t)((src[c] * sa + dst[c] * da * (1 - sa)) / a + 0.5);
    dst[3] = (uint8_t)(a * 255 + 0.5);
}

static void test_apng(wf_png_decoder *d)
{
    static const uint8_t red[4] = {255, 0, 0, 255}, blue[4] = {0, 0, 255, 128}, green[4] = {0, 255, 0, 255};
    uint8_t r0[4 * 17], r1[2 * 9], r2[5];
    solid(r0, 4, 4, red);
    solid(r1, 2, 2, blue);
    solid(r2, 1, 1, green);
    buf b = {0};
    for (int broken = 0; broken < 2; broken++) {
        sig(&b);
        ihdr(&b, 4, 4, 8, 6, 0);
        uint8_t actl[8] = {0, 0, 0, 3, 0, 0, 0, 0};
        chunk(&b, "acTL", actl, 8);
        fctl(&b, 0, 4, 4, 0, 0, 0, 0);
        idat(&b, r0, sizeof r0);
        fctl(&b, 1, 2, 2, 1, 1, 2, 1);
        fdat(&b, broken ? 3 : 2, r1, sizeof r1);
        fctl(&b, 3, 1, 1, 0, 0, 1, 0);
        fdat(&b, 4, r2, sizeof r2);
        chunk(&b, "IEND", NULL, 0);
        uint8_t canvas[64], want[3][64];
        CHECK(decode(d, b.p, b.n) == WF_OK, "APNG default image");
        if (broken) {
            CHECK(wf_png_decoder_frame_count(d) == 0, "broken APNG sequence: %u frames", wf_png_decoder_frame_count(d));
            CHECK(wf_png_decode_frame(d, b.p, b.n, canvas, 64, 8, 0) == WF_ERR_INVALID_ARGUMENT, "no frames");
            break;
        }
        CHECK(wf_png_decoder_frame_count(d) == 3, "frame count %u", wf_png_decoder_frame_count(d));
        CHECK(wf_png_decoder_frame_info(d, 1, WF_PNG_FRAME_X) == 1 &&
                  wf_png_decoder_frame_info(d, 1, WF_PNG_FRAME_DISPOSE) == 2 &&
                  wf_png_decoder_frame_info(d, 2, WF_PNG_FRAME_DELAY_DEN) == 10 &&
                  wf_png_decoder_frame_info(d, 0, WF_PNG_FRAME_IS_DEFAULT_IMAGE) == 1,
              "frame info");
        for (int i = 0; i < 16; i++)
            memcpy(want[0] + 4 * i, red, 4);
        memcpy(want[1], want[0], 64);
        for (int y = 1; y < 3; y++)
            for (int x = 1; x < 3; x++)
                over(want[1] + 4 * (4 * y + x), blue);
        memcpy(want[2], want[0], 64); /* frame 1 disposed to previous */
        memcpy(want[2], green, 4);
        for (uint32_t k = 0; k < 3; k++) {
            CHECK(wf_png_decode_frame(d, b.p, b.n, canvas, 64, 8, k) == WF_OK, "frame %u", k);
            CHECK(memcmp(canvas, want[k], 64) == 0, "frame %u canvas (pixel 5: %u,%u,%u,%u)", k, canvas[20], canvas[21],
                  canvas[22], canvas[23]);
        }
        uint8_t fresh[64];
        CHECK(wf_png_decode_frame(d, b.p, b.n, fresh, 64, 8, 1) == WF_OK && memcmp(fresh, want[1], 64) == 0,
              "frame 1 out of order");
        uint16_t c16[64] = {0};
        CHECK(wf_png_decode_frame(d, b.p, b.n, c16, sizeof c16, 16, 2) == WF_OK && c16[0] == 0 && c16[1] == 65535 &&
                  c16[4] == 65535,
              "frame 2 at 16 bits");
    }
    free(b.p);
    printf("APNG: compositing checked\n");
}

int main(void)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/pngsuite/basn2c08.png", wf_data_dir());
    g_good = wf_read_file(path, &g_good_n);
    if (!g_good) {
        printf("SKIP: PngSuite not found at %s/pngsuite (set WASMFORGE_DATA)\n", wf_data_dir());
        return 77;
    }
    wf_png_decoder *d = wf_png_decoder_alloc();
    static const char *files[] = {"basn2c08.png", "basi3p02.png", "ct1n0g04.png", "basn6a16.png", "tbrn2c08.png"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/pngsuite/%s", wf_data_dir(), files[i]);
        test_truncation(d, path);
        test_crc(d, path);
    }
    test_structure(d);
    test_palette_overflow(d);
    test_metadata(d);
    test_apng(d);
    wf_png_decoder_free(d);
    free(g_good);
    printf("malformed-input tests: %d failures\n", g_failures);
    return g_failures ? 1 : 0;
}
