// SPDX-License-Identifier: MIT
// webp suite: WebP decode of the photos' `cwebp -q 75` and `cwebp -lossless`
// versions (perf/lib/inputs-node.mjs webpVersions), MP/s; and lossless encode
// of the photos' pixels at the default effort (ours: effort 5; @jsquash/webp:
// libwebp's lossless at -q 75 -m 4, as cwebp -lossless), MP/s, with the size
// against cwebp -lossless. Encoder verification: our decoder (bit-exact with
// libwebp) must give back exactly the source pixels.
// ctx.inputs.photos: [{name, webpLossy, webpLossless, webpLossyRef, webpLosslessRef}],
// the Refs being `dwebp -pam` RGBA. Verification: our decoder must give
// exactly dwebp's pixels (it is bit-exact); a peer must be within PSNR >= 40 dB
// (@jsquash/webp is libwebp itself, so it is exact too).
//
// Our API: web/webp.js decode(bytes) -> {width, height, data}.
import { OUR_BACKENDS } from './deflate.mjs';
import { coreAvailable, importCoreInstances } from '../lib/cores.mjs';
import { normalizeImage, psnr, samePixels, ensureImageData, packageFileBytes, browserDecode, hasBrowserCodecs } from './image-util.mjs';
import { reuseVariant } from '../lib/reuse.mjs';

const MIN_PSNR = 40;

async function peers(ctx) {
  const list = [];
  const note = (name, e) => ctx.progress?.(`webp: ${name} not loadable: ${e.message}`);
  try {
    ensureImageData();
    const dec = await ctx.importModule('@jsquash/webp/decode.js');
    await dec.init(await WebAssembly.compile(await packageFileBytes('@jsquash/webp/codec/dec/webp_dec.wasm')));
    const peer = {
      name: 'jsquash-webp', category: 'wasm-peer', label: '@jsquash/webp (libwebp in Wasm)',
      decode: async (b) => { const d = await dec.default(b); return { width: d.width, height: d.height, data: d.data, channels: 4 }; },
    };
    try {
      const enc = await ctx.importModule('@jsquash/webp/encode.js');
      // its init() picks the SIMD build where the engine has SIMD: give it the matching module
      const simd = await (await ctx.importModule('wasm-feature-detect')).simd();
      await enc.init(await WebAssembly.compile(await packageFileBytes(`@jsquash/webp/codec/enc/${simd ? 'webp_enc_simd' : 'webp_enc'}.wasm`)));
      peer.encodeLossless = async (img) => new Uint8Array(await enc.default(
        new ImageData(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height),
        { lossless: 1, quality: 75, method: 4, exact: 0 }));
      peer.encodeLossy = async (img) => new Uint8Array(await enc.default(
        new ImageData(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height),
        { quality: 75, method: 4 }));
    } catch (e) { note('@jsquash/webp encoder', e); }
    list.push(peer);
  } catch (e) { note('@jsquash/webp', e); }
  if (typeof process === 'undefined' && hasBrowserCodecs()) {
    list.push({
      name: 'browser', category: 'browser-native', label: 'browser (createImageBitmap / canvas)',
      decode: (b) => browserDecode(b, 'image/webp'),
    });
  }
  return list;
}

