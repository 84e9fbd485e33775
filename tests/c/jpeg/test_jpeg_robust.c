/* SPDX-License-Identifier: MIT
 *
 * test_jpeg_robust.c: the JPEG decoder on damaged and unusual input.
 *   - malformed headers give the expected stable status and byte offset;
 *   - truncated files decode to WF_OK with the truncation flag, compared
 *     with libjpeg-turbo's decode of the same bytes (max diff, % exact);
 *   - a corrupted restart marker is resynchronised like libjpeg does;
 *   - metadata: EXIF orientation (both byte orders), ICC chunks out of order,
 *     JFIF density, Adobe transform, header flags;
 *   - a bounded deterministic mutation loop (no crash, no leak under ASan);
 *   - the context stays usable after every error.
 */
#include "wf/jpeg.h"
#include "jpeg_test_util.h"

#include "../common/wf_check.h"

typedef struct {
    uint8_t *p;
    size_t n;
} buf_t;

static buf_t load(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", wf_data_dir(), rel);
    buf_t b;
    b.p = wf_read_file(path, &b.n);
    return b;
}

/* Offset of the n-th (0-based) marker `code` among the segments before the
 * first SOS (or the SOS itself), or -1. Walks segment lengths. */
static long find_marker(const uint8_t *p, size_t n, int code, int nth)
{
    size_t i = 2;
    while (i + 4 <= n && p[i] == 0xFF) {
        int m = p[i + 1];
        if (m == code && nth-- == 0)
            return (long)i;
        if (m == 0xDA)
            break;
        i += 2 + (((size_t)p[i + 2] << 8) | p[i + 3]);
    }
    return -1;
}

/* Offset of the n-th SOS marker anywhere (scans entropy data for 0xFFDA). */
static long find_sos(const uint8_t *p, size_t n, int nth)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (p[i] == 0xFF && p[i + 1] == 0xDA && nth-- == 0)
            return (long)i;
    return -1;
}

/* New buffer: p[0..at) + ins + p[at+del..n) */
static buf_t splice(buf_t b, size_t at, size_t del, const uint8_t *ins, size_t ins_n)
{
    buf_t r;
    r.n = b.n - del + ins_n;
    r.p = malloc(r.n);
    memcpy(r.p, b.p, at);
    if (ins_n)
        memcpy(r.p + at, ins, ins_n);
    memcpy(r.p + at + ins_n, b.p + at + del, b.n - at - del);
    return r;
}

static buf_t dup(buf_t b) { return splice(b, 0, 0, NULL, 0); }

/* Full decode; returns the status, fills *out (caller frees) on WF_OK. */
static wf_status decode(wf_jpeg_decoder *d, const uint8_t *p, size_t n, uint8_t **out, uint32_t maxpx)
{
    *out = NULL;
    wf_status st = wf_jpeg_read_header(d, p, n);
    if (st != WF_OK)
        return st;
    uint64_t px = (uint64_t)wf_jpeg_width(d) * wf_jpeg_height(d);
    if (px > (maxpx ? maxpx : (1u << 24)))
        return wf_jpeg_decode(d, p, n, NULL, 0, maxpx ? maxpx : (1u << 24));
    size_t size = (size_t)px * 4;
    uint8_t *o = malloc(size ? size : 1);
    st = wf_jpeg_decode(d, p, n, o, size, maxpx ? maxpx : (1u << 24));
    if (st == WF_OK)
        *out = o;
    else
        free(o);
    return st;
}

static void expect(wf_jpeg_decoder *d, const char *what, buf_t b, wf_status want, long want_off)
{
    uint8_t *o;
    wf_status st = decode(d, b.p, b.n, &o, 0);
    free(o);
    size_t off = wf_jpeg_error_offset(d);
    CHECK(st == want && (want_off < 0 || off == (size_t)want_off), "%s: got %s @%zu, want %s @%ld", what,
          wf_status_name(st), off, wf_status_name(want), want_off);
    if (st == want)
        printf("  ok %-44s %s @%zu\n", what, wf_status_name(st), off);
}

