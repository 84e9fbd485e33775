// SPDX-License-Identifier: MIT
// runtime.js: what a core's JS API uses to talk to one instantiated module,
// whichever backend made it (Wasm, Wasm+SIMD or wasm2js: all export the same
// wf_* functions and a `memory` whose `buffer` may be replaced when it grows).
//
// ES5 syntax (plus import/export), because the legacy bundle is built from it.

import { WasmforgeError } from './errors.js';

/**
 * Wraps the exports of one module instance.
 * @param {object} exports   the instance's exports (wf_* functions and memory); rt.exports
 *        may later be another instance's (after a trap, or a wasm2js memory enlarge)
 * @param {string} backend   'wasm-simd' | 'wasm' | 'wasm2js'
 * @param {function(): object} reinstantiate  returns fresh exports of the same module;
 *        used after a trap, so that a module left in an unknown state is never reused.
 */
export function createRuntime(exports, backend, reinstantiate) {
  var rt = {
    backend: backend,
    exports: exports,
    // Per-instance long-lived objects (contexts), created on first use.
    state: {},
    // How many times a trap made the instance be replaced (and rt.state emptied).
    resets: 0,
    u8: null
  };

  /** The current byte view of Wasm memory (re-made after memory growth). */
  rt.heap = function () {
    var buffer = rt.exports.memory.buffer;
    if (rt.u8 === null || rt.u8.buffer !== buffer) rt.u8 = new Uint8Array(buffer);
    return rt.u8;
  };

  /** Allocates n bytes in the Wasm heap; throws OUT_OF_MEMORY. */
  rt.alloc = function (n) {
    var ptr = rt.exports.wf_malloc(n);
    if (!ptr) throw new WasmforgeError('OUT_OF_MEMORY', 'could not allocate ' + n + ' bytes in the Wasm heap');
    return ptr >>> 0;
  };

  /** Copies a byte array into a new heap allocation; the caller frees it. */
  rt.copyIn = function (bytes) {
    var ptr = rt.alloc(bytes.length);
    rt.heap().set(bytes, ptr);
    return ptr;
  };

  /** Copies len bytes at ptr out of the heap into a new Uint8Array (never a view). */
  rt.copyOut = function (ptr, len) {
    return rt.heap().slice(ptr, ptr + len);
  };

  /**
   * The `output` option, inside rt.run(): checks that `output` (from
   * outputOption(), or null) is not a view of this module's memory
   * (INVALID_ARGUMENT) and holds at least `nbytes` bytes (BUFFER_TOO_SMALL,
   * with `needed`: the length, in elements of output's own type, it must
   * have). Call it as soon as the result size is known: before decoding when
   * the size comes first (images), after it otherwise (inflate).
   */
  rt.checkOutput = function (output, nbytes, what) {
    if (!output) return;
    if (output.buffer === rt.exports.memory.buffer) {
      throw new WasmforgeError('INVALID_ARGUMENT', what + ': output must not be a view of the Wasm memory');
    }
    if (output.byteLength < nbytes) {
      var size = output.BYTES_PER_ELEMENT;
      var needed = Math.ceil(nbytes / size);
      var error = new WasmforgeError('BUFFER_TOO_SMALL', what + ': output holds ' + output.length +
        ' elements (' + output.byteLength + ' bytes), the result needs ' + needed + ' (' + nbytes + ' bytes)');
      error.needed = needed;
      throw error;
    }
  };

  /**
   * The result of a call that returns nbytes bytes at ptr, as a `View`
   * (Uint8Array, Uint8ClampedArray, Uint16Array): with an output (checked by
   * rt.checkOutput), a view of its first nbytes bytes after one copy into it;
   * without, a new array (one copy into fresh memory). Never a view of Wasm
   * memory either way. `what` names the operation in error messages.
   */
  rt.result = function (output, ptr, nbytes, View, what) {
    var size = View.BYTES_PER_ELEMENT;
    if (!output) return new View(rt.copyOut(ptr, nbytes).buffer, 0, nbytes / size);
    rt.checkOutput(output, nbytes, what); // cheap; a no-op when the caller checked before decoding
    new Uint8Array(output.buffer, output.byteOffset, nbytes).set(rt.heap().subarray(ptr, ptr + nbytes));
    return new View(output.buffer, output.byteOffset, nbytes / size);
  };

  /**
   * Copies len bytes at ptr out of the heap into `output` (a caller-owned
   * Uint8Array, never a view of Wasm memory) when it has room, returning a view
   * of its first len bytes; else into a new Uint8Array, as copyOut. For
   * results whose size is known only at the end (encoders' `output` option).
   */
  rt.copyOutInto = function (ptr, len, output) {
    if (!output || output.length < len) return rt.copyOut(ptr, len);
    output.set(rt.heap().subarray(ptr, ptr + len));
    return new Uint8Array(output.buffer, output.byteOffset, len);
  };

  /**
   * A long-lived C context of this instance (a decoder, an encoder, ...),
   * made on first use by the exported function `allocName` (e.g.
   * 'wf_png_decoder_alloc') and kept until the instance is replaced.
   */
  rt.context = function (allocName) {
    var ptr = rt.state[allocName];
    if (!ptr) {
      ptr = rt.exports[allocName]() >>> 0;
      if (!ptr) throw new WasmforgeError('OUT_OF_MEMORY', allocName + ': could not allocate a context in the Wasm heap');
      rt.state[allocName] = ptr;
    }
    return ptr;
  };

  rt.free = function (ptr) {
    if (ptr) rt.exports.wf_free(ptr);
  };

  /**
   * Runs an encoder whose output never exceeds `bound` bytes: copies `bytes`
   * in, allocates the output and a u32 for its size, calls
   * encodeFn(inPtr, outPtr, sizePtr), which returns a wf_status, checks it
   * (naming `what`) and returns the output copied out. Frees what it allocated.
   */
  rt.encodeBounded = function (bytes, bound, what, encodeFn, output) {
    var inPtr = 0;
    var outPtr = 0;
    var sizePtr = 0;
    try {
      inPtr = rt.copyIn(bytes);
      outPtr = rt.alloc(bound);
      sizePtr = rt.alloc(4);
      rt.check(encodeFn(inPtr, outPtr, sizePtr), what);
      return rt.copyOutInto(outPtr, rt.readU32(sizePtr), output);
    } finally {
      rt.free(sizePtr);
      rt.free(outPtr);
      rt.free(inPtr);
    }
  };

  /** Reads a little-endian u32 at ptr. */
  rt.readU32 = function (ptr) {
    var h = rt.heap();
    return (h[ptr] | (h[ptr + 1] << 8) | (h[ptr + 2] << 16) | (h[ptr + 3] << 24)) >>> 0;
  };

  /** Writes a little-endian u32 at ptr. */
  rt.writeU32 = function (ptr, value) {
    var h = rt.heap();
    h[ptr] = value & 255;
    h[ptr + 1] = (value >>> 8) & 255;
    h[ptr + 2] = (value >>> 16) & 255;
    h[ptr + 3] = (value >>> 24) & 255;
  };

  /** Reads a NUL-terminated UTF-8 string at ptr. */
  rt.string = function (ptr) {
    var h = rt.heap();
    var end = ptr;
    while (h[end] !== 0) end++;
    return utf8Decode(h, ptr, end);
  };

  /** Copies a JS string in as NUL-terminated UTF-8; the caller frees it. */
  rt.stringIn = function (text) {
    var bytes = utf8Encode(text);
    var ptr = rt.alloc(bytes.length + 1);
    var h = rt.heap();
    h.set(bytes, ptr);
    h[ptr + bytes.length] = 0;
    return ptr;
  };

  /**
   * Throws WasmforgeError for a non-zero wf_status. `what` names the operation,
   * `offset` (optional) is the input byte offset where a decoder stopped.
   */
  rt.check = function (status, what, offset) {
    if (status === 0) return;
    var code = rt.string(rt.exports.wf_status_name(status));
    var message = rt.string(rt.exports.wf_status_message(status));
    var text = what + ': ' + message.replace(/\.$/, '');
    if (offset !== undefined) text += ' (at input byte ' + offset + ')';
    throw new WasmforgeError(code, text, offset);
  };

  /**
   * Runs fn(rt). If the module traps (a bug or a stack overflow, never
   * expected), the instance is replaced by a fresh one, so the next call works,
   * and a WasmforgeError('INTERNAL_ERROR') is thrown.
   *
   * A wasm2js module refuses to grow its memory past its buffer's capacity
   * (polyfill/wasm2js-memory.mjs): the C code sees an out-of-memory. When that
   * happened during fn, whether fn then threw or coped, the memory is moved
   * to a larger buffer (memory.enlarge()) and fn runs again on it. So fn must
   * be safe to repeat after it failed for want of memory, as every operation
   * of the JS API is (each frees what it allocated, or keeps it in rt.state).
   */
  rt.run = function (fn) {
    for (;;) {
      var result;
      try {
        result = fn(rt);
      } catch (e) {
        if (!(e && e.name === 'WasmforgeError')) {
          rt.exports = reinstantiate();
          rt.state = {};
          rt.u8 = null;
          rt.resets++;
          var wrapped = new WasmforgeError('INTERNAL_ERROR', 'the ' + backend + ' module trapped (' + e + '); it was reset');
          wrapped.cause = e;
          throw wrapped;
        }
        if (!enlargeMemory()) throw e;
        continue;
      }
      if (!enlargeMemory()) return result;
    }
  };

  // Moves a wasm2js module that refused to grow to a larger buffer; true if it did.
  function enlargeMemory() {
    var memory = rt.exports.memory;
    if (!memory.refusedPages) return false;
    var next = memory.enlarge();
    if (!next) return false;
    rt.exports = next;
    rt.u8 = null;
    return true;
  }

  return rt;
}

