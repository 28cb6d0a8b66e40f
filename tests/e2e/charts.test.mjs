// The live charts at devicePixelRatio 1, 2 and 3: backing store = CSS size × DPR, the
// intro ends on the static render (charts/<id>.svg), reduced motion starts final, a tap
// reads a mark out, a touch gesture that starts on a chart still scrolls the page, charts
// are laid out in idle time as their chapter nears, and the islands wake after the start
// (a deep link's chapter at it) without losing a keyboard's focus, and a deep link's chart
// on screen is final by the live page's first frame.
//
// The screen is sized so that the chart box is exactly as wide as the static SVGs are
// laid out (their `width` attribute), so canvas and SVG share one layout and can be
// compared pixel by pixel. See installPageHelpers in qa.mjs for the comparison.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, launch, serveDist } from './lib.mjs';
import { gotoLive, idlePeriods, installPageHelpers, runIdle, scrollToStep, settle, storyThemes, waitChartFinal } from './qa.mjs';

/** Shape match needed for "this is the final frame" (see qa.mjs). Progress 0 scores under 0.95. */
const SHAPE_MIN = 0.98;
/** Tone match needed when nothing is highlighted (canvas vs SVG text rendering differ a little). */
const TONE_MIN = 0.85;

let server;
let browser;
let staticWidth;
let screenWidth;

/** The CSS width the static SVGs were laid out at (all the same). */
function svgWidth() {
  const dir = join(distDir(), 'charts');
  const widths = new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.svg'))
      .map((f) => Number(readFileSync(join(dir, f), 'utf8').match(/<svg[^>]*\swidth="([\d.]+)"/)[1])),
  );
  assert.equal(widths.size, 1, `static SVGs have different widths: ${[...widths]}`);
  return [...widths][0];
}

/** Every step in story order, with the chart it shows and whether it highlights. */
function storySteps() {
  return storyThemes().flatMap((t) =>
    t.steps.map((s, i) => ({ theme: t.id, step: i, chart: t.charts[s.chart], highlight: s.highlight })),
  );
}

