// SPDX-License-Identifier: MIT
// cores.mjs: the cores the harness knows, where their JS module and builds
// live (relative to the repo root), and start-up timing (fetch + compile +
// instantiate through the core's own init()). Environment-neutral.

export const CORES = [
  { name: 'deflate', module: 'web/deflate.js' },
  { name: 'png', module: 'web/png.js' },
  { name: 'jpeg', module: 'web/jpeg.js' },
  { name: 'webp', module: 'web/webp.js' },
  { name: 'chess', module: 'web/chess.js' },
  { name: 'resize', module: 'web/resize.js' },
];

/** The build files of a core per backend (relative to the repo root). */
export function buildFiles(core) {
  return {
    'wasm-simd': `dist/${core}.simd.wasm`,
    wasm: `dist/${core}.wasm`,
    wasm2js: `dist/${core}.wasm2js.js`,
  };
}

const REPO_URL = new URL('../../', import.meta.url);

/**
 * Imports a core's JS module; resolves to null (with the reason) when it does
 * not exist. With `instance`, imports a separate instance of the module (the
 * URL gets ?instance=<instance>: Node and browsers keep one module per URL),
 * whose init() and loaded backend are its own: the harness loads each backend
 * into its own instance so that all stay loaded, and warm, side by side.
 */
export async function importCore(name, instance) {
  // a module that is not a core of its own (web/image.js, over png + jpeg + resize) by its file name
  const core = CORES.find((c) => c.name === name) || { name, module: `web/${name}.js` };
  const url = (path) => {
    const u = new URL(path, REPO_URL);
    if (instance) u.searchParams.set('instance', instance);
    return u.href;
  };
  try {
    return { module: await import(url(core.module)) };
  } catch (e) {
    return { module: null, reason: `${core.module} not loadable: ${e.message}` };
  }
}

/**
 * Our implementations of a core, one per backend, each in its own instance of
 * the core's module: [{ backend, module, prepare }] (empty when the module
 * does not load). prepare() loads the backend into its instance and resolves
 * to a reason string when it is not available. Throws when the instances
 * share one loader state after all (a core's defineCore() in a module that
 * its module imports by a relative URL, which the query does not reach): one
 * prepare() would then switch them all, and their interleaved timings would
 * all be of the last backend loaded.
 */
export async function importCoreInstances(name, backends) {
  const modules = {};
  for (const backend of backends) {
    const { module } = await importCore(name, backend);
    if (!module) return [];
    modules[backend] = module;
  }
  const inits = Object.values(modules).map((m) => m.init);
  if (new Set(inits).size < inits.length) {
    throw new Error(`${name}: the module instances share one core; define it in the core's own module (web/${name}.js)`);
  }
  return backends.map((backend) => ({
    backend, module: modules[backend],
    prepare: async () => {
      try {
        const got = await modules[backend].init({ backend });
        if (got !== backend) return `init gave ${got}`;
      } catch (e) {
        return `${backend} not available: ${e.message}`;
      }
      return undefined;
    },
  }));
}

/**
 * Start-up of every backend of one core: the first init({backend}) in this
 * process or page (cold: reads or fetches the file, compiles, instantiates)
 * and then `repeats` more loads of the same backend after switching away
 * (cached: the engine's in-process compilation cache and the HTTP cache may
 * serve them). Returns records.
 */
export async function measureStartup(name, { env, repeats = 5, backends = ['wasm-simd', 'wasm', 'wasm2js'] } = {}) {
  const { module, reason } = await importCore(name);
  const records = [];
  if (!module || typeof module.init !== 'function') {
    records.push({ env, suite: 'startup', op: 'startup', input: name, status: 'skipped', reason: reason || 'no init()' });
    return records;
  }
  const cold = {};
  for (const backend of backends) {
    const t0 = performance.now();
    try {
      await module.init({ backend });
      cold[backend] = performance.now() - t0;
    } catch (e) {
      cold[backend] = null;
      records.push({ env, suite: 'startup', op: 'startup', input: name, impl: backend, status: 'skipped', reason: e.message });
    }
  }
  const ok = backends.filter((b) => cold[b] !== null);
  for (const backend of ok) {
    const other = ok.find((b) => b !== backend);
    const warm = [];
    if (other) {
      for (let i = 0; i < repeats; i++) {
        await module.init({ backend: other });
        const t0 = performance.now();
        await module.init({ backend });
        warm.push(performance.now() - t0);
      }
    }
    warm.sort((a, b) => a - b);
    records.push({
      env, suite: 'startup', op: 'startup', input: name, impl: backend, category: 'ours', unit: 'ms', status: 'ok',
      cold_ms: cold[backend],
      cached_ms: warm.length ? warm[warm.length >> 1] : null,
      cached_min_ms: warm.length ? warm[0] : null,
      cached_max_ms: warm.length ? warm[warm.length - 1] : null,
    });
  }
  return records;
}

/**
 * A suite's available() check for a core: true when the core's module loads
 * and init() succeeds (or ctx.force is set), else the reason it is skipped.
 */
export async function coreAvailable(ctx, name) {
  const { module, reason } = await importCore(name);
  if (!module) return ctx.force ? true : `core not built yet: ${reason}`;
  try { await module.init(); } catch (e) { if (!ctx.force) return `core not built yet: ${e.message}`; }
  return true;
}
