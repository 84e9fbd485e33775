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

import { defineCore } from './loader.js';
import { WasmforgeError } from './errors.js';
import { createChessApi } from './chess-api.js';

export { WasmforgeError };

const core = defineCore({
  name: 'chess',
  wasmUrl: () => new URL('../dist/chess.wasm', import.meta.url),
  wasm2js: () => import('../dist/chess.wasm2js.js'),
});

/**
 * Loads the core on this thread (needed for the synchronous helpers and
 * ChessContext; a Worker engine loads its own copy).
 * @param {{backend?: 'auto'|'wasm'|'wasm2js', url?: string|URL, module?: WebAssembly.Module}} [options]
 * @returns {Promise<string>} the active backend
 */
export const init = core.init;
/**
 * The compiled WebAssembly.Module of this core's best (or the given) backend,
 * for a Worker host to post to its Workers, which pass it to init({backend, module})
 * and so skip compiling (compiled once per page; see web/loader.js).
 * @param {{backend?: 'auto'|'wasm-simd'|'wasm'|'wasm2js', url?: string|URL}} [options]
 * @returns {Promise<{backend: string, module: WebAssembly.Module|null}>} module null for wasm2js
 */
export const compileModule = core.compileModule;
/** @returns {string|null} the active backend, null before init() */
export const backend = core.backend;
/** @returns {number} bytes of linear memory of the loaded module (a diagnostic) */
export const memorySize = core.memorySize;

const api = createChessApi(core.runtime);

/**
 * The synchronous helpers and ChessContext, on this thread (web/chess-api.js):
 * legalMoves(fen = 'startpos', moves = []), perft(fen, depth), gameState(fen, moves),
 * applyMoves(fen, moves), toSan(fen, uciMove), fromSan(fen, san),
 * search(fen, moves, {depth, nodes, hash}) and new ChessContext().
 */
export const { legalMoves, perft, gameState, applyMoves, toSan, fromSan, search, ChessContext } = api;
export { START_FEN } from './chess-api.js';

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);

/**
 * Starts an engine in a module Worker (browsers) or a worker_threads Worker
 * (Node). options: { backend?, sliceNodes? (a fixed slice size; default:
 * adapted so a slice takes about 5 ms), workerUrl? }.
 * @returns {Promise<Engine>}
 */
export async function createEngine(options = {}) {
  const url = options.workerUrl ? new URL(options.workerUrl, isNode ? undefined : globalThis.location?.href)
    : new URL('./chess-worker.js', import.meta.url);
  let port;
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(url);
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
    const w = new Worker(url, { type: 'module' });
    port = {
      post: (m) => w.postMessage(m),
      listen: (fn) => w.addEventListener('message', (ev) => fn(ev.data)),
      onError: (fn) => w.addEventListener('error', (ev) => fn(ev.error || new Error(ev.message))),
      terminate: () => w.terminate(),
    };
  }
  const engine = new Engine(port);
  // The Worker gets this page's compiled module (compiled once per page)
  // instead of fetching and compiling its own.
  let compiled = { backend: options.backend, module: null };
  try {
    compiled = await compileModule({ backend: options.backend });
  } catch (e) {
    port.terminate();
    throw e;
  }
  await engine._start({ backend: compiled.backend, module: compiled.module, sliceNodes: options.sliceNodes });
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
