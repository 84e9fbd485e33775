#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// tools/nnue/run.mjs: the neural evaluation's pipeline (not part of npm test).
//
//   npm run nnue:datagen -- [--procs 2] [--games 1000000] [--nodes 5000] [--seed 1]
//   npm run nnue:train   -- [--hidden 128] [--epochs 6] [--seed 1] [--lambda 1.0]
//                           [--batch 1024] [--lr 3e-3] [--mirror 1] [--wd 0.05] [--scale 400]
//                           [--out DATA/nets/h128.nnue]
//   node tools/nnue/run.mjs evalcmp --net FILE [--max 20000]
//   npm run nnue:match   -- --net FILE [--games 40] [--movetime 50 | --nodes 20000] [--first 0]
//
// DATA is $WASMFORGE_NNUE_DATA, else ../nnue-data beside the repository (never inside it:
// the training data is not committed). datagen builds the native chess library and
// tools/nnue/datagen.c, then runs --procs processes under `nice -n 19`, process k (seed
// --seed + k) appending to DATA/games-s<seed>.txt; it is resumable (rerun the same command).
// train compiles tools/nnue/train.c and trains on every DATA/games-s*.txt (the file list is
// sorted, so the same files and seed give the same network). match plays
// `wasmforge-uci --net FILE` ("Use NNUE" on) against the same binary with the hand-written
// evaluation, through tests/c/chess/match.c (colours swapped per opening; prints the score
// and the Elo difference with a 95% interval). evalcmp compares the hand-written evaluation, the
// net and the search scores on the held-out games of every DATA/games-s*.txt (tools/nnue/evalcmp.c).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
const data = resolve(process.env.WASMFORGE_NNUE_DATA || join(root, '..', 'nnue-data'));
const [command, ...rest] = process.argv.slice(2);

function options(defaults) {
  const o = { ...defaults };
  for (let i = 0; i < rest.length; i += 2) {
    const k = rest[i].replace(/^--/, '');
    if (!(k in o) || rest[i + 1] === undefined) throw new Error(`unknown or incomplete option ${rest[i]}`);
    o[k] = rest[i + 1];
  }
  return o;
}

function run(cmd, args, opts = {}) {
  console.log(`[nnue] ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
}

function dataFiles() {
  const files = readdirSync(data).filter((n) => /^games-s\d+\.txt$/.test(n)).sort().map((n) => join(data, n));
  if (!files.length) throw new Error(`no data in ${data}: run npm run nnue:datagen first`);
  return files;
}

function buildNative(targets) {
  run('cmake', ['-S', '.', '-B', 'build/native', '-DCMAKE_BUILD_TYPE=Release']);
  run('cmake', ['--build', 'build/native', '-j', '2', '--target', ...targets]);
}

function waitAll(children) {
  return Promise.all(children.map((c) => new Promise((ok, fail) => {
    c.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`exit ${code}`))));
  })));
}

mkdirSync(data, { recursive: true });
if (command === 'datagen') {
  const o = options({ procs: '2', games: '1000000', nodes: '5000', seed: '1' });
  buildNative(['wf_chess']);
  const bin = join(data, 'datagen');
  run('gcc', ['-O2', '-D_DEFAULT_SOURCE', '-std=c11', '-Icore/include', 'tools/nnue/datagen.c',
    'build/native/core/chess/libwf_chess.a', 'build/native/libwf_common.a', '-o', bin]);
  const children = [];
  for (let k = 0; k < Number(o.procs); k++) {
    const seed = Number(o.seed) + k;
    const args = ['-n', '19', bin, join(data, `games-s${seed}.txt`), o.games, o.nodes, String(seed)];
    console.log(`[nnue] nice ${args.join(' ')}`);
    children.push(spawn('nice', args, { stdio: 'inherit' }));
  }
  await waitAll(children);
} else if (command === 'train') {
  const o = options({ hidden: '128', epochs: '6', seed: '1', lambda: '1.0', batch: '1024', lr: '3e-3', mirror: '1',
    wd: '0.05', scale: '400', out: '' });
  const out = o.out || join(data, 'nets', `h${o.hidden}.nnue`);
  mkdirSync(join(out, '..'), { recursive: true });
  const bin = join(data, 'train');
  run('gcc', ['-O3', '-march=native', '-std=c11', 'tools/nnue/train.c', '-lm', '-o', bin]);
  const flags = [...(o.mirror === '1' ? ['--mirror'] : []), '--wd', o.wd, '--scale', o.scale];
  run('nice', ['-n', '10', bin, ...flags, out, o.hidden, o.epochs, o.seed, o.lambda, o.batch, o.lr, ...dataFiles()]);
} else if (command === 'evalcmp') {
  const o = options({ net: '', max: '20000' });
  if (!o.net) throw new Error('--net FILE is required');
  buildNative(['wf_chess']);
  const bin = join(data, 'evalcmp');
  run('gcc', ['-O2', '-D_DEFAULT_SOURCE', '-std=c11', '-Icore/include', 'tools/nnue/evalcmp.c',
    'build/native/core/chess/libwf_chess.a', 'build/native/libwf_common.a', '-lm', '-o', bin]);
  run(bin, [resolve(o.net), o.max, ...dataFiles()]);
} else if (command === 'match') {
  const o = options({ net: '', games: '40', movetime: '50', nodes: '0', first: '0' });
  if (!o.net) throw new Error('--net FILE is required');
  buildNative(['wasmforge-uci', 'chess_match']);
  const uci = join(root, 'build/native/core/chess/wasmforge-uci');
  const wrapper = join(data, `uci-net-${process.pid}.sh`);
  writeFileSync(wrapper, `#!/bin/sh\nexec '${uci}' --net '${resolve(o.net)}'\n`);
  chmodSync(wrapper, 0o755);
  const env = { ...process.env, MATCH_FIRST_OPENING: o.first };
  if (Number(o.nodes) > 0) env.MATCH_NODES = o.nodes;
  run(join(root, 'build/native/tests/c/chess/chess_match'), [wrapper, uci, o.games, '0', o.movetime], { env });
} else {
  console.error('usage: node tools/nnue/run.mjs datagen|train|match|evalcmp [options] (see the header of this file)');
  process.exit(2);
}
