/* SPDX-License-Identifier: MIT
 *
 * wf_read_file.h: reads a whole file for the native tests. Returns a malloc'ed
 * buffer (at least one byte, so an empty file is not NULL) and its size in
 * *n, or NULL when the file cannot be read.
 */
#ifndef WF_READ_FILE_H
#define WF_READ_FILE_H
#include <stdio.h>
#include <stdlib.h>

static inline unsigned char *wf_read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long size;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc(size > 0 ? (size_t)size : 1);
    if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *n = (size_t)size;
    return buf;
}
#endif
