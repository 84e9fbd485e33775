// SPDX-License-Identifier: MIT
// support.js: what every JS test shares: the backends to run a test body
// against, and where the public corpora are.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The backends a core's tests run against: wasm and wasm2js always, wasm-simd
 * where the core has a SIMD build. WASMFORGE_TEST_BACKENDS=wasm,wasm2js narrows it.
 */
export function backendsFor(core) {
  const all = ['wasm', 'wasm2js'];
  if (existsSync(join(REPO_ROOT, 'dist', `${core}.simd.wasm`))) all.unshift('wasm-simd');
  const only = process.env.WASMFORGE_TEST_BACKENDS;
  return only ? all.filter((b) => only.split(',').includes(b)) : all;
}

/** The corpus folder ($WASMFORGE_DATA, else ../shared/data beside the repo), or null. */
export function dataDir() {
  const dir = process.env.WASMFORGE_DATA || resolve(REPO_ROOT, '../shared/data');
  return existsSync(dir) ? dir : null;
}

/**
 * Files of a corpus subfolder whose names match `pattern`, as [{name, path}],
 * or null (with the reason in `missingReason`) when the corpus is absent.
 */
export function corpus(sub, pattern = /./) {
  const dir = dataDir();
  if (!dir || !existsSync(join(dir, sub))) return null;
  return readdirSync(join(dir, sub)).filter((n) => pattern.test(n)).sort()
    .map((name) => ({ name, path: join(dir, sub, name) }));
}

/** The skip reason for node:test when a corpus is missing. */
export function missingCorpus(sub) {
  return `corpus ${sub} not found (set WASMFORGE_DATA or put the shared data at ../shared/data)`;
}

export function readBytes(path) {
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** A deterministic pseudo-random byte generator (xorshift32). */
export function randomBytes(n, seed = 1) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 255;
  }
  return out;
}

/** Text-like bytes: words from a small vocabulary, deterministic. */
export function textBytes(n, seed = 7) {
  const words = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'wasm', 'forge', 'deflate',
    'inflate', 'huffman', 'window', 'match', 'length', 'distance', 'literal', '\n', 'and', 'of', 'a'];
  const r = randomBytes(n, seed);
  let s = '';
  for (let i = 0; s.length < n; i++) s += words[r[i % n] % words.length] + (r[(i * 7) % n] % 9 === 0 ? '. ' : ' ');
  return new TextEncoder().encode(s.slice(0, n));
}

export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
