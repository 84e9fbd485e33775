/* SPDX-License-Identifier: MIT
 * webp_test_util.h: corpus access for the WebP tests. */
#ifndef WEBP_TEST_UTIL_H
#define WEBP_TEST_UTIL_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/wf_read_file.h"

static const char *webp_data_dir(void)
{
    static char dir[4096];
    const char *env = getenv("WASMFORGE_DATA");
    snprintf(dir, sizeof(dir), "%s/webp", env && *env ? env : WF_DEFAULT_DATA_DIR);
    return dir;
}

/* Calls fn(name) for every file named in the first column of manifest.tsv;
 * returns the number of files, or -1 when the manifest is missing. */
static int webp_each_file(void (*fn)(const char *dir, const char *name))
{
    char path[4200], line[8192];
    int count = 0;
    FILE *f;
    snprintf(path, sizeof(path), "%s/manifest.tsv", webp_data_dir());
    f = fopen(path, "r");
    if (!f)
        return -1;
    if (!fgets(line, sizeof(line), f)) {
        fclose(f);
        return -1;
    }
    while (fgets(line, sizeof(line), f)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = 0;
        fn(webp_data_dir(), line);
        count++;
    }
    fclose(f);
    return count;
}
#endif
