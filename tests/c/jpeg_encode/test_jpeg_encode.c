/* SPDX-License-Identifier: MIT
 *
 * test_jpeg_encode.c: the wasmforge JPEG encoder against libjpeg-turbo.
 *
 * For photos of the corpus (and odd-sized crops of them) at quality 50/75/90/95,
 * 4:4:4 / 4:2:2 / 4:2:0 / greyscale, and baseline / optimised / progressive /
 * restart-interval modes, it encodes with wf_jpeg_encode() and with libjpeg's
 * compress API at the same settings (islow DCT, like `cjpeg -quality Q -sample
 * HxV [-optimize] [-progressive] [-restart N]`), then:
 *   - decodes our file with libjpeg-turbo: it must decode with no warning, to
 *     the right dimensions and number of components;
 *   - compares the quantised DCT coefficients of both files
 *     (jpeg_read_coefficients): counts blocks that differ;
 *   - compares PSNR (decoded vs original) and file sizes with the goals:
 *     size <= 1.02 x libjpeg's, PSNR >= libjpeg's - 0.1 dB;
 *   - and, what the encoder actually achieves, that both files are identical
 *     byte for byte.
 * Also: 60 random crops/qualities (1-100)/modes/restart intervals byte-compared
 * with libjpeg, RGBA/RGB8/GREY8 inputs and strides, invalid arguments, buffer too small
 * at every size for a small image (nothing written past the end), the bound.
 *
 * Exit status 77 (skip) when the corpus is missing.
 */
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "wf/jpeg_encode.h"

static int failures;
#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        if (!(cond)) {                                                      \
            failures++;                                                     \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                   \
            fprintf(stderr, "\n");                                          \
        }                                                                   \
    } while (0)

typedef struct image {
    uint32_t w, h;
    uint8_t *rgb; /* tightly packed RGB8 */
} image;

static int load_png(const char *path, image *img)
{
    png_image p;
    memset(&p, 0, sizeof(p));
    p.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&p, path))
        return 0;
    p.format = PNG_FORMAT_RGB;
    img->w = p.width;
    img->h = p.height;
    img->rgb = malloc(PNG_IMAGE_SIZE(p));
    if (!img->rgb || !png_image_finish_read(&p, NULL, img->rgb, 0, NULL)) {
        png_image_free(&p);
        free(img->rgb);
        return 0;
    }
    return 1;
}

static image crop(const image *src, uint32_t x0, uint32_t y0, uint32_t w, uint32_t h)
{
    image c = {w, h, malloc((size_t)w * h * 3)};
    for (uint32_t y = 0; y < h; y++)
        memcpy(c.rgb + (size_t)y * w * 3, src->rgb + ((size_t)(y0 + y) * src->w + x0) * 3, (size_t)w * 3);
    return c;
}

/* ---- libjpeg helpers ---- */

typedef struct err_mgr {
    struct jpeg_error_mgr pub;
    jmp_buf jb;
    int warnings;
} err_mgr;

static void on_error(j_common_ptr cinfo)
{
    err_mgr *m = (err_mgr *)cinfo->err;
    char buf[JMSG_LENGTH_MAX];
    cinfo->err->format_message(cinfo, buf);
    fprintf(stderr, "libjpeg error: %s\n", buf);
    longjmp(m->jb, 1);
}

static void on_message(j_common_ptr cinfo, int level)
{
    err_mgr *m = (err_mgr *)cinfo->err;
    if (level < 0) {
        char buf[JMSG_LENGTH_MAX];
        cinfo->err->format_message(cinfo, buf);
        if (m->warnings < 3)
            fprintf(stderr, "libjpeg warning: %s\n", buf);
        m->warnings++;
    }
}

static const int samp_h[4] = {1, 2, 2, 1}, samp_v[4] = {1, 1, 2, 1};
static const char *sub_name[4] = {"444", "422", "420", "grey"};

