#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// cross-env.mjs: Chromium/Node ratios that hold on a shared machine.
//
//   node perf/cross-env.mjs [--rounds 30]
//
// Loads our best backend (fresh output and reused output) and each suite's
// peer for inflate, PNG decode and JPEG decode (perf/lib/cross-env.mjs) in
// this Node process and in the harness page in headless Chromium, on the
// quick inputs, then takes samples in alternation: one in Node, one in
// Chromium, for every implementation, round after round. Prints medians,
// Chromium/Node, fresh/reuse and reuse/peer per environment, and writes
// perf/results/cross-env-<timestamp>.json.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { deflateInputs, photoInputs, writeInputs, dataDir } from './lib/inputs-node.mjs';
import { machineInfo, startLoadSampler, REPO } from './lib/env-node.mjs';
import { setupCrossEnv, batchFor, sampleKey, CROSS_ENV_CASES } from './lib/cross-env.mjs';
import { summarize } from './lib/measure.mjs';
import { textTable, fmtNum } from './lib/summary.mjs';
import { REUSE_SUFFIX } from './lib/reuse.mjs';

const args = process.argv.slice(2);
const ROUNDS = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 30;
const progress = (t) => process.stderr.write(`[cross-env] ${t}\n`);

async function main() {
  const machine = machineInfo();
  const sampler = startLoadSampler();
  const inputs = { deflate: deflateInputs(true), photos: photoInputs(true) };
  const dir = mkdtempSync(join(tmpdir(), 'wasmforge-cross-'));
  writeInputs(dir, inputs);
  const { startServer } = await import('../demos/server.mjs');
  const { launchChromium } = await import('../tests/browser/chromium.js');
  const mounts = { '/inputs/': dir };
  if (dataDir()) mounts['/data/'] = dataDir();
  const server = await startServer({ mounts });
  const browser = await launchChromium();
  const samples = {};
  try {
    progress('setting up Node');
    const node = await setupCrossEnv({
      env: 'node', quick: true, inputs, progress, importModule: (s) => import(s),
      refInflateRaw: async (b) => new Uint8Array(zlib.inflateRawSync(b)),
    });
    progress('setting up Chromium');
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.text().startsWith('[progress] ')) progress(`chromium: ${m.text().slice(11)}`); });
    await page.goto(`${server.url}/perf/browser.html?part=cross-env&inputs=/inputs/`);
    await page.waitForFunction(() => self.__result !== undefined, null, { timeout: 300000, polling: 500 });
    const setup = await page.evaluate(() => self.__result);
    if (setup.error) throw new Error(setup.error);
    const keys = [...node.keys()].filter((k) => setup.keys.includes(k));
    const batches = {};
    for (const k of keys) {
      batches[k] = { node: await batchFor(node, k), chromium: await page.evaluate((key) => self.__batch(key), k) };
      samples[k] = { node: [], chromium: [] };
    }
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 5 === 0) progress(`round ${round + 1}/${ROUNDS}`);
      for (const k of keys) {
        // alternate which environment goes first
        const order = round % 2 ? ['chromium', 'node'] : ['node', 'chromium'];
        for (const env of order) {
          const ms = env === 'node' ? await sampleKey(node, k, batches[k].node)
            : await page.evaluate(([key, batch]) => self.__sample(key, batch), [k, batches[k].chromium]);
          samples[k][env].push(ms);
        }
      }
    }
    const load = sampler.stop();
    const rows = keys.map((k) => {
      const { work, unit } = node.get(k);
      const t = (env) => work / 1e3 / summarize(samples[k][env]).median_ms; // millions of units per s
      // Chromium/Node: the median of the rounds' paired ratios (samples taken back to back)
      const paired = summarize(samples[k].node.map((n, i) => n / samples[k].chromium[i])).median_ms;
      return { key: k, unit, node: t('node'), chromium: t('chromium'), chromium_per_node: paired };
    });
    const result = { schema: 1, machine: { ...machine, load_during: load, chromium_user_agent: setup.userAgent }, rounds: ROUNDS, rows, samples };
    mkdirSync(join(REPO, 'perf/results'), { recursive: true });
    const stamp = machine.date.replace(/[:]/g, '-').replace(/\..*/, '');
    const out = join(REPO, 'perf/results', `cross-env-${stamp}.json`);
    writeFileSync(out, JSON.stringify(result, null, 1));
    console.log(`Node and Chromium in alternation, ${ROUNDS} rounds; load average ${load.min}–${load.max} on ${machine.cores} cores`);
    console.log(format(rows));
    console.log(`\nresults: ${out.slice(REPO.length + 1)}`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The table: per implementation, then per op the fresh/reuse and reuse/peer ratios. */
function format(rows) {
  const get = (prefix, impl) => rows.find((r) => r.key === `${prefix} ${impl}`);
  const ratio = (a, b) => (a && b ? fmtNum(a / b, 2) : '');
  const t1 = [['suite op input impl', 'unit', 'Node (median)', 'Chromium (median)', 'Chromium/Node (median of paired rounds)']];
  for (const r of rows) t1.push([r.key, r.unit, fmtNum(r.node), fmtNum(r.chromium), fmtNum(r.chromium_per_node, 2)]);
  const t2 = [['op input', 'reuse/fresh Node', 'reuse/fresh Chromium', 'peer', 'reuse/peer Node', 'reuse/peer Chromium']];
  const prefixes = [...new Set(rows.map((r) => r.key.split(' ').slice(0, 3).join(' ')))];
  for (const p of prefixes) {
    const peerName = CROSS_ENV_CASES.find((c) => p.startsWith(`${c.suite} ${c.op}`))?.peer;
    const fresh = get(p, 'wasm-simd');
    const reuse = get(p, `wasm-simd${REUSE_SUFFIX}`);
    const peer = get(p, peerName);
    t2.push([p, ratio(reuse?.node, fresh?.node), ratio(reuse?.chromium, fresh?.chromium), peerName,
      ratio(reuse?.node, peer?.node), ratio(reuse?.chromium, peer?.chromium)]);
  }
  return `${textTable(t1, new Set([2, 3, 4]))}\n\n${textTable(t2, new Set([1, 2, 4, 5]))}`;
}

main().catch((e) => { console.error(e && e.stack || e); process.exit(2); });
