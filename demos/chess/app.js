// SPDX-License-Identifier: MIT
// The chess demo: play the wasmforge engine. The engine searches in its own
// module Worker (createEngine), so the page stays responsive; the rules
// (legal moves, SAN, game end) come from the synchronous helpers of
// wasmforge/chess on this thread. ?backend=wasm2js forces a backend.
import * as chess from '../../web/chess.js';

const $ = (id) => document.getElementById(id);
const backendParam = new URLSearchParams(location.search).get('backend') || undefined;

const GLYPHS = { k: '♚', q: '♛', r: '♜', b: '♝', n: '♞', p: '♟' };
const NAMES = { k: 'king', q: 'queen', r: 'rook', b: 'bishop', n: 'knight', p: 'pawn' };
const FILES = 'abcdefgh';
const END_TEXT = {
  checkmate: 'checkmate',
  stalemate: 'stalemate',
  'fifty-move': 'the fifty-move rule',
  'threefold-repetition': 'threefold repetition',
  'insufficient-material': 'insufficient material',
};

// The game: a start position and the moves played from it (UCI and SAN).
const game = { startFen: chess.START_FEN, moves: [], sans: [] };
let side = 'w'; // the human's colour
let view = null; // derived from the game by refresh(): { fen, turn, board, state, check, legal }
let selected = null; // the square of the piece the human picked
let promotionOpen = false;

let engine = null;
let generation = 0; // bumped whenever the game changes under a running search
const searches = []; // one entry per 'go' sent, in order: { generation, fen }
let infoPending = null;

// ---------------------------------------------------------------- the position

function parseBoard(fen) {
  const board = new Map();
  const rows = fen.split(' ')[0].split('/');
  rows.forEach((row, i) => {
    let file = 0;
    for (const ch of row) {
      if (ch >= '1' && ch <= '8') file += Number(ch);
      else board.set(`${FILES[file++]}${8 - i}`, ch);
    }
  });
  return board;
}

const colourOf = (piece) => (piece === piece.toUpperCase() ? 'w' : 'b');

function refresh() {
  const st = chess.gameState(game.startFen, game.moves);
  const turn = st.fen.split(' ')[1];
  view = {
    fen: st.fen,
    turn,
    board: parseBoard(st.fen),
    state: st.state,
    check: st.check,
    legal: st.state === 'ongoing' ? chess.legalMoves(st.fen) : [],
  };
  if (selected && !view.legal.some((m) => m.startsWith(selected))) selected = null;
  $('fen').value = view.fen;
  renderBoard();
  renderMoves();
  renderStatus();
  maybeStartEngine();
}

const humanToMove = () => !!view && !!engine && view.state === 'ongoing' && view.turn === side && !promotionOpen;

// ---------------------------------------------------------------- the board

const squares = new Map();

function buildBoard() {
  const board = $('board');
  for (let i = 0; i < 64; i++) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'sq';
    b.addEventListener('click', () => onSquare(b.dataset.square));
    board.append(b);
  }
}

function span(className, text) {
  const s = document.createElement('span');
  s.className = className;
  s.textContent = text;
  return s;
}

function renderBoard() {
  const cells = $('board').children;
  const last = game.moves.length ? game.moves[game.moves.length - 1] : '';
  squares.clear();
  const targets = new Set(selected ? view.legal.filter((m) => m.startsWith(selected)).map((m) => m.slice(2, 4)) : []);
  for (let i = 0; i < 64; i++) {
    const row = Math.floor(i / 8);
    const col = i % 8;
    const file = side === 'w' ? col : 7 - col;
    const rank = side === 'w' ? 8 - row : row + 1;
    const sq = `${FILES[file]}${rank}`;
    const cell = cells[i];
    squares.set(sq, cell);
    cell.dataset.square = sq;
    const piece = view.board.get(sq);
    const cls = ['sq', (file + rank) % 2 ? 'light' : 'dark'];
    if (piece) cls.push('piece', colourOf(piece) === 'w' ? 'white' : 'black');
    if (sq === selected) cls.push('selected');
    if (targets.has(sq)) cls.push(piece ? 'target capture' : 'target');
    if (last && (sq === last.slice(0, 2) || sq === last.slice(2, 4))) cls.push('last');
    if (view.check && piece && piece.toLowerCase() === 'k' && colourOf(piece) === view.turn) cls.push('check');
    cell.className = cls.join(' ');
    const parts = [];
    if (piece) parts.push(span('glyph', `${GLYPHS[piece.toLowerCase()]}\uFE0E`));
    if (col === 0) parts.push(span('coord rank', String(rank)));
    if (row === 7) parts.push(span('coord file', FILES[file]));
    cell.replaceChildren(...parts);
    cell.setAttribute('aria-label', piece ? `${sq} ${colourOf(piece) === 'w' ? 'white' : 'black'} ${NAMES[piece.toLowerCase()]}` : sq);
  }
  $('board').classList.toggle('waiting', !humanToMove());
}

