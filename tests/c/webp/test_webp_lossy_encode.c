/* SPDX-License-Identifier: MIT
 * test_webp_lossy_encode.c: the VP8 (lossy) encoder. Each photo of
 * ../shared/data/photos and a set of PngSuite images are encoded at
 * q 50/75/90, wrapped in a minimal RIFF/WEBP/VP8 container, and decoded by
 * libwebp (the reference) and by our decoder. Checks: libwebp accepts every
 * output; its YUV planes equal the encoder's own reconstruction exactly
 * (with the loop filter the encoder chose, and with the filter forced off);
 * our decoder's RGBA equals libwebp's; PSNR is sane and rises with quality
 * while the size grows. The encoder's own copies of the decoder's
 * primitives (the ten 4x4 predictions, the inverse DCT, the DC-only inverse
 * DCT) give the decoder's pixels on random inputs. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include "wf/memory.h"
#include "wf/webp.h"
#include "../../../core/webp/vp8_enc.h"
#include "../common/wf_check.h"
#include "../common/wf_png_rgba.h"

static void le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* RIFF/WEBP with one VP8 chunk (padded to even size). */
static uint8_t *wrap(const uint8_t *vp8, size_t n, size_t *total)
{
    size_t pad = n & 1, t = 20 + n + pad;
    uint8_t *o = calloc(1, t);
    memcpy(o, "RIFF", 4);
    le32(o + 4, (uint32_t)(t - 8));
    memcpy(o + 8, "WEBPVP8 ", 8);
    le32(o + 16, (uint32_t)n);
    memcpy(o + 20, vp8, n);
    *total = t;
    return o;
}

static double psnr_rgb(const uint8_t *a, const uint8_t *b, uint32_t w, uint32_t h)
{
    double s = 0;
    size_t i, n = (size_t)w * h;
    for (i = 0; i < n; i++) {
        int k;
        for (k = 0; k < 3; k++) {
            double d = (double)a[4 * i + k] - b[4 * i + k];
            s += d * d;
        }
    }
    s /= 3.0 * (double)n;
    return s <= 0 ? 99.0 : 10.0 * log10(255.0 * 255.0 / s);
}

typedef struct result {
    size_t size;
    double psnr;
} result;

/* Encodes, checks the decodes; returns size and PSNR. */
static result one(const char *name, const uint8_t *rgba, uint32_t w, uint32_t h, int q, int effort, int filter)
{
    result r = {0, 0};
    wf_vp8_enc_opts o;
    uint8_t *vp8 = NULL, *file, *ref, *ours, *ry;
    size_t n = 0, fn, cw = (w + 1) / 2, ch = (h + 1) / 2;
    size_t reclen = (size_t)w * h + 2 * cw * ch;
    uint8_t *recon = malloc(reclen);
    int dw, dh, ystride, uvstride;
    uint8_t *du, *dv;
    wf_status st;
    wf_webp_decoder *d;
    memset(&o, 0, sizeof(o));
    o.quality = q;
    o.effort = effort;
    o.filter_level = filter;
    o.segments = -1;
    o.sns = -1;
    o.recon = recon;
    st = wf_vp8_encode_ex(rgba, w, h, w * 4, &o, &vp8, &n);
    CHECK(st == WF_OK, "%s q%d: encode status %d", name, q, (int)st);
    if (st != WF_OK) {
        free(recon);
        return r;
    }
    file = wrap(vp8, n, &fn);
    ref = WebPDecodeRGBA(file, fn, &dw, &dh);
    CHECK(ref && (uint32_t)dw == w && (uint32_t)dh == h, "%s q%d: libwebp rejects the output", name, q);
    if (ref) {
        r.size = n;
        r.psnr = psnr_rgb(rgba, ref, w, h);
        /* our decoder gives libwebp's pixels */
        d = wf_webp_decoder_alloc();
        ours = malloc((size_t)w * h * 4);
        st = wf_webp_decode(d, file, fn, ours, (size_t)w * h * 4, 0, 0);
        CHECK(st == WF_OK && memcmp(ours, ref, (size_t)w * h * 4) == 0, "%s q%d: our decoder differs from libwebp",
              name, q);
        free(ours);
        wf_webp_decoder_free(d);
        WebPFree(ref);
    }
    ry = WebPDecodeYUV(file, fn, &dw, &dh, &du, &dv, &ystride, &uvstride);
    CHECK(ry != NULL, "%s q%d: libwebp YUV decode failed", name, q);
    if (ry) {
        uint32_t y, diff = 0;
        for (y = 0; y < h; y++)
            diff += memcmp(ry + (size_t)y * ystride, recon + (size_t)y * w, w) != 0;
        for (y = 0; y < ch; y++) {
            diff += memcmp(du + (size_t)y * uvstride, recon + (size_t)w * h + y * cw, cw) != 0;
            diff += memcmp(dv + (size_t)y * uvstride, recon + (size_t)w * h + cw * ch + y * cw, cw) != 0;
        }
        CHECK(diff == 0, "%s q%d filter %d: %u rows of the encoder's reconstruction differ from libwebp's", name, q,
              filter, diff);
        WebPFree(ry);
    }
    free(file);
    wf_free(vp8);
    free(recon);
    return r;
}

