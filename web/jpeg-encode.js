// SPDX-License-Identifier: MIT
// wasmforge/jpeg encoder: RGBA pixels -> JPEG/JFIF (baseline or progressive).
//
//   import { init, encode } from 'wasmforge/jpeg';   // (web/jpeg.js binds this file to its core)
//   await init();                                  // wasm-simd, wasm, or wasm2js
//   const jpg = encode({ width, height, data }, { quality: 85, subsampling: '4:2:0' });
//
// The C side is core/jpeg/encode_*.c (wf/jpeg_encode.h): IJG quality scaling of
// the T.81 Annex K tables, libjpeg's accurate integer DCT, colour conversion and
// chroma downsampling, so files match `cjpeg -quality Q [-optimize]
// [-progressive]` byte for byte in size and coefficients. After init() calls
// are synchronous; the result is a fresh Uint8Array (never a view of Wasm
// memory). Errors are WasmforgeError with a stable `code`
// (JPEG_ENCODE_BAD_QUALITY, JPEG_ENCODE_BAD_DIMENSIONS, ...).
//
// ES5 syntax (plus import/export), because the legacy bundle is built from it.

import { toBytes, outputOption } from './runtime.js';

// encode(): a Uint8Array used when the file fits (web/runtime.js copyOutInto), else a new array.
var ENCODE_OUTPUTS = [Uint8Array];
import { WasmforgeError } from './errors.js';
import { STATUS, JPEG } from './constants.js';

var SUBSAMPLING = { '4:4:4': JPEG.ENCODE_444, '4:2:2': JPEG.ENCODE_422, '4:2:0': JPEG.ENCODE_420, grey: JPEG.ENCODE_GREY };

function integerOption(options, key, fallback, min, max) {
  var value = options && options[key] !== undefined ? options[key] : fallback;
  if (typeof value !== 'number' || !isFinite(value) || Math.floor(value) !== value || value < min || value > max) {
    throw new WasmforgeError('INVALID_ARGUMENT', 'jpeg.encode: ' + key + ' must be an integer from ' + min + ' to ' + max +
      ', got ' + value);
  }
  return value;
}

function booleanOption(options, key, fallback) {
  var value = options && options[key] !== undefined ? options[key] : fallback;
  if (typeof value !== 'boolean') {
    throw new WasmforgeError('INVALID_ARGUMENT', 'jpeg.encode: ' + key + ' must be true or false, got ' + value);
  }
  return value;
}

/**
 * Encodes RGBA pixels (alpha is ignored) as a JPEG/JFIF file.
 * @param {object} core the jpeg core (web/jpeg.js)
 * @param {{width: number, height: number, data: Uint8Array|Uint8ClampedArray}} image
 *   data holds width*height*4 bytes, rows top to bottom
 * @param {{quality?: number, subsampling?: '4:2:0'|'4:2:2'|'4:4:4'|'grey', progressive?: boolean,
 *          optimize?: boolean, restartInterval?: number, output?: Uint8Array}} [options]
 *   quality 1-100 (IJG scale, default 75); subsampling default '4:2:0' ('grey' writes one
 *   component); progressive (default false) uses libjpeg's default scan script and always
 *   optimised Huffman tables; optimize (default true) computes Huffman tables for the image;
 *   restartInterval: MCUs between restart markers, 0-65535 (default 0 = none);
 *   output: a caller-owned Uint8Array (not a view of Wasm memory) that receives the file when
 *   it is large enough (the result is then a view of its first bytes), else a new array is made
 * @returns {Uint8Array} the JPEG file
 */
export function encode(core, image, options) {
  if (!image || typeof image !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'jpeg.encode: expected {width, height, data}');
  var width = integerOption(image, 'width', undefined, 1, 65535);
  var height = integerOption(image, 'height', undefined, 1, 65535);
  var quality = integerOption(options, 'quality', 75, 1, 100);
  var restartInterval = integerOption(options, 'restartInterval', 0, 0, 65535);
  var progressive = booleanOption(options, 'progressive', false);
  var optimize = booleanOption(options, 'optimize', true);
  var subName = options && options.subsampling !== undefined ? options.subsampling : '4:2:0';
  var subsampling = Object.prototype.hasOwnProperty.call(SUBSAMPLING, subName) ? SUBSAMPLING[subName] : undefined;
  if (subsampling === undefined) {
    throw new WasmforgeError('INVALID_ARGUMENT',
      'jpeg.encode: subsampling must be one of ' + Object.keys(SUBSAMPLING).join(', ') + ', got ' + subName);
  }
  var bytes = toBytes(image.data, 'jpeg.encode');
  if (bytes.length !== width * height * 4) {
    throw new WasmforgeError('INVALID_ARGUMENT',
      'jpeg.encode: data must hold width*height*4 = ' + width * height * 4 + ' bytes (RGBA), got ' + bytes.length);
  }
  var flags = (progressive ? JPEG.ENCODE_PROGRESSIVE : 0) | (optimize ? JPEG.ENCODE_OPTIMIZE : 0);

  return core.runtime().run(function (rt) {
    var e = rt.exports;
    var output = outputOption(options, 'jpeg.encode', ENCODE_OUTPUTS);
    rt.checkOutput(output, 0, 'jpeg.encode'); // not a view of the Wasm memory; too small: a new array
    var c = rt.context('wf_jpeg_encoder_alloc');
    var bound = e.wf_jpeg_encode_bound(width, height, subsampling, flags) >>> 0;
    if (bound === 0) throw new WasmforgeError('OUTPUT_LIMIT', 'jpeg.encode: the image is too large to encode');
    // The bound is a worst case (~10 bytes per pixel); photos need well under one.
    // Try a buffer of 1.5 bytes per pixel first and fall back to the bound.
    var cap = Math.min(bound, 65536 + Math.ceil(width * height * 1.5));
    var inPtr = 0;
    var outPtr = 0;
    var sizePtr = 0;
    try {
      inPtr = rt.copyIn(bytes);
      sizePtr = rt.alloc(4);
      for (;;) {
        outPtr = rt.alloc(cap);
        var status = e.wf_jpeg_encode(c, inPtr, width, height, 0, JPEG.ENCODE_RGBA8, quality, subsampling, flags,
          restartInterval, outPtr, cap, sizePtr);
        if (status === STATUS.BUFFER_TOO_SMALL && cap < bound) {
          rt.free(outPtr);
          outPtr = 0;
          cap = bound;
          continue;
        }
        rt.check(status, 'jpeg.encode');
        return rt.copyOutInto(outPtr, rt.readU32(sizePtr), output);
      }
    } finally {
      rt.free(sizePtr);
      rt.free(outPtr);
      rt.free(inPtr);
    }
  });
}
