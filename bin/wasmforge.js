#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// wasmforge: the command line over the package's public modules (web/*.js).
//
//   wasmforge convert IN OUT [--quality N] [--effort N] [--progressive] ...
//   wasmforge convert DIR OUTDIR --to jpeg        (batch, with a progress bar on a terminal)
//   wasmforge info FILE [--json]
//   wasmforge gzip|gunzip|zlib [FILE] [-o OUT] [-c]   (stdin/stdout without FILE)
//   wasmforge uci                                 (the chess engine over stdin/stdout)
//   wasmforge perft FEN|startpos DEPTH
//
// Commands, formats and options are tables (COMMANDS, FORMATS): a new image
// format is one FORMATS entry (its sniff, decode, encode and options), a new
// command one COMMANDS entry. Errors print one line, `wasmforge: CODE: message`;
// exit codes: 0 ok, 1 failure, 2 usage.

import { readFileSync, writeFileSync, readdirSync, statSync, existsSync, mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import * as deflate from '../web/deflate.js';
import * as png from '../web/png.js';
import * as jpeg from '../web/jpeg.js';
import * as webp from '../web/webp.js';
import * as chess from '../web/chess.js';
import { WasmforgeError } from '../web/errors.js';

const VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

/** An error in how the command was called: exit code 2. */
class UsageError extends Error {}

function usage(message) {
  return new UsageError(message);
}

// ---------------------------------------------------------------- options

// Every option any command takes. `type`: 'int' (with min/max), 'flag', or
// 'string' (with `values` when it is a choice). Commands list the ones they take.
const OPTIONS = {
  quality: { type: 'int', min: 1, max: 100, arg: 'N', help: 'JPEG (and --lossy WebP) quality, 1-100 (default 75)' },
  effort: { type: 'int', min: 0, max: 9, arg: 'N', help: 'PNG and WebP effort, 0 (fastest) to 9 (smallest) (default 6 PNG, 5 WebP)' },
  lossy: { type: 'flag', help: 'WebP: lossy (VP8) instead of lossless' },
  exact: { type: 'flag', help: 'WebP: keep the RGB of fully transparent pixels' },
  progressive: { type: 'flag', help: 'progressive JPEG' },
  subsampling: { type: 'string', values: ['4:4:4', '4:2:2', '4:2:0', 'grey'], arg: 'S', help: 'JPEG chroma subsampling (default 4:2:0)' },
  'no-optimize': { type: 'flag', help: 'JPEG: standard Huffman tables instead of optimised ones' },
  'restart-interval': { type: 'int', min: 0, max: 65535, arg: 'N', help: 'JPEG: MCUs between restart markers (default 0, none)' },
  interlace: { type: 'flag', help: 'Adam7-interlaced PNG' },
  to: { type: 'string', arg: 'FORMAT', help: 'output format (png, jpeg, webp): needed for a directory or stdout' },
  'max-pixels': { type: 'int', min: 1, max: 4294967295, arg: 'N', help: 'refuse images larger than N pixels (default 100,000,000)' },
  json: { type: 'flag', help: 'print JSON' },
  level: { type: 'int', short: 'l', min: 0, max: 9, arg: 'N', help: 'compression level, 0 (stored) to 9 (smallest) (default 6)' },
  decompress: { type: 'flag', short: 'd', help: 'decompress' },
  stdout: { type: 'flag', short: 'c', help: 'write to standard output' },
  output: { type: 'string', short: 'o', arg: 'FILE', help: 'output file' },
  force: { type: 'flag', short: 'f', help: 'overwrite an existing output file' },
  backend: { type: 'string', values: ['auto', 'wasm-simd', 'wasm', 'wasm2js'], arg: 'B', help: 'auto (default), wasm-simd, wasm or wasm2js' },
  help: { type: 'flag', short: 'h', help: 'show help' },
};
const GLOBAL_OPTIONS = ['backend', 'help'];

function parseCommandArgs(name, command, argv) {
  const names = [...command.options, ...GLOBAL_OPTIONS];
  const config = {};
  for (const key of names) {
    const o = OPTIONS[key];
    config[key] = { type: o.type === 'flag' ? 'boolean' : 'string' };
    if (o.short) config[key].short = o.short;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
  } catch (e) {
    throw usage(`${name}: ${e.message.split('\n')[0].replace(/\. To specify a positional.*$/, '')}`);
  }
  const values = {};
  for (const [key, raw] of Object.entries(parsed.values)) {
    const o = OPTIONS[key];
    if (o.type === 'int') {
      const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
      if (!(n >= o.min && n <= o.max)) throw usage(`${name}: --${key} must be an integer from ${o.min} to ${o.max}, got "${raw}"`);
      values[key] = n;
    } else if (o.values && !o.values.includes(raw)) {
      throw usage(`${name}: --${key} must be one of ${o.values.join(', ')}, got "${raw}"`);
    } else {
      values[key] = raw;
    }
  }
  return { values, positionals: parsed.positionals };
}

// ---------------------------------------------------------------- image formats

// One entry per format: which files are it (sniff, extensions), how to load its
// core, decode it to {width, height, data (RGBA)}, encode to it, and which
// options its encoder takes. opts are the parsed command-line values.
const FORMATS = {
  png: {
    extensions: ['.png'],
    encodeOptions: ['effort', 'interlace'],
    init: (backend) => png.init({ backend }),
    sniff: (b) => b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
    // A 16-bit PNG going to PNG keeps its 16 bits (the encoder reduces losslessly).
    decode: (bytes, opts, target) => png.decode(bytes, {
      maxPixels: opts['max-pixels'], depth: target === 'png' && bytes[24] === 16 ? 16 : 8 }),
    encode: (image, opts) => png.encode(image, { effort: opts.effort, interlace: !!opts.interlace }),
    info(bytes, opts) {
      const { width, height, meta } = png.decode(bytes, { maxPixels: opts['max-pixels'], depth: 8 });
      const colour = { 0: 'grey', 2: 'rgb', 3: 'palette', 4: 'grey+alpha', 6: 'rgba' }[meta.colorType];
      return {
        format: 'png', width, height, colourType: `${colour} (${meta.colorType})`, bitDepth: meta.bitDepth,
        interlaced: meta.interlaced, gamma: meta.gamma, chromaticities: meta.chromaticities,
        srgbIntent: meta.srgbIntent, physical: meta.physical,
        iccProfile: meta.iccProfile && { name: meta.iccProfile.name, bytes: meta.iccProfile.data.length },
        text: meta.text.length ? meta.text.map((t) => ({ kind: t.kind, keyword: t.keyword, text: t.text })) : undefined,
      };
    },
  },
  jpeg: {
    extensions: ['.jpg', '.jpeg', '.jfif'],
    encodeOptions: ['quality', 'progressive', 'subsampling', 'no-optimize', 'restart-interval'],
    init: (backend) => jpeg.init({ backend }),
    sniff: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
    decode: (bytes, opts) => jpeg.decode(bytes, { maxPixels: opts['max-pixels'] }),
    encode: (image, opts) => jpeg.encode(image, {
      quality: opts.quality, progressive: !!opts.progressive, subsampling: opts.subsampling,
      optimize: !opts['no-optimize'], restartInterval: opts['restart-interval'] }),
    info(bytes) {
      const { width, height, meta } = jpeg.readHeader(bytes);
      return {
        format: 'jpeg', width, height, colourSpace: meta.colorSpace, components: meta.components,
        bitDepth: meta.precision, subsampling: meta.subsampling || undefined, progressive: meta.progressive,
        arithmetic: meta.arithmetic, orientation: meta.orientation, density: meta.density || undefined,
        iccProfile: meta.icc ? { bytes: meta.icc.length } : undefined,
      };
    },
  },
};
FORMATS.webp = {
  extensions: ['.webp'],
  encodeOptions: ['effort', 'quality', 'lossy', 'exact'],
  init: (backend) => webp.init({ backend }),
  sniff: (b) => b.length >= 12 && String.fromCharCode(b[0], b[1], b[2], b[3]) === 'RIFF'
    && String.fromCharCode(b[8], b[9], b[10], b[11]) === 'WEBP',
  decode: (bytes, opts) => webp.decode(bytes, { maxPixels: opts['max-pixels'] }),
  encode: (image, opts) => webp.encode(image, {
    lossless: !opts.lossy, quality: opts.quality, effort: opts.effort, exact: !!opts.exact }),
  info(bytes) {
    const { width, height, hasAlpha, format, animated, frameCount, loopCount, meta } = webp.readHeader(bytes);
    return {
      format: 'webp', width, height, coding: format, alpha: hasAlpha, animated,
      frames: animated ? frameCount : undefined, loopCount: animated ? loopCount : undefined,
      iccProfile: meta.icc ? { bytes: meta.icc.length } : undefined,
      exif: meta.exif ? { bytes: meta.exif.length } : undefined,
      xmp: meta.xmp ? { bytes: meta.xmp.length } : undefined,
    };
  },
};
const ALIASES = { jpg: 'jpeg' };

function formatOfName(name) {
  const ext = extname(name).toLowerCase();
  return Object.keys(FORMATS).find((f) => FORMATS[f].extensions.includes(ext)) || null;
}

function formatByName(name, what) {
  const key = ALIASES[name] || name;
  if (!FORMATS[key]) throw usage(`${what}: unknown format "${name}" (expected ${Object.keys(FORMATS).join(', ')})`);
  return key;
}

function sniffFormat(bytes, file) {
  const f = Object.keys(FORMATS).find((k) => FORMATS[k].sniff(bytes));
  if (!f) {
    const head = Array.from(bytes.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
    throw new WasmforgeError('IMAGE_UNKNOWN_FORMAT',
      `${file}: not a ${Object.keys(FORMATS).map((k) => k.toUpperCase()).join(' or ')} file (it starts with ${head || 'nothing'})`, 0);
  }
  return f;
}

// ---------------------------------------------------------------- input and output

// Standard input and output go through the streams, not fd 0/1 directly:
// those may be non-blocking pipes, where a synchronous read or write fails
// with EAGAIN once the pipe is empty or full.
async function readInput(file) {
  let b;
  if (file === '-') {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    b = Buffer.concat(chunks);
  } else {
    b = readFileSync(file);
  }
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

async function writeOutput(file, bytes, force = true) {
  if (file === '-') {
    await new Promise((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve())));
    return;
  }
  writeFileSync(file, bytes, { flag: force ? 'w' : 'wx' });
}

// Adds the file name to a library error, so a batch says which file failed.
function inFile(e, file) {
  if (e instanceof WasmforgeError && file !== '-') e.message = `${e.message} (${file})`;
  return e;
}

// ---------------------------------------------------------------- convert

function encodeOptionsCheck(target, opts) {
  for (const f of Object.keys(FORMATS)) {
    if (f === target) continue;
    for (const key of FORMATS[f].encodeOptions) {
      if (opts[key] !== undefined && !FORMATS[target].encodeOptions.includes(key)) {
        throw usage(`convert: --${key} applies to ${f} output, not ${target}`);
      }
    }
  }
}

async function convertOne(input, output, target, opts) {
  const bytes = await readInput(input);
  const source = sniffFormat(bytes, input === '-' ? 'standard input' : input);
  await FORMATS[source].init(opts.backend);
  await FORMATS[target].init(opts.backend);
  let out;
  try {
    out = FORMATS[target].encode(FORMATS[source].decode(bytes, opts, target), opts);
  } catch (e) {
    throw inFile(e, input);
  }
  await writeOutput(output, out);
  return { inBytes: bytes.length, outBytes: out.length };
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function convert(opts, positionals) {
  if (positionals.length !== 2) throw usage('convert: expected IN and OUT (files, "-", or two directories)');
  const [input, output] = positionals;
  if (isDirectory(input)) return convertDirectory(input, output, opts);
  const target = opts.to ? formatByName(opts.to, 'convert --to') : output === '-' ? null : formatOfName(output);
  if (!target) {
    throw usage(output === '-' ? 'convert: writing to standard output needs --to FORMAT'
      : `convert: cannot tell the format of "${output}" from its extension: use --to FORMAT`);
  }
  encodeOptionsCheck(target, opts);
  await convertOne(input, output, target, opts);
  return 0;
}

// Batch mode: every file of DIR whose extension is a known format, into
// OUTDIR with the target's extension. A bar on a terminal, lines otherwise.
async function convertDirectory(dir, outDir, opts) {
  if (!opts.to) throw usage('convert: a directory needs --to FORMAT');
  const target = formatByName(opts.to, 'convert --to');
  encodeOptionsCheck(target, opts);
  const files = readdirSync(dir).filter((n) => formatOfName(n) && statSync(join(dir, n)).isFile()).sort();
  if (existsSync(outDir) && !isDirectory(outDir)) throw usage(`convert: "${outDir}" is not a directory`);
  mkdirSync(outDir, { recursive: true });
  const progress = createProgress(files.length);
  let failed = 0;
  for (const [i, name] of files.entries()) {
    const from = join(dir, name);
    const to = join(outDir, basename(name, extname(name)) + FORMATS[target].extensions[0]);
    try {
      const r = await convertOne(from, to, target, opts);
      progress.done(i, `${from} -> ${to} (${r.inBytes} -> ${r.outBytes} bytes)`);
    } catch (e) {
      failed++;
      progress.failed(i, errorLine(e));
    }
  }
  progress.end(`${files.length - failed} of ${files.length} converted${failed ? `, ${failed} failed` : ''}`);
  return failed ? 1 : 0;
}

// A progress bar on stderr when it is a terminal; plain lines on stdout otherwise.
function createProgress(total) {
  const tty = !!process.stderr.isTTY;
  const width = 30;
  const draw = (n, label) => {
    const filled = total ? Math.round((n / total) * width) : width;
    const columns = process.stderr.columns || 80;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n}/${total} ${label}`;
    process.stderr.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
  };
  if (tty) draw(0, '');
  return {
    done(i, line) {
      if (tty) draw(i + 1, basename(line.split(' -> ')[0]));
      else process.stdout.write(`${line}\n`);
    },
    failed(i, line) {
      if (tty) process.stderr.write(`\r${' '.repeat((process.stderr.columns || 80) - 1)}\r`);
      process.stderr.write(`${line}\n`);
      if (tty) draw(i + 1, '');
    },
    end(summary) {
      if (tty) process.stderr.write(`\n${summary}\n`);
      else process.stdout.write(`${summary}\n`);
    },
  };
}

// ---------------------------------------------------------------- info

// One field of `info` as text: objects as key=value pairs, strings with
// spaces or control characters inside them quoted as JSON strings.
function describe(value, nested = false) {
  if (value && typeof value === 'object') {
    return Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${describe(v, true)}`).join(' ');
  }
  return nested && typeof value === 'string' && /[\s"=]/.test(value) ? JSON.stringify(value) : String(value);
}

async function info(opts, positionals) {
  if (positionals.length !== 1) throw usage('info: expected one FILE');
  const [file] = positionals;
  const bytes = await readInput(file);
  const format = sniffFormat(bytes, file === '-' ? 'standard input' : file);
  await FORMATS[format].init(opts.backend);
  let result;
  try {
    result = FORMATS[format].info(bytes, opts);
  } catch (e) {
    throw inFile(e, file);
  }
  const fields = { file, bytes: bytes.length, ...result };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(fields, null, 2)}\n`);
  } else {
    // one line per field; a list (text chunks) gives one line per entry
    for (const [k, v] of Object.entries(fields)) {
      for (const item of v === undefined ? [] : Array.isArray(v) ? v : [v]) process.stdout.write(`${k}: ${describe(item)}\n`);
    }
  }
  return 0;
}

// ---------------------------------------------------------------- gzip, gunzip, zlib

const STREAMS = {
  gzip: { suffix: '.gz', compress: deflate.gzip, decompress: deflate.gunzip },
  zlib: { suffix: '.zz', compress: deflate.zlibCompress, decompress: deflate.zlibDecompress },
};

function compressor(kind, forceDecompress, name = kind) {
  return async (opts, positionals) => {
    const stream = STREAMS[kind];
    const decompress = forceDecompress || !!opts.decompress;
    if (positionals.length > 1) throw usage(`${name}: expected at most one FILE (or "-" for standard input)`);
    if (decompress && opts.level !== undefined) throw usage(`${name}: --level applies to compression`);
    const input = positionals[0] || '-';
    let output = opts.output;
    if (opts.stdout && output !== undefined) throw usage(`${name}: give either --stdout or --output`);
    if (opts.stdout || (output === undefined && input === '-')) output = '-';
    if (output === undefined) {
      if (!decompress) output = input + stream.suffix;
      else if (input.endsWith(stream.suffix) && input.length > stream.suffix.length) output = input.slice(0, -stream.suffix.length);
      else throw usage(`${name}: "${input}" does not end in ${stream.suffix}: use --output FILE or --stdout`);
    }
    const bytes = await readInput(input);
    await deflate.init({ backend: opts.backend });
    let out;
    try {
      out = decompress ? stream.decompress(bytes) : stream.compress(bytes, { level: opts.level });
    } catch (e) {
      throw inFile(e, input);
    }
    // a derived name is never overwritten without --force (as gzip does)
    await writeOutput(output, out, !!opts.force || opts.output !== undefined);
    return 0;
  };
}

// ---------------------------------------------------------------- chess

async function perft(opts, positionals) {
  if (positionals.length < 2) throw usage('perft: expected FEN (or startpos) and DEPTH');
  const depthText = positionals[positionals.length - 1];
  const fen = positionals.slice(0, -1).join(' '); // an unquoted FEN arrives as several arguments
  if (!/^\d+$/.test(depthText) || Number(depthText) > 10) throw usage(`perft: DEPTH must be an integer from 0 to 10, got "${depthText}"`);
  await chess.init({ backend: opts.backend });
  const start = performance.now();
  const nodes = chess.perft(fen, Number(depthText));
  const ms = performance.now() - start;
  process.stdout.write(`${nodes}\n`);
  process.stderr.write(`perft ${depthText}: ${nodes} nodes in ${ms.toFixed(0)} ms (${chess.backend()})\n`);
  return 0;
}

// The engine on this thread: UCI lines from stdin go to a ChessContext; a
// search runs in slices of about 5 ms with a macrotask between them, so
// 'stop', 'isready' and 'quit' are read and answered while it searches. At the
// end of the input, a bounded search finishes, an infinite or ponder search is
// stopped, and the program exits.
async function uci(opts, positionals) {
  if (positionals.length) throw usage('uci: takes no arguments (it reads UCI commands from standard input)');
  await chess.init({ backend: opts.backend });
  const ctx = new chess.ChessContext();
  const out = (lines) => {
    if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
  };
  return new Promise((resolve) => {
    let pumping = false;
    let ended = false;
    let slice = 2000;
    const finish = () => {
      ctx.free();
      input.close();
      process.stdin.destroy(); // after 'quit' the input may still be open: stop reading it
      resolve(0);
    };
    const pump = () => {
      if (!ctx.searching) {
        pumping = false;
        if (ended) finish();
        return;
      }
      const t0 = performance.now();
      const r = ctx.slice(slice, t0);
      out(r.lines);
      const dt = performance.now() - t0;
      if (r.running && !r.waiting) {
        if (dt > 8 && slice > 500) slice = Math.max(500, slice >> 1);
        else if (dt < 3 && slice < 200000) slice <<= 1;
      }
      if (r.waiting && ended) out(ctx.command('stop'));
      if (r.waiting && !ended) setTimeout(pump, 20);
      else setImmediate(pump);
    };
    const input = createInterface({ input: process.stdin, terminal: false });
    let infinite = false; // the running search ends only on 'stop'
    input.on('line', (line) => {
      if (ended) return;
      if (/^\s*go\b/.test(line)) infinite = /\b(infinite|ponder)\b/.test(line);
      out(ctx.command(line));
      if (ctx.quitRequested) {
        ended = true;
        if (!ctx.searching) finish();
        return;
      }
      if (ctx.searching && !pumping) {
        pumping = true;
        setImmediate(pump);
      }
    });
    input.on('close', () => {
      if (ended) return;
      ended = true;
      if (pumping && infinite) out(ctx.command('stop'));
      if (!pumping) finish();
    });
  });
}

// ---------------------------------------------------------------- commands

const IMAGE_OPTIONS = Object.keys(OPTIONS).filter((k) => Object.values(FORMATS).some((f) => f.encodeOptions.includes(k)));
const COMPRESS_OPTIONS = ['level', 'stdout', 'output', 'force'];

const COMMANDS = {
  convert: {
    usage: 'convert IN OUT [options]  |  convert DIR OUTDIR --to FORMAT [options]',
    summary: 'convert an image (format from the extension or --to; "-" is stdin/stdout), or every image of a directory',
    options: [...IMAGE_OPTIONS, 'to', 'max-pixels'],
    run: convert,
  },
  info: {
    usage: 'info FILE [--json]',
    summary: 'dimensions, colour type, bit depth and metadata of a PNG, JPEG or WebP file',
    options: ['json', 'max-pixels'],
    run: info,
  },
  gzip: {
    usage: 'gzip [FILE] [-d] [-l N] [-o OUT | -c] [-f]',
    summary: 'gzip FILE to FILE.gz (-d: back); without FILE, stdin to stdout',
    options: ['decompress', ...COMPRESS_OPTIONS],
    run: compressor('gzip', false),
  },
  gunzip: {
    usage: 'gunzip [FILE.gz] [-o OUT | -c] [-f]',
    summary: 'gunzip FILE.gz to FILE (all members); without FILE, stdin to stdout',
    options: COMPRESS_OPTIONS.filter((o) => o !== 'level'),
    run: compressor('gzip', true, 'gunzip'),
  },
  zlib: {
    usage: 'zlib [FILE] [-d] [-l N] [-o OUT | -c] [-f]',
    summary: 'zlib-compress FILE to FILE.zz (-d: back); without FILE, stdin to stdout',
    options: ['decompress', ...COMPRESS_OPTIONS],
    run: compressor('zlib', false),
  },
  uci: {
    usage: 'uci',
    summary: 'the chess engine as a UCI engine over stdin/stdout (for GUIs and match tools)',
    options: [],
    run: uci,
  },
  perft: {
    usage: 'perft FEN|startpos DEPTH',
    summary: 'count the leaf nodes of the legal move tree (depth 0-10)',
    options: [],
    run: perft,
  },
};

function mainHelp() {
  const lines = [`wasmforge ${VERSION}: WebAssembly codecs and a chess engine on the command line`, '', 'usage: wasmforge COMMAND [options]', ''];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(8)} ${c.summary}`);
  lines.push('', 'options for every command:');
  for (const key of GLOBAL_OPTIONS) lines.push(optionHelp(key));
  lines.push(`  ${'    --version'.padEnd(24)} print the version`, '', '`wasmforge COMMAND --help` lists its options. Exit codes: 0 ok, 1 failure, 2 usage.');
  return `${lines.join('\n')}\n`;
}

