/* SPDX-License-Identifier: MIT
 *
 * test_webp_encode.c: round trips of the WebP lossless encoder through the
 * reference decoder (Debian's libwebp, WebPDecodeRGBA): every PngSuite image
 * and every photo (decoded with our PNG core) at the default effort must
 * decode to exactly the input pixels (exact: true), and to the same visible
 * pixels with exact: false; the PngSuite also at efforts 0, 2 and 9. Also:
 * metadata chunks, argument errors, lossy requests without the lossy
 * encoder, one file through the `dwebp` program. Prints the summed sizes.
 * Environment: WASMFORGE_DATA (corpora), WF_WEBP_ENC_EFFORT (default-effort
 * override, for measurements).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

#include "wf/png.h"
#include "wf/webp.h"
#include "../common/wf_read_file.h"
#include "../../../core/webp/enc_internal.h" /* the container writer, ALPH encoder (private) */

static int failures;
static size_t total_size[2];

#define CHECK(cond, ...)                                         \
    do {                                                         \
        if (!(cond)) {                                           \
            failures++;                                          \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                        \
            fprintf(stderr, "\n");                               \
        }                                                        \
    } while (0)

static const char *data_dir(void)
{
    const char *env = getenv("WASMFORGE_DATA");
    return env && *env ? env : WF_DEFAULT_DATA_DIR;
}

static uint8_t *load_png(const char *path, uint32_t *w, uint32_t *h)
{
    size_t n, sz;
    uint8_t *in = wf_read_file(path, &n), *out;
    wf_png_decoder *d;
    if (!in)
        return NULL;
    d = wf_png_decoder_alloc();
    if (wf_png_decoder_read(d, in, n) != WF_OK) {
        wf_png_decoder_free(d);
        free(in);
        return NULL;
    }
    sz = wf_png_decoder_output_size(d, 8);
    out = (uint8_t *)malloc(sz);
    if (wf_png_decode(d, in, n, out, sz, 8) != WF_OK) {
        free(out);
        out = NULL;
    }
    *w = wf_png_decoder_width(d);
    *h = wf_png_decoder_height(d);
    wf_png_decoder_free(d);
    free(in);
    return out;
}

