// SPDX-License-Identifier: MIT
// serve.mjs: `npm start` ends here. Serves the demos on http://127.0.0.1:8080
// (PORT=… or --port N to change it, HOST=… to listen elsewhere) and prints their URLs.
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer, REPO_ROOT } from './server.mjs';

const argPort = process.argv.indexOf('--port');
const port = Number(argPort > 0 ? process.argv[argPort + 1] : process.env.PORT || 8080);
const host = process.env.HOST || '127.0.0.1';
const dataDir = process.env.WASMFORGE_DATA || resolve(REPO_ROOT, '../shared/data');
const mounts = existsSync(dataDir) ? { '/data/': dataDir } : {};

const server = await startServer({ port, host, mounts, index: '/demos/' });
const demos = readdirSync(new URL('.', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`./${d.name}/index.html`, import.meta.url)))
  .map((d) => d.name);
console.log(`wasmforge demos on ${server.url}/demos/`);
for (const name of demos) console.log(`  ${server.url}/demos/${name}/`);
console.log('Add ?backend=wasm2js (or wasm, wasm-simd) to a demo URL to force a backend. Ctrl-C stops.');
