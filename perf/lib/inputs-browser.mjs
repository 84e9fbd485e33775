// SPDX-License-Identifier: MIT
// inputs-browser.mjs: builds benchmark inputs inside a visitor's browser (the
// live page demos/bench/), from what the server offers: the photos under
// /data/ when the corpora are mounted there, else a generated image; a fixed
// list of the repository's own text files. Uses only fetch and
// (De)CompressionStream, so the inputs and the reference are the browser's.
import { readPngChunks, concatBytes } from './png-chunks.mjs';
import { throughStream } from '../suites/deflate.mjs';
import { perftInputs } from './perft-epd.mjs';

export const LIVE_PHOTOS = ['kodim23'];
export const LIVE_TEXT_FILES = ['/CONTRIBUTING.md', '/web/loader.js', '/web/runtime.js', '/web/deflate-api.js',
  '/web/errors.js', '/perf/report.mjs', '/perf/lib/summary.mjs', '/demos/server.mjs'];

async function fetchBytesOrNull(url) {
  try {
    const r = await fetch(url);
    return r.ok ? new Uint8Array(await r.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** A deterministic 512x512 RGB image that looks a little like a photo (gradients, texture, noise). */
export function syntheticImage(width = 512, height = 512) {
  const data = new Uint8Array(width * height * 3);
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const t = Math.sin(x / 37) * Math.cos(y / 23);
      data[i] = Math.max(0, Math.min(255, 128 + 90 * t + (rnd() >> 4)));
      data[i + 1] = Math.max(0, Math.min(255, (x * 255) / width * 0.6 + 50 * Math.sin((x + y) / 50) + (rnd() >> 4)));
      data[i + 2] = Math.max(0, Math.min(255, (y * 255) / height * 0.7 + (rnd() >> 5)));
    }
  }
  return { width, height, channels: 3, data };
}

/**
 * Inputs for the suites: {deflate: [...], photos: [...], chess: []}, and a
 * list of notes saying where each came from.
 */
export async function buildBrowserInputs({ dataUrl = '/data/', quick = true } = {}) {
  const notes = [];
  const deflate = [];
  const photos = [];
  const scan = [];
  for (const n of LIVE_PHOTOS) {
    const png = await fetchBytesOrNull(`${dataUrl}photos/${n}.png`);
    if (!png) continue;
    const jpeg = await fetchBytesOrNull(`${dataUrl}photos/${n}.q85.jpg`);
    photos.push({ name: n, png, jpeg });
    scan.push(await throughStream(readPngChunks(png).idat, new DecompressionStream('deflate')));
  }
  if (scan.length) {
    deflate.push({ name: 'scanlines', bytes: concatBytes(scan), description: `filtered scanlines of ${LIVE_PHOTOS.map((n) => n + '.png').join(', ')} (from ${dataUrl})` });
  } else {
    const img = syntheticImage();
    deflate.push({ name: 'synthetic-pixels', bytes: img.data, description: 'a generated 512x512 RGB image (no photos served under /data/)' });
    notes.push(`no photos under ${dataUrl}: using a generated image`);
  }
  const texts = [];
  const used = [];
  for (const f of LIVE_TEXT_FILES) {
    const b = await fetchBytesOrNull(f);
    if (b) { texts.push(b); used.push(f); }
  }
  if (texts.length) deflate.push({ name: 'text', bytes: concatBytes(texts), description: `the repository's ${used.join(', ')} concatenated` });
  for (const i of deflate) {
    i.zraw = await throughStream(i.bytes, new CompressionStream('deflate-raw'));
    i.size = i.bytes.length;
  }
  let chess = [];
  const epd = await fetchBytesOrNull(`${dataUrl}chess/perft.epd`);
  if (epd) chess = perftInputs(new TextDecoder().decode(epd), quick);
  else notes.push(`no ${dataUrl}chess/perft.epd: no perft positions`);
  return { inputs: { deflate, photos, chess }, notes };
}
