// SPDX-License-Identifier: MIT
// usage.ts: calls every exported function of every entry point with every
// option, as an app would; must compile under `tsc --noEmit --strict`
// (tests/js/types.test.js). The root entry's namespaces are used for
// wasmforge/image and the errors, the subpath entries for the rest.
import * as root from 'wasmforge';
import * as deflate from 'wasmforge/deflate';
import * as png from 'wasmforge/png';
import * as jpeg from 'wasmforge/jpeg';
import * as webp from 'wasmforge/webp';
import * as resize from 'wasmforge/resize';
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
  const compiled: { backend: Backend; module: WebAssembly.Module | null } = await deflate.compileModule();
  await deflate.compileModule({ backend: 'wasm', url: '/assets/deflate.wasm' });
  if (compiled.module) await deflate.init({ backend: compiled.backend, module: compiled.module });
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
  const { module: pngModule } = await png.compileModule({ backend: 'auto', url: new URL('https://example.com/png.wasm') });
  console.log(pngModule);
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
  const jpegCompiled = await jpeg.compileModule({ backend: 'wasm-simd' });
  console.log(jpegCompiled.backend, jpegCompiled.module);
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

async function useWebp(): Promise<void> {
  const b: Backend = await webp.init({ backend: 'auto', url: '/assets/webp.wasm' });
  await webp.init({ backend: 'wasm-simd', module: precompiled });
  const webpCompiled: { backend: Backend; module: WebAssembly.Module | null } = await webp.compileModule({ backend: 'wasm' });
  console.log(webpCompiled.backend);
  console.log(b, webp.backend(), webp.memorySize(), webp.DEFAULT_MAX_PIXELS);
  const header = webp.readHeader(bytes);
  const format: 'lossy' | 'lossless' | 'mixed' = header.format;
  console.log(format, header.width, header.height, header.hasAlpha, header.animated, header.frameCount,
    header.loopCount, header.background, header.meta.icc, header.meta.exif, header.meta.xmp);
  const output = new Uint8ClampedArray(header.width * header.height * 4);
  const still = webp.decode(bytes, { maxPixels: 1e6, fancyUpsampling: false, output });
  const pixels: Uint8ClampedArray = still.data;
  console.log(pixels, still.channels, still.meta.format, still.meta.icc);
  webp.decode(bytes.buffer, { output: new Uint8Array(16) });
  const animation = webp.decodeFrames(bytes, { maxPixels: 1e7, fancyUpsampling: true });
  for (const f of animation.frames) console.log(f.data, f.duration, f.x, f.y, f.width, f.height, f.dispose, f.blend);
  console.log(animation.width, animation.height, animation.loopCount, animation.background, animation.meta.xmp);
  const same: boolean = new Error() instanceof webp.WasmforgeError;
  console.log(same);
  const rgba = { width: 2, height: 1, data: new Uint8Array(8) };
  const file: Uint8Array = webp.encode(rgba);
  webp.encode({ width: 2, height: 1, data: new Uint8ClampedArray(8) }, {
    lossless: false, quality: 80, effort: webp.DEFAULT_EFFORT, exact: true, alphaQuality: 90,
    meta: { icc: new Uint8Array(3), exif: null, xmp: new Uint8Array(2).buffer }, output: new Uint8Array(1024),
  });
  console.log(file.length);
}

async function useResize(): Promise<void> {
  const b: Backend = await resize.init({ backend: 'wasm-simd', url: '/assets/resize.simd.wasm' });
  await resize.init({ backend: 'wasm', module: precompiled });
  const resizeCompiled = await resize.compileModule({ backend: 'auto', url: '/assets/resize.wasm' });
  console.log(resizeCompiled.backend, resizeCompiled.module);
  console.log(b, resize.backend(), resize.memorySize(), resize.DEFAULT_MAX_PIXELS);
  const filters: readonly resize.Filter[] = resize.FILTERS;
  const fits: readonly resize.Fit[] = resize.FITS;
  const src = { width: 4, height: 2, data: new Uint8ClampedArray(32) };
  const size: { width: number; height: number } = resize.targetSize(4000, 3000, { width: 800, fit: 'inside' });
  const small = resize.resize(src, { width: 2, height: 2, fit: 'cover', filter: 'mks2021', linear: false,
    crop: { x: 0, y: 0, width: 4, height: 2 }, maxPixels: 1e6, background: [0, 0, 0, 255], output: new Uint8Array(16) });
  resize.resize({ width: 1, height: 1, data: new Uint16Array(4) }, { height: 3, fit: 'contain' });
  const turned: resize.ResultImage = resize.rotate(src, -90, { output: new Uint8ClampedArray(32) });
  resize.flip(turned, 'horizontal');
  resize.flip(src, 'vertical', { output: new Uint8Array(32) });
  const upright = resize.orient(src, 6, {});
  console.log(filters, fits, size, small.data, upright.width, new Error() instanceof resize.WasmforgeError);
}

