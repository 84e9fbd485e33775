/* SPDX-License-Identifier: MIT
 *
 * png_decode.c: the PNG decoder's context and pixel path: IDAT
 * decompression into an exactly sized scanline buffer, unfiltering
 * (png_filter.c), de-interlacing and expansion to RGBA (png_expand.c).
 * The chunk walk and metadata are png_chunks.c, animation png_apng.c,
 * the encoder png_encode.c.
 */
#include <stdlib.h>
#include <string.h>
#include "png_internal.h"

/* ---- context ---------------------------------------------------------- */

wf_png_decoder *wf_png_decoder_alloc(void)
{
    wf_png_decoder *d = (wf_png_decoder *)calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->inf = wf_inflater_alloc();
    if (!d->inf) {
        free(d);
        return NULL;
    }
    d->max_pixels = WF_PNG_DEFAULT_MAX_PIXELS;
    d->check_crc = 1;
    d->srgb = -1;
    return d;
}

void wf_png_decoder_free(wf_png_decoder *d)
{
    if (!d)
        return;
    wf_inflater_free(d->inf);
    free(d->arena);
    free(d->texts);
    free(d->idat);
    free(d->zbuf);
    free(d->raw);
    free(d->tmp);
    free(d->frames);
    free(d->fspans);
    free(d->fbuf);
    free(d->saved);
    free(d);
}

void wf_png_decoder_set_max_pixels(wf_png_decoder *d, uint32_t max_pixels)
{
    if (d)
        d->max_pixels = max_pixels ? max_pixels : WF_PNG_DEFAULT_MAX_PIXELS;
}

void wf_png_decoder_set_check_crc(wf_png_decoder *d, int check)
{
    if (d)
        d->check_crc = check != 0;
}

size_t wf_png_decoder_output_size(const wf_png_decoder *d, int out_depth)
{
    if (!d || !d->have_image || (out_depth != 8 && out_depth != 16))
        return 0;
    uint64_t s = (uint64_t)d->info.width * d->info.height * (out_depth == 8 ? 4u : 8u);
    return s > SIZE_MAX ? 0 : (size_t)s;
}

/* ---- decode ------------------------------------------------------------ */

wf_status wf_png_decode_pixels(wf_png_decoder *d, const uint8_t *in, const wf_png_span *spans, size_t nspans,
                               size_t total, uint32_t width, uint32_t height, uint8_t *out, int out_depth)
{
    const wf_png_header h = d->info;
    wf_status st;
    const unsigned bits = wf_png_channels(h.color_type) * h.bit_depth;
    const unsigned bpp = bits >= 8 ? bits / 8 : 1;
    const int npasses = h.interlace ? 7 : 1;
    uint32_t pw[7], ph[7];
    uint64_t raw_size = 0, max_row = wf_png_row_bytes(width, bits);
    for (int p = 0; p < npasses; p++) {
        if (h.interlace) {
            wf_png_pass_size(width, height, p, &pw[p], &ph[p]);
        } else {
            pw[p] = width;
            ph[p] = height;
        }
        if (pw[p])
            raw_size += (wf_png_row_bytes(pw[p], bits) + 1) * ph[p];
    }
    if (raw_size / WF_PNG_MAX_INFLATE_RATIO > (uint64_t)total + 16) {
        /* cannot be filled: fail before allocating (APNG frames come here unchecked) */
        WF_PNG_FAIL(WF_PNG_NOT_ENOUGH_DATA, nspans ? spans[nspans - 1].off + spans[nspans - 1].len : 0);
    }
    const uint64_t row_tmp_off = (max_row + 15) & ~(uint64_t)15; /* 16-bit rows stay aligned */
    uint64_t tmp_size = row_tmp_off + (uint64_t)width * 8;
    if (raw_size > SIZE_MAX || tmp_size > SIZE_MAX)
        return WF_PNG_TOO_LARGE;
    if (!wf_png_grow(&d->raw, &d->raw_cap, (size_t)raw_size) || !wf_png_grow(&d->tmp, &d->tmp_cap, (size_t)tmp_size))
        return WF_ERR_OUT_OF_MEMORY;

    /* The zlib stream: the single IDAT in place, or the IDATs joined. */
    const uint8_t *z = in + (nspans ? spans[0].off : 0);
    if (nspans > 1) {
        if (!wf_png_grow(&d->zbuf, &d->zbuf_cap, total))
            return WF_ERR_OUT_OF_MEMORY;
        size_t o = 0;
        for (size_t i = 0; i < nspans; i++) {
            memcpy(d->zbuf + o, in + spans[i].off, spans[i].len);
            o += spans[i].len;
        }
        z = d->zbuf;
    }
    size_t got = 0;
    st = wf_inflate_into(d->inf, WF_FORMAT_ZLIB, z, total, d->raw, (size_t)raw_size, &got);
    if (st != WF_OK || got != raw_size) {
        size_t zoff = st == WF_OK ? total : wf_inflater_error_offset(d->inf);
        if (st == WF_ERR_OUTPUT_LIMIT)
            st = WF_PNG_TOO_MUCH_DATA;
        else if (st == WF_OK)
            st = WF_PNG_NOT_ENOUGH_DATA;
        /* map the offset in the joined stream back to the file */
        size_t acc = 0, off = nspans ? spans[nspans - 1].off + spans[nspans - 1].len : 0;
        for (size_t i = 0; i < nspans; i++) {
            if (zoff < acc + spans[i].len) {
                off = spans[i].off + (zoff - acc);
                break;
            }
            acc += spans[i].len;
        }
        WF_PNG_FAIL(st, off);
    }

    uint8_t *zero = d->tmp, *row_tmp = d->tmp + row_tmp_off;
    memset(zero, 0, (size_t)max_row);
    const size_t out_px = out_depth == 8 ? 4 : 8;
    const size_t out_stride = (size_t)width * out_px;
    uint8_t *raw = d->raw;
    size_t roff = 0;
    for (int p = 0; p < npasses; p++) {
        if (!pw[p])
            continue;
        const size_t rb = (size_t)wf_png_row_bytes(pw[p], bits);
        const uint8_t *prev = zero;
        for (uint32_t y = 0; y < ph[p]; y++) {
            uint8_t *row = raw + roff + 1;
            unsigned f = raw[roff];
            if (f > 4) {
                /* report the filter byte's position in the image data */
                WF_PNG_FAIL(WF_PNG_BAD_FILTER_TYPE, spans[0].off);
            }
            if (f)
                wf_png_unfilter_row((int)f, row, prev, rb, bpp);
            prev = row;
            roff += rb + 1;
            if (!h.interlace) {
                uint8_t *o = out + (size_t)y * out_stride;
                if (out_depth == 8)
                    wf_png_expand8(d, row, pw[p], o);
                else
                    wf_png_expand16(d, row, pw[p], (uint16_t *)(void *)o);
            } else {
                if (out_depth == 8)
                    wf_png_expand8(d, row, pw[p], row_tmp);
                else
                    wf_png_expand16(d, row, pw[p], (uint16_t *)(void *)row_tmp);
                size_t oy = (size_t)wf_png_adam7_ystart[p] + (size_t)y * wf_png_adam7_ystep[p];
                uint8_t *o = out + oy * out_stride + wf_png_adam7_xstart[p] * out_px;
                const size_t step = wf_png_adam7_xstep[p] * out_px;
                for (uint32_t x = 0; x < pw[p]; x++)
                    memcpy(o + x * step, row_tmp + x * out_px, out_px);
            }
        }
    }
    return WF_OK;
}

