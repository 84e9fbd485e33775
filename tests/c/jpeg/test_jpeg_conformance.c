/* SPDX-License-Identifier: MIT
 *
 * test_jpeg_conformance.c: the JPEG decoder against independent references.
 *   1. ../shared/data/jpeg/ref/ (.ppm, .pgm) (Debian djpeg 2.1.5, default settings)
 *   2. every .jpg of ../shared/data/jpeg and ../shared/data/photos, decoded
 *      by Debian's libjpeg-turbo (linked here)
 *   3. photos re-encoded at run time with `cjpeg` (qualities 50/75/95, sampling
 *      1x1 2x1 2x2 1x2 4x1 and odd ones, progressive, arithmetic, restart,
 *      greyscale, RGB) into a temporary directory, plus CMYK/YCCK/RGB-id files
 *      written with the libjpeg API.
 * Prints max abs diff and % exact per file; fails when any file differs by
 * more than 1 anywhere, and when a file that must be bit-exact is not.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wf/jpeg.h"
#include "jpeg_test_util.h"

static int failures, files_checked, files_exact;
static const char *tmpdir;

static uint8_t *our_decode(wf_jpeg_decoder *d, const uint8_t *in, size_t n, wf_status *st)
{
    *st = wf_jpeg_read_header(d, in, n);
    if (*st != WF_OK)
        return NULL;
    size_t size = (size_t)wf_jpeg_width(d) * wf_jpeg_height(d) * 4;
    uint8_t *out = malloc(size);
    *st = wf_jpeg_decode(d, in, n, out, size, 0);
    if (*st != WF_OK) {
        free(out);
        return NULL;
    }
    return out;
}

/* Compares our decode of `in` with libjpeg's. must_exact: fail unless
 * bit-identical. */
static void compare_with_libjpeg(wf_jpeg_decoder *d, const char *name, const uint8_t *in, size_t n, int must_exact)
{
    int w, h;
    uint8_t *ref = ref_decode(in, n, &w, &h, NULL);
    wf_status st;
    uint8_t *ours = our_decode(d, in, n, &st);
    files_checked++;
    if (!ref) {
        printf("  %-44s libjpeg fails; ours: %s\n", name, wf_status_name(st));
        free(ours);
        return;
    }
    if (!ours) {
        printf("FAIL %-44s ours: %s at offset %zu\n", name, wf_status_name(st), wf_jpeg_error_offset(d));
        failures++;
        free(ref);
        return;
    }
    if ((int)wf_jpeg_width(d) != w || (int)wf_jpeg_height(d) != h) {
        printf("FAIL %-44s size %ux%u vs %dx%d\n", name, wf_jpeg_width(d), wf_jpeg_height(d), w, h);
        failures++;
    } else {
        size_t exact;
        int maxd = rgba_diff(ours, ref, (size_t)w * h, &exact);
        double pct = 100.0 * (double)exact / (3.0 * w * h);
        int bad = maxd > 1 || (must_exact && maxd != 0);
        files_exact += maxd == 0;
        printf("%s %-44s %4dx%-4d maxdiff %d exact %7.3f%%%s\n", bad ? "FAIL" : "  ", name, w, h, maxd, pct,
               wf_jpeg_truncated(d) ? " (truncated)" : "");
        failures += bad;
    }
    free(ref);
    free(ours);
}

static uint8_t *read_pnm(const char *path, int *w, int *h, int *gray)
{
    size_t n;
    uint8_t *f = wf_read_file(path, &n);
    if (!f)
        return NULL;
    int maxv, off = 0;
    char magic[3] = {0};
    if (sscanf((char *)f, "%2s %d %d %d%n", magic, w, h, &maxv, &off) != 4 || maxv != 255) {
        free(f);
        return NULL;
    }
    *gray = magic[1] == '5';
    off++;
    int nc = *gray ? 1 : 3;
    uint8_t *rgba = malloc((size_t)*w * *h * 4);
    for (size_t i = 0; i < (size_t)*w * *h; i++) {
        for (int c = 0; c < 3; c++)
            rgba[4 * i + c] = f[off + i * nc + (nc == 3 ? c : 0)];
        rgba[4 * i + 3] = 255;
    }
    free(f);
    return rgba;
}

