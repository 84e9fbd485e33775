// SPDX-License-Identifier: MIT
// deflate.test.js: wasmforge/deflate against Node's zlib, once per backend.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as flate from '../../web/deflate.js';
import { WasmforgeError } from '../../web/errors.js';
import { backendsFor, corpus, missingCorpus, readBytes, randomBytes, textBytes, equalBytes, REPO_ROOT } from './support.js';

const BACKENDS = backendsFor('deflate');

function mixed(n) {
  const out = new Uint8Array(n);
  out.set(textBytes(n >> 1), 0);
  out.set(randomBytes(n >> 2, 3), n >> 1);
  return out; // the last quarter stays zero
}

const GENERATED = {
  empty: new Uint8Array(0),
  one: new Uint8Array([42]),
  random: randomBytes(100_000, 11),
  repetitive: new Uint8Array(300_000).map((_, i) => 'abcabcabd'.charCodeAt(i % 9)),
  text: textBytes(200_000),
  mixed: mixed(150_000),
};

function realFiles() {
  const files = [];
  for (const [sub, pattern, count] of [['photos', /^kodim0[1-3]\.png$/, 3], ['pngsuite', /\.png$/, 40], ['jpeg', /\.(jpg|ppm|bmp)$/, 5], ['chess', /\.epd$/, 2]]) {
    const list = corpus(sub, pattern);
    if (list) files.push(...list.slice(0, count));
  }
  return files;
}

// A bit writer for hand-made streams: DEFLATE packs fields LSB-first and
// Huffman codes MSB-first.
class BitWriter {
  constructor() { this.bytes = []; this.bit = 0; }
  bits(value, count) {
    for (let i = 0; i < count; i++) {
      if (this.bit === 0) this.bytes.push(0);
      this.bytes[this.bytes.length - 1] |= ((value >> i) & 1) << this.bit;
      this.bit = (this.bit + 1) & 7;
    }
    return this;
  }
  code(code, length) {
    for (let i = length - 1; i >= 0; i--) this.bits((code >> i) & 1, 1);
    return this;
  }
  done() { return new Uint8Array(this.bytes); }
}

// Fixed-Huffman codes (RFC 1951 3.2.6).
function fixedLitLen(w, sym) {
  if (sym < 144) return w.code(0x30 + sym, 8);
  if (sym < 256) return w.code(0x190 + sym - 144, 9);
  if (sym < 280) return w.code(sym - 256, 7);
  return w.code(0xc0 + sym - 280, 8);
}

function zlibHeader(flags) {
  const cmf = 0x78;
  let flg = flags;
  flg += 31 - ((cmf * 256 + flg) % 31);
  return [cmf, flg];
}

const MALFORMED = [
  ['reserved block type 3', 'raw', new Uint8Array([0x07]), 'DEFLATE_BAD_BLOCK_TYPE'],
  ['stored LEN/NLEN mismatch', 'raw', new Uint8Array([0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5]), 'DEFLATE_STORED_LENGTH'],
  ['truncated stored block', 'raw', new Uint8Array([0x01, 0x0a, 0x00, 0xf5, 0xff, 1, 2, 3]), 'DEFLATE_TRUNCATED'],
  ['empty input', 'raw', new Uint8Array(0), 'DEFLATE_TRUNCATED'],
  ['no final block', 'raw', new Uint8Array([0x00, 0x00, 0x00, 0xff, 0xff]), 'DEFLATE_TRUNCATED'],
  ['match before the start of the output', 'raw',
    fixedLitLen(new BitWriter().bits(1, 1).bits(1, 2), 257).code(0, 5).done(), 'DEFLATE_DISTANCE_TOO_FAR'],
  ['literal/length symbol 286', 'raw', fixedLitLen(new BitWriter().bits(1, 1).bits(1, 2), 286).done(), 'DEFLATE_BAD_LITLEN_SYMBOL'],
  ['distance symbol 30', 'raw',
    fixedLitLen(fixedLitLen(new BitWriter().bits(1, 1).bits(1, 2), 65), 257).code(30, 5).bits(0, 16).done(), 'DEFLATE_BAD_DISTANCE_SYMBOL'],
  ['over-subscribed code-length code', 'raw',
    new BitWriter().bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4).bits(1, 3).bits(1, 3).bits(1, 3).bits(1, 3).bits(0, 32).done(),
    'DEFLATE_HUFFMAN_OVERSUBSCRIBED'],
  ['incomplete code-length code', 'raw',
    new BitWriter().bits(1, 1).bits(2, 2).bits(0, 5).bits(0, 5).bits(0, 4).bits(2, 3).bits(0, 3).bits(0, 3).bits(0, 3).bits(0, 32).done(),
    'DEFLATE_HUFFMAN_INCOMPLETE'],
  ['zlib header check bits wrong', 'zlib', new Uint8Array([0x78, 0x00, 0x03, 0x00]), 'ZLIB_BAD_HEADER'],
  ['zlib method not 8', 'zlib', new Uint8Array([0x77, 0x85, 0x03, 0x00]), 'ZLIB_BAD_HEADER'],
  ['zlib preset dictionary', 'zlib', new Uint8Array([...zlibHeader(0x20), 0, 0, 0, 1, 0x03, 0x00]), 'ZLIB_PRESET_DICTIONARY'],
  ['gzip bad magic', 'gzip', new Uint8Array([0x1f, 0x8c, 8, 0, 0, 0, 0, 0, 0, 255, 3, 0]), 'GZIP_BAD_HEADER'],
];

