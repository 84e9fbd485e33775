// SPDX-License-Identifier: MIT
// perft-epd.mjs: reads perft.epd (FEN ;D1 n ;D2 n ...) and picks the
// benchmark positions and depths. Environment-neutral.

/** Parses perft.epd text: [{fen, counts: {depth: nodes}}]. */
export function parsePerftEpd(text) {
  return text.split('\n').filter((l) => l.trim()).map((line) => {
    const [fen, ...fields] = line.split(';').map((s) => s.trim());
    const counts = {};
    for (const f of fields) {
      const m = /^D(\d+)\s+(\d+)$/.exec(f);
      if (m) counts[Number(m[1])] = Number(m[2]);
    }
    return { fen, counts };
  });
}

const NAMES = ['start', 'kiwipete', 'pos3', 'pos4', 'pos4-mirrored', 'pos5', 'pos6'];

/**
 * The depth of the goal perft (the start position; the figure is depth 6,
 * 119,060,324 leaves): 6 in a full run, 5 (4,865,609) in a quick one.
 */
export function goalPerftDepth(quick) {
  return quick ? 5 : 6;
}

/**
 * Perft inputs: [{name, fen, depth, nodes, goal}] — the deepest depth whose count is
 * at most maxNodes (quick: 1e5, full: 1e6; chess.js does about 0.1-0.2 M nodes/s),
 * for the start position, Kiwipete and position 3; then the goal perft of the
 * start position (goal: true; too deep for chess.js), which native bench_chess
 * measures too.
 */
export function perftInputs(text, quick) {
  const maxNodes = quick ? 1e5 : 1e6;
  const positions = parsePerftEpd(text).map((p, i) => ({ ...p, name: NAMES[i] || `pos${i + 1}` }));
  const inputs = positions.filter((p) => ['start', 'kiwipete', 'pos3'].includes(p.name))
    .map((p) => {
      const depth = Math.max(...Object.keys(p.counts).map(Number).filter((d) => p.counts[d] <= maxNodes));
      return { name: p.name, fen: p.fen, depth, nodes: p.counts[depth], goal: false };
    });
  const start = positions.find((p) => p.name === 'start');
  const depth = goalPerftDepth(quick);
  if (start?.counts[depth]) inputs.push({ name: 'start', fen: start.fen, depth, nodes: start.counts[depth], goal: true });
  return inputs;
}
