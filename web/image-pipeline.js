// SPDX-License-Identifier: MIT
// image-pipeline.js: wasmforge/image's process(): decode, orient, resize and
// encode in one call, plus autoOrient() and the buffer cache that lets a
// steady stream of calls reuse its memory (web/image.js re-exports them).
//
//   const out = await process(file, {
//     resize: { width: 1600, height: 1600, fit: 'inside' },
//     output: { type: 'image/jpeg', quality: 80 },
//   });
//   // out = { data: Uint8Array, width, height, type, stats }
//
// Steps, in order: read the input (Uint8Array, ArrayBuffer, Blob/File,
// Response, ImageData or {width, height, data}); decode (PNG or JPEG, sniffed);
// apply the EXIF orientation (autoOrient, default true: JPEG APP1 or PNG eXIf);
// resize (web/resize.js); encode; with keepMetadata, splice the EXIF (its
// orientation reset to 1 when applied) and the ICC profile into the output.
// Without keepMetadata the output carries no EXIF (no GPS position, camera
// serial, ...) and no ICC profile. The result's data is a fresh array (or a
// view of a buffer the caller handed back through `reuse`), never Wasm memory.

import * as png from './png.js';
import * as jpeg from './jpeg.js';
import * as webp from './webp.js';
import * as resizer from './resize.js';
import { decode, encode, sniff } from './image.js';
import { readExif, exifOrientation, setExifOrientation, insertJpegMetadata, insertPngMetadata } from './image-meta.js';
import { toBytes } from './runtime.js';
import { WasmforgeError } from './errors.js';

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** True when applying EXIF orientation `o` swaps width and height (5-8). */
export const orientationSwapsAxes = (o) => o >= 5 && o <= 8;

/**
 * Applies an EXIF orientation (1-8) to an image as a lossless pixel transform.
 * @param {{width: number, height: number, data: Uint8ClampedArray|Uint16Array, meta?: object}} image
 * @param {number} [orientation] default: image.meta.orientation (JPEG decode), else 1
 * @param {{output?: Uint8ClampedArray|Uint8Array|Uint16Array}} [options] an array to write to (web/resize.js orient())
 * @returns {{width: number, height: number, data: Uint8ClampedArray|Uint16Array}} the upright image
 *   (the input itself when the orientation is 1)
 */
export function autoOrient(image, orientation, options) {
  if (!image || typeof image !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'autoOrient: expected {width, height, data}');
  const o = orientation === undefined ? (image.meta && image.meta.orientation) || 1 : orientation;
  if (!Number.isInteger(o) || o < 1 || o > 8) {
    throw new WasmforgeError('INVALID_ARGUMENT', `autoOrient: orientation must be an integer from 1 to 8, got ${o}`);
  }
  if (o === 1) return image;
  const out = resizer.orient(image, o, options);
  return { width: out.width, height: out.height, data: out.data };
}

/**
 * A cache of ArrayBuffers for process({reuse}): intermediate pixels and
 * results are taken from it, and results the caller is done with go back
 * with release(result). `fresh` counts the buffers it had to allocate and
 * `outputsFresh` the results that did not fit a returned buffer.
 * @param {{maxBuffers?: number}} [options] most buffers kept (default 8)
 */
