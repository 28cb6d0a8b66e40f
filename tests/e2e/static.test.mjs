// The static page: it is complete without JavaScript and without WebAssembly, it runs under
// its strict Content-Security-Policy without a single violation, it asks no other origin for
// anything, and a slow wasm download never hides the prerendered story.

import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER, artifactPath, canvasInk, collectErrors, distDir, launch, serveDist, serveNode, parseCsv } from './lib.mjs';
import { SECTIONS } from './qa.mjs';
import { inPage } from './webkit-lib.mjs';

const TIMEOUT_MS = 20_000;


/** Every figure as printed ("3258人"), from the third column of the dataset's CSV. */
function figures() {
  const csv = readdirSync(distDir()).find((f) => f.endsWith('.csv'));
  assert.ok(csv, 'dist/ has no CSV');
  const [header, ...rows] = parseCsv(readFileSync(join(distDir(), csv), 'utf8'));
  assert.equal(header[0], 'id');
  const printed = rows.filter((r) => r.length > 2 && r[0]).map((r) => ({ id: r[0], figure: r[2] }));
  assert.ok(printed.length >= 10, `only ${printed.length} figures in ${csv}`);
  return printed;
}

const CHART_COUNT = readdirSync(join(distDir(), 'charts')).filter((f) => f.endsWith('.svg')).length;

/** Figures missing from the page's text. */
async function missingFigures(page) {
  const text = await page.evaluate(() => document.body.textContent.replace(/\s+/g, ''));
  return figures().filter(({ figure }) => !text.includes(figure.replace(/\s+/g, '')));
}

/** Scrolls every static chart image into view, then reports those that did not load. */
async function brokenChartImages(page) {
  const count = await page.locator('img.chart-static').count();
  for (let i = 0; i < count; i++) {
    await page.locator('img.chart-static').nth(i).scrollIntoViewIfNeeded().catch(() => {});
  }
  await page.waitForFunction(
    () => [...document.querySelectorAll('img.chart-static')].every((img) => img.complete),
    null,
    { timeout: TIMEOUT_MS },
  );
  return page.evaluate(() =>
    [...document.querySelectorAll('img.chart-static')]
      .filter((img) => !(img.naturalWidth > 0))
      .map((img) => img.getAttribute('src')),
  );
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

test('without JavaScript: every figure and a loaded static image of every chart', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    assert.deepEqual(await missingFigures(page), [], 'figures missing from the page');
    const images = await page.locator('img.chart-static').count();
    assert.ok(images >= CHART_COUNT, `${images} chart images for ${CHART_COUNT} charts`);
    assert.deepEqual(await brokenChartImages(page), [], 'chart images that did not load');
    assert.equal(await page.locator('html.live').count(), 0, 'the app ran with JavaScript off');
  } finally {
    await page.screenshot({ path: artifactPath('static-nojs.png') });
    await context.close();
  }
});

test('without WebAssembly: the static story stays, no error, no live chart', { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    delete globalThis.WebAssembly;
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  // Nothing of the app is downloaded where it cannot run: no wasm, no glue.
  const appRequests = [];
  page.on('request', (r) => {
    if (/\.wasm$|\/app-[0-9a-f]+\.js$/.test(new URL(r.url()).pathname)) appRequests.push(r.url());
  });
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined');
    assert.deepEqual(await missingFigures(page), [], 'figures missing from the page');
    assert.deepEqual(await brokenChartImages(page), [], 'chart images that did not load');
    const art = await page.evaluate(inPage.illustrations);
    assert.ok(art.count >= 5, `${art.count} illustrations`);
    assert.deepEqual(art.notShown, [], 'illustrations that did not load (the hero is a data: URI)');
    await page.waitForTimeout(1000);
    assert.equal(await page.locator('.chart-box.is-live').count(), 0, 'a chart went live without wasm');
    assert.equal(await page.locator('html.live').count(), 0);
    assert.deepEqual(errors, [], 'console or page errors');
    assert.deepEqual(appRequests, [], 'the app was downloaded for a browser that cannot run it');
  } finally {
    await context.close();
  }
});

test('a failing probe feature also leaves the static page (capability gate)', { timeout: 60_000 }, async () => {
  // A browser whose engine lacks one feature: validate() says no to that probe only.
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const validate = WebAssembly.validate.bind(WebAssembly);
    WebAssembly.validate = (bytes) => {
      const b = new Uint8Array(bytes.buffer ?? bytes);
      // the sign-extension probe's opcode: i32.extend8_s (0xc0) before drop (0x1a)
      for (let i = 0; i + 1 < b.length; i++) if (b[i] === 0xc0 && b[i + 1] === 0x1a) return false;
      return validate(bytes);
    };
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForTimeout(1500);
    assert.equal(await page.locator('.chart-box.is-live').count(), 0, 'the app started anyway');
    assert.deepEqual(await missingFigures(page), []);
    assert.deepEqual(errors, [], 'console or page errors');
  } finally {
    await context.close();
  }
});

