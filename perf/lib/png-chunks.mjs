// SPDX-License-Identifier: MIT
// png-chunks.mjs: the few PNG facts the benchmarks need (size, depth, colour
// type, the concatenated IDAT stream), read straight from the chunk layout
// (PNG spec, ISO/IEC 15948 section 5). No CRC check: inputs are known files.
// Environment-neutral.

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Returns {width, height, bitDepth, colorType, interlace, idat: Uint8Array (zlib stream)}. */
export function readPngChunks(bytes) {
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  const parts = [];
  let total = 0;
  const info = {};
  while (pos + 8 <= bytes.length) {
    const len = view.getUint32(pos);
    const type = String.fromCharCode(bytes[pos + 4], bytes[pos + 5], bytes[pos + 6], bytes[pos + 7]);
    const data = bytes.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      info.width = view.getUint32(pos + 8);
      info.height = view.getUint32(pos + 12);
      info.bitDepth = bytes[pos + 16];
      info.colorType = bytes[pos + 17];
      info.interlace = bytes[pos + 20];
    } else if (type === 'IDAT') {
      parts.push(data);
      total += data.length;
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + len;
  }
  const idat = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { idat.set(p, o); o += p.length; }
  return { ...info, idat };
}

/** Samples per pixel of a PNG colour type. */
export function channelsOf(colorType) {
  return { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
}

/** Concatenates byte arrays. */
export function concatBytes(list) {
  const out = new Uint8Array(list.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of list) { out.set(b, o); o += b.length; }
  return out;
}
