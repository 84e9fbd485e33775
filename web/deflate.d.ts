// SPDX-License-Identifier: MIT
// Types of wasmforge/deflate (web/deflate.js): DEFLATE (RFC 1951), zlib (RFC 1950)
// and gzip (RFC 1952) compression, CRC-32 and Adler-32.
import type { CoreLoader } from './loader.js';

export type { Backend, InitOptions } from './loader.js';
export { WasmforgeError } from './errors.js';

/** Bytes in: a Uint8Array, any other ArrayBuffer view, or an ArrayBuffer. */
export type BytesLike = ArrayBufferView | ArrayBuffer;

/** Loads the core (see CoreLoader.init); backends 'wasm-simd', 'wasm', 'wasm2js'. */
export const init: CoreLoader['init'];
/** The active backend, or null before init() has finished. */
/** The compiled module for a Worker host to post to its Workers (see CoreLoader.compileModule). */
export const compileModule: CoreLoader['compileModule'];
export const backend: CoreLoader['backend'];
/** Bytes of Wasm memory the module holds (a diagnostic). */
export const memorySize: CoreLoader['memorySize'];

export interface CompressOptions {
  /** 0 (stored, no compression) to 9 (smallest); default 6. */
  level?: number;
}
export interface DecompressOptions {
  /**
   * Cap on the decompressed size in bytes, 0 to 2^31-1; default 1 GiB
   * (DEFAULT_MAX_OUTPUT_LENGTH). Past it: OUTPUT_LIMIT (a guard against bombs).
   */
  maxOutputLength?: number;
}

/** The default maxOutputLength: 1073741824 bytes (1 GiB). */
export const DEFAULT_MAX_OUTPUT_LENGTH: number;

/** Compresses to a raw DEFLATE stream (RFC 1951). Throws INVALID_ARGUMENT for a bad level. */
export function deflate(data: BytesLike, options?: CompressOptions): Uint8Array;
/** Decompresses a raw DEFLATE stream. Throws DEFLATE_* codes (with `offset`) or OUTPUT_LIMIT. */
export function inflate(data: BytesLike, options?: DecompressOptions): Uint8Array;
/** Compresses to zlib format (RFC 1950: header, DEFLATE, Adler-32). */
export function zlibCompress(data: BytesLike, options?: CompressOptions): Uint8Array;
/** Decompresses zlib data; the Adler-32 is checked (ZLIB_* codes). */
export function zlibDecompress(data: BytesLike, options?: DecompressOptions): Uint8Array;
/** Compresses to gzip (RFC 1952: header, DEFLATE, CRC-32 and length). */
export function gzip(data: BytesLike, options?: CompressOptions): Uint8Array;
/** Decompresses gzip data, all concatenated members; CRC-32 and length are checked (GZIP_* codes). */
export function gunzip(data: BytesLike, options?: DecompressOptions): Uint8Array;
/** CRC-32 (as in gzip and PNG) of data, continuing from `initial` (default 0): an unsigned 32-bit integer. */
export function crc32(data: BytesLike, initial?: number): number;
/** Adler-32 (as in zlib) of data, continuing from `initial` (default 1): an unsigned 32-bit integer. */
export function adler32(data: BytesLike, initial?: number): number;
