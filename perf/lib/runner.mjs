// SPDX-License-Identifier: MIT
// runner.mjs: runs the cases of a suite: for each implementation, verifies its
// output against a reference first, then (only if it agrees) times it.
// Environment-neutral (Node and browsers); suites are written against it.
//
// A suite module (perf/suites/<core>.mjs) default-exports
//   { name, available(env) -> Promise<true | string reason>,
//     cases(ctx) -> Promise<Case[]> }
// with ctx = { env: 'node' | 'chromium' | ..., quick, inputs, importModule, ... }
// and Case = { suite, op, input, unit, work, scale, note?, impls: Impl[] }
// and Impl = { name, category, label?, prepare?(): Promise<void | string>,
//              run(): any, verify(out): Promise<{ok, detail?, outputSize?}> }.
// category: 'native-ours' | 'native-lib' | 'ours' | 'js-peer' | 'wasm-peer' | 'browser-native'.

import { measure, throughput } from './measure.mjs';

/** Timing options per mode. */
export function timingOptions(quick) {
  return quick
    ? { warmupMs: 150, warmupCalls: 10, maxWarmupMs: 3000, minSampleMs: 10, samples: 5, minSamples: 3, maxMs: 500 }
    : { warmupMs: 800, warmupCalls: 10, maxWarmupMs: 8000, minSampleMs: 50, samples: 15, minSamples: 5, maxMs: 10000 };
}

function errorText(e) {
  return (e && (e.code ? `${e.code}: ${e.message}` : e.message)) || String(e);
}

/**
 * Runs cases; returns one record per (case, impl).
 * progress(text) is called before each step.
 */
export async function runCases(cases, { env, quick, progress = () => {}, filterImpl = () => true }) {
  const opts = timingOptions(quick);
  const records = [];
  for (const c of cases) {
    for (const impl of c.impls) {
      if (!filterImpl(impl)) continue;
      const rec = {
        env, suite: c.suite, op: c.op, input: c.input, impl: impl.name, category: impl.category,
        label: impl.label || impl.name, unit: c.unit, work: c.work, status: 'ok',
      };
      if (c.note) rec.note = c.note;
      records.push(rec);
      const where = `${env} ${c.suite} ${c.op} ${c.input} ${impl.name}`;
      try {
        progress(`${where}: preparing`);
        if (impl.prepare) {
          const skip = await impl.prepare();
          if (typeof skip === 'string') { rec.status = 'skipped'; rec.reason = skip; continue; }
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
          continue;
        }
        out = null;
        progress(`${where}: timing`);
        const t = await measure(impl.run, opts);
        rec.timing = t;
        // A search's work (its node count) is known only after it ran: the impl sets impl.work in verify().
        const work = impl.work !== undefined ? impl.work : c.work;
        rec.work = work;
        if (c.perImplWork) rec.time_to_depth_ms = t.median_ms;
        rec.throughput = throughput(t, work, c.scale || 1e6);
      } catch (e) {
        rec.status = 'error';
        rec.reason = errorText(e);
      } finally {
        if (impl.cleanup) try { await impl.cleanup(); } catch { /* ignore */ }
      }
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
