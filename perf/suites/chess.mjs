// SPDX-License-Identifier: MIT
// chess suite: perft (leaf nodes per second, Mnodes/s) on the positions of
// ctx.inputs.chess ([{name, fen, depth, nodes}] from perft.epd) and a
// fixed-depth search (nodes per second; the time to reach the depth is kept
// as time_to_depth_ms) on a few positions.
// Verification: perft counts must equal perft.epd's; a search must end in a
// legal bestmove (checked with chess.js) and, for our backends, visit the same
// number of nodes as our first backend (the search is deterministic).
//
// Our API (web/chess.js): init({backend}), perft(fen, depth), ChessContext
// (command(line) and slice(maxNodes), the engine on this thread).
// Peers: chess.js perft (JS), and in Node the npm stockfish (Wasm) through
// ctx.stockfish() — a UCI engine ({send, waitFor}) made by the Node harness.
import { OUR_BACKENDS } from './deflate.mjs';
import { coreAvailable, importCoreInstances } from '../lib/cores.mjs';

// Search positions: the start position and two middle games from the
// Bratko-Kopec set (BK.03, BK.07), searched to a fixed depth.
export const SEARCH_POSITIONS = [
  ['start', 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1'],
  ['bk03', '2q1rr1k/3bbnnp/p2p1pp1/2pPp3/PpP1P1P1/1P2BNNP/2BQ1PRK/7R b - - 0 1'],
  ['bk07', '2r1r1k1/1p2bppp/p1np1n2/4p3/4P3/1NN1BP2/PPPQ2PP/2R2RK1 w - - 0 1'],
];

/** The fixed search depth of a mode. */
export function searchDepth(quick) {
  return quick ? 10 : 13;
}

function lastInfo(lines) {
  let nodes = null;
  let depth = null;
  for (const l of lines) {
    const n = /\bnodes (\d+)/.exec(l);
    if (n) nodes = Number(n[1]);
    const d = /\binfo depth (\d+)/.exec(l);
    if (d) depth = Number(d[1]);
  }
  return { nodes, depth };
}

/** Runs `go depth D` on a ChessContext to the end; returns {lines, bestmove, nodes}. */
function searchContext(Ctx, fen, depth) {
  const ctx = new Ctx();
  try {
    const lines = [];
    lines.push(...ctx.command('ucinewgame'));
    lines.push(...ctx.command(`position fen ${fen}`));
    lines.push(...ctx.command(`go depth ${depth}`));
    for (let i = 0; i < 1e7; i++) {
      const r = ctx.slice(1 << 20);
      lines.push(...r.lines);
      if (!r.running) break;
    }
    const best = lines.find((l) => l.startsWith('bestmove'));
    return { lines, bestmove: best ? best.split(/\s+/)[1] : null, ...lastInfo(lines) };
  } finally {
    ctx.free();
  }
}

async function searchUci(engine, fen, depth) {
  const from = engine.log.length;
  engine.send('ucinewgame');
  engine.send(`position fen ${fen}`);
  engine.send(`go depth ${depth}`);
  const best = await engine.waitFor(/^bestmove/, 600000);
  const lines = engine.log.slice(from);
  return { lines, bestmove: best.split(/\s+/)[1], ...lastInfo(lines) };
}

async function perftUci(engine, fen, depth) {
  engine.send(`position fen ${fen}`);
  engine.send(`go perft ${depth}`);
  const line = await engine.waitFor(/^Nodes searched/, 600000);
  return Number(line.split(':')[1]);
}

export default {
  name: 'chess',
  async available(ctx) {
    if (!ctx.inputs?.chess?.length) return 'no perft positions (corpus not found)';
    return coreAvailable(ctx, 'chess');
  },
  async cases(ctx) {
    // One module instance per backend, so that all stay loaded and their timings can be interleaved.
    const ours = await importCoreInstances('chess', ctx.backends || OUR_BACKENDS);
    const { Chess } = await ctx.importModule('chess.js');
    const depth = searchDepth(ctx.quick);
    const cases = [];
    const ourImpl = (o) => ({
      name: o.backend, category: 'ours', label: `wasmforge ${o.backend}`, prepare: o.prepare,
    });
    const sf = ctx.stockfish ? await ctx.stockfish() : null;
    for (const p of ctx.inputs.chess) {
      const check = async (n) => ({ ok: n === p.nodes, detail: n === p.nodes ? undefined : `counted ${n}, expected ${p.nodes}`, extra: { depth: p.depth } });
      const impls = ours.map((o) => ({ ...ourImpl(o), run: () => o.module.perft(p.fen, p.depth), verify: check }));
      // The goal perft is too deep for chess.js (about 1 M nodes/s).
      if (!p.goal) impls.push({ name: 'chess.js', category: 'js-peer', label: 'chess.js', run: () => new Chess(p.fen).perft(p.depth), verify: check });
      if (sf) impls.push({ name: 'stockfish-js', category: 'wasm-peer', label: sf.name, run: () => perftUci(sf, p.fen, p.depth), verify: check });
      cases.push({ suite: 'chess', op: 'perft', input: `${p.name}-d${p.depth}`, unit: 'Mnodes/s', work: p.nodes, impls });
    }
    for (const [name, fen] of SEARCH_POSITIONS) {
      // The work of a search is its node count, known only after the first run: measured per impl.
      const legal = (move) => {
        try { return !!new Chess(fen).move({ from: move.slice(0, 2), to: move.slice(2, 4), promotion: move[4] }); } catch { return false; }
      };
      let ourNodes = null;
      let ourFirst = null;
      const impls = [];
      for (const o of ours) {
        const search = {
          ...ourImpl(o),
          run: () => searchContext(o.module.ChessContext, fen, depth),
          async verify(r) {
            if (!r.bestmove || !legal(r.bestmove)) return { ok: false, detail: `bestmove ${r.bestmove} is not legal` };
            if (ourNodes === null) { ourNodes = r.nodes; ourFirst = o.backend; }
            const same = r.nodes === ourNodes;
            search.work = r.nodes;
            return {
              ok: same, detail: same ? undefined : `disagrees with ${ourFirst} in this environment: ${r.nodes} nodes (bestmove ${r.bestmove}) vs ${ourNodes}`,
              extra: { nodes: r.nodes, bestmove: r.bestmove, depth },
            };
          },
        };
        impls.push(search);
      }
      if (sf) {
        const impl = {
          name: 'stockfish-js', category: 'wasm-peer', label: sf.name,
          run: () => searchUci(sf, fen, depth),
          async verify(r) {
            impl.work = r.nodes;
            return { ok: !!r.bestmove && legal(r.bestmove), detail: `bestmove ${r.bestmove}`, extra: { nodes: r.nodes, bestmove: r.bestmove, depth } };
          },
        };
        impls.push(impl);
      }
      cases.push({ suite: 'chess', op: `search-d${depth}`, input: name, unit: 'Mnodes/s', work: 0, perImplWork: true, impls });
    }
    return cases;
  },
};
