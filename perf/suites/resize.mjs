// SPDX-License-Identifier: MIT
// resize suite: a 12 MP photo (ctx.inputs.resize: 4032x3024 RGBA8 composed
// from the corpus photos, see resizeInputs in lib/inputs-node.mjs) to 1600
// pixels wide, Lanczos3; speed in source megapixels per second.
//   lanczos3-linear   ours (linear light, the default) on every backend;
//                            pica 10 (npm) in its fastest mode (Wasm, resizeBuffer,
//                            filter lanczos3; it filters gamma-encoded values);
//                            in Chromium also drawImage with imageSmoothingQuality
//                            'high' from an ImageBitmap plus getImageData.
//   lanczos3-gamma    ours with linear: false (the faster gamma-space mode), and pica.
// Quality: every result's PSNR (RGBA, peak 255) against the double-precision
// reference (tests/js/resize-reference.js) of Lanczos3 in linear light is
// recorded as `psnr`, and for the gamma case also against the gamma-space
// reference (`psnr_gamma_ref`). Verification: our results must be within 1
// level per channel of the reference of their mode (else wrong-output); the
// peers' results must have the right size (their pixels are what they are:
// the PSNR says how far they are).
import { OUR_BACKENDS } from './deflate.mjs';
import { coreAvailable, importCoreInstances } from '../lib/cores.mjs';
import { referenceResize, psnr } from '../../tests/js/resize-reference.js';

const isNode = typeof process !== 'undefined' && !!process.versions?.node;
const TARGET_WIDTH = 1600;

function maxDiff(a, b) {
  let worst = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (c < 3 && (a[i + 3] === 0 || b[i + 3] === 0)) continue;
      const d = Math.abs(a[i + c] - b[i + c]);
      if (d > worst) worst = d;
    }
  }
  return worst;
}

async function peers(ctx, image, width, height) {
  const list = [];
  try {
    const Pica = (await ctx.importModule('pica')).default;
    const pica = new Pica({ features: ['js', 'wasm'] });
    list.push({
      name: 'pica', category: 'wasm-peer', label: 'pica 10 (Wasm, lanczos3)', gamma: true,
      run: () => pica.resizeBuffer({ src: image.data, width: image.width, height: image.height, toWidth: width,
        toHeight: height, filter: 'lanczos3' }),
    });
  } catch (e) {
    ctx.progress?.(`resize: pica not loadable: ${e.message}`);
  }
  if (!isNode && typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function') {
    let bitmap = null;
    let g = null;
    list.push({
      name: 'browser', category: 'browser-native', label: "Chromium drawImage (imageSmoothingQuality 'high') + getImageData",
      gamma: true,
      async prepare() {
        bitmap = await createImageBitmap(new ImageData(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset,
          image.data.length), image.width, image.height));
        g = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
        if (!g) return 'no 2d context';
        return undefined;
      },
      run: () => {
        g.imageSmoothingEnabled = true;
        g.imageSmoothingQuality = 'high';
        g.clearRect(0, 0, width, height);
        g.drawImage(bitmap, 0, 0, width, height);
        return g.getImageData(0, 0, width, height).data;
      },
    });
  }
  return list;
}

export default {
  name: 'resize',
  async available(ctx) {
    if (!ctx.inputs?.resize?.length) return 'no 12 MP input (photos corpus not found)';
    return coreAvailable(ctx, 'resize');
  },
  async cases(ctx) {
    const input = ctx.inputs.resize[0];
    const image = { width: input.width, height: input.height, data: input.rgba };
    const height = Math.round((input.height * TARGET_WIDTH) / input.width);
    const width = TARGET_WIDTH;
    ctx.progress?.('resize: double-precision references (a few seconds)');
    const refLinear = referenceResize(image, { width, height, filter: 'lanczos3', linear: true }).data;
    const refGamma = referenceResize(image, { width, height, filter: 'lanczos3', linear: false }).data;
    const ours = await importCoreInstances('resize', ctx.backends || OUR_BACKENDS);
    const others = await peers(ctx, image, width, height);
    const size = `${input.width}x${input.height} -> ${width}x${height}`;
    const quality = (out) => {
      const data = out.data || out;
      if (data.length !== width * height * 4) return { ok: false, detail: `${data.length} samples, expected ${width * height * 4}` };
      return { data, ok: true };
    };
    const caseOf = (op, linear, extraPeers) => ({
      suite: 'resize', op, input: input.name, unit: 'MP/s', work: input.width * input.height,
      note: `${size}, Lanczos3, ${linear ? 'linear light' : 'gamma space'}; psnr: dB against the double-precision ` +
        'Lanczos3 in linear light' + (linear ? '' : ' (psnr_gamma_ref: against the gamma-space one)'),
      impls: [
        ...ours.map((o) => ({
          name: o.backend, category: 'ours', label: `wasmforge ${o.backend}`, prepare: o.prepare,
          run: () => o.module.resize(image, { width, height, filter: 'lanczos3', linear }),
          async verify(out) {
            const q = quality(out);
            if (!q.ok) return q;
            const own = linear ? refLinear : refGamma;
            const d = maxDiff(q.data, own);
            const extra = { psnr: psnr(q.data, refLinear) };
            if (!linear) extra.psnr_gamma_ref = psnr(q.data, refGamma);
            return d <= 1 ? { ok: true, extra } : { ok: false, detail: `${d} levels from the reference`, extra };
          },
        })),
        ...extraPeers.map((p) => ({
          name: p.name, category: p.category, label: p.label, prepare: p.prepare,
          run: p.run,
          async verify(out) {
            const q = quality(out);
            if (!q.ok) return q;
            const extra = { psnr: psnr(q.data, refLinear), psnr_gamma_ref: psnr(q.data, refGamma) };
            return { ok: true, extra };
          },
        })),
      ],
    });
    return [
      caseOf('lanczos3-linear', true, others),
      caseOf('lanczos3-gamma', false, others.filter((p) => p.name === 'pica')),
    ];
  },
};
