// SPDX-License-Identifier: MIT
// demos.test.js: the pages `npm start` serves work as a person would use them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bestWasmBackend } from './chromium.js';
import { useDemoServerAndChromium } from './demo-suite.js';

describe('demo pages in headless Chromium', () => {
  const env = useDemoServerAndChromium();
  const pageErrors = [];

  async function open(path) {
    const page = await env.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${env.server.url}${path}`);
    return page;
  }

  it('the index lists the demos', async () => {
    const page = await open('/');
    await page.waitForSelector('#list a');
    const names = await page.$$eval('#list a', (as) => as.map((a) => a.textContent));
    assert.ok(names.includes('DEFLATE'), names.join(', '));
    await page.close();
  });

  for (const backend of ['', 'wasm2js']) {
    it(`the DEFLATE demo compresses and decompresses a file${backend ? ` on ${backend}` : ''}`, async () => {
      const page = await open(`/demos/deflate/${backend ? `?backend=${backend}` : ''}`);
      await page.waitForFunction(() => !/loading/.test(document.getElementById('backend').textContent));
      assert.equal(await page.textContent('#backend'), backend || bestWasmBackend('deflate'));
      const text = 'a small file to squeeze, '.repeat(2000);
      await page.setInputFiles('#file', { name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
      await page.waitForSelector('#out:not([hidden])');
      const rows = Object.fromEntries(await page.$$eval('#rows tr', (trs) => trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent])));
      assert.equal(rows.Operation, 'compress gzip, level 6');
      assert.equal(rows.Input, `${(text.length / 1024).toFixed(1)} KiB`);
      assert.equal(rows.Backend, backend || bestWasmBackend('deflate'));
      // Feed the result back: the demo recognises gzip and decompresses it.
      const href = await page.getAttribute('#download', 'href');
      const packed = await page.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), href);
      await page.setInputFiles('#file', { name: 'note.txt.gz', mimeType: 'application/gzip', buffer: Buffer.from(packed) });
      await page.waitForFunction(() => /decompress/.test(document.querySelector('#rows tr td').textContent));
      const back = Object.fromEntries(await page.$$eval('#rows tr', (trs) => trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent])));
      assert.equal(back.Output, rows.Input);
      assert.equal(await page.textContent('#error'), '');
      if (!backend) await page.screenshot({ path: process.env.WASMFORGE_SCREENSHOT || '/tmp/wasmforge-deflate-demo.png' });
      await page.close();
    });
  }

  it('raised no page errors', () => assert.deepEqual(pageErrors, []));
});
