/* SPDX-License-Identifier: MIT
 *
 * test_transform.c: wf_transform() for the 8 EXIF orientations, RGBA8 and
 * RGBA16, odd sizes (blocks of 32 with remainders), against the pixel
 * mappings written out one by one; wf_orientation_compose() against applying
 * two transforms in turn; the error statuses.
 */
#include <stdlib.h>
#include <string.h>
#include "wf/resize.h"
#include "../common/wf_check.h"

/* where input pixel (x, y) of a w x h image lands for each orientation */
static void expected_pos(int o, int w, int h, int x, int y, int *ox, int *oy)
{
    switch (o) {
    case 1: *ox = x; *oy = y; break;
    case 2: *ox = w - 1 - x; *oy = y; break;
    case 3: *ox = w - 1 - x; *oy = h - 1 - y; break;
    case 4: *ox = x; *oy = h - 1 - y; break;
    case 5: *ox = y; *oy = x; break;
    case 6: *ox = h - 1 - y; *oy = x; break;
    case 7: *ox = h - 1 - y; *oy = w - 1 - x; break;
    default: *ox = y; *oy = w - 1 - x; break;
    }
}

static void test_orientations(void)
{
    static const int sizes[][2] = {{1, 1}, {1, 7}, {7, 1}, {5, 3}, {33, 65}, {70, 31}};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        for (int bpp = 4; bpp <= 8; bpp += 4)
            for (int o = 1; o <= 8; o++) {
                int w = sizes[s][0], h = sizes[s][1];
                size_t n = (size_t)w * h * bpp;
                uint8_t *src = (uint8_t *)malloc(n), *dst = (uint8_t *)malloc(n);
                for (size_t i = 0; i < n; i++)
                    src[i] = (uint8_t)(i * 7 + i / 13);
                wf_status st = wf_transform(src, n, w, h, dst, n, o, bpp == 8 ? WF_RESIZE_RGBA16 : 0);
                int ok = st == WF_OK, ow = o >= 5 ? h : w;
                for (int y = 0; ok && y < h; y++)
                    for (int x = 0; ok && x < w; x++) {
                        int ox, oy;
                        expected_pos(o, w, h, x, y, &ox, &oy);
                        ok = memcmp(dst + ((size_t)oy * ow + ox) * bpp, src + ((size_t)y * w + x) * bpp, bpp) == 0;
                    }
                CHECK(ok, "orientation %d of %dx%d (%d bytes per pixel)", o, w, h, bpp);
                free(src);
                free(dst);
            }
}

static void test_compose(void)
{
    int w = 5, h = 3;
    size_t n = (size_t)w * h * 4;
    uint8_t src[5 * 3 * 4], a[5 * 3 * 4], b[5 * 3 * 4], c[5 * 3 * 4];
    for (size_t i = 0; i < n; i++)
        src[i] = (uint8_t)i;
    for (int f = 1; f <= 8; f++)
        for (int s = 1; s <= 8; s++) {
            int o = wf_orientation_compose(f, s);
            CHECK(o >= 1 && o <= 8, "compose(%d, %d) = %d", f, s, o);
            if (o < 1)
                continue;
            wf_transform(src, n, w, h, a, n, f, 0);
            int fw = f >= 5 ? h : w, fh = f >= 5 ? w : h;
            wf_transform(a, n, fw, fh, b, n, s, 0);
            wf_transform(src, n, w, h, c, n, o, 0);
            CHECK(memcmp(b, c, n) == 0, "compose(%d, %d) = %d does not match applying both", f, s, o);
        }
    CHECK(wf_orientation_compose(6, 6) == 3 && wf_orientation_compose(6, 8) == 1 && wf_orientation_compose(2, 2) == 1,
          "compose identities");
    CHECK(wf_orientation_compose(0, 1) == 0 && wf_orientation_compose(1, 9) == 0, "compose out of range");
}

static void test_errors(void)
{
    uint8_t src[16], dst[16];
    CHECK(wf_transform(src, 16, 2, 2, dst, 16, 0, 0) == WF_RESIZE_BAD_ORIENTATION, "orientation 0");
    CHECK(wf_transform(src, 16, 2, 2, dst, 16, 9, 0) == WF_RESIZE_BAD_ORIENTATION, "orientation 9");
    CHECK(wf_transform(src, 16, 0, 2, dst, 16, 1, 0) == WF_RESIZE_BAD_DIMENSIONS, "width 0");
    CHECK(wf_transform(src, 15, 2, 2, dst, 16, 1, 0) == WF_ERR_BUFFER_TOO_SMALL, "src short");
    CHECK(wf_transform(src, 16, 2, 2, dst, 15, 1, 0) == WF_ERR_BUFFER_TOO_SMALL, "dst short");
    CHECK(wf_transform(src, 16, 2, 2, dst, 16, 1, WF_RESIZE_RGBA16) == WF_ERR_BUFFER_TOO_SMALL, "16-bit short");
    CHECK(wf_transform(src, 16, 2, 2, dst, 16, 1, 2) == WF_ERR_INVALID_ARGUMENT, "gamma flag");
    CHECK(wf_transform(NULL, 16, 2, 2, dst, 16, 1, 0) == WF_ERR_INVALID_ARGUMENT, "NULL");
    CHECK(wf_transform(src, 16, 65536, 65536, dst, 16, 1, 0) == WF_ERR_BUFFER_TOO_SMALL, "size overflow");
}

int main(void)
{
    test_orientations();
    test_compose();
    test_errors();
    return wf_check_report();
}
