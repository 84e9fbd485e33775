// SPDX-License-Identifier: MIT
// constants.test.js: the numbers web/constants.js copies from the C headers
// are the headers' values, and wf/status.h is what scripts/gen-status.mjs
// makes of the cores' status.def lists (so neither side can drift).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support.js';
import { STATUS, PNG, JPEG, CHESS } from '../../web/constants.js';
import { renderStatusHeader, readStatusDefs, HEADER_PATH } from '../../scripts/gen-status.mjs';

const INCLUDE = join(REPO_ROOT, 'core/include/wf');

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ');
}

function literal(text, known) {
  const t = text.trim().replace(/^\((.*)\)$/, '$1').trim();
  let m = /^(0x[0-9a-fA-F]+|\d+)[uUlL]*$/.exec(t);
  if (m) return Number(m[1]);
  m = /^(0x[0-9a-fA-F]+|\d+)[uU]?\s*<<\s*(\d+)$/.exec(t);
  if (m) return Number(m[1]) * 2 ** Number(m[2]);
  if (known.has(t)) return known.get(t);
  return undefined;
}

/** Every integer constant of the public headers: enum members (implicit
 * values counted) and object-like #defines of a number. */
function headerConstants() {
  const values = new Map();
  for (const file of readdirSync(INCLUDE).filter((n) => n.endsWith('.h')).sort()) {
    const text = stripComments(readFileSync(join(INCLUDE, file), 'utf8'));
    for (const m of text.matchAll(/^\s*#define\s+(WF_\w+)\s+(.+?)\s*$/gm)) {
      const v = literal(m[2], values);
      if (v !== undefined) values.set(m[1], v);
    }
    for (const m of text.matchAll(/\benum\b[^{;]*\{([^}]*)\}/g)) {
      let next = 0;
      for (const item of m[1].split(',').map((s) => s.trim()).filter(Boolean)) {
        const [name, expr] = item.split('=').map((s) => s.trim());
        const v = expr === undefined ? next : literal(expr, values);
        assert.ok(Number.isInteger(v), `${file}: cannot read the value of ${item}`);
        values.set(name, v);
        next = v + 1;
      }
    }
  }
  return values;
}

it('wf/status.h is generated from the status.def lists (node scripts/gen-status.mjs)', () => {
  assert.equal(readFileSync(join(REPO_ROOT, HEADER_PATH), 'utf8'), renderStatusHeader(REPO_ROOT));
});

it('wf/status.h includes nothing from the cores', () => {
  const text = readFileSync(join(REPO_ROOT, HEADER_PATH), 'utf8');
  assert.deepEqual(text.match(/^\s*#\s*include.*$/gm), null);
});

it('every status symbol is WF_ (WF_ERR_ for the common ones) and its code string', () => {
  for (const s of readStatusDefs(REPO_ROOT)) {
    const want = s.list === 'common' && s.code !== 'OK' ? `WF_ERR_${s.code}` : `WF_${s.code}`;
    assert.equal(s.symbol, want, `core/${s.list}/status.def`);
  }
});

it('STATUS holds the numbers of wf/status.h for those codes', () => {
  const c = headerConstants();
  const byCode = new Map(readStatusDefs(REPO_ROOT).map((s) => [s.code, s]));
  for (const [code, value] of Object.entries(STATUS)) {
    const def = byCode.get(code);
    assert.ok(def, `STATUS.${code}: no status.def defines the code ${code}`);
    assert.equal(c.get(def.symbol), def.number, `${def.symbol} in wf/status.h`);
    assert.equal(value, def.number, `STATUS.${code}`);
  }
});

it('PNG, JPEG and CHESS hold the values of the C headers (key K of G is WF_<G>_<K>)', () => {
  const c = headerConstants();
  let checked = 0;
  for (const [group, table] of Object.entries({ PNG, JPEG, CHESS })) {
    for (const [key, value] of Object.entries(table)) {
      const name = `WF_${group}_${key}`;
      assert.ok(c.has(name), `${group}.${key}: no constant ${name} in core/include/wf/*.h`);
      assert.equal(value, c.get(name), `${group}.${key} vs ${name}`);
      checked++;
    }
  }
  assert.ok(checked > 50);
});
