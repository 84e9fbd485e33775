// SPDX-License-Identifier: MIT
// inputs-node.mjs: builds the benchmark inputs in Node from the shared corpora
// (never copied into the repo) and writes them to a temporary folder, from
// which the native benchmark programs and the browser page read the very same
// bytes.
import { existsSync, readFileSync, readdirSync, statSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { readPngChunks, concatBytes } from './png-chunks.mjs';

const REPO = resolve(new URL('../..', import.meta.url).pathname);

/** The corpus folder: $WASMFORGE_DATA or ../shared/data next to the repo; null when absent. */
export function dataDir() {
  const candidates = [process.env.WASMFORGE_DATA, join(REPO, '..', 'shared', 'data')].filter(Boolean);
  for (const d of candidates) if (existsSync(join(d, 'photos'))) return resolve(d);
  return null;
}

/** The four photos with JPEG versions: the benchmark set named in photos/README.md. */
export const PHOTO_SET = ['kodim01', 'kodim05', 'kodim23', 'flower_foveon'];
export const QUICK_PHOTO_SET = ['kodim23'];

export const TEXT_DIR = '/usr/share/common-licenses';

const sha256 = (b) => createHash('sha256').update(b).digest('hex');

/**
 * The text corpus: every entry of /usr/share/common-licenses (symbolic links
 * followed, so GPL = GPL-3 appears twice), sorted by name in byte order,
 * concatenated: the same bytes perf/native/bench_deflate.c reads.
 */
export function textCorpus() {
  if (!existsSync(TEXT_DIR)) return null;
  const files = readdirSync(TEXT_DIR).filter((f) => !f.startsWith('.') && statSync(join(TEXT_DIR, f)).isFile()).sort();
  const bytes = new Uint8Array(concatBytes(files.map((f) => readFileSync(join(TEXT_DIR, f)))));
  return { bytes, files };
}

/** Deflate inputs: [{name, bytes, zraw, description, sha256}]. */
export function deflateInputs(quick) {
  const inputs = [];
  const dir = dataDir();
  if (dir) {
    // Sorted by file name, as bench_deflate.c reads a photos/ folder.
    const names = [...(quick ? QUICK_PHOTO_SET : PHOTO_SET)].sort();
    const parts = [];
    for (const n of names) {
      const png = readPngChunks(new Uint8Array(readFileSync(join(dir, 'photos', `${n}.png`))));
      parts.push(new Uint8Array(zlib.inflateSync(png.idat)));
    }
    const bytes = concatBytes(parts);
    inputs.push({
      name: 'scanlines', bytes,
      description: `filtered scanlines (IDAT inflated) of photos/${names.map((n) => n + '.png').join(', ')}`,
    });
  }
  const text = textCorpus();
  if (text) {
    inputs.push({
      name: 'text', bytes: text.bytes,
      description: `${TEXT_DIR}/{${text.files.join(',')}} concatenated in this order`,
    });
  }
  for (const i of inputs) {
    i.zraw = new Uint8Array(zlib.deflateRawSync(i.bytes, { level: 6 }));
    i.sha256 = sha256(i.bytes);
    i.size = i.bytes.length;
  }
  return inputs;
}

/** Photo inputs for the image suites: [{name, png: bytes, jpeg?: bytes}]. */
export function photoInputs(quick) {
  const dir = dataDir();
  if (!dir) return [];
  return (quick ? QUICK_PHOTO_SET : PHOTO_SET).map((n) => {
    const png = new Uint8Array(readFileSync(join(dir, 'photos', `${n}.png`)));
    const jpgPath = join(dir, 'photos', `${n}.q85.jpg`);
    const jpeg = existsSync(jpgPath) ? new Uint8Array(readFileSync(jpgPath)) : null;
    const entry = { name: n, png, jpeg };
    if (jpeg) {
      // Reference pixels: libjpeg-turbo's djpeg (islow IDCT, fancy upsampling), as binary PPM.
      const r = spawnSync('djpeg', ['-ppm', jpgPath], { maxBuffer: 256 << 20 });
      if (r.status === 0) {
        const ppm = parsePpm(new Uint8Array(r.stdout));
        Object.assign(entry, { jpegRef: ppm.data, jpegWidth: ppm.width, jpegHeight: ppm.height, jpegRefBy: 'djpeg (libjpeg-turbo)' });
      }
    }
    return entry;
  });
}

/** Size of the resize suite's composed photo: 12.2 MP, a common phone camera's 4:3 frame. */
export const RESIZE_PHOTO = { width: 4032, height: 3024, tileWidth: 672, tileHeight: 504 };

/**
 * The resize suite's input: a 12 MP photo composed from the corpus (there is
 * no 12 MP photo in it): a 6 x 6 grid of 672 x 504 centre crops of the
 * landscape kodim*.png photos (every one at least 672 wide, in name order,
 * repeated as needed), decoded with fast-png. Real photographic detail at
 * full resolution (not an upscale, which would be too smooth to test a
 * downscaler), with hard seams between tiles. Same image in --quick.
 * Returns [{name: 'photo12mp_4032x3024', rgba, width, height, description}] or [].
 */
export async function resizeInputs() {
  const dir = dataDir();
  if (!dir) return [];
  const { decode } = await import('fast-png');
  const { width, height, tileWidth: tw, tileHeight: th } = RESIZE_PHOTO;
  const names = readdirSync(join(dir, 'photos')).filter((n) => /^kodim\d+\.png$/.test(n)).sort();
  const photos = names.map((n) => ({ n, img: decode(readFileSync(join(dir, 'photos', n))) }))
    .filter((p) => p.img.width >= tw && p.img.height >= th);
  if (!photos.length) return [];
  const rgba = new Uint8Array(width * height * 4);
  const used = [];
  for (let k = 0; k < (width / tw) * (height / th); k++) {
    const { n, img } = photos[k % photos.length];
    if (!used.includes(n)) used.push(n);
    const ch = img.channels;
    const ox = (img.width - tw) >> 1;
    const oy = (img.height - th) >> 1;
    const tx = (k % (width / tw)) * tw;
    const ty = Math.floor(k / (width / tw)) * th;
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        const s = ((oy + y) * img.width + ox + x) * ch;
        const d = ((ty + y) * width + tx + x) * 4;
        rgba[d] = img.data[s];
        rgba[d + 1] = img.data[s + 1];
        rgba[d + 2] = img.data[s + 2];
        rgba[d + 3] = ch === 4 ? img.data[s + 3] : 255;
      }
    }
  }
  return [{
    name: `photo12mp_${width}x${height}`, rgba, width, height,
    description: `${width}x${height} RGBA8: 6x6 grid of ${tw}x${th} centre crops of ${used.join(', ')} (row by row, repeated)`,
  }];
}

