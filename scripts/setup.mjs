// SPDX-License-Identifier: MIT
// setup.mjs: installs what the build, tests and demos need, and nothing when it
// is all there (it takes well under a second then). Run by npm start, npm test,
// npm run build and npm run bench before anything else, so each of them works
// on a fresh Debian 12 machine. Uses only Node's built-in modules: it runs
// before node_modules exists.
//
//   Debian packages  via apt-get (as root; otherwise it says what to install)
//   npm packages     `npm ci` from package-lock.json when node_modules is
//                    missing or older than the lock file
//
// On other systems (macOS, other Linux, Windows/WSL), install the same tools by
// hand — see README.md "Other systems" — and set WASMFORGE_SKIP_APT=1.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

// Package -> why it is needed. Groups: what every command needs, then extras.
const DEBIAN_PACKAGES = {
  cmake: 'native and Emscripten builds',
  make: 'native and Emscripten builds',
  gcc: 'native build',
  emscripten: 'Wasm builds (emcc 3.1.6, clang-14, lld-14)',
  chromium: 'browser tests, browser benchmarks',
  duktape: 'the ES5 legacy-bundle test (duk)',
  'zlib1g-dev': 'reference zlib for native tests and benchmarks',
  'libpng-dev': 'reference libpng for native tests and benchmarks',
  'libjpeg-dev': 'reference libjpeg-turbo for native tests and benchmarks',
  'libjpeg-turbo-progs': 'cjpeg/djpeg for JPEG conformance tests',
  webp: 'dwebp/cwebp for WebP conformance tests and size comparisons',
  'libwebp-dev': 'reference libwebp for native tests and benchmarks',
};
const EXTRA_PACKAGES = {
  bench: { stockfish: 'native chess baseline', wabt: 'module inspection' },
  fuzz: { 'clang-14': 'libFuzzer', 'libclang-rt-14-dev': 'libFuzzer and sanitizer runtimes' },
};

function log(message) {
  console.log(`[setup] ${message}`);
}

function installedPackages(names) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...names], { encoding: 'utf8' });
  const installed = new Set();
  for (const line of (result.stdout || '').split('\n')) {
    const [name, ...status] = line.split(' ');
    if (status.join(' ') === 'install ok installed') installed.add(name);
  }
  return installed;
}

function ensureDebianPackages(wanted) {
  if (process.env.WASMFORGE_SKIP_APT === '1') return;
  if (spawnSync('dpkg-query', ['--version']).status !== 0) {
    log('not a Debian system: install the tools listed in README.md "Other systems" yourself');
    return;
  }
  const installed = installedPackages(Object.keys(wanted));
  const missing = Object.keys(wanted).filter((name) => !installed.has(name));
  if (missing.length === 0) return;
  for (const name of missing) log(`missing Debian package ${name} (${wanted[name]})`);
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(`run as root, or install them first: sudo apt-get install ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log('apt-get update');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  log(`apt-get install ${missing.join(' ')}`);
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
}

function ensureNodeModules() {
  const lock = readFileSync('package-lock.json');
  const hash = createHash('sha256').update(lock).digest('hex');
  const stamp = 'node_modules/.wasmforge-lock-sha256';
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  log('npm ci (package-lock.json changed or node_modules missing)');
  // A node_modules that is a link to another checkout's (as in a git worktree
  // sharing one install) must not be reinstalled through the link: npm ci
  // empties the folder it points to, under the other checkout's feet. Remove
  // the link; npm ci then makes a folder of this checkout's own.
  if (existsSync('node_modules') && lstatSync('node_modules').isSymbolicLink()) {
    log('node_modules is a link: installing into a folder of this checkout instead');
    unlinkSync('node_modules');
  }
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  writeFileSync(stamp, hash);
}

const extras = process.argv.slice(2).flatMap((group) => Object.entries(EXTRA_PACKAGES[group] || {}));
const start = Date.now();
ensureDebianPackages({ ...DEBIAN_PACKAGES, ...Object.fromEntries(extras) });
ensureNodeModules();
log(`ready (${Date.now() - start} ms)`);
