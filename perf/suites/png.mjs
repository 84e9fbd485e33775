// SPDX-License-Identifier: MIT
// png suite: PNG decode (to 8-bit pixels) and encode (from RGBA8), MP/s, on
// the photos (ctx.inputs.photos: [{name, png}]). Reference pixels: fast-png's
// decode of the file. Every decoder must give exactly those pixels (compared
// as RGBA8); every encoder's output is decoded by the reference and must give
// back exactly its input. Encoded sizes are reported next to the original file.
//
// Our API (web/png.js): init({backend}), decode(bytes, {depth}) ->
// {width, height, data[, channels]}, encode({width, height, data, channels}, {effort}) -> Uint8Array.
import { OUR_BACKENDS } from './deflate.mjs';
import { coreAvailable, importCoreInstances } from '../lib/cores.mjs';
import { reuseVariant } from '../lib/reuse.mjs';
import { normalizeImage, toRGBA, samePixels, ensureImageData, packageFileBytes, browserDecode, browserEncode, hasBrowserCodecs } from './image-util.mjs';

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

async function peers(ctx) {
  const list = [];
  const note = (name, e) => ctx.progress?.(`png: ${name} not loadable: ${e.message}`);
  try {
    const fastPng = await ctx.importModule('fast-png');
    list.push({
      name: 'fast-png', category: 'js-peer', label: 'fast-png',
      decode: (b) => fastPng.decode(b),
      encode: (img) => fastPng.encode({ width: img.width, height: img.height, data: img.data, channels: 4, depth: 8 }),
    });
  } catch (e) { note('fast-png', e); }
  try {
    const UPNG = (await ctx.importModule('upng-js')).default;
    list.push({
      name: 'upng-js', category: 'js-peer', label: 'UPNG.js',
      decode: (b) => {
        const img = UPNG.decode(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
        return { width: img.width, height: img.height, data: new Uint8Array(UPNG.toRGBA8(img)[0]), channels: 4 };
      },
      encode: (img) => new Uint8Array(UPNG.encode([img.data.slice().buffer], img.width, img.height, 0)),
    });
  } catch (e) { note('upng-js', e); }
  if (isNode) {
    try {
      const { PNG } = (await ctx.importModule('pngjs')).default;
      list.push({
        name: 'pngjs', category: 'js-peer', label: 'pngjs (Node zlib)',
        decode: (b) => { const p = PNG.sync.read(Buffer.from(b.buffer, b.byteOffset, b.byteLength)); return { width: p.width, height: p.height, data: p.data, channels: 4 }; },
        encode: (img) => PNG.sync.write({ width: img.width, height: img.height, data: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length) }),
      });
    } catch (e) { note('pngjs', e); }
  }
  try {
    ensureImageData();
    const dec = await ctx.importModule('@jsquash/png/decode.js');
    const enc = await ctx.importModule('@jsquash/png/encode.js');
    const wasm = await WebAssembly.compile(await packageFileBytes('@jsquash/png/codec/pkg/squoosh_png_bg.wasm'));
    await dec.init(wasm);
    await enc.init(wasm);
    const jsquash = { decode: dec.default, encode: enc.default };
    list.push({
      name: 'jsquash-png', category: 'wasm-peer', label: '@jsquash/png (Rust png crate)',
      decode: async (b) => { const d = await jsquash.decode(b); return { width: d.width, height: d.height, data: d.data, channels: 4 }; },
      encode: async (img) => new Uint8Array(await jsquash.encode(new ImageData(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height))),
    });
  } catch (e) { note('@jsquash/png', e); }
  if (!isNode && hasBrowserCodecs()) {
    list.push({
      name: 'browser', category: 'browser-native', label: 'browser (createImageBitmap / canvas)',
      decode: (b) => browserDecode(b, 'image/png'),
      encode: (img) => browserEncode(img, 'image/png'),
    });
  }
  return list;
}

export default {
  name: 'png',
  async available(ctx) {
    if (!ctx.inputs?.photos?.length) return 'no photos (corpus not found)';
    return coreAvailable(ctx, 'png');
  },
  async cases(ctx) {
    const impls = [];
    // One module instance per backend, so that all stay loaded and their timings can be interleaved.
    const backends = ctx.backends || OUR_BACKENDS;
    for (const o of await importCoreInstances('png', backends)) {
      impls.push({
        name: o.backend, category: 'ours', label: `wasmforge ${o.backend}`, prepare: o.prepare,
        decode: (b) => o.module.decode(b, { depth: 8 }),
        encode: (img) => o.module.encode({ width: img.width, height: img.height, data: img.data, channels: 4 }, {}),
      });
      // The best backend again, decoding into one reused array (the `output` option).
      if (o.backend === backends[0]) impls.push(reuseVariant(o, 'decode', Uint8ClampedArray, (b, output) => o.module.decode(b, { depth: 8, output })));
    }
    impls.push(...await peers(ctx));
    const refDecoder = await ctx.importModule('fast-png');
    const cases = [];
    for (const photo of ctx.inputs.photos) {
      const ref = normalizeImage(refDecoder.decode(photo.png));
      const rgba = toRGBA(ref);
      const pixels = ref.width * ref.height;
      cases.push({
        suite: 'png', op: 'decode', input: photo.name, unit: 'MP/s', work: pixels,
        impls: impls.filter((i) => i.decode).map((i) => ({
          name: i.name, category: i.category, label: i.label, prepare: i.prepare,
          run: () => i.decode(photo.png),
          async verify(out) { return samePixels(normalizeImage(out), ref); },
        })),
      });
      cases.push({
        suite: 'png', op: 'encode', input: photo.name, unit: 'MP/s', work: pixels,
        note: `from RGBA8; sizes vs the original file (${photo.png.length} bytes)`,
        impls: impls.filter((i) => i.encode).map((i) => ({
          name: i.name, category: i.category, label: i.label, prepare: i.prepare,
          run: () => i.encode(rgba),
          async verify(out) {
            const bytes = out instanceof Uint8Array ? out : new Uint8Array(out);
            let back;
            try { back = normalizeImage(refDecoder.decode(bytes)); } catch (e) {
              return { ok: false, detail: `the reference decoder rejects the output: ${e.message}`, outputSize: bytes.length };
            }
            const same = samePixels(back, rgba);
            return { ...same, outputSize: bytes.length, extra: { size_ratio: bytes.length / photo.png.length, size_ratio_ref: 'original file' } };
          },
        })),
      });
    }
    return cases;
  },
};
