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
// init() loads one module for both) and binds both halves to it.

import { defineCore } from './loader.js';
import * as decoder from './jpeg-decode.js';
import * as encoder from './jpeg-encode.js';

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
/** @returns {string|null} the active backend, null before init() */
export const backend = core.backend;
/** @returns {number} the size of the module's Wasm memory in bytes (see web/loader.js) */
export const memorySize = core.memorySize;

/** Decodes a JPEG file to RGBA8: decode(bytes, {maxPixels, output}); see web/jpeg-decode.js. */
export function decode(bytes, options) {
  return decoder.decode(core, bytes, options);
}
/** Reads a JPEG file's size and metadata without decoding it; see web/jpeg-decode.js. */
export function readHeader(bytes) {
  return decoder.readHeader(core, bytes);
}
export { DEFAULT_MAX_PIXELS } from './jpeg-decode.js';

/** Encodes RGBA pixels as JPEG: encode({width, height, data}, {quality, ...}); see web/jpeg-encode.js. */
export function encode(image, options) {
  return encoder.encode(core, image, options);
}
export { WasmforgeError } from './errors.js';
