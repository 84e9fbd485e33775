// SPDX-License-Identifier: MIT
// The `output` option (web/runtime.js outputOption, rt.checkOutput, rt.result):
// one mechanism, the same semantics in every core that returns a large result
// (png decode/decodeFrames, jpeg and webp decode, resize/rotate/flip,
// inflate/gunzip/zlibDecompress), on
// every backend. Results equal the plain path's, are views of the caller's
// buffer (never of Wasm memory), and a bad output fails with a stable code.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as png from '../../web/png.js';
import * as jpeg from '../../web/jpeg.js';
import * as flate from '../../web/deflate.js';
import * as webp from '../../web/webp.js';
import * as resize from '../../web/resize.js';
import { defineCore } from '../../web/loader.js';
import { createDeflateApi } from '../../web/deflate-api.js';
import * as jpegDecoder from '../../web/jpeg-decode.js';
import { createRuntime, outputOption } from '../../web/runtime.js';
import { WasmforgeError } from '../../web/errors.js';
import { backendsFor, randomBytes, textBytes, equalBytes, dataDir } from './support.js';

function assertCode(fn, code) {
  let error;
  assert.throws(fn, (e) => {
    assert.ok(e instanceof WasmforgeError, `expected a WasmforgeError, got ${e && e.stack}`);
    assert.equal(e.code, code, e.message);
    error = e;
    return true;
  });
  return error;
}

// A smooth test image with some noise (compresses like a photo, not like noise).
function testImage(width, height) {
  const data = new Uint8ClampedArray(width * height * 4);
  const noise = randomBytes(data.length, 5);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 3 + (noise[i] & 7)) & 255;
      data[i + 1] = (y * 2 + (noise[i + 1] & 7)) & 255;
      data[i + 2] = ((x + y) + (noise[i + 2] & 3)) & 255;
      data[i + 3] = 255 - (noise[i + 3] & 1);
    }
  }
  return { width, height, data };
}

// The checks every core's output option must pass. decode(options) runs the
// call; size is the result's length in elements of `View`.
function checkOutputOption({ decode, View, others }) {
  const plain = decode();
  const size = plain.length;
  assert.ok(plain instanceof View);
  // a larger array of each accepted type: the result is a view of its start,
  // the rest untouched, the values the plain path's
  for (const Type of [View, ...others]) {
    const out = new Type(size + 16).fill(7);
    const data = decode({ output: out });
    assert.ok(data instanceof View, `${Type.name}: data is a ${View.name}`);
    assert.equal(data.buffer, out.buffer, `${Type.name}: data is a view of the caller's buffer`);
    assert.equal(data.byteOffset, out.byteOffset);
    assert.equal(data.length, size);
    assert.ok(equalBytes(data, plain), `${Type.name}: same values as the plain path`);
    assert.equal(out[size], 7, 'elements past the result are untouched');
  }
  // a view at an offset into a larger buffer (a slot of a pool's buffer)
  const pool = new View(size * 2 + 8);
  const slot = pool.subarray(8, 8 + size);
  const inSlot = decode({ output: slot });
  assert.equal(inSlot.buffer, pool.buffer);
  assert.equal(inSlot.byteOffset, 8 * View.BYTES_PER_ELEMENT);
  assert.ok(equalBytes(inSlot, plain));
  // the exact size is enough; one element less is not, and nothing is written
  assert.ok(equalBytes(decode({ output: new View(size) }), plain));
  const small = new View(size - 1).fill(3);
  const e = assertCode(() => decode({ output: small }), 'BUFFER_TOO_SMALL');
  assert.equal(e.needed, size, 'error.needed is the length the output must have');
  assert.ok(small.every((v) => v === 3), 'a too-small output is left unchanged');
  assertCode(() => decode({ output: new View(0) }), 'BUFFER_TOO_SMALL');
  // wrong types
  for (const bad of [[], {}, 'text', 42, new ArrayBuffer(size * 8), new Float32Array(size), new DataView(new ArrayBuffer(size * 8))]) {
    assertCode(() => decode({ output: bad }), 'INVALID_ARGUMENT');
  }
  // null and undefined mean the plain path
  assert.ok(equalBytes(decode({ output: null }), plain));
  assert.ok(equalBytes(decode({ output: undefined }), plain));
  // a later call does not touch an earlier result in the caller's array
  const out = new View(size);
  const first = decode({ output: out });
  const keep = first.slice();
  decode();
  decode({ output: new View(size) });
  assert.ok(equalBytes(first, keep), 'the result lives in the caller\'s array only');
}