/* Encodes and checks the round trip; returns the file size (0 on failure). */
static size_t round_trip(wf_webp_encoder *e, const char *name, const uint8_t *rgba, uint32_t w, uint32_t h, int effort,
                         int exact)
{
    wf_status st = wf_webp_encode(e, rgba, w, h, w * 4, 1, 75, effort, exact ? WF_WEBP_ENCODE_EXACT : 0, 100);
    const uint8_t *out = wf_webp_encoder_output(e);
    size_t size = wf_webp_encoder_output_size(e), i;
    int dw = 0, dh = 0;
    uint8_t *dec;
    CHECK(st == WF_OK, "%s effort %d: encode failed: %s", name, effort, wf_status_name(st));
    if (st != WF_OK)
        return 0;
    dec = WebPDecodeRGBA(out, size, &dw, &dh);
    CHECK(dec != NULL, "%s effort %d exact %d: libwebp rejects the file", name, effort, exact);
    if (!dec)
        return 0;
    CHECK((uint32_t)dw == w && (uint32_t)dh == h, "%s: size %dx%d", name, dw, dh);
    for (i = 0; i < (size_t)w * h; i++) {
        const uint8_t *a = rgba + 4 * i, *b = dec + 4 * i;
        int same = exact || a[3] != 0 ? memcmp(a, b, 4) == 0 : b[3] == 0;
        if (!same) {
            CHECK(0, "%s effort %d exact %d: pixel %zu differs (%d,%d,%d,%d vs %d,%d,%d,%d)", name, effort, exact, i,
                  a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
            break;
        }
    }
    WebPFree(dec);
    return size;
}

static void corpus(wf_webp_encoder *e, const char *sub, int which, int default_effort, int all_efforts)
{
    char dir[4200], path[8400];
    DIR *dp;
    struct dirent *de;
    int count = 0;
    snprintf(dir, sizeof dir, "%s/%s", data_dir(), sub);
    dp = opendir(dir);
    if (!dp) {
        printf("skip %s: no corpus at %s\n", sub, dir);
        return;
    }
    while ((de = readdir(dp)) != NULL) {
        size_t len = strlen(de->d_name);
        uint32_t w, h;
        uint8_t *rgba;
        if (len < 5 || strcmp(de->d_name + len - 4, ".png") != 0 || de->d_name[0] == 'x')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        rgba = load_png(path, &w, &h);
        if (!rgba)
            continue;
        total_size[which] += round_trip(e, de->d_name, rgba, w, h, default_effort, 1);
        round_trip(e, de->d_name, rgba, w, h, default_effort, 0);
        if (all_efforts) {
            round_trip(e, de->d_name, rgba, w, h, 0, 1);
            round_trip(e, de->d_name, rgba, w, h, 2, 0);
            round_trip(e, de->d_name, rgba, w, h, 9, 1);
        }
        free(rgba);
        count++;
    }
    closedir(dp);
    printf("%s: %d images, %zu bytes at effort %d\n", sub, count, total_size[which], default_effort);
}

static void test_meta_and_errors(wf_webp_encoder *e)
{
    static const uint8_t icc[5] = {1, 2, 3, 4, 5}, exif[4] = {'I', 'I', 42, 0}, xmp[3] = {'<', 'x', '>'};
    uint8_t rgba[16 * 8 * 4];
    wf_webp_decoder *d = wf_webp_decoder_alloc();
    size_t i;
    int dw, dh;
    uint8_t *dec;
    for (i = 0; i < sizeof rgba; i++)
        rgba[i] = (uint8_t)(i * 7 + (i >> 5));
    CHECK(wf_webp_encoder_set_meta(e, WF_WEBP_META_ICC, icc, sizeof icc) == WF_OK, "set icc");
    CHECK(wf_webp_encoder_set_meta(e, WF_WEBP_META_EXIF, exif, sizeof exif) == WF_OK, "set exif");
    CHECK(wf_webp_encoder_set_meta(e, WF_WEBP_META_XMP, xmp, sizeof xmp) == WF_OK, "set xmp");
    CHECK(wf_webp_encoder_set_meta(e, 7, xmp, 1) == WF_WEBP_ENCODE_BAD_META, "bad meta kind");
    CHECK(wf_webp_encode(e, rgba, 16, 8, 64, 1, 75, -1, WF_WEBP_ENCODE_EXACT, 100) == WF_OK, "encode with meta");
    CHECK(wf_webp_decode(d, wf_webp_encoder_output(e), wf_webp_encoder_output_size(e), NULL, 0, 0, 0) ==
              WF_ERR_BUFFER_TOO_SMALL,
          "decode header");
    CHECK(wf_webp_icc_size(d) == 5 && memcmp(wf_webp_icc_data(d), icc, 5) == 0, "icc round trip");
    CHECK(wf_webp_exif_size(d) == 4 && memcmp(wf_webp_exif_data(d), exif, 4) == 0, "exif round trip");
    CHECK(wf_webp_xmp_size(d) == 3 && memcmp(wf_webp_xmp_data(d), xmp, 3) == 0, "xmp round trip");
    dec = WebPDecodeRGBA(wf_webp_encoder_output(e), wf_webp_encoder_output_size(e), &dw, &dh);
    CHECK(dec && memcmp(dec, rgba, sizeof rgba) == 0, "VP8X file decodes with libwebp");
    WebPFree(dec);
    for (i = 0; i < 3; i++)
        wf_webp_encoder_set_meta(e, (int)i, NULL, 0);
    CHECK(wf_webp_encode(e, rgba, 0, 8, 64, 1, 75, -1, 0, 100) == WF_WEBP_ENCODE_BAD_DIMENSIONS, "width 0");
    CHECK(wf_webp_encode(e, rgba, 16384, 1, 65536, 1, 75, -1, 0, 100) == WF_WEBP_ENCODE_BAD_DIMENSIONS, "width 16384");
    CHECK(wf_webp_encode(e, rgba, 16, 8, 63, 1, 75, -1, 0, 100) == WF_WEBP_ENCODE_BAD_STRIDE, "stride");
    CHECK(wf_webp_encode(e, rgba, 16, 8, 64, 1, 101, -1, 0, 100) == WF_WEBP_ENCODE_BAD_QUALITY, "quality");
    CHECK(wf_webp_encode(e, rgba, 16, 8, 64, 1, 75, 10, 0, 100) == WF_WEBP_ENCODE_BAD_EFFORT, "effort");
    CHECK(wf_webp_encode(e, rgba, 16, 8, 64, 1, 75, 5, 2, 100) == WF_WEBP_ENCODE_BAD_FLAGS, "flags");
    CHECK(wf_webp_encoder_output(e) == NULL && wf_webp_encoder_output_size(e) == 0, "no output after an error");
    {
        wf_status st = wf_webp_encode(e, rgba, 16, 8, 64, 0, 75, 5, 0, 100);
        CHECK(st == WF_OK || st == WF_WEBP_UNSUPPORTED, "lossy: %s", wf_status_name(st));
        if (st == WF_OK) {
            dec = WebPDecodeRGBA(wf_webp_encoder_output(e), wf_webp_encoder_output_size(e), &dw, &dh);
            CHECK(dec != NULL, "lossy file with alpha decodes with libwebp");
            for (i = 0; dec && i < 16 * 8; i++)
                CHECK(dec[4 * i + 3] == rgba[4 * i + 3], "lossy alpha %zu", i);
            WebPFree(dec);
        }
    }
    /* 1x1, and a tall thin image (plane codes alias on tiny widths) */
    {
        uint8_t one[4] = {1, 2, 3, 4}, *thin = (uint8_t *)malloc(3 * 500 * 4);
        round_trip(e, "1x1", one, 1, 1, 5, 1);
        for (i = 0; i < 3 * 500 * 4; i++)
            thin[i] = (uint8_t)((i % 13) * (i % 7));
        round_trip(e, "3x500", thin, 3, 500, 5, 1);
        round_trip(e, "3x500 e9", thin, 3, 500, 9, 1);
        round_trip(e, "500x3", thin, 500, 3, 9, 1);
        free(thin);
    }
    wf_webp_decoder_free(d);
}

/* One file through the dwebp program, when it is installed. */
static void test_dwebp(wf_webp_encoder *e)
{
    char path[64], cmd[256];
    uint8_t rgba[40 * 30 * 4], pam[40 * 30 * 4 + 256];
    size_t i, n;
    FILE *f;
    if (system("dwebp -version > /dev/null 2>&1") != 0) {
        printf("skip dwebp: not installed\n");
        return;
    }
    for (i = 0; i < sizeof rgba; i++)
        rgba[i] = (uint8_t)((i * 31) ^ (i >> 6));
    if (wf_webp_encode(e, rgba, 40, 30, 160, 1, 75, 5, WF_WEBP_ENCODE_EXACT, 100) != WF_OK) {
        CHECK(0, "encode for dwebp");
        return;
    }
    snprintf(path, sizeof path, "/tmp/wf_webp_enc_%d.webp", (int)getpid());
    f = fopen(path, "wb");
    if (!f)
        return;
    fwrite(wf_webp_encoder_output(e), 1, wf_webp_encoder_output_size(e), f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "dwebp %s -pam -o - 2>/dev/null", path);
    f = popen(cmd, "r");
    n = f ? fread(pam, 1, sizeof pam, f) : 0;
    if (f)
        pclose(f);
    remove(path);
    CHECK(n > sizeof rgba && memcmp(pam + n - sizeof rgba, rgba, sizeof rgba) == 0, "dwebp output differs");
}

/* The lossy path without the lossy encoder: a VP8 payload taken from a
 * cwebp file, with an alpha plane (ALPH, method 1) and an ICC profile, must
 * make a VP8X file that libwebp decodes to the same colours and exactly the
 * alpha (alpha_quality 100), or to 0/255 kept and the rest near (50). */
static void test_lossy_container(void)
{
    char path[4200];
    size_t n, i;
    uint8_t *file, *rgba, *ref, *dec, *alph = NULL, *out = NULL;
    size_t alph_size = 0, out_size = 0;
    int w = 0, h = 0, dw, dh, q;
    static const uint8_t icc[7] = {9, 8, 7, 6, 5, 4, 3};
    snprintf(path, sizeof path, "%s/webp/gen-kodim02-q75.webp", data_dir());
    file = wf_read_file(path, &n);
    if (!file || n < 20 || memcmp(file + 12, "VP8 ", 4) != 0 || !WebPGetInfo(file, n, &w, &h)) {
        printf("skip lossy container: no %s\n", path);
        free(file);
        return;
    }
    ref = WebPDecodeRGBA(file, n, &w, &h);
    rgba = (uint8_t *)malloc((size_t)w * h * 4);
    for (i = 0; i < (size_t)w * h; i++) {
        size_t x = i % (size_t)w, y = i / (size_t)w;
        memcpy(rgba + 4 * i, ref + 4 * i, 3);
        rgba[4 * i + 3] = (uint8_t)(x < 100 ? 0 : x > 600 ? 255 : (x * 3 + y) & 255);
    }
    for (q = 100; q >= 50; q -= 50) {
        wf_webp_container c;
        CHECK(wf_webp_alph_encode(rgba, (uint32_t)w, (uint32_t)h, (size_t)w * 4, q, 5, &alph, &alph_size) == WF_OK,
              "alph encode");
        memset(&c, 0, sizeof c);
        c.width = (uint32_t)w;
        c.height = (uint32_t)h;
        c.lossless = 0;
        c.has_alpha = 1;
        c.image = file + 20;
        c.image_size = (size_t)file[16] | ((size_t)file[17] << 8) | ((size_t)file[18] << 16) | ((size_t)file[19] << 24);
        c.alph = alph;
        c.alph_size = alph_size;
        c.icc = icc;
        c.icc_size = sizeof icc;
        CHECK(wf_webp_write_container(&c, &out, &out_size) == WF_OK, "container");
        dec = WebPDecodeRGBA(out, out_size, &dw, &dh);
        CHECK(dec != NULL && dw == w && dh == h, "libwebp decodes VP8X + ALPH + VP8");
        for (i = 0; dec && i < (size_t)w * h; i++) {
            int a = rgba[4 * i + 3], b = dec[4 * i + 3];
            if (memcmp(dec + 4 * i, ref + 4 * i, 3) != 0 ||
                (q == 100 ? a != b : ((a == 0 || a == 255) ? a != b : abs(a - b) > 8))) {
                CHECK(0, "lossy container q %d: pixel %zu alpha %d vs %d", q, i, a, b);
                break;
            }
        }
        WebPFree(dec);
        free(alph);
        free(out);
        alph = out = NULL;
    }
    WebPFree(ref);
    free(rgba);
    free(file);
}

/* ALPH filtering: smooth alpha planes (gradients along x, y and both) get a
 * prediction filter when it codes smaller (at effort 7 all four are coded);
 * libwebp must give back exactly the alpha, whichever filter was kept. */
static void test_alpha_filters(void)
{
    enum { W = 96, H = 40 };
    static uint8_t rgba[W * H * 4];
    int kind, effort, used = 0;
    for (kind = 0; kind < 4; kind++)
        for (effort = 5; effort <= 7; effort += 2) {
            uint8_t *alph = NULL, *dec;
            size_t alph_size = 0, i;
            int x, y, dw, dh;
            wf_webp_encoder *e = wf_webp_encoder_alloc();
            for (y = 0; y < H; y++)
                for (x = 0; x < W; x++) {
                    uint8_t *p = rgba + 4 * (y * W + x);
                    int a = kind == 0 ? x * 2 : kind == 1 ? y * 6 : kind == 2 ? x + y * 3 : (x * 7 + y * 13) % 256;
                    p[0] = (uint8_t)(x * 2);
                    p[1] = (uint8_t)(y * 5);
                    p[2] = 90;
                    p[3] = (uint8_t)a;
                }
            CHECK(wf_webp_alph_encode(rgba, W, H, W * 4, 100, effort, &alph, &alph_size) == WF_OK && alph_size > 1,
                  "alph encode kind %d", kind);
            if (alph)
                used |= 1 << ((alph[0] >> 2) & 3);
            free(alph);
            CHECK(e && wf_webp_encode(e, rgba, W, H, W * 4, 0, 75, effort, 0, 100) == WF_OK, "lossy with alpha %d",
                  kind);
            dec = e ? WebPDecodeRGBA(wf_webp_encoder_output(e), wf_webp_encoder_output_size(e), &dw, &dh) : NULL;
            CHECK(dec != NULL, "libwebp decodes the filtered alpha (kind %d, effort %d)", kind, effort);
            for (i = 0; dec && i < (size_t)W * H; i++)
                if (dec[4 * i + 3] != rgba[4 * i + 3]) {
                    CHECK(0, "kind %d effort %d: alpha %zu is %d, not %d", kind, effort, i, dec[4 * i + 3],
                          rgba[4 * i + 3]);
                    break;
                }
            WebPFree(dec);
            wf_webp_encoder_free(e);
        }
    CHECK(used & ~1, "some plane is coded with a filter (filters used: mask %d)", used);
}

int main(void)
{
    wf_webp_encoder *e = wf_webp_encoder_alloc();
    const char *env = getenv("WF_WEBP_ENC_EFFORT");
    int effort = env && *env ? atoi(env) : WF_WEBP_DEFAULT_EFFORT;
    test_meta_and_errors(e);
    test_dwebp(e);
    test_lossy_container();
    test_alpha_filters();
    corpus(e, "pngsuite", 0, effort, !(env && *env));
    corpus(e, "photos", 1, effort, 0);
    wf_webp_encoder_free(e);
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
