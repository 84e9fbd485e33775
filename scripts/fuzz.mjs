// SPDX-License-Identifier: MIT
// fuzz.mjs: builds the libFuzzer harnesses in tests/fuzz/ with clang-14 and
// AddressSanitizer + UndefinedBehaviorSanitizer, and runs each for a while.
//   npm run fuzz                       every harness, 60 s each
//   npm run fuzz -- png 600            one harness (name prefix), 600 s
// Crashes are written to build/fuzz/<harness>/crash-*; the exit code is non-zero
// when any harness fails. Corpora start from ../shared/data where it helps.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const [filter = '', secondsArg = '60'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const data = process.env.WASMFORGE_DATA || resolve(root, '../shared/data');

// harness name prefix -> the cores it links, and seed corpora
const HARNESSES = {
  inflate: { cores: ['deflate'], seeds: [] },
  png: { cores: ['deflate', 'png'], seeds: ['pngsuite'] },
  jpeg: { cores: ['jpeg'], seeds: ['jpeg'] },
  chess: { cores: ['chess'], seeds: [] },
  resize: { cores: ['resize'], seeds: [] },
};

function sources(core) {
  const dir = join('core', core);
  return readdirSync(dir).filter((n) => n.endsWith('.c') && !n.endsWith('_main.c') && !n.startsWith('gen_'))
    .map((n) => join(dir, n));
}

let failed = 0;
for (const file of readdirSync('tests/fuzz').filter((n) => n.endsWith('_fuzz.c')).sort()) {
  const name = file.replace(/_fuzz\.c$/, '');
  if (filter && !name.startsWith(filter)) continue;
  const spec = Object.entries(HARNESSES).find(([prefix]) => name.startsWith(prefix))?.[1];
  if (!spec) {
    console.error(`[fuzz] ${file}: no entry in HARNESSES, skipped`);
    continue;
  }
  const out = join('build/fuzz', name);
  mkdirSync(join(out, 'corpus'), { recursive: true });
  const exe = join(out, `${name}_fuzz`);
  console.log(`[fuzz] building ${exe}`);
  execFileSync('clang-14', ['-g', '-O1', '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=undefined',
    '-Icore/include', join('tests/fuzz', file), ...sources('common'), ...spec.cores.flatMap(sources), '-o', exe],
  { stdio: 'inherit' });
  const seedDirs = spec.seeds.map((s) => join(data, s)).filter(existsSync);
  console.log(`[fuzz] running ${name} for ${seconds} s`);
  const r = spawnSync(exe, [`-max_total_time=${seconds}`, '-rss_limit_mb=2048', '-timeout=10',
    `-artifact_prefix=${out}/`, join(out, 'corpus'), ...seedDirs], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`[fuzz] ${name} FAILED (exit ${r.status}); see ${out}/`);
  }
}
process.exit(failed ? 1 : 0);
