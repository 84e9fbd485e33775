// SPDX-License-Identifier: MIT
// errors.js: WasmforgeError, the one error class every wasmforge API throws.
//
// Written in ES5 syntax (plus the export statement) because the legacy
// <script nomodule> bundle is built from this same file (polyfill/build-legacy.mjs).

/**
 * An error thrown by wasmforge. `code` is a stable string (for example
 * "DEFLATE_TRUNCATED", "INVALID_ARGUMENT"); `message` says what was wrong and,
 * for decoders, at which input byte offset (also in `offset`).
 * @constructor
 * @param {string} code
 * @param {string} message
 * @param {number} [offset]
 */
export function WasmforgeError(code, message, offset) {
  var error = new Error(message);
  Object.setPrototypeOf(error, WasmforgeError.prototype);
  error.name = 'WasmforgeError';
  error.code = code;
  if (offset !== undefined) error.offset = offset;
  if (Error.captureStackTrace) Error.captureStackTrace(error, WasmforgeError);
  return error;
}
WasmforgeError.prototype = Object.create(Error.prototype, {
  constructor: { value: WasmforgeError, writable: true, configurable: true }
});
WasmforgeError.prototype.name = 'WasmforgeError';
