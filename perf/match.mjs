#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// match.mjs: plays our chess engine against the npm `stockfish` package
// (Stockfish 19 lite, single-threaded Wasm, in this Node process) limited with
// UCI_LimitStrength/UCI_Elo at several levels, at a fixed short time control,
// from a fixed list of balanced openings with each opening played with both
// colours; then (when both builds exist) our native build against our Wasm build.
// Reports score and an Elo estimate with a 95% interval. Not part of `npm run bench`.
//
// Strength levels (npm run match:levels): --opponent debian plays Debian's
// Stockfish 15.1 (/usr/games/stockfish, native) instead of the npm package;
// --skill N or --our-elo N weakens our engine (Skill Level, or
// UCI_LimitStrength with UCI_Elo; each game gets its own Skill Seed);
// --vs-skill M plays our engine at Skill Level M instead of Stockfish;
// --movetime MS gives every move a fixed time (no clock, no time losses).
// --threads N sets our engine's Threads option (the native build's Lazy SMP).
// --net FILE plays the native build with that network of the neural evaluation
// (wasmforge-uci --net FILE, which turns "Use NNUE" on; tools/nnue).
//   node perf/match.mjs --opponent debian --skill 10 --elo 1350,1600 --movetime 100 --games 20
//   node perf/match.mjs --skill 6 --vs-skill 4 --movetime 100 --games 20 --engine native
//
//   node perf/match.mjs [--games 24] [--elo 1320,1600,2000] [--tc 10+0.1] [--engine native|wasm]
//                       [--no-self] [--grace 500] [--jobs 1] [--out file.json]
// --tc is base+increment in seconds per side; a side whose clock goes below
// -grace ms (default 500: the engines share a busy machine) loses on time.
// Each match runs in child processes (npm stockfish sets up once per process);
// --jobs N plays N games at a time, in N child processes (--part k/N each
// plays every N-th game), and merges their games; use at most one job per core.
//
// Our engine: the Wasm build through web/chess.js when that module offers a
// UCI-style engine (createEngine()/uci()), else the native build
// build/native/core/chess/wasmforge-uci (a UCI program). Moves are checked
// with chess.js; games end by mate, stalemate, repetition, the 50-move rule,
// insufficient material, a flag fall, an illegal move (a loss), or
// adjudication: both engines' scores beyond ±1000 cp (or a mate score) for 4
// plies in a row gives the win; |score| <= 10 cp for 20 plies after ply 80 a
// draw; ply 300 a draw.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Chess } from 'chess.js';
import { processEngine, stockfishJs, handshake } from './lib/uci.mjs';

const REPO = resolve(new URL('..', import.meta.url).pathname);
const NATIVE_UCI = join(REPO, 'build/native/core/chess/wasmforge-uci');
const DEBIAN_STOCKFISH = process.env.STOCKFISH_PATH || '/usr/games/stockfish';

/** Our engine's strength options from --skill / --our-elo. */
function ourLevelOptions(opts) {
  const threads = opts.threads > 1 ? { Threads: opts.threads } : {};
  if (opts.ourElo !== undefined) return { UCI_LimitStrength: 'true', UCI_Elo: opts.ourElo, ...threads };
  if (opts.skill !== undefined) return { 'Skill Level': opts.skill, ...threads };
  return threads;
}
const ourLevel = (opts) => (opts.ourElo !== undefined ? `UCI_Elo ${opts.ourElo}` : opts.skill !== undefined ? `Skill Level ${opts.skill}` : 'full') +
  (opts.net !== undefined ? `, net ${basename(opts.net)}` : '');

