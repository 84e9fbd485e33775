/* SPDX-License-Identifier: MIT
 * test_webp_robust.c: hostile input. Every corpus file cut short at many
 * lengths and with deterministic bit flips must decode or fail with a WebP
 * status (never crash, hang or read out of bounds: run it under ASan with
 * -DWF_SANITIZE=ON); hand-made files check the specific statuses: bad RIFF
 * sizes, a 16384x16384 canvas (refused before allocating), frames outside
 * the canvas, repeated lossless transforms. */
#include <stdint.h>
#include "wf/webp.h"
#include "../common/wf_check.h"
#include "webp_test_util.h"

static wf_webp_decoder *dec;
static uint8_t *canvas;
static size_t canvas_size;

static int is_webp_status(wf_status st)
{
    return st == WF_OK || (st >= 600 && st < 700) || st == WF_ERR_OUT_OF_MEMORY;
}

/* Decodes everything in it (all frames); returns the first failure. */
static wf_status decode_all(const uint8_t *p, size_t n)
{
    wf_status st = wf_webp_read_header(dec, p, n);
    uint32_t i, frames;
    size_t need;
    if (st != WF_OK)
        return st;
    need = (size_t)wf_webp_width(dec) * wf_webp_height(dec) * 4;
    if (need > ((size_t)64 << 20))
        return wf_webp_decode(dec, p, n, NULL, 0, 1 << 20, 0);
    if (need > canvas_size) {
        free(canvas);
        canvas = malloc(need);
        canvas_size = need;
    }
    frames = wf_webp_frame_count(dec);
    for (i = 0; i < frames; i++) {
        st = wf_webp_decode_frame(dec, p, n, i, canvas, canvas_size, 0, i & 1 ? WF_WEBP_NOFANCY : 0);
        if (st != WF_OK) {
            CHECK(wf_webp_error_offset(dec) <= n, "offset %zu beyond %zu bytes", wf_webp_error_offset(dec), n);
            return st;
        }
    }
    return WF_OK;
}