export function createBufferCache(options = {}) {
  const maxBuffers = options.maxBuffers === undefined ? 8 : options.maxBuffers;
  let free = [];
  const cache = {
    fresh: 0,
    reused: 0,
    outputsFresh: 0,
    outputsRecycled: 0,
    /** A Uint8Array of n bytes over a kept buffer (the smallest that fits) or a new one. */
    take(n) {
      let best = -1;
      for (let i = 0; i < free.length; i++) {
        if (free[i].byteLength >= n && (best < 0 || free[i].byteLength < free[best].byteLength)) best = i;
      }
      if (best >= 0) {
        cache.reused++;
        return new Uint8Array(free.splice(best, 1)[0], 0, n);
      }
      cache.fresh++;
      return new Uint8Array(n);
    },
    /**
     * A kept buffer for a result whose size is known only at the end: the
     * smallest one of at least n bytes, else the largest; null when none is kept.
     */
    takeAtLeast(n) {
      if (!free.length) return null;
      let best = -1;
      let largest = 0;
      for (let i = 0; i < free.length; i++) {
        const size = free[i].byteLength;
        if (size >= n && (best < 0 || size < free[best].byteLength)) best = i;
        if (size > free[largest].byteLength) largest = i;
      }
      return new Uint8Array(free.splice(best >= 0 ? best : largest, 1)[0]);
    },
    /**
     * Copies a result that fit no kept buffer into a new one with room to
     * spare (a quarter more, rounded up to 16 KiB), so that once handed back
     * it fits the next results too.
     */
    roomy(bytes) {
      cache.outputsFresh++;
      cache.fresh++;
      cache.outputHigh = Math.max(cache.outputHigh, bytes.length);
      const out = new Uint8Array(Math.ceil((bytes.length * 1.25) / 16384) * 16384);
      out.set(bytes);
      return out.subarray(0, bytes.length);
    },
    /** The largest result made with this cache so far (bytes). */
    outputHigh: 0,
    /** Gives back the buffers of a result, a typed array or an ArrayBuffer. */
    release(value) {
      const buffers = [];
      if (value instanceof ArrayBuffer) buffers.push(value);
      else if (ArrayBuffer.isView(value)) buffers.push(value.buffer);
      else if (value && ArrayBuffer.isView(value.data)) buffers.push(value.data.buffer);
      for (const b of buffers) {
        if (b instanceof ArrayBuffer && b.byteLength > 0 && !free.includes(b)) free.push(b);
      }
      if (free.length > maxBuffers) free = free.sort((a, b) => b.byteLength - a.byteLength).slice(0, maxBuffers);
    },
    /** How many buffers are kept, and their bytes. */
    get size() { return { buffers: free.length, bytes: free.reduce((n, b) => n + b.byteLength, 0) }; },
  };
  return cache;
}

const isBlob = (v) => typeof Blob !== 'undefined' && v instanceof Blob;
const isResponse = (v) => typeof Response !== 'undefined' && v instanceof Response;

/**
 * Reads a process() input: encoded bytes -> {bytes}, pixels -> {image}.
 * Uint8Array/ArrayBuffer/typed arrays, Blob/File, Response, ImageData or {width, height, data}.
 */
export async function readInput(input, what = 'process') {
  if (isResponse(input)) {
    if (!input.ok) throw new WasmforgeError('INVALID_ARGUMENT', `${what}: the Response has HTTP status ${input.status}`);
    return { bytes: new Uint8Array(await input.arrayBuffer()) };
  }
  if (isBlob(input)) return { bytes: new Uint8Array(await input.arrayBuffer()) };
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    if (input instanceof Uint16Array || input instanceof Float32Array) {
      throw new WasmforgeError('INVALID_ARGUMENT', `${what}: pixels must come as {width, height, data}, got a bare ${input.constructor.name}`);
    }
    return { bytes: toBytes(input, what) };
  }
  if (input && typeof input === 'object' && 'width' in input && 'height' in input && 'data' in input) {
    const { width, height, data } = input;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new WasmforgeError('INVALID_ARGUMENT', `${what}: width and height must be positive integers, got ${width}x${height}`);
    }
    if (!(data instanceof Uint8ClampedArray || data instanceof Uint8Array || data instanceof Uint16Array) || data.length !== width * height * 4) {
      throw new WasmforgeError('INVALID_ARGUMENT',
        `${what}: data must be a Uint8ClampedArray, Uint8Array or Uint16Array of width*height*4 = ${width * height * 4} samples (RGBA)`);
    }
    return { image: { width, height, data } };
  }
  const kind = input === null ? 'null' : typeof input === 'object' ? (input.constructor && input.constructor.name) || 'object' : typeof input;
  throw new WasmforgeError('INVALID_ARGUMENT',
    `${what}: expected a Uint8Array, ArrayBuffer, Blob, Response or {width, height, data}, got ${kind}`);
}

const OUTPUT_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const RESIZE_KEYS = ['width', 'height', 'fit', 'filter', 'linear', 'crop', 'background', 'enlarge'];

