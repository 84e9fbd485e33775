// SPDX-License-Identifier: MIT
// wasmforge/webp: WebP decoding (lossy VP8, lossless VP8L, alpha, animation).
//
//   import { init, decode, decodeFrames } from 'wasmforge/webp';
//   await init();                                  // wasm-simd, wasm, or wasm2js
//   const { width, height, data, meta } = decode(bytes);   // RGBA8 Uint8ClampedArray
//   const { frames } = decodeFrames(animatedBytes);        // every frame on the canvas
//
// The C side is core/webp (wf/webp.h), written from RFC 9649 and RFC 6386.
// Pixels equal Debian's `dwebp -pam` (libwebp 1.2.4): fancy chroma upsampling
// by default, pixel repetition with {fancyUpsampling: false} (`dwebp -nofancy`);
// animation frames are composited as libwebp's WebPAnimDecoder does. After
// init() calls are synchronous; results are fresh arrays (never views of Wasm
// memory; or the caller's own options.output array). Errors are
// WasmforgeError with a stable `code` (WEBP_NOT_WEBP, WEBP_TRUNCATED,
// WEBP_VP8L_BAD_CODE, WEBP_TOO_MANY_PIXELS, ...) and the input byte `offset`.

import { defineCore } from './loader.js';
import { toBytes, outputOption } from './runtime.js';

// The arrays decode() accepts as `output` (web/runtime.js outputOption).
const IMAGE_OUTPUTS = [Uint8ClampedArray, Uint8Array];
import { WasmforgeError } from './errors.js';

const core = defineCore({
  name: 'webp',
  wasmUrl: () => new URL('../dist/webp.wasm', import.meta.url),
  simdUrl: () => new URL('../dist/webp.simd.wasm', import.meta.url),
  wasm2js: () => import(/* webpackChunkName: "webp.wasm2js" */ '../dist/webp.wasm2js.js'),
});

/** The pixel limit when decode() is not given one (as in the C API). */
export const DEFAULT_MAX_PIXELS = 100_000_000;

const NOFANCY = 1;
const FORMATS = ['lossy', 'lossless', 'mixed'];

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
/** @returns {number} the size of the module's Wasm memory in bytes */
export const memorySize = core.memorySize;
export { WasmforgeError } from './errors.js';

function check(rt, d, status, what) {
  if (status === 0) return;
  const offset = status >= 600 && status < 700 ? rt.exports.wf_webp_error_offset(d) >>> 0 : undefined;
  rt.check(status, what, offset);
}

function decodeOptions(options, what) {
  const maxPixels = options && options.maxPixels !== undefined ? options.maxPixels : DEFAULT_MAX_PIXELS;
  if (typeof maxPixels !== 'number' || !Number.isInteger(maxPixels) || maxPixels < 1 || maxPixels > 0xffffffff) {
    throw new WasmforgeError('INVALID_ARGUMENT', `${what}: maxPixels must be an integer from 1 to 2^32-1, got ${maxPixels}`);
  }
  const fancy = options && options.fancyUpsampling !== undefined ? options.fancyUpsampling : true;
  if (typeof fancy !== 'boolean') {
    throw new WasmforgeError('INVALID_ARGUMENT', `${what}: fancyUpsampling must be a boolean, got ${fancy}`);
  }
  return { maxPixels, flags: fancy ? 0 : NOFANCY };
}

function copyBytes(rt, ptr, size) {
  return ptr && size ? rt.copyOut(ptr >>> 0, size >>> 0) : null;
}

function readInfo(rt, d) {
  const e = rt.exports;
  const argb = e.wf_webp_background(d) >>> 0;
  return {
    width: e.wf_webp_width(d) >>> 0,
    height: e.wf_webp_height(d) >>> 0,
    hasAlpha: e.wf_webp_has_alpha(d) !== 0,
    format: FORMATS[e.wf_webp_format(d)] || 'lossy',
    animated: e.wf_webp_animated(d) !== 0,
    frameCount: e.wf_webp_frame_count(d) >>> 0,
    loopCount: e.wf_webp_loop_count(d) >>> 0,
    background: [(argb >>> 16) & 255, (argb >>> 8) & 255, argb & 255, argb >>> 24],
    meta: {
      icc: copyBytes(rt, e.wf_webp_icc_data(d), e.wf_webp_icc_size(d)),
      exif: copyBytes(rt, e.wf_webp_exif_data(d), e.wf_webp_exif_size(d)),
      xmp: copyBytes(rt, e.wf_webp_xmp_data(d), e.wf_webp_xmp_size(d)),
    },
  };
}

