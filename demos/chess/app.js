// SPDX-License-Identifier: MIT
// The chess demo: an analysis board. Two engines run in their own module
// Workers (createEngine): one plays (at a chosen strength), one analyses
// (MultiPV, live). The rules (legal moves, SAN, game end) come from the
// synchronous helpers of wasmforge/chess on this thread.
// ?backend=wasm2js (or wasm, wasm-simd) forces a backend at start.
import * as chess from '../../web/chess.js';
import { Board } from './board.js';
import { pieceSvg } from './pieces.js';
import { parsePgn, writePgn } from './pgn.js';

const $ = (id) => document.getElementById(id);
const backendParam = new URLSearchParams(location.search).get('backend') || undefined;
const BACKEND_NAMES = { 'wasm-simd': 'Wasm+SIMD', wasm: 'Wasm', wasm2js: 'wasm2js' };
const END_TEXT = {
  checkmate: 'checkmate',
  stalemate: 'stalemate',
  'fifty-move': 'the fifty-move rule',
  'threefold-repetition': 'threefold repetition',
  'insufficient-material': 'insufficient material',
};
const FILES = 'abcdefgh';

// ---------------------------------------------------------------- state

// The game: a start position and the moves played from it; `ply` is the position shown.
const game = { startFen: chess.START_FEN, moves: [], sans: [], headers: {} };
let ply = 0;
let mode = 'play';
let side = 'w'; // the human's colour when playing
let view = null; // the shown position: { fen, turn, pieces, state, check, legal }
let pendingPromotion = null;

let player = null; // the engine that plays
let analyser = null; // the engine that analyses
let generation = 0; // bumped whenever the game or the position shown changes
let thinking = null; // { generation } while the player engine searches
let analysisKey = null; // the position the analyser works on
let lastInfo = null; // the analyser's latest depth, for the position shown
let infoFrame = 0;
const speeds = {}; // backend -> best N/s seen while analysing
let strengthDirty = true;

const board = new Board($('board'), {
  targets: (from) => (humanCanMove() ? view.legal.filter((m) => m.startsWith(from)).map((m) => m.slice(2, 4)) : []),
  move: (from, to) => userMove(from, to),
  changed: () => {},
});

function parsePieces(fen) {
  const pieces = new Map();
  fen.split(' ')[0].split('/').forEach((row, i) => {
    let file = 0;
    for (const ch of row) {
      if (ch >= '1' && ch <= '8') file += Number(ch);
      else pieces.set(`${FILES[file++]}${8 - i}`, ch);
    }
  });
  return pieces;
}

const position = (n = ply) => ({ fen: game.startFen, moves: game.moves.slice(0, n) });
const atEnd = () => ply === game.moves.length;

function humanCanMove() {
  if (!view || view.state !== 'ongoing' || pendingPromotion) return false;
  if (mode === 'analyse') return true;
  return view.turn === side && atEnd() && !!player;
}

function refresh() {
  if (!chess.backend()) return; // the rules are not loaded yet
  const st = chess.gameState(game.startFen, game.moves.slice(0, ply));
  const turn = st.fen.split(' ')[1];
  const pieces = parsePieces(st.fen);
  let checkSq = null;
  if (st.check) for (const [sq, p] of pieces) if (p === (turn === 'w' ? 'K' : 'k')) checkSq = sq;
  view = { fen: st.fen, turn, pieces, state: st.state, check: checkSq, legal: st.state === 'ongoing' ? chess.legalMoves(st.fen) : [] };
  board.orientation = $('board').dataset.orientation || (mode === 'play' ? side : 'w');
  board.render({ pieces, lastMove: ply ? game.moves[ply - 1] : '', check: checkSq, waiting: !humanCanMove() });
  $('evalbar').classList.toggle('flipped', board.orientation === 'b');
  $('fen').value = view.fen;
  renderMoves();
  renderStatus();
  maybeEngineMove();
  updateAnalysis();
}

// ---------------------------------------------------------------- moves

function userMove(from, to) {
  const moves = view.legal.filter((m) => m.startsWith(from + to));
  if (moves.length > 1) askPromotion(moves);
  else if (moves.length === 1) play(moves[0]);
}

