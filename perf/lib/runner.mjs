// SPDX-License-Identifier: MIT
// runner.mjs: runs the cases of a suite: for each implementation, verifies its
// output against a reference first, then (only if it agrees) times it; the
// implementations of one case are timed together, their samples interleaved
// (measureInterleaved), so their ratios do not depend on the machine's speed
// at the moment each one was timed.
// Environment-neutral (Node and browsers); suites are written against it.
//
// A suite module (perf/suites/<core>.mjs) default-exports
//   { name, available(env) -> Promise<true | string reason>,
//     cases(ctx) -> Promise<Case[]> }
// with ctx = { env: 'node' | 'chromium' | ..., quick, inputs, importModule, ... }
// and Case = { suite, op, input, unit, work, scale, note?, impls: Impl[] }
// and Impl = { name, category, label?, prepare?(): Promise<void | string>,
//              run(): any, verify(out): Promise<{ok, detail?, outputSize?}> }.
// Every impl must keep its state between calls of run() while the others run
// (see importCoreInstances in lib/cores.mjs).
// category: 'native-ours' | 'native-lib' | 'ours' | 'js-peer' | 'wasm-peer' | 'browser-native'.

import { measureInterleaved, throughput } from './measure.mjs';

/** Timing options per mode. */
export function timingOptions(quick, samples) {
  const base = timingBase(quick);
  // --samples N: more samples per implementation (a noisy machine), the rest as the mode says
  return samples ? { ...base, samples, minSamples: samples, maxMs: base.maxMs * Math.max(1, samples / base.samples) } : base;
}

function timingBase(quick) {
  return quick
    ? { warmupMs: 150, warmupCalls: 10, maxWarmupMs: 3000, minSampleMs: 10, samples: 5, minSamples: 3, maxMs: 500 }
    : { warmupMs: 800, warmupCalls: 10, maxWarmupMs: 8000, minSampleMs: 50, samples: 15, minSamples: 5, maxMs: 10000 };
}

function errorText(e) {
  return (e && (e.code ? `${e.code}: ${e.message}` : e.message)) || String(e);
}

/** The record of one (case, impl) before it ran. */
function baseRecord(env, c, impl) {
  const rec = {
    env, suite: c.suite, op: c.op, input: c.input, impl: impl.name, category: impl.category,
    label: impl.label || impl.name, unit: c.unit, work: c.work, status: 'ok',
  };
  if (c.note) rec.note = c.note;
  return rec;
}

/** Prepares and verifies one impl; true when it may be timed (else rec says why). */
async function prepareAndVerify(impl, rec, where, progress) {
  progress(`${where}: preparing`);
  if (impl.prepare) {
    const skip = await impl.prepare();
    if (typeof skip === 'string') { rec.status = 'skipped'; rec.reason = skip; return false; }
  }
  progress(`${where}: verifying`);
  let out = impl.run();
  if (out && typeof out.then === 'function') out = await out;
  const v = await impl.verify(out);
  if (v.outputSize !== undefined) rec.output_size = v.outputSize;
  if (v.extra) Object.assign(rec, v.extra);
  if (!v.ok) {
    rec.status = 'wrong-output';
    rec.reason = v.detail || 'output differs from the reference';
    return false;
  }
  return true;
}

/** Puts a timing and its throughput into the record. */
function recordTiming(c, impl, rec, t) {
  rec.timing = t;
  // A search's work (its node count) is known only after it ran: the impl sets impl.work in verify().
  const work = impl.work !== undefined ? impl.work : c.work;
  rec.work = work;
  if (c.perImplWork) rec.time_to_depth_ms = t.median_ms;
  rec.throughput = throughput(t, work, c.scale || 1e6);
}

async function cleanup(impl) {
  if (impl.cleanup) try { await impl.cleanup(); } catch { /* ignore */ }
}

/**
 * Runs cases; returns one record per (case, impl).
 * Per case: every impl is prepared and verified (a wrong output is not
 * timed); then the verified impls are warmed up and timed together, their
 * samples interleaved round-robin. progress(text) is called before each step.
 */
export async function runCases(cases, { env, quick, samples, progress = () => {}, filterImpl = () => true }) {
  const opts = timingOptions(quick, samples);
  const records = [];
  for (const c of cases) {
    const timed = [];
    for (const impl of c.impls) {
      if (!filterImpl(impl)) continue;
      const rec = baseRecord(env, c, impl);
      records.push(rec);
      const where = `${env} ${c.suite} ${c.op} ${c.input} ${impl.name}`;
      let keep = false;
      try {
        keep = await prepareAndVerify(impl, rec, where, progress);
      } catch (e) {
        rec.status = 'error';
        rec.reason = errorText(e);
        keep = false;
      }
      if (keep) timed.push({ impl, rec });
      else await cleanup(impl);
    }
    if (timed.length) {
      const where = `${env} ${c.suite} ${c.op} ${c.input}`;
      const timings = await measureInterleaved(timed.map(({ impl, rec }) => ({
        fn: impl.run,
        onError: (e) => { rec.status = 'error'; rec.reason = errorText(e); },
      })), opts, (i, stage) => progress(`${where} ${i >= 0 ? timed[i].impl.name : `(${timed.length} impls)`}: ${stage}`));
      timed.forEach(({ impl, rec }, i) => { if (timings[i]) recordTiming(c, impl, rec, timings[i]); });
      for (const { impl } of timed) await cleanup(impl);
    }
  }
  return records;
}

/** Runs every available suite of the list; skipped suites give one record saying why. */
export async function runSuites(suites, ctx) {
  const all = [];
  for (const suite of suites) {
    let ok;
    try { ok = await suite.available(ctx); } catch (e) { ok = errorText(e); }
    if (ok !== true) {
      all.push({ env: ctx.env, suite: suite.name, status: 'skipped', reason: String(ok) });
      ctx.progress?.(`${ctx.env} ${suite.name}: skipped (${ok})`);
      continue;
    }
    let cases;
    try {
      cases = await suite.cases(ctx);
    } catch (e) {
      all.push({ env: ctx.env, suite: suite.name, status: 'error', reason: errorText(e) });
      continue;
    }
    // --ops decode,inflate: only the cases whose op is listed
    if (ctx.ops && ctx.ops.length) cases = cases.filter((c) => ctx.ops.includes(c.op));
    all.push(...await runCases(cases, ctx));
  }
  return all;
}

/** Byte-wise equality of two Uint8Arrays. */
export function sameBytes(a, b) {
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Where two byte arrays first differ, for messages. */
export function firstDifference(a, b) {
  if (!a || !b) return 'missing output';
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `first difference at byte ${i} (lengths ${a.length} / ${b.length})`;
  return a.length === b.length ? 'equal' : `lengths differ: ${a.length} vs ${b.length}`;
}
