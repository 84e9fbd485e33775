// SPDX-License-Identifier: MIT
// worker-pool.js: the main-thread half of wasmforge's one Worker mechanism
// (the Worker half is web/worker-host.js). It starts module Workers in
// browsers and worker_threads Workers in Node, sends them jobs (request ids,
// transfer lists), and gives back Promises:
//
//   const pool = createWorkerPool({ url: new URL('./x-worker.js', import.meta.url), size: 2 });
//   const out = await pool.run('work', args, { signal, transfer: [args.data.buffer] });
//   pool.release(out);      // hand its buffers back for reuse (optional)
//   pool.terminate();
//
// What it does for every user:
// - a queue (maxQueue: QUEUE_FULL beyond it) served by up to `size` Workers,
//   started on demand, each loaded once (the `init` options go to the
//   Worker's init(); a WebAssembly.Module among them is posted, not copied,
//   so a page that compiled a core once can give every Worker that module);
// - results settle in the order the jobs were submitted (ordered: true);
// - an AbortSignal removes a queued job, or stops a running one by ending
//   its Worker (a fresh one takes its place): the job rejects with ABORTED;
// - a Worker that crashes (an uncaught error, an exit, a failed load) is
//   replaced; only its job rejects, with WORKER_CRASHED (a trap inside a core
//   is already caught by web/runtime.js and rejects that job with INTERNAL_ERROR);
// - terminate() ends the Workers and rejects everything pending with TERMINATED;
// - Workers idle for idleTimeout ms are ended (and, in Node, never keep the
//   process alive while idle);
// - release(value) keeps the ArrayBuffers of a result that the caller is done
//   with, and hands up to `recyclePerJob` of them (largest first) to the next
//   jobs, transferred, as job.recycle in the Worker: a steady stream of jobs
//   then allocates no new result memory.
//
// The URL must be written as new URL('./x-worker.js', import.meta.url) in the
// module that owns the Worker (web/image-pool.js does), and in browsers the
// Worker is created by the owner's `create` function, written out as
// new Worker(new URL('./x-worker.js', import.meta.url), { type: 'module' }),
// so that bundlers find the Worker module and bundle it.
//
// The chess engine (web/chess.js) starts its Worker with startWorker() below
// and talks through workerPort() of web/worker-host.js, like the pools, but it
// is not a pool: the engine holds state (position, hash table) and streams UCI
// lines in both directions while a search runs, which the pool's one-job-at-
// a-time protocol does not fit; a crashed engine is not replaced (its state is
// gone): its calls reject with WORKER_CRASHED.

import { WasmforgeError } from './errors.js';
import { transferList } from './worker-host.js';
import { importNodeBuiltin } from './loader.js';

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);

/** The most Workers a pool starts by default, whatever the core count. */
export const MAX_DEFAULT_SIZE = 4;

/**
 * The machine's core count: navigator.hardwareConcurrency, or in Node
 * os.availableParallelism(); 0 when unknown. The default sizes of pools and
 * of the chess engine's threads derive from it.
 */
export async function coreCount() {
  let n = globalThis.navigator && globalThis.navigator.hardwareConcurrency;
  if (!n && isNode) {
    const os = await importNodeBuiltin('node:os');
    n = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  }
  return n || 0;
}

/** Default pool size: the machine's core count (hardwareConcurrency), capped at MAX_DEFAULT_SIZE. */
export async function defaultPoolSize() {
  return Math.max(1, Math.min(MAX_DEFAULT_SIZE, (await coreCount()) || 2));
}

function rebuildError(e) {
  if (e && e.code) return new WasmforgeError(e.code, e.message, e.offset);
  const err = new Error((e && e.message) || 'the worker failed');
  if (e && e.name) err.name = e.name;
  return err;
}

/**
 * Starts one Worker behind one small interface: { post(message, transfer?),
 * terminate(), ref(), unref(), onMessage, onCrash } (set the two callbacks;
 * onCrash(message, exitCode) is called once if the Worker throws, exits or
 * cannot be read; exitCode is the Node Worker's exit code when it exited). `worker` is the module's URL, or, in browsers, a function returning
 * a new Worker: write it as () => new Worker(new URL('./x-worker.js',
 * import.meta.url), { type: 'module' }) so that bundlers see and bundle the
 * Worker module. In Node the URL is used (a function gets no URL: pass both
 * as { url, create }). Every wasmforge Worker is started here: the pools'
 * (createWorkerPool) and the chess engine's (web/chess.js createEngine).
 */
