// Smoke test of the release build on a phone-sized screen: the page has a
// title and a headline, draws a chart on a canvas, and logs no errors.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { artifactPath, canvasInk, collectErrors, launch, serveDist } from './lib.mjs';

/** A canvas counts as drawn when at least this many pixels differ from its corner. */
const MIN_INK_PIXELS = 100;
const CANVAS_TIMEOUT_MS = 15_000;

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('phone 375x812: title, headline, a drawn canvas, no errors', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(server.url, { waitUntil: 'load' });

    const title = await page.evaluate(() => document.title);
    assert.ok(title.trim().length > 0, 'document.title is empty');

    const h1 = page.locator('h1').first();
    await h1.waitFor({ timeout: CANVAS_TIMEOUT_MS });
    const headline = (await h1.textContent()) ?? '';
    assert.ok(headline.trim().length > 0, 'the h1 has no text');

    let canvases = [];
    const deadline = Date.now() + CANVAS_TIMEOUT_MS;
    do {
      canvases = await canvasInk(page);
      if (canvases.some((c) => c.ink >= MIN_INK_PIXELS)) break;
      await page.waitForTimeout(250);
    } while (Date.now() < deadline);
    assert.ok(canvases.length > 0, 'no <canvas> on the page');
    assert.ok(
      canvases.some((c) => c.ink >= MIN_INK_PIXELS),
      `no canvas was drawn within ${CANVAS_TIMEOUT_MS} ms: ${JSON.stringify(canvases)}`,
    );

    assert.deepEqual(errors, [], 'console errors or page errors');
  } finally {
    await page.screenshot({ path: artifactPath('smoke-375x812.png') });
    await page.screenshot({ path: artifactPath('smoke-375x812-full.png'), fullPage: true });
    await context.close();
  }
});
