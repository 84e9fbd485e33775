// SPDX-License-Identifier: MIT
// wasm2js-i64.test.js: the i64 rewrites of polyfill/wasm2js-i64.mjs on small
// hand-written modules in binaryen's output format: where an inlined helper's
// high word may go to a local (wf$h) and where the module variable must still
// be written, and that the rewritten module computes what binaryen's did.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteI64 } from '../../polyfill/wasm2js-i64.mjs';

const H = 'i64toi32_i32$HIGH_BITS';

// binaryen's ctz helper as it prints it (lo, hi) -> low word, high word in H
const CTZ = ` function __wasm_ctz_i64(var$0, var$1) {
  var var$2 = 0, var$3 = 0;
  if (var$0 | var$1) {
   var$2 = var$1;
   var$3 = var$0;
   while (!(var$3 & 1)) {
    var$3 = var$3 >>> 1 | var$2 << 31;
    var$2 = var$2 >>> 1;
    if (!(var$3 | var$2)) break;
   }
   var$2 = 0;
   var$3 = 0;
   var$0 = var$0;
   var$1 = var$1;
   var$2 = 0;
   while (!((var$0 >>> var$2 | 0) & 1) && var$2 < 32) var$2 = var$2 + 1 | 0;
   if (var$2 < 32) {
    ${H} = 0;
    return var$2 | 0;
   }
   var$2 = 0;
   while (!((var$1 >>> var$2 | 0) & 1)) var$2 = var$2 + 1 | 0;
   ${H} = 0;
   return var$2 + 32 | 0;
  }
  ${H} = 0;
  return 64;
 }
`;

function module(functions, exports) {
  return `function instantiate(info) {
 var Math_clz32 = Math.clz32;
 var Math_imul = Math.imul;
 var ${H} = 0;
${functions}
${CTZ}
 return { ${exports} };
}
`;
}

const body = (text, name) => {
  const start = text.indexOf(`function ${name}(`);
  return text.slice(start, text.indexOf('\n }\n', start));
};

it('a read right after an inlined helper takes the local, and the variable is not written', () => {
  // f returns the trailing-zero count plus 10 times its (zero) high word
  const f = ` function $f($0, $1) {
  var $2 = 0, $3 = 0;
  $2 = __wasm_ctz_i64($0, $1);
  $3 = ${H};
  return $2 + Math_imul($3, 10) | 0;
 }
`;
  const out = rewriteI64(module(f, '"f": $f'), 'test');
  const fn = body(out, '$f');
  assert.match(fn, /\$3 = wf\$h;/);
  assert.doesNotMatch(fn, /HIGH_BITS\[0\] =/);
  const ex = new Function(`${out}\nreturn instantiate({});`)();
  assert.equal(ex.f(8, 0), 3);
  assert.equal(ex.f(0, 4), 34);
});

it('a read after a join keeps the variable written', () => {
  // the read after "}" may come from the call in the branch or from the inline form
  const f = ` function $g($0, $1, $2) {
  var $3 = 0, $4 = 0;
  $3 = __wasm_ctz_i64($0, $1);
  if ($2) {
   $3 = $h($0);
  }
  $4 = ${H};
  return $3 + $4 | 0;
 }
 function $h($0) {
  ${H} = 100;
  return $0 | 0;
 }
`;
  const out = rewriteI64(module(f, '"g": $g'), 'test');
  const fn = body(out, '$g');
  assert.match(fn, /HIGH_BITS\[0\] = wf\$h = 0/);
  assert.match(fn, /\$4 = i64toi32_i32\$HIGH_BITS\[0\];/);
  const ex = new Function(`${out}\nreturn instantiate({});`)();
  assert.equal(ex.g(8, 0, 0), 3);
  assert.equal(ex.g(8, 0, 1), 108);
});

it('a function whose caller may read its high word keeps writing the variable', () => {
  // $k returns an i64 whose high word the inline form sets, with no write before its return
  const f = ` function $k($0, $1) {
  return __wasm_ctz_i64($0, $1) | 0;
 }
 function $m($0, $1) {
  var $2 = 0;
  $2 = $k($0, $1);
  return $2 + ${H} | 0;
 }
`;
  const out = rewriteI64(module(f, '"m": $m'), 'test');
  assert.match(body(out, '$k'), /HIGH_BITS\[0\] = wf\$h = 0/);
  const ex = new Function(`${out}\nreturn instantiate({});`)();
  assert.equal(ex.m(0, 2), 33);
});

it('a read in the arguments of the next inlined helper is bound to the previous one', () => {
  const f = ` function $n($0, $1) {
  var $2 = 0;
  $2 = __wasm_ctz_i64($0, $1);
  return __wasm_ctz_i64($2, ${H}) | 0;
 }
`;
  const out = rewriteI64(module(f, '"n": $n'), 'test');
  const fn = body(out, '$n');
  assert.match(fn, /wf\$b = wf\$h/);
  const ex = new Function(`${out}\nreturn instantiate({});`)();
  assert.equal(ex.n(0x100, 0), 3);
});
