/* SPDX-License-Identifier: MIT
 *
 * test_png_encode.c: the encoder's output for every valid PngSuite file and
 * for the photos is read back by libpng (and by our decoder) to exactly the
 * input pixels, at several efforts, with and without Adam7, from every input
 * layout; the colour-type reduction picks the expected IHDR; sizes are
 * checked against libpng's default re-encoding of the same files (at our
 * default effort: no larger on every photo and on PngSuite in total).
 */
#define _POSIX_C_SOURCE 200809L
#include <time.h>
#include "wf/png.h"
#include "wf/deflate.h"
#include "png_test_util.h"

static wf_png_decoder *g_dec;
static wf_png_encoder *g_enc;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Encodes pixels (layout fmt) and checks that libpng and our decoder give
 * `want` (RGBA8, or RGBA16 when want16). Returns the PNG size (0 on error),
 * and the output IHDR colour type/depth through *ct, *bd. */
static size_t roundtrip(const char *name, const void *px, uint32_t w, uint32_t h, int fmt, const void *want, int want16,
                        int effort, int flags, int *ct, int *bd)
{
    size_t bound = wf_png_encode_bound(w, h, fmt, flags), n = 0;
    CHECK(bound > 0, "%s: bound", name);
    uint8_t *png = (uint8_t *)malloc(bound);
    wf_status st = wf_png_encode(g_enc, px, w, h, fmt, effort, flags, png, bound, &n);
    CHECK(st == WF_OK, "%s: encode (fmt %d effort %d flags %d) -> %s", name, fmt, effort, flags, wf_status_name(st));
    if (st != WF_OK) {
        free(png);
        return 0;
    }
    CHECK(n <= bound, "%s: size above bound", name);
    int depth = want16 ? 16 : 8;
    size_t sz = (size_t)w * h * (depth / 2);
    uint32_t rw, rh;
    uint8_t *ref = ref_decode(png, n, depth, &rw, &rh);
    CHECK(ref != NULL, "%s: libpng cannot read our PNG (fmt %d effort %d flags %d)", name, fmt, effort, flags);
    if (ref) {
        CHECK(rw == w && rh == h && memcmp(ref, want, sz) == 0,
              "%s: libpng reads different pixels (fmt %d effort %d flags %d)", name, fmt, effort, flags);
    }
    uint8_t *ours = (uint8_t *)malloc(sz);
    st = wf_png_decode(g_dec, png, n, ours, sz, depth);
    CHECK(st == WF_OK && memcmp(ours, want, sz) == 0, "%s: our decoder reads different pixels", name);
    if (ct)
        *ct = png[25];
    if (bd)
        *bd = png[24];
    /* too small an output buffer is an error, not an overrun; at the default
     * effort the exact size works (buffers of their own size: the sanitizer
     * build sees any write past them) */
    size_t n2 = 0;
    if (effort == WF_PNG_DEFAULT_EFFORT) {
        uint8_t *exact = (uint8_t *)malloc(n);
        CHECK(wf_png_encode(g_enc, px, w, h, fmt, effort, flags, exact, n, &n2) == WF_OK && n2 == n &&
                  memcmp(exact, png, n) == 0,
              "%s: exact-size output buffer", name);
        free(exact);
    }
    uint8_t *shorter = (uint8_t *)malloc(n - 1);
    CHECK(wf_png_encode(g_enc, px, w, h, fmt, effort, flags, shorter, n - 1, &n2) == WF_ERR_BUFFER_TOO_SMALL,
          "%s: short output buffer", name);
    free(shorter);
    free(ours);
    free(ref);
    free(png);
    return n;
}

/* Decodes a file with our decoder; returns malloc'ed pixels. */
static void *our_decode(const uint8_t *in, size_t n, int depth, uint32_t *w, uint32_t *h)
{
    if (wf_png_decoder_read(g_dec, in, n) != WF_OK)
        return NULL;
    size_t sz = wf_png_decoder_output_size(g_dec, depth);
    void *out = malloc(sz);
    if (wf_png_decode(g_dec, in, n, out, sz, depth) != WF_OK) {
        free(out);
        return NULL;
    }
    *w = wf_png_decoder_width(g_dec);
    *h = wf_png_decoder_height(g_dec);
    return out;
}

