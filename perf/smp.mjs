#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// smp.mjs: Lazy SMP figures of the native UCI engine: time to depth and
// nodes per second with 1 and with N threads (npm run bench:smp). Searches a
// few middle-game positions to a fixed depth with each thread count, the
// runs interleaved (1, N, 1, N, ...) so that a shared machine's load hits
// both alike; prints per-thread-count totals, their ratio, and the load
// average at the start and the end. Wall-clock figures: run on a quiet machine.
//
//   node perf/smp.mjs [--threads 2] [--depth 13] [--rounds 3] [--out file.json]
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

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
const POSITIONS = [
  'r1bqkb1r/pppp1ppp/2n2n2/4p3/2B1P3/5N2/PPPP1PPP/RNBQK2R w KQkq - 4 4',
  'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1',
  'r1bq1rk1/pp2bppp/2n1pn2/3p4/2PP4/2N1PN2/PP1B1PPP/R2QKB1R w KQ - 0 8',
  '2r2rk1/1bqnbppp/p2ppn2/1p6/3NP3/1BN1BP2/PPPQ2PP/2KR3R w - - 0 13',
  '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1',
];

/** One engine process: searches every position to `depth` with `n` threads. */
function run(n) {
  return new Promise((done, fail) => {
    const p = spawn(UCI, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    let i = -1;
    let last = null;
    const res = [];
    const next = () => {
      i++;
      if (i === POSITIONS.length) {
        p.stdin.end('quit\n');
        return;
      }
      p.stdin.write(`ucinewgame\nposition fen ${POSITIONS[i]}\ngo depth ${depth}\n`);
    };
    p.stdout.on('data', (d) => {
      buf += d;
      let k;
      while ((k = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, k);
        buf = buf.slice(k + 1);
        if (line.startsWith('info depth')) last = line;
        else if (line.startsWith('readyok')) next();
        else if (line.startsWith('bestmove')) {
          const num = (key) => Number(new RegExp(` ${key} (\\d+)`).exec(last)[1]);
          res.push({ depth: num('depth'), timeMs: num('time'), nodes: num('nodes') });
          next();
        }
      }
    });
    p.on('error', fail);
    p.on('close', () => done(res));
    p.stdin.write(`setoption name Threads value ${n}\nsetoption name Hash value 64\nisready\n`);
  });
}

const load0 = loadavg()[0];
const sums = { 1: { timeMs: 0, nodes: 0 }, [threads]: { timeMs: 0, nodes: 0 } };
const runs = [];
for (let r = 0; r < rounds; r++) {
  for (const n of [1, threads]) {
    const res = await run(n);
    const t = res.reduce((a, x) => a + x.timeMs, 0);
    const nodes = res.reduce((a, x) => a + x.nodes, 0);
    sums[n].timeMs += t;
    sums[n].nodes += nodes;
    runs.push({ threads: n, round: r, timeMs: t, nodes, per_position: res });
    console.log(`round ${r + 1}, ${n} thread(s): depth ${depth} on ${POSITIONS.length} positions in ${t} ms, ${nodes} nodes, ${Math.round((nodes * 1000) / Math.max(t, 1))} nps`);
  }
}
const load1 = loadavg()[0];
const nps = (n) => (sums[n].nodes * 1000) / Math.max(sums[n].timeMs, 1);
const summary = {
  date: new Date().toISOString(),
  depth,
  rounds,
  threads,
  time_to_depth_ms: { 1: sums[1].timeMs / rounds, [threads]: sums[threads].timeMs / rounds },
  nps: { 1: Math.round(nps(1)), [threads]: Math.round(nps(threads)) },
  time_to_depth_speedup: +(sums[1].timeMs / sums[threads].timeMs).toFixed(2),
  nps_ratio: +(nps(threads) / nps(1)).toFixed(2),
  loadavg: [load0, load1].map((x) => +x.toFixed(2)),
};
console.log(JSON.stringify(summary, null, 1));
if (out) writeFileSync(out, JSON.stringify({ ...summary, runs }, null, 1) + '\n');
