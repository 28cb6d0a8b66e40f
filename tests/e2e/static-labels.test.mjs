// The static chart images are readable on phones: at 320, 375 and 414 px, without JavaScript
// (so without wasm: what old WebViews, data savers and print show), every chart's image is the
// phone edition, and no label in it is shown smaller than 11 CSS px: the SVG's font-size ×
// the image's shown width ÷ the SVG's viewBox width. Print shows the same images.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, launch, serveDist } from './lib.mjs';

const MIN_LABEL_PX = 11;
const WIDTHS = [320, 375, 414];

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

/** viewBox width and every text's font-size of a file in dist/. */
function svgText(path) {
  const svg = readFileSync(join(distDir(), path), 'utf8');
  const viewBox = svg.match(/<svg[^>]*\sviewBox="[\d.-]+ [\d.-]+ ([\d.]+) [\d.]+"/);
  assert.ok(viewBox, `${path} has no viewBox`);
  const sizes = [...svg.matchAll(/<text\b[^>]*\sfont-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.ok(sizes.length > 0, `${path} has no text with a font-size`);
  return { viewBoxWidth: Number(viewBox[1]), sizes };
}

/** Every static chart image scrolled into view and loaded: its id, file and shown width. */
async function shownImages(page) {
  const images = page.locator('figure[data-chart] img.chart-static');
  const count = await images.count();
  assert.ok(count > 0, 'no static chart images on the page');
  for (let i = 0; i < count; i++) await images.nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => [...document.querySelectorAll('figure[data-chart] img.chart-static')].every((img) => img.complete),
    null,
    { timeout: 20_000 },
  );
  return page.evaluate(() =>
    [...document.querySelectorAll('figure[data-chart] img.chart-static')].map((img) => ({
      id: img.closest('figure').dataset.chart,
      src: new URL(img.currentSrc, location.href).pathname.slice(1),
      width: img.getBoundingClientRect().width,
      loaded: img.naturalWidth > 0,
    })),
  );
}

/** The smallest label on each image as shown, in CSS px. */
function smallestLabels(images) {
  return images.map(({ id, src, width }) => {
    const { viewBoxWidth, sizes } = svgText(src);
    return { id, src, px: (Math.min(...sizes) * width) / viewBoxWidth };
  });
}

for (const width of WIDTHS) {
  test(`at ${width} px without JavaScript no static chart label is under ${MIN_LABEL_PX} px`, { timeout: 60_000 }, async (t) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(server.url, { waitUntil: 'load' });
      const images = await shownImages(page);
      assert.deepEqual(images.filter((i) => !i.loaded).map((i) => i.src), [], 'images that did not load');
      const phone = images.filter((i) => i.src === `charts/phone/${i.id}.svg`);
      assert.equal(phone.length, images.length, `not the phone image: ${images.filter((i) => !phone.includes(i)).map((i) => i.src)}`);
      const labels = smallestLabels(images);
      const smallest = labels.reduce((a, b) => (b.px < a.px ? b : a));
      t.diagnostic(`smallest static label at ${width} px: ${smallest.px.toFixed(2)} CSS px (${smallest.id})`);
      const small = labels.filter((l) => l.px < MIN_LABEL_PX).map((l) => `${l.id} ${l.px.toFixed(2)} px`);
      assert.deepEqual(small, [], `labels under ${MIN_LABEL_PX} px at ${width} px`);

      // Print shows the same images, loaded and visible.
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() =>
        [...document.querySelectorAll('figure[data-chart] img.chart-static')].filter(
          (img) => img.getBoundingClientRect().width > 0 && img.naturalWidth > 0,
        ).length,
      );
      assert.equal(printed, images.length, 'static images shown in print');
    } finally {
      await context.close();
    }
  });
}
