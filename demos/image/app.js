// SPDX-License-Identifier: MIT
// The image lab: decode a PNG or JPEG with wasmforge/image, show it and its
// metadata, re-encode it as PNG or JPEG and compare the result with the
// original pixels (PSNR for JPEG, an exact check for PNG).
// ?backend=wasm2js (or wasm, wasm-simd) forces a backend.
import * as image from '../../web/image.js';
import { wireDropZone } from '../drop-zone.js';

const $ = (id) => document.getElementById(id);
const backendParam = new URLSearchParams(location.search).get('backend') || undefined;

// Samples offered when the shared corpora are mounted at /data/ (npm start does that).
const SAMPLES = [
  ['photos/kodim23.png', 'Kodak parrots · PNG'],
  ['photos/kodim23.q85.jpg', 'Kodak parrots · JPEG q85'],
  ['photos/kodim05.q85.jpg', 'Kodak motorbikes · JPEG'],
  ['photos/flower_foveon.q85.jpg', 'Flower · JPEG, large'],
  ['jpeg/testimgp.jpg', 'IJG test · progressive JPEG'],
  ['jpeg/testimgari.jpg', 'IJG test · arithmetic JPEG'],
  ['pngsuite/basn6a08.png', 'PngSuite · RGBA'],
  ['pngsuite/tbrn2c08.png', 'PngSuite · tRNS'],
  ['pngsuite/basi0g16.png', 'PngSuite · 16-bit grey, interlaced'],
  ['pngsuite/ct1n0g04.png', 'PngSuite · text chunks'],
];

const COLOR_TYPES = { 0: 'greyscale', 2: 'truecolour (RGB)', 3: 'indexed (palette)', 4: 'greyscale + alpha', 6: 'truecolour + alpha (RGBA)' };
const ORIENTATIONS = {
  1: 'normal', 2: 'mirrored', 3: 'rotated 180°', 4: 'mirrored vertically', 5: 'mirrored, rotated 90° CCW',
  6: 'rotated 90° CW', 7: 'mirrored, rotated 90° CW', 8: 'rotated 90° CCW',
};
const SRGB_INTENTS = ['perceptual', 'relative colorimetric', 'saturation', 'absolute colorimetric'];
const MAX_RESULTS = 8;

let current = null; // { name, bytes, decoded, decodeMs }
let shown = null; // the result in the compare pane
let resultSerial = 0;

