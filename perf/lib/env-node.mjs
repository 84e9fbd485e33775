// SPDX-License-Identifier: MIT
// env-node.mjs: what the Node side of the harness knows about the machine:
// CPU, load, versions, git commit, download sizes of the builds; a load
// sampler that shows how noisy the machine was while it measured.
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import zlib from 'node:zlib';
import { CORES, buildFiles } from './cores.mjs';

export const REPO = resolve(new URL('../..', import.meta.url).pathname);

export const PACKAGES = ['fflate', 'pako', 'fast-png', 'upng-js', 'pngjs', 'jpeg-js', '@jsquash/png', '@jsquash/jpeg',
  'chess.js', 'stockfish', 'playwright-core', 'binaryen'];

export function packageVersions() {
  const out = {};
  for (const p of PACKAGES) {
    try {
      out[p] = JSON.parse(readFileSync(join(REPO, 'node_modules', p, 'package.json'), 'utf8')).version;
    } catch { out[p] = null; }
  }
  return out;
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch { return null; }
}

/** Other processes busy on the CPU right now (by name, with %CPU), from ps. */
export function busyProcesses() {
  try {
    const out = execFileSync('ps', ['-eo', 'pid,pcpu,comm', '--sort=-pcpu', '--no-headers'], { encoding: 'utf8' });
    return out.split('\n').map((l) => l.trim().split(/\s+/)).filter((p) => p.length >= 3 && Number(p[1]) >= 20 && Number(p[0]) !== process.pid)
      .slice(0, 8).map(([pid, pcpu, comm]) => ({ pid: Number(pid), pcpu: Number(pcpu), comm }));
  } catch { return []; }
}

export function machineInfo() {
  const c = cpus();
  const status = git(['status', '--porcelain']);
  return {
    cpu_model: c[0]?.model || 'unknown',
    cores: c.length,
    memory_gb: +(totalmem() / 2 ** 30).toFixed(1),
    os: `${platform()} ${release()}`,
    load_at_start: loadavg(),
    busy_processes_at_start: busyProcesses(),
    node: process.version,
    v8: process.versions.v8,
    node_zlib: process.versions.zlib,
    packages: packageVersions(),
    date: new Date().toISOString(),
    git_commit: git(['rev-parse', 'HEAD']),
    git_dirty: status === null ? null : status.length > 0,
  };
}

/** Samples the 1-minute load average every `ms` until stop(); stop() gives {min, max, mean, samples}. */
export function startLoadSampler(ms = 2000) {
  const samples = [loadavg()[0]];
  const timer = setInterval(() => samples.push(loadavg()[0]), ms);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0]);
      const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
      return { min: Math.min(...samples), max: Math.max(...samples), mean: +mean.toFixed(2), samples: samples.length };
    },
  };
}

// Brotli at quality 11 is slow (seconds per file on a busy machine): sizes are
// cached by content hash in build/perf/size-cache.json.
const SIZE_CACHE = join(REPO, 'build/perf/size-cache.json');

function compressedSizes(bytes) {
  let cache = {};
  try { cache = JSON.parse(readFileSync(SIZE_CACHE, 'utf8')); } catch { /* none yet */ }
  const key = createHash('sha256').update(bytes).digest('hex');
  if (!cache[key]) {
    cache[key] = {
      gzip: zlib.gzipSync(bytes, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(bytes, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      }).length,
    };
    try {
      mkdirSync(dirname(SIZE_CACHE), { recursive: true });
      writeFileSync(SIZE_CACHE, JSON.stringify(cache));
    } catch { /* a read-only tree: no cache */ }
  }
  return cache[key];
}

/** Download sizes (raw, gzip -9, brotli q11) of each build of each core that exists, and the legacy bundle. */
export function downloadSizes(only) {
  const records = [];
  const files = [];
  for (const { name } of CORES) {
    if (only && !only.includes(name)) continue;
    for (const [backend, file] of Object.entries(buildFiles(name))) files.push({ core: name, backend, file });
  }
  files.push({ core: 'all', backend: 'legacy-bundle', file: 'dist/wasmforge.legacy.js' });
  for (const f of files) {
    const path = join(REPO, f.file);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    const { gzip, brotli } = compressedSizes(bytes);
    records.push({
      env: 'files', suite: 'size', op: 'download-size', input: f.core, impl: f.backend, category: 'ours', status: 'ok',
      file: f.file, unit: 'bytes', modified: statSync(path).mtime.toISOString(),
      raw: bytes.length, gzip, brotli,
    });
  }
  return records;
}

/** sha256 of every file in dist/ (to notice builds replaced while the harness runs). */
export function distHashes() {
  const dir = join(REPO, 'dist');
  const out = {};
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) {
    try { out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex').slice(0, 16); } catch { /* vanished */ }
  }
  return out;
}