/* libjpeg encode with the given settings; returns malloc'ed file or NULL. */
static uint8_t *ref_encode(const image *img, int q, int sub, int optimize, int progressive, unsigned restart,
                           unsigned long *size)
{
    struct jpeg_compress_struct c;
    err_mgr em;
    unsigned char *buf = NULL;
    *size = 0;
    c.err = jpeg_std_error(&em.pub);
    em.pub.error_exit = on_error;
    em.pub.emit_message = on_message;
    em.warnings = 0;
    if (setjmp(em.jb)) {
        jpeg_destroy_compress(&c);
        free(buf);
        return NULL;
    }
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &buf, size);
    c.image_width = img->w;
    c.image_height = img->h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, q, TRUE);
    if (sub == 3) {
        jpeg_set_colorspace(&c, JCS_GRAYSCALE);
    } else {
        c.comp_info[0].h_samp_factor = samp_h[sub];
        c.comp_info[0].v_samp_factor = samp_v[sub];
    }
    c.dct_method = JDCT_ISLOW;
    c.optimize_coding = optimize ? TRUE : FALSE;
    if (progressive)
        jpeg_simple_progression(&c);
    c.restart_interval = restart;
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = img->rgb + (size_t)c.next_scanline * img->w * 3;
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    return buf;
}

typedef struct decoded {
    uint32_t w, h;
    int comps;
    int warnings;
    int progressive;
    uint8_t *pix;
} decoded;

static int ref_decode(const uint8_t *data, size_t n, decoded *d)
{
    struct jpeg_decompress_struct c;
    err_mgr em;
    memset(d, 0, sizeof(*d));
    c.err = jpeg_std_error(&em.pub);
    em.pub.error_exit = on_error;
    em.pub.emit_message = on_message;
    em.warnings = 0;
    if (setjmp(em.jb)) {
        jpeg_destroy_decompress(&c);
        free(d->pix);
        d->pix = NULL;
        return 0;
    }
    jpeg_create_decompress(&c);
    jpeg_mem_src(&c, data, (unsigned long)n);
    jpeg_read_header(&c, TRUE);
    c.dct_method = JDCT_ISLOW;
    d->progressive = c.progressive_mode;
    jpeg_start_decompress(&c);
    d->w = c.output_width;
    d->h = c.output_height;
    d->comps = c.output_components;
    d->pix = malloc((size_t)d->w * d->h * (size_t)d->comps);
    while (c.output_scanline < c.output_height) {
        JSAMPROW row = d->pix + (size_t)c.output_scanline * d->w * (size_t)d->comps;
        jpeg_read_scanlines(&c, &row, 1);
    }
    jpeg_finish_decompress(&c);
    d->warnings = em.warnings;
    jpeg_destroy_decompress(&c);
    return 1;
}

/* Number of blocks whose quantised coefficients differ between two files
 * (-1 if the structures differ). */
static long coef_diff(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
    struct jpeg_decompress_struct ca, cb;
    err_mgr ea, eb;
    volatile long diff = 0;
    ca.err = jpeg_std_error(&ea.pub);
    cb.err = jpeg_std_error(&eb.pub);
    ea.pub.error_exit = eb.pub.error_exit = on_error;
    ea.pub.emit_message = eb.pub.emit_message = on_message;
    ea.warnings = eb.warnings = 0;
    jpeg_create_decompress(&ca);
    jpeg_create_decompress(&cb);
    if (setjmp(ea.jb) || setjmp(eb.jb)) {
        jpeg_destroy_decompress(&ca);
        jpeg_destroy_decompress(&cb);
        return -1;
    }
    jpeg_mem_src(&ca, a, (unsigned long)na);
    jpeg_mem_src(&cb, b, (unsigned long)nb);
    jpeg_read_header(&ca, TRUE);
    jpeg_read_header(&cb, TRUE);
    jvirt_barray_ptr *va = jpeg_read_coefficients(&ca);
    jvirt_barray_ptr *vb = jpeg_read_coefficients(&cb);
    if (ca.num_components != cb.num_components) {
        diff = -1;
        goto done;
    }
    for (int ci = 0; ci < ca.num_components; ci++) {
        jpeg_component_info *pa = &ca.comp_info[ci], *pb = &cb.comp_info[ci];
        if (pa->width_in_blocks != pb->width_in_blocks || pa->height_in_blocks != pb->height_in_blocks ||
            pa->h_samp_factor != pb->h_samp_factor || pa->v_samp_factor != pb->v_samp_factor) {
            diff = -1;
            goto done;
        }
        for (JDIMENSION by = 0; by < pa->height_in_blocks; by++) {
            JBLOCKARRAY ra = ca.mem->access_virt_barray((j_common_ptr)&ca, va[ci], by, 1, FALSE);
            JBLOCKARRAY rb = cb.mem->access_virt_barray((j_common_ptr)&cb, vb[ci], by, 1, FALSE);
            for (JDIMENSION bx = 0; bx < pa->width_in_blocks; bx++)
                if (memcmp(ra[0][bx], rb[0][bx], sizeof(JBLOCK)) != 0) {
                    if (getenv("WF_TEST_VERBOSE"))
                        printf("  differ: comp %d block (%u,%u)\n", ci, (unsigned)bx, (unsigned)by);
                    diff++;
                }
        }
    }
done:
    jpeg_destroy_decompress(&ca);
    jpeg_destroy_decompress(&cb);
    return diff;
}

