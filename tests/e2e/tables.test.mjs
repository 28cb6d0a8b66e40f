// Tables never break inside a figure, a unit, a qualifier or a period, at any width from
// 320 px up: in the data table (#data) and in every chart card's table. And they still fit:
// a chart card's table is never wider than its card, the data table never wider than its
// scrolling box.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDist } from './lib.mjs';

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

/** In the page: cells (by selector) whose text runs over more than one line. */
function brokenCells(page, selector) {
  return page.evaluate((selector) => {
    const lines = (el) => {
      const tops = new Set();
      const range = document.createRange();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
          if (/\s/.test(node.data[i])) continue;
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const r = range.getClientRects()[0];
          if (r && r.width > 0) tops.add(Math.round(r.top + r.height / 2));
        }
      }
      // Characters of one line share a middle within a few px.
      const sorted = [...tops].sort((a, b) => a - b);
      return sorted.filter((t, i) => i === 0 || t - sorted[i - 1] > 4).length;
    };
    const cells = [...document.querySelectorAll(selector)].filter((c) => getComputedStyle(c).display !== 'none');
    return {
      checked: cells.filter((c) => c.textContent.trim()).length,
      broken: cells.filter((c) => lines(c) > 1).map((c) => c.textContent.trim()),
    };
  }, selector);
}

// Value, unit, qualifier and period columns of the data table; value and period of the
// chart cards' tables.
const DATA_CELLS = '.data-table td:nth-child(2), .data-table td:nth-child(3), .data-table td:nth-child(4), .data-table td:nth-child(5)';
const CARD_CELLS = '.chart-table td:nth-child(2), .chart-table td:nth-child(3)';

for (const width of [320, 360, 375, 414, 600, 768, 1024]) {
  describe(`tables at ${width} px`, { timeout: 60_000 }, () => {
    let context;
    let page;

    before(async () => {
      // The static page: every chart card and its table are in the flow.
      context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
      page = await context.newPage();
      await page.goto(server.url, { waitUntil: 'load' });
      await page.evaluate(() => document.querySelectorAll('details.chart-table').forEach((d) => (d.open = true)));
    });

    after(async () => {
      await context?.close();
    });

    test('no figure, unit, qualifier or period breaks over two lines', async () => {
      const data = await brokenCells(page, DATA_CELLS);
      const cards = await brokenCells(page, CARD_CELLS);
      assert.ok(data.checked >= 40, `only ${data.checked} data table cells`);
      assert.ok(cards.checked >= 40, `only ${cards.checked} chart table cells`);
      assert.deepEqual(data.broken, [], 'data table');
      assert.deepEqual(cards.broken, [], 'chart tables');
    });

    test('the tables still fit their boxes', async () => {
      const over = await page.evaluate(() => [
        ...[...document.querySelectorAll('.chart-card')]
          .filter((f) => f.querySelector('table').getBoundingClientRect().right > f.getBoundingClientRect().right + 0.5)
          .map((f) => `chart table of ${f.id}`),
        ...[...document.querySelectorAll('.table-wrap')]
          .filter((w) => w.scrollWidth > w.clientWidth + 1)
          .map(() => 'data table'),
      ]);
      assert.deepEqual(over, []);
    });
  });
}
