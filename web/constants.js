// SPDX-License-Identifier: MIT
// constants.js: the numbers the JS layer passes to the C cores or reads back
// from them, named once. Every value copies one from a public C header:
// key K of group G is the C constant WF_<G>_<K> (JPEG.ENCODE_RGBA8 is
// WF_JPEG_ENCODE_RGBA8 in wf/jpeg_encode.h), and a key of STATUS is the
// stable code string of a wf_status (STATUS.CHESS_BAD_FEN is the number of
// WF_CHESS_BAD_FEN). tests/js/constants.test.js reads the headers and checks
// every value, so a change on the C side cannot silently desynchronise JS.
// Internal to the package (not an entry point of its own). ES5 syntax (plus
// export), because the legacy bundle is built from it.

/** wf_status numbers (wf/status.h) the JS layer tests for. */
export var STATUS = Object.freeze({
  OK: 0,
  BUFFER_TOO_SMALL: 4,
  CHESS_BAD_FEN: 400,
});

/** wf/png.h */
export var PNG = Object.freeze({
  DEFAULT_MAX_PIXELS: 100000000,
  META_GAMA: 1,
  META_CHRM: 2,
  META_SRGB: 4,
  META_ICCP: 8,
  META_PHYS: 16,
  TEXT_TEXT: 0,
  TEXT_ZTXT: 1,
  TEXT_ITXT: 2,
  TEXT_KEYWORD: 0,
  TEXT_VALUE: 1,
  TEXT_LANGUAGE: 2,
  TEXT_TRANSLATED_KEYWORD: 3,
  FRAME_X: 0,
  FRAME_Y: 1,
  FRAME_WIDTH: 2,
  FRAME_HEIGHT: 3,
  FRAME_DELAY_NUM: 4,
  FRAME_DELAY_DEN: 5,
  FRAME_DISPOSE: 6,
  FRAME_BLEND: 7,
  FRAME_IS_DEFAULT_IMAGE: 8,
  PIXELS_GREY8: 1,
  PIXELS_GREY_ALPHA8: 2,
  PIXELS_RGB8: 3,
  PIXELS_RGBA8: 4,
  PIXELS_RGBA16: 8,
  ENCODE_INTERLACE: 1,
});

/** wf/jpeg.h and wf/jpeg_encode.h */
export var JPEG = Object.freeze({
  DEFAULT_MAX_PIXELS: 100000000,
  CS_UNKNOWN: 0,
  CS_GRAY: 1,
  CS_YCBCR: 2,
  CS_RGB: 3,
  CS_CMYK: 4,
  CS_YCCK: 5,
  SUB_NONE: 0,
  SUB_444: 1,
  SUB_422: 2,
  SUB_420: 3,
  SUB_440: 4,
  SUB_411: 5,
  SUB_OTHER: 6,
  ENCODE_RGBA8: 1,
  ENCODE_444: 0,
  ENCODE_422: 1,
  ENCODE_420: 2,
  ENCODE_GREY: 3,
  ENCODE_OPTIMIZE: 1,
  ENCODE_PROGRESSIVE: 2,
});

/** wf/chess.h: the values of wf_chess_game_state(). */
export var CHESS = Object.freeze({
  ONGOING: 0,
  CHECKMATE: 1,
  STALEMATE: 2,
  DRAW_FIFTY: 3,
  DRAW_REPETITION: 4,
  DRAW_MATERIAL: 5,
});
