// SPDX-License-Identifier: MIT
// cli.test.js: bin/wasmforge.js run as a child process, as `npx wasmforge`
// runs it: its outputs equal the library API's on corpus files, stdin/stdout
// piping, batch mode (plain lines, and the bar under a pseudo-terminal), a real
// UCI exchange, perft counts, one-line errors with their code, exit codes 0/1/2.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, copyFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as deflate from '../../web/deflate.js';
import * as png from '../../web/png.js';
import * as jpeg from '../../web/jpeg.js';
import { REPO_ROOT, dataDir, readBytes, randomBytes, textBytes, equalBytes } from './support.js';
import { processEngine, handshake } from '../../perf/lib/uci.mjs';

const BIN = join(REPO_ROOT, 'bin/wasmforge.js');
const DATA = dataDir();
const PNGSUITE = DATA && join(DATA, 'pngsuite');
const JPEGS = DATA && join(DATA, 'jpeg');
const noData = !DATA || !existsSync(PNGSUITE) || !existsSync(JPEGS);
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

function cli(args, options = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input, cwd: options.cwd, maxBuffer: 1 << 26, env: { ...process.env, WASMFORGE_BACKEND: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

// A failure: the given exit code and exactly one line on stderr, `wasmforge: CODE: ...`.
function assertFails(r, status, code) {
  assert.equal(r.status, status, r.stderr);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], new RegExp(`^wasmforge: ${code}: \\S`));
}

