#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// perf/nnue.mjs: search speed with the neural evaluation against the
// hand-written one, per backend (wasm-simd, wasm, wasm2js), interleaved in
// one process (HCE, NNUE, HCE, NNUE, ...) so that the ratio holds on a busy
// machine. Nodes per second of wall time over fixed-depth searches of a few
// middle-game positions; the node counts differ (the two evaluations search
// different trees), so only nodes per second are compared.
//
//   node perf/nnue.mjs --net FILE [--depth 8] [--rounds 2] [--backends wasm-simd,wasm,wasm2js]
// Without --net, a pseudo-random network of 128 units (speed only).
import { readFileSync } from 'node:fs';
import * as chess from '../web/chess.js';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const depth = Number(opt('depth', '8'));
const rounds = Number(opt('rounds', '2'));
const backends = opt('backends', 'wasm-simd,wasm,wasm2js').split(',');
const netFile = opt('net', null);

function randomNet(h) {
  const bytes = new Uint8Array(12 + 2 * (768 * h + 3 * h) + 4);
  const view = new DataView(bytes.buffer);
  let x = 1;
  const next = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
  bytes.set([0x57, 0x46, 0x4e, 0x4e, 1, 0, 0, 0]);
  view.setUint32(8, h, true);
  let p = 12;
  for (let i = 0; i < 768 * h; i++, p += 2) view.setInt16(p, (next() % 161) - 80, true);
  for (let i = 0; i < h; i++, p += 2) view.setInt16(p, (next() % 201) - 40, true);
  for (let i = 0; i < 2 * h; i++, p += 2) view.setInt16(p, (next() % 255) - 127, true);
  return bytes;
}
const net = netFile ? new Uint8Array(readFileSync(netFile)) : randomNet(128);

const FENS = [
  'r1bqkb1r/pppp1ppp/2n2n2/4p3/2B1P3/5N2/PPPP1PPP/RNBQK2R w KQkq - 4 4',
  'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1',
  'r1bq1rk1/pp2bppp/2n1pn2/3p4/2PP4/2N1PN2/PP1B1PPP/R2QKB1R w KQ - 0 8',
  '2r2rk1/1bqnbppp/p2ppn2/1p6/3NP3/1BN1BP2/PPPQ2PP/2KR3R w - - 0 13',
];

function run(ctx, nnue) {
  ctx.command(`setoption name Use NNUE value ${nnue}`, 0);
  let nodes = 0;
  const t0 = performance.now();
  for (const fen of FENS) {
    ctx.command('ucinewgame', 0);
    ctx.command(`position fen ${fen}`, 0);
    const lines = ctx.command(`go depth ${depth}`, 0);
    for (;;) {
      const r = ctx.slice(20000, 0);
      lines.push(...r.lines);
      if (!r.running) break;
    }
    const info = lines.filter((l) => / nodes \d+/.test(l)).pop();
    nodes += Number(/ nodes (\d+)/.exec(info)[1]);
  }
  return { nodes, ms: performance.now() - t0 };
}

for (const backend of backends) {
  await chess.init({ backend });
  const ctx = new chess.ChessContext();
  ctx.setNet(net);
  const sum = { false: { nodes: 0, ms: 0 }, true: { nodes: 0, ms: 0 } };
  for (let r = 0; r < rounds; r++) {
    for (const nnue of [false, true]) {
      const x = run(ctx, nnue);
      sum[nnue].nodes += x.nodes;
      sum[nnue].ms += x.ms;
    }
  }
  const hce = sum.false.nodes / sum.false.ms, nn = sum.true.nodes / sum.true.ms;
  console.log(`${backend}: HCE ${hce.toFixed(0)} knps, NNUE ${nn.toFixed(0)} knps (h${new DataView(net.buffer).getUint32(8, true)}), ` +
    `NNUE/HCE ${(nn / hce).toFixed(2)} (depth ${depth}, ${rounds} rounds)`);
  ctx.free();
}
