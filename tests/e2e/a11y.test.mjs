// Accessibility: axe (WCAG 2.0/2.1/2.2 A and AA) on load and in every step of every
// chapter, light and dark, with and without the wasm; a keyboard walk through the whole
// page; text alternatives and tables of every chart; heading order; the page language.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { launch, serveDist } from './lib.mjs';
import { VIEWPORTS, formatViolations, gotoLive, scrollToStep, settle, storyThemes } from './qa.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

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

/** Runs axe on the page (or inside `include`) and returns its violations. */
async function axe(page, include) {
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations;
}

/** Merges violation lists, one entry per rule, nodes deduplicated by selector. */
function merge(lists) {
  const byRule = new Map();
  for (const v of lists.flat()) {
    const have = byRule.get(v.id);
    if (!have) {
      byRule.set(v.id, { ...v, nodes: [...v.nodes] });
      continue;
    }
    for (const n of v.nodes) {
      if (!have.nodes.some((m) => m.target.join(' ') === n.target.join(' '))) have.nodes.push(n);
    }
  }
  return [...byRule.values()];
}

function assertNoViolations(violations, where) {
  assert.equal(violations.length, 0, `axe violations ${where}:\n${formatViolations(violations)}`);
}

for (const width of [375, 1280]) {
  const device = VIEWPORTS[width];

  describe(`accessibility at ${width} px`, { timeout: 300_000 }, () => {
    test('axe: no violations on load', async () => {
      const context = await browser.newContext(device);
      const page = await context.newPage();
      try {
        await gotoLive(page, server.url);
        assertNoViolations(await axe(page), 'on load');
      } finally {
        await context.close();
      }
    });

    test('axe: no violations in any step of any chapter, nor at the end', async () => {
      const context = await browser.newContext(device);
      const page = await context.newPage();
      try {
        await gotoLive(page, server.url);
        const found = [];
        for (const theme of storyThemes()) {
          for (let i = 0; i < theme.steps.length; i++) {
            await scrollToStep(page, theme.id, i);
            // Let the step's chart finish its intro, so the canvas is drawn.
            await page.waitForTimeout(1_000);
            found.push(await axe(page, `#${theme.id}`));
          }
        }
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        await settle(page);
        found.push(await axe(page));
        assertNoViolations(merge(found), 'while scrolling through the story');
      } finally {
        await context.close();
      }
    });

    test('axe: no violations in dark mode', async () => {
      const context = await browser.newContext({ ...device, colorScheme: 'dark' });
      const page = await context.newPage();
      try {
        await gotoLive(page, server.url);
        const found = [await axe(page)];
        for (const theme of storyThemes()) {
          await scrollToStep(page, theme.id, theme.steps.length - 1);
          found.push(await axe(page, `#${theme.id}`));
        }
        assertNoViolations(merge(found), 'in dark mode');
      } finally {
        await context.close();
      }
    });

    test('axe: no violations in the prerendered page when the wasm never arrives', async () => {
      // The page as a reader without wasm sees it (old browser, blocked download). Scripts
      // stay enabled, since axe runs as page script.
      const context = await browser.newContext(device);
      const page = await context.newPage();
      await page.route('**/*.wasm', (route) => route.abort());
      try {
        await page.goto(server.url, { waitUntil: 'load' });
        assert.equal(await page.evaluate(() => document.documentElement.classList.contains('live')), false);
        assertNoViolations(await axe(page), 'without the wasm');
      } finally {
        await context.close();
      }
    });

    test('keyboard: Tab reaches every control with a visible focus indicator; arrows read each chart', async () => {
      const context = await browser.newContext(device);
      const page = await context.newPage();
      try {
        await gotoLive(page, server.url);
        await page.evaluate(() => {
          const key = (el) => {
            const cs = getComputedStyle(el);
            return `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} | ${cs.boxShadow}`;
          };
          const name = (el) =>
            `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}` +
            `${el.closest('figure') ? ' in ' + el.closest('figure').id : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 16)}"`;
          window.__kb = { seen: [], elements: [], prev: null };
          window.__kb.step = () => {
            const kb = window.__kb;
            const el = document.activeElement;
            if (kb.prev && kb.prev.el !== el) kb.prev.blurred = key(kb.prev.el);
            if (!el || el === document.body || el === document.documentElement) return { done: true };
            const again = kb.elements.indexOf(el) >= 0;
            const r = el.getBoundingClientRect();
            const bar = document.querySelector('nav.bar').getBoundingClientRect();
            // WCAG 2.4.11: some of the element is visible (not behind the sticky bar or anything).
            const points = [
              [r.left + r.width / 2, r.top + r.height / 2],
              [r.left + 2, r.top + 2],
              [r.right - 2, r.bottom - 2],
              [r.left + 2, r.bottom - 2],
              [r.right - 2, r.top + 2],
            ];
            const shown = points.some(([x, y]) => {
              const hit = document.elementFromPoint(x, y);
              return hit && (hit === el || el.contains(hit));
            });
            const entry = { el, name: name(el), focused: key(el), blurred: null, shown, inBar: !!el.closest('nav.bar'), barBottom: bar.bottom, top: r.top };
            kb.prev = entry;
            if (!again) {
              kb.elements.push(el);
              kb.seen.push(entry);
            }
            return { done: again && el === kb.elements[0], name: entry.name };
          };
        });
        await page.evaluate(() => window.scrollTo(0, 0));
        let presses = 0;
        for (; presses < 600; presses++) {
          await page.keyboard.press('Tab');
          const s = await page.evaluate(() => window.__kb.step());
          if (s.done) break;
        }
        // Once more, so the last element is seen without focus.
        await page.evaluate(() => {
          document.activeElement?.blur();
          window.__kb.step();
        });
        const result = await page.evaluate(() => {
          const kb = window.__kb;
          const selector = 'a[href], button, summary, input, select, textarea, [tabindex]:not([tabindex="-1"])';
          const reached = new Set(kb.elements);
          return {
            count: kb.elements.length,
            // Not rendered (display: none, e.g. a control the screen has no room for) is not a
            // miss, nor is a closed dialog's control (the poster sheet's, `hidden`: out of the tab
            // order by design; poster.test.mjs walks the open sheet).
            missed: [...document.querySelectorAll(selector)]
              .filter((el) => !reached.has(el) && el.getClientRects().length > 0 && !el.closest('[hidden]'))
              .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.closest('figure')?.id ?? ''} "${el.textContent.trim().slice(0, 16)}"`),
            noIndicator: kb.seen
              .filter((e) => e.focused === e.blurred || /^none|^\S+ 0px/.test(e.focused) && /\| none$/.test(e.focused))
              .map((e) => `${e.name}: focused "${e.focused}", unfocused "${e.blurred}"`),
            hidden: kb.seen.filter((e) => !e.shown).map((e) => `${e.name} (top ${Math.round(e.top)}, bar ends ${Math.round(e.barBottom)})`),
            canvases: [...document.querySelectorAll('figure[data-chart] canvas')].map((c) => ({
              id: c.closest('figure').dataset.chart,
              reached: reached.has(c),
            })),
          };
        });
        console.log(`# ${width}px: ${result.count} elements reached in ${presses} Tab presses`);
        assert.deepEqual(result.missed, [], 'interactive elements Tab never reached');
        assert.deepEqual(result.noIndicator, [], 'focused elements without a visible focus indicator');
        assert.deepEqual(result.hidden, [], 'focused elements hidden behind something (WCAG 2.4.11)');
        assert.deepEqual(
          result.canvases.filter((c) => !c.reached).map((c) => c.id),
          [],
          'chart canvases Tab never reached',
        );

        // Arrow keys on every chart write a mark into its readout.
        const silent = [];
        for (const { id } of result.canvases) {
          const canvas = page.locator(`figure[data-chart="${id}"] canvas`);
          await canvas.focus();
          await settle(page);
          const readout = page.locator(`figure[data-chart="${id}"] .readout`);
          const before = await readout.textContent();
          await page.keyboard.press('ArrowRight');
          await settle(page);
          const first = await readout.textContent();
          await page.keyboard.press('ArrowRight');
          await settle(page);
          const second = await readout.textContent();
          const described = await canvas.evaluate((c) => document.getElementById(c.getAttribute('aria-describedby'))?.classList.contains('readout'));
          if (!first.trim() || first === before || !described) silent.push(`${id}: "${before}" -> "${first}" (described by readout: ${described})`);
          else if (second === first && (await page.evaluate((id) => document.querySelectorAll(`figure[data-chart="${id}"] tbody tr`).length, id)) > 1) {
            silent.push(`${id}: a second ArrowRight did not move on from "${first}"`);
          }
        }
        assert.deepEqual(silent, [], 'charts whose readout did not follow the arrow keys');
      } finally {
        await context.close();
      }
    });

    test('every chart has a text alternative and a table; headings in order; lang zh-CN', async () => {
      const context = await browser.newContext(device);
      const page = await context.newPage();
      try {
        await gotoLive(page, server.url);
        const facts = await page.evaluate(() => ({
          lang: document.documentElement.getAttribute('lang'),
          charts: [...document.querySelectorAll('figure[data-chart]')].map((f) => {
            const canvas = f.querySelector('canvas');
            const img = f.querySelector('img.chart-static');
            return {
              id: f.dataset.chart,
              canvasRole: canvas?.getAttribute('role'),
              // What names the canvas: its card's finding (the wasm does not carry the text).
              canvasLabel: (document.getElementById(canvas?.getAttribute('aria-labelledby') ?? '')?.textContent ?? '').trim(),
              imgAlt: (img?.getAttribute('alt') ?? '').trim(),
              caption: (f.querySelector('figcaption')?.textContent ?? '').trim(),
              title: (f.querySelector('h3, .chart-title')?.textContent ?? '').trim(),
              tableRows: f.querySelectorAll('table tbody tr').length,
              tableCaption: (f.querySelector('table caption')?.textContent ?? '').trim(),
              emptyCells: [...f.querySelectorAll('table tbody td')].filter((td) => !td.textContent.trim()).length,
            };
          }),
          headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => ({
            level: Number(h.tagName[1]),
            text: h.textContent.trim().slice(0, 20),
          })),
        }));
        // And the accessible name Chromium computes for each canvas, once every section is
        // laid out (assets/boot.js; a section that skips its rendering is not in the tree).
        await page.waitForFunction(() => !document.querySelector('#main > section:not(.laid)'), null, { timeout: 30_000 });
        const names = await canvasNames(page);
        assert.deepEqual(facts.charts.filter((c) => names.get(c.id) !== c.imgAlt).map((c) => [c.id, names.get(c.id)]), [], 'canvases not named by their finding');
        assert.equal(facts.lang, 'zh-CN');
        assert.ok(facts.charts.length >= 16, `${facts.charts.length} charts`);
        const bad = facts.charts.filter(
          (c) => c.canvasRole !== 'img' || !c.canvasLabel || c.canvasLabel !== c.imgAlt || !c.imgAlt || !c.caption || !c.title || c.tableRows < 1 || !c.tableCaption || c.emptyCells,
        );
        assert.deepEqual(bad, [], 'charts without a text alternative, caption or complete table');
        assert.equal(facts.headings.filter((h) => h.level === 1).length, 1, 'exactly one h1');
        assert.equal(facts.headings[0].level, 1, 'the first heading is the h1');
        const skips = [];
        facts.headings.reduce((prev, h) => {
          if (h.level > prev.level + 1) skips.push(`${prev.text} (h${prev.level}) -> ${h.text} (h${h.level})`);
          return h;
        });
        assert.deepEqual(skips, [], 'heading levels skipped');
      } finally {
        await context.close();
      }
    });
  });
}

/** Chart id → its canvas's accessible name, from Chromium's accessibility tree. */
async function canvasNames(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Accessibility.enable');
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const names = new Map();
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'figure[data-chart] canvas' });
    for (const nodeId of nodeIds) {
      const { node } = await cdp.send('DOM.describeNode', { nodeId });
      const attrs = Object.fromEntries(node.attributes.reduce((pairs, v, i, a) => (i % 2 ? pairs : [...pairs, [v, a[i + 1]]]), []));
      const id = (attrs['aria-describedby'] ?? '').replace(/^readout-/, '');
      const ax = nodes.find((n) => n.backendDOMNodeId === node.backendNodeId);
      names.set(id, (ax?.name?.value ?? '').trim());
    }
    return names;
  } finally {
    await cdp.detach();
  }
}