describe('outputOption (web/runtime.js)', () => {
  it('accepts only the listed types, and null/undefined as "no output"', () => {
    const types = [Uint8ClampedArray, Uint8Array];
    assert.equal(outputOption(undefined, 'x', types), null);
    assert.equal(outputOption({}, 'x', types), null);
    assert.equal(outputOption({ output: null }, 'x', types), null);
    const u8 = new Uint8Array(4);
    assert.equal(outputOption({ output: u8 }, 'x', types), u8);
    const e = assertCode(() => outputOption({ output: new Uint16Array(4) }, 'x.decode', types), 'INVALID_ARGUMENT');
    assert.match(e.message, /^x\.decode: output must be a Uint8ClampedArray or Uint8Array, got Uint16Array/);
  });

  it('rt.checkOutput and rt.result refuse a view of the module\'s memory and a short array', () => {
    const memory = { buffer: new ArrayBuffer(65536) };
    const rt = createRuntime({ memory, wf_malloc: () => 0, wf_free() {} }, 'wasm', () => null);
    new Uint8Array(memory.buffer).set([1, 2, 3, 4, 5, 6], 100);
    assertCode(() => rt.checkOutput(new Uint8Array(memory.buffer, 0, 16), 6, 'x'), 'INVALID_ARGUMENT');
    assertCode(() => rt.result(new Uint8Array(memory.buffer), 100, 6, Uint8Array, 'x'), 'INVALID_ARGUMENT');
    const e = assertCode(() => rt.checkOutput(new Uint16Array(2), 6, 'x'), 'BUFFER_TOO_SMALL');
    assert.equal(e.needed, 3, 'needed counts the output\'s own elements');
    const out = new Uint16Array(4);
    const r = rt.result(out, 100, 6, Uint16Array, 'x');
    assert.equal(r.buffer, out.buffer);
    assert.equal(r.length, 3);
    assert.deepEqual([...new Uint8Array(out.buffer, 0, 6)], [1, 2, 3, 4, 5, 6]);
    const fresh = rt.result(null, 100, 6, Uint8ClampedArray, 'x');
    assert.ok(fresh instanceof Uint8ClampedArray);
    assert.notEqual(fresh.buffer, memory.buffer);
    assert.deepEqual([...fresh], [1, 2, 3, 4, 5, 6]);
  });
});

for (const backend of backendsFor('png')) {
  describe(`png output on ${backend}`, () => {
    let file;
    let anim;
    before(async () => {
      assert.equal(await png.init({ backend }), backend);
      file = png.encode(testImage(61, 37), { effort: 3 });
      // an APNG of 2 frames: the default image then a second one (both full canvas)
      anim = makeApng(testImage(64, 32), testImage(64, 32).data.map((v) => 255 - v));
    });

    it('decode, depth 8: a view of the caller\'s array, the same pixels, checked', () => {
      checkOutputOption({ decode: (o) => png.decode(file, o).data, View: Uint8ClampedArray, others: [Uint8Array] });
    });

    it('decode, depth 16: a Uint16Array output', () => {
      checkOutputOption({ decode: (o) => png.decode(file, { depth: 16, ...o }).data, View: Uint16Array, others: [] });
      assertCode(() => png.decode(file, { depth: 16, output: new Uint8Array(61 * 37 * 8) }), 'INVALID_ARGUMENT');
      assertCode(() => png.decode(file, { depth: 8, output: new Uint16Array(61 * 37 * 4) }), 'INVALID_ARGUMENT');
    });

    it('decodeFrames: every frame a view of its part of one output', () => {
      const plain = png.decodeFrames(anim);
      assert.equal(plain.frames.length, 2);
      const frameSize = 64 * 32 * 4;
      const out = new Uint8ClampedArray(frameSize * 2 + 4).fill(9);
      const r = png.decodeFrames(anim, { output: out });
      r.frames.forEach((f, i) => {
        assert.equal(f.data.buffer, out.buffer);
        assert.equal(f.data.byteOffset, i * frameSize);
        assert.ok(equalBytes(f.data, plain.frames[i].data), `frame ${i}`);
      });
      assert.equal(out[frameSize * 2], 9);
      const e = assertCode(() => png.decodeFrames(anim, { output: new Uint8ClampedArray(frameSize) }), 'BUFFER_TOO_SMALL');
      assert.equal(e.needed, frameSize * 2);
      const deep = png.decodeFrames(anim, { depth: 16, output: new Uint16Array(frameSize * 2) });
      deep.frames.forEach((f, i) => assert.ok(equalBytes(f.data, png.decodeFrames(anim, { depth: 16 }).frames[i].data)));
    });

    it('a decoding error leaves the output unchanged and the module usable', () => {
      const broken = file.slice();
      broken[broken.length - 20] ^= 0x55; // inside the last IDAT: a CRC mismatch
      const out = new Uint8ClampedArray(61 * 37 * 4).fill(5);
      assert.throws(() => png.decode(broken, { output: out }), WasmforgeError);
      assert.ok(out.every((v) => v === 5));
      assert.ok(equalBytes(png.decode(file, { output: out }).data, png.decode(file).data));
    });
  });
}

