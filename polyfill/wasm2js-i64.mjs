// SPDX-License-Identifier: MIT
// wasm2js-i64.mjs: rewrites the i64 code of binaryen's wasm2js output for speed
// (used by polyfill/build-wasm2js.mjs).
//
// binaryen lowers i64 to pairs of i32 and leaves the wider operations to
// helper functions; in the chess core they cost most of the gap to Wasm. The
// text is therefore rewritten in three ways, each keeping the module's
// semantics exactly (see "i64 inside wasm2js" in the toolchain notes):
//  1. The helpers __wasm_popcnt_i64 (binaryen: one loop turn per set bit),
//     __wasm_ctz_i64 and __wasm_rotl_i64 are replaced by branch-free 32-bit
//     versions.
//  2. Calls of __wasm_popcnt_i64, __wasm_ctz_i64 and __wasm_i64_mul are
//     inlined (V8 stops inlining small callees into a large function once an
//     inlining budget is spent, and the chess kernel is such a function).
//  3. An inlined helper hands its high word to the code after it in a local,
//     wf$h: a read of the module's high-word variable that follows the inline
//     form in straight-line code reads wf$h instead, and where no other read
//     can see the variable the inline form no longer writes it (see
//     forwardHigh below for the rule).
//  4. The high word of i64 results, a module variable that Chromium boxes as a
//     heap number whenever it leaves the Smi range, lives in an Int32Array(1)
//     slot instead (every i32 value of wasm2js code is an int32, so the slot
//     stores it unchanged).
// Every replacement and inline form is run against binaryen's own helper on
// edge cases and pseudo-random inputs before the file is written; a mismatch
// stops the build.

const HIGH = 'i64toi32_i32$HIGH_BITS';

// Replacement helpers, (lo, hi) -> low word (high word in HIGH), written with
// binaryen's parameter names a and b.
const HELPERS = {
  // popcount of both halves at once: 2-bit sums per half, 4-bit sums of the two
  // halves added (at most 8), bytes (at most 16), then the byte sum.
  __wasm_popcnt_i64: (a, b) => `function __wasm_popcnt_i64(${a}, ${b}) {
  ${a} = ${a} - (${a} >>> 1 & 1431655765) | 0;
  ${b} = ${b} - (${b} >>> 1 & 1431655765) | 0;
  ${a} = (${a} & 858993459) + (${a} >>> 2 & 858993459) + (${b} & 858993459) + (${b} >>> 2 & 858993459) | 0;
  ${a} = (${a} & 252645135) + (${a} >>> 4 & 252645135) | 0;
  ${HIGH} = 0;
  return Math_imul(${a}, 16843009) >>> 24 | 0;
 }`,
  // count of trailing zeros: 32 - clz32 of the bits below the lowest set bit.
  __wasm_ctz_i64: (a, b) => `function __wasm_ctz_i64(${a}, ${b}) {
  ${HIGH} = 0;
  if (${a}) {
   return 32 - Math_clz32(${a} - 1 & ~${a}) | 0;
  }
  return 64 - Math_clz32(${b} - 1 & ~${b}) | 0;
 }`,
};

// __wasm_rotl_i64 comes either generic, (lo, hi, count), or specialised by
// binaryen to (count) with a constant value (chess: ~(1 << n) is rotl(-2, n)).
// The replacement swaps the words for a count of 32 or more, then shifts.
function rotlText(params, constant) {
  const [a, b, n] = constant ? ['wf$lo', 'wf$hi', params[0]] : params;
  const init = constant ? `  var wf$lo = ${constant[0]}, wf$hi = ${constant[1]}, wf$t = 0;\n` : '  var wf$t = 0;\n';
  return `function __wasm_rotl_i64(${params.join(', ')}) {
${init}  if (${n} & 32) {
   wf$t = ${a};
   ${a} = ${b};
   ${b} = wf$t;
  }
  ${n} = ${n} & 31;
  if (${n}) {
   wf$t = ${a} << ${n} | ${b} >>> 32 - ${n};
   ${b} = ${b} << ${n} | ${a} >>> 32 - ${n};
   ${a} = wf$t;
  }
  ${HIGH} = ${b};
  return ${a} | 0;
 }`;
}

