/* SPDX-License-Identifier: MIT
 * test_webp_conformance.c: every file of ../shared/data/webp decodes to the
 * same RGBA bytes as Debian's libwebp (WebPDecode with MODE_RGBA, fancy and
 * no-fancy upsampling; WebPAnimDecoder for animations). */
#include <webp/decode.h>
#include <webp/demux.h>
#include "wf/webp.h"
#include "../common/wf_check.h"
#include "webp_test_util.h"

static int compared;

static void report_diff(const char *name, const char *what, const uint8_t *a, const uint8_t *b, size_t n, uint32_t w)
{
    size_t i, diffs = 0, first = 0;
    for (i = 0; i < n; i++)
        if (a[i] != b[i]) {
            if (!diffs)
                first = i;
            diffs++;
        }
    CHECK(diffs == 0, "%s %s: %zu bytes differ, first at pixel (%zu,%zu) channel %zu: ours %d, libwebp %d", name,
          what, diffs, (first / 4) % w, (first / 4) / w, first % 4, diffs ? a[first] : 0, diffs ? b[first] : 0);
}

static void check_still(const char *name, const uint8_t *data, size_t n, wf_webp_decoder *d)
{
    int fancy;
    for (fancy = 0; fancy < 2; fancy++) {
        WebPDecoderConfig config;
        uint8_t *ours;
        size_t size;
        wf_status st;
        WebPInitDecoderConfig(&config);
        config.output.colorspace = MODE_RGBA;
        config.options.no_fancy_upsampling = !fancy;
        if (WebPDecode(data, n, &config) != VP8_STATUS_OK) {
            CHECK(0, "%s: libwebp cannot decode it", name);
            return;
        }
        size = (size_t)config.output.width * config.output.height * 4;
        ours = malloc(size);
        st = wf_webp_decode(d, data, n, ours, size, 0, fancy ? 0 : WF_WEBP_NOFANCY);
        CHECK(st == WF_OK, "%s: status %s at offset %zu", name, wf_status_name(st), wf_webp_error_offset(d));
        if (st == WF_OK) {
            CHECK(wf_webp_width(d) == (uint32_t)config.output.width && wf_webp_height(d) == (uint32_t)config.output.height,
                  "%s: size", name);
            report_diff(name, fancy ? "fancy" : "nofancy", ours, config.output.u.RGBA.rgba, size,
                        (uint32_t)config.output.width);
            compared++;
        }
        free(ours);
        WebPFreeDecBuffer(&config.output);
    }
}

static void check_anim(const char *name, const uint8_t *data, size_t n, wf_webp_decoder *d)
{
    WebPData wd = {data, n};
    WebPAnimDecoderOptions opt;
    WebPAnimDecoder *dec;
    WebPAnimInfo info;
    uint8_t *canvas;
    uint32_t i = 0;
    WebPAnimDecoderOptionsInit(&opt);
    opt.color_mode = MODE_RGBA;
    opt.use_threads = 0;
    dec = WebPAnimDecoderNew(&wd, &opt);
    if (!dec || !WebPAnimDecoderGetInfo(dec, &info)) {
        CHECK(0, "%s: libwebp cannot decode the animation", name);
        return;
    }
    canvas = malloc((size_t)info.canvas_width * info.canvas_height * 4);
    while (WebPAnimDecoderHasMoreFrames(dec)) {
        uint8_t *ref;
        int ts;
        char what[32];
        wf_status st;
        WebPAnimDecoderGetNext(dec, &ref, &ts);
        st = wf_webp_decode_frame(d, data, n, i, canvas, (size_t)info.canvas_width * info.canvas_height * 4, 0, 0);
        CHECK(st == WF_OK, "%s frame %u: status %s", name, i, wf_status_name(st));
        snprintf(what, sizeof(what), "frame %u", i);
        if (st == WF_OK)
            report_diff(name, what, canvas, ref, (size_t)info.canvas_width * info.canvas_height * 4,
                        info.canvas_width);
        i++;
    }
    CHECK(i == wf_webp_frame_count(d), "%s: %u frames, libwebp %u", name, wf_webp_frame_count(d), i);
    CHECK(wf_webp_loop_count(d) == info.loop_count, "%s: loop count", name);
    compared++;
    free(canvas);
    WebPAnimDecoderDelete(dec);
}

static void one(const char *dir, const char *name)
{
    char path[8192];
    size_t n;
    uint8_t *data;
    wf_webp_decoder *d = wf_webp_decoder_alloc();
    wf_status st;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    data = wf_read_file(path, &n);
    CHECK(data != NULL, "%s: cannot read", name);
    if (data) {
        st = wf_webp_read_header(d, data, n);
        CHECK(st == WF_OK, "%s: header status %s at %zu", name, wf_status_name(st), wf_webp_error_offset(d));
        if (st == WF_OK && wf_webp_animated(d))
            check_anim(name, data, n, d);
        else if (st == WF_OK)
            check_still(name, data, n, d);
    }
    free(data);
    wf_webp_decoder_free(d);
}

int main(void)
{
    int files = webp_each_file(one);
    if (files < 0) {
        printf("SKIP: no WebP corpus at %s\n", webp_data_dir());
        return 77;
    }
    printf("%d files, %d compared with libwebp\n", files, compared);
    return wf_check_report();
}
