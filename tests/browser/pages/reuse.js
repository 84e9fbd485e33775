// SPDX-License-Identifier: MIT
// reuse.js: the page of tests/browser/reuse.test.js. In Chromium: the `output`
// option of every core (same values as the plain path, a view of the
// caller's buffer), and a chess engine Worker started with the page's
// compiled module. Leaves its findings in self.__result.
import * as flate from '../../../web/deflate.js';
import * as png from '../../../web/png.js';
import * as jpeg from '../../../web/jpeg.js';
import * as chess from '../../../web/chess.js';

const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

async function main() {
  const r = { backends: [await flate.init(), await png.init(), await jpeg.init()] };
  const text = new TextEncoder().encode('wasmforge output option '.repeat(5000));
  const packed = flate.gzip(text);
  const out = new Uint8Array(text.length + 10);
  const unpacked = flate.gunzip(packed, { output: out });
  r.inflate = { view: unpacked.buffer === out.buffer, same: same(unpacked, text) };
  try { flate.gunzip(packed, { output: new Uint8Array(10) }); } catch (e) { r.inflate.small = [e.code, e.needed]; }

  const w = 37;
  const h = 23;
  const pixels = new Uint8ClampedArray(w * h * 4).map((_, i) => (i * 7) & 255);
  const pngFile = png.encode({ width: w, height: h, data: pixels });
  const pngOut = new Uint8ClampedArray(w * h * 4);
  const decoded = png.decode(pngFile, { output: pngOut });
  r.png = { view: decoded.data.buffer === pngOut.buffer, same: same(decoded.data, png.decode(pngFile).data) };
  // an ImageData can wrap the result directly
  r.png.imageData = new ImageData(decoded.data, w, h).width === w;

  const jpegFile = jpeg.encode({ width: w, height: h, data: pixels }, { quality: 90 });
  const jpegOut = new Uint8ClampedArray(w * h * 4 + 4);
  const j = jpeg.decode(jpegFile, { output: jpegOut });
  r.jpeg = { view: j.data.buffer === jpegOut.buffer, same: same(j.data, jpeg.decode(jpegFile).data) };
  try { jpeg.decode(jpegFile, { output: new Float32Array(w * h * 4) }); } catch (e) { r.jpeg.wrongType = e.code; }

  const engine = await chess.createEngine({ backend: 'wasm' });
  engine.send('position startpos');
  engine.send('go depth 4');
  r.chess = { backend: engine.backend, bestmove: await engine.waitFor('bestmove', 30000) };
  engine.terminate();
  return r;
}

main().then((r) => { self.__result = r; }, (e) => { self.__result = { error: String(e && e.stack || e) }; });
