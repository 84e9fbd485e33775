/* SPDX-License-Identifier: MIT
 * inflate_framing.c: the inflater context, the zlib (RFC 1950) and gzip
 * (RFC 1952) wrappers around wf_inflate_raw(), and the public entry points. */
#include <stdlib.h>
#include <string.h>
#include "inflate_internal.h"

wf_inflater *wf_inflater_alloc(void)
{
    wf_inflater *d = (wf_inflater *)calloc(1, sizeof(*d));
    return d;
}

void wf_inflater_free(wf_inflater *d)
{
    if (!d)
        return;
    free(d->buf);
    free(d);
}

const uint8_t *wf_inflater_output(const wf_inflater *d) { return d ? d->result : NULL; }

size_t wf_inflater_output_size(const wf_inflater *d) { return d ? d->result_size : 0; }

size_t wf_inflater_input_used(const wf_inflater *d) { return d ? d->input_used : 0; }

size_t wf_inflater_error_offset(const wf_inflater *d) { return d ? d->error_offset : 0; }

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static wf_status inflate_zlib(wf_inflater *d, const uint8_t *in, size_t n, wf_inflate_out *o)
{
    size_t used = 0;
    if (n < 2) {
        d->error_offset = n;
        return WF_DEFLATE_TRUNCATED;
    }
    unsigned cmf = in[0], flg = in[1];
    if ((cmf & 15) != 8 || (cmf >> 4) > 7) {
        d->error_offset = 0;
        return WF_ZLIB_BAD_HEADER;
    }
    if ((cmf * 256 + flg) % 31 != 0) {
        d->error_offset = 1;
        return WF_ZLIB_BAD_HEADER;
    }
    if (flg & 0x20) {
        d->error_offset = 1;
        return WF_ZLIB_PRESET_DICTIONARY;
    }
    wf_status st = wf_inflate_raw(d, in + 2, n - 2, &used, o, 0);
    if (st) {
        d->error_offset += 2;
        return st;
    }
    size_t pos = 2 + used;
    if (n - pos < 4) {
        d->error_offset = n;
        return WF_DEFLATE_TRUNCATED;
    }
    if (get_be32(in + pos) != wf_adler32(1, o->data, o->size)) {
        d->error_offset = pos;
        return WF_ZLIB_ADLER32_MISMATCH;
    }
    pos += 4;
    if (pos != n) {
        d->error_offset = pos;
        return WF_DEFLATE_TRAILING_DATA;
    }
    d->input_used = pos;
    return WF_OK;
}

/* Parses one gzip member header at in[pos]; on success *hdr_end is the offset of the deflate data. */
static wf_status gzip_header(wf_inflater *d, const uint8_t *in, size_t n, size_t pos, size_t *hdr_end)
{
    size_t start = pos;
    if (n - pos < 10) {
        /* Check what is there first, so a short non-gzip input is reported as such. */
        if ((n - pos >= 1 && in[pos] != 0x1f) || (n - pos >= 2 && in[pos + 1] != 0x8b) ||
            (n - pos >= 3 && in[pos + 2] != 8) || (n - pos >= 4 && (in[pos + 3] & 0xE0))) {
            d->error_offset = pos;
            return WF_GZIP_BAD_HEADER;
        }
        d->error_offset = n;
        return WF_DEFLATE_TRUNCATED;
    }
    if (in[pos] != 0x1f || in[pos + 1] != 0x8b) {
        d->error_offset = pos;
        return WF_GZIP_BAD_HEADER;
    }
    if (in[pos + 2] != 8) {
        d->error_offset = pos + 2;
        return WF_GZIP_BAD_HEADER;
    }
    unsigned flg = in[pos + 3];
    if (flg & 0xE0) {
        d->error_offset = pos + 3;
        return WF_GZIP_BAD_HEADER;
    }
    pos += 10;
    if (flg & 4) { /* FEXTRA */
        if (n - pos < 2)
            goto truncated;
        size_t xlen = (size_t)in[pos] | (size_t)in[pos + 1] << 8;
        pos += 2;
        if (n - pos < xlen)
            goto truncated;
        pos += xlen;
    }
    for (unsigned bit = 8; bit <= 16; bit <<= 1) { /* FNAME, FCOMMENT */
        if (flg & bit) {
            const uint8_t *z = (const uint8_t *)memchr(in + pos, 0, n - pos);
            if (!z)
                goto truncated;
            pos = (size_t)(z - in) + 1;
        }
    }
    if (flg & 2) { /* FHCRC */
        if (n - pos < 2)
            goto truncated;
        unsigned want = (unsigned)in[pos] | (unsigned)in[pos + 1] << 8;
        if ((wf_crc32(0, in + start, pos - start) & 0xFFFF) != want) {
            d->error_offset = pos;
            return WF_GZIP_HEADER_CRC_MISMATCH;
        }
        pos += 2;
    }
    *hdr_end = pos;
    return WF_OK;
truncated:
    d->error_offset = n;
    return WF_DEFLATE_TRUNCATED;
}

