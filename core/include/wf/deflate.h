/* SPDX-License-Identifier: MIT
 *
 * wf/deflate.h: DEFLATE (RFC 1951) with zlib (RFC 1950) and gzip (RFC 1952)
 * framing, plus the CRC-32 and Adler-32 checksums.
 *
 * Whole-buffer API in the libdeflate style: no streaming. Contexts are
 * opaque, allocated with *_alloc() and released with *_free(); *_free(NULL)
 * does nothing. A context is not thread-safe, but separate contexts are
 * independent. No function keeps global mutable state.
 *
 * Errors are wf_status codes (wf/status.h): WF_OK is 0. After any error the
 * context is still usable for the next call.
 */
#ifndef WF_DEFLATE_H
#define WF_DEFLATE_H

#include <stddef.h>
#include <stdint.h>
#include "wf/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The framing around the DEFLATE bit stream. */
typedef enum wf_deflate_format {
    WF_FORMAT_RAW = 0,  /* bare RFC 1951 stream */
    WF_FORMAT_ZLIB = 1, /* RFC 1950: 2-byte header, Adler-32 trailer */
    WF_FORMAT_GZIP = 2  /* RFC 1952: header, CRC-32 and ISIZE trailer; members may be concatenated */
} wf_deflate_format;

/* ---- Decompression ---------------------------------------------------- */

typedef struct wf_inflater wf_inflater;

/* wf_inflater_alloc() returns a new decompressor, or NULL when out of memory. */
wf_inflater *wf_inflater_alloc(void);

/* wf_inflater_free() frees a decompressor and any output it still holds. */
void wf_inflater_free(wf_inflater *d);

/* wf_inflate() decompresses the whole of `in` (format: wf_deflate_format)
 * into an output buffer that the inflater owns and grows as needed, but never
 * beyond `max_out` bytes (WF_ERR_OUTPUT_LIMIT past that: the guard against
 * decompression bombs). On WF_OK, wf_inflater_output() and
 * wf_inflater_output_size() give the result, valid until the next call on
 * this inflater or its free. A raw stream may be followed by unrelated bytes
 * (wf_inflater_input_used() says where it ended); zlib and gzip input must
 * end with the last trailer (gzip: after any number of concatenated members),
 * or the call fails with WF_DEFLATE_TRAILING_DATA. On failure,
 * wf_inflater_error_offset() gives the input byte offset at which the problem
 * was detected. */
wf_status wf_inflate(wf_inflater *d, int format, const uint8_t *in, size_t in_nbytes, size_t max_out);

/* wf_inflate_into() is wf_inflate() into a caller-owned buffer `out` of
 * `out_nbytes_avail` bytes (the inflater's own output buffer is not used).
 * Fails with WF_ERR_OUTPUT_LIMIT when the data does not fit. The number of
 * bytes written is stored in *out_nbytes_ret (may be NULL). */
wf_status wf_inflate_into(wf_inflater *d, int format, const uint8_t *in, size_t in_nbytes, uint8_t *out,
                          size_t out_nbytes_avail, size_t *out_nbytes_ret);

/* Results of the last wf_inflate() on this inflater. */
const uint8_t *wf_inflater_output(const wf_inflater *d);
size_t wf_inflater_output_size(const wf_inflater *d);
/* How many input bytes the last successful call consumed. */
size_t wf_inflater_input_used(const wf_inflater *d);
/* The input byte offset at which the last failed call detected the error. */
size_t wf_inflater_error_offset(const wf_inflater *d);

/* ---- Compression ------------------------------------------------------ */

typedef struct wf_deflater wf_deflater;

/* wf_deflater_alloc() returns a new compressor, or NULL when out of memory.
 * Its match-finder tables are allocated on first use and kept. */
wf_deflater *wf_deflater_alloc(void);

/* wf_deflater_free() frees a compressor. */
void wf_deflater_free(wf_deflater *c);

/* wf_deflate_bound() returns an output size that wf_deflate() can never
 * exceed for `in_nbytes` bytes of input in the given format, at any level. */
size_t wf_deflate_bound(size_t in_nbytes, int format);

/* wf_deflate() compresses `in` at `level` 0 (stored) to 9 (smallest), with
 * hash chains and lazy matching from level 4 up, into `out`. The number of
 * bytes written goes to *out_nbytes_ret. Output of at least
 * wf_deflate_bound() bytes always suffices; with less it may fail with
 * WF_ERR_BUFFER_TOO_SMALL. The gzip header carries no name and mtime 0, so
 * output is deterministic. */
wf_status wf_deflate(wf_deflater *c, int format, int level, const uint8_t *in, size_t in_nbytes, uint8_t *out,
                     size_t out_nbytes_avail, size_t *out_nbytes_ret);

/* Compression strategies (the meanings of zlib's deflateInit2() strategies). */
typedef enum wf_deflate_strategy {
    WF_STRATEGY_DEFAULT = 0,      /* hash-chain matching as the level says */
    WF_STRATEGY_FILTERED = 1,     /* for filtered/predicted data (PNG rows): matches of length 5
                                   * or less are not used, so more bytes go out as literals */
    WF_STRATEGY_HUFFMAN_ONLY = 2, /* no matches: literals only, dynamic Huffman blocks */
    WF_STRATEGY_RLE = 3,          /* matches of distance 1 only (runs of a byte) */
    WF_STRATEGY_IMAGE = 4         /* for filtered image rows, faster than FILTERED: only matches of
                                   * 6 bytes or more, found through a hash of 6 bytes; up to level 6
                                   * the 4 latest positions per hash (no chains; greedy parsing at
                                   * levels 1-3, lazy from 4) and blocks merged where one Huffman
                                   * code for both costs fewer bits, levels 7-9 lazy parsing over
                                   * hash chains; wasmforge's own, not a zlib strategy */
} wf_deflate_strategy;

/* wf_deflate_ex() is wf_deflate() with a strategy (wf_deflate_strategy);
 * wf_deflate() is wf_deflate_ex() with WF_STRATEGY_DEFAULT. At level 0 the
 * strategy has no effect (stored blocks); HUFFMAN_ONLY and RLE ignore the
 * level's match-finder settings, FILTERED and IMAGE apply at every level from 1. An
 * unknown strategy gives WF_ERR_INVALID_ARGUMENT. Output is a valid stream
 * whatever the strategy; the zlib header's FLEVEL follows `level`. */
wf_status wf_deflate_ex(wf_deflater *c, int format, int level, int strategy, const uint8_t *in, size_t in_nbytes,
                        uint8_t *out, size_t out_nbytes_avail, size_t *out_nbytes_ret);

/* ---- Checksums -------------------------------------------------------- */

/* wf_crc32() continues a CRC-32 (ISO 3309, as in gzip and PNG) over `len`
 * bytes; start with crc = 0. */
uint32_t wf_crc32(uint32_t crc, const uint8_t *data, size_t len);

/* wf_adler32() continues an Adler-32 (as in zlib) over `len` bytes; start with
 * adler = 1. */
uint32_t wf_adler32(uint32_t adler, const uint8_t *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
