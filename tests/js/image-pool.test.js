// SPDX-License-Identifier: MIT
// image-pool.test.js: wasmforge/image's createImagePool() in worker_threads:
// the same bytes as process() on this thread, in order of submission, inputs
// transferred, errors with codes, AbortSignal, terminate, and memory: 1,000
// jobs of mixed sizes end with the Wasm memory and heaps of the first 10, and
// with results handed back (pool.release) allocate no new buffers.
// (Ordering, crash replacement and the rest of the mechanism: worker-pool.test.js.)
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as image from '../../web/image.js';
import { corpus, equalBytes, missingCorpus, readBytes } from './support.js';

function picture(width, height, seed = 1) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([(x * 5 + seed * 40) & 255, (y * 3) & 255, ((x ^ y) * seed) & 255, 255], (y * width + x) * 4);
  }
  return { width, height, data };
}

const OPTIONS = { resize: { width: 64, height: 64, fit: 'inside' }, output: { type: 'image/jpeg', quality: 80 } };

describe('createImagePool()', () => {
  let files;
  let pool;
  before(async () => {
    await image.init();
    files = [[320, 200], [96, 128], [200, 150], [640, 360]].map(([w, h], i) => image.encode(picture(w, h, i + 1), { type: 'image/jpeg', quality: 90 }));
    pool = image.createImagePool({ size: 2 });
  });
  after(() => pool.terminate());

  it('gives the bytes of process(), in the order of submission, with inputs transferred', async () => {
    const info = await pool.ready();
    assert.ok(info.backends.jpeg);
    const expected = [];
    for (const f of files) expected.push(await image.process(f, OPTIONS));
    const inputs = files.map((f) => f.slice());
    const order = [];
    const outs = await Promise.all(inputs.map((f, i) => pool.process(f, OPTIONS).then((r) => { order.push(i); return r; })));
    assert.deepEqual(order, [0, 1, 2, 3]);
    for (const f of inputs) assert.equal(f.byteLength, 0, 'transferred');
    outs.forEach((o, i) => {
      assert.ok(equalBytes(o.data, expected[i].data), `file ${i}`);
      assert.deepEqual([o.width, o.height, o.type], [expected[i].width, expected[i].height, 'image/jpeg']);
    });
    // transfer: false keeps the caller's array
    const keep = image.createImagePool({ size: 1, transfer: false });
    try {
      const mine = files[0].slice();
      await keep.process(mine, OPTIONS);
      assert.equal(mine.length, files[0].length);
    } finally {
      keep.terminate();
    }
  });

  it('takes WebP input like process()', async (t) => {
    const files = corpus('webp', /^(gen-kodim02-q75|lossless1)\.webp$/);
    if (!files || files.length !== 2) return t.skip(missingCorpus('webp'));
    for (const f of files) {
      const bytes = readBytes(f.path);
      const expected = await image.process(bytes, OPTIONS);
      const out = await pool.process(bytes.slice(), OPTIONS);
      assert.ok(equalBytes(out.data, expected.data), f.name);
      assert.equal(out.stats.inputType, 'image/webp');
      const decoded = await pool.decode(bytes.slice());
      assert.deepEqual([decoded.width, decoded.height, decoded.type], [expected.stats.inputWidth,
        expected.stats.inputHeight, 'image/webp']);
    }
  });

  it('gives the same bytes with wasm2js Workers', async () => {
    const js = image.createImagePool({ size: 1, backend: 'wasm2js' });
    try {
      assert.deepEqual((await js.ready()).backends, { png: 'wasm2js', jpeg: 'wasm2js', webp: 'wasm2js', resize: 'wasm2js' });
      const out = await js.process(files[2].slice(), OPTIONS);
      assert.ok(equalBytes(out.data, (await image.process(files[2], OPTIONS)).data));
    } finally {
      js.terminate();
    }
  });

  it('decodes, encodes and resizes in Workers too', async () => {
    const decoded = await pool.decode(files[1].slice());
    assert.deepEqual([decoded.width, decoded.height, decoded.type], [96, 128, 'image/jpeg']);
    const local = image.decode(files[1]);
    assert.ok(equalBytes(new Uint8Array(decoded.data.buffer), new Uint8Array(local.data.buffer)));
    const copy = () => ({ width: local.width, height: local.height, data: local.data.slice() });
    const png = await pool.encode(copy(), { type: 'image/png' });
    assert.ok(equalBytes(png, image.encode(local, { type: 'image/png' })));
    const small = await pool.resize(copy(), { width: 48 });
    const here = image.resize(local, { width: 48 });
    assert.deepEqual([small.width, small.height], [here.width, here.height]);
    assert.ok(equalBytes(new Uint8Array(small.data.buffer, small.data.byteOffset, small.data.byteLength),
      new Uint8Array(here.data.buffer, here.data.byteOffset, here.data.byteLength)));
  });

  it('rejects with the codes of the cores and stays usable', async () => {
    await assert.rejects(pool.process(new Uint8Array([0x47, 0x49, 0x46, 0x38])), (e) => e.name === 'WasmforgeError' && e.code === 'IMAGE_UNKNOWN_FORMAT');
    const cut = files[0].slice(0, 20);
    await assert.rejects(pool.decode(cut), (e) => e.code.startsWith('JPEG_') && typeof e.offset === 'number');
    await assert.rejects(pool.process(files[0].slice(), { maxPixels: 10 }), { code: 'JPEG_TOO_MANY_PIXELS' });
    await assert.rejects(pool.process(42), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(pool.encode({ width: 2, height: 2 }), { code: 'INVALID_ARGUMENT' });
    assert.equal((await pool.process(files[1].slice(), OPTIONS)).type, 'image/jpeg');
  });

  it('cancels with an AbortSignal and rejects pending jobs on terminate()', async () => {
    const p = image.createImagePool({ size: 1 });
    const big = image.encode(picture(1500, 1000), { type: 'image/jpeg' });
    const controller = new AbortController();
    const running = p.process(big.slice(), { ...OPTIONS, signal: controller.signal });
    const queued = p.process(big.slice(), OPTIONS);
    setTimeout(() => controller.abort(), 5);
    await assert.rejects(running, { code: 'ABORTED' });
    assert.equal((await queued).type, 'image/jpeg', 'the next job runs on a fresh Worker');
    const pending = [p.process(big.slice(), OPTIONS), p.process(big.slice(), OPTIONS)];
    await new Promise((r) => setTimeout(r, 5));
    p.terminate();
    for (const job of pending) await assert.rejects(job, { code: 'TERMINATED' });
  });

  it('keeps memory flat over 1,000 jobs of mixed sizes, and allocates no result buffers when they are handed back', async (t) => {
    const p = image.createImagePool({ size: 2, idleTimeout: 0 });
    try {
      const v8 = await import('node:v8');
      const vm = await import('node:vm');
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc');
      const snapshot = async () => {
        gc();
        // both Workers report (two jobs at once go to two Workers)
        const stats = await Promise.all([p.workerStats(true), p.workerStats(true)]);
        return {
          wasm: stats.reduce((n, s) => n + s.wasmMemory, 0),
          heap: stats.reduce((n, s) => n + s.heapUsed, 0) + v8.getHeapStatistics().used_heap_size,
          fresh: stats.reduce((n, s) => n + s.cache.fresh, 0),
          recycled: stats.reduce((n, s) => n + s.cache.outputsRecycled, 0),
        };
      };
      const run = async (from, to) => {
        const jobs = [];
        for (let i = from; i < to; i++) {
          jobs.push(p.process(files[i % files.length].slice(), { ...OPTIONS, output: { type: i % 7 === 3 ? 'image/png' : 'image/jpeg', quality: 80 } })
            .then((r) => p.release(r)));
          if (jobs.length >= 8) await Promise.all(jobs.splice(0));
        }
        await Promise.all(jobs);
      };
      await run(0, 10);
      const first = await snapshot();
      await run(10, 1000);
      const last = await snapshot();
      t.diagnostic(`after 10 jobs: wasm ${first.wasm} B, heaps ${(first.heap / 1048576).toFixed(1)} MiB, ${first.fresh} fresh buffers; ` +
        `after 1000: wasm ${last.wasm} B, heaps ${(last.heap / 1048576).toFixed(1)} MiB, ${last.fresh} fresh buffers, ${last.recycled} results in recycled buffers`);
      assert.equal(last.wasm, first.wasm, 'the Wasm memories did not grow');
      assert.ok(last.heap - first.heap < 4 * 1048576, `heaps grew by ${last.heap - first.heap} bytes`);
      assert.ok(last.fresh - first.fresh <= 8, `${last.fresh - first.fresh} fresh buffers in 990 jobs`);
      assert.ok(last.recycled >= 900, `${last.recycled} results went into handed-back buffers`);
      const s = p.stats();
      assert.equal(s.completed, 1000 + 4);
      assert.equal(s.failed, 0);
    } finally {
      p.terminate();
    }
  });
});