static wf_status inflate_gzip(wf_inflater *d, const uint8_t *in, size_t n, wf_inflate_out *o)
{
    size_t pos = 0;
    do {
        size_t data_start, used = 0, member_start = o->size;
        wf_status st = gzip_header(d, in, n, pos, &data_start);
        if (st)
            return st;
        st = wf_inflate_raw(d, in + data_start, n - data_start, &used, o, member_start);
        if (st) {
            d->error_offset += data_start;
            return st;
        }
        pos = data_start + used;
        if (n - pos < 8) {
            d->error_offset = n;
            return WF_DEFLATE_TRUNCATED;
        }
        size_t member_size = o->size - member_start;
        if (get_le32(in + pos) != wf_crc32(0, o->data + member_start, member_size)) {
            d->error_offset = pos;
            return WF_GZIP_CRC32_MISMATCH;
        }
        if (get_le32(in + pos + 4) != (uint32_t)member_size) {
            d->error_offset = pos + 4;
            return WF_GZIP_ISIZE_MISMATCH;
        }
        pos += 8;
        /* Another member follows only if it starts with the gzip magic. */
        if (pos < n && (in[pos] != 0x1f || (n - pos >= 2 && in[pos + 1] != 0x8b))) {
            d->error_offset = pos;
            return WF_DEFLATE_TRAILING_DATA;
        }
    } while (pos < n);
    d->input_used = pos;
    return WF_OK;
}

static wf_status run(wf_inflater *d, int format, const uint8_t *in, size_t n, wf_inflate_out *o)
{
    size_t used = 0;
    wf_status st;
    d->error_offset = 0;
    d->input_used = 0;
    switch (format) {
    case WF_FORMAT_RAW:
        st = wf_inflate_raw(d, in, n, &used, o, 0);
        if (!st)
            d->input_used = used;
        return st;
    case WF_FORMAT_ZLIB: return inflate_zlib(d, in, n, o);
    case WF_FORMAT_GZIP: return inflate_gzip(d, in, n, o);
    default: return WF_ERR_INVALID_ARGUMENT;
    }
}

wf_status wf_inflate(wf_inflater *d, int format, const uint8_t *in, size_t in_nbytes, size_t max_out)
{
    static const uint8_t empty = 0;
    if (!d || (!in && in_nbytes))
        return WF_ERR_INVALID_ARGUMENT;
    if (!in)
        in = &empty;
    d->result = NULL;
    d->result_size = 0;
    /* Start from a guess of 4x the input (kept between calls; at most 64 MB
     * up front), grown by doubling. */
    size_t guess = in_nbytes > ((size_t)64 << 20) / 4 ? (size_t)64 << 20 : in_nbytes * 4;
    if (guess < 4096)
        guess = 4096;
    if (guess > max_out)
        guess = max_out;
    if (d->buf_cap < guess || !d->buf) {
        size_t cap = guess ? guess : 1;
        uint8_t *p = (uint8_t *)realloc(d->buf, cap);
        if (!p)
            return WF_ERR_OUT_OF_MEMORY;
        d->buf = p;
        d->buf_cap = cap;
    }
    wf_inflate_out o;
    o.data = d->buf;
    o.size = 0;
    o.cap = d->buf_cap < max_out ? d->buf_cap : max_out;
    o.max = max_out;
    o.growable = 1;
    wf_status st = run(d, format, in, in_nbytes, &o);
    if (st)
        return st;
    d->result = d->buf;
    d->result_size = o.size;
    return WF_OK;
}

wf_status wf_inflate_into(wf_inflater *d, int format, const uint8_t *in, size_t in_nbytes, uint8_t *out,
                          size_t out_nbytes_avail, size_t *out_nbytes_ret)
{
    static const uint8_t empty = 0;
    uint8_t dummy = 0;
    if (out_nbytes_ret)
        *out_nbytes_ret = 0;
    if (!d || (!in && in_nbytes) || (!out && out_nbytes_avail))
        return WF_ERR_INVALID_ARGUMENT;
    if (!in)
        in = &empty;
    if (!out) {
        out = &dummy;
        out_nbytes_avail = 0;
    }
    d->result = NULL;
    d->result_size = 0;
    wf_inflate_out o;
    o.data = out;
    o.size = 0;
    o.cap = out_nbytes_avail;
    o.max = out_nbytes_avail;
    o.growable = 0;
    wf_status st = run(d, format, in, in_nbytes, &o);
    if (st)
        return st;
    if (out_nbytes_ret)
        *out_nbytes_ret = o.size;
    return WF_OK;
}
