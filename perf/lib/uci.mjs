// SPDX-License-Identifier: MIT
// uci.mjs: drives UCI chess engines from Node with one interface:
//   processEngine(path, args)  a native engine binary (our wasmforge-uci, /usr/games/stockfish)
//   stockfishJs(flavour)       the npm `stockfish` package's engine (Wasm, in this process):
//                              require('stockfish')(flavour) loads bin/stockfish-19-<flavour>.js
//                              and its .wasm; commands go in through engine.sendCommand(),
//                              lines come out through engine.listener.
// engine: { name, send(cmd), waitFor(regex, timeoutMs) -> line, lines (since last clear), close() }.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** Calls fn(line) for every line of a readable stream (text; a final CR is dropped). */
export function onLines(stream, fn) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).replace(/\r$/, '');
      buf = buf.slice(i + 1);
      fn(line);
    }
  });
}

function makeLineQueue() {
  const waiters = [];
  const q = {
    log: [],
    push(line) {
      q.log.push(line);
      if (q.log.length > 5000) q.log.splice(0, 2500);
      for (let i = 0; i < waiters.length; i++) {
        if (waiters[i].re.test(line)) {
          const w = waiters.splice(i, 1)[0];
          clearTimeout(w.timer);
          w.resolve(line);
          i--;
        }
      }
    },
    waitFor(re, timeoutMs = 60000) {
      return new Promise((resolve, reject) => {
        const w = { re, resolve };
        w.timer = setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${re}`));
        }, timeoutMs);
        waiters.push(w);
      });
    },
  };
  return q;
}

/** A native UCI engine in a child process. */
export async function processEngine(path, args = [], name = path) {
  const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const q = makeLineQueue();
  onLines(child.stdout, q.push);
  const exited = new Promise((r) => { child.on('exit', r); child.on('error', r); });
  child.on('error', (e) => q.push(`error ${e.message}`));
  const engine = {
    name,
    send(cmd) { child.stdin.write(`${cmd}\n`); },
    waitFor: q.waitFor,
    get log() { return q.log; },
    /** Sends quit, kills the engine if it has not exited 2 s later; resolves to its exit code. */
    async close() {
      try { child.stdin.write('quit\n'); } catch { /* gone */ }
      const t = setTimeout(() => child.kill('SIGKILL'), 2000);
      const code = await exited;
      clearTimeout(t);
      return code;
    },
  };
  return engine;
}

/** The npm stockfish package's engine, running in this process. flavour: 'lite-single' (default). */
export async function stockfishJs(flavour = 'lite-single') {
  const require = createRequire(import.meta.url);
  const initEngine = require('stockfish');
  const q = makeLineQueue();
  // The engine prints its banner with console.log before a listener can be set: keep it off stdout.
  const log = console.log;
  console.log = (...a) => q.push(a.join(' '));
  let sf;
  try {
    sf = await initEngine(flavour);
  } finally {
    console.log = log;
  }
  sf.listener = (line) => q.push(String(line));
  return {
    name: `stockfish.js 19 ${flavour} (npm)`,
    send(cmd) { sf.sendCommand(cmd); },
    waitFor: q.waitFor,
    get log() { return q.log; },
    async close() {
      try { sf.sendCommand('quit'); } catch { /* ignore */ }
      if (typeof sf.terminate === 'function') sf.terminate();
    },
  };
}

/** uci + isready handshake; sets options ({name: value}). Returns the engine's id name. */
export async function handshake(engine, options = {}, timeoutMs = 30000) {
  engine.send('uci');
  await engine.waitFor(/^uciok/, timeoutMs);
  const idLine = engine.log.find((l) => l.startsWith('id name')) || '';
  for (const [k, v] of Object.entries(options)) engine.send(`setoption name ${k} value ${v}`);
  engine.send('isready');
  await engine.waitFor(/^readyok/, timeoutMs);
  return idLine.slice(8);
}
