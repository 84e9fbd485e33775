// SPDX-License-Identifier: MIT
// The DEFLATE demo: compress or decompress a dropped file with wasmforge/deflate
// and show sizes, timings and the active backend. ?backend=wasm2js forces one.
import * as flate from '../../web/deflate.js';
import { wireDropZone } from '../drop-zone.js';

const $ = (id) => document.getElementById(id);
const backend = new URLSearchParams(location.search).get('backend') || undefined;

for (let level = 0; level <= 9; level++) $('level').add(new Option(String(level), String(level), level === 6, level === 6));

function looksCompressed(bytes, format) {
  if (format === 'gzip') return bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (format === 'zlib') return bytes.length > 1 && (bytes[0] & 15) === 8 && ((bytes[0] << 8) | bytes[1]) % 31 === 0;
  return false;
}

function formatBytes(n) {
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(2)} MiB`;
}

function show(rows, result, name) {
  $('rows').replaceChildren(...rows.map(([k, v]) => {
    const tr = document.createElement('tr');
    tr.innerHTML = '<th></th><td class="num"></td>';
    tr.children[0].textContent = k;
    tr.children[1].textContent = v;
    return tr;
  }));
  const url = URL.createObjectURL(new Blob([result]));
  $('download').href = url;
  $('download').download = name;
  $('out').hidden = false;
}

function handleBytes(bytes, name) {
  $('error').textContent = '';
  const format = $('format').value;
  const level = Number($('level').value);
  const decompress = $('mode').value === 'decompress' || ($('mode').value === 'auto' && looksCompressed(bytes, format));
  const fn = decompress
    ? { gzip: flate.gunzip, zlib: flate.zlibDecompress, raw: flate.inflate }[format]
    : { gzip: flate.gzip, zlib: flate.zlibCompress, raw: flate.deflate }[format];
  try {
    const t0 = performance.now();
    const result = decompress ? fn(bytes) : fn(bytes, { level });
    const ms = performance.now() - t0;
    const raw = decompress ? result.length : bytes.length;
    show([
      ['Operation', decompress ? `decompress ${format}` : `compress ${format}, level ${level}`],
      ['Input', formatBytes(bytes.length)],
      ['Output', formatBytes(result.length)],
      ['Ratio', `${(100 * (decompress ? bytes.length / result.length : result.length / bytes.length)).toFixed(1)} %`],
      ['Time', `${ms.toFixed(1)} ms`],
      ['Speed (uncompressed)', `${(raw / 1048576 / (ms / 1000)).toFixed(1)} MiB/s`],
      ['CRC-32 of output', flate.crc32(result).toString(16).padStart(8, '0')],
      ['Backend', flate.backend()],
    ], result, decompress ? name.replace(/\.(gz|zz|deflate)$/, '') || 'output' : `${name}.${{ gzip: 'gz', zlib: 'zz', raw: 'deflate' }[format]}`);
  } catch (e) {
    $('error').textContent = `${e.code || e.name}: ${e.message}`;
  }
}

async function handleFile(file) {
  handleBytes(new Uint8Array(await file.arrayBuffer()), file.name);
}

wireDropZone($('drop'), $('file'), handleFile);
$('sample').addEventListener('click', () => {
  const words = 'wasm forge deflate inflate huffman window match literal length distance the of and'.split(' ');
  let s = '';
  for (let i = 0; s.length < 1 << 20; i++) s += words[(i * 7919) % 13 % words.length] + (i % 17 ? ' ' : '\n');
  handleBytes(new TextEncoder().encode(s), "sample.txt");
});

flate.init({ backend }).then((b) => { $('backend').textContent = b; },
  (e) => { $('backend').textContent = 'failed'; $('error').textContent = e.message; });
