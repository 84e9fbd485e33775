// SPDX-License-Identifier: MIT
// first-call.mjs: what a cold page (or process) pays before its first result,
// environment-neutral (perf/first-call-page.mjs in Chromium, the child of
// perf/first-call.mjs in Node). V8 runs a new module's functions first as
// Liftoff code and tiers them up to TurboFan in the background; the
// optimised code is used from a function's next call on, so the first calls
// of a long operation are slower than the steady state.

const now = () => performance.now();

/**
 * Cold JPEG decode: import web/jpeg.js, init(), then `calls` decodes into one
 * reused output (so the figures are the Wasm's, not the allocator's).
 * @returns {{backend, import_ms, init_ms, first_result_ms, calls_ms: number[]}}
 *   first_result_ms: from the start of the import to the first decoded image
 */
export async function coldDecode(moduleUrl, bytes, calls = 30) {
  const t0 = now();
  const jpeg = await import(moduleUrl);
  const t1 = now();
  const backend = await jpeg.init();
  const t2 = now();
  const { width, height } = jpeg.readHeader(bytes);
  const output = new Uint8ClampedArray(width * height * 4);
  const callsMs = [];
  let firstResult = 0;
  for (let i = 0; i < calls; i++) {
    const s = now();
    jpeg.decode(bytes, { output });
    callsMs.push(now() - s);
    if (i === 0) firstResult = now() - t0;
  }
  return { backend, import_ms: t1 - t0, init_ms: t2 - t1, first_result_ms: firstResult, calls_ms: callsMs };
}

/** The median of a list of numbers. */
export function median(list) {
  const s = [...list].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : null;
}