static void check_ref_ppm(wf_jpeg_decoder *d, const char *jpg, const char *ppm)
{
    char p1[1024], p2[1024];
    snprintf(p1, sizeof p1, "%s/jpeg/%s", wf_data_dir(), jpg);
    snprintf(p2, sizeof p2, "%s/jpeg/ref/%s", wf_data_dir(), ppm);
    size_t n;
    int w, h, gray;
    uint8_t *in = wf_read_file(p1, &n), *ref = read_pnm(p2, &w, &h, &gray);
    wf_status st = WF_OK;
    uint8_t *ours = in ? our_decode(d, in, n, &st) : NULL;
    files_checked++;
    if (!in || !ref || !ours || (int)wf_jpeg_width(d) != w || (int)wf_jpeg_height(d) != h) {
        printf("FAIL ref %s vs %s: %s\n", jpg, ppm, wf_status_name(st));
        failures++;
    } else {
        size_t exact;
        int maxd = rgba_diff(ours, ref, (size_t)w * h, &exact);
        files_exact += maxd == 0;
        printf("%s ref %-20s vs %-32s maxdiff %d exact %7.3f%%\n", maxd ? "FAIL" : "  ", jpg, ppm, maxd,
               100.0 * (double)exact / (3.0 * w * h));
        failures += maxd != 0;
    }
    free(in);
    free(ref);
    free(ours);
}

static void check_dir(wf_jpeg_decoder *d, const char *sub, const char *const *names, int count)
{
    for (int i = 0; i < count; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s/%s", wf_data_dir(), sub, names[i]);
        size_t n;
        uint8_t *in = wf_read_file(p, &n);
        if (!in) {
            printf("FAIL cannot read %s\n", p);
            failures++;
            continue;
        }
        if (strstr(names[i], "12")) {
            /* 12-bit: rejected cleanly (libjpeg's 8-bit build rejects it too) */
            wf_status st = wf_jpeg_read_header(d, in, n);
            int ok = st == WF_JPEG_UNSUPPORTED_PRECISION && wf_jpeg_precision(d) == 12;
            printf("%s %-44s %s (precision %d)\n", ok ? "  " : "FAIL", names[i], wf_status_name(st),
                   wf_jpeg_precision(d));
            failures += !ok;
        } else {
            compare_with_libjpeg(d, names[i], in, n, 1);
        }
        free(in);
    }
}

/* Writes an RGB buffer as PPM. */
static int write_ppm(const char *path, const uint8_t *rgba, int w, int h)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fprintf(f, "P6\n%d %d\n255\n", w, h);
    for (size_t i = 0; i < (size_t)w * h; i++)
        fwrite(rgba + 4 * i, 1, 3, f);
    return fclose(f) == 0;
}

/* Makes a source PPM from a corpus JPEG (decoded by libjpeg), optionally
 * cropped to cw x ch. */
static int make_source(const char *jpg, const char *ppm, int cw, int ch)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", wf_data_dir(), jpg);
    size_t n;
    uint8_t *in = wf_read_file(p, &n);
    if (!in)
        return 0;
    int w, h;
    uint8_t *rgba = ref_decode(in, n, &w, &h, NULL);
    free(in);
    if (!rgba)
        return 0;
    if (cw && ch && cw <= w && ch <= h) {
        for (int y = 0; y < ch; y++)
            memmove(rgba + (size_t)y * cw * 4, rgba + (size_t)y * w * 4, (size_t)cw * 4);
        w = cw;
        h = ch;
    }
    int ok = write_ppm(ppm, rgba, w, h);
    free(rgba);
    return ok;
}

static void check_cjpeg(wf_jpeg_decoder *d, const char *src, const char *label, const char *opts)
{
    char out[1024], cmd[3072];
    snprintf(out, sizeof out, "%s/out.jpg", tmpdir);
    snprintf(cmd, sizeof cmd, "cjpeg %s -outfile '%s' '%s' 2>/dev/null", opts, out, src);
    if (system(cmd) != 0) {
        printf("FAIL cjpeg %s\n", cmd);
        failures++;
        return;
    }
    size_t n;
    uint8_t *in = wf_read_file(out, &n);
    char name[512];
    snprintf(name, sizeof name, "%s %s", label, opts);
    if (in)
        compare_with_libjpeg(d, name, in, n, 1);
    free(in);
}