function checkOptions(options = {}) {
  if (options === null) options = {};
  if (typeof options !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'process: options must be an object');
  const { autoOrient: orient = true, keepMetadata = false, output = {}, resize = null } = options;
  if (typeof orient !== 'boolean') throw new WasmforgeError('INVALID_ARGUMENT', `process: autoOrient must be true or false, got ${orient}`);
  if (typeof keepMetadata !== 'boolean') throw new WasmforgeError('INVALID_ARGUMENT', `process: keepMetadata must be true or false, got ${keepMetadata}`);
  if (!output || typeof output !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'process: output must be an object ({type, quality, ...})');
  if (output.type !== undefined && !OUTPUT_TYPES.includes(output.type)) {
    throw new WasmforgeError('INVALID_ARGUMENT', `process: output.type must be 'image/jpeg', 'image/png' or 'image/webp', got ${output.type}`);
  }
  if (resize !== null && (typeof resize !== 'object' || Array.isArray(resize))) {
    throw new WasmforgeError('INVALID_ARGUMENT', 'process: resize must be an object ({width, height, fit, ...})');
  }
  if (resize) {
    for (const key of Object.keys(resize)) {
      if (!RESIZE_KEYS.includes(key)) throw new WasmforgeError('INVALID_ARGUMENT', `process: unknown resize option "${key}" (expected ${RESIZE_KEYS.join(', ')})`);
    }
  }
  return { orient, keepMetadata, output, resize, maxPixels: options.maxPixels, reuse: options.reuse || null };
}

async function ensureInit() {
  const pending = [];
  for (const core of [png, jpeg, webp, resizer]) if (!core.backend()) pending.push(core.init());
  await Promise.all(pending);
}

let deflateModule = null;
async function deflateCore() {
  if (!deflateModule) deflateModule = await import('./deflate.js');
  if (!deflateModule.backend()) await deflateModule.init();
  return deflateModule;
}

/**
 * Decodes, orients, resizes and encodes an image in one call.
 * @param {Uint8Array|ArrayBuffer|Blob|Response|ImageData|{width: number, height: number, data: Uint8ClampedArray}} input
 * @param {{autoOrient?: boolean, resize?: object, output?: object, keepMetadata?: boolean,
 *   maxPixels?: number, reuse?: object}} [options]
 *   autoOrient (default true): apply the EXIF orientation to the pixels;
 *   resize: web/resize.js options (width, height, fit, filter, linear, crop, background), in the
 *     upright frame, plus enlarge (default true; false leaves an image that already fits as it is);
 *   output: { type: 'image/jpeg'|'image/png'|'image/webp' (default: the input's type; PNG for pixels;
 *     WebP from WebP: lossy or lossless as the input unless `lossless` is given),
 *     quality, subsampling, progressive, optimize (JPEG), effort, interlace (PNG),
 *     lossless, quality, effort, exact, alphaQuality (WebP: web/webp.js encode()) };
 *   keepMetadata (default false): carry EXIF (orientation set to 1 once applied) and ICC;
 *   maxPixels: the decoder's pixel limit (default 100,000,000);
 *   reuse: a createBufferCache() to take buffers from (and to hand results back to).
 * @returns {Promise<{data: Uint8Array, width: number, height: number, type: string, stats: object}>}
 */