static double psnr(const uint8_t *a, const uint8_t *b, size_t n)
{
    double se = 0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)a[i] - b[i];
        se += d * d;
    }
    if (se == 0)
        return 99.0;
    return 10.0 * log10(255.0 * 255.0 * (double)n / se);
}

static uint8_t *grey_of(const image *img)
{
    size_t n = (size_t)img->w * img->h;
    uint8_t *g = malloc(n);
    for (size_t i = 0; i < n; i++) {
        int r = img->rgb[3 * i], gg = img->rgb[3 * i + 1], b = img->rgb[3 * i + 2];
        g[i] = (uint8_t)((19595 * r + 38470 * gg + 7471 * b + 32768) >> 16);
    }
    return g;
}

static uint8_t *our_encode(wf_jpeg_encoder *e, const uint8_t *pix, uint32_t w, uint32_t h, uint32_t stride, int fmt,
                           int q, int sub, int flags, unsigned restart, size_t *size, wf_status *st_ret)
{
    size_t cap = wf_jpeg_encode_bound(w, h, sub, flags);
    uint8_t *out = malloc(cap ? cap : 1);
    *st_ret = wf_jpeg_encode(e, pix, w, h, stride, fmt, q, sub, flags, restart, out, cap, size);
    return out;
}

/* ---- the comparison matrix ---- */

typedef struct totals {
    double ours_bytes, ref_bytes;
    double worst_size_ratio, worst_psnr_delta;
    long coef_blocks_differ;
    int cases;
    int identical_files;
} totals;

static const char *mode_name[5] = {"baseline", "optimised", "progressive", "opt+restart", "prog+restart"};

