// The share posters (issue 15): each chart card's "save image" link opens a sheet with its
// poster as a plain image, to long-press and save or send in WeChat.
//
// - Without the script the link is a plain link to posters/<chart id>.png, which exists.
// - The poster is requested only once the sheet opens, by a tap (touch context) or by the
//   keyboard; the sheet is a labelled modal dialog, focus stays in it and comes back to the
//   link; Esc, the close button and the back gesture close it, and the story's URL (its hash)
//   is what it was.
// - Nothing overflows at 320 px with the sheet open; axe finds nothing with it open.
// - embed.html and the one-file edition show no link; the service worker precaches no poster.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { collectErrors, distDir, launch, repoRoot, serveDist } from './lib.mjs';
import { formatViolations, gotoLive, scrollToStep, settle, storyThemes } from './qa.mjs';

/** A `[ui]` string from content/story.toml. */
function ui(key) {
  const toml = readFileSync(join(repoRoot, 'content', 'story.toml'), 'utf8');
  const m = toml.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'));
  assert.ok(m, `[ui] ${key} in content/story.toml`);
  return m[1];
}

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

/** A page of the story with every request for a poster recorded in `posters`. */
async function open(contextOptions) {
  const context = await browser.newContext({ serviceWorkers: 'block', ...contextOptions });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const posters = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname.includes('/posters/')) posters.push(req.url());
  });
  await gotoLive(page, server.url);
  return { context, page, errors, posters };
}

/** The first chapter's first chart: its id and its card's poster link, on screen. */
async function firstChart(page) {
  const theme = storyThemes()[0];
  await scrollToStep(page, theme.id, 0);
  const id = await page.evaluate(
    (t) => document.querySelector(`#${t} .chart-card.is-active`).dataset.chart,
    theme.id,
  );
  return { id, link: page.locator(`.chart-card[data-chart="${id}"] a.poster-open`) };
}

/** The sheet's state: shown, its image's src and load, and where focus is. */
function sheetState(page) {
  return page.evaluate(() => {
    const sheet = document.getElementById('poster-sheet');
    const img = sheet.querySelector('.poster-img');
    const active = document.activeElement;
    return {
      shown: !sheet.hidden && getComputedStyle(sheet).display !== 'none',
      src: img.getAttribute('src'),
      loaded: img.complete && img.naturalWidth,
      focusInSheet: sheet.contains(active),
      focusOnLink: active?.classList.contains('poster-open') ? active.closest('[data-chart]')?.dataset.chart ?? 'story' : null,
      hash: location.hash,
      marker: window.__posterMarker ?? null,
    };
  });
}

async function waitShown(page, shown) {
  await page.waitForFunction(
    (shown) => !document.getElementById('poster-sheet').hidden === shown,
    shown,
    { timeout: 5_000 },
  );
  await settle(page);
}

