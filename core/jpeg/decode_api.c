/* SPDX-License-Identifier: MIT
 *
 * decode_api.c: the JPEG decoder's public entry points (wf/jpeg.h) and the
 * driver: header parsing, frame set-up, the scan loop with restart
 * handling, and the final transform/colour stage.
 */
#include <stdlib.h>
#include <string.h>
#include "wf/jpeg.h"
#include "decode_internal.h"

#define FAIL(code, off)          \
    do {                         \
        d->error_offset = (off); \
        return (code);           \
    } while (0)

wf_jpeg_decoder *wf_jpeg_decoder_alloc(void)
{
    wf_jpeg_decoder *d = calloc(1, sizeof(*d));
    if (d) {
        d->adobe_transform = -1;
        d->orientation = 1;
    }
    return d;
}

void wf_jpeg_decoder_free(wf_jpeg_decoder *d)
{
    if (!d)
        return;
    free(d->mem);
    free(d->icc);
    free(d);
}

/* Colour space from the markers and component ids, as libjpeg decides it. */
static int guess_color_space(const wf_jpeg_decoder *d)
{
    switch (d->ncomp) {
    case 1: return WF_JPEG_CS_GRAY;
    case 3:
        if (d->jfif)
            return WF_JPEG_CS_YCBCR;
        if (d->adobe)
            return d->adobe_transform == 0 ? WF_JPEG_CS_RGB : WF_JPEG_CS_YCBCR;
        if (d->comp[0].id == 'R' && d->comp[1].id == 'G' && d->comp[2].id == 'B')
            return WF_JPEG_CS_RGB;
        return WF_JPEG_CS_YCBCR;
    case 4:
        if (d->adobe)
            return d->adobe_transform == 0 ? WF_JPEG_CS_CMYK : WF_JPEG_CS_YCCK;
        return WF_JPEG_CS_CMYK;
    default: return WF_JPEG_CS_UNKNOWN;
    }
}

static int classify_subsampling(const wf_jpeg_decoder *d)
{
    if (d->ncomp < 3)
        return WF_JPEG_SUB_NONE;
    const wf_jpeg_component *c = d->comp;
    if (c[1].h != c[2].h || c[1].v != c[2].v)
        return WF_JPEG_SUB_OTHER;
    if (d->ncomp == 4 && (c[3].h != c[0].h || c[3].v != c[0].v))
        return WF_JPEG_SUB_OTHER;
    if (c[0].h % c[1].h || c[0].v % c[1].v)
        return WF_JPEG_SUB_OTHER;
    int h = c[0].h / c[1].h, v = c[0].v / c[1].v;
    if (h == 1 && v == 1)
        return WF_JPEG_SUB_444;
    if (h == 2 && v == 1)
        return WF_JPEG_SUB_422;
    if (h == 2 && v == 2)
        return WF_JPEG_SUB_420;
    if (h == 1 && v == 2)
        return WF_JPEG_SUB_440;
    if (h == 4 && v == 1)
        return WF_JPEG_SUB_411;
    return WF_JPEG_SUB_OTHER;
}

/* Parses from SOI to the first SOS header (inclusive). */
static wf_status parse_header(wf_jpeg_decoder *d, const uint8_t *in, size_t n)
{
    wf_jpeg_reset_header(d);
    d->in = in;
    d->in_n = n;
    if (!in || n < 2 || in[0] != 0xFF || in[1] != WF_JPEG_M_SOI)
        FAIL(WF_JPEG_NOT_JPEG, 0);
    d->pos = 2;
    int sos, eoi, eof;
    wf_status st = wf_jpeg_read_markers(d, &sos, &eoi, &eof);
    if (st != WF_OK)
        return st;
    if (eof)
        FAIL(WF_JPEG_TRUNCATED_HEADER, n);
    if (eoi || !d->seen_sof)
        FAIL(WF_JPEG_NO_IMAGE, d->pos - 2);
    d->color_space = guess_color_space(d);
    d->subsampling = classify_subsampling(d);
    return wf_jpeg_finish_icc(d);
}

