// SPDX-License-Identifier: MIT
// chess-nnue.test.js: the neural evaluation of wasmforge/chess on every
// backend, with a pseudo-random network made here (the build may embed
// none; the generator is the one of tests/c/chess/test_chess_nnue.c):
// the static evaluations of 120 positions and fixed-depth searches are the
// same on wasm-simd (the SIMD128 path), wasm (the scalar path) and wasm2js,
// and the evaluations equal the native build's (wasmforge-uci --net).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chess from '../../web/chess.js';
import { WasmforgeError } from '../../web/errors.js';
import { REPO_ROOT, backendsFor } from './support.js';

const BACKENDS = backendsFor('chess');

/** A network file: hidden size h, weights from xorshift32(seed) in the quantised ranges. */
function randomNet(h, seed) {
  const n = 12 + 2 * (768 * h + 3 * h) + 4;
  const bytes = new Uint8Array(n);
  const view = new DataView(bytes.buffer);
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
  bytes.set([0x57, 0x46, 0x4e, 0x4e, 1, 0, 0, 0], 0);
  view.setUint32(8, h, true);
  let p = 12;
  for (let i = 0; i < 768 * h; i++, p += 2) view.setInt16(p, (next() % 161) - 80, true);
  for (let i = 0; i < h; i++, p += 2) view.setInt16(p, (next() % 201) - 40, true);
  for (let i = 0; i < 2 * h; i++, p += 2) view.setInt16(p, (next() % 255) - 127, true);
  view.setInt32(p, (next() % 20001) - 10000, true);
  return bytes;
}

// 120 positions: 'position' commands along 4 pseudo-random games of 30 plies (legal moves from
// the core itself, so every backend sees the same list).
function positions() {
  const list = [];
  let x = 12345;
  const starts = ['startpos', 'fen r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1',
    'fen r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1', 'fen 8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1'];
  for (const start of starts) {
    const fen = start === 'startpos' ? 'startpos' : start.slice(4);
    const moves = [];
    for (let ply = 0; ply < 30; ply++) {
      list.push(`position ${start}${moves.length ? ' moves ' + moves.join(' ') : ''}`);
      const legal = chess.legalMoves(fen, moves);
      if (!legal.length) break;
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      moves.push(legal.sort()[(x >>> 8) % legal.length]);
    }
  }
  return list;
}

const NETS = [{ h: 32, seed: 32 }, { h: 128, seed: 5 }, { h: 256, seed: 256 }];
const SEARCHES = [{ pos: 'position startpos', go: 'go depth 6' },
  { pos: 'position fen r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1', go: 'go depth 5' }];
const results = new Map(); // backend -> { evals, searches }
let POSITIONS = null;

function evalLine(lines) {
  const l = lines.find((s) => s.startsWith('info string eval '));
  assert.ok(l, lines.join('\n'));
  return l.slice('info string eval '.length);
}

for (const backend of BACKENDS) {
  describe(`wasmforge/chess neural evaluation on ${backend}`, () => {
    let ctx;
    before(async () => {
      assert.equal(await chess.init({ backend }), backend);
      POSITIONS ??= positions();
      ctx = new chess.ChessContext();
    });
    after(() => ctx.free());

    it('is off by default; malformed networks are refused', () => {
      assert.match(evalLine(ctx.command('eval', 0)), / classical$/);
      assert.ok(ctx.command('uci', 0).includes('option name Use NNUE type check default false'));
      const bad = randomNet(32, 1);
      bad[0] = 0;
      assert.throws(() => ctx.setNet(bad), (e) => e instanceof WasmforgeError && e.code === 'INVALID_ARGUMENT');
      assert.throws(() => ctx.setNet(randomNet(32, 1).subarray(1)), (e) => e.code === 'INVALID_ARGUMENT');
      assert.throws(() => ctx.setNet('net'), (e) => e.code === 'INVALID_ARGUMENT');
    });

    it('evaluates and searches with random networks of 32, 128 and 256 units', () => {
      const evals = [];
      const searches = [];
      for (const { h, seed } of NETS) {
        ctx.setNet(randomNet(h, seed));
        ctx.command('setoption name Use NNUE value true', 0);
        assert.equal(ctx.lastStatus, 0);
        for (const p of POSITIONS) {
          ctx.command(p, 0);
          const v = evalLine(ctx.command('eval', 0));
          assert.match(v, /^-?\d+ nnue$/);
          evals.push(v);
        }
        for (const s of SEARCHES) {
          ctx.command('ucinewgame', 0);
          ctx.command(s.pos, 0);
          const lines = ctx.command(s.go, 0);
          for (;;) {
            const r = ctx.slice(3000, 0);
            lines.push(...r.lines);
            if (!r.running) break;
          }
          searches.push(lines.filter((l) => l.startsWith('info depth') || l.startsWith('bestmove'))
            .map((l) => l.replace(/ (nps|time) \d+/g, '')));
        }
      }
      // a varied evaluation, not a constant
      assert.ok(new Set(evals).size > POSITIONS.length, 'distinct evaluations');
      ctx.command('setoption name Use NNUE value false', 0);
      assert.match(evalLine(ctx.command('eval', 0)), / classical$/);
      ctx.setNet(null);
      results.set(backend, { evals, searches });
    });
  });
}

describe('wasmforge/chess neural evaluation across backends', () => {
  it('wasm-simd, wasm and wasm2js give identical evaluations and searches', (t) => {
    const entries = [...results.entries()];
    if (entries.length < 2) return t.skip('only one backend ran');
    for (const [name, r] of entries.slice(1)) {
      assert.deepEqual(r.evals, entries[0][1].evals, `${name} vs ${entries[0][0]}: evaluations`);
      assert.deepEqual(r.searches, entries[0][1].searches, `${name} vs ${entries[0][0]}: searches`);
    }
  });

  it('the native build gives the same evaluations', (t) => {
    const uci = join(REPO_ROOT, 'build/native/core/chess/wasmforge-uci');
    const entries = [...results.values()];
    if (!existsSync(uci)) return t.skip('no native build');
    if (!entries.length) return t.skip('no backend ran');
    const dir = mkdtempSync(join(tmpdir(), 'wf-nnue-'));
    try {
      const native = [];
      NETS.forEach(({ h, seed }, i) => {
        const file = join(dir, `net${i}.nnue`);
        writeFileSync(file, randomNet(h, seed));
        const input = POSITIONS.map((p) => `${p}\neval\n`).join('') + 'quit\n';
        const r = spawnSync(uci, ['--net', file], { input, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        native.push(...r.stdout.split('\n').filter((l) => l.startsWith('info string eval '))
          .map((l) => l.slice('info string eval '.length)));
      });
      assert.deepEqual(native, entries[0].evals);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
