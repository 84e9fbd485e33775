// SPDX-License-Identifier: MIT
// jpeg.test.js: the JPEG decoder (web/jpeg.js -> web/jpeg-decode.js), once per
// backend. References: the djpeg outputs in ../shared/data/jpeg/ref (Debian
// libjpeg-turbo 2.1.5, default settings) and, when installed, `djpeg` and
// `cjpeg` themselves: our pixels must be byte-identical to djpeg's. Every
// backend must also give identical pixels.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as jpeg from '../../web/jpeg.js';
import { WasmforgeError } from '../../web/errors.js';
import { backendsFor, dataDir, missingCorpus, readBytes, randomBytes } from './support.js';

const BACKENDS = backendsFor('jpeg');
const DATA = dataDir();
const JPEG_DIR = DATA && existsSync(join(DATA, 'jpeg')) ? join(DATA, 'jpeg') : null;
const PHOTO = DATA && existsSync(join(DATA, 'photos/kodim23.q85.jpg')) ? join(DATA, 'photos/kodim23.q85.jpg') : null;
const djpegWorks = spawnSync('djpeg', ['-version']).status === 0;
const cjpegWorks = spawnSync('cjpeg', ['-version']).status === 0;

/** Parses a binary PPM/PGM into RGBA. */
function readPnm(bytes) {
  const text = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  const m = /^(P[56])\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(text);
  assert.ok(m, 'PNM header');
  const [, magic, w, h] = m;
  const width = Number(w);
  const height = Number(h);
  const nc = magic === 'P5' ? 1 : 3;
  const px = bytes.subarray(m[0].length);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) rgba[4 * i + c] = px[i * nc + (nc === 3 ? c : 0)];
    rgba[4 * i + 3] = 255;
  }
  return { width, height, data: rgba };
}

function djpeg(bytes) {
  const r = spawnSync('djpeg', ['-pnm'], { input: Buffer.from(bytes), maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr && r.stderr.toString());
  return readPnm(new Uint8Array(r.stdout));
}

function cjpeg(ppmBytes, args) {
  const r = spawnSync('cjpeg', args, { input: Buffer.from(ppmBytes), maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr && r.stderr.toString());
  return new Uint8Array(r.stdout);
}

function assertSamePixels(got, want, what) {
  assert.equal(got.width, want.width, `${what}: width`);
  assert.equal(got.height, want.height, `${what}: height`);
  const a = got.data;
  const b = want.data;
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) assert.fail(`${what}: byte ${i} (pixel ${i >> 2}) is ${a[i]}, want ${b[i]}`);
  }
}