wf_status wf_jpeg_read_header(wf_jpeg_decoder *d, const uint8_t *in, size_t in_nbytes)
{
    if (!d)
        return WF_ERR_INVALID_ARGUMENT;
    wf_status st = parse_header(d, in, in_nbytes);
    d->in = NULL;
    return st;
}

/* ---- Frame set-up ------------------------------------------------------ */

static wf_status setup_frame(wf_jpeg_decoder *d)
{
    uint64_t planes = 0, coefs = 0, rows = 0;
    uint64_t rowlen = (uint64_t)d->mcus_x * 8 * d->hmax + 16;
    for (int i = 0; i < d->ncomp; i++) {
        wf_jpeg_component *c = &d->comp[i];
        planes += (uint64_t)c->bw * c->bh * 64;
        if (d->buffered)
            coefs += (uint64_t)c->bw * c->bh * 64 * sizeof(int16_t);
        rows += rowlen;
    }
    uint64_t total = coefs + planes + rows * 3 + 64; /* rows: uprow + colsum (2 bytes) */
    if (total > (uint64_t)(SIZE_MAX / 2))
        return WF_ERR_OUT_OF_MEMORY;
    if (total > d->mem_size) {
        free(d->mem);
        d->mem = malloc((size_t)total);
        d->mem_size = d->mem ? (size_t)total : 0;
        if (!d->mem)
            return WF_ERR_OUT_OF_MEMORY;
    }
    uint8_t *p = d->mem;
    if (d->buffered)
        memset(p, 0, (size_t)coefs);
    for (int i = 0; i < d->ncomp; i++) {
        wf_jpeg_component *c = &d->comp[i];
        if (d->buffered) {
            c->coefs = (int16_t *)p;
            p += (size_t)c->bw * c->bh * 64 * sizeof(int16_t);
        } else {
            c->coefs = NULL;
        }
    }
    for (int i = 0; i < d->ncomp; i++) {
        wf_jpeg_component *c = &d->comp[i];
        c->plane = p;
        c->stride = (size_t)c->bw * 8;
        p += (size_t)c->bw * c->bh * 64;
        c->uprow = p;
        p += (size_t)rowlen;
        c->colsum = (int16_t *)p;
        p += (size_t)rowlen * 2;
        c->rows_done = 0;
        c->quant_latched = 0;
        c->coef_limit = 0;
        c->dc_pred = 0;
        memset(c->coef_bits, 0xFF, sizeof(c->coef_bits));
    }
    wf_jpeg_setup_upsampling(d);
    return WF_OK;
}

/* ---- Scans ------------------------------------------------------------- */

