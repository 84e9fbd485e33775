// SPDX-License-Identifier: MIT
// wasmforge/deflate: DEFLATE, zlib and gzip compression, CRC-32 and Adler-32.
//
//   import { init, gzip, gunzip, backend } from 'wasmforge/deflate';
//   await init();                       // picks wasm, or wasm2js where Wasm is unavailable
//   const packed = gzip(bytes, { level: 9 });
//
// After init() every call is synchronous: Uint8Array in, new Uint8Array out.
// Errors are WasmforgeError with a stable `code`.

import { defineCore } from './loader.js';
import { createDeflateApi } from './deflate-api.js';

const core = defineCore({
  name: 'deflate',
  wasmUrl: () => new URL('../dist/deflate.wasm', import.meta.url),
  simdUrl: () => new URL('../dist/deflate.simd.wasm', import.meta.url),
  wasm2js: () => import(/* webpackChunkName: "deflate.wasm2js" */ '../dist/deflate.wasm2js.js'),
});

const api = createDeflateApi(core.runtime);

/**
 * Loads the core. Must be awaited once before the other calls.
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
/** @returns {string|null} the active backend ('wasm' or 'wasm2js'), null before init() */
export const backend = core.backend;
/** @returns {number} the size of the module's Wasm memory in bytes (see web/loader.js) */
export const memorySize = core.memorySize;
export const { inflate, deflate, gzip, gunzip, zlibCompress, zlibDecompress, crc32, adler32 } = api;
export { DEFAULT_MAX_OUTPUT_LENGTH } from './deflate-api.js';
export { WasmforgeError } from './errors.js';
