/* SPDX-License-Identifier: MIT
 * test_inflate.c: wf_inflate against zlib's deflate output (all levels,
 * strategies, window sizes, memLevels, the three formats), multi-member gzip,
 * hand-built invalid streams (each followed by a good call on the same
 * inflater), codes of every length from 1 to 15 bits and errors inside the
 * fast loop, output limits, and the checksums against zlib's. */
#include "test_util.h"

static wf_inflater *g_d;

/* Inflates `c` both ways and compares with `orig`. */
static void check_inflate(const uint8_t *c, size_t cn, int format, const uint8_t *orig, size_t n, const char *what)
{
    wf_status st = wf_inflate(g_d, format, c, cn, n + 1);
    CHECK(st == WF_OK, "%s: wf_inflate status %s at %zu", what, wf_status_name(st), wf_inflater_error_offset(g_d));
    if (st == WF_OK) {
        CHECK(wf_inflater_output_size(g_d) == n, "%s: size %zu != %zu", what, wf_inflater_output_size(g_d), n);
        CHECK(n == 0 || memcmp(wf_inflater_output(g_d), orig, n) == 0, "%s: content differs", what);
        CHECK(wf_inflater_input_used(g_d) == cn, "%s: input used %zu != %zu", what, wf_inflater_input_used(g_d), cn);
    }
    uint8_t *out = (uint8_t *)xmalloc(n + 1);
    size_t got = 0;
    st = wf_inflate_into(g_d, format, c, cn, out, n, &got);
    CHECK(st == WF_OK && got == n && (n == 0 || memcmp(out, orig, n) == 0), "%s: into %s", what, wf_status_name(st));
    if (n > 0) {
        st = wf_inflate_into(g_d, format, c, cn, out, n - 1, &got);
        CHECK(st == WF_ERR_OUTPUT_LIMIT, "%s: into n-1 gives %s", what, wf_status_name(st));
        st = wf_inflate(g_d, format, c, cn, n - 1);
        CHECK(st == WF_ERR_OUTPUT_LIMIT, "%s: max_out n-1 gives %s", what, wf_status_name(st));
    }
    free(out);
}

static void make_inputs(uint8_t **bufs, size_t *lens, int *count)
{
    int k = 0;
    size_t n;
    /* random */
    n = 70000;
    bufs[k] = (uint8_t *)xmalloc(n);
    for (size_t i = 0; i < n; i++)
        bufs[k][i] = (uint8_t)rnd();
    lens[k++] = n;
    /* text-like */
    n = 200000;
    bufs[k] = (uint8_t *)xmalloc(n);
    gen_text(bufs[k], n, 7);
    lens[k++] = n;
    /* repetitive with short periods and long runs */
    n = 150000;
    bufs[k] = (uint8_t *)xmalloc(n);
    for (size_t i = 0; i < n; i++)
        bufs[k][i] = (uint8_t)((i / 5000) % 3 == 0   ? 'a'
                               : (i / 5000) % 3 == 1 ? (size_t) "xyz"[i % 3]
                                                     : (i * 7 / 13) & 0xFF);
    lens[k++] = n;
    /* low-entropy "scanline" data: small deltas */
    n = 120000;
    bufs[k] = (uint8_t *)xmalloc(n);
    for (size_t i = 0; i < n; i++)
        bufs[k][i] = (uint8_t)((rnd() % 7) == 0 ? rnd() & 0x1F : 0);
    lens[k++] = n;
    /* empty and 1 byte */
    bufs[k] = (uint8_t *)xmalloc(1);
    lens[k++] = 0;
    bufs[k] = (uint8_t *)xmalloc(1);
    bufs[k][0] = 'Q';
    lens[k++] = 1;
    *count = k;
}

