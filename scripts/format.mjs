// SPDX-License-Identifier: MIT
// format.mjs: applies .clang-format (clang-format 14) to the C sources of
// core/, tests/c, tests/fuzz, perf/native and tools, skipping generated files
// (those with a GENERATED banner in their first lines: regenerate them instead).
//
//   node scripts/format.mjs           format in place
//   node scripts/format.mjs --check   list files that are not formatted; exit 1 if any
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const tool = process.env.CLANG_FORMAT || 'clang-format-14';
const check = process.argv.includes('--check');

const listed = execFileSync('git', ['ls-files', '--', 'core', 'tests/c', 'tests/fuzz', 'perf/native', 'tools'],
  { encoding: 'utf8' }).split('\n').filter((f) => /\.[ch]$/.test(f));
const generated = (f) => /GENERATED/.test(readFileSync(f, 'utf8').split('\n').slice(0, 6).join('\n'));
const files = listed.filter((f) => !generated(f));

if (check) {
  const bad = files.filter((f) => execFileSync(tool, ['--style=file', f], { encoding: 'utf8', maxBuffer: 1 << 26 }) !== readFileSync(f, 'utf8'));
  for (const f of bad) console.log(`not formatted: ${f}`);
  console.log(`[format] ${files.length - bad.length}/${files.length} files formatted (${listed.length - files.length} generated skipped)`);
  process.exit(bad.length ? 1 : 0);
}
execFileSync(tool, ['-i', '--style=file', ...files], { stdio: 'inherit' });
console.log(`[format] ${files.length} files formatted (${listed.length - files.length} generated skipped)`);
