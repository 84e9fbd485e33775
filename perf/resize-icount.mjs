#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// resize-icount.mjs: x86 instructions per raw wf_resize() call, counted by
// valgrind (callgrind) on `node --no-liftoff` running the call 1 and 3
// times: the difference over 2 calls leaves out start-up and compilation.
// Repeatable to about 1% (wall times on this shared VM are not); for A/B
// of builds of the resize core. With --functions, also the instructions per
// Wasm function (callgrind's per-instruction counts mapped through V8's
// --perf-basic-prof map; functions by index: stripped builds have no names).
//
//   node perf/resize-icount.mjs [--wasm dist/resize.simd.wasm,other.wasm] [--gamma]
//                               [--size 2016x1512:800] [--functions]
// Needs valgrind. Each count takes about a minute.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, d) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
const wasms = opt('--wasm', fileURLToPath(new URL('../dist/resize.simd.wasm', import.meta.url))).split(',')
  .map((p) => resolve(p));
const gamma = args.includes('--gamma');
const [wh, tw] = opt('--size', '2016x1512:800').split(':');
const [W, H] = wh.split('x').map(Number);
const TW = Number(tw);

// The child: a standalone instance, a deterministic opaque image, `calls` raw calls.
const CHILD = `
import { readFileSync } from 'node:fs';
const [wasmPath, calls, W, H, TW, gamma] = process.argv.slice(2).map((v, i) => (i ? Number(v) : v));
const TH = Math.round((H * TW) / W);
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {
  env: { emscripten_notify_memory_growth() {} }, wasi_snapshot_preview1: { proc_exit() {} } });
const e = instance.exports;
if (e._initialize) e._initialize();
const ctx = e.wf_resizer_alloc();
const inB = W * H * 4, outB = TW * TH * 4;
const inP = e.wf_malloc(inB), outP = e.wf_malloc(outB);
const h = new Uint8Array(e.memory.buffer);
let s = 1;
for (let i = 0; i < inB; i++) {
  s = (s * 1103515245 + 12345) >>> 0;
  h[inP + i] = (i & 3) === 3 ? 255 : ((i >> 4) + (s >>> 28)) & 255;
}
for (let c = 0; c < calls; c++) {
  const st = e.wf_resize(ctx, inP, inB, W, H, 0, 0, W, H, outP, outB, TW, TH, 4, gamma ? 2 : 0);
  if (st) throw new Error('wf_resize: ' + st);
}
`;

const dir = mkdtempSync(join(tmpdir(), 'wf-icount-'));
const child = join(dir, 'child.mjs');
writeFileSync(child, CHILD);

function count(wasm, calls, functions) {
  const start = Date.now();
  const out = join(dir, `cg.${calls}.out`);
  const vg = ['--tool=callgrind', '--smc-check=all', `--callgrind-out-file=${out}`];
  if (functions) vg.push('--dump-instr=yes', '--compress-pos=no', '--compress-strings=no');
  const node = [process.execPath, '--no-liftoff', ...(functions ? ['--perf-basic-prof'] : []), child, wasm, String(calls),
    String(W), String(H), String(TW), gamma ? '1' : '0'];
  execFileSync('valgrind', [...vg, ...node], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 26 });
  const text = readFileSync(out, 'utf8');
  const m = /^summary: (\d+)/m.exec(text) || /^totals: (\d+)/m.exec(text);
  let map = null;
  if (functions) {
    // V8 writes /tmp/perf-<pid>.map: the newest one made since the start is the child's
    const maps = readdirSync('/tmp').filter((f) => /^perf-\d+\.map$/.test(f))
      .map((f) => ({ f: join('/tmp', f), t: statSync(join('/tmp', f)).mtimeMs })).filter((x) => x.t >= start - 1000)
      .sort((x, y) => y.t - x.t);
    if (maps.length) {
      map = readFileSync(maps[0].f, 'utf8');
      rmSync(maps[0].f, { force: true });
    }
  }
  return { total: Number(m[1]), text, map };
}

// Instructions per Wasm function from a --dump-instr profile and V8's perf map.
function perFunction(text, map) {
  if (!map) return null;
  const ranges = map.split('\n').filter((l) => l.includes('wasm-function'))
    .map((l) => { const [a, size, ...name] = l.split(' '); return [parseInt(a, 16), parseInt(size, 16), name.join(' ')]; })
    .sort((x, y) => x[0] - y[0]);
  const cost = new Map();
  let skip = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('calls=')) { skip = true; continue; }
    const m = /^(0x[0-9a-f]+)\s+\d+\s+(\d+)/.exec(line);
    if (!m) continue;
    if (skip) { skip = false; continue; } // a call's inclusive cost
    const a = parseInt(m[1], 16);
    let lo = 0;
    let hi = ranges.length - 1;
    let hit = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid][0] <= a) { hit = ranges[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    if (hit && a < hit[0] + hit[1]) cost.set(hit[2], (cost.get(hit[2]) || 0) + Number(m[2]));
  }
  return [...cost.entries()].sort((x, y) => y[1] - x[1]).slice(0, 10);
}

try {
  for (const wasm of wasms) {
    const one = count(wasm, 1, args.includes('--functions')).total; // the same flags: V8's map costs alike
    const three = count(wasm, 3, args.includes('--functions'));
    const per = (three.total - one) / 2;
    console.log(`${wasm}: ${(per / 1e6).toFixed(1)}M instructions per call (${W}x${H} -> ${TW}, Lanczos3, ` +
      `${gamma ? 'gamma' : 'linear'})`);
    if (args.includes('--functions')) {
      for (const [name, c] of perFunction(three.text, three.map) || []) console.log(`  ${(c / 3 / 1e6).toFixed(1).padStart(7)}M  ${name}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