static void test_zlib_grid(void)
{
    uint8_t *bufs[8];
    size_t lens[8];
    int count;
    make_inputs(bufs, lens, &count);
    static const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED};
    char what[128];
    int streams = 0;
    for (int b = 0; b < count; b++) {
        for (int level = 0; level <= 9; level++)
            for (int format = 0; format < 3; format++) {
                size_t cn;
                uint8_t *c = zlib_compress(bufs[b], lens[b], format, level, Z_DEFAULT_STRATEGY, 15, 8, &cn);
                snprintf(what, sizeof(what), "input %d level %d format %d", b, level, format);
                check_inflate(c, cn, format, bufs[b], lens[b], what);
                free(c);
                streams++;
            }
        for (int s = 0; s < 5; s++)
            for (int wbits = 9; wbits <= 15; wbits += 2)
                for (int mem = 1; mem <= 9; mem += 4) {
                    size_t cn;
                    int level = 1 + (s + wbits + mem) % 9;
                    uint8_t *c = zlib_compress(bufs[b], lens[b], 1, level, strategies[s], wbits, mem, &cn);
                    snprintf(what, sizeof(what), "input %d strategy %d wbits %d mem %d level %d", b, s, wbits, mem,
                             level);
                    check_inflate(c, cn, 1, bufs[b], lens[b], what);
                    free(c);
                    streams++;
                }
    }
    printf("zlib grid: %d streams inflated\n", streams);
    for (int b = 0; b < count; b++)
        free(bufs[b]);
}

/* ---- hand-built streams ---- */

typedef struct bw {
    uint8_t buf[4096];
    size_t n;
    unsigned bits;
    uint32_t acc;
} bw;

static void bw_init(bw *w) { memset(w, 0, sizeof(*w)); }

static void put(bw *w, uint32_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        w->acc |= ((v >> i) & 1u) << w->bits;
        if (++w->bits == 8) {
            w->buf[w->n++] = (uint8_t)w->acc;
            w->acc = 0;
            w->bits = 0;
        }
    }
}

/* Huffman codes are sent most significant bit first. */
static void put_code(bw *w, uint32_t code, unsigned len)
{
    for (unsigned i = len; i-- > 0;)
        put(w, (code >> i) & 1u, 1);
}

static void flush(bw *w)
{
    if (w->bits)
        put(w, 0, 8 - w->bits);
}

/* Fixed-code writers. */
static void fixed_lit(bw *w, unsigned sym)
{
    if (sym < 144)
        put_code(w, 0x30 + sym, 8);
    else if (sym < 256)
        put_code(w, 0x190 + sym - 144, 9);
    else if (sym < 280)
        put_code(w, sym - 256, 7);
    else
        put_code(w, 0xC0 + sym - 280, 8);
}

static void expect_err(const uint8_t *p, size_t n, int format, wf_status want, const char *what)
{
    wf_status st = wf_inflate(g_d, format, p, n, 1 << 20);
    CHECK(st == want, "%s: got %s, want %s", what, wf_status_name(st), wf_status_name(want));
    CHECK(wf_inflater_error_offset(g_d) <= n, "%s: error offset %zu > %zu", what, wf_inflater_error_offset(g_d), n);
    /* zlib must reject it too. */
    uint8_t tmp[4096];
    size_t got;
    if (want != WF_DEFLATE_TRAILING_DATA && want != WF_ERR_OUTPUT_LIMIT)
        CHECK(zlib_decompress(p, n, format, tmp, sizeof(tmp), &got) != 0, "%s: zlib accepts it", what);
    /* The same inflater works afterwards. */
    static const uint8_t good[] = {0x4b, 0x4c, 0x4a, 0x06, 0x00}; /* raw "abc" */
    st = wf_inflate(g_d, WF_FORMAT_RAW, good, sizeof(good), 100);
    CHECK(st == WF_OK && wf_inflater_output_size(g_d) == 3 && memcmp(wf_inflater_output(g_d), "abc", 3) == 0,
          "%s: inflater unusable afterwards (%s)", what, wf_status_name(st));
}

/* Writes a dynamic block header with the given litlen/dist lengths (sent with
 * a flat 5-bit precode over symbols 0..15 plus 16..18 given lengths). */
