// SPDX-License-Identifier: MIT
// png-api.js: the PNG API over the C core (wf/png.h), independent of how the
// module was loaded. web/png.js binds it to the loader; the legacy bundle
// binds it to the embedded wasm2js build.
//
// ES5 syntax (plus import/export), because the legacy bundle is built from it.

import { toBytes, outputOption } from './runtime.js';
import { WasmforgeError } from './errors.js';
import { PNG } from './constants.js';

/** Default pixel limit of decode(): 100 million pixels. */
export var DEFAULT_MAX_PIXELS = PNG.DEFAULT_MAX_PIXELS;

var TEXT_KINDS = {};
TEXT_KINDS[PNG.TEXT_TEXT] = 'tEXt';
TEXT_KINDS[PNG.TEXT_ZTXT] = 'zTXt';
TEXT_KINDS[PNG.TEXT_ITXT] = 'iTXt';
// 8-bit pixel layouts by bytes per pixel
var PIXELS = { 1: PNG.PIXELS_GREY8, 2: PNG.PIXELS_GREY_ALPHA8, 3: PNG.PIXELS_RGB8, 4: PNG.PIXELS_RGBA8 };
// The arrays decode()/decodeFrames() accept as `output` (web/runtime.js outputOption), by depth.
var OUTPUTS_8 = [Uint8ClampedArray, Uint8Array];
var OUTPUTS_16 = [Uint16Array];
// encode(): a Uint8Array used when the file fits (web/runtime.js copyOutInto), else a new array.
var ENCODE_OUTPUTS = [Uint8Array];

function isInteger(value) {
  return typeof value === 'number' && isFinite(value) && Math.floor(value) === value;
}

function integerOption(options, key, fallback, min, max, what) {
  var value = options && options[key] !== undefined ? options[key] : fallback;
  if (!isInteger(value) || value < min || value > max) {
    throw new WasmforgeError('INVALID_ARGUMENT', what + ': ' + key + ' must be an integer from ' + min + ' to ' + max +
      ', got ' + value);
  }
  return value;
}