function formatBytes(n) {
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(2)} MiB`;
}

const ms = (t) => (t < 10 ? `${t.toFixed(2)} ms` : `${t.toFixed(1)} ms`);

function describeError(e) {
  const at = e && e.offset !== undefined ? ` (at byte ${e.offset})` : '';
  return `${(e && (e.code || e.name)) || 'Error'}: ${(e && e.message) || e}${at}`;
}

function drawTo(canvas, img) {
  canvas.width = img.width;
  canvas.height = img.height;
  canvas.getContext('2d').putImageData(new ImageData(img.data, img.width, img.height), 0, 0);
}

// Small images (icons, PngSuite) are shown enlarged, with sharp pixels.
function autoScale(img) {
  return Math.max(1, Math.min(8, Math.floor(256 / Math.max(img.width, img.height))));
}

function sizeCanvas(canvas, scale) {
  canvas.style.width = scale > 1 ? `${canvas.width * scale}px` : '';
  canvas.classList.toggle('pixelated', scale > 1);
}

function transparency(data) {
  let n = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 255) n++;
  return n;
}

// ---------------------------------------------------------------- decoding

function metaRows(decoded) {
  const m = decoded.meta;
  const rows = [];
  if (decoded.type === 'image/png') {
    rows.push(['Bit depth', `${m.bitDepth} bits per sample${m.bitDepth === 16 ? ' (shown and re-encoded as 8 bits)' : ''}`]);
    rows.push(['Colour type', `${m.colorType} · ${COLOR_TYPES[m.colorType] || 'unknown'}`]);
    rows.push(['Interlace', m.interlaced ? 'Adam7' : 'none']);
    const see = transparency(decoded.data);
    const pixels = decoded.width * decoded.height;
    rows.push(['Transparency', see ? `${see} of ${pixels} pixels (${((100 * see) / pixels).toFixed(1)} %) not opaque` : 'none (all pixels opaque)']);
    if (m.gamma !== undefined) rows.push(['Gamma (gAMA)', m.gamma.toFixed(5)]);
    if (m.srgbIntent !== undefined) rows.push(['sRGB', SRGB_INTENTS[m.srgbIntent] || String(m.srgbIntent)]);
    if (m.chromaticities) {
      const c = m.chromaticities;
      rows.push(['Chromaticities (cHRM)', `white ${c.whiteX}, ${c.whiteY} · red ${c.redX}, ${c.redY} · green ${c.greenX}, ${c.greenY} · blue ${c.blueX}, ${c.blueY}`]);
    }
    if (m.iccProfile) rows.push(['ICC profile (iCCP)', `“${m.iccProfile.name}”, ${formatBytes(m.iccProfile.data.length)}`]);
    if (m.physical) {
      const p = m.physical;
      rows.push(['Pixel size (pHYs)', p.unit === 'metre'
        ? `${(p.pixelsPerUnitX * 0.0254).toFixed(0)} × ${(p.pixelsPerUnitY * 0.0254).toFixed(0)} dpi`
        : `aspect ${p.pixelsPerUnitX}:${p.pixelsPerUnitY}`]);
    }
    for (const t of m.text) {
      const text = t.text.length > 300 ? `${t.text.slice(0, 300)}…` : t.text;
      rows.push([`${t.kind} “${t.keyword}”`, text, 'text']);
    }
    if (!m.text.length) rows.push(['Text chunks', 'none']);
  } else if (decoded.type === 'image/webp') {
    rows.push(['Coding', `${m.format}${m.animated ? `, animated: ${m.frameCount} frames (first shown)` : ''}`]);
    rows.push(['Alpha', m.hasAlpha ? 'yes' : 'no']);
    rows.push(['ICC / EXIF / XMP', [m.icc, m.exif, m.xmp].map((b) => (b ? formatBytes(b.length) : 'none')).join(' / ')]);
  } else {
    rows.push(['Coding', `${m.progressive ? 'progressive' : 'sequential'}, ${m.arithmetic ? 'arithmetic' : 'Huffman'}, ${m.precision}-bit`]);
    rows.push(['Colour space', `${m.colorSpace}, ${m.components} component${m.components === 1 ? '' : 's'}`]);
    rows.push(['Subsampling', `${m.subsampling || 'n/a'} (factors ${m.samplingFactors.map(([h, v]) => `${h}×${v}`).join(', ')})`]);
    rows.push(['Orientation (EXIF)', `${m.orientation} · ${ORIENTATIONS[m.orientation] || 'none'}${m.orientation > 1 ? ' (not applied)' : ''}`]);
    rows.push(['ICC profile', m.icc ? formatBytes(m.icc.length) : 'none']);
    if (m.density) rows.push(['Density (JFIF)', m.density.unit === 'none' ? `aspect ${m.density.x}:${m.density.y}` : `${m.density.x} × ${m.density.y} ${m.density.unit}`]);
    if (m.adobeTransform !== null) rows.push(['Adobe transform', String(m.adobeTransform)]);
    if (m.truncated || m.warnings) rows.push(['Damage', `${m.truncated ? 'truncated (missing part is grey)' : 'none'}; ${m.warnings} warning${m.warnings === 1 ? '' : 's'}`]);
  }
  return rows;
}

function showMeta(rows) {
  $('meta').replaceChildren(...rows.map(([k, v, cls]) => {
    const tr = document.createElement('tr');
    tr.innerHTML = '<th></th><td></td>';
    tr.children[0].textContent = k;
    tr.children[1].textContent = v;
    tr.dataset.key = k;
    if (cls) tr.className = cls;
    return tr;
  }));
}

async function handleBytes(bytes, name) {
  $('error').textContent = '';
  try {
    await ready;
  } catch {
    return; // the error is shown already
  }
  let decoded;
  let decodeMs;
  try {
    const t0 = performance.now();
    decoded = image.decode(bytes);
    decodeMs = performance.now() - t0;
  } catch (e) {
    $('error').textContent = `${name}: ${describeError(e)}`;
    return;
  }
  current = { name, bytes, decoded, decodeMs };
  drawTo($('canvas'), decoded);
  sizeCanvas($('canvas'), autoScale(decoded));
  drawTo($('canvas-a'), decoded);
  const mp = (decoded.width * decoded.height) / 1e6;
  $('original-name').textContent = name;
  showMeta([
    ['File', `${name} · ${formatBytes(bytes.length)}`],
    ['Type', `${{ 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/webp': 'WebP' }[decoded.type]} (${decoded.type})`],
    ['Size', `${decoded.width} × ${decoded.height} px (${mp.toFixed(2)} MP)`],
    ['Decode time', `${ms(decodeMs)} · ${(mp / (decodeMs / 1000)).toFixed(1)} MP/s`],
    ...metaRows(decoded),
    ['Backend', image.backend()[decoded.type.slice(6)]],
  ]);
  $('original').hidden = false;
  $('encoder').hidden = false;
  $('results').replaceChildren();
  shown = null;
  $('compare').hidden = true;
  await encodeNow();
}

