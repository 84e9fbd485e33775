// SPDX-License-Identifier: MIT
// bench.js: the live benchmark page. Runs the suites of perf/suites/ in this
// browser, on inputs built here (perf/lib/inputs-browser.mjs), and shows a
// table and bars per operation. Sets self.__result when a run finishes.
import { wasmWorks, simdWorks } from '../../web/loader.js';
import { loadSuites, SUITE_NAMES } from '../../perf/suites/index.mjs';
import { runSuites } from '../../perf/lib/runner.mjs';
import { buildBrowserInputs } from '../../perf/lib/inputs-browser.mjs';
import { measureStartup, CORES } from '../../perf/lib/cores.mjs';
import { addRatios, fmtNum, fmtBytes, sortRecords, isStructuralSkip } from '../../perf/lib/summary.mjs';
import { barChart, groupRows, esc } from '../../perf/report.mjs';
import { throughStream } from '../../perf/suites/deflate.mjs';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

const COLORS = [['ours', '#d9541e', 'wasmforge'], ['browser-native', '#7a6a9e', 'browser built-in'],
  ['wasm-peer', '#2f8f5b', 'Wasm peer'], ['js-peer', '#9aa534', 'JS peer']];

async function exists(url) {
  try {
    const r = await fetch(url, { method: 'HEAD' });
    return r.ok;
  } catch {
    return false;
  }
}

/** Which suites can run here: the core's JS module and its Wasm build are served. */
async function availableSuites() {
  const out = [];
  for (const name of SUITE_NAMES) {
    const core = CORES.find((c) => c.name === name);
    const ok = (await exists(`../../${core.module}`)) && ((await exists(`../../dist/${name}.wasm`)) || (await exists(`../../dist/${name}.wasm2js.js`)));
    out.push({ name, ok });
  }
  return out;
}

function envText() {
  const b = [wasmWorks() ? (simdWorks() ? 'Wasm+SIMD, Wasm' : 'Wasm (no SIMD)') : 'no WebAssembly', 'wasm2js'];
  return `Backends here: ${b.join(', ')}. ${navigator.hardwareConcurrency || '?'} logical CPUs. ${navigator.userAgent}`;
}

function legend() {
  return `<p class="legend">${COLORS.map(([, c, n]) => `<span><i style="background:${c}"></i>${n}</span>`).join('')}<span>whisker: min–max of the timed runs</span></p>`;
}

function render(records, notes) {
  const groups = new Map();
  for (const r of records) {
    if (!r.op || r.suite === 'startup' || isStructuralSkip(r)) continue;
    const k = `${r.suite}|${r.op}|${r.input}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  let html = legend();
  if (notes.length) html += `<p class="muted">${notes.map(esc).join('<br>')}</p>`;
  let lastSuite = '';
  for (const [k, list] of groups) {
    const [suite, op, input] = k.split('|');
    if (suite !== lastSuite) { html += `<h2>${esc(suite)}</h2>`; lastSuite = suite; }
    const unit = list[0].unit || '';
    html += `<h3>${esc(op)} — ${esc(input)}${list[0].work ? ` <span class="muted">(${fmtBytes(list[0].work)} ${unit.startsWith('MP') ? 'pixels' : 'bytes'} per call)</span>` : ''}</h3>`;
    html += barChart(groupRows(list), { unit, width: 900 });
    const hasSize = list.some((r) => r.output_size !== undefined);
    html += `<table><tr><th>implementation</th><th>median ${esc(unit)}</th><th>min</th><th>max</th><th>× best peer</th>${hasSize ? '<th>output bytes</th>' : ''}<th>runs</th></tr>`;
    for (const r of [...list].sort(sortRecords)) {
      const t = r.throughput || {};
      const ok = r.status === 'ok';
      html += `<tr><td>${esc(r.label || r.impl)}</td><td class="num${ok ? '' : ' bad'}">${ok ? fmtNum(t.median) : esc(r.status)}</td>` +
        `<td class="num">${fmtNum(t.min)}</td><td class="num">${fmtNum(t.max)}</td>` +
        `<td class="num">${r.ratio_best_peer !== undefined ? fmtNum(r.ratio_best_peer, 2) : ''}</td>` +
        `${hasSize ? `<td class="num">${fmtBytes(r.output_size)}</td>` : ''}` +
        `<td class="${ok ? 'num' : 'bad'}">${ok ? `${r.timing.runs}×${r.timing.batch}` : esc(r.reason || '')}</td></tr>`;
    }
    html += '</table>';
  }
  const startup = records.filter((r) => r.suite === 'startup' && r.status === 'ok');
  if (startup.length) {
    html += '<h2>start-up</h2><p class="muted">init({backend}): fetch + compile + instantiate; cold = first load in this page, cached = median of later loads.</p><table><tr><th>core</th><th>backend</th><th>cold ms</th><th>cached ms</th></tr>';
    for (const r of startup) html += `<tr><td>${esc(r.input)}</td><td>${esc(r.impl)}</td><td class="num">${fmtNum(r.cold_ms)}</td><td class="num">${fmtNum(r.cached_ms)}</td></tr>`;
    html += '</table>';
  }
  $('results').innerHTML = html;
}

let startupDone = false;

async function run(selected, quick) {
  $('run').disabled = true;
  const progress = (t) => { $('progress').textContent = t; };
  const records = [];
  try {
    if (!startupDone) {
      for (const name of selected) {
        progress(`start-up ${name}`);
        records.push(...await measureStartup(name, { env: 'browser' }));
      }
      startupDone = true;
    }
    progress('preparing inputs');
    const { inputs, notes } = await buildBrowserInputs({ dataUrl: params.get('data') || '/data/', quick });
    const suites = await loadSuites(selected);
    const ctx = {
      env: 'browser', quick, inputs, progress,
      importModule: (spec) => import(spec),
      refInflateRaw: (bytes) => throughStream(bytes, new DecompressionStream('deflate-raw')),
      dataUrl: params.get('data') || '/data/',
    };
    records.push(...await runSuites(suites, ctx));
    addRatios(records);
    render(records, notes);
    const wrong = records.filter((r) => r.status === 'wrong-output').length;
    progress(`done: ${records.filter((r) => r.status === 'ok').length} figures${wrong ? `, ${wrong} WRONG OUTPUT (not timed)` : ''}`);
    self.__result = { records, notes, userAgent: navigator.userAgent };
  } catch (e) {
    progress(`failed: ${e && e.message}`);
    self.__result = { error: String(e && e.stack || e) };
  } finally {
    $('run').disabled = false;
  }
}

async function main() {
  $('env').textContent = envText();
  const suites = await availableSuites();
  $('suites').innerHTML = suites.map((s) => `<label><input type="checkbox" name="suite" value="${s.name}" ${s.ok ? (s.name === 'chess' ? '' : 'checked') : 'disabled'}> ${s.name}${s.ok ? '' : ' (not built)'}</label>`).join(' ');
  $('run').disabled = false;
  $('run').addEventListener('click', () => {
    const selected = [...document.querySelectorAll('input[name=suite]:checked')].map((i) => i.value);
    run(selected, !$('thorough').checked);
  });
  if (params.get('autorun') === '1') $('run').click();
}

main();
