// SPDX-License-Identifier: MIT
// A module Worker that runs the deflate workload and posts the result back.
import { runDeflateWorkload } from './deflate-workload.js';

self.onmessage = async (event) => {
  try {
    self.postMessage(await runDeflateWorkload(event.data.backend, { large: event.data.large }));
  } catch (e) {
    self.postMessage({ error: String(e && e.stack || e) });
  }
};
