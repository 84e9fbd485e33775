// SPDX-License-Identifier: MIT
// chess-worker.js: hosts one chess engine in a module Worker (browsers) or a
// worker_threads Worker (Node). Protocol (structured-clone messages):
//   in:  { type: 'init', backend?, module?, sliceNodes?, threads?, memory?, ports? }   module: a compiled
//        WebAssembly.Module of that backend, from the host's compileModule(), so that the worker does not
//        compile its own; with threads > 1 (Lazy SMP, web/chess-threads.js): module is chess.mt.wasm,
//        memory its shared WebAssembly.Memory, ports one MessagePort per helper Worker (web/chess-helper.js)
//        { type: 'line', line }                    a raw UCI line
//        { type: 'call', id, op, ...args }         op: 'analyse', 'perft', 'stop', 'newGame', 'setOption'
//   out: { type: 'ready', backend, options, threads }   options: what 'uci' declares, parsed; threads: how
//                                                  many search threads this engine has (1, or init's threads)
//        { type: 'lines', lines: [...] }           every UCI output line, also those of calls
//        { type: 'info', id, info }                one per completed depth of an 'analyse' call
//        { type: 'reply', id, result } | { type: 'reply', id, error: {code, message} }
//        { type: 'error', code, message }
// A search runs in slices; between two slices the worker yields to its event
// loop with a macrotask, so that a 'stop' line (or call) is handled at once.
//
// The calls are parsed here, beside the engine, so the page gets whole
// objects: the engine prints all MultiPV lines of a depth in the slice that
// completes that depth, and a depth's object is sent when all its lines are
// in (or at the end of that slice's output). A raw line that ends a search
// (go, position, setoption, ucinewgame, stop, quit) ends a running call first,
// which then resolves with `stopped: true`.
//
// stockfish.js-compatible mode: a page that today does
//   const sf = new Worker('stockfish.js'); sf.onmessage = (e) => use(e.data); sf.postMessage('uci');
// can use new Worker('.../web/chess-worker.js', { type: 'module' }) the same way:
// when the first message is a string, every message is taken as a UCI line
// and every output line is posted back as a plain string (backend: auto).

import { init, ChessContext, gameState, parseInfo, resolvePosition, sanMoves } from './chess.js';
import { createThreads } from './chess-threads.js';
import { workerPort } from './worker-host.js';

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);
// The channel to the page, shared by every wasmforge Worker (web/worker-host.js).
const { post, listen } = workerPort();

const now = () => performance.now();
// A macrotask: setImmediate in Node; a MessageChannel message in browsers
// (setTimeout is clamped to 4 ms after a few nested calls).
let macrotask;
if (typeof setImmediate === 'function') {
  macrotask = (fn) => setImmediate(fn);
} else {
  const channel = new MessageChannel();
  const queue = [];
  channel.port1.onmessage = () => queue.shift()();
  macrotask = (fn) => {
    queue.push(fn);
    channel.port2.postMessage(0);
  };
}

let ctx = null;
// The helper threads (web/chess-threads.js), or null: one thread.
let threads = null;
let fixedSlice = 0;
const SLICE_MIN = 20;
const SLICE_MAX = 200000;
let slice = 50; // small at first: cold code (wasm2js before V8 optimises it) is slow
let pumping = false;
const pending = [];

let plainStrings = false; // stockfish.js-compatible mode

// The running call ('analyse' or 'perft'), or null.
let job = null;
// The MultiPV option as last set by a raw line or setOption (an analysis sets its own, then restores it).
let multiPVOption = 1;

const ENDS_SEARCH = new Set(['go', 'position', 'setoption', 'ucinewgame', 'stop', 'quit']);

function send(lines) {
  if (!lines.length) return;
  if (plainStrings) for (const line of lines) post(line);
  else post({ type: 'lines', lines });
}

// Output of the engine: posted as raw lines, then read for the running call.
function emit(lines) {
  send(lines);
  if (job) observe(lines);
}

