// SPDX-License-Identifier: MIT
// usage.ts: calls every exported function of every entry point with every
// option, as an app would; must compile under `tsc --noEmit --strict`
// (tests/js/types.test.js). The root entry's namespaces are used for
// wasmforge/image and the errors, the subpath entries for the rest.
import * as root from 'wasmforge';
import * as deflate from 'wasmforge/deflate';
import * as png from 'wasmforge/png';
import * as jpeg from 'wasmforge/jpeg';
import * as image from 'wasmforge/image';
import * as chess from 'wasmforge/chess';
import * as errors from 'wasmforge/errors';
import type { Backend, WasmforgeErrorCode } from 'wasmforge';

declare const precompiled: WebAssembly.Module;
const bytes = new Uint8Array(16);

async function useDeflate(): Promise<void> {
  const b: Backend = await deflate.init();
  await deflate.init({ backend: 'auto' });
  await deflate.init({ backend: 'wasm-simd', url: '/assets/deflate.simd.wasm' });
  await deflate.init({ backend: 'wasm', url: new URL('https://example.com/deflate.wasm') });
  await deflate.init({ backend: 'wasm2js' });
  await deflate.init({ module: precompiled });
  const active: Backend | null = deflate.backend();
  const memory: number = deflate.memorySize();
  const packed: Uint8Array = deflate.deflate(bytes, { level: 9 });
  deflate.inflate(packed, { maxOutputLength: deflate.DEFAULT_MAX_OUTPUT_LENGTH });
  deflate.zlibDecompress(deflate.zlibCompress(bytes.buffer, { level: 0 }), { maxOutputLength: 1024 });
  deflate.gunzip(deflate.gzip(new DataView(bytes.buffer)), {});
  const crc: number = deflate.crc32(bytes, deflate.crc32(bytes));
  const adler: number = deflate.adler32(bytes, 1);
  console.log(b, active, memory, crc, adler);
}

async function usePng(): Promise<void> {
  await png.init({ backend: 'wasm-simd' });
  console.log(png.backend(), png.memorySize(), png.DEFAULT_MAX_PIXELS);
  const rgba8 = png.decode(bytes, { maxPixels: 1e6, checkCRC: false });
  const view: Uint8ClampedArray = rgba8.data;
  const rgba16 = png.decode(bytes, { depth: 16 });
  const wide: Uint16Array = rgba16.data;
  const { meta } = rgba8;
  const gamma: number | undefined = meta.gamma;
  const icc: Uint8Array | undefined = meta.iccProfile?.data;
  for (const t of meta.text) console.log(t.kind, t.keyword, t.text, t.language);
  console.log(view, wide, gamma, icc, meta.bitDepth, meta.colorType, meta.interlaced, meta.chromaticities?.whiteX,
    meta.srgbIntent, meta.physical?.unit);
  const animation = png.decodeFrames(bytes, { maxPixels: 1e7 });
  for (const f of animation.frames) console.log(f.delay, f.x, f.y, f.width, f.height, f.dispose, f.blend, f.isDefaultImage, f.data.length);
  console.log(animation.numPlays, png.decodeFrames(bytes, { depth: 16 }).frames[0]?.data);
  const file: Uint8Array = png.encode({ width: 2, height: 2, data: new Uint8ClampedArray(16) }, { effort: 9, interlace: true });
  png.encode({ width: 1, height: 1, data: new Uint16Array(4) });
  console.log(file);
}

async function useJpeg(): Promise<void> {
  await jpeg.init({ backend: 'wasm', module: precompiled });
  console.log(jpeg.backend(), jpeg.memorySize(), jpeg.DEFAULT_MAX_PIXELS);
  const header = jpeg.readHeader(bytes);
  const output = new Uint8ClampedArray(header.width * header.height * 4);
  const photo = jpeg.decode(bytes, { maxPixels: 5e7, output });
  const m = photo.meta;
  console.log(m.orientation, m.icc, m.density?.unit, m.progressive, m.arithmetic, m.subsampling, m.samplingFactors,
    m.colorSpace, m.components, m.precision, m.adobeTransform, m.truncated, m.warnings);
  jpeg.encode(photo, { quality: 85, subsampling: '4:4:4', progressive: true, optimize: false, restartInterval: 4 });
  jpeg.encode({ width: 1, height: 1, data: new Uint8Array(4) }, { subsampling: 'grey' });
}

