// SPDX-License-Identifier: MIT
// Types of wasmforge/image (web/image.js): one entry point for PNG, JPEG and WebP,
// the whole pipeline in one call (process), and a pool of Workers for it.
import type { Backend, InitOptions } from './loader.js';
import type { BytesLike } from './deflate.js';
import type { PngDecodeOptions, PngEncodeOptions, PngImage, PngInputImage } from './png.js';
import type { JpegDecodeOptions, JpegEncodeOptions, JpegImage } from './jpeg.js';
import type { Image, ResultImage, ResizeOptions } from './resize.js';
import type { DecodeOptions as WebpDecodeOptions, WebpEncodeOptions, WebpImage } from './webp.js';

export type { Backend, InitOptions } from './loader.js';
export type { BytesLike } from './deflate.js';
export { WasmforgeError } from './errors.js';
export { resize, rotate, flip } from './resize.js';
export type { Image, ResultImage, ResizeOptions } from './resize.js';

/** The MIME types wasmforge/image reads and writes. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface ImageInitOptions extends InitOptions {
  /** Options for the PNG core alone (e.g. its own `module`); they win over the shared ones. */
  png?: InitOptions;
  /** Options for the JPEG core alone. */
  jpeg?: InitOptions;
  /** Options for the WebP core alone. */
  webp?: InitOptions;
  /** Options for the resize core alone. */
  resize?: InitOptions;
}

/** Loads the PNG, JPEG, WebP and resize cores; resolves to their backends. */
export function init(options?: ImageInitOptions): Promise<{ png: Backend; jpeg: Backend; webp: Backend; resize: Backend }>;
/** The active backends (null before init()). */
export function backend(): { png: Backend | null; jpeg: Backend | null; webp: Backend | null; resize: Backend | null };

/** The MIME types decode() reads (the same as ImageType). */
export type DecodableImageType = ImageType | 'image/webp';

/** The MIME type of encoded bytes from their signature ('image/png', 'image/jpeg', 'image/webp'), or null. */
export function sniff(bytes: BytesLike): DecodableImageType | null;

/** A decoded image: what wasmforge/png, /jpeg or /webp return, plus the `type` found. */
export type DecodedImage =
  | (PngImage & { type: 'image/png' })
  | (JpegImage & { type: 'image/jpeg' })
  | (WebpImage & { type: 'image/webp' });

/**
 * Decodes a PNG, JPEG or WebP file (sniffed). Options go to that codec:
 * maxPixels for all, depth and checkCRC for PNG, output for JPEG and WebP,
 * fancyUpsampling for WebP. Throws IMAGE_UNKNOWN_FORMAT for other bytes.
 */
export function decode(bytes: BytesLike, options?: PngDecodeOptions & JpegDecodeOptions & WebpDecodeOptions): DecodedImage;

export type ImageEncodeOptions =
  | ({ type?: 'image/png' } & PngEncodeOptions)
  | ({ type: 'image/jpeg' } & JpegEncodeOptions)
  | ({ type: 'image/webp' } & WebpEncodeOptions);

/** Encodes {width, height, data} as PNG (default), JPEG or WebP (RGBA8 data for JPEG and WebP). */
export function encode(image: PngInputImage, options?: ImageEncodeOptions): Uint8Array;

/** The stable `code` of the errors process() and the pool reject with (besides each core's own). */
export type ImageErrorCode =
  | 'INVALID_ARGUMENT'      // wrong type or value of an input or option
  | 'IMAGE_UNKNOWN_FORMAT'  // the bytes are neither PNG nor JPEG
  | 'PNG_TOO_LARGE'         // a PNG above maxPixels
  | 'JPEG_TOO_MANY_PIXELS'  // a JPEG above maxPixels
  | 'RESIZE_BAD_DIMENSIONS' // a resize width or height of 0
  | 'RESIZE_TOO_LARGE'      // a resize result above maxPixels
  | 'RESIZE_BAD_FILTER'     // an unknown filter name
  | 'RESIZE_BAD_CROP'       // a crop outside the image
  | 'ABORTED'               // the job's AbortSignal fired (pool)
  | 'QUEUE_FULL'            // more than maxQueue jobs waiting (pool)
  | 'TERMINATED'            // pool.terminate() was called (pool)
  | 'WORKER_CRASHED'        // the job's Worker died; it was replaced (pool)
  | 'INTERNAL_ERROR';       // a core trapped (a bug); it was reset

/** What process() reads: encoded PNG/JPEG bytes (Uint8Array, ArrayBuffer, Blob/File, Response) or RGBA pixels. */
export type ProcessInput = BytesLike | ArrayBuffer | Blob | Response | ImageData | Image;

export interface ProcessResizeOptions extends Omit<ResizeOptions, 'output' | 'maxPixels'> {
  /** false: an image that already fits the target is left at its size (default true: resize() as asked). */
  enlarge?: boolean;
}

export type ProcessOutputOptions =
  | ({ type?: 'image/jpeg' } & Omit<JpegEncodeOptions, 'output'>)
  | ({ type: 'image/png' } & Omit<PngEncodeOptions, 'output'>)
  | ({ type: 'image/webp' } & Omit<WebpEncodeOptions, 'output' | 'meta'>);

