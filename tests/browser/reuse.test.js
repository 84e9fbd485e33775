// SPDX-License-Identifier: MIT
// reuse.test.js (browser): in headless Chromium, the `output` option gives the
// plain path's values as views of the caller's buffer, and a chess engine
// Worker started by createEngine() gets the page's compiled module: the page
// fetches chess.wasm once and the Worker never does.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../demos/server.mjs';
import { launchChromium, resultOf } from './chromium.js';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

it('output option in a page, and the chess Worker runs on the page\'s module', async () => {
  const fetched = [];
  // the context sees the requests of the page and of its Workers
  browser.context.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const page = await browser.newPage();
  const r = await resultOf(page, `${server.url}/tests/browser/pages/reuse.html`, 90000);
  assert.equal(r.error, undefined, r.error);
  assert.deepEqual(r.inflate, { view: true, same: true, small: ['BUFFER_TOO_SMALL', 120000] });
  assert.deepEqual(r.png, { view: true, same: true, imageData: true });
  assert.deepEqual(r.jpeg, { view: true, same: true, wrongType: 'INVALID_ARGUMENT' });
  assert.equal(r.chess.backend, 'wasm');
  assert.match(r.chess.bestmove, /^bestmove [a-h][1-8][a-h][1-8]/);
  const wasmFetches = fetched.filter((p) => p.endsWith('/dist/chess.wasm'));
  assert.equal(wasmFetches.length, 1, `chess.wasm fetched ${wasmFetches.length} times: ${fetched.join(' ')}`);
  assert.ok(fetched.some((p) => p.endsWith('/web/chess-worker.js')), 'the Worker was started');
  await page.close();
});