function onSquare(sq) {
  if (!humanToMove()) return;
  if (selected) {
    const moves = view.legal.filter((m) => m.startsWith(selected + sq));
    if (moves.length === 1) return play(moves[0]);
    if (moves.length > 1) return askPromotion(moves);
  }
  const piece = view.board.get(sq);
  const movable = piece && colourOf(piece) === view.turn && view.legal.some((m) => m.startsWith(sq));
  selected = movable && sq !== selected ? sq : null;
  renderBoard();
}

function askPromotion(moves) {
  promotionOpen = true;
  const box = $('promotion-pieces');
  box.replaceChildren(...'qrbn'.split('').map((p) => {
    const move = moves.find((m) => m[4] === p);
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `promo ${view.turn === 'w' ? 'white' : 'black'}`;
    b.textContent = `${GLYPHS[p]}\uFE0E`;
    b.title = NAMES[p];
    b.setAttribute('aria-label', `promote to ${NAMES[p]}`);
    b.dataset.piece = p;
    b.addEventListener('click', () => {
      closePromotion();
      play(move);
    });
    return b;
  }));
  $('promotion').hidden = false;
  renderBoard();
}

function closePromotion() {
  promotionOpen = false;
  $('promotion').hidden = true;
}

function play(move) {
  const san = chess.toSan(view.fen, move);
  game.moves.push(move);
  game.sans.push(san);
  selected = null;
  refresh();
}

// ---------------------------------------------------------------- move list and status

function renderMoves() {
  const [, startTurn, , , , fullmove] = game.startFen.split(' ');
  let number = Number(fullmove) || 1;
  const list = $('moves');
  const rows = [];
  let row = null;
  game.sans.forEach((san, i) => {
    const white = (startTurn === 'w') === (i % 2 === 0);
    if (white || !row) {
      row = document.createElement('div');
      row.className = 'row';
      const n = document.createElement('span');
      n.className = 'num';
      n.textContent = `${number}.`;
      row.append(n);
      if (!white) row.append(Object.assign(document.createElement('span'), { className: 'move empty', textContent: '…' }));
      rows.push(row);
    }
    const m = document.createElement('span');
    m.className = i === game.sans.length - 1 ? 'move san current' : 'move san';
    m.textContent = san;
    row.append(m);
    if (!white) number++;
  });
  if (view.state !== 'ongoing') {
    const r = document.createElement('div');
    r.className = 'result';
    r.textContent = view.state === 'checkmate' ? (view.turn === 'w' ? '0–1' : '1–0') : '½–½';
    rows.push(r);
  }
  list.replaceChildren(...rows);
  list.scrollTop = list.scrollHeight;
}

function renderStatus() {
  const colour = (c) => (c === 'w' ? 'White' : 'Black');
  let text;
  if (!engine) text = 'Loading the engine…';
  else if (view.state === 'checkmate') text = `Checkmate — ${colour(view.turn === 'w' ? 'b' : 'w')} wins${view.turn === side ? '. The engine wins.' : '. You win!'}`;
  else if (view.state !== 'ongoing') text = `Draw by ${END_TEXT[view.state]}.`;
  else if (view.turn === side) text = `Your move (${colour(side)})${view.check ? ' — check!' : ''}`;
  else text = `The engine is thinking (${colour(view.turn)})…${view.check ? ' Check!' : ''}`;
  $('status').textContent = text;
  $('status').className = `status${view.state !== 'ongoing' ? ' over' : ''}`;
  const thinking = searches.some((s) => s.generation === generation);
  $('move-now').disabled = !thinking;
  $('engine-state').textContent = thinking ? 'thinking…' : 'idle';
  $('undo').disabled = game.moves.length === 0;
}

// ---------------------------------------------------------------- the engine

function maybeStartEngine() {
  if (!engine || view.state !== 'ongoing' || view.turn === side) return;
  if (searches.some((s) => s.generation === generation)) return;
  searches.push({ generation, fen: view.fen });
  const moves = game.moves.length ? ` moves ${game.moves.join(' ')}` : '';
  engine.send(`position fen ${game.startFen}${moves}`);
  engine.send(`go movetime ${Number($('movetime').value)}`);
  clearInfo();
  renderStatus();
}

// The game changes (undo, new game, new position, other side): a running search is stale.
function invalidate() {
  closePromotion();
  if (engine && searches.some((s) => s.generation === generation)) engine.stop();
  generation++;
  selected = null;
}

