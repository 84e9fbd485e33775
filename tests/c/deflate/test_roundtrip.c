/* SPDX-License-Identifier: MIT
 * test_roundtrip.c: wf_deflate at every level and format on generated data
 * and on the corpus files; zlib must inflate everything we produce and so
 * must wf_inflate; output sizes stay within wf_deflate_bound(); too-small
 * buffers fail cleanly; output is deterministic. Prints level-6 sizes
 * against zlib level 6. The strategies of wf_deflate_ex() round-trip too and
 * compress to within 3% of zlib's same strategy (our IMAGE strategy: at most
 * 6% above zlib's Z_FILTERED). */
#include <dirent.h>
#include "test_util.h"

static wf_deflater *g_c;
static wf_inflater *g_d;
static uint64_t g_total_wf[10], g_total_zlib[10];
/* Strategy used by roundtrip() (wf_deflate_ex), and per-strategy size totals against zlib's. */
static int g_strategy = WF_STRATEGY_DEFAULT;
static uint64_t g_strat_wf[5], g_strat_zlib[5];

static void roundtrip(const uint8_t *in, size_t n, int level, int format, const char *what, int with_zlib_size)
{
    size_t bound = wf_deflate_bound(n, format);
    uint8_t *c = (uint8_t *)xmalloc(bound);
    size_t cn = 0;
    wf_status st = g_strategy == WF_STRATEGY_DEFAULT
                       ? wf_deflate(g_c, format, level, in, n, c, bound, &cn)
                       : wf_deflate_ex(g_c, format, level, g_strategy, in, n, c, bound, &cn);
    CHECK(st == WF_OK, "%s level %d format %d strategy %d: deflate %s", what, level, format, g_strategy,
          wf_status_name(st));
    if (st) {
        free(c);
        return;
    }
    CHECK(cn <= bound, "%s: %zu > bound %zu", what, cn, bound);
    /* zlib inflates it */
    uint8_t *out = (uint8_t *)xmalloc(n + 1);
    size_t got = 0;
    int zr = zlib_decompress(c, cn, format, out, n + 1, &got);
    CHECK(zr == 0 && got == n && (n == 0 || memcmp(out, in, n) == 0),
          "%s level %d format %d: zlib inflate (%d, %zu/%zu)", what, level, format, zr, got, n);
    /* and so do we */
    st = wf_inflate_into(g_d, format, c, cn, out, n, &got);
    CHECK(st == WF_OK && got == n && (n == 0 || memcmp(out, in, n) == 0), "%s level %d format %d: wf_inflate %s", what,
          level, format, wf_status_name(st));
    if (with_zlib_size && g_strategy != WF_STRATEGY_DEFAULT) {
        /* WF_STRATEGY_IMAGE (ours) is measured against zlib's Z_FILTERED */
        static const int zstrat[5] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FILTERED};
        size_t zn;
        uint8_t *z = zlib_compress(in, n, 0, level, zstrat[g_strategy], 15, 8, &zn);
        g_strat_wf[g_strategy] += cn;
        g_strat_zlib[g_strategy] += zn;
        free(z);
    } else if (with_zlib_size) {
        size_t zn;
        uint8_t *z = zlib_compress(in, n, 0, level, Z_DEFAULT_STRATEGY, 15, 8, &zn);
        g_total_wf[level] += cn;
        g_total_zlib[level] += zn;
        free(z);
    }
    free(out);
    free(c);
}

static void small_buffers(const uint8_t *in, size_t n)
{
    size_t bound = wf_deflate_bound(n, 1);
    uint8_t *c = (uint8_t *)xmalloc(bound);
    size_t cn;
    wf_status st = wf_deflate(g_c, 1, 6, in, n, c, bound, &cn);
    CHECK(st == WF_OK, "small: %s", wf_status_name(st));
    uint8_t *c2 = (uint8_t *)xmalloc(bound);
    size_t cn2;
    st = wf_deflate(g_c, 1, 6, in, n, c2, bound, &cn2);
    CHECK(st == WF_OK && cn2 == cn && memcmp(c, c2, cn) == 0, "deterministic output");
    for (size_t avail = 0; avail < cn; avail += 1 + cn / 7) {
        st = wf_deflate(g_c, 1, 6, in, n, c2, avail, &cn2);
        CHECK(st == WF_ERR_BUFFER_TOO_SMALL, "avail %zu of %zu: %s", avail, cn, wf_status_name(st));
    }
    st = wf_deflate(g_c, 1, 6, in, n, c2, cn, &cn2);
    CHECK(st == WF_OK && cn2 == cn, "exact size: %s", wf_status_name(st));
    free(c);
    free(c2);
}

