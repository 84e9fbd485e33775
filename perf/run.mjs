#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// run.mjs: the wasmforge benchmark harness (`npm run bench`).
//
//   node perf/run.mjs [--quick] [--only deflate,png] [--ops decode,inflate] [--samples N] [--no-browser] [--no-native]
//                     [--compare old.json] [--out file.json] [--no-report] [--force]
//   --out file.json  write the results there only (no latest.json, no report: a side run)
//   --force          run a suite whose core is not built yet (its peers only)
//
// For every suite (perf/suites/) and every implementation: verify the output
// against a reference, then time it (warm-up, repeated runs; median, min/max,
// quartiles). Runs in Node 20 and in headless Chromium (same suite modules,
// same input bytes), plus the native programs build/native/perf/native/bench_<core>,
// start-up of every build and download sizes. Writes perf/results/<timestamp>.json,
// perf/results/latest.json and perf/report/index.html; prints a table with ratios.
// It never fails on slow figures; it exits 1 only when one of our builds gave
// wrong output (a peer's wrong output is flagged, not timed, and does not fail
// the run), 2 when the harness itself failed.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { loadSuites, SUITE_NAMES } from './suites/index.mjs';
import { runSuites } from './lib/runner.mjs';
import { CORES } from './lib/cores.mjs';
import { deflateInputs, photoInputs, resizeInputs, writeInputs, dataDir, parsePpm, PHOTO_SET, QUICK_PHOTO_SET } from './lib/inputs-node.mjs';
import { chessInputs } from './lib/chess-inputs.mjs';
import { runNative, stockfishNative } from './lib/native.mjs';
import { machineInfo, startLoadSampler, downloadSizes, busyProcesses, distHashes, REPO } from './lib/env-node.mjs';
import { addRatios, formatResults, formatComparison } from './lib/summary.mjs';
import { sink } from './lib/measure.mjs';
import { renderReport } from './report.mjs';

function parseArgs(argv) {
  const o = { quick: false, only: [], ops: [], samples: 0, browser: true, native: true, compare: null, out: null, report: true, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--no-browser') o.browser = false;
    else if (a === '--no-native') o.native = false;
    else if (a === '--no-report') o.report = false;
    else if (a === '--force') o.force = true;
    else if (a.startsWith('--only')) o.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a.startsWith('--ops')) o.ops = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a.startsWith('--samples')) o.samples = Number(value());
    else if (a.startsWith('--compare')) o.compare = value();
    else if (a.startsWith('--out')) o.out = value();
    else if (a === '--help' || a === '-h') {
      console.log('usage: node perf/run.mjs [--quick] [--only deflate,png,jpeg,webp,pipeline,chess,resize] [--ops decode,inflate] [--samples N] [--no-browser] [--no-native] [--compare old.json] [--out file.json] [--no-report] [--force]\n  --force  run a suite whose core is not built yet (its peers only)\n  --ops    only these operations (decode, inflate, encode, deflate-6, ...)\n  --samples N  N timed samples per implementation (default 5 quick, 15 full)');
      process.exit(0);
    } else throw new Error(`unknown option ${a} (see --help)`);
  }
  for (const n of o.only) if (!SUITE_NAMES.includes(n)) throw new Error(`--only: unknown suite ${n} (known: ${SUITE_NAMES.join(', ')})`);
  return o;
}

const started = Date.now();
const tty = process.stderr.isTTY;
let lastLine = '';
function progress(text) {
  const line = `[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`;
  if (line === lastLine) return;
  lastLine = line;
  if (tty) process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
  else process.stderr.write(`${line}\n`);
}
function progressDone() {
  if (tty) process.stderr.write('\r\x1b[K');
}

function chromiumVersion() {
  const r = spawnSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium', ['--version'], { encoding: 'utf8' });
  return ((r.stdout || '').match(/([\d]+\.[\d.]+)/) || [])[1] || null;
}

async function runBrowser(opts, inputsDir, progressFn) {
  const { startServer } = await import('../demos/server.mjs');
  const { launchChromium } = await import('../tests/browser/chromium.js');
  const mounts = { '/inputs/': inputsDir };
  const data = dataDir();
  if (data) mounts['/data/'] = data;
  const server = await startServer({ mounts });
  let browser = null;
  try {
    browser = await launchChromium();
    // start-up in one page, the suites in a fresh one (see part= in perf/browser.mjs)
    const results = [];
    for (const part of ['startup', 'suites']) {
      const page = await browser.newPage();
      page.on('console', (m) => {
        const t = m.text();
        if (t.startsWith('[progress] ')) progressFn(t.slice(11));
      });
      const q = new URLSearchParams({ quick: opts.quick ? '1' : '0', only: opts.only.join(','), ops: opts.ops.join(','), samples: String(opts.samples || ''), inputs: '/inputs/',
        force: opts.force ? '1' : '0', part });
      await page.goto(`${server.url}/perf/browser.html?${q}`);
      await page.waitForFunction(() => self.__result !== undefined, null, { timeout: opts.quick ? 400000 : 3600000, polling: 500 });
      const result = await page.evaluate(() => self.__result);
      if (result.error) throw new Error(`the ${part} page failed: ${result.error}`);
      results.push(result);
      await page.close();
    }
    return { ...results[1], records: results.flatMap((r) => r.records) };
  } finally {
    if (browser) await browser.close();
    await server.close();
  }
}

