// SPDX-License-Identifier: MIT
// wasmforge/jpeg: JPEG decoding (web/jpeg-decode.js) and encoding
// (web/jpeg-encode.js) over one shared Wasm module.
//
//   import { init, decode, encode } from 'wasmforge/jpeg';
//   await init();                          // picks wasm-simd, wasm, or wasm2js
//   const { width, height, data, meta } = decode(jpegBytes);
//   const jpg = encode({ width, height, data }, { quality: 85 });
//
// Each half lives in its own file and takes the core as its first argument;
// this module defines the one core (decoder and encoder in one module, so one
// init() loads one module for both) and binds both halves to it
// (web/jpeg-api.js, shared with the legacy bundle).

import { defineCore } from './loader.js';
import { createJpegApi } from './jpeg-api.js';

const core = defineCore({
  name: 'jpeg',
  wasmUrl: () => new URL('../dist/jpeg.wasm', import.meta.url),
  simdUrl: () => new URL('../dist/jpeg.simd.wasm', import.meta.url),
  wasm2js: () => import(/* webpackChunkName: "jpeg.wasm2js" */ '../dist/jpeg.wasm2js.js'),
});

/**
 * Loads the core. Must be awaited once before decode()/encode().
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

const api = createJpegApi(core.runtime);

/** decode(bytes, {maxPixels, output}) and readHeader(bytes): see web/jpeg-decode.js; encode(image, {quality, ...}): web/jpeg-encode.js */
export const { decode, readHeader, encode } = api;
export { DEFAULT_MAX_PIXELS } from './jpeg-decode.js';
export { WasmforgeError } from './errors.js';