test('strict CSP: no violation on a normal load, and the listener does catch one', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    // Inline: the boot script, the elder mode's and the poster sheet's scripts (inlined by
    // Trunk), and one stylesheet that begins with the chapters' colours (written by the
    // prerender from content), each allowed by its hash, nothing else.
    const inline = await page.evaluate(() => ({
      scripts: [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent),
      styles: [...document.querySelectorAll('style')].map((s) => s.textContent),
    }));
    assert.equal(inline.scripts.length, 3, 'three inline scripts: the elder mode, the poster sheet and the boot script');
    assert.equal(inline.scripts.filter((s) => s.includes('poster-sheet')).length, 1, 'the poster sheet script');
    assert.equal(inline.styles.length, 1, 'one inline style: the chapters\' colours, then the stylesheet');
    assert.match(inline.styles[0], /^(\.chapter-[a-z][a-z0-9_]*\{--chapter:#[0-9a-f]{6}\})+:root\{/, 'the chapters\' colours first');
    const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    const scriptSrc = csp.match(/script-src ([^;]*);/)[1].split(' ');
    for (const script of inline.scripts) assert.ok(scriptSrc.includes(sha(script)), 'an inline script the CSP does not name');
    assert.deepEqual(scriptSrc.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"]);
    assert.equal(scriptSrc.length, 2 + inline.scripts.length, 'script-src names only the inline scripts');
    const quoted = (text) => sha(text).replace(/[+/]/g, '\\$&');
    assert.match(csp, new RegExp(`style-src 'self' ${quoted(inline.styles[0])};`));
    assert.equal(await page.locator('script[src]:not([integrity])').count(), 0, 'a script without SRI');
    // The app starts under the policy and draws.
    await page.waitForSelector('.chart-card.is-active .chart-box.is-live', { timeout: TIMEOUT_MS });
    for (const id of SECTIONS) {
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await page.waitForTimeout(150);
    }
    assert.ok((await canvasInk(page)).some((c) => c.ink > 100), 'no chart was drawn');
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations');
    assert.deepEqual(errors, [], 'console or page errors');

    // Control: an inline script is refused and reported.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.head.append(s);
    });
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => window.__ran), undefined, 'the inline script ran');
    assert.ok((await page.evaluate(() => window.__violations)).length >= 1, 'no violation reported');
  } finally {
    await context.close();
  }
});

test('no request leaves the origin, and no cookies', { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const origin = new URL(server.url).origin;
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForSelector('.chart-card.is-active .chart-box.is-live', { timeout: TIMEOUT_MS });
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 600) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 30));
      }
    });
    await page.waitForTimeout(500);
    const elsewhere = requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
    assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the wasm was not requested');
    assert.deepEqual(elsewhere, [], 'requests to other origins');
    assert.deepEqual(await context.cookies(), []);
    assert.equal(await page.evaluate(() => document.cookie), '');
  } finally {
    await context.close();
  }
});

