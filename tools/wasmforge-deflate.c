/* SPDX-License-Identifier: MIT
 *
 * wasmforge-deflate: the native command-line front end of the deflate core.
 *
 *   wasmforge-deflate [-d] [-f raw|zlib|gzip] [-l 0-9] [-m max_output_bytes] < in > out
 *
 * Compresses standard input (default gzip, level 6) or, with -d, decompresses
 * it. Errors go to standard error with the status code and byte offset, exit 1.
 * The JS tests use it to check that native, Wasm and wasm2js give the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wf/deflate.h"

static int usage(void)
{
    fprintf(stderr, "usage: wasmforge-deflate [-d] [-f raw|zlib|gzip] [-l 0-9] [-m max_output_bytes] < in > out\n");
    return 2;
}

static unsigned char *read_all(FILE *f, size_t *len_ret)
{
    size_t cap = 1 << 16, len = 0;
    unsigned char *buf = malloc(cap);
    while (buf) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
        if (len == cap) {
            unsigned char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    *len_ret = len;
    return buf;
}

int main(int argc, char **argv)
{
    int decompress = 0, format = WF_FORMAT_GZIP, level = 6;
    size_t max_out = (size_t)1 << 30;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-d")) {
            decompress = 1;
        } else if (!strcmp(argv[i], "-f") && i + 1 < argc) {
            const char *f = argv[++i];
            if (!strcmp(f, "raw"))
                format = WF_FORMAT_RAW;
            else if (!strcmp(f, "zlib"))
                format = WF_FORMAT_ZLIB;
            else if (!strcmp(f, "gzip"))
                format = WF_FORMAT_GZIP;
            else
                return usage();
        } else if (!strcmp(argv[i], "-l") && i + 1 < argc) {
            level = atoi(argv[++i]);
            if (level < 0 || level > 9)
                return usage();
        } else if (!strcmp(argv[i], "-m") && i + 1 < argc) {
            max_out = (size_t)strtoull(argv[++i], NULL, 10);
        } else {
            return usage();
        }
    }
    size_t in_len;
    unsigned char *in = read_all(stdin, &in_len);
    if (!in) {
        fprintf(stderr, "wasmforge-deflate: out of memory reading input\n");
        return 1;
    }
    int rc = 0;
    if (decompress) {
        wf_inflater *d = wf_inflater_alloc();
        wf_status s = d ? wf_inflate(d, format, in, in_len, max_out) : WF_ERR_OUT_OF_MEMORY;
        if (s == WF_OK) {
            fwrite(wf_inflater_output(d), 1, wf_inflater_output_size(d), stdout);
        } else {
            fprintf(stderr, "wasmforge-deflate: %s: %s (at input byte %zu)\n", wf_status_name(s), wf_status_message(s),
                    d ? wf_inflater_error_offset(d) : (size_t)0);
            rc = 1;
        }
        wf_inflater_free(d);
    } else {
        wf_deflater *c = wf_deflater_alloc();
        size_t cap = wf_deflate_bound(in_len, format), out_len = 0;
        unsigned char *out = malloc(cap ? cap : 1);
        wf_status s = c && out ? wf_deflate(c, format, level, in, in_len, out, cap, &out_len) : WF_ERR_OUT_OF_MEMORY;
        if (s == WF_OK) {
            fwrite(out, 1, out_len, stdout);
        } else {
            fprintf(stderr, "wasmforge-deflate: %s: %s\n", wf_status_name(s), wf_status_message(s));
            rc = 1;
        }
        free(out);
        wf_deflater_free(c);
    }
    free(in);
    return rc;
}
