// What a step change costs on the scroll path. A step that brings out a chart laid out
// beforehand (in idle time, at the shown chart's width) must not lay it out again unless
// its size changes: a relayout re-measures its text, resets its canvas and draws it on the
// step's frame.
//
// A relayout is seen where it ends: web::chart sets the canvas's `width`, then its `height`.
// The page's setters are wrapped to record, for each relayout, the canvas's backing size
// before and after.
//
// And what idle time does instead: a chart is laid out in one idle period and drawn in the
// next (together they were one long task), a chart a step hides gets its new state there,
// and whatever wants a chart before its drawing period draws it at once.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDist } from './lib.mjs';
import { gotoLive, holdIdle, idlePeriods, runIdle, scrollToStep, settle, storyThemes, waitChartFinal } from './qa.mjs';

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
      await idlePeriods(page);
      for (let i = 0; i < theme.steps.length; i++) {
        await page.evaluate(() => (window.__relayouts = []));
        await scrollToStep(page, theme.id, i);
        await idlePeriods(page);
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

test('a chart laid out in idle time draws its first frame in a later idle period; a step that shows it before then draws it at once', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  // Idle callbacks wait until the test runs them, one batch at a time: what a batch queues
  // runs in the next.
  await context.addInitScript(holdIdle);
  const page = await context.newPage();
  const idleBatch = async () => {
    const ran = await runIdle(page);
    await settle(page);
    return ran;
  };
  // Laid out: web::chart has set its canvas's CSS size. Drawn: its box is `is-live`.
  const states = (theme) =>
    page.evaluate(
      (theme) =>
        Object.fromEntries(
          [...document.querySelectorAll(`#${theme} .chart-card`)].map((card) => [
            card.dataset.chart,
            {
              laid: card.querySelector('canvas').style.width !== '',
              drawn: card.querySelector('.chart-box').classList.contains('is-live'),
            },
          ]),
        ),
      theme,
    );
  try {
    const theme = storyThemes()[0];
    await gotoLive(page, server.url);
    // The islands wake in the first batch; then the chapter, within a screen of the top,
    // has its charts laid out, none of them drawn in the same batch.
    let laid = null;
    for (let batch = 0; batch < 6 && !laid; batch++) {
      assert.ok((await idleBatch()) > 0, `batch ${batch}: idle work was queued`);
      const s = await states(theme.id);
      const ids = Object.keys(s).filter((id) => s[id].laid);
      if (ids.length) laid = { ids, s };
    }
    assert.ok(laid, `${theme.id}: charts laid out in idle time`);
    for (const id of laid.ids) assert.equal(laid.s[id].drawn, false, `${id} is drawn in the batch that laid it out`);
    // A step brings out one of them before the next idle period: it is drawn at once.
    const index = theme.steps.findIndex((step) => step.chart !== theme.steps[0].chart);
    assert.ok(index > 0, `${theme.id} has a step showing another chart than its first step's`);
    const id = theme.charts[theme.steps[index].chart];
    assert.ok(laid.ids.includes(id), `${id} was laid out`);
    await scrollToStep(page, theme.id, index);
    await page.waitForFunction(
      (id) => document.querySelector(`.chart-card[data-chart="${id}"] .chart-box`).classList.contains('is-live'),
      id,
      { timeout: 5_000 },
    );
    // The next idle period draws the others.
    await idleBatch();
    const after = await states(theme.id);
    assert.deepEqual(
      laid.ids.filter((c) => !after[c].drawn),
      [],
      `${theme.id}: every chart laid out is drawn after the next idle period`,
    );
    // A wider screen: the hidden charts, drawn before, are laid out again in idle time. The
    // keyboard reaching one before its next idle period finds it drawn, not a blank canvas.
    // First the chart of step 0 is shown (its intro runs to the end), then hidden again.
    const first = theme.charts[theme.steps[0].chart];
    await scrollToStep(page, theme.id, 0);
    await waitChartFinal(page, first);
    await scrollToStep(page, theme.id, index);
    await idleBatch();
    await page.setViewportSize({ width: 414, height: 812 });
    await settle(page);
    const width = () => page.evaluate((id) => document.querySelector(`.chart-card[data-chart="${id}"] canvas`).width, first);
    const was = await width();
    for (let batch = 0; batch < 4 && (await width()) === was; batch++) await idleBatch();
    assert.notEqual(await width(), was, `${first} was laid out again at the new width`);
    await page.evaluate((id) => document.querySelector(`.chart-card[data-chart="${id}"] canvas`).focus(), first);
    await settle(page);
    const painted = await page.evaluate((id) => {
      const c = document.querySelector(`.chart-card[data-chart="${id}"] canvas`);
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n += 1;
      return n;
    }, first);
    assert.ok(painted > 0, `${first} focused before its idle period: the canvas is blank`);
  } finally {
    await context.close();
  }
});

test('a step change draws the chart it brings out, not the one it hides: that one gets its new state in idle time', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await context.addInitScript(holdIdle);
  // Which charts' canvases are drawn on (the text measuring canvas is in no card).
  await context.addInitScript(() => {
    window.__drawn = new Set();
    const proto = CanvasRenderingContext2D.prototype;
    for (const name of ['fillRect', 'clearRect', 'fillText', 'fill', 'stroke']) {
      const original = proto[name];
      proto[name] = function (...args) {
        const chart = this.canvas.closest && this.canvas.closest('.chart-card')?.dataset.chart;
        if (chart) window.__drawn.add(chart);
        return original.apply(this, args);
      };
    }
  });
  const page = await context.newPage();
  const drain = async () => {
    for (let batch = 0; batch < 10 && (await runIdle(page)) > 0; batch++) await settle(page);
  };
  const drawn = () => page.evaluate(() => [...window.__drawn].sort());
  try {
    // Two steps in a row that show different charts, the first with highlights: leaving it
    // changes what the first chart should show.
    const theme = storyThemes().find((t) => t.steps.some((s, i) => i > 0 && s.chart !== t.steps[i - 1].chart && t.steps[i - 1].highlight));
    const index = theme.steps.findIndex((s, i) => i > 0 && s.chart !== theme.steps[i - 1].chart && theme.steps[i - 1].highlight);
    const [left, shown] = [theme.charts[theme.steps[index - 1].chart], theme.charts[theme.steps[index].chart]];
    await gotoLive(page, server.url);
    await drain();
    await scrollToStep(page, theme.id, index - 1);
    await drain();
    await waitChartFinal(page, left);
    await drain();
    await page.evaluate(() => window.__drawn.clear());
    await scrollToStep(page, theme.id, index);
    const onStep = await drawn();
    assert.ok(onStep.includes(shown), `step ${index} of ${theme.id} draws ${shown}: ${onStep}`);
    assert.ok(!onStep.includes(left), `step ${index} of ${theme.id} draws ${left}, which it hides: ${onStep}`);
    await runIdle(page);
    await settle(page);
    assert.ok((await drawn()).includes(left), `${left} gets its new state in the next idle period`);
    // Brought out again, it shows its step's state at once.
    await page.evaluate(() => window.__drawn.clear());
    await scrollToStep(page, theme.id, index - 1);
    assert.ok((await drawn()).includes(left), `back at step ${index - 1}, ${left} is drawn`);
  } finally {
    await context.close();
  }
});
