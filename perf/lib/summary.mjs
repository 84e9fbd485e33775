// SPDX-License-Identifier: MIT
// summary.mjs: ratios between implementations, the console table and the
// comparison with an older results file. Environment-neutral (the live
// benchmark page uses the ratio code too).

import { REUSE_SUFFIX } from './reuse.mjs';

export const CATEGORY_ORDER = ['native-ours', 'native-lib', 'ours', 'browser-native', 'wasm-peer', 'js-peer'];
const PEERS = new Set(['js-peer', 'wasm-peer']);

export const IMPL_ORDER = ['wasm-simd', 'wasm', 'wasm2js'];

/** A core built without a SIMD variant is not a failure: such records are left out of tables and charts. */
export function isStructuralSkip(r) {
  return r.status === 'skipped' && r.impl === 'wasm-simd' && /no SIMD build/.test(r.reason || '');
}

export function sortRecords(a, b) {
  const ca = CATEGORY_ORDER.indexOf(a.category);
  const cb = CATEGORY_ORDER.indexOf(b.category);
  if (ca !== cb) return ca - cb;
  const ia = IMPL_ORDER.indexOf(a.impl);
  const ib = IMPL_ORDER.indexOf(b.impl);
  if (ia !== ib) return ia - ib;
  return String(a.impl).localeCompare(String(b.impl));
}

const med = (r) => (r && r.status === 'ok' && r.throughput ? r.throughput.median : null);

/**
 * Adds ratio_native (median / our native C; else / the best native library,
 * named in ratio_native_base) and ratio_best_peer (median / the fastest JS or
 * Wasm peer in the same environment) to each throughput record. Groups are
 * (suite, op, input); native figures are shared by all environments.
 */
