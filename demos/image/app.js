// SPDX-License-Identifier: MIT
// The image lab: compress images before upload. Every image goes through
// wasmforge/image's process() (decode, orient, resize, encode) in a pool of
// Workers; the same settings are also run through the browser's own path
// (createImageBitmap + canvas drawImage + toBlob) for a time comparison.
// Shows each original and result side by side with a split slider and zoom,
// and downloads one result or all of them as a zip made with wasmforge/deflate.
// ?backend=wasm2js (or wasm, wasm-simd) forces a backend; so does the switch.
import { createImagePool } from '../../web/image.js';
import { wireDropZone } from '../drop-zone.js';
import { makeZip } from './zip.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

// Samples offered when the shared corpora are mounted at /data/ (npm start does that).
const SAMPLES = [
  ['photos/kodim23.q85.jpg', 'Parrots · JPEG'],
  ['photos/kodim05.q85.jpg', 'Motorbikes · JPEG'],
  ['photos/kodim01.q85.jpg', 'Door · JPEG'],
  ['photos/kodim23.png', 'Parrots · PNG'],
  ['photos/flower_foveon.q85.jpg', 'Flower · large JPEG'],
];
const FITS = [['inside', 'inside (keep aspect, fit the box)'], ['cover', 'cover (fill the box, crop)'],
  ['contain', 'contain (letterbox)'], ['fill', 'fill (stretch)']];
const FILTERS = [['lanczos3', 'Lanczos 3'], ['mks2021', 'Magic Kernel Sharp 2021'], ['mitchell', 'Mitchell'],
  ['catmull-rom', 'Catmull-Rom'], ['triangle', 'triangle (bilinear)'], ['box', 'box']];

const items = []; // { id, name, bytes, blob, original: {width, height}, result, resultBlob, browser, row }
let pool = null;
let generation = null; // the AbortController of the current run
let selected = null;
let serial = 0;

