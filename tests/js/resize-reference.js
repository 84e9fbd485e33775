// SPDX-License-Identifier: MIT
// resize-reference.js: a plain double-precision reference of
// wasmforge/resize's resize(), written from the definitions (docs/api/resize.md,
// core/include/wf/resize.h) and sharing no code with the core: its own kernels,
// sRGB curves with Math.pow (no tables), premultiplied alpha, both passes in
// double with no rounding in between. Used by tests/js/resize.test.js and by
// the perf suite (PSNR of every implementation against it).

const PI = Math.PI;

export const SUPPORT = { box: 0.5, triangle: 1, 'catmull-rom': 2, mitchell: 2, lanczos3: 3, mks2021: 4.5 };

/** The kernels at x (input pixels at scale 1). */
export function kernel(filter, x) {
  const a = Math.abs(x);
  switch (filter) {
    case 'box': return x >= -0.5 && x < 0.5 ? 1 : 0;
    case 'triangle': return a < 1 ? 1 - a : 0;
    case 'catmull-rom':
      if (a < 1) return 1.5 * a ** 3 - 2.5 * a * a + 1;
      return a < 2 ? -0.5 * a ** 3 + 2.5 * a * a - 4 * a + 2 : 0;
    case 'mitchell':
      if (a < 1) return (7 * a ** 3 - 12 * a * a + 16 / 3) / 6;
      return a < 2 ? ((-7 / 3) * a ** 3 + 12 * a * a - 20 * a + 32 / 3) / 6 : 0;
    case 'lanczos3':
      if (a >= 3) return 0;
      return a === 0 ? 1 : (3 * Math.sin(PI * a) * Math.sin((PI * a) / 3)) / (PI * PI * a * a);
    case 'mks2021': // Costella, Magic Kernel Sharp 2021, factored form
      if (a <= 0.5) return 577 / 576 - (239 / 144) * a * a;
      if (a <= 1.5) return (35 / 36) * (a - 1) * (a - 239 / 140);
      if (a <= 2.5) return (1 / 6) * (a - 2) * (65 / 24 - a);
      if (a <= 3.5) return (1 / 36) * (a - 3) * (a - 3.75);
      return a <= 4.5 ? (-1 / 288) * (a - 4.5) ** 2 : 0;
    default: throw new Error(`unknown filter ${filter}`);
  }
}

// [{lo, w: Float64Array}] per output pixel: normalised weights of inputs lo.. lo+w.length-1
function weights(filter, inSize, outSize) {
  const out = [];
  const scale = inSize / outSize;
  const s = Math.max(1, scale);
  const radius = SUPPORT[filter] * s;
  for (let o = 0; o < outSize; o++) {
    if (inSize === outSize) {
      out.push({ lo: o, w: new Float64Array([1]) });
      continue;
    }
    const c = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(c - radius));
    const hi = Math.min(inSize, Math.ceil(c + radius));
    const w = new Float64Array(hi - lo);
    let sum = 0;
    for (let j = lo; j < hi; j++) sum += w[j - lo] = kernel(filter, (j + 0.5 - c) / s);
    if (sum === 0) {
      out.push({ lo: Math.min(inSize - 1, Math.floor(c)), w: new Float64Array([1]) });
      continue;
    }
    for (let k = 0; k < w.length; k++) w[k] /= sum;
    out.push({ lo, w });
  }
  return out;
}

const decode = (v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
const encode = (l) => (l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055);

/**
 * Resizes a crop {x, y, width, height} of image {width, height, data} (RGBA8
 * or RGBA16) to width x height, as resize() with fit 'fill' should.
 * @returns {{width, height, data: Uint8Array|Uint16Array}}
 */
export function referenceResize(image, { width, height, filter = 'lanczos3', linear = true, crop }) {
  const depth = image.data instanceof Uint16Array ? 16 : 8;
  const max = depth === 8 ? 255 : 65535;
  const c = crop || { x: 0, y: 0, width: image.width, height: image.height };
  const out = depth === 8 ? new Uint8Array(width * height * 4) : new Uint16Array(width * height * 4);
  if (c.width === width && c.height === height) {
    for (let y = 0; y < height; y++) {
      const from = ((c.y + y) * image.width + c.x) * 4;
      out.set(image.data.subarray(from, from + width * 4), y * width * 4);
    }
    return { width, height, data: out };
  }
  const cw = c.width;
  const ch = c.height;
  const table = new Float64Array(max + 1);
  for (let v = 0; v <= max; v++) table[v] = linear ? decode(v / max) : v / max;
  const wx = weights(filter, cw, width);
  const wy = weights(filter, ch, height);
  const mid = new Float64Array(width * ch * 4);
  const row = new Float64Array(cw * 4); // one source row, premultiplied (kept small for 12 MP inputs)
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const i = ((c.y + y) * image.width + c.x + x) * 4;
      const a = image.data[i + 3] / max;
      for (let k = 0; k < 3; k++) row[x * 4 + k] = table[image.data[i + k]] * a;
      row[x * 4 + 3] = a;
    }
    for (let o = 0; o < width; o++) {
      const { lo, w } = wx[o];
      const mi = (y * width + o) * 4;
      for (let k = 0; k < w.length; k++) {
        const si = (lo + k) * 4;
        for (let q = 0; q < 4; q++) mid[mi + q] += w[k] * row[si + q];
      }
    }
  }
  const acc = new Float64Array(4);
  for (let o = 0; o < height; o++) {
    const { lo, w } = wy[o];
    for (let x = 0; x < width; x++) {
      acc.fill(0);
      for (let k = 0; k < w.length; k++) {
        const mi = ((lo + k) * width + x) * 4;
        for (let q = 0; q < 4; q++) acc[q] += w[k] * mid[mi + q];
      }
      const di = (o * width + x) * 4;
      const a = Math.min(1, Math.max(0, acc[3]));
      const a8 = Math.round(a * max);
      out[di + 3] = a8;
      if (a8 === 0) continue;
      for (let q = 0; q < 3; q++) {
        const v = Math.min(1, Math.max(0, acc[q] / acc[3]));
        out[di + q] = Math.round((linear ? encode(v) : v) * max);
      }
    }
  }
  return { width, height, data: out };
}

/** PSNR in dB of two RGBA images (all four channels), peak 255 or 65535. */
export function psnr(a, b, peak = 255) {
  let se = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    se += d * d;
  }
  if (se === 0) return Infinity;
  return 10 * Math.log10((peak * peak * a.length) / se);
}
