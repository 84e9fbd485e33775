// SPDX-License-Identifier: MIT
// wasmforge/image: one entry point for PNG, JPEG and WebP.
//
//   import { init, decode, encode } from 'wasmforge/image';
//   await init();
//   const image = decode(bytes);                 // sniffs PNG, JPEG or WebP
//   const jpg = encode(image, { type: 'image/jpeg', quality: 85 });
//
// decode() returns what wasmforge/png, /jpeg or /webp return, plus `type`
// (the MIME type it found). Errors are WasmforgeError with a stable `code`.
//
// The whole job in one call, and off the main thread:
//   const out = await process(file, { resize: { width: 1600 }, output: { type: 'image/jpeg', quality: 80 } });
//   const pool = createImagePool({ size: 2 });   // module Workers / worker_threads
//   const outs = await Promise.all(files.map((f) => pool.process(f, options)));
// (web/image-pipeline.js, web/image-pool.js.)

import * as png from './png.js';
import * as jpeg from './jpeg.js';
import * as webp from './webp.js';
import * as resizer from './resize.js';
import { toBytes } from './runtime.js';
import { WasmforgeError } from './errors.js';

export { WasmforgeError } from './errors.js';
export { process, autoOrient, createBufferCache } from './image-pipeline.js';
export { createImagePool } from './image-pool.js';
export { resize, rotate, flip } from './resize.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Loads the PNG, JPEG, WebP and resize cores. options: what each core's
 * init() takes (backend, url, module), plus `png`, `jpeg`, `webp` and
 * `resize`: options for that core alone, which win over the shared ones (a
 * precompiled module or a url is per core:
 * init({png: {module: pngModule}, jpeg: {module: jpegModule}})).
 * @returns {Promise<{png: string, jpeg: string, webp: string, resize: string}>} the active backends
 */
export async function init(options = {}) {
  const { png: pngOptions, jpeg: jpegOptions, webp: webpOptions, resize: resizeOptions, ...shared } = options || {};
  const [pngBackend, jpegBackend, webpBackend, resizeBackend] = await Promise.all([
    png.init({ ...shared, ...pngOptions }),
    jpeg.init({ ...shared, ...jpegOptions }),
    webp.init({ ...shared, ...webpOptions }),
    resizer.init({ ...shared, ...resizeOptions }),
  ]);
  return { png: pngBackend, jpeg: jpegBackend, webp: webpBackend, resize: resizeBackend };
}

/** @returns {{png: string|null, jpeg: string|null, webp: string|null, resize: string|null}} the active backends */
export function backend() {
  return { png: png.backend(), jpeg: jpeg.backend(), webp: webp.backend(), resize: resizer.backend() };
}

/**
 * The MIME type of encoded image bytes from their signature:
 * 'image/png', 'image/jpeg', 'image/webp', or null.
 */
export function sniff(bytes) {
  const b = toBytes(bytes, 'sniff');
  if (b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 12 && String.fromCharCode(b[0], b[1], b[2], b[3]) === 'RIFF'
      && String.fromCharCode(b[8], b[9], b[10], b[11]) === 'WEBP') return 'image/webp';
  return null;
}

/**
 * Decodes a PNG, JPEG or WebP file to RGBA. Options go to the codec's decode()
 * (maxPixels for all; depth and checkCRC for PNG; fancyUpsampling for WebP).
 * @returns {{type: string, width: number, height: number, data: Uint8ClampedArray|Uint16Array, meta: object}}
 */
export function decode(bytes, options) {
  const b = toBytes(bytes, 'decode');
  const type = sniff(b);
  if (type === 'image/png') return { type, ...png.decode(b, options) };
  if (type === 'image/jpeg') return { type, ...jpeg.decode(b, options) };
  if (type === 'image/webp') return { type, ...webp.decode(b, options) };
  const head = Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
  throw new WasmforgeError('IMAGE_UNKNOWN_FORMAT',
    `decode: not a PNG, JPEG or WebP file (it starts with ${head || 'nothing'})`, 0);
}

/**
 * Encodes {width, height, data (RGBA)} as PNG (default) or JPEG.
 * options: { type: 'image/png' | 'image/jpeg' | 'image/webp', quality (JPEG 1-100, lossy WebP 0-100),
 * ...the codec's own options } (WebP: lossless (default true), effort, exact, alphaQuality, meta).
 * @returns {Uint8Array}
 */
export function encode(image, options = {}) {
  const { type = 'image/png', ...rest } = options;
  if (type === 'image/png') return png.encode(image, rest);
  if (type === 'image/jpeg') return jpeg.encode(image, rest);
  if (type === 'image/webp') return webp.encode(image, rest);
  throw new WasmforgeError('INVALID_ARGUMENT', `encode: type must be 'image/png', 'image/jpeg' or 'image/webp', got ${type}`);
}
