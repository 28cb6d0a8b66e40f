// Embeds: embed.html#<chart id> shows that one chart card; embed-parent.js sizes the iframe
// to its content, and ignores messages from any other window or origin.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactPath, canvasInk, collectErrors, distDir, launch, serveDist, serveNode } from './lib.mjs';

const TIMEOUT_MS = 20_000;
const TYPE = 'wushan:embed-height';

let server;
let other; // the same files from a second origin (another port)
let browser;

before(async () => {
  server = await serveDist();
  other = await serveDist();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await other?.close();
});

/** Content height of the embed in `frame`, as embed.js measures it. */
function contentHeight(frame) {
  return frame.evaluate(() => {
    const root = document.getElementById('embed');
    const margin = parseFloat(getComputedStyle(document.body).marginBottom || '0');
    return Math.ceil(root.getBoundingClientRect().bottom + scrollY + margin);
  });
}

function iframeHeight(page, selector = 'iframe[data-wushan-embed]') {
  return page.locator(selector).evaluate((f) => f.clientHeight);
}

/** Polls `read` until `ok(value)` or the timeout; returns the last value. */
async function until(read, ok, timeout = TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

test('embed.html#<id> shows that chart alone, with title, source and a link to its chapter', { timeout: 60_000 }, async () => {
  const charts = readdirSync(join(distDir(), 'charts')).map((f) => f.replace(/\.svg$/, ''));
  const id = charts.find((c) => c.startsWith('fig_care')) ?? charts[0];
  for (const javaScriptEnabled of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const errors = collectErrors(page);
    try {
      await page.goto(`${server.url}embed.html#${id}`, { waitUntil: 'load' });
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll('.embed-item')]
          .filter((el) => getComputedStyle(el).display !== 'none')
          .map((el) => el.id),
      );
      assert.deepEqual(shown, [id], `JS ${javaScriptEnabled}: cards shown`);
      const card = page.locator(`#${id}`);
      assert.ok(((await card.locator('.chart-title').textContent()) ?? '').trim().length > 0);
      assert.ok(((await card.locator('.source').textContent()) ?? '').trim().length > 0);
      const href = await page.locator('.embed-item:target .embed-more a').getAttribute('href');
      assert.equal(href, 'index.html#care');
      if (javaScriptEnabled) {
        await page.waitForSelector(`#${id} .chart-box.is-live`, { timeout: TIMEOUT_MS });
        const ink = await until(() => canvasInk(page), (cs) => cs.some((c) => c.ink > 100));
        assert.ok(ink.some((c) => c.ink > 100), 'the embedded chart was not drawn');
        assert.deepEqual(errors, []);
      } else {
        const loaded = await page.locator(`#${id} img.chart-static`).evaluate((img) => img.naturalWidth);
        assert.ok(loaded > 0, 'the static chart image did not load');
      }
    } finally {
      await context.close();
    }
  }
});

test('embed-example sizes its iframe to the content height', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(`${server.url}embed-example.html`, { waitUntil: 'load' });
    const frame = page.frameLocator('iframe[data-wushan-embed]');
    await frame.locator('.chart-box.is-live:visible').first().waitFor({ timeout: TIMEOUT_MS });
    const embed = page.frames().find((f) => f.url().includes('embed.html'));
    assert.ok(embed, 'no embed frame');
    const initial = Number(await page.locator('iframe[data-wushan-embed]').getAttribute('height'));
    // Wait until the height settles on the content's (the live canvas may change it).
    const fits = async () => Math.abs((await iframeHeight(page)) - (await contentHeight(embed)));
    const diff = await until(fits, (d) => d <= 2);
    const height = await iframeHeight(page);
    assert.ok(diff <= 2, `iframe ${height} px, content ${await contentHeight(embed)} px`);
    assert.notEqual(height, initial, 'the iframe kept its initial height');
    // No scroll bar inside.
    assert.ok(await embed.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 2));

    // Narrower: the chart wraps and grows, and the iframe follows.
    await page.setViewportSize({ width: 360, height: 900 });
    const diff2 = await until(fits, (d) => d <= 2);
    assert.ok(diff2 <= 2, `after resize: off by ${diff2} px`);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: artifactPath('embed-example.png'), fullPage: true });
  } finally {
    await context.close();
  }
});