const bytesOf = (buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wasmforge-cli-'));
  await Promise.all([deflate.init({ backend: 'wasm' }), png.init({ backend: 'wasm' }), jpeg.init({ backend: 'wasm' })]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('wasmforge (command line)', () => {
  it('--version, --help, and usage errors (exit code 2)', () => {
    const v = cli(['--version']);
    assert.equal(v.status, 0);
    assert.equal(v.stdout.toString(), `${pkg.version}\n`);
    const h = cli(['--help']);
    assert.equal(h.status, 0);
    for (const c of ['convert', 'info', 'gzip', 'gunzip', 'zlib', 'uci', 'perft']) assert.match(h.stdout.toString(), new RegExp(`\\n  ${c} `));
    const ch = cli(['convert', '--help']);
    assert.equal(ch.status, 0);
    assert.match(ch.stdout.toString(), /--quality N/);
    assert.equal(cli([]).status, 2);
    assertFails(cli(['frobnicate']), 2, 'USAGE');
    assertFails(cli(['gzip', '--level', '12']), 2, 'USAGE');
    assertFails(cli(['gzip', '--bogus']), 2, 'USAGE');
    assertFails(cli(['perft', 'startpos']), 2, 'USAGE');
    assertFails(cli(['convert', 'a.png']), 2, 'USAGE');
    assertFails(cli(['convert', 'a.png', 'b.gif']), 2, 'USAGE');
    assertFails(cli(['convert', 'a.png', 'b.jpg', '--effort', '3']), 2, 'USAGE');
    assertFails(cli(['convert', 'a.png', 'b.jpg', '--backend', 'fast']), 2, 'USAGE');
  });

  it('gzip, gunzip, zlib: files and stdin/stdout, the bytes of the library API', () => {
    const data = textBytes(200_000);
    const file = join(dir, 'text.txt');
    writeFileSync(file, data);
    // files, derived names
    assert.equal(cli(['gzip', file]).status, 0);
    const gz = readBytes(`${file}.gz`);
    assert.ok(equalBytes(gz, deflate.gzip(data)));
    assertFails(cli(['gzip', file]), 1, 'EEXIST'); // a derived name is not overwritten
    assert.equal(cli(['gzip', file, '-f', '-l', '9']).status, 0);
    assert.ok(equalBytes(readBytes(`${file}.gz`), deflate.gzip(data, { level: 9 })));
    rmSync(file);
    assert.equal(cli(['gunzip', `${file}.gz`]).status, 0);
    assert.ok(equalBytes(readBytes(file), data));
    // pipes
    const piped = cli(['gzip', '--level', '1'], { input: data });
    assert.equal(piped.status, 0);
    assert.ok(equalBytes(bytesOf(piped.stdout), deflate.gzip(data, { level: 1 })));
    const back = cli(['gunzip'], { input: piped.stdout });
    assert.ok(equalBytes(bytesOf(back.stdout), data));
    const z = cli(['zlib', '-c', file]);
    assert.ok(equalBytes(bytesOf(z.stdout), deflate.zlibCompress(data)));
    const unz = cli(['zlib', '-d', '-', '-o', join(dir, 'unz.txt')], { input: z.stdout });
    assert.equal(unz.status, 0);
    assert.ok(equalBytes(readBytes(join(dir, 'unz.txt')), data));
    // a slow reader on a pipe (the pipe fills up; no EAGAIN), and one that goes away early
    const big = join(dir, 'big.bin');
    writeFileSync(big, randomBytes(3_000_000));
    const sh = (command) => spawnSync('sh', ['-c', command], { encoding: 'utf8' });
    const node = `'${process.execPath}' '${BIN}'`;
    const slow = sh(`${node} gzip -c -l 1 '${big}' | (sleep 1; ${node} gunzip) | cmp - '${big}' && echo same`);
    assert.equal(slow.stdout, 'same\n', slow.stderr);
    const early = sh(`${node} gzip -c -l 0 '${big}' | head -c 10 | wc -c`);
    assert.match(early.stdout, /^\s*10\n/, early.stderr);
    assert.equal(early.stderr, '');
    // the wasm2js backend gives the same bytes
    const js = cli(['gzip', '--backend', 'wasm2js'], { input: data });
    assert.ok(equalBytes(bytesOf(js.stdout), deflate.gzip(data)));
  });

  it('gunzip: damaged input fails with one line naming the code (exit code 1)', () => {
    const gz = deflate.gzip(textBytes(10_000));
    const cut = gz.slice(0, gz.length - 20);
    const r = cli(['gunzip'], { input: cut });
    assertFails(r, 1, 'DEFLATE_TRUNCATED');
    const bad = gz.slice();
    bad[gz.length - 2] ^= 1; // in ISIZE
    assertFails(cli(['gunzip'], { input: bad }), 1, 'GZIP_ISIZE_MISMATCH');
    assertFails(cli(['gunzip', join(dir, 'missing.gz')]), 1, 'ENOENT');
    assertFails(cli(['gunzip', join(dir, 'noext')]), 2, 'USAGE');
  });

  it('convert: PNG <-> JPEG with options, byte for byte the library API', { skip: noData && 'corpus missing' }, () => {
    const src = join(PNGSUITE, 'basn6a08.png');
    const out = join(dir, 'a.jpg');
    assert.equal(cli(['convert', src, out, '--quality', '85', '--progressive', '--subsampling', '4:4:4']).status, 0);
    const image = png.decode(readBytes(src));
    assert.ok(equalBytes(readBytes(out), jpeg.encode(image, { quality: 85, progressive: true, subsampling: '4:4:4' })));

    const jpg = join(JPEGS, 'testorig.jpg');
    const outPng = join(dir, 'b.png');
    assert.equal(cli(['convert', jpg, outPng, '--effort', '2', '--backend', 'wasm2js']).status, 0);
    assert.ok(equalBytes(readBytes(outPng), png.encode(jpeg.decode(readBytes(jpg)), { effort: 2 })));

    // a 16-bit PNG stays 16-bit
    const deep = join(PNGSUITE, 'basn2c16.png');
    const outDeep = join(dir, 'c.png');
    assert.equal(cli(['convert', deep, outDeep, '--interlace']).status, 0);
    const again = png.decode(readBytes(outDeep), { depth: 16 });
    assert.equal(again.meta.bitDepth, 16);
    assert.equal(again.meta.interlaced, true);
    assert.deepEqual(again.data, png.decode(readBytes(deep), { depth: 16 }).data);

    // stdin to stdout
    const piped = cli(['convert', '-', '-', '--to', 'jpg', '--quality', '50'], { input: readFileSync(src) });
    assert.equal(piped.status, 0, piped.stderr);
    assert.ok(equalBytes(bytesOf(piped.stdout), jpeg.encode(image, { quality: 50 })));
    assertFails(cli(['convert', '-', '-'], { input: readFileSync(src) }), 2, 'USAGE');
  });

  it('convert: bad input fails with one line naming the code (exit code 1)', { skip: noData && 'corpus missing' }, () => {
    assertFails(cli(['convert', join(PNGSUITE, 'xcrn0g04.png'), join(dir, 'x.jpg')]), 1, 'PNG_\\w+');
    assertFails(cli(['convert', join(PNGSUITE, 'README.md'), join(dir, 'x.jpg')]), 1, 'IMAGE_UNKNOWN_FORMAT');
    assertFails(cli(['convert', join(dir, 'nothing.png'), join(dir, 'x.jpg')]), 1, 'ENOENT');
    const huge = cli(['convert', join(JPEGS, 'testorig.jpg'), join(dir, 'x.png'), '--max-pixels', '1000']);
    assertFails(huge, 1, 'JPEG_TOO_MANY_PIXELS');
    assert.match(huge.stderr, /testorig\.jpg/);
  });

  it('info: dimensions, colour type, depth and metadata', { skip: noData && 'corpus missing' }, () => {
    const text = cli(['info', join(PNGSUITE, 'ct1n0g04.png')]);
    assert.equal(text.status, 0);
    assert.match(text.stdout.toString(), /^width: 32$/m);
    assert.match(text.stdout.toString(), /^colourType: grey \(0\)$/m);
    assert.match(text.stdout.toString(), /^bitDepth: 4$/m);
    assert.match(text.stdout.toString(), /^text: .*keyword=Title/m);
    const g = JSON.parse(cli(['info', '--json', join(PNGSUITE, 'g03n2c08.png')]).stdout);
    assert.equal(g.format, 'png');
    assert.equal(g.gamma, png.decode(readBytes(join(PNGSUITE, 'g03n2c08.png'))).meta.gamma);
    const jpgFile = join(JPEGS, 'testimgp.jpg');
    const j = JSON.parse(cli(['info', '--json', jpgFile]).stdout);
    const header = jpeg.readHeader(readBytes(jpgFile));
    assert.deepEqual([j.format, j.width, j.height, j.colourSpace, j.bitDepth, j.progressive, j.subsampling],
      ['jpeg', header.width, header.height, header.meta.colorSpace, 8, true, header.meta.subsampling]);
    assertFails(cli(['info', join(PNGSUITE, 'xcsn0g01.png')]), 1, 'PNG_CRC_MISMATCH');
    assertFails(cli(['info', join(PNGSUITE, 'xs1n0g01.png')]), 1, 'IMAGE_UNKNOWN_FORMAT'); // a damaged signature
  });

  it('batch convert: plain lines when not on a terminal, failures reported and counted', { skip: noData && 'corpus missing' }, () => {
    const inDir = join(dir, 'batch');
    mkdirSync(inDir);
    const names = ['basn0g08.png', 'basn3p04.png', 'tbrn2c08.png'];
    for (const n of names) copyFileSync(join(PNGSUITE, n), join(inDir, n));
    copyFileSync(join(JPEGS, 'testorig.jpg'), join(inDir, 'photo.jpg'));
    copyFileSync(join(PNGSUITE, 'xcsn0g01.png'), join(inDir, 'broken.png'));
    writeFileSync(join(inDir, 'notes.txt'), 'not an image');
    const outDir = join(dir, 'batch-out');
    const r = cli(['convert', inDir, outDir, '--to', 'jpeg', '--quality', '90']);
    assert.equal(r.status, 1, 'one file failed');
    const lines = r.stdout.toString().trim().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0], /basn0g08\.png -> .*basn0g08\.jpg \(\d+ -> \d+ bytes\)$/);
    assert.equal(lines[4], '4 of 5 converted, 1 failed');
    assertFails({ status: 1, stderr: r.stderr }, 1, 'PNG_\\w+');
    assert.match(r.stderr, /broken\.png/);
    assert.deepEqual(readdirSync(outDir).sort(), ['basn0g08.jpg', 'basn3p04.jpg', 'photo.jpg', 'tbrn2c08.jpg']);
    for (const n of names) {
      const expected = jpeg.encode(png.decode(readBytes(join(PNGSUITE, n))), { quality: 90 });
      assert.ok(equalBytes(readBytes(join(outDir, n.replace('.png', '.jpg'))), expected), n);
    }
    assertFails(cli(['convert', inDir, outDir]), 2, 'USAGE'); // a directory needs --to
  });

  it('batch convert: a progress bar on a terminal', { skip: (noData && 'corpus missing') ||
      (spawnSync('script', ['--version']).error && 'script(1) is not installed') }, () => {
    const inDir = join(dir, 'tty');
    mkdirSync(inDir);
    for (const n of ['basn0g08.png', 'basn2c08.png']) copyFileSync(join(PNGSUITE, n), join(inDir, n));
    const quote = (s) => `'${s.replace(/'/g, "'\\''")}'`;
    const command = [process.execPath, BIN, 'convert', inDir, join(dir, 'tty-out'), '--to', 'jpeg'].map(quote).join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '80' } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\r\[#{15}\.{15}\] 1\/2 basn0g08\.png/);
    assert.match(r.stdout, /\r\[#{30}\] 2\/2 basn2c08\.png/);
    assert.match(r.stdout, /2 of 2 converted/);
    assert.doesNotMatch(r.stdout, / -> /);
  });

  it('perft: known counts, FEN quoted or not, on both backends', () => {
    const start = cli(['perft', 'startpos', '4']);
    assert.equal(start.status, 0);
    assert.equal(start.stdout.toString(), '197281\n');
    const kiwipete = 'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1';
    assert.equal(cli(['perft', kiwipete, '3']).stdout.toString(), '97862\n');
    assert.equal(cli(['perft', ...kiwipete.split(' '), '2', '--backend', 'wasm2js']).stdout.toString(), '2039\n');
    assertFails(cli(['perft', 'startpos', '11']), 2, 'USAGE');
    assertFails(cli(['perft', 'rnbqkbnr/pppppppp/8/8 w', '1']), 1, 'CHESS_BAD_FEN');
  });

  it('uci: a real exchange (uci, isready, position, go depth, go infinite + stop, quit)', async () => {
    const engine = await processEngine(process.execPath, [BIN, 'uci'], 'wasmforge uci');
    let closed = false;
    try {
      assert.match(await handshake(engine), /^wasmforge/);
      engine.send('position startpos moves e2e4 e7e5');
      engine.send('go depth 6');
      assert.match(await engine.waitFor(/^bestmove/, 30_000), /^bestmove [a-h][1-8][a-h][1-8][qrbn]? ponder /);
      assert.ok(engine.log.some((l) => /^info depth 6 .* pv /.test(l)));
      // an infinite search answers isready while searching and stops on 'stop'
      const mark = engine.log.length;
      engine.send('go infinite');
      await engine.waitFor(/^info depth/, 30_000);
      engine.send('isready');
      await engine.waitFor(/^readyok/, 30_000);
      assert.ok(!engine.log.slice(mark).some((l) => l.startsWith('bestmove')), 'still searching');
      const t0 = Date.now();
      engine.send('stop');
      assert.match(await engine.waitFor(/^bestmove/, 30_000), /^bestmove [a-h][1-8]/);
      assert.ok(Date.now() - t0 < 2000, `stop took ${Date.now() - t0} ms`);
      closed = true;
      assert.equal(await engine.close(), 0, 'quit ends the program with exit code 0 (within 2 s)');
    } finally {
      if (!closed) await engine.close();
    }
  });

  it('uci: commands piped in end with the input (a bounded search finishes first)', () => {
    const r = cli(['uci'], { input: 'uci\nposition fen r5rk/5p1p/5R2/4B3/8/8/7P/7K w - - 0 1\ngo depth 8\n' });
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout.toString().trim().split('\n');
    assert.ok(out.some((l) => / score mate 3 /.test(l)), out.join('\n'));
    assert.equal(out.at(-1).split(' ')[1], 'f6a6');
    const t0 = Date.now();
    const infinite = cli(['uci'], { input: 'position startpos\ngo infinite\n' });
    assert.equal(infinite.status, 0);
    assert.match(infinite.stdout.toString(), /^bestmove \S+/m);
    assert.ok(Date.now() - t0 < 20_000, 'an infinite search is stopped at the end of the input');
    const bad = cli(['uci'], { input: 'position fen nonsense\nisready\n' });
    assert.equal(bad.status, 0);
    assert.match(bad.stdout.toString(), /readyok/);
  });
});