static wf_status start_scan(wf_jpeg_decoder *d)
{
    size_t off = d->sos_pos;
    if (d->progressive) {
        int bad = 0;
        if (d->ss == 0) {
            if (d->se != 0)
                bad = 1;
        } else if (d->se < d->ss || d->se > 63 || d->ns != 1) {
            bad = 1;
        }
        if ((d->ah != 0 && d->al != d->ah - 1) || d->al > 13)
            bad = 1;
        if (bad)
            FAIL(WF_JPEG_BAD_SCAN_PARAMS, off);
        for (int i = 0; i < d->ns; i++) {
            wf_jpeg_component *c = &d->comp[d->scan_comp[i]];
            if (d->ss > 0 && c->coef_bits[0] < 0)
                FAIL(WF_JPEG_BAD_SCAN_ORDER, off); /* AC before DC */
            for (int k = d->ss; k <= d->se; k++) {
                int expected = c->coef_bits[k] < 0 ? 0 : c->coef_bits[k];
                if (d->ah != expected)
                    FAIL(WF_JPEG_BAD_SCAN_ORDER, off);
            }
        }
        for (int i = 0; i < d->ns; i++) {
            wf_jpeg_component *c = &d->comp[d->scan_comp[i]];
            for (int k = d->ss; k <= d->se; k++)
                c->coef_bits[k] = (int8_t)d->al;
        }
    } else if (d->ss != 0 || d->se != 63 || d->ah != 0 || d->al != 0) {
        d->warnings++; /* libjpeg ignores them for sequential scans */
    }
    int blocks = 0;
    for (int i = 0; i < d->ns; i++) {
        wf_jpeg_component *c = &d->comp[d->scan_comp[i]];
        if (!d->arithmetic) {
            int need_dc = !d->progressive || (d->ss == 0 && d->ah == 0);
            int need_ac = !d->progressive || d->ss > 0;
            /* a missing table 0 or 1 is the Annex K.3 one (Motion-JPEG frames
             * carry no DHT); libjpeg-turbo does the same */
            if (need_dc && !d->dc_huff[c->td].defined && !wf_jpeg_std_huff(&d->dc_huff[c->td], 1, c->td))
                FAIL(WF_JPEG_MISSING_HUFFMAN_TABLE, off);
            if (need_ac && !d->ac_huff[c->ta].defined && !wf_jpeg_std_huff(&d->ac_huff[c->ta], 0, c->ta))
                FAIL(WF_JPEG_MISSING_HUFFMAN_TABLE, off);
        }
        if (!c->quant_latched) {
            if (!d->qt_defined[c->tq])
                FAIL(WF_JPEG_MISSING_QUANT_TABLE, off);
            memcpy(c->quant, d->qt[c->tq], sizeof(c->quant));
            c->quant_latched = 1;
            int qmax = 1;
            for (int k = 0; k < 64; k++)
                if (c->quant[k] > qmax)
                    qmax = c->quant[k];
            c->coef_limit = 32767 / qmax;
        }
        int nb = d->ns == 1 ? 1 : c->h * c->v;
        if (blocks + nb > WF_JPEG_MAX_BLOCKS_IN_MCU)
            FAIL(WF_JPEG_BAD_SOS, off);
        for (int j = 0; j < nb; j++)
            d->mcu_comp[blocks + j] = d->scan_comp[i];
        blocks += nb;
    }
    d->blocks_in_mcu = blocks;
    return WF_OK;
}

static void entropy_init(wf_jpeg_decoder *d)
{
    const uint8_t *p = d->in + d->pos, *end = d->in + d->in_n;
    for (int i = 0; i < d->ns; i++)
        d->comp[d->scan_comp[i]].dc_pred = 0;
    d->eobrun = 0;
    if (d->arithmetic) {
        wf_jpeg_arith_reset_stats(d);
        wf_jpeg_arith_init(d, p, end);
    } else {
        wf_jpeg_br_init(&d->br, p, end);
    }
}

/* Where the entropy decoder stopped reading (a marker, the end of input, or
 * unread bytes), and whether it met the end of input. */
static void entropy_sync_pos(wf_jpeg_decoder *d)
{
    const uint8_t *p = d->arithmetic ? d->ar.p : d->br.p;
    int stopped = d->arithmetic ? d->ar.stopped : d->br.stopped;
    if (stopped == 2) {
        d->pos = d->in_n;
        d->truncated = 1;
    } else {
        d->pos = (size_t)(p - d->in);
    }
}