/** Native results from the cores' own programs (perf/lib/native.mjs), and native references of the suites. */
async function nativeRecords(suites, opts, inputsDir, manifest) {
  const records = [];
  const data = dataDir();
  const photoNames = opts.quick ? QUICK_PHOTO_SET : PHOTO_SET;
  for (const suite of suites) {
    const files = suite.name === 'png' ? (manifest.photos || []).map((p) => join(data, 'photos', `${p.name}.png`))
      : suite.name === 'jpeg' ? (manifest.photos || []).filter((p) => p.files.jpeg).map((p) => join(data, 'photos', `${p.name}.q85.jpg`))
        : suite.name === 'chess' && data ? [join(data, 'chess', 'perft.epd')]
          : suite.name === 'resize' ? (manifest.resize || []).map((p) => join(inputsDir, p.files.rgba)) : [];
    progress(`native ${suite.name}`);
    const r = runNative(suite.name, { tmpDir: inputsDir, photoNames, files, quick: opts.quick, dataDirPath: data });
    records.push(...r.records);
    for (const m of r.skipped) records.push({ env: 'native', suite: suite.name, impl: m, status: 'skipped', reason: `--quick: ${m} has no quick mode (it always measures its full set); run without --quick` });
    for (const m of r.missing) records.push({ env: 'native', suite: suite.name, impl: m, status: 'skipped', reason: `${m} not built (build/native/perf/native/)` });
    for (const e of r.errors) records.push({ env: 'native', suite: suite.name, status: 'error', reason: e });
    // The best native chess library: Debian's Stockfish, on the chess suite's own positions.
    if (suite.name === 'chess' && manifest.chess?.length) {
      progress('native chess: Stockfish');
      try {
        const { SEARCH_POSITIONS, searchDepth } = await import('./suites/chess.mjs');
        records.push(...await stockfishNative({ perft: manifest.chess, search: SEARCH_POSITIONS, depth: searchDepth(opts.quick) }));
      } catch (e) {
        records.push({ env: 'native', suite: 'chess', impl: 'native-stockfish', status: 'error', reason: e.message });
      }
    }
  }
  return records;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const machine = machineInfo();
  const buildsAtStart = distHashes();
  const sampler = startLoadSampler();
  const only = opts.only.length ? opts.only : SUITE_NAMES;
  const suites = await loadSuites(opts.only);

  progress('preparing inputs');
  const inputsDir = mkdtempSync(join(tmpdir(), 'wasmforge-bench-'));
  const inputs = {
    deflate: only.includes('deflate') ? deflateInputs(opts.quick) : [],
    photos: only.includes('png') || only.includes('jpeg') || only.includes('webp') || only.includes('pipeline') ? photoInputs(opts.quick) : [],
    chess: only.includes('chess') ? chessInputs(opts.quick) : [],
    resize: only.includes('resize') ? await resizeInputs() : [],
  };
  const manifest = writeInputs(inputsDir, inputs);
  const records = [];
  const phases = {};
  // Each phase's start (s since the harness started) and the 1-minute load average then.
  const phase = (name) => {
    phases[name] = { start_s: +((Date.now() - started) / 1000).toFixed(1), load: existsSync('/proc/loadavg') ? +readFileSync('/proc/loadavg', 'utf8').split(' ')[0] : null };
  };

  try {
    phase('sizes');
    progress('download sizes');
    records.push(...downloadSizes(only));

    phase('node-startup');
    progress('node startup (fresh process)');
    // start-up is per core (the pipeline suite has no core of its own)
    const coreNames = only.filter((n) => CORES.some((c) => c.name === n));
    const child = spawnSync(process.execPath, [join(REPO, 'perf/lib/startup-child.mjs'), ...coreNames], { encoding: 'utf8', cwd: REPO });
    try { records.push(...JSON.parse(child.stdout)); } catch {
      records.push({ env: 'node', suite: 'startup', status: 'error', reason: (child.stderr || '').slice(-300) });
    }

    if (opts.native) {
      phase('native');
      records.push(...await nativeRecords(suites, opts, inputsDir, manifest));
    }

    phase('node');
    const ctx = {
      env: 'node', quick: opts.quick, samples: opts.samples || undefined, ops: opts.ops, force: opts.force, inputs, progress,
      importModule: (spec) => import(spec),
      nodeZlib: zlib, versions: process.versions,
      refInflateRaw: async (b) => new Uint8Array(zlib.inflateRawSync(b)),
      refDecodeJpeg: async (b) => {
        const r = spawnSync('djpeg', ['-ppm'], { input: b, maxBuffer: 256 << 20 });
        if (r.status !== 0) throw new Error(`djpeg: ${String(r.stderr).trim()}`);
        return { ...parsePpm(new Uint8Array(r.stdout)), channels: 3 };
      },
      dataDir: dataDir(),
    };
    let sf = null;
    if (only.includes('chess')) {
      ctx.stockfish = async () => {
        if (!sf) {
          const { stockfishJs, handshake } = await import('./lib/uci.mjs');
          sf = await stockfishJs('lite-single');
          await handshake(sf, { Threads: 1, Hash: 16 });
        }
        return sf;
      };
    }
    try {
      records.push(...await runSuites(suites, ctx));
    } finally {
      if (sf) await sf.close();
    }

    let browserInfo = null;
    if (opts.browser) {
      phase('chromium');
      progress('chromium: starting');
      try {
        const r = await runBrowser(opts, inputsDir, (t) => progress(`chromium: ${t}`));
        records.push(...r.records);
        browserInfo = { userAgent: r.userAgent, chromium: chromiumVersion() };
      } catch (e) {
        records.push({ env: 'chromium', suite: 'all', status: 'error', reason: e.message.split('\n')[0] });
      }
    }

    machine.chromium = browserInfo;
    machine.load_during = sampler.stop();
    machine.load_at_end = (await import('node:os')).loadavg();
    machine.busy_processes_at_end = busyProcesses();
    phase('end');
    machine.phases = phases;
    // Other people's builds may replace dist/ files while we measure: say so.
    const buildsAtEnd = distHashes();
    machine.builds = buildsAtStart;
    machine.builds_changed_during_run = Object.keys({ ...buildsAtStart, ...buildsAtEnd }).filter((f) => buildsAtStart[f] !== buildsAtEnd[f]);
    const results = {
      schema: 1,
      machine,
      options: { quick: opts.quick, only, ops: opts.ops, samples: opts.samples || undefined, browser: opts.browser, native: opts.native },
      duration_s: +((Date.now() - started) / 1000).toFixed(1),
      inputs: Object.fromEntries(Object.entries(manifest).map(([k, v]) => [k, v.map(({ files, ...rest }) => rest)])),
      records: addRatios(records),
      sink: sink.value,
    };
    progressDone();

    const resultsDir = join(REPO, 'perf/results');
    mkdirSync(resultsDir, { recursive: true });
    const stamp = machine.date.replace(/[:]/g, '-').replace(/\..*/, '');
    const out = opts.out || join(resultsDir, `${stamp}.json`);
    const json = JSON.stringify(results, null, 1);
    writeFileSync(out, json);
    // An explicit --out is a side run: perf/results/latest.json and the report stay as they are.
    if (!opts.out) writeFileSync(join(resultsDir, 'latest.json'), json);

    console.log(`wasmforge benchmark — ${machine.cpu_model}, ${machine.cores} cores, node ${machine.node}` +
      `${browserInfo ? `, Chromium ${browserInfo.chromium}` : ''}, ${opts.quick ? 'quick' : 'full'} mode, ${results.duration_s} s`);
    console.log(`load average during the run: ${machine.load_during.min}–${machine.load_during.max} (mean ${machine.load_during.mean}) on ${machine.cores} cores` +
      (machine.busy_processes_at_start.length ? `; busy at start: ${machine.busy_processes_at_start.map((p) => `${p.comm} ${p.pcpu}%`).join(', ')}` : ''));
    if (machine.builds_changed_during_run.length) {
      console.log(`WARNING: these builds changed while the harness ran (figures of different phases may be of different builds): ${machine.builds_changed_during_run.join(', ')}`);
    }
    console.log('throughput: median of repeated runs after warm-up; min/max over the runs; "x native" = / our C at -O2 (else the native library), "x best peer" = / the fastest JS or Wasm peer in the same environment');
    console.log(formatResults(results));
    if (opts.compare) {
      const old = JSON.parse(readFileSync(opts.compare, 'utf8'));
      console.log(`\n${formatComparison(old, results)}`);
    }
    if (opts.report && !opts.out) {
      const reportDir = join(REPO, 'perf/report');
      mkdirSync(reportDir, { recursive: true });
      writeFileSync(join(reportDir, 'index.html'), renderReport(results));
      console.log(`\nreport: perf/report/index.html`);
    }
    console.log(`results: ${out.startsWith(REPO) ? out.slice(REPO.length + 1) : out}${opts.out ? '' : ' and perf/results/latest.json'}`);
    // Wrong output is reported loudly; only ours (Wasm, wasm2js, our native C) makes the run fail:
    // a broken third-party peer is flagged and left out, not a reason to fail our benchmark.
    const wrong = results.records.filter((r) => r.status === 'wrong-output');
    if (wrong.length) {
      console.error(`\n${wrong.length} implementation(s) gave WRONG OUTPUT (not timed):`);
      for (const r of wrong) console.error(`  ${r.env} ${r.suite} ${r.op} ${r.input} ${r.impl}: ${r.reason}`);
      if (wrong.some((r) => r.category === 'ours' || r.category === 'native-ours')) process.exitCode = 1;
    }
  } finally {
    rmSync(inputsDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  progressDone();
  console.error(e && e.stack || e);
  process.exit(2);
});