before(async () => {
  server = await serveDist();
  browser = await launch();
  staticWidth = svgWidth();
  // Page chrome around a chart box on a one-column screen (under 900 px).
  const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const page = await context.newPage();
  await gotoLive(page, server.url);
  const box = await page.evaluate(() => document.querySelector('.chart-card.is-active .chart-box').clientWidth);
  await context.close();
  screenWidth = staticWidth + (800 - box);
  assert.ok(screenWidth < 900, `a ${screenWidth} px screen would have two columns`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function describeCmp(c) {
  return `shape ${c.shape.toFixed(3)}, tone ${c.tone.toFixed(3)}, ink ${c.ink}, CSS ${c.cssWidth}×${c.cssHeight} vs SVG ${c.svgWidth}×${c.svgHeight}`;
}

for (const dpr of [1, 2, 3]) {
  describe(`charts at devicePixelRatio ${dpr}`, { timeout: 300_000 }, () => {
    test('backing store is CSS size × DPR; the intro starts from progress 0 and ends on the static render', async () => {
      const context = await browser.newContext({ viewport: { width: screenWidth, height: 900 }, deviceScaleFactor: dpr });
      await context.addInitScript(installPageHelpers);
      const page = await context.newPage();
      try {
        await gotoLive(page, server.url);
        const problems = [];
        const shown = new Set();
        let compared = 0;
        for (const s of storySteps()) {
          const first = !shown.has(s.chart);
          shown.add(s.chart);
          await page.evaluate((id) => window.__qa.record(id, 1), s.chart);
          await scrollToStep(page, s.theme, s.step);
          await waitChartFinal(page, s.chart);
          const r = await page.evaluate(async (id) => {
            const c = window.__qa.canvasOf(id);
            const css = c.getBoundingClientRect();
            const cmp = await window.__qa.compareWithStatic(id);
            const firstFrame = window.__qa.recorded[0];
            const firstCmp = firstFrame ? await window.__qa.compareWithStatic(id, firstFrame) : null;
            return { width: c.width, height: c.height, css: [css.width, css.height], cmp, firstCmp };
          }, s.chart);
          const where = `${s.theme} step ${s.step}, ${s.chart}`;
          if (r.width !== Math.round(r.css[0] * dpr) || r.height !== Math.round(r.css[1] * dpr)) {
            problems.push(`${where}: backing ${r.width}×${r.height} for CSS ${r.css.join('×')}`);
          }
          if (r.cmp.cssWidth !== staticWidth) {
            problems.push(`${where}: drawn ${r.cmp.cssWidth} px wide, the static SVG ${staticWidth} px: not comparable`);
            continue;
          }
          if (r.cmp.ink === 0) problems.push(`${where}: blank canvas`);
          if (r.cmp.shape < SHAPE_MIN) problems.push(`${where}: final frame differs from the static render (${describeCmp(r.cmp)})`);
          if (!s.highlight && r.cmp.tone < TONE_MIN) problems.push(`${where}: final colours differ from the static render (${describeCmp(r.cmp)})`);
          // The first frame on screen of a chart shown for the first time is the start of
          // its intro, and the comparison must tell it from the end.
          if (first) {
            if (!r.firstCmp) problems.push(`${where}: no frame recorded`);
            else if (r.firstCmp.shape >= SHAPE_MIN) problems.push(`${where}: the first frame is already final (${describeCmp(r.firstCmp)}): no intro, or the comparison is blind`);
          }
          compared++;
        }
        const cards = await page.evaluate(() => document.querySelectorAll('.chapter figure.chart-card').length);
        assert.ok(cards > 0, 'the story has chart cards');
        assert.equal(shown.size, cards, `${shown.size} of the story's ${cards} charts shown by its steps`);
        assert.deepEqual(problems, [], `${compared} steps compared`);
      } finally {
        await context.close();
      }
    });
  });
}

test('reduced motion: the first frame on screen is the final one', { timeout: 300_000 }, async () => {
  const context = await browser.newContext({
    viewport: { width: screenWidth, height: 900 },
    deviceScaleFactor: 2,
    reducedMotion: 'reduce',
  });
  await context.addInitScript(installPageHelpers);
  const page = await context.newPage();
  try {
    await gotoLive(page, server.url);
    const problems = [];
    const shown = new Set();
    for (const s of storySteps()) {
      if (shown.has(s.chart)) continue;
      shown.add(s.chart);
      await page.evaluate((id) => window.__qa.record(id, 2), s.chart);
      await scrollToStep(page, s.theme, s.step);
      await page.waitForFunction(() => window.__qa.recorded.length >= 2, null, { timeout: 5_000 });
      const frames = await page.evaluate(async (id) => {
        const out = [];
        for (const f of window.__qa.recorded) out.push(await window.__qa.compareWithStatic(id, f));
        return out;
      }, s.chart);
      frames.forEach((c, i) => {
        if (c.shape < SHAPE_MIN || (!s.highlight && c.tone < TONE_MIN)) {
          problems.push(`${s.theme} step ${s.step}, ${s.chart}, frame ${i + 1}: not final (${describeCmp(c)})`);
        }
      });
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a tap on a mark writes its figure into the readout', { timeout: 300_000 }, async () => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
  });
  await context.addInitScript(installPageHelpers);
  const page = await context.newPage();
  try {
    await gotoLive(page, server.url);
    const problems = [];
    const shown = new Set();
    for (const s of storySteps()) {
      if (shown.has(s.chart)) continue;
      shown.add(s.chart);
      await scrollToStep(page, s.theme, s.step);
      await waitChartFinal(page, s.chart);
      // A mark the reader can see: the middle of the longest run of saturated (chart
      // colour) pixels in a row, among those not covered by a step card.
      const spot = await page.evaluate((id) => {
        const c = window.__qa.canvasOf(id);
        const { data, width, height } = window.__qa.snapshot(id);
        const r = c.getBoundingClientRect();
        const scale = r.width / width;
        const runs = [];
        for (let y = 0; y < height; y += 2) {
          let run = 0;
          for (let x = 0; x <= width; x++) {
            const i = (y * width + x) * 4;
            const sat = x < width && data[i + 3] > 200 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 80;
            if (sat) run++;
            else {
              if (run > 0) runs.push({ run, x: r.left + (x - run / 2) * scale, y: r.top + y * scale });
              run = 0;
            }
          }
        }
        runs.sort((a, b) => b.run - a.run);
        return runs.find((p) => p.y > 0 && p.y < innerHeight && document.elementFromPoint(p.x, p.y) === c) ?? null;
      }, s.chart);
      if (!spot) {
        problems.push(`${s.chart}: no visible coloured mark to tap`);
        continue;
      }
      const readout = page.locator(`figure[data-chart="${s.chart}"] .readout`);
      const before = (await readout.textContent()).trim();
      await page.touchscreen.tap(spot.x, spot.y);
      await settle(page);
      const after = (await readout.textContent()).trim();
      const figures = await page.evaluate(
        (id) => [...document.querySelectorAll(`figure[data-chart="${id}"] tbody td:nth-child(2)`)].map((td) => td.textContent.trim()),
        s.chart,
      );
      if (!after || !figures.some((f) => after.includes(f))) {
        problems.push(`${s.chart}: tap at ${Math.round(spot.x)},${Math.round(spot.y)} gave readout "${after}" (was "${before}"); figures ${figures.join(' / ')}`);
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a touch gesture that starts on a chart scrolls the page', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
  });
  await context.addInitScript(installPageHelpers);
  const page = await context.newPage();
  try {
    await gotoLive(page, server.url);
    await scrollToStep(page, 'jobs', 1);
    await waitChartFinal(page, await page.evaluate(() => document.querySelector('#jobs .chart-card.is-active').dataset.chart));
    const { x, y, touchAction } = await page.evaluate(() => {
      const c = document.querySelector('#jobs .chart-card.is-active canvas');
      const r = c.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + Math.min(r.height / 2, 120), touchAction: getComputedStyle(c).touchAction };
    });
    assert.match(touchAction, /pan-y|auto|manipulation/, `touch-action on the canvas: ${touchAction}`);
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName, [x, y]);
    assert.equal(hit, 'CANVAS', 'the gesture must start on the chart');
    const scrollBefore = await page.evaluate(() => window.scrollY);
    const cdp = await context.newCDPSession(page);
    const point = (py) => [{ x, y: py, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(y) });
    for (let i = 1; i <= 10; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(y - i * 25) });
      await page.waitForTimeout(16);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await page.waitForTimeout(500);
    const scrollAfter = await page.evaluate(() => window.scrollY);
    assert.ok(scrollAfter - scrollBefore > 100, `a 250 px swipe up on the chart scrolled ${scrollAfter - scrollBefore} px`);
  } finally {
    await context.close();
  }
});

test('charts are laid out in idle time when their chapter nears, before any step shows them', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  // A chart is laid out once it has a CSS size on its canvas (web::chart sets it).
  const laidOut = (theme) =>
    page.evaluate(
      (theme) =>
        [...document.querySelectorAll(`#${theme} .chart-card`)].map((card) => ({
          id: card.dataset.chart,
          laidOut: card.querySelector('canvas').style.width !== '',
        })),
      theme,
    );
  try {
    const themes = storyThemes().map((t) => t.id);
    const [first, last] = [themes[0], themes.at(-1)];
    await gotoLive(page, server.url);
    // The first chapter's charts, the hidden ones too, are ready before the reader gets there.
    await page.waitForFunction(
      (theme) => [...document.querySelectorAll(`#${theme} .chart-card canvas`)].every((c) => c.style.width !== ''),
      first,
      { timeout: 15_000 },
    );
    await idlePeriods(page, 5);
    const far = await laidOut(last);
    assert.ok(far.length > 1, `${last} has charts`);
    assert.deepEqual(far.filter((c) => c.laidOut), [], `${last} is far down the page: nothing laid out at start`);
    // Half a screen above the last chapter: no step of it is active, and its charts get laid out.
    await page.evaluate((theme) => {
      const top = document.getElementById(theme).getBoundingClientRect().top + window.scrollY;
      window.scrollTo(0, top - window.innerHeight * 1.5);
    }, last);
    await page.waitForFunction(
      (theme) => [...document.querySelectorAll(`#${theme} .chart-card canvas`)].every((c) => c.style.width !== ''),
      last,
      { timeout: 15_000 },
    );
    const top = await page.evaluate((theme) => document.getElementById(theme).getBoundingClientRect().top, last);
    assert.ok(top > 812, `the chapter is still below the screen (${top} px)`);
  } finally {
    await context.close();
  }
});