// Finds a top-level helper: " function NAME(p, q) {" ... "\n }".
function findHelper(text, name) {
  const head = new RegExp(`\\n function ${name.replace(/\$/g, '\\$')}\\(([^)]*)\\) \\{\\n`).exec(text);
  if (!head) return null;
  const start = head.index + 2;
  const end = text.indexOf('\n }\n', start);
  if (end < 0) throw new Error(`${name}: cannot find the end of binaryen's helper`);
  return { start, end: end + 3, params: head[1].split(',').map((s) => s.trim()), text: text.slice(start, end + 3) };
}

// Runs a helper (lo, hi) -> [lo, hi] in isolation.
function callable(fnText, name) {
  const make = new Function('Math_clz32', 'Math_imul',
    `var ${HIGH} = 0;\n${fnText}\nreturn function (a, b) { var lo = ${name}(a, b); return [lo | 0, ${HIGH} | 0]; };`);
  return make(Math.clz32, Math.imul);
}

function testInputs() {
  const words = [0, 1, 2, 3, -1, -2, 0x7fffffff, -0x80000000, 0x55555555, -0x55555556, 0x80, 0x10000, 0x0f0f0f0f];
  const pairs = [];
  for (const a of words) for (const b of words) pairs.push([a, b]);
  for (let i = 0; i < 64; i++) {
    pairs.push(i < 32 ? [1 << i, 0] : [0, 1 << (i - 32)]);
    pairs.push(i < 32 ? [-1 << i, -1] : [0, -1 << (i - 32)]);
  }
  let s = 0x9e3779b9 | 0; // xorshift32, sparse to dense words
  const next = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return s | 0; };
  for (let i = 0; i < 20000; i++) {
    const sparse = i % 3;
    const w = () => (sparse === 0 ? next() & next() & next() : sparse === 1 ? next() : next() | next());
    pairs.push([i & 4 ? 0 : w(), i & 8 ? 0 : w()]);
  }
  return pairs;
}

// Inlining: V8 stops inlining into a function once the callees it has inlined
// add up to a budget, and the chess kernel is one such large function, so
// calls of these helpers stay real calls there. Each call whose arguments hold
// no further call is replaced by the same computation on function-local
// temporaries wf$a..wf$g (arguments evaluated once, in order, as before).
const INLINE = {
  __wasm_popcnt_i64: (a, b) => `(wf$a = ${a}, wf$b = ${b}, wf$a = wf$a - (wf$a >>> 1 & 1431655765) | 0, ` +
    `wf$b = wf$b - (wf$b >>> 1 & 1431655765) | 0, wf$a = (wf$a & 858993459) + (wf$a >>> 2 & 858993459) + ` +
    `(wf$b & 858993459) + (wf$b >>> 2 & 858993459) | 0, wf$a = (wf$a & 252645135) + (wf$a >>> 4 & 252645135) | 0, ` +
    `${HIGH} = 0, Math_imul(wf$a, 16843009) >>> 24 | 0)`,
  __wasm_ctz_i64: (a, b) => `(wf$a = ${a}, wf$b = ${b}, ${HIGH} = 0, wf$a ? 32 - Math_clz32(wf$a - 1 & ~wf$a) | 0 : ` +
    `64 - Math_clz32(wf$b - 1 & ~wf$b) | 0)`,
  // (b:a) * (d:c): the low word is imul(a, c); the high word adds the high
  // half of the 32x32 product a * c (schoolbook, 16-bit pieces; no partial sum
  // reaches 2^32) and the two cross products.
  __wasm_i64_mul: (a, b, c, d) => `(wf$a = ${a}, wf$b = ${b}, wf$c = ${c}, wf$d = ${d}, ` +
    `wf$e = Math_imul(wf$a & 65535, wf$c & 65535), ` +
    `wf$f = (wf$e >>> 16) + Math_imul(wf$a >>> 16, wf$c & 65535) | 0, ` +
    `wf$g = (wf$f & 65535) + Math_imul(wf$a & 65535, wf$c >>> 16) | 0, ` +
    `${HIGH} = Math_imul(wf$a >>> 16, wf$c >>> 16) + Math_imul(wf$b, wf$c) + Math_imul(wf$a, wf$d) + ` +
    `(wf$f >>> 16) + (wf$g >>> 16) | 0, wf$e & 65535 | wf$g << 16)`,
};
const TEMPS = '  var wf$a = 0, wf$b = 0, wf$c = 0, wf$d = 0, wf$e = 0, wf$f = 0, wf$g = 0, wf$h = 0;\n';

