// SPDX-License-Identifier: MIT
// browser.mjs: the harness's page script (see browser.html).
import { loadSuites } from './suites/index.mjs';
import { runSuites } from './lib/runner.mjs';
import { loadInputs } from './lib/inputs-fetch.mjs';
import { measureStartup } from './lib/cores.mjs';
import { sink } from './lib/measure.mjs';
import { throughStream } from './suites/deflate.mjs';

const params = new URLSearchParams(location.search);
const quick = params.get('quick') === '1';
const only = (params.get('only') || '').split(',').filter(Boolean);
const env = params.get('env') || 'chromium';
const logEl = document.getElementById('log');

function progress(text) {
  console.log(`[progress] ${text}`);
  logEl.textContent = text;
}

// part=startup measures start-up only, part=suites the suites only (perf/run.mjs
// loads one page for each): a wasm2js module instantiated more than once in a
// page is no longer specialised by V8 to its one instance, which would slow
// the suites down (polyfill/wasm2js-memory.mjs).
const part = params.get('part') || 'all';

// part=cross-env: set up the implementations of perf/lib/cross-env.mjs and
// let perf/cross-env.mjs take samples through self.__sample(key, batch).
async function crossEnv() {
  const { setupCrossEnv, batchFor, sampleKey } = await import('./lib/cross-env.mjs');
  const impls = await setupCrossEnv({
    env, quick: true, inputs: await loadInputs(params.get('inputs') || '/inputs/'), progress,
    importModule: (spec) => import(spec),
    refInflateRaw: (bytes) => throughStream(bytes, new DecompressionStream('deflate-raw')),
  });
  self.__batch = (key) => batchFor(impls, key);
  self.__sample = (key, batch) => sampleKey(impls, key, batch);
  return { keys: [...impls.keys()], userAgent: navigator.userAgent };
}

async function main() {
  if (part === 'cross-env') return crossEnv();
  const records = [];
  // Start-up first, while nothing is loaded yet: the first init() is cold.
  for (const name of part === 'suites' ? [] : ['deflate', 'png', 'jpeg', 'chess']) {
    if (only.length && !only.includes(name)) continue;
    progress(`${env} startup ${name}`);
    records.push(...await measureStartup(name, { env }));
  }
  if (part === 'startup') return { records, userAgent: navigator.userAgent };
  const inputs = await loadInputs(params.get('inputs') || '/inputs/');
  const suites = await loadSuites(only);
  const ctx = {
    env, quick, inputs, progress, force: params.get('force') === '1',
    ops: (params.get('ops') || '').split(',').filter(Boolean), samples: Number(params.get('samples')) || undefined,
    importModule: (spec) => import(spec),
    refInflateRaw: (bytes) => throughStream(bytes, new DecompressionStream('deflate-raw')),
    dataUrl: params.get('data') || '/data/',
  };
  records.push(...await runSuites(suites, ctx));
  return { records, userAgent: navigator.userAgent, sink: sink.value };
}

main().then((r) => { self.__result = r; progress('done'); },
  (e) => { self.__result = { error: String(e && e.stack || e) }; progress(`failed: ${e}`); });
