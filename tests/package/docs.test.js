// SPDX-License-Identifier: MIT
// docs.test.js: every ```js block of README.md and docs/**/*.md runs as
// written in Node (each in its own process, as an .mjs file inside the
// repository, so `import ... from 'wasmforge/png'` resolves through the
// package's self-reference), so no example goes stale. A block fenced
// ```js browser (it needs a browser, a bundler or an edge runtime) is not run,
// but must still parse as a module. See CONTRIBUTING.md "Docs".
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as acorn from 'acorn';
import { REPO_ROOT, ENTRIES } from './entries.js';

const SKIP = new Set(['browser']);

function markdownFiles() {
  const files = [join(REPO_ROOT, 'README.md')];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.md')) files.push(join(dir, e.name));
    }
  };
  if (existsSync(join(REPO_ROOT, 'docs'))) walk(join(REPO_ROOT, 'docs'));
  return files;
}

/** The ```js blocks of a Markdown file: [{ line, tags, code }]. */
export function jsBlocks(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(js|javascript|mjs)\b(.*)$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    while (++i < lines.length && !/^```\s*$/.test(lines[i]));
    blocks.push({ line: start, tags: open[2].trim().split(/\s+/).filter(Boolean), code: lines.slice(start, i).join('\n') });
  }
  return blocks;
}

const examples = markdownFiles().flatMap((file) =>
  jsBlocks(readFileSync(file, 'utf8')).map((b) => ({ ...b, file: relative(REPO_ROOT, file) })));

describe('code examples in README.md and docs/', () => {
  const dir = join(REPO_ROOT, 'tmp', `doc-examples-${process.pid}`);
  before(() => mkdirSync(dir, { recursive: true }));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('there are examples, and every core has an API page with a runnable one', () => {
    assert.ok(examples.filter((e) => !e.tags.some((t) => SKIP.has(t))).length >= 10, `${examples.length} examples`);
    for (const entry of ENTRIES.filter((e) => e.name !== 'index')) {
      const page = `docs/api/${entry.name}.md`;
      assert.ok(existsSync(join(REPO_ROOT, page)), `${page} exists`);
      assert.ok(examples.some((e) => e.file === page && !e.tags.length && e.code.includes(entry.specifier)),
        `${page} has a runnable example importing ${entry.specifier}`);
    }
  });

  for (const example of examples) {
    const name = `${example.file}:${example.line}${example.tags.length ? ` (${example.tags.join(' ')})` : ''}`;
    it(name, () => {
      acorn.parse(example.code, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true });
      if (example.tags.some((t) => SKIP.has(t))) return;
      const file = join(dir, `${example.file.replace(/\W/g, '_')}_${example.line}.mjs`);
      writeFileSync(file, example.code);
      const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 120000,
        env: { ...process.env, WASMFORGE_BACKEND: '' } });
      assert.equal(r.status, 0, `${name} failed:\n${r.stderr}\n${example.code}`);
    });
  }
});