describe('poster links without the script', () => {
  test('every chart card links to its poster, which is a PNG in dist/posters/', async () => {
    const html = readFileSync(join(distDir(), 'index.html'), 'utf8');
    const charts = [...html.matchAll(/<figure[^>]*data-chart="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(charts.length > 5, 'chart cards in index.html');
    for (const id of charts) {
      assert.ok(html.includes(`href="posters/${id}.png"`), `${id}: no link to its poster`);
      const res = await fetch(new URL(`posters/${id}.png`, server.url));
      assert.equal(res.status, 200, `${id}.png`);
      assert.equal(res.headers.get('content-type'), 'image/png');
    }
    assert.ok(html.includes('href="posters/story.png"'), "the story's poster link");
    // The sheet's image has no src in the page: nothing is downloaded before it opens.
    const img = html.match(/<img[^>]*class="poster-img"[^>]*>/);
    assert.ok(img, 'the sheet has its image');
    assert.ok(!/\ssrc=/.test(img[0]), `the sheet's image has a src: ${img[0]}`);
  });

  test('embed.html and the one-file edition show no poster link or sheet', () => {
    const embed = readFileSync(join(distDir(), 'embed.html'), 'utf8');
    const offlineDir = join(distDir(), 'offline');
    const offline = readdirSync(offlineDir).filter((f) => f.endsWith('.html'));
    assert.equal(offline.length, 1);
    const one = readFileSync(join(offlineDir, offline[0]), 'utf8');
    for (const [name, page] of [['embed.html', embed], ['one-file edition', one]]) {
      assert.ok(!page.includes('href="posters/'), `${name} has a poster link`);
      assert.ok(!page.includes('id="poster-sheet"'), `${name} has the poster sheet`);
    }
    const index = readFileSync(join(distDir(), 'index.html'), 'utf8');
    assert.ok(index.includes('href="posters/') && index.includes('id="poster-sheet"'), 'index.html has them');
  });

  test('the service worker precaches no poster', () => {
    const sw = readFileSync(join(distDir(), 'sw.js'), 'utf8');
    assert.ok(sw.includes('index.html'), 'sw.js has its precache list');
    assert.ok(!sw.includes('posters/'), 'sw.js precaches a poster');
  });
});

describe('the poster sheet', () => {
  test('a tap opens it with the poster, loaded only then; focus stays in it; the close button returns focus', async () => {
    const { context, page, errors, posters } = await open({
      viewport: { width: 375, height: 812 },
      hasTouch: true,
      isMobile: true,
      deviceScaleFactor: 2,
    });
    const { id, link } = await firstChart(page);
    await page.evaluate(() => { window.__posterMarker = 'same page'; });
    const before = await sheetState(page);
    assert.equal(before.shown, false);
    assert.equal(before.src, null);
    assert.deepEqual(posters, [], 'a poster was requested before the sheet opened');
    assert.equal(await link.getAttribute('aria-haspopup'), 'dialog');

    await link.tap();
    await waitShown(page, true);
    await page.waitForFunction(() => document.querySelector('.poster-img').naturalWidth > 0, null, { timeout: 10_000 });
    const opened = await sheetState(page);
    assert.equal(opened.src, `posters/${id}.png`);
    assert.equal(opened.loaded, 1080, 'the poster is 1080 px wide');
    assert.equal(posters.length, 1, `one poster requested: ${posters}`);
    assert.ok(posters[0].endsWith(`/posters/${id}.png`));
    assert.ok(opened.focusInSheet, 'focus moved into the sheet');

    // A labelled modal dialog with the hint.
    const dialog = page.getByRole('dialog', { name: ui('poster_sheet_label') });
    assert.equal(await dialog.count(), 1);
    assert.equal(await dialog.getAttribute('aria-modal'), 'true');
    assert.equal(await page.locator('#poster-sheet .poster-hint').textContent(), ui('poster_hint'));
    assert.ok((await page.locator('#poster-sheet .poster-img').getAttribute('alt')).length > 0, 'the image has a text alternative');

    // Tab and Shift+Tab never leave the sheet.
    for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      assert.ok((await sheetState(page)).focusInSheet, `focus left the sheet after ${key}`);
    }

    await page.getByRole('button', { name: ui('poster_close') }).tap();
    await waitShown(page, false);
    const closed = await sheetState(page);
    assert.equal(closed.focusOnLink, id, 'focus returned to the link');
    assert.equal(closed.hash, before.hash, "the story's hash is unchanged");
    assert.equal(closed.marker, 'same page');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the keyboard opens it with Enter; Esc and the back gesture close it', async () => {
    const { context, page, errors, posters } = await open({ viewport: { width: 1280, height: 800 } });
    const { id, link } = await firstChart(page);
    await page.evaluate(() => { window.__posterMarker = 'same page'; });
    const url = page.url();
    const before = await sheetState(page);
    assert.deepEqual(posters, []);

    await link.focus();
    await page.keyboard.press('Enter');
    await waitShown(page, true);
    assert.equal((await sheetState(page)).src, `posters/${id}.png`);
    assert.ok((await sheetState(page)).focusInSheet);
    await page.keyboard.press('Escape');
    await waitShown(page, false);
    let state = await sheetState(page);
    assert.equal(state.focusOnLink, id, 'focus returned after Esc');
    assert.equal(state.marker, 'same page');

    // Open again; the back gesture closes the sheet and stays on the story.
    await page.keyboard.press('Enter');
    await waitShown(page, true);
    await page.goBack();
    await waitShown(page, false);
    state = await sheetState(page);
    assert.equal(state.marker, 'same page', 'back left the page');
    assert.equal(state.hash, before.hash);
    assert.equal(page.url(), url);
    assert.equal(state.focusOnLink, id, 'focus returned after back');
    // The story's own poster, from the end of the page.
    await page.locator('#credits a.poster-open').click();
    await waitShown(page, true);
    assert.equal((await sheetState(page)).src, 'posters/story.png');
    await page.keyboard.press('Escape');
    await waitShown(page, false);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('at 320 px nothing overflows with the sheet open, and axe finds nothing', async () => {
    const { context, page, errors } = await open({ viewport: { width: 320, height: 640 }, hasTouch: true, isMobile: true });
    const { link } = await firstChart(page);
    await link.tap();
    await waitShown(page, true);
    await page.waitForFunction(() => document.querySelector('.poster-img').naturalWidth > 0, null, { timeout: 10_000 });
    await settle(page);
    const box = await page.evaluate(() => {
      const r = (sel) => document.querySelector(sel).getBoundingClientRect();
      return {
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        panel: r('.poster-sheet-panel'),
        img: r('.poster-img'),
        close: r('.poster-close'),
      };
    });
    assert.ok(box.scroll <= box.client, `page is ${box.scroll} px wide in ${box.client}`);
    for (const name of ['panel', 'img', 'close']) {
      assert.ok(box[name].left >= 0 && box[name].right <= 320, `${name} overflows: ${JSON.stringify(box[name])}`);
      assert.ok(box[name].top >= 0 && box[name].bottom <= 640, `${name} is off screen: ${JSON.stringify(box[name])}`);
    }
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    assert.equal(violations.length, 0, `axe with the sheet open:\n${formatViolations(violations)}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
