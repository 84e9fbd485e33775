// SPDX-License-Identifier: MIT
// build-legacy.mjs: writes the classic scripts for <script nomodule> in engines
// that have neither ES modules nor WebAssembly:
//   dist/wasmforge.<core>.legacy.js   one per core (deflate, png, jpeg, chess):
//                                     a page loads only the cores it uses
//   dist/wasmforge.legacy.js          all of them in one file
// Each holds the ES5 shims, the wasm2js build of its cores, and the cores' JS
// API modules (web/errors.js, web/runtime.js, web/<core>-api.js, which are
// written in ES5 syntax apart from import/export), and adds its cores to the
// global `wasmforge` (several files share one object and one WasmforgeError).
// The result must parse as ES5 (checked with acorn).
//
// The modules are linked with acorn's syntax tree, not by text matching: each
// module becomes a function scope returning its exports, and each import a
// `var` read from the exporting module's object.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve, dirname, relative } from 'node:path';
import * as acorn from 'acorn';

const root = fileURLToPath(new URL('..', import.meta.url));
const CORES = [
  { name: 'deflate', api: 'web/deflate-api.js', factory: 'createDeflateApi', wasm2js: 'dist/deflate.wasm2js.js' },
  { name: 'png', api: 'web/png-api.js', factory: 'createPngApi', wasm2js: 'dist/png.wasm2js.js' },
  { name: 'jpeg', api: 'web/jpeg-api.js', factory: 'createJpegApi', wasm2js: 'dist/jpeg.wasm2js.js' },
  { name: 'chess', api: 'web/chess-api.js', factory: 'createChessApi', wasm2js: 'dist/chess.wasm2js.js' },
];
const ERRORS = resolve(root, 'web/errors.js');

let modules; // absolute path -> { id, code }, per bundle

function moduleId(path) {
  return '__module_' + relative(root, path).replace(/[^A-Za-z0-9]/g, '_');
}

// `const` (which the wasm2js modules use, see polyfill/wasm2js-memory.mjs)
// becomes `var  `, padded so that the syntax tree's offsets stay valid; ES5
// code has no block-scoped constants and these are never reassigned.
function constToVar(source, ast) {
  const starts = [];
  (function walk(node) {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'VariableDeclaration' && node.kind === 'const') starts.push(node.start);
    for (const key of Object.keys(node)) if (typeof node[key] === 'object') walk(node[key]);
  })(ast);
  let out = source;
  for (const at of starts) out = out.slice(0, at) + 'var  ' + out.slice(at + 5);
  return out;
}

function addModule(path) {
  if (modules.has(path)) return modules.get(path).id;
  const id = moduleId(path);
  const text = readFileSync(path, 'utf8');
  const ast = acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'module' });
  const source = constToVar(text, ast);
  const head = [];
  const exported = [];
  let body = '';
  let cursor = 0;
  for (const node of ast.body) {
    if (node.type === 'ImportDeclaration') {
      const from = addModule(resolve(dirname(path), node.source.value));
      for (const s of node.specifiers) {
        if (s.type !== 'ImportSpecifier') throw new Error(`${path}: only named imports are supported`);
        head.push(`var ${s.local.name} = ${from}.${s.imported.name};`);
      }
      body += source.slice(cursor, node.start);
      cursor = node.end;
    } else if (node.type === 'ExportNamedDeclaration') {
      body += source.slice(cursor, node.start);
      if (node.declaration) {
        body += source.slice(node.declaration.start, node.declaration.end);
        const d = node.declaration;
        const names = d.type === 'VariableDeclaration' ? d.declarations.map((x) => x.id.name) : [d.id.name];
        for (const n of names) exported.push([n, n]);
      } else if (node.source) {
        const from = addModule(resolve(dirname(path), node.source.value));
        for (const s of node.specifiers) exported.push([s.exported.name, `${from}.${s.local.name}`]);
      } else {
        for (const s of node.specifiers) exported.push([s.exported.name, s.local.name]);
      }
      cursor = node.end;
    } else if (node.type === 'ExportDefaultDeclaration' || node.type === 'ExportAllDeclaration') {
      throw new Error(`${path}: ${node.type} is not supported in the legacy bundle`);
    }
  }
  body += source.slice(cursor);
  const returned = exported.map(([name, value]) => `${JSON.stringify(name)}: ${value}`).join(', ');
  let code = `(function () {\n${head.join('\n')}\n${body}\nreturn { ${returned} };\n})()`;
  // A second legacy file on the page reuses the first one's error class, so
  // that instanceof wasmforge.WasmforgeError holds for every core's errors.
  if (path === ERRORS) code = `global.wasmforge && global.wasmforge.WasmforgeError ? { WasmforgeError: global.wasmforge.WasmforgeError } : ${code}`;
  code = `var ${id} = ${code};\n`;
  modules.set(path, { id, code });
  return id;
}

function bundle(cores, output) {
  modules = new Map();
  const runtimeId = addModule(resolve(root, 'web/runtime.js'));
  const errorsId = addModule(ERRORS);
  const coreEntries = cores.map((c) => {
    const instantiate = addModule(resolve(root, c.wasm2js));
    const api = addModule(resolve(root, c.api));
    return `${JSON.stringify(c.name)}: { instantiate: ${instantiate}.instantiate, createApi: ${api}.${c.factory} }`;
  });
  const text = [
    `/* wasmforge legacy bundle (${cores.map((c) => c.name).join(', ')}), wasm2js backend. Generated by polyfill/build-legacy.mjs. */`,
    readFileSync(resolve(root, 'polyfill/es5-shims.js'), 'utf8'),
    '(function (global) {',
    ...[...modules.values()].map((m) => m.code),
    readFileSync(resolve(root, 'polyfill/legacy-entry.js'), 'utf8'),
    `installLegacyApi(global, { ${coreEntries.join(', ')} }, ${runtimeId}.createRuntime, ${errorsId}.WasmforgeError);`,
    "})(typeof globalThis !== 'undefined' ? globalThis : typeof self !== 'undefined' ? self : this);",
  ].join('\n');
  acorn.parse(text, { ecmaVersion: 5, sourceType: 'script' }); // throws if anything is not ES5
  writeFileSync(resolve(root, output), text);
  return text.length;
}

const cores = CORES.filter((c) => existsSync(resolve(root, c.wasm2js)) && existsSync(resolve(root, c.api)));
for (const c of cores) {
  const file = `dist/wasmforge.${c.name}.legacy.js`;
  console.log(`[legacy] ${file}: ${bundle([c], file)} bytes, ES5`);
}
const all = 'dist/wasmforge.legacy.js';
console.log(`[legacy] ${all}: ${cores.map((c) => c.name).join(', ')} (${bundle(cores, all)} bytes, ES5)`);