static void test_layouts(const char *name, const uint8_t *rgba, uint32_t w, uint32_t h)
{
    size_t np = (size_t)w * h;
    uint8_t *rgb = (uint8_t *)malloc(np * 3), *grey = (uint8_t *)malloc(np), *ga = (uint8_t *)malloc(np * 2);
    uint8_t *want = (uint8_t *)malloc(np * 4);
    uint16_t *w16 = (uint16_t *)malloc(np * 8);
    for (size_t i = 0; i < np; i++) {
        memcpy(rgb + 3 * i, rgba + 4 * i, 3);
        grey[i] = rgba[4 * i + 1];
        ga[2 * i] = rgba[4 * i + 1];
        ga[2 * i + 1] = rgba[4 * i + 3];
    }
    for (size_t i = 0; i < np; i++) {
        memcpy(want + 4 * i, rgba + 4 * i, 3);
        want[4 * i + 3] = 255;
    }
    roundtrip(name, rgb, w, h, WF_PNG_PIXELS_RGB8, want, 0, -1, 0, NULL, NULL);
    for (size_t i = 0; i < np; i++) {
        memset(want + 4 * i, grey[i], 3);
        want[4 * i + 3] = 255;
    }
    roundtrip(name, grey, w, h, WF_PNG_PIXELS_GREY8, want, 0, -1, 0, NULL, NULL);
    for (size_t i = 0; i < np; i++)
        want[4 * i + 3] = ga[2 * i + 1];
    roundtrip(name, ga, w, h, WF_PNG_PIXELS_GREY_ALPHA8, want, 0, -1, WF_PNG_ENCODE_INTERLACE, NULL, NULL);
    /* RGBA16 that is really 8-bit: must come out as 8-bit */
    for (size_t i = 0; i < np * 4; i++)
        w16[i] = (uint16_t)(rgba[i] * 257u);
    int ct, bd;
    roundtrip(name, w16, w, h, WF_PNG_PIXELS_RGBA16, w16, 1, -1, 0, &ct, &bd);
    CHECK(bd <= 8, "%s: 8-bit content in RGBA16 written at depth %d", name, bd);
    free(rgb);
    free(grey);
    free(ga);
    free(want);
    free(w16);
}

/* The default effort's DEFLATE path (WF_STRATEGY_IMAGE level 6: bucket match
 * finder, block splitter) on a synthetic RGB image whose statistics change
 * from band to band (noise, flat colour, a repeating tile, a gradient, noise
 * again), so that blocks are both merged and split and matches of every
 * length and distance occur; read back by libpng and our decoder. */
static void test_default_bands(void)
{
    const uint32_t w = 700, h = 420;
    uint8_t *rgba = (uint8_t *)malloc((size_t)w * h * 4);
    uint32_t seed = 12345;
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            uint8_t *p = rgba + ((size_t)y * w + x) * 4;
            unsigned band = y / 84;
            for (int c = 0; c < 3; c++) {
                seed = seed * 1103515245u + 12345u;
                unsigned noise = seed >> 24;
                unsigned v = band == 0 || band == 4 ? noise
                             : band == 1            ? 40u + 30u * (unsigned)c
                             : band == 2            ? ((x % 13) * 19u + (y % 7) * 31u + (unsigned)c * 5u) & 255u
                                                    : (x + y / 2 + (unsigned)c * 60u + (noise & 3u)) & 255u;
                p[c] = (uint8_t)v;
            }
            p[3] = 255;
        }
    }
    size_t s = roundtrip("bands", rgba, w, h, WF_PNG_PIXELS_RGBA8, rgba, 0, -1, 0, NULL, NULL);
    CHECK(s > 0, "bands: default effort failed");
    free(rgba);
}