async function useImage(): Promise<void> {
  const backends = await root.image.init({ backend: 'auto', png: { module: precompiled }, jpeg: { backend: 'wasm2js' } });
  const pngBackend: Backend = backends.png;
  const now: { png: Backend | null; jpeg: Backend | null } = image.backend();
  const type: 'image/png' | 'image/jpeg' | 'image/webp' | null = image.sniff(bytes);
  const decoded = image.decode(bytes, { maxPixels: 1e6, fancyUpsampling: false });
  if (decoded.type === 'image/jpeg') console.log(decoded.meta.orientation);
  else if (decoded.type === 'image/webp') console.log(decoded.meta.animated);
  else console.log(decoded.meta.bitDepth);
  image.encode(decoded, { type: 'image/jpeg', quality: 90 });
  image.encode(decoded, { type: 'image/png', effort: 2 });
  image.encode(decoded, { type: 'image/webp', effort: 7, exact: true });
  image.encode(decoded);
  console.log(pngBackend, now, type);

  const pixels = { width: 2, height: 2, data: new Uint8ClampedArray(16) };
  const small = root.image.resize(pixels, { width: 1, filter: 'triangle' });
  image.rotate(small, 180);
  image.flip(pixels, 'vertical');
  const upright: image.ResultImage = image.autoOrient({ ...pixels, meta: { orientation: 6 } });
  image.autoOrient(pixels, 3, { output: new Uint8ClampedArray(16) });

  const cache = image.createBufferCache({ maxBuffers: 8 });
  const result = await image.process(bytes, {
    autoOrient: true,
    resize: { width: 1600, height: 1200, fit: 'inside', filter: 'lanczos3', linear: true, enlarge: false },
    output: { type: 'image/jpeg', quality: 80 },
    keepMetadata: false,
    maxPixels: 5e7,
    reuse: cache,
  });
  const encoded: Uint8Array = result.data;
  console.log(encoded, result.width, result.height, result.type, result.stats.totalMs, result.stats.outputRecycled);
  cache.release(result);
  console.log(cache.fresh, cache.reused, cache.outputsFresh, cache.outputsRecycled, cache.size.bytes, upright.width);
  await image.process(pixels, { output: { type: 'image/png', effort: 3 } });
  await image.process(pixels, { output: { type: 'image/webp', lossless: true, effort: 4 } });

  const controller = new AbortController();
  const pool = image.createImagePool({ size: 2, maxQueue: 16, idleTimeout: 5000, backend: 'auto',
    init: { png: { module: precompiled } }, transfer: false });
  const ready = await pool.ready();
  console.log(ready.backends.png, pool.size, pool.stats());
  const pooled = await pool.process(bytes, { resize: { width: 320 }, signal: controller.signal });
  pool.release(pooled);
  await pool.decode(bytes, { maxPixels: 1e6, signal: controller.signal });
  await pool.encode(pixels, { type: 'image/png', effort: 1 });
  await pool.resize(pixels, { width: 1, height: 1 });
  const mem = await pool.workerStats(true);
  console.log(mem.wasmMemory, mem.heapUsed, mem.cache);
  pool.terminate();
}