static const char *pngsuite[] = {"basn2c08", "basn0g08", "basn6a08", "s01n3p01", "s02n3p01", "s03n3p01",
                                 "s05n3p02", "s07n3p02", "s09n3p02", "s33n3p04", "s35n3p04", "s39n3p04",
                                 "s40n3p04", "f02n2c08", "g04n2c08", "tbrn2c08", "z09n2c08", "ccwn2c08"};

static uint32_t rng_state = 12345;
static uint32_t rnd(void)
{
    rng_state = rng_state * 1664525u + 1013904223u;
    return rng_state >> 8;
}

/* wf_vp8_pred4_all, wf_vp8_idct_pred and wf_vp8_enc_idct_dc against the
 * decoder's wf_vp8_pred4 and wf_vp8_idct_add (vp8_predict.c). */
static void test_primitives(void)
{
    enum { WS = WF_VP8_WS };
    uint8_t area[6 * WS], ref[6 * WS], all[160], out[16];
    int t, m, i, j;
    for (t = 0; t < 20000; t++) {
        uint8_t *dst = area + WS + 8;
        int flat = t % 4 == 0 ? (int)(rnd() & 255) : -1; /* some flat or extreme edges */
        for (i = 0; i < (int)sizeof(area); i++)
            area[i] = (uint8_t)(flat >= 0 ? (rnd() % 3 ? flat : (int)(rnd() & 1) * 255) : (int)(rnd() & 255));
        wf_vp8_pred4_all(dst, all);
        for (m = 0; m < 10; m++) {
            memcpy(ref, area, sizeof(area));
            wf_vp8_pred4(ref + WS + 8, m);
            for (i = 0; i < 4; i++)
                for (j = 0; j < 4; j++)
                    if (all[m * 16 + i * 4 + j] != ref[WS + 8 + i * WS + j]) {
                        CHECK(0, "pred4_all mode %d differs from the decoder's at (%d, %d), try %d", m, i, j, t);
                        return;
                    }
        }
    }
    for (t = 0; t < 20000; t++) {
        int16_t c[16];
        uint8_t pred[16], dec[4 * WS];
        int range = t % 3 == 0 ? 64 : t % 3 == 1 ? 2048 : 32767, dc_only = t % 5 == 0;
        for (i = 0; i < 16; i++) {
            c[i] = (int16_t)((int)(rnd() % (2u * (uint32_t)range + 1)) - range);
            if (dc_only && i)
                c[i] = 0;
            pred[i] = (uint8_t)(t & 1 ? rnd() & 255 : (rnd() & 1) * 255);
        }
        for (i = 0; i < 4; i++)
            memcpy(dec + i * WS, pred + 4 * i, 4);
        wf_vp8_idct_add(c, dec);
        if (dc_only)
            wf_vp8_enc_idct_dc(c[0], pred, 4, out, 4);
        else
            wf_vp8_idct_pred(c, pred, 4, out, 4);
        for (i = 0; i < 16; i++)
            if (out[i] != dec[(i >> 2) * WS + (i & 3)]) {
                CHECK(0, "encoder %s differs from the decoder's at %d, try %d", dc_only ? "idct_dc" : "idct", i, t);
                return;
            }
    }
    CHECK(1, "primitives");
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : WF_DEFAULT_DATA_DIR;
    static const int qs[3] = {50, 75, 90};
    char path[4096];
    int i, k, images = 0;
    test_primitives();
    for (i = 1; i <= 24; i += (i < 4 ? 1 : 4)) {
        uint32_t w, h;
        uint8_t *rgba;
        result r[3];
        snprintf(path, sizeof(path), "%s/photos/kodim%02d.png", dir, i);
        rgba = wf_load_png_rgba(path, &w, &h);
        if (!rgba)
            continue;
        images++;
        for (k = 0; k < 3; k++) {
            r[k] = one(path, rgba, w, h, qs[k], 4, -1);
            printf("kodim%02d q%d: %zu bytes, RGB PSNR %.2f dB\n", i, qs[k], r[k].size, r[k].psnr);
        }
        CHECK(r[0].psnr > 27 && r[1].psnr > r[0].psnr && r[2].psnr > r[1].psnr, "kodim%02d: PSNR not monotone", i);
        CHECK(r[1].size > r[0].size && r[2].size > r[1].size, "kodim%02d: size not monotone", i);
        if (i == 1) { /* the fixed interface gives the default options' bytes; no loop filter; other efforts */
            uint8_t *a = NULL, *b = NULL;
            size_t na = 0, nb = 0;
            wf_vp8_enc_opts o;
            memset(&o, 0, sizeof(o));
            o.quality = 75;
            o.effort = 4;
            o.filter_level = -1;
            o.segments = -1;
            o.sns = -1;
            CHECK(wf_webp_vp8_encode(rgba, w, h, w * 4, 75, 4, &a, &na) == WF_OK &&
                      wf_vp8_encode_ex(rgba, w, h, w * 4, &o, &b, &nb) == WF_OK && na == nb && memcmp(a, b, na) == 0,
                  "wf_webp_vp8_encode differs from the default options");
            wf_free(a);
            a = NULL;
            CHECK(wf_webp_vp8_encode(rgba, 0, h, w * 4, 75, 4, &a, &na) == WF_ERR_INVALID_ARGUMENT && a == NULL,
                  "zero width accepted");
            wf_free(a);
            wf_free(b);
            one(path, rgba, w, h, 75, 4, 0);
            for (k = 0; k <= 6; k += 2)
                one(path, rgba, w, h, 60, k, -1);
        }
        free(rgba);
    }
    for (i = 0; i < (int)(sizeof(pngsuite) / sizeof(pngsuite[0])); i++) {
        uint32_t w, h;
        uint8_t *rgba;
        snprintf(path, sizeof(path), "%s/pngsuite/%s.png", dir, pngsuite[i]);
        rgba = wf_load_png_rgba(path, &w, &h);
        if (!rgba)
            continue;
        images++;
        for (k = 0; k < 3; k++)
            one(path, rgba, w, h, qs[k], 4, k == 0 ? 0 : -1);
        one(path, rgba, w, h, 0, 0, -1);
        one(path, rgba, w, h, 100, 6, -1);
        free(rgba);
    }
    if (images == 0) {
        printf("SKIP: no images under %s\n", dir);
        return 77;
    }
    printf("%d images: ", images);
    return wf_check_report();
}
