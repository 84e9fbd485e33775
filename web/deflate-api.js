// SPDX-License-Identifier: MIT
// deflate-api.js: the DEFLATE/zlib/gzip API over the C core (wf/deflate.h),
// independent of how the module was loaded. web/deflate.js binds it to the
// loader; the legacy bundle binds it to the embedded wasm2js build.
//
// ES5 syntax (plus import/export), because the legacy bundle is built from it.

import { toBytes, outputOption } from './runtime.js';
import { WasmforgeError } from './errors.js';

var FORMAT_RAW = 0;
var FORMAT_ZLIB = 1;
var FORMAT_GZIP = 2;

/** Default cap on decompressed size: 1 GiB (a guard against decompression bombs). */
export var DEFAULT_MAX_OUTPUT_LENGTH = 1073741824;
var MAX_OUTPUT_LENGTH_LIMIT = 2147483647;
// The arrays the decompressors accept as `output` (web/runtime.js outputOption).
var BYTE_OUTPUTS = [Uint8Array, typeof Uint8ClampedArray === 'undefined' ? null : Uint8ClampedArray];

function outputLimit(options, what) {
  var limit = options && options.maxOutputLength !== undefined ? options.maxOutputLength : DEFAULT_MAX_OUTPUT_LENGTH;
  if (typeof limit !== 'number' || limit !== Math.floor(limit) || limit < 0 || limit > MAX_OUTPUT_LENGTH_LIMIT) {
    throw new WasmforgeError('INVALID_ARGUMENT',
      what + ': maxOutputLength must be an integer from 0 to ' + MAX_OUTPUT_LENGTH_LIMIT + ', got ' + limit);
  }
  return limit;
}

function compressionLevel(options, what) {
  var level = options && options.level !== undefined ? options.level : 6;
  if (typeof level !== 'number' || level !== Math.floor(level) || level < 0 || level > 9) {
    throw new WasmforgeError('INVALID_ARGUMENT', what + ': level must be an integer from 0 to 9, got ' + level);
  }
  return level;
}

/**
 * Builds the API around getRuntime(), which returns the runtime of the loaded
 * module (web/runtime.js) or throws when it is not loaded yet.
 */
export function createDeflateApi(getRuntime) {
  function decompress(format, what, data, options) {
    var bytes = toBytes(data, what);
    var limit = outputLimit(options, what);
    var output = outputOption(options, what, BYTE_OUTPUTS);
    return getRuntime().run(function (rt) {
      var e = rt.exports;
      var d = rt.context('wf_inflater_alloc');
      var inPtr = rt.copyIn(bytes);
      try {
        // Into the inflater's own buffer (kept between calls, so its memory is
        // already there), then one copy out: into output, or a fresh array.
        // The size is known only now, so a too-small output fails after the
        // work, with the exact size needed.
        var status = e.wf_inflate(d, format, inPtr, bytes.length, limit);
        if (status !== 0) rt.check(status, what, e.wf_inflater_error_offset(d) >>> 0);
        return rt.result(output, e.wf_inflater_output(d) >>> 0, e.wf_inflater_output_size(d) >>> 0, Uint8Array, what);
      } finally {
        rt.free(inPtr);
      }
    });
  }

  function compress(format, what, data, options) {
    var bytes = toBytes(data, what);
    var level = compressionLevel(options, what);
    return getRuntime().run(function (rt) {
      var e = rt.exports;
      var c = rt.context('wf_deflater_alloc');
      var bound = e.wf_deflate_bound(bytes.length, format) >>> 0;
      return rt.encodeBounded(bytes, bound, what, function (inPtr, outPtr, sizePtr) {
        return e.wf_deflate(c, format, level, inPtr, bytes.length, outPtr, bound, sizePtr);
      });
    });
  }

  function checksum(fn, what, data, initial, start) {
    var bytes = toBytes(data, what);
    var value = initial === undefined ? start : initial;
    if (typeof value !== 'number' || value !== Math.floor(value) || value < 0 || value > 4294967295) {
      throw new WasmforgeError('INVALID_ARGUMENT', what + ': the initial value must be a 32-bit unsigned integer');
    }
    return getRuntime().run(function (rt) {
      var ptr = rt.copyIn(bytes);
      try {
        return rt.exports[fn](value | 0, ptr, bytes.length) >>> 0;
      } finally {
        rt.free(ptr);
      }
    });
  }

  return {
    /**
     * Decompresses a raw DEFLATE stream (RFC 1951).
     * @param {Uint8Array} data
     * @param {{maxOutputLength?: number, output?: Uint8Array|Uint8ClampedArray}} [options]
     *   maxOutputLength: cap on the output size (default 1 GiB, OUTPUT_LIMIT past it);
     *   output: your own array to decompress into. The result is then a Uint8Array
     *   view of its first n bytes (n = the decompressed length), never of Wasm memory.
     *   The size is known only after decompressing (up to maxOutputLength), so an
     *   output shorter than the result fails afterwards with BUFFER_TOO_SMALL and
     *   error.needed = n, leaving output unchanged.
     * @returns {Uint8Array}
     */
    inflate: function (data, options) { return decompress(FORMAT_RAW, 'inflate', data, options); },
    /**
     * Compresses to a raw DEFLATE stream.
     * @param {Uint8Array} data
     * @param {{level?: number}} [options] level 0 (stored) to 9 (smallest), default 6
     * @returns {Uint8Array}
     */
    deflate: function (data, options) { return compress(FORMAT_RAW, 'deflate', data, options); },
    /** Compresses to gzip (RFC 1952). Options as deflate(). */
    gzip: function (data, options) { return compress(FORMAT_GZIP, 'gzip', data, options); },
    /** Decompresses gzip data, all concatenated members. Options as inflate(). */
    gunzip: function (data, options) { return decompress(FORMAT_GZIP, 'gunzip', data, options); },
    /** Compresses to zlib format (RFC 1950). Options as deflate(). */
    zlibCompress: function (data, options) { return compress(FORMAT_ZLIB, 'zlibCompress', data, options); },
    /** Decompresses zlib-format data. Options as inflate(). */
    zlibDecompress: function (data, options) { return decompress(FORMAT_ZLIB, 'zlibDecompress', data, options); },
    /**
     * CRC-32 (as in gzip and PNG) of data, continuing from `initial` (default 0).
     * @returns {number} an unsigned 32-bit integer
     */
    crc32: function (data, initial) { return checksum('wf_crc32', 'crc32', data, initial, 0); },
    /**
     * Adler-32 (as in zlib) of data, continuing from `initial` (default 1).
     * @returns {number} an unsigned 32-bit integer
     */
    adler32: function (data, initial) { return checksum('wf_adler32', 'adler32', data, initial, 1); }
  };
}
