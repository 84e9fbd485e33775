#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// chess-stop.mjs: how long engine.stop() takes to end an infinite analysis,
// per backend, in Node (worker_threads) and in headless Chromium (a module
// Worker): the time from stop() to its promise resolving, with the engine's
// default adaptive slices. Prints every figure, the median and the maximum.
// The engines run one thread, and 'wasm-simd x2' two (createEngine({threads:
// 2}); Chromium: on a cross-origin isolated page, the /isolated/ prefix).
//
//   node perf/chess-stop.mjs [--runs 8] [--no-browser]
import { fileURLToPath } from 'node:url';
import * as chess from '../web/chess.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 8;
const BACKENDS = ['wasm', 'wasm2js', 'wasm-simd x2'];

// The measurement, also run inside the page (so it only uses its arguments).
async function measure(chessModule, name, runs) {
  const [backend, x] = name.split(' x');
  const threads = x ? Number(x) : 1;
  const e = await chessModule.createEngine({ backend, threads });
  if (e.threads !== threads) throw new Error(`${name}: the engine runs ${e.threads} thread(s)`);
  const out = [];
  for (let i = 0; i < runs; i++) {
    const p = e.analyse({ moves: ['e2e4'] }, { infinite: true });
    await new Promise((r) => setTimeout(r, 150 + 50 * i)); // stop at different depths
    const t0 = performance.now();
    await e.stop();
    out.push(performance.now() - t0);
    const r = await p;
    if (!r.stopped) throw new Error('the analysis did not report stopped');
  }
  await e.terminate();
  return out;
}

function line(where, backend, ms) {
  const s = [...ms].sort((a, b) => a - b);
  console.log(`${where} ${backend}: median ${s[s.length >> 1].toFixed(1)} ms, max ${s.at(-1).toFixed(1)} ms ` +
    `(${ms.map((x) => x.toFixed(1)).join(', ')})`);
}

for (const backend of BACKENDS) line('Node', backend, await measure(chess, backend, RUNS));

if (!process.argv.includes('--no-browser')) {
  const { startServer } = await import('../demos/server.mjs');
  const { launchChromium } = await import('../tests/browser/chromium.js');
  const server = await startServer({ root: fileURLToPath(new URL('..', import.meta.url)) });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/isolated/demos/index.html`);
    for (const backend of BACKENDS) {
      const ms = await page.evaluate(async ([source, b, n]) => {
        const m = await import('/isolated/web/chess.js');
        // eslint-disable-next-line no-new-func
        return new Function(`return (${source})`)()(m, b, n);
      }, [measure.toString(), backend, RUNS]);
      line('Chromium', backend, ms);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
