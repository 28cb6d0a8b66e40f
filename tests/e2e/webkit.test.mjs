// The core subset in WebKitGTK (the engine family of iOS WKWebView): Debian's
// WebKitWebDriver drives MiniBrowser under xvfb-run, over WebDriver classic (plain fetch,
// webkit-lib.mjs), at a 375×812 CSS viewport. The page goes live, each step of the first
// chapter activates and its chart is drawn (canvas pixels), a tap fills the readout, the
// no-wasm fallback shows every static chart, the one-file edition works from file://,
// embed.html#<id> shows one card, and no error event fires (recorded by a script the test
// server adds to each page: WebKitWebDriver cannot read the console).
// Skipped when WebKitWebDriver or xvfb-run is missing, except under CI=true, where a missing
// engine fails the run.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir } from './lib.mjs';
import { storyThemes } from './qa.mjs';
import { inPage, serveWithErrorRecorder, startWebKit, webkitMissing } from './webkit-lib.mjs';

const missing = webkitMissing();
const inCi = /^(true|1)$/.test(process.env.CI ?? '');

if (missing && inCi) {
  test('WebKitGTK is installed (required under CI=true)', () => {
    assert.fail(`WebKit engine missing: ${missing}`);
  });
}

describe('WebKitGTK (MiniBrowser) at 375×812', { skip: missing ?? false, timeout: 300_000 }, () => {
  let server;
  let wk;
  const theme = storyThemes()[0];

  before(async () => {
    server = await serveWithErrorRecorder();
    wk = await startWebKit({ width: 375, height: 812 });
  });

  after(async () => {
    await wk?.close();
    await server?.close();
  });

  /** Error events the recorder saw on the current page. */
  const errorEvents = () => wk.run(() => window.__errorEvents ?? ['the error recorder did not run']);

  test('the viewport is 375×812 CSS px', async () => {
    await wk.goto(server.url);
    assert.deepEqual(await wk.run(() => [innerWidth, innerHeight]), [375, 812]);
  });

  test('the page goes live', async () => {
    await wk.until(() => document.documentElement.classList.contains('live'), [], { timeout: 60_000, message: 'html.live' });
    assert.deepEqual(await errorEvents(), []);
  });

  test('each step of the first chapter activates and its chart is drawn', async () => {
    for (let i = 0; i < theme.steps.length; i++) {
      await wk.run(inPage.scrollToStep, theme.id, i);
      await wk.until(inPage.stepActive, [theme.id, i], { message: `${theme.id} step ${i + 1} active` });
      const id = theme.charts[theme.steps[i].chart];
      const ink = await wk.until(inPage.ink, [id], { message: `${theme.id} step ${i + 1}: ${id} drawn` });
      assert.ok(ink > 500, `${id}: ${ink} pixels drawn`);
    }
  });

  test('a tap on a mark fills the readout', async () => {
    const last = theme.steps.length - 1;
    const id = theme.charts[theme.steps[last].chart];
    await wk.run(inPage.scrollToStep, theme.id, last);
    await wk.until(inPage.ink, [id], { message: `${id} drawn` });
    const spot = await wk.until(inPage.tapSpot, [id], { message: `a visible mark of ${id}` });
    assert.equal((await wk.run(inPage.readout, id)).text, '', 'the readout is empty before the tap');
    await wk.tap(spot.x, spot.y);
    const filled = await wk.until(
      (id) => {
        const text = (document.querySelector(`figure[data-chart="${id}"] .readout`)?.textContent ?? '').trim();
        return text || null;
      },
      [id],
      { message: `${id} readout after a tap at ${spot.x},${spot.y}` },
    );
    const { hasFigure } = await wk.run(inPage.readout, id);
    assert.ok(hasFigure, `the readout "${filled}" shows none of ${id}'s figures`);
  });

  test('no error event while reading', async () => {
    assert.deepEqual(await errorEvents(), []);
  });

  test('the error recorder sees an error event (so the checks above can fail)', async () => {
    await wk.run(() => setTimeout(() => {
      throw new Error('probe');
    }));
    const seen = await wk.until(() => window.__errorEvents.length > 0 && window.__errorEvents, [], { message: 'the probe error' });
    assert.match(seen.join('\n'), /probe/);
  });

  test('without WebAssembly the static page shows every chart', async () => {
    await wk.goto(`${server.url}index.html?nowasm`);
    assert.equal(await wk.run(() => typeof WebAssembly), 'undefined', 'WebAssembly was not removed');
    const { count, notShown, live } = await wk.run(inPage.staticCharts);
    assert.ok(count >= storyThemes().reduce((n, t) => n + t.charts.length, 0), `${count} static charts`);
    assert.deepEqual(notShown, [], 'static charts not shown');
    assert.equal(live, false, 'the page went live without WebAssembly');
    const art = await wk.run(inPage.illustrations);
    assert.ok(art.count >= 1 + storyThemes().length, `${art.count} illustrations`);
    assert.deepEqual(art.notShown, [], 'illustrations not shown');
    assert.deepEqual(await errorEvents(), []);
  });

  test('embed.html#<id> shows one card, drawn', async () => {
    const id = theme.charts[0];
    await wk.goto(`${server.url}embed.html#${id}`);
    assert.deepEqual(await wk.run(inPage.shownEmbedCards), [id]);
    await wk.until(inPage.ink, [id], { message: `embedded ${id} drawn` });
    assert.deepEqual(await errorEvents(), []);
  });

  test('the one-file edition works from file://', async () => {
    const dir = join(distDir(), 'offline');
    const [name] = readdirSync(dir).filter((f) => f.endsWith('.html'));
    assert.ok(name, 'dist/offline/ has no .html');
    await wk.goto(pathToFileURL(join(dir, name)).href);
    // No test server here: the recorder starts after load and sees what follows.
    await wk.run(() => {
      const seen = (window.__errorEvents = []);
      addEventListener('error', (e) => seen.push(`error: ${e.message || e.type}`), true);
      addEventListener('unhandledrejection', (e) => seen.push(`unhandled rejection: ${e.reason}`));
    });
    await wk.until(() => document.documentElement.classList.contains('live'), [], { timeout: 60_000, message: 'html.live from file://' });
    await wk.run(inPage.scrollToStep, theme.id, 0);
    const id = theme.charts[theme.steps[0].chart];
    await wk.until(inPage.ink, [id], { message: `${id} drawn from file://` });
    assert.deepEqual((await wk.run(inPage.illustrations)).notShown, [], 'illustrations not shown from file://');
    assert.deepEqual(await errorEvents(), []);
  });
});