/**
 * Reads the container and image headers without decoding pixels.
 * @param {Uint8Array|ArrayBuffer} bytes a WebP file
 * @returns {{width: number, height: number, hasAlpha: boolean, format: 'lossy'|'lossless'|'mixed',
 *   animated: boolean, frameCount: number, loopCount: number, background: number[],
 *   meta: {icc: Uint8Array|null, exif: Uint8Array|null, xmp: Uint8Array|null}}}
 */
export function readHeader(bytes) {
  const input = toBytes(bytes, 'webp.readHeader');
  return core.runtime().run((rt) => {
    const d = rt.context('wf_webp_decoder_alloc');
    let inPtr = 0;
    try {
      inPtr = rt.copyIn(input);
      check(rt, d, rt.exports.wf_webp_read_header(d, inPtr, input.length), 'webp.readHeader');
      return readInfo(rt, d);
    } finally {
      rt.free(inPtr);
    }
  });
}

// Reads the header of the input at inPtr and checks the canvas against
// maxPixels (the C side reports the limit, with the code and offset native
// callers get); returns readInfo().
function readChecked(rt, d, inPtr, length, maxPixels, what) {
  const e = rt.exports;
  check(rt, d, e.wf_webp_read_header(d, inPtr, length), what);
  const info = readInfo(rt, d);
  if (info.width * info.height > maxPixels) check(rt, d, e.wf_webp_decode(d, inPtr, length, 0, 0, maxPixels, 0), what);
  return info;
}

/**
 * Decodes a WebP file to RGBA8 (an animation: its first frame on the canvas).
 * @param {Uint8Array|ArrayBuffer} bytes a WebP file
 * @param {{maxPixels?: number, fancyUpsampling?: boolean, output?: Uint8ClampedArray|Uint8Array}} [options]
 *   maxPixels caps the canvas before pixel memory is allocated (default
 *   100,000,000; WEBP_TOO_MANY_PIXELS past it). fancyUpsampling (default true)
 *   as dwebp; false as `dwebp -nofancy`. output: an array of at least
 *   width*height*4 bytes to decode into (BUFFER_TOO_SMALL with error.needed
 *   otherwise, before decoding); `data` is then a view of it (the shared
 *   `output` semantics: web/runtime.js outputOption).
 * @returns {{width: number, height: number, data: Uint8ClampedArray, channels: 4, meta: object}}
 *   meta: hasAlpha, format, animated, frameCount, loopCount, background, icc, exif, xmp.
 */
export function decode(bytes, options) {
  const input = toBytes(bytes, 'webp.decode');
  const { maxPixels, flags } = decodeOptions(options, 'webp.decode');
  const output = outputOption(options, 'webp.decode', IMAGE_OUTPUTS);
  return core.runtime().run((rt) => {
    const e = rt.exports;
    const d = rt.context('wf_webp_decoder_alloc');
    let inPtr = 0;
    let outPtr = 0;
    try {
      inPtr = rt.copyIn(input);
      const info = readChecked(rt, d, inPtr, input.length, maxPixels, 'webp.decode');
      const { width, height } = info;
      const size = width * height * 4;
      rt.checkOutput(output, size, 'webp.decode'); // before decoding
      outPtr = rt.alloc(size);
      check(rt, d, e.wf_webp_decode(d, inPtr, input.length, outPtr, size, maxPixels, flags), 'webp.decode');
      // one copy: into the caller's output, or into a fresh array (never a view of Wasm memory)
      const data = rt.result(output, outPtr, size, Uint8ClampedArray, 'webp.decode');
      const { meta, ...rest } = info;
      return { width, height, data, channels: 4, meta: { ...rest, ...meta } };
    } finally {
      rt.free(outPtr);
      rt.free(inPtr);
    }
  });
}

