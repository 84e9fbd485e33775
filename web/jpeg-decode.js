// SPDX-License-Identifier: MIT
// wasmforge/jpeg decoder: JPEG bytes -> RGBA pixels and metadata.
//
//   import { init, decode } from 'wasmforge/jpeg';   // (web/jpeg.js binds this file to its core)
//   await init();                                  // wasm-simd, wasm, or wasm2js
//   const { width, height, data, meta } = decode(bytes, { maxPixels: 50e6 });
//
// The C side is core/jpeg/decode_*.c (wf/jpeg.h): baseline, extended,
// progressive and arithmetic-coded JPEG, restart intervals, any integer
// sampling factors, greyscale/YCbCr/RGB/CMYK/YCCK. Pixels equal libjpeg-turbo's
// default `djpeg` output (islow IDCT, fancy upsampling). After init() calls are
// synchronous; results are fresh arrays (never views of Wasm memory; or the
// caller's own options.output array, for reuse). Errors are
// WasmforgeError with a stable `code` (JPEG_NOT_JPEG, JPEG_BAD_HUFFMAN_TABLE,
// JPEG_TOO_MANY_PIXELS, JPEG_UNSUPPORTED_PRECISION, ...) and, for damaged
// files, the input byte `offset`. Truncated files decode (the missing part is
// grey) with meta.truncated = true.
//
// ES5 syntax (plus import/export), because the legacy bundle is built from it.

import { toBytes, outputOption } from './runtime.js';
import { WasmforgeError } from './errors.js';
import { JPEG } from './constants.js';

/** The pixel limit when decode() is not given one (as in the C API). */
export var DEFAULT_MAX_PIXELS = JPEG.DEFAULT_MAX_PIXELS;

var COLOR_SPACES = {};
COLOR_SPACES[JPEG.CS_UNKNOWN] = 'unknown';
COLOR_SPACES[JPEG.CS_GRAY] = 'grey';
COLOR_SPACES[JPEG.CS_YCBCR] = 'ycbcr';
COLOR_SPACES[JPEG.CS_RGB] = 'rgb';
COLOR_SPACES[JPEG.CS_CMYK] = 'cmyk';
COLOR_SPACES[JPEG.CS_YCCK] = 'ycck';
var SUBSAMPLINGS = {};
SUBSAMPLINGS[JPEG.SUB_NONE] = null;
SUBSAMPLINGS[JPEG.SUB_444] = '4:4:4';
SUBSAMPLINGS[JPEG.SUB_422] = '4:2:2';
SUBSAMPLINGS[JPEG.SUB_420] = '4:2:0';
SUBSAMPLINGS[JPEG.SUB_440] = '4:4:0';
SUBSAMPLINGS[JPEG.SUB_411] = '4:1:1';
SUBSAMPLINGS[JPEG.SUB_OTHER] = 'other';
var DENSITY_UNITS = ['none', 'dpi', 'dpcm'];

function check(rt, d, status, what) {
  if (status === 0) return;
  // Decoder statuses (300-349) carry the input offset where the damage was found.
  var offset = status >= 300 && status < 350 ? rt.exports.wf_jpeg_error_offset(d) >>> 0 : undefined;
  rt.check(status, what, offset);
}

function readMeta(rt, d) {
  var e = rt.exports;
  var iccPtr = e.wf_jpeg_icc_data(d) >>> 0;
  var iccSize = e.wf_jpeg_icc_size(d) >>> 0;
  var sampling = [];
  for (var i = 0; i < e.wf_jpeg_components(d); i++) {
    var hv = e.wf_jpeg_sampling_factors(d, i);
    sampling.push([hv >> 4, hv & 15]);
  }
  var transform = e.wf_jpeg_adobe_transform(d);
  return {
    orientation: e.wf_jpeg_orientation(d),
    icc: iccPtr && iccSize ? rt.copyOut(iccPtr, iccSize) : null,
    density: e.wf_jpeg_has_jfif(d)
      ? { unit: DENSITY_UNITS[e.wf_jpeg_density_unit(d)] || 'none', x: e.wf_jpeg_density_x(d), y: e.wf_jpeg_density_y(d) }
      : null,
    progressive: e.wf_jpeg_progressive(d) !== 0,
    arithmetic: e.wf_jpeg_arithmetic(d) !== 0,
    subsampling: SUBSAMPLINGS[e.wf_jpeg_subsampling(d)] || null,
    samplingFactors: sampling,
    colorSpace: COLOR_SPACES[e.wf_jpeg_color_space(d)] || 'unknown',
    components: e.wf_jpeg_components(d),
    precision: e.wf_jpeg_precision(d),
    adobeTransform: transform < 0 ? null : transform,
    truncated: false,
    warnings: 0
  };
}

