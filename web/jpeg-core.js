// SPDX-License-Identifier: MIT
// jpeg-core.js: the one definition of the jpeg core (decoder and encoder in
// one module), shared by web/jpeg-decode.js, web/jpeg-encode.js and web/jpeg.js,
// so that one init() loads one module for both.
import { defineCore } from './loader.js';

export const core = defineCore({
  name: 'jpeg',
  wasmUrl: () => new URL('../dist/jpeg.wasm', import.meta.url),
  simdUrl: () => new URL('../dist/jpeg.simd.wasm', import.meta.url),
  wasm2js: () => import('../dist/jpeg.wasm2js.js'),
});
