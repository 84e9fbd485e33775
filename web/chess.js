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
// Where SharedArrayBuffer works (Node, cross-origin isolated pages),
// createEngine({threads}) adds helper search threads (Lazy SMP: Workers over
// one shared memory, see web/chess-threads.js and web/chess-helper.js).
// Errors are WasmforgeError with a stable `code`.

import { defineCore, simdWorks } from './loader.js';
import { startWorker, coreCount, MAX_DEFAULT_SIZE } from './worker-pool.js';
import { WasmforgeError } from './errors.js';
import { createChessApi, helper, setPosition, withString, START_FEN } from './chess-api.js';

export { WasmforgeError };

const core = defineCore({
  name: 'chess',
  wasmUrl: () => new URL('../dist/chess.wasm', import.meta.url),
  simdUrl: () => new URL('../dist/chess.simd.wasm', import.meta.url),
  wasm2js: () => import(/* webpackChunkName: "chess.wasm2js" */ '../dist/chess.wasm2js.js'),
});

/**
 * Loads the core on this thread (needed for the synchronous helpers and
 * ChessContext; a Worker engine loads its own copy).
 * @param {{backend?: 'auto'|'wasm-simd'|'wasm'|'wasm2js', url?: string|URL, module?: WebAssembly.Module}} [options]
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

const run = (fn) => core.runtime().run(fn);

const UCI_MOVE = /^[a-h][1-8][a-h][1-8][qrbn]?$/;

function positionParts(position, what) {
  if (position === undefined || position === null || position === 'startpos') return { fen: START_FEN, moves: [] };
  if (typeof position === 'string') return { fen: position, moves: [] };
  if (typeof position === 'object' && !Array.isArray(position)) {
    const { fen = 'startpos', moves = [] } = position;
    if (typeof fen !== 'string') throw new WasmforgeError('INVALID_ARGUMENT', `${what}: position.fen must be a string`);
    if (!Array.isArray(moves) || moves.some((m) => typeof m !== 'string')) {
      throw new WasmforgeError('INVALID_ARGUMENT', `${what}: position.moves must be an array of move strings`);
    }
    return { fen: fen === 'startpos' ? START_FEN : fen, moves };
  }
  throw new WasmforgeError('INVALID_ARGUMENT', `${what}: a position is a FEN string, 'startpos' or {fen, moves}`);
}

/**
 * Checks a position and normalises it. `position`: a FEN, 'startpos', or
 * {fen, moves} with moves in UCI or SAN. Returns { fen (the start FEN, six
 * fields), moves (UCI), current (the FEN after the moves), legal (the legal
 * moves there, UCI) }. Throws CHESS_BAD_FEN, CHESS_ILLEGAL_MOVE (naming the
 * move and its index) or INVALID_ARGUMENT.
 */
export function resolvePosition(position, what = 'position') {
  const parts = positionParts(position, what);
  return run((rt) => {
    const e = helper(rt);
    setPosition(rt, e, parts.fen, [], what);
    const fen = rt.string(rt.exports.wf_chess_get_fen(e));
    const moves = [];
    parts.moves.forEach((m, i) => {
      let uci = null;
      if (UCI_MOVE.test(m) && withString(rt, m, (p) => rt.exports.wf_chess_move_to_san(e, p))) uci = m;
      else {
        const p = withString(rt, m, (q) => rt.exports.wf_chess_san_to_uci(e, q));
        if (p) uci = rt.string(p);
      }
      if (!uci || withString(rt, uci, (p) => rt.exports.wf_chess_make_move(e, p)) !== 0) {
        throw new WasmforgeError('CHESS_ILLEGAL_MOVE', `${what}: move ${i + 1} "${m}" is not legal in the position`);
      }
      moves.push(uci);
    });
    const legal = rt.string(rt.exports.wf_chess_legal_moves(e));
    return { fen, moves, current: rt.string(rt.exports.wf_chess_get_fen(e)), legal: legal ? legal.split(' ') : [] };
  });
}

/**
 * The SAN of a sequence of UCI moves played from `fen` (e.g. a PV); stops at
 * the first move that is not legal (so a PV from another position gives a
 * shorter list, never an error).
 */
