// SPDX-License-Identifier: MIT
// worker.js: the test app's module Worker; posts the workload's result.
import { runWorkload } from './workload.js';

runWorkload().then((result) => self.postMessage(result),
  (e) => self.postMessage({ error: String((e && (e.stack || e.message)) || e) }));