/**
 * The `output` option of a call that returns a large result: one mechanism
 * for every core (jpeg/png decode and decodeFrames, inflate/gunzip/
 * zlibDecompress; a new core with a large result adopts it the same way).
 * Semantics, the same everywhere:
 * - options.output undefined or null: the result is a new array (the plain path).
 * - otherwise it must be an instance of one of `types` (INVALID_ARGUMENT), not
 *   a view of the Wasm memory (INVALID_ARGUMENT), and hold the whole result
 *   (BUFFER_TOO_SMALL, error.needed = the length it must have, in its own
 *   elements); the result is written into its first bytes and the returned
 *   `data` is a view of the caller's buffer (`data.buffer === output.buffer`),
 *   never of Wasm memory. Nothing is written to output when the call fails
 *   before the copy (a too-small output or a decoding error).
 * Use: var output = outputOption(options, 'x.decode', [Uint8ClampedArray, Uint8Array]);
 * then, inside core.runtime().run(function (rt) {...}): rt.checkOutput(output, nbytes, 'x.decode')
 * as soon as the size is known, and return rt.result(output, ptr, nbytes, Uint8ClampedArray, 'x.decode').
 * @returns the output array, or null
 */
export function outputOption(options, what, types) {
  var output = options ? options.output : undefined;
  if (output === undefined || output === null) return null;
  for (var i = 0; i < types.length; i++) {
    if (typeof types[i] === 'function' && output instanceof types[i]) return output;
  }
  var names = [];
  for (var j = 0; j < types.length; j++) if (typeof types[j] === 'function') names.push(types[j].name);
  throw new WasmforgeError('INVALID_ARGUMENT', what + ': output must be a ' + names.join(' or ') + ', got ' + describe(output));
  };

  /** Checks that `bytes` is a Uint8Array (or a Uint8ClampedArray / ArrayBuffer view) and returns bytes. */
