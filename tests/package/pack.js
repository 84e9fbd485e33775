// SPDX-License-Identifier: MIT
// pack.js: `npm pack` of this repository and an offline install of the
// tarball into an empty folder, as a user's app would get it. Needs the
// build (dist/) but no network: the package has no dependencies, and npm is
// told --offline with an empty cache.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './entries.js';

const NPM_FLAGS = ['--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];

/** Packs the repository; returns { dir, tgz, info } with npm's own report of the tarball. */
export function packTarball() {
  const dir = mkdtempSync(join(tmpdir(), 'wasmforge-pack-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir, ...NPM_FLAGS],
    { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const info = JSON.parse(out)[0];
  return { dir, tgz: join(dir, info.filename), info, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Makes an empty app folder and installs the tarball into it with npm,
 * offline; returns the folder. extraPackageJson is merged into its package.json.
 */
export function installTarball(tgz, parent, extraPackageJson = {}) {
  const app = mkdtempSync(join(parent || tmpdir(), 'app-'));
  mkdirSync(join(app, '.npm-cache'));
  writeFileSync(join(app, 'package.json'),
    JSON.stringify({ name: 'wasmforge-test-app', private: true, type: 'module', ...extraPackageJson }, null, 2));
  execFileSync('npm', ['install', '--offline', '--cache', join(app, '.npm-cache'), ...NPM_FLAGS, tgz],
    { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] });
  return app;
}
