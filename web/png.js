// SPDX-License-Identifier: MIT
// wasmforge/png: PNG decoding and encoding.
//
//   import { init, decode, encode, backend } from 'wasmforge/png';
//   await init();                                  // wasm-simd, wasm, or wasm2js
//   const { width, height, data, meta } = decode(bytes);   // RGBA8 Uint8ClampedArray
//   const png = encode({ width, height, data }, { effort: 6 });
//
// After init() every call is synchronous; results are fresh arrays (never
// views of Wasm memory), or views of the caller's own `output` array. Errors are WasmforgeError with a stable `code`
// (PNG_CRC_MISMATCH, PNG_TOO_LARGE, ZLIB_ADLER32_MISMATCH, ...) and, for
// decoding errors, the input byte `offset`. The functions are in
// web/png-api.js (ES5, shared with the legacy bundle).

import { defineCore } from './loader.js';
import { createPngApi } from './png-api.js';

const core = defineCore({
  name: 'png',
  wasmUrl: () => new URL('../dist/png.wasm', import.meta.url),
  simdUrl: () => new URL('../dist/png.simd.wasm', import.meta.url),
  wasm2js: () => import(/* webpackChunkName: "png.wasm2js" */ '../dist/png.wasm2js.js'),
});

const api = createPngApi(core.runtime);

/**
 * Loads the core. Must be awaited once before the other calls.
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
/** @returns {number} the size of the module's Wasm memory in bytes (see web/loader.js) */
export const memorySize = core.memorySize;
/** decode(bytes, {maxPixels, depth, checkCRC, output}), decodeFrames(bytes, options), encode(image, {effort, interlace}): see web/png-api.js */
export const { decode, decodeFrames, encode } = api;
export { DEFAULT_MAX_PIXELS } from './png-api.js';
export { WasmforgeError } from './errors.js';
