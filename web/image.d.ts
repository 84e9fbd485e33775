// SPDX-License-Identifier: MIT
// Types of wasmforge/image (web/image.js): one entry point for PNG and JPEG.
import type { Backend, InitOptions } from './loader.js';
import type { BytesLike } from './deflate.js';
import type { PngDecodeOptions, PngEncodeOptions, PngImage, PngInputImage } from './png.js';
import type { JpegDecodeOptions, JpegEncodeOptions, JpegImage } from './jpeg.js';

export type { Backend, InitOptions } from './loader.js';
export type { BytesLike } from './deflate.js';
export { WasmforgeError } from './errors.js';

/** The MIME types wasmforge/image reads and writes. */
export type ImageType = 'image/png' | 'image/jpeg';

export interface ImageInitOptions extends InitOptions {
  /** Options for the PNG core alone (e.g. its own `module`); they win over the shared ones. */
  png?: InitOptions;
  /** Options for the JPEG core alone. */
  jpeg?: InitOptions;
}

/** Loads both codecs; resolves to their backends. */
export function init(options?: ImageInitOptions): Promise<{ png: Backend; jpeg: Backend }>;
/** The active backends (null before init()). */
export function backend(): { png: Backend | null; jpeg: Backend | null };

/** The MIME type of encoded bytes from their signature, or null. */
export function sniff(bytes: BytesLike): ImageType | null;

/** A decoded image: what wasmforge/png or wasmforge/jpeg return, plus the `type` found. */
export type DecodedImage = (PngImage & { type: 'image/png' }) | (JpegImage & { type: 'image/jpeg' });

/**
 * Decodes a PNG or JPEG (sniffed). Options go to that codec: maxPixels for
 * both, depth and checkCRC for PNG, output for JPEG. Throws IMAGE_UNKNOWN_FORMAT
 * for other bytes.
 */
export function decode(bytes: BytesLike, options?: PngDecodeOptions & JpegDecodeOptions): DecodedImage;

export type ImageEncodeOptions =
  | ({ type?: 'image/png' } & PngEncodeOptions)
  | ({ type: 'image/jpeg' } & JpegEncodeOptions);

/** Encodes {width, height, data} as PNG (default) or JPEG (RGBA8 data for JPEG). */
export function encode(image: PngInputImage, options?: ImageEncodeOptions): Uint8Array;
