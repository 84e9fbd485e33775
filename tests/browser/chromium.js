// SPDX-License-Identifier: MIT
// chromium.js: launches Debian's headless Chromium through playwright-core,
// the one way browser tests and browser benchmarks start a browser here.
// Never downloads a browser: the executable is /usr/bin/chromium (or
// $CHROMIUM_PATH). Each launch gets a fresh profile folder, removed on close.
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launches Chromium. extraArgs e.g. ['--js-flags=--jitless'].
 * Resolves to { context, newPage(), close() }.
 */
export async function launchChromium(extraArgs = []) {
  const profile = mkdtempSync(join(tmpdir(), 'wasmforge-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...BASE_ARGS, ...extraArgs],
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') console.error(`[console] ${m.text()}`); });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens url and waits for the page (or its worker) to set self.__result; returns it. */
export async function resultOf(page, url, timeout = 60000) {
  await page.goto(url);
  await page.waitForFunction(() => self.__result !== undefined, null, { timeout });
  return page.evaluate(() => self.__result);
}

/**
 * The backend the loader picks by itself where WebAssembly works (Chromium has
 * SIMD128): 'wasm-simd' when the core has a SIMD build, else 'wasm'.
 */
export function bestWasmBackend(core) {
  return existsSync(fileURLToPath(new URL(`../../dist/${core}.simd.wasm`, import.meta.url))) ? 'wasm-simd' : 'wasm';
}