function maxPixelsOption(options) {
  var value = options && options.maxPixels !== undefined ? options.maxPixels : DEFAULT_MAX_PIXELS;
  if (typeof value !== 'number' || !isFinite(value) || Math.floor(value) !== value || value < 1 || value > 0xffffffff) {
    throw new WasmforgeError('INVALID_ARGUMENT', 'jpeg.decode: maxPixels must be an integer from 1 to 2^32-1, got ' + value);
  }
  return value;
}

/**
 * Reads the header only (up to the first scan): size and metadata, no pixels.
 * @param {object} core the jpeg core (web/jpeg.js)
 * @param {Uint8Array|ArrayBuffer} bytes a JPEG file
 * @returns {{width: number, height: number, meta: object}} meta as in decode()
 *   (truncated/warnings are only known after decode())
 */
export function readHeader(core, bytes) {
  var input = toBytes(bytes, 'jpeg.readHeader');
  return core.runtime().run(function (rt) {
    var d = rt.context('wf_jpeg_decoder_alloc');
    var inPtr = 0;
    try {
      inPtr = rt.copyIn(input);
      check(rt, d, rt.exports.wf_jpeg_read_header(d, inPtr, input.length), 'jpeg.readHeader');
      return { width: rt.exports.wf_jpeg_width(d) >>> 0, height: rt.exports.wf_jpeg_height(d) >>> 0, meta: readMeta(rt, d) };
    } finally {
      rt.free(inPtr);
    }
  });
}

// The arrays decode() accepts as `output` (web/runtime.js outputOption).
var IMAGE_OUTPUTS = [Uint8ClampedArray, Uint8Array];

/**
 * Decodes a JPEG file to RGBA8.
 * @param {object} core the jpeg core (web/jpeg.js)
 * @param {Uint8Array|ArrayBuffer} bytes a JPEG file
 * @param {{maxPixels?: number, output?: Uint8ClampedArray|Uint8Array}} [options] maxPixels caps
 *   width*height before any pixel memory is allocated (default 100,000,000;
 *   JPEG_TOO_MANY_PIXELS past it). output: an array of at least width*height*4
 *   bytes that the pixels are written to (BUFFER_TOO_SMALL otherwise, before
 *   decoding, with error.needed); `data` is then a Uint8ClampedArray view of its first
 *   width*height*4 bytes (the shared `output` semantics: web/runtime.js outputOption). Reusing one output array for many decodes saves
 *   allocating fresh memory for every image, which costs about as much as a
 *   third of the decode itself for photos. It must not be a view of Wasm memory.
 * @returns {{width: number, height: number, data: Uint8ClampedArray, channels: 4,
 *   meta: {orientation: number, icc: Uint8Array|null, density: {unit: string, x: number, y: number}|null,
 *          progressive: boolean, arithmetic: boolean, subsampling: string|null,
 *          samplingFactors: number[][], colorSpace: string, components: number, precision: number,
 *          adobeTransform: number|null, truncated: boolean, warnings: number}}}
 *   data: width*height*4 bytes, rows top to bottom, alpha 255. The EXIF
 *   orientation is reported, not applied.
 */
export function decode(core, bytes, options) {
  var input = toBytes(bytes, 'jpeg.decode');
  var maxPixels = maxPixelsOption(options);
  var output = outputOption(options, 'jpeg.decode', IMAGE_OUTPUTS);
  return core.runtime().run(function (rt) {
    var e = rt.exports;
    var d = rt.context('wf_jpeg_decoder_alloc');
    var inPtr = 0;
    var outPtr = 0;
    try {
      inPtr = rt.copyIn(input);
      check(rt, d, e.wf_jpeg_read_header(d, inPtr, input.length), 'jpeg.decode');
      var width = e.wf_jpeg_width(d) >>> 0;
      var height = e.wf_jpeg_height(d) >>> 0;
      if (width * height > maxPixels) {
        // let the C side report the limit (same code and offset as native callers get)
        check(rt, d, e.wf_jpeg_decode(d, inPtr, input.length, 0, 0, maxPixels), 'jpeg.decode');
      }
      var size = width * height * 4;
      rt.checkOutput(output, size, 'jpeg.decode'); // before decoding
      outPtr = rt.alloc(size);
      check(rt, d, e.wf_jpeg_decode(d, inPtr, input.length, outPtr, size, maxPixels), 'jpeg.decode');
      // one copy: into the caller's output, or into a fresh array (never a view of Wasm memory)
      var data = rt.result(output, outPtr, size, Uint8ClampedArray, 'jpeg.decode');
      var meta = readMeta(rt, d);
      meta.truncated = e.wf_jpeg_truncated(d) !== 0;
      meta.warnings = e.wf_jpeg_warnings(d);
      return { width: width, height: height, data: data, channels: 4, meta: meta };
    } finally {
      rt.free(outPtr);
      rt.free(inPtr);
    }
  });
}