async function useChess(): Promise<void> {
  const b: 'wasm-simd' | 'wasm' | 'wasm2js' = await chess.init({ backend: 'wasm' });
  console.log(b, chess.backend(), chess.memorySize(), chess.START_FEN);
  const moves: string[] = chess.legalMoves('startpos', ['e2e4']);
  chess.legalMoves();
  const nodes: number = chess.perft(chess.START_FEN, 3);
  const state = chess.gameState('startpos', ['f2f3', 'e7e5', 'g2g4', 'd8h4']);
  if (state.state === 'checkmate' && state.check) console.log(state.fen);
  const fen: string = chess.applyMoves('startpos', ['e4', 'e5']);
  console.log(moves, nodes, fen, chess.toSan('startpos', 'g1f3'), chess.fromSan(undefined, 'Nf3'));
  const found = chess.search('startpos', ['e2e4'], { depth: 3, nodes: 10000, hash: 2 });
  const bestmove: string | null = found.bestmove;
  console.log(bestmove, found.ponder, found.depth, found.score, found.nodes, found.pv, found.lines);
  const resolved = chess.resolvePosition({ fen: 'startpos', moves: ['e4', 'e7e5'] }, 'usage');
  console.log(resolved.fen, resolved.moves, resolved.current, resolved.legal, chess.resolvePosition('startpos'));
  const pvSan: string[] = chess.sanMoves(chess.START_FEN, ['e2e4', 'e7e5']);
  const info = chess.parseInfo('info depth 3 score cp 20 nodes 100 pv e2e4 e7e5');
  console.log(pvSan, info?.depth, info?.score, info?.pv);
  const chessCompiled = await chess.compileModule({ backend: 'wasm', url: '/assets/chess.wasm' });
  const chessModule: WebAssembly.Module | null = chessCompiled.module;
  await chess.init({ backend: 'wasm', module: precompiled });
  console.log(chessModule, (await chess.compileModule()).backend);

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
  const threaded: chess.Engine = await chess.createEngine({ threads: 2 });
  const threadCount: number = threaded.threads;
  const available: boolean = chess.threadsAvailable();
  const byDefault: number = await chess.defaultThreads();
  console.log(threadCount, available, byDefault, chess.MAX_THREADS);
  await threaded.setOption('Threads', 1);
  await threaded.terminate();
  const off = engine.onLine((line) => console.log(line));
  engine.send('position startpos moves e2e4');
  engine.send('go movetime 100');
  const best: string = await engine.waitFor('bestmove', 5000);
  await engine.waitFor((line) => line.startsWith('info'));
  for await (const line of engine.lines()) if (line.startsWith('bestmove')) break;
  engine.stop();
  off();

  const controller = new AbortController();
  const analysis = await engine.analyse({ fen: 'startpos', moves: ['e4'] }, { depth: 8, movetime: 500, nodes: 1e6,
    infinite: false, multiPV: 2, searchMoves: ['e7e5', 'c7c5'], signal: controller.signal,
    onInfo: (i) => console.log(i.depth, i.score, i.whiteScore, i.pvSan, i.lines.length) });
  console.log(analysis.bestmove, analysis.bestmoveSan, analysis.score, analysis.lines, analysis.stopped);
  const counted = await engine.perft('startpos', 3);
  console.log(counted.nodes, counted.moves, counted.timeMs, counted.stopped, engine.options.map((o) => o.name));
  await engine.setOption('MultiPV', 3);
  await engine.setOption('Clear Hash');
  await engine.newGame();
  await engine.stop();
  await engine.terminate();
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
      case 'WEBP_TRUNCATED':
      case 'RESIZE_BAD_CROP':
      case 'QUEUE_FULL':
        return e.code;
      default:
        return e.code;
    }
  }
  const made = new root.WasmforgeError('INVALID_ARGUMENT', 'made by hand', 3);
  const same: boolean = made instanceof png.WasmforgeError && made instanceof jpeg.WasmforgeError &&
    made instanceof deflate.WasmforgeError && made instanceof chess.WasmforgeError && made instanceof image.WasmforgeError &&
    made instanceof webp.WasmforgeError && made instanceof resize.WasmforgeError;
  console.log(same, root.deflate.crc32, root.png.decode, root.jpeg.decode, root.chess.perft, root.webp.decode, root.resize.resize);
  return null;
}

export { useDeflate, usePng, useJpeg, useWebp, useResize, useImage, useChess, useErrors };
