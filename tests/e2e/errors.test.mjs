// No `error` event from the page while a reader reads, scrolls, rotates and resizes (error
// trackers on a news site record every one: "ResizeObserver loop completed with undelivered
// notifications" is such an event, not a console message). And a browser that refuses every
// 2D canvas context (Safari's canvas memory cap, anti-fingerprinting extensions) gets a
// readable static page instead of a storm of panics.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectErrors, launch, serveDist, trackRequests } from './lib.mjs';
import { VIEWPORTS, gotoLive, scrollThrough, scrollToStep, settle, storyThemes } from './qa.mjs';

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

/** Init script: every window `error` event and unhandled rejection, in `window.__errorEvents`. */
function recordErrorEvents() {
  const seen = (window.__errorEvents = []);
  addEventListener('error', (e) => seen.push(`error: ${e.message || e.target?.src || e.type}`), true);
  addEventListener('unhandledrejection', (e) => seen.push(`unhandled rejection: ${e.reason}`));
}

const errorEvents = (page) => page.evaluate(() => window.__errorEvents);

test('the recorder sees a ResizeObserver loop error (control)', { timeout: 30_000 }, async () => {
  const context = await browser.newContext();
  try {
    await context.addInitScript(recordErrorEvents);
    const page = await context.newPage();
    await page.goto(`${server.url}embed.html`, { waitUntil: 'load' });
    await page.evaluate(
      () =>
        new Promise((done) => {
          const el = document.createElement('div');
          document.body.append(el);
          let n = 0;
          new ResizeObserver(() => {
            if (n++ < 3) el.style.height = `${10 + n * 10}px`;
          }).observe(el);
          setTimeout(done, 300);
        }),
    );
    const seen = await errorEvents(page);
    assert.ok(seen.some((e) => /ResizeObserver loop/.test(e)), `recorded: ${JSON.stringify(seen)}`);
  } finally {
    await context.close();
  }
});

describe('no error events while reading, scrolling, rotating and resizing', { timeout: 300_000 }, () => {
  let context;
  let page;
  let errors;
  let requests;

  before(async () => {
    context = await browser.newContext(VIEWPORTS[375]);
    await context.addInitScript(recordErrorEvents);
    page = await context.newPage();
    errors = collectErrors(page);
    requests = trackRequests(page);
    await gotoLive(page, server.url);
  });

  after(async () => {
    await context?.close();
  });

  test('the story, scrolled through at 375 px, rotated, resized to 320, 414, 768 and 1280 px', async () => {
    await scrollThrough(page, { fraction: 0.25 });
    const sizes = [
      { width: 812, height: 375 }, // landscape
      { width: 375, height: 812 },
      { width: 320, height: 568 },
      { width: 414, height: 896 },
      { width: 768, height: 1024 },
      { width: 1280, height: 800 },
    ];
    for (const size of sizes) {
      await page.setViewportSize(size);
      await settle(page);
      // Into each chapter at its last step, where charts swap.
      for (const theme of storyThemes()) await scrollToStep(page, theme.id, theme.steps.length - 1);
    }
    await scrollThrough(page, { fraction: 0.5 });
    assert.deepEqual(await errorEvents(page), []);
    assert.deepEqual(errors, []);
  });

  test('embed.html, shown, resized and switched to another card', async () => {
    const themes = storyThemes();
    const [a, b] = [themes[0].charts[0], themes[2].charts[1]];
    await page.setViewportSize({ width: 375, height: 812 });
    // The story's images for the narrower screen, which the resize just started, finish
    // first: leaving the page would cut them short (net::ERR_ABORTED), a failure the test
    // itself caused.
    await requests.idle();
    await page.goto(`${server.url}embed.html#${a}`, { waitUntil: 'load' });
    await page.waitForSelector(`#${a} .chart-box.is-live`, { timeout: 30_000 });
    for (const width of [320, 600, 375]) {
      await page.setViewportSize({ width, height: 700 });
      await settle(page);
    }
    await page.evaluate((b) => (location.hash = b), b);
    await page.waitForSelector(`#${b} .chart-box.is-live`, { timeout: 30_000 });
    await settle(page);
    assert.deepEqual(await errorEvents(page), []);
    assert.deepEqual(errors, []);
  });
});

