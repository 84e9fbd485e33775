// SPDX-License-Identifier: MIT
// wasmforge/png: PNG decoding and encoding.
//
//   import { init, decode, encode, backend } from 'wasmforge/png';
//   await init();                                  // wasm-simd, wasm, or wasm2js
//   const { width, height, data, meta } = decode(bytes);   // RGBA8 Uint8ClampedArray
//   const png = encode({ width, height, data }, { effort: 6 });
//
// After init() every call is synchronous; results are fresh arrays (never
// views of Wasm memory). Errors are WasmforgeError with a stable `code`
// (PNG_CRC_MISMATCH, PNG_TOO_LARGE, ZLIB_ADLER32_MISMATCH, ...) and, for
// decoding errors, the input byte `offset`.

import { defineCore } from './loader.js';
import { toBytes, outputBytesOption } from './runtime.js';
import { WasmforgeError } from './errors.js';

const core = defineCore({
  name: 'png',
  wasmUrl: () => new URL('../dist/png.wasm', import.meta.url),
  simdUrl: () => new URL('../dist/png.simd.wasm', import.meta.url),
  wasm2js: () => import('../dist/png.wasm2js.js'),
});

/** Default pixel limit of decode(): 100 million pixels. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

const META_GAMA = 1;
const META_CHRM = 2;
const META_SRGB = 4;
const META_ICCP = 8;
const META_PHYS = 16;
const TEXT_KINDS = ['tEXt', 'zTXt', 'iTXt'];
const PIXELS = { 1: 1, 2: 2, 3: 3, 4: 4 }; // channels -> WF_PNG_PIXELS_* (8-bit); RGBA16 is 8
const PIXELS_RGBA16 = 8;

/**
 * Loads the core. Must be awaited once before the other calls.
 * @param {{backend?: 'auto'|'wasm-simd'|'wasm'|'wasm2js', url?: string|URL, module?: WebAssembly.Module}} [options]
 * @returns {Promise<string>} the active backend
 */
export const init = core.init;
/** @returns {string|null} the active backend, null before init() */
export const backend = core.backend;
export { WasmforgeError } from './errors.js';

