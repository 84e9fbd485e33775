/* SPDX-License-Identifier: MIT
 *
 * wf_read_file.h: file access for the native tests.
 * wf_read_file() reads a whole file: returns a malloc'ed buffer (at least one
 * byte, so an empty file is not NULL) and its size in *n, or NULL when the
 * path is not a readable regular file.
 * wf_data_dir() is the corpus folder: $WASMFORGE_DATA, else the test's
 * WF_DEFAULT_DATA_DIR (set by its CMakeLists.txt).
 */
#ifndef WF_READ_FILE_H
#define WF_READ_FILE_H
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static inline unsigned char *wf_read_file(const char *path, size_t *n)
{
    struct stat sb;
    FILE *f;
    unsigned char *buf;
    long size;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return NULL;
    f = fopen(path, "rb");
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

#ifdef WF_DEFAULT_DATA_DIR
static inline const char *wf_data_dir(void)
{
    const char *d = getenv("WASMFORGE_DATA");
    return d && *d ? d : WF_DEFAULT_DATA_DIR;
}
#endif
#endif
