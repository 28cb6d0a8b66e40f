// Offline reading: after one visit the service worker serves the whole interactive story
// without a network; a new deploy replaces the old one on the next visit; and the one-file
// edition opened from file:// draws its charts and answers a tap.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { artifactPath, canvasInk, collectErrors, distDir, launch, serveDist } from './lib.mjs';

const MIN_INK_PIXELS = 100;
const TIMEOUT_MS = 20_000;

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Waits until the service worker controls the page; returns its cache names. */
async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
    }
  });
  return page.evaluate(() => caches.keys());
}

/** Polls until some canvas has ink; returns the canvases. */
async function drawnCanvas(page) {
  const deadline = Date.now() + TIMEOUT_MS;
  let canvases = [];
  do {
    canvases = await canvasInk(page);
    if (canvases.some((c) => c.ink >= MIN_INK_PIXELS)) break;
    await page.waitForTimeout(250);
  } while (Date.now() < deadline);
  return canvases;
}

test('after one visit, an offline reload shows the full interactive story', { timeout: 90_000 }, async () => {
  const server = await serveDist();
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    const caches = await controlled(page);
    assert.equal(caches.length, 1, `caches: ${caches}`);
    assert.match(caches[0], /^wushan-[0-9a-f]{16}$/);
    const headline = await page.locator('h1').first().textContent();

    await context.setOffline(true);
    await page.reload({ waitUntil: 'load' });
    assert.equal(await page.locator('h1').first().textContent(), headline);
    assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'not served by the worker');
    await page.locator('#jobs').scrollIntoViewIfNeeded();
    const canvases = await drawnCanvas(page);
    assert.ok(
      canvases.some((c) => c.ink >= MIN_INK_PIXELS),
      `no canvas drawn offline: ${JSON.stringify(canvases)}`,
    );
    assert.ok((await page.locator('.chart-box.is-live').count()) > 0);
    // Every static chart image is there offline too (precached).
    const broken = await page.evaluate(async () => {
      const out = [];
      for (const img of document.querySelectorAll('img.chart-static')) {
        const res = await fetch(img.getAttribute('src')).catch(() => null);
        if (!res || !res.ok) out.push(img.getAttribute('src'));
      }
      return out;
    });
    assert.deepEqual(broken, [], 'chart images not available offline');
    await page.screenshot({ path: artifactPath('offline-reload.png') });
    assert.deepEqual(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED')), []);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a new deploy replaces the old one on the next visit', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wushan-deploy-'));
  cpSync(distDir(), dir, { recursive: true });
  const server = await serveDist(dir);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    const [oldCache] = await controlled(page);

    // "Deploy" a new build: new page text, and a worker with a new cache name.
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    writeFileSync(join(dir, 'index.html'), index.replace('<body>', '<body data-deploy="2">'));
    const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
    const newCache = `${oldCache.slice(0, -4)}beef`;
    assert.notEqual(newCache, oldCache);
    writeFileSync(join(dir, 'sw.js'), sw.replace(oldCache, newCache));

    await page.reload({ waitUntil: 'load' });
    assert.equal(await page.getAttribute('body', 'data-deploy'), '2', 'the old page was served');
    // The new worker installs during this visit and removes the old build's cache.
    let keys = [];
    const deadline = Date.now() + TIMEOUT_MS;
    do {
      await page.waitForTimeout(250);
      keys = await page.evaluate(() => caches.keys());
    } while (!(keys.length === 1 && keys[0] === newCache) && Date.now() < deadline);
    assert.deepEqual(keys, [newCache], 'the caches after the new deploy');
    // The new cache holds the new page.
    const cached = await page.evaluate(async (name) => {
      const cache = await caches.open(name);
      const res = await cache.match('index.html');
      return res ? res.text() : `no index.html among ${(await cache.keys()).map((r) => r.url)}`;
    }, newCache);
    assert.ok(cached.includes('data-deploy="2"'), `the new cache has the old page: ${cached.slice(0, 300)}`);
  } finally {
    await context.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('one-file edition from file://: charts drawn on canvas, a tap shows a value', { timeout: 90_000 }, async () => {
  const offline = join(distDir(), 'offline');
  const [name] = readdirSync(offline).filter((f) => f.endsWith('.html'));
  assert.ok(name, 'dist/offline/ has no .html');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(join(offline, name)).href;
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.locator('#jobs').scrollIntoViewIfNeeded();
    const canvases = await drawnCanvas(page);
    assert.ok(
      canvases.some((c) => c.ink >= MIN_INK_PIXELS),
      `no canvas drawn from file://: ${JSON.stringify(canvases)}`,
    );

    // Tap the first live chart where nothing covers it (story steps scroll over the chart)
    // until a mark answers in the chart's readout.
    let readout = '';
    search: for (let scroll = 0; scroll < 12 && !readout; scroll++) {
      const points = await page.evaluate(() => {
        const out = [];
        for (const canvas of document.querySelectorAll('.chart-box.is-live canvas')) {
          const r = canvas.getBoundingClientRect();
          if (r.width < 10 || r.bottom < 0 || r.top > innerHeight) continue;
          for (let fy = 0.1; fy < 1; fy += 0.1) {
            for (let fx = 0.1; fx < 1; fx += 0.1) {
              const x = r.left + r.width * fx;
              const y = r.top + r.height * fy;
              if (y > 0 && y < innerHeight && document.elementFromPoint(x, y) === canvas) {
                out.push({ x, y, id: canvas.closest('figure').id });
              }
            }
          }
        }
        return out;
      });
      for (const { x, y, id } of points) {
        await page.touchscreen.tap(x, y);
        readout = ((await page.locator(`#readout-${id}`).textContent()) ?? '').trim();
        if (readout) break search;
      }
      await page.mouse.wheel(0, 300);
      await page.waitForTimeout(1000); // the next chart's intro animation
    }
    assert.ok(readout.length > 0, 'no tap on the chart filled its readout');
    assert.match(readout, /\d/, `the readout has no figure: ${readout}`);

    // One file: nothing but the page itself and data: URIs.
    const other = requests.filter((u) => u !== url && !u.startsWith('data:'));
    assert.deepEqual(other, [], 'the one-file edition loaded other files');
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations');
    assert.deepEqual(errors, [], 'console or page errors');
    await page.screenshot({ path: artifactPath('offline-one-file.png') });
  } finally {
    await context.close();
  }
});
