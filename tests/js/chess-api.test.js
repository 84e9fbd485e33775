// SPDX-License-Identifier: MIT
// chess-api.test.js: the promise API of the Worker engine (engine.analyse,
// stop, perft, newGame, setOption, terminate), once per backend: fixed-depth
// results that must be identical on every backend, MultiPV, onInfo order,
// stop and AbortSignal, perft per move, coded errors, the raw UCI channel
// beside the API, and create/terminate loops that leave nothing behind.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as chess from '../../web/chess.js';
import { WasmforgeError } from '../../web/errors.js';
import { backendsFor } from './support.js';

const BACKENDS = backendsFor('chess');
const KIWIPETE = 'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1';
const SLICE = 3000; // a fixed slice size makes node counts reproducible across backends

const fixedResults = new Map();
const stopLatencies = new Map();
const levelResults = new Map();

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const coded = (code) => (e) => e instanceof WasmforgeError && e.code === code;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A line's PV must be legal from the position: sanMoves stops at the first illegal move.
function assertLegalLine(fen, line) {
  assert.ok(line.pv.length >= 1);
  assert.deepEqual(chess.sanMoves(fen, line.pv), line.pvSan, `${line.pv.join(' ')} from ${fen}`);
}

for (const backend of BACKENDS) {
  describe(`wasmforge/chess engine API on ${backend}`, () => {
    let engine;
    before(async () => {
      await chess.init({ backend });
      engine = await chess.createEngine({ backend, sliceNodes: SLICE });
    });
    after(() => engine && engine.terminate());

    it('analyse at a fixed depth: a full result, recorded to compare across backends', async () => {
      await engine.newGame();
      const r = await engine.analyse(KIWIPETE, { depth: 6 });
      assert.equal(r.stopped, false);
      assert.equal(r.depth, 6);
      assert.ok(chess.legalMoves(KIWIPETE).includes(r.bestmove), r.bestmove);
      assert.equal(r.bestmoveSan, chess.toSan(KIWIPETE, r.bestmove));
      assert.equal(r.pv[0], r.bestmove);
      assert.equal(typeof r.score.cp, 'number');
      assert.deepEqual(r.whiteScore, r.score); // White to move
      assert.ok(r.nodes > 0 && r.seldepth >= r.depth && r.hashfull >= 0 && r.timeMs >= 0 && r.nps >= 0);
      assert.equal(r.lines.length, 1);
      assertLegalLine(KIWIPETE, r.lines[0]);
      // Black to move: whiteScore is the negated score
      const b = await engine.analyse({ fen: 'startpos', moves: ['e4'] }, { depth: 4 });
      const neg = b.score.cp !== undefined ? { cp: b.score.cp === 0 ? 0 : -b.score.cp } : { mate: -b.score.mate };
      assert.deepEqual(b.whiteScore, neg);
      await engine.newGame();
      const again = await engine.analyse(KIWIPETE, { depth: 6 });
      assert.deepEqual([again.bestmove, again.score, again.nodes], [r.bestmove, r.score, r.nodes], 'repeatable after newGame');
      fixedResults.set(backend, { bestmove: r.bestmove, score: r.score, nodes: r.nodes, pv: r.pv });
    });

    it('MultiPV 3 gives three distinct legal lines, onInfo one object per depth in order', async () => {
      const infos = [];
      const r = await engine.analyse('startpos', { depth: 5, multiPV: 3, onInfo: (i) => infos.push(i) });
      assert.equal(r.lines.length, 3);
      assert.equal(new Set(r.lines.map((l) => l.pv[0])).size, 3, 'three different first moves');
      r.lines.forEach((l, i) => {
        assert.equal(l.multipv, i + 1);
        assert.equal(l.depth, 5);
        assertLegalLine(chess.START_FEN, l);
      });
      assert.deepEqual(infos.map((i) => i.depth), [1, 2, 3, 4, 5]);
      for (const i of infos) {
        assert.equal(i.lines.length, 3, `depth ${i.depth} complete`);
        assert.ok(i.lines.every((l) => l.depth === i.depth));
      }
      assert.deepEqual(infos.at(-1).lines, r.lines);
      // the MultiPV of one analysis does not stick
      const single = await engine.analyse('startpos', { depth: 3 });
      assert.equal(single.lines.length, 1);
      // fewer legal moves than lines: one line per legal move
      const few = await engine.analyse('7k/8/8/8/8/8/8/K7 w - - 0 1', { depth: 2, multiPV: 5 });
      assert.equal(few.lines.length, 3);
    });

    it('stop during an infinite analysis resolves promptly (stopped: true)', async () => {
      // adaptive slices, as an application gets them
      const e = await chess.createEngine({ backend });
      try {
        const latencies = [];
        for (let i = 0; i < 5; i++) {
          const infos = [];
          const p = e.analyse({ fen: KIWIPETE }, { infinite: true, onInfo: (x) => infos.push(x) });
          await new Promise((r) => setTimeout(r, 150 + 50 * i));
          const t0 = performance.now();
          await e.stop();
          latencies.push(performance.now() - t0);
          const r = await p;
          assert.equal(r.stopped, true);
          assert.ok(chess.legalMoves(KIWIPETE).includes(r.bestmove), r.bestmove);
        }
        stopLatencies.set(backend, latencies);
        // 100 ms is the goal (the figures go to the report); single runs on a shared machine vary
        assert.ok(median(latencies) < 100, `stop latencies ${latencies.map((x) => x.toFixed(1)).join(', ')} ms`);
        assert.ok(Math.max(...latencies) < 1000, `stop latencies ${latencies.map((x) => x.toFixed(1)).join(', ')} ms`);
        // stop with nothing running resolves at once
        await e.stop();
      } finally {
        await e.terminate();
      }
    });

    it('an AbortSignal stops the analysis; an aborted one is refused', async () => {
      const ac = new AbortController();
      const p = engine.analyse('startpos', { infinite: true, signal: ac.signal });
      setTimeout(() => ac.abort(), 100);
      const r = await p;
      assert.equal(r.stopped, true);
      assert.ok(chess.legalMoves().includes(r.bestmove));
      await assert.rejects(engine.analyse('startpos', { depth: 3, signal: ac.signal }), coded('ABORTED'));
      // aborting after the end changes nothing for the next analysis
      const ac2 = new AbortController();
      await engine.analyse('startpos', { depth: 2, signal: ac2.signal });
      const next = engine.analyse('startpos', { depth: 4 });
      ac2.abort();
      assert.equal((await next).stopped, false);
    });

    it('a new analyse (or perft) stops the running one first', async () => {
      const first = engine.analyse('startpos', { infinite: true });
      const second = engine.analyse(KIWIPETE, { depth: 3 });
      const a = await first;
      const b = await second;
      assert.equal(a.stopped, true);
      assert.equal(b.stopped, false);
      assert.ok(chess.legalMoves(KIWIPETE).includes(b.bestmove));
      const third = engine.analyse('startpos', { infinite: true });
      const p = await engine.perft('startpos', 2);
      assert.equal((await third).stopped, true);
      assert.equal(p.nodes, 400);
    });

    it('perft: per-move counts add up to the total', async () => {
      const r = await engine.perft(KIWIPETE, 3);
      assert.equal(r.nodes, 97862);
      assert.equal(Object.keys(r.moves).length, 48);
      assert.equal(Object.values(r.moves).reduce((a, b) => a + b, 0), r.nodes);
      assert.deepEqual(Object.keys(r.moves).sort(), chess.legalMoves(KIWIPETE).sort());
      assert.equal(r.stopped, false);
      assert.ok(r.timeMs >= 0);
      const p0 = await engine.perft({ fen: 'startpos', moves: ['e4', 'e5'] }, 1);
      assert.equal(p0.nodes, 29);
      assert.equal((await engine.perft('startpos', 0)).nodes, 1);
    });

    it('positions that end the game: mate, stalemate', async () => {
      const mated = await engine.analyse({ fen: 'startpos', moves: ['f3', 'e5', 'g4', 'Qh4#'] }, { depth: 3 });
      assert.equal(mated.bestmove, null);
      assert.deepEqual(mated.score, { mate: 0 });
      const stale = await engine.analyse('7k/5Q2/6K1/8/8/8/8/8 b - - 0 1', { depth: 3 });
      assert.equal(stale.bestmove, null);
      assert.deepEqual(stale.score, { cp: 0 });
      const mateIn1 = await engine.analyse('r1bqkb1r/pppp1ppp/2n2n2/4p2Q/2B1P3/8/PPPP1PPP/RNB1K1NR w KQkq - 4 4', { depth: 4 });
      assert.equal(mateIn1.bestmoveSan, 'Qxf7#');
      assert.deepEqual(mateIn1.score, { mate: 1 });
    });

    it('searchMoves restricts the root moves', async () => {
      const r = await engine.analyse('startpos', { depth: 4, searchMoves: ['a2a3', 'h2h3'] });
      assert.ok(['a2a3', 'h2h3'].includes(r.bestmove), r.bestmove);
      const three = await engine.analyse('startpos', { depth: 3, multiPV: 5, searchMoves: ['b1c3', 'g1f3', 'e2e4'] });
      assert.equal(three.lines.length, 3);
      assert.deepEqual(three.lines.map((l) => l.pv[0]).sort(), ['b1c3', 'e2e4', 'g1f3']);
    });

    it('strength levels: declared options, weakened moves are legal and reproducible', async () => {
      const names = engine.options.map((o) => o.name);
      for (const n of ['Skill Level', 'UCI_LimitStrength', 'UCI_Elo', 'Skill Seed']) assert.ok(names.includes(n), n);
      const e = await chess.createEngine({ backend, sliceNodes: SLICE });
      try {
        await e.setOption('Skill Level', 3);
        await e.setOption('Skill Seed', 7);
        const pos = { moves: ['e4', 'c5', 'Nf3'] };
        const a = await e.analyse(pos, { depth: 30, multiPV: 2 });
        assert.ok(chess.resolvePosition(pos).legal.includes(a.bestmove));
        assert.ok(a.depth <= 3, `a weak level searches shallow (depth ${a.depth})`);
        assert.equal(a.lines.length, 2, 'only the requested lines are reported');
        await e.newGame();
        const b = await e.analyse(pos, { depth: 30, multiPV: 2 });
        assert.equal(b.bestmove, a.bestmove, 'one seed, one position, one move');
        levelResults.set(backend, a.bestmove);
        await e.setOption('UCI_LimitStrength', true);
        const elo = e.options.find((o) => o.name === 'UCI_Elo');
        await assert.rejects(e.setOption('UCI_Elo', elo.max + 1), coded('INVALID_ARGUMENT'));
        await e.setOption('UCI_Elo', elo.min);
        const weakest = await e.analyse(pos, { depth: 30 });
        assert.equal(weakest.depth, 1);
        await assert.rejects(e.setOption('Skill Level', 21), coded('INVALID_ARGUMENT'));
      } finally {
        await e.terminate();
      }
    });

    it('bad input rejects with codes; the engine stays usable', async () => {
      await assert.rejects(engine.analyse('not a fen', { depth: 2 }), coded('CHESS_BAD_FEN'));
      await assert.rejects(engine.analyse({ moves: ['e2e4', 'e2e4'] }, { depth: 2 }), (e) => coded('CHESS_ILLEGAL_MOVE')(e) && /move 2/.test(e.message));
      await assert.rejects(engine.analyse('startpos', { depth: 0 }), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.analyse('startpos', { depth: 2.5 }), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.analyse('startpos', { multiPV: 65 }), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.analyse('startpos', { dept: 3 }), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.analyse('startpos', { infinite: 'yes' }), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.analyse('startpos', { onInfo: 1 }), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.analyse('startpos', { signal: {} }), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.analyse('startpos', { searchMoves: ['e2e5'] }), coded('CHESS_ILLEGAL_MOVE'));
      await assert.rejects(engine.analyse('startpos', { searchMoves: 'e2e4' }), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.analyse(42), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.analyse({ fen: 'startpos', moves: 'e4' }), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.perft('startpos', 11), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.perft('8/8/8/8 w - - 0 1', 2), coded('CHESS_BAD_FEN'));
      await assert.rejects(engine.setOption('Hash', 0), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.setOption('Hash', '16'), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.setOption('Ponder', 1), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.setOption('Clear Hash', true), coded('INVALID_ARGUMENT'));
      await assert.rejects(engine.setOption('Contempt', 10), coded('CHESS_UNKNOWN_OPTION'));
      await engine.setOption('hash', 8); // names are case-insensitive, as in UCI
      await engine.setOption('Clear Hash');
      await engine.setOption('Hash', 16);
      const r = await engine.analyse('startpos', { depth: 3 });
      assert.ok(chess.legalMoves().includes(r.bestmove));
    });

    it('the raw UCI channel works beside the API and sees its lines', async () => {
      const lines = [];
      const off = engine.onLine((l) => lines.push(l));
      try {
        const r = await engine.analyse('startpos', { depth: 3 });
        assert.ok(lines.includes(`bestmove ${r.bestmove}${r.ponder ? ` ponder ${r.ponder}` : ''}`));
        assert.ok(lines.some((l) => l.startsWith('info depth 3 ')));
        // a raw 'go' ends a running analysis, which resolves with what it has
        const p = engine.analyse(KIWIPETE, { infinite: true });
        await new Promise((res) => setTimeout(res, 50));
        engine.send('position startpos moves d2d4');
        engine.send('go depth 3');
        assert.equal((await p).stopped, true);
        const best = await engine.waitFor((l) => l.startsWith('bestmove') && chess.legalMoves('startpos', ['d2d4']).includes(l.split(' ')[1]), 60000);
        assert.ok(best);
        // a raw MultiPV setting is the default of the next analysis
        engine.send('setoption name MultiPV value 2');
        const two = await engine.analyse('startpos', { depth: 2 });
        assert.equal(two.lines.length, 2);
        engine.send('setoption name MultiPV value 1');
      } finally {
        off();
      }
    });

    it('terminate rejects what is pending with TERMINATED', async () => {
      const e = await chess.createEngine({ backend });
      const p = assert.rejects(e.analyse('startpos', { infinite: true }), coded('TERMINATED'));
      const w = assert.rejects(e.waitFor('never'), coded('TERMINATED'));
      await e.terminate();
      await p;
      await w;
      await assert.rejects(e.analyse('startpos', { depth: 1 }), coded('TERMINATED'));
      await assert.rejects(e.perft('startpos', 1), coded('TERMINATED'));
      await assert.rejects(e.setOption('Hash', 1), coded('TERMINATED'));
      assert.throws(() => e.send('isready'), coded('TERMINATED'));
      await e.stop(); // nothing to stop
      await e.terminate(); // twice is fine
    });

    it('a Worker that dies rejects what is pending, and later calls, with WORKER_CRASHED', async () => {
      const workerUrl = new URL('./fixtures/crashing-chess-worker.js', import.meta.url);
      const e = await chess.createEngine({ backend, workerUrl });
      assert.equal((await e.analyse('startpos', { depth: 2 })).depth, 2);
      const p = assert.rejects(e.analyse('startpos', { infinite: true }), coded('WORKER_CRASHED'));
      e.send('crash');
      await p;
      await assert.rejects(e.perft('startpos', 1), coded('WORKER_CRASHED'));
      assert.throws(() => e.send('isready'), coded('WORKER_CRASHED'));
      await e.terminate();
    });

    it('a Worker that ends after quit rejects later calls with TERMINATED', async () => {
      const e = await chess.createEngine({ backend });
      const w = assert.rejects(e.waitFor('never'), coded('TERMINATED'));
      e.send('quit');
      await w;
      await assert.rejects(e.analyse('startpos', { depth: 1 }), coded('TERMINATED'));
      await e.terminate();
    });

    it('many engines at once, and create/terminate loops, leak nothing', async () => {
      const baseline = process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
      // four engines analysing side by side
      const engines = await Promise.all([0, 1, 2, 3].map(() => chess.createEngine({ backend })));
      const fens = ['startpos', KIWIPETE, '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1', { moves: ['e4', 'c5'] }];
      const results = await Promise.all(engines.map((e, i) => e.analyse(fens[i], { depth: 4 })));
      results.forEach((r, i) => {
        const pos = chess.resolvePosition(fens[i]);
        assert.ok(pos.legal.includes(r.bestmove), `engine ${i}: ${r.bestmove}`);
      });
      await Promise.all(engines.map((e) => e.terminate()));
      // create, use, terminate in a loop
      const cycles = backend === 'wasm2js' ? 8 : 16;
      const heap = [];
      const rss = [];
      for (let i = 0; i < cycles; i++) {
        const e = await chess.createEngine({ backend });
        assert.equal((await e.analyse('startpos', { depth: 2 })).depth, 2);
        const p = assert.rejects(e.analyse('startpos', { infinite: true }), coded('TERMINATED'));
        await new Promise((r) => setTimeout(r, 20));
        await e.terminate();
        await p;
        gc();
        heap.push(process.memoryUsage().heapUsed);
        rss.push(process.memoryUsage().rss);
      }
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length, baseline, 'no worker left');
      const mb = (x) => x / 2 ** 20;
      const half = cycles >> 1;
      const heapGrowth = mb(median(heap.slice(half)) - median(heap.slice(0, half)));
      const rssGrowth = mb(Math.max(...rss.slice(half)) - Math.max(...rss.slice(0, half)));
      // one leaked engine would hold its Worker (tens of MB of Wasm memory and hash table)
      assert.ok(heapGrowth < 8, `JS heap grew by ${heapGrowth.toFixed(1)} MB over ${half} cycles`);
      assert.ok(rssGrowth < 96, `RSS grew by ${rssGrowth.toFixed(1)} MB over ${half} cycles`);
    });
  });
}

describe('wasmforge/chess engine API across backends', () => {
  it('fixed-depth analyses give the same bestmove, score and node count', (t) => {
    const entries = [...fixedResults.entries()];
    if (entries.length < 2) return t.skip('only one backend ran');
    for (const [name, r] of entries.slice(1)) assert.deepEqual(r, entries[0][1], `${name} vs ${entries[0][0]}`);
  });

  it('a weakened level plays the same move on every backend', (t) => {
    const moves = [...levelResults.values()];
    if (moves.length < 2) return t.skip('only one backend ran');
    assert.equal(new Set(moves).size, 1, JSON.stringify([...levelResults]));
  });

  it('stop latencies (figures)', (t) => {
    for (const [name, l] of stopLatencies) t.diagnostic(`${name}: stop took ${l.map((x) => x.toFixed(1)).join(', ')} ms (median ${median(l).toFixed(1)})`);
  });
});