static void dyn_header(bw *w, int final, const uint8_t *ll, unsigned hlit, const uint8_t *dl, unsigned hdist)
{
    /* precode: lengths 0..15 and 16,17,18 all length 5 -> 19 codes, incomplete? use: 16 syms of
     * len 5 (0..15) and 16,17,18 len 5 too => 19 codes of length 5 (incomplete: 19 < 32). Use
     * lengths: 13 codes of len 4 and 6 codes of len 5: 13/16 + 6/32 = 1. */
    static const uint8_t plen[19] = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5};
    unsigned pcode[19];
    unsigned code = 0;
    for (unsigned i = 0; i < 19; i++) {
        if (i == 13)
            code <<= 1;
        pcode[i] = code++;
    }
    put(w, (uint32_t) final, 1);
    put(w, 2, 2);
    put(w, hlit - 257, 5);
    put(w, hdist - 1, 5);
    put(w, 19 - 4, 4);
    static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    for (unsigned i = 0; i < 19; i++)
        put(w, plen[order[i]], 3);
    for (unsigned i = 0; i < hlit; i++)
        put_code(w, pcode[ll[i]], plen[ll[i]]);
    for (unsigned i = 0; i < hdist; i++)
        put_code(w, pcode[dl[i]], plen[dl[i]]);
}