/* CMYK / YCCK / RGB-by-component-id files written with the libjpeg API. */
static void check_api_files(wf_jpeg_decoder *d, const char *src_ppm)
{
    int w, h, gray;
    uint8_t *rgba = read_pnm(src_ppm, &w, &h, &gray);
    if (!rgba) {
        failures++;
        return;
    }
    static const struct {
        const char *name;
        int jcs;
        int ids_rgb;
        int adobe;
        int sample2;
    } kinds[] = {
        {"api cmyk (adobe)", JCS_CMYK, 0, 1, 0},
        {"api cmyk (no adobe)", JCS_CMYK, 0, 0, 0},
        {"api ycck 2x2", JCS_YCCK, 0, 1, 1},
        {"api rgb ids R,G,B no markers", JCS_RGB, 1, 0, 0},
    };
    for (size_t kk = 0; kk < sizeof kinds / sizeof kinds[0]; kk++) {
        struct jpeg_compress_struct ci;
        struct jpeg_error_mgr jerr;
        unsigned char *mem = NULL;
        unsigned long memsize = 0;
        ci.err = jpeg_std_error(&jerr);
        jpeg_create_compress(&ci);
        jpeg_mem_dest(&ci, &mem, &memsize);
        ci.image_width = (JDIMENSION)w;
        ci.image_height = (JDIMENSION)h;
        int cmyk = kinds[kk].jcs != JCS_RGB;
        ci.input_components = cmyk ? 4 : 3;
        ci.in_color_space = cmyk ? JCS_CMYK : JCS_RGB;
        jpeg_set_defaults(&ci);
        jpeg_set_colorspace(&ci, (J_COLOR_SPACE)kinds[kk].jcs);
        jpeg_set_quality(&ci, 85, TRUE);
        ci.write_JFIF_header = FALSE;
        ci.write_Adobe_marker = (boolean)kinds[kk].adobe;
        if (kinds[kk].ids_rgb) {
            ci.comp_info[0].component_id = 'R';
            ci.comp_info[1].component_id = 'G';
            ci.comp_info[2].component_id = 'B';
        }
        if (kinds[kk].sample2) {
            ci.comp_info[0].h_samp_factor = ci.comp_info[0].v_samp_factor = 2;
            ci.comp_info[3].h_samp_factor = ci.comp_info[3].v_samp_factor = 2;
        }
        jpeg_start_compress(&ci, TRUE);
        uint8_t *row = malloc((size_t)w * 4);
        while (ci.next_scanline < ci.image_height) {
            const uint8_t *s = rgba + (size_t)ci.next_scanline * w * 4;
            for (int x = 0; x < w; x++) {
                if (cmyk) {
                    int r = s[4 * x], g = s[4 * x + 1], b = s[4 * x + 2];
                    int k = r > g ? (r > b ? r : b) : (g > b ? g : b);
                    row[4 * x] = (uint8_t)(255 - (k - r));
                    row[4 * x + 1] = (uint8_t)(255 - (k - g));
                    row[4 * x + 2] = (uint8_t)(255 - (k - b));
                    row[4 * x + 3] = (uint8_t)k;
                } else {
                    memcpy(row + 3 * x, s + 4 * x, 3);
                }
            }
            JSAMPROW rp = row;
            jpeg_write_scanlines(&ci, &rp, 1);
        }
        jpeg_finish_compress(&ci);
        jpeg_destroy_compress(&ci);
        free(row);
        compare_with_libjpeg(d, kinds[kk].name, mem, memsize, 1);
        int want = kinds[kk].jcs == JCS_CMYK   ? WF_JPEG_CS_CMYK
                   : kinds[kk].jcs == JCS_YCCK ? WF_JPEG_CS_YCCK
                                               : WF_JPEG_CS_RGB;
        if (wf_jpeg_color_space(d) != want) {
            printf("FAIL %s: colour space %d, want %d\n", kinds[kk].name, wf_jpeg_color_space(d), want);
            failures++;
        }
        free(mem);
    }
    free(rgba);
}

