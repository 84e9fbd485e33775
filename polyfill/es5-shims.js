// SPDX-License-Identifier: MIT
// es5-shims.js: the built-ins that wasm2js output and the wasmforge glue use
// but an ES5 engine may lack (IE11-class browsers, Duktape). Classic script;
// each shim is installed only where the built-in is missing.
(function (global) {
  var f32 = typeof Float32Array !== 'undefined' ? new Float32Array(1) : null;

  function define(object, name, value) {
    if (object && typeof object[name] !== 'function') {
      Object.defineProperty(object, name, { value: value, writable: true, configurable: true, enumerable: false });
    }
  }

  define(Math, 'imul', function (a, b) {
    var ah = (a >>> 16) & 0xffff;
    var al = a & 0xffff;
    var bh = (b >>> 16) & 0xffff;
    var bl = b & 0xffff;
    return (al * bl + (((ah * bl + al * bh) << 16) >>> 0)) | 0;
  });
  define(Math, 'fround', function (x) {
    f32[0] = x;
    return f32[0];
  });
  define(Math, 'clz32', function (x) {
    x = x >>> 0;
    if (x === 0) return 32;
    var n = 0;
    while ((x & 0x80000000) === 0) {
      x = x << 1;
      n++;
    }
    return n;
  });
  define(Math, 'trunc', function (x) {
    return x < 0 ? Math.ceil(x) : Math.floor(x);
  });
  define(Object, 'setPrototypeOf', function (object, proto) {
    object.__proto__ = proto; // eslint-disable-line no-proto
    return object;
  });

  var typedArrays = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
    'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array'];
  for (var i = 0; i < typedArrays.length; i++) {
    var Type = global[typedArrays[i]];
    if (!Type) continue;
    define(Type.prototype, 'slice', function (begin, end) {
      var view = this.subarray(begin, end);
      var copy = new this.constructor(view.length);
      copy.set(view);
      return copy;
    });
    define(Type.prototype, 'fill', function (value, begin, end) {
      var n = this.length;
      var s = begin === undefined ? 0 : begin < 0 ? Math.max(n + begin, 0) : Math.min(begin, n);
      var e = end === undefined ? n : end < 0 ? Math.max(n + end, 0) : Math.min(end, n);
      for (var k = s; k < e; k++) this[k] = value;
      return this;
    });
    define(Type.prototype, 'copyWithin', function (target, begin, end) {
      var n = this.length;
      var e = end === undefined ? n : end;
      var chunk = this.slice(begin, e);
      this.set(chunk.subarray(0, Math.max(0, Math.min(chunk.length, n - target))), target);
      return this;
    });
  }
})(typeof globalThis !== 'undefined' ? globalThis : typeof self !== 'undefined' ? self : this);
