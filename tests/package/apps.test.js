// SPDX-License-Identifier: MIT
// apps.test.js: a tiny web app (tests/package/app) built against the packed
// and installed tarball with each bundler people use, offline, then served
// and driven in headless Chromium, on the page and in a module Worker:
//   - the Wasm backend loads (SIMD where the core has it), a PNG and a JPEG
//     decode to the pixels Node decodes, a gzip round trip holds, the engine
//     (in its own Worker) returns a legal move, and no wasm2js file is fetched;
//   - under a CSP without 'wasm-unsafe-eval' the same build runs on wasm2js
//     and fetches no .wasm.
// The bundlers come from this repository's node_modules (pinned
// devDependencies); the app gets wasmforge only from the tarball.
// WASMFORGE_APPS_DEBUG=1 prints each run's result and the paths it fetched.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './entries.js';
import { packTarball, installTarball } from './pack.js';
import { startServer } from '../../demos/server.mjs';
import { launchChromium } from '../browser/chromium.js';
import * as png from '../../web/png.js';
import * as jpeg from '../../web/jpeg.js';
import * as deflate from '../../web/deflate.js';

const CSP_NO_WASM = { 'Content-Security-Policy': "script-src 'self'; worker-src 'self'" };
const SIMD_CORES = ['deflate', 'png', 'jpeg', 'chess', 'engine']; // engine: the chess Worker's core
const APP_FILES = ['index.html', 'main.js', 'worker.js', 'workload.js'];
// The app's vite.config.js, as README "Package and bundlers" gives it: Workers
// as ES modules, so that each backend stays its own chunk (the default 'iife'
// inlines every wasm2js build into the Worker, which the CSP runs catch).
const VITE_CONFIG = { worker: { format: 'es' } };

function digest(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0).toString(16);
}

// Fixtures made here, and what decoding them must give.
async function makeFixtures(dir) {
  await Promise.all([png.init({ backend: 'wasm' }), jpeg.init({ backend: 'wasm' }), deflate.init({ backend: 'wasm' })]);
  const [w, h] = [61, 37];
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      rgba.set([x * 4, y * 6, (x * y) & 255, 128 + ((x + y) & 127)], i);
    }
  }
  const [pw, ph] = [96, 64];
  const photo = new Uint8ClampedArray(pw * ph * 4);
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const i = (y * pw + x) * 4;
      photo.set([128 + 100 * Math.sin(x / 9), 128 + 90 * Math.cos(y / 7), (x * 2 + y) & 255, 255], i);
    }
  }
  const pngFile = png.encode({ width: w, height: h, data: rgba });
  const jpegFile = jpeg.encode({ width: pw, height: ph, data: photo }, { quality: 85 });
  mkdirSync(join(dir, 'fixtures'), { recursive: true });
  writeFileSync(join(dir, 'fixtures/image.png'), pngFile);
  writeFileSync(join(dir, 'fixtures/photo.jpg'), jpegFile);
  const text = new TextEncoder().encode('The quick brown fox jumps over the lazy dog. '.repeat(200));
  const packed = deflate.gzip(text, { level: 6 });
  return {
    png: { width: w, height: h, digest: digest(rgba) },
    jpeg: { width: pw, height: ph, digest: digest(jpeg.decode(jpegFile).data) },
    deflate: { size: packed.length, digest: digest(packed), roundTrip: true },
  };
}

const copyApp = (app, out) => {
  mkdirSync(out, { recursive: true });
  cpSync(join(app, 'public/fixtures'), join(out, 'fixtures'), { recursive: true });
};
// For bundlers that leave new URL('../dist/x.wasm', import.meta.url) alone
// (esbuild, Rollup): the package's dist/ beside the folder of the bundle.
const copyDist = (app, out) => cpSync(join(app, 'node_modules/wasmforge/dist'), join(out, 'dist'), { recursive: true });
const indexFor = (app, out, script) => writeFileSync(join(out, 'index.html'),
  readFileSync(join(app, 'index.html'), 'utf8').replace('./main.js', script));

