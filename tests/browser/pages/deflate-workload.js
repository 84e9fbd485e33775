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

export async function runDeflateWorkload(backend) {
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
  let errorCode = null;
  try {
    flate.inflate(new Uint8Array([0x07]));
  } catch (e) {
    errorCode = e.code;
  }
  return { backend: active, reported: flate.backend(), sizes, digest, roundTrips, errorCode, inputCrc: flate.crc32(data) };
}
