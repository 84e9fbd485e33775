/* SPDX-License-Identifier: MIT
 *
 * nnue.h: the neural evaluation (an efficiently updatable network), private
 * to core/chess. Trained by tools/nnue (train.c) on self-play positions of
 * this engine (datagen.c). A network is either compiled in (core/chess/nnue.net
 * when the build finds one, see CMakeLists.txt) or given at run time
 * (wf_chess_set_net); each engine decodes its own read-only copy, which the
 * evaluation states of its searches point to (they may share it: it is never
 * written after wf_nnue_load).
 *
 * Network: 768 inputs per perspective (piece colour relative to the
 * perspective x 6 types x 64 squares, squares mirrored vertically for Black)
 * -> hidden accumulator units (int16, weights shared by the two
 * perspectives) -> SCReLU (clamp to [0, QA], squared) of [side to move,
 * other side] -> one output. Evaluation in centipawns:
 *     (sum(c^2 * w_out) / QA + bias) * 400 / (QA * QB)
 * with integer arithmetic only, so every backend (native, Wasm, Wasm SIMD,
 * wasm2js) gives the same score.
 *
 * File format (written by tools/nnue/train.c), little-endian: "WFNN", u32
 * version 1, u32 hidden size H (a multiple of 16, at most 256), int16
 * feature weights [768][H] (x QA), int16 feature biases [H] (x QA), int16
 * output weights [2H] (x QB, within +-127), int32 output bias (x QA x QB).
 *
 * The accumulator of a position is the bias plus the weight rows of its
 * pieces; a move changes at most four rows (two removed, two added), so the
 * search keeps one accumulator per ply and derives a child's from its
 * parent's (wf_nnue_update) instead of summing 32 rows (wf_nnue_refresh).
 */
#ifndef WF_CHESS_NNUE_H
#define WF_CHESS_NNUE_H
#include <stddef.h>
#include "board.h"

#define WF_NNUE_MAX_HIDDEN 256
#define WF_NNUE_INPUTS 768
#define WF_NNUE_QA 255
#define WF_NNUE_QB 64
#define WF_NNUE_SCALE 400

/* A decoded network (read-only once loaded). */
typedef struct wf_nnue_net {
    int hidden;
    int16_t *ft;      /* [WF_NNUE_INPUTS][hidden] */
    int16_t *ft_bias; /* [hidden] */
    int16_t *out;     /* [2 * hidden]: side to move's units, then the other side's */
    int32_t out_bias;
} wf_nnue_net;

typedef struct wf_nnue_acc {
    _Alignas(16) int16_t v[2][WF_NNUE_MAX_HIDDEN]; /* [perspective: White, Black][unit] */
} wf_nnue_acc;

/* The feature changes of one move: up to two rows added and two removed per
 * perspective (feature indices seen from White; Black's are derived). */
typedef struct wf_nnue_delta {
    uint8_t nadd, nsub;
    uint16_t add[2], sub[2];
} wf_nnue_delta;

/* The compiled-in network file (nnue_net.c, generated at build time);
 * wf_nnue_embedded_size is 0 when the build embeds none. */
extern const unsigned char wf_nnue_embedded_data[];
extern const unsigned int wf_nnue_embedded_size;

/* Decodes a network file into a new heap block (*ret, freed with
 * wf_nnue_free). WF_OK, WF_ERR_CORRUPT_DATA for a malformed file (wrong
 * magic, version, size, or weights out of the quantised ranges) or
 * WF_ERR_OUT_OF_MEMORY. */
int wf_nnue_load(const unsigned char *data, size_t size, wf_nnue_net **ret);
void wf_nnue_free(wf_nnue_net *net);

void wf_nnue_refresh(const wf_nnue_net *net, const wf_board *b, wf_nnue_acc *acc);
/* The delta of move m in position b (before the move is made). */
void wf_nnue_delta_of(const wf_board *b, wf_move m, wf_nnue_delta *d);
void wf_nnue_update(const wf_nnue_net *net, const wf_nnue_acc *from, wf_nnue_acc *to, const wf_nnue_delta *d);
/* Score in centipawns from the view of `side` (the side to move). */
int wf_nnue_evaluate(const wf_nnue_net *net, const wf_nnue_acc *acc, int side);

#endif
