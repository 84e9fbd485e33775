// SPDX-License-Identifier: MIT
// png.test.js: wasmforge/png once per backend, against an independent
// reference: a deliberately plain PNG reader written here on top of Node's
// zlib (chunk walk, inflate, unfilter, expansion with libpng's rules), which
// shares no code with the C core. Backends must also agree byte for byte.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import * as png from '../../web/png.js';
import { WasmforgeError } from '../../web/errors.js';
import { backendsFor, corpus, missingCorpus, readBytes, randomBytes } from './support.js';

const BACKENDS = backendsFor('png');

// ---- the reference reader ---------------------------------------------------

function be32(b, i) { return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0; }

function chunks(file) {
  const out = [];
  for (let pos = 8; pos + 12 <= file.length;) {
    const len = be32(file, pos);
    const type = String.fromCharCode(...file.subarray(pos + 4, pos + 8));
    out.push({ type, data: file.subarray(pos + 8, pos + 8 + len) });
    pos += 12 + len;
    if (type === 'IEND') break;
  }
  return out;
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** RGBA8 or RGBA16 pixels the way libpng gives them (expand, strip/expand 16, gray_to_rgb, add alpha). */
function referenceDecode(file, depth) {
  const cs = chunks(file);
  const ihdr = cs.find((c) => c.type === 'IHDR').data;
  const width = be32(ihdr, 0);
  const height = be32(ihdr, 4);
  const bd = ihdr[8];
  const ct = ihdr[9];
  const interlaced = ihdr[12] === 1;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[ct];
  const plte = cs.find((c) => c.type === 'PLTE');
  const trnsChunk = cs.find((c) => c.type === 'tRNS');
  const trns = trnsChunk && (ct === 0 || ct === 2 || ct === 3) ? trnsChunk.data : null;
  const raw = zlib.inflateSync(Buffer.concat(cs.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const bitsPP = channels * bd;
  const bpp = Math.max(1, bitsPP >> 3);
  const max = (1 << bd) - 1;
  const out = depth === 8 ? new Uint8Array(width * height * 4) : new Uint16Array(width * height * 4);
  const to = (v) => (depth === 8 ? (bd === 16 ? v >> 8 : Math.round((v * 255) / max)) : bd === 16 ? v : Math.round((v * 255) / max) * 257);
  const passes = interlaced
    ? [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]]
    : [[0, 0, 1, 1]];
  let pos = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const rb = Math.ceil((pw * bitsPP) / 8);
    let prev = new Uint8Array(rb);
    for (let y = 0; y < ph; y++) {
      const f = raw[pos];
      const row = Uint8Array.from(raw.subarray(pos + 1, pos + 1 + rb));
      pos += rb + 1;
      for (let i = 0; i < rb; i++) {
        const a = i >= bpp ? row[i - bpp] : 0;
        const b = prev[i];
        const c = i >= bpp ? prev[i - bpp] : 0;
        row[i] = (row[i] + [0, a, b, (a + b) >> 1, paeth(a, b, c)][f]) & 255;
      }
      prev = row;
      const sample = (x, k) => {
        if (bd === 16) return (row[(x * channels + k) * 2] << 8) | row[(x * channels + k) * 2 + 1];
        if (bd === 8) return row[x * channels + k];
        const bit = x * bd;
        return (row[bit >> 3] >> (8 - bd - (bit & 7))) & max;
      };
      for (let x = 0; x < pw; x++) {
        const o = ((y0 + y * dy) * width + x0 + x * dx) * 4;
        const full = depth === 8 ? 255 : 65535;
        let r; let g; let b; let a = full;
        if (ct === 3) {
          const idx = sample(x, 0);
          const ok = idx * 3 + 2 < plte.data.length;
          [r, g, b] = ok ? [plte.data[idx * 3], plte.data[idx * 3 + 1], plte.data[idx * 3 + 2]] : [0, 0, 0];
          if (depth === 16) { r *= 257; g *= 257; b *= 257; }
          if (trns && idx < trns.length) a = depth === 8 ? trns[idx] : trns[idx] * 257;
        } else {
          const v = [];
          for (let k = 0; k < channels; k++) v.push(sample(x, k));
          if (ct === 0 || ct === 4) {
            r = g = b = to(v[0]);
            if (ct === 4) a = to(v[1]);
            else if (trns && v[0] === (((trns[0] << 8) | trns[1]) & (bd === 16 ? 65535 : max))) a = 0;
          } else {
            [r, g, b] = [to(v[0]), to(v[1]), to(v[2])];
            if (ct === 6) a = to(v[3]);
            else if (trns) {
              const m = bd === 16 ? 65535 : max;
              if (v[0] === (((trns[0] << 8) | trns[1]) & m) && v[1] === (((trns[2] << 8) | trns[3]) & m) &&
                  v[2] === (((trns[4] << 8) | trns[5]) & m)) a = 0;
            }
          }
        }
        out[o] = r; out[o + 1] = g; out[o + 2] = b; out[o + 3] = a;
      }
    }
  }
  return { width, height, data: out, chunks: cs };
}

function sameSamples(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function assertCode(fn, code) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof WasmforgeError, `expected a WasmforgeError, got ${e && e.stack}`);
    if (code) assert.equal(e.code, code, e.message);
    return true;
  });
}