static void test_errors(void)
{
    bw w;
    /* bad block type */
    bw_init(&w);
    put(&w, 1, 1);
    put(&w, 3, 2);
    flush(&w);
    expect_err(w.buf, w.n, 0, WF_DEFLATE_BAD_BLOCK_TYPE, "block type 3");
    /* stored LEN/NLEN */
    {
        static const uint8_t s[] = {0x01, 0x05, 0x00, 0xfa, 0xfe, 'h', 'e', 'l', 'l', 'o'};
        expect_err(s, sizeof(s), 0, WF_DEFLATE_STORED_LENGTH, "stored nlen");
        static const uint8_t s2[] = {0x01, 0x05, 0x00, 0xfa, 0xff, 'h', 'e', 'l'};
        expect_err(s2, sizeof(s2), 0, WF_DEFLATE_TRUNCATED, "stored truncated");
    }
    /* fixed: literal, then symbol 286 */
    bw_init(&w);
    put(&w, 1, 1);
    put(&w, 1, 2);
    fixed_lit(&w, 'a');
    fixed_lit(&w, 286);
    fixed_lit(&w, 256);
    flush(&w);
    expect_err(w.buf, w.n, 0, WF_DEFLATE_BAD_LITLEN_SYMBOL, "litlen 286");
    /* fixed: length with distance symbol 30 */
    bw_init(&w);
    put(&w, 1, 1);
    put(&w, 1, 2);
    fixed_lit(&w, 'a');
    fixed_lit(&w, 257);
    put_code(&w, 30, 5);
    fixed_lit(&w, 256);
    flush(&w);
    expect_err(w.buf, w.n, 0, WF_DEFLATE_BAD_DISTANCE_SYMBOL, "distance 30");
    /* distance too far: literal then match at distance 2 */
    bw_init(&w);
    put(&w, 1, 1);
    put(&w, 1, 2);
    fixed_lit(&w, 'a');
    fixed_lit(&w, 257);
    put_code(&w, 1, 5);
    fixed_lit(&w, 256);
    flush(&w);
    expect_err(w.buf, w.n, 0, WF_DEFLATE_DISTANCE_TOO_FAR, "distance too far");
    /* same, but padded so the fast loop sees it */
    bw_init(&w);
    put(&w, 1, 1);
    put(&w, 1, 2);
    for (int i = 0; i < 40; i++)
        fixed_lit(&w, 'a');
    fixed_lit(&w, 257);
    put_code(&w, 16, 5);
    put(&w, 0, 7); /* distance 257 > 40 */
    for (int i = 0; i < 40; i++)
        fixed_lit(&w, 'a');
    fixed_lit(&w, 256);
    flush(&w);
    expect_err(w.buf, w.n, 0, WF_DEFLATE_DISTANCE_TOO_FAR, "distance too far (fast)");
    /* truncated fixed block (no EOB) */
    bw_init(&w);
    put(&w, 1, 1);
    put(&w, 1, 2);
    fixed_lit(&w, 'a');
    flush(&w);
    expect_err(w.buf, w.n, 0, WF_DEFLATE_TRUNCATED, "truncated fixed");
    expect_err(w.buf, 0, 0, WF_DEFLATE_TRUNCATED, "empty input");

    /* dynamic blocks */
    uint8_t ll[286], dl[30];
    /* over-subscribed litlen: 257 symbols of length 8 (256 would be complete) */
    memset(ll, 8, 257);
    memset(dl, 1, 2);
    bw_init(&w);
    dyn_header(&w, 1, ll, 257, dl, 2);
    flush(&w);
    expect_err(w.buf, w.n, 0, WF_DEFLATE_HUFFMAN_OVERSUBSCRIBED, "oversubscribed");
    /* incomplete litlen: 255 x 8 + eob 8 + nothing else, hlit 257 with last len 0 */
    memset(ll, 8, 257);
    ll[5] = 0;
    ll[6] = 0;
    bw_init(&w);
    dyn_header(&w, 1, ll, 257, dl, 2);
    flush(&w);
    expect_err(w.buf, w.n, 0, WF_DEFLATE_HUFFMAN_INCOMPLETE, "incomplete");
    /* no end of block */
    memset(ll, 8, 257);
    ll[256] = 0;
    bw_init(&w);
    dyn_header(&w, 1, ll, 257, dl, 2);
    flush(&w);
    expect_err(w.buf, w.n, 0, WF_DEFLATE_NO_END_OF_BLOCK, "no eob");
    /* repeat with no previous length: precode symbol 16 first */
    {
        bw_init(&w);
        put(&w, 1, 1);
        put(&w, 2, 2);
        put(&w, 0, 5);
        put(&w, 0, 5);
        put(&w, 19 - 4, 4);
        /* precode: all 19 symbols length 5 except 13 of length 4 as dyn_header */
        static const uint8_t plen[19] = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5};
        static const uint8_t order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
        for (unsigned i = 0; i < 19; i++)
            put(&w, plen[order[i]], 3);
        put_code(&w, 0x1A + 16 - 13 + 0, 5); /* symbol 16: codes of length 5 start at 26 */
        put(&w, 0, 2);
        flush(&w);
        expect_err(w.buf, w.n, 0, WF_DEFLATE_BAD_REPEAT, "repeat first");
        /* repeat overflowing: 18 with 138 zeros when only 258 lengths in total, twice */
        bw_init(&w);
        put(&w, 1, 1);
        put(&w, 2, 2);
        put(&w, 0, 5);
        put(&w, 0, 5);
        put(&w, 19 - 4, 4);
        for (unsigned i = 0; i < 19; i++)
            put(&w, plen[order[i]], 3);
        put_code(&w, 26 + 18 - 13, 5);
        put(&w, 127, 7);
        put_code(&w, 26 + 18 - 13, 5);
        put(&w, 127, 7);
        flush(&w);
        expect_err(w.buf, w.n, 0, WF_DEFLATE_BAD_REPEAT, "repeat overflow");
        /* too many codes: HLIT = 287 */
        bw_init(&w);
        put(&w, 1, 1);
        put(&w, 2, 2);
        put(&w, 30, 5);
        put(&w, 0, 5);
        put(&w, 0, 4);
        put(&w, 0, 32);
        flush(&w);
        expect_err(w.buf, w.n, 0, WF_DEFLATE_TOO_MANY_CODES, "hlit 287");
    }
    /* a single distance code (length 1) is legal */
    {
        memset(ll, 0, sizeof(ll));
        for (int i = 0; i < 256; i++)
            ll[i] = 9;
        ll[256] = 9;
        ll[257] = 9;
        /* 258 codes of 9 bits: 258/512, fill with 8-bit codes? make it complete: 254 of len 9 + ... */
        /* simpler complete code: 'a'(97) len 1, 256 len 2, 257 len 2 */
        memset(ll, 0, sizeof(ll));
        ll[97] = 1;
        ll[256] = 2;
        ll[257] = 2;
        memset(dl, 0, sizeof(dl));
        dl[0] = 1;
        bw_init(&w);
        dyn_header(&w, 1, ll, 258, dl, 1);
        put_code(&w, 0, 1); /* 'a' */
        put_code(&w, 3, 2); /* 257: length 3 */
        put_code(&w, 0, 1); /* distance 1 */
        put_code(&w, 2, 2); /* EOB */
        flush(&w);
        wf_status st = wf_inflate(g_d, 0, w.buf, w.n, 100);
        CHECK(st == WF_OK && wf_inflater_output_size(g_d) == 4 && memcmp(wf_inflater_output(g_d), "aaaa", 4) == 0,
              "single distance code: %s", wf_status_name(st));
        uint8_t tmp[16];
        size_t got;
        CHECK(zlib_decompress(w.buf, w.n, 0, tmp, sizeof(tmp), &got) == 0 && got == 4, "zlib single dist");
        /* the unused distance code is invalid */
        bw_init(&w);
        dyn_header(&w, 1, ll, 258, dl, 1);
        put_code(&w, 0, 1);
        put_code(&w, 3, 2);
        put_code(&w, 1, 1);
        put_code(&w, 2, 2);
        flush(&w);
        expect_err(w.buf, w.n, 0, WF_DEFLATE_BAD_DISTANCE_SYMBOL, "unused single distance code");
    }

    /* zlib framing */
    {
        size_t cn;
        uint8_t *c = zlib_compress((const uint8_t *)"hello hello hello", 17, 1, 6, 0, 15, 8, &cn);
        uint8_t b[64];
        memcpy(b, c, cn);
        b[0] = 0x79; /* CM 9 */
        expect_err(b, cn, 1, WF_ZLIB_BAD_HEADER, "zlib CM");
        memcpy(b, c, cn);
        b[0] = 0x88; /* CINFO 8 */
        b[1] = (uint8_t)(b[1] & 0xE0);
        b[1] = (uint8_t)(b[1] + (31 - (b[0] * 256 + b[1]) % 31) % 31);
        expect_err(b, cn, 1, WF_ZLIB_BAD_HEADER, "zlib CINFO");
        memcpy(b, c, cn);
        b[1] ^= 1;
        expect_err(b, cn, 1, WF_ZLIB_BAD_HEADER, "zlib FCHECK");
        memcpy(b, c, cn);
        b[1] = 0x20;
        b[1] = (uint8_t)(b[1] + (31 - (b[0] * 256 + b[1]) % 31) % 31);
        expect_err(b, cn, 1, WF_ZLIB_PRESET_DICTIONARY, "zlib FDICT");
        memcpy(b, c, cn);
        b[cn - 1] ^= 1;
        expect_err(b, cn, 1, WF_ZLIB_ADLER32_MISMATCH, "zlib adler");
        memcpy(b, c, cn);
        b[cn] = 0;
        expect_err(b, cn + 1, 1, WF_DEFLATE_TRAILING_DATA, "zlib trailing");
        expect_err(c, cn - 1, 1, WF_DEFLATE_TRUNCATED, "zlib truncated trailer");
        expect_err(c, 1, 1, WF_DEFLATE_TRUNCATED, "zlib 1 byte");
        free(c);
        /* gzip */
        c = zlib_compress((const uint8_t *)"hello hello hello", 17, 2, 6, 0, 15, 8, &cn);
        memcpy(b, c, cn);
        b[0] = 0x1e;
        expect_err(b, cn, 2, WF_GZIP_BAD_HEADER, "gzip magic");
        memcpy(b, c, cn);
        b[2] = 7;
        expect_err(b, cn, 2, WF_GZIP_BAD_HEADER, "gzip method");
        memcpy(b, c, cn);
        b[3] = 0x20;
        expect_err(b, cn, 2, WF_GZIP_BAD_HEADER, "gzip flags");
        memcpy(b, c, cn);
        b[cn - 8] ^= 1;
        expect_err(b, cn, 2, WF_GZIP_CRC32_MISMATCH, "gzip crc");
        memcpy(b, c, cn);
        b[cn - 4] ^= 1;
        expect_err(b, cn, 2, WF_GZIP_ISIZE_MISMATCH, "gzip isize");
        memcpy(b, c, cn);
        b[cn] = 0;
        expect_err(b, cn + 1, 2, WF_DEFLATE_TRAILING_DATA, "gzip trailing");
        expect_err(c, cn - 3, 2, WF_DEFLATE_TRUNCATED, "gzip truncated");
        /* header with FEXTRA, FNAME, FCOMMENT and FHCRC */
        uint8_t g[128];
        size_t gn = 0;
        memcpy(g, c, 10);
        g[3] = 4 | 8 | 16 | 2;
        gn = 10;
        g[gn++] = 3;
        g[gn++] = 0;
        g[gn++] = 'x';
        g[gn++] = 'y';
        g[gn++] = 'z';
        memcpy(g + gn, "name.txt", 9);
        gn += 9;
        memcpy(g + gn, "a comment", 10);
        gn += 10;
        uint32_t hcrc = (uint32_t)crc32(0, g, (uInt)gn);
        g[gn++] = (uint8_t)hcrc;
        g[gn++] = (uint8_t)(hcrc >> 8);
        memcpy(g + gn, c + 10, cn - 10);
        gn += cn - 10;
        check_inflate(g, gn, 2, (const uint8_t *)"hello hello hello", 17, "gzip all flags");
        uint8_t tmp[64];
        size_t got;
        CHECK(zlib_decompress(g, gn, 2, tmp, sizeof(tmp), &got) == 0 && got == 17, "zlib gzip all flags");
        g[gn - (cn - 10) - 1] ^= 1;
        expect_err(g, gn, 2, WF_GZIP_HEADER_CRC_MISMATCH, "gzip header crc");
        free(c);
    }
}

