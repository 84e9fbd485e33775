// SPDX-License-Identifier: MIT
// misuse.ts: every line below is a mistake the types must catch. Each
// expect-error comment must be used (tsc fails on an unused one), so the file
// compiles only if every misuse is an error (tests/js/types.test.js).
import * as deflate from 'wasmforge/deflate';
import * as png from 'wasmforge/png';
import * as jpeg from 'wasmforge/jpeg';
import * as image from 'wasmforge/image';
import * as webp from 'wasmforge/webp';
import * as chess from 'wasmforge/chess';
import { WasmforgeError } from 'wasmforge/errors';

async function misuse(): Promise<void> {
  // @ts-expect-error: not a backend
  await deflate.init({ backend: 'webgpu' });
  // @ts-expect-error: not a backend of the chess core
  await chess.init({ backend: 'webgpu' });
  // @ts-expect-error: url is a string or a URL
  await png.init({ url: 42 });
  // @ts-expect-error: a string is not bytes
  deflate.gzip('hello');
  // @ts-expect-error: level is a number
  deflate.deflate(new Uint8Array(1), { level: 'max' });
  // @ts-expect-error: not an option of inflate()
  deflate.inflate(new Uint8Array(1), { maxOutputSize: 10 });
  // @ts-expect-error: the result is synchronous, not a Promise
  await deflate.gunzip(new Uint8Array(1)).then(() => 0);
  // @ts-expect-error: lossless is a boolean
  webp.encode({ width: 1, height: 1, data: new Uint8Array(4) }, { lossless: 1 });
  // @ts-expect-error: WebP metadata has no GPS field
  webp.encode({ width: 1, height: 1, data: new Uint8Array(4) }, { meta: { gps: new Uint8Array(1) } });
  // @ts-expect-error: PNG depth is 8 or 16
  png.decode(new Uint8Array(1), { depth: 12 });
  // @ts-expect-error: a 16-bit decode gives a Uint16Array
  const narrow: Uint8ClampedArray = png.decode(new Uint8Array(1), { depth: 16 }).data;
  // @ts-expect-error: encode needs width and height
  png.encode({ data: new Uint8Array(4) });
  // @ts-expect-error: not a JPEG subsampling
  jpeg.encode({ width: 1, height: 1, data: new Uint8Array(4) }, { subsampling: '4:1:0' });
  // @ts-expect-error: JPEG encodes 8-bit samples only
  jpeg.encode({ width: 1, height: 1, data: new Uint16Array(4) });
  // @ts-expect-error: quality is a number
  jpeg.encode({ width: 1, height: 1, data: new Uint8Array(4) }, { quality: 'high' });
  // @ts-expect-error: wasmforge/image writes PNG and JPEG only
  image.encode({ width: 1, height: 1, data: new Uint8Array(4) }, { type: 'image/gif' });
  // @ts-expect-error: quality is a JPEG option, not a PNG one
  image.encode({ width: 1, height: 1, data: new Uint8Array(4) }, { type: 'image/png', quality: 80 });
  // @ts-expect-error: moves are an array of strings
  chess.legalMoves('startpos', 'e2e4');
  // @ts-expect-error: perft needs a depth
  chess.perft('startpos');
  const engine = await chess.createEngine();
  // @ts-expect-error: send() takes one UCI line
  engine.send({ cmd: 'go' });
  // @ts-expect-error: Engine is made by createEngine(), not new
  new chess.Engine();
  // @ts-expect-error: not a wasmforge error code
  new WasmforgeError('PNG_CRC_ERROR', 'typo in the code');
  const e = new WasmforgeError('INVALID_ARGUMENT', 'x');
  // @ts-expect-error: code is a union of string literals, and this is not one
  if (e.code === 'NOT_A_CODE') console.log(narrow);
}

export { misuse };