function onEngineLine(line) {
  if (line.startsWith('bestmove')) {
    const search = searches.shift();
    if (search && search.generation === generation) {
      const move = line.split(' ')[1];
      if (view.legal.includes(move)) play(move);
      else renderStatus();
    } else {
      renderStatus();
    }
  } else if (line.startsWith('info ') && line.includes(' depth ')) {
    const search = searches[0];
    if (!search || search.generation !== generation) return;
    if (!infoPending) requestAnimationFrame(showInfo);
    infoPending = { line, fen: search.fen };
  }
}

function clearInfo() {
  infoPending = null;
  for (const id of ['info-depth', 'info-score', 'info-nodes', 'info-nps']) $(id).textContent = '–';
  $('info-pv').textContent = '\u00a0';
}

function compact(n) {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

// The PV in SAN with move numbers, from the position the search started on.
function pvToSan(fen, pv) {
  const parts = [];
  let f = fen;
  for (const [i, uci] of pv.slice(0, 16).entries()) {
    const [, turn, , , , full] = f.split(' ');
    let san;
    try {
      san = chess.toSan(f, uci);
      f = chess.applyMoves(f, [uci]);
    } catch {
      break;
    }
    if (turn === 'w') parts.push(`${full}. ${san}`);
    else parts.push(i === 0 ? `${full}… ${san}` : san);
  }
  return parts.join(' ');
}

function showInfo() {
  const pending = infoPending;
  infoPending = null;
  if (!pending) return;
  const t = pending.line.split(' ');
  const get = (key) => {
    const i = t.indexOf(key);
    return i >= 0 ? t[i + 1] : undefined;
  };
  const depth = get('depth');
  const seldepth = get('seldepth');
  $('info-depth').textContent = seldepth ? `${depth}/${seldepth}` : depth;
  const si = t.indexOf('score');
  if (si >= 0) {
    const sign = pending.fen.split(' ')[1] === 'w' ? 1 : -1; // shown from White's side
    const value = Number(t[si + 2]) * sign;
    const bound = t[si + 3] === 'lowerbound' ? ' ≥' : t[si + 3] === 'upperbound' ? ' ≤' : '';
    $('info-score').textContent = t[si + 1] === 'mate'
      ? `${bound}${value > 0 ? '+' : '-'}M${Math.abs(value)}`
      : `${bound}${value > 0 ? '+' : ''}${(value / 100).toFixed(2)}`;
  }
  const nodes = get('nodes');
  if (nodes) $('info-nodes').textContent = compact(Number(nodes));
  const nps = get('nps');
  if (nps) $('info-nps').textContent = `${compact(Number(nps))}N/s`;
  const pi = t.indexOf('pv');
  if (pi >= 0) $('info-pv').textContent = pvToSan(pending.fen, t.slice(pi + 1));
}

// ---------------------------------------------------------------- controls

function newGame(fen = chess.START_FEN) {
  invalidate();
  game.startFen = fen;
  game.moves = [];
  game.sans = [];
  $('error').textContent = '';
  clearInfo();
  if (engine) engine.send('ucinewgame');
  refresh();
}

function undo() {
  if (!game.moves.length) return;
  invalidate();
  const turnAfter = () => chess.applyMoves(game.startFen, game.moves).split(' ')[1];
  let popped = 0;
  do {
    game.moves.pop();
    game.sans.pop();
    popped++;
  } while (game.moves.length && popped < 2 && turnAfter() !== side);
  clearInfo();
  refresh();
}

$('new-game').addEventListener('click', () => newGame());
$('undo').addEventListener('click', undo);
$('move-now').addEventListener('click', () => engine && engine.stop());
$('side').addEventListener('change', () => {
  invalidate();
  side = $('side').value;
  refresh();
});
$('set-fen').addEventListener('click', () => {
  let fen;
  try {
    fen = chess.applyMoves($('fen').value.trim(), []);
  } catch (e) {
    $('error').textContent = `${e.code || e.name}: ${e.message}`;
    return;
  }
  newGame(fen);
});
$('fen').addEventListener('keydown', (e) => { if (e.key === 'Enter') $('set-fen').click(); });
$('promotion-cancel').addEventListener('click', () => {
  closePromotion();
  selected = null;
  renderBoard();
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && promotionOpen) $('promotion-cancel').click();
});

// ---------------------------------------------------------------- start

buildBoard();
try {
  $('rules-backend').textContent = await chess.init({ backend: backendParam });
  refresh();
  engine = await chess.createEngine({ backend: backendParam });
  engine.onLine(onEngineLine);
  engine.send('uci');
  engine.send('isready');
  await engine.waitFor('readyok', 30000);
  $('backend').textContent = engine.backend;
  refresh();
} catch (e) {
  $('backend').textContent = 'failed';
  $('error').textContent = `${e.code || e.name}: ${e.message}`;
}
