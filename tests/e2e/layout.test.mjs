// Phone layout of the scrolling chapters, balanced headings and dark illustrations.
//
// - At 320, 375 and 414 px, no step card covers its active chart: for every step, at the
//   moment the story makes it active (its frame's top passes the middle of the screen, as
//   a reader scrolls down), the bottom of the active chart card (title, chart, readout,
//   finding, source line) is above the top of the step's card.
// - Headlines and chapter titles never leave one character alone on a line.
// - Illustrations follow the colour scheme, and the page reports no CSP violation.
// - Screenshots at 375 px of one step per chapter go to tests/e2e/artifacts/.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { artifactPath, collectErrors, launch, serveDist } from './lib.mjs';
import { CHAPTERS, VIEWPORTS, gotoLive, installPageHelpers, settle, waitChartFinal } from './qa.mjs';

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

/** Scrolls so that the top of step `index` of `theme` is `px` above the middle line,
 *  waits until it is active, and returns the geometry of its card and its chart. */
async function restAtStep(page, theme, index, px = 4) {
  await page.evaluate(
    ([theme, index, px]) => {
      const el = document.querySelector(`.step[data-theme="${theme}"][data-step="${index}"]`);
      const y = el.getBoundingClientRect().top + window.scrollY - (window.innerHeight / 2 - px);
      window.scrollTo(0, Math.max(0, y));
    },
    [theme, index, px],
  );
  await settle(page);
  await page.waitForFunction(
    ([theme, index]) =>
      document.querySelector(`.step[data-theme="${theme}"][data-step="${index}"]`)?.classList.contains('is-active'),
    [theme, index],
    { timeout: 5_000 },
  );
  await settle(page);
  return page.evaluate(
    ([theme, index]) => {
      const step = document.querySelector(`.step[data-theme="${theme}"][data-step="${index}"]`);
      // The card is what paints: the step itself, or the child that carries the background.
      const painted = (el) => getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)';
      const card = painted(step) ? step : [...step.children].find(painted) ?? step;
      const chart = document.querySelector(`#${theme} .graphic .chart-card.is-active`);
      const c = card.getBoundingClientRect();
      const g = chart.getBoundingClientRect();
      const box = chart.querySelector('.chart-box').getBoundingClientRect();
      return {
        chart: chart.dataset.chart ?? chart.querySelector('[data-chart]')?.dataset.chart ?? chart.id,
        chartTop: g.top,
        chartBottom: g.bottom,
        boxHeight: box.height,
        cardTop: c.top,
        cardBottom: c.bottom,
        innerHeight: window.innerHeight,
      };
    },
    [theme, index],
  );
}

function stepCounts(page) {
  return page.evaluate((chapters) =>
    Object.fromEntries(chapters.map((t) => [t, document.querySelectorAll(`.step[data-theme="${t}"]`).length])),
    CHAPTERS,
  );
}

for (const width of [320, 375, 414]) {
  describe(`phone layout at ${width} px`, { timeout: 300_000 }, () => {
    let context;
    let page;
    let errors;

    before(async () => {
      context = await browser.newContext(VIEWPORTS[width]);
      await context.addInitScript(installPageHelpers);
      page = await context.newPage();
      errors = collectErrors(page);
      await gotoLive(page, server.url);
    });

    after(async () => {
      await context?.close();
    });

    test('no step card covers its active chart when the step becomes active', async () => {
      const counts = await stepCounts(page);
      const covered = [];
      let checked = 0;
      for (const theme of CHAPTERS) {
        assert.ok(counts[theme] >= 3, `${theme} has ${counts[theme]} steps`);
        for (let i = 0; i < counts[theme]; i++) {
          const g = await restAtStep(page, theme, i);
          checked++;
          assert.ok(g.boxHeight > 40, `${theme} step ${i + 1}: the chart box is only ${g.boxHeight} px tall`);
          if (g.chartBottom > g.cardTop + 0.5) {
            covered.push(
              `${theme} step ${i + 1}: chart ${g.chart} ends at ${Math.round(g.chartBottom)} px, the step card starts at ${Math.round(g.cardTop)} px`,
            );
          }
          if (width === 375 && i === 0) {
            await waitChartFinal(page, g.chart).catch(() => {});
            await page.screenshot({ path: artifactPath(`layout-375-${theme}-step1.png`) });
          }
        }
      }
      assert.ok(checked >= 16, `only ${checked} steps checked`);
      assert.deepEqual(covered, [], `step cards cover their charts:\n${covered.join('\n')}`);
    });

    test('the page reports no error (a CSP violation would be one)', () => {
      assert.deepEqual(errors, []);
    });
  });
}