function askPromotion(moves) {
  pendingPromotion = moves;
  const white = view.turn === 'w';
  $('promotion-pieces').replaceChildren(...'qrbn'.split('').map((p) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'promo';
    b.dataset.piece = p;
    b.innerHTML = pieceSvg(white ? p.toUpperCase() : p);
    b.setAttribute('aria-label', `promote to ${{ q: 'queen', r: 'rook', b: 'bishop', n: 'knight' }[p]}`);
    b.addEventListener('click', () => {
      closePromotion();
      play(moves.find((m) => m[4] === p));
    });
    return b;
  }));
  $('promotion').hidden = false;
  $('promotion-pieces').firstChild.focus();
  refresh();
}

function closePromotion() {
  pendingPromotion = null;
  $('promotion').hidden = true;
}

/** Plays a legal move on the shown position: the game continues from there (later moves are dropped unless it is the same move). */
function play(move) {
  if (!atEnd() && game.moves[ply] === move) {
    ply++;
  } else {
    const san = chess.toSan(view.fen, move);
    game.moves.length = ply;
    game.sans.length = ply;
    game.moves.push(move);
    game.sans.push(san);
    ply = game.moves.length;
  }
  changed();
}

// The game or the shown position changed: a running engine move is stale.
function changed() {
  generation++;
  if (thinking && player) player.stop();
  thinking = null;
  if (chess.backend()) refresh();
}

function goTo(n) {
  n = Math.max(0, Math.min(game.moves.length, n));
  if (n === ply) return;
  closePromotion();
  ply = n;
  changed();
}

// ---------------------------------------------------------------- move list and status

function renderMoves() {
  const [, startTurn, , , , fullmove] = game.startFen.split(' ');
  let number = Number(fullmove) || 1;
  const rows = [];
  let row = null;
  game.sans.forEach((san, i) => {
    const white = (startTurn === 'w') === (i % 2 === 0);
    if (white || !row) {
      row = document.createElement('div');
      row.className = 'row';
      row.append(Object.assign(document.createElement('span'), { className: 'num', textContent: `${number}.` }));
      if (!white) row.append(Object.assign(document.createElement('span'), { className: 'empty', textContent: '…' }));
      rows.push(row);
    }
    const b = document.createElement('button');
    b.type = 'button';
    b.tabIndex = -1;
    b.className = i === ply - 1 ? 'san current' : 'san';
    b.textContent = san;
    b.dataset.ply = String(i + 1);
    b.addEventListener('click', () => goTo(i + 1));
    row.append(b);
    if (!white) number++;
  });
  const result = gameResult();
  if (result !== '*') {
    rows.push(Object.assign(document.createElement('div'), { className: 'result', textContent: result.replace('1/2-1/2', '½–½').replace('-', '–') }));
  }
  const list = $('moves');
  list.replaceChildren(...rows);
  const current = list.querySelector('.current');
  if (current) {
    const top = current.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - 24) list.scrollTop = top - list.clientHeight / 2;
  } else if (ply === 0) {
    list.scrollTop = 0;
  }
  $('nav-start').disabled = $('nav-back').disabled = ply === 0;
  $('nav-end').disabled = $('nav-forward').disabled = atEnd();
  $('undo').disabled = game.moves.length === 0;
}

function gameResult() {
  const st = chess.gameState(game.startFen, game.moves);
  if (st.state === 'checkmate') return st.fen.split(' ')[1] === 'w' ? '0-1' : '1-0';
  return st.state === 'ongoing' ? '*' : '1/2-1/2';
}

function renderStatus() {
  const colour = (c) => (c === 'w' ? 'White' : 'Black');
  let text;
  if (!player) text = 'Loading the engine…';
  else if (view.state === 'checkmate') {
    const winner = colour(view.turn === 'w' ? 'b' : 'w');
    text = `Checkmate — ${winner} wins${mode === 'play' ? (view.turn === side ? '. The engine wins.' : '. You win!') : '.'}`;
  } else if (view.state !== 'ongoing') text = `Draw by ${END_TEXT[view.state]}.`;
  else if (mode === 'analyse') text = `${colour(view.turn)} to move${view.check ? ' — check' : ''}.`;
  else if (!atEnd()) text = `Looking at move ${ply} of ${game.moves.length} (${colour(view.turn)} to move); play a move to continue from here.`;
  else if (view.turn === side) text = `Your move (${colour(side)})${view.check ? ' — check!' : ''}`;
  else text = `The engine is thinking (${colour(view.turn)})…${view.check ? ' Check!' : ''}`;
  $('status').textContent = text;
  $('status').className = `status${view.state !== 'ongoing' ? ' over' : ''}`;
  $('move-now').disabled = !thinking;
}

// ---------------------------------------------------------------- the playing engine