test('slow wasm: the prerendered story shows at once', { timeout: 60_000 }, async () => {
  const DELAY_MS = 4000;
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  let released = false;
  await page.route('**/*_bg.wasm', async (route) => {
    await new Promise((r) => setTimeout(r, DELAY_MS));
    released = true;
    await route.continue();
  });
  try {
    const started = Date.now();
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    const h1 = page.locator('h1').first();
    await h1.waitFor({ state: 'visible', timeout: 2000 });
    const shownAfter = Date.now() - started;
    assert.ok(!released, 'the wasm was already released');
    assert.ok(shownAfter < DELAY_MS, `the headline took ${shownAfter} ms`);
    assert.ok(((await h1.textContent()) ?? '').trim().length > 0);
    assert.deepEqual(await missingFigures(page), [], 'figures missing while the wasm loads');
    await page.locator('img.chart-static').first().scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('img.chart-static')?.naturalWidth > 0, null, {
      timeout: 2000,
    });
    assert.equal(await page.locator('.chart-box.is-live').count(), 0, 'live before the wasm arrived');
    await page.screenshot({ path: artifactPath('static-slow-wasm.png') });
    // Then the app starts.
    await page.waitForSelector('.chart-card.is-active .chart-box.is-live', { timeout: DELAY_MS + TIMEOUT_MS });
  } finally {
    await context.close();
  }
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file) {
  const b = readFileSync(file);
  assert.equal(b.toString('latin1', 1, 4), 'PNG', `${file} is not a PNG`);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

test('share image for og:image, and a hidden square thumbnail first in the body', { timeout: 60_000 }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    // `cargo xtask test` builds for publishing (WUSHAN_PUBLIC_URL, see xtask/src/test.rs):
    // absolute share tags, which the page check allows and nothing else.
    const base = process.env.WUSHAN_PUBLIC_URL ? new URL(process.env.WUSHAN_PUBLIC_URL).href : '';
    const og = await page.locator('meta[property="og:image"]').getAttribute('content');
    assert.equal(og, `${base}share.png`);
    if (base) {
      assert.equal(await page.locator('meta[property="og:url"]').getAttribute('content'), base);
      assert.equal(await page.locator('link[rel="canonical"]').getAttribute('href'), base);
    }
    const [w, h] = pngSize(join(distDir(), 'share.png'));
    assert.ok(w >= 1200 && h >= 630, `${og} is ${w}x${h}`);
    const thumb = await page.evaluate(() => {
      const img = document.body.querySelector('img');
      const box = img.getBoundingClientRect();
      return {
        src: img.getAttribute('src'),
        alt: img.getAttribute('alt'),
        hidden: img.closest('[hidden]') !== null,
        area: box.width * box.height,
        outsideApp: !img.closest('#app'),
      };
    });
    assert.deepEqual(
      { ...thumb, area: thumb.area === 0 },
      { src: 'thumb.png', alt: '', hidden: true, area: true, outsideApp: true },
    );
    const [tw, th] = pngSize(join(distDir(), 'thumb.png'));
    assert.ok(tw === th && tw >= 300, `thumb.png is ${tw}x${th}`);
    assert.ok(!requests.some((u) => u.endsWith('/thumb.png')), 'readers download the hidden thumbnail');
  } finally {
    await context.close();
  }
});

const NGINX_ONLY = !SERVER.startsWith('nginx') && 'the headers of dist/nginx.conf';

test('nginx with dist/nginx.conf: CSP and frame-ancestors as headers, caching, wasm type, gzip', { timeout: 60_000, skip: NGINX_ONLY }, async () => {
  const head = async (path) => {
    const res = await fetch(new URL(path, server.url), { headers: { 'accept-encoding': 'gzip' } });
    await res.arrayBuffer();
    return res.headers;
  };
  const files = readdirSync(distDir());
  const wasm = files.find((f) => f.endsWith('_bg.wasm'));
  // The boot script is inline; the glue is the hashed script file.
  const glue = files.find((f) => /^app-[0-9a-f]+\.js$/.test(f));
  assert.ok(glue, 'the glue in dist/');
  const meta = (page) => /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync(join(distDir(), page), 'utf8'))[1];

  const index = await head('');
  assert.equal(index.get('content-security-policy'), `${meta('index.html')}; frame-ancestors 'self'`);
  assert.equal(index.get('cache-control'), 'no-cache');
  assert.equal(index.get('x-content-type-options'), 'nosniff');
  assert.equal(index.get('referrer-policy'), 'strict-origin-when-cross-origin');
  assert.equal(index.get('content-encoding'), 'gzip');
  assert.equal((await head('embed.html')).get('content-security-policy'), `${meta('embed.html')}; frame-ancestors *`);
  assert.equal((await head('sw.js')).get('cache-control'), 'no-cache');

  const w = await head(wasm);
  assert.equal(w.get('content-type'), 'application/wasm');
  assert.equal(w.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(w.get('access-control-allow-origin'), '*');
  assert.equal((await head(glue)).get('cache-control'), 'public, max-age=31536000, immutable');
  const csv = await head(files.find((f) => f.endsWith('.csv')));
  assert.match(csv.get('content-type'), /^text\/csv/);
  assert.equal(csv.get('access-control-allow-origin'), null);
  // The host's own files are not served.
  assert.equal((await fetch(new URL('nginx.conf', server.url))).status, 404);
  assert.equal((await fetch(new URL('_headers', server.url))).status, 404);
});

test('nginx: another site may frame embed.html but not the story (frame-ancestors)', { timeout: 60_000, skip: NGINX_ONLY }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wushan-framer-'));
  const chart = readdirSync(join(distDir(), 'charts'))[0].replace(/\.svg$/, '');
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
     <iframe name="story" src="${server.url}"></iframe>
     <iframe name="embed" src="${server.url}embed.html#${chart}"></iframe>`,
  );
  const framer = await serveNode(dir);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(framer.url, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    // A blocked frame shows the browser's error page instead.
    const shows = (name) => page.frame({ name }).evaluate(() => location.href).catch(() => '');
    assert.ok((await shows('embed')).startsWith(`${server.url}embed.html`), 'the embed did not load in a frame');
    assert.ok(!(await shows('story')).startsWith(server.url), 'another site framed the story');
  } finally {
    await context.close();
    await framer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
