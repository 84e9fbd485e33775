// SPDX-License-Identifier: MIT
// main.js: the test app's page script. ?worker=1 runs the workload in a
// module Worker (written the way bundlers recognise), else on the page.
import { runWorkload } from './workload.js';

const fail = (e) => ({ error: String((e && (e.stack || e.message)) || e) });
if (new URLSearchParams(location.search).has('worker')) {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => { self.__result = event.data; };
  worker.onerror = (event) => { self.__result = fail(`worker error: ${event.message}`); };
} else {
  runWorkload().then((result) => { self.__result = result; }, (e) => { self.__result = fail(e); });
}
