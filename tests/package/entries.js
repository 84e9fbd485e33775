// SPDX-License-Identifier: MIT
// entries.js: the package's public entry points, read from the one place they
// are listed: the `exports` map of package.json. The tarball, types, docs and
// app tests all take their list from here, so adding an entry point is one
// line in package.json (plus its web/<name>.js, web/<name>.d.ts and a use in
// tests/types/usage.ts, which the tests then demand).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

/**
 * [{ key: '.', name: 'index', specifier: 'wasmforge', types: './web/index.d.ts', js: './web/index.js' }, ...]
 * for every conditional entry (not the './dist/*' asset pattern or './package.json').
 */
export const ENTRIES = Object.entries(PACKAGE.exports)
  .filter(([, target]) => typeof target === 'object')
  .map(([key, target]) => ({
    key,
    name: key === '.' ? 'index' : key.slice(2),
    specifier: key === '.' ? PACKAGE.name : `${PACKAGE.name}/${key.slice(2)}`,
    types: target.types,
    js: target.default,
  }));

/** The entries that are cores with an init() (everything but the root and the errors). */
export const CORE_ENTRIES = ENTRIES.filter((e) => e.name !== 'index' && e.name !== 'errors');