export function addRatios(records) {
  const groups = new Map();
  for (const r of records) {
    if (!r.throughput || r.status !== 'ok') continue;
    const k = `${r.suite}|${r.op}|${r.input}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  for (const list of groups.values()) {
    const nativeOurs = list.filter((r) => r.category === 'native-ours').sort((a, b) => med(b) - med(a))[0];
    const nativeLib = list.filter((r) => r.category === 'native-lib' && r.env === 'native').sort((a, b) => med(b) - med(a))[0];
    const base = nativeOurs || nativeLib;
    // Debian's zlib at the same level, measured by the native program: a second size reference.
    const sysZlib = list.find((r) => r.env === 'native' && r.impl === 'native-zlib' && r.output_size !== undefined);
    for (const r of list) {
      if (sysZlib && r.output_size !== undefined) r.size_vs_system_zlib = r.output_size / sysZlib.output_size;
      if (base) {
        r.ratio_native = med(r) / med(base);
        r.ratio_native_base = base.impl;
      }
      const peers = list.filter((p) => PEERS.has(p.category) && p.env === r.env);
      const best = peers.sort((a, b) => med(b) - med(a))[0];
      if (best) {
        r.ratio_best_peer = med(r) / med(best);
        r.best_peer = best.impl;
      }
    }
  }
  return records;
}

export function fmtNum(v, digits = 3) {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  if (v === 0) return '0';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number(v).toPrecision(digits);
}

export function fmtBytes(n) {
  if (n === null || n === undefined) return '';
  return Math.round(n).toLocaleString('en-US');
}

function pad(s, n, right) {
  s = String(s);
  return right ? s.padStart(n) : s.padEnd(n);
}

/** A plain-text table: rows of cells, the first row the header; numeric columns right-aligned. */
export function textTable(rows, rightCols = new Set()) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows.map((r, ri) => r.map((c, i) => pad(c ?? '', widths[i], rightCols.has(i) && ri > 0)).join('  ').trimEnd()).join('\n');
}

/** The console report of all figures. */
export function formatResults(results) {
  const out = [];
  const recs = results.records;
  const throughputRecs = recs.filter((r) => r.unit && !['ms', 'bytes', 'info'].includes(r.unit) && r.suite !== 'size' && r.suite !== 'startup');
  const keys = [...new Set(throughputRecs.map((r) => `${r.suite}|${r.op}|${r.input}`))];
  for (const k of keys) {
    const [suite, op, input] = k.split('|');
    const list = throughputRecs.filter((r) => `${r.suite}|${r.op}|${r.input}` === k && !isStructuralSkip(r)).sort(sortRecords);
    const unit = list.find((r) => r.unit)?.unit || '';
    const any = list[0];
    const work = any.work ? ` (${fmtBytes(any.work)} ${unit.startsWith('MB') ? 'bytes' : unit.startsWith('MP') ? 'pixels' : unit.startsWith('Mnodes') ? 'nodes' : 'units'})` : '';
    out.push(`\n${suite} ${op} — ${input}${work}`);
    const hasSize = list.some((r) => r.output_size !== undefined);
    const header = ['env', 'implementation', `median ${unit}`, 'min', 'max', 'x native', 'x best peer'];
    const sizeRef = list.find((r) => r.size_ratio_ref)?.size_ratio_ref || 'reference';
    const hasSys = list.some((r) => r.size_vs_system_zlib !== undefined);
    if (hasSize) header.push('output bytes', `vs ${sizeRef}`, ...(hasSys ? ['vs system zlib'] : []));
    header.push('note');
    const rows = [header];
    for (const r of list) {
      const t = r.throughput || {};
      const row = [r.env, r.label || r.impl,
        r.status === 'ok' ? fmtNum(t.median) : r.status, fmtNum(t.min), fmtNum(t.max),
        r.ratio_native !== undefined ? fmtNum(r.ratio_native, 2) : '', r.ratio_best_peer !== undefined ? fmtNum(r.ratio_best_peer, 2) : ''];
      if (hasSize) row.push(fmtBytes(r.output_size), r.size_ratio !== undefined ? fmtNum(r.size_ratio, 4) : '', ...(hasSys ? [r.size_vs_system_zlib !== undefined ? fmtNum(r.size_vs_system_zlib, 4) : ''] : []));
      row.push(r.status !== 'ok' ? (r.reason || '').slice(0, 70) : '');
      rows.push(row);
    }
    out.push(textTable(rows, new Set([2, 3, 4, 5, 6, 7, 8, 9])));
  }
  const reuse = formatReuse(recs);
  if (reuse) out.push(reuse);
  const startup = recs.filter((r) => r.suite === 'startup');
  if (startup.length) {
    out.push('\nstart-up (init(): fetch/read + compile + instantiate), ms');
    const rows = [['env', 'core', 'backend', 'cold', 'cached (median)', 'cached min-max', 'note']];
    for (const r of startup) {
      if (isStructuralSkip(r)) continue;
      rows.push([r.env, r.input, r.impl || '', fmtNum(r.cold_ms), fmtNum(r.cached_ms),
        r.cached_min_ms != null ? `${fmtNum(r.cached_min_ms)}-${fmtNum(r.cached_max_ms)}` : '', r.status !== 'ok' ? r.reason?.slice(0, 60) : '']);
    }
    out.push(textTable(rows, new Set([3, 4])));
  }
  const sizes = recs.filter((r) => r.suite === 'size');
  if (sizes.length) {
    out.push('\ndownload size, bytes');
    const rows = [['core', 'build', 'file', 'raw', 'gzip -9', 'brotli 11']];
    for (const r of sizes) rows.push([r.input, r.impl, r.file, fmtBytes(r.raw), fmtBytes(r.gzip), fmtBytes(r.brotli)]);
    out.push(textTable(rows, new Set([3, 4, 5])));
  }
  const infos = recs.filter((r) => r.unit === 'info' && r.values);
  if (infos.length) {
    out.push('\nother figures');
    for (const r of infos) out.push(`  ${r.env} ${r.suite} ${r.op} ${r.input} ${r.impl}: ${Object.entries(r.values).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  const skipped = recs.filter((r) => (r.status === 'skipped' && !r.impl) || r.status === 'error' || r.status === 'wrong-output');
  if (skipped.length) {
    out.push('\nnot measured');
    for (const r of skipped) out.push(`  ${r.env} ${r.suite}${r.op ? ' ' + r.op : ''}${r.input ? ' ' + r.input : ''}${r.impl ? ' ' + r.impl : ''}: ${r.status}: ${r.reason}`);
  }
  return out.join('\n');
}

function keyOf(r) {
  return `${r.env}|${r.suite}|${r.op}|${r.input}|${r.impl}`;
}

/** Change per figure between an old and a new results object, as text. */
export function formatComparison(oldResults, newResults) {
  const old = new Map(oldResults.records.map((r) => [keyOf(r), r]));
  const rows = [['figure', 'old', 'new', 'change', 'beyond the spread?']];
  const pct = (a, b) => {
    if (!a || !b) return '';
    const p = (b / a - 1) * 100;
    return `${p > 0 ? '+' : ''}${p.toFixed(1)}%`;
  };
  // A throughput change counts only when the two runs' min-max ranges do not overlap.
  const beyond = (o, n) => (o.min === undefined || n.min === undefined ? '' : n.min > o.max ? 'faster' : n.max < o.min ? 'slower' : 'no (noise)');
  for (const r of newResults.records) {
    const o = old.get(keyOf(r));
    if (!o) continue;
    const name = `${r.env} ${r.suite} ${r.op} ${r.input} ${r.impl}`;
    if (r.throughput && o.throughput) {
      rows.push([`${name} (${r.unit})`, fmtNum(o.throughput.median), fmtNum(r.throughput.median), pct(o.throughput.median, r.throughput.median), beyond(o.throughput, r.throughput)]);
    }
    if (r.output_size !== undefined && o.output_size !== undefined && r.output_size !== o.output_size) {
      rows.push([`${name} output bytes`, fmtBytes(o.output_size), fmtBytes(r.output_size), pct(o.output_size, r.output_size)]);
    }
    if (r.cold_ms !== undefined && o.cold_ms !== undefined) {
      rows.push([`${name} cold ms`, fmtNum(o.cold_ms), fmtNum(r.cold_ms), pct(o.cold_ms, r.cold_ms)]);
    }
    for (const f of ['raw', 'gzip', 'brotli']) {
      if (r[f] !== undefined && o[f] !== undefined) {
        rows.push([`${name} ${f} bytes`, fmtBytes(o[f]), fmtBytes(r[f]), pct(o[f], r[f])]);
      }
    }
    if (o.status !== r.status) rows.push([`${name} status`, o.status, r.status, '']);
  }
  const head = `comparison with ${oldResults.machine?.date || 'old run'} (commit ${oldResults.machine?.git_commit?.slice(0, 10) || '?'})`;
  return rows.length > 1 ? `${head}\n${textTable(rows, new Set([1, 2, 3]))}` : `${head}: no common figures`;
}

// The peer each suite's reuse figures are compared with (issue 17's goals).
const REUSE_PEERS = { jpeg: 'jsquash-jpeg', png: 'jsquash-png', deflate: 'fflate' };


/**
 * Fresh vs reused output (perf/lib/reuse.mjs) for every op that has a reuse
 * implementation: the median of our best backend into a fresh array and into
 * one reused array, in Node and in Chromium, the Chromium/Node ratios, and
 * Chromium's reuse figure against the suite's peer in Chromium. Rows as
 * objects (for the report and README); null when there are none.
 */
export function reuseTable(records) {
  const ok = records.filter((r) => r.status === 'ok' && r.throughput && r.suite !== 'startup');
  const find = (env, suite, op, input, impl) => ok.find((r) => r.env === env && r.suite === suite && r.op === op && r.input === input && r.impl === impl);
  const rows = [];
  const seen = new Set();
  for (const r of ok) {
    if (!r.impl.endsWith(REUSE_SUFFIX)) continue;
    const key = `${r.suite}|${r.op}|${r.input}|${r.impl}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fresh = r.impl.slice(0, -REUSE_SUFFIX.length);
    const m = (env, impl) => med(find(env, r.suite, r.op, r.input, impl));
    const row = {
      suite: r.suite, op: r.op, input: r.input, impl: fresh, unit: r.unit,
      node_fresh: m('node', fresh), node_reuse: m('node', r.impl),
      chromium_fresh: m('chromium', fresh), chromium_reuse: m('chromium', r.impl),
      peer: REUSE_PEERS[r.suite] || null,
    };
    // what the fresh array costs per call: time per call fresh minus reused (ms)
    const extra = (f, u) => (f && u && r.work ? (r.work / 1e3) * (1 / f - 1 / u) : null);
    row.work = r.work;
    row.node_extra_ms = extra(row.node_fresh, row.node_reuse);
    row.chromium_extra_ms = extra(row.chromium_fresh, row.chromium_reuse);
    row.peer_chromium = row.peer ? m('chromium', row.peer) : null;
    row.peer_node = row.peer ? m('node', row.peer) : null;
    rows.push(row);
  }
  return rows.length ? rows : null;
}

function formatReuse(records) {
  const rows = reuseTable(records);
  if (!rows) return null;
  const ratio = (a, b) => (a && b ? fmtNum(a / b, 2) : '');
  const table = [['op', 'input', 'backend', 'unit', 'Node fresh', 'Node reuse', 'Chromium fresh', 'Chromium reuse',
    'Chromium/Node fresh', 'Chromium/Node reuse', 'fresh ms extra Node', 'fresh ms extra Chromium', 'peer', 'peer Node', 'peer Chromium', 'reuse/peer Node', 'reuse/peer Chromium']];
  for (const r of rows) {
    table.push([`${r.suite} ${r.op}`, r.input, r.impl, r.unit, fmtNum(r.node_fresh), fmtNum(r.node_reuse), fmtNum(r.chromium_fresh), fmtNum(r.chromium_reuse),
      ratio(r.chromium_fresh, r.node_fresh), ratio(r.chromium_reuse, r.node_reuse), fmtNum(r.node_extra_ms), fmtNum(r.chromium_extra_ms),
      r.peer || '', fmtNum(r.peer_node), fmtNum(r.peer_chromium), ratio(r.node_reuse, r.peer_node), ratio(r.chromium_reuse, r.peer_chromium)]);
  }
  return `\nfresh output vs reused output (the \`output\` option), median throughput; ratios within this run;\n"fresh ms extra" = time per call into a fresh array minus into the reused one (the cost of the fresh memory)\n${textTable(table, new Set([4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16]))}`;
}
