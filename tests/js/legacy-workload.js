// SPDX-License-Identifier: MIT
// legacy-workload.js: one piece of work for every core, written in ES5 as a
// classic script, so that the very same function runs on the legacy bundle in
// Duktape and in Chromium, and on the ES modules (Wasm backend) in Node; the
// tests compare the results. `wf` has the members deflate, png, jpeg, chess;
// `input` holds the corpus files as arrays of bytes.
// eslint-disable-next-line no-unused-vars
function legacyWorkload(wf, input) {
  var crc = wf.deflate.crc32;
  function bytes(array) {
    return new Uint8Array(array);
  }
  function digest(data) {
    var b = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { length: b.length, crc: crc(b) };
  }
  function pixels(image) {
    return { width: image.width, height: image.height, depth: image.depth || 8, data: digest(image.data) };
  }
  function errorOf(fn) {
    try {
      fn();
      return null;
    } catch (e) {
      return { code: e.code, ours: e instanceof wf.WasmforgeError };
    }
  }
  var out = { png: [], jpeg: [], chess: {} };

  // PNG: decode (8- and 16-bit), metadata, encode at two efforts, errors
  for (var i = 0; i < input.png.length; i++) {
    var file = bytes(input.png[i][1]);
    var image = wf.png.decode(file);
    var meta = image.meta;
    var entry = {
      name: input.png[i][0], image: pixels(image),
      meta: { bitDepth: meta.bitDepth, colorType: meta.colorType, interlaced: meta.interlaced, gamma: meta.gamma,
        text: meta.text.length, srgb: meta.srgbIntent },
      encoded: digest(wf.png.encode(image)),
      encodedFast: digest(wf.png.encode(image, { effort: 1, interlace: true }))
    };
    if (meta.bitDepth === 16) {
      var deep = wf.png.decode(file, { depth: 16 });
      entry.deep = pixels(deep);
      entry.deepEncoded = digest(wf.png.encode(deep));
    }
    out.png.push(entry);
  }
  out.pngError = errorOf(function () { wf.png.decode(bytes(input.pngBroken)); });

  // JPEG: decode (baseline, progressive, ...), header, encode with options
  for (var j = 0; j < input.jpeg.length; j++) {
    var jfile = bytes(input.jpeg[j][1]);
    var decoded = wf.jpeg.decode(jfile);
    var header = wf.jpeg.readHeader(jfile);
    out.jpeg.push({
      name: input.jpeg[j][0], image: pixels(decoded),
      header: [header.width, header.height, header.meta.colorSpace, header.meta.subsampling, header.meta.progressive,
        header.meta.arithmetic],
      encoded: digest(wf.jpeg.encode(decoded, { quality: 50 }))
    });
  }
  var small = wf.png.decode(bytes(input.png[0][1]));
  out.jpegEncode = [
    digest(wf.jpeg.encode(small)),
    digest(wf.jpeg.encode(small, { quality: 92, subsampling: '4:4:4', progressive: true })),
    digest(wf.jpeg.encode(small, { quality: 30, subsampling: 'grey', optimize: false, restartInterval: 2 }))
  ];
  out.jpegError = errorOf(function () { wf.jpeg.decode(bytes([0xff, 0xd8, 0xff, 0xc0, 0, 3])); });

  // chess: rules, SAN, perft, a fixed-depth search, errors
  var c = wf.chess;
  var kiwipete = 'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1';
  out.chess.legal = c.legalMoves('startpos', ['e2e4']);
  out.chess.mate = c.gameState('startpos', ['f2f3', 'e7e5', 'g2g4', 'd8h4']);
  out.chess.stalemate = c.gameState('7k/5Q2/6K1/8/8/8/8/8 b - - 0 1').state;
  out.chess.san = [c.toSan(kiwipete, 'e1g1'), c.toSan(kiwipete, 'd5e6'), c.fromSan(kiwipete, 'Qxf6')];
  out.chess.fen = c.applyMoves('startpos', ['e4', 'c5', 'Nf3']);
  out.chess.perft = [c.perft('startpos', 3), c.perft(kiwipete, 2), c.perft('8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1', 3)];
  var found = c.search('startpos', ['e2e4', 'e7e5'], { depth: 4 });
  out.chess.search = { bestmove: found.bestmove, ponder: found.ponder, depth: found.depth, score: found.score,
    nodes: found.nodes, pv: found.pv };
  out.chess.mateSearch = c.search('r5rk/5p1p/5R2/4B3/8/8/7P/7K w - - 0 1', [], { depth: 6 }).bestmove;
  out.chess.error = errorOf(function () { c.legalMoves('rnbqkbnr/pppppppp/8/8 w'); });
  out.chess.illegal = errorOf(function () { c.toSan('startpos', 'e2e5'); });
  return out;
}