test('the island of the chart a deep link lands on wakes at start, the others in the first idle period after it; a canvas focused before its island wakes keeps the focus', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  // Idle callbacks wait until the test runs them, and each prerendered canvas is marked, so
  // a woken island (whose canvas Yew has replaced) can be told from one still waiting. The
  // islands still waiting are noted at the moment `live` is added.
  await context.addInitScript(() => {
    const held = (window.__idle = []);
    window.requestIdleCallback = (f) => held.push(f);
    window.__waiting = () =>
      [...document.querySelectorAll('[data-island]')].filter((el) => el.querySelector('canvas')?.__prerendered).map((el) => el.dataset.chart);
    document.addEventListener('DOMContentLoaded', () => {
      for (const c of document.querySelectorAll('[data-island] canvas')) c.__prerendered = true;
    });
    new MutationObserver((_, observer) => {
      if (!document.documentElement.classList.contains('live')) return;
      observer.disconnect();
      window.__atLive = window.__waiting();
      // The document, not <html>, which does not exist yet when this runs.
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['class'] });
  });
  try {
    const themes = storyThemes();
    const all = themes.flatMap((t) => t.charts).sort();
    const landed = themes[1];

    const deep = await context.newPage();
    await gotoLive(deep, `${server.url}#${landed.id}`);
    // Only the chart the chapter's first step shows: Yew yields to the browser after 16 ms
    // of work, and every island more before that yield put the shown chart's first frame
    // further back.
    const shown = landed.charts[landed.steps[0].chart];
    const atLive = await deep.evaluate(() => window.__atLive);
    assert.deepEqual(atLive.sort(), all.filter((id) => id !== shown), `at live on #${landed.id}`);
    await runIdle(deep);
    await deep.waitForFunction(() => window.__waiting().length === 0, null, { timeout: 5_000 });

    const page = await context.newPage();
    await gotoLive(page, server.url);
    assert.deepEqual((await page.evaluate(() => window.__atLive)).sort(), all, 'at live on /: no island woken yet');
    // A keyboard reaches a canvas of the live page before its island has woken.
    const far = themes.at(-1).charts[0];
    await page.evaluate((id) => document.querySelector(`[data-island][data-chart="${id}"] canvas`).focus(), far);
    assert.equal(await page.evaluate(() => document.activeElement.__prerendered), true, 'the prerendered canvas took the focus');
    await runIdle(page);
    await page.waitForFunction(() => window.__waiting().length === 0, null, { timeout: 5_000 });
    await page.waitForFunction(
      (id) => {
        const a = document.activeElement;
        return a.matches(`[data-chart="${id}"] canvas`) && !a.__prerendered;
      },
      far,
      { timeout: 5_000 },
    );
  } finally {
    await context.close();
  }
});