// Checks an inline form against binaryen's helper, as for the replacements.
function checkInline(name, refText, arity) {
  const params = ['p', 'q', 'r', 's'].slice(0, arity).join(', ');
  const run = (fnText, expr) => new Function('Math_clz32', 'Math_imul', `var ${HIGH} = 0;\n${fnText}\n` +
    `return function (${params}) {\n${TEMPS}  var lo = ${expr}; return [lo | 0, ${HIGH} | 0]; };`)(Math.clz32, Math.imul);
  const ref = run(refText, `${name}(${params})`);
  const mine = run('', INLINE[name](...params.split(', ')));
  const inputs = testInputs();
  for (let i = 0; i < inputs.length; i++) {
    const args = [...inputs[i], ...inputs[(i * 7919) % inputs.length]].slice(0, arity);
    const want = ref(...args), got = mine(...args);
    if (want[0] !== got[0] || want[1] !== got[1]) throw new Error(`inline ${name}(${args}): gives ${got}, binaryen's helper ${want}`);
  }
}

// The arguments of the call whose "(" is at text[open]: [args, index after ")"],
// or null when they are not plain expressions (a call, a string, a temporary).
function callArgs(text, open) {
  let depth = 0, i = open, start = open + 1;
  const args = [];
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      if (--depth === 0) break;
    } else if (c === ',' && depth === 1) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    } else if (c === '\n' || c === '"' || c === "'" || c === '`' || c === '{' || c === ';') return null;
  }
  if (i >= text.length) return null;
  args.push(text.slice(start, i).trim());
  for (const a of args) {
    if (!a || /[A-Za-z0-9_$]\s*\(/.test(a) || a.includes('wf$') || a.includes('=')) return null;
  }
  return [args, i + 1];
}

function inlineCalls(text) {
  const names = Object.keys(INLINE).filter((n) => findHelper(text, n));
  if (!names.length) return text;
  const arity = {};
  for (const n of [...names]) {
    const found = findHelper(text, n);
    arity[n] = found.params.length;
    // a helper binaryen specialised (fewer parameters) is left alone
    if (arity[n] !== INLINE[n].length) names.splice(names.indexOf(n), 1);
    else checkInline(n, found.text, arity[n]);
  }
  if (!names.length) return text;
  const callRe = new RegExp(`(?<![A-Za-z0-9_$])(${names.join('|')})\\(`, 'g');
  return editBodies(text, ({ name }, fn) => {
    if (names.includes(name)) return fn;
    let done = '', pos = 0, count = 0, c;
    callRe.lastIndex = 0;
    while ((c = callRe.exec(fn))) {
      const open = c.index + c[0].length - 1;
      const parsed = callArgs(fn, open);
      if (!parsed || parsed[0].length !== arity[c[1]]) continue;
      done += fn.slice(pos, c.index) + INLINE[c[1]](...parsed[0]);
      pos = parsed[1];
      callRe.lastIndex = pos;
      count++;
    }
    return count ? TEMPS + done + fn.slice(pos) : fn;
  });
}

// The top-level functions of binaryen's output, " function NAME(...) {\n"
// ... "\n }\n": [{name, start, end}], the body being text[start..end).
function topFunctions(text) {
  const fnRe = /\n function ([A-Za-z0-9_$]+)\([^)]*\) \{\n/g;
  const fns = [];
  let m;
  while ((m = fnRe.exec(text))) {
    const start = m.index + m[0].length, end = text.indexOf('\n }\n', start);
    if (end < 0) break;
    fns.push({ name: m[1], start, end });
    fnRe.lastIndex = end;
  }
  return fns;
}

// text with the body of each top-level function f replaced by edit(f, body).
function editBodies(text, edit) {
  let out = '', last = 0;
  for (const f of topFunctions(text)) {
    const body = text.slice(f.start, f.end), next = edit(f, body);
    if (next === body) continue;
    out += text.slice(last, f.start) + next;
    last = f.end;
  }
  return out + text.slice(last);
}

