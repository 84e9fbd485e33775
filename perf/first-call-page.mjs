// SPDX-License-Identifier: MIT
// first-call-page.mjs: the page of perf/first-call.mjs (see first-call.html).
//   decode               a cold page's first JPEG decodes (perf/lib/first-call.mjs)
//   worker-own           a chess Worker that compiles its own module (before module sharing)
//   worker-shared        the page compiles the module (compileModule) and posts it
//   worker-shared-warm   the same after the page has run the engine itself (tiered up)
// Worker figures: from creating the Worker (at the start, as createEngine()
// does) to 'ready', then two searches of
// the same position to the same depth (hash cleared between them): the first
// runs on whatever code the Worker has, the second on tiered-up code.
import { coldDecode } from './lib/first-call.mjs';

const params = new URLSearchParams(location.search);
const scenario = params.get('scenario');
const now = () => performance.now();
const scriptStart = now(); // ms since navigation start
const DEPTH = Number(params.get('depth') || 8);

async function workerScenario(share, warmPage) {
  const r = { scenario };
  const t0 = now();
  // as createEngine() does: the Worker starts loading its scripts while the page compiles
  const w = new Worker(new URL('../web/chess-worker.js', import.meta.url), { type: 'module' });
  const chess = await import('../web/chess.js');
  let backend = 'wasm';
  let module = null;
  if (share) {
    ({ backend, module } = await chess.compileModule({ backend: 'wasm' }));
    r.page_compile_ms = now() - t0;
  }
  if (warmPage) {
    await chess.init({ backend, module });
    const s = now();
    chess.perft('startpos', 5);
    r.page_warmup_ms = now() - s;
  }
  const lines = [];
  let waiting = null;
  w.onmessage = (ev) => {
    const m = ev.data;
    if (m.type === 'lines') lines.push(...m.lines);
    if (waiting && (m.type === 'ready' || m.type === 'error' || (m.type === 'lines' && m.lines.some((l) => l.startsWith('bestmove'))))) {
      const done = waiting;
      waiting = null;
      done(m);
    }
  };
  const until = (post) => new Promise((resolve) => { waiting = resolve; post(); });
  const ready = await until(() => w.postMessage({ type: 'init', backend, module }));
  if (ready.type === 'error') throw new Error(ready.message);
  r.worker_ready_ms = now() - t0; // from creating the Worker
  for (const key of ['first_search_ms', 'second_search_ms']) {
    const s = now();
    await until(() => {
      w.postMessage({ type: 'line', line: 'ucinewgame' });
      w.postMessage({ type: 'line', line: 'position startpos' });
      w.postMessage({ type: 'line', line: `go depth ${DEPTH}` });
    });
    r[key] = now() - s;
  }
  r.time_to_first_bestmove_ms = now() - t0 - r.second_search_ms;
  r.nodes = Number((lines.filter((l) => / nodes /.test(l)).pop() || '').match(/ nodes (\d+)/)?.[1] || 0);
  w.terminate();
  return r;
}

async function main() {
  if (scenario === 'decode') {
    const bytes = new Uint8Array(await (await fetch(params.get('input'))).arrayBuffer());
    const r = await coldDecode(new URL('../web/jpeg.js', import.meta.url).href, bytes);
    // the input's fetch is left out: as if the image were already there
    return { scenario, script_start_ms: scriptStart, navigation_to_first_result_ms: scriptStart + r.first_result_ms, ...r };
  }
  if (scenario === 'worker-own') return workerScenario(false, false);
  if (scenario === 'worker-shared') return workerScenario(true, false);
  if (scenario === 'worker-shared-warm') return workerScenario(true, true);
  throw new Error(`unknown scenario ${scenario}`);
}

main().then((r) => { self.__result = r; }, (e) => { self.__result = { error: String(e && e.stack || e) }; });
