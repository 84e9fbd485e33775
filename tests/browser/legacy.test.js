// SPDX-License-Identifier: MIT
// legacy.test.js (browser): the per-core legacy classic scripts in headless
// Chromium with --jitless (no WebAssembly at all), loaded together as a page
// would: the workload (tests/js/legacy-workload.js) on corpus files gives
// what the ES modules give on the Wasm backend in Node.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../demos/server.mjs';
import { launchChromium, resultOf } from './chromium.js';
import { legacyInputs, legacyWorkloadInNode } from '../js/legacy-support.js';

describe('per-core legacy files in headless Chromium (--jitless)', () => {
  let server;
  let browser;
  const inputs = legacyInputs();

  before(async () => {
    server = await startServer();
    browser = await launchChromium(['--js-flags=--jitless']);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('deflate, PNG, JPEG and chess give the results of the Wasm build', { skip: !inputs && 'corpora pngsuite/jpeg not found' }, async () => {
    const expected = await legacyWorkloadInNode(inputs);
    const page = await browser.newPage();
    try {
      assert.equal(await resultOf(page, `${server.url}/tests/browser/pages/legacy-cores.html`), 'loaded');
      const out = await page.evaluate((input) => ({
        wasm: typeof WebAssembly,
        backends: ['deflate', 'png', 'jpeg', 'chess'].map((c) => window.wasmforge[c].backend()),
        result: JSON.parse(JSON.stringify(window.legacyWorkload(window.wasmforge, input))),
      }), inputs);
      assert.equal(out.wasm, 'undefined');
      assert.deepEqual(out.backends, ['wasm2js', 'wasm2js', 'wasm2js', 'wasm2js']);
      assert.deepEqual(out.result, expected);
    } finally {
      await page.close();
    }
  });
});