// Balanced openings (UCI moves), written for this harness: main lines that
// leave roughly equal positions. Each is played twice, colours swapped.
export const OPENINGS = [
  ['Ruy Lopez, Closed', 'e2e4 e7e5 g1f3 b8c6 f1b5 a7a6 b5a4 g8f6 e1g1 f8e7'],
  ['Sicilian, Najdorf', 'e2e4 c7c5 g1f3 d7d6 d2d4 c5d4 f3d4 g8f6 b1c3 a7a6'],
  ['Queen\'s Gambit Declined', 'd2d4 d7d5 c2c4 e7e6 b1c3 g8f6 c1g5 f8e7'],
  ['King\'s Indian', 'd2d4 g8f6 c2c4 g7g6 b1c3 f8g7 e2e4 d7d6 g1f3 e8g8'],
  ['French, Classical', 'e2e4 e7e6 d2d4 d7d5 b1c3 g8f6 c1g5 f8e7'],
  ['Caro-Kann, Advance', 'e2e4 c7c6 d2d4 d7d5 e4e5 c8f5 g1f3 e7e6'],
  ['English, Four Knights', 'c2c4 e7e5 b1c3 g8f6 g1f3 b8c6 g2g3 d7d5'],
  ['Reti', 'g1f3 d7d5 g2g3 g8f6 f1g2 e7e6 e1g1 f8e7'],
  ['Queen\'s Indian', 'd2d4 g8f6 c2c4 e7e6 g1f3 b7b6 g2g3 c8b7'],
  ['Petroff', 'e2e4 e7e5 g1f3 g8f6 f3e5 d7d6 e5f3 f6e4 d2d4 d6d5'],
  ['Slav', 'd2d4 d7d5 c2c4 c7c6 g1f3 g8f6 b1c3 d5c4 a2a4 c8f5'],
  ['Italian, Giuoco Pianissimo', 'e2e4 e7e5 g1f3 b8c6 f1c4 f8c5 c2c3 g8f6 d2d3 d7d6'],
  ['Sicilian, Dragon', 'e2e4 c7c5 g1f3 d7d6 d2d4 c5d4 f3d4 g8f6 b1c3 g7g6'],
  ['Sicilian, Scheveningen', 'e2e4 c7c5 g1f3 e7e6 d2d4 c5d4 f3d4 g8f6 b1c3 d7d6'],
  ['Sicilian, Taimanov', 'e2e4 c7c5 g1f3 e7e6 d2d4 c5d4 f3d4 b8c6 b1c3 d8c7'],
  ['Sicilian, Alapin', 'e2e4 c7c5 c2c3 g8f6 e4e5 f6d5 d2d4 c5d4'],
  ['Nimzo-Indian, Rubinstein', 'd2d4 g8f6 c2c4 e7e6 b1c3 f8b4 e2e3 e8g8'],
  ['Gruenfeld, Exchange', 'd2d4 g8f6 c2c4 g7g6 b1c3 d7d5 c4d5 f6d5 e2e4 d5c3 b2c3 f8g7'],
  ['Catalan', 'd2d4 g8f6 c2c4 e7e6 g2g3 d7d5 f1g2 f8e7 g1f3 e8g8'],
  ['Dutch, Leningrad', 'd2d4 f7f5 g2g3 g8f6 f1g2 g7g6 g1f3 f8g7 e1g1 e8g8'],
  ['Modern Benoni', 'd2d4 g8f6 c2c4 c7c5 d4d5 e7e6 b1c3 e6d5 c4d5 d7d6'],
  ['Queen\'s Gambit Accepted', 'd2d4 d7d5 c2c4 d5c4 g1f3 g8f6 e2e3 e7e6 f1c4 c7c5'],
  ['London', 'd2d4 d7d5 c1f4 g8f6 e2e3 e7e6 g1f3 c7c5 c2c3 b8c6'],
  ['Scotch', 'e2e4 e7e5 g1f3 b8c6 d2d4 e5d4 f3d4 g8f6 d4c6 b7c6'],
  ['Vienna', 'e2e4 e7e5 b1c3 g8f6 g2g3 d7d5 e4d5 f6d5 f1g2 d5c3 b2c3'],
  ['Pirc, Classical', 'e2e4 d7d6 d2d4 g8f6 b1c3 g7g6 g1f3 f8g7 f1e2 e8g8'],
  ['Alekhine, Modern', 'e2e4 g8f6 e4e5 f6d5 d2d4 d7d6 g1f3 c8g4'],
  ['Scandinavian', 'e2e4 d7d5 e4d5 d8d5 b1c3 d5a5 d2d4 g8f6 g1f3 c7c6'],
  ['Two Knights, Modern', 'e2e4 e7e5 g1f3 b8c6 f1c4 g8f6 d2d3 f8e7 e1g1 e8g8'],
  ['Ruy Lopez, Berlin', 'e2e4 e7e5 g1f3 b8c6 f1b5 g8f6 e1g1 f6e4 d2d4 e4d6 b5c6 d7c6 d4e5 d6f5'],
  ['Semi-Slav', 'd2d4 d7d5 c2c4 c7c6 g1f3 g8f6 b1c3 e7e6 e2e3 b8d7'],
  ['Tarrasch', 'd2d4 d7d5 c2c4 e7e6 b1c3 c7c5 c4d5 e6d5 g1f3 b8c6'],
  ['English, Symmetrical', 'c2c4 c7c5 b1c3 b8c6 g2g3 g7g6 f1g2 f8g7 g1f3 g8f6'],
  ['King\'s Indian Attack', 'g1f3 d7d5 g2g3 g8f6 f1g2 c7c5 e1g1 b8c6 d2d3 e7e6'],
  ['Caro-Kann, Classical', 'e2e4 c7c6 d2d4 d7d5 b1c3 d5e4 c3e4 c8f5 e4g3 f5g6'],
  ['French, Tarrasch', 'e2e4 e7e6 d2d4 d7d5 b1d2 g8f6 e4e5 f6d7 f1d3 c7c5 c2c3 b8c6'],
];

