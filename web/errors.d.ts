// SPDX-License-Identifier: MIT
// Types of wasmforge/errors (web/errors.js).

/** Codes every core can throw (core/common/status.def and the JS layer). */
export type CommonErrorCode =
  | 'INVALID_ARGUMENT' // a bad argument: not a byte array, an option out of range, ...
  | 'OUT_OF_MEMORY' // the Wasm heap cannot grow
  | 'OUTPUT_LIMIT' // the output would exceed a limit (maxOutputLength, an image too large to encode)
  | 'BUFFER_TOO_SMALL' // a caller's output array is too small (jpeg decode's `output`)
  | 'NOT_INITIALIZED' // a call before `await init()`
  | 'BACKEND_UNAVAILABLE' // a forced backend (or a given module) cannot load here
  | 'INTERNAL_ERROR' // the module trapped (a bug); it was replaced by a fresh instance
  | 'TIMEOUT' // chess Engine.waitFor() with a timeout that ran out
  | 'ABORTED' // an AbortSignal aborted the job (worker pools, chess analyse)
  | 'TERMINATED' // a pool or engine was used, or a job was pending, when terminate() was called
  | 'QUEUE_FULL' // a worker pool already has maxQueue jobs waiting
  | 'WORKER_CRASHED'; // a worker died or could not start; its job was lost, the worker is replaced

/** Malformed DEFLATE, zlib or gzip data (core/deflate/status.def). */
export type DeflateErrorCode =
  | 'DEFLATE_BAD_BLOCK_TYPE' | 'DEFLATE_STORED_LENGTH' | 'DEFLATE_HUFFMAN_OVERSUBSCRIBED'
  | 'DEFLATE_HUFFMAN_INCOMPLETE' | 'DEFLATE_BAD_REPEAT' | 'DEFLATE_BAD_LITLEN_SYMBOL'
  | 'DEFLATE_BAD_DISTANCE_SYMBOL' | 'DEFLATE_DISTANCE_TOO_FAR' | 'DEFLATE_TRUNCATED'
  | 'DEFLATE_TRAILING_DATA' | 'DEFLATE_TOO_MANY_CODES' | 'DEFLATE_NO_END_OF_BLOCK'
  | 'ZLIB_BAD_HEADER' | 'ZLIB_PRESET_DICTIONARY' | 'ZLIB_ADLER32_MISMATCH'
  | 'GZIP_BAD_HEADER' | 'GZIP_HEADER_CRC_MISMATCH' | 'GZIP_CRC32_MISMATCH' | 'GZIP_ISIZE_MISMATCH';

/** PNG decoding and encoding (core/png/status.def); PNG decoding also throws DeflateErrorCode. */
export type PngErrorCode =
  | 'PNG_BAD_SIGNATURE' | 'PNG_TRUNCATED' | 'PNG_CRC_MISMATCH' | 'PNG_BAD_CHUNK_TYPE'
  | 'PNG_CHUNK_TOO_LONG' | 'PNG_MISSING_IHDR' | 'PNG_DUPLICATE_IHDR' | 'PNG_BAD_IHDR'
  | 'PNG_BAD_DIMENSIONS' | 'PNG_BAD_BIT_DEPTH' | 'PNG_BAD_COLOR_TYPE' | 'PNG_BAD_COMPRESSION_METHOD'
  | 'PNG_BAD_FILTER_METHOD' | 'PNG_BAD_INTERLACE_METHOD' | 'PNG_MISSING_PLTE' | 'PNG_DUPLICATE_PLTE'
  | 'PNG_MISPLACED_PLTE' | 'PNG_BAD_PLTE' | 'PNG_MISSING_IDAT' | 'PNG_NONCONSECUTIVE_IDAT'
  | 'PNG_MISSING_IEND' | 'PNG_BAD_IEND' | 'PNG_UNKNOWN_CRITICAL_CHUNK' | 'PNG_BAD_FILTER_TYPE'
  | 'PNG_TOO_MUCH_DATA' | 'PNG_NOT_ENOUGH_DATA' | 'PNG_TOO_LARGE';

