// SPDX-License-Identifier: MIT
// pipeline-memory.mjs: memory of a steady batch through createImagePool():
// 1,000 process() jobs of mixed sizes (the photos' q85 JPEGs and PNGs, resized
// to fit 1024x1024, JPEG q80) through a pool of 2, once handing every result
// back (pool.release) and once not. Reports, after the first 10 jobs and after
// all of them: the process RSS, the JS heaps (main + Workers, after a GC), the
// Workers' Wasm memory and the fresh buffers their caches allocated.
//
//   node perf/pipeline-memory.mjs [--jobs 1000] [--quick]     (--quick: 200 jobs, kodim23 only)
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { dataDir, PHOTO_SET, QUICK_PHOTO_SET } from './lib/inputs-node.mjs';
import { createImagePool } from '../web/image.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jobsArg = args.indexOf('--jobs');
const JOBS = jobsArg >= 0 ? Number(args[jobsArg + 1]) : quick ? 200 : 1000;
const dir = dataDir();
if (!dir) {
  console.error('no photos: set WASMFORGE_DATA or put the shared data at ../shared/data');
  process.exit(1);
}
const files = [];
for (const name of quick ? QUICK_PHOTO_SET : PHOTO_SET) {
  for (const ext of ['.q85.jpg', '.png']) {
    const path = join(dir, 'photos', name + ext);
    if (existsSync(path)) files.push({ name: name + ext, bytes: new Uint8Array(readFileSync(path)) });
  }
}
const OPTIONS = { resize: { width: 1024, height: 1024, fit: 'inside' }, output: { type: 'image/jpeg', quality: 80 } };
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const MiB = (n) => `${(n / 1048576).toFixed(1)} MiB`;

async function measure(release) {
  const pool = createImagePool({ size: 2, idleTimeout: 0, transfer: false });
  const snapshot = async () => {
    gc();
    const w = await Promise.all([pool.workerStats(true), pool.workerStats(true)]);
    return {
      rss: process.memoryUsage().rss,
      heap: v8.getHeapStatistics().used_heap_size + w.reduce((n, s) => n + s.heapUsed, 0),
      wasm: w.reduce((n, s) => n + s.wasmMemory, 0),
      fresh: w.reduce((n, s) => n + s.cache.fresh, 0),
    };
  };
  const run = async (from, to) => {
    const pending = [];
    for (let i = from; i < to; i++) {
      pending.push(pool.process(files[i % files.length].bytes, OPTIONS).then((r) => { if (release) pool.release(r); }));
      if (pending.length >= 8) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
  };
  const t0 = performance.now();
  await run(0, 10);
  const first = await snapshot();
  await run(10, JOBS);
  const last = await snapshot();
  const seconds = (performance.now() - t0) / 1000;
  pool.terminate();
  console.log(`${release ? 'with pool.release()   ' : 'without pool.release()'}: after 10 jobs RSS ${MiB(first.rss)}, heaps ${MiB(first.heap)}, ` +
    `Wasm ${MiB(first.wasm)}, ${first.fresh} fresh buffers; after ${JOBS}: RSS ${MiB(last.rss)}, heaps ${MiB(last.heap)}, ` +
    `Wasm ${MiB(last.wasm)}, ${last.fresh} fresh buffers (${(JOBS / seconds).toFixed(1)} jobs/s)`);
}

console.log(`${JOBS} jobs over ${files.map((f) => f.name).join(', ')}; ${JSON.stringify(OPTIONS)}; pool of 2`);
await measure(true);
await measure(false);