function parseArgs(argv) {
  const o = { games: 24, elo: [1320, 1600, 2000], tc: '10+0.1', graceMs: 500, engine: 'auto', self: true, out: null, hash: 16, jobs: 1, part: null,
    opponent: 'npm', movetimeMs: 0, skill: undefined, ourElo: undefined, vsSkill: undefined };
  let selfSet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--games') o.games = Math.max(2, Number(v()));
    else if (a === '--elo') { const e = v(); o.elo = e === 'none' ? [] : e.split(',').map(Number); }
    else if (a === '--tc') o.tc = v();
    else if (a === '--engine') o.engine = v();
    else if (a === '--no-self') { o.self = false; selfSet = true; }
    else if (a === '--opponent') o.opponent = v();
    else if (a === '--movetime') o.movetimeMs = Number(v());
    else if (a === '--skill') o.skill = Number(v());
    else if (a === '--our-elo') o.ourElo = Number(v());
    else if (a === '--threads') o.threads = Math.max(1, Number(v()) | 0);
    else if (a === '--net') o.net = resolve(v());
    else if (a === '--vs-skill') o.vsSkill = Number(v());
    else if (a === '--grace') o.graceMs = Number(v());
    else if (a === '--out') o.out = v();
    else if (a === '--jobs') o.jobs = Math.max(1, Number(v()) | 0);
    else if (a === '--part') { const [k, n] = v().split('/').map(Number); o.part = { k, n }; }
    else if (a === '--help' || a === '-h') {
      console.log('usage: node perf/match.mjs [--games N] [--elo 1320,1600,2000] [--tc base+inc seconds] [--movetime ms] [--engine auto|native|wasm] [--opponent npm|debian] [--skill N | --our-elo N] [--threads N] [--net FILE] [--vs-skill M] [--no-self] [--grace ms] [--jobs N] [--out file.json]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (o.net !== undefined && o.engine !== 'native') throw new Error('--net needs --engine native (wasmforge-uci --net)');
  if (o.net !== undefined && !existsSync(o.net)) throw new Error(`--net: ${o.net} not found`);
  if (!['npm', 'debian'].includes(o.opponent)) throw new Error(`--opponent must be npm or debian, got ${o.opponent}`);
  // a weakened engine is not compared with itself unless asked
  if (!selfSet && (o.skill !== undefined || o.ourElo !== undefined || o.vsSkill !== undefined)) o.self = false;
  if (o.vsSkill !== undefined) o.elo = [];
  const [base, inc] = o.tc.split('+').map(Number);
  o.baseMs = base * 1000;
  o.incMs = (inc || 0) * 1000;
  return o;
}

const started = Date.now();
function progress(text) {
  const line = `[match ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${text}`;
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
  else process.stderr.write(`${line}\n`);
}

/** Our engine as a UCI engine: the Wasm build via web/chess.js if it offers one, else null. */
async function ourWasmEngine() {
  if (!existsSync(join(REPO, 'web/chess.js'))) return { engine: null, reason: 'web/chess.js does not exist yet' };
  let mod;
  try { mod = await import(join(REPO, 'web/chess.js')); } catch (e) { return { engine: null, reason: `web/chess.js: ${e.message}` }; }
  // Accept an engine factory with a UCI text interface: createEngine() -> {send(line), onLine/listener, ...}.
  const factory = mod.createUciEngine || mod.createEngine;
  if (typeof factory !== 'function') return { engine: null, reason: `web/chess.js has no UCI engine factory (exports: ${Object.keys(mod).join(', ')})` };
  try {
    const e = await factory({ backend: 'wasm' });
    const lines = [];
    const waiters = [];
    const push = (line) => {
      lines.push(line);
      for (let i = 0; i < waiters.length; i++) if (waiters[i].re.test(line)) { clearTimeout(waiters[i].t); waiters.splice(i, 1)[0].resolve(line); i--; }
    };
    if (typeof e.onLine === 'function') e.onLine(push); else e.listener = push;
    return {
      engine: {
        name: `wasmforge (${e.backend || 'Wasm'}, web/chess.js)`,
        send: (cmd) => (e.send || e.postMessage || e.command).call(e, cmd),
        waitFor: (re, ms = 60000) => new Promise((resolve, reject) => {
          const w = { re, resolve };
          w.t = setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); reject(new Error(`timed out waiting for ${re}`)); }, ms);
          waiters.push(w);
        }),
        get log() { return lines; },
        close: async () => { if (e.terminate) await e.terminate(); },
      },
    };
  } catch (err) {
    return { engine: null, reason: `web/chess.js engine failed to start: ${err.message}` };
  }
}