export async function startWorker(worker, name) {
  const spec = typeof worker === 'function' ? { create: worker } : worker instanceof URL || typeof worker === 'string' ? { url: worker } : worker;
  let w;
  const handle = { onMessage: null, onCrash: null };
  let crashed = false;
  const crash = (message, exitCode) => {
    if (crashed) return;
    crashed = true;
    if (handle.onCrash) handle.onCrash(message, exitCode);
  };
  if (isNode) {
    const { Worker } = await importNodeBuiltin('node:worker_threads');
    w = new Worker(spec.url, { name });
    w.on('message', (m) => handle.onMessage && handle.onMessage(m));
    w.on('error', (e) => crash(`the worker threw: ${e && e.message}`));
    w.on('messageerror', () => crash('a message from the worker could not be read'));
    w.on('exit', (code) => crash(`the worker exited (code ${code})`, code));
    handle.ref = () => w.ref();
    handle.unref = () => w.unref();
  } else {
    w = spec.create ? spec.create() : new Worker(spec.url, { type: 'module', name });
    w.onmessage = (ev) => handle.onMessage && handle.onMessage(ev.data);
    w.onerror = (ev) => {
      if (ev && ev.preventDefault) ev.preventDefault();
      crash(`the worker failed: ${(ev && ev.message) || 'it could not be loaded or threw'}`);
    };
    w.onmessageerror = () => crash('a message from the worker could not be read');
    handle.ref = handle.unref = () => {};
  }
  handle.post = (m, transfer) => w.postMessage(m, transfer || []);
  handle.terminate = () => {
    handle.onMessage = handle.onCrash = null;
    crashed = true;
    return w.terminate();
  };
  return handle;
}

/**
 * Creates a pool. options = {
 *   url: URL                 the worker module (it calls serve() of web/worker-host.js)
 *   create?: () => Worker    browsers: makes the Worker (see startWorker), for bundlers
 *   size?: number            most Workers at once (default: defaultPoolSize())
 *   maxQueue?: number        most jobs waiting for a Worker (default Infinity; QUEUE_FULL beyond)
 *   idleTimeout?: number     ms before an idle Worker is ended (default 10000; 0 = keep)
 *   init?: object            options for the Worker's init() (backend, module(s): see above)
 *   ordered?: boolean        settle in order of submission (default true)
 *   recyclePerJob?: number   spare buffers handed to each job (default 0)
 *   maxSpare?: number        most spare buffers kept (default 4 per Worker)
 *   name?: string            the Workers' name (seen in debuggers)
 * }
 */
