/* SPDX-License-Identifier: MIT
 *
 * test_png_suite.c: every valid PngSuite file decodes to exactly the pixels
 * libpng gives (RGBA8 with expand/strip_16/gray_to_rgb/add_alpha, and RGBA16
 * with expand_16), the header probe agrees with libpng's IHDR, text and
 * colour metadata agree with libpng's getters, and every corrupt x*.png is
 * rejected with a PNG status code.
 */
#include "wf/png.h"
#include "png_test_util.h"

/* Compares our metadata with libpng's view of the same file. */
static void check_meta(const char *name, wf_png_decoder *d, const uint8_t *in, size_t n)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, ref_quiet);
    png_infop info = png_create_info_struct(png);
    mem_reader r = {in, n, 0};
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        CHECK(0, "%s: libpng failed reading metadata", name);
        return;
    }
    png_set_read_fn(png, &r, ref_read_fn);
    png_read_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    uint32_t flags = wf_png_meta_flags(d);
    png_fixed_point g;
    if (png_get_gAMA_fixed(png, info, &g)) {
        CHECK(flags & WF_PNG_META_GAMA, "%s: gAMA missing", name);
        CHECK(wf_png_meta_gamma(d) == (uint32_t)g, "%s: gAMA %u vs %d", name, wf_png_meta_gamma(d), (int)g);
    } else {
        CHECK(!(flags & WF_PNG_META_GAMA), "%s: unexpected gAMA", name);
    }
    png_fixed_point c[8];
    if (png_get_cHRM_fixed(png, info, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7])) {
        CHECK(flags & WF_PNG_META_CHRM, "%s: cHRM missing", name);
        for (int i = 0; i < 8; i++)
            CHECK(wf_png_meta_chrm(d, i) == (uint32_t)c[i], "%s: cHRM[%d]", name, i);
    }
    png_uint_32 px, py;
    int unit;
    if (png_get_pHYs(png, info, &px, &py, &unit)) {
        CHECK(flags & WF_PNG_META_PHYS, "%s: pHYs missing", name);
        CHECK(wf_png_meta_phys(d, 0) == px && wf_png_meta_phys(d, 1) == py && wf_png_meta_phys(d, 2) == (uint32_t)unit,
              "%s: pHYs values", name);
    } else {
        CHECK(!(flags & WF_PNG_META_PHYS), "%s: unexpected pHYs", name);
    }
    int intent;
    if (png_get_sRGB(png, info, &intent))
        CHECK(wf_png_meta_srgb_intent(d) == intent, "%s: sRGB", name);
    png_charp iname;
    int comp;
    png_bytep prof;
    png_uint_32 plen;
    if (png_get_iCCP(png, info, &iname, &comp, &prof, &plen)) {
        CHECK(wf_png_meta_iccp_profile_size(d) == plen && memcmp(wf_png_meta_iccp_profile(d), prof, plen) == 0,
              "%s: iCCP profile", name);
        CHECK(wf_png_meta_iccp_name_size(d) == strlen(iname) &&
                  memcmp(wf_png_meta_iccp_name(d), iname, strlen(iname)) == 0,
              "%s: iCCP name", name);
    }
    png_textp text;
    int ntext = 0;
    png_get_text(png, info, &text, &ntext);
    CHECK(wf_png_meta_text_count(d) == (uint32_t)ntext, "%s: %u texts vs libpng %d", name, wf_png_meta_text_count(d),
          ntext);
    for (int i = 0; i < ntext && (uint32_t)i < wf_png_meta_text_count(d); i++) {
        size_t kl = strlen(text[i].key);
        size_t tl = text[i].compression > 0 ? text[i].itxt_length : text[i].text_length;
        CHECK(wf_png_meta_text_field_size(d, (uint32_t)i, WF_PNG_TEXT_KEYWORD) == kl &&
                  memcmp(wf_png_meta_text_field(d, (uint32_t)i, WF_PNG_TEXT_KEYWORD), text[i].key, kl) == 0,
              "%s: text %d keyword", name, i);
        CHECK(wf_png_meta_text_field_size(d, (uint32_t)i, WF_PNG_TEXT_VALUE) == tl &&
                  memcmp(wf_png_meta_text_field(d, (uint32_t)i, WF_PNG_TEXT_VALUE), text[i].text, tl) == 0,
              "%s: text %d value (%zu vs %zu)", name, i, wf_png_meta_text_field_size(d, (uint32_t)i, WF_PNG_TEXT_VALUE),
              tl);
        int kind = text[i].compression == PNG_TEXT_COMPRESSION_NONE   ? WF_PNG_TEXT_TEXT
                   : text[i].compression == PNG_TEXT_COMPRESSION_zTXt ? WF_PNG_TEXT_ZTXT
                                                                      : WF_PNG_TEXT_ITXT;
        CHECK(wf_png_meta_text_kind(d, (uint32_t)i) == kind, "%s: text %d kind", name, i);
        if (kind == WF_PNG_TEXT_ITXT && text[i].lang) {
            size_t ll = strlen(text[i].lang);
            CHECK(wf_png_meta_text_field_size(d, (uint32_t)i, WF_PNG_TEXT_LANGUAGE) == ll &&
                      memcmp(wf_png_meta_text_field(d, (uint32_t)i, WF_PNG_TEXT_LANGUAGE), text[i].lang, ll) == 0,
                  "%s: text %d language", name, i);
        }
    }
    png_destroy_read_struct(&png, &info, NULL);
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
    wf_png_decoder *d = wf_png_decoder_alloc();
    int nvalid = 0, ncorrupt = 0;
    for (int i = 0; i < nfiles; i++) {
        const char *name = names[i];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        size_t n;
        uint8_t *in = wf_read_file(path, &n);
        CHECK(in != NULL, "cannot read %s", path);
        if (!in)
            continue;
        if (name[0] == 'x') {
            wf_status st = wf_png_decode(d, in, n, NULL, 0, 8);
            /* decode for real if the header passed */
            if (st == WF_ERR_INVALID_ARGUMENT || st == WF_ERR_BUFFER_TOO_SMALL) {
                size_t sz = wf_png_decoder_output_size(d, 8);
                uint8_t *buf = (uint8_t *)malloc(sz ? sz : 1);
                st = wf_png_decode(d, in, n, buf, sz, 8);
                free(buf);
            }
            CHECK(st >= 200 || (st >= 100 && st < 200), "%s: corrupt file not rejected (status %d)", name, st);
            printf("corrupt %-14s -> %s at offset %zu\n", name, wf_status_name(st), wf_png_decoder_error_offset(d));
            ncorrupt++;
            free(in);
            continue;
        }
        nvalid++;
        wf_png_header hdr;
        wf_status st = wf_png_info(in, n, &hdr);
        CHECK(st == WF_OK, "%s: wf_png_info -> %s", name, wf_status_name(st));
        for (int depth = 8; depth <= 16; depth += 8) {
            uint32_t rw = 0, rh = 0;
            uint8_t *ref = ref_decode(in, n, depth, &rw, &rh);
            CHECK(ref != NULL, "%s: libpng cannot decode", name);
            st = wf_png_decoder_read(d, in, n);
            CHECK(st == WF_OK, "%s: read -> %s", name, wf_status_name(st));
            size_t sz = wf_png_decoder_output_size(d, depth);
            CHECK(sz == (size_t)rw * rh * (depth / 2), "%s: output size %zu", name, sz);
            uint16_t *out = (uint16_t *)malloc(sz + 1);
            st = wf_png_decode(d, in, n, out, sz, depth);
            CHECK(st == WF_OK, "%s: decode depth %d -> %s at %zu", name, depth, wf_status_name(st),
                  wf_png_decoder_error_offset(d));
            CHECK(hdr.width == rw && hdr.height == rh && wf_png_decoder_width(d) == rw &&
                      wf_png_decoder_height(d) == rh,
                  "%s: dimensions", name);
            if (st == WF_OK && ref) {
                if (memcmp(out, ref, sz) != 0) {
                    size_t k = 0;
                    while (((uint8_t *)out)[k] == ref[k])
                        k++;
                    CHECK(0, "%s: depth %d pixels differ from libpng at byte %zu (ours %u, libpng %u)", name, depth, k,
                          ((uint8_t *)out)[k], ref[k]);
                }
            }
            if (depth == 8)
                check_meta(name, d, in, n);
            free(out);
            free(ref);
        }
        free(in);
    }
    wf_png_decoder_free(d);
    free_names(names, nfiles);
    printf(
        "PngSuite: %d valid files compared with libpng at RGBA8 and RGBA16, %d corrupt files rejected; %d failures\n",
        nvalid, ncorrupt, g_failures);
    return g_failures ? 1 : 0;
}