function pump() {
  if (!ctx || !ctx.searching) {
    pumping = false;
    return;
  }
  const t0 = now();
  if (threads) threads.beforeSlice();
  const r = ctx.slice(fixedSlice || slice, t0);
  if (threads) threads.afterSlice();
  emit(r.lines);
  if (!fixedSlice && r.running && !r.waiting) {
    // the slice used its whole budget: aim at about 5 ms per slice (a long
    // slice, e.g. while wasm2js code is still cold, shrinks the next at once)
    const dt = now() - t0;
    if (dt > 8) slice = Math.max(SLICE_MIN, Math.round((slice * 5) / dt));
    else if (dt < 3) slice = Math.min(SLICE_MAX, slice * (dt < 1 ? 4 : 2));
  }
  if (r.waiting) setTimeout(pump, 20); // idle until 'stop' or 'ponderhit'
  else if (r.running) macrotask(pump);
  else pumping = false;
}

// Runs one UCI line on the engine (no checks); its output is emitted.
function exec(line) {
  if (threads) threads.beforeCommand(line);
  emit(ctx.command(line, now()));
  if (threads) threads.afterCommand(line);
  if (/^\s*setoption\s+name\s+multipv\s+value\s+\d+\s*$/i.test(line) && ctx.lastStatus === 0 && !(job && job.settingMultiPV)) {
    multiPVOption = Number(/(\d+)\s*$/.exec(line)[1]);
  }
  if (ctx.quitRequested) {
    // 'quit': free the engine and end this worker
    ctx.free();
    ctx = null;
    if (isNode) process.exit(0);
    else self.close();
    return;
  }
  if (ctx.searching && !pumping) {
    pumping = true;
    macrotask(pump);
  }
}

// A raw line from the page.
function handle(line) {
  const first = String(line).trim().split(/\s+/)[0];
  if (job && ENDS_SEARCH.has(first)) {
    job.stopped = true;
    if (first !== 'stop') exec('stop');
  }
  exec(line);
}

// Ends the running call (it resolves with stopped: true) and any raw search.
function stopSearch() {
  if (job) job.stopped = true;
  if (job || ctx.searching) exec('stop');
}

// ---------------------------------------------------------------- calls

const negate = (score) => (score.cp !== undefined ? { cp: score.cp === 0 ? 0 : -score.cp } : { mate: score.mate === 0 ? 0 : -score.mate });

function reply(id, result) {
  post({ type: 'reply', id, result });
}

function replyError(id, e) {
  post({ type: 'reply', id, error: { code: (e && e.code) || 'INTERNAL_ERROR', message: String((e && e.message) || e) } });
}

function observe(lines) {
  for (const line of lines) {
    if (!job) return;
    if (job.kind === 'perft') {
      const m = /^([a-h][1-8][a-h][1-8][qrbn]?): (\d+)$/.exec(line);
      if (m) job.moves[m[1]] = Number(m[2]);
      else if (line.startsWith('Nodes searched: ')) finish({ nodes: Number(line.slice(16)), moves: job.moves });
      continue;
    }
    if (line.startsWith('info ')) {
      const info = parseInfo(line);
      if (info.depth > 0 && info.multipv > 0 && info.pv && info.score && !info.bound) {
        if (job.group.length && job.group[0].depth !== info.depth) flushDepth();
        job.group.push(info);
        if (job.group.length >= job.expected) flushDepth();
      }
    } else if (line.startsWith('bestmove')) {
      flushDepth();
      const t = line.split(/\s+/);
      finishAnalysis(t[1] === '(none)' ? null : t[1], t[2] === 'ponder' ? t[3] : null);
    }
  }
  // The engine prints all lines of a depth in the slice that completes it.
  if (job && job.kind === 'analyse') flushDepth();
}

function lineOf(info) {
  const white = job.turn === 'w';
  return {
    multipv: info.multipv,
    depth: info.depth,
    seldepth: info.seldepth ?? info.depth,
    score: info.score,
    whiteScore: white ? info.score : negate(info.score),
    pv: info.pv,
    pvSan: sanMoves(job.current, info.pv),
    nodes: info.nodes ?? 0,
  };
}