async function applyStrength() {
  if (!strengthDirty || !player) return;
  strengthDirty = false;
  const names = new Set(player.options.map((o) => o.name));
  if (!names.has('Skill Level')) return;
  const kind = $('strength-kind').value;
  await player.setOption('UCI_LimitStrength', kind === 'elo');
  if (kind === 'elo') await player.setOption('UCI_Elo', clampInput($('strength-elo')));
  await player.setOption('Skill Level', kind === 'skill' ? clampInput($('strength-skill')) : 20);
}

function clampInput(input) {
  const v = Math.round(Number(input.value));
  const min = Number(input.min);
  const max = Number(input.max);
  const c = Math.min(max, Math.max(min, Number.isFinite(v) ? v : min));
  input.value = String(c);
  return c;
}

async function maybeEngineMove() {
  if (mode !== 'play' || !player || thinking || !atEnd() || view.state !== 'ongoing' || view.turn === side) return;
  const gen = generation;
  thinking = { generation: gen };
  renderStatus();
  try {
    await applyStrength();
    if (gen !== generation) return;
    const r = await player.analyse(position(), { movetime: Number($('movetime').value) });
    if (gen !== generation || !r.bestmove) return;
    thinking = null;
    play(r.bestmove);
  } catch (e) {
    if (e.code !== 'TERMINATED') showError(e);
  } finally {
    if (thinking && thinking.generation === gen) {
      thinking = null;
      renderStatus();
    }
  }
}

// ---------------------------------------------------------------- analysis

function analysisWanted() {
  return $('analysis-on').checked && !!analyser && view.state === 'ongoing';
}

function updateAnalysis() {
  $('analysis').classList.toggle('active', $('analysis-on').checked);
  const key = `${game.startFen}|${game.moves.slice(0, ply).join(' ')}|${$('multipv').value}`;
  if (!analysisWanted()) {
    if (analysisKey !== null && analyser) analyser.stop();
    analysisKey = null;
    if (view.state !== 'ongoing' || !$('analysis-on').checked) clearAnalysis(view.state === 'checkmate'
      ? { mate: 0, white: view.turn === 'b' } : view.state !== 'ongoing' ? { cp: 0 } : null);
    return;
  }
  if (key === analysisKey) return;
  analysisKey = key;
  clearAnalysis(null);
  const fen = view.fen;
  const engine = analyser;
  engine.analyse(position(), {
    infinite: true,
    multiPV: Number($('multipv').value),
    onInfo: (info) => {
      if (analysisKey !== key || engine !== analyser) return;
      lastInfo = { info, fen, key };
      if (info.depth >= 6) speeds[engine.backend] = Math.max(speeds[engine.backend] || 0, info.nps);
      if (!infoFrame) infoFrame = requestAnimationFrame(renderAnalysis);
    },
  }).catch((e) => {
    if (e.code !== 'TERMINATED') showError(e);
  });
}

