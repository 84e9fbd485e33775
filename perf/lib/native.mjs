// SPDX-License-Identifier: MIT
// native.mjs: runs the native benchmark programs written by the core
// engineers (perf/native/bench_<core>.c, built to build/native/perf/native/,
// or $WASMFORGE_NATIVE_DIR) and parses their lines
//     RESULT <input> <impl> <metric> <value>
// into records (env 'native'; category native-ours for our C — impl names
// wf*, wasmforge*, ours* — and native-lib for the reference libraries).
//
// How each program is called (NATIVE[core].args) and how its metrics map onto
// the JS suites' operations (NATIVE[core].map) is kept here, per core, so the
// same inputs are measured everywhere:
//   deflate  bench_deflate <data dir>: reads every <dir>/photos/*.png (we pass a
//            folder of links to just the photos the JS suites use) and the
//            licence texts; metrics inflate, inflate_grow, deflateN, sizeN (zlib format).
//   others   bench_<core> [--quick] <input files...>, generic metric names.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { photoSubsetDir, dataDir, webpFile } from './inputs-node.mjs';
import { goalPerftDepth } from './perft-epd.mjs';

const REPO = resolve(new URL('../..', import.meta.url).pathname);

export function nativeDir() {
  return process.env.WASMFORGE_NATIVE_DIR || join(REPO, 'build/native/perf/native');
}

export function nativeProgram(name) {
  const p = join(nativeDir(), name);
  return existsSync(p) ? p : null;
}

/** Input name as the JS suites use it: the file's base name without extensions. */
export function inputName(text) {
  return basename(text).replace(/\..*$/, '');
}

/** Generic metric names: <op>[_MBps|_MPps|_nps|_ms|_size|_bytes]. */
export function parseMetric(metric) {
  const m = metric.toLowerCase();
  let unit = 'MB/s';
  let kind = 'throughput';
  if (/size|bytes$/.test(m)) kind = 'size';
  else if (/(^|_)ms$|_time/.test(m)) kind = 'time';
  if (/mp(ix)?(\/|_?p)s|mpix/.test(m)) unit = 'MP/s';
  else if (/nps|nodes/.test(m)) unit = 'nodes/s';
  const op = m.replace(/[_-]?(mb\/s|mbps|mb_s|mp\/s|mpps|mpix_s|mpixps|nps|nodes_?per_?s|ms|size|bytes|time)$/, '') || m;
  return { op, unit, kind };
}

const categoryOf = (impl) => (/^(wf|wasmforge|ours)/i.test(impl) ? 'native-ours' : 'native-lib');


