#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// first-call.mjs: cold start and first-call latency (issue 17, part 2).
//
//   node perf/first-call.mjs [--repeats 3] [--depth 8]
//
// Each scenario runs in a fresh headless Chromium (fresh profile: nothing
// cached), `repeats` times; the decode scenario is then loaded once more in
// the same browser (a second visit: the HTTP cache and V8's code cache may
// serve it). Node figures come from fresh child processes. Scenarios: see
// perf/first-call-page.mjs. Prints a table and writes
// perf/results/first-call-<timestamp>.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './lib/inputs-node.mjs';
import { machineInfo, REPO } from './lib/env-node.mjs';
import { median } from './lib/first-call.mjs';
import { textTable, fmtNum } from './lib/summary.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const REPEATS = opt('repeats', 3);
const DEPTH = opt('depth', 8);
const data = dataDir();
if (!data) throw new Error('the photos corpus is needed ($WASMFORGE_DATA or ../shared/data)');
const INPUT = 'photos/kodim23.q85.jpg';

function nodeColdDecode() {
  const code = `
    import { coldDecode } from ${JSON.stringify(new URL('./lib/first-call.mjs', import.meta.url).href)};
    import { readFileSync } from 'node:fs';
    const bytes = new Uint8Array(readFileSync(${JSON.stringify(join(data, INPUT))}));
    console.log(JSON.stringify(await coldDecode(${JSON.stringify(new URL('../web/jpeg.js', import.meta.url).href)}, bytes)));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return { scenario: 'decode', env: 'node', ...JSON.parse(r.stdout) };
}

async function main() {
  const { startServer } = await import('../demos/server.mjs');
  const { launchChromium, resultOf } = await import('../tests/browser/chromium.js');
  const server = await startServer({ mounts: { '/data/': data } });
  const runs = [];
  try {
    for (let i = 0; i < REPEATS; i++) {
      runs.push(nodeColdDecode());
      for (const scenario of ['decode', 'worker-own', 'worker-shared', 'worker-shared-warm']) {
        const browser = await launchChromium();
        try {
          const url = `${server.url}/perf/first-call.html?scenario=${scenario}&depth=${DEPTH}&input=/data/${INPUT}`;
          const first = await resultOf(await browser.newPage(), url, 120000);
          if (first.error) throw new Error(`${scenario}: ${first.error}`);
          runs.push({ env: 'chromium', ...first });
          if (scenario === 'decode') {
            const again = await resultOf(await browser.newPage(), url, 120000);
            if (again.error) throw new Error(`${scenario} again: ${again.error}`);
            runs.push({ env: 'chromium', ...again, scenario: 'decode-second-visit' });
          }
        } finally {
          await browser.close();
        }
      }
      process.stderr.write(`[first-call] round ${i + 1}/${REPEATS} done\n`);
    }
  } finally {
    await server.close();
  }
  const machine = machineInfo();
  const stamp = machine.date.replace(/[:]/g, '-').replace(/\..*/, '');
  const out = join(REPO, 'perf/results', `first-call-${stamp}.json`);
  mkdirSync(join(REPO, 'perf/results'), { recursive: true });
  writeFileSync(out, JSON.stringify({ schema: 1, machine, depth: DEPTH, input: INPUT, runs }, null, 1));
  console.log(format(runs));
  console.log(`\nresults: ${out.slice(REPO.length + 1)}`);
}

/** Medians over the repeats, as text. */
export function format(runs) {
  const groups = new Map();
  for (const r of runs) {
    const k = `${r.env}|${r.scenario}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  const m = (list, f) => fmtNum(median(list.map(f).filter((v) => v !== undefined && v !== null)));
  const decode = [['env', 'scenario', 'backend', 'import ms', 'init ms', '1st decode ms', '2nd', '3rd', '5th', '10th', 'median of 30',
    'import → 1st result ms', 'navigation → 1st result ms']];
  const workers = [['scenario', 'page compile ms', 'page warm-up ms', 'start → Worker ready ms', `1st search ms (depth ${DEPTH})`, '2nd search ms', 'page start → 1st bestmove ms']];
  for (const [k, list] of groups) {
    const [env, scenario] = k.split('|');
    if (scenario.startsWith('decode')) {
      decode.push([env, scenario, list[0].backend, m(list, (r) => r.import_ms), m(list, (r) => r.init_ms),
        ...[0, 1, 2, 4, 9].map((i) => m(list, (r) => r.calls_ms[i])), m(list, (r) => median(r.calls_ms)),
        m(list, (r) => r.first_result_ms), env === 'chromium' ? m(list, (r) => r.navigation_to_first_result_ms) : '']);
    } else {
      workers.push([scenario, m(list, (r) => r.page_compile_ms), m(list, (r) => r.page_warmup_ms), m(list, (r) => r.worker_ready_ms),
        m(list, (r) => r.first_search_ms), m(list, (r) => r.second_search_ms), m(list, (r) => r.time_to_first_bestmove_ms)]);
    }
  }
  return `first JPEG decodes (kodim23, into a reused output), medians of ${Math.max(...[...groups.values()].map((l) => l.length))} cold starts\n` +
    `${textTable(decode, new Set([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))}\n\n` +
    `chess engine Worker in Chromium (wasm backend), medians\n${textTable(workers, new Set([1, 2, 3, 4, 5, 6]))}`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  main().catch((e) => { console.error(e && e.stack || e); process.exit(2); });
}