static void compare_one(wf_jpeg_encoder *e, const char *name, const image *img, const uint8_t *grey, int q, int sub,
                        int mode, totals *t, int verbose)
{
    int flags = mode == 0 ? 0 : (mode == 1 || mode == 3) ? WF_JPEG_ENCODE_OPTIMIZE : WF_JPEG_ENCODE_PROGRESSIVE;
    unsigned restart = mode == 3 ? 5 : mode == 4 ? 3 : 0;
    size_t n = 0;
    wf_status st;
    uint8_t *ours = our_encode(e, img->rgb, img->w, img->h, 0, WF_JPEG_ENCODE_RGB8, q, sub, flags, restart, &n, &st);
    CHECK(st == WF_OK, "%s q%d %s %s: status %d", name, q, sub_name[sub], mode_name[mode], st);
    if (st != WF_OK) {
        free(ours);
        return;
    }
    unsigned long rn = 0;
    uint8_t *ref = ref_encode(img, q, sub, flags != 0, mode == 2 || mode == 4, restart, &rn);
    CHECK(ref != NULL, "libjpeg encode failed");
    decoded dw, dr;
    int ok = ref_decode(ours, n, &dw);
    CHECK(ok, "%s q%d %s %s: libjpeg cannot decode our file", name, q, sub_name[sub], mode_name[mode]);
    if (!ok || !ref || !ref_decode(ref, rn, &dr)) {
        free(ours);
        free(ref);
        return;
    }
    int ncomp = sub == 3 ? 1 : 3;
    CHECK(dw.warnings == 0, "%s q%d %s %s: %d libjpeg warnings", name, q, sub_name[sub], mode_name[mode], dw.warnings);
    CHECK(dw.w == img->w && dw.h == img->h && dw.comps == ncomp, "%s: decoded %ux%u x%d", name, dw.w, dw.h, dw.comps);
    CHECK(dw.progressive == (mode == 2 || mode == 4), "%s: progressive flag %d", name, dw.progressive);
    const uint8_t *orig = ncomp == 1 ? grey : img->rgb;
    size_t np = (size_t)img->w * img->h * (size_t)ncomp;
    double pw = psnr(orig, dw.pix, np), pr = psnr(orig, dr.pix, np);
    long cd = coef_diff(ours, n, ref, rn);
    double ratio = (double)n / (double)rn;
    if (verbose)
        printf("%-14s q%-3d %-4s %-12s ours %8zu ref %8lu ratio %.4f  psnr %.3f ref %.3f  coefblocks-differ %ld\n",
               name, q, sub_name[sub], mode_name[mode], n, rn, ratio, pw, pr, cd);
    CHECK(cd == 0, "%s q%d %s %s: %ld coefficient blocks differ from libjpeg", name, q, sub_name[sub], mode_name[mode],
          cd);
    /* the strongest check: the very same file as libjpeg-turbo's */
    int same = n == rn && memcmp(ours, ref, n) == 0;
    CHECK(same, "%s q%d %s %s: file differs from libjpeg's", name, q, sub_name[sub], mode_name[mode]);
    t->identical_files += same;
    CHECK(ratio <= 1.02, "%s q%d %s %s: size %zu vs %lu", name, q, sub_name[sub], mode_name[mode], n, rn);
    CHECK(pw >= pr - 0.1, "%s q%d %s %s: psnr %.3f vs %.3f", name, q, sub_name[sub], mode_name[mode], pw, pr);
    t->ours_bytes += (double)n;
    t->ref_bytes += (double)rn;
    if (ratio > t->worst_size_ratio)
        t->worst_size_ratio = ratio;
    if (pr - pw > t->worst_psnr_delta)
        t->worst_psnr_delta = pr - pw;
    if (cd > 0)
        t->coef_blocks_differ += cd;
    t->cases++;
    free(dw.pix);
    free(dr.pix);
    free(ours);
    free(ref);
}

/* Random crops, sizes, qualities (1-100), modes and restart intervals: our file
 * must be libjpeg's, byte for byte. */
static void test_random_differential(wf_jpeg_encoder *e, const image *src)
{
    uint32_t seed = 2024;
    int identical = 0, cases = 60;
    for (int i = 0; i < cases; i++) {
        seed = seed * 1664525u + 1013904223u;
        uint32_t w = 1 + (seed >> 8) % 300;
        seed = seed * 1664525u + 1013904223u;
        uint32_t h = 1 + (seed >> 8) % 200;
        seed = seed * 1664525u + 1013904223u;
        int q = 1 + (int)((seed >> 8) % 100);
        int sub = (int)((seed >> 4) & 3);
        int mode = (int)((seed >> 20) % 3);
        unsigned restart = (seed >> 24) % 4 == 0 ? (seed >> 12) % 9 + 1 : 0;
        uint32_t x0 = (seed >> 3) % (src->w - w), y0 = (seed >> 13) % (src->h - h);
        image c = crop(src, x0, y0, w, h);
        int flags = mode == 0 ? 0 : mode == 1 ? WF_JPEG_ENCODE_OPTIMIZE : WF_JPEG_ENCODE_PROGRESSIVE;
        size_t n = 0;
        wf_status st;
        uint8_t *ours = our_encode(e, c.rgb, w, h, 0, WF_JPEG_ENCODE_RGB8, q, sub, flags, restart, &n, &st);
        unsigned long rn = 0;
        uint8_t *ref = ref_encode(&c, q, sub, flags != 0, mode == 2, restart, &rn);
        int same = st == WF_OK && ref && n == rn && memcmp(ours, ref, n) == 0;
        CHECK(same, "random %ux%u q%d %s mode %d restart %u: %zu vs %lu bytes", w, h, q, sub_name[sub], mode, restart,
              n, rn);
        identical += same;
        free(ours);
        free(ref);
        free(c.rgb);
    }
    printf("random differential: %d of %d files identical to libjpeg's\n", identical, cases);
}

