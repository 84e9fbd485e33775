// SPDX-License-Identifier: MIT
// loader.js: the one mechanism that loads every wasmforge core.
//
// A core module (web/deflate.js, web/png.js, ...) calls defineCore() once with
// where its three builds live; its init() then picks a backend, loads only
// that build, instantiates it and wraps it in a runtime (web/runtime.js):
//
//   'wasm-simd'  <core>.simd.wasm   when WebAssembly works and has SIMD128
//   'wasm'       <core>.wasm        when WebAssembly works
//   'wasm2js'    <core>.wasm2js.js  the same .wasm turned into JavaScript by
//                                   binaryen (polyfill/build-wasm2js.mjs), for
//                                   engines without WebAssembly or where it is
//                                   forbidden (CSP without 'wasm-unsafe-eval',
//                                   iOS Lockdown Mode, --jitless)
//
// A backend can be forced with init({backend}) or, in Node, the environment
// variable WASMFORGE_BACKEND. Works in pages, module Workers and Node 20.

import { createRuntime } from './runtime.js';
import { WasmforgeError } from './errors.js';

export const BACKENDS = Object.freeze(['wasm-simd', 'wasm', 'wasm2js']);

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);

/**
 * import() of a Node built-in (e.g. 'node:fs/promises'), written so that no
 * bundler tries to resolve or bundle it for a browser build: only Node reaches
 * the code paths that call it.
 */
export function importNodeBuiltin(name) {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ name);
}

// The smallest valid module, and a 31-byte module using v128 and i8x16.popcnt.
const EMPTY_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
const SIMD_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10,
  1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

let wasmWorksCache;
/**
 * True when this engine can compile and instantiate WebAssembly right now.
 * `typeof WebAssembly` is not enough: under a CSP without 'wasm-unsafe-eval'
 * the object exists but compiling throws.
 */
export function wasmWorks() {
  if (wasmWorksCache === undefined) {
    try {
      wasmWorksCache = typeof WebAssembly === 'object' &&
        new WebAssembly.Instance(new WebAssembly.Module(EMPTY_MODULE)) instanceof WebAssembly.Instance;
    } catch {
      wasmWorksCache = false;
    }
  }
  return wasmWorksCache;
}

/** True when WebAssembly works and validates SIMD128 code. */
export function simdWorks() {
  try {
    return wasmWorks() && WebAssembly.validate(SIMD_MODULE);
  } catch {
    return false;
  }
}

/** The backend init() picks when not told: the fastest one this engine can run. */
export function detectBackend(hasSimd) {
  if (!wasmWorks()) return 'wasm2js';
  return hasSimd && simdWorks() ? 'wasm-simd' : 'wasm';
}

function requestedBackend(options) {
  let backend = options.backend;
  // A precompiled module (edge runtimes such as Cloudflare Workers, which
  // forbid compiling Wasm from bytes) is used as given: no detection (it
  // would compile a probe module from bytes) and no wasm2js fallback.
  if (options.module !== undefined && options.module !== null) {
    if (typeof WebAssembly !== 'object' || !(options.module instanceof WebAssembly.Module)) {
      const m = options.module;
      throw new WasmforgeError('INVALID_ARGUMENT',
        `init: module must be a WebAssembly.Module, got ${m && m.constructor ? m.constructor.name : typeof m}`);
    }
    if (backend === 'wasm2js') {
      throw new WasmforgeError('INVALID_ARGUMENT', 'init: module cannot be used with the wasm2js backend');
    }
    return backend === 'wasm-simd' ? 'wasm-simd' : 'wasm';
  }
  if (backend === undefined && isNode) backend = process.env.WASMFORGE_BACKEND;
  if (backend === undefined || backend === '' || backend === 'auto') return 'auto';
  if (!BACKENDS.includes(backend)) {
    throw new WasmforgeError('INVALID_ARGUMENT',
      `unknown backend "${backend}": expected one of auto, ${BACKENDS.join(', ')}`);
  }
  return backend;
}

