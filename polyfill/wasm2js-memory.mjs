// SPDX-License-Identifier: MIT
// wasm2js-memory.mjs: gives binaryen's wasm2js output a linear memory whose
// typed-array views never change, so that V8 can treat them as constants.
//
// Why: binaryen keeps the memory in `var buffer` and the views in `var HEAP8`,
// `var HEAP32`, ..., and memory.grow replaces all of them. Every access then
// loads the view from the closure and checks it. A core's module is
// instantiated once, so V8 specialises its functions to that one closure;
// views declared `const` are then folded into the code (their base and length
// become constants). Measured in paired runs against binaryen's views: chess
// perft 1.14-1.21x faster in Node, 1.24-1.27x in Chromium; PNG decode 1.15x,
// PNG encode 1.09x, JPEG encode 1.22x, JPEG decode and inflate unchanged (Node).
//
// How growth still works: the buffer is allocated with a capacity (at least
// DEFAULT_CAPACITY_PAGES, and at least the module's initial memory) and
// memory.size is a counter within it, so memory.grow succeeds at no cost until
// the capacity is reached. A grow beyond the capacity (but within the module's
// maximum) fails like a real out-of-memory, and the requested size is
// remembered. The caller (web/runtime.js, rt.run) then calls
// `memory.enlarge()` between calls: it copies the memory into a buffer large
// enough, makes a new instance of the module on it (same data, same stack
// pointer, no initialisation) and returns that instance's exports; the
// caller retries the operation on it. A second instance of a module is no
// longer specialised by V8, so it runs at the speed of mutable views.
//
// The exported `memory` object keeps WebAssembly.Memory's `buffer` (the whole
// buffer: its byteLength is the capacity) and `grow(pages)`, and adds `pages`
// (memory.size), `refusedPages` (largest size refused since the last enlarge,
// 0 if none) and `enlarge()` (null when nothing was refused or no larger
// buffer could be allocated).

/** Pages (64 KiB) a module's buffer holds before its first enlarge: 64 MiB. */
export const DEFAULT_CAPACITY_PAGES = 1024;

function fail(file, what) {
  throw new Error(`${file}: ${what}; binaryen's wasm2js output format changed`);
}

function replaceOnce(text, pattern, replacement, file, what) {
  const m = text.match(pattern);
  if (!m) fail(file, `no ${what}`);
  return text.slice(0, m.index) + (typeof replacement === 'function' ? replacement(m) : replacement) +
    text.slice(m.index + m[0].length);
}

// True when `name` is assigned anywhere in text besides its declaration `var name = `.
function reassigned(text, name) {
  const escaped = name.replace(/\$/g, '\\$');
  const assign = new RegExp(`(^|[^.\\w$])${escaped}\\s*(=(?!=)|\\+\\+|--|[-+*/%&|^]=|<<=|>>>?=)`, 'gm');
  const decl = new RegExp(`\\bvar ${escaped} = `, 'g');
  return (text.match(assign) || []).length > (text.match(decl) || []).length;
}

/**
 * Rewrites the memory of one wasm2js module (the text binaryen writes with
 * --emscripten). `file` names it in errors.
 */
