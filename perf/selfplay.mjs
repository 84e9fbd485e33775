#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// selfplay.mjs: self-play A/B test of two native UCI engines (two builds of
// wasmforge-uci, or one build with different options), for search changes
// (npm run match:self). Runs --jobs parallel blocks of
// build/native/tests/c/chess/chess_match (its 48 openings, each played with
// both colours; games adjudicated on lasting scores), block j at
// nodes * (1 + j / 16) nodes per move (or --movetime ms), so that blocks play
// different games; merges the results and prints wins/draws/losses, the Elo
// difference of the candidate with a 95% interval, and the likelihood of
// superiority. Fixed nodes make the result independent of the machine's
// load; use --movetime for what depends on time (threads, time management).
//
//   node perf/selfplay.mjs --cand A --base B [--games 192] [--nodes 15000 | --movetime 50]
//        [--jobs 2] [--cand-opt "setoption name Threads value 2"]... [--base-opt ...]
//        [--name label] [--out perf/results/selfplay.jsonl]
// --games is the total (each block plays games/jobs, at most 96 distinct games).
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { onLines } from './lib/uci.mjs';

const REPO = resolve(new URL('..', import.meta.url).pathname);
const MATCH = join(REPO, 'build/native/tests/c/chess/chess_match');
const NATIVE_UCI = join(REPO, 'build/native/core/chess/wasmforge-uci');

const argv = process.argv.slice(2);
const one = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const many = (name) => argv.flatMap((a, i) => (a === name ? [argv[i + 1]] : []));
const cand = resolve(one('--cand', NATIVE_UCI));
const base = resolve(one('--base', NATIVE_UCI));
const games = Number(one('--games', 192));
const nodes = Number(one('--nodes', 15000));
const movetime = one('--movetime');
const jobs = Number(one('--jobs', 2));
const name = one('--name', 'selfplay');
const out = one('--out');
const opts = [...many('--cand-opt').map((o) => `1:${o}`), ...many('--base-opt')];
if (!existsSync(MATCH)) throw new Error(`${MATCH} missing: build the native tree first (npm run build:native)`);

/** Elo for a score fraction. */
const elo = (p) => -400 * Math.log10(1 / Math.min(Math.max(p, 1e-4), 1 - 1e-4) - 1);

function runBlock(j, n) {
  return new Promise((done) => {
    const per = movetime ? String(movetime) : `nodes=${Math.round(nodes * (1 + j / 16))}`;
    const env = { ...process.env };
    if (movetime) env.MATCH_FIRST_OPENING = String(Math.round((j * 48) / jobs));
    const p = spawn('nice', ['-n', '19', MATCH, cand, base, String(n), '0', per, ...opts], { env });
    const r = { w: 0, d: 0, l: 0 };
    onLines(p.stdout, (line) => {
      const m = /engine1 \w+, (win|loss|draw)/.exec(line);
      if (!m) return;
      r[m[1][0]]++;
      total[m[1][0]]++;
      const t = total.w + total.d + total.l;
      process.stdout.write(`\r${name}: ${t}/${games} games +${total.w} =${total.d} -${total.l}   `);
    });
    p.stderr.on('data', (d) => process.stderr.write(d));
    p.on('close', () => done(r));
  });
}

const total = { w: 0, d: 0, l: 0 };
const t0 = Date.now();
const per = Math.ceil(games / jobs);
await Promise.all(Array.from({ length: jobs }, (_, j) => runBlock(j, Math.min(per, 96))));
const n = total.w + total.d + total.l;
const p = (total.w + total.d / 2) / n;
const v = (total.w * (1 - p) ** 2 + total.d * (0.5 - p) ** 2 + total.l * p ** 2) / n;
const se = Math.sqrt(v / n);
const los = 0.5 * (1 + erf((total.w - total.l) / Math.sqrt(2 * (total.w + total.l || 1))));
const res = {
  name,
  date: new Date().toISOString(),
  cand,
  base,
  per_move: movetime ? `${movetime} ms` : `${nodes}..${Math.round(nodes * (1 + (jobs - 1) / 16))} nodes`,
  options: opts,
  games: n,
  ...total,
  score: +(100 * p).toFixed(1),
  elo: Math.round(elo(p)),
  elo95: [Math.round(elo(p - 1.96 * se)), Math.round(elo(p + 1.96 * se))],
  los: +(100 * los).toFixed(1),
  minutes: +((Date.now() - t0) / 60000).toFixed(1),
};
console.log(`\n${name}: ${n} games +${total.w} =${total.d} -${total.l}, score ${res.score}%, ` +
  `Elo ${res.elo >= 0 ? '+' : ''}${res.elo} (95%: ${res.elo95[0]} .. ${res.elo95[1]}), LOS ${res.los}%`);
if (out) appendFileSync(out, JSON.stringify(res) + '\n');

/** Error function (Abramowitz-Stegun 7.1.26). */
function erf(x) {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