/* T.81 E.2.4 restart, with libjpeg's resynchronisation on a wrong RSTn. */
static void process_restart(wf_jpeg_decoder *d)
{
    entropy_sync_pos(d);
    int want = WF_JPEG_M_RST0 + d->next_restart;
    int m = wf_jpeg_next_marker(d);
    if (m == want) {
        d->pos += 2;
        d->insufficient = 0;
    } else {
        d->warnings++;
        for (;;) {
            if (m < 0)
                break; /* end of input: stay out of data */
            int action;
            if (m < 0xC0)
                action = 2; /* invalid marker: skip it */
            else if (m < WF_JPEG_M_RST0 || m > WF_JPEG_M_RST7)
                action = 3; /* a real marker: leave it */
            else if (m == WF_JPEG_M_RST0 + ((d->next_restart + 1) & 7) ||
                     m == WF_JPEG_M_RST0 + ((d->next_restart + 2) & 7))
                action = 3; /* one of the next two: data is missing */
            else if (m == WF_JPEG_M_RST0 + ((d->next_restart - 1) & 7) ||
                     m == WF_JPEG_M_RST0 + ((d->next_restart - 2) & 7))
                action = 2; /* an earlier one: skip ahead */
            else
                action = 1; /* take it as the one wanted */
            if (action == 1) {
                d->pos += 2;
                d->insufficient = 0;
                break;
            }
            if (action == 3)
                break;
            d->pos += 2;
            m = wf_jpeg_next_marker(d);
        }
    }
    d->next_restart = (d->next_restart + 1) & 7;
    entropy_init(d);
}

static void decode_one_mcu(wf_jpeg_decoder *d, int16_t *const *blocks)
{
    if (d->restart_interval) {
        if (d->restarts_left == 0) {
            process_restart(d);
            d->restarts_left = d->restart_interval;
        }
        d->restarts_left--;
    }
    if (d->arithmetic || d->insufficient || d->progressive)
        memset(d->kend, 64, sizeof(d->kend));
    if (d->arithmetic) {
        wf_jpeg_arith_decode_mcu(d, blocks);
    } else if (!d->insufficient) {
        wf_jpeg_huff_decode_mcu(d, blocks);
        if (d->br.bits < 0) {
            d->insufficient = 1;
            d->warnings++;
        }
    }
}

/* Streaming: transform finished rows and convert what is ready. */
static void stream_rows(wf_jpeg_decoder *d, const wf_jpeg_output *out)
{
    int ready = wf_jpeg_rows_ready(d);
    if (ready > d->out_rows_done) {
        wf_jpeg_color_rows(d, out, d->out_rows_done, ready);
        d->out_rows_done = ready;
    }
}

static void decode_scan(wf_jpeg_decoder *d, const wf_jpeg_output *out)
{
    int16_t *blocks[WF_JPEG_MAX_BLOCKS_IN_MCU];
    d->restarts_left = d->restart_interval;
    d->next_restart = 0;
    d->insufficient = 0;
    entropy_init(d);

    if (d->ns == 1) {
        wf_jpeg_component *c = &d->comp[d->scan_comp[0]];
        for (int by = 0; by < c->bh_used; by++) {
            for (int bx = 0; bx < c->bw_used; bx++) {
                if (d->buffered) {
                    blocks[0] = c->coefs + ((size_t)by * c->bw + bx) * 64;
                    decode_one_mcu(d, blocks);
                } else {
                    blocks[0] = d->scratch[0];
                    decode_one_mcu(d, blocks);
                    wf_jpeg_idct_islow(blocks[0], c->quant, c->coef_limit,
                                       c->plane + (size_t)by * 8 * c->stride + (size_t)bx * 8, c->stride, 1,
                                       d->kend[0]);
                }
            }
            if (!d->buffered) {
                c->rows_done = (by + 1) * 8;
                stream_rows(d, out);
            }
        }
    } else if (d->buffered) {
        for (int my = 0; my < d->mcus_y; my++) {
            for (int mx = 0; mx < d->mcus_x; mx++) {
                int b = 0;
                for (int i = 0; i < d->ns; i++) {
                    wf_jpeg_component *c = &d->comp[d->scan_comp[i]];
                    for (int y = 0; y < c->v; y++)
                        for (int x = 0; x < c->h; x++, b++)
                            blocks[b] = c->coefs + ((size_t)(my * c->v + y) * c->bw + (size_t)mx * c->h + x) * 64;
                }
                decode_one_mcu(d, blocks);
            }
        }
    } else {
        /* streamed: every block of an MCU is decoded into d->scratch, then
         * transformed into its place in the plane and cleared; per block,
         * its destination moves on by step bytes from one MCU to the next */
        uint8_t *dst[WF_JPEG_MAX_BLOCKS_IN_MCU];
        int step[WF_JPEG_MAX_BLOCKS_IN_MCU];
        size_t stride[WF_JPEG_MAX_BLOCKS_IN_MCU];
        const uint16_t *quant[WF_JPEG_MAX_BLOCKS_IN_MCU];
        int limit[WF_JPEG_MAX_BLOCKS_IN_MCU];
        int nb = d->blocks_in_mcu;
        for (int b = 0; b < nb; b++)
            blocks[b] = d->scratch[b];
        for (int my = 0; my < d->mcus_y; my++) {
            int b = 0;
            for (int i = 0; i < d->ns; i++) {
                wf_jpeg_component *c = &d->comp[d->scan_comp[i]];
                for (int y = 0; y < c->v; y++) {
                    for (int x = 0; x < c->h; x++, b++) {
                        dst[b] = c->plane + (size_t)(my * c->v + y) * 8 * c->stride + (size_t)x * 8;
                        step[b] = c->h * 8;
                        stride[b] = c->stride;
                        quant[b] = c->quant;
                        limit[b] = c->coef_limit;
                    }
                }
            }
            for (int mx = 0; mx < d->mcus_x; mx++) {
                decode_one_mcu(d, blocks);
                for (b = 0; b < nb; b++) {
                    wf_jpeg_idct_islow(blocks[b], quant[b], limit[b], dst[b], stride[b], 1, d->kend[b]);
                    dst[b] += step[b];
                }
            }
            for (int i = 0; i < d->ns; i++) {
                wf_jpeg_component *c = &d->comp[d->scan_comp[i]];
                c->rows_done = (my + 1) * 8 * c->v;
            }
            stream_rows(d, out);
        }
    }
    entropy_sync_pos(d);
}

