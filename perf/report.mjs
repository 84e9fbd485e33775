#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// report.mjs: turns a results file into one self-contained HTML page (inline
// CSS and SVG, no scripts, nothing external).
//
//   node perf/report.mjs [results.json ...] [out.html]
//     defaults: perf/results/latest.json -> perf/report/index.html; several
//     results files (e.g. separate runs of different suites) are merged.
//
// renderReport(results) is also used by perf/run.mjs and by the live page.
import { sortRecords, fmtNum, fmtBytes, isStructuralSkip } from './lib/summary.mjs';

const COLORS = {
  'native-ours': '#1f4e9c',
  'native-lib': '#6b7fa8',
  ours: '#d9541e',
  'browser-native': '#7a6a9e',
  'wasm-peer': '#2f8f5b',
  'js-peer': '#9aa534',
};
const CATEGORY_NAMES = {
  'native-ours': 'our C, native -O2',
  'native-lib': 'native library',
  ours: 'wasmforge (Wasm / wasm2js)',
  'browser-native': 'browser built-in',
  'wasm-peer': 'Wasm peer',
  'js-peer': 'JS peer',
};
const ENV_ORDER = ['native', 'node', 'chromium', 'browser'];

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A short axis label: 0.1, 2.5, 40, 1k, 2.5M. */
function tickLabel(v) {
  if (v >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (v >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(3));
}

/** Ticks for a linear or log axis between lo and hi. */
function ticks(lo, hi, log) {
  const out = [];
  if (log) {
    const decades = Math.log10(hi / lo);
    const marks = decades > 3 ? [1] : decades > 2 ? [1, 3] : [1, 2, 5];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of marks) {
        const v = m * 10 ** e;
        if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
      }
    }
    return out;
  }
  const raw = hi / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  for (let v = 0; v <= hi * 1.0001; v += step) out.push(+v.toPrecision(6));
  return out;
}

/**
 * A horizontal bar chart. rows: [{label, sub, value, lo, hi, color, text}].
 * Bars are the median, the thin line the min-max range. Log scale when the
 * values span more than a factor of 30.
 */
