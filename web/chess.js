// SPDX-License-Identifier: MIT
// wasmforge/chess: a UCI chess engine (C core, wf/chess.h) for browsers and Node.
//
//   import { init, createEngine, legalMoves, perft } from 'wasmforge/chess';
//   await init();                                  // loads the core on this thread
//   legalMoves('startpos');                        // ['a2a3', ...] (synchronous helpers)
//   const engine = await createEngine();           // the engine in a module Worker (Node: worker_threads)
//   engine.onLine((line) => console.log(line));
//   engine.send('position startpos moves e2e4');
//   engine.send('go movetime 1000');
//   const best = await engine.waitFor('bestmove');
//   engine.terminate();
//
// The engine never blocks its thread for long: a search runs in slices of a
// bounded number of nodes, with a macrotask between slices, so 'stop' (and any
// other line) sent to a Worker engine is handled within a slice. No
// SharedArrayBuffer is needed, and the same holds for the wasm2js backend.
// Errors are WasmforgeError with a stable `code`.

import { defineCore, importNodeBuiltin } from './loader.js';
import { WasmforgeError } from './errors.js';

export { WasmforgeError };

const core = defineCore({
  name: 'chess',
  wasmUrl: () => new URL('../dist/chess.wasm', import.meta.url),
  wasm2js: () => import(/* webpackChunkName: "chess.wasm2js" */ '../dist/chess.wasm2js.js'),
});

/**
 * Loads the core on this thread (needed for the synchronous helpers and
 * ChessContext; a Worker engine loads its own copy).
 * @param {{backend?: 'auto'|'wasm'|'wasm2js', url?: string|URL, module?: WebAssembly.Module}} [options]
 * @returns {Promise<string>} the active backend
 */
export const init = core.init;
/** @returns {string|null} the active backend, null before init() */
export const backend = core.backend;
/** @returns {number} bytes of linear memory of the loaded module (a diagnostic) */
export const memorySize = core.memorySize;

export const START_FEN = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';

const GAME_STATES = ['ongoing', 'checkmate', 'stalemate', 'fifty-move', 'threefold-repetition', 'insufficient-material'];

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function allocEngine(rt) {
  const e = rt.exports.wf_chess_engine_alloc();
  if (!e) throw new WasmforgeError('OUT_OF_MEMORY', 'chess: could not allocate an engine');
  return e;
}

// The context behind the synchronous helpers: one per module instance, with a small hash table.
function helper(rt) {
  if (!rt.state.chess) {
    const e = allocEngine(rt);
    withString(rt, 'setoption name Hash value 1', (p) => rt.exports.wf_chess_command(e, p, 0));
    rt.exports.wf_chess_output_clear(e);
    rt.state.chess = e;
  }
  return rt.state.chess;
}

function withString(rt, text, fn) {
  const p = rt.stringIn(String(text));
  try {
    return fn(p);
  } finally {
    rt.free(p);
  }
}

// Throws the engine's own message (it names the FEN field, the bad move...).
function fail(rt, e, status, what) {
  const code = rt.string(rt.exports.wf_status_name(status));
  const detail = rt.string(rt.exports.wf_chess_error_message(e));
  const text = `${what}: ${detail || rt.string(rt.exports.wf_status_message(status))}`;
  if (status === 400) throw new WasmforgeError(code, text, rt.exports.wf_chess_error_offset(e) >>> 0);
  throw new WasmforgeError(code, text);
}

function setPosition(rt, e, fen, moves, what) {
  const text = fen === undefined || fen === null || fen === 'startpos' ? START_FEN : fen;
  if (typeof text !== 'string') throw new WasmforgeError('INVALID_ARGUMENT', `${what}: fen must be a string`);
  const st = withString(rt, text, (p) => rt.exports.wf_chess_set_fen(e, p));
  if (st !== 0) fail(rt, e, st, what);
  for (const m of moves || []) {
    const s = withString(rt, m, (p) => rt.exports.wf_chess_make_move(e, p));
    if (s !== 0) fail(rt, e, s, `${what}: move "${m}"`);
  }
}