static void finish_buffered(wf_jpeg_decoder *d, const wf_jpeg_output *out)
{
    for (int i = 0; i < d->ncomp; i++) {
        wf_jpeg_component *c = &d->comp[i];
        for (int by = 0; by < c->bh_used; by++)
            for (int bx = 0; bx < c->bw_used; bx++)
                wf_jpeg_idct_islow(c->coefs + ((size_t)by * c->bw + bx) * 64, c->quant, c->coef_limit,
                                   c->plane + (size_t)by * 8 * c->stride + (size_t)bx * 8, c->stride, 0, 64);
        c->rows_done = c->dh;
    }
    wf_jpeg_color_rows(d, out, 0, (int)d->height);
}

static wf_status decode_image(wf_jpeg_decoder *d, uint8_t *out, size_t out_nbytes_avail, uint32_t max_pixels)
{
    if (max_pixels == 0)
        max_pixels = WF_JPEG_DEFAULT_MAX_PIXELS;
    uint64_t pixels = (uint64_t)d->width * d->height;
    if (pixels > max_pixels)
        FAIL(WF_JPEG_TOO_MANY_PIXELS, d->sof_pos);
    if (!out || (uint64_t)out_nbytes_avail < pixels * 4)
        return WF_ERR_BUFFER_TOO_SMALL;
    d->buffered = d->progressive || d->ns != d->ncomp;
    wf_status st = setup_frame(d);
    if (st != WF_OK)
        return st;
    wf_jpeg_output o = {out, (size_t)d->width * 4};
    d->out_rows_done = 0;
    d->scans_done = 0;
    for (;;) {
        /* every scan walks the whole image: a small file with thousands of
         * scans would be a CPU bomb */
        if (d->scans_done >= WF_JPEG_MAX_SCANS)
            FAIL(WF_JPEG_TOO_MANY_SCANS, d->sos_pos);
        st = start_scan(d);
        if (st != WF_OK)
            return st;
        decode_scan(d, &o);
        d->scans_done++;
        if (!d->buffered)
            break;
        int sos, eoi, eof;
        st = wf_jpeg_read_markers(d, &sos, &eoi, &eof);
        if (st != WF_OK)
            return st;
        if (eof) {
            d->truncated = 1;
            break;
        }
        if (eoi)
            break;
    }
    if (d->buffered) {
        finish_buffered(d, &o);
        return WF_OK;
    }
    /* streamed: the image is complete; look for EOI (later scans of a
     * single-scan image are ignored, as is damage after the image) */
    if (d->out_rows_done < (int)d->height)
        wf_jpeg_color_rows(d, &o, d->out_rows_done, (int)d->height);
    for (;;) {
        int sos, eoi, eof;
        size_t before = d->pos;
        if (wf_jpeg_read_markers(d, &sos, &eoi, &eof) != WF_OK) {
            d->warnings++;
            break;
        }
        if (eof)
            d->truncated = 1;
        if (!sos || d->pos <= before)
            break;
    }
    return WF_OK;
}