// Each builder turns the app folder into a static site in `out`, as its docs
// (README "Bundlers") say to.
const BUILDERS = {
  async vite(app, out) {
    const { build } = await import('vite');
    await build({ ...VITE_CONFIG, root: app, base: './', configFile: false, logLevel: 'error',
      build: { outDir: out, emptyOutDir: true } });
  },
  async webpack(app, out) {
    const { default: webpack } = await import('webpack');
    copyApp(app, out);
    indexFor(app, out, './assets/main.js');
    const stats = await new Promise((resolve, reject) => webpack({
      mode: 'production', context: app, entry: { main: './main.js' }, target: 'web',
      output: { path: out, filename: 'assets/[name].js', chunkFilename: 'assets/[name].[contenthash].js',
        assetModuleFilename: 'assets/[name][ext]', clean: false },
      performance: { hints: false },
      // terser on the four wasm2js chunks takes minutes on a busy 2-core machine and checks
      // nothing of ours (Vite and esbuild minify theirs)
      optimization: { minimize: false },
    }, (err, s) => (err ? reject(err) : resolve(s))));
    assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  },
  async esbuild(app, out) {
    const esbuild = await import('esbuild');
    copyApp(app, out);
    copyDist(app, out);
    indexFor(app, out, './assets/main.js');
    await esbuild.build({ absWorkingDir: app, bundle: true, format: 'esm', splitting: true, minify: true,
      entryPoints: { main: 'main.js', worker: 'worker.js', 'chess-worker': 'node_modules/wasmforge/web/chess-worker.js' },
      outdir: join(out, 'assets'), logLevel: 'warning', platform: 'browser' });
  },
  async rollup(app, out) {
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    copyApp(app, out);
    copyDist(app, out);
    indexFor(app, out, './assets/main.js');
    const bundle = await rollup({ input: { main: join(app, 'main.js'), worker: join(app, 'worker.js'),
      'chess-worker': join(app, 'node_modules/wasmforge/web/chess-worker.js') },
    plugins: [nodeResolve({ browser: true })], onwarn: (w) => assert.fail(`rollup: ${w.message}`) });
    await bundle.write({ dir: join(out, 'assets'), format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
    await bundle.close();
  },
  // No bundler: the app's own files, importing the package's modules by path.
  async plain(app, out) {
    copyApp(app, out);
    cpSync(join(app, 'node_modules'), join(out, 'node_modules'), { recursive: true });
    for (const f of APP_FILES) {
      const text = readFileSync(join(app, f), 'utf8').replace(/'wasmforge\/(\w+)'/g, "'./node_modules/wasmforge/web/$1.js'");
      writeFileSync(join(out, f), text);
    }
  },
};

function freePort() {
  return new Promise((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

describe('apps built against the tarball, in headless Chromium', () => {
  let pack;
  let app;
  let expected;
  let browser;

  before(async () => {
    pack = packTarball();
    app = installTarball(pack.tgz, pack.dir);
    for (const f of APP_FILES) cpSync(join(REPO_ROOT, 'tests/package/app', f), join(app, f));
    expected = await makeFixtures(join(app, 'public'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    pack?.cleanup();
  });

  async function run(baseUrl, worker) {
    const page = await browser.newPage();
    const requested = [];
    const log = (r) => requested.push(new URL(r.url()).pathname);
    browser.context.on('request', log);
    try {
      await page.goto(`${baseUrl}/index.html${worker ? '?worker=1' : ''}`);
      await page.waitForFunction(() => self.__result !== undefined, null, { timeout: 120000 });
      const result = await page.evaluate(() => self.__result);
      assert.equal(result.error, undefined, result.error);
      if (process.env.WASMFORGE_APPS_DEBUG) console.log(JSON.stringify({ baseUrl, worker, result, requested }));
      return { result, requested };
    } finally {
      browser.context.off('request', log);
      await page.close();
    }
  }

  function assertWork(result, wasm2js, worker) {
    assert.equal(result.where, worker ? 'worker' : 'page');
    for (const core of ['deflate', 'png', 'jpeg', 'chess', 'engine']) {
      const want = wasm2js ? 'wasm2js' : SIMD_CORES.includes(core) ? 'wasm-simd' : 'wasm';
      assert.equal(result.backends[core], want, `${core} backend`);
    }
    assert.deepEqual(result.png, expected.png, 'PNG pixels');
    assert.deepEqual(result.jpeg, expected.jpeg, 'JPEG pixels');
    assert.deepEqual(result.deflate, expected.deflate, 'gzip bytes and round trip');
    assert.equal(result.bestmoveLegal, true, `bestmove ${result.bestmove}`);
  }

  async function check(baseUrl, cspUrl, name) {
    for (const worker of [false, true]) {
      const where = worker ? 'module Worker' : 'page';
      const wasm = await run(baseUrl, worker);
      assertWork(wasm.result, false, worker);
      assert.ok(wasm.requested.some((p) => /\.wasm$/.test(p)), `${name} ${where}: a .wasm was fetched`);
      assert.deepEqual(wasm.requested.filter((p) => /wasm2js/.test(p)), [], `${name} ${where}: no wasm2js file on the Wasm path`);
      if (!cspUrl) continue;
      const csp = await run(cspUrl, worker);
      assertWork(csp.result, true, worker);
      assert.ok(csp.requested.some((p) => /wasm2js/.test(p)), `${name} ${where} under CSP: the wasm2js files were fetched`);
      assert.deepEqual(csp.requested.filter((p) => /\.wasm$/.test(p)), [], `${name} ${where} under CSP: no .wasm fetched`);
    }
  }

  for (const name of Object.keys(BUILDERS)) {
    it(`${name}: builds offline and works on Wasm, and on wasm2js under CSP`, async () => {
      const out = join(pack.dir, `out-${name}`);
      await BUILDERS[name](app, out);
      assert.ok(existsSync(join(out, 'index.html')), `${name} wrote index.html`);
      const files = readdirSync(out, { recursive: true }).map(String);
      const servers = [await startServer({ root: out }), await startServer({ root: out, headers: CSP_NO_WASM })];
      try {
        await check(servers[0].url, servers[1].url, name);
      } finally {
        await Promise.all(servers.map((s) => s.close()));
      }
      console.log(`# ${name}: ${files.length} files`);
    });
  }

  it('vite dev server (its dependency pre-bundling on): works on Wasm, and on wasm2js under CSP', async () => {
    const { createServer } = await import('vite');
    for (const headers of [{}, CSP_NO_WASM]) {
      const server = await createServer({ ...VITE_CONFIG, root: app, configFile: false, logLevel: 'error',
        server: { host: '127.0.0.1', port: await freePort(), strictPort: true, headers, hmr: false },
        });
      await server.listen();
      try {
        const url = `http://127.0.0.1:${server.config.server.port}`;
        for (const worker of [false, true]) {
          const { result, requested } = await run(url, worker);
          assertWork(result, headers === CSP_NO_WASM, worker);
          if (headers === CSP_NO_WASM) assert.deepEqual(requested.filter((p) => /\.wasm$/.test(p)), []);
          else assert.deepEqual(requested.filter((p) => /wasm2js/.test(p)), []);
        }
      } finally {
        await server.close();
      }
    }
  });
});