export function sanMoves(fen, uciMoves) {
  return run((rt) => {
    const e = helper(rt);
    setPosition(rt, e, fen, [], 'sanMoves');
    const out = [];
    for (const m of uciMoves) {
      const p = withString(rt, m, (q) => rt.exports.wf_chess_move_to_san(e, q));
      if (!p) break;
      out.push(rt.string(p));
      if (withString(rt, m, (q) => rt.exports.wf_chess_make_move(e, q)) !== 0) break;
    }
    return out;
  });
}

/**
 * Parses one UCI "info" line into an object: { depth, seldepth, multipv,
 * score: {cp} | {mate}, bound: 'lower'|'upper'|undefined, nodes, nps,
 * hashfull, timeMs, pv: [...] , string }; fields the line lacks are absent.
 * Returns null for a line that is not an info line.
 */
export function parseInfo(line) {
  const t = String(line).trim().split(/\s+/);
  if (t[0] !== 'info') return null;
  const info = {};
  const NUM = { depth: 'depth', seldepth: 'seldepth', multipv: 'multipv', nodes: 'nodes', nps: 'nps',
    hashfull: 'hashfull', time: 'timeMs', tbhits: 'tbhits', currmovenumber: 'currmovenumber' };
  for (let i = 1; i < t.length; i++) {
    const k = t[i];
    if (k === 'string') {
      info.string = t.slice(i + 1).join(' ');
      break;
    }
    if (k === 'pv') {
      info.pv = t.slice(i + 1);
      break;
    }
    if (k === 'score') {
      const v = Number(t[i + 2]);
      if (t[i + 1] === 'cp') info.score = { cp: v };
      else if (t[i + 1] === 'mate') info.score = { mate: v };
      i += 2;
    } else if (k === 'lowerbound' || k === 'upperbound') {
      info.bound = k === 'lowerbound' ? 'lower' : 'upper';
    } else if (k === 'currmove') {
      info.currmove = t[++i];
    } else if (NUM[k] !== undefined) {
      info[NUM[k]] = Number(t[++i]);
    }
  }
  return info;
}

/**
 * An engine on this thread, driven by hand: command(line) feeds one UCI line,
 * slice(maxNodes) runs the pending search for at most about maxNodes nodes and
 * returns true while it is still running; both return the output lines they
 * produced. Call free() when done. Used by the Worker and by tests; in a page,
 * prefer createEngine(), which keeps the main thread free.
 */

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);
// Not a literal in new URL(): bundlers would copy the file as a raw asset for the Node path.
const WORKER_FILE = './chess-worker.js';
const HELPER_FILE = './chess-helper.js';

// The threaded build (Lazy SMP over one shared memory): its memory's limits,
// in 64 KB pages, as core/chess/CMakeLists.txt links it (INITIAL_MEMORY 4 MB,
// MAXIMUM_MEMORY 1 GB).
const mtUrl = () => new URL('../dist/chess.mt.wasm', import.meta.url);
const MT_PAGES = { initial: 64, maximum: 16384 };
/** The most search threads createEngine() accepts. */
export const MAX_THREADS = 64;

/**
 * The default of createEngine's `threads`: hardwareConcurrency - 1 (a core
 * left for the page), capped at 4, at least 1; 1 where threads cannot run.
 */
export async function defaultThreads() {
  return Math.max(1, Math.min(MAX_DEFAULT_SIZE, ((await coreCount()) || 1) - 1));
}

/**
 * True when an engine can run several threads here: SharedArrayBuffer and a
 * shared WebAssembly.Memory are usable (Node; pages that are
 * crossOriginIsolated, i.e. served with COOP same-origin and COEP
 * require-corp) and WebAssembly has SIMD (the threaded build is a SIMD one).
 */
