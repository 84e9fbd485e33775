/* SPDX-License-Identifier: MIT
 *
 * wf_png_rgba.h: loads a PNG file as 8-bit RGBA with libpng's simplified API,
 * for native tests and benchmarks that take photos from PNG files (link
 * libpng). Returns a malloc'ed buffer and the size, or NULL.
 */
#ifndef WF_PNG_RGBA_H
#define WF_PNG_RGBA_H
#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline uint8_t *wf_load_png_rgba(const char *path, uint32_t *w, uint32_t *h)
{
    png_image p;
    uint8_t *buf;
    memset(&p, 0, sizeof(p));
    p.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&p, path))
        return NULL;
    p.format = PNG_FORMAT_RGBA;
    buf = malloc(PNG_IMAGE_SIZE(p));
    if (!buf || !png_image_finish_read(&p, NULL, buf, 0, NULL)) {
        png_image_free(&p);
        free(buf);
        return NULL;
    }
    *w = p.width;
    *h = p.height;
    return buf;
}
#endif
