// SPDX-License-Identifier: MIT
// test-all.mjs: every suite, after setup and build (npm test runs those first):
//   1. C unit and conformance tests: ctest on the native build
//   2. JS tests in Node (tests/js, every backend) and in headless Chromium
//      (tests/browser), in one `node --test` run
// Exits non-zero when any suite fails. WASMFORGE_TEST_ONLY=c|js narrows it.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const only = process.env.WASMFORGE_TEST_ONLY;
const results = [];

function suite(name, command, args) {
  console.log(`\n[test] ${name}: ${command} ${args.join(' ')}`);
  const start = Date.now();
  const r = spawnSync(command, args, { stdio: 'inherit' });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: (Date.now() - start) / 1000 });
  return ok;
}

if (!only || only === 'c') {
  suite('C tests (ctest, native build)', 'ctest',
    ['--test-dir', 'build/native', '--output-on-failure', '-j', String(cpus().length)]);
}
if (!only || only === 'js') {
  suite('JS tests (Node, every backend) and browser tests (headless Chromium)', process.execPath,
    ['--test', '--test-timeout=600000', 'tests/js/', 'tests/browser/']);
}

console.log('\n[test] summary');
for (const r of results) console.log(`[test]   ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds.toFixed(0)} s)`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
