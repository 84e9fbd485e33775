// SPDX-License-Identifier: MIT
// wasmforge/resize: image resizing and lossless rotate/flip (core/resize).
//
//   import { init, resize, rotate, flip, orient } from 'wasmforge/resize';
//   await init();                                   // wasm-simd, wasm, or wasm2js
//   const small = resize(image, { width: 1600 });   // Lanczos3, linear light
//   const thumb = resize(image, { width: 200, height: 200, fit: 'cover', filter: 'mks2021' });
//   const upright = orient(image, 6);               // EXIF orientation 6: rotate 90 clockwise
//
// Images are {width, height, data}: RGBA rows top to bottom, data a
// Uint8ClampedArray/Uint8Array (RGBA8) or Uint16Array (RGBA16), colour
// sRGB-encoded, alpha straight (what wasmforge/png and wasmforge/jpeg decode
// to). Results have the same depth; RGBA8 data is a Uint8ClampedArray. After
// init() every call is synchronous; results are fresh arrays (or views of the
// caller's `output`), never views of Wasm memory. Errors are WasmforgeError
// with a stable `code`.

import { defineCore } from './loader.js';
import { WasmforgeError } from './errors.js';
import { outputOption, describe } from './runtime.js';

export { WasmforgeError } from './errors.js';

const core = defineCore({
  name: 'resize',
  wasmUrl: () => new URL('../dist/resize.wasm', import.meta.url),
  simdUrl: () => new URL('../dist/resize.simd.wasm', import.meta.url),
  wasm2js: () => import(/* webpackChunkName: "resize.wasm2js" */ '../dist/resize.wasm2js.js'),
});

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

/** Default pixel limit of resize(), for the source rectangle and for the result: 100 million. */
export const DEFAULT_MAX_PIXELS = 100_000_000;
/** The filter names resize() accepts, in the order of the C enum (WF_RESIZE_*). */
export const FILTERS = Object.freeze(['box', 'triangle', 'catmull-rom', 'mitchell', 'lanczos3', 'mks2021']);
/** The fit modes of resize() and targetSize(). */
export const FITS = Object.freeze(['fill', 'contain', 'cover', 'inside']);

const FLAG_RGBA16 = 1;
const FLAG_GAMMA = 2;

function fail(code, message) {
  throw new WasmforgeError(code, message);
}

function isInteger(v) {
  return typeof v === 'number' && Number.isInteger(v);
}

function dimension(value, name, what) {
  if (!isInteger(value) || value < 0 || value > 0xffffffff) {
    fail('INVALID_ARGUMENT', `${what}: ${name} must be a non-negative integer, got ${describe(value)}`);
  }
  if (value === 0) fail('RESIZE_BAD_DIMENSIONS', `${what}: ${name} is 0`);
  return value;
}

// {width, height, data, depth, bytes (a Uint8Array over the samples), array (the class of data)}
function checkImage(image, what) {
  if (!image || typeof image !== 'object') {
    fail('INVALID_ARGUMENT', `${what}: image must be an object {width, height, data}, got ${describe(image)}`);
  }
  const width = dimension(image.width, 'image.width', what);
  const height = dimension(image.height, 'image.height', what);
  const data = image.data;
  let depth;
  if (data instanceof Uint8ClampedArray || data instanceof Uint8Array) depth = 8;
  else if (data instanceof Uint16Array) depth = 16;
  else {
    fail('INVALID_ARGUMENT', `${what}: image.data must be a Uint8ClampedArray, Uint8Array (RGBA8) or Uint16Array ` +
      `(RGBA16), got ${describe(data)}`);
  }
  const samples = width * height * 4;
  if (data.length < samples) {
    fail('INVALID_ARGUMENT', `${what}: image.data has ${data.length} samples, a ${width}x${height} RGBA image needs ${samples}`);
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, samples * (depth / 8));
  return { width, height, depth, bytes };
}

