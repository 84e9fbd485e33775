// SPDX-License-Identifier: MIT
// legacy-entry.js: the end of the classic-script bundle (dist/wasmforge.legacy.js).
// `cores` maps a core name to { instantiate, createApi } gathered by
// polyfill/build-legacy.mjs; this exposes each as window.wasmforge.<core> with
// the same synchronous API as the ES modules, always on the wasm2js backend.
// Several legacy files add their cores to the one `wasmforge` object.
function installLegacyApi(global, cores, createRuntime, WasmforgeError) {
  var api = global.wasmforge || {};
  api.WasmforgeError = WasmforgeError;
  function imports() {
    return {
      env: { emscripten_notify_memory_growth: function () {} },
      wasi_snapshot_preview1: {
        proc_exit: function (code) { throw new Error('wasmforge core aborted (exit code ' + code + ')'); }
      }
    };
  }
  function bind(name, core) {
    var runtime = null;
    function make() {
      var exports = core.instantiate(imports());
      if (exports._initialize) exports._initialize();
      return exports;
    }
    function getRuntime() {
      if (runtime === null) runtime = createRuntime(make(), 'wasm2js', make);
      return runtime;
    }
    var coreApi = core.createApi(getRuntime);
    coreApi.backend = function () { return 'wasm2js'; };
    coreApi.init = function () {
      getRuntime();
      return typeof Promise !== 'undefined' ? Promise.resolve('wasm2js') : 'wasm2js';
    };
    api[name] = coreApi;
  }
  for (var name in cores) {
    if (Object.prototype.hasOwnProperty.call(cores, name)) bind(name, cores[name]);
  }
  global.wasmforge = api;
}