static void test_multimember(void)
{
    uint8_t a[3000], b[5000];
    gen_text(a, sizeof(a), 1);
    gen_text(b, sizeof(b), 2);
    size_t an, bn;
    uint8_t *ca = zlib_compress(a, sizeof(a), 2, 6, 0, 15, 8, &an);
    uint8_t *cb = zlib_compress(b, sizeof(b), 2, 9, 0, 15, 8, &bn);
    uint8_t *cat = (uint8_t *)xmalloc(an + bn + an);
    memcpy(cat, ca, an);
    memcpy(cat + an, cb, bn);
    memcpy(cat + an + bn, ca, an);
    uint8_t *want = (uint8_t *)xmalloc(sizeof(a) * 2 + sizeof(b));
    memcpy(want, a, sizeof(a));
    memcpy(want + sizeof(a), b, sizeof(b));
    memcpy(want + sizeof(a) + sizeof(b), a, sizeof(a));
    check_inflate(cat, an + bn + an, 2, want, sizeof(a) * 2 + sizeof(b), "multi-member gzip");
    /* an empty member in between */
    size_t en;
    uint8_t *ce = zlib_compress(a, 0, 2, 6, 0, 15, 8, &en);
    uint8_t *cat2 = (uint8_t *)xmalloc(an + en + bn);
    memcpy(cat2, ca, an);
    memcpy(cat2 + an, ce, en);
    memcpy(cat2 + an + en, cb, bn);
    check_inflate(cat2, an + en + bn, 2, want, sizeof(a) + sizeof(b), "multi-member gzip with empty");
    /* A member's matches may not reach into the previous member's output. */
    {
        bw w;
        bw_init(&w);
        put(&w, 1, 1);
        put(&w, 1, 2);
        fixed_lit(&w, 257); /* length 3 at distance 1, with no output yet in this member */
        put_code(&w, 0, 5);
        fixed_lit(&w, 256);
        flush(&w);
        uint8_t *m = (uint8_t *)xmalloc(an + 10 + w.n + 8);
        memcpy(m, ca, an);
        memcpy(m + an, ca, 10); /* plain header */
        memcpy(m + an + 10, w.buf, w.n);
        memset(m + an + 10 + w.n, 0, 8);
        wf_status st = wf_inflate(g_d, 2, m, an + 10 + w.n + 8, 1 << 20);
        CHECK(st == WF_DEFLATE_DISTANCE_TOO_FAR, "match into the previous member: %s", wf_status_name(st));
        CHECK(wf_inflater_error_offset(g_d) >= an && wf_inflater_error_offset(g_d) <= an + 10 + w.n, "error offset %zu",
              wf_inflater_error_offset(g_d));
        free(m);
    }
    free(ca);
    free(cb);
    free(ce);
    free(cat);
    free(cat2);
    free(want);
}