function flushDepth() {
  const group = job.group;
  if (!group.length) return;
  job.group = [];
  group.sort((a, b) => a.multipv - b.multipv);
  const lines = group.map(lineOf);
  const top = lines[0];
  const last = group[group.length - 1];
  const info = {
    depth: top.depth,
    seldepth: Math.max(...lines.map((l) => l.seldepth)),
    nodes: last.nodes ?? 0,
    nps: last.nps ?? 0,
    timeMs: last.timeMs ?? 0,
    hashfull: last.hashfull ?? 0,
    score: top.score,
    whiteScore: top.whiteScore,
    bestmove: top.pv[0],
    ponder: top.pv[1] ?? null,
    pv: top.pv,
    pvSan: top.pvSan,
    lines,
  };
  job.last = info;
  post({ type: 'info', id: job.id, info });
}

function finishAnalysis(bestmove, ponder) {
  const last = job.last;
  const mated = job.legal.length === 0;
  const score = last ? last.score : mated ? (job.inCheck ? { mate: 0 } : { cp: 0 }) : null;
  const result = {
    bestmove,
    bestmoveSan: bestmove ? sanMoves(job.current, [bestmove])[0] ?? null : null,
    ponder,
    score,
    whiteScore: score && (job.turn === 'w' ? score : negate(score)),
    depth: last ? last.depth : 0,
    seldepth: last ? last.seldepth : 0,
    nodes: last ? last.nodes : 0,
    nps: last ? last.nps : 0,
    hashfull: last ? last.hashfull : 0,
    pv: last ? last.pv : bestmove ? [bestmove] : [],
    pvSan: last ? last.pvSan : bestmove ? sanMoves(job.current, [bestmove]) : [],
    lines: last ? last.lines : [],
  };
  finish(result);
}

function finish(result) {
  const done = job;
  job = null;
  result.timeMs = Math.round((now() - done.t0) * 10) / 10;
  result.stopped = !!done.stopped;
  if (done.multiPV !== undefined && done.multiPV !== multiPVOption) {
    emit(ctx.command(`setoption name MultiPV value ${multiPVOption}`, now()));
  }
  reply(done.id, result);
}

// The go parameters of an analysis (checked by the page, again here).
function goLine(o, legal) {
  const parts = ['go'];
  if (o.infinite) parts.push('infinite');
  if (o.depth !== undefined) parts.push('depth', String(o.depth));
  if (o.movetime !== undefined) parts.push('movetime', String(o.movetime));
  if (o.nodes !== undefined) parts.push('nodes', String(o.nodes));
  if (o.searchMoves && o.searchMoves.length) {
    for (const m of o.searchMoves) {
      if (!legal.includes(m)) {
        const e = new Error(`analyse: searchMoves "${m}" is not a legal move in the position`);
        e.code = 'CHESS_ILLEGAL_MOVE';
        throw e;
      }
    }
    parts.push('searchmoves', ...o.searchMoves);
  }
  return parts.join(' ');
}

function startJob(m, kind) {
  const pos = resolvePosition(m.position, kind);
  const fields = pos.current.split(' ');
  const base = { id: m.id, kind, t0: 0, stopped: false, current: pos.current, turn: fields[1], legal: pos.legal };
  const go = kind === 'perft' ? `go perft ${m.depth}` : goLine(m.options, pos.legal);
  stopSearch();
  const moves = pos.moves.length ? ` moves ${pos.moves.join(' ')}` : '';
  if (kind === 'perft') {
    job = { ...base, moves: {} };
  } else {
    const multiPV = m.options.multiPV ?? multiPVOption;
    const n = m.options.searchMoves && m.options.searchMoves.length ? m.options.searchMoves.length : pos.legal.length;
    job = { ...base, group: [], last: null, multiPV, expected: Math.max(1, Math.min(multiPV, n)), inCheck: false };
    if (pos.legal.length === 0) job.inCheck = gameState(pos.current).check;
    if (multiPV !== multiPVOption) {
      job.settingMultiPV = true;
      exec(`setoption name MultiPV value ${multiPV}`);
      job.settingMultiPV = false;
    }
  }
  exec(`position fen ${pos.fen}${moves}`);
  job.t0 = now();
  exec(go);
  const err = ctx && ctx.lastError;
  if (err && job && job.id === m.id) {
    // the engine refused the search (the page checks the options first, so this is a bug)
    job = null;
    replyError(m.id, err);
  }
}

