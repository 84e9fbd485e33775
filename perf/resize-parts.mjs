#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// resize-parts.mjs: the parts of one 12 MP -> 1600 px resize (raw call,
// streamed copies, the fresh result array, the public resize()) in Node and in
// headless Chromium; medians of interleaved rounds (perf/lib/resize-parts.mjs).
//
//   node perf/resize-parts.mjs [--rounds 7] [--only raw,band,...] [--wasm dist/resize.simd.wasm] [--no-browser]
import { readFileSync } from 'node:fs';
import { parts } from './lib/resize-parts.mjs';

const args = process.argv.slice(2);
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
const rounds = Number(opt('--rounds', 7));
const only = opt('--only', null)?.split(',') ?? null;
const wasmPath = opt('--wasm', new URL('../dist/resize.simd.wasm', import.meta.url).pathname);
const bytes = readFileSync(wasmPath);
const fmt = (o) => Object.entries(o).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' | ');

const api = await import('../web/resize.js');
await api.init({ backend: 'wasm-simd' });
console.log(`node     ${fmt(await parts({ wasmBytes: bytes, resizeModule: api, rounds, only }))}`);
if (!args.includes('--no-browser')) {
  const { startServer } = await import('../demos/server.mjs');
  const { launchChromium } = await import('../tests/browser/chromium.js');
  const server = await startServer({});
  const browser = await launchChromium([]);
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/perf/browser.html?part=startup&only=none`);
    const r = await page.evaluate(async ({ b64, rounds, only }) => {
      const bin = atob(b64);
      const u = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
      const m = await import('/web/resize.js');
      await m.init({ backend: 'wasm-simd' });
      const { parts } = await import('/perf/lib/resize-parts.mjs');
      return parts({ wasmBytes: u, resizeModule: m, rounds, only });
    }, { b64: Buffer.from(bytes).toString('base64'), rounds, only });
    console.log(`chromium ${fmt(r)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}