function integerOption(options, key, fallback, min, max, what) {
  const value = options && options[key] !== undefined ? options[key] : fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new WasmforgeError('INVALID_ARGUMENT', `${what}: ${key} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function latin1(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return s;
}

function utf8(bytes) {
  if (typeof TextDecoder !== 'undefined') return new TextDecoder().decode(bytes);
  return decodeURIComponent(escape(latin1(bytes))); // engines without TextDecoder (old ones)
}

// Reads the metadata of the image last decoded: a handful of integer calls
// and pointer/length pairs, copied out of the heap.
function readMeta(rt, d) {
  const e = rt.exports;
  const flags = e.wf_png_meta_flags(d) >>> 0;
  const meta = {
    bitDepth: e.wf_png_decoder_bit_depth(d) >>> 0,
    colorType: e.wf_png_decoder_color_type(d) >>> 0,
    interlaced: (e.wf_png_decoder_interlace(d) >>> 0) === 1,
    text: [],
  };
  if (flags & META_GAMA) meta.gamma = (e.wf_png_meta_gamma(d) >>> 0) / 100000;
  if (flags & META_CHRM) {
    const c = [];
    for (let i = 0; i < 8; i++) c.push((e.wf_png_meta_chrm(d, i) >>> 0) / 100000);
    meta.chromaticities = { whiteX: c[0], whiteY: c[1], redX: c[2], redY: c[3], greenX: c[4], greenY: c[5],
      blueX: c[6], blueY: c[7] };
  }
  if (flags & META_SRGB) meta.srgbIntent = e.wf_png_meta_srgb_intent(d);
  if (flags & META_PHYS) {
    meta.physical = { pixelsPerUnitX: e.wf_png_meta_phys(d, 0) >>> 0, pixelsPerUnitY: e.wf_png_meta_phys(d, 1) >>> 0,
      unit: (e.wf_png_meta_phys(d, 2) >>> 0) === 1 ? 'metre' : 'unknown' };
  }
  if (flags & META_ICCP) {
    meta.iccProfile = {
      name: latin1(rt.copyOut(e.wf_png_meta_iccp_name(d) >>> 0, e.wf_png_meta_iccp_name_size(d) >>> 0)),
      data: rt.copyOut(e.wf_png_meta_iccp_profile(d) >>> 0, e.wf_png_meta_iccp_profile_size(d) >>> 0),
    };
  }
  const field = (i, f) => rt.copyOut(e.wf_png_meta_text_field(d, i, f) >>> 0, e.wf_png_meta_text_field_size(d, i, f) >>> 0);
  const count = e.wf_png_meta_text_count(d) >>> 0;
  for (let i = 0; i < count; i++) {
    const kind = TEXT_KINDS[e.wf_png_meta_text_kind(d, i)];
    const entry = { kind, keyword: latin1(field(i, 0)) };
    if (kind === 'iTXt') {
      entry.text = utf8(field(i, 1));
      entry.language = latin1(field(i, 2));
      entry.translatedKeyword = utf8(field(i, 3));
    } else {
      entry.text = latin1(field(i, 1));
    }
    meta.text.push(entry);
  }
  return meta;
}

/**
 * Decodes a PNG file (the default image of an APNG).
 * @param {Uint8Array|ArrayBuffer} bytes the file
 * @param {{maxPixels?: number, depth?: 8|16, checkCRC?: boolean}} [options]
 *   maxPixels: largest width*height accepted (default 100,000,000; PNG_TOO_LARGE beyond);
 *   depth: 8 for RGBA8 (default), 16 for RGBA16 (8-bit images widened as v*257);
 *   checkCRC: verify chunk CRCs (default true; the zlib Adler-32 is always checked).
 * @returns {{width: number, height: number, data: Uint8ClampedArray|Uint16Array, depth: number,
 *   channels: number, meta: object}} RGBA rows top to bottom; meta holds the header fields and the
 *   gAMA, cHRM, sRGB, iCCP, pHYs and text chunks (reported, never applied).
 */
export function decode(bytes, options) {
  const input = toBytes(bytes, 'png.decode');
  const { maxPixels, depth, checkCRC } = decodeOptions(options, 'png.decode');
  return withDecoder(input, maxPixels, checkCRC, 'png.decode', (rt, d, inPtr) => {
    const e = rt.exports;
    const size = e.wf_png_decoder_output_size(d, depth) >>> 0;
    const outPtr = rt.alloc(size);
    try {
      const status = e.wf_png_decode(d, inPtr, input.length, outPtr, size, depth);
      if (status !== 0) rt.check(status, 'png.decode', e.wf_png_decoder_error_offset(d) >>> 0);
      const width = e.wf_png_decoder_width(d) >>> 0;
      const height = e.wf_png_decoder_height(d) >>> 0;
      const bytesOut = rt.copyOut(outPtr, size);
      const data = depth === 8 ? new Uint8ClampedArray(bytesOut.buffer) : new Uint16Array(bytesOut.buffer);
      return { width, height, data, depth, channels: 4, meta: readMeta(rt, d) };
    } finally {
      rt.free(outPtr);
    }
  });
}

function decodeOptions(options, what) {
  const maxPixels = integerOption(options, 'maxPixels', DEFAULT_MAX_PIXELS, 1, 4294967295, what);
  const depth = integerOption(options, 'depth', 8, 8, 16, what);
  if (depth !== 8 && depth !== 16) throw new WasmforgeError('INVALID_ARGUMENT', `${what}: depth must be 8 or 16, got ${depth}`);
  return { maxPixels, depth, checkCRC: !(options && options.checkCRC === false) };
}

// Copies the file in, reads its chunks with the instance's decoder, and calls
// fn(rt, decoder, inPtr); the input is freed afterwards.
function withDecoder(input, maxPixels, checkCRC, what, fn) {
  return core.runtime().run((rt) => {
    const e = rt.exports;
    const d = rt.context('wf_png_decoder_alloc');
    e.wf_png_decoder_set_max_pixels(d, maxPixels | 0);
    e.wf_png_decoder_set_check_crc(d, checkCRC ? 1 : 0);
    const inPtr = rt.copyIn(input);
    try {
      const status = e.wf_png_decoder_read(d, inPtr, input.length);
      if (status !== 0) rt.check(status, what, e.wf_png_decoder_error_offset(d) >>> 0);
      return fn(rt, d, inPtr);
    } finally {
      rt.free(inPtr);
    }
  });
}

/**
 * Decodes every frame of an animated PNG (APNG), each composited onto the
 * full canvas as a viewer shows it (dispose and blend ops applied).
 * Options as decode(), except that maxPixels bounds the pixels of all the
 * frames together. A still image, or a broken animation (which viewers
 * show as its default image), gives `frames: []`; decode() reads that image.
 * @returns {{width: number, height: number, depth: number, numPlays: number,
 *   frames: Array<{data: Uint8ClampedArray|Uint16Array, delay: number, x: number, y: number,
 *   width: number, height: number, dispose: number, blend: number, isDefaultImage: boolean}>}}
 *   delay in milliseconds; numPlays 0 means loop forever
 */
export function decodeFrames(bytes, options) {
  const input = toBytes(bytes, 'png.decodeFrames');
  const { maxPixels, depth, checkCRC } = decodeOptions(options, 'png.decodeFrames');
  return withDecoder(input, maxPixels, checkCRC, 'png.decodeFrames', (rt, d, inPtr) => {
    const e = rt.exports;
    let outPtr = 0;
    try {
      const result = { width: e.wf_png_decoder_width(d) >>> 0, height: e.wf_png_decoder_height(d) >>> 0, depth,
        numPlays: e.wf_png_decoder_num_plays(d) >>> 0, frames: [] };
      const count = e.wf_png_decoder_frame_count(d) >>> 0;
      if (count === 0) return result;
      if (count * result.width * result.height > maxPixels) {
        throw new WasmforgeError('PNG_TOO_LARGE',
          `png.decodeFrames: ${count} frames of ${result.width}x${result.height} exceed maxPixels (${maxPixels}) in total`);
      }
      const size = e.wf_png_decoder_output_size(d, depth) >>> 0;
      outPtr = rt.alloc(size);
      for (let i = 0; i < count; i++) {
        const st = e.wf_png_decode_frame(d, inPtr, input.length, outPtr, size, depth, i);
        if (st !== 0) rt.check(st, 'png.decodeFrames', e.wf_png_decoder_error_offset(d) >>> 0);
        const info = (f) => e.wf_png_decoder_frame_info(d, i, f) >>> 0;
        const copy = rt.copyOut(outPtr, size);
        const den = info(5) || 100;
        result.frames.push({
          data: depth === 8 ? new Uint8ClampedArray(copy.buffer) : new Uint16Array(copy.buffer),
          delay: (info(4) * 1000) / den, x: info(0), y: info(1), width: info(2), height: info(3),
          dispose: info(6), blend: info(7), isDefaultImage: info(8) === 1,
        });
      }
      return result;
    } finally {
      rt.free(outPtr);
    }
  });
}

/**
 * Encodes pixels as PNG. The colour type is reduced losslessly (grey, palette,
 * no alpha, 8 bits from 16) to the smallest that holds the image.
 * @param {{width: number, height: number, data: Uint8Array|Uint8ClampedArray|Uint16Array}} image
 *   data: rows top to bottom with 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA) 8-bit
 *   samples per pixel (inferred from its length), or a Uint16Array of RGBA16.
 * @param {{effort?: number, interlace?: boolean, output?: Uint8Array}} [options] effort 0 (fastest) to 9
 *   (smallest), default 6; interlace: Adam7 (default false); output: a caller-owned Uint8Array
 *   (not a view of Wasm memory) that receives the file when it is large enough (the result is
 *   then a view of its first bytes), else a new array is made
 * @returns {Uint8Array} the PNG file
 */
export function encode(image, options) {
  if (!image || typeof image !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'png.encode: expected {width, height, data}');
  const width = integerOption(image, 'width', undefined, 1, 0x7fffffff, 'png.encode');
  const height = integerOption(image, 'height', undefined, 1, 0x7fffffff, 'png.encode');
  const effort = integerOption(options, 'effort', 6, 0, 9, 'png.encode');
  const flags = options && options.interlace ? 1 : 0;
  const data = image.data;
  const pixels = width * height;
  let format;
  let bytes;
  if (data instanceof Uint16Array) {
    if (data.length !== pixels * 4) {
      throw new WasmforgeError('INVALID_ARGUMENT', `png.encode: a Uint16Array must hold width*height*4 samples, got ${data.length}`);
    }
    format = PIXELS_RGBA16;
    bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } else {
    bytes = toBytes(data, 'png.encode');
    const channels = bytes.length / pixels;
    format = PIXELS[channels];
    if (!format) {
      throw new WasmforgeError('INVALID_ARGUMENT',
        `png.encode: data must hold 1, 2, 3 or 4 bytes per pixel (${pixels} pixels), got ${bytes.length} bytes`);
    }
  }
  return core.runtime().run((rt) => {
    const e = rt.exports;
    const output = outputBytesOption(options, rt, 'png.encode');
    const c = rt.context('wf_png_encoder_alloc');
    const bound = e.wf_png_encode_bound(width, height, format, flags) >>> 0;
    if (bound === 0) throw new WasmforgeError('OUTPUT_LIMIT', 'png.encode: the image is too large to encode');
    let inPtr = 0;
    let outPtr = 0;
    let sizePtr = 0;
    try {
      inPtr = rt.copyIn(bytes);
      outPtr = rt.alloc(bound);
      sizePtr = rt.alloc(4);
      rt.check(e.wf_png_encode(c, inPtr, width, height, format, effort, flags, outPtr, bound, sizePtr), 'png.encode');
      return rt.copyOutInto(outPtr, rt.readU32(sizePtr), output);
    } finally {
      rt.free(sizePtr);
      rt.free(outPtr);
      rt.free(inPtr);
    }
  });
}

/** @returns {number} the size of the module's Wasm memory in bytes (see web/loader.js) */
export const memorySize = core.memorySize;