export function barChart(rows, { unit = '', width = 940 } = {}) {
  const vals = rows.filter((r) => r.value > 0);
  if (!vals.length) return '';
  const labelW = 320;
  const textW = 190;
  const plotW = width - labelW - textW - 10;
  const rowH = 24;
  const top = 8;
  const axisH = 28;
  const maxV = Math.max(...vals.map((r) => Math.max(r.value, r.hi || 0)));
  const minV = Math.min(...vals.map((r) => Math.min(r.value, r.lo || r.value)));
  const log = maxV / minV > 30;
  const lo = log ? 10 ** Math.floor(Math.log10(minV)) : 0;
  const hi = log ? 10 ** Math.ceil(Math.log10(maxV)) : maxV * 1.05;
  const x = (v) => {
    if (log) return labelW + (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * plotW;
    return labelW + (v / hi) * plotW;
  };
  const h = top + rows.length * rowH + axisH;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" role="img" font-family="system-ui, sans-serif" font-size="12">`];
  for (const t of ticks(log ? lo : 0, hi, log)) {
    const tx = x(t);
    parts.push(`<line x1="${tx.toFixed(1)}" y1="${top - 4}" x2="${tx.toFixed(1)}" y2="${top + rows.length * rowH}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${tx.toFixed(1)}" y="${top + rows.length * rowH + 14}" text-anchor="middle" fill="#666">${esc(tickLabel(t))}</text>`);
  }
  parts.push(`<text x="${labelW + plotW}" y="${h - 2}" text-anchor="end" fill="#666">${esc(unit)}${log ? ' (log scale)' : ''}</text>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    if (r.sep && i > 0) parts.push(`<line x1="4" y1="${y}" x2="${width - 4}" y2="${y}" stroke="#c8c8c8" stroke-dasharray="3 3"/>`);
    parts.push(`<text x="${labelW - 8}" y="${y + 16}" text-anchor="end" fill="#222">${esc(shorten(r.label, 40))}${r.sub ? `<tspan fill="#888"> ${esc(r.sub)}</tspan>` : ''}<title>${esc(r.label)}</title></text>`);
    if (r.value > 0) {
      const w = Math.max(1, x(r.value) - labelW);
      parts.push(`<rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${r.color}" rx="2"><title>${esc(r.title || '')}</title></rect>`);
      if (r.lo > 0 && r.hi > 0) {
        const cy = y + rowH / 2;
        parts.push(`<line x1="${x(r.lo).toFixed(1)}" y1="${cy}" x2="${x(r.hi).toFixed(1)}" y2="${cy}" stroke="#111" stroke-width="1.2"/>`);
        parts.push(`<line x1="${x(r.lo).toFixed(1)}" y1="${cy - 4}" x2="${x(r.lo).toFixed(1)}" y2="${cy + 4}" stroke="#111"/>`);
        parts.push(`<line x1="${x(r.hi).toFixed(1)}" y1="${cy - 4}" x2="${x(r.hi).toFixed(1)}" y2="${cy + 4}" stroke="#111"/>`);
      }
      parts.push(`<text x="${labelW + plotW + 8}" y="${y + 16}" fill="#222">${esc(r.text)}</text>`);
    } else {
      parts.push(`<text x="${labelW + 6}" y="${y + 16}" fill="#a33">${esc(r.text)}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

function shorten(s, n) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function envRank(e) {
  const i = ENV_ORDER.indexOf(e);
  return i < 0 ? 99 : i;
}

/** Rows of one (suite, op, input) group for barChart. */
export function groupRows(list) {
  const sorted = [...list].sort((a, b) => envRank(a.env) - envRank(b.env) || sortRecords(a, b));
  return sorted.map((r, i) => {
    const t = r.throughput || {};
    const ratios = [];
    if (r.ratio_native !== undefined && r.category !== 'native-ours') ratios.push(`×${fmtNum(r.ratio_native, 2)} native`);
    const value = r.status === 'ok' ? t.median : 0;
    return {
      label: r.label || r.impl, sub: r.env, value, lo: t.min, hi: t.max, color: COLORS[r.category] || '#999',
      sep: i > 0 && sorted[i - 1].env !== r.env,
      text: r.status === 'ok' ? `${fmtNum(t.median)} ${ratios.join(' ')}` : `${r.status}: ${shorten(r.reason || '', 52)}`,
      title: r.status === 'ok' ? `median ${fmtNum(t.median)} ${r.unit}, min ${fmtNum(t.min)}, max ${fmtNum(t.max)}, IQR ${fmtNum(t.q1)}–${fmtNum(t.q3)}` : r.reason,
    };
  });
}

function legend() {
  return `<p class="legend">${Object.entries(CATEGORY_NAMES).map(([k, v]) =>
    `<span><i style="background:${COLORS[k]}"></i>${esc(v)}</span>`).join(' ')}
    <span>bar = median; whisker = min–max of the timed runs</span></p>`;
}

function table(rows, numeric = new Set()) {
  const [head, ...body] = rows;
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body.map((r) =>
    `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** Throughput sections: one chart and one table per (suite, op, input). */
export function throughputSections(records) {
  const recs = records.filter((r) => r.unit && !['ms', 'bytes', 'info'].includes(r.unit) && !['size', 'startup'].includes(r.suite) && r.op);
  const keys = [...new Set(recs.map((r) => `${r.suite}|${r.op}|${r.input}`))];
  const bySuite = new Map();
  for (const k of keys) {
    const [suite, op, input] = k.split('|');
    const list = recs.filter((r) => `${r.suite}|${r.op}|${r.input}` === k && !isStructuralSkip(r));
    const unit = list[0].unit;
    const work = list.find((r) => r.work)?.work;
    let html = `<h3>${esc(op)} — ${esc(input)}${work ? ` <small>(${fmtBytes(work)} ${unit.startsWith('MP') ? 'pixels' : unit.startsWith('MB') ? 'bytes' : unit.startsWith('Mnodes') ? 'nodes' : 'units'} per call)</small>` : ''}</h3>`;
    html += barChart(groupRows(list), { unit });
    const hasSize = list.some((r) => r.output_size !== undefined);
    const sizeRef = list.find((r) => r.size_ratio_ref)?.size_ratio_ref || 'reference';
    const hasSys = list.some((r) => r.size_vs_system_zlib !== undefined);
    const rows = [['env', 'implementation', `median ${unit}`, 'min', 'max', 'IQR', '× native', '× best peer', ...(hasSize ? ['output bytes', `vs ${sizeRef}`, ...(hasSys ? ['vs system zlib'] : [])] : []), 'runs']];
    for (const r of [...list].sort((a, b) => envRank(a.env) - envRank(b.env) || sortRecords(a, b))) {
      const t = r.throughput || {};
      rows.push([r.env, r.label || r.impl, r.status === 'ok' ? fmtNum(t.median) : r.status, fmtNum(t.min), fmtNum(t.max),
        t.q1 !== undefined ? `${fmtNum(t.q1)}–${fmtNum(t.q3)}` : '',
        r.ratio_native !== undefined ? fmtNum(r.ratio_native, 2) : '', r.ratio_best_peer !== undefined ? fmtNum(r.ratio_best_peer, 2) : '',
        ...(hasSize ? [fmtBytes(r.output_size), r.size_ratio !== undefined ? fmtNum(r.size_ratio, 4) : '',
          ...(hasSys ? [r.size_vs_system_zlib !== undefined ? fmtNum(r.size_vs_system_zlib, 4) : ''] : [])] : []),
        r.timing ? `${r.timing.runs}×${r.timing.batch}` : '']);
    }
    html += `<details${hasSize ? ' open' : ''}><summary>figures</summary>${table(rows, new Set([2, 3, 4, 5, 6, 7, 8, 9, 10]))}</details>`;
    if (!bySuite.has(suite)) bySuite.set(suite, []);
    bySuite.get(suite).push(html);
  }
  return [...bySuite.entries()].map(([suite, parts]) => `<section><h2>${esc(suite)}</h2>${parts.join('\n')}</section>`).join('\n');
}

function startupSection(records) {
  const list = records.filter((r) => r.suite === 'startup' && r.status === 'ok');
  if (!list.length) return '';
  const sorted = [...list].sort((a, b) => envRank(a.env) - envRank(b.env) || a.input.localeCompare(b.input) || sortRecords(a, b));
  const rows = sorted.map((r) => ({
    label: `${r.input} ${r.impl}`, sub: r.env, value: r.cold_ms, color: COLORS.ours,
    text: `${fmtNum(r.cold_ms)} ms cold, ${fmtNum(r.cached_ms)} cached`, title: `cold ${r.cold_ms} ms; cached median ${r.cached_ms} ms`,
  }));
  const t = [['env', 'core', 'backend', 'cold ms', 'cached ms (median)', 'cached min–max']];
  for (const r of sorted) t.push([r.env, r.input, r.impl, fmtNum(r.cold_ms), fmtNum(r.cached_ms), r.cached_min_ms != null ? `${fmtNum(r.cached_min_ms)}–${fmtNum(r.cached_max_ms)}` : '']);
  return `<section><h2>start-up</h2><p>Time of the core's <code>init({backend})</code>: read or fetch the build, compile, instantiate.
    Cold = the first load in a fresh process or page; cached = later loads of the same build in the same process or page (median of 5).</p>
    ${barChart(rows, { unit: 'ms, cold (shorter is better)' })}${table(t, new Set([3, 4, 5]))}</section>`;
}

function sizeSection(records) {
  const list = records.filter((r) => r.suite === 'size');
  if (!list.length) return '';
  const rows = [];
  for (const r of list) {
    for (const [k, color] of [['raw', '#b9b9b9'], ['gzip', '#7c9cc9'], ['brotli', '#2c5aa0']]) {
      rows.push({ label: k === 'raw' ? r.file.replace('dist/', '') : '', sub: k, value: r[k], color, text: `${fmtBytes(r[k])} B`, title: `${r.file} ${k}` });
    }
  }
  const t = [['core', 'build', 'file', 'raw bytes', 'gzip -9', 'brotli 11']];
  for (const r of list) t.push([r.input, r.impl, r.file, fmtBytes(r.raw), fmtBytes(r.gzip), fmtBytes(r.brotli)]);
  return `<section><h2>download size</h2>${barChart(rows, { unit: 'bytes (shorter is better)' })}${table(t, new Set([3, 4, 5]))}</section>`;
}

function infoSection(records) {
  const list = records.filter((r) => r.unit === 'info' && r.values);
  if (!list.length) return '';
  const t = [['env', 'suite', 'what', 'implementation', 'values']];
  for (const r of list) t.push([r.env, r.suite, `${r.op} ${r.input}`, r.label || r.impl, Object.entries(r.values).map(([k, v]) => `${k} ${v}`).join(', ')]);
  return `<section><h2>other figures</h2>${table(t)}</section>`;
}

function notMeasured(records) {
  const list = records.filter((r) => r.status !== 'ok' && !isStructuralSkip(r));
  if (!list.length) return '';
  return `<section><h2>not measured</h2><ul>${list.map((r) => `<li class="${r.status === 'wrong-output' ? 'bad' : ''}"><b>${esc(r.status)}</b> ${esc([r.env, r.suite, r.op, r.input, r.impl].filter(Boolean).join(' '))}: ${esc(r.reason)}</li>`).join('')}</ul></section>`;
}

function machineSection(results) {
  const m = results.machine || {};
  const rows = [['what', 'value'],
    ['date', m.date], ['git commit', `${m.git_commit || '?'}${m.git_dirty ? ' (with uncommitted changes)' : ''}`],
    ['CPU', `${m.cpu_model}, ${m.cores} cores, ${m.memory_gb} GB`], ['OS', m.os],
    ['load average (1 min)', m.load_during ? `${m.load_during.min}–${m.load_during.max} during the run (mean ${m.load_during.mean}); at start ${(m.load_at_start || []).map((v) => v.toFixed(2)).join(' / ')}` : ''],
    ['builds changed during the run', (m.builds_changed_during_run || []).join(', ') || 'none'],
    ['busy processes at start', (m.busy_processes_at_start || []).map((p) => `${p.comm} ${p.pcpu}%`).join(', ') || 'none'],
    ['Node', `${m.node} (V8 ${m.v8}, zlib ${m.node_zlib})`], ['Chromium', m.chromium ? m.chromium.chromium : 'not run'],
    ['packages', Object.entries(m.packages || {}).map(([k, v]) => `${k} ${v}`).join(', ')],
    ['mode', `${results.options?.quick ? 'quick' : 'full'}; suites ${(results.options?.only || []).join(', ')}; ${results.duration_s} s`],
    ...(results.runs ? [['runs merged', results.runs.map((r) => `${r.date} (${(r.options?.only || []).join(', ')}, load ${r.load_during?.min}–${r.load_during?.max})`).join('; ')]] : [])];
  const inputs = [];
  for (const [set, list] of Object.entries(results.inputs || {})) {
    for (const i of list) inputs.push(`<li><b>${esc(set)} / ${esc(i.name)}</b>${i.size ? `, ${fmtBytes(i.size)} bytes` : ''}${i.description ? `: ${esc(i.description)}` : ''}${i.fen ? `: ${esc(i.fen)}, depth ${i.depth}, ${fmtBytes(i.nodes)} nodes` : ''}${i.sha256 ? ` <small>sha256 ${esc(i.sha256.slice(0, 16))}…</small>` : ''}</li>`);
  }
  return `<section><h2>machine and inputs</h2>${table(rows)}<ul>${inputs.join('')}</ul></section>`;
}

export const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:980px;color:#222;padding:0 12px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:3px;margin-top:28px}
h3{font-size:14px;margin:18px 0 2px}h3 small{font-weight:normal;color:#777}
table{border-collapse:collapse;margin:6px 0;font-size:12.5px}td,th{border:1px solid #ddd;padding:2px 7px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#f4f4f4}
.legend span{margin-right:14px;white-space:nowrap;font-size:12.5px}.legend i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}
li.bad{color:#a00}details summary{cursor:pointer;color:#555;font-size:12.5px}svg{max-width:100%;height:auto}code{background:#f3f3f3;padding:0 3px}`;

export function renderReport(results) {
  const recs = results.records || [];
  const m = results.machine || {};
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>wasmforge benchmark ${esc(m.date || '')}</title><style>${STYLE}</style></head>
<body><h1>wasmforge benchmark</h1>
<p>${esc(m.date || '')} · ${esc(m.cpu_model || '')} (${esc(m.cores)} cores) · ${results.options?.quick ? 'quick' : 'full'} mode ·
load ${m.load_during ? `${m.load_during.min}–${m.load_during.max}` : '?'}. Every implementation's output was checked against a reference before it was timed.
Throughput is the median of repeated runs after warm-up (higher is better); “× native” divides by our C compiled natively at -O2, or by the native library where our native program is missing.</p>
${legend()}
${throughputSections(recs)}
${startupSection(recs)}
${sizeSection(recs)}
${infoSection(recs)}
${notMeasured(recs)}
${machineSection(results)}
</body></html>
`;
}

/**
 * Merges several results files into one (records concatenated; the machine,
 * options and inputs of each are kept in `runs`; the first run's machine is shown).
 */
export function mergeResults(list) {
  if (list.length === 1) return list[0];
  const [first] = list;
  return {
    ...first,
    options: { ...first.options, only: [...new Set(list.flatMap((r) => r.options?.only || []))], quick: list.some((r) => r.options?.quick) },
    duration_s: list.reduce((n, r) => n + (r.duration_s || 0), 0),
    inputs: Object.assign({}, ...list.map((r) => r.inputs || {})),
    // A file's size appears in every run: keep its last measurement.
    records: list.flatMap((r) => r.records || []).filter((r, i, all) => r.suite !== 'size' ||
      !all.slice(i + 1).some((o) => o.suite === 'size' && o.file === r.file)),
    runs: list.map((r) => ({ date: r.machine?.date, load_during: r.machine?.load_during, options: r.options })),
  };
}

const isMain = typeof process !== 'undefined' && typeof window === 'undefined' && /(^|\/)report\.mjs$/.test(process.argv?.[1] || '');
if (isMain) {
  // node perf/report.mjs [a.json [b.json ...]] [out.html]: several results files are merged.
  const { readFileSync, writeFileSync, mkdirSync } = await import('node:fs');
  const { dirname, resolve } = await import('node:path');
  const repo = resolve(new URL('..', import.meta.url).pathname);
  const args = process.argv.slice(2);
  const inputs = args.filter((a) => a.endsWith('.json'));
  const out = args.find((a) => a.endsWith('.html')) || `${repo}/perf/report/index.html`;
  if (!inputs.length) inputs.push(`${repo}/perf/results/latest.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, renderReport(mergeResults(inputs.map((f) => JSON.parse(readFileSync(f, 'utf8'))))));
  console.log(`wrote ${out}`);
}