async function makeOurs(kind, net) {
  if (kind !== 'native') {
    const w = await ourWasmEngine();
    if (w.engine) return w.engine;
    if (kind === 'wasm') throw new Error(w.reason);
    progress(`our Wasm engine unavailable (${w.reason}); using the native build`);
  }
  if (!existsSync(NATIVE_UCI)) throw new Error(`${NATIVE_UCI} not built (npm run build)`);
  if (net === undefined) return processEngine(NATIVE_UCI, [], 'wasmforge (native build)');
  return processEngine(NATIVE_UCI, ['--net', net], `wasmforge (native build, net ${basename(net)})`);
}

/** Score of the last "info ... score" line in the engine's log since index `from`, from the mover's view (cp; mate = ±100000). */
function lastScore(log, from) {
  for (let i = log.length - 1; i >= from; i--) {
    const m = /\bscore (cp|mate) (-?\d+)/.exec(log[i]);
    if (m) return m[1] === 'cp' ? Number(m[2]) : (Number(m[2]) > 0 ? 100000 : -100000);
  }
  return null;
}

/** Plays one game; white and black are engines. Returns {result: '1-0'|'0-1'|'1/2-1/2', reason, plies, moves}. */
async function playGame(white, black, opening, opts) {
  const chess = new Chess();
  const moves = [];
  for (const uci of opening.split(' ')) {
    chess.move({ from: uci.slice(0, 2), to: uci.slice(2, 4), promotion: uci[4] });
    moves.push(uci);
  }
  const clock = { w: opts.baseMs, b: opts.baseMs };
  const engines = { w: white, b: black };
  for (const e of [white, black]) { e.send('ucinewgame'); e.send('isready'); await e.waitFor(/^readyok/, 30000); }
  const whiteView = []; // scores from White's point of view, per ply, from the engine that moved
  let decided = 0;
  let quiet = 0;
  for (;;) {
    if (chess.isCheckmate()) return { result: chess.turn() === 'w' ? '0-1' : '1-0', reason: 'checkmate', moves };
    if (chess.isStalemate()) return { result: '1/2-1/2', reason: 'stalemate', moves };
    if (chess.isInsufficientMaterial()) return { result: '1/2-1/2', reason: 'insufficient material', moves };
    if (chess.isThreefoldRepetition()) return { result: '1/2-1/2', reason: 'threefold repetition', moves };
    if (chess.isDrawByFiftyMoves()) return { result: '1/2-1/2', reason: '50-move rule', moves };
    if (moves.length >= 300) return { result: '1/2-1/2', reason: 'ply limit (adjudicated)', moves };
    const side = chess.turn();
    const e = engines[side];
    const from = e.log.length;
    e.send(`position startpos moves ${moves.join(' ')}`);
    const t0 = performance.now();
    if (opts.movetimeMs) e.send(`go movetime ${opts.movetimeMs}`);
    else e.send(`go wtime ${Math.max(1, Math.round(clock.w))} btime ${Math.max(1, Math.round(clock.b))} winc ${opts.incMs} binc ${opts.incMs}`);
    let line;
    try {
      line = await e.waitFor(/^bestmove/, (opts.movetimeMs ? opts.movetimeMs * 20 : clock[side]) + 5000);
    } catch {
      return { result: side === 'w' ? '0-1' : '1-0', reason: `${e.name} did not answer (lost on time)`, moves };
    }
    const used = performance.now() - t0;
    clock[side] -= used;
    if (!opts.movetimeMs && clock[side] < -opts.graceMs) return { result: side === 'w' ? '0-1' : '1-0', reason: `${e.name} lost on time`, moves };
    clock[side] += opts.incMs;
    const uci = line.split(/\s+/)[1];
    let ok = null;
    try { ok = chess.move({ from: uci.slice(0, 2), to: uci.slice(2, 4), promotion: uci[4] }); } catch { ok = null; }
    if (!ok) return { result: side === 'w' ? '0-1' : '1-0', reason: `${e.name} played an illegal move ${uci}`, moves };
    moves.push(uci);
    const s = lastScore(e.log, from);
    whiteView.push(s === null ? null : side === 'w' ? s : -s);
    // Adjudication on the last 4 plies (both engines' views agree).
    const last = whiteView.slice(-4);
    if (last.length === 4 && last.every((v) => v !== null && v >= 1000)) decided = 1;
    else if (last.length === 4 && last.every((v) => v !== null && v <= -1000)) decided = -1;
    if (decided) return { result: decided > 0 ? '1-0' : '0-1', reason: 'adjudicated (score beyond ±1000 cp for 4 plies)', moves };
    quiet = s !== null && Math.abs(s) <= 10 ? quiet + 1 : 0;
    if (moves.length >= 80 && quiet >= 20) return { result: '1/2-1/2', reason: 'adjudicated draw (|score| <= 10 cp for 20 plies)', moves };
  }
}

