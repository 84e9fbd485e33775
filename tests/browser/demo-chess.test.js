// SPDX-License-Identifier: MIT
// demo-chess.test.js: the chess analysis board (demos/chess/) used as a person
// would: click-click and drag-and-drop moves (the engine replies), the live
// MultiPV analysis (clicking a line's move plays it), PGN export and import,
// keyboard navigation, promotion, a phone-sized viewport, and the page under
// a CSP that forbids WebAssembly (wasm2js). Screenshots go to tests/output/.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useDemoServerAndChromium } from './demo-suite.js';

const OUT = fileURLToPath(new URL('../output/', import.meta.url));
mkdirSync(OUT, { recursive: true });
const SAN = /^([NBRQK]?[a-h]?[1-8]?x?[a-h][1-8](=[NBRQ])?|O-O(-O)?)[+#]?$/;

describe('the chess demo in headless Chromium', () => {
  const env = useDemoServerAndChromium();
  const pageErrors = [];

  async function open(path = '/demos/chess/', viewport = { width: 1200, height: 900 }) {
    const page = await env.browser.newPage();
    await page.setViewportSize(viewport);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`); });
    await page.goto(`${env.server.url}${path}`);
    await page.waitForFunction(() => !/loading/.test(document.getElementById('backend').textContent), null, { timeout: 30000 });
    return page;
  }
  const sans = (page) => page.$$eval('#moves .san', (els) => els.map((e) => e.textContent));
  const pieceOn = (page, sq) => page.getAttribute(`[data-square="${sq}"]`, 'aria-label');
  const waitMoves = (page, n, timeout = 30000) =>
    page.waitForFunction((k) => document.querySelectorAll('#moves .san').length === k, n, { timeout });

  async function drag(page, from, to) {
    const a = await page.locator(`[data-square="${from}"]`).boundingBox();
    const b = await page.locator(`[data-square="${to}"]`).boundingBox();
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 - 10, { steps: 2 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 6 });
    await page.mouse.up();
  }

  async function noOverflow(page) {
    return page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > w + 0.5 || r.left < -0.5) && !el.closest('[hidden]');
      }).map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`);
      return { scrollWidth: document.scrollingElement.scrollWidth, width: w, wide };
    });
  }

  for (const [backend, path] of [['', '/demos/chess/'], ['wasm2js', '/demos/chess/?backend=wasm2js']]) {
    it(`plays by clicking and by dragging${backend ? ` on ${backend}` : ''}`, async () => {
      const page = await open(path);
      try {
        assert.equal(await page.textContent('#backend'), backend || 'wasm-simd');
        await page.selectOption('#movetime', '100');
        // a weak level (Skill Level 3): the engine still answers with legal moves
        assert.equal(await page.isEnabled('#strength-kind'), true);
        await page.selectOption('#strength-kind', 'skill');
        await page.fill('#strength-skill', '3');
        await page.dispatchEvent('#strength-skill', 'change');
        // Selecting a piece shows its legal targets.
        await page.click('[data-square="g1"]');
        assert.deepEqual(await page.$$eval('.sq.target', (els) => els.map((e) => e.dataset.square).sort()), ['f3', 'h3']);
        // An illegal target does nothing.
        await page.click('[data-square="g4"]');
        assert.equal(await pieceOn(page, 'g1'), 'g1 white knight');
        assert.deepEqual(await sans(page), []);
        // click-click e2-e4; the engine replies with a legal move
        await page.click('[data-square="e2"]');
        await page.click('[data-square="e4"]');
        assert.equal(await pieceOn(page, 'e4'), 'e4 white pawn');
        await waitMoves(page, 2);
        assert.match((await sans(page))[1], SAN);
        assert.match(await page.textContent('#status'), /Your move/);
        // the last move and the board state
        assert.equal(await page.$$eval('.sq.last', (e) => e.length), 2);
        // drag-and-drop: the g1 knight to f3; the engine replies again
        await drag(page, 'g1', 'f3');
        assert.equal(await pieceOn(page, 'f3'), 'f3 white knight');
        assert.equal((await sans(page))[2], 'Nf3');
        await waitMoves(page, 4);
        assert.match((await sans(page))[3], SAN);
        // a drag to an illegal square puts the piece back
        await drag(page, 'f3', 'f6');
        assert.equal(await pieceOn(page, 'f3'), 'f3 white knight');
        assert.equal((await sans(page)).length, 4);
        if (!backend) await page.screenshot({ path: `${OUT}chess-demo-play.png` });
        // undo takes back the engine's reply and our move
        await page.click('#undo');
        assert.equal((await sans(page)).length, 2);
        assert.equal(await pieceOn(page, 'g1'), 'g1 white knight');
        // a position from FEN: mate in one, game over shown
        await page.fill('#fen', 'r1bqkb1r/pppp1ppp/2n2n2/4p2Q/2B1P3/8/PPPP1PPP/RNB1K1NR w KQkq - 4 4');
        await page.click('#set-fen');
        await page.click('[data-square="h5"]');
        await page.click('[data-square="f7"]');
        assert.deepEqual(await sans(page), ['Qxf7#']);
        assert.match(await page.textContent('#status'), /Checkmate — White wins/);
        assert.equal(await page.textContent('#moves .result'), '1–0');
        assert.equal(await page.$$eval('.sq.check', (e) => e.map((x) => x.dataset.square)).then((x) => x.join()), 'e8');
        // a bad FEN is reported and changes nothing
        await page.fill('#fen', 'not a fen');
        await page.click('#set-fen');
        assert.match(await page.textContent('#error'), /CHESS_BAD_FEN/);
        assert.deepEqual(await sans(page), ['Qxf7#']);
      } finally {
        await page.close();
      }
    });
  }

  it('analysis: MultiPV lines update live; clicking a line move plays it; keyboard navigation', async () => {
    const page = await open();
    try {
      await page.click('input[value=analyse]');
      await page.selectOption('#multipv', '3');
      await page.waitForFunction(() => document.querySelectorAll('#pv-lines li').length === 3, null, { timeout: 30000 });
      const depth = async () => Number((await page.textContent('#info-depth')).split('/')[0]);
      const d1 = await depth();
      await page.waitForFunction((d) => Number(document.getElementById('info-depth').textContent.split('/')[0]) > d, d1, { timeout: 30000 });
      assert.ok((await depth()) > d1, 'the depth grows while analysing');
      const lines = await page.$$eval('#pv-lines li', (els) => els.map((li) => ({
        score: li.querySelector('.score').textContent, moves: [...li.querySelectorAll('.pvmove')].map((b) => b.textContent),
      })));
      for (const l of lines) {
        assert.match(l.score, /^([+-]?\d+\.\d\d|[+-]M\d+)$/);
        assert.ok(l.moves.length >= 2 && l.moves.every((m) => SAN.test(m)), l.moves.join(' '));
      }
      assert.equal(new Set(lines.map((l) => l.moves[0])).size, 3);
      assert.match(await page.textContent('#info-nps'), /N\/s$/);
      assert.match(await page.textContent('#info-hash'), /%$/);
      assert.match(await page.textContent('#speeds'), /Wasm/);
      assert.ok(await page.$eval('#evalbar-white', (e) => parseFloat(e.style.height) > 0));
      // click the second move of line 1: two moves are played (read and clicked at once: the lines update live)
      const [first, second] = await page.evaluate(() => {
        const b = document.querySelectorAll('#pv-lines li:first-child .pvmove');
        const m = [b[0].textContent, b[1].textContent];
        b[1].click();
        return m;
      });
      assert.deepEqual(await sans(page), [first, second]);
      // the analysis follows the new position
      await page.waitForFunction((m) => {
        const b = document.querySelector('#pv-lines li .pvmove');
        return b && document.querySelectorAll('#pv-lines li').length === 3 && document.querySelector('#pv-lines .movenum').textContent === '2.';
      }, [first, second], { timeout: 30000 });
      await page.screenshot({ path: `${OUT}chess-demo-analysis.png` });
      // keyboard: left goes back one move, Home to the start, End to the end
      const fenAt = () => page.inputValue('#fen');
      const endFen = await fenAt();
      // (the board updates on the key's handler; wait for the FEN field rather than read it at once)
      const fenBecomes = (test) => page.waitForFunction((t) => new RegExp(t).test(document.querySelector('#fen').value),
        test, { timeout: 5000 }).catch(() => {});
      await page.locator('#moves').focus();
      await page.keyboard.press('ArrowLeft');
      await fenBecomes(' b KQkq ');
      assert.match(await fenAt(), / b KQkq /);
      assert.equal(await page.$eval('#moves .current', (e) => e.textContent), first);
      await page.keyboard.press('Home');
      assert.equal(await fenAt(), 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1');
      await page.keyboard.press('End');
      assert.equal(await fenAt(), endFen);
      // jump by clicking a move in the list
      await page.click('#moves .san >> nth=0');
      assert.match(await fenAt(), / b KQkq /);
      // flip
      await page.click('#flip');
      assert.equal(await page.$eval('#board .sq', (e) => e.dataset.square), 'h1');
    } finally {
      await page.close();
    }
  });

  it('PGN export then import reproduces the game (headers included)', async () => {
    const page = await open();
    try {
      await page.click('input[value=analyse]');
      await page.click('#analysis-on');
      for (const [a, b] of [['e2', 'e4'], ['c7', 'c5'], ['g1', 'f3'], ['d7', 'd6'], ['d2', 'd4'], ['c5', 'd4'], ['f3', 'd4'], ['g8', 'f6'], ['b1', 'c3'], ['a7', 'a6']]) {
        await page.click(`[data-square="${a}"]`);
        await page.click(`[data-square="${b}"]`);
      }
      const game = await sans(page);
      assert.deepEqual(game, ['e4', 'c5', 'Nf3', 'd6', 'd4', 'cxd4', 'Nxd4', 'Nf6', 'Nc3', 'a6']);
      const fen = await page.inputValue('#fen');
      await page.click('#export-pgn');
      const pgn = await page.inputValue('#pgn');
      assert.match(pgn, /^\[Event "[^"]+"\]\n\[Site "[^"]*"\]\n\[Date "\d{4}\.\d\d\.\d\d"\]\n\[Round "-"\]\n\[White "[^"]*"\]\n\[Black "[^"]*"\]\n\[Result "\*"\]\n\n1\. e4 c5 2\. Nf3 d6 /);
      assert.match(pgn, /5\. Nc3 a6 \*\n$/);
      await page.click('#new-game');
      assert.deepEqual(await sans(page), []);
      // import it back (with a comment and a variation, which are skipped)
      await page.fill('#pgn', pgn.replace('2. Nf3', '{a comment} 2. Nf3 (2. Nc3 Nc6)'));
      await page.click('#import-pgn');
      assert.deepEqual(await sans(page), game);
      assert.equal(await page.inputValue('#fen'), fen);
      await page.click('#export-pgn');
      assert.equal(await page.inputValue('#pgn'), pgn);
      // a PGN from another start position keeps its FEN
      await page.fill('#pgn', '[SetUp "1"]\n[FEN "8/8/8/8/8/5K2/1p6/R6k b - - 0 1"]\n\n1... bxa1=Q 2. Kg3 *');
      await page.click('#import-pgn');
      assert.deepEqual(await sans(page), ['bxa1=Q', 'Kg3']);
      await page.click('#export-pgn');
      assert.match(await page.inputValue('#pgn'), /\[SetUp "1"\]\n\[FEN "8\/8\/8\/8\/8\/5K2\/1p6\/R6k b - - 0 1"\]\n\n1\.\.\. bxa1=Q 2\. Kg3 \*\n$/);
      // a bad PGN is reported
      await page.fill('#pgn', '1. e4 e5 2. Ke3');
      await page.click('#import-pgn');
      assert.match(await page.textContent('#error'), /move 3 "Ke3"/);
    } finally {
      await page.close();
    }
  });

  it('plays black: promotion asks for a piece, move now moves at once', async () => {
    const page = await open();
    try {
      await page.selectOption('#movetime', '10000');
      await page.selectOption('#side', 'b');
      assert.equal(await page.$eval('#board .sq', (e) => e.dataset.square), 'h1');
      await page.waitForFunction(() => !document.getElementById('move-now').disabled);
      await page.click('#move-now');
      await waitMoves(page, 1, 5000);
      assert.match(await page.textContent('#status'), /Your move \(Black\)/);
      await page.selectOption('#movetime', '100');
      await page.fill('#fen', '8/8/8/8/8/5K2/1p6/R6k b - - 0 1');
      await page.click('#set-fen');
      await page.click('[data-square="b2"]');
      await page.click('[data-square="a1"]');
      assert.equal(await page.isVisible('#promotion'), true);
      await page.screenshot({ path: `${OUT}chess-demo-promotion.png` });
      await page.click('#promotion [data-piece="q"]');
      assert.deepEqual((await sans(page)).slice(0, 1), ['bxa1=Q']);
      await waitMoves(page, 2);
    } finally {
      await page.close();
    }
  });

  it('fits a 390×844 phone viewport (touch drag too)', async () => {
    const page = await env.browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${env.server.url}/demos/chess/`);
      await page.waitForFunction(() => !/loading/.test(document.getElementById('backend').textContent), null, { timeout: 30000 });
      await page.selectOption('#movetime', '100');
      // a touch drag, as pointer events of type touch
      await page.evaluate(() => {
        const at = (sq) => {
          const r = document.querySelector(`[data-square="${sq}"]`).getBoundingClientRect();
          return { clientX: r.x + r.width / 2, clientY: r.y + r.height / 2 };
        };
        const board = document.getElementById('board');
        const fire = (type, p) => board.dispatchEvent(new PointerEvent(type, { ...p, pointerId: 7, pointerType: 'touch', isPrimary: true, bubbles: true, button: 0 }));
        const a = at('d2');
        const b = at('d4');
        fire('pointerdown', a);
        fire('pointermove', { clientX: a.clientX, clientY: a.clientY - 12 });
        fire('pointermove', b);
        fire('pointerup', b);
      });
      assert.equal((await sans(page))[0], 'd4');
      await waitMoves(page, 2);
      await page.click('input[value=analyse]');
      await page.waitForFunction(() => document.querySelectorAll('#pv-lines li').length >= 1, null, { timeout: 30000 });
      const o = await noOverflow(page);
      assert.ok(o.scrollWidth <= o.width, `page is ${o.scrollWidth} px wide in a ${o.width} px viewport`);
      assert.deepEqual(o.wide, []);
      const boardBox = await page.locator('#board').boundingBox();
      assert.ok(boardBox.width >= 300, `board ${boardBox.width} px wide`);
      await page.screenshot({ path: `${OUT}chess-demo-phone.png`, fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('works under a CSP that forbids WebAssembly (wasm2js)', async () => {
    const page = await open('/demos/chess/');
    await page.close();
    const csp = await open('/csp-nowasm/demos/chess/');
    try {
      assert.equal(await csp.textContent('#backend'), 'wasm2js');
      assert.equal(await csp.textContent('#rules-backend'), 'wasm2js');
      await csp.selectOption('#movetime', '100');
      await drag(csp, 'e2', 'e4');
      await waitMoves(csp, 2);
      assert.match((await sans(csp))[1], SAN);
      await csp.click('input[value=analyse]');
      await csp.waitForFunction(() => document.querySelectorAll('#pv-lines li').length === 3, null, { timeout: 60000 });
      // the backend switch cannot use Wasm here: it reports it and stays on wasm2js
      await csp.selectOption('#backend-select', 'wasm');
      await csp.waitForFunction(() => document.getElementById('error').textContent !== '', null, { timeout: 30000 });
      await csp.waitForFunction(() => document.getElementById('backend').textContent === 'wasm2js', null, { timeout: 30000 });
      await csp.screenshot({ path: `${OUT}chess-demo-csp-wasm2js.png` });
    } finally {
      await csp.close();
    }
  });

  it('raised no page or console errors', () => assert.deepEqual(pageErrors.filter((e) => !/Content Security Policy|CompileError|BACKEND_UNAVAILABLE/.test(e)), []));
});