export function threadsAvailable() {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return false;
  if (!isNode && globalThis.crossOriginIsolated !== true) return false;
  if (!simdWorks()) return false;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/**
 * Starts an engine in a module Worker (browsers) or a worker_threads Worker
 * (Node). options: { backend?, module? (a compiled WebAssembly.Module of
 * chess.wasm, handed to the Worker), sliceNodes? (a fixed slice size; default:
 * adapted so a slice takes about 5 ms), workerUrl? (where chess-worker.js is,
 * when a bundler cannot find it; chess-helper.js is looked for beside it),
 * threads? (search threads, 1-64; default defaultThreads(), or 1 with
 * sliceNodes: only one thread searches reproducibly) }.
 * With threads > 1, where threadsAvailable() and the backend is 'wasm-simd'
 * (auto picks it), the engine runs threads - 1 helper Workers over one shared
 * memory (chess.mt.wasm, Lazy SMP); elsewhere (no cross-origin isolation,
 * wasm2js, a given module) it runs one thread, silently. engine.threads says
 * how many it runs; the UCI option Threads (1 to that) sets how many search.
 * @returns {Promise<Engine>}
 */
export async function createEngine(options = {}) {
  const requested = options.threads;
  if (requested !== undefined && !(Number.isInteger(requested) && requested >= 1 && requested <= MAX_THREADS)) {
    throw new WasmforgeError('INVALID_ARGUMENT', `createEngine: threads must be an integer from 1 to ${MAX_THREADS}, got ${String(requested)}`);
  }
  // A fixed slice size asks for reproducible searches: one thread unless threads says otherwise
  // (a search over several threads is not reproducible).
  const threads = requested !== undefined ? requested : options.sliceNodes ? 1 : await defaultThreads();
  // threads need the SIMD build: asked for, or what auto picks (threadsAvailable() checks SIMD)
  let backend = options.backend;
  if (backend === undefined && isNode) backend = process.env.WASMFORGE_BACKEND;
  const simdBackend = backend === undefined || backend === '' || backend === 'auto' || backend === 'wasm-simd';
  if (threads > 1 && simdBackend && !options.module && threadsAvailable()) {
    let mt = null;
    try {
      mt = await compileModule({ backend: 'wasm-simd', url: mtUrl() });
    } catch {
      // (no threaded build where it was looked for: one thread)
    }
    if (mt && mt.module) {
      // (a threaded engine that cannot start, e.g. a helper Worker that does not load: one thread)
      const engine = await startEngine(options, { backend: 'wasm-simd', module: mt.module, threads }).catch(() => null);
      if (engine) return engine;
    }
  }
  return startEngine(options, null);
}

// Starts one Worker of `file` (chess-worker.js or chess-helper.js).
function startChessWorker(options, file, name) {
  const custom = options.workerUrl ? new URL(options.workerUrl, isNode ? undefined : globalThis.location?.href) : null;
  const customUrl = custom && file === HELPER_FILE ? new URL(HELPER_FILE, custom) : custom;
  // The one Worker starter of web/worker-pool.js; in browsers the Worker is
  // written out in full so that bundlers (Vite, webpack) see a module Worker
  // and bundle the module as one.
  return startWorker({
    // (Node only: in a webpack build this new URL() of a non-literal throws)
    url: customUrl || (isNode ? new URL(file, import.meta.url) : null),
    create: customUrl ? null : file === HELPER_FILE
      ? () => new Worker(new URL('./chess-helper.js', import.meta.url), { type: 'module' })
      : () => new Worker(new URL('./chess-worker.js', import.meta.url), { type: 'module' }),
  }, name);
}

// threaded: null (one thread), or { backend, module (chess.mt.wasm), threads }.
async function startEngine(options, threaded) {
  const workers = [];
  const terminateAll = () => Promise.all(workers.map((w) => w.terminate()));
  let worker;
  try {
    worker = await startChessWorker(options, WORKER_FILE, 'wasmforge-chess');
    workers.push(worker);
    if (threaded) {
      for (let i = 1; i < threaded.threads; i++) workers.push(await startChessWorker(options, HELPER_FILE, `wasmforge-chess-${i}`));
    }
  } catch (e) {
    await terminateAll();
    throw e;
  }
  let onError = null;
  const port = {
    post: (m, transfer) => worker.post(m, transfer),
    listen: (fn) => { worker.onMessage = fn; },
    // a Worker that ends by itself after 'quit' is done; any other end is a crash
    onError: (fn) => { onError = fn; },
    terminate: terminateAll,
  };
  workers.forEach((w, i) => {
    w.onCrash = (message, exitCode) => {
      // the helpers end with the main Worker (after 'quit' too)
      if (i === 0) for (const h of workers.slice(1)) h.terminate();
      if (onError) {
        onError(i === 0 && exitCode === 0
          ? new WasmforgeError('TERMINATED', 'chess engine: the worker has exited')
          : new WasmforgeError('WORKER_CRASHED', `chess engine${i ? ` helper thread ${i}` : ''}: ${message}; its state is lost: start a new engine`));
      }
    };
  });
  const engine = new Engine(port);
  if (threaded) {
    // one memory for all threads; each helper gets a MessagePort to the main Worker
    const memory = new WebAssembly.Memory({ ...MT_PAGES, shared: true });
    const ports = [];
    for (let i = 1; i < workers.length; i++) {
      const channel = new MessageChannel();
      workers[i].post({ type: 'port', port: channel.port2 }, [channel.port2]);
      ports.push(channel.port1);
    }
    try {
      await engine._start({ backend: threaded.backend, module: threaded.module, sliceNodes: options.sliceNodes,
        memory, threads: threaded.threads, ports }, ports);
    } catch (e) {
      await terminateAll();
      throw e;
    }
    return engine;
  }
  // The Worker gets a compiled module instead of fetching and compiling its
  // own: options.module when the caller has one (an edge runtime, a bundler
  // asset), else this page's (compiled once per page).
  let compiled = { backend: options.backend, module: options.module };
  if (!compiled.module) {
    try {
      compiled = await compileModule({ backend: options.backend });
    } catch (e) {
      port.terminate();
      throw e;
    }
  }
  await engine._start({ backend: compiled.backend, module: compiled.module, sliceNodes: options.sliceNodes });
  return engine;
}

const ANALYSE_OPTIONS = new Set(['depth', 'movetime', 'nodes', 'infinite', 'multiPV', 'searchMoves', 'signal', 'onInfo']);

function positiveInt(o, key, max) {
  const v = o[key];
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < 1 || v > max) {
    throw new WasmforgeError('INVALID_ARGUMENT', `analyse: ${key} must be an integer from 1 to ${max}, got ${String(v)}`);
  }
}