/** Elo difference for a score fraction, with a 95% interval from the per-game variance. */
export function eloEstimate(w, d, l) {
  const n = w + d + l;
  const s = (w + d / 2) / n;
  const variance = (w * (1 - s) ** 2 + d * (0.5 - s) ** 2 + l * (0 - s) ** 2) / n;
  const se = Math.sqrt(variance / n);
  const elo = (p) => {
    const q = Math.min(Math.max(p, 0.5 / n), 1 - 0.5 / n); // keep finite at 0% and 100%
    return -400 * Math.log10(1 / q - 1);
  };
  if (s === 1 || s === 0) {
    // All games won (lost): the normal interval collapses; use the one-sided exact
    // binomial bound (all n wins happen with probability >= 5% only if p >= 0.05^(1/n)).
    const bound = 0.05 ** (1 / n);
    return s === 1
      ? { score: s, elo: elo(s), low: elo(bound), high: Infinity, clamped: true }
      : { score: s, elo: elo(s), low: -Infinity, high: elo(1 - bound), clamped: true };
  }
  return { score: s, elo: elo(s), low: elo(s - 1.96 * se), high: elo(s + 1.96 * se), clamped: false };
}

async function playMatch(makeA, makeB, label, opts) {
  const a = await makeA();
  const b = await makeB();
  const games = [];
  let w = 0;
  let d = 0;
  let l = 0;
  try {
    for (let g = 0; g < opts.games; g++) {
      if (opts.part && g % opts.part.n !== opts.part.k) continue; // another --jobs process plays it
      const [name, line] = OPENINGS[Math.floor(g / 2) % OPENINGS.length];
      const aWhite = g % 2 === 0;
      progress(`${label}: game ${g + 1}/${opts.games} (${name}, ours ${aWhite ? 'white' : 'black'}) — +${w} =${d} -${l}`);
      for (const e of [a, b]) if (e.seeded) e.send(`setoption name Skill Seed value ${g + 1}`);
      const r = await playGame(aWhite ? a : b, aWhite ? b : a, line, opts);
      const aScore = r.result === '1/2-1/2' ? 0.5 : (r.result === '1-0') === aWhite ? 1 : 0;
      if (aScore === 1) w++; else if (aScore === 0) l++; else d++;
      games.push({ game: g, opening: name, ours: aWhite ? 'white' : 'black', score: aScore, result: r.result, reason: r.reason, plies: r.moves.length, moves: r.moves.join(' ') });
    }
  } finally {
    await a.close();
    await b.close();
  }
  return matchSummary({ label, a: a.name, b: b.name }, games);
}

