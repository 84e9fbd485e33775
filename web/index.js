// SPDX-License-Identifier: MIT
// wasmforge: every core as a namespace, for apps that want one import.
//
//   import { png, deflate } from 'wasmforge';
//   await png.init();
//   const { width, height, data } = png.decode(bytes);
//
// Importing this module loads no Wasm: each core downloads its one build in
// its own init(). Apps that use a single core can import it directly
// ('wasmforge/png'), which is what a bundler without tree-shaking of
// namespaces needs to leave the other cores' JS out.

export * as deflate from './deflate.js';
export * as png from './png.js';
export * as jpeg from './jpeg.js';
export * as webp from './webp.js';
export * as resize from './resize.js';
export * as image from './image.js';
export * as chess from './chess.js';
export { WasmforgeError } from './errors.js';
