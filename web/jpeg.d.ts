// SPDX-License-Identifier: MIT
// Types of wasmforge/jpeg (web/jpeg.js): JPEG decoding and encoding.
import type { CoreLoader } from './loader.js';
import type { BytesLike } from './deflate.js';

export type { Backend, InitOptions } from './loader.js';
export type { BytesLike } from './deflate.js';
export { WasmforgeError } from './errors.js';

/** Loads the one module of decoder and encoder (see CoreLoader.init); backends 'wasm-simd', 'wasm', 'wasm2js'. */
export const init: CoreLoader['init'];
/** The compiled module for a Worker host to post to its Workers (see CoreLoader.compileModule). */
export const compileModule: CoreLoader['compileModule'];
export const backend: CoreLoader['backend'];
export const memorySize: CoreLoader['memorySize'];
/** The default maxPixels of decode(): 100,000,000 pixels. */
export const DEFAULT_MAX_PIXELS: number;

export type JpegSubsampling = '4:4:4' | '4:2:2' | '4:2:0' | '4:4:0' | '4:1:1' | 'other';
export type JpegColorSpace = 'unknown' | 'grey' | 'ycbcr' | 'rgb' | 'cmyk' | 'ycck';

/** What the file says about itself: reported, never applied to the pixels. */
export interface JpegMeta {
  /** EXIF orientation 1-8 (0 when absent). */
  orientation: number;
  /** The ICC profile's bytes (from APP2 chunks), or null. */
  icc: Uint8Array | null;
  /** JFIF density, or null without a JFIF header. */
  density: { unit: 'none' | 'dpi' | 'dpcm'; x: number; y: number } | null;
  progressive: boolean;
  arithmetic: boolean;
  subsampling: JpegSubsampling | null;
  /** [horizontal, vertical] sampling factors per component. */
  samplingFactors: number[][];
  colorSpace: JpegColorSpace;
  components: number;
  /** Bits per sample (8; 12-bit files are rejected with JPEG_UNSUPPORTED_PRECISION). */
  precision: number;
  /** Adobe APP14 transform flag, or null without one. */
  adobeTransform: number | null;
  /** The file was cut off; the missing part decodes grey. (Known after decode() only.) */
  truncated: boolean;
  /** Damage the decoder recovered from. (Known after decode() only.) */
  warnings: number;
}

export interface JpegDecodeOptions {
  /** Largest width*height accepted, checked before pixel memory is allocated; default 100,000,000. Past it: JPEG_TOO_MANY_PIXELS. */
  maxPixels?: number;
  /**
   * An array of at least width*height*4 bytes to decode into (BUFFER_TOO_SMALL
   * otherwise); `data` is then a view of it. Reusing one saves faulting in
   * fresh memory for every image. Must not be a view of Wasm memory.
   */
  output?: Uint8ClampedArray | Uint8Array;
}

export interface JpegImage {
  width: number;
  height: number;
  /** RGBA8, rows top to bottom, alpha 255. */
  data: Uint8ClampedArray;
  channels: 4;
  meta: JpegMeta;
}

/**
 * Decodes a JPEG to RGBA8: baseline, extended, progressive and arithmetic-coded,
 * any sampling factors, grey/YCbCr/RGB/CMYK/YCCK; pixels equal libjpeg-turbo's
 * djpeg. Throws JPEG_* codes with the input byte `offset`.
 */
export function decode(bytes: BytesLike, options?: JpegDecodeOptions): JpegImage;

/** Reads size and metadata without decoding the pixels. */
export function readHeader(bytes: BytesLike): { width: number; height: number; meta: JpegMeta };

export interface JpegEncodeOptions {
  /** 1-100 on the IJG scale; default 75. */
  quality?: number;
  /** Chroma subsampling; default '4:2:0'; 'grey' writes one component. */
  subsampling?: '4:4:4' | '4:2:2' | '4:2:0' | 'grey';
  /** Progressive scans (libjpeg's default script, always optimised tables); default false. */
  progressive?: boolean;
  /** Huffman tables computed for the image; default true. */
  optimize?: boolean;
  /** MCUs between restart markers, 0-65535; default 0 (none). */
  restartInterval?: number;
}

/** Pixels to encode: RGBA8 (alpha ignored), rows top to bottom, width and height 1-65535. */
export interface JpegInputImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** Encodes RGBA pixels as JPEG/JFIF: the same bytes as cjpeg -quality Q [-sample] [-optimize] [-progressive]. */
export function encode(image: JpegInputImage, options?: JpegEncodeOptions): Uint8Array;
