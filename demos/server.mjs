// SPDX-License-Identifier: MIT
// server.mjs: the static file server behind `npm start`, the browser tests and
// the browser benchmarks. Serves the repository root on 127.0.0.1.
//
// Path prefixes add response headers, so one server can show every situation
// the loader must handle (the prefix is removed before the file is looked up):
//   /csp-nowasm/...  Content-Security-Policy: script-src 'self' (WebAssembly compilation forbidden)
//   /csp-wasm/...    the same CSP plus 'wasm-unsafe-eval' (control)
//   /wrong-mime/...  .wasm served as application/octet-stream (no streaming compile)
//   /isolated/...    COOP/COEP, for cross-origin isolation
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.epd': 'text/plain; charset=utf-8',
};

const VARIANTS = {
  'csp-nowasm': { 'Content-Security-Policy': "script-src 'self'; worker-src 'self'" },
  'csp-wasm': { 'Content-Security-Policy': "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'" },
  'wrong-mime': {},
  isolated: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
};

/**
 * Starts the server. options: { port = 0 (ephemeral), host = '127.0.0.1',
 * root = REPO_ROOT, mounts = { '/data/': '/abs/dir' } extra folders, index = '/demos/',
 * headers = {} added to every response (e.g. a CSP for a whole built app) }.
 * Resolves to { url, port, close() }.
 */
export function startServer(options = {}) {
  const root = options.root || REPO_ROOT;
  const mounts = options.mounts || {};
  const host = options.host || '127.0.0.1';
  const server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    let variant = null;
    const first = path.split('/')[1];
    if (VARIANTS[first]) {
      variant = first;
      path = path.slice(first.length + 1) || '/';
    }
    if (path === '/' && options.index) {
      response.writeHead(302, { Location: options.index });
      response.end();
      return;
    }
    let base = root;
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (path.startsWith(prefix)) {
        base = dir;
        path = path.slice(prefix.length - 1);
        break;
      }
    }
    let file = normalize(join(base, path));
    if (!file.startsWith(normalize(base + sep)) && file !== normalize(base)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    let type = MIME[extname(file)] || 'application/octet-stream';
    if (variant === 'wrong-mime' && extname(file) === '.wasm') type = 'application/octet-stream';
    response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache', ...options.headers,
      ...(variant ? VARIANTS[variant] : {}) });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, host, () => {
      const { port } = server.address();
      // close() also drops connections a browser keeps open (keep-alive, or a
      // request a closed page left unfinished): server.close() alone waits for them.
      const close = () => new Promise((r) => {
        server.close(r);
        server.closeAllConnections();
      });
      resolve({ url: `http://${host}:${port}`, port, close });
    });
  });
}
