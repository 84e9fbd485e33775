// SPDX-License-Identifier: MIT
// resize.test.js: wasmforge/resize once per backend: resize() against the
// double-precision reference (tests/js/resize-reference.js; at most 1 level
// per channel) for every filter, RGBA8 and RGBA16, linear and gamma; the
// properties (constant stays constant, identity is a copy, transparent pixels
// lend no colour); fit, crop, output; rotate/flip/orient against per-pixel
// mappings; error codes. Every backend must also give identical pixels.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as rz from '../../web/resize.js';
import { WasmforgeError } from '../../web/errors.js';
import { backendsFor, corpus, readBytes, randomBytes } from './support.js';
import { referenceResize, psnr } from './resize-reference.js';
import * as png from '../../web/png.js';

const BACKENDS = backendsFor('resize');

function noise(width, height, depth, seed, alpha = 'mixed') {
  const bytes = randomBytes(width * height * 4 * (depth / 8), seed);
  const data = depth === 8 ? new Uint8ClampedArray(bytes.buffer) : new Uint16Array(bytes.buffer);
  const max = depth === 8 ? 255 : 65535;
  for (let i = 3; i < data.length; i += 4) {
    if (alpha === 'opaque') data[i] = max;
    else if (data[i] % 4 === 0) data[i] = 0;
    else if (data[i] % 4 === 1) data[i] = max;
  }
  return { width, height, data };
}

function maxDiff(got, want) {
  let worst = 0;
  for (let i = 0; i < got.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (c < 3 && (got[i + 3] === 0 || want[i + 3] === 0)) continue; // colour under alpha 0 is (0,0,0)
      worst = Math.max(worst, Math.abs(got[i + c] - want[i + c]));
    }
  }
  return worst;
}

function expectCode(fn, code) {
  assert.throws(fn, (e) => e instanceof WasmforgeError && e.code === code, `expected ${code}`);
}

// where input pixel (x, y) lands for each EXIF orientation
function orientedPos(o, w, h, x, y) {
  return [null, [x, y], [w - 1 - x, y], [w - 1 - x, h - 1 - y], [x, h - 1 - y], [y, x], [h - 1 - y, x],
    [h - 1 - y, w - 1 - x], [y, w - 1 - x]][o];
}

const digests = {}; // backend -> [sha256 of every result, in order]

