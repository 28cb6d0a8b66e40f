// The story on five screen widths: layout, scroll-driven steps and URL hash, deep links,
// the CSV download and data table, text size and tap targets. Screenshots of the 375 and
// 1280 px runs go to tests/e2e/artifacts/.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { artifactPath, launch, parseCsv, serveDist } from './lib.mjs';
import {
  CHAPTERS,
  SECTIONS,
  VIEWPORTS,
  gotoLive,
  indicatorIds,
  installPageHelpers,
  scrollThrough,
  settle,
  storyThemes,
} from './qa.mjs';

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


const PHONE_WIDTHS = new Set([320, 375, 414]);
const SCREENSHOT_WIDTHS = new Set([375, 1280]);

for (const [width, device] of Object.entries(VIEWPORTS).map(([w, d]) => [Number(w), d])) {
  describe(`story at ${width} px`, { timeout: 240_000 }, () => {
    let context;
    let page;

    before(async () => {
      context = await browser.newContext({ ...device, acceptDownloads: true });
      await context.addInitScript(installPageHelpers);
      page = await context.newPage();
      await gotoLive(page, server.url);
    });

    after(async () => {
      await context?.close();
    });

    test('every chapter and the data section exist; nothing is wider than the screen', async () => {
      for (const id of SECTIONS) {
        assert.equal(await page.locator(`#${id}`).count(), 1, `#${id} is missing`);
      }
      const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        // Elements that stick out on the right (ignoring scroll containers' content).
        wide: [...document.querySelectorAll('body *')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > window.innerWidth + 0.5 && !el.closest('.table-wrap');
          })
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} right=${el.getBoundingClientRect().right}`),
      }));
      assert.ok(
        scrollWidth <= innerWidth,
        `document is ${scrollWidth} px wide on a ${innerWidth} px screen; sticking out: ${wide.join(', ')}`,
      );
    });

    test('scrolling activates every step in order and the hash follows the chapter', async () => {
      const themes = storyThemes();
      const historyBefore = await page.evaluate(() => history.length);
      const seen = new Map(); // theme -> indices in order of activation
      const hashes = [];
      const wrongChart = [];
      let widest = 0;
      const unfit = [];
      const unstable = [];
      await scrollThrough(page, {
        fraction: 0.2,
        onTick: async (y) => {
          const s = await page.evaluate(() => ({
            hash: location.hash,
            scrollWidth: document.documentElement.scrollWidth - window.innerWidth,
            // Drawn charts on screen: backing store = CSS size × DPR, CSS width = its box (or, on
            // one-column screens, a tall chart drawn smaller to fit above the step card: never
            // wider than its box, never under 0.7 of it; web/chart.rs, MIN_SCALE_SHORT).
            unfit: [...document.querySelectorAll('figure[data-chart] .chart-box.is-live canvas')]
              .filter((c) => {
                const r = c.getBoundingClientRect();
                return r.width > 1 && r.bottom > 0 && r.top < innerHeight && getComputedStyle(c.closest('figure')).clipPath === 'none';
              })
              .filter((c) => {
                const r = c.getBoundingClientRect();
                return (
                  c.width !== Math.round(r.width * devicePixelRatio) ||
                  c.height !== Math.round(r.height * devicePixelRatio) ||
                  r.width > c.closest('.chart-box').clientWidth + 1 ||
                  r.width < c.closest('.chart-box').clientWidth * 0.7 - 1
                );
              })
              .map((c) => {
                const r = c.getBoundingClientRect();
                return `${c.closest('figure').dataset.chart}: backing ${c.width}×${c.height}, CSS ${r.width}×${r.height} ×${devicePixelRatio}, box ${c.closest('.chart-box').clientWidth}`;
              }),
            chapters: [...document.querySelectorAll('section.chapter')].map((sec) => ({
              id: sec.id,
              steps: [...sec.querySelectorAll('.step.is-active')].map((s) => Number(s.dataset.step)),
              shown: [...sec.querySelectorAll('.graphic .chart-card')]
                .filter((c) => c.getClientRects().length > 0 && getComputedStyle(c).clipPath === 'none')
                .map((c) => c.dataset.chart),
            })),
          }));
          // Holding still, the story holds still: no step flips back and forth (a chart of
          // another height must not push the active step back over the line).
          const flips = await page.evaluate(
            () =>
              new Promise((done) => {
                const read = () => [...document.querySelectorAll('.step.is-active')].map((e) => `${e.dataset.theme}:${e.dataset.step}`).join(' ');
                const first = read();
                const seenStates = new Set([first]);
                let n = 0;
                const tick = () => {
                  seenStates.add(read());
                  if (++n < 6) requestAnimationFrame(tick);
                  else done(seenStates.size > 1 ? [...seenStates] : null);
                };
                requestAnimationFrame(tick);
              }),
          );
          if (flips && unstable.length < 5) unstable.push(`at scrollY ${y}: ${flips.join(' | ')}`);
          widest = Math.max(widest, s.scrollWidth);
          for (const u of s.unfit) if (!unfit.includes(u)) unfit.push(u);
          if (hashes.at(-1) !== s.hash) hashes.push(s.hash);
          for (const ch of s.chapters) {
            assert.equal(ch.steps.length, 1, `${ch.id}: ${ch.steps.length} active steps`);
            const list = seen.get(ch.id) ?? [];
            if (list.at(-1) !== ch.steps[0]) list.push(ch.steps[0]);
            seen.set(ch.id, list);
            const theme = themes.find((t) => t.id === ch.id);
            const want = theme.charts[theme.steps[ch.steps[0]].chart];
            if (ch.shown.length !== 1 || ch.shown[0] !== want) {
              wrongChart.push(`${ch.id} step ${ch.steps[0]} shows [${ch.shown}] instead of ${want}`);
            }
          }
        },
      });
      assert.deepEqual(unstable, [], 'active steps changed while the page was not scrolled');
      for (const theme of themes) {
        const want = theme.steps.map((_, i) => i);
        assert.deepEqual(seen.get(theme.id), want, `${theme.id}: steps became active in this order`);
      }
      assert.deepEqual(wrongChart, [], 'the graphic shows the chart of the active step');
      assert.deepEqual(
        hashes.filter((h) => h !== ''),
        CHAPTERS.map((c) => `#${c}`),
        'the URL hash follows the chapter being read',
      );
      assert.equal(await page.evaluate(() => history.length), historyBefore, 'scrolling added history entries');
      assert.ok(widest <= 0, `the page became ${widest} px wider than the screen while scrolling`);
      assert.deepEqual(unfit, [], 'charts not filling their box at CSS size × devicePixelRatio');
    });

    test('the CSV download has a BOM and the rows and figures of the data table', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a.csv').click()]);
      const bytes = await readFile(await download.path());
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV starts with a UTF-8 BOM');
      assert.match(download.suggestedFilename(), /\.csv$/);
      const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8')).filter((r) => r.some((f) => f !== ''));
      const col = (name) => {
        const i = header.indexOf(name);
        assert.ok(i >= 0, `the CSV has no column ${name}: ${header}`);
        return i;
      };
      // The CSV header names the table's columns (the same [ui] strings) plus ids.
      const table = await page.evaluate(() => ({
        heads: [...document.querySelectorAll('#data thead th')].map((th) => th.textContent.trim()),
        rows: [...document.querySelectorAll('#data tr[data-id]')].map((tr) => ({
          id: tr.dataset.id,
          cells: [...tr.querySelectorAll('th, td')].map((c) => c.textContent.trim()),
        })),
      }));
      const cols = [col('id'), ...table.heads.map(col)];
      assert.equal(rows.length, table.rows.length, 'CSV rows vs table rows');
      const byId = new Map(rows.map((r) => [r[cols[0]], r]));
      assert.equal(byId.size, rows.length, 'CSV ids are unique');
      const mismatches = [];
      for (const { id, cells } of table.rows) {
        const r = byId.get(id);
        if (!r) {
          mismatches.push(`${id}: not in the CSV`);
          continue;
        }
        cells.forEach((cell, i) => {
          const csvCell = r[cols[i + 1]].trim();
          if (csvCell !== cell) mismatches.push(`${id} ${table.heads[i]}: table "${cell}", CSV "${csvCell}"`);
        });
      }
      assert.deepEqual(mismatches, [], 'every table cell equals its CSV cell');
    });

    test('the data table lists every indicator of content/indicators.toml', async () => {
      const ids = indicatorIds();
      assert.ok(ids.length > 0, 'no indicator ids parsed');
      const rows = await page.evaluate(() => [...document.querySelectorAll('#data tr[data-id]')].map((tr) => tr.dataset.id));
      assert.equal(new Set(rows).size, rows.length, 'a table row appears twice');
      assert.deepEqual([...rows].sort(), [...ids].sort());
      const empty = await page.evaluate(() =>
        [...document.querySelectorAll('#data tr[data-id] td.num')].filter((td) => !td.textContent.trim()).length,
      );
      assert.equal(empty, 0, 'rows without a figure');
    });

    test('body text is at least 16 px on phones', { skip: !PHONE_WIDTHS.has(width) && 'not a phone' }, async () => {
      const small = await page.evaluate(() => {
        const out = [];
        const body = parseFloat(getComputedStyle(document.body).fontSize);
        if (body < 16) out.push(`body ${body}px`);
        // Running text: paragraphs and list/definition text of the story, not captions,
        // kickers, bylines, chart readouts or table cells.
        const prose = [...document.querySelectorAll('main p, main dd')].filter(
          (el) => !el.closest('figure, nav, table') && !el.matches('.kicker, .chapter-kicker, .byline, .readout'),
        );
        for (const el of prose) {
          const px = parseFloat(getComputedStyle(el).fontSize);
          if (px < 16 && el.textContent.trim()) out.push(`${el.className || el.tagName} ${px}px: ${el.textContent.trim().slice(0, 20)}`);
        }
        return { out, count: prose.length };
      });
      assert.ok(small.count > 10, `only ${small.count} paragraphs found`);
      assert.deepEqual(small.out, [], 'running text under 16 px');
    });

    test('tap targets: WCAG 2.2 target size (24 px or spacing); 44 px for navigation and buttons', async () => {
      const report = await page.evaluate(() => {
        const selector = 'a[href], button, summary, input, select, textarea, [tabindex]:not([tabindex="-1"])';
        const targets = [...document.querySelectorAll(selector)]
          .map((el) => ({ el, r: el.getBoundingClientRect(), cs: getComputedStyle(el) }))
          // Rendered and on the page (the skip link waits above the page until focused), and
          // not visually hidden in a clipped 1 px box (charts the current step does not show:
          // they come out only when they take keyboard focus).
          .filter(({ el, r, cs }) => {
            if (r.width <= 0 || r.height <= 0 || cs.visibility === 'hidden' || r.bottom + window.scrollY <= 0) return false;
            for (let a = el; a; a = a.parentElement) {
              const acs = getComputedStyle(a);
              const ar = a.getBoundingClientRect();
              if (acs.clipPath !== 'none' && acs.overflow === 'hidden' && ar.width <= 1 && ar.height <= 1) return false;
            }
            return true;
          })
          .map(({ el, r, cs }) => ({
            el,
            name: `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} "${el.textContent.trim().slice(0, 12)}"`,
            x: r.left + window.scrollX,
            y: r.top + window.scrollY,
            w: r.width,
            h: r.height,
            // The WCAG "inline" exception: a link inside a sentence.
            inline: cs.display === 'inline' && !!el.parentElement.closest('p, li, dd, td'),
          }));
        const failures = [];
        const undersized = targets.filter((t) => !t.inline && (t.w < 24 || t.h < 24));
        // Spacing exception: a 24 px circle centred on each undersized target intersects
        // no other target and no other undersized target's circle.
        const centre = (t) => [t.x + t.w / 2, t.y + t.h / 2];
        const distToRect = ([cx, cy], t) => {
          const dx = Math.max(t.x - cx, 0, cx - (t.x + t.w));
          const dy = Math.max(t.y - cy, 0, cy - (t.y + t.h));
          return Math.hypot(dx, dy);
        };
        for (const t of undersized) {
          const c = centre(t);
          const clash = targets.find(
            (o) =>
              o !== t &&
              !o.el.contains(t.el) &&
              !t.el.contains(o.el) &&
              (distToRect(c, o) < 12 || (undersized.includes(o) && Math.hypot(c[0] - centre(o)[0], c[1] - centre(o)[1]) < 24)),
          );
          if (clash) failures.push(`${t.name} is ${t.w.toFixed(1)}×${t.h.toFixed(1)} px and too close to ${clash.name}`);
        }
        const primary = targets
          .filter((t) => t.el.matches('nav a, button, .button, .share, summary, .top'))
          .map((t) => ({ name: t.name, w: Math.round(t.w * 10) / 10, h: Math.round(t.h * 10) / 10 }));
        return { failures, count: targets.length, inline: targets.filter((t) => t.inline).length, primary };
      });
      const small44 = report.primary.filter((p) => p.w < 44 || p.h < 44);
      console.log(
        `# ${width}px: ${report.count} targets (${report.inline} inline links in text); ` +
          `navigation and buttons: ${report.primary.length}, smallest ` +
          `${Math.min(...report.primary.map((p) => p.w))}×${Math.min(...report.primary.map((p) => p.h))} px`,
      );
      assert.deepEqual(report.failures, [], 'WCAG 2.2 SC 2.5.8 target size (minimum)');
      assert.deepEqual(small44, [], 'navigation links and buttons under 44×44 px');
    });

    test('a deep link to #health lands in that chapter with its charts final at once', async () => {
      const ctx = await browser.newContext(device);
      await ctx.addInitScript(installPageHelpers);
      // From the first frame after hydration: snapshot the chart the health chapter shows,
      // the first time it has ink.
      await ctx.addInitScript(() => {
        window.__historyAtStart = history.length;
        const tick = () => {
          if (document.documentElement.classList.contains('live')) {
            const card = document.querySelector('#health .chart-card.is-active');
            const snap = card && window.__qa.snapshot(card.dataset.chart);
            if (snap && window.__qa.ink(snap) > 0) {
              window.__firstHealthFrame = { id: card.dataset.chart, snap, t: performance.now() };
              return;
            }
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const p = await ctx.newPage();
      try {
        await gotoLive(p, `${server.url}#health`);
        await settle(p);
        const landed = await p.evaluate(() => {
          const bar = document.querySelector('nav.bar').getBoundingClientRect();
          const sec = document.querySelector('#health').getBoundingClientRect();
          const h2 = document.querySelector('#health h2').getBoundingClientRect();
          return {
            barBottom: bar.bottom,
            top: sec.top,
            h2Top: h2.top,
            hash: location.hash,
            history: history.length - window.__historyAtStart,
            current: document.querySelector('.nav-link.is-current')?.getAttribute('href'),
          };
        });
        assert.equal(landed.hash, '#health');
        assert.equal(landed.history, 0, 'landing added history entries');
        assert.ok(
          landed.top >= -2 && landed.top <= landed.barBottom + 24,
          `#health starts ${landed.top} px from the viewport top (bar ends at ${landed.barBottom})`,
        );
        assert.ok(landed.h2Top >= landed.barBottom - 1, `the chapter heading is under the sticky bar (${landed.h2Top} < ${landed.barBottom})`);
        assert.equal(landed.current, '#health', 'the navigation marks the chapter');

        await p.waitForFunction(() => window.__firstHealthFrame, null, { timeout: 10_000 });
        await p.waitForTimeout(1_500);
        const cmp = await p.evaluate(() => {
          const { id, snap } = window.__firstHealthFrame;
          return { id, ...window.__qa.compareSnapshots(snap, window.__qa.snapshot(id)) };
        });
        assert.ok(
          cmp.shape >= 0.98 && cmp.tone >= 0.98,
          `${cmp.id}: the first drawn frame is not the final one (shape ${cmp.shape.toFixed(3)}, tone ${cmp.tone.toFixed(3)})`,
        );
      } finally {
        await ctx.close();
      }
    });

    test('print shows every chart, as its static image, and every step', async () => {
      await page.emulateMedia({ media: 'print' });
      try {
        const bad = await page.evaluate(() =>
          [...document.querySelectorAll('figure[data-chart]')]
            .map((f) => {
              const img = f.querySelector('img.chart-static');
              const canvas = f.querySelector('canvas');
              const r = f.getBoundingClientRect();
              const problems = [];
              if (getComputedStyle(f).clipPath !== 'none' || r.width < 200) problems.push(`card ${Math.round(r.width)} px wide`);
              if (getComputedStyle(img).display === 'none') problems.push('static image hidden');
              if (getComputedStyle(canvas).display !== 'none') problems.push('canvas printed');
              return problems.length ? `${f.dataset.chart}: ${problems.join(', ')}` : null;
            })
            .filter(Boolean),
        );
        assert.deepEqual(bad, [], 'charts in print');
        const hiddenSteps = await page.evaluate(
          () => [...document.querySelectorAll('.step')].filter((s) => s.getBoundingClientRect().height === 0).length,
        );
        assert.equal(hiddenSteps, 0, 'steps missing from print');
      } finally {
        await page.emulateMedia({ media: 'screen' });
      }
    });

    test('screenshots', { skip: !SCREENSHOT_WIDTHS.has(width) && 'screenshots are taken at 375 and 1280 px' }, async () => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await settle(page);
      await page.screenshot({ path: artifactPath(`story-${width}-top.png`) });
      await page.evaluate(() => document.querySelector('#health .step[data-step="1"]').scrollIntoView({ block: 'center' }));
      await settle(page);
      await page.waitForTimeout(1_200);
      await page.screenshot({ path: artifactPath(`story-${width}-health.png`) });
      await page.screenshot({ path: artifactPath(`story-${width}-full.png`), fullPage: true });
    });
  });
}
