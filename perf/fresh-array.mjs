#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// fresh-array.mjs: what the plain path's one copy out of Wasm memory costs,
// and whether another way of making the fresh array is cheaper.
//
//   node perf/fresh-array.mjs [--rounds 40]
//
// In Node and in headless Chromium, for results of 0.3, 1.5 and 13.8 MB (the
// quick inputs' text, kodim23's RGBA, the scanlines): `slice` (what
// rt.copyOut does), `new+set` (a new zeroed array, then a copy into it) and
// `reuse` (a copy into one kept array: the `output` option), the three
// interleaved within every round; ms per result, median over the rounds.
import { textTable, fmtNum } from './lib/summary.mjs';

const args = process.argv.slice(2);
const ROUNDS = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 40;
const SIZES = [303076, 1572864, 13800000];

// Runs in Node and, serialised by playwright, in the page: no outside references.
function bench({ sizes, rounds }) {
  const result = {};
  for (const n of sizes) {
    const heap = new Uint8Array(new WebAssembly.Memory({ initial: Math.ceil(n / 65536) + 1 }).buffer);
    for (let i = 0; i < n; i++) heap[i] = i & 255;
    const kept = new Uint8Array(n);
    const ways = {
      slice: () => heap.slice(0, n),
      'new+set': () => { const a = new Uint8Array(n); a.set(heap.subarray(0, n)); return a; },
      reuse: () => { kept.set(heap.subarray(0, n)); return kept; },
    };
    const calls = n > 4e6 ? 3 : 10;
    const times = {};
    const live = [];
    for (const k of Object.keys(ways)) times[k] = [];
    for (let r = -3; r < rounds; r++) { // three rounds of warm-up
      for (const k of Object.keys(ways)) {
        const t = performance.now();
        for (let i = 0; i < calls; i++) {
          live.push(ways[k]()); // keep the last few alive, as a caller would
          if (live.length > 4) live.shift();
        }
        if (r >= 0) times[k].push((performance.now() - t) / calls);
      }
    }
    result[n] = {};
    for (const k of Object.keys(ways)) {
      const s = times[k].sort((a, b) => a - b);
      result[n][k] = s[s.length >> 1];
    }
  }
  return result;
}

async function main() {
  const node = bench({ sizes: SIZES, rounds: ROUNDS });
  const { launchChromium } = await import('../tests/browser/chromium.js');
  const browser = await launchChromium();
  let chromium;
  try {
    const page = await browser.newPage();
    await page.goto('about:blank');
    chromium = await page.evaluate(bench, { sizes: SIZES, rounds: ROUNDS });
  } finally {
    await browser.close();
  }
  const rows = [['env', 'result bytes', 'slice ms', 'new+set ms', 'reuse ms', 'slice - reuse ms', 'slice / new+set']];
  for (const [env, r] of [['node', node], ['chromium', chromium]]) {
    for (const n of SIZES) {
      const x = r[n];
      rows.push([env, n.toLocaleString('en-US'), fmtNum(x.slice), fmtNum(x['new+set']), fmtNum(x.reuse), fmtNum(x.slice - x.reuse), fmtNum(x.slice / x['new+set'], 2)]);
    }
  }
  console.log(`ms per result, median of ${ROUNDS} interleaved rounds`);
  console.log(textTable(rows, new Set([1, 2, 3, 4, 5, 6])));
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(2); });
