// SPDX-License-Identifier: MIT
// pieces.js: the chess pieces of the demo, drawn for this project as simple
// SVG shapes (viewBox 0 0 100 100); MIT like the rest of the repository.
// pieceSvg('N') is a white knight, pieceSvg('n') a black one.

const SHAPES = {
  p: `<path class="b" d="M37 82 C37 66 42 56 45 47 H55 C58 56 63 66 63 82 Z"/>
      <rect class="b" x="37" y="41" width="26" height="7" rx="3.5"/>
      <circle class="b" cx="50" cy="29" r="12"/>`,
  r: `<path class="b" d="M31 82 L34 44 H66 L69 82 Z"/>
      <path class="b" d="M27 44 V18 H36 V26 H45 V18 H55 V26 H64 V18 H73 V44 Z"/>
      <path class="d" d="M34 52 H66"/>`,
  n: `<path class="b" d="M30 82 C30 66 36 58 45 51 C39 53 33 57 27 55 C20 52 21 44 27 39 L43 25 C45 19 49 15 54 15 L56 21 C69 25 76 40 73 60 L71 82 Z"/>
      <circle class="e" cx="47" cy="31" r="2.6"/>
      <path class="d" d="M57 24 C64 32 66 44 64 58"/>`,
  b: `<circle class="b" cx="50" cy="13" r="5.5"/>
      <path class="b" d="M50 19 C63 29 68 43 61 55 H39 C32 43 37 29 50 19 Z"/>
      <rect class="b" x="37" y="55" width="26" height="7" rx="3.5"/>
      <path class="b" d="M40 62 L35 82 H65 L60 62 Z"/>
      <path class="d" d="M51 30 L57 40"/>`,
  q: `<path class="b" d="M27 82 L19 37 L35 57 L36 28 L45 54 L50 22 L55 54 L64 28 L65 57 L81 37 L73 82 Z"/>
      <circle class="b" cx="19" cy="33" r="5"/><circle class="b" cx="36" cy="24" r="5"/>
      <circle class="b" cx="50" cy="18" r="5"/><circle class="b" cx="64" cy="24" r="5"/>
      <circle class="b" cx="81" cy="33" r="5"/>
      <path class="d" d="M29 70 H71"/>`,
  k: `<path class="b" d="M29 82 C24 64 21 52 29 45 C37 38 46 43 50 52 C54 43 63 38 71 45 C79 52 76 64 71 82 Z"/>
      <path class="x" d="M50 10 V40 M40 21 H60"/>
      <path class="d" d="M31 70 H69"/>`,
};

const BASE = '<rect class="b" x="21" y="81" width="58" height="10" rx="3"/>';

/** An SVG string for a piece letter (FEN case: upper is White). */
export function pieceSvg(letter) {
  const white = letter === letter.toUpperCase();
  const shape = SHAPES[letter.toLowerCase()];
  return `<svg class="piece-svg ${white ? 'pw' : 'pb'}" viewBox="0 0 100 100" aria-hidden="true">${shape}${BASE}</svg>`;
}