test('on a deep link the chart in view has its final frame before the live page\'s first frame', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
  // The charts that have drawn their final frame (web::chart marks it), in the first
  // animation frame after `live` is added.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.documentElement.classList.contains('live')) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        window.__atFirstFrame = performance
          .getEntriesByType('mark')
          .map((m) => m.name.match(/^wushan:chart-final:(.+)$/)?.[1])
          .filter(Boolean);
      });
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['class'] });
  });
  try {
    // Yew's scheduler yields to the browser after 16 ms of work, so on a loaded machine the
    // island's mount (and with it this frame) can come after the first frame; one load in
    // five is enough. Before this change it never came before it: the chart waited for its
    // visibility callback, which runs after the frame.
    const theme = storyThemes()[1];
    const seen = [];
    for (let load = 0; load < 5; load++) {
      const page = await context.newPage();
      await gotoLive(page, `${server.url}#${theme.id}`);
      await page.waitForFunction(() => window.__atFirstFrame);
      const shown = await page.evaluate((id) => document.querySelector(`#${id} .chart-card.is-active`).dataset.chart, theme.id);
      const final = await page.evaluate(() => window.__atFirstFrame);
      await page.close();
      seen.push({ shown, final });
      if (final.length === 1 && final[0] === shown) break;
    }
    const last = seen.at(-1);
    assert.deepEqual(last.final, [last.shown], JSON.stringify(seen));
  } finally {
    await context.close();
  }
});