const suite = corpus('pngsuite', /\.png$/);
const valid = suite ? suite.filter((f) => !f.name.startsWith('x')) : [];
const broken = suite ? suite.filter((f) => f.name.startsWith('x')) : [];

for (const backend of BACKENDS) {
  describe(`wasmforge/png on ${backend}`, () => {
    before(async () => {
      assert.equal(await png.init({ backend }), backend);
    });

    it('reports the active backend', () => {
      assert.equal(png.backend(), backend);
    });

    it('decodes every valid PngSuite file like the reference, at depth 8 and 16', (t) => {
      if (!suite) return t.skip(missingCorpus('pngsuite'));
      for (const { name, path } of valid) {
        const file = readBytes(path);
        for (const depth of [8, 16]) {
          const ref = referenceDecode(file, depth);
          const img = png.decode(file, { depth });
          assert.equal(img.width, ref.width, name);
          assert.equal(img.height, ref.height, name);
          assert.equal(img.depth, depth);
          assert.equal(img.channels, 4);
          assert.ok(img.data instanceof (depth === 8 ? Uint8ClampedArray : Uint16Array), name);
          assert.ok(sameSamples(img.data, ref.data), `${name} depth ${depth}`);
        }
      }
    });

    it('reports metadata as the chunks say', (t) => {
      if (!suite) return t.skip(missingCorpus('pngsuite'));
      for (const { name, path } of valid) {
        const file = readBytes(path);
        const { meta } = png.decode(file);
        const cs = chunks(file);
        const gama = cs.find((c) => c.type === 'gAMA');
        if (gama) assert.equal(meta.gamma, be32(gama.data, 0) / 100000, name);
        else assert.equal(meta.gamma, undefined, name);
        const phys = cs.find((c) => c.type === 'pHYs');
        if (phys) assert.deepEqual(meta.physical, { pixelsPerUnitX: be32(phys.data, 0), pixelsPerUnitY: be32(phys.data, 4),
          unit: phys.data[8] === 1 ? 'metre' : 'unknown' }, name);
        const texts = cs.filter((c) => c.type === 'tEXt' || c.type === 'zTXt' || c.type === 'iTXt');
        assert.equal(meta.text.length, texts.length, name);
        texts.forEach((c, i) => {
          const z = c.data.indexOf(0);
          assert.equal(meta.text[i].kind, c.type);
          assert.equal(meta.text[i].keyword, String.fromCharCode(...c.data.subarray(0, z)), name);
          if (c.type === 'tEXt') assert.equal(meta.text[i].text, Buffer.from(c.data.subarray(z + 1)).toString('latin1'));
          if (c.type === 'zTXt') assert.equal(meta.text[i].text, zlib.inflateSync(c.data.subarray(z + 2)).toString('latin1'));
        });
        assert.equal(meta.bitDepth, file[24], name);
        assert.equal(meta.colorType, file[25], name);
        assert.equal(meta.interlaced, file[28] === 1, name);
      }
    });

    it('rejects every corrupt PngSuite file with a PNG or zlib code, then works', (t) => {
      if (!suite) return t.skip(missingCorpus('pngsuite'));
      for (const { name, path } of broken) {
        assert.throws(() => png.decode(readBytes(path)), (e) => {
          assert.ok(e instanceof WasmforgeError, name);
          assert.match(e.code, /^(PNG|ZLIB|DEFLATE)_/, `${name}: ${e.code}`);
          assert.equal(typeof e.offset, 'number');
          return true;
        });
      }
      assert.equal(png.decode(readBytes(valid[0].path)).width, 32);
    });

    it('encodes every PngSuite image so that the reference reads back the same pixels', (t) => {
      if (!suite) return t.skip(missingCorpus('pngsuite'));
      valid.forEach(({ name, path }, i) => {
        const file = readBytes(path);
        const depth = file[24] === 16 ? 16 : 8;
        const img = png.decode(file, { depth });
        const options = { effort: i % 10, interlace: i % 3 === 0 };
        const out = png.encode(img, options);
        assert.ok(out instanceof Uint8Array);
        const back = referenceDecode(out, depth);
        assert.ok(sameSamples(back.data, img.data), `${name} ${JSON.stringify(options)}`);
        assert.ok(sameSamples(png.decode(out, { depth }).data, img.data), name);
      });
    });

    it('encodes grey, grey+alpha and RGB input and reduces the colour type', () => {
      const w = 37;
      const h = 21;
      const grey = randomBytes(w * h, 3);
      let out = png.encode({ width: w, height: h, data: grey });
      assert.equal(out[25], 0, 'grey stays grey');
      let back = png.decode(out).data;
      for (let i = 0; i < w * h; i++) assert.deepEqual([...back.subarray(4 * i, 4 * i + 4)], [grey[i], grey[i], grey[i], 255]);
      const rgb = randomBytes(w * h * 3, 4);
      out = png.encode({ width: w, height: h, data: rgb }, { effort: 9, interlace: true });
      assert.equal(out[25], 2);
      assert.equal(out[28], 1);
      back = png.decode(out).data;
      for (let i = 0; i < w * h; i++) assert.deepEqual([...back.subarray(4 * i, 4 * i + 3)], [...rgb.subarray(3 * i, 3 * i + 3)]);
      const ga = randomBytes(w * h * 2, 5);
      back = png.decode(png.encode({ width: w, height: h, data: ga })).data;
      for (let i = 0; i < w * h; i++) assert.deepEqual([...back.subarray(4 * i, 4 * i + 4)], [ga[2 * i], ga[2 * i], ga[2 * i], ga[2 * i + 1]]);
      const few = new Uint8ClampedArray(w * h * 4).map((_, i) => ((i >> 2) % 3) * 100);
      out = png.encode({ width: w, height: h, data: few });
      assert.equal(out[25], 3, 'three colours: palette');
      assert.equal(out[24], 2, 'three colours: 2 bits');
      assert.ok(sameSamples(png.decode(out).data, few));
      const deep = new Uint16Array(w * h * 4).map((_, i) => (i * 7919) & 65535);
      out = png.encode({ width: w, height: h, data: deep });
      assert.equal(out[24], 16);
      assert.ok(sameSamples(png.decode(out, { depth: 16 }).data, deep));
    });

    it('decodes and encodes a photo', (t) => {
      const photos = corpus('photos', /^kodim23\.png$/);
      if (!photos || !photos.length) return t.skip(missingCorpus('photos'));
      const file = readBytes(photos[0].path);
      const img = png.decode(file);
      assert.ok(sameSamples(img.data, referenceDecode(file, 8).data));
      const out = png.encode(img);
      assert.ok(sameSamples(referenceDecode(out, 8).data, img.data));
    });

    it('enforces maxPixels, checkCRC and the option types', (t) => {
      if (!suite) return t.skip(missingCorpus('pngsuite'));
      const file = readBytes(valid.find((f) => f.name === 'basn2c08.png').path);
      assertCode(() => png.decode(file, { maxPixels: 1023 }), 'PNG_TOO_LARGE');
      assert.equal(png.decode(file, { maxPixels: 1024 }).width, 32);
      const bad = file.slice();
      bad[29] ^= 1; // IHDR CRC
      assertCode(() => png.decode(bad), 'PNG_CRC_MISMATCH');
      assert.equal(png.decode(bad, { checkCRC: false }).width, 32);
      assertCode(() => png.decode(file, { depth: 12 }), 'INVALID_ARGUMENT');
      assertCode(() => png.decode(file, { maxPixels: -1 }), 'INVALID_ARGUMENT');
      assertCode(() => png.decode('not bytes'), 'INVALID_ARGUMENT');
      assertCode(() => png.decode(new Uint8Array(0)), 'PNG_BAD_SIGNATURE');
      assertCode(() => png.encode({ width: 2, height: 2, data: new Uint8Array(5) }), 'INVALID_ARGUMENT');
      assertCode(() => png.encode({ width: 0, height: 2, data: new Uint8Array(0) }), 'INVALID_ARGUMENT');
      assertCode(() => png.encode({ width: 1, height: 1, data: new Uint8Array(4) }, { effort: 10 }), 'INVALID_ARGUMENT');
    });

    it('rejects truncated and mutated files without crashing, naming the offset', (t) => {
      if (!suite) return t.skip(missingCorpus('pngsuite'));
      const file = readBytes(valid.find((f) => f.name === 'basi2c08.png').path);
      for (let cut = 0; cut < file.length; cut += 7) assertCode(() => png.decode(file.subarray(0, cut)));
      const noise = randomBytes(4096, 77);
      for (let i = 0; i < 300; i++) {
        const m = file.slice();
        for (let k = 0; k < 1 + (i % 3); k++) m[(noise[i + k] * 257 + noise[i + k + 1] + i) % m.length] ^= 1 << (noise[i + k + 2] & 7);
        try {
          png.decode(m, { checkCRC: i % 2 === 0 });
        } catch (e) {
          assert.ok(e instanceof WasmforgeError, `mutation ${i}: ${e}`);
          assert.notEqual(e.code, 'INTERNAL_ERROR', e.message);
        }
      }
      assert.equal(png.decode(file).width, 32);
    });

    it('decodes APNG frames with dispose and blend ops', () => {
      const frame = (w, h, rgba) => {
        const raw = new Uint8Array(h * (1 + 4 * w));
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set(rgba, y * (1 + 4 * w) + 1 + 4 * x);
        return zlib.deflateSync(raw);
      };
      const u32 = (v) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
      const chunk = (type, data) => {
        const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
        return Buffer.concat([Buffer.from(u32(data.length)), body, Buffer.from(u32(zlib.crc32(body)))]);
      };
      const fctl = (seq, w, h, x, y, dispose, blend) => chunk('fcTL', [...u32(seq), ...u32(w), ...u32(h), ...u32(x), ...u32(y),
        0, 1, 0, 20, dispose, blend]);
      const file = new Uint8Array(Buffer.concat([
        Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
        chunk('IHDR', [...u32(3), ...u32(2), 8, 6, 0, 0, 0]),
        chunk('acTL', [...u32(3), ...u32(0)]),
        chunk('IDAT', frame(3, 2, [9, 9, 9, 255])), // default image, not a frame
        fctl(0, 3, 2, 0, 0, 0, 0), chunk('fdAT', [...u32(1), ...frame(3, 2, [255, 0, 0, 255])]),
        fctl(2, 1, 1, 1, 0, 1, 1), chunk('fdAT', [...u32(3), ...frame(1, 1, [0, 0, 255, 0])]),
        fctl(4, 2, 1, 1, 1, 0, 0), chunk('fdAT', [...u32(5), ...frame(2, 1, [0, 255, 0, 255])]),
        chunk('IEND', []),
      ]));
      assert.deepEqual([...png.decode(file).data.subarray(0, 4)], [9, 9, 9, 255]);
      const anim = png.decodeFrames(file);
      assert.equal(anim.frames.length, 3);
      assert.equal(anim.numPlays, 0);
      assert.equal(anim.frames[0].delay, 50);
      assert.equal(anim.frames[0].isDefaultImage, false);
      const R = [255, 0, 0, 255];
      const px = (f) => [...anim.frames[f].data].reduce((a, v, i) => (i % 4 ? a[a.length - 1].push(v) : a.push([v]), a), []);
      assert.deepEqual(px(0), [R, R, R, R, R, R]);
      assert.deepEqual(px(1), [R, R, R, R, R, R], 'a fully transparent OVER changes nothing');
      assert.deepEqual(px(2), [R, [0, 0, 0, 0], R, R, [0, 255, 0, 255], [0, 255, 0, 255]], 'frame 1 disposed to background');
      assert.equal(png.decodeFrames(png.encode({ width: 1, height: 1, data: new Uint8Array(4) })).frames.length, 0);
      assertCode(() => png.decodeFrames(file, { maxPixels: 17 }), 'PNG_TOO_LARGE'); // 3 frames of 3x2
      assert.equal(png.decodeFrames(file, { maxPixels: 18, depth: 16 }).frames[2].data[19], 65535);
    });

    it('does not grow Wasm memory over 10,000 decodes of the same image', (t) => {
      if (!suite) return t.skip(missingCorpus('pngsuite'));
      const file = readBytes(valid.find((f) => f.name === 'basn6a08.png').path);
      const ref = png.decode(file).data;
      let size = 0;
      for (let i = 0; i < 10_000; i++) {
        const img = png.decode(file);
        if (i === 5) size = png.memorySize();
        if (i > 5) assert.equal(png.memorySize(), size, `memory grew at decode ${i}`);
        if (i % 1000 === 0) assert.ok(sameSamples(img.data, ref));
      }
    });
  });
}

describe('every backend decodes and encodes to the same bytes', () => {
  it('identical pixels and files', async (t) => {
    if (!suite) return t.skip(missingCorpus('pngsuite'));
    const digests = {};
    for (const backend of BACKENDS) {
      await png.init({ backend });
      const h = createHash('sha256');
      for (const { path } of valid.slice(0, 60)) {
        const img = png.decode(readBytes(path), { depth: 16 });
        h.update(new Uint8Array(img.data.buffer));
        h.update(png.encode(png.decode(readBytes(path))));
      }
      // A photo takes the encoder's large-image path (adaptive filters + the image deflate strategy).
      const photo = corpus('photos', /^kodim23\.png$/);
      if (photo && photo.length) {
        const img = png.decode(readBytes(photo[0].path));
        h.update(png.encode(img));
        h.update(png.encode(img, { effort: 3, interlace: true }));
      }
      digests[backend] = h.digest('hex');
    }
    assert.equal(new Set(Object.values(digests)).size, 1, JSON.stringify(digests));
  });
});
