// SPDX-License-Identifier: MIT
// image-util.mjs: pixel helpers shared by the PNG and JPEG suites
// (environment-neutral): channel conversion, exact comparison, PSNR, and the
// loading of peers that need extra set-up (@jsquash's Wasm in Node, ImageData).

/** {width, height, data, channels?} with channels inferred from the data length. */
export function normalizeImage(img) {
  const width = img.width;
  const height = img.height;
  let data = img.data;
  if (data instanceof ArrayBuffer) data = new Uint8Array(data);
  else if (!(data instanceof Uint8Array)) data = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const channels = img.channels || Math.round(data.length / (width * height));
  return { width, height, data, channels };
}

/** Converts 1-4 channel 8-bit pixels to RGBA8. */
export function toRGBA(img) {
  const { width, height, data, channels } = normalizeImage(img);
  if (channels === 4) return { width, height, data, channels: 4 };
  const n = width * height;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    if (channels === 3) {
      out[o] = data[i * 3]; out[o + 1] = data[i * 3 + 1]; out[o + 2] = data[i * 3 + 2]; out[o + 3] = 255;
    } else if (channels === 1) {
      out[o] = out[o + 1] = out[o + 2] = data[i]; out[o + 3] = 255;
    } else if (channels === 2) {
      out[o] = out[o + 1] = out[o + 2] = data[i * 2]; out[o + 3] = data[i * 2 + 1];
    }
  }
  return { width, height, data: out, channels: 4 };
}

/** Converts to RGB8 (drops alpha). */
export function toRGB(img) {
  const { width, height, data } = toRGBA(img);
  const n = width * height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = data[i * 4]; out[i * 3 + 1] = data[i * 4 + 1]; out[i * 3 + 2] = data[i * 4 + 2];
  }
  return { width, height, data: out, channels: 3 };
}

/** Exact pixel equality after conversion to RGBA8: {ok, detail}. */
export function samePixels(a, b) {
  if (!a || !b) return { ok: false, detail: 'no image' };
  if (a.width !== b.width || a.height !== b.height) return { ok: false, detail: `size ${a.width}x${a.height} vs ${b.width}x${b.height}` };
  const x = toRGBA(a).data;
  const y = toRGBA(b).data;
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) return { ok: false, detail: `pixel ${i >> 2} channel ${i & 3}: ${x[i]} vs ${y[i]}` };
  }
  return { ok: true };
}

/** PSNR (dB) of the RGB channels of two images of the same size, and the largest difference. */
export function psnr(a, b) {
  if (a.width !== b.width || a.height !== b.height) return { psnr: 0, maxDiff: 255, detail: 'size differs' };
  const x = toRGB(a).data;
  const y = toRGB(b).data;
  let se = 0;
  let maxDiff = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - y[i];
    se += d * d;
    if (d > maxDiff) maxDiff = d; else if (-d > maxDiff) maxDiff = -d;
  }
  const mse = se / x.length;
  return { psnr: mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse), maxDiff };
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/** ImageData for Node (the @jsquash codecs create and take ImageData). */
export function ensureImageData() {
  if (typeof globalThis.ImageData === 'undefined') {
    globalThis.ImageData = class ImageData {
      constructor(data, width, height) {
        if (typeof data === 'number') { height = width; width = data; data = new Uint8ClampedArray(width * height * 4); }
        this.data = data; this.width = width; this.height = height; this.colorSpace = 'srgb';
      }
    };
  }
  return globalThis.ImageData;
}

/** Reads a file of an installed package as bytes (Node) or fetches it (browser, /node_modules/). */
export async function packageFileBytes(path) {
  if (isNode) {
    const { readFile } = await import('node:fs/promises');
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const [scope, name, ...rest] = path.split('/');
    const pkgDir = require.resolve(`${scope}/${name}/package.json`).replace(/package\.json$/, '');
    return new Uint8Array(await readFile(pkgDir + rest.join('/')));
  }
  const r = await fetch(`/node_modules/${path}`);
  if (!r.ok) throw new Error(`GET /node_modules/${path}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

/** Decodes an encoded image with the browser (createImageBitmap + OffscreenCanvas) to RGBA8. */
export async function browserDecode(bytes, type) {
  const bitmap = await createImageBitmap(new Blob([bytes], { type }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const g = canvas.getContext('2d', { willReadFrequently: true });
  g.drawImage(bitmap, 0, 0);
  const d = g.getImageData(0, 0, bitmap.width, bitmap.height);
  bitmap.close();
  return { width: d.width, height: d.height, data: new Uint8Array(d.data.buffer), channels: 4 };
}

/** Encodes RGBA8 pixels with the browser's canvas. */
export async function browserEncode(img, type, quality) {
  const canvas = new OffscreenCanvas(img.width, img.height);
  const g = canvas.getContext('2d');
  const rgba = toRGBA(img);
  g.putImageData(new ImageData(new Uint8ClampedArray(rgba.data.buffer, rgba.data.byteOffset, rgba.data.length), img.width, img.height), 0, 0);
  const blob = await canvas.convertToBlob({ type, quality });
  return new Uint8Array(await blob.arrayBuffer());
}

export const hasBrowserCodecs = () => typeof OffscreenCanvas === 'function' && typeof createImageBitmap === 'function';