static void test_malformed(wf_jpeg_decoder *d, buf_t orig, buf_t prog)
{
    printf("== malformed input\n");
    buf_t b;
    b.p = (uint8_t *)"hello, world";
    b.n = 12;
    expect(d, "not a JPEG", b, WF_JPEG_NOT_JPEG, 0);
    b.n = 0;
    expect(d, "empty input", b, WF_JPEG_NOT_JPEG, 0);

    b = orig;
    b.n = 300;
    expect(d, "cut inside the header", b, WF_JPEG_TRUNCATED_HEADER, -1);

    long sof = find_marker(orig.p, orig.n, 0xC0, 0);
    long sos = find_marker(orig.p, orig.n, 0xDA, 0);
    long dht = find_marker(orig.p, orig.n, 0xC4, 0);
    long dqt = find_marker(orig.p, orig.n, 0xDB, 0);
    CHECK(sof > 0 && sos > 0 && dht > 0 && dqt > 0, "markers of testorig.jpg");
    size_t soflen = 2 + (((size_t)orig.p[sof + 2] << 8) | orig.p[sof + 3]);

    b = splice(orig, (size_t)sof, soflen, NULL, 0);
    expect(d, "SOS before SOF", b, WF_JPEG_SOS_BEFORE_SOF, sos - (long)soflen);
    free(b.p);

    static const uint8_t eoi[] = {0xFF, 0xD9};
    b = splice(orig, (size_t)sof, 0, eoi, 2);
    expect(d, "EOI before SOF", b, WF_JPEG_NO_IMAGE, sof);
    free(b.p);

    /* a second SOF right after the first */
    b = splice(orig, (size_t)sof + soflen, 0, orig.p + sof, soflen);
    expect(d, "duplicate SOF", b, WF_JPEG_DUPLICATE_SOF, sof + (long)soflen);
    free(b.p);

    /* over-subscribed: three 1-bit codes */
    static const uint8_t dht3[] = {0xFF, 0xC4, 0, 22, 0x00, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
    b = splice(orig, 2, 0, dht3, sizeof dht3);
    expect(d, "over-subscribed Huffman table", b, WF_JPEG_BAD_HUFFMAN_TABLE, 6);
    free(b.p);
    /* complete code using the all-ones code word (reserved, libjpeg rejects it) */
    static const uint8_t dht2[] = {0xFF, 0xC4, 0, 21, 0x10, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2};
    b = splice(orig, 2, 0, dht2, sizeof dht2);
    expect(d, "Huffman table using all-ones code", b, WF_JPEG_BAD_HUFFMAN_TABLE, 6);
    free(b.p);
    static const uint8_t dhtcls[] = {0xFF, 0xC4, 0, 20, 0x24, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    b = splice(orig, 2, 0, dhtcls, sizeof dhtcls);
    expect(d, "Huffman table class 2", b, WF_JPEG_BAD_HUFFMAN_TABLE, 6);
    free(b.p);
    static const uint8_t dhtdc[] = {0xFF, 0xC4, 0, 20, 0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 17};
    b = splice(orig, 2, 0, dhtdc, sizeof dhtdc);
    expect(d, "DC Huffman symbol > 15", b, WF_JPEG_BAD_HUFFMAN_TABLE, 6);
    free(b.p);

    b = dup(orig);
    b.p[dqt + 4] = 0x05; /* Pq 0, Tq 5 */
    expect(d, "quantisation table id 5", b, WF_JPEG_BAD_QUANT_TABLE, dqt + 4);
    b.p[dqt + 4] = 0x20; /* Pq 2 */
    expect(d, "quantisation table precision 2", b, WF_JPEG_BAD_QUANT_TABLE, dqt + 4);
    free(b.p);

    b = dup(orig);
    b.p[sof + 12] = 4; /* component 0 uses quant table 4 */
    expect(d, "SOF quant table id 4", b, WF_JPEG_BAD_QUANT_TABLE, sof + 12);
    b.p[sof + 12] = 3; /* undefined table 3 */
    expect(d, "undefined quant table", b, WF_JPEG_MISSING_QUANT_TABLE, sos);
    free(b.p);

    b = dup(orig);
    b.p[sof + 7] = b.p[sof + 8] = 0;
    expect(d, "zero width", b, WF_JPEG_BAD_DIMENSIONS, sof + 7);
    free(b.p);
    b = dup(orig);
    b.p[sof + 5] = b.p[sof + 6] = 0;
    expect(d, "zero height (DNL)", b, WF_JPEG_DNL_UNSUPPORTED, sof + 5);
    free(b.p);
    b = dup(orig);
    b.p[sof + 11] = 0x50; /* h = 5 */
    expect(d, "sampling factor 5", b, WF_JPEG_BAD_SAMPLING, sof + 11);
    b.p[sof + 11] = 0x00;
    expect(d, "sampling factor 0", b, WF_JPEG_BAD_SAMPLING, sof + 11);
    b.p[sof + 11] = 0x31; /* Y 3x1 with chroma 1x1 is fine, so make chroma 2x1 */
    b.p[sof + 14] = 0x21;
    expect(d, "fractional sampling ratio 3:2", b, WF_JPEG_BAD_SAMPLING, sof + 14);
    free(b.p);
    b = dup(orig);
    b.p[sof + 4] = 12;
    expect(d, "12-bit precision", b, WF_JPEG_UNSUPPORTED_PRECISION, sof + 4);
    free(b.p);
    b = dup(orig);
    b.p[sof + 1] = 0xC3;
    expect(d, "lossless SOF3", b, WF_JPEG_UNSUPPORTED_PROCESS, sof);
    b.p[sof + 1] = 0xC5;
    expect(d, "hierarchical SOF5", b, WF_JPEG_UNSUPPORTED_PROCESS, sof);
    free(b.p);

    /* five components */
    {
        uint8_t sof5[2 + 8 + 15] = {0xFF, 0xC0, 0, 8 + 15, 8, 0, 16, 0, 16, 5};
        for (int i = 0; i < 5; i++) {
            sof5[10 + 3 * i] = (uint8_t)(i + 1);
            sof5[11 + 3 * i] = 0x11;
        }
        b = splice(orig, (size_t)sof, soflen, sof5, sizeof sof5);
        expect(d, "five components", b, WF_JPEG_BAD_COMPONENTS, sof + 9);
        free(b.p);
        sof5[9] = 2;
        sof5[3] = 8 + 6;
        b = splice(orig, (size_t)sof, soflen, sof5, 2 + 8 + 6);
        expect(d, "two components", b, WF_JPEG_UNSUPPORTED_COLORSPACE, sof + 9);
        free(b.p);
    }

    b = dup(orig);
    b.p[sos + 6] = 0x33; /* component 1: Huffman tables 3/3, never defined */
    expect(d, "undefined Huffman table", b, WF_JPEG_MISSING_HUFFMAN_TABLE, sos);
    b.p[sos + 6] = 0x44;
    expect(d, "Huffman table id 4 in SOS", b, WF_JPEG_BAD_SOS, sos + 6);
    b.p[sos + 6] = orig.p[sos + 6];
    b.p[sos + 5] = 99; /* unknown component id */
    expect(d, "SOS with unknown component", b, WF_JPEG_BAD_SOS, sos + 5);
    free(b.p);

    static const uint8_t dri[] = {0xFF, 0xDD, 0, 5, 0, 1, 0};
    b = splice(orig, 2, 0, dri, sizeof dri);
    expect(d, "DRI of length 5", b, WF_JPEG_BAD_DRI, 6);
    free(b.p);
    static const uint8_t dac[] = {0xFF, 0xCC, 0, 4, 0x00, 0x05}; /* L=5 > U=0 */
    b = splice(orig, 2, 0, dac, sizeof dac);
    expect(d, "DAC with L > U", b, WF_JPEG_BAD_DAC, 6);
    free(b.p);
    static const uint8_t dac2[] = {0xFF, 0xCC, 0, 4, 0x10, 64}; /* Kx 64 */
    b = splice(orig, 2, 0, dac2, sizeof dac2);
    expect(d, "DAC with Kx 64", b, WF_JPEG_BAD_DAC, 6);
    free(b.p);
    static const uint8_t badlen[] = {0xFF, 0xE3, 0, 1};
    b = splice(orig, 2, 0, badlen, sizeof badlen);
    expect(d, "segment length 1", b, WF_JPEG_BAD_MARKER, 4);
    free(b.p);
    static const uint8_t reserved[] = {0xFF, 0x4F, 0, 2};
    b = splice(orig, 2, 0, reserved, sizeof reserved);
    expect(d, "reserved marker 0x4F", b, WF_JPEG_BAD_MARKER, 2);
    free(b.p);

    /* garbage between segments is skipped (libjpeg warns), the image decodes */
    static const uint8_t junk[] = {0x12, 0x34, 0xFF, 0x00, 0x56};
    b = splice(orig, (size_t)sof, 0, junk, sizeof junk);
    {
        uint8_t *o;
        wf_status st = decode(d, b.p, b.n, &o, 0);
        CHECK(st == WF_OK && wf_jpeg_warnings(d) > 0, "junk before SOF: %s warnings %d", wf_status_name(st),
              wf_jpeg_warnings(d));
        free(o);
    }
    free(b.p);

    /* progressive scan checks on testimgp.jpg */
    long psos = find_sos(prog.p, prog.n, 0);
    long psos2 = find_sos(prog.p, prog.n, 1);
    CHECK(psos > 0 && psos2 > 0, "SOS of testimgp.jpg");
    int pns = prog.p[psos + 4];
    long ssoff = psos + 5 + 2 * pns;
    b = dup(prog);
    b.p[ssoff + 1] = 5; /* DC scan with Se 5 */
    expect(d, "progressive DC scan with Se=5", b, WF_JPEG_BAD_SCAN_PARAMS, psos);
    b.p[ssoff + 1] = 0;
    b.p[ssoff + 2] = 0x20; /* Ah 2, Al 0 */
    expect(d, "progressive Ah=2 Al=0", b, WF_JPEG_BAD_SCAN_PARAMS, psos);
    b.p[ssoff + 2] = 0x0E; /* Al 14 */
    expect(d, "progressive Al=14", b, WF_JPEG_BAD_SCAN_PARAMS, psos);
    b.p[ssoff + 2] = 0x10; /* refinement before any first scan */
    expect(d, "progressive refinement before first scan", b, WF_JPEG_BAD_SCAN_ORDER, psos);
    free(b.p);
    /* drop the DC scan: the first AC scan comes before DC */
    {
        size_t cut = (size_t)(psos2 - psos);
        b = splice(prog, (size_t)psos, cut, NULL, 0);
        int ns2 = b.p[psos + 4];
        if (ns2 == 1 && b.p[psos + 5 + 2 * ns2] > 0)
            expect(d, "progressive AC scan before DC", b, WF_JPEG_BAD_SCAN_ORDER, psos);
        else
            printf("  (second scan of testimgp.jpg is not an AC scan: skipped)\n");
        free(b.p);
    }
    /* 1001 copies of the DC scan (a CPU bomb) */
    {
        size_t scan_len = (size_t)(psos2 - psos);
        size_t total = (size_t)psos + 1001 * scan_len + 2;
        b.p = malloc(total);
        b.n = total;
        memcpy(b.p, prog.p, (size_t)psos);
        for (int i = 0; i < 1001; i++) {
            memcpy(b.p + psos + (size_t)i * scan_len, prog.p + psos, scan_len);
            b.p[ssoff + (size_t)i * scan_len + 2] = 0x00; /* Al 0: a first scan may repeat */
        }
        b.p[total - 2] = 0xFF;
        b.p[total - 1] = 0xD9;
        expect(d, "1001 scans", b, WF_JPEG_TOO_MANY_SCANS, psos + 1000 * (long)scan_len);
        free(b.p);
    }
    b = dup(prog);
    b.p[ssoff] = 1;
    b.p[ssoff + 1] = 5; /* AC scan with 3 components */
    expect(d, "progressive AC scan with 3 components", b, WF_JPEG_BAD_SCAN_PARAMS, psos);
    free(b.p);

    /* pixel limit and output size */
    {
        uint8_t *o = malloc(227 * 149 * 4);
        wf_status st = wf_jpeg_decode(d, orig.p, orig.n, o, 227 * 149 * 4, 1000);
        CHECK(st == WF_JPEG_TOO_MANY_PIXELS && wf_jpeg_error_offset(d) == (size_t)sof, "max pixels: %s",
              wf_status_name(st));
        st = wf_jpeg_decode(d, orig.p, orig.n, o, 227 * 149 * 4 - 1, 0);
        CHECK(st == WF_ERR_BUFFER_TOO_SMALL, "buffer too small: %s", wf_status_name(st));
        st = wf_jpeg_decode(d, orig.p, orig.n, o, 227 * 149 * 4, 227 * 149);
        CHECK(st == WF_OK, "exact pixel limit: %s", wf_status_name(st));
        free(o);
        CHECK(wf_jpeg_decode(NULL, orig.p, orig.n, NULL, 0, 0) == WF_ERR_INVALID_ARGUMENT, "NULL decoder");
    }

    /* marker soup: SOI then random marker-ish bytes */
    {
        uint32_t x = 12345;
        for (int it = 0; it < 300; it++) {
            uint8_t soup[200];
            soup[0] = 0xFF;
            soup[1] = 0xD8;
            for (int i = 2; i < 200; i++) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                soup[i] = (x & 3) == 0 ? 0xFF : (uint8_t)(x >> 8);
            }
            uint8_t *o;
            wf_status st = decode(d, soup, sizeof soup, &o, 1 << 16);
            free(o);
            CHECK(st != WF_OK || wf_jpeg_width(d) > 0, "marker soup %d", it);
        }
        printf("  ok marker soup (300 cases, no crash)\n");
    }
}

/* Truncated files: WF_OK with the flag, compared with libjpeg's decode. */
static void test_truncation(wf_jpeg_decoder *d, const char *name, buf_t b)
{
    static const double cuts[] = {0.35, 0.6, 0.85, 0.97};
    for (int i = 0; i < 5; i++) {
        size_t n = i < 4 ? (size_t)(b.n * cuts[i]) : b.n - 2; /* last: only EOI missing */
        uint8_t *o;
        wf_status st = decode(d, b.p, n, &o, 0);
        CHECK(st == WF_OK && wf_jpeg_truncated(d), "%s cut at %zu: %s truncated=%d", name, n, wf_status_name(st),
              wf_jpeg_truncated(d));
        int w, h;
        uint8_t *ref = ref_decode(b.p, n, &w, &h, NULL);
        if (o && ref) {
            size_t exact;
            int maxd = rgba_diff(o, ref, (size_t)w * h, &exact);
            printf("  %-18s cut %6zu/%-6zu maxdiff vs libjpeg %3d exact %7.3f%%\n", name, n, b.n, maxd,
                   100.0 * exact / (3.0 * w * h));
            /* Sequential Huffman: libjpeg's rules (zero bits, then grey MCUs)
             * are emulated exactly. Not asserted: progressive (libjpeg smooths
             * incomplete progressive data, K.8-style block smoothing, which we
             * do not do) and arithmetic (garbage decoded from the zero bits
             * gives absurd coefficients, where libjpeg's SIMD IDCT wraps in
             * 16 bits and ours in 32). */
            CHECK(maxd == 0 || !strstr(name, "baseline"), "%s truncated at %zu differs from libjpeg", name, n);
        }
        free(o);
        free(ref);
    }
    /* every cut point of the first 4 KB: no crash, only OK/TRUNCATED_HEADER */
    int bad = 0;
    for (size_t n = 0; n < b.n && n < 4096; n += 7) {
        uint8_t *o;
        wf_status st = decode(d, b.p, n, &o, 0);
        free(o);
        bad += st != WF_OK && st != WF_JPEG_TRUNCATED_HEADER && st != WF_JPEG_NOT_JPEG;
    }
    CHECK(bad == 0, "%s: %d cut points gave other statuses", name, bad);
}

/* A baseline file with restart markers every MCU row, made with libjpeg. */
static buf_t make_restart_file(const uint8_t *rgba, int w, int h, int progressive)
{
    struct jpeg_compress_struct ci;
    struct jpeg_error_mgr jerr;
    unsigned char *mem = NULL;
    unsigned long size = 0;
    ci.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&ci);
    jpeg_mem_dest(&ci, &mem, &size);
    ci.image_width = (JDIMENSION)w;
    ci.image_height = (JDIMENSION)h;
    ci.input_components = 3;
    ci.in_color_space = JCS_RGB;
    jpeg_set_defaults(&ci);
    ci.restart_in_rows = 1;
    if (progressive)
        jpeg_simple_progression(&ci);
    jpeg_start_compress(&ci, TRUE);
    uint8_t *row = malloc((size_t)w * 3);
    while (ci.next_scanline < ci.image_height) {
        for (int x = 0; x < w; x++)
            memcpy(row + 3 * x, rgba + ((size_t)ci.next_scanline * w + x) * 4, 3);
        JSAMPROW rp = row;
        jpeg_write_scanlines(&ci, &rp, 1);
    }
    jpeg_finish_compress(&ci);
    jpeg_destroy_compress(&ci);
    free(row);
    buf_t b = {malloc(size), size};
    memcpy(b.p, mem, size);
    free(mem);
    return b;
}

