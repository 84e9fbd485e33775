// SPDX-License-Identifier: MIT
// resize-diag.mjs: where the time of one 12 MP -> 1600 px resize goes, the
// same code in Node and in a page (perf/resize-diag.mjs drives both).
// Times, call by call: the raw wf_resize() export of a standalone instance
// (no copies), and resize() of web/resize.js (copy in, resize, copy out).
const W = 4032;
const H = 3024;
const TW = 1600;
const TH = Math.round((H * TW) / W);

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
 * A standalone instance of wasmBytes with the image copied in once: call()
 * runs wf_resize on it and returns its ms (the first calls include V8's
 * compilation and tier-up); copyIn() times the copy into Wasm memory.
 */
export async function rawResizer({ wasmBytes, image = syntheticPhoto(), gamma = false }) {
  const { instance } = await WebAssembly.instantiate(wasmBytes, imports());
  const e = instance.exports;
  if (e._initialize) e._initialize();
  const ctx = e.wf_resizer_alloc();
  const inBytes = image.width * image.height * 4;
  const outBytes = TW * TH * 4;
  const inPtr = e.wf_malloc(inBytes);
  const outPtr = e.wf_malloc(outBytes);
  const copyIn = () => new Uint8Array(e.memory.buffer, inPtr, inBytes).set(image.data);
  copyIn();
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
        outPtr, outBytes, TW, TH, 4, gamma ? 2 : 0);
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
