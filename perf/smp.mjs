#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// smp.mjs: Lazy SMP figures of the chess engine: time to depth and nodes per
// second with 1 and with N threads (npm run bench:smp), natively (the UCI
// binary), in Node (createEngine({threads}): Workers over one shared memory,
// chess.mt.wasm) and in headless Chromium (the same on a cross-origin
// isolated page, the demo server's /isolated/ prefix). Searches a few
// middle-game positions to a fixed depth with each thread count, the runs
// interleaved (1, N, 1, N, ...) so that a shared machine's load hits both
// alike; prints per-thread-count totals, their ratio, and the load average at
// the start and the end. Wall-clock figures: run on a quiet machine.
//
//   node perf/smp.mjs [--threads 2] [--depth 13] [--rounds 3] [--where native,node,chromium] [--out file.json]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { onLines } from './lib/uci.mjs';

const REPO = resolve(new URL('..', import.meta.url).pathname);
const UCI = process.env.WF_UCI || join(REPO, 'build/native/core/chess/wasmforge-uci');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const threads = Number(arg('--threads', 2));
const depth = Number(arg('--depth', 13));
const rounds = Number(arg('--rounds', 3));
const out = arg('--out');
const where = arg('--where', 'native').split(',');
const POSITIONS = [
  'r1bqkb1r/pppp1ppp/2n2n2/4p3/2B1P3/5N2/PPPP1PPP/RNBQK2R w KQkq - 4 4',
  'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1',
  'r1bq1rk1/pp2bppp/2n1pn2/3p4/2PP4/2N1PN2/PP1B1PPP/R2QKB1R w KQ - 0 8',
  '2r2rk1/1bqnbppp/p2ppn2/1p6/3NP3/1BN1BP2/PPPQ2PP/2KR3R w - - 0 13',
  '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1',
];

/** One engine process: searches every position to `depth` with `n` threads. */
function runNative(n) {
  return new Promise((done, fail) => {
    const p = spawn(UCI, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    let i = -1;
    let last = null;
    const res = [];
    const next = () => {
      i++;
      if (i === POSITIONS.length) {
        // CPU time of the engine process (all its threads), in clock ticks (100 per second)
        try {
          const f = readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1].split(' ');
          res.cpuMs = (Number(f[11]) + Number(f[12])) * 10;
        } catch {
          // (no /proc: no CPU figure)
        }
        p.stdin.end('quit\n');
        return;
      }
      p.stdin.write(`ucinewgame\nposition fen ${POSITIONS[i]}\ngo depth ${depth}\n`);
    };
    onLines(p.stdout, (line) => {
      if (line.startsWith('info depth')) last = line;
      else if (line.startsWith('readyok')) next();
      else if (line.startsWith('bestmove')) {
        const num = (key) => Number(new RegExp(` ${key} (\\d+)`).exec(last)[1]);
        res.push({ depth: num('depth'), timeMs: num('time'), nodes: num('nodes') });
        next();
      }
    });
    p.on('error', fail);
    p.on('close', () => done(res));
    p.stdin.write(`setoption name Threads value ${n}\nsetoption name Hash value 64\nisready\n`);
  });
}

// The Wasm engine (createEngine): every position to `depth` with `n` threads,
// by UCI lines as the native run. Runs in Node and, as it is, inside a page.
async function searchAll(chessModule, n, positions, depth) {
  const e = await chessModule.createEngine({ threads: n });
  if (e.threads !== n) throw new Error(`asked for ${n} threads, the engine runs ${e.threads}`);
  const res = [];
  try {
    await e.setOption('Hash', 64);
    // warm-up (the first calls run in V8's baseline compiler), not timed
    e.send('go depth 9');
    await e.waitFor('bestmove');
    for (const fen of positions) {
      let last = null;
      const off = e.onLine((l) => { if (l.startsWith('info depth')) last = l; });
      e.send('ucinewgame');
      e.send(`position fen ${fen}`);
      e.send(`go depth ${depth}`);
      await e.waitFor('bestmove');
      off();
      const num = (key) => Number(new RegExp(` ${key} (\\d+)`).exec(last)[1]);
      res.push({ depth: num('depth'), timeMs: num('time'), nodes: num('nodes') });
    }
  } finally {
    await e.terminate();
  }
  return res;
}

