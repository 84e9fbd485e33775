// SPDX-License-Identifier: MIT
// workload.js: what the test app does with wasmforge, as an app would: load
// the cores (auto backend), decode a PNG and a JPEG it fetches, round-trip
// DEFLATE, and ask the engine (in its own Worker) for a move.
import * as deflate from 'wasmforge/deflate';
import * as png from 'wasmforge/png';
import * as jpeg from 'wasmforge/jpeg';
import * as chess from 'wasmforge/chess';

// FNV-1a over the bytes: enough to compare pixels with what Node decodes.
function digest(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0).toString(16);
}

async function fetchBytes(path) {
  const response = await fetch(new URL(path, self.location.origin));
  return new Uint8Array(await response.arrayBuffer());
}

export async function runWorkload() {
  const inWorker = typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope;
  const result = { where: inWorker ? 'worker' : 'page', backends: {} };
  result.backends.deflate = await deflate.init();
  result.backends.png = await png.init();
  result.backends.jpeg = await jpeg.init();
  result.backends.chess = await chess.init();

  const image = png.decode(await fetchBytes('/fixtures/image.png'));
  result.png = { width: image.width, height: image.height, digest: digest(image.data) };
  const photo = jpeg.decode(await fetchBytes('/fixtures/photo.jpg'));
  result.jpeg = { width: photo.width, height: photo.height, digest: digest(photo.data) };

  const text = new TextEncoder().encode('The quick brown fox jumps over the lazy dog. '.repeat(200));
  const packed = deflate.gzip(text, { level: 6 });
  result.deflate = { size: packed.length, digest: digest(packed), roundTrip: digest(deflate.gunzip(packed)) === digest(text) };

  const engine = await chess.createEngine();
  try {
    result.backends.engine = engine.backend;
    engine.send('position startpos moves e2e4 e7e5');
    engine.send('go depth 6');
    const best = (await engine.waitFor('bestmove', 60000)).split(' ')[1];
    result.bestmove = best;
    result.bestmoveLegal = chess.legalMoves('startpos', ['e2e4', 'e7e5']).includes(best);
  } finally {
    engine.terminate();
  }
  return result;
}
