/* SPDX-License-Identifier: MIT
 *
 * san.c: UCI and SAN move notation (see san.h).
 */
#include "san.h"
#include "movegen.h"
#include <string.h>

void wf_move_to_uci(wf_move m, char *out)
{
    if (m == WF_NO_MOVE) {
        memcpy(out, "0000", 5);
        return;
    }
    int f = WF_MFROM(m), t = WF_MTO(m);
    out[0] = (char)('a' + WF_FILE(f));
    out[1] = (char)('1' + WF_RANK(f));
    out[2] = (char)('a' + WF_FILE(t));
    out[3] = (char)('1' + WF_RANK(t));
    if (WF_MIS_PROMO(m)) {
        out[4] = "nbrq"[WF_MPROMO(m) - 1];
        out[5] = 0;
    } else {
        out[4] = 0;
    }
}

wf_move wf_move_from_uci(const wf_board *b, const char *s, int len)
{
    if (len < 4 || len > 5)
        return WF_NO_MOVE;
    if (s[0] < 'a' || s[0] > 'h' || s[1] < '1' || s[1] > '8' || s[2] < 'a' || s[2] > 'h' || s[3] < '1' || s[3] > '8')
        return WF_NO_MOVE;
    int from = WF_SQ(s[0] - 'a', s[1] - '1'), to = WF_SQ(s[2] - 'a', s[3] - '1');
    int promo = 0;
    if (len == 5) {
        const char *p = strchr("nbrq", s[4] | 0x20);
        if (!p || !s[4])
            return WF_NO_MOVE;
        promo = (int)(p - "nbrq") + 1;
    }
    wf_move list[WF_MAX_MOVES];
    int n = wf_gen_legal(b, list, WF_GEN_ALL);
    for (int i = 0; i < n; i++) {
        wf_move m = list[i];
        if (WF_MFROM(m) != from || WF_MTO(m) != to)
            continue;
        if (WF_MIS_PROMO(m) ? WF_MPROMO(m) == promo : promo == 0)
            return m;
    }
    return WF_NO_MOVE;
}

/* SAN without the check suffix */
static int san_core(const wf_board *b, wf_move m, const wf_move *list, int n, char *out)
{
    int o = 0, from = WF_MFROM(m), to = WF_MTO(m), fl = WF_MFLAGS(m);
    int pt = WF_PTYPE(b->sq[from]);
    if (fl == WF_MF_KCASTLE) {
        memcpy(out, "O-O", 3);
        return 3;
    }
    if (fl == WF_MF_QCASTLE) {
        memcpy(out, "O-O-O", 5);
        return 5;
    }
    if (pt == WF_PAWN) {
        if (WF_MIS_CAPTURE(m)) {
            out[o++] = (char)('a' + WF_FILE(from));
            out[o++] = 'x';
        }
    } else {
        out[o++] = "PNBRQK"[pt];
        int same_file = 0, same_rank = 0, other = 0;
        for (int i = 0; i < n; i++) {
            wf_move x = list[i];
            if (x == m || WF_MTO(x) != to || WF_MFROM(x) == from)
                continue;
            if (WF_PTYPE(b->sq[WF_MFROM(x)]) != pt)
                continue;
            other = 1;
            if (WF_FILE(WF_MFROM(x)) == WF_FILE(from))
                same_file = 1;
            if (WF_RANK(WF_MFROM(x)) == WF_RANK(from))
                same_rank = 1;
        }
        if (other) {
            if (!same_file) {
                out[o++] = (char)('a' + WF_FILE(from));
            } else if (!same_rank) {
                out[o++] = (char)('1' + WF_RANK(from));
            } else {
                out[o++] = (char)('a' + WF_FILE(from));
                out[o++] = (char)('1' + WF_RANK(from));
            }
        }
        if (WF_MIS_CAPTURE(m))
            out[o++] = 'x';
    }
    out[o++] = (char)('a' + WF_FILE(to));
    out[o++] = (char)('1' + WF_RANK(to));
    if (WF_MIS_PROMO(m)) {
        out[o++] = '=';
        out[o++] = "NBRQ"[WF_MPROMO(m) - 1];
    }
    return o;
}

void wf_move_to_san(wf_board *b, wf_move m, char *out)
{
    wf_move list[WF_MAX_MOVES];
    int n = wf_gen_legal(b, list, WF_GEN_ALL);
    int o = san_core(b, m, list, n, out);
    wf_board_make(b, m);
    if (wf_board_in_check(b)) {
        wf_move l2[WF_MAX_MOVES];
        out[o++] = wf_gen_legal(b, l2, WF_GEN_ALL) ? '+' : '#';
    }
    wf_board_unmake(b);
    out[o] = 0;
}

wf_move wf_move_from_san(wf_board *b, const char *s, int len)
{
    char norm[16];
    int k = 0;
    if (len <= 0 || len > 12)
        return WF_NO_MOVE;
    for (int i = 0; i < len; i++) {
        char c = s[i];
        if (c == '+' || c == '#' || c == '!' || c == '?')
            continue;
        if (c == '0')
            c = 'O'; /* 0-0 */
        /* e8Q -> e8=Q */
        /* a lower-case promotion letter only counts at the very end ("e8q") */
        int last = 1;
        for (int j = i + 1; j < len; j++)
            if (!strchr("+#!?", s[j]))
                last = 0;
        if (k >= 2 && c && strchr(last ? "NBRQnbrq" : "NBRQ", c) && (norm[k - 1] == '8' || norm[k - 1] == '1') &&
            norm[k - 2] >= 'a' && norm[k - 2] <= 'h')
            norm[k++] = '=';
        if (k > 0 && norm[k - 1] == '=' && c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (k >= 14)
            return WF_NO_MOVE;
        norm[k++] = c;
    }
    wf_move list[WF_MAX_MOVES];
    int n = wf_gen_legal(b, list, WF_GEN_ALL);
    char buf[16];
    for (int i = 0; i < n; i++) {
        int l = san_core(b, list[i], list, n, buf);
        if (l == k && memcmp(buf, norm, (size_t)k) == 0)
            return list[i];
    }
    /* tolerate over-disambiguation such as "Ng1f3" or a missing 'x' */
    for (int i = 0; i < n; i++) {
        wf_move m = list[i];
        int pt = WF_PTYPE(b->sq[WF_MFROM(m)]);
        char full[16];
        int o = 0;
        if (WF_MIS_CASTLE(m))
            continue;
        if (pt != WF_PAWN)
            full[o++] = "PNBRQK"[pt];
        full[o++] = (char)('a' + WF_FILE(WF_MFROM(m)));
        full[o++] = (char)('1' + WF_RANK(WF_MFROM(m)));
        full[o++] = (char)('a' + WF_FILE(WF_MTO(m)));
        full[o++] = (char)('1' + WF_RANK(WF_MTO(m)));
        if (WF_MIS_PROMO(m)) {
            full[o++] = '=';
            full[o++] = "NBRQ"[WF_MPROMO(m) - 1];
        }
        char stripped[16];
        int q = 0;
        for (int j = 0; j < k; j++)
            if (norm[j] != 'x' && norm[j] != '-')
                stripped[q++] = norm[j];
        if (q == o && memcmp(full, stripped, (size_t)o) == 0)
            return m;
    }
    return WF_NO_MOVE;
}