static void test_restart(wf_jpeg_decoder *d, buf_t orig)
{
    printf("== restart markers\n");
    int w, h;
    uint8_t *rgba = ref_decode(orig.p, orig.n, &w, &h, NULL);
    for (int prog = 0; prog < 2; prog++) {
        buf_t b = make_restart_file(rgba, w, h, prog);
        /* find RST markers in the first scan's data */
        long first = find_sos(b.p, b.n, 0);
        long rst[8];
        int nr = 0;
        for (size_t i = (size_t)first; i + 1 < b.n && nr < 8; i++)
            if (b.p[i] == 0xFF && b.p[i + 1] >= 0xD0 && b.p[i + 1] <= 0xD7)
                rst[nr++] = (long)i;
        CHECK(nr >= 4, "restart file has RST markers (%d)", nr);
        static const struct {
            const char *what;
            int idx;
            int newcode;
        } dmg[] = {
            {"RST1 -> RST3 (data missing)", 1, -2},
            {"RST2 -> RST0 (earlier marker)", 2, 0xD0},
            {"RST3 -> RST6 (far away)", 3, 0xD6},
            {"RST1 -> garbage byte", 1, -1},
        };
        for (size_t k = 0; k < sizeof dmg / sizeof dmg[0] && nr >= 4; k++) {
            buf_t c = dup(b);
            long at = rst[dmg[k].idx];
            if (dmg[k].newcode == -1)
                c.p[at + 1] = 0x00; /* 0xFF00: becomes entropy data */
            else if (dmg[k].newcode == -2)
                c.p[at + 1] = (uint8_t)(0xD0 + ((c.p[at + 1] - 0xD0 + 2) & 7));
            else
                c.p[at + 1] = (uint8_t)dmg[k].newcode;
            uint8_t *o;
            wf_status st = decode(d, c.p, c.n, &o, 0);
            int rw, rh;
            uint8_t *ref = ref_decode(c.p, c.n, &rw, &rh, NULL);
            CHECK(st == WF_OK && wf_jpeg_warnings(d) > 0, "%s: %s warnings %d", dmg[k].what, wf_status_name(st),
                  wf_jpeg_warnings(d));
            if (o && ref) {
                size_t exact;
                int maxd = rgba_diff(o, ref, (size_t)w * h, &exact);
                printf("  %-12s %-32s maxdiff vs libjpeg %3d exact %7.3f%%\n", prog ? "progressive" : "baseline",
                       dmg[k].what, maxd, 100.0 * exact / (3.0 * w * h));
                CHECK(prog || maxd == 0, "baseline %s differs from libjpeg", dmg[k].what);
            }
            free(o);
            free(ref);
            free(c.p);
        }
        free(b.p);
    }
    free(rgba);
}