static uint32_t rng = 12345;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void one(const char *dir, const char *name)
{
    char path[8192];
    size_t n, cut, step, i;
    uint8_t *data, *copy;
    wf_status st;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    data = wf_read_file(path, &n);
    if (!data)
        return;
    copy = malloc(n);
    step = n / 40 + 1;
    for (cut = 0; cut < n; cut += step) {
        st = decode_all(data, cut);
        CHECK(st != WF_OK || cut >= n - 1, "%s cut to %zu bytes decodes", name, cut);
        CHECK(is_webp_status(st), "%s cut to %zu: status %d", name, cut, st);
    }
    for (i = 0; i < 30; i++) {
        int flips = 1 + (int)(next_rand() % 4), k;
        memcpy(copy, data, n);
        for (k = 0; k < flips; k++) {
            size_t pos = 12 + next_rand() % (n - 12);
            copy[pos] ^= (uint8_t)(1u << (next_rand() % 8));
        }
        st = decode_all(copy, n);
        CHECK(is_webp_status(st), "%s flip %zu: status %d", name, i, st);
    }
    free(copy);
    free(data);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put24(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
}

/* A 1x1 opaque lossless image: no transforms, no cache, five one-symbol codes. */
static size_t tiny_vp8l(uint8_t *p)
{
    /* header: 0x2f, 14-bit w-1 = 0, 14-bit h-1 = 0, alpha 0, version 0;
     * then bits: transform 0, cache 0, meta 0, then 5 simple codes of one
     * 8-bit symbol each (1,0,1,sym8): green 0, red 0, blue 0, alpha 255, dist 0 */
    static const uint8_t body[] = {0x2f, 0, 0, 0, 0};
    uint64_t bits = 0;
    int nb = 0, k;
    uint32_t syms[5] = {0, 0, 0, 255, 0};
    size_t n = 5, i;
    memcpy(p, body, 5);
    nb += 3; /* three zero bits */
    for (k = 0; k < 5; k++) {
        bits |= (uint64_t)1 << nb; /* simple */
        nb++;
        nb++;                      /* one symbol */
        bits |= (uint64_t)1 << nb; /* 8-bit symbol */
        nb++;
        bits |= (uint64_t)syms[k] << nb;
        nb += 8;
    }
    for (i = 0; i < (size_t)(nb + 7) / 8; i++)
        p[n++] = (uint8_t)(bits >> (8 * i));
    return n;
}

static void crafted(void)
{
    uint8_t f[256], img[64];
    size_t m, n;
    wf_status st;
    uint8_t px[4];

    /* a valid simple lossless file */
    m = tiny_vp8l(img);
    memcpy(f, "RIFF\0\0\0\0WEBPVP8L", 16);
    put32(f + 16, (uint32_t)m);
    memcpy(f + 20, img, m);
    n = 20 + m + (m & 1);
    if (m & 1)
        f[20 + m] = 0;
    put32(f + 4, (uint32_t)(n - 8));
    st = wf_webp_decode(dec, f, n, px, 4, 0, 0);
    CHECK(st == WF_OK && px[3] == 255 && px[0] == 0, "tiny lossless: %s", wf_status_name(st));

    /* RIFF size below the minimum, or beyond the data */
    put32(f + 4, 4);
    CHECK(wf_webp_decode(dec, f, n, px, 4, 0, 0) == WF_WEBP_BAD_RIFF_SIZE, "small RIFF size");
    put32(f + 4, (uint32_t)n);
    st = wf_webp_decode(dec, f, n, px, 4, 0, 0);
    CHECK(st == WF_WEBP_TRUNCATED && wf_webp_error_offset(dec) == n, "RIFF size past the end: %s", wf_status_name(st));
    put32(f + 4, (uint32_t)(n - 8));
    CHECK(wf_webp_decode(dec, f, n, px, 3, 0, 0) == WF_ERR_BUFFER_TOO_SMALL, "buffer too small");
    CHECK(wf_webp_decode(dec, (const uint8_t *)"RIFF\0\0\0\0WEBQ", 12, px, 4, 0, 0) == WF_WEBP_NOT_WEBP, "not webp");

    /* VP8X canvas 16384x16384 holding a 1x1 animation frame: refused by the
     * pixel limit before anything is allocated */
    memcpy(f, "RIFF\0\0\0\0WEBPVP8X", 16);
    put32(f + 16, 10);
    memset(f + 20, 0, 10);
    f[20] = 0x02 | 0x10;
    put24(f + 24, 16383);
    put24(f + 27, 16383);
    memcpy(f + 30, "ANIM", 4);
    put32(f + 34, 6);
    memset(f + 38, 0, 6);
    memcpy(f + 44, "ANMF", 4);
    put32(f + 48, (uint32_t)(16 + 8 + m + (m & 1)));
    memset(f + 52, 0, 16);
    memcpy(f + 68, "VP8L", 4);
    put32(f + 72, (uint32_t)m);
    memcpy(f + 76, img, m);
    n = 76 + m + (m & 1);
    if (m & 1)
        f[76 + m] = 0;
    put32(f + 4, (uint32_t)(n - 8));
    st = wf_webp_read_header(dec, f, n);
    CHECK(st == WF_OK && wf_webp_width(dec) == 16384 && wf_webp_frame_count(dec) == 1, "huge canvas header: %s",
          wf_status_name(st));
    st = wf_webp_decode(dec, f, n, NULL, 0, 0, 0);
    CHECK(st == WF_WEBP_TOO_MANY_PIXELS, "huge canvas: %s", wf_status_name(st));
    st = wf_webp_decode_frame(dec, f, n, 0, NULL, 0, 0, 0);
    CHECK(st == WF_WEBP_TOO_MANY_PIXELS, "huge canvas frame: %s", wf_status_name(st));

    /* the same frame placed outside a 2x2 canvas */
    put24(f + 24, 1);
    put24(f + 27, 1);
    put24(f + 52, 1); /* x offset 2 */
    st = wf_webp_read_header(dec, f, n);
    CHECK(st == WF_WEBP_BAD_FRAME, "frame outside the canvas: %s", wf_status_name(st));
    put24(f + 52, 0);
    st = wf_webp_read_header(dec, f, n);
    CHECK(st == WF_OK, "frame inside the canvas: %s", wf_status_name(st));
    {
        uint8_t c[16];
        CHECK(wf_webp_decode_frame(dec, f, n, 1, c, 16, 0, 0) == WF_WEBP_BAD_FRAME_INDEX, "frame out of order");
        CHECK(wf_webp_decode_frame(dec, f, n, 0, c, 16, 0, 0) == WF_OK && c[3] == 255 && c[7] == 0,
              "2x2 canvas, frame at (0,0)");
    }
}

int main(void)
{
    int files;
    dec = wf_webp_decoder_alloc();
    crafted();
    files = webp_each_file(one);
    free(canvas);
    wf_webp_decoder_free(dec);
    if (files < 0) {
        printf("SKIP (corpus): no WebP corpus at %s\n", webp_data_dir());
    } else {
        printf("%d files cut and flipped\n", files);
    }
    return wf_check_report();
}
