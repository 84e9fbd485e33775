/* SPDX-License-Identifier: MIT
 * bench_webp_lossy.c: the VP8 (lossy) encoder against libwebp's encoder with
 * cwebp's defaults (WebPConfigInit + quality, method 4: what `cwebp -q Q`
 * does; Debian's libwebp 1.2.4), over the Kodak photos.
 *
 *   bench_webp_lossy [data_dir] [effort] [lambda_k] [first] [last] [sns] [i4 tries]
 *
 * For q 50/75/90: our file size (RIFF + VP8 chunk) and PSNR, libwebp's at
 * the same q, and "PSNR at equal size": libwebp's PSNR interpolated (linear
 * in log size) on its curve over q 10..100 at our size, so a positive
 * delta means we are better. PSNR is given for RGB (decoded by libwebp with
 * its default fancy upsampling, against the source) and for Y (decoded Y
 * plane against the source converted with the encoders' shared BT.601
 * formula). Times are process CPU seconds, each encoder timed on the same
 * image one after the other. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include "bench_util.h"
#include "wf/memory.h"
#include "../../core/webp/vp8_enc.h"
#include "../../tests/c/common/wf_png_rgba.h"

typedef struct point {
    double size, rgb, y, ssim;
} point;

/* Mean SSIM of two luma planes over 8x8 windows every 4 pixels (the usual
 * constants for 8-bit data), as a figure in dB: -10 log10(1 - SSIM). */
static double ssim_db(const uint8_t *a, size_t as, const uint8_t *b, size_t bs, uint32_t w, uint32_t h)
{
    const double c1 = 6.5025, c2 = 58.5225;
    double total = 0;
    uint32_t x, y, count = 0;
    for (y = 0; y + 8 <= h; y += 4)
        for (x = 0; x + 8 <= w; x += 4) {
            double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, ma, mb, va, vb, cov;
            int i, j;
            for (i = 0; i < 8; i++)
                for (j = 0; j < 8; j++) {
                    double pa = a[(y + i) * as + x + j], pb = b[(y + i) * bs + x + j];
                    sa += pa;
                    sb += pb;
                    saa += pa * pa;
                    sbb += pb * pb;
                    sab += pa * pb;
                }
            ma = sa / 64;
            mb = sb / 64;
            va = saa / 64 - ma * ma;
            vb = sbb / 64 - mb * mb;
            cov = sab / 64 - ma * mb;
            total += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
            count++;
        }
    total = count ? total / count : 1;
    return total >= 1 ? 99.0 : -10.0 * log10(1 - total);
}

static double psnr(double sse, double n) { return sse <= 0 ? 99.0 : 10.0 * log10(255.0 * 255.0 * n / sse); }

/* PSNR of a WebP file against the source. */
static point measure(const uint8_t *file, size_t n, const uint8_t *rgba, uint32_t w, uint32_t h)
{
    point p = {(double)n, 0, 0, 0};
    int dw, dh, ys, uvs;
    uint8_t *u, *v, *dec = WebPDecodeRGBA(file, n, &dw, &dh), *yp;
    double s = 0, sy = 0;
    size_t i, np = (size_t)w * h;
    if (!dec)
        return p;
    for (i = 0; i < np; i++) {
        int k;
        for (k = 0; k < 3; k++) {
            double d = (double)dec[4 * i + k] - rgba[4 * i + k];
            s += d * d;
        }
    }
    WebPFree(dec);
    yp = WebPDecodeYUV(file, n, &dw, &dh, &u, &v, &ys, &uvs);
    if (yp) {
        uint32_t x, y;
        uint8_t *ry = malloc(np);
        for (y = 0; y < h; y++)
            for (x = 0; x < w; x++) {
                const uint8_t *q = rgba + 4 * ((size_t)y * w + x);
                int ref = (16839 * q[0] + 33059 * q[1] + 6420 * q[2] + (16 << 16) + (1 << 15)) >> 16;
                double d = (double)yp[(size_t)y * ys + x] - ref;
                ry[(size_t)y * w + x] = (uint8_t)ref;
                sy += d * d;
            }
        p.ssim = ssim_db(ry, w, yp, (size_t)ys, w, h);
        free(ry);
        WebPFree(yp);
    }
    p.rgb = psnr(s, 3.0 * (double)np);
    p.y = psnr(sy, (double)np);
    return p;
}

static int sns = -1, tries;

static uint8_t *ours(const uint8_t *rgba, uint32_t w, uint32_t h, int q, int effort, int lk, size_t *n, double *t)
{
    wf_vp8_enc_opts o;
    uint8_t *vp8 = NULL, *f;
    size_t m = 0;
    double t0 = now();
    memset(&o, 0, sizeof(o));
    o.quality = q;
    o.effort = effort;
    o.filter_level = -1;
    o.segments = -1;
    o.sns = sns;
    o.i4_tries = tries;
    o.lambda_k = lk;
    if (wf_vp8_encode_ex(rgba, w, h, w * 4, &o, &vp8, &m) != WF_OK)
        return NULL;
    *t += now() - t0;
    f = calloc(1, m + 21);
    memcpy(f, "RIFF", 4);
    f[4] = (uint8_t)((m + (m & 1) + 12));
    f[5] = (uint8_t)((m + (m & 1) + 12) >> 8);
    f[6] = (uint8_t)((m + (m & 1) + 12) >> 16);
    memcpy(f + 8, "WEBPVP8 ", 8);
    f[16] = (uint8_t)m;
    f[17] = (uint8_t)(m >> 8);
    f[18] = (uint8_t)(m >> 16);
    memcpy(f + 20, vp8, m);
    wf_free(vp8);
    *n = 20 + m + (m & 1);
    return f;
}