// Checks the options of analyse(); returns what goes to the worker (no functions, no signal).
function analyseOptions(options) {
  if (options === null || typeof options !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'analyse: options must be an object');
  for (const k of Object.keys(options)) {
    if (!ANALYSE_OPTIONS.has(k)) throw new WasmforgeError('INVALID_ARGUMENT', `analyse: unknown option "${k}"`);
  }
  positiveInt(options, 'depth', 126);
  positiveInt(options, 'movetime', 2 ** 31 - 1);
  positiveInt(options, 'nodes', Number.MAX_SAFE_INTEGER);
  positiveInt(options, 'multiPV', 64);
  if (options.infinite !== undefined && typeof options.infinite !== 'boolean') {
    throw new WasmforgeError('INVALID_ARGUMENT', 'analyse: infinite must be a boolean');
  }
  if (options.onInfo !== undefined && typeof options.onInfo !== 'function') {
    throw new WasmforgeError('INVALID_ARGUMENT', 'analyse: onInfo must be a function');
  }
  const sig = options.signal;
  if (sig !== undefined && (sig === null || typeof sig.aborted !== 'boolean' || typeof sig.addEventListener !== 'function')) {
    throw new WasmforgeError('INVALID_ARGUMENT', 'analyse: signal must be an AbortSignal');
  }
  const sm = options.searchMoves;
  if (sm !== undefined && (!Array.isArray(sm) || sm.some((m) => typeof m !== 'string' || !UCI_MOVE.test(m)))) {
    throw new WasmforgeError('INVALID_ARGUMENT', 'analyse: searchMoves must be an array of UCI moves (e.g. "e2e4")');
  }
  const out = {
    depth: options.depth, movetime: options.movetime, nodes: options.nodes, infinite: options.infinite === true,
    multiPV: options.multiPV, searchMoves: sm ? [...new Set(sm)] : undefined,
  };
  // no limit at all: one second, rather than a search that never ends
  if (!out.infinite && out.depth === undefined && out.movetime === undefined && out.nodes === undefined) out.movetime = 1000;
  return out;
}

// A position as sent to the worker (checked there by the core): {fen, moves}.
function positionMessage(position) {
  const p = positionParts(position, 'analyse');
  return { fen: p.fen, moves: [...p.moves] };
}

