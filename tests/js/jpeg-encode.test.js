// SPDX-License-Identifier: MIT
// jpeg-encode.test.js: the JPEG encoder (web/jpeg-encode.js), once per backend.
// References: cjpeg (libjpeg-turbo, when installed): our files must be the very
// same bytes as `cjpeg -dct int` at the same settings; jpeg-js (an independent
// JavaScript decoder) must decode them to the right size and quality.
// Every backend must also produce identical bytes.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import jpegjs from 'jpeg-js';
import * as jpeg from '../../web/jpeg.js';
// web/jpeg.js gives both halves one shared core definition (useCore); the
// tests below then run on that shared core, as applications use it.
import * as jpegAll from '../../web/jpeg.js';
import { WasmforgeError } from '../../web/errors.js';
import { backendsFor, corpus, missingCorpus, readBytes, randomBytes } from './support.js';

const BACKENDS = backendsFor('jpeg');
const photos = corpus('photos', /^kodim(05|23)\.png$/);

function loadPhoto(path) {
  const p = pngjs.PNG.sync.read(Buffer.from(readBytes(path)));
  return { width: p.width, height: p.height, data: new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.length) };
}

function crop(img, x0, y0, w, h) {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) data.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + w) * 4), y * w * 4);
  return { width: w, height: h, data };
}

function toPpm(img) {
  const { width: w, height: h, data } = img;
  const header = Buffer.from(`P6\n${w} ${h}\n255\n`);
  const rgb = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    rgb[3 * i] = data[4 * i];
    rgb[3 * i + 1] = data[4 * i + 1];
    rgb[3 * i + 2] = data[4 * i + 2];
  }
  return Buffer.concat([header, rgb]);
}

const cjpegWorks = spawnSync('cjpeg', ['-version']).status === 0;

function cjpeg(ppmPath, o) {
  const args = ['-quality', String(o.quality), '-dct', 'int'];
  if (o.subsampling === 'grey') args.push('-grayscale');
  else args.push('-sample', { '4:4:4': '1x1', '4:2:2': '2x1', '4:2:0': '2x2' }[o.subsampling]);
  if (o.optimize) args.push('-optimize');
  if (o.progressive) args.push('-progressive');
  if (o.restartInterval) args.push('-restart', `${o.restartInterval}B`);
  const r = spawnSync('cjpeg', [...args, ppmPath]);
  assert.equal(r.status, 0, r.stderr && r.stderr.toString());
  return new Uint8Array(r.stdout);
}

function psnr(img, decoded) {
  let se = 0;
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = img.data[i + c] - decoded[i + c];
      se += d * d;
      n++;
    }
  }
  return 10 * Math.log10((255 * 255 * n) / se);
}

const CASES = [
  { quality: 75, subsampling: '4:2:0', optimize: true, progressive: false, restartInterval: 0 },
  { quality: 90, subsampling: '4:4:4', optimize: false, progressive: false, restartInterval: 0 },
  { quality: 50, subsampling: '4:2:2', optimize: true, progressive: true, restartInterval: 0 },
  { quality: 95, subsampling: '4:2:0', optimize: true, progressive: true, restartInterval: 3 },
  { quality: 80, subsampling: 'grey', optimize: true, progressive: false, restartInterval: 0 },
  { quality: 85, subsampling: '4:2:0', optimize: true, progressive: false, restartInterval: 5 },
];

const hashes = new Map(); // backend -> [sha256 of each output, in order]
function record(backend, bytes) {
  if (!hashes.has(backend)) hashes.set(backend, []);
  hashes.get(backend).push(createHash('sha256').update(bytes).digest('hex'));
}

