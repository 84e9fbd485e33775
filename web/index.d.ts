// SPDX-License-Identifier: MIT
// Types of the root entry `wasmforge` (web/index.js): every core as a namespace.
export * as deflate from './deflate.js';
export * as png from './png.js';
export * as jpeg from './jpeg.js';
export * as webp from './webp.js';
export * as resize from './resize.js';
export * as image from './image.js';
export * as chess from './chess.js';
export { WasmforgeError } from './errors.js';
export type { WasmforgeErrorCode } from './errors.js';
export type { Backend, InitOptions } from './loader.js';
