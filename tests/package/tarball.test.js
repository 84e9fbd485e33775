// SPDX-License-Identifier: MIT
// tarball.test.js: `npm pack` gives a tarball that installs offline into an
// empty folder with no build step and no install scripts, ships exactly what
// runs (and stays within its size budget), and every entry point works from
// it: ESM in Node on every backend, CommonJS require(), and init({module})
// where compiling Wasm from bytes is forbidden (edge runtimes).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ENTRIES, CORE_ENTRIES, PACKAGE, REPO_ROOT } from './entries.js';
import { packTarball, installTarball } from './pack.js';

// Budgets: above the sizes measured when they were set (see README "Package and bundlers").
// 2026-12-07 with seven cores (webp, resize added) and a legacy file per core: 1,463,099 packed,
// 7,497,936 unpacked; the budget leaves about 10% for growth. Raised to 1.8 MB packed when the two
// WebP encoders (in three builds and the legacy bundle) and a SIMD chess build joined: 1,705,308
// packed, 8,590,318 unpacked.
const PACKED_BUDGET = 1_800_000;
const UNPACKED_BUDGET = 9_300_000;
// What may ship: the JS and its types, the built cores, the legacy bundle, the docs.
const SHIPPED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^web\/[\w-]+\.(js|d\.ts)$/,
  /^dist\/[\w-]+(\.simd|\.mt)?\.wasm$/, /^dist\/[\w-]+\.wasm2js\.js$/, /^dist\/wasmforge(\.[a-z]+)?\.legacy\.js$/,
  /^bin\/wasmforge\.js$/];
const FIXTURES = join(REPO_ROOT, 'tests/package/fixtures');

