// SPDX-License-Identifier: MIT
// wasmforge/webp: WebP decoding (lossy VP8, lossless VP8L, ALPH alpha, VP8X
// metadata, ANIM/ANMF animation) and encoding (lossless VP8L; lossy VP8 with ALPH). Pixels equal Debian's `dwebp -pam`
// (libwebp 1.2.4) byte for byte; animations are composited like libwebp's
// WebPAnimDecoder.

import type { CoreLoader } from './loader.js';

export type { Backend, InitOptions } from './loader.js';
export { WasmforgeError } from './errors.js';

/** Error codes this module throws (WasmforgeError.code). */
export type WebpErrorCode =
  | 'INVALID_ARGUMENT' | 'NOT_INITIALIZED' | 'BACKEND_UNAVAILABLE' | 'OUT_OF_MEMORY' | 'BUFFER_TOO_SMALL'
  | 'INTERNAL_ERROR'
  | 'WEBP_NOT_WEBP' | 'WEBP_TRUNCATED' | 'WEBP_BAD_RIFF_SIZE' | 'WEBP_BAD_CHUNK' | 'WEBP_NO_IMAGE'
  | 'WEBP_BAD_VP8X' | 'WEBP_TOO_MANY_PIXELS' | 'WEBP_SIZE_MISMATCH' | 'WEBP_BAD_FRAME' | 'WEBP_BAD_FRAME_INDEX'
  | 'WEBP_VP8L_BAD_HEADER' | 'WEBP_VP8L_BAD_TRANSFORM' | 'WEBP_VP8L_BAD_CODE' | 'WEBP_VP8L_BAD_COLOR_CACHE'
  | 'WEBP_VP8L_BAD_DISTANCE' | 'WEBP_VP8L_TRUNCATED' | 'WEBP_VP8_BAD_HEADER' | 'WEBP_VP8_BAD_PARTITIONS'
  | 'WEBP_VP8_TRUNCATED' | 'WEBP_ALPH_BAD_HEADER' | 'WEBP_ALPH_TRUNCATED'
  | 'WEBP_UNSUPPORTED' | 'WEBP_ENCODE_BAD_DIMENSIONS' | 'WEBP_ENCODE_BAD_STRIDE' | 'WEBP_ENCODE_BAD_QUALITY'
  | 'WEBP_ENCODE_BAD_EFFORT' | 'WEBP_ENCODE_BAD_FLAGS' | 'WEBP_ENCODE_BAD_META' | 'OUTPUT_LIMIT';

/** The pixel limit of decode() when none is given: 100,000,000. */
export declare const DEFAULT_MAX_PIXELS: number;

/**
 * Loads the core (once; later calls are synchronous).
 * backend: 'auto' (default: wasm-simd, else wasm, else wasm2js) or one of them;
 * url: where webp.wasm is; module: a compiled WebAssembly.Module.
 */
export declare const init: CoreLoader['init'];
/** The compiled module for a Worker host to post to its Workers (see CoreLoader.compileModule). */
export declare const compileModule: CoreLoader['compileModule'];
/** The active backend, or null before init(). */
export declare const backend: CoreLoader['backend'];
/** Bytes of Wasm memory the module holds (a diagnostic). */
export declare const memorySize: CoreLoader['memorySize'];

export interface WebpInfo {
  /** Canvas size in pixels (the image size of a still image). */
  width: number;
  height: number;
  /** The file says it has alpha (VP8X flag, ALPH chunk, or the VP8L alpha bit). */
  hasAlpha: boolean;
  /** 'mixed': an animation with both lossy and lossless frames. */
  format: 'lossy' | 'lossless' | 'mixed';
  animated: boolean;
  /** 1 for a still image. */
  frameCount: number;
  /** ANIM loop count; 0 means forever (and for still images). */
  loopCount: number;
  /** ANIM background colour [r, g, b, a] (reported, not used for compositing). */
  background: [number, number, number, number];
}