/** In the page: the lines of `el` as strings, found from each character's box. */
function linesOf(page, selector) {
  return page.evaluate((selector) => {
    return [...document.querySelectorAll(selector)].map((el) => {
      const lines = [];
      let lastTop = null;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
          const ch = node.data[i];
          if (/\s/.test(ch)) continue;
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const r = range.getClientRects()[0];
          if (!r) continue;
          if (lastTop === null || r.top > lastTop + r.height / 2) {
            lines.push('');
            lastTop = r.top;
          }
          lines[lines.length - 1] += ch;
        }
      }
      return { text: el.textContent.trim(), lines };
    });
  }, selector);
}

describe('balanced headings', { timeout: 120_000 }, () => {
  for (const width of [320, 375, 414, 768, 1280]) {
    test(`no headline or chapter title leaves one character alone on a line at ${width} px`, async () => {
      const context = await browser.newContext(VIEWPORTS[width]);
      try {
        const page = await context.newPage();
        await gotoLive(page, server.url);
        const headings = await linesOf(page, 'h1, .chapter h2');
        assert.ok(headings.length >= 5, `found ${headings.length} headings`);
        const lonely = headings
          .filter((h) => h.lines.some((l) => [...l].length === 1))
          .map((h) => `“${h.text}” wraps as ${h.lines.map((l) => `[${l}]`).join(' ')}`);
        assert.deepEqual(lonely, [], lonely.join('\n'));
      } finally {
        await context.close();
      }
    });
  }
});

describe('illustrations in dark mode', { timeout: 120_000 }, () => {
  /** Mean brightness (0–255) of the hero and chapter illustrations as drawn on screen. */
  async function brightness(colorScheme) {
    const context = await browser.newContext({ ...VIEWPORTS[375], colorScheme });
    try {
      const page = await context.newPage();
      const errors = collectErrors(page);
      await gotoLive(page, server.url);
      const out = {};
      for (const sel of ['.hero-art', ...CHAPTERS.map((t) => `#${t} .chapter-art`)]) {
        const img = page.locator(sel);
        await img.scrollIntoViewIfNeeded();
        await settle(page);
        const png = await img.screenshot();
        out[sel] = await page.evaluate(async (b64) => {
          // An <img> with a data: URI, which the page's CSP allows (fetch() would not be).
          const bitmap = new Image();
          bitmap.src = `data:image/png;base64,${b64}`;
          await bitmap.decode();
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const ctx = canvas.getContext('2d');
          ctx.drawImage(bitmap, 0, 0);
          const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
          let sum = 0;
          for (let i = 0; i < d.length; i += 4) sum += 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
          return sum / (d.length / 4);
        }, png.toString('base64'));
      }
      return { out, errors };
    } finally {
      await context.close();
    }
  }

  test('every illustration is darker in the dark colour scheme, with no CSP error', async () => {
    const light = await brightness('light');
    const dark = await brightness('dark');
    for (const sel of Object.keys(light.out)) {
      assert.ok(light.out[sel] > 150, `${sel} in light mode has brightness ${light.out[sel].toFixed(0)}`);
      assert.ok(dark.out[sel] < 90, `${sel} in dark mode has brightness ${dark.out[sel].toFixed(0)} (light: ${light.out[sel].toFixed(0)})`);
    }
    assert.deepEqual([...light.errors, ...dark.errors], []);
  });
});
