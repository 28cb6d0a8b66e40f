// Failure modes: console and page errors, third-party requests, hostile URLs, rotation,
// and a slow or missing wasm download.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { artifactPath, collectErrors, launch, serveDist } from './lib.mjs';
import {
  CHAPTERS,
  VIEWPORTS,
  gotoLive,
  installPageHelpers,
  LIVE_TIMEOUT_MS,
  scrollThrough,
  scrollToStep,
  settle,
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

/** The canvases on screen: backing size, CSS size, the box they fill, and ink. */
function visibleCanvases(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('figure[data-chart] canvas')]
      .filter((c) => {
        const r = c.getBoundingClientRect();
        return r.width > 0 && r.bottom > 0 && r.top < innerHeight && getComputedStyle(c.closest('figure')).clipPath === 'none';
      })
      .map((c) => {
        const r = c.getBoundingClientRect();
        const snap = window.__qa.snapshot(c.closest('figure').dataset.chart);
        return {
          id: c.closest('figure').dataset.chart,
          width: c.width,
          height: c.height,
          cssWidth: r.width,
          cssHeight: r.height,
          boxWidth: c.closest('.chart-box').clientWidth,
          dpr: devicePixelRatio,
          ink: window.__qa.ink(snap),
        };
      }),
  );
}

function sizeProblems(canvases) {
  return canvases
    .filter(
      (c) =>
        c.width !== Math.round(c.cssWidth * c.dpr) ||
        c.height !== Math.round(c.cssHeight * c.dpr) ||
        // Its box's width, or a tall chart drawn smaller to fit a short screen (web/chart.rs):
        // never wider than the box, never under 0.7 of it.
        c.cssWidth > c.boxWidth + 1 ||
        c.cssWidth < c.boxWidth * 0.7 - 1 ||
        c.ink === 0,
    )
    .map(
      (c) =>
        `${c.id}: backing ${c.width}×${c.height}, CSS ${c.cssWidth}×${c.cssHeight} at DPR ${c.dpr} ` +
        `(want ${Math.round(c.cssWidth * c.dpr)}×${Math.round(c.cssHeight * c.dpr)}), box ${c.boxWidth}, ink ${c.ink}`,
    );
}

describe('errors and requests', { timeout: 300_000 }, () => {
  for (const [width, device] of Object.entries(VIEWPORTS)) {
    test(`${width} px: no console errors, no page errors, no third-party requests`, async () => {
      const context = await browser.newContext(device);
      await context.addInitScript(installPageHelpers);
      const page = await context.newPage();
      const errors = collectErrors(page);
      const origin = new URL(server.url).origin;
      const foreign = [];
      page.on('request', (req) => {
        const url = req.url();
        if (!url.startsWith(`${origin}/`)) foreign.push(url);
      });
      try {
        await gotoLive(page, server.url);
        await scrollThrough(page, { fraction: 0.9 });
        await page.waitForTimeout(1_000);
        assert.deepEqual(errors, [], 'console errors, page errors or failed requests');
        assert.deepEqual(foreign, [], 'requests that left the site');
      } finally {
        await context.close();
      }
    });
  }
});

describe('hostile URLs', { timeout: 300_000 }, () => {
  const payloads = {
    'an HTML hash': '#<img src=x onerror=alert(1)>',
    'a script query': '?q=<script>alert(1)</script>',
    'a quoted hash': '#health"><svg/onload=alert(1)>',
    'a javascript: hash': '#javascript:alert(1)',
    'a 10 KB hash': `#${'<b>'.repeat(3414)}`,
  };

  /** Elements that an injection would add. */
  const census = (page) =>
    page.evaluate(() => ({
      img: document.querySelectorAll('img').length,
      script: document.querySelectorAll('script').length,
      svg: document.querySelectorAll('svg').length,
      iframe: document.querySelectorAll('iframe, object, embed').length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
      b: document.querySelectorAll('b').length,
      text: document.body.innerHTML.includes('alert(1)') || document.body.innerHTML.includes('onerror'),
    }));

  let baseline;

  before(async () => {
    const context = await browser.newContext(VIEWPORTS[375]);
    const page = await context.newPage();
    await gotoLive(page, server.url);
    baseline = await census(page);
    await context.close();
  });

  for (const [name, payload] of Object.entries(payloads)) {
    test(`${name} injects nothing and breaks nothing`, async () => {
      const context = await browser.newContext(VIEWPORTS[375]);
      await context.addInitScript(installPageHelpers);
      const page = await context.newPage();
      const errors = collectErrors(page);
      const dialogs = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      try {
        await gotoLive(page, `${server.url}${payload}`);
        assert.deepEqual(await census(page), baseline, 'elements or handlers were added');
        // Scrolling writes known anchors into the hash; the story still runs.
        await scrollToStep(page, CHAPTERS[0], 1);
        await page.waitForTimeout(1_200);
        const canvases = await visibleCanvases(page);
        assert.ok(canvases.some((c) => c.ink > 0), `no chart drawn: ${JSON.stringify(canvases)}`);
        assert.equal(await page.evaluate(() => location.hash), `#${CHAPTERS[0]}`);
        assert.deepEqual(await census(page), baseline, 'elements or handlers were added after scrolling');
        assert.deepEqual(dialogs, [], 'a dialog opened');
        assert.deepEqual(errors, [], 'errors');
      } finally {
        await context.close();
      }
    });
  }
});

