// SPDX-License-Identifier: MIT
// worker-host.js: the Worker half of wasmforge's one Worker mechanism (the
// main-thread half is web/worker-pool.js). A worker module calls serve() once
// with its operations; it runs the same in a browser module Worker and in a
// Node worker_threads Worker.
//
//   // web/x-worker.js
//   import { serve } from './worker-host.js';
//   serve({
//     async init(options) { await something.init(options); return { backend: something.backend() }; },
//     ops: { work(args, job) { return result; } },   // sync or async
//   });
//
// Protocol (structured-clone messages; the pool side is the only writer):
//   in:  { type: 'init', options }                    once, first
//        { type: 'job', id, op, args, recycle? }      recycle: ArrayBuffers handed back
//   out: { type: 'ready', info } | { type: 'init-error', error }
//        { type: 'result', id, value } | { type: 'error', id, error }
//        { type: 'event', id, event }                 job.emit(event): streamed output
// Every ArrayBuffer reachable from a result (typed arrays in plain objects and
// arrays, three levels deep) is transferred, never copied; errors keep their
// name, code, message and offset (WasmforgeError is rebuilt on the main side).

import { importNodeBuiltin } from './loader.js';

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);

/**
 * The ArrayBuffers reachable from value (typed arrays, plain objects, arrays),
 * for a transfer list. Empty (or detached) buffers are left out: Node drops a
 * message whose transfer list holds a detached buffer, without an error.
 */
export function transferList(value, depth = 3, found = new Set()) {
  if (!value || typeof value !== 'object') return [...found];
  if (value instanceof ArrayBuffer) {
    if (value.byteLength > 0) found.add(value);
  } else if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && value.buffer.byteLength > 0) found.add(value.buffer);
  } else if (depth > 0 && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) {
    for (const key of Object.keys(value)) transferList(value[key], depth - 1, found);
  }
  return [...found];
}

/** An Error as a plain message: name, code, message, offset. */
export function serializeError(e) {
  const out = { name: (e && e.name) || 'Error', message: String((e && e.message) || e) };
  if (e && e.code !== undefined) out.code = e.code;
  if (e && e.offset !== undefined) out.offset = e.offset;
  return out;
}

/**
 * This Worker's side of its channel to the page: { post(message, transfer?),
 * listen(fn) }, the same in a browser module Worker (self) and in a Node
 * worker_threads Worker (parentPort). No top-level await: bundlers may build a
 * Worker as a classic script; in Node the port is found asynchronously and
 * messages wait for it (the port queues incoming messages until a listener is
 * attached). Every wasmforge Worker talks through this (serve() below, and
 * web/chess-worker.js, whose engine streams UCI lines rather than serving jobs).
 */
export function workerPort() {
  if (isNode) {
    const port = importNodeBuiltin('node:worker_threads').then((m) => m.parentPort);
    return {
      post: (m, transfer) => { port.then((p) => p.postMessage(m, transfer)); },
      listen: (fn) => { port.then((p) => p.on('message', fn)); },
    };
  }
  return {
    post: (m, transfer) => self.postMessage(m, transfer || []),
    listen: (fn) => self.addEventListener('message', (ev) => fn(ev.data)),
  };
}

/**
 * Serves operations to a pool (web/worker-pool.js). spec = {
 *   init?(options) -> info:      runs once before any job (load the cores here);
 *                                its result is sent back as the worker's info,
 *   ops: { [name](args, job) }:  job = { id, recycle: ArrayBuffer[], emit(event) };
 *                                return the result (or a Promise of it);
 * }
 * Jobs run one at a time, in the order they arrive.
 */
export function serve(spec) {
  const { post, listen } = workerPort();
  const send = (m) => {
    try {
      post(m, transferList(m.value));
    } catch (e) {
      // a result that cannot be cloned is the job's error, not the worker's end
      post({ type: 'error', id: m.id, error: serializeError(e) });
    }
  };

  let ready = null;
  let chain = Promise.resolve();
  listen((m) => {
    if (!m || typeof m !== 'object') return;
    if (m.type === 'init') {
      ready = (async () => (spec.init ? spec.init(m.options || {}) : {}))();
      ready.then((info) => post({ type: 'ready', info: info || {} }),
        (e) => post({ type: 'init-error', error: serializeError(e) }));
      return;
    }
    if (m.type !== 'job') return;
    // one job at a time, in order of arrival
    chain = chain.then(async () => {
      const job = { id: m.id, recycle: m.recycle || [], emit: (event) => post({ type: 'event', id: m.id, event }, transferList(event)) };
      try {
        await ready;
        const fn = Object.prototype.hasOwnProperty.call(spec.ops, m.op) ? spec.ops[m.op] : null;
        if (!fn) {
          const err = new Error(`unknown operation "${m.op}"`);
          err.code = 'INVALID_ARGUMENT';
          throw err;
        }
        send({ type: 'result', id: m.id, value: await fn(m.args, job) });
      } catch (e) {
        post({ type: 'error', id: m.id, error: serializeError(e) });
      }
    });
  });
}
