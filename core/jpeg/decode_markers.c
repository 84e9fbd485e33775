/* SPDX-License-Identifier: MIT
 *
 * decode_markers.c: JPEG marker segments (T.81 Annex B) and the metadata
 * segments around them: JFIF APP0, EXIF APP1 (orientation only), ICC APP2,
 * Adobe APP14. Every read is bounds-checked against the segment length,
 * which is itself checked against the input length.
 */
#include <stdlib.h>
#include <string.h>
#include "decode_internal.h"

#define FAIL(code, off)          \
    do {                         \
        d->error_offset = (off); \
        return (code);           \
    } while (0)

static unsigned be16(const uint8_t *p) { return ((unsigned)p[0] << 8) | p[1]; }

void wf_jpeg_reset_header(wf_jpeg_decoder *d)
{
    d->pos = 0;
    d->seen_sof = 0;
    d->process = 0;
    d->progressive = 0;
    d->arithmetic = 0;
    d->precision = 0;
    d->width = d->height = 0;
    d->ncomp = 0;
    memset(d->comp, 0, sizeof(d->comp));
    d->hmax = d->vmax = 1;
    d->mcus_x = d->mcus_y = 0;
    d->color_space = WF_JPEG_CS_UNKNOWN;
    d->subsampling = WF_JPEG_SUB_NONE;
    memset(d->qt_defined, 0, sizeof(d->qt_defined));
    for (int i = 0; i < 4; i++) {
        d->dc_huff[i].defined = 0;
        d->ac_huff[i].defined = 0;
        d->arith_dc_L[i] = 0;
        d->arith_dc_U[i] = 1;
        d->arith_ac_K[i] = 5;
    }
    d->restart_interval = 0;
    d->jfif = 0;
    d->density_unit = 0;
    d->density_x = d->density_y = 0;
    d->adobe = 0;
    d->adobe_transform = -1;
    d->orientation = 1;
    d->exif_seen = 0;
    d->icc_size = 0;
    d->icc_count = 0;
    memset(d->icc_have, 0, sizeof(d->icc_have));
    d->ns = 0;
    d->truncated = 0;
    d->warnings = 0;
    d->error_offset = 0;
}

int wf_jpeg_next_marker(wf_jpeg_decoder *d)
{
    const uint8_t *in = d->in;
    size_t n = d->in_n, p = d->pos;
    int skipped = 0;
    for (;;) {
        while (p < n && in[p] != 0xFF) {
            p++;
            skipped = 1;
        }
        if (p >= n)
            break;
        size_t q = p + 1;
        while (q < n && in[q] == 0xFF)
            q++;
        if (q >= n)
            break;
        if (in[q] == 0x00) { /* stuffed byte: still entropy data */
            p = q + 1;
            skipped = 1;
            continue;
        }
        if (skipped)
            d->warnings++;
        d->pos = q - 1;
        return in[q];
    }
    d->pos = n;
    return -1;
}

/* ---- Metadata ---------------------------------------------------------- */

static void parse_jfif(wf_jpeg_decoder *d, const uint8_t *s, size_t len)
{
    if (len >= 14 && memcmp(s, "JFIF\0", 5) == 0) {
        d->jfif = 1;
        d->density_unit = s[7];
        d->density_x = (int)be16(s + 8);
        d->density_y = (int)be16(s + 10);
    }
}

static void parse_adobe(wf_jpeg_decoder *d, const uint8_t *s, size_t len)
{
    if (len >= 12 && memcmp(s, "Adobe", 5) == 0) {
        d->adobe = 1;
        d->adobe_transform = s[11];
    }
}

static unsigned tiff16(const uint8_t *p, int le) { return le ? (p[0] | ((unsigned)p[1] << 8)) : be16(p); }

