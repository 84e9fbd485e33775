// SPDX-License-Identifier: MIT
// webp.test.js: the WebP decoder (web/webp.js), once per backend. Reference:
// ../shared/data/webp/manifest.tsv, whose hashes are of Debian's `dwebp -pam`
// output (fancy and -nofancy upsampling) and of libwebp's WebPAnimDecoder
// frames: our pixels must hash the same. Hostile input must fail with a
// WEBP_* code and an offset, never crash, and leave the module usable.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as webp from '../../web/webp.js';
import * as image from '../../web/image.js';
import * as png from '../../web/png.js';
import { WasmforgeError } from '../../web/errors.js';
import { backendsFor, corpus, dataDir, missingCorpus, readBytes } from './support.js';

const BACKENDS = backendsFor('webp');
const DATA = dataDir();
const WEBP_DIR = DATA && existsSync(join(DATA, 'webp/manifest.tsv')) ? join(DATA, 'webp') : null;
const PNGSUITE = corpus('pngsuite', /^[^x].*\.png$/);
const PHOTOS = corpus('photos', /\.png$/);
// The encoder's bytes must be the same on every backend: the first backend's hash of each case.
const encodedHashes = new Map();

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

// Visible pixels equal: alpha everywhere, RGB where alpha is not 0.
function sameVisible(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i + 3] !== b[i + 3]) return false;
    if (a[i + 3] !== 0 && (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2])) return false;
  }
  return true;
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function manifest() {
  const lines = readFileSync(join(WEBP_DIR, 'manifest.tsv'), 'utf8').trim().split('\n');
  const head = lines[0].split('\t');
  return lines.slice(1).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [head[i], v])));
}

function pamSha256(width, height, rgba) {
  const h = createHash('sha256');
  h.update(`P7\nWIDTH ${width}\nHEIGHT ${height}\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n`);
  h.update(rgba);
  return h.digest('hex');
}

function expectWebpError(fn, what) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof WasmforgeError, `${what}: ${e}`);
    assert.match(e.code, /^(WEBP_|OUT_OF_MEMORY$)/, `${what}: ${e.code}`);
    if (e.code.startsWith('WEBP_')) assert.equal(typeof e.offset, 'number', `${what}: offset`);
    return e;
  }
  return null;
}

function le32(v) {
  return [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24];
}