export interface WebpMeta {
  /** ICCP, EXIF and XMP chunk payloads, exposed and never applied. */
  icc: Uint8Array | null;
  exif: Uint8Array | null;
  xmp: Uint8Array | null;
}

/** Container and image headers, no pixels. */
export declare function readHeader(bytes: Uint8Array | ArrayBuffer): WebpInfo & { meta: WebpMeta };

export interface DecodeOptions {
  /** Caps width*height before pixel memory is allocated (default 100,000,000; WEBP_TOO_MANY_PIXELS). */
  maxPixels?: number;
  /** true (default): dwebp's "fancy" chroma upsampling; false: pixel repetition (`dwebp -nofancy`). */
  fancyUpsampling?: boolean;
}

/** What decode() returns: RGBA8 pixels, rows top to bottom. */
export interface WebpImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  channels: 4;
  meta: WebpInfo & WebpMeta;
}

/**
 * Decodes to RGBA8 (an animation: its first frame on the canvas).
 * output: your own array of at least width*height*4 bytes to decode into (BUFFER_TOO_SMALL
 * otherwise); data is then a view of it.
 */
export declare function decode(
  bytes: Uint8Array | ArrayBuffer,
  options?: DecodeOptions & { output?: Uint8ClampedArray | Uint8Array },
): WebpImage;

export interface WebpFrame {
  /** The whole canvas after this frame, RGBA8, width*height*4 bytes. */
  data: Uint8ClampedArray;
  /** Display time in milliseconds. */
  duration: number;
  /** The frame's rectangle on the canvas. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** 'background': the rectangle is cleared to transparent before the next frame. */
  dispose: 'none' | 'background';
  /** true: alpha-blended onto the canvas; false: it overwrites its rectangle. */
  blend: boolean;
}

/**
 * Every frame composited on the canvas (a still image gives one frame).
 * maxPixels caps frames * width * height as well as the canvas.
 */
export declare function decodeFrames(
  bytes: Uint8Array | ArrayBuffer,
  options?: DecodeOptions,
): { width: number; height: number; loopCount: number; background: [number, number, number, number]; meta: WebpInfo & WebpMeta; frames: WebpFrame[] };

/** The effort encode() uses when none is given: 5 (about cwebp -m 4). */
export declare const DEFAULT_EFFORT: number;

/** What encode() takes: RGBA8, non-premultiplied, rows top to bottom; width and height 1-16383. */
export interface WebpInputImage {
  width: number;
  height: number;
  /** width*height*4 bytes. */
  data: Uint8Array | Uint8ClampedArray;
}

export interface WebpEncodeOptions {
  /**
   * true (default): lossless VP8L; false (the default when `quality` is given): lossy VP8 (with
   * lossless-compressed ALPH when there is alpha).
   */
  lossless?: boolean;
  /** Lossy quality 0-100 (default 75); giving it makes `lossless` default to false. */
  quality?: number;
  /** 0 (fastest) to 9 (smallest), default 5 (about cwebp -m 4). */
  effort?: number;
  /** Keep the RGB of fully transparent pixels (default false: they may change; visible pixels never do). */
  exact?: boolean;
  /** Lossy alpha quality 0-100 (default 100: exact alpha; lower reduces the alpha levels). */
  alphaQuality?: number;
  /** ICC profile, EXIF (TIFF bytes) and XMP to store (the file becomes extended, VP8X). */
  meta?: { icc?: Uint8Array | ArrayBuffer | null; exif?: Uint8Array | ArrayBuffer | null; xmp?: Uint8Array | ArrayBuffer | null };
  /**
   * A caller-owned array (not a view of Wasm memory) that receives the file when it is large
   * enough: the result is then a view of its first bytes; else a new array is made.
   */
  output?: Uint8Array;
}

/**
 * Encodes RGBA pixels as a WebP file. Lossless output decodes to exactly the input
 * (with exact: true; else the visible pixels). Lossy output (lossless: false) is
 * a VP8 image at `quality` (as cwebp -q), with a lossless-compressed alpha chunk.
 */
export declare function encode(image: WebpInputImage, options?: WebpEncodeOptions): Uint8Array;