function reportCallbackError(e) {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(e);
  else setTimeout(() => { throw e; }, 0);
}

/**
 * A Worker-hosted engine (see createEngine). Two ways to use it, also together:
 * the promise API (analyse, stop, perft, newGame, setOption), which parses
 * the engine's output for you, and the raw UCI channel (send, onLine, waitFor,
 * lines), which sees every output line, including those of the promise API.
 */
export class Engine {
  constructor(port) {
    this._port = port;
    this._listeners = new Set();
    this._queue = [];
    this._waiters = [];
    this._calls = new Map();
    this._nextId = 1;
    this._closed = false;
    this._error = null;
    this.backend = null;
    /** How many search threads the engine has (1, or createEngine's threads where they can run). */
    this.threads = 1;
    /** The options the engine declares (UCI 'option' lines, parsed): [{name, type, default, min, max, vars}]. */
    this.options = [];
    port.listen((m) => this._message(m));
    port.onError((e) => this._fail(e));
  }

  _start(config, transfer) {
    return new Promise((resolve, reject) => {
      this._ready = { resolve, reject };
      this._port.post({ type: 'init', backend: config.backend, module: config.module, sliceNodes: config.sliceNodes,
        threads: config.threads, memory: config.memory, ports: config.ports }, transfer);
    });
  }

  _rejectAll(error) {
    if (this._ready) {
      this._ready.reject(error);
      this._ready = null;
    }
    for (const w of this._waiters.splice(0)) w.reject(error);
    const calls = [...this._calls.values()];
    this._calls.clear();
    for (const c of calls) c.reject(error);
  }

  _fail(e) {
    if (this._error || this._closed) return;
    this._error = e instanceof Error ? e : new Error(String(e));
    if (!this._error.code) {
      const wrapped = new WasmforgeError('INTERNAL_ERROR', `chess engine: ${this._error.message}`);
      wrapped.cause = this._error;
      this._error = wrapped;
    }
    this._rejectAll(this._error);
  }

  _message(m) {
    if (m.type === 'ready') {
      this.backend = m.backend;
      this.threads = m.threads || 1;
      this.options = m.options || [];
      if (this._ready) this._ready.resolve(this);
      this._ready = null;
    } else if (m.type === 'error') {
      this._fail(new WasmforgeError(m.code || 'INTERNAL_ERROR', m.message));
    } else if (m.type === 'lines') {
      for (const line of m.lines) this._emit(line);
    } else if (m.type === 'info') {
      const c = this._calls.get(m.id);
      if (c && c.onInfo) {
        try {
          c.onInfo(m.info);
        } catch (e) {
          reportCallbackError(e);
        }
      }
    } else if (m.type === 'reply') {
      const c = this._calls.get(m.id);
      if (!c) return;
      this._calls.delete(m.id);
      if (m.error) c.reject(new WasmforgeError(m.error.code, m.error.message));
      else c.resolve(m.result);
    }
  }

  _emit(line) {
    if (this._iterating) this._queue.push(line);
    for (const cb of [...this._listeners]) cb(line);
    const i = this._waiters.findIndex((w) => w.test(line));
    if (i >= 0) this._waiters.splice(i, 1)[0].resolve(line);
  }

  _unavailable() {
    if (this._closed) return new WasmforgeError('TERMINATED', 'chess engine: used after terminate()');
    return this._error;
  }

