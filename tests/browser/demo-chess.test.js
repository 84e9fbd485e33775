// SPDX-License-Identifier: MIT
// demo-chess.test.js: the chess demo (demos/chess/) plays as a person would
// use it, on the default backend and on wasm2js: click a piece and a target,
// the engine answers in its Worker, illegal clicks do nothing, new game resets.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../demos/server.mjs';
import { launchChromium } from './chromium.js';

describe('the chess demo in headless Chromium', () => {
  let server;
  let browser;
  const pageErrors = [];

  before(async () => {
    server = await startServer({ index: '/demos/' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const sans = (page) => page.$$eval('#moves .san', (els) => els.map((e) => e.textContent));
  const pieceOn = (page, sq) => page.getAttribute(`[data-square="${sq}"]`, 'aria-label');

  for (const backend of ['', 'wasm2js']) {
    it(`plays a game by clicking${backend ? ` on ${backend}` : ''}`, async () => {
      const page = await browser.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      try {
        await page.goto(`${server.url}/demos/chess/${backend ? `?backend=${backend}` : ''}`);
        await page.waitForFunction(() => !/loading/.test(document.getElementById('backend').textContent));
        assert.equal(await page.textContent('#backend'), backend || 'wasm');
        assert.equal(await page.textContent('#rules-backend'), backend || 'wasm');
        await page.selectOption('#movetime', '100');
        assert.deepEqual(await sans(page), []);

        // Selecting a piece highlights its legal targets (legalMoves).
        await page.click('[data-square="g1"]');
        const targets = await page.$$eval('.sq.target', (els) => els.map((e) => e.dataset.square).sort());
        assert.deepEqual(targets, ['f3', 'h3']);
        // An illegal target does nothing: the knight stays, no move is listed.
        await page.click('[data-square="g4"]');
        assert.equal(await pieceOn(page, 'g1'), 'g1 white knight');
        assert.equal(await pieceOn(page, 'g4'), 'g4');
        // Clicking an empty square or an enemy piece with nothing selected does nothing either.
        await page.click('[data-square="e5"]');
        await page.click('[data-square="e7"]');
        assert.equal(await page.$$eval('.sq.selected', (e) => e.length), 0);
        assert.deepEqual(await sans(page), []);

        // A legal move: e2-e4. The engine's reply follows in the move list.
        await page.click('[data-square="e2"]');
        await page.click('[data-square="e4"]');
        assert.equal(await pieceOn(page, 'e4'), 'e4 white pawn');
        assert.equal((await sans(page))[0], 'e4');
        await page.waitForFunction(() => document.querySelectorAll('#moves .san').length === 2, null, { timeout: 20000 });
        const [, reply] = await sans(page);
        assert.match(reply, /^([NBRQK]?[a-h]?[1-8]?x?[a-h][1-8](=[NBRQ])?|O-O(-O)?)[+#]?$/);
        assert.match(await page.textContent('#status'), /Your move/);
        // the search was shown live: depth, score and a PV in SAN with move numbers
        await page.waitForFunction(() => document.getElementById('info-depth').textContent !== '–');
        assert.match(await page.textContent('#info-score'), /^( [≥≤])?[+-]?(\d+\.\d\d|M\d+)$/);
        assert.match(await page.textContent('#info-pv'), /^1… [NBRQK]?[a-h]?[1-8]?x?[a-h][1-8]( 2\. \S+)?/);
        assert.match(await page.inputValue('#fen'), /^\S+ w KQkq (-|[a-h]6) \d+ 2$/);

        // During the human's turn, an illegal click (a pawn three squares ahead) does nothing.
        await page.click('[data-square="d2"]');
        await page.click('[data-square="d6"]');
        assert.equal(await pieceOn(page, 'd2'), 'd2 white pawn');
        assert.equal((await sans(page)).length, 2);
        if (!backend) await page.screenshot({ path: '/tmp/wasmforge-chess-demo.png' });

        // Undo takes back the engine's reply and the human move.
        await page.click('#undo');
        assert.deepEqual(await sans(page), []);
        assert.equal(await pieceOn(page, 'e2'), 'e2 white pawn');

        // New game resets after another move.
        await page.click('[data-square="d2"]');
        await page.click('[data-square="d4"]');
        await page.waitForFunction(() => document.querySelectorAll('#moves .san').length === 2, null, { timeout: 20000 });
        await page.click('#new-game');
        assert.deepEqual(await sans(page), []);
        assert.equal(await page.inputValue('#fen'), 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1');
        assert.equal(await pieceOn(page, 'd2'), 'd2 white pawn');

        // A position from FEN: white to mate in one (Qh5xf7#), game over shown.
        await page.fill('#fen', 'r1bqkb1r/pppp1ppp/2n2n2/4p2Q/2B1P3/8/PPPP1PPP/RNB1K1NR w KQkq - 4 4');
        await page.click('#set-fen');
        await page.click('[data-square="h5"]');
        await page.click('[data-square="f7"]');
        assert.deepEqual(await sans(page), ['Qxf7#']);
        assert.match(await page.textContent('#status'), /Checkmate — White wins/);
        assert.equal(await page.textContent('#moves .result'), '1–0');

        // A bad FEN is reported and changes nothing.
        await page.fill('#fen', 'not a fen');
        await page.click('#set-fen');
        assert.match(await page.textContent('#error'), /\S/);
        assert.deepEqual(await sans(page), ['Qxf7#']);
      } finally {
        await page.close();
      }
    });
  }

  it('plays black: the engine opens, promotion asks for a piece, stop moves at once', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.goto(`${server.url}/demos/chess/`);
      await page.waitForFunction(() => !/loading/.test(document.getElementById('backend').textContent));
      await page.selectOption('#movetime', '10000');
      await page.selectOption('#side', 'b');
      // The board is flipped: h1 is the first square; the engine thinks for 10 s unless stopped.
      assert.equal(await page.$eval('#board .sq', (e) => e.dataset.square), 'h1');
      await page.waitForFunction(() => !document.getElementById('move-now').disabled);
      await page.click('#move-now');
      await page.waitForFunction(() => document.querySelectorAll('#moves .san').length === 1, null, { timeout: 5000 });
      assert.match(await page.textContent('#status'), /Your move \(Black\)/);

      // Promotion: black pawn on b2 takes on a1 or pushes to b1.
      await page.selectOption('#movetime', '100');
      await page.fill('#fen', '8/8/8/8/8/5K2/1p6/R6k b - - 0 1');
      await page.click('#set-fen');
      await page.click('[data-square="b2"]');
      await page.click('[data-square="a1"]');
      assert.equal(await page.isVisible('#promotion'), true);
      await page.click('#promotion [data-piece="q"]');
      assert.deepEqual((await sans(page)).slice(0, 1), ['bxa1=Q']);
      await page.waitForFunction(() => document.querySelectorAll('#moves .san').length === 2, null, { timeout: 20000 });
    } finally {
      await page.close();
    }
  });

  it('raised no page errors', () => assert.deepEqual(pageErrors, []));
});