// Forwarding of the high word. binaryen reads the module's high-word variable
// right after the call that set it (a call of an i64 function or helper),
// before any other call. Walking a function's text in order, a read is bound
// to the last producer (inline form, call or write of the variable) when no
// point where control flow joins lies between them: no '}', loop head, else,
// switch case, '?', ':' (labels excepted), '&&' or '||'. (Code after a
// return, break or continue is reached only through such a join.) Reads bound
// to an inline form take wf$h. A read after a join is unresolved: it may see
// any producer of its function, so every call there counts as read.
// An inline form must still write the variable when its function has an
// unresolved read, or when a caller may read the high word the function
// returns (a read is bound to a call of it or to an indirect call) and one of
// its value returns does not come right after a write of the variable. The
// module's exports cannot see the variable: it is local to instantiate().
const TOKENS = new RegExp([
  '\\(wf\\$a = ', // an inline form
  `${HIGH.replace(/\$/g, '\\$')}(\\s*=(?!=))?`, // a read, or a write (group 1)
  '\\b(?:case|default|else|while|do|for|switch)\\b',
  '[A-Za-z0-9_$]+ : (?=\\{)', // a block label: not a join
  '(?<![A-Za-z0-9_$.])([A-Za-z_$][A-Za-z0-9_$]*)(?=\\s*\\()', // a call (group 2)
  '\\](?=\\s*\\()', // an indirect call
  '[}?:]|&&|\\|\\|',
].join('|'), 'g');

function scanHigh(fn) {
  const reads = []; // index of each read bound to an inline form
  const writes = []; // index of each inline form's write of the high word
  const boundCalls = new Set(), calls = new Set();
  let state = null, unresolved = 0, t; // state: the last producer, null after a join
  const read = (index) => {
    if (!state) unresolved++;
    else if (state.inline) reads.push(index);
    else if (state.call) boundCalls.add(state.call);
  };
  const call = (name) => {
    calls.add(name);
    state = { call: name };
  };
  TOKENS.lastIndex = 0;
  while ((t = TOKENS.exec(fn))) {
    const x = t[0];
    if (x === '(wf$a = ') {
      let depth = 0, i = t.index;
      for (; i < fn.length; i++) {
        if (fn[i] === '(') depth++;
        else if (fn[i] === ')' && --depth === 0) break;
      }
      // its arguments (before its own write) may read the high word
      const form = fn.slice(t.index, i + 1), write = form.indexOf(`${HIGH} = `);
      for (let k = form.indexOf(HIGH); k >= 0 && k !== write; k = form.indexOf(HIGH, k + 1)) read(t.index + k);
      writes.push(t.index + write);
      TOKENS.lastIndex = i + 1;
      state = { inline: true };
    } else if (x.startsWith(HIGH)) {
      if (t[1]) state = { call: null };
      else read(t.index);
    } else if (t[2] !== undefined) {
      if (!/^(?:if|return|function|Math_[a-z0-9]+)$/.test(t[2])) call(t[2]);
    } else if (x[0] === ']') {
      call('*');
    } else if (!x.endsWith(' : ')) {
      state = null; // a join (a label before a block is none)
    }
  }
  if (unresolved) calls.forEach((c) => boundCalls.add(c));
  return { reads, writes, boundCalls, unresolved };
}

function forwardHigh(text) {
  const scans = new Map(), boundCalls = new Set();
  for (const f of topFunctions(text)) {
    const scan = scanHigh(text.slice(f.start, f.end));
    scan.boundCalls.forEach((c) => boundCalls.add(c));
    scans.set(f.start, scan);
  }
  return editBodies(text, (f, fn) => {
    const scan = scans.get(f.start);
    if (!scan.writes.length) return fn;
    const returnsSetHigh = fn.split('\n').every((line, i, lines) => !/^\s*return\s+[^;\s]/.test(line) ||
      (i > 0 && lines[i - 1].trim().startsWith(`${HIGH} = `)));
    const callerMayRead = boundCalls.has(f.name) || boundCalls.has('*');
    const keepWrite = scan.unresolved > 0 || (callerMayRead && !returnsSetHigh);
    // edit from the end so that earlier indices stay valid
    const edits = [...scan.reads.map((i) => [i, HIGH, 'wf$h']),
      ...scan.writes.map((i) => [i, `${HIGH} = `, keepWrite ? `${HIGH} = wf$h = ` : 'wf$h = '])];
    edits.sort((x, y) => y[0] - x[0]);
    let body = fn;
    for (const [i, from, to] of edits) body = body.slice(0, i) + to + body.slice(i + from.length);
    return body;
  });
}