/* Every integer sampling combination libjpeg can write (luma h,v in 1..4,
 * chroma dividing it, at most 10 blocks per MCU), baseline and progressive,
 * on small images of awkward sizes (1x1, 2x2, 3x1, 1x9, 17x5, 61x37): the
 * upsampling edge cases (components 1 or 2 samples wide, odd heights). */
static void check_sampling_matrix(wf_jpeg_decoder *d)
{
    static const int sizes[][2] = {{1, 1}, {2, 2}, {3, 1}, {1, 9}, {17, 5}, {61, 37}};
    int combos = 0, bad = 0, worst = 0;
    for (int s = 0; s < 6; s++) {
        int w = sizes[s][0], h = sizes[s][1];
        uint8_t *rgb = malloc((size_t)w * h * 3);
        for (int i = 0; i < w * h * 3; i++)
            rgb[i] = (uint8_t)((i * 37 + (i / 3) * 11) ^ (i >> 2));
        for (int hy = 1; hy <= 4; hy++)
            for (int vy = 1; vy <= 4; vy++)
                for (int hc = 1; hc <= hy; hc++)
                    for (int vc = 1; vc <= vy; vc++) {
                        if (hy % hc || vy % vc || hy * vy + 2 * hc * vc > 10)
                            continue;
                        for (int prog = 0; prog < 2; prog++) {
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
                            jpeg_set_quality(&ci, 90, TRUE);
                            ci.comp_info[0].h_samp_factor = hy;
                            ci.comp_info[0].v_samp_factor = vy;
                            for (int c = 1; c < 3; c++) {
                                ci.comp_info[c].h_samp_factor = hc;
                                ci.comp_info[c].v_samp_factor = vc;
                            }
                            if (prog)
                                jpeg_simple_progression(&ci);
                            jpeg_start_compress(&ci, TRUE);
                            while (ci.next_scanline < ci.image_height) {
                                JSAMPROW rp = rgb + (size_t)ci.next_scanline * w * 3;
                                jpeg_write_scanlines(&ci, &rp, 1);
                            }
                            jpeg_finish_compress(&ci);
                            jpeg_destroy_compress(&ci);
                            int rw, rh;
                            uint8_t *ref = ref_decode(mem, size, &rw, &rh, NULL);
                            wf_status st;
                            uint8_t *ours = our_decode(d, mem, size, &st);
                            size_t exact = 0;
                            int maxd = ref && ours ? rgba_diff(ours, ref, (size_t)w * h, &exact) : 999;
                            combos++;
                            if (maxd != 0) {
                                bad++;
                                printf("FAIL sampling %dx%d Y %dx%d C %dx%d %s: %s maxdiff %d\n", w, h, hy, vy, hc, vc,
                                       prog ? "progressive" : "baseline", wf_status_name(st), maxd);
                            }
                            if (maxd > worst)
                                worst = maxd;
                            free(ref);
                            free(ours);
                            free(mem);
                        }
                    }
        free(rgb);
    }
    files_checked += combos;
    files_exact += combos - bad;
    failures += bad;
    printf("%s sampling matrix: %d files (6 sizes x all factor pairs x baseline/progressive), %d differ, worst %d\n",
           bad ? "FAIL" : "  ", combos, bad, worst);
}