describe('a browser that refuses every 2D canvas context', { timeout: 300_000 }, () => {
  let context;
  let page;
  let errors;

  before(async () => {
    context = await browser.newContext(VIEWPORTS[375]);
    await context.addInitScript(recordErrorEvents);
    await context.addInitScript(() => {
      // The app's canvases and its text measurer get no 2D context; the test keeps one.
      const real = HTMLCanvasElement.prototype.getContext;
      window.__realGetContext = real;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === '2d' ? null : real.call(this, kind, ...rest);
      };
    });
    page = await context.newPage();
    errors = collectErrors(page);
    await page.goto(server.url, { waitUntil: 'load' });
    // Hydration may or may not leave `live` on (a refused context is not a panic); either
    // way the islands get their chance to run first.
    await page.waitForFunction(() => document.querySelector('[data-island]'), null, { timeout: 30_000 });
    await page.waitForTimeout(0);
    await settle(page);
  });

  after(async () => {
    await context?.close();
  });

  test('at every step the chart the reader sees is its loaded static image, never a blank canvas', async () => {
    const wrong = [];
    for (const theme of storyThemes()) {
      for (let i = 0; i < theme.steps.length; i++) {
        const live = await page.evaluate(() => document.documentElement.classList.contains('live'));
        if (live) await scrollToStep(page, theme.id, i);
        else await page.locator(`.step[data-theme="${theme.id}"][data-step="${i}"]`).scrollIntoViewIfNeeded();
        await settle(page);
        const want = theme.charts[theme.steps[i].chart];
        const seen = await page.evaluate((id) => {
          const fig = document.querySelector(`figure[data-chart="${id}"]`);
          const img = fig.querySelector('img.chart-static');
          const canvas = fig.querySelector('canvas');
          const shown = (el) => {
            const r = el.getBoundingClientRect();
            return getComputedStyle(el).display !== 'none' && r.width > 1 && r.height > 1 && getComputedStyle(fig).clipPath === 'none';
          };
          return { img: shown(img), loaded: img.complete && img.naturalWidth > 0, canvas: shown(canvas) };
        }, want);
        if (!seen.img || seen.canvas) wrong.push(`${theme.id} step ${i + 1} (${want}): ${JSON.stringify(seen)}`);
        if (seen.img && !seen.loaded) {
          await page.waitForFunction(
            (id) => document.querySelector(`figure[data-chart="${id}"] img.chart-static`).naturalWidth > 0,
            want,
            { timeout: 10_000 },
          ).catch(() => wrong.push(`${theme.id} step ${i + 1} (${want}): the static image did not load`));
        }
      }
    }
    assert.deepEqual(wrong, [], wrong.join('\n'));
  });

  test('no panic storm: at most one panic line, and no other error', async () => {
    const panics = errors.filter((e) => /wushan: the interactive story stopped/.test(e));
    const traps = errors.filter((e) => /page error/.test(e));
    const other = errors.filter((e) => !panics.includes(e) && !traps.includes(e));
    assert.ok(panics.length <= 1, `${panics.length} panics:\n${panics.join('\n')}`);
    assert.ok(traps.length <= 1, `${traps.length} uncaught errors:\n${traps.join('\n')}`);
    assert.deepEqual(other, []);
    // A panic, if there was one, put the page back to its static state.
    if (panics.length) {
      const state = await page.evaluate(() => ({
        live: document.documentElement.classList.contains('live'),
        isLive: document.querySelectorAll('.is-live').length,
      }));
      assert.deepEqual(state, { live: false, isLive: 0 });
    }
  });
});
