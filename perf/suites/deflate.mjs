// SPDX-License-Identifier: MIT
// deflate suite: raw DEFLATE inflate and level-6 deflate, MB/s of uncompressed
// data, on each input of ctx.inputs.deflate ({name, bytes, zraw}; zraw is the
// input compressed by zlib at level 6, the stream every inflater decodes).
// Verification: inflaters must give back the input bytes exactly; every
// compressor's output is inflated by the reference (ctx.refInflateRaw: Node's
// zlib, or DecompressionStream in browsers) and must give back the input.
// Compressed sizes are reported next to zlib level 6.

import { sameBytes, firstDifference } from '../lib/runner.mjs';
import { importCoreInstances } from '../lib/cores.mjs';
import { reuseVariant } from '../lib/reuse.mjs';

export const OUR_BACKENDS = ['wasm-simd', 'wasm', 'wasm2js'];
const LEVEL = 6;

async function readStream(stream) {
  const chunks = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

/** Streams bytes through a CompressionStream/DecompressionStream. */
export function throughStream(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return readStream(stream);
}

/** The implementations available in this environment: [{name, category, label, inflate, deflate, prepare}]. */
async function implementations(ctx) {
  const list = [];
  // One module instance per backend, so that all stay loaded and their timings can be interleaved.
  const backends = ctx.backends || OUR_BACKENDS;
  for (const o of await importCoreInstances('deflate', backends)) {
    list.push({
      name: o.backend, category: 'ours', label: `wasmforge ${o.backend}`, prepare: o.prepare,
      inflate: (z) => o.module.inflate(z),
      deflate: (b) => o.module.deflate(b, { level: LEVEL }),
    });
    // The best backend again, inflating into one reused array (the `output` option).
    if (o.backend === backends[0]) list.push(reuseVariant(o, 'inflate', Uint8Array, (z, output) => o.module.inflate(z, { output })));
  }
  if (ctx.nodeZlib) {
    const z = ctx.nodeZlib;
    list.push({
      name: 'node-zlib', category: 'native-lib', label: `Node zlib ${ctx.versions?.zlib || ''}`.trim(),
      inflate: (c) => z.inflateRawSync(c), deflate: (b) => z.deflateRawSync(b, { level: LEVEL }),
    });
  }
  try {
    const pako = await ctx.importModule('pako');
    list.push({
      name: 'pako', category: 'js-peer', label: 'pako',
      inflate: (c) => pako.inflateRaw(c), deflate: (b) => pako.deflateRaw(b, { level: LEVEL }),
    });
  } catch (e) { ctx.progress?.(`pako not loadable: ${e.message}`); }
  try {
    const fflate = await ctx.importModule('fflate');
    list.push({
      name: 'fflate', category: 'js-peer', label: 'fflate',
      inflate: (c) => fflate.inflateSync(c), deflate: (b) => fflate.deflateSync(b, { level: LEVEL }),
    });
  } catch (e) { ctx.progress?.(`fflate not loadable: ${e.message}`); }
  if (!ctx.nodeZlib && typeof CompressionStream === 'function' && typeof DecompressionStream === 'function') {
    list.push({
      name: 'compression-stream', category: 'browser-native', label: 'CompressionStream (browser zlib)',
      inflate: (c) => throughStream(c, new DecompressionStream('deflate-raw')),
      deflate: (b) => throughStream(b, new CompressionStream('deflate-raw')),
    });
  }
  return list;
}

export default {
  name: 'deflate',
  async available(ctx) {
    if (!ctx.inputs?.deflate?.length) return 'no deflate inputs';
    return true;
  },
  async cases(ctx) {
    const impls = await implementations(ctx);
    const cases = [];
    for (const input of ctx.inputs.deflate) {
      cases.push({
        suite: 'deflate', op: 'inflate', input: input.name, unit: 'MB/s', work: input.bytes.length,
        impls: impls.filter((i) => i.inflate).map((i) => ({
          name: i.name, category: i.category, label: i.label, prepare: i.prepare,
          run: () => i.inflate(input.zraw),
          async verify(out) {
            const ok = sameBytes(out, input.bytes);
            return { ok, detail: ok ? undefined : firstDifference(out, input.bytes) };
          },
        })),
      });
      cases.push({
        suite: 'deflate', op: `deflate-${LEVEL}`, input: input.name, unit: 'MB/s', work: input.bytes.length,
        reference_size: input.zraw.length, note: `compressed size vs zlib level ${LEVEL} (${input.zraw.length} bytes)`,
        impls: impls.filter((i) => i.deflate).map((i) => ({
          name: i.name, category: i.category, label: i.label, prepare: i.prepare,
          run: () => i.deflate(input.bytes),
          async verify(out) {
            let back;
            try {
              back = await ctx.refInflateRaw(out);
            } catch (e) {
              return { ok: false, detail: `the reference inflater rejects the output: ${e.message}`, outputSize: out.length };
            }
            const ok = sameBytes(back, input.bytes);
            return {
              ok, detail: ok ? undefined : `round trip differs: ${firstDifference(back, input.bytes)}`,
              outputSize: out.length, extra: { size_ratio: out.length / input.zraw.length, size_ratio_ref: ctx.nodeZlib ? 'Node zlib -6' : 'zlib -6 (CompressionStream or Node)' },
            };
          },
        })),
      });
    }
    return cases;
  },
};
