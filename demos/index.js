// Lists the demos that exist in this build.
const demos = [
  ['deflate/', 'DEFLATE', 'compress and decompress a file with gzip, zlib or raw DEFLATE'],
  ['chess/', 'Chess', 'play the engine'],
  ['image/', 'Image lab', 'compress photos before upload: resize and re-encode a batch in Workers, compare with the browser'],
  ['bench/', 'Benchmarks', 'run the perf harness in your browser'],
];
const list = document.getElementById('list');
for (const [path, name, what] of demos) {
  const found = await fetch(`./${path}index.html`, { method: 'HEAD' }).then((r) => r.ok, () => false);
  if (!found) continue;
  const li = document.createElement('li');
  li.innerHTML = `<a href="./${path}"></a> — <span></span>`;
  li.querySelector('a').textContent = name;
  li.querySelector('span').textContent = what;
  list.append(li);
}
