// SPDX-License-Identifier: MIT
// chess-threads.js: the main engine's side of Lazy SMP in Wasm, used by
// web/chess-worker.js when createEngine({threads}) runs more than one search
// thread (see docs/chess-search.md, "Threads in Wasm"). What the native host
// (core/chess/uci_main.c) does with pthreads, done with Workers over one
// shared memory (chess.mt.wasm):
//
// - This Worker (the main one) owns everything: it allocates one engine per
//   helper (sharing the main engine's transposition table:
//   wf_chess_share_table), each helper's stack, and runs every UCI command,
//   the helpers' too, while they are idle. The module's allocator is not
//   thread-safe, so nothing else ever allocates.
// - A helper Worker (web/chess-helper.js) only runs search slices of its own
//   engine. When the main engine starts a search, this side gives each
//   helper engine the last 'position' line and 'go infinite', then posts
//   'go'; when the main engine has written 'bestmove' it sets the helpers'
//   stop flags (Atomics), which they read between slices (a few ms).
// - Before a command that starts a search or changes the position, the
//   options or the table (go, position, setoption, ucinewgame, quit) this
//   side waits (Atomics.wait) until every helper is idle, so the table is
//   resized or cleared only while no thread searches.
// - Helpers publish their node counts in the control words; the main
//   engine's 'info' lines add them (wf_chess_set_helper_nodes).
// - Weakened play (UCI_LimitStrength, Skill Level < 20) and 'go perft' use
//   the main thread only; 'Threads' (1 to the count the engine was made with)
//   sets how many threads search.

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);
const now = () => performance.now();

/** Bytes of stack per helper (the linker's stack, used by the main instance, is as large). */
const HELPER_STACK = 1 << 20;
/** Longest wait for a helper to go idle before it is given up (it normally takes a few ms). */
const IDLE_TIMEOUT_MS = 5000;
/** Longest wait for a helper to begin a search (it normally takes well under 1 ms). */
const START_TIMEOUT_MS = 100;

// The busy word of a helper: idle, given 'go' (set here), searching (set by the helper).
const IDLE = 0;
const GIVEN_GO = 1;
const SEARCHING = 2;

const firstWord = (line) => String(line).trim().split(/\s+/)[0];

function onPort(port, fn) {
  if (isNode) port.on('message', fn);
  else port.onmessage = (ev) => fn(ev.data);
}

/**
 * Sets up the helpers of the main engine `ctx` (a ChessContext of the
 * threaded module): m = the init message { threads, module, memory, ports }.
 * Resolves when every helper has instantiated the module.
 */