static void put16(uint8_t *p, unsigned v, int le)
{
    p[le ? 0 : 1] = (uint8_t)(v & 0xFF);
    p[le ? 1 : 0] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v, int le)
{
    for (int i = 0; i < 4; i++)
        p[le ? i : 3 - i] = (uint8_t)(v >> (8 * i));
}

static size_t make_exif(uint8_t *seg, int le, int orientation, int bad_ifd)
{
    uint8_t *t = seg + 4 + 6;
    memcpy(seg + 4, "Exif\0\0", 6);
    t[0] = t[1] = le ? 'I' : 'M';
    put16(t + 2, 42, le);
    put32(t + 4, bad_ifd ? 5000 : 8, le);
    put16(t + 8, 2, le);       /* 2 entries */
    put16(t + 10, 0x010F, le); /* Make, ASCII: skipped */
    put16(t + 12, 2, le);
    put32(t + 14, 4, le);
    memcpy(t + 18, "wf\0\0", 4);
    put16(t + 22, 0x0112, le);
    put16(t + 24, 3, le);
    put32(t + 26, 1, le);
    put16(t + 30, (unsigned)orientation, le);
    put16(t + 32, 0, le);
    put32(t + 34, 0, le); /* next IFD */
    size_t len = 2 + 6 + 38;
    seg[0] = 0xFF;
    seg[1] = 0xE1;
    seg[2] = (uint8_t)(len >> 8);
    seg[3] = (uint8_t)len;
    return len + 2;
}

