// SPDX-License-Identifier: MIT
// jpeg-api.js: binds the JPEG decoder (web/jpeg-decode.js) and encoder
// (web/jpeg-encode.js), which take the core as their first argument, to one
// module: getRuntime() returns its runtime (web/runtime.js) or throws when it
// is not loaded yet. web/jpeg.js binds it to the loader; the legacy bundle to
// the embedded wasm2js build.
//
// ES5 syntax (plus import/export), because the legacy bundle is built from it.

import { decode as decodeWith, readHeader as readHeaderWith } from './jpeg-decode.js';
import { encode as encodeWith } from './jpeg-encode.js';

export function createJpegApi(getRuntime) {
  var core = { runtime: getRuntime };
  return {
    /** Decodes a JPEG file to RGBA8: decode(bytes, {maxPixels, output}); see web/jpeg-decode.js. */
    decode: function (bytes, options) { return decodeWith(core, bytes, options); },
    /** Reads a JPEG file's size and metadata without decoding it; see web/jpeg-decode.js. */
    readHeader: function (bytes) { return readHeaderWith(core, bytes); },
    /** Encodes RGBA pixels as JPEG: encode({width, height, data}, {quality, ...}); see web/jpeg-encode.js. */
    encode: function (image, options) { return encodeWith(core, image, options); }
  };
}
