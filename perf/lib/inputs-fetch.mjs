// SPDX-License-Identifier: MIT
// inputs-fetch.mjs: in a page, loads the inputs that perf/run.mjs wrote
// (manifest.json and the files it names) from a URL, as the same objects the
// Node side builds ({name, bytes, zraw, ...}).

export async function fetchBytes(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`GET ${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

export async function loadInputs(baseUrl) {
  const base = new URL(baseUrl, location.href);
  const manifest = await (await fetch(new URL('manifest.json', base))).json();
  const inputs = {};
  for (const [set, list] of Object.entries(manifest)) {
    inputs[set] = [];
    for (const entry of list) {
      const input = { ...entry };
      delete input.files;
      for (const [k, file] of Object.entries(entry.files || {})) input[k] = await fetchBytes(new URL(file, base));
      inputs[set].push(input);
    }
  }
  return inputs;
}
