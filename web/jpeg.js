// SPDX-License-Identifier: MIT
// wasmforge/jpeg: JPEG decoding (web/jpeg-decode.js) and encoding
// (web/jpeg-encode.js) over one shared Wasm module.
//
//   import { init, decode, encode } from 'wasmforge/jpeg';
//   await init();                          // picks wasm-simd, wasm, or wasm2js
//   const { width, height, data, meta } = decode(jpegBytes);
//   const jpg = encode({ width, height, data }, { quality: 85 });
//
// Each half lives in its own file; both use the one core definition in
// web/jpeg-core.js, so one init() loads one module for both.

import { core } from './jpeg-core.js';

/**
 * Loads the core. Must be awaited once before decode()/encode().
 * @param {{backend?: 'auto'|'wasm-simd'|'wasm'|'wasm2js', url?: string|URL, module?: WebAssembly.Module}} [options]
 * @returns {Promise<string>} the active backend
 */
export const init = core.init;
/** @returns {string|null} the active backend, null before init() */
export const backend = core.backend;
/** @returns {number} the size of the module's Wasm memory in bytes (see web/loader.js) */
export const memorySize = core.memorySize;

// ---- decoding (web/jpeg-decode.js) ----
export { decode, readHeader, DEFAULT_MAX_PIXELS } from './jpeg-decode.js';
// ---- encoding (web/jpeg-encode.js) ----
export { encode } from './jpeg-encode.js';
export { WasmforgeError } from './errors.js';
