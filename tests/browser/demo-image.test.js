// SPDX-License-Identifier: MIT
// demo-image.test.js: the image lab (demos/image/) in headless Chromium: it
// compresses one image and a batch of three in its pool of Workers, shows the
// split slider and zoom, times the browser's own path, downloads one result
// and all of them as a zip (checked here with Node's zlib), fits a phone-sized
// viewport, switches backends, and works under a CSP that forbids
// WebAssembly (wasm2js). Screenshots go to tests/output/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { startServer, REPO_ROOT } from '../../demos/server.mjs';
import { launchChromium, bestWasmBackend } from './chromium.js';
import * as png from '../../web/png.js';

const DATA = process.env.WASMFORGE_DATA || resolve(REPO_ROOT, '../shared/data');
const KODIM = resolve(DATA, 'photos/kodim23.q85.jpg');
const OUTPUT = resolve(REPO_ROOT, 'tests/output');

// A small RGBA PNG made here with wasmforge/png.
async function makePng(width, height) {
  await png.init();
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([(x * 255) / (width - 1), (y * 255) / (height - 1), 128 + 100 * Math.sin((x + y) / 9), 255], (y * width + x) * 4);
  }
  return Buffer.from(png.encode({ width, height, data }));
}

// The entries of a zip file (stored or deflated), read with Node's zlib.
function readZip(buf) {
  const entries = [];
  let i = 0;
  while (buf.readUInt32LE(i) === 0x04034b50) {
    const method = buf.readUInt16LE(i + 8);
    const crc = buf.readUInt32LE(i + 14);
    const size = buf.readUInt32LE(i + 18);
    const nameLength = buf.readUInt16LE(i + 26);
    const extra = buf.readUInt16LE(i + 28);
    const name = buf.subarray(i + 30, i + 30 + nameLength).toString('utf8');
    const body = buf.subarray(i + 30 + nameLength + extra, i + 30 + nameLength + extra + size);
    entries.push({ name, crc, data: method === 8 ? inflateRawSync(body) : Buffer.from(body) });
    i += 30 + nameLength + extra + size;
  }
  return entries;
}