wf_status wf_png_check_output(const wf_png_decoder *d, const void *out, size_t out_nbytes_avail, int out_depth)
{
    uint64_t out_size = (uint64_t)d->info.width * d->info.height * (out_depth == 8 ? 4u : 8u);
    if (out_size > SIZE_MAX)
        return WF_PNG_TOO_LARGE;
    if (!out)
        return WF_ERR_INVALID_ARGUMENT;
    if (out_nbytes_avail < out_size)
        return WF_ERR_BUFFER_TOO_SMALL;
    return WF_OK;
}

wf_status wf_png_decode(wf_png_decoder *d, const uint8_t *in, size_t in_nbytes, void *out, size_t out_nbytes_avail,
                        int out_depth)
{
    if (!d)
        return WF_ERR_INVALID_ARGUMENT;
    wf_status st = wf_png_decoder_read(d, in, in_nbytes);
    if (st != WF_OK)
        return st;
    d->have_image = 0; /* until the pixels are decoded too */
    d->err_off = 0;
    if (out_depth != 8 && out_depth != 16)
        return WF_ERR_INVALID_ARGUMENT;
    const wf_png_header h = d->info;
    st = wf_png_check_output(d, out, out_nbytes_avail, out_depth);
    if (st != WF_OK)
        return st;

    st = wf_png_decode_pixels(d, in, d->idat, d->nidat, d->idat_total, h.width, h.height, (uint8_t *)out, out_depth);
    if (st != WF_OK)
        return st;
    d->have_image = 1;
    return WF_OK;
}

/* ---- accessors ---------------------------------------------------------- */

size_t wf_png_decoder_error_offset(const wf_png_decoder *d) { return d ? d->err_off : 0; }
uint32_t wf_png_decoder_width(const wf_png_decoder *d) { return d && d->have_image ? d->info.width : 0; }
uint32_t wf_png_decoder_height(const wf_png_decoder *d) { return d && d->have_image ? d->info.height : 0; }
uint32_t wf_png_decoder_bit_depth(const wf_png_decoder *d) { return d && d->have_image ? d->info.bit_depth : 0; }
uint32_t wf_png_decoder_color_type(const wf_png_decoder *d) { return d && d->have_image ? d->info.color_type : 0; }
uint32_t wf_png_decoder_interlace(const wf_png_decoder *d) { return d && d->have_image ? d->info.interlace : 0; }
int wf_png_decoder_palette_overflow(const wf_png_decoder *d) { return d ? d->pal_overflow : 0; }