/* ---- API behaviour ---- */

static void test_inputs(wf_jpeg_encoder *e, const image *img)
{
    /* RGBA with a padded stride and RGB give the same file; GREY8 input equals
     * greyscale from RGB when the grey plane is the Y of the RGB. */
    uint32_t w = img->w, h = img->h, stride = w * 4 + 12;
    uint8_t *rgba = malloc((size_t)stride * h);
    for (uint32_t y = 0; y < h; y++)
        for (uint32_t x = 0; x < w; x++) {
            memcpy(rgba + (size_t)y * stride + x * 4, img->rgb + ((size_t)y * w + x) * 3, 3);
            rgba[(size_t)y * stride + x * 4 + 3] = (uint8_t)(x * 7 + y);
        }
    uint8_t *grey = grey_of(img);
    for (int sub = 0; sub < 4; sub++) {
        size_t n1, n2;
        wf_status s1, s2;
        uint8_t *a = our_encode(e, img->rgb, w, h, 0, WF_JPEG_ENCODE_RGB8, 80, sub, 0, 0, &n1, &s1);
        uint8_t *b = our_encode(e, rgba, w, h, stride, WF_JPEG_ENCODE_RGBA8, 80, sub, 0, 0, &n2, &s2);
        CHECK(s1 == WF_OK && s2 == WF_OK && n1 == n2 && memcmp(a, b, n1) == 0, "RGBA vs RGB differ (%s)",
              sub_name[sub]);
        free(a);
        free(b);
    }
    size_t n1, n2;
    wf_status s1, s2;
    uint8_t *a = our_encode(e, img->rgb, w, h, 0, WF_JPEG_ENCODE_RGB8, 80, WF_JPEG_ENCODE_GREY, 0, 0, &n1, &s1);
    uint8_t *b = our_encode(e, grey, w, h, 0, WF_JPEG_ENCODE_GREY8, 80, WF_JPEG_ENCODE_420, 0, 0, &n2, &s2);
    CHECK(s1 == WF_OK && s2 == WF_OK && n1 == n2 && memcmp(a, b, n1) == 0, "GREY8 vs RGB->grey differ");
    free(a);
    free(b);
    free(grey);
    free(rgba);
}