static size_t make_icc_chunk(uint8_t *seg, int seq, int num, const uint8_t *data, size_t n)
{
    size_t len = 2 + 14 + n;
    seg[0] = 0xFF;
    seg[1] = 0xE2;
    seg[2] = (uint8_t)(len >> 8);
    seg[3] = (uint8_t)len;
    memcpy(seg + 4, "ICC_PROFILE\0", 12);
    seg[16] = (uint8_t)seq;
    seg[17] = (uint8_t)num;
    memcpy(seg + 18, data, n);
    return len + 2;
}

static void test_metadata(wf_jpeg_decoder *d, buf_t orig, buf_t prog, buf_t ari, buf_t gray)
{
    printf("== metadata\n");
    uint8_t icc[700];
    for (int i = 0; i < 700; i++)
        icc[i] = (uint8_t)(i * 7 + 3);
    for (int le = 0; le < 2; le++) {
        uint8_t hdr[4096];
        size_t n = 0;
        static const uint8_t jfif[] = {0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 2, 1, 0x01, 0x2C, 0, 72, 0, 0};
        memcpy(hdr, jfif, sizeof jfif);
        n += sizeof jfif;
        n += make_exif(hdr + n, le, le ? 6 : 8, 0);
        /* ICC in three chunks, stored 2, 3, 1 */
        n += make_icc_chunk(hdr + n, 2, 3, icc + 250, 250);
        n += make_icc_chunk(hdr + n, 3, 3, icc + 500, 200);
        n += make_icc_chunk(hdr + n, 1, 3, icc, 250);
        buf_t b = splice(orig, 2, 0, hdr, n);
        uint8_t *o;
        wf_status st = decode(d, b.p, b.n, &o, 0);
        CHECK(st == WF_OK, "metadata file: %s", wf_status_name(st));
        CHECK(wf_jpeg_orientation(d) == (le ? 6 : 8), "orientation %d (%s)", wf_jpeg_orientation(d), le ? "II" : "MM");
        CHECK(wf_jpeg_icc_size(d) == 700 && wf_jpeg_icc_data(d) && memcmp(wf_jpeg_icc_data(d), icc, 700) == 0,
              "ICC reassembled (%zu bytes)", wf_jpeg_icc_size(d));
        CHECK(wf_jpeg_has_jfif(d) && wf_jpeg_density_unit(d) == 1 && wf_jpeg_density_x(d) == 300 &&
                  wf_jpeg_density_y(d) == 72,
              "JFIF density %d %dx%d", wf_jpeg_density_unit(d), wf_jpeg_density_x(d), wf_jpeg_density_y(d));
        free(o);
        free(b.p);
        printf("  ok EXIF %s orientation, ICC 3 chunks out of order, JFIF density\n", le ? "II" : "MM");
    }
    {
        uint8_t hdr[1024];
        size_t n = make_exif(hdr, 1, 3, 1);           /* IFD offset out of bounds */
        n += make_icc_chunk(hdr + n, 1, 2, icc, 100); /* chunk 2 of 2 missing */
        buf_t b = splice(orig, 2, 0, hdr, n);
        wf_status st = wf_jpeg_read_header(d, b.p, b.n);
        CHECK(st == WF_OK && wf_jpeg_orientation(d) == 1 && wf_jpeg_icc_size(d) == 0 && !wf_jpeg_icc_data(d),
              "bad EXIF / incomplete ICC ignored: %s orientation %d icc %zu", wf_status_name(st),
              wf_jpeg_orientation(d), wf_jpeg_icc_size(d));
        free(b.p);
        /* the EXIF tag with a bogus value */
        n = make_exif(hdr, 0, 9, 0);
        b = splice(orig, 2, 0, hdr, n);
        st = wf_jpeg_read_header(d, b.p, b.n);
        CHECK(st == WF_OK && wf_jpeg_orientation(d) == 1, "orientation 9 ignored");
        free(b.p);
        /* a truncated EXIF segment (TIFF header only) */
        n = make_exif(hdr, 0, 6, 0);
        hdr[3] = 2 + 6 + 10;
        b = splice(orig, 2, 0, hdr, 2 + 2 + 6 + 10);
        st = wf_jpeg_read_header(d, b.p, b.n);
        CHECK(st == WF_OK && wf_jpeg_orientation(d) == 1, "short EXIF ignored");
        free(b.p);
    }
    CHECK(wf_jpeg_read_header(d, orig.p, orig.n) == WF_OK && !wf_jpeg_progressive(d) && !wf_jpeg_arithmetic(d) &&
              wf_jpeg_subsampling(d) == WF_JPEG_SUB_420 && wf_jpeg_color_space(d) == WF_JPEG_CS_YCBCR &&
              wf_jpeg_components(d) == 3 && wf_jpeg_sampling_factors(d, 0) == 0x22 &&
              wf_jpeg_sampling_factors(d, 1) == 0x11 && wf_jpeg_width(d) == 227 && wf_jpeg_height(d) == 149 &&
              wf_jpeg_precision(d) == 8 && wf_jpeg_process(d) == 0 && wf_jpeg_adobe_transform(d) == -1,
          "testorig.jpg header");
    CHECK(wf_jpeg_read_header(d, prog.p, prog.n) == WF_OK && wf_jpeg_progressive(d) && !wf_jpeg_arithmetic(d) &&
              wf_jpeg_process(d) == 2,
          "testimgp.jpg header");
    CHECK(wf_jpeg_read_header(d, ari.p, ari.n) == WF_OK && !wf_jpeg_progressive(d) && wf_jpeg_arithmetic(d) &&
              wf_jpeg_process(d) == 9,
          "testimgari.jpg header");
    CHECK(wf_jpeg_read_header(d, gray.p, gray.n) == WF_OK && wf_jpeg_color_space(d) == WF_JPEG_CS_GRAY &&
              wf_jpeg_subsampling(d) == WF_JPEG_SUB_NONE && wf_jpeg_components(d) == 1,
          "testimggray.jpg header");
    CHECK(wf_jpeg_sampling_factors(d, 1) == 0 && wf_jpeg_sampling_factors(d, -1) == 0, "sampling out of range");
}