int main(void)
{
    char dir[1024], path[1200];
    snprintf(dir, sizeof dir, "%s/pngsuite", wf_data_dir());
    char **names;
    int nfiles = list_pngs(dir, &names);
    if (nfiles == 0) {
        printf("SKIP: PngSuite not found at %s (set WASMFORGE_DATA)\n", dir);
        return 77;
    }
    {
        wf_deflater *c = wf_deflater_alloc();
        uint8_t o[64];
        size_t on;
        wf_status st = wf_deflate(c, WF_FORMAT_ZLIB, 6, (const uint8_t *)"abc", 3, o, sizeof o, &on);
        wf_deflater_free(c);
        if (st != WF_OK) {
            printf("SKIP: wf_deflate is not implemented yet (%s)\n", wf_status_name(st));
            free_names(names, nfiles);
            return 77;
        }
    }
    g_dec = wf_png_decoder_alloc();
    g_enc = wf_png_encoder_alloc();
    test_default_bands();
    size_t ours_total = 0, ref_total = 0;
    int count = 0;
    for (int i = 0; i < nfiles; i++) {
        const char *name = names[i];
        if (name[0] == 'x')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, name);
        size_t n = 0;
        uint8_t *in = wf_read_file(path, &n);
        uint32_t w, h;
        uint8_t *rgba = (uint8_t *)our_decode(in, n, 8, &w, &h);
        CHECK(rgba != NULL, "%s: decode", name);
        if (!rgba) {
            free(in);
            continue;
        }
        int src_depth = in[24], src_ct = in[25];
        int ct, bd;
        size_t s = roundtrip(name, rgba, w, h, WF_PNG_PIXELS_RGBA8, rgba, 0, -1, 0, &ct, &bd);
        size_t r = ref_reencode_size(in, n);
        if (src_depth == 16) {
            uint16_t *rgba16 = (uint16_t *)our_decode(in, n, 16, &w, &h);
            s = roundtrip(name, rgba16, w, h, WF_PNG_PIXELS_RGBA16, rgba16, 1, -1, 0, &ct, &bd);
            roundtrip(name, rgba16, w, h, WF_PNG_PIXELS_RGBA16, rgba16, 1, 9, WF_PNG_ENCODE_INTERLACE, NULL, NULL);
            free(rgba16);
        }
        roundtrip(name, rgba, w, h, WF_PNG_PIXELS_RGBA8, rgba, 0, i % 10, (i / 2) % 2, NULL, NULL);
        if (i % 4 == 0)
            test_layouts(name, rgba, w, h);
        /* expected reductions */
        if (src_ct == 0 && src_depth <= 8)
            CHECK(ct == 0 || (ct == 3 && bd < src_depth), "%s: grey written as colour type %d", name, ct);
        if (src_ct == 3 && !strstr(name, "tbwn") && bd > src_depth)
            CHECK(0, "%s: palette depth %d grew to %d", name, src_depth, bd);
        ours_total += s;
        ref_total += r;
        count++;
        printf("%-14s ct %d/%2d -> ct %d/%2d  ours %6zu  libpng %6zu\n", name, src_ct, src_depth, ct, bd, s, r);
        free(rgba);
        free(in);
    }
    printf("PngSuite: %d files, ours %zu bytes, libpng default %zu bytes (%.1f%%)\n", count, ours_total, ref_total,
           100.0 * (double)ours_total / (double)ref_total);
    /* Size goal: at the default effort, no larger than libpng's default (zlib level 6,
     * Z_FILTERED, adaptive filters) on PngSuite in total. */
    CHECK(ours_total <= ref_total, "PngSuite: ours %zu bytes > libpng default %zu bytes", ours_total, ref_total);

    /* photos */
    char **photos = NULL;
    int nphotos = 0;
    char pdir[1100];
    snprintf(pdir, sizeof pdir, "%s/photos", wf_data_dir());
    nphotos = list_pngs(pdir, &photos);
    size_t po = 0, pr = 0;
    double to = 0, tr = 0;
    for (int i = 0; i < nphotos; i++) {
        snprintf(path, sizeof path, "%s/%s", pdir, photos[i]);
        size_t n = 0;
        uint8_t *in = wf_read_file(path, &n);
        uint32_t w, h;
        uint8_t *rgba = (uint8_t *)our_decode(in, n, 8, &w, &h);
        CHECK(rgba != NULL, "%s: decode", photos[i]);
        if (!rgba) {
            free(in);
            continue;
        }
        double t0 = now();
        size_t s = roundtrip(photos[i], rgba, w, h, WF_PNG_PIXELS_RGBA8, rgba, 0, -1, 0, NULL, NULL);
        double t1 = now();
        size_t r = ref_reencode_size(in, n);
        double t2 = now();
        po += s;
        pr += r;
        to += t1 - t0;
        tr += t2 - t1;
        printf("%-18s %ux%u ours %8zu  libpng %8zu  (%.1f%%)\n", photos[i], w, h, s, r, 100.0 * (double)s / (double)r);
        /* Size goal: at the default effort, no larger than libpng's default on every photo. */
        CHECK(r > 0 && s <= r, "%s: ours %zu bytes > libpng default %zu bytes", photos[i], s, r);
        free(rgba);
        free(in);
    }
    if (pr)
        printf("photos: ours %zu bytes, libpng default %zu bytes (%.1f%%)\n", po, pr, 100.0 * (double)po / (double)pr);
    free_names(photos, nphotos);
    free_names(names, nfiles);
    wf_png_decoder_free(g_dec);
    wf_png_encoder_free(g_enc);
    printf("encoder tests: %d failures\n", g_failures);
    return g_failures ? 1 : 0;
}