const formatBytes = (n) => (n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(2)} MiB`);
const ms = (t) => (t < 10 ? `${t.toFixed(1)} ms` : `${Math.round(t)} ms`);
const describeError = (e) => `${(e && (e.code || e.name)) || 'Error'}: ${(e && e.message) || e}`;
const extension = (type) => (type === 'image/png' ? 'png' : 'jpg');

function fillSelect(select, entries, value) {
  select.replaceChildren(...entries.map(([v, label]) => new Option(label, v, v === value, v === value)));
}
fillSelect($('fit'), FITS, 'inside');
fillSelect($('filter'), FILTERS, 'lanczos3');

function settings() {
  const type = $('format').value;
  const width = Number($('max-width').value) || undefined;
  const height = Number($('max-height').value) || undefined;
  const output = type === 'image/jpeg' ? { type, quality: Number($('quality').value) } : { type };
  return {
    autoOrient: $('auto-orient').checked,
    keepMetadata: $('keep-meta').checked,
    // max width/height: an image that fits already keeps its size
    resize: width || height ? { width, height, fit: $('fit').value, filter: $('filter').value, enlarge: false } : undefined,
    output,
  };
}

// ---------------------------------------------------------------- the pool

async function startPool(backend) {
  if (pool) pool.terminate();
  $('backend').textContent = 'loading…';
  pool = createImagePool(backend && backend !== 'auto' ? { backend } : {});
  try {
    const info = await pool.ready();
    const names = new Set(Object.values(info.backends));
    $('backend').textContent = [...names].join(' / ');
    $('pool-size').textContent = String(pool.size);
  } catch (e) {
    $('backend').textContent = 'failed';
    $('error').textContent = describeError(e);
  }
}

// ---------------------------------------------------------------- the browser's own path

// Draws a bitmap scaled to width x height on a canvas (sized to it) and closes the bitmap.
function drawScaled(canvas, bitmap, width, height) {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
}

async function browserPath(item, result, options) {
  const t0 = performance.now();
  const bitmap = await createImageBitmap(item.blob, { imageOrientation: options.autoOrient ? 'from-image' : 'none' });
  const canvas = document.createElement('canvas');
  drawScaled(canvas, bitmap, result.width, result.height);
  const quality = options.output.quality !== undefined ? options.output.quality / 100 : undefined;
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, options.output.type, quality));
  return { ms: performance.now() - t0, size: blob ? blob.size : 0 };
}

// ---------------------------------------------------------------- running a batch

function setProgress(done, total, note = '') {
  $('progress').max = Math.max(1, total);
  $('progress').value = done;
  $('progress-text').textContent = total ? `${done} / ${total} done${note}` : 'no images yet';
  $('batch').dataset.done = String(done);
  $('batch').dataset.total = String(total);
}

async function runAll() {
  if (generation) generation.abort();
  if (!items.length || !pool) return;
  const controller = new AbortController();
  generation = controller;
  const options = settings();
  const t0 = performance.now();
  let done = 0;
  $('batch').dataset.state = 'running';
  setProgress(0, items.length, ' · working…');
  $('download-all').disabled = true;
  $('error').textContent = '';
  const jobs = items.map((item) => {
    item.row.classList.add('busy');
    // a copy goes to the Worker (transferred): the original stays here for the next run
    return pool.process(item.bytes.slice(), { ...options, signal: controller.signal }).then(async (result) => {
      if (controller.signal.aborted) {
        pool.release(result);
        return;
      }
      if (item.result) pool.release(item.result); // its buffer serves a later job
      item.result = result;
      item.resultBlob = new Blob([result.data], { type: result.type });
      item.error = null;
      item.browser = null;
      done++;
      setProgress(done, items.length, done === items.length ? ` · ${ms(performance.now() - t0)} in all` : ' · working…');
      showRow(item);
      if (selected === item || !selected) select(item);
    }, (e) => {
      if (controller.signal.aborted || (e && (e.code === 'ABORTED' || e.code === 'TERMINATED'))) return; // a newer run took over
      item.error = e;
      item.result = null;
      done++;
      setProgress(done, items.length);
      showRow(item);
    });
  });
  await Promise.all(jobs);
  if (controller.signal.aborted) return;
  showTotals();
  $('download-all').disabled = !items.some((i) => i.result);
  if ($('compare-browser').checked) {
    // the browser's path runs on this thread, one image after another
    for (const item of items) {
      if (controller.signal.aborted) return;
      if (!item.result) continue;
      try {
        item.browser = await browserPath(item, item.result, options);
      } catch (e) {
        item.browser = { error: describeError(e) };
      }
      showRow(item);
    }
    showTotals();
  }
  $('batch').dataset.state = 'done';
}

function showTotals() {
  const ok = items.filter((i) => i.result);
  const before = ok.reduce((n, i) => n + i.bytes.length, 0);
  const after = ok.reduce((n, i) => n + i.result.data.length, 0);
  const ours = ok.reduce((n, i) => n + i.result.stats.totalMs, 0);
  const theirs = ok.filter((i) => i.browser && i.browser.ms !== undefined);
  const browserMs = theirs.reduce((n, i) => n + i.browser.ms, 0);
  let text = `${ok.length} image${ok.length === 1 ? '' : 's'} · ${formatBytes(before)} → ${formatBytes(after)}`;
  if (before) {
    const saved = 100 - (100 * after) / before;
    text += saved >= 0 ? ` (−${saved.toFixed(0)} %)` : ` (+${(-saved).toFixed(0)} %, larger)`;
  }
  text += ` · wasmforge ${ms(ours)}`;
  if (theirs.length === ok.length && ok.length) text += ` · browser ${ms(browserMs)}`;
  $('totals').textContent = text;
}

// ---------------------------------------------------------------- the table

function cell(text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function showRow(item) {
  const tr = item.row;
  tr.classList.remove('busy');
  const r = item.result;
  const o = r ? `${r.stats.inputWidth}×${r.stats.inputHeight}` : '';
  const cells = [cell(item.name, 'name'), cell(`${formatBytes(item.bytes.length)}${o ? ` · ${o}` : ''}`, 'num')];
  if (item.error) {
    const td = cell(describeError(item.error), 'error');
    td.colSpan = 5;
    cells.push(td);
    tr.dataset.error = item.error.code || 'Error';
  } else if (r) {
    const saved = 100 - (100 * r.data.length) / item.bytes.length;
    cells.push(cell(`${formatBytes(r.data.length)} · ${r.width}×${r.height}`, 'num'));
    cells.push(cell(`${saved.toFixed(0)} %`, `num${saved < 0 ? ' worse' : ''}`));
    cells.push(cell(ms(r.stats.totalMs), 'num'));
    const b = item.browser;
    cells.push(cell(!b ? '…' : b.error ? 'failed' : `${ms(b.ms)} · ${formatBytes(b.size)}`, 'num browser'));
    const actions = document.createElement('td');
    actions.className = 'actions';
    const view = document.createElement('button');
    view.className = 'small';
    view.textContent = 'view';
    view.addEventListener('click', () => select(item));
    const link = document.createElement('a');
    link.className = 'download-one';
    link.textContent = 'download';
    link.download = outputName(item);
    if (item.urlBlob !== item.resultBlob) {
      // one object URL per result (the compare pane's link shares it)
      if (item.url) URL.revokeObjectURL(item.url);
      item.url = URL.createObjectURL(item.resultBlob);
      item.urlBlob = item.resultBlob;
    }
    link.href = item.url;
    actions.append(view, ' ', link);
    cells.push(actions);
    Object.assign(tr.dataset, { size: String(r.data.length), width: String(r.width), height: String(r.height), type: r.type,
      ms: r.stats.totalMs.toFixed(2), browserMs: b && b.ms !== undefined ? b.ms.toFixed(2) : '' });
    delete tr.dataset.error;
  } else {
    cells.push(cell('…', 'num'));
  }
  tr.replaceChildren(...cells);
  tr.classList.toggle('shown', selected === item);
}

function outputName(item) {
  return `${item.name.replace(/\.[^.]*$/, '') || 'image'}.small.${extension(item.result.type)}`;
}

// ---------------------------------------------------------------- compare (split slider, zoom)

async function select(item) {
  if (!item.result) return;
  selected = item;
  for (const other of items) other.row.classList.toggle('shown', other === item);
  const r = item.result;
  const options = settings();
  const [a, b] = await Promise.all([
    createImageBitmap(item.blob, { imageOrientation: options.autoOrient ? 'from-image' : 'none' }),
    createImageBitmap(item.resultBlob),
  ]);
  if (selected !== item) return;
  drawScaled($('canvas-a'), a, r.width, r.height);
  drawScaled($('canvas-b'), b, r.width, r.height);
  $('compare-name').textContent = item.name;
  $('caption-a').textContent = `${r.stats.inputWidth}×${r.stats.inputHeight} · ${formatBytes(item.bytes.length)}`;
  $('caption-b').textContent = `${r.width}×${r.height} · ${formatBytes(r.data.length)}`;
  const link = $('download');
  link.href = item.url;
  link.download = outputName(item);
  link.textContent = `Download ${link.download} (${formatBytes(r.data.length)})`;
  $('compare').hidden = false;
  $('compare').dataset.item = String(item.id);
  applyView();
}

function applyView() {
  const split = Number($('split').value);
  $('canvas-b').style.clipPath = `inset(0 0 0 ${split}%)`;
  $('split-line').style.left = `${split}%`;
  const zoom = $('zoom').value;
  const inner = $('split-inner');
  inner.classList.toggle('fit', zoom === 'fit');
  inner.style.width = zoom === 'fit' ? '' : `${$('canvas-a').width * Number(zoom)}px`;
}
$('split').addEventListener('input', applyView);
$('zoom').addEventListener('change', applyView);
// drag on the image moves the split
$('split-inner').addEventListener('pointermove', (e) => {
  if (!(e.buttons & 1)) return;
  const box = $('split-inner').getBoundingClientRect();
  $('split').value = String(Math.round((100 * (e.clientX - box.left)) / box.width));
  applyView();
});

// ---------------------------------------------------------------- inputs

async function addFiles(files) {
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const item = { id: ++serial, name: f.name, bytes, blob: new Blob([bytes], { type: f.type }), result: null };
    item.row = document.createElement('tr');
    item.row.dataset.id = String(item.id);
    items.push(item);
    $('results').append(item.row);
    showRow(item);
  }
  $('batch').hidden = false;
  runAll();
}

wireDropZone($('drop'), $('file'), () => {}); // click/keys/drag styling; files are taken below (all of them)
$('file').addEventListener('change', () => {
  const files = [...$('file').files];
  $('file').value = '';
  if (files.length) addFiles(files);
});
$('drop').addEventListener('drop', (e) => {
  if (e.dataTransfer.files.length) addFiles([...e.dataTransfer.files]);
});

async function fetchSample(path) {
  const response = await fetch(`/data/${path}`);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new File([await response.arrayBuffer()], path.split('/').pop(), { type: path.endsWith('.png') ? 'image/png' : 'image/jpeg' });
}

async function offerSamples() {
  const exists = (path) => fetch(`/data/${path}`, { method: 'HEAD' }).then((r) => r.ok, () => false);
  if (!(await exists('photos/README.md'))) return;
  const found = await Promise.all(SAMPLES.map(([path]) => exists(path)));
  const available = SAMPLES.filter((_, i) => found[i]);
  const buttons = available.map(([path, label]) => {
    const b = document.createElement('button');
    b.className = 'sample';
    b.dataset.path = path;
    b.textContent = label;
    b.addEventListener('click', async () => {
      try {
        await addFiles([await fetchSample(path)]);
      } catch (e) {
        $('error').textContent = `${path}: ${describeError(e)}`;
      }
    });
    return b;
  });
  if (available.length >= 3) {
    const all = document.createElement('button');
    all.className = 'sample batch';
    all.id = 'sample-batch';
    all.textContent = `Batch of ${Math.min(3, available.length)}`;
    all.addEventListener('click', async () => {
      try {
        await addFiles(await Promise.all(available.slice(0, 3).map(([path]) => fetchSample(path))));
      } catch (e) {
        $('error').textContent = describeError(e);
      }
    });
    buttons.push(all);
  }
  $('samples').replaceChildren(...buttons);
  $('samples-box').hidden = buttons.length === 0;
}

// ---------------------------------------------------------------- controls

let timer = 0;
function changed() {
  $('quality-value').textContent = $('quality').value;
  $('quality-box').hidden = $('format').value !== 'image/jpeg';
  clearTimeout(timer);
  timer = setTimeout(runAll, 250); // debounced live preview
}
for (const id of ['max-width', 'max-height', 'quality']) $(id).addEventListener('input', changed);
for (const id of ['fit', 'filter', 'format', 'auto-orient', 'keep-meta']) $(id).addEventListener('change', changed);

$('download-all').addEventListener('click', async () => {
  const files = items.filter((i) => i.result).map((i) => ({ name: outputName(i), data: i.result.data }));
  const zip = await makeZip(files);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(zip);
  a.download = 'wasmforge-images.zip';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
});

$('backend-select').addEventListener('change', async () => {
  const backend = $('backend-select').value;
  const url = new URL(location.href);
  if (backend === 'auto') url.searchParams.delete('backend');
  else url.searchParams.set('backend', backend);
  history.replaceState(null, '', url);
  if (generation) generation.abort();
  await startPool(backend);
  runAll();
});

const initial = params.get('backend') || 'auto';
$('backend-select').value = initial;
setProgress(0, 0);
await startPool(initial);
offerSamples();