static void test_errors(wf_jpeg_encoder *e)
{
    uint8_t px[64 * 64 * 4];
    for (size_t i = 0; i < sizeof(px); i++)
        px[i] = (uint8_t)(i * 31 + (i >> 7) * 17);
    uint8_t out[65536];
    size_t n = 123;
    CHECK(wf_jpeg_encode(NULL, px, 8, 8, 0, 2, 75, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_INVALID_ARGUMENT,
          "NULL ctx");
    CHECK(wf_jpeg_encode(e, NULL, 8, 8, 0, 2, 75, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_INVALID_ARGUMENT, "NULL px");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 0, 2, 75, 0, 0, 0, NULL, sizeof(out), &n) == WF_ERR_INVALID_ARGUMENT, "NULL out");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 0, 2, 75, 0, 0, 0, out, sizeof(out), NULL) == WF_ERR_INVALID_ARGUMENT,
          "NULL ret");
    CHECK(wf_jpeg_encode(e, px, 0, 8, 0, 2, 75, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_DIMENSIONS,
          "w=0");
    CHECK(n == 0, "size not reset on error");
    CHECK(wf_jpeg_encode(e, px, 8, 0, 0, 2, 75, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_DIMENSIONS,
          "h=0");
    CHECK(wf_jpeg_encode(e, px, 65536, 1, 0, 2, 75, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_DIMENSIONS,
          "w>65535");
    CHECK(wf_jpeg_encode(e, px, 65535, 65535, 0, 2, 75, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_TOO_LARGE,
          "too many pixels");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 0, 2, 0, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_QUALITY, "q=0");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 0, 2, 101, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_QUALITY,
          "q=101");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 0, 2, 75, 4, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_SUBSAMPLING,
          "sub 4");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 0, 2, 75, -1, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_SUBSAMPLING,
          "sub -1");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 0, 0, 75, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_FORMAT, "fmt 0");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 0, 4, 75, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_FORMAT, "fmt 4");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 23, 2, 75, 0, 0, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_STRIDE,
          "stride");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 0, 2, 75, 0, 4, 0, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_FLAGS, "flags");
    CHECK(wf_jpeg_encode(e, px, 8, 8, 0, 2, 75, 0, 0, 65536, out, sizeof(out), &n) == WF_ERR_JPEG_ENC_BAD_RESTART,
          "restart");
    CHECK(wf_jpeg_encode_bound(0, 8, 0, 0) == 0 && wf_jpeg_encode_bound(8, 8, 5, 0) == 0 &&
              wf_jpeg_encode_bound(8, 8, 0, 8) == 0 && wf_jpeg_encode_bound(8, 8, 0, 0) > 0,
          "bound argument checks");

    /* Buffer too small: every size below the real one fails cleanly and writes
     * nothing past the end (the buffer is malloc'ed at exactly that size, so
     * ASan catches a stray write; a canary catches it without ASan). */
    for (int mode = 0; mode < 4; mode++) {
        int flags = mode == 0 ? 0 : mode == 1 ? WF_JPEG_ENCODE_OPTIMIZE : WF_JPEG_ENCODE_PROGRESSIVE;
        unsigned rst = mode == 3 ? 2 : 0;
        size_t full = 0;
        CHECK(wf_jpeg_encode(e, px, 37, 29, 0, WF_JPEG_ENCODE_RGBA8, 97, WF_JPEG_ENCODE_420, flags, rst, out,
                             sizeof(out), &full) == WF_OK,
              "small image");
        for (size_t cap = 0; cap < full; cap++) {
            uint8_t *buf = malloc(cap + 16);
            memset(buf + cap, 0xA5, 16);
            size_t got = 7;
            wf_status st = wf_jpeg_encode(e, px, 37, 29, 0, WF_JPEG_ENCODE_RGBA8, 97, WF_JPEG_ENCODE_420, flags, rst,
                                          buf, cap, &got);
            int canary = 1;
            for (int i = 0; i < 16; i++)
                canary &= buf[cap + i] == 0xA5;
            if (st != WF_ERR_BUFFER_TOO_SMALL || got != 0 || !canary) {
                CHECK(0, "mode %d cap %zu of %zu: status %d got %zu canary %d", mode, cap, full, st, got, canary);
                free(buf);
                break;
            }
            free(buf);
        }
        /* and the context still works after all those errors */
        size_t again = 0;
        uint8_t *exact = malloc(full);
        CHECK(wf_jpeg_encode(e, px, 37, 29, 0, WF_JPEG_ENCODE_RGBA8, 97, WF_JPEG_ENCODE_420, flags, rst, exact, full,
                             &again) == WF_OK &&
                  again == full && memcmp(exact, out, full) == 0,
              "exact-size buffer after errors (mode %d)", mode);
        free(exact);
    }
}

