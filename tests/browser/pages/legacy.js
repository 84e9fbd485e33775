// The classic-script bundle: global `wasmforge`, synchronous API, wasm2js backend.
(function () {
  var flate = window.wasmforge.deflate;
  var data = new Uint8Array(20000);
  for (var i = 0; i < data.length; i++) data[i] = (i * 7) % 251 < 100 ? 65 + (i % 26) : 32;
  var packed = flate.gzip(data, { level: 9 });
  var back = flate.gunzip(packed);
  window.__result = { backend: flate.backend(), size: packed.length, ok: back.length === data.length && flate.crc32(back) === flate.crc32(data), crc: flate.crc32(packed) };
})();