async function handleFile(file) {
  await handleBytes(new Uint8Array(await file.arrayBuffer()), file.name);
}

// ---------------------------------------------------------------- encoding

function encodeOptions() {
  const type = document.querySelector('input[name="format"]:checked').value;
  if (type === 'image/png') {
    const effort = Number($('effort').value);
    const interlace = $('interlace').checked;
    return { type, effort, interlace, label: `PNG · effort ${effort}${interlace ? ' · interlaced' : ''}` };
  }
  const quality = Number($('quality').value);
  const subsampling = $('subsampling').value;
  const progressive = $('progressive').checked;
  return { type, quality, subsampling, progressive, label: `JPEG · q${quality} · ${subsampling}${progressive ? ' · progressive' : ''}` };
}

// PSNR over the R, G and B samples (alpha is not coded in JPEG).
function psnr(a, b) {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = a[i + c] - b[i + c];
      sum += d * d;
    }
    n += 3;
  }
  if (sum === 0) return Infinity;
  return 10 * Math.log10((255 * 255) / (sum / n));
}

function samePixels(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

let busy = false;
let again = false;

async function encodeNow() {
  if (!current) return;
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  $('encode').disabled = true;
  $('encode').textContent = 'Encoding…';
  try {
    // let the page paint "Encoding…" before the synchronous work
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const source = current;
    const { label, ...options } = encodeOptions();
    let out;
    let encodeMs;
    try {
      const t0 = performance.now();
      out = image.encode(source.decoded, options);
      encodeMs = performance.now() - t0;
    } catch (e) {
      $('error').textContent = `encode: ${describeError(e)}`;
      return;
    }
    const back = image.decode(out);
    const result = { id: ++resultSerial, label, type: options.type, bytes: out, decoded: back, encodeMs, source };
    const { width, height } = source.decoded;
    if (options.type === 'image/jpeg') {
      result.psnr = psnr(source.decoded.data, back.data);
    } else {
      result.lossless = back.width === width && back.height === height && samePixels(source.decoded.data, back.data);
    }
    if (current !== source) return; // a new image arrived meanwhile
    addResult(result);
    showResult(result);
  } finally {
    busy = false;
    $('encode').disabled = false;
    $('encode').textContent = 'Encode';
    if (again) {
      again = false;
      encodeNow();
    }
  }
}

function addResult(r) {
  const { width, height } = r.source.decoded;
  const tr = document.createElement('tr');
  tr.dataset.id = String(r.id);
  tr.dataset.type = r.type;
  tr.dataset.size = String(r.bytes.length);
  if (r.psnr !== undefined) tr.dataset.psnr = Number.isFinite(r.psnr) ? r.psnr.toFixed(3) : 'inf';
  if (r.lossless !== undefined) tr.dataset.lossless = String(r.lossless);
  const quality = r.type === 'image/jpeg'
    ? (Number.isFinite(r.psnr) ? `PSNR ${r.psnr.toFixed(2)} dB` : 'PSNR ∞ (identical)')
    : r.lossless ? 'lossless ✓' : 'pixels differ!';
  const cells = [
    [r.label, 'label'],
    [formatBytes(r.bytes.length), 'num size'],
    [((r.bytes.length * 8) / (width * height)).toFixed(3), 'num'],
    [`${((100 * r.bytes.length) / r.source.bytes.length).toFixed(1)} %`, 'num'],
    [ms(r.encodeMs), 'num time'],
    [quality, `num quality${r.lossless === false ? ' error' : ''}`],
  ];
  for (const [text, cls] of cells) {
    const td = document.createElement('td');
    td.className = cls;
    td.textContent = text;
    tr.append(td);
  }
  const td = document.createElement('td');
  const b = document.createElement('button');
  b.className = 'small';
  b.textContent = 'view';
  b.addEventListener('click', () => showResult(r));
  td.append(b);
  tr.append(td);
  tr._result = r;
  const body = $('results');
  body.prepend(tr);
  while (body.children.length > MAX_RESULTS) body.lastElementChild.remove();
}

function showResult(r) {
  shown = r;
  drawTo($('canvas-b'), r.decoded);
  for (const tr of $('results').children) tr.classList.toggle('shown', tr._result === r);
  const ext = r.type === 'image/png' ? 'png' : 'jpg';
  const base = r.source.name.replace(/\.[^.]*$/, '') || 'image';
  const link = $('download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([r.bytes], { type: r.type }));
  link.download = `${base}.wasmforge.${ext}`;
  link.textContent = `Download ${link.download} (${formatBytes(r.bytes.length)})`;
  $('caption-b').textContent = `${r.label} · ${formatBytes(r.bytes.length)}`;
  $('compare').hidden = false;
  applyView();
}

// ---------------------------------------------------------------- the compare pane

let showingOriginal = false;

function applyView() {
  const toggle = $('view').value === 'toggle';
  $('panes').classList.toggle('toggle', toggle);
  $('pane-a').hidden = toggle && !showingOriginal;
  $('pane-b').hidden = toggle && showingOriginal;
  const zoom = $('zoom').value;
  $('panes').classList.toggle('fit', zoom === 'fit');
  const scale = zoom === 'fit' ? (shown ? autoScale(shown.decoded) : 1) : Number(zoom);
  for (const c of [$('canvas-a'), $('canvas-b')]) sizeCanvas(c, scale);
}

for (const id of ['pane-a', 'pane-b']) {
  $(id).addEventListener('click', () => {
    if ($('view').value !== 'toggle') return;
    showingOriginal = !showingOriginal;
    applyView();
  });
}
$('view').addEventListener('change', () => {
  showingOriginal = false;
  applyView();
});
$('zoom').addEventListener('change', applyView);
// keep both panes looking at the same spot when zoomed
const boxes = [...document.querySelectorAll('#panes .canvas-box')];
for (const box of boxes) {
  box.addEventListener('scroll', () => {
    for (const other of boxes) {
      if (other !== box && (other.scrollLeft !== box.scrollLeft || other.scrollTop !== box.scrollTop)) {
        other.scrollLeft = box.scrollLeft;
        other.scrollTop = box.scrollTop;
      }
    }
  });
}

// ---------------------------------------------------------------- controls

for (let effort = 0; effort <= 9; effort++) {
  const label = effort === 0 ? '0 (fastest)' : effort === 9 ? '9 (smallest)' : effort === 6 ? '6 (default)' : String(effort);
  $('effort').add(new Option(label, String(effort), effort === 6, effort === 6));
}

let timer = 0;
function changed() {
  const png = document.querySelector('input[name="format"]:checked').value === 'image/png';
  $('png-opts').hidden = !png;
  $('jpeg-opts').hidden = png;
  $('quality-value').textContent = $('quality').value;
  if (!$('auto').checked) return;
  clearTimeout(timer);
  timer = setTimeout(encodeNow, 200);
}
for (const el of document.querySelectorAll('input[name="format"], #effort, #interlace, #subsampling, #progressive')) {
  el.addEventListener('change', changed);
}
$('quality').addEventListener('input', changed);
$('encode').addEventListener('click', () => {
  clearTimeout(timer);
  encodeNow();
});

wireDropZone($('drop'), $('file'), handleFile);

async function offerSamples() {
  const exists = (path) => fetch(`/data/${path}`, { method: 'HEAD' }).then((r) => r.ok, () => false);
  // one request per corpus folder first, so that a missing mount costs three 404s, not ten
  const folders = [...new Set(SAMPLES.map(([path]) => path.split('/')[0]))];
  const mounted = new Set((await Promise.all(folders.map(async (f) => ((await exists(`${f}/README.md`)) ? f : null)))).filter(Boolean));
  const found = await Promise.all(SAMPLES.map(([path]) => mounted.has(path.split('/')[0]) && exists(path)));
  const buttons = [];
  SAMPLES.forEach(([path, label], i) => {
    if (!found[i]) return;
    const b = document.createElement('button');
    b.className = 'sample';
    b.dataset.path = path;
    b.textContent = label;
    b.title = `/data/${path}`;
    b.addEventListener('click', async () => {
      $('error').textContent = '';
      try {
        const response = await fetch(`/data/${path}`);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        await handleBytes(new Uint8Array(await response.arrayBuffer()), path.split('/').pop());
      } catch (e) {
        $('error').textContent = `${path}: ${describeError(e)}`;
      }
    });
    buttons.push(b);
  });
  $('samples').replaceChildren(...buttons);
  $('samples-box').hidden = buttons.length === 0;
}

const ready = image.init({ backend: backendParam });
try {
  const backends = await ready;
  $('backend-png').textContent = backends.png;
  $('backend-jpeg').textContent = backends.jpeg;
} catch (e) {
  $('backend-png').textContent = 'failed';
  $('backend-jpeg').textContent = 'failed';
  $('error').textContent = describeError(e);
}
offerSamples();