for (const backend of backendsFor('jpeg')) {
  describe(`jpeg output on ${backend}`, () => {
    let file;
    before(async () => {
      assert.equal(await jpeg.init({ backend }), backend);
      file = jpeg.encode(testImage(53, 29), { quality: 80 });
    });

    it('decode: a view of the caller\'s array, the same pixels, checked', () => {
      checkOutputOption({ decode: (o) => jpeg.decode(file, o).data, View: Uint8ClampedArray, others: [Uint8Array] });
    });
  });
}

for (const backend of backendsFor('webp')) {
  describe(`webp output on ${backend}`, () => {
    let file;
    before(async () => {
      assert.equal(await webp.init({ backend }), backend);
      if (dataDir()) file = new Uint8Array(readFileSync(join(dataDir(), 'webp/small_31x13.webp')));
    });

    it('decode: a view of the caller\'s array, the same pixels, checked', (t) => {
      if (!file) return t.skip('no corpus (../shared/data)');
      checkOutputOption({ decode: (o) => webp.decode(file, o).data, View: Uint8ClampedArray, others: [Uint8Array] });
    });
  });
}

for (const backend of backendsFor('resize')) {
  describe(`resize output on ${backend}`, () => {
    const image = testImage(61, 37);
    before(async () => {
      assert.equal(await resize.init({ backend }), backend);
    });

    it('resize, rotate and flip: views of the caller\'s array, the same pixels, checked', () => {
      checkOutputOption({ decode: (o) => resize.resize(image, { width: 23, height: 17, ...o }).data,
        View: Uint8ClampedArray, others: [Uint8Array] });
      checkOutputOption({ decode: (o) => resize.rotate(image, 90, o).data, View: Uint8ClampedArray, others: [Uint8Array] });
      checkOutputOption({ decode: (o) => resize.flip(image, 'vertical', o).data, View: Uint8ClampedArray, others: [Uint8Array] });
    });
  });
}

for (const backend of backendsFor('deflate')) {
  describe(`deflate output on ${backend}`, () => {
    const data = textBytes(200_000);
    before(async () => {
      assert.equal(await flate.init({ backend }), backend);
    });

    for (const [name, pack] of [['inflate', 'deflate'], ['zlibDecompress', 'zlibCompress'], ['gunzip', 'gzip']]) {
      it(`${name}: a Uint8Array view of the caller's array, the same bytes, checked`, () => {
        const packed = flate[pack](data, { level: 6 });
        checkOutputOption({ decode: (o) => flate[name](packed, o), View: Uint8Array, others: [Uint8ClampedArray] });
        assert.ok(equalBytes(flate[name](packed, { output: new Uint8Array(data.length) }), data));
      });
    }

    it('inflate: maxOutputLength still applies, an empty result is an empty view', () => {
      const bomb = flate.deflate(new Uint8Array(1 << 20));
      assertCode(() => flate.inflate(bomb, { maxOutputLength: 1000, output: new Uint8Array(1 << 21) }), 'OUTPUT_LIMIT');
      const e = assertCode(() => flate.inflate(bomb, { output: new Uint8Array(1000) }), 'BUFFER_TOO_SMALL');
      assert.equal(e.needed, 1 << 20);
      const out = new Uint8Array(8);
      const empty = flate.inflate(flate.deflate(new Uint8Array(0)), { output: out });
      assert.equal(empty.length, 0);
      assert.equal(empty.buffer, out.buffer);
    });

    it('a decoding error leaves the output unchanged and the module usable', () => {
      const packed = flate.gzip(data);
      const broken = packed.slice();
      broken[broken.length - 6] ^= 1; // the CRC-32
      const out = new Uint8Array(data.length).fill(4);
      assertCode(() => flate.gunzip(broken, { output: out }), 'GZIP_CRC32_MISMATCH');
      assert.ok(out.every((v) => v === 4));
      assert.ok(equalBytes(flate.gunzip(packed, { output: out }), data));
    });
  });
}

