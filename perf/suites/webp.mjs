// SPDX-License-Identifier: MIT
// webp suite: WebP decode of the photos' `cwebp -q 75` and `cwebp -lossless`
// versions (perf/lib/inputs-node.mjs webpVersions), MP/s.
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
    list.push({
      name: 'jsquash-webp', category: 'wasm-peer', label: '@jsquash/webp (libwebp in Wasm)',
      decode: async (b) => { const d = await dec.default(b); return { width: d.width, height: d.height, data: d.data, channels: 4 }; },
    });
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
      impls.push({ ...ours, name: o.backend, label: `wasmforge ${o.backend}`, decode: (b) => webp.decode(b) });
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
    return cases;
  },
};
