// The core subset in Firefox ESR (Debian's firefox-esr, driven over WebDriver BiDi by
// puppeteer-core, no geckodriver), at a phone viewport: the page hydrates, each step of the
// first chapter makes its chart drawn (canvas pixels), and no window error event fires.
// Skipped when $FIREFOX (default /usr/bin/firefox-esr) is not installed.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { serveDist } from './lib.mjs';
import { storyThemes } from './qa.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

describe('Firefox ESR at 375×812', { skip: !existsSync(FIREFOX) && `${FIREFOX} is not installed`, timeout: 240_000 }, () => {
  let server;
  let browser;
  let page;

  before(async () => {
    server = await serveDist();
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi' });
    page = await browser.newPage();
    await page.setViewport({ width: 375, height: 812, deviceScaleFactor: 2, isMobile: false, hasTouch: false });
    await page.evaluateOnNewDocument(() => {
      const seen = (window.__errorEvents = []);
      addEventListener('error', (e) => seen.push(`error: ${e.message || e.type}`), true);
      addEventListener('unhandledrejection', (e) => seen.push(`unhandled rejection: ${e.reason}`));
    });
    await page.goto(server.url, { waitUntil: 'load' });
  });

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

  test('no window error event', async () => {
    assert.deepEqual(await page.evaluate(() => window.__errorEvents), []);
  });
});
