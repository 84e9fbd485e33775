// SPDX-License-Identifier: MIT
// legacy-support.js: what the Duktape and Chromium tests of the legacy files
// share: the corpus files of the workload (tests/js/legacy-workload.js) and
// its results on the ES modules (Wasm backend), which the legacy files must match.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, dataDir } from './support.js';

export const WORKLOAD = join(REPO_ROOT, 'tests/js/legacy-workload.js');

/** The corpus files the workload reads (small ones: Duktape interprets wasm2js slowly), or null. */
export function legacyInputs() {
  const dir = dataDir();
  if (!dir || !existsSync(join(dir, 'pngsuite')) || !existsSync(join(dir, 'jpeg'))) return null;
  const read = (sub, name) => [name, Array.from(readFileSync(join(dir, sub, name)))];
  return {
    png: ['basn6a08.png', 'basi0g08.png', 'tbrn2c08.png', 'basn3p04.png', 'basn2c16.png', 'g03n2c08.png', 'ct1n0g04.png']
      .map((n) => read('pngsuite', n)),
    pngBroken: read('pngsuite', 'xcrn0g04.png')[1],
    jpeg: ['testorig.jpg', 'testimgp.jpg', 'testimgari.jpg', 'testimggray.jpg'].map((n) => read('jpeg', n)),
  };
}

/** The workload on the ES modules, Wasm backend, as JSON-shaped data. */
export async function legacyWorkloadInNode(inputs) {
  const [deflate, png, jpeg, chess, errors] = await Promise.all(['deflate', 'png', 'jpeg', 'chess', 'errors']
    .map((m) => import(`../../web/${m}.js`)));
  await Promise.all([deflate, png, jpeg, chess].map((m) => m.init({ backend: 'wasm' })));
  const workload = new Function(`${readFileSync(WORKLOAD, 'utf8')}\nreturn legacyWorkload;`)();
  return JSON.parse(JSON.stringify(workload({ deflate, png, jpeg, chess, WasmforgeError: errors.WasmforgeError }, inputs)));
}