/** A match record from its games: the score of `a` and the Elo estimate. */
function matchSummary(head, games) {
  const count = (x) => games.filter((g) => g.score === x).length;
  const w = count(1);
  const d = count(0.5);
  const l = count(0);
  return { ...head, wins: w, draws: d, losses: l, ...eloEstimate(w, d, l), games: games.sort((x, y) => x.game - y.game) };
}

/**
 * Runs the matches in child processes (this script with --part k/N and one
 * match each): the npm stockfish engine can be set up only once per process,
 * so every Elo level gets its own processes; with --jobs N, N of them at a
 * time, each playing every N-th game of the match. Their games are merged here.
 */
async function runJobs(opts) {
  const { spawn } = await import('node:child_process');
  const argv = process.argv.slice(2);
  const keep = [];
  for (let i = 0; i < argv.length; i++) {
    if (['--jobs', '--out', '--part', '--elo'].includes(argv[i])) i++;
    else if (argv[i] !== '--no-self') keep.push(argv[i]);
  }
  const runParts = (args) => Promise.all(Array.from({ length: opts.jobs }, (_, k) => new Promise((resolve, reject) => {
    const out = join(tmpdir(), `wasmforge-match-${process.pid}-${k}.json`);
    const child = spawn(process.execPath, [process.argv[1], ...keep, ...args, '--part', `${k}/${opts.jobs}`, '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(readFileSync(out, 'utf8'))) : reject(new Error(`match job ${k} exited with ${code}`))));
  })));
  const runs = opts.elo.map((elo) => ['--elo', String(elo), '--no-self']);
  if (opts.vsSkill !== undefined) runs.push(['--elo', 'none', '--no-self']);
  if (opts.self) runs.push(['--elo', 'none']);
  let results = null;
  for (const args of runs) {
    const parts = await runParts(args);
    if (!results) {
      results = { ...parts[0], jobs: opts.jobs, matches: [] };
      delete results.part;
    }
    if (parts[0].self_match_skipped) results.self_match_skipped = parts[0].self_match_skipped;
    parts[0].matches.forEach((m0, i) => {
      const m = matchSummary({ label: m0.label, a: m0.a, b: m0.b }, parts.flatMap((p) => p.matches[i].games));
      if (m0.opponent_elo !== undefined) {
        m.opponent_elo = m0.opponent_elo;
        m.estimated_elo = { value: m0.opponent_elo + m.elo, low: m0.opponent_elo + m.low, high: m0.opponent_elo + m.high };
      }
      results.matches.push(m);
    });
  }
  return results;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const inChildren = !opts.part && (opts.jobs > 1 || opts.elo.length + (opts.self ? 1 : 0) + (opts.vsSkill !== undefined ? 1 : 0) > 1);
  const results = inChildren ? await runJobs(opts) : await runMatches(opts);
  report(results, opts);
  process.exit(0);
}

/** Plays every match of the run (or this --part of it). */
async function runMatches(opts) {
  const results = { date: new Date().toISOString(), tc: opts.movetimeMs ? `movetime ${opts.movetimeMs} ms` : opts.tc, games_per_match: opts.games, part: opts.part,
    opponent: opts.opponent, our_level: ourLevel(opts), openings: OPENINGS, matches: [] };
  const ours = async (level = ourLevelOptions(opts)) => {
    const e = await makeOurs(opts.engine, opts.net);
    await handshake(e, { Hash: opts.hash, ...level });
    if (Object.keys(level).length) {
      e.seeded = true;
      e.name += ` at ${Object.entries(level).filter(([k]) => k !== 'UCI_LimitStrength').map(([k, v]) => `${k} ${v}`).join(', ')}`;
    }
    return e;
  };
  if (opts.vsSkill !== undefined) {
    const m = await playMatch(ours, () => ours({ 'Skill Level': opts.vsSkill }), `vs our Skill Level ${opts.vsSkill}`, opts);
    results.matches.push(m);
  }
  for (const elo of opts.elo) {
    const sfOptions = { UCI_LimitStrength: 'true', UCI_Elo: elo, Hash: opts.hash, Threads: 1 };
    const debian = opts.opponent === 'debian';
    const m = await playMatch(
      ours,
      async () => {
        const e = debian ? await processEngine(DEBIAN_STOCKFISH, [], 'Stockfish 15.1 (Debian)') : await stockfishJs('lite-single');
        await handshake(e, sfOptions);
        e.name = debian ? `Stockfish 15.1 (Debian, UCI_Elo ${elo})` : `Stockfish 19 lite (UCI_Elo ${elo})`;
        return e;
      },
      `vs ${opts.opponent === 'debian' ? 'Debian Stockfish 15.1' : 'Stockfish'} UCI_Elo ${elo}`, opts);
    m.opponent_elo = elo;
    m.estimated_elo = { value: elo + m.elo, low: elo + m.low, high: elo + m.high };
    results.matches.push(m);
  }
  if (opts.self) {
    const w = await ourWasmEngine();
    if (w.engine && existsSync(NATIVE_UCI)) {
      await w.engine.close();
      const m = await playMatch(
        async () => { const e = await processEngine(NATIVE_UCI, [], 'wasmforge (native build)'); await handshake(e, { Hash: opts.hash }); return e; },
        async () => { const e = (await ourWasmEngine()).engine; await handshake(e, { Hash: opts.hash }); return e; },
        'native build vs Wasm build', opts);
      results.matches.push(m);
    } else {
      results.self_match_skipped = w.reason || `${NATIVE_UCI} not built`;
    }
  }
  return results;
}

/** Prints the summary and writes the JSON (a --part child: only the JSON). */
function report(results, opts) {
  if (opts.part) {
    writeFileSync(opts.out, JSON.stringify(results));
    return;
  }
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  console.log(`match: ${opts.movetimeMs ? `${opts.movetimeMs} ms per move` : `time control ${opts.tc} s per game`}, ${opts.games} games per match (${OPENINGS.length} openings, both colours)` +
    (opts.jobs > 1 ? `, ${opts.jobs} games at a time` : ''));
  for (const m of results.matches) {
    const range = (lo, hi) => (hi === Infinity ? `at least ${lo.toFixed(0)}` : lo === -Infinity ? `at most ${hi.toFixed(0)}` : `${lo.toFixed(0)} to ${hi.toFixed(0)}`);
    console.log(`${m.a} vs ${m.b}: +${m.wins} =${m.draws} -${m.losses}, score ${(m.score * 100).toFixed(1)}%, ` +
      (m.clamped ? `Elo difference ${range(m.low, m.high)} (95%, one-sided: every game ${m.score === 1 ? 'won' : 'lost'})`
        : `Elo difference ${m.elo.toFixed(0)} (95%: ${range(m.low, m.high)})`) +
      (m.estimated_elo ? `; our Elo ${m.clamped ? range(m.estimated_elo.low, m.estimated_elo.high) : `${m.estimated_elo.value.toFixed(0)} (95%: ${range(m.estimated_elo.low, m.estimated_elo.high)})`} on Stockfish's UCI_Elo scale` : ''));
    const reasons = {};
    for (const g of m.games) reasons[g.reason] = (reasons[g.reason] || 0) + 1;
    console.log(`  endings: ${Object.entries(reasons).map(([k, v]) => `${k} ×${v}`).join(', ')}`);
  }
  if (results.self_match_skipped) console.log(`native vs Wasm: skipped (${results.self_match_skipped})`);
  const dir = join(REPO, 'perf/results');
  mkdirSync(dir, { recursive: true });
  const out = opts.out || join(dir, `match-${results.date.replace(/[:]/g, '-').replace(/\..*/, '')}.json`);
  writeFileSync(out, JSON.stringify(results, null, 1));
  console.log(`results: ${out}`);
}

const isMain = /(^|\/)match\.mjs$/.test(process.argv[1] || '');
if (isMain) main().catch((e) => { console.error(e && e.stack || e); process.exit(2); });