/**
 * Decodes every frame of a WebP file, each composited onto the canvas (a
 * still image gives one frame).
 * @param {Uint8Array|ArrayBuffer} bytes a WebP file
 * @param {{maxPixels?: number, fancyUpsampling?: boolean}} [options] maxPixels caps the canvas and
 *   the frames together (frames * width * height; default 100,000,000)
 * @returns {{width: number, height: number, loopCount: number, background: number[], meta: object,
 *   frames: {data: Uint8ClampedArray, duration: number, x: number, y: number, width: number,
 *   height: number, dispose: 'none'|'background', blend: boolean}[]}}
 *   data: the whole canvas after the frame (width*height*4 bytes); duration in milliseconds;
 *   x/y/width/height: the frame's rectangle; dispose: what happens to it before the next frame.
 */
export function decodeFrames(bytes, options) {
  const input = toBytes(bytes, 'webp.decodeFrames');
  const { maxPixels, flags } = decodeOptions(options, 'webp.decodeFrames');
  return core.runtime().run((rt) => {
    const e = rt.exports;
    const d = rt.context('wf_webp_decoder_alloc');
    let inPtr = 0;
    let outPtr = 0;
    try {
      inPtr = rt.copyIn(input);
      const info = readChecked(rt, d, inPtr, input.length, maxPixels, 'webp.decodeFrames');
      const { width, height, frameCount } = info;
      if (frameCount * width * height > maxPixels) {
        throw new WasmforgeError('WEBP_TOO_MANY_PIXELS',
          `webp.decodeFrames: ${frameCount} frames of ${width}x${height} exceed maxPixels (${maxPixels}) in total`, 12);
      }
      const size = width * height * 4;
      outPtr = rt.alloc(size);
      const frames = [];
      for (let i = 0; i < frameCount; i++) {
        check(rt, d, e.wf_webp_decode_frame(d, inPtr, input.length, i, outPtr, size, maxPixels, flags), 'webp.decodeFrames');
        const field = (f) => e.wf_webp_frame_info(d, i, f) >>> 0;
        frames.push({
          data: new Uint8ClampedArray(rt.copyOut(outPtr, size).buffer),
          duration: field(4), x: field(0), y: field(1), width: field(2), height: field(3),
          dispose: field(5) ? 'background' : 'none', blend: field(6) !== 0,
        });
      }
      const { meta, ...rest } = info;
      return { width, height, loopCount: info.loopCount, background: info.background, meta: { ...rest, ...meta }, frames };
    } finally {
      rt.free(outPtr);
      rt.free(inPtr);
    }
  });
}

// ---- Encoder ----

/** The effort encode() uses when not given one (as WF_WEBP_DEFAULT_EFFORT, about cwebp -m 4). */
export const DEFAULT_EFFORT = 5;

const ENCODE_EXACT = 1;
const META_KINDS = ['icc', 'exif', 'xmp'];
// encode(): a Uint8Array used when the file fits (web/runtime.js copyOutInto), else a new array.
const ENCODE_OUTPUTS = [Uint8Array];

