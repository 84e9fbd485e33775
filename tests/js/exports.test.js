// SPDX-License-Identifier: MIT
// exports.test.js: the C API, the export lists and the JS glue cannot drift
// apart: every exported C symbol carries wf_, each .wasm exports exactly its
// list, imports only what the loader provides, and the JS API calls only
// listed functions.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './support.js';

// Exported by every standalone Emscripten module besides our list.
const RUNTIME_EXPORTS = new Set(['memory', '_initialize', '__indirect_function_table', '__errno_location',
  'stackSave', 'stackRestore', 'stackAlloc', 'emscripten_stack_get_end', 'emscripten_stack_get_base',
  'emscripten_stack_init', 'emscripten_stack_get_free', 'emscripten_stack_get_current']);
const ALLOWED_IMPORTS = new Set(['env.emscripten_notify_memory_growth', 'wasi_snapshot_preview1.proc_exit']);

function listFile(path) {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter((l) => /^[A-Za-z_]\w*$/.test(l));
}

// A core's export list: core/common/exports.txt, its own exports*.txt and its dependencies';
// with mt, also its mt-exports.txt (the exports of its threaded build, <core>.mt.wasm).
function exportList(core, mt = false) {
  const deps = { png: ['deflate'] }[core] || [];
  const names = new Set(listFile(join(REPO_ROOT, 'core/common/exports.txt')));
  for (const c of [core, ...deps]) {
    for (const f of readdirSync(join(REPO_ROOT, 'core', c)).filter((n) => /^exports.*\.txt$/.test(n) || (mt && n === 'mt-exports.txt'))) {
      for (const s of listFile(join(REPO_ROOT, 'core', c, f))) names.add(s);
    }
  }
  return names;
}

const cores = readdirSync(join(REPO_ROOT, 'dist')).filter((n) => /^[a-z]+\.wasm$/.test(n)).map((n) => n.slice(0, -5));

it('some cores are built', () => assert.ok(cores.includes('deflate'), `built: ${cores}`));

for (const core of cores) {
  it(`${core}: every listed symbol starts with wf_ and the .wasm exports exactly the list`, () => {
    const list = exportList(core);
    for (const s of list) assert.match(s, /^wf_/, `${core}: ${s}`);
    for (const file of [`${core}.wasm`, `${core}.simd.wasm`, `${core}.mt.wasm`]) {
      const path = join(REPO_ROOT, 'dist', file);
      if (!existsSync(path)) continue;
      const mt = file.endsWith('.mt.wasm');
      const module = new WebAssembly.Module(readFileSync(path));
      const exported = WebAssembly.Module.exports(module).map((e) => e.name).filter((n) => !RUNTIME_EXPORTS.has(n));
      assert.deepEqual(exported.sort(), [...exportList(core, mt)].sort(), file);
      for (const i of WebAssembly.Module.imports(module)) {
        // a threaded build imports its shared memory
        const ok = ALLOWED_IMPORTS.has(`${i.module}.${i.name}`) || (mt && i.kind === 'memory' && `${i.module}.${i.name}` === 'env.memory');
        assert.ok(ok, `${file} imports ${i.module}.${i.name}`);
      }
    }
  });

  it(`${core}: the JS API calls only functions on its export list`, () => {
    const list = exportList(core, true);
    const files = readdirSync(join(REPO_ROOT, 'web')).filter((n) => n.startsWith(core) && n.endsWith('.js'));
    for (const f of files) {
      const source = readFileSync(join(REPO_ROOT, 'web', f), 'utf8');
      for (const [, name] of source.matchAll(/\b(wf_\w+)/g)) assert.ok(list.has(name), `web/${f} uses ${name}`);
    }
  });
}

it('every global symbol of the native static libraries starts with wf_', (t) => {
  const libs = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (/^libwf_\w+\.a$/.test(e.name)) libs.push(join(dir, e.name));
    }
  };
  if (!existsSync(join(REPO_ROOT, 'build/native'))) return t.skip('no native build');
  walk(join(REPO_ROOT, 'build/native'));
  assert.ok(libs.length > 0);
  for (const lib of libs) {
    const r = spawnSync('nm', ['-g', '--defined-only', lib], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const bad = r.stdout.split('\n').map((l) => l.trim().split(' ')).filter((p) => p.length === 3).map((p) => p[2])
      .filter((s) => !s.startsWith('wf_'));
    assert.deepEqual(bad, [], `${lib} defines ${bad.join(', ')}`);
  }
});