async function chromiumRunner() {
  const { startServer } = await import('../demos/server.mjs');
  const { launchChromium } = await import('../tests/browser/chromium.js');
  const server = await startServer({ index: '/demos/' });
  const browser = await launchChromium();
  const page = await browser.newPage();
  await page.goto(`${server.url}/isolated/demos/index.html`);
  const fn = searchAll.toString();
  return {
    run: (n) => page.evaluate(async ([src, n, positions, depth]) => {
      const chess = await import('/isolated/web/chess.js');
      // eslint-disable-next-line no-new-func
      const f = new Function(`return (${src})`)();
      return f(chess, n, positions, depth);
    }, [fn, n, POSITIONS, depth]),
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

const results = {};
for (const w of where) {
  let runner;
  if (w === 'native') {
    if (!existsSync(UCI)) throw new Error(`${UCI} not built`);
    runner = { run: runNative, close: async () => {} };
  } else if (w === 'node') {
    const chess = await import('../web/chess.js');
    runner = {
      run: async (n) => {
        // CPU time of this process, its Workers included
        const c0 = process.cpuUsage();
        const res = await searchAll(chess, n, POSITIONS, depth);
        const c = process.cpuUsage(c0);
        res.cpuMs = (c.user + c.system) / 1000;
        return res;
      },
      close: async () => {},
    };
  } else if (w === 'chromium') {
    runner = await chromiumRunner();
  } else {
    throw new Error(`--where: unknown ${w} (native, node, chromium)`);
  }
  const load0 = loadavg()[0];
  const sums = { 1: { timeMs: 0, nodes: 0, cpuMs: 0 }, [threads]: { timeMs: 0, nodes: 0, cpuMs: 0 } };
  const runs = [];
  const ratios = [];
  for (let r = 0; r < rounds; r++) {
    const t = {};
    for (const n of [1, threads]) {
      const res = await runner.run(n);
      t[n] = res.reduce((a, x) => a + x.timeMs, 0);
      const nodes = res.reduce((a, x) => a + x.nodes, 0);
      sums[n].timeMs += t[n];
      sums[n].nodes += nodes;
      sums[n].cpuMs += res.cpuMs || 0;
      runs.push({ threads: n, round: r, timeMs: t[n], nodes, cpuMs: res.cpuMs, per_position: res });
      console.log(`${w}, round ${r + 1}, ${n} thread(s): depth ${depth} on ${POSITIONS.length} positions in ${t[n]} ms, ` +
        `${nodes} nodes, ${Math.round((nodes * 1000) / Math.max(t[n], 1))} nps` +
        (res.cpuMs ? `, ${Math.round(res.cpuMs)} ms CPU` : '') + ` (load ${loadavg()[0].toFixed(2)})`);
    }
    ratios.push(t[1] / t[threads]);
  }
  await runner.close();
  const load1 = loadavg()[0];
  const nps = (n) => (sums[n].nodes * 1000) / Math.max(sums[n].timeMs, 1);
  const summary = {
    where: w,
    date: new Date().toISOString(),
    depth,
    rounds,
    threads,
    time_to_depth_ms: { 1: sums[1].timeMs / rounds, [threads]: sums[threads].timeMs / rounds },
    nps: { 1: Math.round(nps(1)), [threads]: Math.round(nps(threads)) },
    time_to_depth_speedup: +(sums[1].timeMs / sums[threads].timeMs).toFixed(2),
    time_to_depth_speedup_median_round: +[...ratios].sort((a, b) => a - b)[ratios.length >> 1].toFixed(2),
    nps_ratio: +(nps(threads) / nps(1)).toFixed(2),
    // nodes per CPU second (all threads; native and Node): the cost of a node with N threads
    // against one, whatever share of the machine the run got (1.0: no overhead per node)
    nodes_per_cpu_s: sums[1].cpuMs ? { 1: Math.round((sums[1].nodes * 1000) / sums[1].cpuMs), [threads]: Math.round((sums[threads].nodes * 1000) / sums[threads].cpuMs) } : null,
    nodes_per_cpu_ratio: sums[1].cpuMs ? +((sums[threads].nodes / sums[threads].cpuMs) / (sums[1].nodes / sums[1].cpuMs)).toFixed(2) : null,
    loadavg: [load0, load1].map((x) => +x.toFixed(2)),
  };
  console.log(JSON.stringify(summary, null, 1));
  results[w] = { ...summary, runs };
}
if (out) writeFileSync(out, JSON.stringify(results, null, 1) + '\n');
