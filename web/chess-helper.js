// SPDX-License-Identifier: MIT
// chess-helper.js: one helper search thread of a threaded chess engine (Lazy
// SMP in Wasm, see createEngine({threads}) in web/chess.js and
// docs/chess-search.md "Threads in Wasm"). A module Worker (browsers) or a
// worker_threads Worker (Node) started by the page; it talks only to the main
// engine's Worker (web/chess-worker.js), through the MessagePort the page
// hands it:
//   page -> helper:  { type: 'port', port }                (transferred)
//   main -> helper:  { type: 'start', module, memory, engine, stackTop, stopLine, nodesPtr, control, index }
//                    { type: 'go' }                         search until the stop flag is set
//   helper -> main:  { type: 'started' } | { type: 'error', message }
//
// The helper owns nothing: its engine, stack, the 'stop' line and a scratch
// word were allocated by the main Worker in the one shared memory, and the
// main Worker sets the engine's position and starts its 'go infinite'
// before posting 'go' (every allocation and every UCI command runs there;
// the allocator is not thread-safe). Here only search slices of this
// engine run, then its 'stop'. Shared control words (Int32Array `control`,
// 4 per helper at 4 * index): [stop, busy, nodes lo, nodes hi]; busy is set
// to 1 by the main Worker before 'go', to 2 here when the search begins (the
// main Worker waits for it) and to 0 here when the search has ended (each
// change with Atomics.notify).

import { threadInstance } from './loader.js';
import { workerPort } from './worker-host.js';

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);
const now = () => performance.now();

let x = null; // the exports of this thread's instance
let job = null;

function search() {
  const { engine, stopLine, nodesPtr, control, base } = job;
  const memory = job.memory;
  let slice = 2000;
  Atomics.store(control, base + 1, 2);
  Atomics.notify(control, base + 1);
  const publish = () => {
    x.wf_chess_search_nodes(engine, nodesPtr, nodesPtr + 4);
    const words = new Uint32Array(memory.buffer, nodesPtr, 2);
    Atomics.store(control, base + 2, words[0] | 0);
    Atomics.store(control, base + 3, words[1] | 0);
  };
  while (Atomics.load(control, base) === 0) {
    const t0 = now();
    const r = x.wf_chess_search_slice(engine, t0, slice);
    x.wf_chess_output_clear(engine);
    publish();
    if (r === 0) break;
    if (r === 2) {
      // searched as deep as it goes: sleep until stopped
      Atomics.wait(control, base, 0, 5);
      continue;
    }
    // about 2-5 ms per slice, so that the stop flag is seen within a few ms
    const dt = now() - t0;
    if (dt > 5 && slice > 500) slice >>= 1;
    else if (dt < 2 && slice < 1000000) slice <<= 1;
  }
  x.wf_chess_command(engine, stopLine, now());
  x.wf_chess_output_clear(engine);
  publish();
  Atomics.store(control, base + 1, 0);
  Atomics.notify(control, base + 1);
}

function onPortMessage(port, m) {
  try {
    if (m.type === 'start') {
      x = threadInstance(m.module, m.memory, m.stackTop);
      job = { memory: m.memory, engine: m.engine, stopLine: m.stopLine, nodesPtr: m.nodesPtr, control: new Int32Array(m.control), base: 4 * m.index };
      port.postMessage({ type: 'started' });
    } else if (m.type === 'go') {
      search();
    }
  } catch (e) {
    if (job) {
      // the main Worker must not wait for a thread that failed
      Atomics.store(job.control, job.base + 1, 0);
      Atomics.notify(job.control, job.base + 1);
    }
    port.postMessage({ type: 'error', message: String((e && e.message) || e) });
  }
}

function listenPort(port) {
  if (isNode) port.on('message', (m) => onPortMessage(port, m));
  else port.onmessage = (ev) => onPortMessage(port, ev.data);
}

// The channel to the page, shared by every wasmforge Worker (web/worker-host.js).
workerPort().listen((m) => {
  if (m && m.type === 'port') listenPort(m.port);
});
