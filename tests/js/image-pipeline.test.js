// SPDX-License-Identifier: MIT
// image-pipeline.test.js: wasmforge/image's process() and autoOrient() on
// every backend: the eight EXIF orientations (JPEG APP1 and PNG eXIf) against
// a reference transform written here, resize in the upright frame, metadata
// kept (EXIF with orientation 1, ICC intact) or dropped, every input type,
// errors with codes, the buffer cache, and identical output across backends.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as image from '../../web/image.js';
import * as png from '../../web/png.js';
import * as jpeg from '../../web/jpeg.js';
import * as deflate from '../../web/deflate.js';
import { readExif, exifOrientation, insertJpegMetadata, insertPngMetadata, jpegSegments, pngChunks } from '../../web/image-meta.js';
import * as resizer from '../../web/resize.js';
import { backendsFor, corpus, missingCorpus, readBytes, equalBytes } from './support.js';

const BACKENDS = backendsFor('png').filter((b) => backendsFor('jpeg').includes(b) && backendsFor('resize').includes(b)
  && backendsFor('webp').includes(b));

// A TIFF (EXIF) structure with IFD0 = Orientation (SHORT) and Software (ASCII).
export function makeExif(orientation, little = true) {
  const b = new Uint8Array(8 + 2 + 2 * 12 + 4 + 16);
  const v = new DataView(b.buffer);
  b.set(little ? [0x49, 0x49] : [0x4d, 0x4d]);
  v.setUint16(2, 42, little);
  v.setUint32(4, 8, little);
  v.setUint16(8, 2, little);
  v.setUint16(10, 0x0112, little); v.setUint16(12, 3, little); v.setUint32(14, 1, little); v.setUint16(18, orientation, little);
  v.setUint16(22, 0x0131, little); v.setUint16(24, 2, little); v.setUint32(26, 9, little); v.setUint32(30, 38, little);
  b.set(new TextEncoder().encode('wasmforg\0'), 38);
  return b;
}
const FAKE_ICC = Uint8Array.from({ length: 700 }, (_, i) => (i * 37 + 11) & 255);

// An asymmetric test picture: every pixel different, alpha opaque.
function picture(width, height) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x * 7, y * 11, (x * y) & 255, 255], (y * width + x) * 4);
  }
  return { width, height, data };
}

// The upright image for an EXIF orientation, by definition: the stored pixel
// at (x, y) shows at the position the tag names (written independently of web/).
function reference(img, o) {
  const { width: w, height: h, data } = img;
  const swap = o >= 5;
  const W = swap ? h : w;
  const H = swap ? w : h;
  const out = new Uint8ClampedArray(data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [X, Y] = {
        1: [x, y], 2: [w - 1 - x, y], 3: [w - 1 - x, h - 1 - y], 4: [x, h - 1 - y],
        5: [y, x], 6: [h - 1 - y, x], 7: [h - 1 - y, w - 1 - x], 8: [y, w - 1 - x],
      }[o];
      out.set(data.subarray((y * w + x) * 4, (y * w + x) * 4 + 4), (Y * W + X) * 4);
    }
  }
  return { width: W, height: H, data: out };
}

const sameImage = (a, b) => a.width === b.width && a.height === b.height && equalBytes(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength), new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength));

