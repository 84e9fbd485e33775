// SPDX-License-Identifier: MIT
// legacy.test.js: dist/wasmforge.legacy.js is ES5 and gives, in Duktape (an
// ES5.1 engine with no WebAssembly and no Promise), the bytes the Wasm build gives.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import * as acorn from 'acorn';
import * as flate from '../../web/deflate.js';
import { REPO_ROOT, textBytes } from './support.js';

const BUNDLE = join(REPO_ROOT, 'dist/wasmforge.legacy.js');

it('the legacy bundle parses as ES5', () => {
  assert.doesNotThrow(() => acorn.parse(readFileSync(BUNDLE, 'utf8'), { ecmaVersion: 5, sourceType: 'script' }));
});

it('runs in Duktape and gives the same bytes as the Wasm build', async (t) => {
  if (spawnSync('duk', ['-e', '1']).error) return t.skip('duk (Debian package duktape) is not installed');
  await flate.init({ backend: 'wasm' });
  const data = textBytes(30_000);
  const fromNode = zlib.gzipSync(data);
  const dir = mkdtempSync(join(tmpdir(), 'wasmforge-duk-'));
  try {
    const script = join(dir, 'check.js');
    writeFileSync(script, `
      var data = new Uint8Array([${Array.from(data).join(',')}]);
      var fromNode = new Uint8Array([${Array.from(fromNode).join(',')}]);
      var f = wasmforge.deflate;
      var out = { backend: f.backend(), promise: typeof Promise, wasm: typeof WebAssembly, sizes: [], crcs: [] };
      for (var level = 0; level <= 9; level++) {
        var packed = f.gzip(data, { level: level });
        out.sizes.push(packed.length);
        out.crcs.push(f.crc32(packed));
      }
      out.gunzipCrc = f.crc32(f.gunzip(fromNode));
      out.adler = f.adler32(data);
      try { f.inflate(new Uint8Array([7])); } catch (e) { out.error = e.code; out.isError = e instanceof wasmforge.WasmforgeError; }
      print(JSON.stringify(out));
    `);
    const r = spawnSync('duk', [BUNDLE, script], { encoding: 'utf8', maxBuffer: 1 << 24 });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout.trim());
    assert.equal(out.backend, 'wasm2js');
    assert.equal(out.wasm, 'undefined');
    const sizes = [];
    const crcs = [];
    for (let level = 0; level <= 9; level++) {
      const packed = flate.gzip(data, { level });
      sizes.push(packed.length);
      crcs.push(flate.crc32(packed));
    }
    assert.deepEqual(out.sizes, sizes);
    assert.deepEqual(out.crcs, crcs);
    assert.equal(out.gunzipCrc, zlib.crc32(data));
    assert.equal(out.adler, flate.adler32(data));
    assert.equal(out.error, 'DEFLATE_BAD_BLOCK_TYPE');
    assert.ok(out.isError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
