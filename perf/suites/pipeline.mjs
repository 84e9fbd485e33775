// SPDX-License-Identifier: MIT
// pipeline suite: the whole job of wasmforge/image's process() on a batch of
// the photos (their q85 JPEGs and PNGs): decode, orient, resize to fit
// 1024x1024, encode JPEG quality 80. Throughput in MP of input per second for
//   one-thread  process() on this thread, one image after another;
//   pool-1      createImagePool({size: 1}): the same work in one Worker;
//   pool-2      createImagePool({size: 2}): the batch spread over two Workers,
//               every result handed back (pool.release) for the next batch.
// The ratio pool-2 / one-thread is the figure of issue 13 (goal >= 1.7 on two
// cores). Verification: every output is a JPEG of the expected size, and the
// pools' files are byte-identical to the one-thread files (same backend).
// Needs Workers (worker_threads in Node, module Workers in browsers).
import { importCore } from '../lib/cores.mjs';

const OPTIONS = { resize: { width: 1024, height: 1024, fit: 'inside' }, output: { type: 'image/jpeg', quality: 80 } };

function batchOf(ctx) {
  const batch = [];
  for (const p of ctx.inputs?.photos || []) {
    if (p.jpeg) batch.push({ name: `${p.name}.q85.jpg`, bytes: p.jpeg });
    if (p.png) batch.push({ name: `${p.name}.png`, bytes: p.png });
  }
  return batch;
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export default {
  name: 'pipeline',
  async available(ctx) {
    if (!batchOf(ctx).length) return 'no photos (corpus not found)';
    const { module, reason } = await importCore('image');
    if (!module) return `web/image.js not loadable: ${reason}`;
    try { await module.init(); } catch (e) { return `cores not built yet: ${e.message}`; }
    return true;
  },
  async cases(ctx) {
    const { module: image } = await importCore('image');
    const batch = batchOf(ctx);
    let work = 0;
    let reference = null; // the one-thread outputs
    const impls = [];
    impls.push({
      name: 'one-thread', category: 'ours', label: 'process(), one thread',
      async prepare() {
        await image.init();
        reference = [];
        for (const b of batch) {
          const r = await image.process(b.bytes, OPTIONS);
          reference.push(r);
          work += r.stats.inputWidth * r.stats.inputHeight;
        }
      },
      async run() {
        const out = [];
        for (const b of batch) out.push(await image.process(b.bytes, OPTIONS));
        return out;
      },
    });
    for (const size of [1, 2]) {
      let pool = null;
      impls.push({
        name: `pool-${size}`, category: 'ours', label: `createImagePool({size: ${size}})`,
        async prepare() {
          if (typeof Worker === 'undefined' && !(typeof process !== 'undefined' && process.versions?.node)) return 'no Workers here';
          pool = image.createImagePool({ size, idleTimeout: 0, transfer: false });
          await Promise.all(batch.map((b) => pool.process(b.bytes, OPTIONS))); // start and warm every Worker
          return undefined;
        },
        async run() {
          const out = await Promise.all(batch.map((b) => pool.process(b.bytes, OPTIONS)));
          // hand the buffers back, as a steady batch would (the verify call keeps its copy)
          const copy = out.map((r) => ({ ...r, data: r.data.slice() }));
          for (const r of out) pool.release(r);
          return copy;
        },
        cleanup() { pool?.terminate(); },
      });
    }
    for (const impl of impls) {
      impl.verify = async (out) => {
        if (!Array.isArray(out) || out.length !== batch.length) return { ok: false, detail: `expected ${batch.length} results` };
        for (let i = 0; i < out.length; i++) {
          const r = out[i];
          const ref = reference[i];
          if (r.type !== 'image/jpeg' || r.data[0] !== 0xff || r.data[1] !== 0xd8) return { ok: false, detail: `${batch[i].name}: not a JPEG` };
          if (Math.max(r.width, r.height) > 1024) return { ok: false, detail: `${batch[i].name}: ${r.width}x${r.height} exceeds 1024` };
          if (!sameBytes(r.data, ref.data)) return { ok: false, detail: `${batch[i].name}: differs from the one-thread output` };
        }
        return { ok: true, outputSize: out.reduce((n, r) => n + r.data.length, 0) };
      };
    }
    // `work` is known once one-thread's prepare() ran: a getter reads it when the case is timed
    const c = {
      suite: 'pipeline', op: 'process-q80-1024', input: `batch of ${batch.length}`, unit: 'MP/s', scale: 1e6,
      note: `decode, orient, resize inside 1024x1024, JPEG q80; ${batch.map((b) => b.name).join(', ')}; throughput of the whole batch`,
      impls,
    };
    Object.defineProperty(c, 'work', { get: () => work, enumerable: true });
    return [c];
  },
};