for (const backend of BACKENDS) {
  describe(`wasmforge/resize on ${backend}`, () => {
    const record = (img) => {
      (digests[backend] ||= []).push(createHash('sha256').update(new Uint8Array(img.data.buffer, img.data.byteOffset,
        img.data.byteLength)).digest('hex'));
      return img;
    };

    before(async () => {
      assert.equal(await rz.init({ backend }), backend);
    });

    it('reports the active backend', () => assert.equal(rz.backend(), backend));

    it('matches the double-precision reference within 1 level: every filter, depth and light', () => {
      const cases = [[37, 23, 10, 50], [60, 45, 13, 7], [9, 7, 31, 26], [40, 40, 40, 17], [300, 2, 1, 1]];
      let seed = 1;
      for (const filter of rz.FILTERS) {
        for (const depth of [8, 16]) {
          for (const linear of [true, false]) {
            for (const [sw, sh, width, height] of cases) {
              const image = noise(sw, sh, depth, seed++);
              const got = record(rz.resize(image, { width, height, filter, linear }));
              const want = referenceResize(image, { width, height, filter, linear });
              assert.equal(got.width, width);
              assert.equal(got.height, height);
              assert.ok(got.data instanceof (depth === 8 ? Uint8ClampedArray : Uint16Array));
              const d = maxDiff(got.data, want.data);
              assert.ok(d <= 1, `${filter} rgba${depth} ${linear ? 'linear' : 'gamma'} ${sw}x${sh}->${width}x${height}: ${d}`);
            }
          }
        }
      }
    });

    // Opaque RGBA8 takes the fixed-point path (core/resize/resize_fixed.c): 16-bit
    // samples and weights. Its worst cases: full-range noise (the largest rounding
    // of the weights), ratios up to its tap limit, and one axis unchanged.
    it('matches the reference within 1 level on opaque RGBA8 (the fixed-point path)', () => {
      const cases = [[37, 23, 10, 50], [60, 45, 13, 7], [9, 7, 31, 26], [40, 40, 40, 17], [300, 2, 1, 1],
        [403, 31, 160, 12], [200, 200, 23, 17], [64, 48, 64, 19], [17, 13, 101, 13], [5, 5, 4, 4]];
      let seed = 1000;
      for (const filter of rz.FILTERS) {
        for (const linear of [true, false]) {
          for (const [sw, sh, width, height] of cases) {
            const image = noise(sw, sh, 8, seed++, 'opaque');
            const got = record(rz.resize(image, { width, height, filter, linear }));
            const want = referenceResize(image, { width, height, filter, linear });
            const d = maxDiff(got.data, want.data);
            assert.ok(d <= 1, `${filter} opaque ${linear ? 'linear' : 'gamma'} ${sw}x${sh}->${width}x${height}: ${d}`);
            for (let i = 3; i < got.data.length; i += 4) assert.equal(got.data[i], 255);
          }
        }
      }
      // a constant opaque image stays exactly constant, dark and bright
      for (const px of [[0, 1, 2, 255], [254, 255, 128, 255], [3, 200, 77, 255]]) {
        const data = new Uint8ClampedArray(31 * 17 * 4).map((_, i) => px[i % 4]);
        for (const filter of rz.FILTERS) {
          for (const linear of [true, false]) {
            const out = rz.resize({ width: 31, height: 17, data }, { width: 12, height: 40, filter, linear });
            assert.ok(out.data.every((v, i) => v === px[i % 4]), `${filter} ${px} ${linear}`);
          }
        }
      }
    });

    // Opaque RGBA8 is streamed into Wasm memory a run of rows at a time
    // (wf_resize_stream_*: 256 KB of source rows per push; 31 rows of a
    // 2100-pixel row): many pushes, crops, and an alpha pixel in the last row
    // (the stream stops, wf_resize takes the whole source) give the reference.
    it('streams wide opaque images (many pushes, crops, alpha found late)', () => {
      let seed = 7000;
      const cases = [[2100, 130, null, 700, 41], [2100, 130, { x: 17, y: 9, width: 1900, height: 111 }, 613, 97],
        [2100, 130, { x: 5, y: 3, width: 90, height: 120 }, 45, 131], [2100, 130, null, 2100, 29]];
      for (const [sw, sh, crop, width, height] of cases) {
        for (const late of [false, true]) {
          const image = noise(sw, sh, 8, seed++, 'opaque');
          const c = crop || { x: 0, y: 0, width: sw, height: sh };
          if (late) image.data[((c.y + c.height - 1) * sw + c.x + 3) * 4 + 3] = 254;
          const opts = { width, height, filter: 'lanczos3', ...(crop ? { crop } : {}) };
          const got = record(rz.resize(image, opts));
          const want = referenceResize(image, opts);
          const d = maxDiff(got.data, want.data);
          assert.ok(d <= 1, `${sw}x${sh} ${JSON.stringify(crop)} -> ${width}x${height}${late ? ' (alpha)' : ''}: ${d}`);
        }
      }
    });

    it('matches the reference on a photo (down and up)', (t) => {
      const photos = corpus('photos', /^kodim23\.png$/);
      if (!photos || !photos.length) return t.skip('photos corpus missing');
      return png.init().then(() => {
        const photo = png.decode(readBytes(photos[0].path));
        const crop = { x: 100, y: 50, width: 300, height: 200 };
        for (const [width, height] of [[97, 61], [450, 333]]) {
          const got = record(rz.resize(photo, { width, height, crop }));
          const want = referenceResize(photo, { width, height, crop });
          assert.ok(maxDiff(got.data, want.data) <= 1, `${width}x${height}`);
          assert.ok(psnr(got.data, want.data) > 55);
        }
      });
    });

    it('keeps a constant image constant', () => {
      for (const filter of rz.FILTERS) {
        for (const depth of [8, 16]) {
          const px = depth === 8 ? [200, 13, 77, 131] : [51234, 300, 9999, 40000];
          const data = depth === 8 ? new Uint8ClampedArray(23 * 19 * 4) : new Uint16Array(23 * 19 * 4);
          for (let i = 0; i < data.length; i++) data[i] = px[i % 4];
          for (const linear of [true, false]) {
            const out = rz.resize({ width: 23, height: 19, data }, { width: 50, height: 8, filter, linear });
            assert.ok(out.data.every((v, i) => v === px[i % 4]), `${filter} ${depth} ${linear}`);
          }
        }
      }
    });

    it('copies exactly when the size does not change (also under a crop)', () => {
      const image = noise(30, 20, 8, 99);
      const out = rz.resize(image, { width: 30, height: 20 });
      assert.deepEqual(out.data, new Uint8ClampedArray(image.data));
      assert.notEqual(out.data.buffer, image.data.buffer);
      const crop = { x: 3, y: 4, width: 10, height: 7 };
      const cropped = rz.resize(image, { width: 10, height: 7, crop });
      for (let y = 0; y < 7; y++) {
        assert.deepEqual(cropped.data.subarray(y * 40, y * 40 + 40),
          image.data.subarray(((y + 4) * 30 + 3) * 4, ((y + 4) * 30 + 13) * 4));
      }
    });

    it('lends no colour from fully transparent pixels and draws no dark halo', () => {
      const w = 40;
      const h = 6;
      const data = new Uint8ClampedArray(w * h * 4);
      for (let i = 0; i < w * h; i++) {
        const left = i % w < w / 2;
        data.set(left ? [255, 0, 0, 0] : [0, 0, 255, 255], i * 4);
      }
      for (const filter of rz.FILTERS) {
        for (const [width, height] of [[13, 3], [97, 11]]) {
          const out = rz.resize({ width: w, height: h, data }, { width, height, filter }).data;
          for (let i = 0; i < out.length; i += 4) {
            assert.equal(out[i], 0, `${filter}: red at pixel ${i / 4}`);
            if (out[i + 3] > 0) assert.equal(out[i + 2], 255, `${filter}: blue darkened at pixel ${i / 4}`);
          }
        }
      }
    });

    it('averages 6000 pixels to 1 (box: the mean in linear light)', () => {
      const image = noise(6000, 1, 8, 5, 'opaque');
      const out = rz.resize(image, { width: 1, height: 1, filter: 'box' });
      const want = referenceResize(image, { width: 1, height: 1, filter: 'box' });
      assert.ok(maxDiff(out.data, want.data) <= 1);
      const lanczos = rz.resize(image, { width: 1, height: 1 });
      assert.ok(maxDiff(lanczos.data, referenceResize(image, { width: 1, height: 1 }).data) <= 1);
    });

    it('crop reads only the rectangle: same as resizing a copy of it', () => {
      const image = noise(50, 40, 8, 17);
      const crop = { x: 7, y: 5, width: 30, height: 21 };
      const copy = new Uint8ClampedArray(30 * 21 * 4);
      for (let y = 0; y < 21; y++) copy.set(image.data.subarray(((y + 5) * 50 + 7) * 4, ((y + 5) * 50 + 37) * 4), y * 120);
      const a = rz.resize(image, { width: 11, height: 9, crop });
      const b = rz.resize({ width: 30, height: 21, data: copy }, { width: 11, height: 9 });
      assert.deepEqual(a.data, b.data);
    });

    it('fit: fill, inside, cover, contain and one given dimension', () => {
      assert.deepEqual(rz.targetSize(4000, 3000, { width: 1600 }), { width: 1600, height: 1200 });
      assert.deepEqual(rz.targetSize(4000, 3000, { height: 300 }), { width: 400, height: 300 });
      assert.deepEqual(rz.targetSize(4000, 3000, { width: 500, height: 500, fit: 'inside' }), { width: 500, height: 375 });
      assert.deepEqual(rz.targetSize(4000, 3000, { width: 500, height: 500, fit: 'cover' }), { width: 500, height: 500 });
      assert.deepEqual(rz.targetSize(4000, 3000, { width: 500, height: 500, fit: 'contain' }), { width: 500, height: 500 });
      assert.deepEqual(rz.targetSize(4000, 3000, { width: 500, height: 500 }), { width: 500, height: 500 });
      assert.deepEqual(rz.targetSize(6000, 1, { width: 10 }), { width: 10, height: 1 });
      const image = noise(40, 20, 8, 23, 'opaque');
      // cover: the centre 20x20 resized to 10x10
      const cover = rz.resize(image, { width: 10, height: 10, fit: 'cover' });
      const centre = rz.resize(image, { width: 10, height: 10, crop: { x: 10, y: 0, width: 20, height: 20 } });
      assert.deepEqual(cover.data, centre.data);
      // contain: the 10x5 'inside' image centred on the background
      const contain = rz.resize(image, { width: 10, height: 10, fit: 'contain', background: [1, 2, 3, 4] });
      const inside = rz.resize(image, { width: 10, height: 10, fit: 'inside' });
      assert.equal(inside.width, 10);
      assert.equal(inside.height, 5);
      for (let y = 0; y < 10; y++) {
        for (let x = 0; x < 10; x++) {
          const got = Array.from(contain.data.subarray((y * 10 + x) * 4, (y * 10 + x) * 4 + 4));
          const inner = y >= 2 && y < 7;
          const want = inner ? Array.from(inside.data.subarray(((y - 2) * 10 + x) * 4, ((y - 2) * 10 + x) * 4 + 4)) : [1, 2, 3, 4];
          assert.deepEqual(got, want, `${x},${y}`);
        }
      }
      const contain16 = rz.resize(noise(40, 20, 16, 2), { width: 4, height: 4, fit: 'contain', background: [9, 8, 7, 65535] });
      assert.deepEqual(Array.from(contain16.data.subarray(0, 4)), [9, 8, 7, 65535]);
    });

    it('writes into options.output and returns a view of it', () => {
      const image = noise(30, 20, 8, 3);
      const fresh = rz.resize(image, { width: 12, height: 8 });
      assert.equal(fresh.data.byteLength, fresh.data.buffer.byteLength); // its own buffer, not Wasm memory
      const output = new Uint8Array(12 * 8 * 4 + 10);
      const out = rz.resize(image, { width: 12, height: 8, output });
      assert.equal(out.data.buffer, output.buffer);
      assert.ok(out.data instanceof Uint8ClampedArray);
      assert.equal(out.data.length, 12 * 8 * 4);
      assert.deepEqual(out.data, fresh.data);
      expectCode(() => rz.resize(image, { width: 12, height: 8, output: new Uint8Array(10) }), 'BUFFER_TOO_SMALL');
      expectCode(() => rz.resize(image, { width: 12, height: 8, output: new Uint16Array(500) }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(image, { width: 12, height: 8, output: [] }), 'INVALID_ARGUMENT');
      const image16 = noise(30, 20, 16, 3);
      const out16 = new Uint16Array(12 * 8 * 4);
      assert.equal(rz.resize(image16, { width: 12, height: 8, output: out16 }).data.buffer, out16.buffer);
      assert.deepEqual(out16, rz.resize(image16, { width: 12, height: 8 }).data);
      const rotated = new Uint8ClampedArray(30 * 20 * 4);
      assert.equal(rz.rotate(image, 90, { output: rotated }).data.buffer, rotated.buffer);
      expectCode(() => rz.flip(image, 'vertical', { output: new Uint8Array(4) }), 'BUFFER_TOO_SMALL');
    });

    it('rotates, flips and applies every EXIF orientation losslessly (RGBA8 and RGBA16)', () => {
      for (const depth of [8, 16]) {
        for (const [w, h] of [[1, 1], [5, 3], [33, 70]]) {
          const image = noise(w, h, depth, w * h + depth);
          for (let o = 1; o <= 8; o++) {
            const out = record(rz.orient(image, o));
            assert.deepEqual([out.width, out.height], o >= 5 ? [h, w] : [w, h]);
            for (let y = 0; y < h; y++) {
              for (let x = 0; x < w; x++) {
                const [ox, oy] = orientedPos(o, w, h, x, y);
                for (let c = 0; c < 4; c++) {
                  assert.equal(out.data[(oy * out.width + ox) * 4 + c], image.data[(y * w + x) * 4 + c], `o${o} ${x},${y}`);
                }
              }
            }
          }
          assert.deepEqual(rz.rotate(image, 90).data, rz.orient(image, 6).data);
          assert.deepEqual(rz.rotate(image, -90).data, rz.orient(image, 8).data);
          assert.deepEqual(rz.rotate(image, 540).data, rz.orient(image, 3).data);
          assert.deepEqual(rz.rotate(image, 0).data, image.data);
          assert.deepEqual(rz.flip(image, 'horizontal').data, rz.orient(image, 2).data);
          assert.deepEqual(rz.flip(image, 'vertical').data, rz.orient(image, 4).data);
          let r = image;
          for (let i = 0; i < 4; i++) r = rz.rotate(r, 90);
          assert.deepEqual(r.data, image.data);
        }
      }
    });

    it('rejects bad input with stable codes and stays usable', () => {
      const image = noise(8, 8, 8, 1);
      expectCode(() => rz.resize(image, { width: 0, height: 4 }), 'RESIZE_BAD_DIMENSIONS');
      expectCode(() => rz.resize({ width: 0, height: 4, data: new Uint8Array(0) }, { width: 2 }), 'RESIZE_BAD_DIMENSIONS');
      expectCode(() => rz.resize(image, { width: -1 }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(image, { width: 2.5 }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(image, { width: '4' }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(image, {}), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(image), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(null, { width: 2 }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize({ width: 8, height: 8, data: [1, 2, 3] }, { width: 2 }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize({ width: 8, height: 8, data: new Float32Array(256) }, { width: 2 }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize({ width: 8, height: 8, data: new Uint8Array(255) }, { width: 2 }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(image, { width: 2, filter: 'bicubic' }), 'RESIZE_BAD_FILTER');
      expectCode(() => rz.resize(image, { width: 2, fit: 'stretch' }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(image, { width: 2, linear: 'yes' }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(image, { width: 2, crop: { x: 4, y: 0, width: 5, height: 2 } }), 'RESIZE_BAD_CROP');
      expectCode(() => rz.resize(image, { width: 2, crop: { x: 0, y: 0, width: 0, height: 2 } }), 'RESIZE_BAD_CROP');
      expectCode(() => rz.resize(image, { width: 2, crop: { x: 0, y: 0, width: 2 } }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(image, { width: 100000, height: 100000 }), 'RESIZE_TOO_LARGE');
      expectCode(() => rz.resize(image, { width: 10, height: 10, maxPixels: 99 }), 'RESIZE_TOO_LARGE');
      expectCode(() => rz.resize(image, { width: 4, height: 4, maxPixels: 63 }), 'RESIZE_TOO_LARGE'); // the 8x8 source
      expectCode(() => rz.resize(image, { width: 4, height: 4, maxPixels: 0 }), 'INVALID_ARGUMENT');
      expectCode(() => rz.resize(image, { width: 4, height: 4, fit: 'contain', background: [1, 2, 3] }), 'INVALID_ARGUMENT');
      expectCode(() => rz.orient(image, 9), 'RESIZE_BAD_ORIENTATION');
      expectCode(() => rz.orient(image, 0), 'RESIZE_BAD_ORIENTATION');
      expectCode(() => rz.rotate(image, 45), 'INVALID_ARGUMENT');
      expectCode(() => rz.flip(image, 'diagonal'), 'INVALID_ARGUMENT');
      expectCode(() => rz.targetSize(0, 5, { width: 3 }), 'RESIZE_BAD_DIMENSIONS');
      // still usable, and repeated calls do not grow the memory
      assert.equal(rz.resize(image, { width: 4 }).width, 4);
      const big = noise(300, 200, 8, 4);
      rz.resize(big, { width: 150 });
      const before = rz.memorySize();
      for (let i = 0; i < 5; i++) rz.resize(big, { width: 150 });
      assert.equal(rz.memorySize(), before);
    });
  });
}

describe('wasmforge/resize across backends', () => {
  it('gives identical pixels on every backend', { skip: BACKENDS.length < 2 && 'only one backend' }, () => {
    const [first, ...rest] = BACKENDS;
    assert.ok(digests[first] && digests[first].length > 100, 'the per-backend tests recorded their results');
    for (const b of rest) assert.deepEqual(digests[b], digests[first], `${b} differs from ${first}`);
  });
});
