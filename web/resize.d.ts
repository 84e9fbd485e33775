// SPDX-License-Identifier: MIT
// wasmforge/resize: image resizing (box, triangle, Catmull-Rom, Mitchell,
// Lanczos3, Magic Kernel Sharp 2021; linear light, premultiplied alpha) and
// lossless rotate/flip/EXIF orientation of RGBA8 and RGBA16 images.

/** The stable `code` of the errors this module throws. */
export type ResizeErrorCode =
  | 'INVALID_ARGUMENT'        // wrong type or value of an argument or option
  | 'RESIZE_BAD_DIMENSIONS'   // a width or height is 0
  | 'RESIZE_BAD_CROP'         // crop empty or not inside the image
  | 'RESIZE_TOO_LARGE'        // crop or result above maxPixels
  | 'RESIZE_BAD_FILTER'       // unknown filter name
  | 'RESIZE_BAD_ORIENTATION'  // orient() with an orientation other than 1-8
  | 'BUFFER_TOO_SMALL'        // options.output shorter than the result
  | 'OUT_OF_MEMORY'           // the Wasm heap could not grow
  | 'NOT_INITIALIZED'         // a call before init() resolved
  | 'BACKEND_UNAVAILABLE'     // init() could not load the requested backend
  | 'INTERNAL_ERROR';         // the module trapped (a bug); it was reset

import type { CoreLoader } from './loader.js';

export type { Backend, InitOptions } from './loader.js';
export { WasmforgeError } from './errors.js';

/** RGBA rows top to bottom, colour sRGB-encoded, alpha straight (not premultiplied). */
export interface Image {
  width: number;
  height: number;
  /** RGBA8 (Uint8ClampedArray or Uint8Array) or RGBA16 (Uint16Array), at least width*height*4 samples. */
  data: Uint8ClampedArray | Uint8Array | Uint16Array;
}

/** What resize()/rotate()/flip()/orient() return: the same depth as the input; RGBA8 as Uint8ClampedArray. */
export interface ResultImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint16Array;
}

export type Filter = 'box' | 'triangle' | 'catmull-rom' | 'mitchell' | 'lanczos3' | 'mks2021';
export type Fit = 'fill' | 'contain' | 'cover' | 'inside';

export interface SizeOptions {
  /** Result width in pixels. With only one of width/height, the other follows the aspect ratio. */
  width?: number;
  /** Result height in pixels. */
  height?: number;
  /**
   * With both width and height (default 'fill'): 'fill' stretches to width x height;
   * 'inside' keeps the aspect ratio and gives the largest size that fits in the box;
   * 'cover' gives width x height, cropping the centre of the source to its aspect ratio;
   * 'contain' gives width x height, the 'inside' image centred on `background`.
   */
  fit?: Fit;
}

export interface OutputOption<T> {
  /**
   * A caller-owned array that receives the pixels (not a view of Wasm memory);
   * the result's data is then a view of its first width*height*4 entries.
   * BUFFER_TOO_SMALL when it is shorter. Uint8ClampedArray/Uint8Array for RGBA8, Uint16Array for RGBA16.
   */
  output?: T;
}

export interface ResizeOptions extends SizeOptions, OutputOption<Uint8ClampedArray | Uint8Array | Uint16Array> {
  /** The resampling filter. Default 'lanczos3'. */
  filter?: Filter;
  /** Filter in linear light (true, default) or on the sRGB-encoded values (false: faster, darkens detail). */
  linear?: boolean;
  /** The source rectangle, in pixels; pixels outside it are never read. Default: the whole image. */
  crop?: { x: number; y: number; width: number; height: number };
  /** The largest crop and result (width*height) accepted; default 100,000,000 (RESIZE_TOO_LARGE beyond). */
  maxPixels?: number;
  /** The letterbox colour of fit 'contain', [r, g, b, a] in the image's depth. Default [0, 0, 0, 0]. */
  background?: [number, number, number, number];
}

/** Loads the core (once); resolves to the backend in use (see CoreLoader.init). */
export const init: CoreLoader['init'];
/** The compiled module for a Worker host to post to its Workers (see CoreLoader.compileModule). */
export const compileModule: CoreLoader['compileModule'];
/** The active backend, or null before init(). */
export const backend: CoreLoader['backend'];
/** The size of the module's Wasm memory in bytes (a diagnostic). */
export const memorySize: CoreLoader['memorySize'];

/** 100,000,000: the default maxPixels. */
export const DEFAULT_MAX_PIXELS: number;
export const FILTERS: readonly Filter[];
export const FITS: readonly Fit[];

/** Resizes an image; premultiplied alpha always, linear light by default. */
export function resize(image: Image, options: ResizeOptions): ResultImage;
/** The size resize() gives a srcWidth x srcHeight source for these options. */
export function targetSize(srcWidth: number, srcHeight: number, options: SizeOptions): { width: number; height: number };
/** Rotates clockwise by a multiple of 90 degrees (negative: counter-clockwise), losslessly. */
export function rotate(image: Image, degrees: number, options?: OutputOption<Uint8ClampedArray | Uint8Array | Uint16Array>): ResultImage;
/** Mirrors left-right ('horizontal') or top-bottom ('vertical'), losslessly. */
export function flip(image: Image, direction: 'horizontal' | 'vertical', options?: OutputOption<Uint8ClampedArray | Uint8Array | Uint16Array>): ResultImage;
/**
 * Applies an EXIF orientation (1-8): the transform that shows an image stored
 * with that orientation upright. 1 none, 2 flip horizontally, 3 rotate 180,
 * 4 flip vertically, 5 transpose, 6 rotate 90 clockwise, 7 transverse,
 * 8 rotate 90 counter-clockwise; 5-8 swap width and height.
 */
export function orient(image: Image, orientation: number, options?: OutputOption<Uint8ClampedArray | Uint8Array | Uint16Array>): ResultImage;
