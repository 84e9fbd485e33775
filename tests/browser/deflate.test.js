// SPDX-License-Identifier: MIT
// deflate.test.js (browser): the loader in headless Chromium picks the right
// backend by itself — wasm normally, wasm2js where WebAssembly is forbidden by
// CSP or absent (--jitless) — in a page and in a module Worker, and every
// backend gives the bytes Node gives.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../demos/server.mjs';
import { launchChromium, resultOf } from './chromium.js';
import { runDeflateWorkload } from './pages/deflate-workload.js';
import { bestWasmBackend } from './chromium.js';

const PAGE = '/tests/browser/pages/deflate.html';
// What auto-detection picks where WebAssembly works: the SIMD build if the core has one.
const WASM = bestWasmBackend('deflate');
const WASM_FILE = WASM === 'wasm-simd' ? '/deflate.simd.wasm' : '/deflate.wasm';

describe('deflate in headless Chromium', () => {
  let server;
  let browser;
  let expected;

  before(async () => {
    expected = await runDeflateWorkload('wasm');
    server = await startServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function run(path, query = '') {
    const page = await browser.newPage();
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    try {
      const result = await resultOf(page, `${server.url}${path}${query}`);
      assert.equal(result.error, undefined, result.error);
      return { result, requested };
    } finally {
      await page.close();
    }
  }

  function assertSameWork(result) {
    assert.equal(result.reported, result.backend);
    assert.ok(result.roundTrips);
    assert.deepEqual(result.sizes, expected.sizes);
    assert.equal(result.digest, expected.digest);
    assert.equal(result.errorCode, 'DEFLATE_BAD_BLOCK_TYPE');
  }

  for (const worker of [false, true]) {
    const where = worker ? 'a module Worker' : 'a page';
    const query = worker ? '?worker=1' : '';

    it(`picks ${WASM} in ${where} and never downloads the wasm2js build`, async () => {
      const { result, requested } = await run(PAGE, query);
      assert.equal(result.backend, WASM);
      assertSameWork(result);
      assert.ok(requested.some((p) => p.endsWith(WASM_FILE)));
      assert.ok(!requested.some((p) => p.endsWith('.wasm2js.js')), requested.join(' '));
    });

    it(`falls back to wasm2js in ${where} under a CSP without 'wasm-unsafe-eval'`, async () => {
      const { result, requested } = await run(`/csp-nowasm${PAGE}`, `${query ? `${query}&` : '?'}large=1`);
      assert.equal(result.backend, 'wasm2js');
      assertSameWork(result);
      assert.equal(result.largeRoundTrip, true, 'a 72 MiB round trip (the memory moves past its first buffer)');
      assert.ok(!requested.some((p) => p.endsWith('.wasm')), 'the .wasm is not fetched when it cannot compile');
    });

    it(`uses ${WASM} in ${where} under a CSP with 'wasm-unsafe-eval'`, async () => {
      const { result } = await run(`/csp-wasm${PAGE}`, query);
      assert.equal(result.backend, WASM);
      assertSameWork(result);
    });
  }

  it('still loads wasm when the server sends the wrong MIME type', async () => {
    const { result } = await run(`/wrong-mime${PAGE}`);
    assert.equal(result.backend, WASM);
    assertSameWork(result);
  });

  for (const forced of ['wasm2js', 'wasm']) {
    it(`can be forced to ${forced}`, async () => {
      const { result } = await run(PAGE, `?backend=${forced}`);
      assert.equal(result.backend, forced);
      assertSameWork(result);
    });
  }

  it('runs the classic-script legacy bundle', async () => {
    const page = await browser.newPage();
    try {
      const result = await resultOf(page, `${server.url}/tests/browser/pages/legacy.html`);
      assert.equal(result.backend, 'wasm2js');
      assert.ok(result.ok);
    } finally {
      await page.close();
    }
  });
});

describe('deflate in headless Chromium with --js-flags=--jitless (no WebAssembly at all)', () => {
  let server;
  let browser;
  let expected;

  before(async () => {
    expected = await runDeflateWorkload('wasm');
    server = await startServer();
    browser = await launchChromium(['--js-flags=--jitless']);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const query of ['', '?worker=1']) {
    it(`picks wasm2js by itself in ${query ? 'a module Worker' : 'a page'}`, async () => {
      const page = await browser.newPage();
      try {
        const result = await resultOf(page, `${server.url}${PAGE}${query}`, 180000);
        assert.equal(result.error, undefined, result.error);
        assert.equal(result.backend, 'wasm2js');
        assert.deepEqual(result.sizes, expected.sizes);
        assert.equal(result.digest, expected.digest);
        assert.ok(result.roundTrips);
      } finally {
        await page.close();
      }
    });
  }
});
