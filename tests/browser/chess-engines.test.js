// SPDX-License-Identifier: MIT
// chess-engines.test.js: many chess engines in one page, and create/terminate
// loops, in headless Chromium (module Workers), on Wasm and wasm2js: every
// engine answers, a terminated one rejects with TERMINATED, and the page's
// JS heap does not grow with the number of engines made and ended.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { useDemoServerAndChromium } from './demo-suite.js';

describe('chess engines in a page', () => {
  const env = useDemoServerAndChromium(['--js-flags=--expose-gc']);

  for (const backend of ['wasm', 'wasm2js']) {
    it(`several engines at once, and create/terminate loops leak nothing (${backend})`, async () => {
      const page = await env.browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        await page.goto(`${env.server.url}/demos/index.html`);
        const r = await page.evaluate(async (b) => {
          const chess = await import('/web/chess.js');
          const engines = await Promise.all([0, 1, 2].map(() => chess.createEngine({ backend: b })));
          const results = await Promise.all(engines.map((e, i) => e.analyse({ moves: ['e2e4', 'e7e5', 'g1f3'].slice(0, i) }, { depth: 4 })));
          await Promise.all(engines.map((e) => e.terminate()));
          const heap = [];
          let rejected = 0;
          for (let i = 0; i < 12; i++) {
            const e = await chess.createEngine({ backend: b });
            await e.analyse('startpos', { depth: 2 });
            const pending = e.analyse('startpos', { infinite: true }).catch((err) => { if (err.code === 'TERMINATED') rejected++; });
            await e.terminate();
            await pending;
            self.gc();
            heap.push(performance.memory.usedJSHeapSize);
          }
          return { bestmoves: results.map((x) => x.bestmove), backends: engines.map((e) => e.backend), rejected, heap };
        }, backend);
        assert.deepEqual(r.backends, [backend, backend, backend]);
        assert.ok(r.bestmoves.every((m) => /^[a-h][1-8][a-h][1-8]/.test(m)), r.bestmoves.join());
        assert.equal(r.rejected, 12);
        const mb = (x) => x / 2 ** 20;
        const growth = mb(Math.max(...r.heap.slice(6)) - Math.max(...r.heap.slice(0, 6)));
        assert.ok(growth < 4, `the page's JS heap grew by ${growth.toFixed(2)} MB over 6 engines`);
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    });
  }
});
