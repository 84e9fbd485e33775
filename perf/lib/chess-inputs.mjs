// SPDX-License-Identifier: MIT
// chess-inputs.mjs: perft positions from ../shared/data/chess/perft.epd (Node).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from './inputs-node.mjs';
import { perftInputs } from './perft-epd.mjs';

export { parsePerftEpd } from './perft-epd.mjs';

/** [{name, fen, depth, nodes}], or [] without the corpus. */
export function chessInputs(quick) {
  const dir = dataDir();
  if (!dir || !existsSync(join(dir, 'chess', 'perft.epd'))) return [];
  return perftInputs(readFileSync(join(dir, 'chess', 'perft.epd'), 'utf8'), quick);
}