function run(fn) {
  return core.runtime().run(fn);
}

/** The legal moves of a position (FEN or 'startpos', then optional moves) in UCI form. */
export function legalMoves(fen = 'startpos', moves = []) {
  return run((rt) => {
    const e = helper(rt);
    setPosition(rt, e, fen, moves, 'legalMoves');
    const s = rt.string(rt.exports.wf_chess_legal_moves(e));
    return s ? s.split(' ') : [];
  });
}

/** Number of leaf nodes of the legal move tree to `depth` (0-10); exact up to 2^53. */
export function perft(fen, depth) {
  if (!Number.isInteger(depth) || depth < 0 || depth > 10) {
    throw new WasmforgeError('INVALID_ARGUMENT', `perft: depth must be an integer from 0 to 10, got ${depth}`);
  }
  return run((rt) => {
    const e = helper(rt);
    setPosition(rt, e, fen, [], 'perft');
    const out = rt.alloc(8);
    try {
      const st = rt.exports.wf_chess_perft(e, depth, out, out + 4);
      if (st !== 0) fail(rt, e, st, 'perft');
      return rt.readU32(out + 4) * 4294967296 + rt.readU32(out);
    } finally {
      rt.free(out);
    }
  });
}

/**
 * The state of a game: { state, check, fen } where state is 'ongoing',
 * 'checkmate', 'stalemate', 'fifty-move', 'threefold-repetition' or
 * 'insufficient-material'. Repetitions count only within `moves`.
 */
export function gameState(fen = 'startpos', moves = []) {
  return run((rt) => {
    const e = helper(rt);
    setPosition(rt, e, fen, moves, 'gameState');
    return {
      state: GAME_STATES[rt.exports.wf_chess_game_state(e)],
      check: rt.exports.wf_chess_in_check(e) === 1,
      fen: rt.string(rt.exports.wf_chess_get_fen(e)),
    };
  });
}

/** The FEN after playing `moves` (UCI or SAN) from `fen`; validates the FEN. */
export function applyMoves(fen = 'startpos', moves = []) {
  return run((rt) => {
    const e = helper(rt);
    setPosition(rt, e, fen, moves, 'applyMoves');
    return rt.string(rt.exports.wf_chess_get_fen(e));
  });
}

/** The SAN of a legal move given in UCI form; throws CHESS_ILLEGAL_MOVE. */
export function toSan(fen, uciMove) {
  return run((rt) => {
    const e = helper(rt);
    setPosition(rt, e, fen, [], 'toSan');
    const p = withString(rt, uciMove, (s) => rt.exports.wf_chess_move_to_san(e, s));
    if (!p) throw new WasmforgeError('CHESS_ILLEGAL_MOVE', `toSan: "${uciMove}" is not a legal move`);
    return rt.string(p);
  });
}

/** The UCI form of a legal move given in SAN; throws CHESS_ILLEGAL_MOVE. */
export function fromSan(fen, san) {
  return run((rt) => {
    const e = helper(rt);
    setPosition(rt, e, fen, [], 'fromSan');
    const p = withString(rt, san, (s) => rt.exports.wf_chess_san_to_uci(e, s));
    if (!p) throw new WasmforgeError('CHESS_ILLEGAL_MOVE', `fromSan: "${san}" is not a legal move`);
    return rt.string(p);
  });
}

/**
 * An engine on this thread, driven by hand: command(line) feeds one UCI line,
 * slice(maxNodes) runs the pending search for at most about maxNodes nodes and
 * returns true while it is still running; both return the output lines they
 * produced. Call free() when done. Used by the Worker and by tests; in a page,
 * prefer createEngine(), which keeps the main thread free.
 */