static void corpus_dir(const char *sub, int levels_all, size_t max_bytes)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", wf_data_dir(), sub);
    DIR *dir = opendir(path);
    if (!dir)
        return;
    struct dirent *e;
    int files = 0;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char fp[2048];
        snprintf(fp, sizeof(fp), "%s/%s", path, e->d_name);
        size_t n;
        uint8_t *buf = wf_read_file(fp, &n);
        if (!buf)
            continue;
        if (n > max_bytes)
            n = max_bytes;
        for (int level = 0; level <= 9; level++)
            if (levels_all || level == 1 || level == 6 || level == 9)
                roundtrip(buf, n, level, level % 3, fp, 0);
        free(buf);
        files++;
    }
    closedir(dir);
    printf("corpus %s: %d files\n", sub, files);
}

/* The strategies of wf_deflate_ex(): every one round-trips through zlib and
 * wf_inflate at several levels and formats, and compresses to about what
 * zlib's same strategy gives (totals compared below). */
static void strategies(uint8_t *buf)
{
    char what[96];
    static const size_t sizes[] = {0, 1, 3, 5, 6, 300, 65536, 200000};
    static const int levels[] = {0, 1, 3, 4, 6, 9};
    for (int strategy = WF_STRATEGY_FILTERED; strategy <= WF_STRATEGY_IMAGE; strategy++) {
        g_strategy = strategy;
        for (int kind = 0; kind < 4; kind++) {
            for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
                size_t n = sizes[si];
                if (kind == 0)
                    gen_text(buf, n, (uint32_t)(si + 7));
                else if (kind == 1) /* filtered-image-like: small noisy values with some runs */
                    for (size_t i = 0; i < n; i++)
                        buf[i] = (uint8_t)((rnd() % 3) == 0 ? rnd() % 9 : (i / 50) % 3);
                else if (kind == 2)
                    memset(buf, 'q', n);
                else
                    for (size_t i = 0; i < n; i++)
                        buf[i] = (uint8_t)rnd();
                for (size_t li = 0; li < sizeof(levels) / sizeof(levels[0]); li++) {
                    snprintf(what, sizeof(what), "strategy %d kind %d size %zu", strategy, kind, n);
                    roundtrip(buf, n, levels[li], (int)(li % 3), what, levels[li] == 6 && n == 200000 && kind < 2);
                }
            }
        }
    }
    g_strategy = WF_STRATEGY_DEFAULT;
    for (int s = 1; s <= 4; s++)
        printf("strategy %d, total bytes at level 6 (wf vs zlib): %llu/%llu\n", s, (unsigned long long)g_strat_wf[s],
               (unsigned long long)g_strat_zlib[s]);
    /* IMAGE trades ratio for speed (short chains): within 6% of zlib's Z_FILTERED. */
    CHECK(g_strat_wf[4] <= g_strat_zlib[4] + g_strat_zlib[4] / 16, "strategy 4: %llu bytes vs zlib Z_FILTERED %llu",
          (unsigned long long)g_strat_wf[4], (unsigned long long)g_strat_zlib[4]);
    for (int s = 1; s <= 3; s++) {
        /* Independent check of the strategies' meaning: within 3% of zlib's (HUFFMAN_ONLY is
         * literals only; RLE finds only runs; FILTERED keeps only matches of 6 or more). */
        CHECK(g_strat_wf[s] <= g_strat_zlib[s] + g_strat_zlib[s] / 33 &&
                  g_strat_wf[s] + g_strat_zlib[s] / 33 >= g_strat_zlib[s],
              "strategy %d: %llu bytes vs zlib %llu", s, (unsigned long long)g_strat_wf[s],
              (unsigned long long)g_strat_zlib[s]);
    }
    /* HUFFMAN_ONLY on text is much larger than the default (no matches), RLE on a run is tiny. */
    gen_text(buf, 100000, 5);
    size_t bound = wf_deflate_bound(100000, WF_FORMAT_RAW), n_def = 0, n_huf = 0;
    uint8_t *c = (uint8_t *)xmalloc(bound);
    CHECK(wf_deflate_ex(g_c, WF_FORMAT_RAW, 6, WF_STRATEGY_DEFAULT, buf, 100000, c, bound, &n_def) == WF_OK,
          "ex default");
    CHECK(wf_deflate_ex(g_c, WF_FORMAT_RAW, 6, WF_STRATEGY_HUFFMAN_ONLY, buf, 100000, c, bound, &n_huf) == WF_OK,
          "ex huffman");
    CHECK(n_huf > n_def + n_def / 2, "huffman only %zu vs default %zu", n_huf, n_def);
    /* wf_deflate() is wf_deflate_ex() with the default strategy: identical output. */
    size_t n1 = 0, n2 = 0;
    uint8_t *c2 = (uint8_t *)xmalloc(bound);
    CHECK(wf_deflate(g_c, WF_FORMAT_ZLIB, 6, buf, 100000, c, bound, &n1) == WF_OK &&
              wf_deflate_ex(g_c, WF_FORMAT_ZLIB, 6, WF_STRATEGY_DEFAULT, buf, 100000, c2, bound, &n2) == WF_OK &&
              n1 == n2 && memcmp(c, c2, n1) == 0,
          "wf_deflate and wf_deflate_ex(DEFAULT) differ");
    /* Unknown strategies are rejected. */
    CHECK(wf_deflate_ex(g_c, WF_FORMAT_RAW, 6, WF_STRATEGY_IMAGE + 1, buf, 10, c, bound, &n1) ==
              WF_ERR_INVALID_ARGUMENT,
          "strategy %d", WF_STRATEGY_IMAGE + 1);
    CHECK(wf_deflate_ex(g_c, WF_FORMAT_RAW, 6, -1, buf, 10, c, bound, &n1) == WF_ERR_INVALID_ARGUMENT, "strategy -1");
    free(c);
    free(c2);
}