test('rotation 375×812 → 812×375 → 375×812 keeps every chart crisp and fitted', { timeout: 120_000 }, async () => {
  const context = await browser.newContext(VIEWPORTS[375]);
  await context.addInitScript(installPageHelpers);
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await gotoLive(page, server.url);
    const report = [];
    const check = async (label) => {
      await page.waitForTimeout(1_200); // the intro animation, if one starts
      const canvases = await visibleCanvases(page);
      assert.ok(canvases.length > 0, `${label}: no chart on screen`);
      report.push(...sizeProblems(canvases).map((p) => `${label}: ${p}`));
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      if (wide > 0) report.push(`${label}: the page is ${wide} px wider than the screen`);
    };
    await scrollToStep(page, 'care', 2);
    await check('portrait');
    await page.setViewportSize({ width: 812, height: 375 });
    await settle(page);
    await scrollToStep(page, 'care', 2);
    await check('landscape');
    await page.setViewportSize({ width: 375, height: 812 });
    await settle(page);
    await scrollToStep(page, 'care', 3);
    await check('portrait again');
    await scrollToStep(page, 'care', 2);
    await check('portrait again, earlier chart');
    assert.deepEqual(report, [], 'canvases not sized CSS size × devicePixelRatio, or not filling their box');
    assert.deepEqual(errors, [], 'errors');
  } finally {
    await context.close();
  }
});

test('a slow wasm download: the prerendered story shows at once', { timeout: 120_000 }, async () => {
  const context = await browser.newContext(VIEWPORTS[375]);
  const page = await context.newPage();
  const errors = collectErrors(page);
  let release;
  const released = new Promise((ok) => {
    release = ok;
  });
  const delayed = [];
  await page.route('**/*.wasm', async (route) => {
    delayed.push(route.request().url());
    // Held until the checks below are done, and at least 5 s.
    await Promise.all([released, new Promise((ok) => setTimeout(ok, 5_000))]);
    await route.continue();
  });
  try {
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    const before = await page.evaluate(() => ({
      live: document.documentElement.classList.contains('live'),
      chapters: [...document.querySelectorAll('section.chapter')].length,
    }));
    await page.locator('h1').waitFor({ state: 'visible', timeout: 5_000 });
    await page.evaluate(() => document.querySelector('#jobs .step').scrollIntoView({ block: 'center' }));
    const stepVisible = await page.locator('#jobs .step').first().isVisible();
    const stepText = (await page.locator('#jobs .step').first().textContent()).trim();
    const staticChart = await page.evaluate(() => {
      const img = document.querySelector('#jobs img.chart-static');
      return { alt: img.alt, visible: img.getBoundingClientRect().height > 0 };
    });
    await page.screenshot({ path: artifactPath('slow-wasm-before-hydration.png') });
    const stillWaiting = await page.evaluate(() => !document.documentElement.classList.contains('live'));
    assert.ok(delayed.length > 0, 'the wasm was not requested (or not through the route)');
    assert.ok(!before.live && stillWaiting, 'the app ran before its wasm arrived?');
    assert.equal(before.chapters, CHAPTERS.length, 'prerendered chapters');
    assert.ok(stepVisible && stepText.length > 20, 'the first chapter text is not visible before the wasm');
    assert.ok(staticChart.alt && staticChart.visible, 'the static chart image is not shown before the wasm');
    release();
    await page.waitForFunction(() => document.documentElement.classList.contains('live'), null, { timeout: LIVE_TIMEOUT_MS });
    assert.deepEqual(errors, [], 'errors');
  } finally {
    release();
    await context.close();
  }
});

test('no wasm at all: the prerendered story is complete and still', { timeout: 60_000 }, async () => {
  const context = await browser.newContext(VIEWPORTS[375]);
  const page = await context.newPage();
  await page.route('**/*.wasm', (route) => route.abort());
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    const s = await page.evaluate(() => ({
      live: document.documentElement.classList.contains('live'),
      steps: [...document.querySelectorAll('.step')].filter((s) => s.getBoundingClientRect().height > 0).length,
      images: [...document.querySelectorAll('img.chart-static')].filter((i) => getComputedStyle(i).display !== 'none').length,
      figures: document.querySelectorAll('figure[data-chart]').length,
      rows: document.querySelectorAll('#data tr[data-id]').length,
      wide: document.documentElement.scrollWidth - innerWidth,
    }));
    assert.equal(s.live, false);
    assert.ok(s.steps >= 20, `${s.steps} steps shown`);
    assert.equal(s.images, s.figures, 'every chart shows its static image');
    assert.ok(s.rows > 50, `${s.rows} table rows`);
    assert.ok(s.wide <= 0, `the page is ${s.wide} px too wide`);
  } finally {
    await context.close();
  }
});
