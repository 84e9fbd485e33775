// SPDX-License-Identifier: MIT
// chess-worker.js: hosts one chess engine in a module Worker (browsers) or a
// worker_threads Worker (Node). Protocol (structured-clone messages):
//   in:  { type: 'init', backend?, module?, sliceNodes? }   then   { type: 'line', line }
//   out: { type: 'ready', backend }, { type: 'lines', lines: [...] },
//        { type: 'error', code, message }
// A search runs in slices; between two slices the worker yields to its event
// loop with a macrotask, so that a 'stop' line is handled at once.
//
// stockfish.js-compatible mode: a page that today does
//   const sf = new Worker('stockfish.js'); sf.onmessage = (e) => use(e.data); sf.postMessage('uci');
// can use new Worker('.../web/chess-worker.js', { type: 'module' }) the same way:
// when the first message is a string, every message is taken as a UCI line
// and every output line is posted back as a plain string (backend: auto).

import { init, ChessContext } from './chess.js';
import { importNodeBuiltin } from './loader.js';

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);
let post;
let listen;
if (isNode) {
  // No top-level await: bundlers may build this Worker as a classic script.
  // The port queues messages until its listener is attached.
  const port = importNodeBuiltin('node:worker_threads').then((m) => m.parentPort);
  post = (m) => { port.then((p) => p.postMessage(m)); };
  listen = (fn) => { port.then((p) => p.on('message', fn)); };
} else {
  post = (m) => self.postMessage(m);
  listen = (fn) => self.addEventListener('message', (ev) => fn(ev.data));
}

const now = () => performance.now();
// A macrotask: setImmediate in Node; a MessageChannel message in browsers
// (setTimeout is clamped to 4 ms after a few nested calls).
let macrotask;
if (typeof setImmediate === 'function') {
  macrotask = (fn) => setImmediate(fn);
} else {
  const channel = new MessageChannel();
  const queue = [];
  channel.port1.onmessage = () => queue.shift()();
  macrotask = (fn) => {
    queue.push(fn);
    channel.port2.postMessage(0);
  };
}

let ctx = null;
let fixedSlice = 0;
let slice = 2000;
let pumping = false;
const pending = [];

let plainStrings = false; // stockfish.js-compatible mode

function send(lines) {
  if (!lines.length) return;
  if (plainStrings) for (const line of lines) post(line);
  else post({ type: 'lines', lines });
}

function pump() {
  if (!ctx || !ctx.searching) {
    pumping = false;
    return;
  }
  const t0 = now();
  const r = ctx.slice(fixedSlice || slice, t0);
  send(r.lines);
  if (!fixedSlice && r.running && !r.waiting) {
    // the slice used its whole budget: aim at about 5 ms per slice
    const dt = now() - t0;
    if (dt > 8 && slice > 500) slice = Math.max(500, slice >> 1);
    else if (dt < 3 && slice < 200000) slice <<= 1;
  }
  if (r.waiting) setTimeout(pump, 20); // idle until 'stop' or 'ponderhit'
  else if (r.running) macrotask(pump);
  else pumping = false;
}

function handle(line) {
  send(ctx.command(line, now()));
  if (ctx.quitRequested) {
    // 'quit': free the engine and end this worker
    ctx.free();
    ctx = null;
    if (isNode) process.exit(0);
    else self.close();
    return;
  }
  if (ctx.searching && !pumping) {
    pumping = true;
    macrotask(pump);
  }
}

let starting = null;

listen(async (m) => {
  try {
    if (typeof m === 'string') {
      // stockfish.js-compatible mode: init on first use, lines in, strings out
      if (!ctx) {
        plainStrings = true;
        pending.push(m);
        if (!starting) {
          starting = init({}).then(() => {
            ctx = new ChessContext();
            for (const line of pending.splice(0)) if (ctx) handle(line);
          });
        }
        await starting;
        return;
      }
      for (const line of m.split('\n')) if (ctx && line.trim()) handle(line);
      return;
    }
    if (m.type === 'init') {
      const backend = await init({ backend: m.backend, module: m.module });
      ctx = new ChessContext();
      fixedSlice = m.sliceNodes >>> 0;
      post({ type: 'ready', backend });
      for (const line of pending.splice(0)) handle(line);
    } else if (m.type === 'line') {
      if (!ctx) pending.push(m.line); // before 'ready' (lines after 'quit' are dropped with the worker)
      else handle(m.line);
    }
  } catch (e) {
    post({ type: 'error', code: (e && e.code) || 'INTERNAL_ERROR', message: String((e && e.message) || e) });
  }
});