export function createWorkerPool(options) {
  if (!options || !options.url) throw new WasmforgeError('INVALID_ARGUMENT', 'createWorkerPool: url is required');
  const checkCount = (key, min) => {
    const v = options[key];
    if (v !== undefined && !(typeof v === 'number' && (Number.isInteger(v) || v === Infinity) && v >= min)) {
      throw new WasmforgeError('INVALID_ARGUMENT', `createWorkerPool: ${key} must be an integer >= ${min}, got ${v}`);
    }
  };
  checkCount('size', 1);
  checkCount('maxQueue', 0);
  checkCount('idleTimeout', 0);
  checkCount('recyclePerJob', 0);
  checkCount('maxSpare', 0);
  const url = options.url;
  const name = options.name || 'wasmforge';
  const maxQueue = options.maxQueue === undefined ? Infinity : options.maxQueue;
  const idleTimeout = options.idleTimeout === undefined ? 10000 : options.idleTimeout;
  const ordered = options.ordered !== false;
  const recyclePerJob = options.recyclePerJob || 0;
  let size = options.size || 0;
  const sizing = size ? null : defaultPoolSize().then((n) => { size = n; pump(); });

  const slots = new Set(); // { handle|null, starting: Promise, job, idleTimer, info }
  const queue = []; // jobs waiting for a Worker
  const order = []; // jobs not yet settled, in submission order
  let spare = []; // ArrayBuffers handed back by release()
  let nextId = 1;
  let terminated = false;
  let firstInfo = null;
  let readyResolve;
  const readyPromise = new Promise((r) => { readyResolve = r; });
  const counters = { submitted: 0, completed: 0, failed: 0, aborted: 0, crashed: 0, started: 0, released: 0, recycled: 0 };

  function settle(job, ok, value) {
    if (job.done) return;
    job.done = true;
    if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
    const i = order.indexOf(job);
    if (i >= 0) order.splice(i, 1);
    if (ok) job.resolve(value);
    else job.reject(value);
  }

  // Settles finished jobs, oldest first; a job whose predecessors are still
  // running waits for them (ordered pools).
  function flush() {
    if (!ordered) {
      for (const job of order.slice()) if (job.outcome) settle(job, job.outcome.ok, job.outcome.value);
      return;
    }
    while (order.length && order[0].outcome) {
      const job = order[0];
      settle(job, job.outcome.ok, job.outcome.value);
    }
  }

  function finish(job, ok, value) {
    if (job.done || job.outcome) return;
    job.outcome = { ok, value };
    if (ok) counters.completed++;
    else counters.failed++;
    flush();
  }

  function removeSlot(slot) {
    slots.delete(slot);
    clearTimeout(slot.idleTimer);
    if (slot.handle) slot.handle.terminate();
    slot.handle = null;
  }

  function onCrash(slot, message) {
    if (!slots.has(slot)) return;
    counters.crashed++;
    const job = slot.job;
    slot.job = null;
    removeSlot(slot);
    if (job) finish(job, false, new WasmforgeError('WORKER_CRASHED', `${name} worker: ${message}; the job was lost, the worker is replaced`));
    pump();
  }

  function onMessage(slot, m) {
    if (!m || typeof m !== 'object') return;
    if (m.type === 'ready') {
      slot.info = m.info;
      if (!firstInfo) {
        firstInfo = m.info;
        readyResolve(m.info);
      }
      if (!slot.job) idle(slot);
      return;
    }
    if (m.type === 'init-error') {
      // this Worker cannot serve: its job fails with the reason, the next job gets a fresh Worker
      onCrashInit(slot, rebuildError(m.error));
      return;
    }
    const job = slot.job;
    if (!job || m.id !== job.id) return;
    if (m.type === 'event') {
      if (job.onEvent) job.onEvent(m.event);
      return;
    }
    slot.job = null;
    if (m.type === 'result') finish(job, true, m.value);
    else if (m.type === 'error') finish(job, false, rebuildError(m.error));
    idle(slot);
    pump();
  }

  function onCrashInit(slot, error) {
    const job = slot.job;
    slot.job = null;
    removeSlot(slot);
    if (job) finish(job, false, error);
    // jobs still waiting would meet the same failure: reject them too rather than respawn forever
    for (const j of queue.splice(0)) finish(j, false, error);
  }

  function idle(slot) {
    if (!slot.handle) return;
    slot.handle.unref();
    clearTimeout(slot.idleTimer);
    if (idleTimeout > 0) {
      slot.idleTimer = setTimeout(() => {
        if (!slot.job) removeSlot(slot);
      }, idleTimeout);
      if (slot.idleTimer && slot.idleTimer.unref) slot.idleTimer.unref();
    }
  }

  function newSlot() {
    const slot = { handle: null, job: null, idleTimer: 0, info: null, pendingPosts: [] };
    counters.started++;
    slots.add(slot);
    slot.starting = startWorker({ url, create: options.create }, name).then((handle) => {
      if (!slots.has(slot)) {
        handle.terminate();
        return;
      }
      slot.handle = handle;
      handle.onMessage = (m) => onMessage(slot, m);
      handle.onCrash = (message) => onCrash(slot, message);
      handle.post({ type: 'init', options: options.init || {} });
      for (const [m, t] of slot.pendingPosts.splice(0)) handle.post(m, t);
      // kept referenced until it is ready (someone may wait on ready()); idle afterwards
    }, (e) => onCrashInit(slot, new WasmforgeError('WORKER_CRASHED', `${name} worker could not be started: ${e && e.message}`)));
    return slot;
  }

  function takeSpare() {
    const out = [];
    if (!recyclePerJob || !spare.length) return out;
    spare.sort((a, b) => b.byteLength - a.byteLength);
    while (out.length < recyclePerJob && spare.length) out.push(spare.shift());
    counters.recycled += out.length;
    return out;
  }

  function dispatch(slot, job) {
    slot.job = job;
    clearTimeout(slot.idleTimer);
    const recycle = takeSpare();
    const message = { type: 'job', id: job.id, op: job.op, args: job.args, recycle };
    // Node drops a message whose transfer list holds a detached buffer, silently: leave those out
    const transfer = [...job.transfer, ...recycle].filter((t) => !(t instanceof ArrayBuffer) || t.byteLength > 0);
    job.args = null;
    if (slot.handle) {
      slot.handle.ref();
      try {
        slot.handle.post(message, transfer);
      } catch (e) {
        slot.job = null;
        finish(job, false, new WasmforgeError('INVALID_ARGUMENT', `${name}: the job's arguments cannot be sent to a worker: ${e.message}`));
        idle(slot);
      }
    } else {
      slot.pendingPosts.push([message, transfer]);
    }
  }

  function pump() {
    if (terminated || !size) return;
    while (queue.length) {
      let slot = null;
      for (const s of slots) if (!s.job) { slot = s; break; }
      if (!slot) {
        if (slots.size >= size) return;
        slot = newSlot();
        if (!slots.has(slot)) continue; // failed at once
      }
      dispatch(slot, queue.shift());
    }
  }

  /**
   * Runs op(args) in a Worker. options: { transfer?: Transferable[] (moved to
   * the Worker, not copied), signal?: AbortSignal, onEvent?(event) (job.emit in
   * the Worker) }. Resolves to the op's result (its ArrayBuffers transferred).
   */
  function run(op, args, runOptions = {}) {
    if (terminated) return Promise.reject(new WasmforgeError('TERMINATED', `${name} pool: terminate() was called`));
    const signal = runOptions.signal;
    if (signal && signal.aborted) return Promise.reject(abortError(signal));
    if (queue.length >= maxQueue) {
      return Promise.reject(new WasmforgeError('QUEUE_FULL', `${name} pool: ${queue.length} jobs are waiting already (maxQueue ${maxQueue})`));
    }
    counters.submitted++;
    return new Promise((resolve, reject) => {
      const job = { id: nextId++, op, args, transfer: runOptions.transfer || [], signal, onEvent: runOptions.onEvent,
        resolve, reject, outcome: null, done: false };
      if (signal) {
        job.onAbort = () => abortJob(job);
        signal.addEventListener('abort', job.onAbort);
      }
      order.push(job);
      queue.push(job);
      pump();
    });
  }

  function abortError(signal) {
    const e = new WasmforgeError('ABORTED', `${name} pool: the job was aborted`);
    if (signal && signal.reason !== undefined) e.cause = signal.reason;
    return e;
  }

  function abortJob(job) {
    if (job.done) return;
    counters.aborted++;
    const q = queue.indexOf(job);
    if (q >= 0) queue.splice(q, 1);
    for (const slot of slots) {
      if (slot.job === job) {
        // it is running: end its Worker (a job in Wasm cannot be interrupted otherwise)
        slot.job = null;
        removeSlot(slot);
      }
    }
    settle(job, false, abortError(job.signal));
    flush();
    pump();
  }

  /** Keeps the ArrayBuffers of `value` (a result the caller is done with) for the next jobs. */
  function release(value) {
    const max = options.maxSpare !== undefined ? options.maxSpare : 4 * (size || MAX_DEFAULT_SIZE);
    for (const b of transferList(value)) {
      if (b.byteLength === 0 || spare.includes(b)) continue;
      counters.released++;
      spare.push(b);
    }
    if (spare.length > max) {
      spare.sort((a, b) => b.byteLength - a.byteLength);
      spare = spare.slice(0, max);
    }
  }

  /** Ends every Worker; jobs not yet settled reject with TERMINATED. */
  function terminate() {
    if (terminated) return;
    terminated = true;
    for (const slot of [...slots]) removeSlot(slot);
    const error = () => new WasmforgeError('TERMINATED', `${name} pool: terminate() was called before the job finished`);
    queue.length = 0;
    for (const job of order.slice()) settle(job, false, error());
    spare = [];
  }

  return {
    run,
    release,
    terminate,
    /** Resolves to the first Worker's init() result (e.g. its backends). */
    ready: () => {
      if (!slots.size && !terminated && !firstInfo) {
        if (size) newSlot();
        else sizing.then(() => { if (!slots.size && !firstInfo) newSlot(); });
      }
      return readyPromise;
    },
    /** Counters and the current state: workers, queued, running, spare buffers. */
    stats: () => ({
      ...counters,
      size,
      workers: slots.size,
      queued: queue.length,
      running: [...slots].filter((s) => s.job).length,
      spare: spare.length,
    }),
    get size() { return size; },
    get terminated() { return terminated; },
  };
}