for (const backend of BACKENDS) {
  describe(`webp (${backend})`, () => {
    before(async () => {
      assert.equal(await webp.init({ backend }), backend);
      if (!png.backend()) await png.init(); // decodes the encoder's test images
    });

    it('decodes every corpus file to the pixels of dwebp (fancy and -nofancy) and WebPAnimDecoder',
      { skip: !WEBP_DIR && missingCorpus('webp') }, () => {
        let checked = 0;
        for (const row of manifest()) {
          const bytes = readBytes(join(WEBP_DIR, row.file));
          const header = webp.readHeader(bytes);
          assert.equal(header.width, Number(row.width), `${row.file}: width`);
          assert.equal(header.height, Number(row.height), `${row.file}: height`);
          assert.equal(header.hasAlpha, row.has_alpha === '1', `${row.file}: hasAlpha`);
          assert.equal(header.animated, row.animated === '1', `${row.file}: animated`);
          if (row.animated === '1') {
            const anim = webp.decodeFrames(bytes);
            assert.equal(anim.frames.length, Number(row.frames), `${row.file}: frames`);
            assert.equal(header.format, 'mixed');
            const h = createHash('sha256');
            for (const f of anim.frames) h.update(f.data);
            assert.equal(h.digest('hex'), row.anim_rgba_sha256, `${row.file}: composited frames`);
          } else {
            assert.equal(header.format, row.lossless === 'yes' ? 'lossless' : 'lossy', `${row.file}: format`);
            const fancy = webp.decode(bytes);
            assert.equal(pamSha256(fancy.width, fancy.height, fancy.data), row.sha256_pam, `${row.file}: fancy`);
            const plain = webp.decode(bytes, { fancyUpsampling: false });
            assert.equal(pamSha256(plain.width, plain.height, plain.data), row.sha256_pam_nofancy, `${row.file}: nofancy`);
          }
          checked++;
        }
        assert.equal(checked, 96);
      });

    it('decodeFrames gives a still image as one frame, and the frames of an animation',
      { skip: !WEBP_DIR && missingCorpus('webp') }, () => {
        const still = webp.decodeFrames(readBytes(join(WEBP_DIR, 'test.webp')));
        assert.equal(still.frames.length, 1);
        assert.deepEqual(still.frames[0].data, webp.decode(readBytes(join(WEBP_DIR, 'test.webp'))).data);
        const anim = webp.decodeFrames(readBytes(join(WEBP_DIR, 'gen-anim-3frames-mixed.webp')));
        assert.equal(anim.width, 96);
        assert.equal(anim.height, 64);
        assert.equal(anim.loopCount, 0);
        for (const f of anim.frames) {
          assert.ok(f.duration >= 0 && f.x + f.width <= 96 && f.y + f.height <= 64);
          assert.ok(f.dispose === 'none' || f.dispose === 'background');
        }
        // decode() of an animation is its first frame
        assert.deepEqual(webp.decode(readBytes(join(WEBP_DIR, 'gen-anim-3frames-mixed.webp'))).data, anim.frames[0].data);
      });

    it('decodes into a caller-owned output array, or reports BUFFER_TOO_SMALL',
      { skip: !WEBP_DIR && missingCorpus('webp') }, () => {
        const bytes = readBytes(join(WEBP_DIR, 'lossless1.webp'));
        const ref = webp.decode(bytes);
        const output = new Uint8ClampedArray(ref.data.length + 16);
        const r = webp.decode(bytes, { output });
        assert.equal(r.data.buffer, output.buffer);
        assert.deepEqual(r.data, ref.data);
        assert.throws(() => webp.decode(bytes, { output: new Uint8Array(16) }), (e) => e.code === 'BUFFER_TOO_SMALL');
        assert.throws(() => webp.decode(bytes, { fancyUpsampling: 'no' }), (e) => e.code === 'INVALID_ARGUMENT');
        assert.throws(() => webp.decode(bytes, { maxPixels: 0 }), (e) => e.code === 'INVALID_ARGUMENT');
        assert.throws(() => webp.decode(bytes, { maxPixels: 1000 }), (e) => e.code === 'WEBP_TOO_MANY_PIXELS');
      });

    it('rejects truncated and damaged files with a code and an offset, and stays usable',
      { skip: !WEBP_DIR && missingCorpus('webp') }, () => {
        const files = ['test.webp', 'lossless1.webp', 'lossy_alpha1.webp', 'alpha_filter_3_method_1.webp',
          'vp80-04-partitions-1404.webp', 'gen-anim-3frames-mixed.webp'];
        for (const name of files) {
          const bytes = readBytes(join(WEBP_DIR, name));
          for (let cut = 0; cut < bytes.length - 1; cut += Math.max(1, bytes.length >> 5)) {
            const e = expectWebpError(() => webp.decodeFrames(bytes.subarray(0, cut)), `${name} cut at ${cut}`);
            assert.ok(e, `${name} cut at ${cut} decoded`);
            assert.ok(e.offset === undefined || e.offset <= cut, `${name} cut at ${cut}: offset ${e.offset}`);
          }
          let x = 0x9e3779b9;
          for (let i = 0; i < 20; i++) {
            const copy = bytes.slice();
            for (let k = 0; k < 3; k++) {
              x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
              copy[12 + (x % (copy.length - 12))] ^= 1 << (x & 7);
            }
            expectWebpError(() => webp.decodeFrames(copy), `${name} flip ${i}`);
          }
        }
        // still works afterwards
        const ok = webp.decode(readBytes(join(WEBP_DIR, 'test.webp')));
        assert.equal(ok.width, 128);
      });

    it('refuses bad RIFF sizes, a huge canvas before allocating it, and frames outside the canvas', () => {
      assert.throws(() => webp.decode(new Uint8Array(0)), (e) => e.code === 'WEBP_NOT_WEBP' && e.offset === 0);
      const riff = (chunks) => {
        const body = [...new TextEncoder().encode('WEBP'), ...chunks];
        return new Uint8Array([...new TextEncoder().encode('RIFF'), ...le32(body.length), ...body]);
      };
      const chunk = (tag, payload) => [...new TextEncoder().encode(tag), ...le32(payload.length), ...payload,
        ...(payload.length & 1 ? [0] : [])];
      // a 1x1 lossless image: header, then no transform/cache/meta and five one-symbol codes
      const vp8l = [0x2f, 0, 0, 0, 0, 0x28, 0x40, 0x01, 0x0a, 0xd0, 0xff, 0x02, 0x00];
      const tiny = riff(chunk('VP8L', vp8l));
      const px = webp.decode(tiny);
      assert.equal(px.width, 1);
      const bad = tiny.slice();
      bad.set(le32(4), 4);
      assert.throws(() => webp.decode(bad), (e) => e.code === 'WEBP_BAD_RIFF_SIZE' && e.offset === 4);
      bad.set(le32(tiny.length), 4);
      assert.throws(() => webp.decode(bad), (e) => e.code === 'WEBP_TRUNCATED');
      const vp8x = (w, h) => [0x12, 0, 0, 0, ...le32(w - 1).slice(0, 3), ...le32(h - 1).slice(0, 3)];
      const anmf = (x, y) => [...le32(x / 2).slice(0, 3), ...le32(y / 2).slice(0, 3), 0, 0, 0, 0, 0, 0, 100, 0, 0, 0,
        ...chunk('VP8L', vp8l)];
      const huge = riff([...chunk('VP8X', vp8x(16384, 16384)), ...chunk('ANIM', [0, 0, 0, 0, 0, 0]),
        ...chunk('ANMF', anmf(0, 0))]);
      assert.equal(webp.readHeader(huge).width, 16384);
      const before = webp.memorySize();
      assert.throws(() => webp.decode(huge), (e) => e.code === 'WEBP_TOO_MANY_PIXELS');
      assert.throws(() => webp.decodeFrames(huge), (e) => e.code === 'WEBP_TOO_MANY_PIXELS');
      assert.ok(webp.memorySize() - before < 64 << 20, 'no canvas-sized allocation');
      const outside = riff([...chunk('VP8X', vp8x(2, 2)), ...chunk('ANIM', [0, 0, 0, 0, 0, 0]),
        ...chunk('ANMF', anmf(2, 0))]);
      assert.throws(() => webp.readHeader(outside), (e) => e.code === 'WEBP_BAD_FRAME');
      const inside = riff([...chunk('VP8X', vp8x(2, 2)), ...chunk('ANIM', [0, 0, 0, 0, 3, 0]),
        ...chunk('ANMF', anmf(0, 0))]);
      const frames = webp.decodeFrames(inside);
      assert.equal(frames.loopCount, 3);
      assert.equal(frames.frames.length, 1);
      assert.equal(frames.frames[0].duration, 100);
      assert.deepEqual([...frames.frames[0].data.subarray(0, 8)], [0, 0, 0, 255, 0, 0, 0, 0]);
    });

    it('wasmforge/image sniffs WebP and routes to this decoder', { skip: !WEBP_DIR && missingCorpus('webp') }, async () => {
      await image.init({ backend });
      const bytes = readBytes(join(WEBP_DIR, 'lossy_alpha1.webp'));
      assert.equal(image.sniff(bytes), 'image/webp');
      const viaImage = image.decode(bytes);
      assert.equal(viaImage.type, 'image/webp');
      assert.deepEqual(viaImage.data, webp.decode(bytes).data);
    });

    it('encodes every PngSuite image losslessly (exact and not) and decodes the same pixels',
      { skip: !PNGSUITE && missingCorpus('pngsuite') }, () => {
        const h = createHash('sha256');
        PNGSUITE.forEach(({ name, path }, i) => {
          const img = png.decode(readBytes(path));
          const exact = webp.encode(img, { exact: true, effort: i % 10 });
          assert.ok(exact instanceof Uint8Array);
          assert.equal(String.fromCharCode(...exact.subarray(8, 16)), 'WEBPVP8L', name);
          const back = webp.decode(exact);
          assert.equal(back.meta.format, 'lossless');
          assert.ok(sameBytes(back.data, img.data), `${name} effort ${i % 10} exact`);
          const loose = webp.encode(img);
          assert.ok(sameVisible(webp.decode(loose).data, img.data), `${name} exact: false`);
          h.update(exact).update(loose);
        });
        const key = 'pngsuite';
        if (!encodedHashes.has(key)) encodedHashes.set(key, h.digest('hex'));
        else assert.equal(h.digest('hex'), encodedHashes.get(key), 'same bytes as the first backend');
      });

    it('lossy-encodes a photo to the same bytes on every backend (SIMD = scalar)', { skip: !PHOTOS && missingCorpus('photos') }, () => {
      const full = png.decode(readBytes(PHOTOS.find((f) => f.name === 'kodim23.png').path));
      // a 200x136 crop (not whole macroblocks), from (300, 200)
      const w = 200;
      const hh = 136;
      const data = new Uint8Array(w * hh * 4);
      for (let y = 0; y < hh; y++) data.set(full.data.subarray(((200 + y) * full.width + 300) * 4, ((200 + y) * full.width + 300 + w) * 4), y * w * 4);
      const h = createHash('sha256');
      for (const [quality, effort] of [[10, 4], [50, 0], [75, 2], [75, 4], [90, 6], [100, 4]]) {
        const out = webp.encode({ width: w, height: hh, data }, { lossless: false, quality, effort });
        assert.equal(webp.decode(out).width, w);
        h.update(out);
      }
      h.update(webp.encode(full, { lossless: false })); // the whole photo at the defaults
      const key = 'lossy-photo';
      if (!encodedHashes.has(key)) encodedHashes.set(key, h.digest('hex'));
      else assert.equal(h.digest('hex'), encodedHashes.get(key), 'same bytes as the first backend');
    });

    it('encodes a photo smaller than PNG, same bytes on every backend', { skip: !PHOTOS && missingCorpus('photos') }, () => {
      const img = png.decode(readBytes(PHOTOS.find((f) => f.name === 'kodim23.png').path));
      const out = webp.encode(img, { effort: 2 });
      assert.ok(sameBytes(webp.decode(out).data, img.data));
      assert.ok(out.length < png.encode(img).length, 'smaller than our PNG');
      const key = 'photo';
      if (!encodedHashes.has(key)) encodedHashes.set(key, sha256(out));
      else assert.equal(sha256(out), encodedHashes.get(key), 'same bytes as the first backend');
      // the caller's output array
      const output = new Uint8Array(out.length + 10);
      const into = webp.encode(img, { effort: 2, output });
      assert.equal(into.buffer, output.buffer);
      assert.ok(sameBytes(into, out));
    });

    it('writes ICC, EXIF and XMP chunks (VP8X) and reads them back', () => {
      const data = new Uint8Array(7 * 5 * 4).map((_, i) => (i * 37) & 255);
      const meta = { icc: new Uint8Array([1, 2, 3]), exif: new Uint8Array([0x49, 0x49, 42, 0]), xmp: new TextEncoder().encode('<x/>') };
      const out = webp.encode({ width: 7, height: 5, data }, { meta, exact: true });
      assert.equal(String.fromCharCode(...out.subarray(12, 16)), 'VP8X');
      const back = webp.decode(out);
      assert.deepEqual([...back.meta.icc], [...meta.icc]);
      assert.deepEqual([...back.meta.exif], [...meta.exif]);
      assert.deepEqual([...back.meta.xmp], [...meta.xmp]);
      assert.ok(sameBytes(back.data, data));
      assert.equal(webp.readHeader(webp.encode({ width: 7, height: 5, data })).meta.icc, null);
    });

    it('lossy: decodes close to the input, smaller at lower quality, alpha kept exactly', () => {
      const w = 64;
      const h = 48;
      const data = new Uint8Array(w * h * 4);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const i = (y * w + x) * 4;
          data[i] = x * 4;
          data[i + 1] = y * 5;
          data[i + 2] = 128 + Math.round(60 * Math.sin(x / 5) * Math.cos(y / 7));
          data[i + 3] = x < 8 ? (y * 5) & 255 : 255;
        }
      }
      const psnr = (a, b) => {
        let se = 0;
        let n = 0;
        for (let i = 0; i < a.length; i++) if (i % 4 !== 3) { se += (a[i] - b[i]) ** 2; n++; }
        return 10 * Math.log10((255 * 255 * n) / Math.max(se, 1e-9));
      };
      const sizes = [];
      for (const quality of [30, 75, 95]) {
        const out = webp.encode({ width: w, height: h, data }, { lossless: false, quality });
        const back = webp.decode(out);
        assert.equal(back.meta.format, 'lossy');
        assert.equal(back.width, w);
        for (let i = 3; i < data.length; i += 4) assert.equal(back.data[i], data[i], 'alpha is lossless');
        assert.ok(psnr(data, back.data) > (quality >= 75 ? 32 : 26), `q${quality}: PSNR ${psnr(data, back.data).toFixed(1)} dB`);
        sizes.push(out.length);
      }
      assert.ok(sizes[0] < sizes[1] && sizes[1] < sizes[2], `sizes ${sizes}`);
      // an opaque image: a plain VP8 file (no VP8X/ALPH)
      const opaque = data.map((v, i) => (i % 4 === 3 ? 255 : v));
      const plain = webp.encode({ width: w, height: h, data: opaque }, { lossless: false });
      assert.equal(String.fromCharCode(...plain.subarray(12, 16)), 'VP8 ');
      // a quality alone selects lossy coding; lossless: true still wins
      assert.equal(webp.readHeader(webp.encode({ width: w, height: h, data: opaque }, { quality: 60 })).format, 'lossy');
      assert.equal(webp.readHeader(webp.encode({ width: w, height: h, data: opaque }, { quality: 60, lossless: true })).format, 'lossless');
      assert.equal(webp.readHeader(webp.encode({ width: w, height: h, data: opaque })).format, 'lossless');
    });

    it('rejects bad encode arguments with codes', () => {
      const img = { width: 2, height: 2, data: new Uint8Array(16) };
      const code = (fn, c) => assert.throws(fn, (e) => e instanceof WasmforgeError && e.code === c);
      code(() => webp.encode(null), 'INVALID_ARGUMENT');
      code(() => webp.encode({ width: 2, height: 2, data: new Uint8Array(15) }), 'INVALID_ARGUMENT');
      code(() => webp.encode({ width: 0, height: 2, data: new Uint8Array(0) }), 'INVALID_ARGUMENT');
      code(() => webp.encode({ width: 16384, height: 1, data: new Uint8Array(16384 * 4) }), 'INVALID_ARGUMENT');
      code(() => webp.encode(img, { effort: 10 }), 'INVALID_ARGUMENT');
      code(() => webp.encode(img, { effort: 1.5 }), 'INVALID_ARGUMENT');
      code(() => webp.encode(img, { quality: 101 }), 'INVALID_ARGUMENT');
      code(() => webp.encode(img, { alphaQuality: -1 }), 'INVALID_ARGUMENT');
      code(() => webp.encode(img, { lossless: 1 }), 'INVALID_ARGUMENT');
      code(() => webp.encode(img, { exact: 'yes' }), 'INVALID_ARGUMENT');
      code(() => webp.encode(img, { meta: { gps: new Uint8Array(1) } }), 'INVALID_ARGUMENT');
      code(() => webp.encode(img, { meta: { icc: 'abc' } }), 'INVALID_ARGUMENT');
      code(() => webp.encode(img, { output: new Uint16Array(4) }), 'INVALID_ARGUMENT');
      assert.equal(webp.decode(webp.encode(img)).width, 2, 'usable after errors');
    });

    it('wasmforge/image encodes and processes to image/webp', async () => {
      await image.init({ backend });
      const data = new Uint8Array(20 * 10 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 11) & 255));
      const out = image.encode({ width: 20, height: 10, data }, { type: 'image/webp', effort: 3 });
      assert.equal(image.sniff(out), 'image/webp');
      assert.ok(sameBytes(image.decode(out).data, data));
      const processed = await image.process(png.encode({ width: 20, height: 10, data }),
        { resize: { width: 10 }, output: { type: 'image/webp', exact: true } });
      assert.equal(processed.type, 'image/webp');
      assert.equal(processed.width, 10);
      assert.equal(webp.decode(processed.data).width, 10);
      const again = await image.process(processed.data, { output: { lossless: true } });
      assert.equal(again.type, 'image/webp', 'WebP in, WebP out by default');
      assert.ok(sameBytes(webp.decode(again.data).data, webp.decode(processed.data).data));
    });
  });
}
