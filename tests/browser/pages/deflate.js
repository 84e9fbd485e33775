// SPDX-License-Identifier: MIT
// Runs the deflate workload in this page, or (?worker=1) in a module Worker,
// and leaves the result in self.__result for the test driver. ?backend= forces one.
import { runDeflateWorkload } from './deflate-workload.js';

const params = new URLSearchParams(location.search);
const backend = params.get('backend') || undefined;

async function main() {
  if (params.get('worker') !== '1') return runDeflateWorkload(backend);
  const worker = new Worker(new URL('./deflate-worker.js', import.meta.url), { type: 'module' });
  return new Promise((resolve) => {
    worker.onmessage = (event) => resolve({ ...event.data, inWorker: true });
    worker.onerror = (event) => resolve({ error: `worker error: ${event.message}` });
    worker.postMessage({ backend });
  });
}

main().then((result) => { self.__result = result; }, (e) => { self.__result = { error: String(e && e.stack || e) }; });