export async function process(input, options) {
  const t0 = now();
  const opts = checkOptions(options);
  const source = await readInput(input, 'process');
  await ensureInit();
  const cache = opts.reuse;
  const stats = { inputType: null, inputBytes: 0, inputWidth: 0, inputHeight: 0, orientation: 1,
    decodeMs: 0, orientMs: 0, resizeMs: 0, encodeMs: 0, totalMs: 0, outputBytes: 0, outputRecycled: false };
  const scratch = []; // cache buffers to give back at the end

  let image;
  let exif = null;
  let icc = null;
  let inputLossless; // WebP input: lossless (true) or lossy (false)
  let t = now();
  if (source.bytes) {
    const bytes = source.bytes;
    const type = sniff(bytes);
    stats.inputType = type;
    stats.inputBytes = bytes.length;
    const decodeOptions = opts.maxPixels !== undefined ? { maxPixels: opts.maxPixels } : {};
    if (cache && type === 'image/jpeg') {
      const header = jpeg.readHeader(bytes);
      const target = cache.take(header.width * header.height * 4);
      scratch.push(target);
      decodeOptions.output = target;
    }
    const decoded = decode(bytes, decodeOptions);
    image = { width: decoded.width, height: decoded.height, data: decoded.data };
    if (type === 'image/jpeg') {
      stats.orientation = decoded.meta.orientation || 1;
      icc = decoded.meta.icc;
    } else if (type === 'image/webp') {
      inputLossless = decoded.meta.format === 'lossless';
      icc = decoded.meta.icc;
      exif = decoded.meta.exif;
      if (exif) stats.orientation = exifOrientation(exif);
    } else {
      icc = decoded.meta.iccProfile ? decoded.meta.iccProfile.data : null;
    }
    if (type !== 'image/webp' && (opts.keepMetadata || type === 'image/png')) exif = readExif(bytes, type);
    if (type === 'image/png' && exif) stats.orientation = exifOrientation(exif);
  } else {
    image = source.image;
    stats.inputType = 'pixels';
  }
  stats.inputWidth = image.width;
  stats.inputHeight = image.height;
  stats.decodeMs = now() - t;

  const orientation = opts.orient ? stats.orientation : 1;
  const scratchFor = (width, height) => {
    if (!cache) return undefined;
    const target = cache.take(width * height * 4);
    scratch.push(target);
    return new Uint8ClampedArray(target.buffer, 0, width * height * 4);
  };
  const orient = () => {
    const t1 = now();
    const output = image.data instanceof Uint16Array ? undefined : scratchFor(image.width, image.height);
    image = autoOrient(image, orientation, output ? { output } : undefined);
    stats.orientMs += now() - t1;
  };
  const resize = () => {
    const t1 = now();
    let r = { ...opts.resize };
    // resizing before orienting (fewer pixels to turn): the target is given upright
    if (!r.crop && orientation !== 1 && orientationSwapsAxes(orientation) && stillToOrient) {
      r = { ...r, width: r.height, height: r.width };
      if (r.width === undefined) delete r.width;
      if (r.height === undefined) delete r.height;
    }
    const { enlarge = true, ...options } = r;
    const base = options.crop || image;
    const size = resizer.targetSize(base.width, base.height, { width: options.width, height: options.height, fit: options.fit });
    if (!enlarge && size.width >= image.width && size.height >= image.height) return; // already small enough
    if (cache && !(image.data instanceof Uint16Array)) options.output = scratchFor(size.width, size.height);
    image = resizer.resize(image, { ...options, maxPixels: opts.maxPixels });
    stats.resizeMs = now() - t1;
  };
  let stillToOrient = orientation !== 1;
  if (opts.resize && !opts.resize.crop) {
    resize();
    if (stillToOrient) orient();
  } else {
    if (stillToOrient) orient();
    stillToOrient = false;
    if (opts.resize) resize();
  }

  t = now();
  const type = opts.output.type
    || (stats.inputType === 'image/jpeg' || stats.inputType === 'image/webp' ? stats.inputType : 'image/png');
  const { type: _type, ...encodeOptions } = opts.output;
  // WebP to WebP keeps the kind of compression (a lossy photo stays lossy) unless told otherwise
  if (type === 'image/webp' && encodeOptions.lossless === undefined && inputLossless !== undefined) {
    encodeOptions.lossless = inputLossless;
  }
  const carried = opts.keepMetadata && exif ? (orientation !== 1 ? setExifOrientation(exif, 1) : exif) : null;
  if (type === 'image/webp' && opts.keepMetadata && (carried || icc)) {
    // WebP takes its metadata chunks from the encoder itself
    encodeOptions.meta = { ...(encodeOptions.meta || {}), ...(carried ? { exif: carried } : {}), ...(icc ? { icc } : {}) };
  }
  const target = cache && !opts.keepMetadata ? cache.takeAtLeast(cache.outputHigh) : null;
  if (target) encodeOptions.output = target;
  let data = encode(image, { ...encodeOptions, type });
  if (target && data.buffer === target.buffer) {
    stats.outputRecycled = true;
    cache.outputsRecycled++;
    cache.outputHigh = Math.max(cache.outputHigh, data.length);
  } else if (cache && !opts.keepMetadata) {
    if (target) cache.release(target);
    data = cache.roomy(data);
  }
  if (opts.keepMetadata && (exif || icc) && type !== 'image/webp') {
    data = type === 'image/jpeg' ? insertJpegMetadata(data, { exif: carried, icc })
      : insertPngMetadata(data, { exif: carried, icc }, await deflateCore());
  }
  stats.encodeMs = now() - t;
  if (cache) for (const s of scratch) cache.release(s);
  stats.outputBytes = data.length;
  stats.totalMs = now() - t0;
  return { data, width: image.width, height: image.height, type, stats };
}
