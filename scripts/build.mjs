// SPDX-License-Identifier: MIT
// build.mjs: builds every core three ways from the one CMakeLists.txt:
//   build/native   native static libraries, C tests, native tools and benchmarks (gcc -O2)
//   build/wasm     emcc: dist/<core>.wasm (+ .simd.wasm) and dist/<core>.wasm2js.js
// then the classic-script legacy bundle (polyfill/build-legacy.mjs).
// Incremental: a second run only rebuilds what changed.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const jobs = String(Math.max(1, cpus().length));
// Debian's emcc needs its own node modules (acorn) on NODE_PATH.
const env = { ...process.env, NODE_PATH: [process.env.NODE_PATH, '/usr/share/nodejs'].filter(Boolean).join(':') };

function run(command, args) {
  console.log(`[build] ${command} ${args.join(' ')}`);
  execFileSync(command, args, { stdio: 'inherit', env });
}

const start = Date.now();
// wf/status.h is written from the cores' status.def lists (see gen-status.mjs).
run(process.execPath, ['scripts/gen-status.mjs']);
// Configuring again is cheap and picks up new cores and files.
run('cmake', ['-S', '.', '-B', 'build/native', '-DCMAKE_BUILD_TYPE=Release']);
run('cmake', ['--build', 'build/native', '-j', jobs]);
run('emcmake', ['cmake', '-S', '.', '-B', 'build/wasm', '-DCMAKE_BUILD_TYPE=Release']);
run('cmake', ['--build', 'build/wasm', '-j', jobs]);
run(process.execPath, ['polyfill/build-legacy.mjs']);
console.log(`[build] done in ${((Date.now() - start) / 1000).toFixed(1)} s`);