export class ChessContext {
  constructor() {
    const rt = core.runtime();
    this._rt = rt;
    this._resets = rt.resets;
    this._e = rt.run(() => allocEngine(rt));
    this.lastStatus = 0;
  }

  _live() {
    if (!this._e) throw new WasmforgeError('INVALID_ARGUMENT', 'ChessContext: used after free()');
    if (this._rt.resets !== this._resets) {
      this._e = 0;
      throw new WasmforgeError('INTERNAL_ERROR', 'ChessContext: the module was reset; create a new context');
    }
    return this._rt.exports;
  }

  _take() {
    const x = this._rt.exports;
    const text = this._rt.string(x.wf_chess_output(this._e));
    x.wf_chess_output_clear(this._e);
    return text ? text.replace(/\n$/, '').split('\n') : [];
  }

  /** Feeds one UCI line; returns the output lines. The status is kept in lastStatus. */
  command(line, nowMs = now()) {
    this._live();
    return this._rt.run((rt) => {
      this.lastStatus = withString(rt, line, (p) => rt.exports.wf_chess_command(this._e, p, nowMs));
      return this._take();
    });
  }

  /**
   * Runs a slice; returns { running, waiting, lines }. `waiting`: an infinite or
   * ponder search has finished its work and only waits for 'stop'.
   */
  slice(maxNodes = 20000, nowMs = now()) {
    this._live();
    return this._rt.run((rt) => {
      const r = rt.exports.wf_chess_search_slice(this._e, nowMs, maxNodes >>> 0);
      return { running: r !== 0, waiting: r === 2, lines: this._take() };
    });
  }

  /** True once 'quit' was received. */
  get quitRequested() {
    return this._live().wf_chess_quit_requested(this._e) === 1;
  }

  /** True while a search started by 'go' runs. */
  get searching() {
    return this._live().wf_chess_searching(this._e) === 1;
  }

  free() {
    if (this._e && this._rt.resets === this._resets) this._rt.exports.wf_chess_engine_free(this._e);
    this._e = 0;
  }
}

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);
// Not a literal in new URL(): bundlers would copy the file as a raw asset for the Node path.
const WORKER_FILE = './chess-worker.js';

/**
 * Starts an engine in a module Worker (browsers) or a worker_threads Worker
 * (Node). options: { backend?, module? (a compiled WebAssembly.Module of
 * chess.wasm, handed to the Worker), sliceNodes? (a fixed slice size; default:
 * adapted so a slice takes about 5 ms), workerUrl? (where chess-worker.js is,
 * when a bundler cannot find it) }.
 * @returns {Promise<Engine>}
 */
export async function createEngine(options = {}) {
  const custom = options.workerUrl ? new URL(options.workerUrl, isNode ? undefined : globalThis.location?.href) : null;
  let port;
  if (isNode) {
    const { Worker } = await importNodeBuiltin('node:worker_threads');
    const w = new Worker(custom || new URL(WORKER_FILE, import.meta.url));
    port = {
      post: (m) => w.postMessage(m),
      listen: (fn) => w.on('message', fn),
      onError: (fn) => {
        w.on('error', fn);
        w.on('exit', () => fn(new WasmforgeError('INVALID_ARGUMENT', 'chess engine: the worker has exited')));
      },
      terminate: () => w.terminate(),
    };
  } else {
    // Written out in full so that bundlers (Vite, webpack) see a module Worker
    // and bundle chess-worker.js as one.
    const w = custom ? new Worker(custom, { type: 'module' })
      : new Worker(new URL('./chess-worker.js', import.meta.url), { type: 'module' });
    port = {
      post: (m) => w.postMessage(m),
      listen: (fn) => w.addEventListener('message', (ev) => fn(ev.data)),
      onError: (fn) => w.addEventListener('error', (ev) => fn(ev.error || new Error(ev.message))),
      terminate: () => w.terminate(),
    };
  }
  const engine = new Engine(port);
  await engine._start({ backend: options.backend, module: options.module, sliceNodes: options.sliceNodes });
  return engine;
}