static uint8_t *theirs(const uint8_t *rgba, uint32_t w, uint32_t h, int q, int method, size_t *n, double *t)
{
    WebPConfig c;
    WebPPicture pic;
    WebPMemoryWriter wr;
    double t0 = now();
    WebPConfigInit(&c);
    c.quality = (float)q;
    c.method = method;
    WebPPictureInit(&pic);
    pic.width = (int)w;
    pic.height = (int)h;
    WebPMemoryWriterInit(&wr);
    pic.writer = WebPMemoryWrite;
    pic.custom_ptr = &wr;
    if (!WebPPictureImportRGBA(&pic, rgba, (int)w * 4) || !WebPEncode(&c, &pic)) {
        WebPPictureFree(&pic);
        return NULL;
    }
    WebPPictureFree(&pic);
    *t += now() - t0;
    *n = wr.size;
    return wr.mem;
}

#define NCURVE 19
static const int curve_q[NCURVE] = {5, 10, 20, 30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 93, 95, 97, 100};

/* libwebp's PSNR (rgb or y) interpolated at `size` on its curve. */
static double at_size(const point *c, double size, int luma) /* luma 2: SSIM */
{
    int i;
    for (i = 0; i + 1 < NCURVE; i++) {
        double a = log(c[i].size), b = log(c[i + 1].size), x = log(size);
        if ((x >= a && x <= b) || i + 2 == NCURVE || (i == 0 && x < a)) {
            double t = b > a ? (x - a) / (b - a) : 0;
            double pa = luma == 2 ? c[i].ssim : luma ? c[i].y : c[i].rgb;
            double pb = luma == 2 ? c[i + 1].ssim : luma ? c[i + 1].y : c[i + 1].rgb;
            return pa + t * (pb - pa);
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "../shared/data";
    int effort = argc > 2 ? atoi(argv[2]) : 4, lk = argc > 3 ? atoi(argv[3]) : 0;
    int first = argc > 4 ? atoi(argv[4]) : 1, last = argc > 5 ? atoi(argv[5]) : 24;
    if (argc > 6)
        sns = atoi(argv[6]);
    if (argc > 7)
        tries = atoi(argv[7]);
    static const int qs[3] = {50, 75, 90};
    double sum_drgb[3] = {0}, sum_dy[3] = {0}, sum_ds[3] = {0}, sum_ratio[3] = {0}, sum_same_rgb[3] = {0};
    double t_ours = 0, t_theirs = 0;
    int count = 0, i, k;
    printf("image q | ours bytes RGB-PSNR Y-PSNR | libwebp bytes RGB Y | dRGB@size dY@size dSSIM@size\n");
    for (i = first; i <= last; i++) {
        char path[4096];
        uint32_t w, h;
        uint8_t *rgba;
        point curve[NCURVE];
        snprintf(path, sizeof(path), "%s/photos/kodim%02d.png", dir, i);
        rgba = wf_load_png_rgba(path, &w, &h);
        if (!rgba)
            continue;
        for (k = 0; k < NCURVE; k++) {
            size_t n;
            double t = 0;
            uint8_t *f = theirs(rgba, w, h, curve_q[k], effort, &n, &t);
            curve[k] = measure(f, n, rgba, w, h);
            WebPFree(f);
        }
        for (k = 0; k < 3; k++) {
            size_t n = 0, n2 = 0;
            uint8_t *f = ours(rgba, w, h, qs[k], effort, lk, &n, &t_ours), *g;
            point p = measure(f, n, rgba, w, h), p2;
            double drgb = p.rgb - at_size(curve, p.size, 0), dy = p.y - at_size(curve, p.size, 1);
            double ds = p.ssim - at_size(curve, p.size, 2);
            g = theirs(rgba, w, h, qs[k], effort, &n2, &t_theirs);
            p2 = measure(g, n2, rgba, w, h);
            printf("kodim%02d q%d | %7zu %6.2f %6.2f | %7zu %6.2f %6.2f | %+5.2f %+5.2f %+5.2f\n", i, qs[k], n, p.rgb,
                   p.y, n2, p2.rgb, p2.y, drgb, dy, ds);
            sum_drgb[k] += drgb;
            sum_dy[k] += dy;
            sum_ds[k] += ds;
            sum_ratio[k] += (double)n / (double)n2;
            sum_same_rgb[k] += p.rgb - p2.rgb;
            free(f);
            WebPFree(g);
        }
        count++;
        free(rgba);
    }
    if (!count) {
        printf("no photos under %s\n", dir);
        return 1;
    }
    for (k = 0; k < 3; k++)
        printf("q%d over %d photos: at equal size vs libwebp: PSNR RGB %+.3f dB, Y %+.3f dB, SSIM(dB) Y %+.3f; "
               "size at same q %.3fx, RGB PSNR at same q %+.3f dB\n",
               qs[k], count, sum_drgb[k] / count, sum_dy[k] / count, sum_ds[k] / count, sum_ratio[k] / count,
               sum_same_rgb[k] / count);
    printf("encode CPU time (q 50/75/90, effort/method %d): ours %.3f s, libwebp %.3f s, ratio %.2fx\n", effort, t_ours,
           t_theirs, t_ours / t_theirs);
    return 0;
}