export default {
  name: 'webp',
  async available(ctx) {
    if (!ctx.inputs?.photos?.some((p) => p.webpLossy)) return 'no WebP versions of the photos (corpus or cwebp not found)';
    return coreAvailable(ctx, 'webp');
  },
  async cases(ctx) {
    const impls = [];
    const backends = ctx.backends || OUR_BACKENDS;
    for (const o of await importCoreInstances('webp', backends)) {
      const webp = o.module;
      const ours = { category: 'ours', prepare: o.prepare };
      impls.push({ ...ours, name: o.backend, label: `wasmforge ${o.backend}`, decode: (b) => webp.decode(b),
        encodeLossless: (img) => webp.encode(img, { effort: 5 }),
        encodeLossy: (img) => webp.encode(img, { lossless: false, quality: 75 }), module: webp });
      if (o.backend === backends[0]) impls.push(reuseVariant(o, 'decode', Uint8ClampedArray, (b, output) => webp.decode(b, { output })));
    }
    impls.push(...await peers(ctx));
    const cases = [];
    for (const photo of ctx.inputs.photos) {
      for (const [op, key, what] of [['decode-lossy-q75', 'webpLossy', 'cwebp -q 75'], ['decode-lossless', 'webpLossless', 'cwebp -lossless']]) {
        const bytes = photo[key];
        const refData = photo[`${key}Ref`];
        if (!bytes || !refData) continue;
        let ref = null;
        cases.push({
          suite: 'webp', op, input: photo.name, unit: 'MP/s', work: refData.length / 4,
          note: `${what} (${bytes.length} bytes); reference: dwebp -pam; ours must be identical, peers PSNR >= ${MIN_PSNR} dB`,
          impls: impls.map((i) => ({
            name: i.name, category: i.category, label: i.label, prepare: i.prepare,
            run: () => i.decode(bytes),
            async verify(out) {
              const img = normalizeImage(out);
              ref = ref || { width: img.width, height: img.height, data: refData, channels: 4 };
              const q = psnr(img, ref);
              const exact = samePixels(img, ref).ok; // RGBA, alpha included
              return {
                ok: i.category === 'ours' ? exact : q.psnr >= MIN_PSNR,
                detail: exact ? 'identical to dwebp' : `PSNR ${q.psnr.toFixed(1)} dB vs dwebp, max diff ${q.maxDiff}`,
                extra: { psnr_vs_reference: exact ? 'identical' : +q.psnr.toFixed(2), max_diff: q.maxDiff },
              };
            },
          })),
        });
      }
    }
    // lossless encode of the photos' pixels (the dwebp decode of the cwebp -lossless file = the PNG)
    const checker = impls.find((i) => i.module)?.module;
    for (const photo of ctx.inputs.photos) {
      const src = photo.webpLosslessRef;
      if (!src || !photo.webpLossless || !checker) continue;
      // the size from the VP8L header (bytes 21-24 of a simple lossless file): no core needed yet
      const v = photo.webpLossless;
      const bits = v[21] | (v[22] << 8) | (v[23] << 16) | (v[24] << 24);
      const width = (bits & 0x3fff) + 1;
      const height = ((bits >>> 14) & 0x3fff) + 1;
      const source = { width, height, data: src };
      cases.push({
        suite: 'webp', op: 'encode-lossless', input: photo.name, unit: 'MP/s', work: width * height,
        note: `lossless, default effort; sizes vs cwebp -lossless (${photo.webpLossless.length} bytes); ours must decode to the source exactly`,
        impls: impls.filter((i) => i.encodeLossless).map((i) => ({
          name: i.name, category: i.category, label: i.label, prepare: i.prepare,
          run: () => i.encodeLossless(source),
          async verify(out) {
            const bytes = out instanceof Uint8Array ? out : new Uint8Array(out);
            let same = false;
            try { same = samePixels(normalizeImage(checker.decode(bytes)), { width, height, data: src, channels: 4 }).ok; } catch { same = false; }
            return {
              ok: same, detail: same ? 'decodes to the source exactly' : 'does not decode to the source',
              outputSize: bytes.length,
              extra: { size_ratio: bytes.length / photo.webpLossless.length, size_ratio_ref: 'cwebp -lossless' },
            };
          },
        })),
      });
      cases.push({
        suite: 'webp', op: 'encode-lossy', input: photo.name, unit: 'MP/s', work: width * height,
        note: 'lossy q75, default effort (cwebp -m 4); output size and RGB PSNR against the source',
        impls: impls.filter((i) => i.encodeLossy).map((i) => ({
          name: i.name, category: i.category, label: i.label, prepare: i.prepare,
          run: () => i.encodeLossy(source),
          async verify(out) {
            const bytes = out instanceof Uint8Array ? out : new Uint8Array(out);
            let db = 0;
            try { db = psnr(normalizeImage(checker.decode(bytes)), { width, height, data: src, channels: 4 }).psnr; } catch { db = 0; }
            return { ok: db > 25, detail: `PSNR ${db.toFixed(2)} dB`, outputSize: bytes.length, extra: { psnr: db } };
          },
        })),
      });
    }
    return cases;
  },
};
