#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// levels.mjs: measures the chess engine's strength levels (npm run match:levels).
// Plays our native build at several Skill Levels against Debian's Stockfish
// 15.1 at its own UCI_Limitstrength/UCI_Elo settings (perf/match.mjs
// --opponent debian, fixed time per move, colours swapped over fixed
// openings, chess.js as referee), and the weakest levels against the level
// above (Stockfish's scale ends at UCI_Elo 1350), then prints each level's
// Elo on Stockfish's UCI_Elo scale with a 95% interval and writes
// perf/results/levels-<date>.json.
//
//   node perf/levels.mjs [--games 20] [--movetime 100] [--plan "20:2000,15:1600,10:1350,5:10,0:5"]
// A plan entry "L:N" with N >= 600 plays Skill Level L against Stockfish at
// UCI_Elo N; with N <= 20 against our Skill Level N (its Elo must be known
// from an earlier entry). Run it alone, with nice, on an idle machine.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(new URL('..', import.meta.url).pathname);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const games = Number(arg('--games', 20));
const movetime = Number(arg('--movetime', 100));
const plan = arg('--plan', '20:2000,15:1600,10:1350,5:10,0:5').split(',').map((p) => p.split(':').map(Number));

const known = {}; // level -> { elo, low, high }
const matches = [];
for (const [level, vs] of plan) {
  const out = join(tmpdir(), `wasmforge-levels-${process.pid}-${level}-${vs}.json`);
  const args = [join(REPO, 'perf/match.mjs'), '--engine', 'native', '--movetime', String(movetime), '--games', String(games),
    '--skill', String(level), '--out', out];
  if (vs >= 600) args.push('--opponent', 'debian', '--elo', String(vs));
  else args.push('--vs-skill', String(vs), '--elo', 'none');
  console.error(`[levels] Skill Level ${level} vs ${vs >= 600 ? `Stockfish 15.1 UCI_Elo ${vs}` : `Skill Level ${vs}`}`);
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`match failed (${r.status})`);
  const m = JSON.parse(readFileSync(out, 'utf8')).matches[0];
  // JSON has no infinities: a one-sided interval (every game won or lost) comes back as null
  if (m.low === null) m.low = -Infinity;
  if (m.high === null) m.high = Infinity;
  const base = vs >= 600 ? { elo: vs, low: vs, high: vs } : known[vs];
  if (!base) throw new Error(`the Elo of Skill Level ${vs} is not known yet (order the plan)`);
  // the interval of a chained level adds the uncertainty of the base level
  const est = {
    elo: base.elo + m.elo,
    low: base.low + m.low,
    high: base.high + m.high,
  };
  known[level] = est;
  matches.push({ level, opponent: vs >= 600 ? `Stockfish 15.1 UCI_Elo ${vs}` : `Skill Level ${vs}`, wins: m.wins, draws: m.draws,
    losses: m.losses, score: m.score, elo_difference: { value: m.elo, low: m.low, high: m.high }, level_elo: est });
}

const fmt = (x) => (Number.isFinite(x) ? x.toFixed(0) : x > 0 ? '+inf' : '-inf');
console.log(`strength levels: native build, ${movetime} ms per move, ${games} games per match`);
console.log('| Skill Level | opponent | +/=/- | score | Elo (95%) on Stockfish 15.1\'s UCI_Elo scale |');
console.log('|---|---|---|---|---|');
for (const m of matches) {
  console.log(`| ${m.level} | ${m.opponent} | +${m.wins} =${m.draws} -${m.losses} | ${(m.score * 100).toFixed(1)}% | ` +
    `${fmt(m.level_elo.elo)} (${fmt(m.level_elo.low)} to ${fmt(m.level_elo.high)}) |`);
}
const dir = join(REPO, 'perf/results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `levels-${new Date().toISOString().replace(/[:]/g, '-').replace(/\..*/, '')}.json`);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), movetime_ms: movetime, games_per_match: games, matches }, null, 1));
console.log(`results: ${file}`);