function latin1(bytes) {
  var s = '';
  for (var i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return s;
}

function utf8(bytes) {
  if (typeof TextDecoder !== 'undefined') return new TextDecoder().decode(bytes);
  return decodeURIComponent(escape(latin1(bytes))); // engines without TextDecoder (old ones)
}

// Reads the metadata of the image last decoded: a handful of integer calls
// and pointer/length pairs, copied out of the heap.
function readMeta(rt, d) {
  var e = rt.exports;
  var flags = e.wf_png_meta_flags(d) >>> 0;
  var meta = {
    bitDepth: e.wf_png_decoder_bit_depth(d) >>> 0,
    colorType: e.wf_png_decoder_color_type(d) >>> 0,
    interlaced: (e.wf_png_decoder_interlace(d) >>> 0) === 1,
    text: []
  };
  if (flags & PNG.META_GAMA) meta.gamma = (e.wf_png_meta_gamma(d) >>> 0) / 100000;
  if (flags & PNG.META_CHRM) {
    var c = [];
    for (var k = 0; k < 8; k++) c.push((e.wf_png_meta_chrm(d, k) >>> 0) / 100000);
    meta.chromaticities = { whiteX: c[0], whiteY: c[1], redX: c[2], redY: c[3], greenX: c[4], greenY: c[5],
      blueX: c[6], blueY: c[7] };
  }
  if (flags & PNG.META_SRGB) meta.srgbIntent = e.wf_png_meta_srgb_intent(d);
  if (flags & PNG.META_PHYS) {
    meta.physical = { pixelsPerUnitX: e.wf_png_meta_phys(d, 0) >>> 0, pixelsPerUnitY: e.wf_png_meta_phys(d, 1) >>> 0,
      unit: (e.wf_png_meta_phys(d, 2) >>> 0) === 1 ? 'metre' : 'unknown' };
  }
  if (flags & PNG.META_ICCP) {
    meta.iccProfile = {
      name: latin1(rt.copyOut(e.wf_png_meta_iccp_name(d) >>> 0, e.wf_png_meta_iccp_name_size(d) >>> 0)),
      data: rt.copyOut(e.wf_png_meta_iccp_profile(d) >>> 0, e.wf_png_meta_iccp_profile_size(d) >>> 0)
    };
  }
  function field(i, f) {
    return rt.copyOut(e.wf_png_meta_text_field(d, i, f) >>> 0, e.wf_png_meta_text_field_size(d, i, f) >>> 0);
  }
  var count = e.wf_png_meta_text_count(d) >>> 0;
  for (var i = 0; i < count; i++) {
    var kind = TEXT_KINDS[e.wf_png_meta_text_kind(d, i)];
    var entry = { kind: kind, keyword: latin1(field(i, PNG.TEXT_KEYWORD)) };
    if (kind === 'iTXt') {
      entry.text = utf8(field(i, PNG.TEXT_VALUE));
      entry.language = latin1(field(i, PNG.TEXT_LANGUAGE));
      entry.translatedKeyword = utf8(field(i, PNG.TEXT_TRANSLATED_KEYWORD));
    } else {
      entry.text = latin1(field(i, PNG.TEXT_VALUE));
    }
    meta.text.push(entry);
  }
  return meta;
}

function decodeOptions(options, what) {
  var maxPixels = integerOption(options, 'maxPixels', DEFAULT_MAX_PIXELS, 1, 4294967295, what);
  var depth = integerOption(options, 'depth', 8, 8, 16, what);
  if (depth !== 8 && depth !== 16) throw new WasmforgeError('INVALID_ARGUMENT', what + ': depth must be 8 or 16, got ' + depth);
  var output = outputOption(options, what, depth === 8 ? OUTPUTS_8 : OUTPUTS_16);
  return { maxPixels: maxPixels, depth: depth, checkCRC: !(options && options.checkCRC === false), output: output };
}

// Field f (PNG.FRAME_*) of frame i of the decoder's animation.
function frameInfo(e, d, i) {
  return function (f) {
    return e.wf_png_decoder_frame_info(d, i, f) >>> 0;
  };
}

function pixelType(depth) {
  return depth === 8 ? Uint8ClampedArray : Uint16Array;
}

/**
 * Builds the API around getRuntime(), which returns the runtime of the loaded
 * module (web/runtime.js) or throws when it is not loaded yet.
 */
export function createPngApi(getRuntime) {
  // Checks the arguments, copies the file in, reads its chunks with the
  // instance's decoder, and calls fn(rt, decoder, inPtr, input, options); the
  // input is freed afterwards.
  function withDecoder(bytes, options, what, fn) {
    var input = toBytes(bytes, what);
    var o = decodeOptions(options, what);
    return getRuntime().run(function (rt) {
      var e = rt.exports;
      var d = rt.context('wf_png_decoder_alloc');
      e.wf_png_decoder_set_max_pixels(d, o.maxPixels | 0);
      e.wf_png_decoder_set_check_crc(d, o.checkCRC ? 1 : 0);
      var inPtr = rt.copyIn(input);
      try {
        var status = e.wf_png_decoder_read(d, inPtr, input.length);
        if (status !== 0) rt.check(status, what, e.wf_png_decoder_error_offset(d) >>> 0);
        return fn(rt, d, inPtr, input, o);
      } finally {
        rt.free(inPtr);
      }
    });
  }

  function decode(bytes, options) {
    return withDecoder(bytes, options, 'png.decode', function (rt, d, inPtr, input, o) {
      var e = rt.exports;
      var size = e.wf_png_decoder_output_size(d, o.depth) >>> 0;
      rt.checkOutput(o.output, size, 'png.decode'); // before decoding
      var outPtr = rt.alloc(size);
      try {
        var status = e.wf_png_decode(d, inPtr, input.length, outPtr, size, o.depth);
        if (status !== 0) rt.check(status, 'png.decode', e.wf_png_decoder_error_offset(d) >>> 0);
        return {
          width: e.wf_png_decoder_width(d) >>> 0,
          height: e.wf_png_decoder_height(d) >>> 0,
          // one copy: into the caller's output, or into a fresh array (never a view of Wasm memory)
          data: rt.result(o.output, outPtr, size, pixelType(o.depth), 'png.decode'),
          depth: o.depth,
          channels: 4,
          meta: readMeta(rt, d)
        };
      } finally {
        rt.free(outPtr);
      }
    });
  }

  function decodeFrames(bytes, options) {
    return withDecoder(bytes, options, 'png.decodeFrames', function (rt, d, inPtr, input, o) {
      var e = rt.exports;
      var outPtr = 0;
      try {
        var result = { width: e.wf_png_decoder_width(d) >>> 0, height: e.wf_png_decoder_height(d) >>> 0, depth: o.depth,
          numPlays: e.wf_png_decoder_num_plays(d) >>> 0, frames: [] };
        var count = e.wf_png_decoder_frame_count(d) >>> 0;
        if (count === 0) return result;
        if (count * result.width * result.height > o.maxPixels) {
          throw new WasmforgeError('PNG_TOO_LARGE', 'png.decodeFrames: ' + count + ' frames of ' + result.width + 'x' +
            result.height + ' exceed maxPixels (' + o.maxPixels + ') in total');
        }
        var size = e.wf_png_decoder_output_size(d, o.depth) >>> 0;
        rt.checkOutput(o.output, count * size, 'png.decodeFrames'); // before decoding
        var perFrame = size / (o.depth === 8 ? 1 : 2); // elements of output per frame
        outPtr = rt.alloc(size);
        for (var i = 0; i < count; i++) {
          var st = e.wf_png_decode_frame(d, inPtr, input.length, outPtr, size, o.depth, i);
          if (st !== 0) rt.check(st, 'png.decodeFrames', e.wf_png_decoder_error_offset(d) >>> 0);
          var info = frameInfo(e, d, i);
          var den = info(PNG.FRAME_DELAY_DEN) || 100;
          var into = o.output && o.output.subarray(i * perFrame, (i + 1) * perFrame);
          result.frames.push({
            data: rt.result(into, outPtr, size, pixelType(o.depth), 'png.decodeFrames'),
            delay: (info(PNG.FRAME_DELAY_NUM) * 1000) / den, x: info(PNG.FRAME_X), y: info(PNG.FRAME_Y),
            width: info(PNG.FRAME_WIDTH), height: info(PNG.FRAME_HEIGHT), dispose: info(PNG.FRAME_DISPOSE),
            blend: info(PNG.FRAME_BLEND), isDefaultImage: info(PNG.FRAME_IS_DEFAULT_IMAGE) === 1
          });
        }
        return result;
      } finally {
        rt.free(outPtr);
      }
    });
  }

  function encode(image, options) {
    if (!image || typeof image !== 'object') throw new WasmforgeError('INVALID_ARGUMENT', 'png.encode: expected {width, height, data}');
    var width = integerOption(image, 'width', undefined, 1, 0x7fffffff, 'png.encode');
    var height = integerOption(image, 'height', undefined, 1, 0x7fffffff, 'png.encode');
    var effort = integerOption(options, 'effort', 6, 0, 9, 'png.encode');
    var flags = options && options.interlace ? PNG.ENCODE_INTERLACE : 0;
    var data = image.data;
    var pixels = width * height;
    var format;
    var bytes;
    if (data instanceof Uint16Array) {
      if (data.length !== pixels * 4) {
        throw new WasmforgeError('INVALID_ARGUMENT', 'png.encode: a Uint16Array must hold width*height*4 samples, got ' + data.length);
      }
      format = PNG.PIXELS_RGBA16;
      bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } else {
      bytes = toBytes(data, 'png.encode');
      format = PIXELS[bytes.length / pixels];
      if (!format) {
        throw new WasmforgeError('INVALID_ARGUMENT', 'png.encode: data must hold 1, 2, 3 or 4 bytes per pixel (' + pixels +
          ' pixels), got ' + bytes.length + ' bytes');
      }
    }
    return getRuntime().run(function (rt) {
      var e = rt.exports;
      var output = outputOption(options, 'png.encode', ENCODE_OUTPUTS);
      rt.checkOutput(output, 0, 'png.encode'); // not a view of the Wasm memory; too small: a new array
      var c = rt.context('wf_png_encoder_alloc');
      var bound = e.wf_png_encode_bound(width, height, format, flags) >>> 0;
      if (bound === 0) throw new WasmforgeError('OUTPUT_LIMIT', 'png.encode: the image is too large to encode');
      return rt.encodeBounded(bytes, bound, 'png.encode', function (inPtr, outPtr, sizePtr) {
        return e.wf_png_encode(c, inPtr, width, height, format, effort, flags, outPtr, bound, sizePtr);
      }, output);
    });
  }

  return {
    /**
     * Decodes a PNG file (the default image of an APNG).
     * @param {Uint8Array|ArrayBuffer} bytes the file
     * @param {{maxPixels?: number, depth?: 8|16, checkCRC?: boolean, output?: Uint8ClampedArray|Uint8Array|Uint16Array}} [options]
     *   maxPixels: largest width*height accepted (default 100,000,000; PNG_TOO_LARGE beyond);
     *   depth: 8 for RGBA8 (default), 16 for RGBA16 (8-bit images widened as v*257);
     *   checkCRC: verify chunk CRCs (default true; the zlib Adler-32 is always checked);
     *   output: your own array to decode into (a Uint8ClampedArray or Uint8Array of at
     *   least width*height*4 elements for depth 8, a Uint16Array for depth 16;
     *   BUFFER_TOO_SMALL with error.needed otherwise, before decoding); `data` is then a
     *   view of its start. Reusing one saves faulting in fresh memory for every image
     *   (the shared `output` semantics: web/runtime.js outputOption).
     * @returns {{width: number, height: number, data: Uint8ClampedArray|Uint16Array, depth: number,
     *   channels: number, meta: object}} RGBA rows top to bottom; meta holds the header fields and the
     *   gAMA, cHRM, sRGB, iCCP, pHYs and text chunks (reported, never applied).
     */
    decode: decode,
    /**
     * Decodes every frame of an animated PNG (APNG), each composited onto the
     * full canvas as a viewer shows it (dispose and blend ops applied).
     * Options as decode(), except that maxPixels bounds the pixels of all the
     * frames together, and `output` must hold every frame (frames * width *
     * height * 4 elements): frame i's data is the view of its i-th part. A still image, or a broken animation (which viewers
     * show as its default image), gives `frames: []`; decode() reads that image.
     * @returns {{width: number, height: number, depth: number, numPlays: number,
     *   frames: Array<{data: Uint8ClampedArray|Uint16Array, delay: number, x: number, y: number,
     *   width: number, height: number, dispose: number, blend: number, isDefaultImage: boolean}>}}
     *   delay in milliseconds; numPlays 0 means loop forever
     */
    decodeFrames: decodeFrames,
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
    encode: encode
  };
}
