// SPDX-License-Identifier: MIT
// jpeg suite: JPEG decode of the photos' q85 files and encode at quality 85,
// 4:2:0 (as `cjpeg -quality 85`, which made those files), MP/s.
// ctx.inputs.photos: [{name, png, jpeg, jpegRef?, jpegWidth?, jpegHeight?}];
// jpegRef is libjpeg-turbo's decode (djpeg) of the .q85.jpg, made in Node.
// Verification: decoders must agree with the reference decode to within
// PSNR >= 40 dB (IDCTs and upsamplers legitimately differ by a unit or two;
// the PSNR and largest difference are recorded); an encoder's output is
// decoded by the reference decoder (djpeg in Node, the browser's decoder
// elsewhere) and must be within PSNR >= 30 dB of the source photo. Encoded
// sizes are reported next to cjpeg's file.
//
// Our API: web/jpeg.js decode(bytes) -> {width, height, data} and encode(image,
// {quality, subsampling, optimize: false} (standard Huffman tables, as cjpeg's default).
import { OUR_BACKENDS } from './deflate.mjs';
import { coreAvailable, importCoreInstances } from '../lib/cores.mjs';
import { reuseVariant } from '../lib/reuse.mjs';
import { normalizeImage, toRGBA, psnr, ensureImageData, packageFileBytes, browserDecode, browserEncode, hasBrowserCodecs } from './image-util.mjs';

const isNode = typeof process !== 'undefined' && !!process.versions?.node;
const QUALITY = 85;
const DECODE_MIN_PSNR = 40;
const ENCODE_MIN_PSNR = 30;

async function peers(ctx) {
  const list = [];
  const note = (name, e) => ctx.progress?.(`jpeg: ${name} not loadable: ${e.message}`);
  if (isNode) {
    try {
      const jpegJs = (await ctx.importModule('jpeg-js')).default;
      list.push({
        name: 'jpeg-js', category: 'js-peer', label: 'jpeg-js',
        decode: (b) => { const d = jpegJs.decode(b, { useTArray: true, formatAsRGBA: true }); return { width: d.width, height: d.height, data: d.data, channels: 4 }; },
        encode: (img) => jpegJs.encode({ width: img.width, height: img.height, data: img.data }, QUALITY).data,
      });
    } catch (e) { note('jpeg-js', e); }
  }
  try {
    ensureImageData();
    const dec = await ctx.importModule('@jsquash/jpeg/decode.js');
    const enc = await ctx.importModule('@jsquash/jpeg/encode.js');
    await dec.init(await WebAssembly.compile(await packageFileBytes('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm')));
    await enc.init(await WebAssembly.compile(await packageFileBytes('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm')));
    const options = { quality: QUALITY, baseline: true, progressive: false, optimize_coding: false, quant_table: 0, auto_subsample: false, chroma_subsample: 2 };
    list.push({
      name: 'jsquash-jpeg', category: 'wasm-peer', label: '@jsquash/jpeg (MozJPEG, baseline)',
      decode: async (b) => { const d = await dec.default(b); return { width: d.width, height: d.height, data: d.data, channels: 4 }; },
      encode: async (img) => new Uint8Array(await enc.default(new ImageData(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height), options)),
    });
  } catch (e) { note('@jsquash/jpeg', e); }
  if (!isNode && hasBrowserCodecs()) {
    list.push({
      name: 'browser', category: 'browser-native', label: 'browser (createImageBitmap / canvas)',
      decode: (b) => browserDecode(b, 'image/jpeg'),
      encode: (img) => browserEncode(img, 'image/jpeg', QUALITY / 100),
    });
  }
  return list;
}

