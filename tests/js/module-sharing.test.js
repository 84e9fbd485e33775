// SPDX-License-Identifier: MIT
// Compiled modules shared with Workers (web/loader.js compileModule() and
// init({backend, module})): a .wasm is compiled once per realm, the module a
// host posts is what the Worker instantiates, and misuse fails clearly.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import * as flate from '../../web/deflate.js';
import * as chess from '../../web/chess.js';
import { WasmforgeError } from '../../web/errors.js';
import { backendsFor, textBytes, equalBytes } from './support.js';

const WASM_BACKENDS = backendsFor('deflate').filter((b) => b !== 'wasm2js');

it('compileModule() compiles each build once and init({backend, module}) instantiates it', async () => {
  for (const backend of WASM_BACKENDS) {
    const a = await flate.compileModule({ backend });
    const b = await flate.compileModule({ backend });
    assert.equal(a.backend, backend);
    assert.ok(a.module instanceof WebAssembly.Module);
    assert.equal(a.module, b.module, 'cached: one module per build and realm');
    assert.equal(await flate.init({ backend, module: a.module }), backend);
    const data = textBytes(10_000);
    assert.ok(equalBytes(flate.inflate(flate.deflate(data)), data));
  }
  const auto = await flate.compileModule();
  assert.ok(WASM_BACKENDS.includes(auto.backend), auto.backend);
  assert.deepEqual(await flate.compileModule({ backend: 'wasm2js' }), { backend: 'wasm2js', module: null });
});

it('init({module}) checks the module; without a backend it is taken as the plain Wasm build', async () => {
  const { module } = await flate.compileModule({ backend: 'wasm' });
  assert.equal(await flate.init({ module }), 'wasm');
  assert.equal(await flate.init({ module, backend: 'auto' }), 'wasm');
  for (const options of [{ module, backend: 'wasm2js' }, { module: {}, backend: 'wasm' },
    { module: new Uint8Array(8), backend: 'wasm' }]) {
    await assert.rejects(flate.init(options), (e) => e instanceof WasmforgeError && e.code === 'INVALID_ARGUMENT', JSON.stringify(Object.keys(options)));
  }
});

it('a module posted to a worker_threads Worker instantiates there without compiling', async () => {
  const { backend, module } = await flate.compileModule({ backend: 'wasm' });
  const source = `
    import { parentPort } from 'node:worker_threads';
    const flate = await import(${JSON.stringify(new URL('../../web/deflate.js', import.meta.url).href)});
    parentPort.on('message', async ({ backend, module, data }) => {
      // compiling is made impossible here: only the posted module can be used
      WebAssembly.compile = WebAssembly.compileStreaming = () => Promise.reject(new Error('compiled in the worker'));
      const got = await flate.init({ backend, module });
      parentPort.postMessage({ got, out: flate.inflate(flate.deflate(data)) });
    });`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`));
  try {
    const data = textBytes(5000);
    const reply = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage({ backend, module, data });
    });
    assert.equal(reply.got, backend);
    assert.ok(equalBytes(reply.out, data));
  } finally {
    await worker.terminate();
  }
});

it('the chess engine Worker is handed the page\'s compiled module', async () => {
  const engine = await chess.createEngine({ backend: 'wasm' });
  try {
    assert.equal(engine.backend, 'wasm');
    engine.send('position startpos');
    engine.send('go depth 3');
    assert.match(await engine.waitFor('bestmove', 20000), /^bestmove [a-h][1-8][a-h][1-8]/);
  } finally {
    engine.terminate();
  }
  const compiled = await chess.compileModule({ backend: 'wasm' });
  assert.equal((await chess.compileModule({ backend: 'wasm' })).module, compiled.module);
});
