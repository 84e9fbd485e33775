// SPDX-License-Identifier: MIT
// Types shared by the cores' init() (web/loader.js). Not an entry point of its own.

/** The builds a core can run on. */
export type Backend = 'wasm-simd' | 'wasm' | 'wasm2js';

/** Options of a core's init(). */
export interface InitOptions {
  /**
   * Which build to load. Default 'auto': 'wasm-simd' where WebAssembly with
   * SIMD128 works and the core has a SIMD build, else 'wasm', else 'wasm2js'
   * (WebAssembly absent or forbidden, e.g. a CSP without 'wasm-unsafe-eval').
   * In Node the environment variable WASMFORGE_BACKEND sets the default.
   * A forced backend that cannot load throws BACKEND_UNAVAILABLE.
   */
  backend?: 'auto' | Backend;
  /** Where the .wasm file is, if not at its place in the package (relative to the page). */
  url?: string | URL;
  /**
   * A compiled WebAssembly.Module of this core's .wasm, for runtimes that
   * forbid compiling Wasm from bytes (Cloudflare Workers). Nothing is fetched
   * and there is no detection: the backend is 'wasm', or 'wasm-simd' when
   * `backend: 'wasm-simd'` says the module is the .simd.wasm build.
   */
  module?: WebAssembly.Module;
}

/** Options of init() for a core without a SIMD build. */
export interface ScalarInitOptions extends InitOptions {
  backend?: 'auto' | 'wasm' | 'wasm2js';
}

/** Options of a core's compileModule(): init()'s, without `module`. */
export interface CompileModuleOptions<B extends Backend = Backend> {
  /** Which build to compile; default 'auto', picked as init() picks it. */
  backend?: 'auto' | B;
  /** Where the .wasm file is, if not at its place in the package (relative to the page). */
  url?: string | URL;
}

/** What every core module exports to load and inspect itself. */
export interface CoreLoader<B extends Backend = Backend, O extends InitOptions = InitOptions> {
  /**
   * Loads the core; await it once before any other call (they throw
   * NOT_INITIALIZED before). Downloads only the build it picks. Calling it
   * again is cheap; asking for another backend switches to it.
   * @returns the active backend
   */
  init(options?: O): Promise<B>;
  /**
   * The compiled WebAssembly.Module of the backend init() would pick (or the
   * given one), for a Worker host to post to its Workers, which pass it to
   * `init({ backend, module })` and so skip fetching and compiling. Compiles
   * once per page, instantiates nothing. `module` is null for 'wasm2js' (also
   * when 'auto' picked Wasm but the module does not compile here).
   */
  compileModule(options?: CompileModuleOptions<B>): Promise<{ backend: B; module: WebAssembly.Module | null }>;
  /** The active backend, or null before init() has finished. */
  backend(): B | null;
  /** Bytes of Wasm memory the module holds (grows to the largest input so far; a diagnostic). */
  memorySize(): number;
}
