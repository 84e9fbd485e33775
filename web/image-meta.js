// SPDX-License-Identifier: MIT
// image-meta.js: the metadata that wasmforge/image's process() can carry from
// an input file to its output: EXIF (the TIFF structure of a JPEG "Exif" APP1
// segment or a PNG eXIf chunk) and the ICC profile. Reads the EXIF
// orientation, rewrites it, and splices EXIF/ICC into encoded files:
//   JPEG: APP1 "Exif\0\0" and APP2 "ICC_PROFILE\0" segments after SOI and JFIF APP0
//   PNG:  iCCP (zlib-compressed profile) and eXIf chunks after IHDR
// Everything here reads hostile bytes: every read is bounds-checked, and a
// malformed segment or TIFF directory is ignored (no metadata), never thrown.

import { WasmforgeError } from './errors.js';

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
const ICC_HEADER = [0x49, 0x43, 0x43, 0x5f, 0x50, 0x52, 0x4f, 0x46, 0x49, 0x4c, 0x45, 0]; // "ICC_PROFILE\0"
const PNG_SIGNATURE_LENGTH = 8;
const MAX_SEGMENT_DATA = 65533; // a JPEG segment's length field counts itself (2 bytes)
const ICC_CHUNK_DATA = MAX_SEGMENT_DATA - ICC_HEADER.length - 2;
const ORIENTATION_TAG = 0x0112;

const startsWith = (b, at, sig) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const u16be = (b, i) => (b[i] << 8) | b[i + 1];
const u32be = (b, i) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;

/**
 * The marker segments of a JPEG file before its first scan, as
 * [{marker, start, end, dataStart}] (start: the 0xFF byte; end: exclusive).
 * Stops quietly at the first malformed segment.
 */
export function jpegSegments(bytes) {
  const out = [];
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return out;
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) break;
    const marker = bytes[i + 1];
    if (marker === 0xff) { i++; continue; } // fill byte
    if (marker === 0xda || marker === 0xd9) break; // SOS / EOI
    const length = u16be(bytes, i + 2);
    if (length < 2 || i + 2 + length > bytes.length) break;
    out.push({ marker, start: i, end: i + 2 + length, dataStart: i + 4 });
    i += 2 + length;
  }
  return out;
}

/** The chunks of a PNG file as [{type, start, end, dataStart, dataEnd}] (CRCs not checked). */
export function pngChunks(bytes) {
  const out = [];
  let i = PNG_SIGNATURE_LENGTH;
  while (i + 12 <= bytes.length) {
    const length = u32be(bytes, i);
    if (length > bytes.length - i - 12) break;
    const type = String.fromCharCode(bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]);
    out.push({ type, start: i, end: i + 12 + length, dataStart: i + 8, dataEnd: i + 8 + length });
    if (type === 'IEND') break;
    i += 12 + length;
  }
  return out;
}

/** The EXIF (TIFF) bytes of a JPEG or PNG file, a copy, or null. */
export function readExif(bytes, type) {
  if (type === 'image/jpeg') {
    for (const s of jpegSegments(bytes)) {
      if (s.marker === 0xe1 && startsWith(bytes.subarray(s.dataStart, s.end), 0, EXIF_HEADER)) {
        return bytes.slice(s.dataStart + EXIF_HEADER.length, s.end);
      }
    }
  } else if (type === 'image/png') {
    for (const c of pngChunks(bytes)) {
      if (c.type === 'IDAT') break; // eXIf must come before the image data
      if (c.type === 'eXIf') return bytes.slice(c.dataStart, c.dataEnd);
    }
  }
  return null;
}

// Finds IFD0's Orientation entry in TIFF bytes: {at: offset of its value, little}, or null.
function orientationEntry(tiff) {
  if (!tiff || tiff.length < 8) return null;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return null;
  const u16 = (i) => (little ? tiff[i] | (tiff[i + 1] << 8) : (tiff[i] << 8) | tiff[i + 1]);
  const u32 = (i) => (little ? (tiff[i] | (tiff[i + 1] << 8) | (tiff[i + 2] << 16) | (tiff[i + 3] << 24)) >>> 0 : u32be(tiff, i));
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + 12 * k;
    if (e + 12 > tiff.length) return null;
    if (u16(e) === ORIENTATION_TAG) {
      if (u16(e + 2) !== 3) return null; // must be a SHORT
      return { at: e + 8, little, value: u16(e + 8) };
    }
  }
  return null;
}

