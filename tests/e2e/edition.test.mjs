// Smoke test of an edition, whichever content folder the dist under test was built from:
// `WUSHAN_CONTENT_DIR` (the second edition, tests/fixtures/edition, in `cargo xtask test
// --edition`) or content/. Everything it expects it reads from that folder, never from a
// list here: the page goes live, every chapter is there with its colour and drawing, every
// chart draws on its canvas, the data table and the CSV hold every figure as published, and
// the one-file edition works from file://.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { artifactPath, canvasInk, collectErrors, distDir, launch, parseCsv, serveDist } from './lib.mjs';
import { CHAPTERS, LIVE_TIMEOUT_MS, contentDir, gotoLive, scrollToStep, storyThemes, waitChartFinal } from './qa.mjs';
import { inPage } from './webkit-lib.mjs';

/** A canvas counts as drawn when at least this many pixels differ from its corner. */
const MIN_INK_PIXELS = 100;

/** `key = "value"` lines of one TOML file, grouped by `[[table]]` (the files are flat). */
function tables(file, name) {
  const out = [];
  let row = null;
  for (const line of readFileSync(join(contentDir, file), 'utf8').split('\n')) {
    const header = line.match(/^\s*\[\[?([^\]]+)\]\]?/);
    if (header) {
      row = header[1] === name ? {} : null;
      if (row) out.push(row);
      continue;
    }
    const kv = line.match(/^(\w+)\s*=\s*"(.*)"\s*$/);
    if (row && kv) row[kv[1]] = kv[2];
  }
  return out;
}

const FIGURES = tables('indicators.toml', 'indicator');
const CHAPTER_ROWS = tables('story.toml', 'theme');
const UI = tables('story.toml', 'ui')[0];

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

test('the content folder is the one this edition was built from', () => {
  assert.ok(CHAPTERS.length >= 1 && CHAPTERS.length <= 8, `chapters ${CHAPTERS}`);
  assert.ok(FIGURES.length > 0 && FIGURES.every((f) => f.id && f.value), 'figures with ids and values');
  assert.ok(UI?.csv_filename, '[ui] csv_filename');
  const html = readFileSync(join(distDir(), 'index.html'), 'utf8');
  for (const id of CHAPTERS) assert.ok(html.includes(`<section id="${id}"`), `dist/index.html has chapter #${id}`);
});

test('it goes live; every chapter has its colour and drawing; every chart draws', { timeout: 240_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await gotoLive(page, server.url);
    const chapters = await page.evaluate(() =>
      [...document.querySelectorAll('section.chapter')].map((s) => ({
        id: s.id,
        colour: getComputedStyle(s).getPropertyValue('--chapter').trim(),
        art: s.querySelector('.chapter-art')?.getAttribute('src'),
        nav: document.querySelector(`.nav-link[href="#${s.id}"]`)?.textContent,
      })),
    );
    assert.deepEqual(chapters.map((c) => c.id), CHAPTERS, 'the chapters of content, in order');
    for (const [i, c] of chapters.entries()) {
      const want = CHAPTER_ROWS[i];
      assert.equal(c.colour, want.color.toLowerCase(), `#${c.id} has its colour from content`);
      assert.equal(c.art, `illustrations/${want.illustration}`, `#${c.id} draws its illustration`);
      assert.equal(c.nav, want.nav, `the bar links #${c.id}`);
    }
    // Each chart, brought out by a step that shows it, draws its final frame on its canvas.
    for (const theme of storyThemes()) {
      for (const [index, chart] of theme.charts.entries()) {
        const step = theme.steps.findIndex((s) => s.chart === index);
        assert.ok(step >= 0, `no step of #${theme.id} shows ${chart}`);
        await scrollToStep(page, theme.id, step);
        await waitChartFinal(page, chart);
        const ink = await page.evaluate((id) => {
          const canvas = document.querySelector(`figure#${id} canvas`);
          const { width, height } = canvas;
          const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
          let n = 0;
          for (let i = 4; i < data.length; i += 4) {
            if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) n++;
          }
          return n;
        }, chart);
        assert.ok(ink >= MIN_INK_PIXELS, `${chart} drew ${ink} pixels`);
      }
    }
    assert.deepEqual(errors, [], 'console errors or page errors');
  } finally {
    await page.screenshot({ path: artifactPath('edition-1280.png') });
    await context.close();
  }
});

test('the data table and the CSV hold every figure as published', { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    const rows = await page.evaluate(() => [...document.querySelectorAll('#data tr[id^="row-"]')].map((r) => r.id.slice(4)));
    assert.deepEqual(rows, FIGURES.map((f) => f.id), 'one row per figure, in content order');
    const link = await page.locator('a.csv').getAttribute('href');
    assert.equal(link, UI.csv_filename);
    const csv = parseCsv(await (await fetch(new URL(link, server.url))).text());
    const [header, ...body] = csv.filter((r) => r.length > 1);
    const [id, value] = [header.indexOf('id'), header.indexOf('value')];
    assert.deepEqual(body.map((r) => [r[id], r[value]]), FIGURES.map((f) => [f.id, f.value]), 'the CSV keeps every published value');
  } finally {
    await context.close();
  }
});

test('the one-file edition works from file://', { timeout: 90_000 }, async () => {
  const offline = join(distDir(), 'offline');
  const name = UI.csv_filename.replace(/\.csv$/, '.html');
  assert.ok(readdirSync(offline).includes(name), `offline/${name}`);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(pathToFileURL(join(offline, name)).href, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.classList.contains('live'), null, { timeout: LIVE_TIMEOUT_MS });
    await page.locator(`#${CHAPTERS[0]}`).scrollIntoViewIfNeeded();
    let drawn = [];
    for (let i = 0; i < 60 && !drawn.some((c) => c.ink >= MIN_INK_PIXELS); i++) {
      await page.waitForTimeout(250);
      drawn = await canvasInk(page);
    }
    assert.ok(drawn.some((c) => c.ink >= MIN_INK_PIXELS), `no canvas drawn from file://: ${JSON.stringify(drawn)}`);
    const colour = await page.evaluate((id) => getComputedStyle(document.getElementById(id)).getPropertyValue('--chapter').trim(), CHAPTERS[0]);
    assert.equal(colour, CHAPTER_ROWS[0].color.toLowerCase(), 'the chapter colours are in the one file too');
    assert.equal(await page.locator('#data tr[id^="row-"]').count(), FIGURES.length, 'every figure in its table');
    assert.deepEqual((await page.evaluate(inPage.illustrations)).notShown, [], 'illustrations not shown from file://');
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation');
    assert.deepEqual(errors, [], 'console errors or page errors');
  } finally {
    await context.close();
  }
});
