// SPDX-License-Identifier: MIT
// chess-threads.test.js: createEngine({threads: 2}) in headless Chromium. On
// a cross-origin isolated page (the demo server's /isolated/ prefix: COOP
// same-origin + COEP require-corp) the engine runs two threads (module
// Workers over one shared memory): legal moves, the helper's nodes counted,
// stop within 100 ms. On a page that is not isolated it runs one thread,
// silently.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { useDemoServerAndChromium } from './demo-suite.js';

const HAS_MT = existsSync(new URL('../../dist/chess.mt.wasm', import.meta.url));
const KIWIPETE = 'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1';

// Runs in the page: a 2-thread engine's searches and stops.
async function pageRun({ prefix, fen }) {
  const chess = await import(`${prefix}/web/chess.js`);
  await chess.init();
  const e = await chess.createEngine({ threads: 2 });
  try {
    const out = { isolated: self.crossOriginIsolated, available: chess.threadsAvailable(), threads: e.threads, backend: e.backend };
    const r = await e.analyse(fen, { depth: 8 });
    out.bestmove = r.bestmove;
    out.legal = chess.legalMoves(fen);
    out.nodes = r.nodes;
    out.stats = await e._call('threadStats');
    out.latencies = [];
    for (let i = 0; i < 5; i++) {
      const p = e.analyse(fen, { infinite: true });
      await new Promise((res) => setTimeout(res, 200 + 50 * i));
      const t0 = performance.now();
      await e.stop();
      out.latencies.push(performance.now() - t0);
      out.stopped = (await p).stopped;
    }
    return out;
  } finally {
    await e.terminate();
  }
}

describe('chess engine threads in Chromium', { skip: !HAS_MT && 'dist/chess.mt.wasm not built' }, () => {
  const env = useDemoServerAndChromium();

  it('a cross-origin isolated page gets two threads', async () => {
    const page = await env.browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${env.server.url}/isolated/demos/index.html`);
      const r = await page.evaluate(pageRun, { prefix: '/isolated', fen: KIWIPETE });
      assert.equal(r.isolated, true);
      assert.equal(r.available, true);
      assert.equal(r.backend, 'wasm-simd');
      assert.equal(r.threads, 2);
      assert.ok(r.legal.includes(r.bestmove), r.bestmove);
      assert.equal(r.stats.threads, 2);
      assert.ok(r.stats.nodes[1] > 0, `helper nodes ${r.stats.nodes}`);
      assert.ok(r.nodes > r.stats.nodes[0], `reported ${r.nodes}, main thread ${r.stats.nodes[0]}`);
      assert.equal(r.stopped, true);
      const median = [...r.latencies].sort((a, b) => a - b)[2];
      assert.ok(median < 150, `stop latencies ${r.latencies.map((x) => x.toFixed(1)).join(', ')} ms`);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });

  it('a page that is not isolated runs one thread, silently', async () => {
    const page = await env.browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${env.server.url}/demos/index.html`);
      const r = await page.evaluate(pageRun, { prefix: '', fen: KIWIPETE });
      assert.equal(r.isolated, false);
      assert.equal(r.available, false);
      assert.equal(r.threads, 1);
      assert.ok(r.legal.includes(r.bestmove), r.bestmove);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});
