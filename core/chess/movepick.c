/* SPDX-License-Identifier: MIT
 *
 * movepick.c: move ordering, history statistics and static exchange
 * evaluation (see movepick.h).
 */
#include "movepick.h"
#include <string.h>

/* ---- static exchange evaluation --------------------------------------- */

int wf_see_ge(const wf_board *b, wf_move m, int threshold)
{
    int fl = WF_MFLAGS(m);
    if (fl == WF_MF_KCASTLE || fl == WF_MF_QCASTLE || (fl & WF_MF_PROMO))
        return 0 >= threshold;
    int from = WF_MFROM(m), to = WF_MTO(m);
    int captured = fl == WF_MF_EP ? WF_PAWN : (b->sq[to] == WF_NO_PIECE ? WF_NO_TYPE : WF_PTYPE(b->sq[to]));
    int swap = wf_see_value[captured] - threshold;
    if (swap < 0)
        return 0;
    swap = wf_see_value[WF_PTYPE(b->sq[from])] - swap;
    if (swap <= 0)
        return 1;
    wf_bb occ = wf_board_occ(b) ^ WF_BIT(from) ^ WF_BIT(to);
    if (fl == WF_MF_EP)
        occ ^= WF_BIT(b->side == WF_WHITE ? to - 8 : to + 8);
    wf_bb attackers = wf_board_attackers(b, to, occ) & occ;
    wf_bb diag = b->pieces[WF_BISHOP] | b->pieces[WF_QUEEN];
    wf_bb orth = b->pieces[WF_ROOK] | b->pieces[WF_QUEEN];
    int stm = b->side, res = 1;
    for (;;) {
        stm ^= 1;
        attackers &= occ;
        wf_bb mine = attackers & b->colors[stm];
        if (!mine)
            break;
        res ^= 1;
        int pt;
        wf_bb bb = 0;
        for (pt = WF_PAWN; pt <= WF_KING; pt++) {
            bb = mine & b->pieces[pt];
            if (bb)
                break;
        }
        if (pt == WF_KING)
            return (attackers & b->colors[stm ^ 1]) ? res ^ 1 : res;
        swap = wf_see_value[pt] - swap;
        if (swap < res)
            break;
        occ ^= bb & (~bb + 1);
        if (pt == WF_PAWN || pt == WF_BISHOP || pt == WF_QUEEN)
            attackers |= wf_bishop_attacks(to, occ) & diag;
        if (pt == WF_ROOK || pt == WF_QUEEN)
            attackers |= wf_rook_attacks(to, occ) & orth;
    }
    return res;
}

/* ---- history ------------------------------------------------------------ */

/* The continuation-history entry of (piece, to) after the move `back` plies up, or NULL. */
static inline int16_t *cont_entry(wf_history *h, int ply, int back, int piece, int to)
{
    if (ply < back || !h->move_stack[ply - back])
        return NULL;
    return &h->cont[h->piece_stack[ply - back]][WF_MTO(h->move_stack[ply - back])][piece][to];
}

static inline int cont_value(const wf_history *h, int ply, int back, int piece, int to)
{
    if (ply < back || !h->move_stack[ply - back])
        return 0;
    return h->cont[h->piece_stack[ply - back]][WF_MTO(h->move_stack[ply - back])][piece][to];
}

static void gravity(int16_t *v, int bonus)
{
    int x = *v + bonus - (*v) * (bonus < 0 ? -bonus : bonus) / 16384;
    if (x > 16000)
        x = 16000;
    if (x < -16000)
        x = -16000;
    *v = (int16_t)x;
}

void wf_history_update(wf_history *h, int side, wf_move m, int bonus)
{
    gravity(&h->butterfly[side][WF_MFROM(m)][WF_MTO(m)], bonus);
}

/* history and continuation history of a quiet move at ply (m not made) */
static void update_quiet(wf_history *h, const wf_board *b, int ply, wf_move m, int bonus)
{
    wf_history_update(h, b->side, m, bonus);
    int piece = b->sq[WF_MFROM(m)];
    for (int back = 1; back <= 2; back++) {
        int16_t *c = cont_entry(h, ply, back, piece, WF_MTO(m));
        if (c)
            gravity(c, bonus);
    }
}

void wf_history_cutoff(wf_history *h, const wf_board *b, int ply, wf_move m, int bonus, const wf_move *quiets,
                       int nquiets)
{
    if (h->killers[ply][0] != m) {
        h->killers[ply][1] = h->killers[ply][0];
        h->killers[ply][0] = m;
    }
    update_quiet(h, b, ply, m, bonus);
    for (int q = 0; q < nquiets; q++)
        update_quiet(h, b, ply, quiets[q], -bonus);
    if (ply > 0 && h->move_stack[ply - 1])
        h->counter[h->piece_stack[ply - 1]][WF_MTO(h->move_stack[ply - 1])] = m;
}

void wf_history_age(wf_history *h)
{
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < 64; i++)
            for (int j = 0; j < 64; j++)
                h->butterfly[c][i][j] = (int16_t)(h->butterfly[c][i][j] / 2);
    memset(h->killers, 0, sizeof h->killers);
}

void wf_history_clear(wf_history *h)
{
    memset(h->butterfly, 0, sizeof h->butterfly);
    memset(h->counter, 0, sizeof h->counter);
    memset(h->cont, 0, sizeof h->cont);
}

/* ---- ordering ----------------------------------------------------------- */

void wf_order_score(const wf_board *b, const wf_history *h, const wf_move *list, int *scores, int n, wf_move tt_move,
                    int ply)
{
    for (int i = 0; i < n; i++) {
        wf_move m = list[i];
        int sc;
        if (m == tt_move) {
            sc = 2000000;
        } else if (WF_MIS_CAPTURE(m) || (WF_MIS_PROMO(m) && WF_MPROMO(m) == WF_QUEEN)) {
            int victim = WF_MFLAGS(m) == WF_MF_EP          ? WF_PAWN
                         : b->sq[WF_MTO(m)] == WF_NO_PIECE ? WF_NO_TYPE
                                                           : WF_PTYPE(b->sq[WF_MTO(m)]);
            int attacker = WF_PTYPE(b->sq[WF_MFROM(m)]);
            int mvv = wf_see_value[victim] * 8 - attacker;
            if (WF_MIS_PROMO(m))
                mvv += 8000;
            sc = 1000000 + mvv; /* SEE checked lazily by wf_order_pick() */
        } else if (WF_MIS_PROMO(m)) {
            sc = -300000 + WF_MPROMO(m); /* under-promotions last */
        } else if (m == h->killers[ply][0]) {
            sc = 900000;
        } else if (m == h->killers[ply][1]) {
            sc = 890000;
        } else {
            sc = h->butterfly[b->side][WF_MFROM(m)][WF_MTO(m)];
            sc += cont_value(h, ply, 1, b->sq[WF_MFROM(m)], WF_MTO(m));
            sc += cont_value(h, ply, 2, b->sq[WF_MFROM(m)], WF_MTO(m));
            if (ply > 0) {
                wf_move prev = h->move_stack[ply - 1];
                if (prev && h->counter[h->piece_stack[ply - 1]][WF_MTO(prev)] == m)
                    sc += 20000;
            }
        }
        scores[i] = sc;
    }
}
