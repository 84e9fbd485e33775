// SPDX-License-Identifier: MIT
// pgn.js: reading and writing PGN (the export format of the PGN standard:
// seven-tag roster, SetUp/FEN for other start positions, SAN movetext,
// lines of at most 80 characters). Moves are checked by the caller.

/** Parses one game: { headers: {Tag: value}, sans: [...], result }. Comments, variations and NAGs are skipped. */
export function parsePgn(text) {
  const headers = {};
  let body = String(text).replace(/\r\n?/g, '\n');
  body = body.replace(/^\s*\[(\w+)\s+"((?:[^"\\]|\\.)*)"\s*\]\s*$/gm, (_, tag, value) => {
    headers[tag] = value.replace(/\\(["\\])/g, '$1');
    return '';
  });
  body = body.replace(/\{[^}]*\}/g, ' ').replace(/;[^\n]*/g, ' ').replace(/^%[^\n]*/gm, ' ');
  // variations nest: remove innermost first
  for (let prev = ''; prev !== body;) {
    prev = body;
    body = body.replace(/\([^()]*\)/g, ' ');
  }
  if (/[()]/.test(body)) throw new Error('unbalanced parentheses in the movetext');
  const sans = [];
  let result = headers.Result || '*';
  for (let tok of body.split(/\s+/)) {
    if (!tok) continue;
    if (/^(1-0|0-1|1\/2-1\/2|\*)$/.test(tok)) {
      result = tok;
      continue;
    }
    if (/^\$\d+$/.test(tok)) continue;
    tok = tok.replace(/^\d+\.(\.\.)?/, '').replace(/[!?]+$/, '');
    if (!tok || /^\d+\.+$/.test(tok)) continue;
    sans.push(tok.replace(/^0-0-0/, 'O-O-O').replace(/^0-0/, 'O-O'));
  }
  return { headers, sans, result };
}

const ROSTER = ['Event', 'Site', 'Date', 'Round', 'White', 'Black', 'Result'];

/** Writes a game: headers (the roster first), movetext from sans, wrapped at 80 columns. */
export function writePgn({ headers, sans, startFen, result }) {
  const [, turn, , , , full] = startFen.split(' ');
  const h = { ...headers, Result: result };
  const lines = [];
  const quote = (v) => `"${String(v).replace(/[\\"]/g, '\\$&')}"`;
  for (const tag of ROSTER) lines.push(`[${tag} ${quote(h[tag] ?? '?')}]`);
  for (const [tag, v] of Object.entries(h)) if (!ROSTER.includes(tag)) lines.push(`[${tag} ${quote(v)}]`);
  lines.push('');
  const words = [];
  let number = Number(full) || 1;
  sans.forEach((san, i) => {
    const white = (turn === 'w') === (i % 2 === 0);
    if (white) words.push(`${number}.`);
    else if (i === 0) words.push(`${number}...`);
    words.push(san);
    if (!white) number++;
  });
  words.push(result);
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > 80) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  lines.push(line);
  return `${lines.join('\n')}\n`;
}
