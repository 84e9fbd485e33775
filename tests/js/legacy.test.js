// SPDX-License-Identifier: MIT
// legacy.test.js: the legacy classic scripts (dist/wasmforge.legacy.js and the
// per-core dist/wasmforge.<core>.legacy.js) are ES5 and give, in Duktape (an
// ES5.1 engine with no WebAssembly and no Promise), what the Wasm build gives.
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
import { WORKLOAD, legacyInputs, legacyWorkloadInNode } from './legacy-support.js';

const BUNDLE = join(REPO_ROOT, 'dist/wasmforge.legacy.js');

it('the legacy bundles parse as ES5', () => {
  for (const file of [BUNDLE, ...['deflate', 'png', 'jpeg', 'chess'].map((c) => join(REPO_ROOT, `dist/wasmforge.${c}.legacy.js`))]) {
    assert.doesNotThrow(() => acorn.parse(readFileSync(file, 'utf8'), { ecmaVersion: 5, sourceType: 'script' }), file);
  }
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

// Every core through the per-core legacy files (loaded together, as a page
// would), in Duktape, on real corpus files: the same results as the ES modules
// on the Wasm backend (tests/js/legacy-workload.js runs in both).
const CORE_FILES = ['deflate', 'png', 'jpeg', 'chess'].map((c) => join(REPO_ROOT, `dist/wasmforge.${c}.legacy.js`));

it('per-core legacy files: PNG, JPEG and chess in Duktape give what the Wasm build gives', async (t) => {
  if (spawnSync('duk', ['-e', '1']).error) return t.skip('duk (Debian package duktape) is not installed');
  const inputs = legacyInputs();
  if (!inputs) return t.skip('corpora pngsuite/jpeg not found (set WASMFORGE_DATA)');
  const expected = await legacyWorkloadInNode(inputs);
  const dir = mkdtempSync(join(tmpdir(), 'wasmforge-duk-'));
  try {
    const script = join(dir, 'run.js');
    writeFileSync(script, `var input = ${JSON.stringify(inputs)};\n` +
      'var names = []; for (var k in wasmforge) names.push(k);\n' +
      'print(JSON.stringify({ names: names.sort(), backend: wasmforge.chess.backend(), result: legacyWorkload(wasmforge, input) }));\n');
    const r = spawnSync('duk', [...CORE_FILES, WORKLOAD, script], { encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout.trim());
    assert.deepEqual(out.names, ['WasmforgeError', 'chess', 'deflate', 'jpeg', 'png']);
    assert.equal(out.backend, 'wasm2js');
    assert.deepEqual(out.result, expected);
    // and the results are right, not only equal
    assert.deepEqual(expected.chess.perft, [8902, 2039, 2812]);
    assert.equal(expected.chess.mate.state, 'checkmate');
    assert.equal(expected.chess.stalemate, 'stalemate');
    assert.equal(expected.chess.mateSearch, 'f6a6');
    assert.match(expected.chess.search.bestmove, /^[a-h][1-8][a-h][1-8]$/);
    assert.equal(expected.chess.search.depth, 4);
    assert.deepEqual(expected.chess.error, { code: 'CHESS_BAD_FEN', ours: true });
    assert.equal(expected.pngError.code.slice(0, 4), 'PNG_');
    assert.ok(expected.pngError.ours);
    assert.deepEqual(expected.jpeg[0].image.data.length, 227 * 149 * 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('the one-file legacy bundle holds every core', async (t) => {
  if (spawnSync('duk', ['-e', '1']).error) return t.skip('duk (Debian package duktape) is not installed');
  const r = spawnSync('duk', [BUNDLE, '-e',
    'print(JSON.stringify([wasmforge.deflate.backend(), wasmforge.png.backend(), wasmforge.jpeg.backend(), ' +
    'wasmforge.chess.perft("startpos", 2), wasmforge.chess.toSan("startpos", "g1f3")]))'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.deepEqual(JSON.parse(r.stdout.trim()), ['wasm2js', 'wasm2js', 'wasm2js', 400, 'Nf3']);
});