/** A Worker-hosted engine (see createEngine). */
export class Engine {
  constructor(port) {
    this._port = port;
    this._listeners = new Set();
    this._queue = [];
    this._waiters = [];
    this._closed = false;
    this._error = null;
    this.backend = null;
    port.listen((m) => this._message(m));
    port.onError((e) => this._fail(e));
  }

  _start(config) {
    return new Promise((resolve, reject) => {
      this._ready = { resolve, reject };
      this._port.post({ type: 'init', backend: config.backend, module: config.module, sliceNodes: config.sliceNodes });
    });
  }

  _fail(e) {
    if (this._error) return;
    this._error = e instanceof Error ? e : new Error(String(e));
    if (this._ready) {
      this._ready.reject(this._error);
      this._ready = null;
    }
    for (const w of this._waiters.splice(0)) w.reject(this._error);
  }

  _message(m) {
    if (m.type === 'ready') {
      this.backend = m.backend;
      if (this._ready) this._ready.resolve(this);
      this._ready = null;
    } else if (m.type === 'error') {
      this._fail(new WasmforgeError(m.code || 'INTERNAL_ERROR', m.message));
    } else if (m.type === 'lines') {
      for (const line of m.lines) this._emit(line);
    }
  }

  _emit(line) {
    if (this._iterating) this._queue.push(line);
    for (const cb of [...this._listeners]) cb(line);
    const i = this._waiters.findIndex((w) => w.test(line));
    if (i >= 0) this._waiters.splice(i, 1)[0].resolve(line);
  }

  /** Sends one UCI line to the engine. */
  send(line) {
    if (this._closed) throw new WasmforgeError('INVALID_ARGUMENT', 'chess engine: send() after terminate()');
    this._port.post({ type: 'line', line: String(line) });
  }

  /** Calls cb(line) for every output line; returns a function that unsubscribes. */
  onLine(cb) {
    this._listeners.add(cb);
    return () => this._listeners.delete(cb);
  }

  /**
   * Resolves with the next output line that starts with `prefix` (a string)
   * or satisfies it (a function); rejects after timeoutMs (default: never).
   */
  waitFor(prefix, timeoutMs) {
    const test = typeof prefix === 'function' ? prefix : (l) => l.startsWith(prefix);
    return new Promise((resolve, reject) => {
      if (this._error) return reject(this._error);
      const w = { test, resolve, reject };
      if (timeoutMs !== undefined) {
        const t = setTimeout(() => {
          const i = this._waiters.indexOf(w);
          if (i >= 0) this._waiters.splice(i, 1);
          reject(new WasmforgeError('TIMEOUT', `chess engine: no "${prefix}" line within ${timeoutMs} ms`));
        }, timeoutMs);
        w.resolve = (l) => { clearTimeout(t); resolve(l); };
        w.reject = (e) => { clearTimeout(t); reject(e); };
      }
      this._waiters.push(w);
    });
  }

  /**
   * Async iterator over output lines, from the moment it starts (one iterator
   * at a time); breaking out of the loop ends it.
   */
  async *lines() {
    this._iterating = true;
    try {
      while (!this._closed) {
        if (this._queue.length) {
          yield this._queue.shift();
          continue;
        }
        await new Promise((resolve) => {
          const off = this.onLine(() => {
            off();
            resolve();
          });
          this._wake = () => {
            off();
            resolve();
          };
        });
      }
    } finally {
      this._iterating = false;
      this._queue.length = 0;
      this._wake = null;
    }
  }

  /** Sends 'stop': the running search ends and prints its bestmove. */
  stop() {
    this.send('stop');
  }

  /** Ends the Worker. */
  terminate() {
    if (this._closed) return;
    this._closed = true;
    if (this._wake) this._wake();
    this._port.terminate();
  }
}