// A view of the module's own memory is refused (INVALID_ARGUMENT), checked on
// every backend through cores defined here, whose runtime the test can reach.
for (const backend of backendsFor('deflate')) {
  it(`an output that is a view of the Wasm memory is refused (deflate and jpeg on ${backend})`, async () => {
    const deflateCore = defineCore({
      name: 'deflate',
      wasmUrl: () => new URL('../../dist/deflate.wasm', import.meta.url),
      simdUrl: () => new URL('../../dist/deflate.simd.wasm', import.meta.url),
      wasm2js: () => import('../../dist/deflate.wasm2js.js'),
    });
    await deflateCore.init({ backend });
    const api = createDeflateApi(deflateCore.runtime);
    const packed = api.deflate(textBytes(1000));
    const heap = new Uint8Array(deflateCore.runtime().exports.memory.buffer);
    assertCode(() => api.inflate(packed, { output: heap }), 'INVALID_ARGUMENT');
    assertCode(() => api.inflate(packed, { output: heap.subarray(1 << 16, 1 << 17) }), 'INVALID_ARGUMENT');
    assert.ok(equalBytes(api.inflate(packed), textBytes(1000)), 'still usable');

    const jpegCore = defineCore({
      name: 'jpeg',
      wasmUrl: () => new URL('../../dist/jpeg.wasm', import.meta.url),
      simdUrl: () => new URL('../../dist/jpeg.simd.wasm', import.meta.url),
      wasm2js: () => import('../../dist/jpeg.wasm2js.js'),
    });
    await jpegCore.init({ backend: backend === 'wasm-simd' && !backendsFor('jpeg').includes('wasm-simd') ? 'wasm' : backend });
    await jpeg.init();
    const file = jpeg.encode(testImage(8, 8));
    const jheap = new Uint8ClampedArray(jpegCore.runtime().exports.memory.buffer);
    assertCode(() => jpegDecoder.decode(jpegCore, file, { output: jheap }), 'INVALID_ARGUMENT');
    const r = jpegDecoder.decode(jpegCore, file, { output: new Uint8ClampedArray(256) });
    assert.notEqual(r.data.buffer, jpegCore.runtime().exports.memory.buffer);
  });
}

// An APNG whose default image is the first frame, then one more full-canvas frame.
function makeApng(first, secondData) {
  const { width, height } = first;
  const second = png.decode(png.encode({ width, height, data: secondData }, { effort: 1 }));
  const chunksOf = (bytes) => {
    const list = [];
    for (let i = 8; i < bytes.length;) {
      const len = new DataView(bytes.buffer, bytes.byteOffset + i).getUint32(0);
      list.push({ type: String.fromCharCode(...bytes.subarray(i + 4, i + 8)), body: bytes.subarray(i + 8, i + 8 + len) });
      i += 12 + len;
    }
    return list;
  };
  const a = chunksOf(png.encode(first, { effort: 1 }));
  const b = chunksOf(png.encode({ width, height, data: second.data }, { effort: 1 }));
  const out = [];
  const u32 = (v) => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
  const chunk = (type, body) => {
    const t = [...type].map((c) => c.charCodeAt(0));
    const crc = flateCrc(new Uint8Array([...t, ...body]));
    out.push(...u32(body.length), ...t, ...body, ...u32(crc));
  };
  const fctl = (seq) => [...u32(seq), ...u32(width), ...u32(height), ...u32(0), ...u32(0), 0, 1, 0, 10, 0, 0];
  const ihdr = a.find((c) => c.type === 'IHDR');
  if (ihdr.body[9] !== b.find((c) => c.type === 'IHDR').body[9]) throw new Error('test images of different colour types');
  chunk('IHDR', [...ihdr.body]);
  chunk('acTL', [...u32(2), ...u32(0)]);
  chunk('fcTL', fctl(0));
  for (const c of a.filter((c) => c.type === 'IDAT')) chunk('IDAT', [...c.body]);
  chunk('fcTL', fctl(1));
  let seq = 2;
  for (const c of b.filter((c) => c.type === 'IDAT')) chunk('fdAT', [...u32(seq++), ...c.body]);
  chunk('IEND', []);
  return new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, ...out]);
}

function flateCrc(bytes) {
  let c = ~0;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes[i];
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