/* Deterministic mutations of small files: never crash (ASan/UBSan run). */
static void test_mutations(wf_jpeg_decoder *d, buf_t *files, int nfiles, int iters)
{
    printf("== mutations (%d per file)\n", iters);
    uint32_t x = 0x9E3779B9u;
    int ok = 0, err = 0;
    for (int f = 0; f < nfiles; f++) {
        for (int it = 0; it < iters; it++) {
            buf_t b = dup(files[f]);
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            int nmut = 1 + (int)(x % 8);
            for (int m = 0; m < nmut; m++) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                size_t at = x % b.n;
                /* bias towards the headers, where the interesting parsing is */
                if (m & 1)
                    at %= b.n < 700 ? b.n : 700;
                b.p[at] = (m & 2) ? (uint8_t)(x >> 24) : (uint8_t)(b.p[at] ^ (1u << ((x >> 8) & 7)));
            }
            if (x % 5 == 0)
                b.n = x % b.n;
            uint8_t *o;
            wf_status st = decode(d, b.p, b.n, &o, 1 << 22);
            if (st == WF_OK)
                ok++;
            else
                err++;
            free(o);
            free(b.p);
        }
    }
    printf("  %d decoded, %d rejected, no crash\n", ok, err);
}

int main(void)
{
    buf_t orig = load("jpeg/testorig.jpg"), prog = load("jpeg/testimgp.jpg"), ari = load("jpeg/testimgari.jpg"),
          gray = load("jpeg/testimggray.jpg"), photo = load("photos/kodim23.q85.jpg");
    if (!orig.p || !prog.p || !ari.p || !gray.p || !photo.p) {
        printf("SKIP: JPEG corpus not found at %s (set WASMFORGE_DATA)\n", wf_data_dir());
        return 77;
    }
    wf_jpeg_decoder *d = wf_jpeg_decoder_alloc();
    test_malformed(d, orig, prog);

    printf("== truncation\n");
    test_truncation(d, "testorig baseline", orig);
    test_truncation(d, "testimgp progressive", prog);
    test_truncation(d, "testimgari arith", ari);
    test_truncation(d, "kodim23 baseline", photo);

    test_restart(d, orig);
    test_metadata(d, orig, prog, ari, gray);

    {
        int w, h;
        uint8_t *rgba = ref_decode(orig.p, orig.n, &w, &h, NULL);
        buf_t rst = make_restart_file(rgba, w, h, 0), rstp = make_restart_file(rgba, w, h, 1);
        free(rgba);
        buf_t files[] = {orig, prog, ari, gray, rst, rstp};
        test_mutations(d, files, 6, 400);
        free(rst.p);
        free(rstp.p);
    }

    /* Motion-JPEG style: no DHT at all; the Annex K.3 tables apply (kodim23.q85
     * was written by cjpeg with exactly those tables), as in libjpeg-turbo */
    {
        buf_t b = dup(photo);
        long at;
        while ((at = find_marker(b.p, b.n, 0xC4, 0)) >= 0) {
            size_t len = 2 + (((size_t)b.p[at + 2] << 8) | b.p[at + 3]);
            buf_t c = splice(b, (size_t)at, len, NULL, 0);
            free(b.p);
            b = c;
        }
        uint8_t *o;
        int w, h;
        wf_status st = decode(d, b.p, b.n, &o, 0);
        uint8_t *ref = ref_decode(photo.p, photo.n, &w, &h, NULL);
        size_t exact;
        CHECK(st == WF_OK && o && ref && rgba_diff(o, ref, (size_t)w * h, &exact) == 0, "no DHT (standard tables): %s",
              wf_status_name(st));
        printf("  ok file without DHT decodes with the Annex K.3 tables\n");
        free(o);
        free(ref);
        free(b.p);
    }

    /* the context is usable after all of the above */
    {
        uint8_t *o;
        int w, h;
        wf_status st = decode(d, orig.p, orig.n, &o, 0);
        uint8_t *ref = ref_decode(orig.p, orig.n, &w, &h, NULL);
        size_t exact;
        CHECK(st == WF_OK && o && ref && rgba_diff(o, ref, (size_t)w * h, &exact) == 0 && !wf_jpeg_truncated(d) &&
                  wf_jpeg_warnings(d) == 0,
              "decoder reuse after errors");
        free(o);
        free(ref);
    }
    wf_jpeg_decoder_free(d);
    wf_jpeg_decoder_free(NULL);
    free(orig.p);
    free(prog.p);
    free(ari.p);
    free(gray.p);
    free(photo.p);
    return wf_check_report();
}
