// SPDX-License-Identifier: MIT
// deflate-workload.js: one fixed piece of work for wasmforge/deflate, run in
// Node, in a page and in a module Worker; the browser tests compare results.
import * as flate from '../../../web/deflate.js';

function sampleBytes() {
  const words = 'the quick brown fox jumps over the lazy dog while wasm forges deflate streams'.split(' ');
  let x = 12345;
  let s = '';
  while (s.length < 50000) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += words[(x >>> 16) % words.length] + ((x & 7) === 0 ? '.\n' : ' ');
  }
  return new TextEncoder().encode(s);
}

export async function runDeflateWorkload(backend, { large = false } = {}) {
  const active = await flate.init(backend ? { backend } : {});
  const data = sampleBytes();
  const sizes = [];
  let digest = 0;
  let roundTrips = true;
  for (let level = 0; level <= 9; level++) {
    const packed = flate.gzip(data, { level });
    sizes.push(packed.length);
    digest = flate.crc32(packed, digest);
    const back = flate.gunzip(packed);
    roundTrips = roundTrips && back.length === data.length && flate.crc32(back) === flate.crc32(data);
  }
  // with `large`: more than a wasm2js module's first 64 MiB buffer holds, so it
  // moves to a larger one (polyfill/wasm2js-memory.mjs), unseen by the caller
  let largeRoundTrip = null;
  if (large) {
    const input = new Uint8Array(72 * 1024 * 1024);
    for (let i = 0; i < input.length; i += 65521) input[i] = i & 255;
    const back = flate.inflate(flate.deflate(input, { level: 1 }));
    largeRoundTrip = back.length === input.length && flate.crc32(back) === flate.crc32(input) &&
      flate.memorySize() > 64 * 1024 * 1024;
  }
  let errorCode = null;
  try {
    flate.inflate(new Uint8Array([0x07]));
  } catch (e) {
    errorCode = e.code;
  }
  return { backend: active, reported: flate.backend(), sizes, digest, roundTrips, largeRoundTrip, errorCode, inputCrc: flate.crc32(data) };
}
