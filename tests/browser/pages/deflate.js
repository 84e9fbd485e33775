// SPDX-License-Identifier: MIT
// Runs the deflate workload in this page, or (?worker=1) in a module Worker,
// and leaves the result in self.__result for the test driver. ?backend= forces one;
// ?large=1 adds a round trip of more than 64 MiB.
import { runDeflateWorkload } from './deflate-workload.js';

const params = new URLSearchParams(location.search);
const backend = params.get('backend') || undefined;
const large = params.get('large') === '1';

async function main() {
  if (params.get('worker') !== '1') return runDeflateWorkload(backend, { large });
  const worker = new Worker(new URL('./deflate-worker.js', import.meta.url), { type: 'module' });
  return new Promise((resolve) => {
    worker.onmessage = (event) => resolve({ ...event.data, inWorker: true });
    worker.onerror = (event) => resolve({ error: `worker error: ${event.message}` });
    worker.postMessage({ backend, large });
  });
}

main().then((result) => { self.__result = result; }, (e) => { self.__result = { error: String(e && e.stack || e) }; });