for (const backend of BACKENDS) {
  describe(`process() on ${backend}`, () => {
    let src;
    let srcPng;
    before(async () => {
      await image.init({ backend });
      await deflate.init({ backend });
      src = picture(23, 14);
      srcPng = image.encode(src);
    });

    it('applies all eight EXIF orientations of a PNG eXIf exactly, and drops the tag', async () => {
      for (let o = 1; o <= 8; o++) {
        const file = insertPngMetadata(srcPng, { exif: makeExif(o, o % 2 === 0) }, deflate);
        assert.equal(exifOrientation(readExif(file, 'image/png')), o);
        const out = await image.process(file, { output: { type: 'image/png' } });
        assert.equal(out.stats.orientation, o);
        assert.ok(sameImage(image.decode(out.data), reference(src, o)), `orientation ${o}`);
        assert.equal(readExif(out.data, 'image/png'), null, 'no EXIF by default');
        const kept = await image.process(file, { autoOrient: false, output: { type: 'image/png' } });
        assert.ok(sameImage(image.decode(kept.data), src), `autoOrient: false, orientation ${o}`);
      }
    });

    it('applies the orientation of a JPEG APP1, and autoOrient() on decoded pixels', async () => {
      const jpg = image.encode(src, { type: 'image/jpeg', quality: 100, subsampling: '4:4:4' });
      const plain = jpeg.decode(jpg);
      for (let o = 1; o <= 8; o++) {
        const file = insertJpegMetadata(jpg, { exif: makeExif(o) });
        const decoded = image.decode(file);
        assert.equal(decoded.meta.orientation, o);
        const upright = image.autoOrient(decoded);
        assert.ok(sameImage(upright, reference(plain, o)), `autoOrient ${o}`);
        const out = await image.process(file, { output: { type: 'image/png' } });
        assert.ok(sameImage(image.decode(out.data), reference(plain, o)), `process ${o}`);
      }
      assert.throws(() => image.autoOrient(src, 9), { code: 'INVALID_ARGUMENT' });
    });

    it('resizes in the upright frame, before turning the pixels', async () => {
      const tall = picture(40, 20);
      const file = insertPngMetadata(image.encode(tall), { exif: makeExif(6) }, deflate);
      const out = await image.process(file, { resize: { width: 10 }, output: { type: 'image/png' } });
      assert.deepEqual([out.width, out.height], [10, 20]);
      assert.deepEqual([out.stats.inputWidth, out.stats.inputHeight], [40, 20]);
    });

    it('keeps EXIF (orientation reset to 1) and ICC only when asked', async () => {
      const jpg = insertJpegMetadata(image.encode(src, { type: 'image/jpeg' }), { exif: makeExif(6), icc: FAKE_ICC });
      assert.deepEqual(image.decode(jpg).meta.icc, FAKE_ICC);
      for (const type of ['image/jpeg', 'image/png']) {
        const out = await image.process(jpg, { keepMetadata: true, output: { type } });
        assert.deepEqual([out.width, out.height], [14, 23]);
        const exif = readExif(out.data, type);
        assert.equal(exifOrientation(exif), 1, type);
        assert.equal(new TextDecoder().decode(exif.subarray(38, 46)), 'wasmforg', 'the other tags are kept');
        const back = image.decode(out.data);
        if (type === 'image/jpeg') {
          assert.equal(back.meta.orientation, 1);
          assert.deepEqual(back.meta.icc, FAKE_ICC);
        } else {
          assert.deepEqual(back.meta.iccProfile.data, FAKE_ICC);
          assert.ok(!pngChunks(out.data).some((c) => c.type === 'sRGB'));
        }
        const dropped = await image.process(jpg, { output: { type } });
        assert.equal(readExif(dropped.data, type), null);
        if (type === 'image/jpeg') {
          assert.equal(image.decode(dropped.data).meta.icc, null);
          assert.ok(!jpegSegments(dropped.data).some((s) => s.marker === 0xe1 || s.marker === 0xe2));
        } else {
          assert.equal(image.decode(dropped.data).meta.iccProfile, undefined);
        }
      }
      // not applied: the tag stays as it was
      const asIs = await image.process(jpg, { autoOrient: false, keepMetadata: true, output: { type: 'image/jpeg' } });
      assert.equal(image.decode(asIs.data).meta.orientation, 6);
    });

    it('takes every input type and returns fresh bytes', async () => {
      const expected = await image.process(srcPng, { output: { type: 'image/png' } });
      assert.ok(sameImage(image.decode(expected.data), src));
      const inputs = [srcPng.buffer.slice(srcPng.byteOffset, srcPng.byteOffset + srcPng.length), new Blob([srcPng]),
        new Response(srcPng), { width: src.width, height: src.height, data: src.data }];
      if (typeof ImageData !== 'undefined') inputs.push(new ImageData(src.data, src.width, src.height));
      for (const input of inputs) {
        const out = await image.process(input, { output: { type: 'image/png' } });
        assert.ok(out.data instanceof Uint8Array);
        assert.ok(equalBytes(out.data, expected.data), input.constructor.name);
        assert.equal(out.type, 'image/png');
        assert.ok(out.stats.totalMs >= 0 && out.stats.outputBytes === out.data.length);
      }
      const first = await image.process(srcPng, { output: { type: 'image/jpeg', quality: 50 } });
      const copy = first.data.slice();
      await image.process(srcPng, { output: { type: 'image/jpeg', quality: 90 } });
      assert.ok(equalBytes(first.data, copy), 'a later call does not change an earlier result');
      assert.equal((await image.process(srcPng)).type, 'image/png', 'the input type by default');
    });

    it('takes WebP input (lossy, lossy with alpha, lossless): the pixels of decode(); WebP out by default, lossy or lossless as the input', async (t) => {
      const files = corpus('webp', /^(gen-kodim02-q75|gen-kodim06-rgba-lossy-q75|lossless1)\.webp$/);
      if (!files || files.length !== 3) return t.skip(missingCorpus('webp'));
      for (const f of files) {
        const bytes = readBytes(f.path);
        assert.equal(image.sniff(bytes), 'image/webp');
        const decoded = image.decode(bytes);
        const want = resizer.resize(decoded, { width: 100 });
        const byDefault = await image.process(bytes.slice(), { resize: { width: 100 } });
        assert.equal(byDefault.type, 'image/webp', f.name);
        const again = image.decode(byDefault.data);
        assert.deepEqual([again.width, again.height], [want.width, want.height]);
        assert.equal(again.meta.format, decoded.meta.format === 'lossless' ? 'lossless' : 'lossy', f.name);
        if (decoded.meta.format === 'lossless') assert.ok(sameImage(again, want), `${f.name}: lossless WebP out`);
        const out = await image.process(bytes.slice(), { resize: { width: 100 }, output: { type: 'image/png' } });
        assert.equal(out.type, 'image/png', f.name);
        assert.equal(out.stats.inputType, 'image/webp');
        assert.equal(out.stats.orientation, 1);
        assert.ok(sameImage(image.decode(out.data), want), `${f.name}: resized pixels`);
        const jpg = await image.process(new Blob([bytes]), { resize: { width: 100 }, output: { type: 'image/jpeg', quality: 80 } });
        assert.equal(jpg.type, 'image/jpeg');
        assert.deepEqual([jpg.width, jpg.height], [want.width, want.height]);
      }
    });

    it('rejects bad inputs and options with codes', async () => {
      const bad = async (input, options, code) => assert.rejects(image.process(input, options), (e) => e.name === 'WasmforgeError' && e.code === code, `${code}`);
      await bad(42, {}, 'INVALID_ARGUMENT');
      await bad(null, {}, 'INVALID_ARGUMENT');
      await bad('file.png', {}, 'INVALID_ARGUMENT');
      await bad(new Uint8Array([1, 2, 3]), {}, 'IMAGE_UNKNOWN_FORMAT');
      await bad({ width: 0, height: 5, data: new Uint8ClampedArray(0) }, {}, 'INVALID_ARGUMENT');
      await bad({ width: 2, height: 2, data: new Uint8ClampedArray(15) }, {}, 'INVALID_ARGUMENT');
      await bad(srcPng, { output: { type: 'image/gif' } }, 'INVALID_ARGUMENT');
      await bad(srcPng, { autoOrient: 'yes' }, 'INVALID_ARGUMENT');
      await bad(srcPng, { resize: { widht: 5 } }, 'INVALID_ARGUMENT');
      await bad(srcPng, { output: { type: 'image/jpeg', quality: 0 } }, 'INVALID_ARGUMENT');
      await bad(srcPng, { maxPixels: 100 }, 'PNG_TOO_LARGE');
      await bad(image.encode(src, { type: 'image/jpeg' }), { maxPixels: 100 }, 'JPEG_TOO_MANY_PIXELS');
      await bad(new Response('nope', { status: 404 }), {}, 'INVALID_ARGUMENT');
      await bad(srcPng, { resize: { width: 0 } }, 'RESIZE_BAD_DIMENSIONS');
      await bad(srcPng, { resize: { width: 100000, height: 100000, fit: 'fill' } }, 'RESIZE_TOO_LARGE');
      await bad(srcPng, { resize: { width: 10, filter: 'nearest' } }, 'RESIZE_BAD_FILTER');
      await bad(srcPng, { resize: { width: 10, crop: { x: 20, y: 0, width: 10, height: 5 } } }, 'RESIZE_BAD_CROP');
      // still usable
      assert.equal((await image.process(srcPng)).width, src.width);
    });

    it('reuses the buffers of a cache: a steady stream allocates nothing new', async () => {
      const photos = corpus('photos', /^kodim0[15]\.q85\.jpg$/) || [];
      const files = photos.length ? photos.map((p) => readBytes(p.path)) : [image.encode(picture(300, 200), { type: 'image/jpeg' })];
      const cache = image.createBufferCache();
      const options = { resize: { width: 200 }, output: { type: 'image/jpeg', quality: 80 }, reuse: cache };
      const plain = await image.process(files[0], { ...options, reuse: undefined });
      for (let i = 0; i < 4; i++) cache.release(await image.process(files[i % files.length], options));
      const fresh = cache.fresh;
      for (let i = 0; i < 20; i++) {
        const out = await image.process(files[i % files.length], options);
        if (i % files.length === 0) assert.ok(equalBytes(out.data, plain.data), 'same bytes as without the cache');
        cache.release(out);
      }
      assert.equal(cache.fresh, fresh, 'no new buffers once warm');
      assert.ok(cache.outputsRecycled >= 20);
    });
  });
}

describe('process() gives the same bytes on every backend', () => {
  it('JPEG and PNG output, oriented and resized', async (t) => {
    const photos = corpus('photos', /^kodim23\.q85\.jpg$/);
    const file = photos && photos.length ? readBytes(photos[0].path) : image.encode(picture(64, 48), { type: 'image/jpeg' });
    await deflate.init();
    const input = insertJpegMetadata(file, { exif: makeExif(8) });
    const outs = {};
    for (const backend of BACKENDS) {
      await image.init({ backend });
      outs[backend] = await Promise.all(['image/jpeg', 'image/png'].map((type) => image.process(input, { resize: { width: 300 }, output: { type } })));
    }
    const [first, ...rest] = BACKENDS;
    for (const b of rest) {
      for (let i = 0; i < 2; i++) assert.ok(equalBytes(outs[b][i].data, outs[first][i].data), `${b} vs ${first}, output ${i}`);
    }
    t.diagnostic(`${BACKENDS.join(', ')}: ${outs[first].map((o) => `${o.type} ${o.width}x${o.height} ${o.data.length} B`).join('; ')}`);
  });
});
