// The core subset in Firefox ESR (Debian's firefox-esr, driven over WebDriver BiDi by
// puppeteer-core, no geckodriver), at a phone viewport: the page hydrates, each step of the
// first chapter makes its chart drawn (canvas pixels), a tap fills the readout, the no-wasm
// fallback shows every static chart, the one-file edition works from file://,
// embed.html#<id> shows one card, and no window error event fires. The in-page checks are
// the WebKit test's (webkit-lib.mjs). Skipped when $FIREFOX (default /usr/bin/firefox-esr)
// is not installed, except under CI=true, where that fails the run.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { distDir, serveDist } from './lib.mjs';
import { storyThemes } from './qa.mjs';
import { inPage } from './webkit-lib.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

const missing = !existsSync(FIREFOX) && `${FIREFOX} is not installed (cargo xtask setup --test installs it)`;

// Under CI=true a missing engine fails the run instead of skipping.
if (missing && /^(true|1)$/.test(process.env.CI ?? '')) {
  test('Firefox ESR is installed (required under CI=true)', () => assert.fail(missing));
}

describe('Firefox ESR at 375×812', { skip: missing, timeout: 240_000 }, () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await serveDist();
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' });
    page = await browser.newPage();
    page = await phonePage();
    await page.goto(server.url, { waitUntil: 'load' });
  });

  /** A new tab at 375×812 that records error events (and, with `noWasm`, has no WebAssembly). */
  async function phonePage({ noWasm = false } = {}) {
    const p = await browser.newPage();
    await p.setViewport({ width: 375, height: 812, deviceScaleFactor: 2, isMobile: false, hasTouch: false });
    await p.evaluateOnNewDocument(() => {
      const seen = (window.__errorEvents = []);
      addEventListener('error', (e) => seen.push(`error: ${e.message || e.type}`), true);
      addEventListener('unhandledrejection', (e) => seen.push(`unhandled rejection: ${e.reason}`));
    });
    if (noWasm) await p.evaluateOnNewDocument(() => delete window.WebAssembly);
    return p;
  }

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('hydrates', async () => {
    await page.waitForFunction(() => document.documentElement.classList.contains('live'), { timeout: 60_000 });
  });

  test('each step of the first chapter activates and its chart is drawn', async () => {
    const theme = storyThemes()[0];
    for (let i = 0; i < theme.steps.length; i++) {
      await page.evaluate(([t, i]) => {
        const el = document.querySelector(`.step[data-theme="${t}"][data-step="${i}"]`);
        scrollTo(0, el.getBoundingClientRect().top + scrollY - innerHeight * 0.4);
      }, [theme.id, i]);
      await page.waitForFunction(
        ([t, i]) => document.querySelector(`.step[data-theme="${t}"][data-step="${i}"]`).classList.contains('is-active'),
        { timeout: 10_000 },
        [theme.id, i],
      );
      const id = theme.charts[theme.steps[i].chart];
      const ink = await page.waitForFunction(
        (id) => {
          const c = document.querySelector(`figure[data-chart="${id}"] canvas`);
          if (!c?.width || getComputedStyle(c.closest('figure')).clipPath !== 'none') return 0;
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let k = 4; k < d.length; k += 4) if (d[k] !== d[0] || d[k + 1] !== d[1] || d[k + 2] !== d[2]) n++;
          return n > 500 && n;
        },
        { timeout: 15_000 },
        id,
      );
      assert.ok(await ink.jsonValue(), `${theme.id} step ${i + 1}: ${id} not drawn`);
    }
  });

  test('a tap on a mark fills the readout', async () => {
    const theme = storyThemes()[0];
    const last = theme.steps.length - 1;
    const id = theme.charts[theme.steps[last].chart];
    await page.evaluate(inPage.scrollToStep, theme.id, last);
    await page.waitForFunction(inPage.ink, { timeout: 15_000 }, id);
    const spot = await (await page.waitForFunction(inPage.tapSpot, { timeout: 15_000 }, id)).jsonValue();
    assert.equal((await page.evaluate(inPage.readout, id)).text, '', 'the readout is empty before the tap');
    await page.mouse.click(spot.x, spot.y);
    await page.waitForFunction(
      (id) => (document.querySelector(`figure[data-chart="${id}"] .readout`)?.textContent ?? '').trim() !== '',
      { timeout: 10_000 },
      id,
    );
    const { text, hasFigure } = await page.evaluate(inPage.readout, id);
    assert.ok(hasFigure, `tap at ${spot.x},${spot.y}: the readout "${text}" shows none of ${id}'s figures`);
  });

  test('no window error event', async () => {
    assert.deepEqual(await page.evaluate(() => window.__errorEvents), []);
  });

  test('without WebAssembly the static page shows every chart', async () => {
    const p = await phonePage({ noWasm: true });
    try {
      await p.goto(server.url, { waitUntil: 'load' });
      assert.equal(await p.evaluate(() => typeof WebAssembly), 'undefined', 'WebAssembly was not removed');
      const { count, notShown, live } = await p.evaluate(inPage.staticCharts);
      assert.ok(count >= storyThemes().reduce((n, t) => n + t.charts.length, 0), `${count} static charts`);
      assert.deepEqual(notShown, [], 'static charts not shown');
      assert.equal(live, false, 'the page went live without WebAssembly');
      const art = await p.evaluate(inPage.illustrations);
      assert.ok(art.count >= 1 + storyThemes().length, `${art.count} illustrations`);
      assert.deepEqual(art.notShown, [], 'illustrations not shown');
      assert.deepEqual(await p.evaluate(() => window.__errorEvents), []);
    } finally {
      await p.close();
    }
  });

  test('embed.html#<id> shows one card, drawn', async () => {
    const id = storyThemes()[0].charts[0];
    const p = await phonePage();
    try {
      await p.goto(`${server.url}embed.html#${id}`, { waitUntil: 'load' });
      assert.deepEqual(await p.evaluate(inPage.shownEmbedCards), [id]);
      await p.waitForFunction(inPage.ink, { timeout: 15_000 }, id);
      assert.deepEqual(await p.evaluate(() => window.__errorEvents), []);
    } finally {
      await p.close();
    }
  });

  test('the one-file edition works from file://', async () => {
    const dir = join(distDir(), 'offline');
    const [name] = readdirSync(dir).filter((f) => f.endsWith('.html'));
    assert.ok(name, 'dist/offline/ has no .html');
    const theme = storyThemes()[0];
    const p = await phonePage();
    try {
      await p.goto(pathToFileURL(join(dir, name)).href, { waitUntil: 'load' });
      await p.waitForFunction(() => document.documentElement.classList.contains('live'), { timeout: 60_000 });
      await p.evaluate(inPage.scrollToStep, theme.id, 0);
      await p.waitForFunction(inPage.ink, { timeout: 15_000 }, theme.charts[theme.steps[0].chart]);
      assert.deepEqual((await p.evaluate(inPage.illustrations)).notShown, [], 'illustrations not shown from file://');
      assert.deepEqual(await p.evaluate(() => window.__errorEvents), []);
    } finally {
      await p.close();
    }
  });
});