static uint32_t tiff32(const uint8_t *p, int le)
{
    if (le)
        return p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* EXIF: "Exif\0\0" then a TIFF header; only IFD0 tag 0x0112 (Orientation,
 * SHORT) is read. */
static void parse_exif(wf_jpeg_decoder *d, const uint8_t *s, size_t len)
{
    if (d->exif_seen || len < 6 + 8 || memcmp(s, "Exif\0\0", 6) != 0)
        return;
    d->exif_seen = 1;
    const uint8_t *t = s + 6;
    size_t tlen = len - 6;
    int le;
    if (t[0] == 'I' && t[1] == 'I')
        le = 1;
    else if (t[0] == 'M' && t[1] == 'M')
        le = 0;
    else
        return;
    if (tiff16(t + 2, le) != 42)
        return;
    uint32_t ifd = tiff32(t + 4, le);
    if (ifd > tlen || tlen - ifd < 2)
        return;
    unsigned count = tiff16(t + ifd, le);
    for (unsigned i = 0; i < count; i++) {
        size_t e = (size_t)ifd + 2 + (size_t)12 * i;
        if (e + 12 > tlen)
            break;
        if (tiff16(t + e, le) != 0x0112)
            continue;
        unsigned type = tiff16(t + e + 2, le);
        uint32_t cnt = tiff32(t + e + 4, le);
        if (type == 3 && cnt >= 1) {
            unsigned v = tiff16(t + e + 8, le);
            if (v >= 1 && v <= 8)
                d->orientation = (int)v;
        }
        break;
    }
}

/* ICC: "ICC_PROFILE\0", sequence number (1-based), chunk count, data. */
static void parse_icc(wf_jpeg_decoder *d, const uint8_t *s, size_t len, size_t abs_off)
{
    if (len < 14 || memcmp(s, "ICC_PROFILE\0", 12) != 0 || d->icc_count < 0)
        return;
    int seq = s[12], num = s[13];
    if (num == 0 || seq == 0 || seq > num || (d->icc_count && d->icc_count != num) || d->icc_have[seq - 1]) {
        d->icc_count = -1;
        return;
    }
    d->icc_count = num;
    d->icc_have[seq - 1] = 1;
    d->icc_off[seq - 1] = (uint32_t)(abs_off + 14);
    d->icc_len[seq - 1] = (uint32_t)(len - 14);
}

wf_status wf_jpeg_finish_icc(wf_jpeg_decoder *d)
{
    d->icc_size = 0;
    if (d->icc_count <= 0)
        return WF_OK;
    size_t total = 0;
    for (int i = 0; i < d->icc_count; i++) {
        if (!d->icc_have[i])
            return WF_OK; /* incomplete: no profile */
        total += d->icc_len[i];
    }
    if (total == 0)
        return WF_OK;
    if (total > d->icc_cap) {
        uint8_t *p = realloc(d->icc, total);
        if (!p)
            return WF_ERR_OUT_OF_MEMORY;
        d->icc = p;
        d->icc_cap = total;
    }
    size_t o = 0;
    for (int i = 0; i < d->icc_count; i++) {
        memcpy(d->icc + o, d->in + d->icc_off[i], d->icc_len[i]);
        o += d->icc_len[i];
    }
    d->icc_size = total;
    return WF_OK;
}

/* ---- Tables ------------------------------------------------------------ */

static wf_status parse_dqt(wf_jpeg_decoder *d, const uint8_t *s, size_t len, size_t off)
{
    while (len > 0) {
        int pq = s[0] >> 4, tq = s[0] & 15;
        if (pq > 1 || tq > 3)
            FAIL(WF_JPEG_BAD_QUANT_TABLE, off);
        size_t need = 1 + (size_t)64 * (pq + 1);
        if (len < need)
            FAIL(WF_JPEG_BAD_QUANT_TABLE, off);
        for (int k = 0; k < 64; k++)
            d->qt[tq][wf_jpeg_natural_order[k]] = pq ? (uint16_t)be16(s + 1 + 2 * k) : s[1 + k];
        d->qt_defined[tq] = 1;
        s += need;
        len -= need;
        off += need;
    }
    return WF_OK;
}

static wf_status parse_dht(wf_jpeg_decoder *d, const uint8_t *s, size_t len, size_t off)
{
    while (len > 0) {
        if (len < 17)
            FAIL(WF_JPEG_BAD_HUFFMAN_TABLE, off);
        int tc = s[0] >> 4, th = s[0] & 15;
        if (tc > 1 || th > 3)
            FAIL(WF_JPEG_BAD_HUFFMAN_TABLE, off);
        int total = 0;
        for (int i = 0; i < 16; i++)
            total += s[1 + i];
        if (total > 256 || (size_t)(17 + total) > len)
            FAIL(WF_JPEG_BAD_HUFFMAN_TABLE, off);
        wf_jpeg_huff *t = tc ? &d->ac_huff[th] : &d->dc_huff[th];
        wf_status st = wf_jpeg_build_huff(t, s + 1, s + 17, total, tc == 0);
        if (st != WF_OK)
            FAIL(st, off);
        s += 17 + total;
        len -= 17 + (size_t)total;
        off += 17 + (size_t)total;
    }
    return WF_OK;
}

static wf_status parse_dac(wf_jpeg_decoder *d, const uint8_t *s, size_t len, size_t off)
{
    if (len % 2)
        FAIL(WF_JPEG_BAD_DAC, off);
    for (size_t i = 0; i < len; i += 2) {
        int tc = s[i] >> 4, tb = s[i] & 15, cs = s[i + 1];
        if (tc > 1 || tb > 3)
            FAIL(WF_JPEG_BAD_DAC, off + i);
        if (tc == 0) {
            int L = cs & 15, U = cs >> 4;
            if (L > U)
                FAIL(WF_JPEG_BAD_DAC, off + i);
            d->arith_dc_L[tb] = (uint8_t)L;
            d->arith_dc_U[tb] = (uint8_t)U;
        } else {
            if (cs < 1 || cs > 63)
                FAIL(WF_JPEG_BAD_DAC, off + i);
            d->arith_ac_K[tb] = (uint8_t)cs;
        }
    }
    return WF_OK;
}

/* ---- Frame and scan headers ---------------------------------------------- */

static wf_status parse_sof(wf_jpeg_decoder *d, int m, const uint8_t *s, size_t len, size_t off)
{
    if (d->seen_sof)
        FAIL(WF_JPEG_DUPLICATE_SOF, off - 4);
    if (len < 6)
        FAIL(WF_JPEG_BAD_SOF, off);
    d->seen_sof = 1;
    d->sof_pos = off - 4;
    d->process = m & 15;
    d->progressive = (m == WF_JPEG_M_SOF2 || m == WF_JPEG_M_SOF10);
    d->arithmetic = (m >= WF_JPEG_M_SOF9);
    d->precision = s[0];
    d->height = be16(s + 1);
    d->width = be16(s + 3);
    int nf = s[5];
    if (m != WF_JPEG_M_SOF0 && m != WF_JPEG_M_SOF1 && m != WF_JPEG_M_SOF2 && m != WF_JPEG_M_SOF9 &&
        m != WF_JPEG_M_SOF10)
        FAIL(WF_JPEG_UNSUPPORTED_PROCESS, off - 4);
    if (d->precision != 8)
        FAIL(WF_JPEG_UNSUPPORTED_PRECISION, off);
    if (nf == 0 || nf > WF_JPEG_MAX_COMPS)
        FAIL(WF_JPEG_BAD_COMPONENTS, off + 5);
    if (len != 6 + (size_t)3 * nf)
        FAIL(WF_JPEG_BAD_SOF, off);
    if (d->width == 0)
        FAIL(WF_JPEG_BAD_DIMENSIONS, off + 3);
    if (d->height == 0)
        FAIL(WF_JPEG_DNL_UNSUPPORTED, off + 1);
    if (nf == 2)
        FAIL(WF_JPEG_UNSUPPORTED_COLORSPACE, off + 5);
    d->ncomp = nf;
    int hmax = 1, vmax = 1;
    for (int i = 0; i < nf; i++) {
        const uint8_t *c = s + 6 + 3 * i;
        wf_jpeg_component *cp = &d->comp[i];
        cp->id = c[0];
        cp->h = c[1] >> 4;
        cp->v = c[1] & 15;
        cp->tq = c[2];
        if (cp->h < 1 || cp->h > 4 || cp->v < 1 || cp->v > 4)
            FAIL(WF_JPEG_BAD_SAMPLING, off + 7 + 3 * (size_t)i);
        if (cp->tq > 3)
            FAIL(WF_JPEG_BAD_QUANT_TABLE, off + 8 + 3 * (size_t)i);
        if (cp->h > hmax)
            hmax = cp->h;
        if (cp->v > vmax)
            vmax = cp->v;
    }
    for (int i = 0; i < nf; i++) {
        wf_jpeg_component *cp = &d->comp[i];
        /* libjpeg-turbo upsamples by integer ratios only */
        if (hmax % cp->h || vmax % cp->v)
            FAIL(WF_JPEG_BAD_SAMPLING, off + 7 + 3 * (size_t)i);
    }
    d->hmax = hmax;
    d->vmax = vmax;
    d->mcus_x = (int)((d->width + 8u * hmax - 1) / (8u * hmax));
    d->mcus_y = (int)((d->height + 8u * vmax - 1) / (8u * vmax));
    for (int i = 0; i < nf; i++) {
        wf_jpeg_component *cp = &d->comp[i];
        cp->dw = (int)(((uint32_t)d->width * cp->h + hmax - 1) / hmax);
        cp->dh = (int)(((uint32_t)d->height * cp->v + vmax - 1) / vmax);
        cp->bw_used = (cp->dw + 7) / 8;
        cp->bh_used = (cp->dh + 7) / 8;
        cp->bw = d->mcus_x * cp->h;
        cp->bh = d->mcus_y * cp->v;
        cp->hr = hmax / cp->h;
        cp->vr = vmax / cp->v;
    }
    return WF_OK;
}

static wf_status parse_sos(wf_jpeg_decoder *d, const uint8_t *s, size_t len, size_t off)
{
    if (!d->seen_sof)
        FAIL(WF_JPEG_SOS_BEFORE_SOF, off - 4);
    if (len < 1)
        FAIL(WF_JPEG_BAD_SOS, off);
    int ns = s[0];
    if (ns < 1 || ns > WF_JPEG_MAX_COMPS || len != 4 + 2 * (size_t)ns)
        FAIL(WF_JPEG_BAD_SOS, off);
    int used[WF_JPEG_MAX_COMPS] = {0};
    for (int i = 0; i < ns; i++) {
        int cs = s[1 + 2 * i], t = s[2 + 2 * i];
        int ci;
        /* the first frame component with this id not yet in the scan
         * (tolerates duplicate ids, as libjpeg-turbo does) */
        for (ci = 0; ci < d->ncomp; ci++)
            if (d->comp[ci].id == cs && !used[ci])
                break;
        if (ci == d->ncomp)
            FAIL(WF_JPEG_BAD_SOS, off + 1 + 2 * (size_t)i);
        used[ci] = 1;
        if ((t >> 4) > 3 || (t & 15) > 3)
            FAIL(WF_JPEG_BAD_SOS, off + 2 + 2 * (size_t)i);
        d->scan_comp[i] = ci;
        d->comp[ci].td = t >> 4;
        d->comp[ci].ta = t & 15;
    }
    d->ns = ns;
    d->sos_pos = off - 4;
    d->ss = s[1 + 2 * ns];
    d->se = s[2 + 2 * ns];
    d->ah = s[3 + 2 * ns] >> 4;
    d->al = s[3 + 2 * ns] & 15;
    return WF_OK;
}

wf_status wf_jpeg_read_markers(wf_jpeg_decoder *d, int *got_sos, int *got_eoi, int *got_eof)
{
    *got_sos = *got_eoi = *got_eof = 0;
    const uint8_t *in = d->in;
    size_t n = d->in_n;
    for (;;) {
        int m = wf_jpeg_next_marker(d);
        if (m < 0) {
            *got_eof = 1;
            return WF_OK;
        }
        size_t mpos = d->pos;
        d->pos += 2;
        if (m == WF_JPEG_M_EOI) {
            *got_eoi = 1;
            return WF_OK;
        }
        if (m == WF_JPEG_M_SOI)
            FAIL(WF_JPEG_BAD_MARKER, mpos);
        if ((m >= WF_JPEG_M_RST0 && m <= WF_JPEG_M_RST7) || m == 0x01) {
            d->warnings += (m != 0x01);
            continue; /* no length field */
        }
        if (m < 0xC0)
            FAIL(WF_JPEG_BAD_MARKER, mpos);
        if (n - d->pos < 2) {
            d->error_offset = mpos;
            *got_eof = 1;
            return WF_OK;
        }
        size_t len = be16(in + d->pos);
        if (len < 2)
            FAIL(WF_JPEG_BAD_MARKER, d->pos);
        if (n - d->pos < len) {
            d->error_offset = mpos;
            *got_eof = 1;
            return WF_OK;
        }
        const uint8_t *s = in + d->pos + 2;
        size_t slen = len - 2, soff = d->pos + 2;
        d->pos += len;
        wf_status st = WF_OK;
        switch (m) {
        case WF_JPEG_M_DQT: st = parse_dqt(d, s, slen, soff); break;
        case WF_JPEG_M_DHT: st = parse_dht(d, s, slen, soff); break;
        case WF_JPEG_M_DAC: st = parse_dac(d, s, slen, soff); break;
        case WF_JPEG_M_DRI:
            if (slen != 2)
                FAIL(WF_JPEG_BAD_DRI, soff);
            d->restart_interval = be16(s);
            break;
        case WF_JPEG_M_SOS:
            st = parse_sos(d, s, slen, soff);
            if (st == WF_OK)
                *got_sos = 1;
            return st;
        case WF_JPEG_M_APP0:
            if (!d->jfif)
                parse_jfif(d, s, slen);
            break;
        case WF_JPEG_M_APP1: parse_exif(d, s, slen); break;
        case WF_JPEG_M_APP2: parse_icc(d, s, slen, soff); break;
        case WF_JPEG_M_APP14:
            if (!d->adobe)
                parse_adobe(d, s, slen);
            break;
        default:
            if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
                st = parse_sof(d, m, s, slen, soff);
            /* other APPn, COM, DNL, JPGn: skipped */
            break;
        }
        if (st != WF_OK)
            return st;
    }
}
