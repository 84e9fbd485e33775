#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// resize-diag.mjs: per-call times of the 12 MP -> 1600 px Lanczos3 resize
// (perf/lib/resize-diag.mjs) in Node and in headless Chromium, each call
// in a fresh instance's first calls included (what a page's first resize
// costs while V8 tiers the code up), the latter also with V8 flags
// (diagnosis only). With --base DIR, the .wasm files of DIR (an older
// build) are timed too, in alternation with dist/'s, each in a fresh
// compiled module per round.
//
//   node perf/resize-diag.mjs [--calls 6] [--rounds 3] [--build simd|wasm] [--base DIR,DIR2]
//                             [--flags "--no-liftoff;--liftoff-only"] [--no-browser]
//   node perf/resize-diag.mjs --cross [--rounds 20] [--flags "--no-liftoff"]
// --cross: one warm instance of dist/'s build in Node and one in each
// Chromium (default flags, then each --flags set), sampled in alternation,
// round after round: Chromium/Node under the same load.
import { readFileSync } from 'node:fs';
import { diag, rawResizer } from './lib/resize-diag.mjs';

const args = process.argv.slice(2);
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
const calls = Number(opt('--calls', 6));
const rounds = Number(opt('--rounds', 3));
const build = opt('--build', 'simd');
const base = opt('--base', null);
const flagSets = ['', ...opt('--flags', '').split(';').filter(Boolean)];
const file = build === 'simd' ? 'resize.simd.wasm' : 'resize.wasm';
const fmt = (a) => a.map((v) => v.toFixed(0)).join(' ');
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };
const builds = { dist: readFileSync(new URL(`../dist/${file}`, import.meta.url)) };
if (base) for (const dir of base.split(',')) builds[dir] = readFileSync(`${dir}/${file}`);

// rounds x builds, alternating; per build: first-call times and the medians of the other calls
async function runAll(run) {
  const acc = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, bytes] of Object.entries(builds)) {
      const res = await run(bytes);
      (acc[name] ||= { first: [], rest: [] });
      acc[name].first.push(res.raw[0]);
      acc[name].rest.push(med(res.raw.slice(1)));
      (acc[name].min ||= []).push(Math.min(...res.raw.slice(1)));
    }
  }
  return Object.entries(acc).map(([n, a]) => `${n}: first ${fmt(a.first)} | steady ${fmt(a.rest)} (median ${med(a.rest).toFixed(1)} ms, min ${Math.min(...a.min).toFixed(1)})`).join('\n    ');
}

if (args.includes('--cross')) {
  await cross();
  process.exit(0);
}
console.log(`node:\n    ${await runAll((bytes) => diag({ wasmBytes: bytes, calls }))}`);
if (!args.includes('--no-browser')) {
  const { startServer } = await import('../demos/server.mjs');
  const { launchChromium } = await import('../tests/browser/chromium.js');
  const server = await startServer({});
  try {
    for (const flags of flagSets) {
      const browser = await launchChromium(flags ? [`--js-flags=${flags}`] : []);
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}/perf/browser.html?part=startup&only=none`);
        await page.evaluate(async () => { self.__diag = await import('/perf/lib/resize-diag.mjs'); });
        const text = await runAll((bytes) => page.evaluate(async ({ b64, calls }) => {
          const bin = atob(b64);
          const u = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
          return self.__diag.diag({ wasmBytes: u, calls });
        }, { b64: Buffer.from(bytes).toString('base64'), calls }));
        console.log(`chromium ${flags || '(default flags)'}:\n    ${text}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
}

async function cross() {
  const { startServer } = await import('../demos/server.mjs');
  const { launchChromium } = await import('../tests/browser/chromium.js');
  const server = await startServer({});
  const envs = [];
  const browsers = [];
  try {
    const node = await rawResizer({ wasmBytes: builds.dist });
    envs.push({ name: 'node', call: async () => node.call() });
    // the public API (web/resize.js: copies in and out, a fresh result array)
    const api = await import('../web/resize.js');
    await api.init({ backend: build === 'simd' ? 'wasm-simd' : 'wasm' });
    const { syntheticPhoto } = await import('./lib/resize-diag.mjs');
    const photo = syntheticPhoto();
    envs.push({ name: 'node resize()', call: async () => { const t = performance.now(); api.resize(photo, { width: 1600 }); return performance.now() - t; } });
    for (const flags of flagSets) {
      const browser = await launchChromium(flags ? [`--js-flags=${flags}`] : []);
      browsers.push(browser);
      const page = await browser.newPage();
      await page.goto(`${server.url}/perf/browser.html?part=startup&only=none`);
      await page.evaluate(async (file) => {
        const { rawResizer } = await import('/perf/lib/resize-diag.mjs');
        const bytes = await (await fetch(`/dist/${file}`)).arrayBuffer();
        self.__r = await rawResizer({ wasmBytes: bytes });
      }, file);
      envs.push({ name: `chromium ${flags || '(default flags)'}`, call: () => page.evaluate(() => self.__r.call()) });
      if (!flags) {
        await page.evaluate(async (backend) => {
          const m = await import('/web/resize.js');
          await m.init({ backend });
          const { syntheticPhoto } = await import('/perf/lib/resize-diag.mjs');
          const photo = syntheticPhoto();
          self.__api = () => { const t = performance.now(); m.resize(photo, { width: 1600 }); return performance.now() - t; };
        }, build === 'simd' ? 'wasm-simd' : 'wasm');
        envs.push({ name: 'chromium resize()', call: () => page.evaluate(() => self.__api()) });
      }
    }
    const t = envs.map(() => []);
    for (let r = 0; r < rounds + 3; r++) {
      for (let k = 0; k < envs.length; k++) {
        const ms = await envs[k].call();
        if (r >= 3) t[k].push(ms); // three warm-up rounds
      }
    }
    for (let k = 0; k < envs.length; k++) {
      const ratios = t[k].map((v, i) => v / t[0][i]);
      console.log(`${envs[k].name.padEnd(34)} median ${med(t[k]).toFixed(1)} ms, min ${Math.min(...t[k]).toFixed(1)}` +
        (k ? `, / Node per round: median ${med(ratios).toFixed(2)}` : ''));
    }
  } finally {
    for (const b of browsers) await b.close();
    await server.close();
  }
}