export function toBytes(bytes, what) {
  if (bytes instanceof Uint8Array) return bytes;
  if (typeof Uint8ClampedArray !== 'undefined' && bytes instanceof Uint8ClampedArray) {
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (bytes && bytes.buffer instanceof ArrayBuffer && typeof bytes.byteLength === 'number') {
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  throw new WasmforgeError('INVALID_ARGUMENT', what + ': expected a Uint8Array, got ' + describe(bytes));
}

/** A short description of a value for error messages ('number 5', 'Uint16Array', 'null'). */
export function describe(value) {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value + ' ' + String(value);
  return (value.constructor && value.constructor.name) || 'object';
}

function utf8Encode(text) {
  var out = [];
  for (var i = 0; i < text.length; i++) {
    var c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      var d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

function utf8Decode(h, start, end) {
  var s = '';
  var i = start;
  while (i < end) {
    var c = h[i++];
    if (c >= 0xf0 && i + 2 < end + 1) {
      c = ((c & 7) << 18) | ((h[i] & 63) << 12) | ((h[i + 1] & 63) << 6) | (h[i + 2] & 63);
      i += 3;
    } else if (c >= 0xe0) {
      c = ((c & 15) << 12) | ((h[i] & 63) << 6) | (h[i + 1] & 63);
      i += 2;
    } else if (c >= 0xc0) {
      c = ((c & 31) << 6) | (h[i] & 63);
      i += 1;
    }
    if (c >= 0x10000) {
      c -= 0x10000;
      s += String.fromCharCode(0xd800 + (c >> 10), 0xdc00 + (c & 1023));
    } else {
      s += String.fromCharCode(c);
    }
  }
  return s;
}