// The arrays the `output` option takes (the shared semantics of web/runtime.js
// outputOption: never a view of Wasm memory, BUFFER_TOO_SMALL with error.needed,
// the result's data a view of its first entries), by sample depth.
const OUTPUTS = { 8: [Uint8ClampedArray, Uint8Array], 16: [Uint16Array] };
const VIEWS = { 8: Uint8ClampedArray, 16: Uint16Array };

// The checked output of a result of `samples` samples, inside rt.run() (null without one).
function checkedOutput(options, depth, samples, rt, what) {
  const output = outputOption(options, what, OUTPUTS[depth]);
  rt.checkOutput(output, samples * (depth / 8), what);
  return output;
}

function positiveOption(options, key, what) {
  const v = options[key];
  if (v === undefined) return undefined;
  return dimension(v, key, what);
}

function integerOption(options, key, fallback, min, max, what) {
  const value = options && options[key] !== undefined ? options[key] : fallback;
  if (!isInteger(value) || value < min || value > max) {
    fail('INVALID_ARGUMENT', `${what}: ${key} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/**
 * The size resize() gives a srcWidth x srcHeight image (or crop) for
 * {width, height, fit}: with one of width/height the other follows the
 * aspect ratio (rounded, at least 1); with both, 'fill', 'contain' and
 * 'cover' give exactly width x height and 'inside' the largest size of the
 * same aspect ratio that fits in it.
 * @returns {{width: number, height: number}}
 */
export function targetSize(srcWidth, srcHeight, options) {
  const what = 'resize.targetSize';
  const p = plan(dimension(srcWidth, 'srcWidth', what), dimension(srcHeight, 'srcHeight', what), options || {}, what);
  return { width: p.width, height: p.height };
}

// The whole layout of one resize: output size, the source rectangle relative
// to the (cropped) source, and where the resized rectangle goes in the output.
function plan(cw, ch, options, what) {
  let fit = options.fit === undefined ? 'fill' : options.fit;
  if (!FITS.includes(fit)) fail('INVALID_ARGUMENT', `${what}: fit must be one of ${FITS.join(', ')}, got ${describe(fit)}`);
  let w = positiveOption(options, 'width', what);
  let h = positiveOption(options, 'height', what);
  if (w === undefined && h === undefined) fail('INVALID_ARGUMENT', `${what}: give width, height or both`);
  if (w === undefined) {
    w = Math.max(1, Math.round((cw * h) / ch));
    fit = 'fill';
  } else if (h === undefined) {
    h = Math.max(1, Math.round((ch * w) / cw));
    fit = 'fill';
  }
  const full = { x: 0, y: 0, width: cw, height: ch };
  if (fit === 'fill') return { width: w, height: h, source: full, inner: { x: 0, y: 0, width: w, height: h } };
  if (fit === 'cover') {
    const s = Math.max(w / cw, h / ch);
    const sw = Math.min(cw, Math.max(1, Math.round(w / s)));
    const sh = Math.min(ch, Math.max(1, Math.round(h / s)));
    return {
      width: w, height: h,
      source: { x: (cw - sw) >> 1, y: (ch - sh) >> 1, width: sw, height: sh },
      inner: { x: 0, y: 0, width: w, height: h },
    };
  }
  const s = Math.min(w / cw, h / ch);
  const iw = Math.min(w, Math.max(1, Math.round(cw * s)));
  const ih = Math.min(h, Math.max(1, Math.round(ch * s)));
  if (fit === 'inside') return { width: iw, height: ih, source: full, inner: { x: 0, y: 0, width: iw, height: ih } };
  return { width: w, height: h, source: full, inner: { x: (w - iw) >> 1, y: (h - ih) >> 1, width: iw, height: ih } };
}

function cropOption(crop, width, height, what) {
  if (crop === undefined || crop === null) return { x: 0, y: 0, width, height };
  if (typeof crop !== 'object') fail('INVALID_ARGUMENT', `${what}: crop must be {x, y, width, height}, got ${describe(crop)}`);
  const c = {};
  for (const key of ['x', 'y', 'width', 'height']) {
    const v = crop[key];
    if (!isInteger(v) || v < 0) fail('INVALID_ARGUMENT', `${what}: crop.${key} must be a non-negative integer, got ${describe(v)}`);
    c[key] = v;
  }
  if (c.width === 0 || c.height === 0 || c.x + c.width > width || c.y + c.height > height) {
    fail('RESIZE_BAD_CROP', `${what}: crop {x: ${c.x}, y: ${c.y}, width: ${c.width}, height: ${c.height}} is empty or ` +
      `not inside the ${width}x${height} image`);
  }
  return c;
}

function backgroundOption(options, depth, what) {
  const bg = options.background === undefined ? [0, 0, 0, 0] : options.background;
  const max = depth === 8 ? 255 : 65535;
  if (!Array.isArray(bg) || bg.length !== 4 || !bg.every((v) => isInteger(v) && v >= 0 && v <= max)) {
    fail('INVALID_ARGUMENT', `${what}: background must be [r, g, b, a] with integers from 0 to ${max}`);
  }
  return bg;
}

/**
 * Resizes an image.
 * @param {{width: number, height: number, data: Uint8ClampedArray|Uint8Array|Uint16Array}} image
 * @param {{width?: number, height?: number, fit?: 'fill'|'contain'|'cover'|'inside',
 *   filter?: 'box'|'triangle'|'catmull-rom'|'mitchell'|'lanczos3'|'mks2021', linear?: boolean,
 *   crop?: {x: number, y: number, width: number, height: number}, maxPixels?: number,
 *   background?: number[], output?: Uint8ClampedArray|Uint8Array|Uint16Array}} options
 *   see targetSize() for width/height/fit ('fill' by default; 'cover' crops the
 *   centre, 'contain' letterboxes with `background`, default [0,0,0,0]);
 *   filter: default 'lanczos3'; linear: filter in linear light (default true;
 *   false filters the sRGB values, faster); crop: the source rectangle (pixels
 *   outside it are never read); maxPixels caps crop and result (default
 *   100,000,000; RESIZE_TOO_LARGE beyond); output: see the module comment.
 * @returns {{width: number, height: number, data: Uint8ClampedArray|Uint16Array}}
 */
export function resize(image, options) {
  const what = 'resize';
  const img = checkImage(image, what);
  if (options === undefined || options === null || typeof options !== 'object') {
    fail('INVALID_ARGUMENT', `${what}: options {width, height, ...} are required, got ${describe(options)}`);
  }
  const crop = cropOption(options.crop, img.width, img.height, what);
  const layout = plan(crop.width, crop.height, options, what);
  const filterName = options.filter === undefined ? 'lanczos3' : options.filter;
  const filter = FILTERS.indexOf(filterName);
  if (filter < 0) fail('RESIZE_BAD_FILTER', `${what}: unknown filter ${describe(filterName)}; expected one of ${FILTERS.join(', ')}`);
  if (options.linear !== undefined && typeof options.linear !== 'boolean') {
    fail('INVALID_ARGUMENT', `${what}: linear must be a boolean, got ${describe(options.linear)}`);
  }
  const linear = options.linear !== false;
  const maxPixels = integerOption(options, 'maxPixels', DEFAULT_MAX_PIXELS, 1, 0xffffffff, what);
  const bg = backgroundOption(options, img.depth, what);
  const background = layout.inner.width !== layout.width || layout.inner.height !== layout.height ? bg : null;
  if (layout.width * layout.height > maxPixels) {
    fail('RESIZE_TOO_LARGE', `${what}: the ${layout.width}x${layout.height} result exceeds maxPixels (${maxPixels})`);
  }
  const bpp = img.depth / 2; // bytes per pixel: 4 or 8
  // the source rectangle in image coordinates
  const sx = crop.x + layout.source.x;
  const sy = crop.y + layout.source.y;
  const sw = layout.source.width;
  const sh = layout.source.height;
  const { inner } = layout;
  const samples = layout.width * layout.height * 4;
  const flags = (img.depth === 16 ? FLAG_RGBA16 : 0) | (linear ? 0 : FLAG_GAMMA);

  return core.runtime().run((rt) => {
    const e = rt.exports;
    const output = checkedOutput(options, img.depth, samples, rt, what);
    const ctx = rt.context('wf_resizer_alloc');
    let inPtr = 0;
    let outPtr = 0;
    try {
      const outBytes = samples * (img.depth / 8);
      outPtr = rt.alloc(outBytes);
      let target = outPtr;
      if (background) {
        fillBackground(rt, outPtr, layout.width * layout.height, background, img.depth);
        // the resized rectangle is written to a scratch buffer and copied in below
        target = rt.alloc(inner.width * inner.height * bpp);
      }
      try {
        e.wf_resizer_set_max_pixels(ctx, maxPixels);
        const targetBytes = inner.width * inner.height * bpp;
        // Streamed (opaque RGBA8): the source rows go into Wasm memory a few
        // hundred KB at a time, each run filtered while it is in the cache;
        // no copy of the whole image (nor the Wasm memory it would take).
        // Else, or at the first pixel with alpha, the source rectangle's rows
        // go in at once (one copy) for wf_resize.
        if (!streamed(rt, ctx, img, sx, sy, sw, sh, target, targetBytes, inner, filter, flags, what)) {
          const rowBytes = img.width * bpp;
          const inBytes = sh * rowBytes;
          inPtr = rt.alloc(inBytes);
          rt.heap().set(img.bytes.subarray(sy * rowBytes, (sy + sh) * rowBytes), inPtr);
          rt.check(e.wf_resize(ctx, inPtr, inBytes, img.width, sh, sx, 0, sw, sh,
            target, targetBytes, inner.width, inner.height, filter, flags), what);
        }
        if (background) {
          const h = rt.heap();
          const innerRow = inner.width * bpp;
          const outRow = layout.width * bpp;
          for (let y = 0; y < inner.height; y++) {
            h.copyWithin(outPtr + (inner.y + y) * outRow + inner.x * bpp, target + y * innerRow, target + (y + 1) * innerRow);
          }
        }
      } finally {
        if (target !== outPtr) rt.free(target);
      }
      return { width: layout.width, height: layout.height, data: rt.result(output, outPtr, samples * (img.depth / 8), VIEWS[img.depth], what) };
    } finally {
      rt.free(outPtr);
      rt.free(inPtr);
    }
  });
}

// The streamed resize of wf/resize.h (wf_resize_stream_begin, then
// wf_resize_stream_next and wf_resize_stream_push in turn): true when done,
// false when the caller must use wf_resize (not streamable, or alpha found).
function streamed(rt, ctx, img, sx, sy, sw, sh, target, targetBytes, inner, filter, flags, what) {
  const e = rt.exports;
  rt.check(e.wf_resize_stream_begin(ctx, img.width, img.height, sx, sy, sw, sh,
    target, targetBytes, inner.width, inner.height, filter, flags), what);
  const rows = e.wf_resize_stream_rows(ctx) >>> 0;
  if (!rows) return false;
  const buffer = e.wf_resize_stream_buffer(ctx) >>> 0;
  const rowBytes = img.width * 4;
  const end = sy + sh;
  for (;;) {
    const j = e.wf_resize_stream_next(ctx) >>> 0;
    if (j >= end) return true;
    const n = Math.min(rows, end - j);
    // the heap view is taken again: nothing grows memory during a stream, but cheap
    rt.heap().set(img.bytes.subarray(j * rowBytes, (j + n) * rowBytes), buffer);
    const ok = e.wf_resize_stream_push(ctx, n);
    if (ok < 0) throw new WasmforgeError('OUT_OF_MEMORY', `${what}: out of memory in the Wasm heap`);
    if (ok === 0) return false;
  }
}

function fillBackground(rt, ptr, pixels, bg, depth) {
  const h = rt.heap();
  const px = new Uint8Array(depth / 2);
  if (depth === 8) px.set(bg);
  else new Uint16Array(px.buffer).set(bg);
  h.set(px, ptr);
  // doubling copies: log2(pixels) calls
  let filled = px.length;
  const total = pixels * px.length;
  while (filled < total) {
    const n = Math.min(filled, total - filled);
    h.copyWithin(ptr + filled, ptr, ptr + n);
    filled += n;
  }
}

/**
 * Applies an EXIF orientation (1-8) losslessly: the transform that shows an
 * image stored with that orientation upright (1 none, 2 flip horizontally,
 * 3 rotate 180, 4 flip vertically, 5 transpose, 6 rotate 90 clockwise,
 * 7 transverse, 8 rotate 90 counter-clockwise). 5-8 swap width and height.
 * @param {{width: number, height: number, data: Uint8ClampedArray|Uint8Array|Uint16Array}} image
 * @param {number} orientation 1-8 (RESIZE_BAD_ORIENTATION otherwise)
 * @param {{output?: Uint8ClampedArray|Uint8Array|Uint16Array}} [options]
 * @returns {{width: number, height: number, data: Uint8ClampedArray|Uint16Array}}
 */
export function orient(image, orientation, options) {
  return transform(image, orientation, options, 'orient');
}

/**
 * Rotates clockwise by a multiple of 90 degrees (negative turns
 * counter-clockwise), losslessly.
 * @param {number} degrees ..., -90, 0, 90, 180, 270, ... (INVALID_ARGUMENT otherwise)
 */
export function rotate(image, degrees, options) {
  if (!isInteger(degrees) || degrees % 90 !== 0) {
    fail('INVALID_ARGUMENT', `rotate: degrees must be a multiple of 90, got ${describe(degrees)}`);
  }
  const turns = (((degrees / 90) % 4) + 4) % 4;
  return transform(image, [1, 6, 3, 8][turns], options, 'rotate');
}

/**
 * Mirrors an image, losslessly.
 * @param {'horizontal'|'vertical'} direction 'horizontal' swaps left and right,
 *   'vertical' top and bottom (INVALID_ARGUMENT otherwise)
 */
export function flip(image, direction, options) {
  const o = direction === 'horizontal' ? 2 : direction === 'vertical' ? 4 : 0;
  if (!o) fail('INVALID_ARGUMENT', `flip: direction must be 'horizontal' or 'vertical', got ${describe(direction)}`);
  return transform(image, o, options, 'flip');
}

function transform(image, orientation, options, what) {
  const img = checkImage(image, what);
  if (!isInteger(orientation) || orientation < 1 || orientation > 8) {
    fail('RESIZE_BAD_ORIENTATION', `${what}: orientation must be an integer from 1 to 8, got ${describe(orientation)}`);
  }
  const samples = img.width * img.height * 4;
  const nbytes = img.bytes.length;
  const swap = orientation >= 5;
  return core.runtime().run((rt) => {
    const output = checkedOutput(options, img.depth, samples, rt, what);
    let inPtr = 0;
    let outPtr = 0;
    try {
      inPtr = rt.copyIn(img.bytes);
      outPtr = rt.alloc(nbytes);
      rt.check(rt.exports.wf_transform(inPtr, nbytes, img.width, img.height, outPtr, nbytes, orientation,
        img.depth === 16 ? FLAG_RGBA16 : 0), what);
      return {
        width: swap ? img.height : img.width,
        height: swap ? img.width : img.height,
        data: rt.result(output, outPtr, samples * (img.depth / 8), VIEWS[img.depth], what),
      };
    } finally {
      rt.free(outPtr);
      rt.free(inPtr);
    }
  });
}
