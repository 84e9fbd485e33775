// SPDX-License-Identifier: MIT
// index.mjs: the suites, in the order they run. A suite is added here once
// (see perf/lib/runner.mjs for the shape); the Node harness, the harness's
// Chromium page and the live page (demos/bench/) all take them from this list.
export const SUITE_NAMES = ['deflate', 'png', 'jpeg', 'webp', 'pipeline', 'chess', 'resize'];

/** Imports the named suites (all when names is empty). */
export async function loadSuites(names) {
  const wanted = names && names.length ? SUITE_NAMES.filter((n) => names.includes(n)) : SUITE_NAMES;
  const suites = [];
  for (const n of wanted) {
    try {
      suites.push((await import(`./${n}.mjs`)).default);
    } catch (e) {
      suites.push({ name: n, available: async () => `suite module not loadable: ${e.message}`, cases: async () => [] });
    }
  }
  return suites;
}
