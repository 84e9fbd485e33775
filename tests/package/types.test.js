// SPDX-License-Identifier: MIT
// types.test.js: the hand-written .d.ts files against the code and the docs.
//   - tests/types/usage.ts (every export of every entry, every option) compiles
//     under tsc --strict; tests/types/misuse.ts compiles only because each of
//     its deliberate mistakes is an error (an unused expect-error fails);
//   - each entry's .d.ts declares exactly the values its module exports;
//   - usage.ts uses every export of every entry;
//   - the WasmforgeErrorCode union is exactly the codes the cores and the JS
//     layer can throw (core/*/status*.def and `new WasmforgeError('CODE'`).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ENTRIES, REPO_ROOT } from './entries.js';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const TYPES = join(REPO_ROOT, 'tests/types');

const compiled = new Map();
function compile(configName) {
  if (!compiled.has(configName)) compiled.set(configName, compileNow(configName));
  return compiled.get(configName);
}

function compileNow(configName) {
  const config = ts.getParsedCommandLineOfConfigFile(join(TYPES, configName), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  });
  const program = ts.createProgram(config.fileNames, config.options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const text = ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => REPO_ROOT, getNewLine: () => '\n' });
  return { program, diagnostics, text };
}

it('the typed example calling every export compiles under --strict', () => {
  const { program, diagnostics, text } = compile('tsconfig.json');
  assert.equal(program.getCompilerOptions().strict, true);
  assert.equal(diagnostics.length, 0, text);
});

it('every deliberate misuse in misuse.ts is a type error', () => {
  const { diagnostics, text } = compile('tsconfig.misuse.json');
  assert.equal(diagnostics.length, 0, text);
  const expected = readFileSync(join(TYPES, 'misuse.ts'), 'utf8').match(/^\s*\/\/ @ts-expect-error/gm) || [];
  assert.ok(expected.length >= 20, `only ${expected.length} misuses`);
});

// The value exports a .d.ts declares (functions, consts, classes), by the compiler's own reading.
function declaredValues() {
  const { program } = compile('tsconfig.json');
  const checker = program.getTypeChecker();
  const result = {};
  for (const entry of ENTRIES) {
    const file = program.getSourceFile(join(REPO_ROOT, entry.types));
    assert.ok(file, `${entry.types} is not reached from usage.ts (import ${entry.specifier} there)`);
    const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(file));
    result[entry.name] = symbols.filter((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return target.flags & ts.SymbolFlags.Value;
    }).map((s) => s.name).sort();
  }
  return result;
}

it('each entry\'s .d.ts declares exactly the values its module exports', async () => {
  const declared = declaredValues();
  for (const entry of ENTRIES) {
    const actual = Object.keys(await import(join(REPO_ROOT, entry.js))).sort();
    assert.deepEqual(declared[entry.name], actual, `${entry.types} vs ${entry.js}`);
  }
});

it('the typed example uses every export of every entry', async () => {
  const usage = readFileSync(join(TYPES, 'usage.ts'), 'utf8');
  for (const entry of ENTRIES) {
    const alias = entry.name === 'index' ? 'root' : entry.name;
    assert.match(usage, new RegExp(`import \\* as ${alias} from '${entry.specifier}';`), `usage.ts must import * as ${alias}`);
    for (const name of Object.keys(await import(join(REPO_ROOT, entry.js)))) {
      assert.ok(usage.includes(`${alias}.${name}`), `usage.ts never uses ${alias}.${name}`);
    }
  }
});

it('WasmforgeErrorCode lists exactly the codes that can be thrown', () => {
  const thrown = new Set();
  for (const core of readdirSync(join(REPO_ROOT, 'core'))) {
    let files = [];
    try { files = readdirSync(join(REPO_ROOT, 'core', core)).filter((f) => /^status.*\.def$/.test(f)); } catch { continue; }
    for (const f of files) {
      for (const [, code] of readFileSync(join(REPO_ROOT, 'core', core, f), 'utf8').matchAll(/^WF_STATUS\(\w+,\s*\d+,\s*"(\w+)"/gm)) thrown.add(code);
    }
  }
  thrown.delete('OK');
  for (const f of readdirSync(join(REPO_ROOT, 'web')).filter((n) => n.endsWith('.js'))) {
    for (const [, code] of readFileSync(join(REPO_ROOT, 'web', f), 'utf8').matchAll(/WasmforgeError\('([A-Z0-9_]+)'/g)) thrown.add(code);
  }
  const { program } = compile('tsconfig.json');
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(join(REPO_ROOT, 'web/errors.d.ts'));
  const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(file)).find((s) => s.name === 'WasmforgeErrorCode');
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  const declared = new Set(type.types.map((t) => t.value));
  assert.deepEqual([...declared].sort(), [...thrown].sort());
});
