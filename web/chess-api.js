// SPDX-License-Identifier: MIT
// chess-api.js: the synchronous chess API over the C core (wf/chess.h): the
// rules helpers (legal moves, game state, SAN, perft), a fixed-depth search,
// and ChessContext (one engine on this thread, driven line by line),
// independent of how the module was loaded. web/chess.js binds it to the
// loader; the legacy bundle binds it to the embedded wasm2js build.
//
// ES5 syntax (plus import/export), because the legacy bundle is built from it.

import { WasmforgeError } from './errors.js';
import { STATUS, CHESS } from './constants.js';

export var START_FEN = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

var GAME_STATES = {};
GAME_STATES[CHESS.ONGOING] = 'ongoing';
GAME_STATES[CHESS.CHECKMATE] = 'checkmate';
GAME_STATES[CHESS.STALEMATE] = 'stalemate';
GAME_STATES[CHESS.DRAW_FIFTY] = 'fifty-move';
GAME_STATES[CHESS.DRAW_REPETITION] = 'threefold-repetition';
GAME_STATES[CHESS.DRAW_MATERIAL] = 'insufficient-material';
var MAX_SEARCH_DEPTH = 64;

function now() {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function isInteger(value) {
  return typeof value === 'number' && isFinite(value) && Math.floor(value) === value;
}

function allocEngine(rt) {
  var e = rt.exports.wf_chess_engine_alloc();
  if (!e) throw new WasmforgeError('OUT_OF_MEMORY', 'chess: could not allocate an engine');
  return e;
}

export function withString(rt, text, fn) {
  var p = rt.stringIn(String(text));
  try {
    return fn(p);
  } finally {
    rt.free(p);
  }
}

function command(rt, e, line, nowMs) {
  return withString(rt, line, function (p) { return rt.exports.wf_chess_command(e, p, nowMs); });
}

// The context behind the synchronous helpers: one per module instance, with a small hash table.
export function helper(rt) {
  if (!rt.state.chess) {
    var e = allocEngine(rt);
    command(rt, e, 'setoption name Hash value 1', 0);
    rt.exports.wf_chess_output_clear(e);
    rt.state.chess = e;
  }
  return rt.state.chess;
}

// Throws the engine's own message (it names the FEN field, the bad move...).
function fail(rt, e, status, what) {
  var code = rt.string(rt.exports.wf_status_name(status));
  var detail = rt.string(rt.exports.wf_chess_error_message(e));
  var text = what + ': ' + (detail || rt.string(rt.exports.wf_status_message(status)));
  if (status === STATUS.CHESS_BAD_FEN) throw new WasmforgeError(code, text, rt.exports.wf_chess_error_offset(e) >>> 0);
  throw new WasmforgeError(code, text);
}

export function setPosition(rt, e, fen, moves, what) {
  var text = fen === undefined || fen === null || fen === 'startpos' ? START_FEN : fen;
  if (typeof text !== 'string') throw new WasmforgeError('INVALID_ARGUMENT', what + ': fen must be a string');
  var st = withString(rt, text, function (p) { return rt.exports.wf_chess_set_fen(e, p); });
  if (st !== 0) fail(rt, e, st, what);
  var list = moves || [];
  for (var i = 0; i < list.length; i++) {
    var s = withString(rt, list[i], function (p) { return rt.exports.wf_chess_make_move(e, p); });
    if (s !== 0) fail(rt, e, s, what + ': move "' + list[i] + '"');
  }
}

// Output text -> lines.
function takeOutput(rt, e) {
  var x = rt.exports;
  var text = rt.string(x.wf_chess_output(e));
  x.wf_chess_output_clear(e);
  return text ? text.replace(/\n$/, '').split('\n') : [];
}

// The fields of the last 'info depth' line of a search.
function lastInfo(lines) {
  for (var i = lines.length - 1; i >= 0; i--) {
    var l = lines[i];
    if (l.indexOf('info depth ') !== 0) continue;
    var m = / score (cp|mate) (-?\d+)/.exec(l);
    var pv = / pv (.*)$/.exec(l);
    return {
      depth: Number(/ depth (\d+)/.exec(l)[1]),
      score: m ? (m[1] === 'cp' ? { cp: Number(m[2]) } : { mate: Number(m[2]) }) : null,
      nodes: Number((/ nodes (\d+)/.exec(l) || [0, 0])[1]),
      pv: pv ? pv[1].split(' ') : []
    };
  }
  return null;
}

/**
 * Builds the API around getRuntime(), which returns the runtime of the loaded
 * module (web/runtime.js) or throws when it is not loaded yet.
 */
export function createChessApi(getRuntime) {
  function run(fn) {
    return getRuntime().run(fn);
  }

  // A move in one notation -> the other (exportName: wf_chess_move_to_san or wf_chess_san_to_uci).
  function convertMove(fen, move, exportName, what) {
    return run(function (rt) {
      var e = helper(rt);
      setPosition(rt, e, fen, [], what);
      var p = withString(rt, move, function (s) { return rt.exports[exportName](e, s); });
      if (!p) throw new WasmforgeError('CHESS_ILLEGAL_MOVE', what + ': "' + move + '" is not a legal move');
      return rt.string(p);
    });
  }

  /**
   * An engine on this thread, driven by hand: command(line) feeds one UCI line,
   * slice(maxNodes) runs the pending search for at most about maxNodes nodes and
   * returns true while it is still running; both return the output lines they
   * produced. Call free() when done. Used by the Worker, the command line and
   * tests; in a page, prefer createEngine(), which keeps the main thread free.
   * @constructor
   */
  function ChessContext() {
    var rt = getRuntime();
    this._rt = rt;
    this._resets = rt.resets;
    this._e = rt.run(function () { return allocEngine(rt); });
    this.lastStatus = 0;
  }

  ChessContext.prototype._live = function () {
    if (!this._e) throw new WasmforgeError('INVALID_ARGUMENT', 'ChessContext: used after free()');
    if (this._rt.resets !== this._resets) {
      this._e = 0;
      throw new WasmforgeError('INTERNAL_ERROR', 'ChessContext: the module was reset; create a new context');
    }
    return this._rt.exports;
  };

  /** Feeds one UCI line; returns the output lines. The status is kept in lastStatus. */
  ChessContext.prototype.command = function (line, nowMs) {
    var self = this;
    var t = nowMs === undefined ? now() : nowMs;
    this._live();
    return this._rt.run(function (rt) {
      self.lastStatus = command(rt, self._e, line, t);
      return takeOutput(rt, self._e);
    });
  };

  /**
   * Runs a slice of at most about maxNodes nodes (default 20000); returns
   * { running, waiting, lines }. `waiting`: an infinite or ponder search has
   * finished its work and only waits for 'stop'.
   */
  ChessContext.prototype.slice = function (maxNodes, nowMs) {
    var self = this;
    var n = maxNodes === undefined ? 20000 : maxNodes;
    var t = nowMs === undefined ? now() : nowMs;
    this._live();
    return this._rt.run(function (rt) {
      var r = rt.exports.wf_chess_search_slice(self._e, t, n >>> 0);
      return { running: r !== 0, waiting: r === 2, lines: takeOutput(rt, self._e) };
    });
  };

  /**
   * Experimental: gives the engine a network of the neural evaluation (a
   * file of tools/nnue/train.c, copied), or null for the one compiled into
   * the build (if any). Used while the UCI option "Use NNUE" is true.
   * Throws INVALID_ARGUMENT for a malformed file, CHESS_BUSY during a search.
   */
  ChessContext.prototype.setNet = function (bytes) {
    var self = this;
    this._live();
    if (bytes !== null && !(bytes instanceof Uint8Array)) {
      throw new WasmforgeError('INVALID_ARGUMENT', 'setNet: expected a Uint8Array or null');
    }
    this._rt.run(function (rt) {
      var n = bytes ? bytes.length : 0;
      var p = n ? rt.copyIn(bytes) : 0;
      try {
        var st = rt.exports.wf_chess_set_net(self._e, p, n);
        if (st) throw new WasmforgeError(rt.string(rt.exports.wf_status_name(st)), 'setNet: ' + rt.string(rt.exports.wf_status_message(st)));
      } finally {
        if (p) rt.exports.wf_free(p);
      }
    });
  };

  /**
   * The error of the last command(), or null: { code, message } (code: the
   * stable string of lastStatus, e.g. 'CHESS_BAD_FEN').
   */
  Object.defineProperty(ChessContext.prototype, 'lastError', {
    get: function () {
      if (!this.lastStatus) return null;
      var x = this._live();
      var rt = this._rt;
      return {
        code: rt.string(x.wf_status_name(this.lastStatus)),
        message: rt.string(x.wf_chess_error_message(this._e)) || rt.string(x.wf_status_message(this.lastStatus))
      };
    },
    configurable: true
  });

  /** True once 'quit' was received. */
  Object.defineProperty(ChessContext.prototype, 'quitRequested', {
    get: function () { return this._live().wf_chess_quit_requested(this._e) === 1; },
    configurable: true
  });

  /** True while a search started by 'go' runs. */
  Object.defineProperty(ChessContext.prototype, 'searching', {
    get: function () { return this._live().wf_chess_searching(this._e) === 1; },
    configurable: true
  });

  ChessContext.prototype.free = function () {
    if (this._e && this._rt.resets === this._resets) this._rt.exports.wf_chess_engine_free(this._e);
    this._e = 0;
  };

  return {
    ChessContext: ChessContext,

    /** The legal moves of a position (FEN or 'startpos', then optional moves) in UCI form. */
    legalMoves: function (fen, moves) {
      return run(function (rt) {
        var e = helper(rt);
        setPosition(rt, e, fen, moves, 'legalMoves');
        var s = rt.string(rt.exports.wf_chess_legal_moves(e));
        return s ? s.split(' ') : [];
      });
    },

    /** Number of leaf nodes of the legal move tree to `depth` (0-10); exact up to 2^53. */
    perft: function (fen, depth) {
      if (!isInteger(depth) || depth < 0 || depth > 10) {
        throw new WasmforgeError('INVALID_ARGUMENT', 'perft: depth must be an integer from 0 to 10, got ' + depth);
      }
      return run(function (rt) {
        var e = helper(rt);
        setPosition(rt, e, fen, [], 'perft');
        var out = rt.alloc(8);
        try {
          var st = rt.exports.wf_chess_perft(e, depth, out, out + 4);
          if (st !== 0) fail(rt, e, st, 'perft');
          return rt.readU32(out + 4) * 4294967296 + rt.readU32(out);
        } finally {
          rt.free(out);
        }
      });
    },

    /**
     * The state of a game: { state, check, fen } where state is 'ongoing',
     * 'checkmate', 'stalemate', 'fifty-move', 'threefold-repetition' or
     * 'insufficient-material'. Repetitions count only within `moves`.
     */
    gameState: function (fen, moves) {
      return run(function (rt) {
        var e = helper(rt);
        setPosition(rt, e, fen, moves, 'gameState');
        return {
          state: GAME_STATES[rt.exports.wf_chess_game_state(e)],
          check: rt.exports.wf_chess_in_check(e) === 1,
          fen: rt.string(rt.exports.wf_chess_get_fen(e))
        };
      });
    },

    /** The FEN after playing `moves` (UCI or SAN) from `fen`; validates the FEN. */
    applyMoves: function (fen, moves) {
      return run(function (rt) {
        var e = helper(rt);
        setPosition(rt, e, fen, moves, 'applyMoves');
        return rt.string(rt.exports.wf_chess_get_fen(e));
      });
    },

    /** The SAN of a legal move given in UCI form; throws CHESS_ILLEGAL_MOVE. */
    toSan: function (fen, uciMove) { return convertMove(fen, uciMove, 'wf_chess_move_to_san', 'toSan'); },

    /** The UCI form of a legal move given in SAN; throws CHESS_ILLEGAL_MOVE. */
    fromSan: function (fen, san) { return convertMove(fen, san, 'wf_chess_san_to_uci', 'fromSan'); },

    /**
     * Searches a position on this thread until `depth` (1-64) or `nodes` is
     * reached, with a fresh engine (so the result depends only on the position
     * and the limits, and is the same on every backend), and returns
     * { bestmove, ponder, depth, score: {cp}|{mate}|null, nodes, pv, lines }.
     * It blocks the thread until done: keep the limits small, or use
     * createEngine() in a page. options: { depth?, nodes?, hash? (MB, default 1) };
     * depth or nodes is required.
     */
    search: function (fen, moves, options) {
      var o = options || {};
      var go = 'go';
      if (o.depth !== undefined) {
        if (!isInteger(o.depth) || o.depth < 1 || o.depth > MAX_SEARCH_DEPTH) {
          throw new WasmforgeError('INVALID_ARGUMENT', 'search: depth must be an integer from 1 to ' + MAX_SEARCH_DEPTH + ', got ' + o.depth);
        }
        go += ' depth ' + o.depth;
      }
      if (o.nodes !== undefined) {
        if (!isInteger(o.nodes) || o.nodes < 1 || o.nodes > 4294967295) {
          throw new WasmforgeError('INVALID_ARGUMENT', 'search: nodes must be a positive integer, got ' + o.nodes);
        }
        go += ' nodes ' + o.nodes;
      }
      if (go === 'go') throw new WasmforgeError('INVALID_ARGUMENT', 'search: give options.depth or options.nodes');
      var hash = o.hash === undefined ? 1 : o.hash;
      if (!isInteger(hash) || hash < 1 || hash > 1024) {
        throw new WasmforgeError('INVALID_ARGUMENT', 'search: hash must be an integer from 1 to 1024 (MB), got ' + hash);
      }
      return run(function (rt) {
        var e = allocEngine(rt);
        try {
          var st = command(rt, e, 'setoption name Hash value ' + hash, 0);
          if (st !== 0) fail(rt, e, st, 'search');
          setPosition(rt, e, fen, moves, 'search');
          rt.exports.wf_chess_output_clear(e);
          // The position is set; 'go' searches from it (a 'position' line would reset it).
          st = command(rt, e, go, 0);
          if (st !== 0) fail(rt, e, st, 'search');
          var lines = takeOutput(rt, e);
          while (rt.exports.wf_chess_search_slice(e, 0, 100000) !== 0) lines = lines.concat(takeOutput(rt, e));
          lines = lines.concat(takeOutput(rt, e));
          var best = lines.length ? /^bestmove (\S+)(?: ponder (\S+))?/.exec(lines[lines.length - 1]) : null;
          if (!best) throw new WasmforgeError('INTERNAL_ERROR', 'search: the engine gave no bestmove');
          var info = lastInfo(lines) || { depth: 0, score: null, nodes: 0, pv: [] };
          return {
            bestmove: best[1] === '(none)' ? null : best[1],
            ponder: best[2] || null,
            depth: info.depth,
            score: info.score,
            nodes: info.nodes,
            pv: info.pv,
            lines: lines
          };
        } finally {
          rt.exports.wf_chess_engine_free(e);
        }
      });
    }
  };
}