int main(void)
{
    g_c = wf_deflater_alloc();
    g_d = wf_inflater_alloc();
    char what[64];
    /* generated inputs */
    size_t sizes[] = {0, 1, 2, 3, 4, 7, 100, 258, 1000, 32768, 65535, 65536, 100000, 300000};
    uint8_t *buf = (uint8_t *)xmalloc(3u << 20);
    for (int kind = 0; kind < 5; kind++) {
        for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
            size_t n = sizes[si];
            if (kind == 0)
                for (size_t i = 0; i < n; i++)
                    buf[i] = (uint8_t)rnd();
            else if (kind == 1)
                gen_text(buf, n, (uint32_t)si);
            else if (kind == 2)
                for (size_t i = 0; i < n; i++)
                    buf[i] = (uint8_t)("abcabcabd"[i % 9] + (i % 1000 == 0));
            else if (kind == 3)
                memset(buf, 'z', n);
            else
                for (size_t i = 0; i < n; i++)
                    buf[i] = (uint8_t)((rnd() % 5) == 0 ? rnd() % 16 : 0);
            for (int level = 0; level <= 9; level++)
                for (int format = 0; format < 3; format++) {
                    snprintf(what, sizeof(what), "kind %d size %zu", kind, n);
                    roundtrip(buf, n, level, format, what, kind == 1 && format == 0 && n >= 100000);
                }
        }
    }
    /* multi-MB */
    gen_text(buf, 3u << 20, 99);
    for (size_t i = 0; i < (3u << 20); i += 4096)
        buf[i] = (uint8_t)rnd();
    for (int level = 1; level <= 9; level += 4)
        roundtrip(buf, 3u << 20, level, 2, "3 MB text", 0);
    small_buffers(buf, 200000);
    strategies(buf);
    free(buf);
    printf("text, total bytes (wf vs zlib):");
    for (int level = 1; level <= 9; level++)
        printf(" L%d %llu/%llu", level, (unsigned long long)g_total_wf[level], (unsigned long long)g_total_zlib[level]);
    printf("\n");

    const char *d = wf_data_dir();
    char probe[1024];
    snprintf(probe, sizeof(probe), "%s/pngsuite", d);
    DIR *pd = opendir(probe);
    if (!pd) {
        printf("corpus %s missing: generated data only\n", d);
    } else {
        closedir(pd);
        corpus_dir("pngsuite", 1, 1u << 20);
        corpus_dir("photos", 0, 512u << 10); /* the start of each photo: enough, and fast */
        corpus_dir("jpeg", 0, 1u << 20);
        corpus_dir("chess", 1, 1u << 20);
    }
    wf_deflater_free(g_c);
    wf_inflater_free(g_d);
    if (g_failures) {
        printf("FAILED: %d checks\n", g_failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