export const NATIVE = {
  deflate: {
    programs: ['bench_deflate'],
    args({ tmpDir, photoNames }) {
      return [photoSubsetDir(join(tmpDir, 'native-data'), photoNames)];
    },
    map(input, impl, metric) {
      const name = input === 'photos' ? 'scanlines' : input;
      let m;
      if (metric === 'inflate') return { input: name, op: 'inflate', impl, kind: 'throughput', unit: 'MB/s' };
      if (metric === 'inflate_grow') return { input: name, op: 'inflate', impl: `${impl}-grow`, label: `native ${impl} (growing output buffer)`, kind: 'throughput', unit: 'MB/s' };
      if ((m = /^deflate(\d)$/.exec(metric))) return { input: name, op: `deflate-${m[1]}`, impl, kind: 'throughput', unit: 'MB/s' };
      // Sizes are of the zlib format: 6 bytes (header, Adler-32) more than raw DEFLATE.
      if ((m = /^size(\d)$/.exec(metric))) return { input: name, op: `deflate-${m[1]}`, impl, kind: 'size', adjust: -6 };
      return null;
    },
    note: 'timed in zlib format (the JS suites use raw DEFLATE: no Adler-32); sizes given as raw DEFLATE (zlib size - 6)',
  },
  png: {
    // bench_png [file.png ...]: RESULT png_decode_<name> wasmforge|libpng mpix_per_s|bytes <v>
    programs: ['bench_png'],
    args: ({ files }) => files,
    map(input, impl, metric) {
      const m = /^png_(decode|encode)_(.+)$/.exec(input);
      if (!m) return null;
      if (metric === 'bytes') return { input: m[2], op: m[1], impl, kind: 'size' };
      if (metric === 'mpix_per_s') return { input: m[2], op: m[1], impl, kind: 'throughput', unit: 'MP/s' };
      return null;
    },
  },
  jpeg: {
    programs: [
      {
        // bench_jpeg_encode <data dir>: RESULT <photo|all> wf|libjpeg-turbo encode_q85_420[_opt|_prog] <MP/s>,
        // size_<op> <bytes>; always the four benchmark photos, so not run with --quick.
        name: 'bench_jpeg_encode', slow: true,
        args: ({ dataDirPath }) => [dataDirPath],
        map(input, impl, metric) {
          const size = /^size_(.+)$/.exec(metric);
          const op = (size ? size[1] : metric).replace(/_/g, '-');
          return { input, op, impl, kind: size ? 'size' : 'throughput', unit: 'MP/s' };
        },
      },
      {
        // bench_jpeg_decode <seconds per case> <names under $WASMFORGE_DATA/photos>:
        // RESULT jpeg_decode_<name>_q85 wf-native|libjpeg-turbo MPps <best of the runs, CPU time>
        name: 'bench_jpeg_decode',
        args: ({ quick, photoNames }) => [quick ? '0.2' : '1', ...photoNames.map((n) => `${n}.q85.jpg`)],
        map(input, impl, metric) {
          const m = /^jpeg_decode_(.+?)(_q85)?$/.exec(input);
          if (!m || metric !== 'MPps' || m[1] === 'geomean') return null;
          return { input: m[1], op: 'decode', impl: impl.replace(/-native$/, ''), kind: 'throughput', unit: 'MP/s', note: 'best of the timed runs, process CPU time' };
        },
      },
    ],
  },
  webp: {
    // bench_webp_decode <seconds per case> <files>: the cwebp -q 75 and -lossless versions of the
    // photos (perf/lib/inputs-node.mjs webpVersions, made before the suites run):
    // RESULT webp_decode_<name>_q75|_lossless wf-native|libwebp MPps <best of the runs, CPU time>
    programs: [{
      name: 'bench_webp_decode',
      args: ({ quick, photoNames }) => [quick ? '0.2' : '1',
        ...photoNames.flatMap((n) => [webpFile(n, 'q75'), webpFile(n, 'lossless')]).filter((f) => existsSync(f))],
      map(input, impl, metric) {
        const m = /^webp_decode_(.+?)_(q75|lossless)$/.exec(input);
        if (!m || metric !== 'MPps') return null;
        return { input: m[1], op: m[2] === 'q75' ? 'decode-lossy-q75' : 'decode-lossless', impl: impl.replace(/-native$/, ''),
          kind: 'throughput', unit: 'MP/s', note: 'best of the timed runs, process CPU time' };
      },
    }],
  },
  pipeline: { programs: [] }, // no native counterpart: Workers vs one thread, all in JS/Wasm
  chess: {
    // bench_chess [bk_depth [perft_depth]]: RESULT chess_perft<depth> native mnps|nodes|ms,
    // chess_search native knps|nodes|ms, chess_bk native depth|solved|positions|ms.
    // The perft depth is the goal perft's (perf/lib/perft-epd.mjs: start-d5 quick, start-d6 full).
    programs: [{ name: 'bench_chess' }],
    args: ({ quick }) => [quick ? '6' : '10', String(goalPerftDepth(quick))],
    map(input, impl, metric) {
      const who = impl === 'native' ? 'wf' : impl;
      const perft = /^chess_perft(\d+)$/.exec(input);
      if (perft && metric === 'mnps') return { input: `start-d${perft[1]}`, op: 'perft', impl: who, kind: 'throughput', unit: 'Mnodes/s' };
      if (input === 'chess_search' && metric === 'knps') return { input: 'middlegames', op: 'search', impl: who, kind: 'throughput', unit: 'Mnodes/s', scale: 1e-3 };
      if (input === 'chess_bk') return { input: 'bratko-kopec', op: 'bk', impl: who, kind: 'info', key: metric };
      return null;
    },
  },
};

/** Default mapping for programs following the generic convention. */
function genericMap(input, impl, metric) {
  const { op, unit, kind } = parseMetric(metric);
  return { input: inputName(input), op, impl, kind, unit };
}

/**
 * Runs the native programs of a core; returns {records, errors, missing, commands}.
 * ctx: {tmpDir, photoNames, files (generic convention), quick}.
 */
