// What a step change costs on the scroll path. A step that brings out a chart laid out
// beforehand (in idle time, at the shown chart's width) must not lay it out again unless
// its size changes: a relayout re-measures its text, resets its canvas and draws it on the
// step's frame.
//
// A relayout is seen where it ends: web::chart sets the canvas's `width`, then its `height`.
// The page's setters are wrapped to record, for each relayout, the canvas's backing size
// before and after.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDist } from './lib.mjs';
import { gotoLive, scrollToStep, storyThemes } from './qa.mjs';

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

function recordRelayouts() {
  window.__relayouts = [];
  const proto = HTMLCanvasElement.prototype;
  const width = Object.getOwnPropertyDescriptor(proto, 'width');
  const height = Object.getOwnPropertyDescriptor(proto, 'height');
  const before = new WeakMap();
  Object.defineProperty(proto, 'width', {
    get: width.get,
    set(v) {
      before.set(this, [width.get.call(this), height.get.call(this)]);
      width.set.call(this, v);
    },
  });
  Object.defineProperty(proto, 'height', {
    get: height.get,
    set(v) {
      const was = before.get(this) || [null, null];
      before.delete(this);
      height.set.call(this, v);
      const chart = this.closest && this.closest('.chart-card')?.dataset.chart;
      window.__relayouts.push({ chart, was, now: [width.get.call(this), v] });
    },
  });
}

test('a step that brings out a chart laid out beforehand does not lay it out again at the same size', { timeout: 240_000 }, async () => {
  // A phone: one column, so each chart is fitted to its card's height budget.
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await context.addInitScript(recordRelayouts);
  const page = await context.newPage();
  const idle = () =>
    page.evaluate(async () => {
      for (let i = 0; i < 3; i++) await new Promise((done) => requestIdleCallback(done, { timeout: 1000 }));
    });
  try {
    await gotoLive(page, server.url);
    const shown = new Set();
    let checked = 0;
    for (const theme of storyThemes()) {
      // Near the chapter, so that its charts are laid out in idle time, hidden ones too.
      await page.evaluate((id) => {
        const top = document.getElementById(id).getBoundingClientRect().top + window.scrollY;
        window.scrollTo(0, Math.max(0, top - window.innerHeight * 1.5));
      }, theme.id);
      await page.waitForFunction(
        (id) => [...document.querySelectorAll(`#${id} .chart-card canvas`)].every((c) => c.style.width !== ''),
        theme.id,
        { timeout: 15_000 },
      );
      await idle();
      for (let i = 0; i < theme.steps.length; i++) {
        await page.evaluate(() => (window.__relayouts = []));
        await scrollToStep(page, theme.id, i);
        await idle();
        const active = await page.evaluate(
          (id) => document.querySelector(`#${id} .chart-card.is-active`)?.dataset.chart,
          theme.id,
        );
        assert.equal(active, theme.charts[theme.steps[i].chart], `${theme.id} step ${i} shows its chart`);
        shown.add(active);
        const same = (await page.evaluate(() => window.__relayouts)).filter(
          (r) => r.was[0] === r.now[0] && r.was[1] === r.now[1],
        );
        assert.deepEqual(same, [], `${theme.id} step ${i}: charts laid out again at the size they had`);
        checked += 1;
      }
    }
    // Every chart of the story was brought out by a step (the test walked them all).
    const charts = storyThemes().flatMap((t) => t.charts);
    assert.deepEqual([...shown].sort(), [...new Set(charts)].sort(), 'every chart was shown by a step');
    assert.ok(checked >= 10, `${checked} steps walked`);
  } finally {
    await context.close();
  }
});
