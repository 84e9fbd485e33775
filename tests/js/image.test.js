// SPDX-License-Identifier: MIT
// image.test.js: wasmforge/image sniffs the format and routes to the codecs.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as image from '../../web/image.js';
import * as png from '../../web/png.js';
import * as jpeg from '../../web/jpeg.js';
import { WasmforgeError } from '../../web/errors.js';
import { backendsFor, corpus, missingCorpus, readBytes, equalBytes } from './support.js';

const BACKENDS = backendsFor('png').filter((b) => backendsFor('jpeg').includes(b) && backendsFor('resize').includes(b));

for (const backend of BACKENDS) {
  describe(`wasmforge/image on ${backend}`, () => {
    before(async () => {
      assert.deepEqual(await image.init({ backend }), { png: backend, jpeg: backend, webp: backend, resize: backend });
    });

    it('sniffs and decodes PNG and JPEG like the codecs themselves', (t) => {
      const photos = corpus('photos', /^kodim23\.(png|q85\.jpg)$/);
      if (!photos || photos.length < 2) return t.skip(missingCorpus('photos'));
      for (const { name, path } of photos) {
        const bytes = readBytes(path);
        const viaImage = image.decode(bytes);
        const direct = name.endsWith('.png') ? png.decode(bytes) : jpeg.decode(bytes);
        assert.equal(viaImage.type, name.endsWith('.png') ? 'image/png' : 'image/jpeg');
        assert.equal(image.sniff(bytes), viaImage.type);
        assert.equal(viaImage.width, direct.width);
        assert.equal(viaImage.height, direct.height);
        assert.ok(equalBytes(new Uint8Array(viaImage.data.buffer), new Uint8Array(direct.data.buffer)), name);
      }
    });

    it('encodes to both types and reads its own output back', () => {
      const width = 64;
      const height = 48;
      const data = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) {
        data.set([(i * 3) & 255, (i >> 4) & 255, 128, 255], i * 4);
      }
      const pngBytes = image.encode({ width, height, data });
      assert.equal(image.sniff(pngBytes), 'image/png');
      const back = image.decode(pngBytes);
      assert.ok(equalBytes(new Uint8Array(back.data.buffer), new Uint8Array(data.buffer)));
      const jpgBytes = image.encode({ width, height, data }, { type: 'image/jpeg', quality: 90 });
      assert.equal(image.sniff(jpgBytes), 'image/jpeg');
      const lossy = image.decode(jpgBytes);
      assert.equal(lossy.width, width);
      assert.equal(lossy.height, height);
    });

    it('rejects other formats with IMAGE_UNKNOWN_FORMAT and bad types with INVALID_ARGUMENT', () => {
      assert.throws(() => image.decode(new TextEncoder().encode('GIF89a....')),
        (e) => e instanceof WasmforgeError && e.code === 'IMAGE_UNKNOWN_FORMAT' && /47 49 46 38/.test(e.message));
      assert.throws(() => image.decode(new Uint8Array(0)), (e) => e.code === 'IMAGE_UNKNOWN_FORMAT');
      assert.throws(() => image.encode({ width: 1, height: 1, data: new Uint8Array(4) }, { type: 'image/gif' }),
        (e) => e.code === 'INVALID_ARGUMENT');
    });
  });
}
