// SPDX-License-Identifier: MIT
// measure.mjs: timing with warm-up and repeated runs, and the summary figures
// (median, min, max, quartiles). Runs unchanged in Node 20 and in browsers:
// only performance.now() is used.

/** A value every timed call's result is folded into, so no call can be optimised away. */
export const sink = { value: 0 };

/** Folds a call's result into the sink (length, number or object with a size). */
export function consume(result) {
  let v = 0;
  if (result == null) v = 1;
  else if (typeof result === 'number') v = result;
  else if (typeof result.length === 'number') v = result.length + (result.length ? result[result.length >> 1] | 0 : 0);
  else if (typeof result.byteLength === 'number') v = result.byteLength;
  else if (result.data && typeof result.data.length === 'number') v = result.data.length + (result.data[result.data.length >> 1] | 0);
  else v = 1;
  sink.value = (sink.value + (v | 0)) | 0;
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Summary of a list of per-call times in ms. */
export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    runs: s.length,
    median_ms: quantile(s, 0.5),
    min_ms: s[0],
    max_ms: s[s.length - 1],
    q1_ms: quantile(s, 0.25),
    q3_ms: quantile(s, 0.75),
  };
}

const now = () => performance.now();

/** Calls fn n times (awaiting it when it returns a promise), folding results into the sink. */
async function runCalls(fn, n) {
  for (let i = 0; i < n; i++) {
    let r = fn();
    if (r && typeof r.then === 'function') r = await r;
    consume(r);
  }
}

/**
 * Warm-up: at least warmupCalls calls and warmupMs, and on until stableCalls
 * calls in a row are no slower than 1.3x the fastest so far, within
 * maxWarmupMs. One fast call is not enough: a JS engine may throw optimised
 * code away when a call takes a branch it has not seen before (wasm2js
 * builds of branchy code such as perft), and recompiling takes 50-500 ms.
 * Returns {calls, first (ms of the first call)}.
 */
export async function warmUp(fn, options = {}) {
  const { warmupMs = 200, warmupCalls = 3, stableCalls = 3, maxWarmupMs = 4000 } = options;
  let calls = 0;
  let stable = 0;
  const t0 = now();
  let first = 0;
  let best = Infinity;
  let last = Infinity;
  for (;;) {
    const a = now();
    let r = fn();
    if (r && typeof r.then === 'function') r = await r;
    consume(r);
    last = now() - a;
    if (calls === 0) first = last;
    best = Math.min(best, last);
    stable = last <= 1.3 * best ? stable + 1 : 0;
    calls++;
    const elapsed = now() - t0;
    if (elapsed >= maxWarmupMs || calls >= 100000) break;
    if (elapsed >= warmupMs && calls >= warmupCalls && stable >= stableCalls) break;
  }
  return { calls, first };
}

/**
 * The batch (calls per sample) so that one sample lasts at least minSampleMs,
 * found by timing growing batches: not from the fastest warm-up call, which a
 * coarse timer (browsers round performance.now() to 0.1 ms) can read as 0 ms.
 */
export async function calibrate(fn, options = {}) {
  const { minSampleMs = 20 } = options;
  let batch = 1;
  for (;;) {
    const a = now();
    await runCalls(fn, batch);
    const dt = now() - a;
    if (dt >= minSampleMs || batch >= 100000) break;
    batch = Math.min(100000, dt > 0 ? Math.ceil(batch * Math.min(10, (1.2 * minSampleMs) / dt)) : batch * 10);
  }
  return batch;
}

/** One sample: a batch of calls; returns ms per call. */
export async function sampleOnce(fn, batch) {
  const a = now();
  await runCalls(fn, batch);
  return (now() - a) / batch;
}

/** The timing record of one implementation: summary, batch, warm-up and rounded samples. */
function timingRecord(times, batch, warm) {
  return { ...summarize(times), batch, warmup_calls: warm.calls, first_call_ms: warm.first, samples: times.map((t) => +t.toPrecision(6)) };
}

/**
 * Times several functions doing the same work, with their samples interleaved,
 * so that their ratios do not depend on the moment each was timed (on a
 * shared machine the speed drifts in phases of 0.5-2 s, about as long as one
 * function's samples last when taken in a row). Each function is warmed up
 * (warmUp: options warmupMs, warmupCalls, stableCalls, maxWarmupMs) and its
 * batch calibrated so that one sample lasts at least minSampleMs (calibrate);
 * then every round takes one sample of every function still active, starting
 * one further along each round, until each has `samples` samples or the
 * sampling has lasted maxMs per function (keeping at least minSamples
 * rounds). fns: [{ fn (sync or async), onError?(e) }]; a function that throws
 * is dropped (its timing is null) and onError is told. progress(i, stage) is
 * called before function i's warm-up and (i = -1) before the rounds. Returns
 * one timing record ({samples (ms per call), batch, warm-up figures,
 * ...summary}) or null per function, in order.
 */
export async function measureInterleaved(fns, options = {}, progress = () => {}) {
  const { samples = 9, minSamples = 3, maxMs = 6000 } = options;
  const state = fns.map((f) => ({ ...f, times: [], warm: null, batch: 0, failed: false }));
  const fail = (s, e) => { s.failed = true; if (s.onError) s.onError(e); };
  for (const [i, s] of state.entries()) {
    progress(i, 'warm-up');
    try {
      s.warm = await warmUp(s.fn, options);
      s.batch = await calibrate(s.fn, options);
    } catch (e) { fail(s, e); }
  }
  const budget = maxMs * state.filter((s) => !s.failed).length;
  progress(-1, 'sampling, interleaved');
  const start = now();
  for (let round = 0; round < samples; round++) {
    const active = state.filter((s) => !s.failed);
    if (active.length === 0) break;
    for (let k = 0; k < active.length; k++) {
      const s = active[(round + k) % active.length];
      try { s.times.push(await sampleOnce(s.fn, s.batch)); } catch (e) { fail(s, e); }
    }
    if (round + 1 >= minSamples && now() - start > budget) break;
  }
  return state.map((s) => (s.failed ? null : timingRecord(s.times, s.batch, s.warm)));
}

/** Throughput figures (units per second) from a timing summary and the work of one call. */
export function throughput(timing, work, scale = 1e6) {
  const per = (ms) => (work / scale) / (ms / 1000);
  return {
    median: per(timing.median_ms),
    min: per(timing.max_ms),
    max: per(timing.min_ms),
    q1: per(timing.q3_ms),
    q3: per(timing.q1_ms),
  };
}