test('embed-parent.js ignores other windows and other origins, and clamps', { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}embed-example.html`, { waitUntil: 'load' });
    const embed = page.frames().find((f) => f.url().includes('embed.html'));
    await until(async () => Math.abs((await iframeHeight(page)) - (await contentHeight(embed))), (d) => d <= 2);
    const post = (frame, height) =>
      frame.evaluate(({ type, height }) => parent.postMessage({ type, version: 1, id: 'x', height }, '*'), {
        type: TYPE,
        height,
      });

    // The embed itself is obeyed (control), within 120..4000.
    await post(embed, 777);
    assert.equal(await until(() => iframeHeight(page), (h) => h === 777), 777);
    await post(embed, 99_999);
    assert.equal(await until(() => iframeHeight(page), (h) => h === 4000), 4000);
    await post(embed, 5);
    assert.equal(await until(() => iframeHeight(page), (h) => h === 120), 120);
    await post(embed, 777);
    await until(() => iframeHeight(page), (h) => h === 777);

    // Wrong type or version: ignored.
    await embed.evaluate((type) => {
      parent.postMessage({ type, version: 2, id: 'x', height: 500 }, '*');
      parent.postMessage({ type: 'other', version: 1, id: 'x', height: 500 }, '*');
      parent.postMessage(`{"type":"${type}","version":1,"height":500}`, '*');
    }, TYPE);

    // Another window of the same origin (a srcdoc iframe): ignored.
    await page.evaluate(() => {
      const f = document.createElement('iframe');
      f.name = 'intruder';
      f.srcdoc = '<p>x</p>';
      document.body.append(f);
      return new Promise((ok) => f.addEventListener('load', ok, { once: true }));
    });
    const intruder = page.frame({ name: 'intruder' });
    assert.ok(intruder, 'no srcdoc frame');
    await post(intruder, 500);
    await page.waitForTimeout(800);
    assert.equal(await iframeHeight(page), 777, 'a message from another window changed the height');
  } finally {
    await context.close();
  }
});

test('the embed iframe loaded from another origin is not obeyed', { timeout: 60_000 }, async () => {
  // A host site (its own origin) that expects its embed from origin A, while the iframe shows
  // the embed from origin B (same files, other port): B's messages must not size it.
  const dir = mkdtempSync(join(tmpdir(), 'wushan-host-'));
  copyFileSync(join(distDir(), 'embed-parent.js'), join(dir, 'embed-parent.js'));
  const chart = readdirSync(join(distDir(), 'charts'))[0].replace(/\.svg$/, '');
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
     <iframe data-wushan-embed data-origin="${new URL(server.url).origin}"
             src="${other.url}embed.html#${chart}" height="150" width="600"></iframe>
     <script src="embed-parent.js"></script>`,
  );
  const host = await serveNode(dir); // the partner's own server
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(host.url, { waitUntil: 'load' });
    const embed = page.frames().find((f) => f.url().startsWith(other.url));
    assert.ok(embed, `the embed from origin B did not load: ${page.frames().map((f) => f.url())}`);
    await embed.locator('.chart-box.is-live:visible').first().waitFor({ timeout: TIMEOUT_MS });
    await embed.evaluate((type) => parent.postMessage({ type, version: 1, id: 'x', height: 640 }, '*'), TYPE);
    await page.waitForTimeout(1000);
    assert.equal(await iframeHeight(page), 150, 'a message from origin B resized the iframe');

    // Control: point the same iframe at origin A, and it is sized to its content.
    await page.locator('iframe').evaluate((f, src) => (f.src = src), `${server.url}embed.html#${chart}`);
    await until(() => page.frames().some((f) => f.url().startsWith(server.url)), (ok) => ok);
    const fromA = page.frames().find((f) => f.url().startsWith(server.url));
    await fromA.locator('.chart-box.is-live:visible').first().waitFor({ timeout: TIMEOUT_MS });
    const fits = async () => Math.abs((await iframeHeight(page)) - (await contentHeight(fromA)));
    assert.ok((await until(fits, (d) => d <= 2)) <= 2, 'the embed from origin A was not obeyed either');
    const h = await iframeHeight(page);
    assert.notEqual(h, 150);

    // A data: URL window (an opaque origin) posting a height: ignored.
    await page.evaluate((type) => {
      const f = document.createElement('iframe');
      f.src = `data:text/html,<script>parent.postMessage({type:'${type}',version:1,id:'x',height:501},'*')<\/script>`;
      document.body.append(f);
      return new Promise((ok) => f.addEventListener('load', ok, { once: true }));
    }, TYPE);
    await page.waitForTimeout(800);
    assert.notEqual(await iframeHeight(page), 501, 'a data: window resized the iframe');
    assert.ok((await fits()) <= 2, 'the iframe no longer fits its content');
  } finally {
    await context.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A partner's page on its own origin (a second server) holding `body`, with embed-parent.js
 * copied from the build. Resolves to { url, close }.
 */
async function partnerPage(body) {
  const dir = mkdtempSync(join(tmpdir(), 'wushan-partner-'));
  copyFileSync(join(distDir(), 'embed-parent.js'), join(dir, 'embed-parent.js'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">${body}`);
  const host = await serveNode(dir); // the partner's own server
  return {
    url: host.url,
    close: async () => {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function firstChart() {
  return readdirSync(join(distDir(), 'charts'))[0].replace(/\.svg$/, '');
}

test('sandbox="allow-scripts": one styled card, live chart, and the iframe fits it (README)', { timeout: 60_000 }, async () => {
  const chart = firstChart();
  const host = await partnerPage(
    `<iframe data-wushan-embed sandbox="allow-scripts" src="${server.url}embed.html#${chart}" width="600" height="150"></iframe>
     <script src="embed-parent.js"></script>`,
  );
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(host.url, { waitUntil: 'load' });
    const embed = page.frames().find((f) => f.url().startsWith(server.url));
    assert.ok(embed, 'no embed frame');
    assert.equal(await embed.evaluate(() => origin), 'null', 'the frame is not sandboxed');
    await embed.locator('.chart-box.is-live:visible').first().waitFor({ timeout: TIMEOUT_MS });
    const shown = await embed.evaluate(() =>
      [...document.querySelectorAll('.embed-item')].filter((e) => e.getBoundingClientRect().height > 0).length,
    );
    assert.equal(shown, 1, 'cards shown in the sandboxed embed');
    const fits = async () => Math.abs((await iframeHeight(page)) - (await contentHeight(embed)));
    assert.ok((await until(fits, (d) => d <= 2)) <= 2, `iframe ${await iframeHeight(page)} px, content ${await contentHeight(embed)} px`);
    assert.notEqual(await iframeHeight(page), 150);
  } finally {
    await context.close();
    await host.close();
  }
});

test('embed-parent.js loaded after the embed, with data-origin in upper case, still sizes it', { timeout: 60_000 }, async () => {
  const chart = firstChart();
  const upper = new URL(server.url).origin.toUpperCase();
  const host = await partnerPage(
    `<iframe data-wushan-embed data-origin="${upper}/" src="${server.url}embed.html#${chart}" width="600" height="150"></iframe>`,
  );
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(host.url, { waitUntil: 'load' });
    const embed = page.frames().find((f) => f.url().startsWith(server.url));
    await embed.locator('.chart-box.is-live:visible').first().waitFor({ timeout: TIMEOUT_MS });
    await page.waitForTimeout(500); // the embed's own messages have come and gone
    assert.equal(await iframeHeight(page), 150);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.src = 'embed-parent.js';
      document.body.append(s);
    });
    const fits = async () => Math.abs((await iframeHeight(page)) - (await contentHeight(embed)));
    assert.ok((await until(fits, (d) => d <= 2)) <= 2, `iframe ${await iframeHeight(page)} px, content ${await contentHeight(embed)} px`);
  } finally {
    await context.close();
    await host.close();
  }
});

test('no height is posted before the stylesheet has applied', { timeout: 60_000 }, async () => {
  const chart = firstChart();
  const host = await partnerPage(
    `<script>window.heights = []; addEventListener('message', (e) => e.data && e.data.height && heights.push(e.data.height));</script>
     <iframe data-wushan-embed src="${server.url}embed.html#${chart}" width="600" height="150"></iframe>
     <script src="embed-parent.js"></script>`,
  );
  const context = await browser.newContext();
  // The embed's stylesheets arrive late, as on a slow network.
  await context.route(/\.css$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const page = await context.newPage();
  try {
    await page.goto(host.url, { waitUntil: 'load' });
    const embed = page.frames().find((f) => f.url().startsWith(server.url));
    await embed.locator('.chart-box.is-live:visible').first().waitFor({ timeout: TIMEOUT_MS });
    const fits = async () => Math.abs((await iframeHeight(page)) - (await contentHeight(embed)));
    await until(fits, (d) => d <= 2);
    const content = await contentHeight(embed);
    const heights = await page.evaluate(() => window.heights);
    console.log(`# embed heights posted: ${heights.join(', ')} (content ${content} px)`);
    assert.ok(heights.length > 0, 'no height posted');
    assert.ok(Math.max(...heights) < content * 1.5, `a height before the stylesheet: ${heights}`);
  } finally {
    await context.close();
    await host.close();
  }
});
