// SPDX-License-Identifier: MIT
// worker-pool.test.js: the one Worker mechanism (web/worker-pool.js +
// web/worker-host.js) with a test Worker: results in submission order,
// transfers, errors with codes, AbortSignal, crash replacement, maxQueue,
// terminate, idle release, streamed events and handed-back buffers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkerPool, defaultPoolSize, MAX_DEFAULT_SIZE } from '../../web/worker-pool.js';

const URL_ = new URL('./fixtures/pool-test-worker.js', import.meta.url);
const make = (options = {}) => createWorkerPool({ url: URL_, size: 2, ...options });

describe('worker pool', () => {
  it('settles results in the order of submission', async () => {
    const pool = make();
    try {
      const done = [];
      const jobs = [80, 5, 40, 1, 20, 3].map((ms, i) => pool.run('sleep', ms).then((v) => { done.push(i); return v; }));
      assert.deepEqual(await Promise.all(jobs), [80, 5, 40, 1, 20, 3]);
      assert.deepEqual(done, [0, 1, 2, 3, 4, 5]);
      assert.equal(pool.stats().workers, 2);
    } finally {
      pool.terminate();
    }
  });

  it('transfers buffers both ways instead of copying them', async () => {
    const pool = make();
    try {
      const data = new Uint8Array(1 << 20);
      const out = await pool.run('echo', { data }, { transfer: [data.buffer] });
      assert.equal(data.byteLength, 0, 'the input was moved to the worker');
      assert.equal(out.args.data.length, 1 << 20);
      const r = await pool.run('bytes', 1000);
      assert.equal(r.data.length, 1000);
      assert.equal(r.data[999], 7);
    } finally {
      pool.terminate();
    }
  });

  it('rejects with the error code and offset of the worker, and goes on', async () => {
    const pool = make();
    try {
      await assert.rejects(pool.run('fail', 'PNG_CRC_MISMATCH'), (e) => e.name === 'WasmforgeError' && e.code === 'PNG_CRC_MISMATCH' && e.offset === 42);
      await assert.rejects(pool.run('nonsense'), { code: 'INVALID_ARGUMENT' });
      assert.equal(await pool.run('sleep', 1), 1);
    } finally {
      pool.terminate();
    }
  });

  it('replaces a worker that crashes or exits; only its job rejects', async () => {
    const pool = make();
    try {
      const results = await Promise.allSettled([pool.run('sleep', 30), pool.run('crash'), pool.run('sleep', 10), pool.run('exit'), pool.run('sleep', 5)]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
      assert.equal(results[1].reason.code, 'WORKER_CRASHED');
      assert.equal(results[3].reason.code, 'WORKER_CRASHED');
      assert.equal(pool.stats().crashed, 2);
      assert.equal(await pool.run('sleep', 1), 1);
      assert.ok(pool.stats().started >= 3);
    } finally {
      pool.terminate();
    }
  });

  it('cancels a queued job and a running one with an AbortSignal', async () => {
    const pool = make({ size: 1 });
    try {
      const running = new AbortController();
      const queued = new AbortController();
      const a = pool.run('spin', 5000, { signal: running.signal });
      const b = pool.run('sleep', 1, { signal: queued.signal });
      const c = pool.run('sleep', 2);
      queued.abort();
      await assert.rejects(b, { code: 'ABORTED' });
      const t0 = Date.now();
      setTimeout(() => running.abort(new Error('user')), 50);
      await assert.rejects(a, (e) => e.code === 'ABORTED' && e.cause.message === 'user');
      assert.ok(Date.now() - t0 < 3000, 'the spinning worker was stopped');
      assert.equal(await c, 2, 'the next job runs on a fresh worker');
      await assert.rejects(pool.run('sleep', 1, { signal: AbortSignal.abort() }), { code: 'ABORTED' });
    } finally {
      pool.terminate();
    }
  });

  it('refuses jobs beyond maxQueue and after terminate(), which rejects what is pending', async () => {
    const pool = make({ size: 1, maxQueue: 2 });
    const first = pool.run('sleep', 200);
    const queued = [pool.run('sleep', 1), pool.run('sleep', 1)];
    await assert.rejects(pool.run('sleep', 1), { code: 'QUEUE_FULL' });
    pool.terminate();
    for (const p of [first, ...queued]) await assert.rejects(p, { code: 'TERMINATED' });
    await assert.rejects(pool.run('sleep', 1), { code: 'TERMINATED' });
    assert.equal(pool.stats().workers, 0);
  });

  it('ends idle workers and starts them again on demand', async () => {
    const pool = make({ idleTimeout: 200 });
    try {
      await Promise.all([pool.run('sleep', 1), pool.run('sleep', 1)]);
      assert.equal(pool.stats().started, 2);
      // (not the count right now: on a loaded machine one may have idled out already)
      const until = Date.now() + 10000;
      while (pool.stats().workers > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      assert.equal(pool.stats().workers, 0, 'both ended once idle');
      assert.equal(await pool.run('sleep', 3), 3);
      assert.equal(pool.stats().started, 3, 'a new one on demand');
    } finally {
      pool.terminate();
    }
  });

  it('fails the jobs when a worker cannot initialise, without respawning forever', async () => {
    const pool = make({ init: { failInit: true } });
    try {
      const results = await Promise.allSettled([pool.run('sleep', 1), pool.run('sleep', 1), pool.run('sleep', 1)]);
      for (const r of results) assert.equal(r.reason.code, 'BACKEND_UNAVAILABLE');
      assert.ok(pool.stats().started <= 2);
    } finally {
      pool.terminate();
    }
  });

  it('streams events of a job and hands released buffers to later jobs', async () => {
    const pool = make({ size: 1, recyclePerJob: 1 });
    try {
      const events = [];
      assert.equal(await pool.run('stream', 3, { onEvent: (e) => events.push(e.i) }), 3);
      assert.deepEqual(events, [0, 1, 2]);
      const r = await pool.run('bytes', 4096);
      pool.release(r);
      assert.equal(pool.stats().spare, 1);
      const echo = await pool.run('echo', null);
      assert.deepEqual(echo.recycled, [4096]);
      assert.equal(pool.stats().spare, 0);
    } finally {
      pool.terminate();
    }
  });

  it('checks its options and picks a capped default size', async () => {
    assert.throws(() => createWorkerPool({}), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => createWorkerPool({ url: URL_, size: 0 }), { code: 'INVALID_ARGUMENT' });
    assert.throws(() => createWorkerPool({ url: URL_, maxQueue: -1 }), { code: 'INVALID_ARGUMENT' });
    const n = await defaultPoolSize();
    assert.ok(n >= 1 && n <= MAX_DEFAULT_SIZE);
    const pool = createWorkerPool({ url: URL_ });
    try {
      assert.equal(await pool.run('sleep', 1), 1);
      assert.equal(pool.size, n);
    } finally {
      pool.terminate();
    }
  });
});