function encodeInteger(options, key, fallback, min, max) {
  const value = options && options[key] !== undefined ? options[key] : fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new WasmforgeError('INVALID_ARGUMENT', `webp.encode: ${key} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function encodeBoolean(options, key, fallback) {
  const value = options && options[key] !== undefined ? options[key] : fallback;
  if (typeof value !== 'boolean') {
    throw new WasmforgeError('INVALID_ARGUMENT', `webp.encode: ${key} must be true or false, got ${value}`);
  }
  return value;
}

function encodeMeta(options) {
  const meta = options && options.meta !== undefined && options.meta !== null ? options.meta : {};
  if (typeof meta !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'webp.encode: meta must be an object ({icc, exif, xmp})');
  for (const key of Object.keys(meta)) {
    if (!META_KINDS.includes(key)) {
      throw new WasmforgeError('INVALID_ARGUMENT', `webp.encode: unknown meta key "${key}" (expected icc, exif, xmp)`);
    }
  }
  return META_KINDS.map((k) => (meta[k] === undefined || meta[k] === null ? null : toBytes(meta[k], `webp.encode: meta.${k}`)));
}

/**
 * Encodes RGBA pixels as a WebP file: lossless (VP8L, the default) or lossy
 * (VP8, with lossless-compressed alpha when the image has any; the default
 * when a quality is given).
 * @param {{width: number, height: number, data: Uint8Array|Uint8ClampedArray}} image
 *   data holds width*height*4 bytes (RGBA, non-premultiplied), rows top to bottom; width and
 *   height 1-16383
 * @param {{lossless?: boolean, quality?: number, effort?: number, exact?: boolean, alphaQuality?: number,
 *   meta?: {icc?: Uint8Array, exif?: Uint8Array, xmp?: Uint8Array}, output?: Uint8Array}} [options]
 *   lossless (default true, or false when quality is given); quality 0-100 (lossy; default 75); effort 0-9 (default 5, about
 *   cwebp -m 4: more is smaller and slower); exact (default false): keep the RGB of fully
 *   transparent pixels (else they may change, visible pixels never do); alphaQuality 0-100
 *   (lossy alpha; default 100 = exact alpha); meta: ICC profile, EXIF and XMP bytes to store
 *   (an extended VP8X file); output: a caller-owned Uint8Array (not a view of Wasm memory) that
 *   receives the file when large enough (the result is then a view of its first bytes).
 * @returns {Uint8Array} the WebP file
 */
export function encode(image, options) {
  if (!image || typeof image !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'webp.encode: expected {width, height, data}');
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new WasmforgeError('INVALID_ARGUMENT', 'webp.encode: options must be an object');
  }
  const width = encodeInteger(image, 'width', undefined, 1, 16383);
  const height = encodeInteger(image, 'height', undefined, 1, 16383);
  // a quality asks for lossy coding unless lossless is said explicitly
  const lossless = encodeBoolean(options, 'lossless', options?.quality === undefined);
  const quality = encodeInteger(options, 'quality', 75, 0, 100);
  const effort = encodeInteger(options, 'effort', DEFAULT_EFFORT, 0, 9);
  const exact = encodeBoolean(options, 'exact', false);
  const alphaQuality = encodeInteger(options, 'alphaQuality', 100, 0, 100);
  const meta = encodeMeta(options);
  const bytes = toBytes(image.data, 'webp.encode');
  if (bytes.length !== width * height * 4) {
    throw new WasmforgeError('INVALID_ARGUMENT',
      `webp.encode: data must hold width*height*4 = ${width * height * 4} bytes (RGBA), got ${bytes.length}`);
  }
  const output = outputOption(options, 'webp.encode', ENCODE_OUTPUTS);
  return core.runtime().run((rt) => {
    const e = rt.exports;
    rt.checkOutput(output, 0, 'webp.encode'); // not a view of the Wasm memory; too small: a new array
    const c = rt.context('wf_webp_encoder_alloc');
    const metaPtrs = [0, 0, 0];
    let inPtr = 0;
    try {
      for (let k = 0; k < 3; k++) {
        if (meta[k] && meta[k].length) metaPtrs[k] = rt.copyIn(meta[k]);
        rt.check(e.wf_webp_encoder_set_meta(c, k, metaPtrs[k], metaPtrs[k] ? meta[k].length : 0), 'webp.encode');
      }
      inPtr = rt.copyIn(bytes);
      rt.check(e.wf_webp_encode(c, inPtr, width, height, width * 4, lossless ? 1 : 0, quality, effort,
        exact ? ENCODE_EXACT : 0, alphaQuality), 'webp.encode');
      return rt.copyOutInto(e.wf_webp_encoder_output(c) >>> 0, e.wf_webp_encoder_output_size(c) >>> 0, output);
    } finally {
      for (let k = 0; k < 3; k++) {
        e.wf_webp_encoder_set_meta(c, k, 0, 0); // the pointers are about to be freed
        rt.free(metaPtrs[k]);
      }
      rt.free(inPtr);
    }
  });
}