/* Worst-case-ish content (noise at q100, 4:4:4) stays within the bound; tiny sizes work. */
static void test_bound_and_tiny(wf_jpeg_encoder *e)
{
    uint32_t w = 67, h = 45;
    uint8_t *px = malloc((size_t)w * h * 3);
    uint32_t s = 12345;
    for (size_t i = 0; i < (size_t)w * h * 3; i++) {
        s = s * 1103515245u + 12345u;
        px[i] = (uint8_t)(s >> 23);
    }
    for (int sub = 0; sub < 4; sub++)
        for (int flags = 0; flags < 3; flags++) {
            size_t bound = wf_jpeg_encode_bound(w, h, sub, flags), n = 0;
            uint8_t *out = malloc(bound);
            wf_status st = wf_jpeg_encode(e, px, w, h, 0, WF_JPEG_ENCODE_RGB8, 100, sub, flags, 1, out, bound, &n);
            CHECK(st == WF_OK && n <= bound, "noise q100 %s flags %d: status %d size %zu bound %zu", sub_name[sub],
                  flags, st, n, bound);
            decoded d;
            CHECK(st == WF_OK && ref_decode(out, n, &d) && d.warnings == 0, "noise decode");
            free(d.pix);
            free(out);
        }
    for (uint32_t tw = 1; tw <= 17; tw += 4)
        for (uint32_t th = 1; th <= 17; th += 5)
            for (int sub = 0; sub < 4; sub++)
                for (int flags = 0; flags < 3; flags++) {
                    size_t n = 0;
                    wf_status st;
                    uint8_t *out = our_encode(e, px, tw, th, w * 3, WF_JPEG_ENCODE_RGB8, 75, sub, flags, 0, &n, &st);
                    decoded d;
                    int ok = st == WF_OK && ref_decode(out, n, &d);
                    CHECK(ok && d.w == tw && d.h == th && d.warnings == 0, "tiny %ux%u %s flags %d", tw, th,
                          sub_name[sub], flags);
                    if (ok)
                        free(d.pix);
                    free(out);
                }
    free(px);
}

int main(int argc, char **argv)
{
    const char *data = getenv("WASMFORGE_DATA");
    char dir[1024], path[1200];
    if (data && *data)
        snprintf(dir, sizeof(dir), "%s", data);
    else
        snprintf(dir, sizeof(dir), "%s", argc > 1 ? argv[1] : "../shared/data");
    int verbose = getenv("WF_TEST_VERBOSE") != NULL;

    static const char *photos[] = {"kodim01", "kodim05", "kodim23"};
    image imgs[5];
    const char *names[5];
    int nimg = 0;
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/photos/%s.png", dir, photos[i]);
        if (!load_png(path, &imgs[nimg])) {
            printf("SKIP: cannot read %s (set WASMFORGE_DATA)\n", path);
            return 77;
        }
        names[nimg++] = photos[i];
    }
    /* odd sizes exercise partial MCUs and padding blocks */
    imgs[nimg] = crop(&imgs[1], 3, 5, 301, 199);
    names[nimg++] = "kodim05-301x199";
    imgs[nimg] = crop(&imgs[2], 100, 50, 17, 250);
    names[nimg++] = "kodim23-17x250";

    wf_jpeg_encoder *e = wf_jpeg_encoder_alloc();
    CHECK(e != NULL, "alloc");
    static const int qualities[4] = {50, 75, 90, 95};
    totals t = {0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < nimg; i++) {
        uint8_t *grey = grey_of(&imgs[i]);
        for (int qi = 0; qi < 4; qi++)
            for (int sub = 0; sub < 4; sub++)
                for (int mode = 0; mode < 5; mode++) {
                    if (mode == 4 && qualities[qi] != 75)
                        continue;
                    compare_one(e, names[i], &imgs[i], grey, qualities[qi], sub, mode, &t, verbose);
                }
        free(grey);
    }
    printf("matrix: %d cases, total bytes ours %.0f libjpeg %.0f (ratio %.4f), worst size ratio %.4f, "
           "worst PSNR shortfall %.4f dB, coefficient blocks differing %ld, byte-identical files %d\n",
           t.cases, t.ours_bytes, t.ref_bytes, t.ours_bytes / t.ref_bytes, t.worst_size_ratio, t.worst_psnr_delta,
           t.coef_blocks_differ, t.identical_files);

    test_random_differential(e, &imgs[0]);
    test_inputs(e, &imgs[3]);
    test_errors(e);
    test_bound_and_tiny(e);
    wf_jpeg_encoder_free(e);
    wf_jpeg_encoder_free(NULL);
    for (int i = 0; i < nimg; i++)
        free(imgs[i].rgb);
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("all jpeg_encode tests passed\n");
    return 0;
}
