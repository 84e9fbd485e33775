// SPDX-License-Identifier: MIT
// demo-suite.js: what the browser tests of the demo pages share: the demo
// server (index /demos/) and one headless Chromium per describe(), started in
// its before hook and closed in its after hook.
import { before, after } from 'node:test';
import { startServer } from '../../demos/server.mjs';
import { launchChromium } from './chromium.js';

/**
 * Registers the hooks in the calling describe(); returns { server, browser },
 * filled in by the time its tests run. extraArgs go to launchChromium().
 */
export function useDemoServerAndChromium(extraArgs = []) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer({ index: '/demos/' });
    env.browser = await launchChromium(extraArgs);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