describe('the image lab in headless Chromium', () => {
  let server;
  let browser;
  let smallPng;
  const problems = [];

  before(async () => {
    mkdirSync(OUTPUT, { recursive: true });
    smallPng = await makePng(120, 90);
    server = await startServer({ index: '/demos/', mounts: existsSync(DATA) ? { '/data/': DATA } : {} });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path = '/demos/image/', { allowWasmRefusal = false } = {}) {
    const page = await browser.newPage();
    page.on('pageerror', (e) => problems.push(`${path}: page error: ${e.message}`));
    page.on('console', (m) => {
      // under a CSP without 'wasm-unsafe-eval' the engine reports the refused compile: that is the point
      if (m.type() === 'error' && !(allowWasmRefusal && /WebAssembly/.test(m.text()))) problems.push(`${path}: console: ${m.text()}`);
    });
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction(() => !/loading/.test(document.getElementById('backend').textContent));
    return page;
  }
  const rows = (page) => page.$$eval('#results tr', (trs) => trs.map((tr) => ({ ...tr.dataset, text: tr.textContent })));
  const waitDone = (page, n) => page.waitForFunction((count) => {
    const b = document.getElementById('batch');
    return b.dataset.state === 'done' && b.dataset.done === String(count) && b.dataset.total === String(count);
  }, n, { timeout: 60000 });

  it('compresses a photo in its Workers, with split slider, zoom, browser timing and download', { skip: !existsSync(KODIM) && `${KODIM} is missing` }, async () => {
    const page = await open();
    try {
      const expected = bestWasmBackend('jpeg');
      assert.equal(await page.textContent('#backend'), expected);
      await page.setInputFiles('#file', { name: 'kodim23.q85.jpg', mimeType: 'image/jpeg', buffer: readFileSync(KODIM) });
      await waitDone(page, 1);
      let [row] = await rows(page);
      assert.deepEqual([row.width, row.height, row.type], ['768', '512', 'image/jpeg'], 'fits 1024 already: not enlarged');
      // a smaller box: the live preview runs again (debounced)
      await page.fill('#max-width', '400');
      await page.waitForFunction(() => document.querySelector('#results tr').dataset.width === '400', null, { timeout: 30000 });
      await waitDone(page, 1);
      await page.waitForFunction(() => document.querySelector('#results tr').dataset.browserMs !== '', null, { timeout: 30000 });
      [row] = await rows(page);
      assert.deepEqual([row.width, row.height], ['400', '267']);
      assert.ok(Number(row.size) < readFileSync(KODIM).length / 3, `${row.size} bytes`);
      assert.ok(Number(row.ms) > 0 && Number(row.browserMs) > 0);
      assert.match(await page.textContent('#totals'), /1 image · .* wasmforge .* browser/);
      assert.equal(await page.getAttribute('#progress', 'value'), '1');

      // compare: both canvases at the result size; the slider clips the result
      assert.deepEqual(await page.$eval('#canvas-b', (c) => [c.width, c.height]), [400, 267]);
      assert.deepEqual(await page.$eval('#canvas-a', (c) => [c.width, c.height]), [400, 267]);
      await page.$eval('#split', (el) => { el.value = '30'; el.dispatchEvent(new Event('input')); });
      assert.equal(await page.$eval('#canvas-b', (c) => c.style.clipPath), 'inset(0px 0px 0px 30%)');
      assert.equal(await page.$eval('#split-line', (d) => d.style.left), '30%');
      await page.selectOption('#zoom', '2');
      assert.equal(await page.$eval('#split-inner', (d) => d.getBoundingClientRect().width), 800);
      await page.selectOption('#zoom', 'fit');

      // download one: the link holds the very bytes of the result, a JPEG
      assert.match(await page.getAttribute('#download', 'download'), /^kodim23\.q85\.small\.jpg$/);
      const bytes = await page.evaluate(async () => Array.from(new Uint8Array(await (await fetch(document.getElementById('download').href)).arrayBuffer()).subarray(0, 3)).concat([(await (await fetch(document.getElementById('download').href)).blob()).size]));
      assert.deepEqual(bytes.slice(0, 3), [0xff, 0xd8, 0xff]);
      assert.equal(bytes[3], Number(row.size));

      // PNG output from the same settings
      await page.selectOption('#format', 'image/png');
      await page.waitForFunction(() => document.querySelector('#results tr').dataset.type === 'image/png', null, { timeout: 30000 });
      assert.equal(await page.isVisible('#quality-box'), false);
      await waitDone(page, 1);
      await page.screenshot({ path: resolve(OUTPUT, 'image-lab-desktop.png'), fullPage: true });
      assert.equal(await page.textContent('#error'), '');
    } finally {
      await page.close();
    }
  });

  it('compresses a batch of three samples and downloads them as one zip; fits a phone', { skip: !existsSync(DATA) && `${DATA} is missing` }, async () => {
    const page = await open();
    try {
      await page.waitForSelector('#sample-batch');
      await page.click('#sample-batch');
      await waitDone(page, 3);
      const list = await rows(page);
      assert.equal(list.length, 3);
      for (const r of list) assert.ok(Number(r.size) > 0 && Number(r.width) <= 1024 && Number(r.height) <= 1024, JSON.stringify(r));
      assert.match(await page.textContent('#progress-text'), /^3 \/ 3 done/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-all')]);
      assert.equal(download.suggestedFilename(), 'wasmforge-images.zip');
      const entries = readZip(readFileSync(await download.path()));
      assert.deepEqual(entries.map((e) => e.data.length), list.map((r) => Number(r.size)));
      for (const e of entries) {
        assert.match(e.name, /\.small\.jpg$/);
        assert.deepEqual([...e.data.subarray(0, 3)], [0xff, 0xd8, 0xff]);
      }
      // the view of another row
      await page.click('#results tr:nth-child(2) button');
      await page.waitForFunction(() => document.querySelector('#results tr:nth-child(2)').classList.contains('shown'));

      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(100);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `the page is ${overflow} px wider than a phone`);
      await page.screenshot({ path: resolve(OUTPUT, 'image-lab-phone.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('switches backends, and works under a CSP that forbids WebAssembly (wasm2js)', async () => {
    const page = await open();
    try {
      await page.selectOption('#backend-select', 'wasm2js');
      await page.waitForFunction(() => document.getElementById('backend').textContent === 'wasm2js');
      await page.setInputFiles('#file', { name: 'gradient.png', mimeType: 'image/png', buffer: smallPng });
      await waitDone(page, 1);
      const [row] = await rows(page);
      assert.deepEqual([row.width, row.height, row.type], ['120', '90', 'image/jpeg']);
      assert.match(page.url(), /backend=wasm2js/);
    } finally {
      await page.close();
    }
    const csp = await open('/csp-nowasm/demos/image/', { allowWasmRefusal: true });
    try {
      assert.equal(await csp.textContent('#backend'), 'wasm2js');
      await csp.setInputFiles('#file', [{ name: 'gradient.png', mimeType: 'image/png', buffer: smallPng },
        { name: 'gradient2.png', mimeType: 'image/png', buffer: smallPng }]);
      await waitDone(csp, 2);
      const list = await rows(csp);
      assert.deepEqual(list.map((r) => r.width), ['120', '120']);
      assert.equal(await csp.textContent('#error'), '');
      await csp.screenshot({ path: resolve(OUTPUT, 'image-lab-csp-nowasm.png'), fullPage: true });
    } finally {
      await csp.close();
    }
  });

  it('reported no page or console errors', () => assert.deepEqual(problems, []));
});