describe('the npm tarball', () => {
  let pack;
  let app;

  before(() => {
    pack = packTarball();
    app = installTarball(pack.tgz, pack.dir);
    for (const f of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, f), join(app, f));
  });
  after(() => pack?.cleanup());

  function runNode(args, env = {}) {
    const r = spawnSync(process.execPath, args, { cwd: app, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180000 });
    return { ...r, json: () => {
      assert.equal(r.status, 0, `node ${args.join(' ')} failed:\n${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop());
    } };
  }

  it('ships exactly the runtime files, within its size budget', () => {
    const files = pack.info.files.map((f) => f.path).sort();
    const unexpected = files.filter((f) => !SHIPPED.some((re) => re.test(f)));
    assert.deepEqual(unexpected, [], 'files that should not ship');
    for (const entry of ENTRIES) {
      assert.ok(files.includes(entry.js.slice(2)), `${entry.js} ships`);
      assert.ok(files.includes(entry.types.slice(2)), `${entry.types} ships`);
    }
    // every module the entries import ships too (checked by running them below); each core's builds
    const cores = readdirSync(join(REPO_ROOT, 'dist')).filter((n) => /^[a-z]+\.wasm$/.test(n)).map((n) => n.slice(0, -5));
    for (const core of cores) {
      for (const f of [`dist/${core}.wasm`, `dist/${core}.wasm2js.js`]) assert.ok(files.includes(f), `${f} ships`);
      if (existsSync(join(REPO_ROOT, `dist/${core}.simd.wasm`))) assert.ok(files.includes(`dist/${core}.simd.wasm`));
    }
    console.log(`# tarball: ${files.length} files, ${pack.info.size} bytes packed, ${pack.info.unpackedSize} unpacked`);
    assert.ok(pack.info.size <= PACKED_BUDGET, `packed ${pack.info.size} > budget ${PACKED_BUDGET}`);
    assert.ok(pack.info.unpackedSize <= UNPACKED_BUDGET, `unpacked ${pack.info.unpackedSize} > budget ${UNPACKED_BUDGET}`);
  });

  it('installs without install scripts or dependencies', () => {
    const installed = JSON.parse(readFileSync(join(app, 'node_modules/wasmforge/package.json'), 'utf8'));
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      assert.equal(installed.scripts?.[hook], undefined, `an ${hook} script`);
    }
    assert.equal(installed.dependencies, undefined);
    assert.deepEqual(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')), ['wasmforge']);
  });

  it('the exports map has a types and a default condition for every entry, pointing at files', () => {
    assert.ok(ENTRIES.some((e) => e.key === '.'), 'a root entry');
    for (const entry of ENTRIES) {
      assert.deepEqual(Object.keys(PACKAGE.exports[entry.key]), ['types', 'default'], entry.key);
      assert.equal(entry.js, `./web/${entry.name}.js`);
      assert.equal(entry.types, `./web/${entry.name}.d.ts`);
      assert.ok(existsSync(join(app, 'node_modules/wasmforge', entry.js)), entry.js);
    }
    // the root re-exports every core as a namespace, and the error class
    const root = readFileSync(join(REPO_ROOT, 'web/index.js'), 'utf8');
    for (const entry of CORE_ENTRIES) {
      assert.match(root, new RegExp(`export \\* as ${entry.name} from './${entry.name}\\.js';`), `web/index.js exports ${entry.name}`);
    }
  });

  for (const backend of ['auto', 'wasm2js']) {
    it(`every entry works in Node (ESM) from the installed tarball, backend ${backend}`, () => {
      const report = runNode(['node-app.mjs', backend]).json();
      const wasm = { deflate: 'wasm-simd', png: 'wasm-simd', jpeg: 'wasm-simd', chess: 'wasm-simd' };
      for (const core of ['deflate', 'png', 'jpeg', 'chess']) {
        assert.equal(report.backends[core], backend === 'wasm2js' ? 'wasm2js' : wasm[core], core);
      }
      // image loads the webp and resize cores too (both have a SIMD build, like png and jpeg)
      assert.deepEqual(report.backends.image, { png: report.backends.png, jpeg: report.backends.jpeg,
        webp: report.backends.png, resize: report.backends.png });
      assert.equal(report.deflateRoundTrip, true);
      assert.equal(report.pngRoundTrip, true);
      assert.equal(report.jpegDecoded, true);
      assert.equal(report.perft3, 8902);
      assert.equal(report.rootIsSame, true);
      assert.equal(report.errorCode, 'DEFLATE_BAD_BLOCK_TYPE');
      assert.equal(report.bestmoveLegal, true, report.bestmove);
    });
  }

  it('importing the root entry loads no Wasm', () => {
    const r = runNode(['--input-type=module', '-e',
      "import * as w from 'wasmforge'; console.log(JSON.stringify(Object.keys(w).map((k) => [k, typeof w[k].backend === 'function' ? w[k].backend() : null])))"]);
    const backends = r.json();
    assert.deepEqual(backends.map(([k]) => k).sort(), [...CORE_ENTRIES.map((e) => e.name), 'WasmforgeError'].sort());
    for (const [name, b] of backends) {
      if (name === 'WasmforgeError') continue;
      const values = b && typeof b === 'object' ? Object.values(b) : [b];
      assert.deepEqual(values.filter((v) => v !== null), [], `${name} was loaded: ${JSON.stringify(b)}`);
    }
  });

  it('CommonJS: require() works (Node 20.19+), and without require(esm) the error says to use import()', () => {
    const hasRequireEsm = process.features.require_module === true;
    if (hasRequireEsm) {
      const report = runNode(['node-require.cjs']).json();
      assert.equal(report.ok, true);
      assert.equal(report.errorClass, 'function');
    }
    const r = runNode(['--no-experimental-require-module', 'node-require.cjs']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /ERR_REQUIRE_ESM/);
    assert.match(r.stderr, /dynamic import\(\)/);
  });

  it('init({module}) works for every core where compiling Wasm from bytes is forbidden', () => {
    const report = runNode(['edge-module.mjs']).json();
    assert.equal(report.forbidden, true, 'the simulation forbids compiling from bytes');
    assert.deepEqual(report.backends, { deflate: 'wasm', png: 'wasm', jpeg: 'wasm',
      image: { png: 'wasm', jpeg: 'wasm', webp: 'wasm', resize: 'wasm' }, chess: 'wasm' });
    for (const k of ['deflate', 'png', 'jpeg', 'image', 'chess']) assert.equal(report[k], true, k);
    assert.match(report.bestmove, /^[a-h][1-8][a-h][1-8]$/);
    assert.equal(report.badModule, 'INVALID_ARGUMENT');
  });

  it('the tarball is reproducible: packing twice gives the same files', () => {
    const again = packTarball();
    try {
      assert.deepEqual(again.info.files.map((f) => [f.path, f.size]), pack.info.files.map((f) => [f.path, f.size]));
      assert.equal(again.info.integrity, pack.info.integrity);
    } finally {
      again.cleanup();
    }
  });
});