  // Posts a call; resolves with its reply. extra: {onInfo} kept on this side.
  _call(op, args = {}, extra = {}) {
    const bad = this._unavailable();
    if (bad) return Promise.reject(bad);
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      this._calls.set(id, { resolve, reject, ...extra });
      this._port.post({ type: 'call', id, op, ...args });
    });
  }

  /** Sends one UCI line to the engine. */
  send(line) {
    const bad = this._unavailable();
    if (bad) throw bad;
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
      const bad = this._unavailable();
      if (bad) return reject(bad);
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

  /**
   * Analyses a position; resolves with the final result when the search ends
   * (its limit is reached, or stop(), the signal, a new analyse() or perft()
   * ends it: then `stopped` is true). See docs/api/chess.md for the shapes.
   * @param {string|{fen?: string, moves?: string[]}} position a FEN, 'startpos' or {fen, moves}
   * @param {{depth?: number, movetime?: number, nodes?: number, infinite?: boolean, multiPV?: number,
   *          searchMoves?: string[], signal?: AbortSignal, onInfo?: (info: object) => void}} [options]
   */
  analyse(position, options = {}) {
    let args;
    try {
      args = { position: positionMessage(position), options: analyseOptions(options) };
    } catch (e) {
      return Promise.reject(e);
    }
    const signal = options.signal;
    if (signal && signal.aborted) {
      return Promise.reject(new WasmforgeError('ABORTED', 'analyse: the signal was already aborted'));
    }
    const id = this._nextId;
    const p = this._call('analyse', args, { onInfo: options.onInfo });
    if (signal) {
      const onAbort = () => {
        if (this._calls.has(id)) this._call('stop', { only: id }).catch(() => {});
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const off = () => signal.removeEventListener('abort', onAbort);
      p.then(off, off);
    }
    return p;
  }

  /**
   * Ends the running search (an analyse() or perft() call resolves with
   * `stopped: true`; a search started with send('go …') prints its bestmove).
   * Resolves once it has ended; at once when nothing runs.
   */
  stop() {
    if (this._unavailable()) return Promise.resolve();
    return this._call('stop').then(() => undefined);
  }

  /**
   * Counts the leaf nodes of the legal move tree to `depth` (0-10), per first
   * move: resolves with { nodes, moves: {uci: count}, timeMs, stopped }.
   */
  perft(position, depth) {
    if (!Number.isInteger(depth) || depth < 0 || depth > 10) {
      return Promise.reject(new WasmforgeError('INVALID_ARGUMENT', `perft: depth must be an integer from 0 to 10, got ${String(depth)}`));
    }
    let pos;
    try {
      pos = positionMessage(position);
    } catch (e) {
      return Promise.reject(e);
    }
    return this._call('perft', { position: pos, depth });
  }

  /** Ends a running search and clears the hash table and history (UCI 'ucinewgame'). */
  newGame() {
    return this._call('newGame').then(() => undefined);
  }

  /**
   * Sets an engine option (UCI 'setoption'); `value` is a number for spin
   * options, a boolean for check options, omitted for buttons. Rejects with
   * CHESS_UNKNOWN_OPTION or INVALID_ARGUMENT (wrong type or out of range).
   */
  setOption(name, value) {
    const bad = this._unavailable();
    if (bad) return Promise.reject(bad);
    const o = this.options.find((x) => typeof name === 'string' && x.name.toLowerCase() === name.toLowerCase());
    if (!o) {
      return Promise.reject(new WasmforgeError('CHESS_UNKNOWN_OPTION',
        `setOption: unknown option "${String(name)}" (known: ${this.options.map((x) => x.name).join(', ')})`));
    }
    const err = (what) => Promise.reject(new WasmforgeError('INVALID_ARGUMENT', `setOption: ${o.name} ${what}, got ${String(value)}`));
    let text;
    if (o.type === 'spin') {
      if (!Number.isInteger(value) || value < o.min || value > o.max) return err(`must be an integer from ${o.min} to ${o.max}`);
      text = String(value);
    } else if (o.type === 'check') {
      if (typeof value !== 'boolean') return err('must be true or false');
      text = String(value);
    } else if (o.type === 'button') {
      if (value !== undefined) return err('is a button and takes no value');
    } else if (o.type === 'combo') {
      if (!o.vars || !o.vars.includes(value)) return err(`must be one of ${(o.vars || []).join(', ')}`);
      text = value;
    } else if (typeof value !== 'string' || /[\r\n]/.test(value)) {
      return err('must be a one-line string');
    } else {
      text = value;
    }
    return this._call('setOption', { name: o.name, value: text }).then(() => undefined);
  }

  /**
   * Ends the Worker. Pending analyse(), perft() and waitFor() calls reject
   * with code TERMINATED. Resolves when the Worker is gone.
   */
  terminate() {
    if (this._closed) return Promise.resolve();
    this._rejectAll(new WasmforgeError('TERMINATED', 'chess engine: terminated'));
    this._closed = true;
    if (this._wake) this._wake();
    this._listeners.clear();
    return Promise.resolve(this._port.terminate()).then(() => undefined);
  }
}