int main(void)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/jpeg/testorig.jpg", wf_data_dir());
    if (access(p, R_OK) != 0) {
        printf("SKIP: JPEG corpus not found at %s (set WASMFORGE_DATA)\n", wf_data_dir());
        return 77;
    }
    wf_jpeg_decoder *d = wf_jpeg_decoder_alloc();

    printf("== djpeg reference images\n");
    check_ref_ppm(d, "testorig.jpg", "testorig.djpeg-default.ppm");
    check_ref_ppm(d, "testimgint.jpg", "testimgint.djpeg-default.ppm");
    check_ref_ppm(d, "testimgp.jpg", "testimgint.djpeg-default.ppm");
    check_ref_ppm(d, "testimgari.jpg", "testimgint.djpeg-default.ppm");
    check_ref_ppm(d, "testimggray.jpg", "testimggray.djpeg-default.pgm");

    printf("== corpus vs libjpeg-turbo\n");
    static const char *const jpegs[] = {"testorig.jpg",    "testimgint.jpg", "testimgp.jpg", "testimgari.jpg",
                                        "testimggray.jpg", "testorig12.jpg", "monkey12.jpg"};
    check_dir(d, "jpeg", jpegs, 7);
    static const char *const photos[] = {"kodim01.q85.jpg", "kodim05.q85.jpg", "kodim23.q85.jpg",
                                         "flower_foveon.q85.jpg"};
    check_dir(d, "photos", photos, 4);

    printf("== sampling factor matrix (libjpeg API)\n");
    check_sampling_matrix(d);

    printf("== re-encoded with cjpeg\n");
    char tmpl[] = "/tmp/wf_jpeg_conf_XXXXXX";
    tmpdir = mkdtemp(tmpl);
    if (!tmpdir || system("cjpeg -version </dev/null >/dev/null 2>&1") == -1) {
        printf("FAIL: no temporary directory\n");
        failures++;
    } else {
        static const struct {
            const char *jpg;
            const char *label;
            int cw, ch;
        } srcs[] = {
            {"photos/kodim01.q85.jpg", "kodim01", 0, 0},
            {"photos/kodim23.q85.jpg", "kodim23", 0, 0},
            {"photos/kodim05.q85.jpg", "kodim05-crop301x199", 301, 199},
            {"jpeg/testorig.jpg", "testorig", 0, 0},
        };
        static const char *const qualities[] = {"50", "75", "95"};
        static const char *const samplings[] = {"1x1", "2x1", "2x2", "1x2", "4x1"};
        static const char *const extra[] = {
            "-quality 75 -sample 3x1",
            "-quality 75 -sample 4x2",
            "-quality 75 -sample 1x4",
            "-quality 75 -sample 2x2,2x1,1x2",
            "-quality 75 -sample 3x2,1x1,1x1",
            "-quality 100 -sample 1x1",
            "-quality 10",
            "-progressive",
            "-progressive -sample 1x1 -quality 95",
            "-progressive -sample 2x1",
            "-arithmetic",
            "-arithmetic -sample 1x1 -quality 95",
            "-arithmetic -progressive",
            "-arithmetic -progressive -sample 1x2",
            "-restart 1",
            "-restart 1 -progressive",
            "-restart 3B -arithmetic",
            "-restart 2B -sample 1x1",
            "-grayscale",
            "-grayscale -progressive",
            "-grayscale -arithmetic",
            "-rgb",
            "-rgb -progressive",
            "-optimize",
            "-dct float",
        };
        char cmd[2048];
        snprintf(cmd, sizeof cmd, "%s/src.ppm", tmpdir);
        for (size_t s = 0; s < sizeof srcs / sizeof srcs[0]; s++) {
            if (!make_source(srcs[s].jpg, cmd, srcs[s].cw, srcs[s].ch)) {
                printf("FAIL cannot make source %s\n", srcs[s].jpg);
                failures++;
                continue;
            }
            int full = s < 2 || s == 2;
            for (int q = 0; q < 3 && full; q++)
                for (int m = 0; m < 5; m++) {
                    char opts[128];
                    snprintf(opts, sizeof opts, "-quality %s -sample %s", qualities[q], samplings[m]);
                    check_cjpeg(d, cmd, srcs[s].label, opts);
                }
            for (size_t e = 0; e < sizeof extra / sizeof extra[0]; e++)
                check_cjpeg(d, cmd, srcs[s].label, extra[e]);
            if (s == 2)
                check_api_files(d, cmd);
        }
        char rm[1100];
        snprintf(rm, sizeof rm, "rm -rf '%s'", tmpdir);
        if (system(rm) != 0)
            printf("warning: could not remove %s\n", tmpdir);
    }
    wf_jpeg_decoder_free(d);
    printf("%d files compared, %d bit-exact, %d failures\n", files_checked, files_exact, failures);
    return failures ? 1 : 0;
}
