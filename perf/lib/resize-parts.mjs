// SPDX-License-Identifier: MIT
// resize-parts.mjs: the parts of one 12 MP -> 1600 px Lanczos3 resize()
// timed separately, interleaved round by round in one instance (the same
// code in Node and in a page; perf/resize-parts.mjs drives both):
//   raw      wf_resize() on the image already in Wasm memory (no copies)
//   stream   the streamed resize as web/resize.js runs it: the source copied
//            in ~256 KB runs, the result into a whole-image buffer in Wasm memory
//   stream+slice  the same plus the copy of the result into a fresh array
//            (heap.slice), as resize() does
//   copyIn   the 48 MB source copied into Wasm memory in the same runs, alone
//   fresh    a fresh 7.7 MB array filled from Wasm memory (heap.slice), alone
//   fresh-new  the same as new Uint8ClampedArray + set
//   touch    a fresh 7.7 MB array with one byte written per 4 KB page: its
//            page faults alone
//   api      resize() of web/resize.js (when given the module)
//   draw1    (pages) Chromium's drawImage with imageSmoothingQuality 'high'
//            (OffscreenCanvas, from an ImageBitmap) plus a 1x1 getImageData
//            that flushes it: the resize without the fresh result
//   draw     the same with the whole getImageData, as the resize suite times it
// Under load on the 2-core VM (load average 17) Chromium took 54-79 ms for
// `fresh` and 65 ms for `touch` where Node took 1-4 ms: the page faults of
// the fresh result dominate resize() there, and drawImage + getImageData
// has the same fresh ImageData. Copying the result out row band by row
// band as the stream produced it (tried: a band output for the stream)
// made Chromium slower, not faster (133 vs 114 ms, 25 rounds), though it
// saves a pass over the result.
import { resizeInstance, syntheticPhoto } from './resize-diag.mjs';

const TW = 1600;

const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };

/** {part: median ms} over `rounds` rounds (after 2 warm-up rounds). */
export async function parts({ wasmBytes, resizeModule, rounds = 5, image = syntheticPhoto(), only = null }) {
  const W = image.width;
  const H = image.height;
  const { e, ctx, inPtr, inBytes, outPtr, outBytes, th: TH } = await resizeInstance({ wasmBytes, image, tw: TW });
  const heap = () => new Uint8Array(e.memory.buffer);
  const src = new Uint8Array(image.data.buffer, image.data.byteOffset, inBytes);
  const rowBytes = W * 4;
  const live = [];
  const keep = (a) => { live.push(a); if (live.length > 3) live.shift(); };
  const stream = () => {
    const st = e.wf_resize_stream_begin(ctx, W, H, 0, 0, W, H, outPtr, outBytes, TW, TH, 4, 0);
    if (st !== 0) throw new Error(`wf_resize_stream_begin: ${st}`);
    const rows = e.wf_resize_stream_rows(ctx) >>> 0;
    if (!rows) throw new Error('not streamed');
    const buffer = e.wf_resize_stream_buffer(ctx) >>> 0;
    for (;;) {
      const j = e.wf_resize_stream_next(ctx) >>> 0;
      if (j >= H) break;
      const n = Math.min(rows, H - j);
      heap().set(src.subarray(j * rowBytes, (j + n) * rowBytes), buffer);
      if (e.wf_resize_stream_push(ctx, n) !== 1) throw new Error('push');
    }
  };
  const ways = {
    raw: () => {
      const st = e.wf_resize(ctx, inPtr, inBytes, W, H, 0, 0, W, H, outPtr, outBytes, TW, TH, 4, 0);
      if (st !== 0) throw new Error(`wf_resize: ${st}`);
    },
    stream: () => stream(),
    'stream+slice': () => { stream(); keep(heap().slice(outPtr, outPtr + outBytes)); },
    copyIn: () => {
      const chunk = Math.floor((256 << 10) / rowBytes) * rowBytes;
      for (let o = 0; o < inBytes; o += chunk) heap().set(src.subarray(o, Math.min(inBytes, o + chunk)), inPtr);
    },
    fresh: () => keep(heap().slice(outPtr, outPtr + outBytes)),
    'fresh-new': () => {
      const a = new Uint8ClampedArray(outBytes);
      new Uint8Array(a.buffer).set(heap().subarray(outPtr, outPtr + outBytes));
      keep(a);
    },
    touch: () => {
      const a = new Uint8ClampedArray(outBytes);
      for (let i = 0; i < outBytes; i += 4096) a[i] = 1;
      keep(a);
    },
  };
  if (resizeModule) ways.api = () => keep(resizeModule.resize(image, { width: TW }).data);
  if (typeof OffscreenCanvas === 'function' && typeof createImageBitmap === 'function') {
    const bitmap = await createImageBitmap(new ImageData(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset,
      inBytes), W, H));
    const g = new OffscreenCanvas(TW, TH).getContext('2d', { willReadFrequently: true });
    const draw = (w, h) => {
      g.imageSmoothingEnabled = true;
      g.imageSmoothingQuality = 'high';
      g.clearRect(0, 0, TW, TH);
      g.drawImage(bitmap, 0, 0, TW, TH);
      return g.getImageData(0, 0, w, h).data;
    };
    ways.draw1 = () => keep(draw(1, 1));
    ways.draw = () => keep(draw(TW, TH));
  }
  if (only) for (const k of Object.keys(ways)) if (!only.includes(k)) delete ways[k];
  const times = {};
  for (const k of Object.keys(ways)) times[k] = [];
  for (let r = -2; r < rounds; r++) {
    for (const k of Object.keys(ways)) {
      const t = performance.now();
      ways[k]();
      if (r >= 0) times[k].push(performance.now() - t);
    }
  }
  const out = {};
  for (const k of Object.keys(ways)) out[k] = med(times[k]);
  return out;
}