export function rewriteMemory(text, file) {
  text = replaceOnce(text, /^function instantiate\(info\) \{\n/m,
    'function instantiate(info, wf$from) {\n', file, 'instantiate(info)');

  // the buffer: the old instance's (already holding the data) or a new one
  let initialPages = 0;
  text = replaceOnce(text, /\n var buffer = new ArrayBuffer\((\d+)\);\n/, (m) => {
    initialPages = Number(m[1]) / 65536;
    const capacity = Math.max(initialPages, DEFAULT_CAPACITY_PAGES);
    return `\n var wf$pages = wf$from ? wf$from.pages : ${initialPages};\n` +
      ' var wf$refusedPages = 0;\n' +
      ` var buffer = wf$from ? wf$from.buffer : new ArrayBuffer(${capacity * 65536});\n`;
  }, file, 'buffer declaration');
  if (!Number.isInteger(initialPages) || initialPages < 1) fail(file, 'initial memory is not whole pages');

  // memory.size and memory.grow within the buffer
  let maxPages = 0;
  text = replaceOnce(text,
    /\n function __wasm_memory_size\(\) \{\n[^]*?\n function __wasm_memory_grow\(pagesToAdd\) \{\n[^]*?&& \(newPages <= (\d+)\)\) \{\n[^]*?\n  return oldPages;\n \}\n/,
    (m) => {
      maxPages = Number(m[1]);
      return `
 function __wasm_memory_size() {
  return wf$pages;
 }

 // Grows within the buffer; beyond it (up to the maximum) the grow fails and
 // its size is kept for memory.enlarge(). Returns the old size, or -1.
 function __wasm_memory_grow(pagesToAdd) {
  pagesToAdd = pagesToAdd | 0;
  var oldPages = wf$pages;
  var newPages = oldPages + pagesToAdd;
  if (pagesToAdd < 0 || newPages > ${maxPages}) return -1;
  if (newPages * 65536 > buffer.byteLength) {
   if (newPages > wf$refusedPages) wf$refusedPages = newPages;
   return -1;
  }
  wf$pages = newPages;
  return oldPages;
 }

 // A new instance of this module on a copy of this memory in a buffer of at
 // least the refused size (twice the old capacity when that can be had), or
 // null. This instance must not be used afterwards.
 function wf$enlarge() {
  if (!wf$refusedPages) return null;
  var pages = Math.min(${maxPages}, Math.max(wf$refusedPages, 2 * (buffer.byteLength / 65536)));
  var next = null;
  try {
   next = new ArrayBuffer(pages * 65536);
  } catch (e) {
   try {
    next = new ArrayBuffer(wf$refusedPages * 65536);
   } catch (e2) {
    return null;
   }
  }
  new Uint8Array(next).set(HEAPU8.subarray(0, wf$pages * 65536));
  wf$refusedPages = 0;
  return instantiate(info, { buffer: next, pages: wf$pages, stackPointer: global$0 });
 }
`;
    }, file, '__wasm_memory_size/__wasm_memory_grow pair');

  // the stack pointer and the data of a taken-over memory are the old instance's
  text = replaceOnce(text, /\n var global\$0 = (\d+);\n/,
    (m) => `\n var global$0 = wf$from ? wf$from.stackPointer : ${m[1]};\n`, file, 'stack pointer global$0');
  text = replaceOnce(text, /\n initActiveSegments\(imports\);\n/,
    '\n if (!wf$from) initActiveSegments(imports);\n', file, 'initActiveSegments call');

  text = replaceOnce(text,
    /\n  "memory": Object\.create\(Object\.prototype, \{\n   "grow": \{\n    "value": __wasm_memory_grow\n   \}, \n   "buffer": \{\n    "get": function \(\) \{\n     return buffer;\n    \}\n    \n   \}\n  \}\), \n/,
    `
  "memory": Object.create(Object.prototype, {
   "grow": { "value": __wasm_memory_grow },
   "buffer": { "get": function () { return buffer; } },
   "pages": { "get": function () { return wf$pages; } },
   "refusedPages": { "get": function () { return wf$refusedPages; } },
   "enlarge": { "value": wf$enlarge }
  }),
`, file, 'memory export');

  // every top-level `var` of asmFunc that is never reassigned becomes const
  const start = text.indexOf('\nfunction asmFunc(imports) {\n');
  if (start < 0) fail(file, 'no asmFunc');
  const head = text.slice(0, start);
  let body = text.slice(start);
  body = body.replace(/\n var ([\w$]+) = ([^\n]*);(?=\n)/g, (line, name) =>
    (reassigned(body, name) ? line : line.replace(' var ', ' const ')));
  for (const view of ['HEAP8', 'HEAP32', 'HEAPU8']) {
    if (!new RegExp(`\\n const ${view} = `).test(body)) fail(file, `${view} is still reassigned`);
  }
  return head + body;
}