/** The orientation (1-8) stored in EXIF (TIFF) bytes, or 1 when absent or invalid. */
export function exifOrientation(tiff) {
  const entry = orientationEntry(tiff);
  return entry && entry.value >= 1 && entry.value <= 8 ? entry.value : 1;
}

/** A copy of EXIF (TIFF) bytes whose orientation is `value` (unchanged when it has no Orientation tag). */
export function setExifOrientation(tiff, value) {
  const out = tiff.slice();
  const entry = orientationEntry(out);
  if (entry) {
    out[entry.at] = entry.little ? value & 255 : value >> 8;
    out[entry.at + 1] = entry.little ? value >> 8 : value & 255;
  }
  return out;
}

function segment(marker, parts) {
  const length = parts.reduce((n, p) => n + p.length, 0) + 2;
  const out = new Uint8Array(2 + length);
  out[0] = 0xff;
  out[1] = marker;
  out[2] = length >> 8;
  out[3] = length & 255;
  let at = 4;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A JPEG file with EXIF and/or ICC segments inserted after SOI and a JFIF
 * APP0 (the file's own APP1 Exif / APP2 ICC segments, if any, are removed).
 * EXIF larger than one segment (64 KiB) is dropped; ICC is split into as many
 * APP2 segments as needed (at most 255).
 */
export function insertJpegMetadata(jpeg, { exif, icc } = {}) {
  const segments = jpegSegments(jpeg);
  if (jpeg.length < 2 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) {
    throw new WasmforgeError('INVALID_ARGUMENT', 'insertJpegMetadata: not a JPEG file');
  }
  const add = [];
  if (exif && exif.length + EXIF_HEADER.length <= MAX_SEGMENT_DATA) add.push(segment(0xe1, [Uint8Array.from(EXIF_HEADER), exif]));
  if (icc && icc.length) {
    const count = Math.ceil(icc.length / ICC_CHUNK_DATA);
    if (count <= 255) {
      for (let k = 0; k < count; k++) {
        add.push(segment(0xe2, [Uint8Array.from(ICC_HEADER), Uint8Array.of(k + 1, count),
          icc.subarray(k * ICC_CHUNK_DATA, Math.min(icc.length, (k + 1) * ICC_CHUNK_DATA))]));
      }
    }
  }
  let insertAt = 2;
  const drop = [];
  for (const s of segments) {
    const data = jpeg.subarray(s.dataStart, s.end);
    if (s.marker === 0xe0 && s.start === insertAt) insertAt = s.end; // keep JFIF APP0 first
    if ((s.marker === 0xe1 && startsWith(data, 0, EXIF_HEADER)) || (s.marker === 0xe2 && startsWith(data, 0, ICC_HEADER))) drop.push(s);
  }
  const parts = [jpeg.subarray(0, insertAt), ...add];
  let at = insertAt;
  for (const s of drop) {
    if (s.start < at) continue;
    parts.push(jpeg.subarray(at, s.start));
    at = s.end;
  }
  parts.push(jpeg.subarray(at));
  return concat(parts);
}

function pngChunk(type, data, crc32) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)) >>> 0);
  return out;
}

/**
 * A PNG file with an iCCP chunk (profile name "ICC profile") and/or an eXIf
 * chunk inserted after IHDR (replacing any the file had; with a profile, an
 * sRGB chunk, which must not appear beside iCCP, is removed). zlibCompress and crc32 are
 * wasmforge/deflate's.
 */
export function insertPngMetadata(png, { exif, icc } = {}, { zlibCompress, crc32 }) {
  const chunks = pngChunks(png);
  if (!chunks.length || chunks[0].type !== 'IHDR') throw new WasmforgeError('INVALID_ARGUMENT', 'insertPngMetadata: not a PNG file');
  const add = [];
  if (icc && icc.length) {
    const name = new TextEncoder().encode('ICC profile');
    add.push(pngChunk('iCCP', concat([name, Uint8Array.of(0, 0), zlibCompress(icc)]), crc32));
  }
  if (exif && exif.length) add.push(pngChunk('eXIf', exif, crc32));
  const parts = [png.subarray(0, chunks[0].end), ...add];
  for (const c of chunks.slice(1)) {
    if ((c.type === 'iCCP' && icc && icc.length) || (c.type === 'sRGB' && icc && icc.length) || (c.type === 'eXIf' && exif)) continue;
    parts.push(png.subarray(c.start, c.end));
  }
  return concat(parts);
}