wf_status wf_jpeg_decode(wf_jpeg_decoder *d, const uint8_t *in, size_t in_nbytes, uint8_t *out, size_t out_nbytes_avail,
                         uint32_t max_pixels)
{
    if (!d)
        return WF_ERR_INVALID_ARGUMENT;
    wf_status st = parse_header(d, in, in_nbytes);
    if (st == WF_OK)
        st = decode_image(d, out, out_nbytes_avail, max_pixels);
    d->in = NULL;
    return st;
}

/* ---- Accessors ----------------------------------------------------------- */

uint32_t wf_jpeg_width(const wf_jpeg_decoder *d) { return d ? d->width : 0; }
uint32_t wf_jpeg_height(const wf_jpeg_decoder *d) { return d ? d->height : 0; }
int wf_jpeg_components(const wf_jpeg_decoder *d) { return d ? d->ncomp : 0; }
int wf_jpeg_precision(const wf_jpeg_decoder *d) { return d ? d->precision : 0; }
int wf_jpeg_color_space(const wf_jpeg_decoder *d) { return d ? d->color_space : 0; }
int wf_jpeg_process(const wf_jpeg_decoder *d) { return d ? d->process : 0; }
int wf_jpeg_progressive(const wf_jpeg_decoder *d) { return d ? d->progressive : 0; }
int wf_jpeg_arithmetic(const wf_jpeg_decoder *d) { return d ? d->arithmetic : 0; }
int wf_jpeg_subsampling(const wf_jpeg_decoder *d) { return d ? d->subsampling : 0; }

int wf_jpeg_sampling_factors(const wf_jpeg_decoder *d, int ci)
{
    if (!d || ci < 0 || ci >= d->ncomp)
        return 0;
    return (d->comp[ci].h << 4) | d->comp[ci].v;
}

int wf_jpeg_orientation(const wf_jpeg_decoder *d) { return d ? d->orientation : 1; }
const uint8_t *wf_jpeg_icc_data(const wf_jpeg_decoder *d) { return d && d->icc_size ? d->icc : NULL; }
size_t wf_jpeg_icc_size(const wf_jpeg_decoder *d) { return d ? d->icc_size : 0; }
int wf_jpeg_has_jfif(const wf_jpeg_decoder *d) { return d ? d->jfif : 0; }
int wf_jpeg_density_unit(const wf_jpeg_decoder *d) { return d ? d->density_unit : 0; }
int wf_jpeg_density_x(const wf_jpeg_decoder *d) { return d ? d->density_x : 0; }
int wf_jpeg_density_y(const wf_jpeg_decoder *d) { return d ? d->density_y : 0; }
int wf_jpeg_adobe_transform(const wf_jpeg_decoder *d) { return d ? d->adobe_transform : -1; }
int wf_jpeg_truncated(const wf_jpeg_decoder *d) { return d ? d->truncated : 0; }
int wf_jpeg_warnings(const wf_jpeg_decoder *d) { return d ? d->warnings : 0; }
size_t wf_jpeg_error_offset(const wf_jpeg_decoder *d) { return d ? d->error_offset : 0; }
