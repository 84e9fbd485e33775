// SPDX-License-Identifier: MIT
// wasm2js-memory.test.js: the memory of the wasm2js modules
// (polyfill/wasm2js-memory.mjs). Growth within the buffer's capacity just
// works; growth past it is refused, then memory.enlarge() moves the instance
// to a larger buffer with its data, and the JS API retries the operation there.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import * as flate from '../../web/deflate.js';
import * as chess from '../../web/chess.js';
import { DEFAULT_CAPACITY_PAGES } from '../../polyfill/wasm2js-memory.mjs';
import { REPO_ROOT } from './support.js';

const PAGE = 65536;
const CAPACITY = DEFAULT_CAPACITY_PAGES * PAGE;

const imports = () => ({
  env: { emscripten_notify_memory_growth() {} },
  wasi_snapshot_preview1: { proc_exit(code) { throw new Error(`exit ${code}`); } },
});

it('memory.enlarge() moves an instance past its capacity and keeps its data', async () => {
  const { instantiate } = await import(pathToFileURL(join(REPO_ROOT, 'dist/deflate.wasm2js.js')).href);
  const first = instantiate(imports());
  first._initialize();
  const { memory } = first;
  assert.equal(memory.buffer.byteLength, CAPACITY);
  const pages = memory.pages;
  assert.ok(pages >= 1 && pages * PAGE < CAPACITY, `starts at ${pages} pages`);

  // within the capacity: a grow only moves memory.size
  const small = first.wf_malloc(8 * 1024 * 1024);
  assert.ok(small > 0);
  assert.ok(memory.pages > pages && memory.pages * PAGE <= CAPACITY);
  assert.equal(memory.refusedPages, 0);
  const pattern = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7 + 3) & 255);
  new Uint8Array(memory.buffer).set(pattern, small);
  const stack = first.stackSave();

  // past it: refused, and remembered
  const size = CAPACITY + 16 * 1024 * 1024;
  assert.equal(first.wf_malloc(size), 0);
  assert.ok(memory.refusedPages * PAGE >= size, `refused ${memory.refusedPages} pages`);
  const pagesBefore = memory.pages;

  const second = memory.enlarge();
  assert.ok(second && second !== first);
  assert.ok(second.memory.buffer.byteLength >= memory.refusedPages * PAGE || memory.refusedPages === 0);
  assert.equal(second.memory.pages, pagesBefore, 'same memory.size');
  assert.equal(second.memory.refusedPages, 0);
  assert.equal(second.stackSave(), stack, 'same stack pointer');
  assert.deepEqual(new Uint8Array(second.memory.buffer, small, pattern.length), pattern, 'same data');
  const big = second.wf_malloc(size);
  assert.ok(big > 0, 'the allocation fits now');
  second.wf_free(big);
  second.wf_free(small);
  assert.equal(second.memory.enlarge(), null, 'nothing refused, nothing to do');

  // beyond the module's maximum (2 GiB) nothing is remembered: a real out-of-memory
  assert.equal(second.wf_malloc(0xf0000000), 0);
  assert.equal(second.memory.refusedPages, 0);
});

it('inflate to more than the first buffer holds, on wasm2js: retried on a larger memory', async () => {
  await flate.init({ backend: 'wasm2js' });
  const size = CAPACITY + 40 * 1024 * 1024;
  const plain = new Uint8Array(size);
  for (let i = 0; i < size; i += 4099) plain[i] = i & 255;
  const packed = zlib.deflateSync(plain, { level: 1 });
  assert.ok(flate.memorySize() < CAPACITY);
  const out = flate.zlibDecompress(packed);
  assert.equal(out.length, size);
  assert.ok(Buffer.from(out.buffer, out.byteOffset, out.length).equals(Buffer.from(plain.buffer)), 'same bytes');
  assert.ok(flate.memorySize() > CAPACITY, `memory now ${flate.memorySize()} bytes`);
  // the module stays usable, and oversized requests still fail cleanly
  assert.equal(Buffer.from(flate.zlibDecompress(zlib.deflateSync('still works'))).toString(), 'still works');
  assert.throws(() => flate.zlibDecompress(packed, { maxOutputLength: 1000 }), { code: 'OUTPUT_LIMIT' });
});

it('chess on wasm2js: a hash table larger than the first buffer', async () => {
  await chess.init({ backend: 'wasm2js' });
  const ctx = new chess.ChessContext();
  try {
    ctx.command('setoption name Hash value 96');
    assert.equal(ctx.lastStatus, 0, 'Hash 96 MB accepted');
    assert.ok(chess.memorySize() > 96 * 1024 * 1024);
    ctx.command('position startpos moves e2e4');
    const lines = ctx.command('go depth 4');
    let all = lines;
    while (ctx.searching) all = all.concat(ctx.slice(50000).lines);
    assert.ok(all.some((l) => /^bestmove [a-h][1-8][a-h][1-8]/.test(l)), all.join('\n'));
  } finally {
    ctx.free();
  }
});