function decompressor(format) {
  return { raw: flate.inflate, zlib: flate.zlibDecompress, gzip: flate.gunzip }[format];
}

function assertCode(fn, code) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof WasmforgeError, `expected a WasmforgeError, got ${e && e.stack}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, /\S/);
    return true;
  });
}

for (const backend of BACKENDS) {
  describe(`wasmforge/deflate on ${backend}`, () => {
    before(async () => {
      assert.equal(await flate.init({ backend }), backend);
    });

    it('reports the active backend', () => {
      assert.equal(flate.backend(), backend);
    });

    it('round-trips generated data at every level, in every format, and Node zlib reads it', () => {
      for (const [name, data] of Object.entries(GENERATED)) {
        for (let level = 0; level <= 9; level++) {
          const raw = flate.deflate(data, { level });
          assert.ok(equalBytes(flate.inflate(raw), data), `${name} raw level ${level}`);
          assert.ok(equalBytes(zlib.inflateRawSync(raw), data), `${name}: Node inflates our raw level ${level}`);
          const z = flate.zlibCompress(data, { level });
          assert.ok(equalBytes(flate.zlibDecompress(z), data));
          assert.ok(equalBytes(zlib.inflateSync(z), data), `${name}: Node inflates our zlib level ${level}`);
          const g = flate.gzip(data, { level });
          assert.ok(equalBytes(flate.gunzip(g), data));
          assert.ok(equalBytes(zlib.gunzipSync(g), data), `${name}: Node gunzips our gzip level ${level}`);
        }
      }
    });

    it('round-trips the public corpora at levels 1, 6 and 9', (t) => {
      const files = realFiles();
      if (files.length === 0) return t.skip(missingCorpus('photos, pngsuite, jpeg, chess'));
      for (const { name, path } of files) {
        const data = readBytes(path);
        for (const level of [1, 6, 9]) {
          const z = flate.zlibCompress(data, { level });
          assert.ok(equalBytes(zlib.inflateSync(z), data), `${name} level ${level}`);
          assert.ok(equalBytes(flate.zlibDecompress(z), data), `${name} level ${level}`);
        }
      }
    });

    it('inflates what Node zlib produces at every level, strategy, window size and memLevel', () => {
      const data = mixed(60_000);
      const strategies = [zlib.constants.Z_DEFAULT_STRATEGY, zlib.constants.Z_FILTERED, zlib.constants.Z_HUFFMAN_ONLY,
        zlib.constants.Z_RLE, zlib.constants.Z_FIXED];
      for (let level = 0; level <= 9; level++) {
        for (const strategy of strategies) {
          const opts = { level, strategy };
          assert.ok(equalBytes(flate.inflate(zlib.deflateRawSync(data, opts)), data), `raw ${JSON.stringify(opts)}`);
          assert.ok(equalBytes(flate.zlibDecompress(zlib.deflateSync(data, opts)), data), `zlib ${JSON.stringify(opts)}`);
          assert.ok(equalBytes(flate.gunzip(zlib.gzipSync(data, opts)), data), `gzip ${JSON.stringify(opts)}`);
        }
      }
      for (let windowBits = 9; windowBits <= 15; windowBits++) {
        for (let memLevel = 1; memLevel <= 9; memLevel++) {
          for (const level of [1, 6, 9]) {
            const opts = { level, windowBits, memLevel };
            assert.ok(equalBytes(flate.zlibDecompress(zlib.deflateSync(data, opts)), data), JSON.stringify(opts));
          }
        }
      }
    });

    it('inflates every member of a multi-member gzip file', () => {
      const a = textBytes(5000, 1);
      const b = randomBytes(3000, 2);
      const joined = new Uint8Array([...zlib.gzipSync(a), ...flate.gzip(b), ...zlib.gzipSync(new Uint8Array(0))]);
      assert.ok(equalBytes(flate.gunzip(joined), new Uint8Array([...a, ...b])));
    });

    it('reads gzip headers with FEXTRA, FNAME, FCOMMENT and FHCRC', () => {
      const data = textBytes(1000);
      const body = zlib.deflateRawSync(data);
      const header = [0x1f, 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3, 4, 0, 1, 2, 3, 4,
        ...new TextEncoder().encode('name.txt'), 0, ...new TextEncoder().encode('a comment'), 0];
      const hcrc = zlib.crc32(new Uint8Array(header)) & 0xffff;
      const trailer = new Uint8Array(8);
      new DataView(trailer.buffer).setUint32(0, zlib.crc32(data), true);
      new DataView(trailer.buffer).setUint32(4, data.length, true);
      const file = new Uint8Array([...header, hcrc & 255, hcrc >> 8, ...body, ...trailer]);
      assert.ok(equalBytes(zlib.gunzipSync(file), data), 'the hand-made file is valid');
      assert.ok(equalBytes(flate.gunzip(file), data));
      file[header.length] ^= 1;
      assertCode(() => flate.gunzip(file), 'GZIP_HEADER_CRC_MISMATCH');
    });

    it('computes crc32 and adler32 like zlib, also continued across calls', () => {
      const data = randomBytes(100_003, 5);
      assert.equal(flate.crc32(data), zlib.crc32(data));
      assert.equal(flate.crc32(data.subarray(500), flate.crc32(data.subarray(0, 500))), zlib.crc32(data));
      assert.equal(flate.crc32(new Uint8Array(0)), 0);
      let a = 1;
      let b = 0;
      for (const byte of data) {
        a = (a + byte) % 65521;
        b = (b + a) % 65521;
      }
      const adler = ((b << 16) | a) >>> 0;
      assert.equal(flate.adler32(data), adler);
      assert.equal(flate.adler32(data.subarray(777), flate.adler32(data.subarray(0, 777))), adler);
      assert.equal(flate.adler32(new Uint8Array(0)), 1);
    });

    for (const [what, format, stream, code] of MALFORMED) {
      it(`rejects ${what} with ${code}, then works`, () => {
        assertCode(() => decompressor(format)(stream), code);
        assert.ok(equalBytes(flate.inflate(flate.deflate(GENERATED.text)), GENERATED.text));
      });
    }

    it('rejects bad checksums, lengths and trailing data, naming the byte offset', () => {
      const data = textBytes(20_000);
      const z = flate.zlibCompress(data);
      const badAdler = z.slice();
      badAdler[badAdler.length - 1] ^= 0x55;
      assertCode(() => flate.zlibDecompress(badAdler), 'ZLIB_ADLER32_MISMATCH');
      const g = flate.gzip(data);
      const badCrc = g.slice();
      badCrc[badCrc.length - 8] ^= 1;
      assertCode(() => flate.gunzip(badCrc), 'GZIP_CRC32_MISMATCH');
      const badSize = g.slice();
      badSize[badSize.length - 1] ^= 1;
      assertCode(() => flate.gunzip(badSize), 'GZIP_ISIZE_MISMATCH');
      assertCode(() => flate.zlibDecompress(new Uint8Array([...z, 0])), 'DEFLATE_TRAILING_DATA');
      try {
        flate.zlibDecompress(badAdler);
      } catch (e) {
        assert.equal(typeof e.offset, 'number');
        assert.match(e.message, /byte \d+/);
      }
      // A raw stream may be followed by other data.
      assert.ok(equalBytes(flate.inflate(new Uint8Array([...flate.deflate(data), 1, 2, 3])), data));
    });

    it('reports truncation anywhere in a stream and stays usable', () => {
      const data = textBytes(30_000);
      const z = flate.zlibCompress(data, { level: 6 });
      for (let cut = 0; cut < z.length; cut += Math.max(1, z.length >> 6)) {
        assert.throws(() => flate.zlibDecompress(z.subarray(0, cut)), WasmforgeError, `cut at ${cut}`);
      }
      assert.ok(equalBytes(flate.zlibDecompress(z), data));
    });

    it('stops decompression bombs at the output limit', () => {
      const bomb = zlib.deflateRawSync(new Uint8Array(8 << 20), { level: 9 });
      assert.ok(bomb.length < 20_000);
      assertCode(() => flate.inflate(bomb, { maxOutputLength: 1 << 20 }), 'OUTPUT_LIMIT');
      assert.equal(flate.inflate(bomb, { maxOutputLength: 8 << 20 }).length, 8 << 20);
      assertCode(() => flate.inflate(bomb, { maxOutputLength: -1 }), 'INVALID_ARGUMENT');
    });

    it('never crashes on garbage or mutated streams', () => {
      const valid = flate.deflate(textBytes(4000));
      const noise = randomBytes(400_000, 99);
      for (let i = 0; i < 2000; i++) {
        let input;
        if (i % 2) {
          input = noise.subarray(i * 97 % 390_000, i * 97 % 390_000 + (i % 300));
        } else {
          input = valid.slice();
          for (let k = 0; k < 1 + (i % 4); k++) input[(noise[i + k] * 131 + i) % input.length] ^= 1 << (noise[i + k + 7] & 7);
        }
        for (const fn of [flate.inflate, flate.zlibDecompress, flate.gunzip]) {
          try {
            fn(input, { maxOutputLength: 1 << 20 });
          } catch (e) {
            assert.ok(e instanceof WasmforgeError, `input ${i}: ${e}`);
            assert.notEqual(e.code, 'INTERNAL_ERROR', `input ${i}: ${e.message}`);
          }
        }
      }
      assert.ok(equalBytes(flate.inflate(valid), textBytes(4000)));
    });

    it('validates its arguments', () => {
      assertCode(() => flate.deflate('text'), 'INVALID_ARGUMENT');
      assertCode(() => flate.deflate(new Uint8Array(1), { level: 10 }), 'INVALID_ARGUMENT');
      assertCode(() => flate.inflate(null), 'INVALID_ARGUMENT');
      assert.ok(equalBytes(flate.inflate(flate.deflate(new Uint8ClampedArray([1, 2, 3]))), new Uint8Array([1, 2, 3])));
    });
  });
}

describe('every backend and the native build give the same bytes', () => {
  const inputs = [GENERATED.text, GENERATED.mixed, GENERATED.random.subarray(0, 5000)];
  function digest(backendOutputs) {
    return createHash('sha256').update(Buffer.concat(backendOutputs)).digest('hex');
  }

  it('compressed output is identical at every level', async () => {
    const digests = {};
    for (const backend of BACKENDS) {
      await flate.init({ backend });
      const outputs = [];
      for (const data of inputs) for (let level = 0; level <= 9; level++) outputs.push(flate.gzip(data, { level }));
      digests[backend] = digest(outputs);
    }
    const tool = join(REPO_ROOT, 'build/native/tools/wasmforge-deflate');
    if (existsSync(tool)) {
      const outputs = [];
      for (const data of inputs) {
        for (let level = 0; level <= 9; level++) {
          const r = spawnSync(tool, ['-f', 'gzip', '-l', String(level)], { input: data, maxBuffer: 1 << 26 });
          assert.equal(r.status, 0, String(r.stderr));
          outputs.push(r.stdout);
        }
      }
      digests.native = digest(outputs);
    }
    assert.ok(existsSync(tool), `native tool ${tool} missing: run npm run build`);
    assert.equal(new Set(Object.values(digests)).size, 1, JSON.stringify(digests));
  });
});