/** JPEG decoding (core/jpeg/status.def) and encoding (core/jpeg/status_encode.def). */
export type JpegErrorCode =
  | 'JPEG_NOT_JPEG' | 'JPEG_TRUNCATED_HEADER' | 'JPEG_BAD_MARKER' | 'JPEG_BAD_SOF'
  | 'JPEG_BAD_DIMENSIONS' | 'JPEG_BAD_SAMPLING' | 'JPEG_BAD_COMPONENTS' | 'JPEG_BAD_HUFFMAN_TABLE'
  | 'JPEG_BAD_QUANT_TABLE' | 'JPEG_MISSING_QUANT_TABLE' | 'JPEG_MISSING_HUFFMAN_TABLE' | 'JPEG_BAD_SOS'
  | 'JPEG_BAD_SCAN_PARAMS' | 'JPEG_BAD_SCAN_ORDER' | 'JPEG_SOS_BEFORE_SOF' | 'JPEG_DUPLICATE_SOF'
  | 'JPEG_UNSUPPORTED_PRECISION' | 'JPEG_UNSUPPORTED_PROCESS' | 'JPEG_UNSUPPORTED_COLORSPACE'
  | 'JPEG_BAD_DAC' | 'JPEG_BAD_DRI' | 'JPEG_NO_IMAGE' | 'JPEG_TOO_MANY_PIXELS' | 'JPEG_DNL_UNSUPPORTED'
  | 'JPEG_TOO_MANY_SCANS'
  | 'JPEG_ENCODE_BAD_DIMENSIONS' | 'JPEG_ENCODE_BAD_FLAGS' | 'JPEG_ENCODE_BAD_FORMAT'
  | 'JPEG_ENCODE_BAD_QUALITY' | 'JPEG_ENCODE_BAD_RESTART' | 'JPEG_ENCODE_BAD_STRIDE'
  | 'JPEG_ENCODE_BAD_SUBSAMPLING' | 'JPEG_ENCODE_TOO_LARGE';

/** WebP decoding and encoding (core/webp/status.def). */
export type WebpErrorCode =
  | 'WEBP_NOT_WEBP' | 'WEBP_TRUNCATED' | 'WEBP_BAD_RIFF_SIZE' | 'WEBP_BAD_CHUNK' | 'WEBP_NO_IMAGE'
  | 'WEBP_BAD_VP8X' | 'WEBP_TOO_MANY_PIXELS' | 'WEBP_SIZE_MISMATCH' | 'WEBP_BAD_FRAME' | 'WEBP_BAD_FRAME_INDEX'
  | 'WEBP_VP8L_BAD_HEADER' | 'WEBP_VP8L_BAD_TRANSFORM' | 'WEBP_VP8L_BAD_CODE' | 'WEBP_VP8L_BAD_COLOR_CACHE'
  | 'WEBP_VP8L_BAD_DISTANCE' | 'WEBP_VP8L_TRUNCATED' | 'WEBP_VP8_BAD_HEADER' | 'WEBP_VP8_BAD_PARTITIONS'
  | 'WEBP_VP8_TRUNCATED' | 'WEBP_ALPH_BAD_HEADER' | 'WEBP_ALPH_TRUNCATED'
  | 'WEBP_UNSUPPORTED' | 'WEBP_ENCODE_BAD_DIMENSIONS' | 'WEBP_ENCODE_BAD_STRIDE' | 'WEBP_ENCODE_BAD_QUALITY'
  | 'WEBP_ENCODE_BAD_EFFORT' | 'WEBP_ENCODE_BAD_FLAGS' | 'WEBP_ENCODE_BAD_META';

/** Resizing, cropping and orienting (core/resize/status.def). */
export type ResizeErrorCode =
  | 'RESIZE_BAD_DIMENSIONS' | 'RESIZE_BAD_CROP' | 'RESIZE_TOO_LARGE' | 'RESIZE_BAD_FILTER'
  | 'RESIZE_BAD_ORIENTATION';

/** wasmforge/image: bytes that are none of the formats it reads. */
export type ImageErrorCode = 'IMAGE_UNKNOWN_FORMAT';

/** The chess core (core/chess/status.def). */
export type ChessErrorCode =
  | 'CHESS_BAD_FEN' | 'CHESS_ILLEGAL_MOVE' | 'CHESS_UNKNOWN_COMMAND' | 'CHESS_BAD_ARGUMENT' | 'CHESS_BUSY'
  | 'CHESS_UNKNOWN_OPTION'; // Engine.setOption() with an option the engine does not declare

/** Every stable `code` a WasmforgeError can carry. */
export type WasmforgeErrorCode =
  | CommonErrorCode | DeflateErrorCode | PngErrorCode | JpegErrorCode | WebpErrorCode | ResizeErrorCode
  | ImageErrorCode | ChessErrorCode;

/**
 * The one error class every wasmforge API throws. `code` is stable (switch on
 * it, not on the message); `message` says what was wrong and, for decoders, at
 * which input byte (also in `offset`). The module stays usable afterwards.
 */
export interface WasmforgeError extends Error {
  readonly name: 'WasmforgeError';
  /** A stable UPPER_SNAKE code, e.g. 'PNG_CRC_MISMATCH'. */
  readonly code: WasmforgeErrorCode;
  /** For decoding errors: the input byte offset where the problem was found. */
  readonly offset?: number;
  /** For INTERNAL_ERROR: what the module threw. */
  cause?: unknown;
}

export interface WasmforgeErrorConstructor {
  new (code: WasmforgeErrorCode, message: string, offset?: number): WasmforgeError;
  (code: WasmforgeErrorCode, message: string, offset?: number): WasmforgeError;
  readonly prototype: WasmforgeError;
}

/** `err instanceof WasmforgeError` narrows `err` and gives a typed `code`. */
export declare const WasmforgeError: WasmforgeErrorConstructor;