/**
 * Writes inputs to dir as files and a manifest.json describing them (for the
 * native programs and the browser page). Returns the manifest.
 */
export function writeInputs(dir, sets) {
  mkdirSync(dir, { recursive: true });
  const manifest = {};
  for (const [setName, list] of Object.entries(sets)) {
    mkdirSync(join(dir, setName), { recursive: true });
    manifest[setName] = list.map((input) => {
      const entry = { name: input.name, files: {} };
      for (const [k, v] of Object.entries(input)) {
        if (v instanceof Uint8Array) {
          const file = `${setName}/${input.name}.${k}`;
          writeFileSync(join(dir, file), v);
          entry.files[k] = file;
        } else if (k !== 'name') {
          entry[k] = v;
        }
      }
      return entry;
    });
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  return manifest;
}

/**
 * A folder with photos/ holding links to just the given photo names (for
 * native programs that read every PNG of <data>/photos). Returns its path.
 */
export function photoSubsetDir(dir, names) {
  const data = dataDir();
  mkdirSync(join(dir, 'photos'), { recursive: true });
  for (const n of names) {
    for (const ext of ['.png', '.q85.jpg']) {
      const src = join(data, 'photos', n + ext);
      if (existsSync(src) && !existsSync(join(dir, 'photos', n + ext))) symlinkSync(src, join(dir, 'photos', n + ext));
    }
  }
  return dir;
}

/** Parses a binary PPM (P6, maxval 255): {width, height, data (RGB)}. */
export function parsePpm(bytes) {
  let pos = 0;
  const fields = [];
  while (fields.length < 4) {
    while (bytes[pos] === 0x23 || bytes[pos] <= 0x20) {
      if (bytes[pos] === 0x23) while (bytes[pos] !== 0x0a) pos++;
      pos++;
    }
    let s = '';
    while (bytes[pos] > 0x20) s += String.fromCharCode(bytes[pos++]);
    fields.push(s);
  }
  pos++;
  if (fields[0] !== 'P6' || fields[3] !== '255') throw new Error(`unsupported PPM ${fields.join(' ')}`);
  const width = Number(fields[1]);
  const height = Number(fields[2]);
  return { width, height, data: bytes.subarray(pos, pos + width * height * 3) };
}
