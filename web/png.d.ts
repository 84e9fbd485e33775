// SPDX-License-Identifier: MIT
// Types of wasmforge/png (web/png.js): PNG and APNG decoding, PNG encoding.
import type { CoreLoader } from './loader.js';
import type { BytesLike } from './deflate.js';

export type { Backend, InitOptions } from './loader.js';
export type { BytesLike } from './deflate.js';
export { WasmforgeError } from './errors.js';

/** Loads the core (see CoreLoader.init); backends 'wasm-simd', 'wasm', 'wasm2js'. */
export const init: CoreLoader['init'];
/** The compiled module for a Worker host to post to its Workers (see CoreLoader.compileModule). */
export const compileModule: CoreLoader['compileModule'];
export const backend: CoreLoader['backend'];
export const memorySize: CoreLoader['memorySize'];

/** The default maxPixels of decode(): 100,000,000 pixels. */
export const DEFAULT_MAX_PIXELS: number;

export interface PngDecodeOptions {
  /** Largest width*height accepted; default 100,000,000. Past it: PNG_TOO_LARGE. */
  maxPixels?: number;
  /** 8 (default): RGBA8 in a Uint8ClampedArray; 16: RGBA16 in a Uint16Array (8-bit images widened as v*257). */
  depth?: 8 | 16;
  /** Verify chunk CRCs (default true; the zlib Adler-32 is always checked). */
  checkCRC?: boolean;
}

export interface PngTextChunk {
  kind: 'tEXt' | 'zTXt' | 'iTXt';
  keyword: string;
  text: string;
  /** iTXt only */
  language?: string;
  /** iTXt only */
  translatedKeyword?: string;
}

/** Header fields and ancillary chunks: reported, never applied to the pixels. */
export interface PngMeta {
  /** The file's bit depth (1, 2, 4, 8 or 16). */
  bitDepth: number;
  /** The file's colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA). */
  colorType: number;
  /** Adam7 interlaced. */
  interlaced: boolean;
  /** gAMA: the image gamma (e.g. 0.45455). */
  gamma?: number;
  /** cHRM: chromaticities of the white point and primaries. */
  chromaticities?: { whiteX: number; whiteY: number; redX: number; redY: number; greenX: number; greenY: number;
    blueX: number; blueY: number };
  /** sRGB: the rendering intent (0-3). */
  srgbIntent?: number;
  /** pHYs: pixel density; `unit` 'metre' or 'unknown' (an aspect ratio only). */
  physical?: { pixelsPerUnitX: number; pixelsPerUnitY: number; unit: 'metre' | 'unknown' };
  /** iCCP: the profile's name and its (decompressed) bytes. */
  iccProfile?: { name: string; data: Uint8Array };
  /** tEXt, zTXt and iTXt chunks in file order. */
  text: PngTextChunk[];
}

export interface PngImage<D extends Uint8ClampedArray | Uint16Array = Uint8ClampedArray | Uint16Array> {
  width: number;
  height: number;
  /** RGBA, rows top to bottom, width*height*4 samples; never a view of Wasm memory. */
  data: D;
  depth: 8 | 16;
  channels: 4;
  meta: PngMeta;
}

/**
 * Decodes a PNG (the default image of an APNG): every colour type and bit
 * depth, PLTE/tRNS, Adam7; CRCs and Adler-32 checked. Throws PNG_* and
 * DEFLATE_... and ZLIB_... codes with the input byte `offset`.
 */
export function decode(bytes: BytesLike, options?: PngDecodeOptions & { depth?: 8 }): PngImage<Uint8ClampedArray>;
export function decode(bytes: BytesLike, options: PngDecodeOptions & { depth: 16 }): PngImage<Uint16Array>;
export function decode(bytes: BytesLike, options?: PngDecodeOptions): PngImage;

export interface ApngFrame<D extends Uint8ClampedArray | Uint16Array = Uint8ClampedArray | Uint16Array> {
  /** The whole canvas after this frame (dispose and blend ops applied), RGBA. */
  data: D;
  /** How long the frame shows, in milliseconds. */
  delay: number;
  /** The frame's own region on the canvas. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** APNG dispose_op: 0 none, 1 background, 2 previous. */
  dispose: number;
  /** APNG blend_op: 0 source, 1 over. */
  blend: number;
  /** This frame is also the file's default image. */
  isDefaultImage: boolean;
}

export interface ApngAnimation<D extends Uint8ClampedArray | Uint16Array = Uint8ClampedArray | Uint16Array> {
  width: number;
  height: number;
  depth: 8 | 16;
  /** How often to play; 0 loops forever. */
  numPlays: number;
  /** Empty for a still image or a broken animation (decode() reads its default image). */
  frames: ApngFrame<D>[];
}

/**
 * Decodes every frame of an APNG, each composited onto the full canvas.
 * Options as decode(), except that maxPixels bounds all frames together.
 */
export function decodeFrames(bytes: BytesLike, options?: PngDecodeOptions & { depth?: 8 }): ApngAnimation<Uint8ClampedArray>;
export function decodeFrames(bytes: BytesLike, options: PngDecodeOptions & { depth: 16 }): ApngAnimation<Uint16Array>;
export function decodeFrames(bytes: BytesLike, options?: PngDecodeOptions): ApngAnimation;

export interface PngEncodeOptions {
  /** 0 (fastest) to 9 (smallest); default 6; 8-9 try every filter per row. */
  effort?: number;
  /** Adam7 interlacing; default false. */
  interlace?: boolean;
}

/** Pixels to encode: rows top to bottom. */
export interface PngInputImage {
  width: number;
  height: number;
  /**
   * 8-bit samples with 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA) per pixel,
   * the count following from data.length; or a Uint16Array of RGBA16.
   */
  data: Uint8Array | Uint8ClampedArray | Uint16Array;
}

/**
 * Encodes pixels as PNG, reduced losslessly to the smallest colour type
 * (grey, palette, no alpha, 8 bits). Throws INVALID_ARGUMENT for bad sizes.
 */
export function encode(image: PngInputImage, options?: PngEncodeOptions): Uint8Array;
