// SPDX-License-Identifier: MIT
// reuse.mjs: the "reuse" variant of our decoders and inflaters: the same call
// with the `output` option (web/runtime.js outputOption), one array kept
// between calls, as a caller decoding a gallery or a stream would. The array
// is sized from the first BUFFER_TOO_SMALL (error.needed), during
// verification/warm-up, so timed calls allocate no result memory at all.
// Environment-neutral.

/** The name suffix of a reuse implementation (`wasm-simd-reuse`). */
export const REUSE_SUFFIX = '-reuse';

/**
 * Wraps call(input, output) into fn(input) that always passes one kept array
 * of type View, replaced by a large enough one when the call says BUFFER_TOO_SMALL.
 */
export function withReusedOutput(View, call) {
  let output = new View(0);
  return function reusing(input) {
    try {
      return call(input, output);
    } catch (e) {
      if (!e || e.code !== 'BUFFER_TOO_SMALL' || !(e.needed > output.length)) throw e;
      output = new View(e.needed);
      return call(input, output);
    }
  };
}

/**
 * The reuse variant of one of our implementations (o: {backend, prepare} from
 * importCoreInstances): named `<backend>-reuse`, its `op` ('decode',
 * 'inflate') is call(input, output) with one kept array of type View.
 */
export function reuseVariant(o, op, View, call) {
  return {
    name: `${o.backend}${REUSE_SUFFIX}`, category: 'ours', label: `wasmforge ${o.backend}, output reused`, prepare: o.prepare,
    [op]: withReusedOutput(View, call),
  };
}
