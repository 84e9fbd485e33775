// SPDX-License-Identifier: MIT
// resize-diag.mjs: where the time of one 12 MP -> 1600 px resize goes, the
// same code in Node and in a page (perf/resize-diag.mjs drives both).
// Times, call by call: the raw wf_resize() export of a standalone instance
// (no copies), and resize() of web/resize.js (copy in, resize, copy out).
const W = 4032;
const H = 3024;
const TW = 1600;

// a deterministic opaque photo-like image: gradients plus a little noise
export function syntheticPhoto(w = W, h = H) {
  const d = new Uint8ClampedArray(w * h * 4);
  let s = 12345;
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i += 4) {
      s = (s * 1103515245 + 12345) >>> 0;
      const n = (s >>> 24) & 15;
      d[i] = ((x * 255) / w + n) | 0;
      d[i + 1] = ((y * 255) / h + n) | 0;
      d[i + 2] = (((x + y) * 127) / (w + h) + 64 + n) | 0;
      d[i + 3] = 255;
    }
  }
  return { width: w, height: h, data: d };
}

function imports() {
  return {
    env: { emscripten_notify_memory_growth() {} },
    wasi_snapshot_preview1: { proc_exit(c) { throw new Error(`exit ${c}`); } },
  };
}

/**
 * A standalone instance of wasmBytes (the resize core) with a resizer, the
 * image copied into Wasm memory once and room for its resize to `tw` wide:
 * { e (exports), ctx, inPtr, inBytes, outPtr, outBytes, th }.
 */
export async function resizeInstance({ wasmBytes, image, tw = TW }) {
  const { instance } = await WebAssembly.instantiate(wasmBytes, imports());
  const e = instance.exports;
  if (e._initialize) e._initialize();
  const th = Math.round((image.height * tw) / image.width);
  const inBytes = image.width * image.height * 4;
  const outBytes = tw * th * 4;
  const r = { e, ctx: e.wf_resizer_alloc(), inPtr: e.wf_malloc(inBytes), inBytes, outPtr: e.wf_malloc(outBytes), outBytes, th };
  new Uint8Array(e.memory.buffer, r.inPtr, inBytes).set(image.data);
  return r;
}

/**
 * A standalone instance of wasmBytes with the image copied in once: call()
 * runs wf_resize on it and returns its ms (the first calls include V8's
 * compilation and tier-up); copyIn() times the copy into Wasm memory.
 */
export async function rawResizer({ wasmBytes, image = syntheticPhoto(), gamma = false }) {
  const { e, ctx, inPtr, inBytes, outPtr, outBytes, th } = await resizeInstance({ wasmBytes, image });
  const copyIn = () => new Uint8Array(e.memory.buffer, inPtr, inBytes).set(image.data);
  return {
    /** Copies the image into Wasm memory again; returns its ms. */
    copyIn() {
      const t = performance.now();
      copyIn();
      return performance.now() - t;
    },
    call() {
      const t = performance.now();
      const st = e.wf_resize(ctx, inPtr, inBytes, image.width, image.height, 0, 0, image.width, image.height,
        outPtr, outBytes, TW, th, 4, gamma ? 2 : 0);
      const ms = performance.now() - t;
      if (st !== 0) throw new Error(`wf_resize: ${st}`);
      return ms;
    },
  };
}

/** {raw: [ms...], api: [ms...], copyIn: [ms...]} for `calls` calls each. */
export async function diag({ wasmBytes, resizeModule, calls = 8, image = syntheticPhoto(), gamma = false }) {
  const out = { raw: [], copyIn: [] };
  const r = await rawResizer({ wasmBytes, image, gamma });
  for (let i = 0; i < calls; i++) out.raw.push(r.call());
  for (let i = 0; i < calls; i++) out.copyIn.push(r.copyIn());
  if (resizeModule) {
    out.api = [];
    for (let i = 0; i < calls; i++) {
      const t = performance.now();
      resizeModule.resize(image, { width: TW, filter: 'lanczos3', linear: !gamma });
      out.api.push(performance.now() - t);
    }
  }
  return out;
}
