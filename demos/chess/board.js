// SPDX-License-Identifier: MIT
// board.js: the demo's chess board: 64 buttons in a CSS grid, pieces as SVG
// (pieces.js), moves by click-click or drag-and-drop with a mouse, a pen or
// a finger (pointer events), and by keyboard (Enter/Space on a square).
// It knows nothing of the rules: the app says which squares can move where.
import { pieceSvg } from './pieces.js';

const FILES = 'abcdefgh';
const NAMES = { k: 'king', q: 'queen', r: 'rook', b: 'bishop', n: 'knight', p: 'pawn' };

export class Board {
  /**
   * @param {HTMLElement} el the grid element
   * @param {{targets(from: string): string[], move(from: string, to: string): void, changed(): void}} app
   *   targets: the squares the piece on `from` may go to ([] if it may not move now);
   *   move: a move the user made; changed: the selection changed
   */
  constructor(el, app) {
    this.el = el;
    this.app = app;
    this.orientation = 'w';
    this.selected = null;
    this.drag = null;
    this.cells = [];
    for (let i = 0; i < 64; i++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'sq';
      b.setAttribute('role', 'gridcell');
      b.addEventListener('click', (ev) => {
        if (ev.detail === 0) this._activate(b.dataset.square); // keyboard
      });
      el.append(b);
      this.cells.push(b);
    }
    el.addEventListener('pointerdown', (ev) => this._down(ev));
    el.addEventListener('pointermove', (ev) => this._move(ev));
    el.addEventListener('pointerup', (ev) => this._up(ev));
    el.addEventListener('pointercancel', () => this._cancel());
    el.addEventListener('contextmenu', (ev) => ev.preventDefault());
  }

  /** state: { pieces: Map(square -> FEN letter), lastMove, check, waiting } */
  render(state) {
    this.state = state;
    if (this.selected && !this.app.targets(this.selected).length) this.selected = null;
    const targets = new Set(this.selected ? this.app.targets(this.selected) : []);
    const flip = this.orientation === 'b';
    const last = state.lastMove || '';
    this.cells.forEach((cell, i) => {
      const row = Math.floor(i / 8);
      const col = i % 8;
      const file = flip ? 7 - col : col;
      const rank = flip ? row + 1 : 8 - row;
      const sq = `${FILES[file]}${rank}`;
      cell.dataset.square = sq;
      const piece = state.pieces.get(sq);
      const cls = ['sq', (file + rank) % 2 ? 'light' : 'dark'];
      if (piece) cls.push('piece');
      if (piece && !state.waiting && this.app.targets(sq).length) cls.push('own');
      if (sq === this.selected) cls.push('selected');
      if (targets.has(sq)) cls.push(piece || this._isEnPassant(sq) ? 'target capture' : 'target');
      if (last && (sq === last.slice(0, 2) || sq === last.slice(2, 4))) cls.push('last');
      if (sq === state.check) cls.push('check');
      if (this.drag && this.drag.moved && sq === this.drag.from) cls.push('dragging');
      cell.className = cls.join(' ');
      let html = piece ? pieceSvg(piece) : '';
      if (col === 0) html += `<span class="coord rank">${rank}</span>`;
      if (row === 7) html += `<span class="coord file">${FILES[file]}</span>`;
      if (cell._html !== html) {
        cell.innerHTML = html;
        cell._html = html;
      }
      const label = piece ? `${sq} ${piece === piece.toUpperCase() ? 'white' : 'black'} ${NAMES[piece.toLowerCase()]}` : sq;
      cell.setAttribute('aria-label', label);
    });
    this.el.classList.toggle('waiting', !!state.waiting);
  }

  _isEnPassant(sq) {
    return this.selected && this.state.pieces.get(this.selected)?.toLowerCase() === 'p' && sq[0] !== this.selected[0];
  }

  select(sq) {
    this.selected = sq;
    this.render(this.state);
    this.app.changed();
  }

  _squareAt(x, y) {
    const el = document.elementFromPoint(x, y);
    const cell = el && el.closest && el.closest('.sq');
    return cell && this.el.contains(cell) ? cell.dataset.square : null;
  }

  // A click (or a tap, or Enter) on a square.
  _activate(sq) {
    if (!sq) return false;
    if (this.selected && this.selected !== sq && this.app.targets(this.selected).includes(sq)) {
      const from = this.selected;
      this.selected = null;
      this.app.move(from, sq);
      return true;
    }
    if (this.app.targets(sq).length) {
      this.select(sq === this.selected ? null : sq);
      return true;
    }
    if (this.selected) this.select(null);
    return false;
  }

  _down(ev) {
    if (ev.button !== undefined && ev.button !== 0) return;
    const sq = this._squareAt(ev.clientX, ev.clientY);
    if (!sq) return;
    ev.preventDefault();
    if (this.selected && this.selected !== sq && this.app.targets(this.selected).includes(sq)) {
      this._activate(sq);
      return;
    }
    if (!this.app.targets(sq).length) {
      if (this.selected) this.select(null);
      return;
    }
    const wasSelected = this.selected === sq;
    this.selected = sq;
    this.drag = { from: sq, x0: ev.clientX, y0: ev.clientY, id: ev.pointerId, moved: false, wasSelected, hover: null };
    try {
      this.el.setPointerCapture(ev.pointerId);
    } catch { /* synthetic events */ }
    this.render(this.state);
    this.app.changed();
  }

  _move(ev) {
    const d = this.drag;
    if (!d || ev.pointerId !== d.id) return;
    if (!d.moved && Math.hypot(ev.clientX - d.x0, ev.clientY - d.y0) < 5) return;
    if (!d.moved) {
      d.moved = true;
      const size = this.el.getBoundingClientRect().width / 8;
      d.ghost = document.createElement('div');
      d.ghost.className = 'ghost';
      d.ghost.style.width = d.ghost.style.height = `${size}px`;
      d.ghost.innerHTML = pieceSvg(this.state.pieces.get(d.from));
      document.body.append(d.ghost);
      this.render(this.state);
    }
    d.ghost.style.left = `${ev.clientX}px`;
    d.ghost.style.top = `${ev.clientY}px`;
    const over = this._squareAt(ev.clientX, ev.clientY);
    if (over !== d.hover) {
      if (d.hover) this.el.querySelector(`[data-square="${d.hover}"]`)?.classList.remove('hover');
      d.hover = over;
      if (over && this.app.targets(d.from).includes(over)) this.el.querySelector(`[data-square="${over}"]`)?.classList.add('hover');
    }
  }

  _up(ev) {
    const d = this.drag;
    if (!d || ev.pointerId !== d.id) return;
    this._cancel();
    const to = this._squareAt(ev.clientX, ev.clientY);
    if (d.moved) {
      if (to && to !== d.from && this.app.targets(d.from).includes(to)) {
        this.selected = null;
        this.app.move(d.from, to);
        return;
      }
      this.render(this.state);
    } else if (d.wasSelected && to === d.from) {
      this.select(null);
    }
  }

  _cancel() {
    const d = this.drag;
    if (!d) return;
    this.drag = null;
    if (d.ghost) d.ghost.remove();
    if (d.hover) this.el.querySelector(`[data-square="${d.hover}"]`)?.classList.remove('hover');
    if (d.moved) this.render(this.state);
  }
}