function sha(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function jpegFile(name) {
  return readBytes(join(JPEG_DIR, name));
}

// Inserts marker segments right after SOI.
function withSegments(file, ...segments) {
  const total = segments.reduce((n, s) => n + s.length, 0);
  const out = new Uint8Array(file.length + total);
  out.set(file.subarray(0, 2), 0);
  let o = 2;
  for (const s of segments) {
    out.set(s, o);
    o += s.length;
  }
  out.set(file.subarray(2), o);
  return out;
}

function segment(marker, payload) {
  const len = payload.length + 2;
  return new Uint8Array([0xff, marker, len >> 8, len & 255, ...payload]);
}

function exifOrientation(value, littleEndian) {
  const t = new DataView(new ArrayBuffer(26));
  t.setUint8(0, littleEndian ? 0x49 : 0x4d);
  t.setUint8(1, littleEndian ? 0x49 : 0x4d);
  t.setUint16(2, 42, littleEndian);
  t.setUint32(4, 8, littleEndian);
  t.setUint16(8, 1, littleEndian);
  t.setUint16(10, 0x0112, littleEndian);
  t.setUint16(12, 3, littleEndian);
  t.setUint32(14, 1, littleEndian);
  t.setUint16(18, value, littleEndian);
  t.setUint32(22, 0, littleEndian);
  return segment(0xe1, [...new TextEncoder().encode('Exif\0\0'), ...new Uint8Array(t.buffer)]);
}

function iccChunk(seq, count, data) {
  return segment(0xe2, [...new TextEncoder().encode('ICC_PROFILE\0'), seq, count, ...data]);
}

const hashes = new Map(); // backend -> [sha256 of each decode, in order]
function record(backend, bytes) {
  if (!hashes.has(backend)) hashes.set(backend, []);
  hashes.get(backend).push(sha(bytes));
}

// The file with every DQT segment rewritten as 16-bit tables of q * scale
// (capped at 65535): huge dequantised coefficients, whose IDCT arithmetic
// wraps; every backend must still give the same pixels.
function withBigQuantTables(file, scale) {
  const parts = [file.subarray(0, 2)];
  for (let i = 2; i + 4 <= file.length;) {
    const marker = file[i + 1];
    const len = (file[i + 2] << 8) | file[i + 3];
    if (marker === 0xda) { parts.push(file.subarray(i)); break; }
    if (marker !== 0xdb) {
      parts.push(file.subarray(i, i + 2 + len));
    } else {
      const seg = [];
      for (let p = i + 4; p < i + 2 + len;) {
        const wide = file[p] >> 4;
        seg.push(0x10 | (file[p] & 15));
        for (let k = 0; k < 64; k++) {
          const q = wide ? (file[p + 1 + 2 * k] << 8) | file[p + 2 + 2 * k] : file[p + 1 + k];
          const v = Math.min(65535, q * scale);
          seg.push(v >> 8, v & 255);
        }
        p += 1 + 64 * (wide ? 2 : 1);
      }
      parts.push(Uint8Array.of(0xff, 0xdb, (seg.length + 2) >> 8, (seg.length + 2) & 255, ...seg));
    }
    i += 2 + len;
  }
  return Uint8Array.from(parts.flatMap((a) => [...a]));
}

const REFS = [
  ['testorig.jpg', 'ref/testorig.djpeg-default.ppm'],
  ['testimgint.jpg', 'ref/testimgint.djpeg-default.ppm'],
  ['testimgp.jpg', 'ref/testimgint.djpeg-default.ppm'],
  ['testimgari.jpg', 'ref/testimgint.djpeg-default.ppm'],
  ['testimggray.jpg', 'ref/testimggray.djpeg-default.pgm'],
];

for (const backend of BACKENDS) {
  describe(`jpeg decode on ${backend}`, () => {
    before(async () => {
      assert.equal(await jpeg.init({ backend }), backend);
      assert.equal(jpeg.backend(), backend);
    });

    it('equals the djpeg reference images byte for byte', { skip: !JPEG_DIR && missingCorpus('jpeg') }, () => {
      for (const [file, ref] of REFS) {
        const img = jpeg.decode(jpegFile(file));
        assert.ok(img.data instanceof Uint8ClampedArray);
        assert.equal(img.channels, 4);
        assert.equal(img.data.buffer.byteLength, img.data.length, 'a copy, not a view of Wasm memory');
        assertSamePixels(img, readPnm(readBytes(join(JPEG_DIR, ref))), file);
        record(backend, img.data);
      }
    });

    it('reports header metadata', { skip: !JPEG_DIR && missingCorpus('jpeg') }, () => {
      const base = jpeg.decode(jpegFile('testorig.jpg')).meta;
      assert.equal(base.progressive, false);
      assert.equal(base.arithmetic, false);
      assert.equal(base.subsampling, '4:2:0');
      assert.equal(base.colorSpace, 'ycbcr');
      assert.deepEqual(base.samplingFactors, [[2, 2], [1, 1], [1, 1]]);
      assert.equal(base.orientation, 1);
      assert.equal(base.icc, null);
      assert.equal(base.truncated, false);
      assert.equal(jpeg.decode(jpegFile('testimgp.jpg')).meta.progressive, true);
      assert.equal(jpeg.decode(jpegFile('testimgari.jpg')).meta.arithmetic, true);
      const grey = jpeg.readHeader(jpegFile('testimggray.jpg'));
      assert.equal(grey.meta.colorSpace, 'grey');
      assert.equal(grey.meta.subsampling, null);
      assert.deepEqual([grey.width, grey.height], [227, 149]);
    });

    it('reads EXIF orientation (both byte orders), ICC chunks and JFIF density', { skip: !JPEG_DIR && missingCorpus('jpeg') }, () => {
      const icc = randomBytes(1000, 5);
      for (const le of [true, false]) {
        const file = withSegments(jpegFile('testorig.jpg'),
          segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 2, 0, 118, 0, 119, 0, 0]),
          exifOrientation(le ? 6 : 3, le),
          iccChunk(2, 2, icc.subarray(600)), iccChunk(1, 2, icc.subarray(0, 600)));
        const { meta } = jpeg.decode(file);
        assert.equal(meta.orientation, le ? 6 : 3);
        assert.deepEqual(meta.density, { unit: 'dpcm', x: 118, y: 119 });
        assert.ok(meta.icc instanceof Uint8Array);
        assert.deepEqual([...meta.icc], [...icc]);
      }
    });

    it('equals djpeg on photos re-encoded with cjpeg (sampling, progressive, arithmetic, restart)',
      { skip: !PHOTO ? missingCorpus('photos') : !(djpegWorks && cjpegWorks) ? 'djpeg/cjpeg not installed' : false }, () => {
        const src = spawnSync('djpeg', ['-pnm', PHOTO], { maxBuffer: 1 << 28 });
        assert.equal(src.status, 0);
        const ppm = new Uint8Array(src.stdout);
        for (const args of [[], ['-sample', '1x1'], ['-sample', '2x1', '-quality', '95'], ['-sample', '1x2'],
          ['-sample', '4x1'], ['-progressive'], ['-arithmetic'], ['-arithmetic', '-progressive'],
          ['-restart', '1'], ['-grayscale'], ['-rgb']]) {
          const file = cjpeg(ppm, args);
          const img = jpeg.decode(file);
          assertSamePixels(img, djpeg(file), `cjpeg ${args.join(' ')}`);
          record(backend, img.data);
        }
      });

    it('equals djpeg on awkward sizes (SIMD and scalar edges of the upsamplers)',
      { skip: !(djpegWorks && cjpegWorks) && 'djpeg/cjpeg not installed' }, () => {
        for (const [w, h] of [[1, 1], [2, 2], [3, 5], [17, 5], [18, 3], [19, 9], [33, 9], [61, 37], [100, 7]]) {
          const px = randomBytes(w * h * 3, w * 131 + h);
          for (let i = 1; i < px.length; i++) px[i] = (px[i - 1] * 3 + px[i]) >> 2; // smoother than noise
          const ppm = new Uint8Array([...new TextEncoder().encode(`P6\n${w} ${h}\n255\n`), ...px]);
          for (const sample of ['2x2', '2x1', '1x2', '1x1', '4x1']) {
            const file = cjpeg(ppm, ['-sample', sample, '-quality', '90']);
            const img = jpeg.decode(file);
            assertSamePixels(img, djpeg(file), `${w}x${h} ${sample}`);
            record(backend, img.data);
          }
        }
      });

    it('decodes truncated files (the rest grey) and flags them', { skip: !PHOTO && missingCorpus('photos') }, () => {
      const file = readBytes(PHOTO);
      const cut = jpeg.decode(file.subarray(0, file.length >> 1));
      assert.equal(cut.meta.truncated, true);
      assert.equal(cut.width, 768);
      const last = cut.data.length - 4;
      assert.deepEqual([...cut.data.subarray(last)], [128, 128, 128, 255]);
      if (djpegWorks) {
        // djpeg exits with 2 (warnings) on a truncated file; its pixels are still the reference
        const r = spawnSync('djpeg', ['-pnm'], { input: Buffer.from(file.subarray(0, file.length >> 1)), maxBuffer: 1 << 28 });
        assertSamePixels(cut, readPnm(new Uint8Array(r.stdout)), 'truncated photo');
      }
      assert.equal(jpeg.decode(file).meta.truncated, false);
    });

    it('decodes into a caller-owned output array, and checks it', { skip: !PHOTO && missingCorpus('photos') }, () => {
      const file = readBytes(PHOTO);
      const ref = jpeg.decode(file);
      const size = ref.width * ref.height * 4;
      const out = new Uint8ClampedArray(size + 100).fill(7);
      const r = jpeg.decode(file, { output: out });
      assert.equal(r.data.buffer, out.buffer);
      assert.equal(r.data.length, size);
      assert.deepEqual(r.data, ref.data);
      assert.equal(out[size], 7, 'bytes past the image are untouched');
      assert.deepEqual(jpeg.decode(file, { output: new Uint8Array(size) }).data, ref.data);
      assert.throws(() => jpeg.decode(file, { output: new Uint8Array(10) }), { code: 'BUFFER_TOO_SMALL' });
      assert.throws(() => jpeg.decode(file, { output: [] }), { code: 'INVALID_ARGUMENT' });
      assert.throws(() => jpeg.decode(file, { output: new Uint16Array(size) }), { code: 'INVALID_ARGUMENT' });
      // a later call reuses the Wasm heap: the result, in the caller's array, stays as it was
      const keep = Uint8ClampedArray.from(r.data);
      jpeg.decode(file.subarray(0, file.length >> 1));
      assert.deepEqual(r.data, keep);
    });

    it('throws WasmforgeError with stable codes and offsets', { skip: !JPEG_DIR && missingCorpus('jpeg') }, () => {
      const code = (fn) => {
        try {
          fn();
        } catch (e) {
          assert.ok(e instanceof WasmforgeError, String(e));
          return e.code;
        }
        return 'no error';
      };
      assert.equal(code(() => jpeg.decode(new Uint8Array([1, 2, 3]))), 'JPEG_NOT_JPEG');
      assert.equal(code(() => jpeg.decode(jpegFile('testorig12.jpg'))), 'JPEG_UNSUPPORTED_PRECISION');
      assert.equal(code(() => jpeg.decode(jpegFile('testorig.jpg'), { maxPixels: 1000 })), 'JPEG_TOO_MANY_PIXELS');
      assert.equal(code(() => jpeg.decode(jpegFile('testorig.jpg').subarray(0, 200))), 'JPEG_TRUNCATED_HEADER');
      assert.equal(code(() => jpeg.decode('not bytes')), 'INVALID_ARGUMENT');
      assert.equal(code(() => jpeg.decode(jpegFile('testorig.jpg'), { maxPixels: 0 })), 'INVALID_ARGUMENT');
      // an over-subscribed Huffman table right after SOI, at byte offset 6
      const bad = withSegments(jpegFile('testorig.jpg'), segment(0xc4, [0x00, 3, ...new Uint8Array(15), 1, 2, 3]));
      try {
        jpeg.decode(bad);
        assert.fail('no error');
      } catch (e) {
        assert.equal(e.code, 'JPEG_BAD_HUFFMAN_TABLE');
        assert.equal(e.offset, 6);
      }
      // still usable
      assert.equal(jpeg.decode(jpegFile('testorig.jpg')).width, 227);
    });

    it('gives every backend the same pixels for huge 16-bit quantisation tables', { skip: !PHOTO && missingCorpus('photos') }, () => {
      const file = readBytes(PHOTO);
      for (const scale of [64, 1024]) {
        const img = jpeg.decode(withBigQuantTables(file, scale));
        assert.equal(img.width, 768);
        record(backend, img.data);
      }
    });

    it('survives damaged input (deterministic mutations)', { skip: !JPEG_DIR && missingCorpus('jpeg') }, () => {
      const base = jpegFile('testimgp.jpg');
      const r = randomBytes(4000, 9);
      for (let i = 0; i < 60; i++) {
        const f = base.slice();
        for (let k = 0; k < 4; k++) f[(r[i * 8 + k] * 31 + r[i * 8 + k + 4] * 7919) % f.length] = r[(i * 8 + k + 13) % r.length];
        try {
          const img = jpeg.decode(f, { maxPixels: 1 << 20 });
          assert.equal(img.data.length, img.width * img.height * 4);
        } catch (e) {
          assert.ok(e instanceof WasmforgeError, String(e));
          assert.notEqual(e.code, 'INTERNAL_ERROR');
        }
      }
    });

    it('does not grow Wasm memory over 10,000 decodes and encodes of the same image', () => {
      const width = 40;
      const height = 24;
      const data = new Uint8Array(width * height * 4).map((_, i) => (i * 37) & 255);
      const progressive = jpeg.encode({ width, height, data }, { progressive: true, subsampling: '4:2:0' });
      const reference = jpeg.decode(progressive).data;
      let size = 0;
      for (let i = 0; i < 10_000; i++) {
        const img = jpeg.decode(progressive);
        if (i % 10 === 0) jpeg.encode({ width, height, data }, { quality: 90, progressive: i % 20 === 0 });
        if (i === 5) size = jpeg.memorySize();
        if (i > 5) assert.equal(jpeg.memorySize(), size, `memory grew at call ${i}`);
        if (i % 1000 === 0) assert.deepEqual(img.data, reference);
      }
    });
  });
}

describe('every backend gives the same pixels', () => {
  it('hashes agree', () => {
    const list = [...hashes.values()];
    for (let i = 1; i < list.length; i++) assert.deepEqual(list[i], list[0]);
  });
});