/* ---- the fast loop: long codes (subtables), errors far from the ends ---- */

/* Canonical codes for `n` lengths (RFC 1951 3.2.2). */
static void canonical_codes(const uint8_t *len, unsigned n, unsigned *code)
{
    unsigned count[16] = {0}, next[16];
    for (unsigned i = 0; i < n; i++)
        count[len[i]]++;
    count[0] = 0;
    unsigned c = 0;
    for (unsigned b = 1; b < 16; b++) {
        c = (c + count[b - 1]) << 1;
        next[b] = c;
    }
    for (unsigned i = 0; i < n; i++)
        if (len[i])
            code[i] = next[len[i]]++;
}

/* Dynamic blocks whose literal/length and distance codes take every length
 * from 1 to 15 bits (so the subtables of both tables are used inside the
 * fast loop), random symbols, checked against zlib on every output path. */
static void test_long_codes(void)
{
    /* 16 symbols per code: ranks 0..13 get lengths 1..14, ranks 14 and 15
     * get 15 (a complete code). */
    static const uint16_t ll_rank[16] = {'a', 257, 'b', 265, 'c', 269, 'd', 273,
                                         'e', 284, 'f', 285, 'g', 'h', 256, 'i'};
    static const uint8_t d_rank[16] = {0, 29, 1, 28, 2, 27, 3, 26, 4, 25, 5, 24, 6, 23, 7, 22};
    static const uint16_t lbase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                       31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    static const uint8_t lextra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                       2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    static const uint16_t dbase[30] = {1,    2,    3,    4,    5,    7,    9,    13,    17,    25,
                                       33,   49,   65,   97,   129,  193,  257,  385,   513,   769,
                                       1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    static const uint8_t dextra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
    uint8_t ll[286] = {0}, dl[30] = {0};
    unsigned llc[286] = {0}, dc[30] = {0};
    for (unsigned r = 0; r < 16; r++) {
        ll[ll_rank[r]] = (uint8_t)(r < 14 ? r + 1 : 15);
        dl[d_rank[r]] = (uint8_t)(r < 14 ? r + 1 : 15);
    }
    canonical_codes(ll, 286, llc);
    canonical_codes(dl, 30, dc);
    static uint8_t out[1 << 20];
    char what[64];
    for (int round = 0; round < 8; round++) {
        bw w;
        bw_init(&w);
        dyn_header(&w, 1, ll, 286, dl, 30);
        size_t produced = 0;
        /* Leave room for the end-of-block code and the flush. */
        while (w.n < sizeof(w.buf) - 16) {
            unsigned r = rnd() % 16;
            unsigned sym = ll_rank[r];
            if (sym == 256)
                continue;
            if (sym < 256 || produced == 0) {
                if (sym >= 256)
                    sym = 'a';
                put_code(&w, llc[sym], ll[sym]);
                produced++;
                continue;
            }
            /* A match: a random length of this code, a random distance of a
             * distance code whose base is within the output so far. */
            unsigned li = sym - 257, ex = lextra[li];
            unsigned lval = ex ? rnd() % ((1u << ex) - (sym == 284)) : 0;
            unsigned ds;
            do
                ds = d_rank[rnd() % 16];
            while (dbase[ds] > produced);
            unsigned dspan = 1u << dextra[ds];
            if (dbase[ds] + dspan - 1 > produced)
                dspan = (unsigned)(produced - dbase[ds] + 1);
            put_code(&w, llc[sym], ll[sym]);
            put(&w, lval, ex);
            put_code(&w, dc[ds], dl[ds]);
            put(&w, rnd() % dspan, dextra[ds]);
            produced += lbase[li] + lval;
        }
        put_code(&w, llc[256], ll[256]);
        flush(&w);
        size_t got = 0;
        CHECK(zlib_decompress(w.buf, w.n, 0, out, sizeof(out), &got) == 0 && got == produced,
              "long codes round %d: zlib rejects the test stream", round);
        snprintf(what, sizeof(what), "long codes round %d", round);
        check_inflate(w.buf, w.n, 0, out, got, what);
    }
}

/* Errors met by the fast loop: each after 400 literals and followed by more,
 * so that they are far from both ends of the input. */
static void test_fast_loop_errors(void)
{
    for (int kind = 0; kind < 3; kind++) {
        bw w;
        bw_init(&w);
        put(&w, 1, 1);
        put(&w, 1, 2);
        for (int i = 0; i < 400; i++)
            fixed_lit(&w, 'a' + (unsigned)i % 26);
        size_t at = w.n;
        if (kind == 0) {
            fixed_lit(&w, 286); /* invalid literal/length symbol */
        } else {
            fixed_lit(&w, 257);                   /* length 3 */
            put_code(&w, kind == 1 ? 30 : 29, 5); /* distance symbol 30 (invalid), or 29: 24577+ */
            put(&w, 0, 13);
        }
        for (int i = 0; i < 400; i++)
            fixed_lit(&w, 'z');
        fixed_lit(&w, 256);
        flush(&w);
        static const wf_status want[3] = {WF_DEFLATE_BAD_LITLEN_SYMBOL, WF_DEFLATE_BAD_DISTANCE_SYMBOL,
                                          WF_DEFLATE_DISTANCE_TOO_FAR};
        static const char *const names[3] = {"fast loop: litlen 286", "fast loop: distance 30",
                                             "fast loop: distance too far"};
        wf_status st = wf_inflate(g_d, WF_FORMAT_RAW, w.buf, w.n, 1 << 20);
        size_t off = wf_inflater_error_offset(g_d);
        CHECK(st == want[kind] && off >= at && off <= at + 4, "%s: %s at %zu (the code is at byte %zu)", names[kind],
              wf_status_name(st), off, at);
        expect_err(w.buf, w.n, 0, want[kind], names[kind]);
    }
}

static void test_checksums(void)
{
    uint8_t *buf = (uint8_t *)xmalloc(100000);
    for (size_t i = 0; i < 100000; i++)
        buf[i] = (uint8_t)rnd();
    for (int i = 0; i < 300; i++) {
        size_t off = rnd() % 64, len = i < 100 ? (size_t)i : rnd() % (100000 - 64);
        uint32_t c0 = rnd();
        CHECK(wf_crc32(c0, buf + off, len) == (uint32_t)crc32(c0, buf + off, (uInt)len), "crc32 off %zu len %zu", off,
              len);
        uint32_t a0 = i == 0 ? 1 : (rnd() % 65521) | (rnd() % 65521) << 16;
        CHECK(wf_adler32(a0, buf + off, len) == (uint32_t)adler32(a0, buf + off, (uInt)len), "adler32 off %zu len %zu",
              off, len);
    }
    memset(buf, 0xFF, 100000);
    CHECK(wf_adler32(1, buf, 100000) == (uint32_t)adler32(1, buf, 100000), "adler32 of 0xFF");
    CHECK(wf_crc32(0, (const uint8_t *)"123456789", 9) == 0xCBF43926u, "crc32 check value");
    free(buf);
}

static void test_limits(void)
{
    /* a bomb: 10 MB of zeros, limit 1 MB */
    size_t n = 10u << 20, cn;
    uint8_t *z = (uint8_t *)calloc(n, 1);
    uint8_t *c = zlib_compress(z, n, 0, 9, 0, 15, 8, &cn);
    wf_status st = wf_inflate(g_d, 0, c, cn, 1u << 20);
    CHECK(st == WF_ERR_OUTPUT_LIMIT, "bomb: %s", wf_status_name(st));
    st = wf_inflate(g_d, 0, c, cn, n);
    CHECK(st == WF_OK && wf_inflater_output_size(g_d) == n && memcmp(wf_inflater_output(g_d), z, n) == 0,
          "10 MB zeros: %s", wf_status_name(st));
    /* raw stream followed by junk: input_used says where it ended */
    uint8_t *cj = (uint8_t *)xmalloc(cn + 5);
    memcpy(cj, c, cn);
    memset(cj + cn, 0xAB, 5);
    st = wf_inflate(g_d, 0, cj, cn + 5, n);
    CHECK(st == WF_OK && wf_inflater_input_used(g_d) == cn, "raw + junk: %s used %zu", wf_status_name(st),
          wf_inflater_input_used(g_d));
    free(cj);
    free(c);
    free(z);
}

int main(void)
{
    g_d = wf_inflater_alloc();
    test_errors();
    test_multimember();
    test_long_codes();
    test_fast_loop_errors();
    test_checksums();
    test_limits();
    test_zlib_grid();
    wf_inflater_free(g_d);
    if (g_failures) {
        printf("FAILED: %d checks\n", g_failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