function optionHelp(key) {
  const o = OPTIONS[key];
  const flag = `${o.short ? `-${o.short}, ` : '    '}--${key}${o.arg ? ` ${o.arg}` : ''}`;
  return `  ${flag.padEnd(24)} ${o.help}`;
}

function commandHelp(name) {
  const c = COMMANDS[name];
  const lines = [`usage: wasmforge ${c.usage}`, '', c.summary, '', 'options:'];
  for (const key of [...c.options, ...GLOBAL_OPTIONS]) lines.push(optionHelp(key));
  return `${lines.join('\n')}\n`;
}

function errorLine(e) {
  if (e instanceof UsageError) return `wasmforge: USAGE: ${e.message}`;
  if (e && typeof e.code === 'string' && e.name === 'WasmforgeError') return `wasmforge: ${e.code}: ${e.message}`;
  if (e && typeof e.code === 'string' && e.syscall) {
    // a Node file-system error: "ENOENT: no such file or directory, open 'x'" -> "x: no such file or directory (open)"
    const what = e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
    return `wasmforge: ${e.code}: ${e.path !== undefined ? `${e.path}: ` : ''}${what} (${e.syscall})`;
  }
  return `wasmforge: INTERNAL_ERROR: ${(e && e.stack) || e}`;
}

async function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const text = rest.length && COMMANDS[rest[0]] ? commandHelp(rest[0]) : mainHelp();
    // no command at all is a usage error: the help goes to stderr, exit code 2
    (name === undefined ? process.stderr : process.stdout).write(text);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : null;
  if (!command) throw usage(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')}; see wasmforge --help)`);
  const { values, positionals } = parseCommandArgs(name, command, rest);
  if (values.help) {
    process.stdout.write(commandHelp(name));
    return 0;
  }
  return command.run(values, positionals);
}

// A reader that goes away (`| head`, a GUI closing the engine) ends the program quietly.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode || 0);
});

let code;
try {
  code = await main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`${errorLine(e)}\n`);
  code = e instanceof UsageError ? 2 : 1;
}
process.exitCode = code;
