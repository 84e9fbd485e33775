// SPDX-License-Identifier: MIT
// demo-image.test.js: the image lab (demos/image/) decodes files put into
// its file input, shows them and their metadata, re-encodes them as JPEG and
// PNG, and reports sizes, PSNR and the lossless check; samples from the
// shared corpora are offered when /data/ is mounted.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer, REPO_ROOT } from '../../demos/server.mjs';
import { launchChromium } from './chromium.js';
import * as png from '../../web/png.js';

const DATA = process.env.WASMFORGE_DATA || resolve(REPO_ROOT, '../shared/data');
const KODIM = resolve(DATA, 'photos/kodim23.q85.jpg');

// A small RGBA PNG made here with wasmforge/png: smooth gradients and a translucent band.
async function makePng(width, height) {
  await png.init();
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 255) / (width - 1);
      data[i + 1] = (y * 255) / (height - 1);
      data[i + 2] = 128 + 100 * Math.sin((x + y) / 9);
      data[i + 3] = y < 8 ? 128 : 255;
    }
  }
  return Buffer.from(png.encode({ width, height, data }));
}

describe('the image lab in headless Chromium', () => {
  let server;
  let browser;
  let smallPng;
  const pageErrors = [];

  before(async () => {
    smallPng = await makePng(64, 48);
    server = await startServer({ index: '/demos/', mounts: existsSync(DATA) ? { '/data/': DATA } : {} });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query = '') {
    const page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/demos/image/${query}`);
    await page.waitForFunction(() => !/loading/.test(document.getElementById('backend-jpeg').textContent));
    return page;
  }
  const meta = (page) => page.$$eval('#meta tr', (trs) => Object.fromEntries(trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent])));
  const canvasSize = (page, id) => page.$eval(`#${id}`, (c) => [c.width, c.height]);
  const rows = (page) => page.$$eval('#results tr', (trs) => trs.map((tr) => ({ ...tr.dataset, text: tr.textContent })));
  async function nextResult(page, count, type) {
    await page.waitForFunction((n) => document.querySelectorAll('#results tr').length === n, count, { timeout: 20000 });
    const [latest] = await rows(page);
    assert.equal(latest.type, type);
    assert.ok(Number(latest.size) > 0);
    return latest;
  }

  for (const backend of ['', 'wasm2js']) {
    it(`decodes a PNG and re-encodes it as JPEG and PNG${backend ? ` on ${backend}` : ''}`, async () => {
      const page = await open(backend ? `?backend=${backend}` : '');
      try {
        const expected = backend || 'wasm-simd';
        assert.equal(await page.textContent('#backend-png'), expected);
        assert.equal(await page.textContent('#backend-jpeg'), expected);
        await page.setInputFiles('#file', { name: 'gradient.png', mimeType: 'image/png', buffer: smallPng });
        await page.waitForSelector('#original:not([hidden])');
        assert.deepEqual(await canvasSize(page, 'canvas'), [64, 48]);
        const m = await meta(page);
        assert.equal(m.Type, 'PNG (image/png)');
        assert.equal(m.Size, '64 × 48 px (0.00 MP)');
        assert.equal(m['Bit depth'], '8 bits per sample');
        assert.equal(m['Colour type'], '6 · truecolour + alpha (RGBA)');
        assert.equal(m.Interlace, 'none');
        assert.match(m.Transparency, /^512 of 3072 pixels \(16\.7 %\) not opaque$/);
        assert.match(m['Decode time'], /^\d+(\.\d+)? ms/);
        assert.equal(m.Backend, expected);
        // the pixels on the canvas are the decoded ones
        const pixel = await page.$eval('#canvas', (c) => Array.from(c.getContext('2d').getImageData(63, 47, 1, 1).data));
        assert.deepEqual(pixel.slice(0, 2), [255, 255]);

        // JPEG (the default) is made at once; a smooth image at q85 gives a high PSNR.
        const jpeg = await nextResult(page, 1, 'image/jpeg');
        assert.ok(Number(jpeg.psnr) > 33 && Number(jpeg.psnr) < 60, `PSNR ${jpeg.psnr}`);
        assert.match(jpeg.text, /JPEG · q85 · 4:2:0/);
        assert.match(await page.getAttribute('#download', 'download'), /^gradient\.wasmforge\.jpg$/);
        assert.deepEqual(await canvasSize(page, 'canvas-b'), [64, 48]);

        // PNG: lossless, same pixels (alpha included).
        await page.check('input[name="format"][value="image/png"]');
        const lossless = await nextResult(page, 2, 'image/png');
        assert.equal(lossless.lossless, 'true');
        assert.match(lossless.text, /PNG · effort 6/);
        assert.match(lossless.text, /lossless ✓/);
        assert.match(await page.getAttribute('#download', 'download'), /\.png$/);
        assert.equal(await page.textContent('#error'), '');
      } finally {
        await page.close();
      }
    });
  }

  it('decodes a JPEG photo, shows its metadata and compares re-encodings', { skip: !existsSync(KODIM) && `${KODIM} is missing` }, async () => {
    const page = await open();
    try {
      await page.setInputFiles('#file', { name: 'kodim23.q85.jpg', mimeType: 'image/jpeg', buffer: readFileSync(KODIM) });
      await page.waitForSelector('#original:not([hidden])');
      assert.deepEqual(await canvasSize(page, 'canvas'), [768, 512]);
      const m = await meta(page);
      assert.equal(m.Type, 'JPEG (image/jpeg)');
      assert.equal(m.Size, '768 × 512 px (0.39 MP)');
      assert.match(m.Coding, /^sequential, Huffman, 8-bit$/);
      assert.match(m['Colour space'], /^ycbcr, 3 components$/);
      assert.match(m.Subsampling, /^4:2:0 \(factors 2×2, 1×1, 1×1\)$/);
      assert.match(m['Orientation (EXIF)'], /^[01] /);
      assert.ok(m['ICC profile']);

      const q85 = await nextResult(page, 1, 'image/jpeg');
      const psnr85 = Number(q85.psnr);
      assert.ok(psnr85 > 32 && psnr85 < 55, `PSNR ${psnr85}`);

      // Lower quality, 4:4:4, progressive: a new row with its own size and a lower PSNR.
      await page.uncheck('#auto');
      await page.$eval('#quality', (el) => { el.value = '40'; el.dispatchEvent(new Event('input')); });
      await page.selectOption('#subsampling', '4:4:4');
      await page.check('#progressive');
      assert.equal(await page.textContent('#quality-value'), '40');
      await page.click('#encode');
      const q40 = await nextResult(page, 2, 'image/jpeg');
      assert.match(q40.text, /JPEG · q40 · 4:4:4 · progressive/);
      assert.ok(Number(q40.size) < Number(q85.size), `${q40.size} < ${q85.size}`);
      assert.ok(Number(q40.psnr) < psnr85 && Number(q40.psnr) > 25, `PSNR ${q40.psnr}`);

      await page.check('input[name="format"][value="image/png"]');
      await page.selectOption('#effort', '2');
      await page.click('#encode');
      const lossless = await nextResult(page, 3, 'image/png');
      assert.equal(lossless.lossless, 'true');
      assert.match(lossless.text, /PNG · effort 2/);

      // The compare pane: toggle view, zoom, a download link to the shown file.
      await page.selectOption('#view', 'toggle');
      assert.equal(await page.isVisible('#pane-a'), false);
      await page.click('#pane-b');
      assert.equal(await page.isVisible('#pane-a'), true);
      await page.selectOption('#view', 'side');
      const href = await page.getAttribute('#download', 'href');
      const size = await page.evaluate(async (url) => (await (await fetch(url)).arrayBuffer()).byteLength, href);
      assert.equal(size, Number(lossless.size));
      await page.screenshot({ path: '/tmp/wasmforge-image-demo.png', fullPage: true });
      assert.equal(await page.textContent('#error'), '');
    } finally {
      await page.close();
    }
  });

  it('offers the samples of the shared corpora and shows PNG text chunks', { skip: !existsSync(DATA) && `${DATA} is missing` }, async () => {
    const page = await open();
    try {
      await page.waitForSelector('#samples-box:not([hidden])');
      const offered = await page.$$eval('#samples button', (bs) => bs.map((b) => b.dataset.path));
      for (const path of offered) assert.ok(existsSync(resolve(DATA, path)), path);
      if (!offered.includes('pngsuite/ct1n0g04.png')) return;
      await page.click('#samples button[data-path="pngsuite/ct1n0g04.png"]');
      await page.waitForFunction(() => /ct1n0g04/.test(document.getElementById('original-name').textContent));
      const m = await meta(page);
      assert.equal(m['Bit depth'], '4 bits per sample');
      assert.ok(Object.keys(m).some((k) => /^tEXt “Title”$/.test(k)), Object.keys(m).join(', '));
      await nextResult(page, 1, 'image/jpeg');
      // a file that is not an image is reported, and the page keeps working
      await page.setInputFiles('#file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      await page.waitForFunction(() => /IMAGE_UNKNOWN_FORMAT/.test(document.getElementById('error').textContent));
    } finally {
      await page.close();
    }
  });

  it('raised no page errors', () => assert.deepEqual(pageErrors, []));
});
