// SPDX-License-Identifier: MIT
// test-all.mjs: every suite, after setup and build (npm test runs those first):
//   1. C unit and conformance tests: ctest on the native build
//   2. JS tests in Node (tests/js, every backend) and in headless Chromium
//      (tests/browser), and the package tests (tests/package: tarball, types,
//      docs examples, bundler apps), in one `node --test` run
// Exits non-zero when any suite fails. WASMFORGE_TEST_ONLY=c|js narrows it.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const only = process.env.WASMFORGE_TEST_ONLY;
const results = [];

// Runs one suite, echoing its output, and counts its tests from its closing lines.
function suite(name, command, args, count) {
  console.log(`\n[test] ${name}: ${command} ${args.join(' ')}`);
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      text += chunk;
    });
    child.on('close', (status) => {
      const ok = status === 0;
      results.push({ name, ok, seconds: (Date.now() - start) / 1000, ...count(text, ok) });
      resolve(ok);
    });
  });
}

function ctestCounts(text) {
  const m = /(\d+)% tests passed, (\d+) tests? failed out of (\d+)/.exec(text);
  if (!m) return { passed: 0, failed: 1, skipped: 0 };
  const skipped = (text.match(/\*\*\*Skipped|Not Run/g) || []).length;
  return { passed: Number(m[3]) - Number(m[2]) - skipped, failed: Number(m[2]), skipped };
}

function nodeTestCounts(text, ok) {
  const n = (key) => Number((new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text) || [0, 0])[1]);
  const failed = n('fail') + n('cancelled');
  return { passed: n('pass'), failed: failed || (ok ? 0 : 1), skipped: n('skipped') + n('todo') };
}

if (!only || only === 'c') {
  await suite('C tests (ctest, native build)', 'ctest',
    ['--test-dir', 'build/native', '--output-on-failure', '-j', String(cpus().length)], ctestCounts);
}
if (!only || only === 'js') {
  await suite('JS tests (Node, every backend) and browser tests (headless Chromium)', process.execPath,
    ['--test', '--test-reporter=tap', '--test-timeout=600000', 'tests/js/', 'tests/browser/', 'tests/package/'], nodeTestCounts);
}

console.log('\n[test] summary');
for (const r of results) {
  console.log(`[test]   ${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped (${r.seconds.toFixed(0)} s)`);
}
const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
console.log(`${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