export default {
  name: 'jpeg',
  async available(ctx) {
    if (!ctx.inputs?.photos?.some((p) => p.jpeg)) return 'no JPEG photos (corpus not found)';
    return coreAvailable(ctx, 'jpeg');
  },
  async cases(ctx) {
    const impls = [];
    const backends = ctx.backends || OUR_BACKENDS;
    // One module instance per backend, so that all stay loaded and their timings can be interleaved.
    for (const o of await importCoreInstances('jpeg', backends)) {
      const jpeg = o.module;
      const ours = { category: 'ours', prepare: o.prepare };
      impls.push({
        ...ours, name: o.backend, label: `wasmforge ${o.backend}`,
        decode: (b) => jpeg.decode(b),
        encode: (img) => jpeg.encode({ width: img.width, height: img.height, data: img.data }, { quality: QUALITY, subsampling: '4:2:0', optimize: false }),
      });
      // The best backend again, decoding into one reused array (decode's `output`
      // option), as native benchmarks reuse their buffer: no fresh memory to fault in.
      if (o.backend === backends[0]) impls.push(reuseVariant(o, 'decode', Uint8ClampedArray, (b, output) => jpeg.decode(b, { output })));
    }
    impls.push(...await peers(ctx));
    // Reference decoding of encoder output: djpeg in Node (ctx.refDecodeJpeg), else the browser.
    const refDecode = ctx.refDecodeJpeg || (hasBrowserCodecs() ? (b) => browserDecode(b, 'image/jpeg') : null);
    const cases = [];
    for (const photo of ctx.inputs.photos) {
      if (!photo.jpeg) continue;
      let ref = photo.jpegRef ? { width: photo.jpegWidth, height: photo.jpegHeight, data: photo.jpegRef, channels: 3 } : null;
      let refBy = photo.jpegRefBy || 'djpeg';
      if (!ref && refDecode) { ref = normalizeImage(await refDecode(photo.jpeg)); refBy = 'the browser decoder'; }
      if (ref) {
        cases.push({
          suite: 'jpeg', op: 'decode', input: photo.name, unit: 'MP/s', work: ref.width * ref.height,
          note: `reference: ${refBy}; agreement = PSNR >= ${DECODE_MIN_PSNR} dB`,
          impls: impls.filter((i) => i.decode).map((i) => ({
            name: i.name, category: i.category, label: i.label, prepare: i.prepare,
            run: () => i.decode(photo.jpeg),
            async verify(out) {
              const img = normalizeImage(out);
              const q = psnr(img, ref);
              return { ok: q.psnr >= DECODE_MIN_PSNR, detail: `PSNR ${q.psnr.toFixed(1)} dB vs ${refBy}, max diff ${q.maxDiff}`, extra: { psnr_vs_reference: q.psnr === Infinity ? 'identical' : +q.psnr.toFixed(2), max_diff: q.maxDiff } };
            },
          })),
        });
      }
      if (!photo.png || !refDecode) continue;
      const pngDecoder = await ctx.importModule('fast-png');
      const source = toRGBA(normalizeImage(pngDecoder.decode(photo.png)));
      cases.push({
        suite: 'jpeg', op: `encode-q${QUALITY}-420`, input: photo.name, unit: 'MP/s', work: source.width * source.height,
        note: `quality ${QUALITY}, 4:2:0, from RGBA8; sizes vs cjpeg -quality ${QUALITY} (${photo.jpeg.length} bytes)`,
        impls: impls.filter((i) => i.encode).map((i) => ({
          name: i.name, category: i.category, label: i.label, prepare: i.prepare,
          run: () => i.encode(source),
          async verify(out) {
            const bytes = out instanceof Uint8Array ? out : new Uint8Array(out);
            let back;
            try { back = normalizeImage(await refDecode(bytes)); } catch (e) {
              return { ok: false, detail: `the reference decoder rejects the output: ${e.message}`, outputSize: bytes.length };
            }
            const q = psnr(back, source);
            return {
              ok: q.psnr >= ENCODE_MIN_PSNR, detail: `PSNR ${q.psnr.toFixed(1)} dB vs the source`, outputSize: bytes.length,
              extra: { size_ratio: bytes.length / photo.jpeg.length, size_ratio_ref: `cjpeg -quality ${QUALITY}`, psnr_vs_source: +q.psnr.toFixed(2) },
            };
          },
        })),
      });
    }
    return cases;
  },
};