async function useImage(): Promise<void> {
  const backends = await root.image.init({ backend: 'auto', png: { module: precompiled }, jpeg: { backend: 'wasm2js' } });
  const pngBackend: Backend = backends.png;
  const now: { png: Backend | null; jpeg: Backend | null } = image.backend();
  const type: 'image/png' | 'image/jpeg' | null = image.sniff(bytes);
  const decoded = image.decode(bytes, { maxPixels: 1e6 });
  if (decoded.type === 'image/jpeg') console.log(decoded.meta.orientation);
  else console.log(decoded.meta.bitDepth);
  image.encode(decoded, { type: 'image/jpeg', quality: 90 });
  image.encode(decoded, { type: 'image/png', effort: 2 });
  image.encode(decoded);
  console.log(pngBackend, now, type);
}

async function useChess(): Promise<void> {
  const b: 'wasm' | 'wasm2js' = await chess.init({ backend: 'wasm' });
  console.log(b, chess.backend(), chess.memorySize(), chess.START_FEN);
  const moves: string[] = chess.legalMoves('startpos', ['e2e4']);
  chess.legalMoves();
  const nodes: number = chess.perft(chess.START_FEN, 3);
  const state = chess.gameState('startpos', ['f2f3', 'e7e5', 'g2g4', 'd8h4']);
  if (state.state === 'checkmate' && state.check) console.log(state.fen);
  const fen: string = chess.applyMoves('startpos', ['e4', 'e5']);
  console.log(moves, nodes, fen, chess.toSan('startpos', 'g1f3'), chess.fromSan(undefined, 'Nf3'));

  const ctx = new chess.ChessContext();
  ctx.command('position startpos', 0);
  ctx.command('go depth 4');
  while (ctx.searching) {
    const { running, waiting, lines } = ctx.slice(5000, 1);
    if (!running || waiting) break;
    console.log(lines);
  }
  console.log(ctx.lastStatus, ctx.quitRequested);
  ctx.free();

  const engine: chess.Engine = await chess.createEngine({ backend: 'auto', module: precompiled, sliceNodes: 20000,
    workerUrl: '/assets/chess-worker.js' });
  console.log(engine.backend);
  const off = engine.onLine((line) => console.log(line));
  engine.send('position startpos moves e2e4');
  engine.send('go movetime 100');
  const best: string = await engine.waitFor('bestmove', 5000);
  await engine.waitFor((line) => line.startsWith('info'));
  for await (const line of engine.lines()) if (line.startsWith('bestmove')) break;
  engine.stop();
  off();
  engine.terminate();
  console.log(best);
}

function useErrors(e: unknown): WasmforgeErrorCode | null {
  if (e instanceof errors.WasmforgeError) {
    const offset: number | undefined = e.offset;
    console.log(e.message, offset, e.cause);
    switch (e.code) {
      case 'PNG_CRC_MISMATCH':
      case 'DEFLATE_TRUNCATED':
      case 'JPEG_TOO_MANY_PIXELS':
      case 'CHESS_BAD_FEN':
      case 'IMAGE_UNKNOWN_FORMAT':
        return e.code;
      default:
        return e.code;
    }
  }
  const made = new root.WasmforgeError('INVALID_ARGUMENT', 'made by hand', 3);
  const same: boolean = made instanceof png.WasmforgeError && made instanceof jpeg.WasmforgeError &&
    made instanceof deflate.WasmforgeError && made instanceof chess.WasmforgeError && made instanceof image.WasmforgeError;
  console.log(same, root.deflate.crc32, root.png.decode, root.jpeg.decode, root.chess.perft);
  return null;
}

export { useDeflate, usePng, useJpeg, useImage, useChess, useErrors };