function call(m) {
  try {
    switch (m.op) {
      case 'analyse':
      case 'perft':
        startJob(m, m.op);
        return; // replied when the search ends
      case 'stop':
        if (m.only === undefined || (job && job.id === m.only)) stopSearch();
        return reply(m.id, null);
      case 'newGame':
        stopSearch();
        exec('ucinewgame');
        return reply(m.id, null);
      case 'threadStats':
        // (tests) the node counts of the last search, per thread
        return reply(m.id, threads ? threads.stats() : { threads: 1, nodes: [] });
      case 'setOption': {
        stopSearch();
        exec(m.value === undefined ? `setoption name ${m.name}` : `setoption name ${m.name} value ${m.value}`);
        const err = ctx && ctx.lastError;
        return err ? replyError(m.id, err) : reply(m.id, null);
      }
      default:
        return replyError(m.id, { code: 'INVALID_ARGUMENT', message: `unknown call ${m.op}` });
    }
  } catch (e) {
    if (job && job.id === m.id) job = null;
    replyError(m.id, e);
  }
}

// The options the engine declares in answer to 'uci', parsed.
function declaredOptions() {
  const options = [];
  for (const line of ctx.command('uci', now())) {
    const t = line.split(/\s+/);
    if (t[0] !== 'option' || t[1] !== 'name') continue;
    const ti = t.indexOf('type');
    const o = { name: t.slice(2, ti).join(' '), type: t[ti + 1] };
    for (let i = ti + 2; i < t.length; i += 2) {
      if (t[i] === 'var') (o.vars ||= []).push(t[i + 1]);
      else if (t[i] === 'min' || t[i] === 'max') o[t[i]] = Number(t[i + 1]);
      else if (t[i] === 'default') o.default = o.type === 'spin' ? Number(t[i + 1]) : o.type === 'check' ? t[i + 1] === 'true' : t[i + 1];
    }
    options.push(o);
  }
  return options;
}

let starting = null;

listen(async (m) => {
  try {
    if (typeof m === 'string') {
      // stockfish.js-compatible mode: init on first use, lines in, strings out
      if (!ctx) {
        plainStrings = true;
        pending.push(m);
        if (!starting) {
          starting = init({}).then(() => {
            ctx = new ChessContext();
            for (const line of pending.splice(0)) if (ctx) handle(line);
          });
        }
        await starting;
        return;
      }
      for (const line of m.split('\n')) if (ctx && line.trim()) handle(line);
      return;
    }
    if (m.type === 'init') {
      // m.module: the host's compiled WebAssembly.Module (see createEngine), or null
      const backend = await init({ backend: m.backend, module: m.module || undefined, memory: m.memory || undefined });
      ctx = new ChessContext();
      fixedSlice = m.sliceNodes >>> 0;
      if (m.threads > 1) threads = await createThreads(ctx, m);
      post({ type: 'ready', backend, options: declaredOptions(), threads: threads ? threads.count : 1 });
      for (const line of pending.splice(0)) handle(line);
    } else if (m.type === 'line') {
      if (!ctx) pending.push(m.line); // before 'ready' (lines after 'quit' are dropped with the worker)
      else handle(m.line);
    } else if (m.type === 'call') {
      if (!ctx) replyError(m.id, { code: 'INVALID_ARGUMENT', message: 'chess engine: not started, or quit' });
      else call(m);
    }
  } catch (e) {
    post({ type: 'error', code: (e && e.code) || 'INTERNAL_ERROR', message: String((e && e.message) || e) });
  }
});