export function runNative(core, ctx, { timeoutMs = 900000 } = {}) {
  const spec = NATIVE[core] || { programs: [`bench_${core}`], args: (c) => [...(c.quick ? ['--quick'] : []), ...(c.files || [])], map: genericMap };
  const out = { records: [], errors: [], commands: [], missing: [], skipped: [] };
  for (const program of spec.programs) {
    const prog = typeof program === 'string' ? { name: program } : program;
    const name = prog.name;
    const map = prog.map || spec.map;
    const exe = nativeProgram(name);
    if (!exe) { out.missing.push(name); continue; }
    if (ctx.quick && prog.slow) { out.skipped.push(name); continue; }
    const args = (prog.args || spec.args)(ctx);
    out.commands.push([exe, ...args].join(' '));
    const r = spawnSync(exe, args, {
      encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20,
      env: { ...process.env, WASMFORGE_DATA: process.env.WASMFORGE_DATA || dataDir() || '' },
    });
    const recs = new Map();
    const sizes = new Map();
    const infos = new Map();
    for (const line of (r.stdout || '').split('\n')) {
      const parts = line.trim().split(/\s+/);
      if (parts[0] !== 'RESULT' || parts.length < 5) continue;
      const [, input, impl, metric, value] = parts;
      const v = Number(value);
      const m = map(input, impl, metric);
      if (!m || !Number.isFinite(v)) continue;
      const key = `${m.input}|${m.impl}|${m.op}`;
      if (m.kind === 'size') { sizes.set(key, v + (m.adjust || 0)); continue; }
      if (m.kind === 'info') {
        if (!infos.has(key)) infos.set(key, { env: 'native', suite: core, op: m.op, input: m.input, impl: `native-${m.impl}`, category: categoryOf(m.impl), status: 'ok', unit: 'info', values: {} });
        infos.get(key).values[m.key] = v;
        continue;
      }
      recs.set(key, {
        env: 'native', suite: core, op: m.op, input: m.input, impl: `native-${m.impl}`, category: categoryOf(m.impl),
        label: m.label || `native ${m.impl}`, unit: m.kind === 'time' ? 'ms' : m.unit, status: 'ok', metric,
        ...(m.kind === 'throughput' ? { throughput: { median: v * (m.scale || 1) } } : { time_ms: v }),
        command: `${name} ${args.map((a) => basename(a)).join(' ')}`,
        ...(m.note || spec.note ? { note: m.note || spec.note } : {}),
      });
    }
    for (const [key, rec] of recs) {
      if (sizes.has(key)) {
        rec.output_size = sizes.get(key);
      }
      out.records.push(rec);
    }
    out.records.push(...infos.values());
    if (r.error || r.status !== 0) {
      out.errors.push(`${name}: ${r.error ? r.error.message : `exit status ${r.status}`}: ${(r.stderr || '').trim().slice(-400)}`);
    }
  }
  return out;
}

/**
 * Native Stockfish (/usr/games/stockfish, Debian's 15.1) as the best native chess
 * library: perft on the same positions as the chess suite (`go perft`, timed over
 * the UCI pipe, median of 7) and the same fixed-depth searches (nodes per second
 * as the engine reports them). Returns records (env native, category native-lib).
 */
export async function stockfishNative({ perft = [], search = [], depth = 13, path = '/usr/games/stockfish' } = {}) {
  if (!existsSync(path)) return [{ env: 'native', suite: 'chess', impl: 'native-stockfish', status: 'skipped', reason: `${path} not installed` }];
  const { processEngine, handshake } = await import('./uci.mjs');
  const sf = await processEngine(path, [], 'Stockfish (native)');
  const records = [];
  try {
    const id = await handshake(sf, { Threads: 1, Hash: 16 });
    const label = `${id || 'Stockfish'} (native)`;
    for (const p of perft) {
      const times = [];
      let nodes = null;
      for (let i = 0; i < 7; i++) {
        sf.send(`position fen ${p.fen}`);
        const t0 = performance.now();
        sf.send(`go perft ${p.depth}`);
        const line = await sf.waitFor(/^Nodes searched/, 600000);
        times.push(performance.now() - t0);
        nodes = Number(line.split(':')[1]);
      }
      times.sort((a, b) => a - b);
      const ok = nodes === p.nodes;
      records.push({
        env: 'native', suite: 'chess', op: 'perft', input: `${p.name}-d${p.depth}`, impl: 'native-stockfish', category: 'native-lib', label, unit: 'Mnodes/s',
        status: ok ? 'ok' : 'wrong-output', reason: ok ? undefined : `counted ${nodes}, expected ${p.nodes}`, work: p.nodes,
        ...(ok ? { throughput: { median: p.nodes / 1e6 / (times[3] / 1000), min: p.nodes / 1e6 / (times[6] / 1000), max: p.nodes / 1e6 / (times[0] / 1000) } } : {}),
        note: 'timed over the UCI pipe (includes a round trip of well under a millisecond)',
      });
    }
    for (const [name, fen] of search) {
      sf.send('ucinewgame');
      sf.send(`position fen ${fen}`);
      const from = sf.log.length;
      const t0 = performance.now();
      sf.send(`go depth ${depth}`);
      const best = await sf.waitFor(/^bestmove/, 600000);
      const ms = performance.now() - t0;
      const info = sf.log.slice(from).filter((l) => / nodes \d+/.test(l)).pop() || '';
      const nodes = Number((/ nodes (\d+)/.exec(info) || [])[1]);
      records.push({
        env: 'native', suite: 'chess', op: `search-d${depth}`, input: name, impl: 'native-stockfish', category: 'native-lib', label, unit: 'Mnodes/s',
        status: 'ok', work: nodes, time_to_depth_ms: ms, bestmove: best.split(/\s+/)[1], nodes,
        throughput: { median: nodes / 1e6 / (ms / 1000) }, note: 'one search, wall time over the UCI pipe',
      });
    }
  } finally {
    await sf.close();
  }
  return records;
}