function compact(n) {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

function scoreText(s) {
  if (s.mate !== undefined) return s.mate === 0 ? '#' : `${s.mate > 0 ? '+' : '-'}M${Math.abs(s.mate)}`;
  return `${s.cp > 0 ? '+' : s.cp < 0 ? '-' : ''}${(Math.abs(s.cp) / 100).toFixed(2)}`;
}

// White's share of the eval bar, 0..100.
function whiteShare(s) {
  if (s.mate !== undefined) return s.mate > 0 ? 100 : s.mate < 0 ? 0 : 50;
  return 50 + 50 * (2 / (1 + Math.exp(-s.cp / 250)) - 1);
}

function setEvalBar(whiteScore) {
  $('evalbar-white').style.height = `${whiteScore ? whiteShare(whiteScore) : 50}%`;
  $('evalbar-text').textContent = whiteScore ? scoreText(whiteScore) : '';
}

function clearAnalysis(final) {
  lastInfo = null;
  for (const id of ['info-depth', 'info-nodes', 'info-nps', 'info-hash']) $(id).textContent = '–';
  $('pv-lines').replaceChildren();
  if (final && final.mate === 0) setEvalBar({ mate: final.white ? 1 : -1 });
  else setEvalBar(final);
}

function renderAnalysis() {
  infoFrame = 0;
  if (!lastInfo || lastInfo.key !== analysisKey) return;
  const { info, fen } = lastInfo;
  $('info-depth').textContent = `${info.depth}/${info.seldepth}`;
  $('info-nodes').textContent = compact(info.nodes);
  $('info-nps').textContent = `${compact(info.nps)}N/s`;
  $('info-hash').textContent = `${(info.hashfull / 10).toFixed(1)}%`;
  setEvalBar(info.whiteScore);
  const [, turn, , , , full] = fen.split(' ');
  $('pv-lines').replaceChildren(...info.lines.map((line, li) => {
    const item = document.createElement('li');
    item.dataset.line = String(li + 1);
    item.append(Object.assign(document.createElement('span'), { className: 'score', textContent: scoreText(line.whiteScore) }));
    const movesEl = document.createElement('span');
    movesEl.className = 'moves-of-line';
    let number = Number(full);
    let white = turn === 'w';
    line.pvSan.slice(0, 14).forEach((san, i) => {
      if (white || i === 0) {
        movesEl.append(Object.assign(document.createElement('span'), { className: 'movenum', textContent: white ? `${number}.` : `${number}…` }));
      }
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'pvmove';
      b.textContent = san;
      b.addEventListener('click', () => playLine(line.pv.slice(0, i + 1), fen));
      movesEl.append(b);
      if (!white) number++;
      white = !white;
    });
    item.append(movesEl);
    return item;
  }));
  renderSpeeds();
}

// Plays the first moves of an engine line on the board (if the position is still the one it was for).
function playLine(moves, fen) {
  if (fen !== view.fen) return;
  for (const m of moves) {
    if (!view.legal.includes(m)) return;
    play(m);
  }
}

function renderSpeeds() {
  const parts = Object.entries(BACKEND_NAMES).filter(([b]) => speeds[b]).map(([b, name]) => `${name} ${compact(speeds[b])}N/s`);
  $('speeds').textContent = parts.join(' · ');
}

// ---------------------------------------------------------------- engines and backends

async function startEngines(backend) {
  const old = [player, analyser];
  player = analyser = null;
  analysisKey = null;
  thinking = null;
  await Promise.all(old.filter(Boolean).map((e) => e.terminate()));
  $('backend').textContent = 'loading…';
  const [p, a] = await Promise.all([chess.createEngine({ backend }), chess.createEngine({ backend })]);
  player = p;
  analyser = a;
  $('backend').textContent = p.backend;
  const elo = p.options.find((o) => o.name === 'UCI_Elo');
  if (elo) Object.assign($('strength-elo'), { min: elo.min, max: elo.max });
  $('strength-kind').disabled = !p.options.some((o) => o.name === 'Skill Level');
  strengthDirty = true;
  generation++;
  refresh();
}

async function switchBackend() {
  const select = $('backend-select');
  const wanted = select.value === 'auto' ? undefined : select.value;
  try {
    await startEngines(wanted);
    showError(null);
  } catch (e) {
    showError(e);
    select.value = 'auto';
    await startEngines(backendParam);
  }
}

// ---------------------------------------------------------------- controls

function showError(e) {
  $('error').textContent = e ? `${e.code || e.name}: ${e.message}` : '';
}

function newGame(fen = chess.START_FEN, moves = [], headers = {}) {
  closePromotion();
  game.startFen = fen;
  game.moves = [];
  game.sans = [];
  game.headers = headers;
  let f = fen;
  for (const m of moves) {
    game.sans.push(chess.toSan(f, m));
    game.moves.push(m);
    f = chess.applyMoves(f, [m]);
  }
  ply = game.moves.length;
  showError(null);
  if (player) player.newGame();
  changed();
}

function exportPgn() {
  const players = mode === 'play'
    ? { White: side === 'w' ? 'You' : 'wasmforge', Black: side === 'b' ? 'You' : 'wasmforge' }
    : { White: '?', Black: '?' };
  const now = new Date();
  const date = `${now.getFullYear()}.${String(now.getMonth() + 1).padStart(2, '0')}.${String(now.getDate()).padStart(2, '0')}`;
  const headers = { Event: 'wasmforge analysis board', Site: location.host || '?', Date: date, Round: '-', ...players, ...game.headers };
  if (game.startFen !== chess.START_FEN) Object.assign(headers, { SetUp: '1', FEN: game.startFen });
  $('pgn').value = writePgn({ headers, sans: game.sans, startFen: game.startFen, result: gameResult() });
}

function importPgn() {
  try {
    const { headers, sans } = parsePgn($('pgn').value);
    const start = headers.FEN ? chess.applyMoves(headers.FEN, []) : chess.START_FEN;
    const moves = [];
    let f = start;
    sans.forEach((san, i) => {
      let uci;
      try {
        uci = chess.fromSan(f, san);
      } catch {
        throw Object.assign(new Error(`move ${i + 1} "${san}" is not legal`), { code: 'PGN' });
      }
      moves.push(uci);
      f = chess.applyMoves(f, [uci]);
    });
    const keep = {};
    for (const [k, v] of Object.entries(headers)) if (!['Result', 'SetUp', 'FEN'].includes(k)) keep[k] = v;
    newGame(start, moves, keep);
  } catch (e) {
    showError(e.code ? e : Object.assign(e, { code: 'PGN' }));
  }
}

function setMode(m) {
  mode = m;
  document.body.classList.toggle('analyse-mode', mode === 'analyse');
  for (const el of document.querySelectorAll('.play-only')) el.hidden = mode !== 'play';
  delete $('board').dataset.orientation;
  if (mode === 'analyse') $('analysis-on').checked = true;
  changed();
}

function updateStrengthInputs() {
  const kind = $('strength-kind').value;
  $('strength-skill-label').hidden = kind !== 'skill';
  $('strength-elo-label').hidden = kind !== 'elo';
  strengthDirty = true;
}

for (const r of document.querySelectorAll('input[name=mode]')) r.addEventListener('change', () => r.checked && setMode(r.value));
$('side').addEventListener('change', () => {
  side = $('side').value;
  delete $('board').dataset.orientation;
  changed();
});
$('strength-kind').addEventListener('change', updateStrengthInputs);
$('strength-skill').addEventListener('change', () => { strengthDirty = true; });
$('strength-elo').addEventListener('change', () => { strengthDirty = true; });
$('new-game').addEventListener('click', () => newGame());
$('move-now').addEventListener('click', () => player && player.stop());
$('undo').addEventListener('click', () => {
  if (!game.moves.length) return;
  let n = game.moves.length - 1;
  // playing: take back to the human's turn
  if (mode === 'play' && n > 0 && chess.applyMoves(game.startFen, game.moves.slice(0, n)).split(' ')[1] !== side) n--;
  game.moves.length = n;
  game.sans.length = n;
  ply = n;
  closePromotion();
  changed();
});
$('flip').addEventListener('click', () => {
  $('board').dataset.orientation = board.orientation === 'w' ? 'b' : 'w';
  refresh();
});
$('nav-start').addEventListener('click', () => goTo(0));
$('nav-back').addEventListener('click', () => goTo(ply - 1));
$('nav-forward').addEventListener('click', () => goTo(ply + 1));
$('nav-end').addEventListener('click', () => goTo(game.moves.length));
$('analysis-on').addEventListener('change', () => refresh());
$('multipv').addEventListener('change', () => refresh());
$('backend-select').addEventListener('change', switchBackend);
$('set-fen').addEventListener('click', () => {
  try {
    newGame(chess.applyMoves($('fen').value.trim(), []));
  } catch (e) {
    showError(e);
  }
});
$('fen').addEventListener('keydown', (e) => { if (e.key === 'Enter') $('set-fen').click(); });
$('copy-fen').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(view.fen);
    $('copy-fen').textContent = 'Copied';
  } catch {
    $('fen').select(); // no clipboard permission: leave it selected for Ctrl-C
  }
  setTimeout(() => { $('copy-fen').textContent = 'Copy'; }, 1200);
});
$('export-pgn').addEventListener('click', exportPgn);
$('import-pgn').addEventListener('click', importPgn);
$('promotion-cancel').addEventListener('click', () => {
  closePromotion();
  refresh();
});
document.addEventListener('keydown', (e) => {
  const typing = e.target.closest && e.target.closest('input, textarea, select');
  if (e.key === 'Escape' && pendingPromotion) return $('promotion-cancel').click();
  if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
  const keys = { ArrowLeft: () => goTo(ply - 1), ArrowRight: () => goTo(ply + 1), Home: () => goTo(0), End: () => goTo(game.moves.length),
    ArrowUp: () => goTo(ply - 2), ArrowDown: () => goTo(ply + 2), f: () => $('flip').click() };
  if (keys[e.key] && !(e.target.closest && e.target.closest('.board') && e.key.startsWith('Arrow'))) {
    e.preventDefault();
    keys[e.key]();
  }
});

// ---------------------------------------------------------------- start

setMode('play');
updateStrengthInputs();
try {
  $('rules-backend').textContent = await chess.init({ backend: backendParam });
  refresh();
  if (backendParam) $('backend-select').value = backendParam;
  await startEngines(backendParam);
} catch (e) {
  $('backend').textContent = 'failed';
  showError(e);
}
