/* SPDX-License-Identifier: MIT
 *
 * bitboard.c: builds the attack and Zobrist tables (see bitboard.h).
 */
#include "bitboard.h"
#include <stdlib.h>
#include <string.h>

wf_chess_tables wf_chess_t;

/* xorshift64* generator: deterministic, so the tables are identical on every
 * backend and every run. */
static uint64_t prng_next(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* Slow ray attack from sq in the given directions, stopping at blockers. */
static wf_bb slide(int sq, wf_bb occ, const int (*dirs)[2])
{
    wf_bb att = 0;
    for (int d = 0; d < 4; d++) {
        int f = WF_FILE(sq) + dirs[d][0], r = WF_RANK(sq) + dirs[d][1];
        while (f >= 0 && f < 8 && r >= 0 && r < 8) {
            att |= WF_BIT(WF_SQ(f, r));
            if (occ & WF_BIT(WF_SQ(f, r)))
                break;
            f += dirs[d][0];
            r += dirs[d][1];
        }
    }
    return att;
}

static const int bishop_dirs[4][2] = {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
static const int rook_dirs[4][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};

#ifndef WF_CHESS_NO_EMBEDDED_MAGICS
#include "magics.h"
#else
static const wf_bb wf_bishop_magics[64];
static const wf_bb wf_rook_magics[64];
#endif

/* Fills tab[] for one slider. The embedded magic factor (magics.h, made by
 * gen_magics.c from this very search) is tried first; only if it is missing
 * or does not work is a new one searched for. */
static void init_magics(wf_magic *tab, const int (*dirs)[2], const wf_bb *known, wf_bb **next, uint64_t *seed,
                        wf_bb *occs, wf_bb *refs, unsigned *epoch_of)
{
    for (int sq = 0; sq < 64; sq++) {
        wf_magic *m = &tab[sq];
        wf_bb edges = ((WF_RANK_1 | (WF_RANK_1 << 56)) & ~(WF_RANK_1 << (8 * WF_RANK(sq)))) |
                      ((WF_FILE_A | (WF_FILE_A << 7)) & ~(WF_FILE_A << WF_FILE(sq)));
        m->mask = slide(sq, 0, dirs) & ~edges;
        int bits = wf_popcount(m->mask);
        m->shift = 64 - bits;
        m->attacks = *next;
        int n = 0;
        wf_bb b = 0;
        do { /* Carry-Rippler enumeration of all subsets of the mask */
            occs[n] = b;
            refs[n] = slide(sq, b, dirs);
            n++;
            b = (b - m->mask) & m->mask;
        } while (b);
        memset(epoch_of, 0, sizeof(unsigned) * (size_t)n);
        unsigned epoch = 0;
        for (int attempt = 0;; attempt++) {
            wf_bb magic = known[sq];
            if (attempt > 0 || magic == 0) {
                do {
                    magic = prng_next(seed) & prng_next(seed) & prng_next(seed);
                } while (wf_popcount((m->mask * magic) >> 56) < 6);
            }
            epoch++;
            int ok = 1;
            for (int i = 0; i < n; i++) {
                unsigned idx = (unsigned)(((occs[i] & m->mask) * magic) >> m->shift);
                if (epoch_of[idx] != epoch) {
                    epoch_of[idx] = epoch;
                    m->attacks[idx] = refs[i];
                } else if (m->attacks[idx] != refs[i]) {
                    ok = 0;
                    break;
                }
            }
            if (ok) {
                m->magic = magic;
                break;
            }
        }
        *next += n;
    }
}

int wf_chess_tables_init(void)
{
    wf_chess_tables *t = &wf_chess_t;
    if (t->ready)
        return 0;
    for (int sq = 0; sq < 64; sq++) {
        int f = WF_FILE(sq), r = WF_RANK(sq);
        static const int kn[8][2] = {{1, 2}, {2, 1}, {2, -1}, {1, -2}, {-1, -2}, {-2, -1}, {-2, 1}, {-1, 2}};
        static const int kg[8][2] = {{1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
        t->knight[sq] = t->king[sq] = 0;
        for (int i = 0; i < 8; i++) {
            int nf = f + kn[i][0], nr = r + kn[i][1];
            if (nf >= 0 && nf < 8 && nr >= 0 && nr < 8)
                t->knight[sq] |= WF_BIT(WF_SQ(nf, nr));
            nf = f + kg[i][0];
            nr = r + kg[i][1];
            if (nf >= 0 && nf < 8 && nr >= 0 && nr < 8)
                t->king[sq] |= WF_BIT(WF_SQ(nf, nr));
        }
        t->pawn_attacks[WF_WHITE][sq] = t->pawn_attacks[WF_BLACK][sq] = 0;
        if (r < 7) {
            if (f > 0)
                t->pawn_attacks[WF_WHITE][sq] |= WF_BIT(sq + 7);
            if (f < 7)
                t->pawn_attacks[WF_WHITE][sq] |= WF_BIT(sq + 9);
        }
        if (r > 0) {
            if (f > 0)
                t->pawn_attacks[WF_BLACK][sq] |= WF_BIT(sq - 9);
            if (f < 7)
                t->pawn_attacks[WF_BLACK][sq] |= WF_BIT(sq - 7);
        }
    }
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    wf_bb *next = t->slider_table;
    /* scratch for the subsets of one mask (at most 4096) */
    wf_bb *occs = malloc(4096 * 2 * sizeof(wf_bb));
    unsigned *epoch_of = malloc(4096 * sizeof(unsigned));
    if (!occs || !epoch_of) {
        free(occs);
        free(epoch_of);
        return -1;
    }
    init_magics(t->bishop, bishop_dirs, wf_bishop_magics, &next, &seed, occs, occs + 4096, epoch_of);
    init_magics(t->rook, rook_dirs, wf_rook_magics, &next, &seed, occs, occs + 4096, epoch_of);
    free(occs);
    free(epoch_of);
    for (int a = 0; a < 64; a++) {
        t->bishop_rays[a] = slide(a, 0, bishop_dirs);
        t->rook_rays[a] = slide(a, 0, rook_dirs);
        for (int b = 0; b < 64; b++) {
            t->between[a][b] = t->line[a][b] = 0;
            if (a == b)
                continue;
            if (slide(a, 0, bishop_dirs) & WF_BIT(b)) {
                t->line[a][b] = (slide(a, 0, bishop_dirs) & slide(b, 0, bishop_dirs)) | WF_BIT(a) | WF_BIT(b);
                t->between[a][b] = slide(a, WF_BIT(b), bishop_dirs) & slide(b, WF_BIT(a), bishop_dirs);
            } else if (slide(a, 0, rook_dirs) & WF_BIT(b)) {
                t->line[a][b] = (slide(a, 0, rook_dirs) & slide(b, 0, rook_dirs)) | WF_BIT(a) | WF_BIT(b);
                t->between[a][b] = slide(a, WF_BIT(b), rook_dirs) & slide(b, WF_BIT(a), rook_dirs);
            }
        }
    }
    uint64_t zs = 0x1234567890ABCDEFULL;
    for (int p = 0; p < 16; p++)
        for (int sq = 0; sq < 64; sq++)
            t->z_piece[p][sq] = prng_next(&zs);
    for (int i = 0; i < 16; i++)
        t->z_castle[i] = 0;
    for (int i = 0; i < 4; i++) { /* a castling key is the xor of its single-right keys */
        uint64_t k = prng_next(&zs);
        for (int j = 0; j < 16; j++)
            if (j & (1 << i))
                t->z_castle[j] ^= k;
    }
    for (int i = 0; i < 8; i++)
        t->z_ep[i] = prng_next(&zs);
    t->z_side = prng_next(&zs);
    t->ready = 1;
    return 0;
}