export async function createThreads(ctx, m) {
  const rt = ctx._rt;
  const x = rt.exports;
  const main = ctx._e;
  const count = m.threads;
  const nhelpers = count - 1;
  if (!m.ports || m.ports.length !== nhelpers || !m.memory) throw new Error('chess threads: one port per helper and the memory are needed');
  x.wf_chess_set_threads_max(main, count);
  ctx.command(`setoption name Threads value ${count}`);

  // control words, 4 per helper: [stop, busy (IDLE, GIVEN_GO, SEARCHING), nodes lo, nodes hi]
  const control = new Int32Array(new SharedArrayBuffer(16 * nhelpers));
  const stopLine = rt.stringIn('stop');
  const scratch = rt.alloc(8);
  const helpers = [];
  for (let i = 0; i < nhelpers; i++) {
    const engine = x.wf_chess_engine_alloc() >>> 0;
    if (!engine || x.wf_chess_share_table(engine, main) !== 0) throw new Error('chess threads: could not allocate a helper engine');
    x.wf_chess_set_thread_index(engine, i + 1);
    x.wf_chess_output_clear(engine);
    const stack = rt.alloc(HELPER_STACK);
    const nodesPtr = rt.alloc(8);
    const h = { index: i, engine, port: m.ports[i], alive: true, base: 4 * i };
    control[h.base] = 1;
    helpers.push(h);
    await new Promise((resolve, reject) => {
      let started = false;
      onPort(h.port, (msg) => {
        if (msg && msg.type === 'started') {
          started = true;
          resolve();
        } else if (msg && msg.type === 'error') {
          h.alive = false;
          if (!started) reject(new Error(`chess helper thread ${i + 1}: ${msg.message}`));
        }
      });
      h.port.postMessage({
        type: 'start', module: rt.module, memory: m.memory, engine, stackTop: (stack + HELPER_STACK) & ~15,
        stopLine, nodesPtr, control: control.buffer, index: i,
      });
    });
  }

  let running = false; // the helpers were given a search and not yet told to stop
  let lastPosition = null; // the main engine's last 'position' line
  let limit = false;
  let skill = 20;
  let useNnueLine = null;

  // Runs a UCI line on an idle helper's engine (here: the allocator is used).
  function helperCommand(h, line) {
    const p = rt.stringIn(line);
    try {
      x.wf_chess_command(h.engine, p, now());
    } finally {
      rt.free(p);
    }
    x.wf_chess_output_clear(h.engine);
  }

  const active = () => helpers.slice(0, Math.max(0, x.wf_chess_threads(main) - 1)).filter((h) => h.alive);

  function stop() {
    for (const h of helpers) {
      Atomics.store(control, h.base, 1);
      Atomics.notify(control, h.base);
    }
    running = false;
  }

  // Stops the helpers and waits until none searches.
  function waitIdle() {
    stop();
    for (const h of helpers) {
      if (!h.alive) continue;
      const t0 = now();
      for (let busy; (busy = Atomics.load(control, h.base + 1)) !== IDLE; ) {
        Atomics.wait(control, h.base + 1, busy, 50);
        if (now() - t0 > IDLE_TIMEOUT_MS) {
          h.alive = false; // a thread that does not answer is not used again
          break;
        }
      }
    }
  }

  // Starts the helpers' searches and waits until each has begun, so that the
  // threads search together from the main engine's first slice (a helper
  // whose Worker is slow to get the message must not miss a short search).
  function start() {
    const list = active();
    for (const h of list) {
      if (lastPosition) helperCommand(h, lastPosition);
      helperCommand(h, 'go infinite');
      Atomics.store(control, h.base, 0);
      Atomics.store(control, h.base + 1, GIVEN_GO);
      h.port.postMessage({ type: 'go' });
    }
    const t0 = now();
    for (const h of list) {
      for (let left; Atomics.load(control, h.base + 1) === GIVEN_GO && (left = START_TIMEOUT_MS - (now() - t0)) > 0; ) {
        Atomics.wait(control, h.base + 1, GIVEN_GO, left);
      }
    }
    running = list.length > 0;
  }

  function helperNodes() {
    let n = 0;
    for (const h of helpers) n += (Atomics.load(control, h.base + 2) >>> 0) + (Atomics.load(control, h.base + 3) >>> 0) * 4294967296;
    return n;
  }

  return {
    count,
    beforeCommand(line) {
      const w = firstWord(line);
      if (w !== 'go' && w !== 'position' && w !== 'setoption' && w !== 'ucinewgame' && w !== 'quit') return;
      waitIdle();
      if (w === 'position') lastPosition = String(line).trim();
      else if (w === 'ucinewgame') {
        lastPosition = null;
        for (const h of helpers) if (h.alive) helperCommand(h, 'ucinewgame');
      } else if (w === 'setoption') {
        const v = / value (.*)$/i.exec(line);
        if (/ name\s+UCI_LimitStrength\b/i.test(line) && v) limit = /true/i.test(v[1]);
        else if (/ name\s+Skill Level\b/i.test(line) && v) skill = parseInt(v[1], 10);
        else if (/ name\s+Use NNUE\b/i.test(line)) {
          useNnueLine = String(line).trim();
          for (const h of helpers) if (h.alive) helperCommand(h, useNnueLine);
        }
      }
    },
    afterCommand(line) {
      const w = firstWord(line);
      if (w === 'go') for (const h of helpers) control[h.base + 2] = control[h.base + 3] = 0; // (all idle now)
      if (w === 'go' && ctx.searching && !/\bperft\b/.test(line) && !limit && !(skill < 20)) {
        x.wf_chess_set_helper_nodes(main, 0, 0);
        start();
      }
      if (running && !ctx.searching) stop();
    },
    beforeSlice() {
      if (!running) return;
      const n = helperNodes();
      x.wf_chess_set_helper_nodes(main, n % 4294967296, Math.floor(n / 4294967296));
    },
    afterSlice() {
      if (running && !ctx.searching) stop();
    },
    /** The node counts of the last search: { threads, nodes: [main, helper 1, ...] }. */
    stats() {
      x.wf_chess_search_nodes(main, scratch, scratch + 4);
      const mainNodes = rt.readU32(scratch) + rt.readU32(scratch + 4) * 4294967296;
      const nodes = [mainNodes];
      for (const h of helpers) nodes.push((Atomics.load(control, h.base + 2) >>> 0) + (Atomics.load(control, h.base + 3) >>> 0) * 4294967296);
      return { threads: 1 + active().length, nodes };
    },
  };
}