/**
 * Returns binaryen's wasm2js output `body` with the rewrites above applied;
 * `tmp` (the file's name) appears in the errors. Throws when the output does
 * not look as expected or a rewrite disagrees with binaryen's helper.
 */
export function rewriteI64(body, tmp) {
  // The names this module adds start with wf$.
  if (body.includes('wf$')) throw new Error(`${tmp}: binaryen output already uses the name prefix wf$`);

  // The replacement code uses binaryen's aliases of Math.clz32 and Math.imul.
  if (/__wasm_(popcnt|ctz|rotl)_i64|__wasm_i64_mul/.test(body)) {
    for (const f of ['Math_clz32', 'Math_imul']) {
      if (!body.includes(` var ${f} = Math.${f.slice(5)};\n`)) throw new Error(`${tmp}: no module variable ${f}`);
    }
  }

  for (const [name, make] of Object.entries(HELPERS)) {
    const found = findHelper(body, name);
    if (!found) continue;
    if (found.params.length !== 2) throw new Error(`${name}: binaryen's helper takes ${found.params.length} parameters, expected 2`);
    const text = make(found.params[0], found.params[1]);
    const ref = callable(found.text, name), mine = callable(text, name);
    for (const [a, b] of testInputs()) {
      const want = ref(a, b), got = mine(a, b);
      if (want[0] !== got[0] || want[1] !== got[1]) {
        throw new Error(`${name}(${a}, ${b}): replacement gives ${got}, binaryen's helper ${want}`);
      }
    }
    body = body.slice(0, found.start) + text + body.slice(found.end);
  }

  {
    const found = findHelper(body, '__wasm_rotl_i64');
    if (found && (found.params.length === 3 || found.params.length === 1)) {
      const run = (text) => new Function(`var ${HIGH} = 0;\n${text}\n` +
        `return function (a, b, n) { var lo = __wasm_rotl_i64(a, b, n); return [lo | 0, ${HIGH} | 0]; };`)();
      const runOne = (text) => new Function(`var ${HIGH} = 0;\n${text}\n` +
        `return function (n) { var lo = __wasm_rotl_i64(n); return [lo | 0, ${HIGH} | 0]; };`)();
      let text, ok = true;
      if (found.params.length === 3) {
        text = rotlText(found.params);
        const ref = run(found.text), mine = run(text);
        const pairs = testInputs();
        for (let i = 0; i < pairs.length; i++) {
          const [a, b] = pairs[i], n = i % 200 - 70;
          const want = ref(a, b, n), got = mine(a, b, n);
          if (want[0] !== got[0] || want[1] !== got[1]) throw new Error(`__wasm_rotl_i64(${a}, ${b}, ${n}): replacement gives ${got}, binaryen's helper ${want}`);
        }
      } else {
        // the specialised form: its value is what it returns for a count of 0
        const ref = runOne(found.text);
        text = rotlText(found.params, ref(0));
        const mine = runOne(text);
        for (const [a, b] of testInputs()) {
          for (const n of [a, b, a % 200]) {
            const want = ref(n), got = mine(n);
            if (want[0] !== got[0] || want[1] !== got[1]) ok = false;
          }
        }
      }
      // an unexpected specialisation keeps binaryen's helper
      if (ok) body = body.slice(0, found.start) + text + body.slice(found.end);
    }
  }

  body = forwardHigh(inlineCalls(body));

  // The high-word slot (a module without i64 results has no high word).
  const decl = ` var ${HIGH} = 0;\n`;
  const parts = body.split(decl);
  if (parts.length > 2 || (parts.length === 1 && body.includes(HIGH))) {
    throw new Error(`${tmp}: expected one declaration of ${HIGH}`);
  }
  if (parts.length === 2) {
    if (parts[0].includes(HIGH)) throw new Error(`${tmp}: ${HIGH} used before its declaration`);
    body = `${parts[0]} var ${HIGH} = new Int32Array(1);\n${parts[1].split(HIGH).join(`${HIGH}[0]`)}`;
  }
  return body;
}