for (const backend of BACKENDS) {
  describe(`jpeg encode on ${backend}`, () => {
    before(async () => {
      assert.equal(await jpeg.init({ backend }), backend);
    });

    it('writes the same bytes as cjpeg (libjpeg-turbo) at the same settings',
      { skip: !photos ? missingCorpus('photos') : !cjpegWorks ? 'cjpeg not installed' : false }, () => {
        const dir = mkdtempSync(join(tmpdir(), 'wf-jpeg-'));
        try {
          for (const { name, path } of photos) {
            const full = loadPhoto(path);
            for (const img of [full, crop(full, 3, 7, 101, 77)]) {
              const ppm = join(dir, 'in.ppm');
              writeFileSync(ppm, toPpm(img));
              for (const o of CASES) {
                const ours = jpeg.encode(img, o);
                record(backend, ours);
                const ref = cjpeg(ppm, o);
                assert.equal(ours.length, ref.length, `${name} ${img.width}x${img.height} ${JSON.stringify(o)}: size`);
                assert.ok(Buffer.from(ours).equals(Buffer.from(ref)), `${name} ${JSON.stringify(o)}: bytes differ`);
              }
            }
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });

    it('decodes with jpeg-js to the right size and quality', { skip: !photos && missingCorpus('photos') }, () => {
      const img = loadPhoto(photos[0].path);
      let last = 0;
      for (const quality of [50, 75, 90, 95]) {
        const out = jpeg.encode(img, { quality, subsampling: '4:4:4' });
        record(backend, out);
        const d = jpegjs.decode(out, { useTArray: true, formatAsRGBA: true });
        assert.equal(d.width, img.width);
        assert.equal(d.height, img.height);
        const p = psnr(img, d.data);
        assert.ok(p > 28 && p > last, `q${quality}: PSNR ${p.toFixed(2)} dB`);
        last = p;
      }
      const grey = jpegjs.decode(jpeg.encode(img, { subsampling: 'grey', progressive: true }), { useTArray: true });
      assert.equal(grey.width, img.width);
    });

    it('accepts Uint8ClampedArray, tiny images and returns a fresh array', () => {
      for (const [w, h] of [[1, 1], [7, 9], [17, 3], [33, 31]]) {
        const data = new Uint8ClampedArray(randomBytes(w * h * 4, w * 31 + h));
        for (const subsampling of ['4:2:0', '4:2:2', '4:4:4', 'grey']) {
          for (const progressive of [false, true]) {
            const out = jpeg.encode({ width: w, height: h, data }, { subsampling, progressive });
            record(backend, out);
            assert.ok(out instanceof Uint8Array);
            assert.equal(out.byteOffset, 0);
            assert.equal(out.buffer.byteLength, out.length, 'not a view of the Wasm heap');
            assert.deepEqual([...out.subarray(0, 2)], [0xff, 0xd8]);
            assert.deepEqual([...out.subarray(-2)], [0xff, 0xd9]);
            const d = jpegjs.decode(out, { useTArray: true });
            assert.deepEqual([d.width, d.height], [w, h]);
          }
        }
      }
    });

    it('grows the output buffer for incompressible images (noise at quality 100)', () => {
      const w = 120;
      const h = 80;
      const data = randomBytes(w * h * 4, 99);
      for (const progressive of [false, true]) {
        const out = jpeg.encode({ width: w, height: h, data }, { quality: 100, subsampling: '4:4:4', progressive, optimize: false });
        record(backend, out);
        assert.ok(out.length > w * h * 1.5, `size ${out.length}`);
        const d = jpegjs.decode(out, { useTArray: true });
        assert.ok(psnr({ data }, d.data) > 40);
      }
    });

    it('round-trips through web/jpeg.js (one module for encoder and decoder)', () => {
      assert.equal(jpegAll.backend(), backend);
      const w = 64;
      const h = 48;
      const data = new Uint8Array(w * h * 4);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) data.set([x * 4, y * 5, (x + y) * 2, 255], (y * w + x) * 4);
      }
      const out = jpegAll.encode({ width: w, height: h, data }, { quality: 90, subsampling: '4:4:4' });
      const back = jpegAll.decode(out);
      assert.deepEqual([back.width, back.height], [w, h]);
      const mine = jpegjs.decode(out, { useTArray: true });
      assert.ok(psnr({ data }, back.data) > 38 && psnr({ data }, mine.data) > 38);
    });

    it('rejects invalid arguments with WasmforgeError', () => {
      const img = { width: 4, height: 4, data: new Uint8Array(64) };
      const bad = [
        [null, undefined],
        [{ width: 0, height: 4, data: new Uint8Array(0) }, undefined],
        [{ width: 65536, height: 1, data: new Uint8Array(65536 * 4) }, undefined],
        [{ width: 4, height: 4, data: new Uint8Array(63) }, undefined],
        [{ width: 4, height: 4, data: [1, 2, 3] }, undefined],
        [img, { quality: 0 }],
        [img, { quality: 101 }],
        [img, { quality: 7.5 }],
        [img, { subsampling: '4:1:1' }],
        [img, { restartInterval: 65536 }],
        [img, { restartInterval: -1 }],
        [img, { progressive: 'yes' }],
      ];
      for (const [image, options] of bad) {
        assert.throws(() => jpeg.encode(image, options), (e) => e instanceof WasmforgeError && e.code === 'INVALID_ARGUMENT',
          JSON.stringify(options));
      }
      // still usable afterwards
      assert.ok(jpeg.encode(img).length > 100);
    });
  });
}

it('every backend writes identical bytes', { skip: BACKENDS.length < 2 && 'only one backend' }, () => {
  const [first, ...rest] = [...hashes.keys()];
  for (const b of rest) assert.deepEqual(hashes.get(b), hashes.get(first), `${b} vs ${first}`);
});
