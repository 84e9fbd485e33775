// SPDX-License-Identifier: MIT
// zip.js: writes a .zip archive (PKWARE APPNOTE 6.3, no ZIP64: fine below
// 4 GiB and 65,535 files) with wasmforge/deflate: each file is deflated, or
// stored when deflating does not make it smaller (JPEG and PNG files rarely
// shrink further).
import * as deflate from '../../web/deflate.js';

const encoder = new TextEncoder();

function dosTime(date) {
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1);
  const day = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  return [time, day];
}

// The fields a local header and a central directory entry share, from `at`:
// flags, method, time, date, CRC-32, compressed and uncompressed sizes, name length.
function commonFields(view, at, f) {
  view.setUint16(at, 0x0800, true); // UTF-8 names
  view.setUint16(at + 2, f.method, true);
  view.setUint16(at + 4, f.time, true);
  view.setUint16(at + 6, f.day, true);
  view.setUint32(at + 8, f.crc, true);
  view.setUint32(at + 12, f.packedSize, true);
  view.setUint32(at + 16, f.size, true);
  view.setUint16(at + 20, f.nameLength, true);
}

/**
 * files: [{name, data: Uint8Array}] -> a Blob of type application/zip.
 * Loads wasmforge/deflate (whichever backend works) on first use.
 */
export async function makeZip(files, date = new Date()) {
  if (!deflate.backend()) await deflate.init();
  const [time, day] = dosTime(date);
  const parts = [];
  const central = [];
  let offset = 0;
  for (const f of files) {
    const name = encoder.encode(f.name);
    const crc = deflate.crc32(f.data) >>> 0;
    const packed = deflate.deflate(f.data, { level: 6 });
    const method = packed.length < f.data.length ? 8 : 0;
    const body = method === 8 ? packed : f.data;
    const fields = { method, time, day, crc, packedSize: body.length, size: f.data.length, nameLength: name.length };
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true); // version needed: 2.0 (deflate)
    commonFields(local, 6, fields);
    parts.push(new Uint8Array(local.buffer), name, body);
    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 20, true); // made by
    entry.setUint16(6, 20, true); // version needed
    commonFields(entry, 8, fields);
    entry.setUint32(42, offset, true);
    central.push(new Uint8Array(entry.buffer), name);
    offset += 30 + name.length + body.length;
  }
  const centralSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...central, new Uint8Array(end.buffer)], { type: 'application/zip' });
}
