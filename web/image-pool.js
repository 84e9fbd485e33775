// SPDX-License-Identifier: MIT
// image-pool.js: wasmforge/image's createImagePool(): process/decode/encode/resize
// off the main thread, in module Workers (browsers) or worker_threads (Node),
// each with the cores loaded once. Built on the one Worker mechanism
// (web/worker-pool.js + web/worker-host.js); the Worker is web/image-worker.js.
//
//   const pool = createImagePool({ size: 2 });
//   const out = await pool.process(file, { resize: { width: 800 }, output: { type: 'image/jpeg', quality: 80 } });
//   pool.release(out);   // done with out.data: its buffer serves a later job
//   pool.terminate();

import { createWorkerPool } from './worker-pool.js';
import { readInput } from './image-pipeline.js';
import { WasmforgeError } from './errors.js';

// Bytes or pixels ready to post: the ArrayBuffer of a view that spans it whole
// is transferred (the caller's array is detached); a view into a larger buffer
// is copied first (posting it would copy, or detach, the whole buffer).
function movable(view, transfer, copy) {
  if (view.byteLength === 0) return new Uint8Array(0); // empty, or detached by an earlier transfer
  if (!copy && view.byteLength > 0 && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer) {
    transfer.push(view.buffer);
    return view;
  }
  const own = view.slice();
  transfer.push(own.buffer);
  return own;
}

function pixelsArg(image, what, transfer, copy) {
  if (!image || typeof image !== 'object' || !ArrayBuffer.isView(image.data)) {
    throw new WasmforgeError('INVALID_ARGUMENT', `${what}: expected {width, height, data}`);
  }
  return { width: image.width, height: image.height, data: movable(image.data, transfer, copy) };
}

function splitOptions(options) {
  if (options === undefined || options === null) return { rest: {}, signal: undefined };
  if (typeof options !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'options must be an object');
  const { signal, ...rest } = options;
  return { rest, signal };
}

/**
 * Creates a pool of image Workers.
 * @param {{size?: number, maxQueue?: number, idleTimeout?: number, backend?: string,
 *   init?: object, transfer?: boolean}} [options]
 *   size: Workers (default: the core count, at most 4); maxQueue: jobs waiting (default
 *   unlimited; QUEUE_FULL beyond); idleTimeout: ms before an idle Worker is ended (default
 *   10000; 0 keeps them); backend: every Worker's backend (default: the fastest that works);
 *   init: the options of every Worker's init() (web/image.js), e.g. compiled cores to give the
 *   Workers instead of each fetching and compiling them: {png: {module}, jpeg: {module}, webp: {module}, resize: {module}};
 *   transfer (default true): move input buffers to the Workers (the caller's arrays are
 *   detached) rather than copy them.
 */
export function createImagePool(options = {}) {
  if (!options || typeof options !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'createImagePool: options must be an object');
  const { backend, init, transfer: transferInputs = true, ...poolOptions } = options;
  const copy = !transferInputs;
  const pool = createWorkerPool({
    ...poolOptions,
    url: new URL('./image-worker.js', import.meta.url),
    // written out so that bundlers (Vite, webpack) see a module Worker and bundle image-worker.js
    create: () => new Worker(new URL('./image-worker.js', import.meta.url), { type: 'module', name: 'wasmforge-image' }),
    name: 'wasmforge-image',
    recyclePerJob: 1,
    // what each Worker's image.init() gets: compiled modules are posted, not
    // recompiled (init: {png: {module}, jpeg: {module}, resize: {module}})
    init: { ...(backend ? { backend } : {}), ...init },
  });
  // Inputs are read (a Blob, a Response) one after another, so that jobs reach
  // the queue, and their results come back, in the order of the calls.
  let intake = Promise.resolve();
  function submit(op, prepare, signal) {
    // Inputs are prepared one after the other (so jobs reach the pool in the
    // order of submission), but a job does not wait for the one before it to
    // finish: the pool runs them on all its Workers at once.
    const prepared = intake.then(async () => {
      const transfer = [];
      const args = await prepare(transfer);
      return { args, transfer };
    });
    intake = prepared.then(() => {}, () => {});
    return prepared.then(({ args, transfer }) => pool.run(op, args, { transfer, signal }));
  }
  return {
    /** process() of wasmforge/image in a Worker; options as process(), plus signal. */
    process(input, options) {
      const { rest, signal } = splitOptions(options);
      return submit('process', async (transfer) => {
        const source = await readInput(input, 'pool.process');
        const arg = source.bytes ? movable(source.bytes, transfer, copy) : pixelsArg(source.image, 'pool.process', transfer, copy);
        return [arg, rest];
      }, signal);
    },
    /** decode() of wasmforge/image in a Worker; options as decode(), plus signal. */
    decode(bytes, options) {
      const { rest, signal } = splitOptions(options);
      return submit('decode', async (transfer) => {
        const source = await readInput(bytes, 'pool.decode');
        if (!source.bytes) throw new WasmforgeError('INVALID_ARGUMENT', 'pool.decode: expected encoded bytes');
        return [movable(source.bytes, transfer, copy), rest];
      }, signal);
    },
    /** encode() of wasmforge/image in a Worker; options as encode(), plus signal. */
    encode(image, options) {
      const { rest, signal } = splitOptions(options);
      return submit('encode', async (transfer) => [pixelsArg(image, 'pool.encode', transfer, copy), rest], signal);
    },
    /** resize() of wasmforge/image in a Worker; options as resize(), plus signal. */
    resize(image, options) {
      const { rest, signal } = splitOptions(options);
      return submit('resize', async (transfer) => [pixelsArg(image, 'pool.resize', transfer, copy), rest], signal);
    },
    /** Hands a result's buffers back (its arrays must not be used afterwards). */
    release: (result) => pool.release(result),
    /** Resolves to the first Worker's info ({backends}) once it is loaded. */
    ready: () => pool.ready(),
    /** The pool's counters (submitted, completed, crashed, ...). */
    stats: () => pool.stats(),
    /** Memory of one Worker: {cache, wasmMemory, heapUsed}. */
    workerStats: (gc = false) => pool.run('stats', { gc }),
    /** Ends the Workers; pending jobs reject with TERMINATED. */
    terminate: () => pool.terminate(),
    get size() { return pool.size; },
  };
}
