// SPDX-License-Identifier: MIT
// cross-env.mjs: Node and Chromium timed in alternation (perf/cross-env.mjs).
// The harness times Node and Chromium in phases minutes apart, so on a shared
// machine their ratio mixes in the load of two moments. Here both keep the
// same implementations loaded and warm, and the driver takes one sample in
// one, then the other, round after round: Chromium/Node ratios then hold like
// the ratios within one environment. Environment-neutral: the same code sets
// up the implementations in Node and in the harness page (part=cross-env).

import { loadSuites } from '../suites/index.mjs';
import { warmUp, calibrate, sampleOnce } from './measure.mjs';
import { REUSE_SUFFIX } from './reuse.mjs';

/** What is compared: our best backend fresh and reused, and the suite's peer. */
export const CROSS_ENV_CASES = [
  { suite: 'deflate', op: 'inflate', peer: 'fflate' },
  { suite: 'png', op: 'decode', peer: 'jsquash-png' },
  { suite: 'jpeg', op: 'decode', peer: 'jsquash-jpeg' },
];
const BACKEND = 'wasm-simd';

/**
 * Prepares, verifies and warms up every implementation of CROSS_ENV_CASES
 * available here. ctx as for the suites (perf/lib/runner.mjs).
 * @returns {Promise<Map<string, {run, work, unit}>>} by key "suite op input impl"
 */
export async function setupCrossEnv(ctx) {
  const found = new Map();
  const suites = await loadSuites(CROSS_ENV_CASES.map((c) => c.suite));
  for (const suite of suites) {
    const want = CROSS_ENV_CASES.find((c) => c.suite === suite.name);
    if ((await suite.available(ctx)) !== true) continue;
    const names = [BACKEND, `${BACKEND}${REUSE_SUFFIX}`, want.peer];
    for (const c of await suite.cases({ ...ctx, backends: [BACKEND] })) {
      if (c.op !== want.op) continue;
      for (const impl of c.impls.filter((i) => names.includes(i.name))) {
        if (impl.prepare && typeof await impl.prepare() === 'string') continue;
        let out = impl.run();
        if (out && typeof out.then === 'function') out = await out;
        if (!(await impl.verify(out)).ok) throw new Error(`${c.suite} ${c.op} ${c.input} ${impl.name}: wrong output`);
        await warmUp(impl.run, { warmupMs: 300, warmupCalls: 10, maxWarmupMs: 4000 });
        found.set(`${c.suite} ${c.op} ${c.input} ${impl.name}`, { run: impl.run, work: c.work, unit: c.unit });
      }
    }
  }
  return found;
}

/** The calls per sample for a key (a sample lasts at least minSampleMs). */
export function batchFor(impls, key, minSampleMs = 15) {
  return calibrate(impls.get(key).run, { minSampleMs });
}

/** One sample of a key: ms per call over `batch` calls. */
export function sampleKey(impls, key, batch) {
  return sampleOnce(impls.get(key).run, batch);
}
