#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// resize-first.mjs: what the first resize() of a 12 MP photo (the synthetic
// one of perf/lib/resize-diag.mjs) to 1600 px wide costs in a fresh page or
// process: init(), then the first calls, each environment started anew per
// repeat (fresh Chromium profile / fresh Node process: nothing compiled, no
// Wasm memory grown yet). With --old DIR (a checkout or copy of an older
// tree with its dist/), the same for it, in alternation.
//
//   node perf/resize-first.mjs [--repeats 3] [--calls 3] [--old DIR] [--backend wasm-simd] [--no-browser]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
const repeats = Number(opt('--repeats', 3));
const calls = Number(opt('--calls', 3));
const backend = opt('--backend', 'wasm-simd');
const old = opt('--old', null);
const here = fileURLToPath(new URL('..', import.meta.url));
const trees = { new: here, ...(old ? { old } : {}) };
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1]; };

if (args[0] === '--child') {
  // a fresh process: node perf/resize-first.mjs --child <tree> <calls> <backend>
  const [, tree, n, be] = args;
  const { syntheticPhoto } = await import('./lib/resize-diag.mjs');
  const img = syntheticPhoto();
  const m = await import(`${tree}/web/resize.js`);
  let t = performance.now();
  await m.init({ backend: be });
  const out = [performance.now() - t];
  for (let i = 0; i < Number(n); i++) {
    t = performance.now();
    m.resize(img, { width: 1600 });
    out.push(performance.now() - t);
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}

const results = {}; // env -> tree -> [[init, call1, ...], ...]
const add = (env, tree, r) => (((results[env] ||= {})[tree] ||= []).push(r));
for (let i = 0; i < repeats; i++) {
  for (const [name, tree] of Object.entries(trees)) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', tree, String(calls), backend], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    add('node', name, JSON.parse(r.stdout.trim().split('\n').pop()));
  }
}
if (!args.includes('--no-browser')) {
  const { startServer } = await import('../demos/server.mjs');
  const { launchChromium } = await import('../tests/browser/chromium.js');
  const server = await startServer({ mounts: old ? { '/old/': old } : {} });
  try {
    for (let i = 0; i < repeats; i++) {
      for (const name of Object.keys(trees)) {
        const browser = await launchChromium();
        try {
          const page = await browser.newPage();
          await page.goto(`${server.url}/perf/browser.html?part=startup&only=none`);
          const r = await page.evaluate(async ({ prefix, calls, backend }) => {
            const { syntheticPhoto } = await import('/perf/lib/resize-diag.mjs');
            const img = syntheticPhoto();
            const m = await import(`${prefix}/web/resize.js`);
            let t = performance.now();
            await m.init({ backend });
            const out = [performance.now() - t];
            for (let k = 0; k < calls; k++) {
              t = performance.now();
              m.resize(img, { width: 1600 });
              out.push(performance.now() - t);
            }
            return out;
          }, { prefix: name === 'old' ? '/old' : '', calls, backend });
          add('chromium', name, r);
        } finally {
          await browser.close();
        }
      }
    }
  } finally {
    await server.close();
  }
}
for (const [env, byTree] of Object.entries(results)) {
  for (const [tree, runs] of Object.entries(byTree)) {
    const cols = runs[0].map((_, k) => med(runs.map((r) => r[k])));
    console.log(`${env.padEnd(8)} ${tree.padEnd(3)}: init ${cols[0].toFixed(0)} ms, calls ${cols.slice(1).map((v) => v.toFixed(0)).join(', ')} ms ` +
      `(medians of ${runs.length}; first calls ${runs.map((r) => r[1].toFixed(0)).join(' ')})`);
  }
}