// The imports of a standalone Emscripten module: memory-growth notification
// (views are re-made lazily, see runtime.js) and proc_exit (abort()); and
// env.memory for a build that imports its memory (a shared one: chess.mt.wasm).
function makeImports(memory) {
  const env = { emscripten_notify_memory_growth() {} };
  if (memory) env.memory = memory;
  return {
    env,
    wasi_snapshot_preview1: {
      proc_exit(code) {
        throw new WebAssembly.RuntimeError(`wasmforge core aborted (exit code ${code})`);
      },
    },
  };
}

function initialize(exports) {
  if (exports._initialize) exports._initialize();
  return exports;
}

async function readUrl(url) {
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await importNodeBuiltin('node:fs/promises');
    return readFile(url);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${url} failed: HTTP ${response.status}`);
  return response.arrayBuffer();
}

async function compileWasm(url) {
  if (!(isNode && url.protocol === 'file:') && typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(fetch(url));
    } catch (e) {
      // A server that sends the wrong MIME type makes streaming fail with a
      // TypeError; anything else (a CSP refusal, a network error) is real.
      if (!(e instanceof TypeError)) throw e;
    }
  }
  return WebAssembly.compile(await readUrl(url));
}

// Every .wasm is compiled once per realm (page, Worker, Node process): the
// compiled WebAssembly.Module is kept here by URL, shared by every core
// instance that loads it, and can be posted to Workers (see compileModule() below),
// which then neither fetch nor compile it and share its compiled code.
const compiled = new Map();

function wasmUrlOf(spec, backend, options) {
  return options.url ? new URL(options.url, isNode ? undefined : globalThis.location?.href)
    : backend === 'wasm-simd' ? spec.simdUrl() : spec.wasmUrl();
}

function compileOnce(url) {
  let promise = compiled.get(url.href);
  if (!promise) {
    promise = compileWasm(url);
    compiled.set(url.href, promise);
    // a failure (network, CSP) is not cached: a later call tries again
    promise.catch(() => { if (compiled.get(url.href) === promise) compiled.delete(url.href); });
  }
  return promise;
}

async function loadBackend(spec, backend, options) {
  if (backend === 'wasm2js') {
    const { instantiate } = await spec.wasm2js();
    const make = () => initialize(instantiate(makeImports()));
    return createRuntime(make(), backend, make);
  }
  const module = options.module ? options.module : await compileOnce(wasmUrlOf(spec, backend, options));
  const memory = options.memory || null;
  let made = 0;
  const make = () => {
    // A shared memory outlives a trap: a fresh instance over it would find the
    // heap in an unknown state (and other threads still using it), so it is not remade.
    if (memory && made++) {
      throw new WasmforgeError('INTERNAL_ERROR', `${spec.name}: the threaded module trapped; start a new engine`);
    }
    const exports = new WebAssembly.Instance(module, makeImports(memory)).exports;
    // (the runtime reads the memory from the exports: an imported one is added)
    return initialize(memory ? { ...exports, memory } : exports);
  };
  const rt = createRuntime(make(), backend, make);
  rt.module = module;
  return rt;
}

/**
 * A further instance of a module that imports a shared memory (a thread's
 * instance: see web/chess-helper.js): instantiated over `memory` without
 * running _initialize (the first instance did: the C constructors and the
 * allocator's set-up must run once per memory, not once per instance), with
 * its stack pointer set to stackTop (a region the first instance allocated:
 * the stack pointer is per instance, and the linker's stack is the first
 * instance's). Returns the exports.
 */
export function threadInstance(module, memory, stackTop) {
  const exports = new WebAssembly.Instance(module, makeImports(memory)).exports;
  exports.stackRestore(stackTop);
  return exports;
}

/**
 * Declares a core. spec = { name, wasmUrl: () => URL, simdUrl?: () => URL,
 * wasm2js: () => import(...) }. The URLs are written as
 * new URL('../dist/x.wasm', import.meta.url) in the core's own module so that
 * bundlers find the files. Returns { init, compileModule,
 * backend, runtime, memorySize }.
 */
export function defineCore(spec) {
  let current = null;
  let loading = null;
  let loadingBackend = null;

  /**
   * Loads the core. options: { backend?: 'auto'|'wasm-simd'|'wasm'|'wasm2js',
   * url?: string|URL (where the .wasm is), module?: WebAssembly.Module (an
   * already compiled build, e.g. posted by a Worker's host from compileModule(),
   * or an edge runtime's import; backend names its build: 'wasm-simd', or
   * 'wasm' when not given), memory?: WebAssembly.Memory (the shared memory a
   * build that imports one is instantiated over: chess.mt.wasm) }.
   * Calling it again is cheap; asking for another backend switches to it.
   * @returns {Promise<string>} the active backend
   */
  async function init(options = {}) {
    // (a module is checked by requestedBackend(): its backend is 'wasm', or 'wasm-simd' when said so)
    const requested = requestedBackend(options);
    const backend = requested === 'auto' ? detectBackend(!!spec.simdUrl) : requested;
    if (backend === 'wasm-simd' && !spec.simdUrl) {
      throw new WasmforgeError('BACKEND_UNAVAILABLE', `${spec.name}: this core has no SIMD build`);
    }
    if (current && current.backend === backend) return backend;
    if (loading && loadingBackend === backend) return loading;
    loadingBackend = backend;
    loading = (async () => {
      try {
        current = await loadBackend(spec, backend, options);
      } catch (e) {
        if (requested === 'auto' && backend !== 'wasm2js') {
          // WebAssembly looked usable but this module would not load or compile:
          // fall back to the JavaScript build rather than fail.
          current = await loadBackend(spec, 'wasm2js', options);
        } else {
          throw new WasmforgeError('BACKEND_UNAVAILABLE',
            `${spec.name}: could not load the ${backend} backend: ${e && e.message}`);
        }
      } finally {
        loading = null;
      }
      return current.backend;
    })();
    return loading;
  }

  /**
   * The compiled module a Worker of this core needs, for a Worker host to post
   * it (a WebAssembly.Module is structured-cloneable: the Worker then skips
   * fetching and compiling, and shares this thread's compiled code):
   *   const { backend, module } = await compileModule();  // on the host
   *   worker.postMessage({ backend, module });
   *   await init({ backend, module });                     // in the Worker
   * The backend is picked as init() picks it (options as init's). Compiles
   * once per realm (then cached), instantiates nothing. module is null for
   * 'wasm2js' (the Worker then loads the JavaScript build itself); when
   * 'auto' picked Wasm but the module does not compile, it says 'wasm2js'
   * as init() would fall back.
   * @returns {Promise<{backend: string, module: WebAssembly.Module|null}>}
   */
  async function compileModule(options = {}) {
    const requested = requestedBackend(options);
    const backend = requested === 'auto' ? detectBackend(!!spec.simdUrl) : requested;
    if (backend === 'wasm-simd' && !spec.simdUrl) {
      throw new WasmforgeError('BACKEND_UNAVAILABLE', `${spec.name}: this core has no SIMD build`);
    }
    if (backend === 'wasm2js') return { backend, module: null };
    if (current && current.backend === backend && current.module && !options.url) return { backend, module: current.module };
    try {
      return { backend, module: await compileOnce(wasmUrlOf(spec, backend, options)) };
    } catch (e) {
      if (requested === 'auto') return { backend: 'wasm2js', module: null };
      throw new WasmforgeError('BACKEND_UNAVAILABLE', `${spec.name}: could not compile the ${backend} backend: ${e && e.message}`);
    }
  }

  /** The active backend, or null before init() has finished. */
  function backend() {
    return current ? current.backend : null;
  }

  /** The runtime of the loaded module; throws NOT_INITIALIZED before init(). */
  function runtime() {
    if (!current) {
      throw new WasmforgeError('NOT_INITIALIZED', `wasmforge/${spec.name}: await init() before calling it`);
    }
    return current;
  }

  /**
   * The size of the loaded module's linear memory in bytes: a diagnostic (it
   * grows to fit the largest input so far and never shrinks), used by the
   * tests to show that repeated calls do not leak.
   */
  function memorySize() {
    const memory = runtime().exports.memory;
    // a wasm2js memory's buffer is larger than its size (polyfill/wasm2js-memory.mjs)
    return memory.pages !== undefined ? memory.pages * 65536 : memory.buffer.byteLength;
  }

  return { name: spec.name, init, compileModule, backend, runtime, memorySize };
}