export interface ProcessOptions {
  /** Apply the EXIF orientation (JPEG APP1, PNG eXIf) to the pixels, losslessly. Default true. */
  autoOrient?: boolean;
  /** Resize (in the upright frame); no resize when absent. */
  resize?: ProcessResizeOptions;
  /** The output format and its encoder's options; type defaults to the input's (PNG for pixels). */
  output?: ProcessOutputOptions;
  /**
   * Carry the EXIF (orientation set to 1 once applied) and ICC profile into the output
   * (JPEG APP1/APP2, PNG eXIf/iCCP). Default false: both are dropped (no GPS position left).
   */
  keepMetadata?: boolean;
  /** The decoders' pixel limit (default 100,000,000). */
  maxPixels?: number;
  /** A buffer cache to take intermediate and result buffers from (createBufferCache()). */
  reuse?: BufferCache;
}

export interface ProcessStats {
  inputType: ImageType | 'pixels';
  inputBytes: number;
  inputWidth: number;
  inputHeight: number;
  /** The EXIF orientation found (1-8; 1 when none). */
  orientation: number;
  decodeMs: number;
  orientMs: number;
  resizeMs: number;
  encodeMs: number;
  totalMs: number;
  outputBytes: number;
  /** true when the result was written into a buffer handed back through `reuse` / pool.release(). */
  outputRecycled: boolean;
}

export interface ProcessResult {
  /** The encoded file: a fresh array (or a view of a handed-back buffer), never Wasm memory. */
  data: Uint8Array;
  width: number;
  height: number;
  type: ImageType;
  stats: ProcessStats;
}

/** Decodes, orients, resizes and encodes in one call. Loads the cores it needs if init() was not awaited. */
export function process(input: ProcessInput, options?: ProcessOptions): Promise<ProcessResult>;

/**
 * Applies an EXIF orientation (1-8; default image.meta.orientation, else 1) losslessly;
 * returns the input itself for 1. RESIZE_BAD_ORIENTATION / INVALID_ARGUMENT otherwise.
 */
export function autoOrient(image: Image & { meta?: { orientation?: number } }, orientation?: number,
  options?: { output?: Uint8ClampedArray | Uint8Array | Uint16Array }): ResultImage;

/** Buffers that process({reuse}) takes its intermediate pixels and results from. */
export interface BufferCache {
  /** Gives back a result (or a typed array / ArrayBuffer) the caller is done with. */
  release(value: ProcessResult | ArrayBufferView | ArrayBuffer): void;
  /** Buffers the cache had to allocate. */
  readonly fresh: number;
  /** Takes served from kept buffers. */
  readonly reused: number;
  /** Results that fit no kept buffer. */
  readonly outputsFresh: number;
  /** Results written into a kept buffer. */
  readonly outputsRecycled: number;
  readonly size: { buffers: number; bytes: number };
}
export function createBufferCache(options?: { maxBuffers?: number }): BufferCache;

export interface ImagePoolOptions {
  /** Workers at most (default: hardwareConcurrency / availableParallelism, capped at 4). */
  size?: number;
  /** Jobs waiting for a Worker at most (default unlimited); QUEUE_FULL beyond. */
  maxQueue?: number;
  /** ms before an idle Worker is ended (default 10000; 0 keeps them). */
  idleTimeout?: number;
  /** Every Worker's backend (default: the fastest that works there). */
  backend?: Backend | 'auto';
  /** The options of each Worker's init(), e.g. compiled modules: {png: {module}, jpeg: {module}, resize: {module}}. */
  init?: ImageInitOptions;
  /** Move input buffers to the Workers (default true: the caller's arrays are detached) rather than copy them. */
  transfer?: boolean;
}

export interface JobOptions {
  /** Cancels the job: a queued one is dropped, a running one ends its Worker (a fresh one replaces it). ABORTED. */
  signal?: AbortSignal;
}

export interface ImagePool {
  /** process() in a Worker; results settle in the order of the calls. */
  process(input: ProcessInput, options?: Omit<ProcessOptions, 'reuse'> & JobOptions): Promise<ProcessResult>;
  decode(bytes: BytesLike | ArrayBuffer | Blob | Response, options?: PngDecodeOptions & JpegDecodeOptions & JobOptions): Promise<DecodedImage>;
  encode(image: PngInputImage, options?: ImageEncodeOptions & JobOptions): Promise<Uint8Array>;
  resize(image: Image, options: Omit<ResizeOptions, 'output'> & JobOptions): Promise<ResultImage>;
  /** Hands a result's buffers back for later jobs (the result must not be used afterwards). */
  release(result: ProcessResult | ResultImage | DecodedImage | Uint8Array): void;
  /** Resolves once a Worker has loaded its cores, to its backends. */
  ready(): Promise<{ backends: { png: Backend; jpeg: Backend; resize: Backend } }>;
  /** Counters: submitted, completed, failed, aborted, crashed, started, released, recycled; workers, queued, running, spare. */
  stats(): Record<string, number>;
  /** One Worker's memory: its buffer cache, Wasm memory bytes and JS heap bytes (gc first where it can). */
  workerStats(gc?: boolean): Promise<{ cache: Record<string, number>; wasmMemory: number; heapUsed: number | null }>;
  /** Ends the Workers; pending jobs reject with TERMINATED, later calls too. */
  terminate(): void;
  readonly size: number;
}

/** A pool of module Workers (browsers) or worker_threads (Node), each with the cores loaded once. */
export function createImagePool(options?: ImagePoolOptions): ImagePool;
