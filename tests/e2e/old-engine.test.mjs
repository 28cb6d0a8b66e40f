// An "old engine" in Chromium: the page as an engine without `:has()` and without `svh`
// units parses it (Chromium < 105/108 in Android in-app WebViews, Safari < 15.4, Firefox
// < 121). Such an engine drops every style rule whose selector uses `:has()` and every
// declaration whose value uses svh/dvh/lvh. The test does the same to the page's CSS before
// the browser sees it, wherever the CSS is: a stylesheet file, or a <style> element in the
// page. Then:
//
// - at every step of every chapter exactly one chart of the chapter is visible, the one the
//   step shows, and it is on screen;
// - the steps are still spaced apart (the svh spacing fell back to something);
// - embed.html#<id> shows that one card, with JavaScript and without.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectErrors, launch, serveDist } from './lib.mjs';
import { VIEWPORTS, gotoLive, scrollToStep, storyThemes } from './qa.mjs';

/** Units an old engine does not know. */
const NEW_UNITS = /\d(?:s|d|l)v(?:h|w|i|b|min|max)\b/;

/**
 * `css` as an engine without `:has()` and the small/dynamic/large viewport units keeps it:
 * style rules whose selector has `:has(` are dropped, and so are declarations using those
 * units; `@supports` blocks that test for either are dropped. Returns the CSS and counts.
 */
export function asOldEngine(css) {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const dropped = { rules: 0, declarations: 0 };
  let pos = 0;
  function block() {
    let out = '';
    while (pos < text.length) {
      const open = text.indexOf('{', pos);
      const close = text.indexOf('}', pos);
      if (close !== -1 && (open === -1 || close < open)) {
        pos = close + 1;
        return out;
      }
      if (open === -1) {
        out += text.slice(pos);
        pos = text.length;
        return out;
      }
      let prelude = text.slice(pos, open);
      // Statements before the rule (`@charset …;`, `@import …;`) pass as they are.
      const statements = prelude.lastIndexOf(';');
      if (statements !== -1) {
        out += prelude.slice(0, statements + 1);
        prelude = prelude.slice(statements + 1);
      }
      prelude = prelude.trim();
      pos = open + 1;
      if (/^@(media|layer|container|document|keyframes)\b/.test(prelude)) {
        out += `${prelude}{${block()}}`;
        continue;
      }
      if (/^@supports\b/.test(prelude)) {
        const inner = block();
        if (prelude.includes(':has(') || NEW_UNITS.test(prelude)) dropped.rules++;
        else out += `${prelude}{${inner}}`;
        continue;
      }
      const end = text.indexOf('}', pos);
      const body = text.slice(pos, end === -1 ? text.length : end);
      pos = end === -1 ? text.length : end + 1;
      if (prelude.includes(':has(')) {
        dropped.rules++;
        continue;
      }
      const kept = body.split(';').filter((d) => {
        const gone = NEW_UNITS.test(d);
        if (gone) dropped.declarations++;
        return !gone;
      });
      out += `${prelude}{${kept.join(';')}}`;
    }
    return out;
  }
  return { css: block(), dropped };
}

/**
 * Serves every page of `context` as an old engine reads it: stylesheet files and <style>
 * elements go through asOldEngine. Integrity attributes on stylesheets and the page's CSP
 * would refuse the changed CSS, so the stylesheets lose their integrity and the context
 * bypasses CSP (create it with `bypassCSP: true`). Returns what was dropped, per URL.
 */
export async function routeAsOldEngine(context) {
  const seen = {};
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    const isCss = url.pathname.endsWith('.css');
    const isHtml = url.pathname.endsWith('.html') || url.pathname.endsWith('/');
    if (!isCss && !isHtml) return route.continue();
    const response = await route.fetch();
    let body = await response.text();
    const tally = (d) => {
      const s = (seen[url.pathname] ??= { rules: 0, declarations: 0 });
      s.rules += d.rules;
      s.declarations += d.declarations;
    };
    if (isCss) {
      const out = asOldEngine(body);
      tally(out.dropped);
      body = out.css;
    } else {
      body = body.replace(/(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi, (_, a, css, b) => {
        const out = asOldEngine(css);
        tally(out.dropped);
        return a + out.css + b;
      });
      body = body.replace(/<link\b[^>]*rel="stylesheet"[^>]*>/gi, (tag) => tag.replace(/\sintegrity="[^"]*"/, ''));
      seen[url.pathname] ??= { rules: 0, declarations: 0 };
    }
    await route.fulfill({ response, body, headers: { ...response.headers(), 'content-length': undefined } });
  });
  return seen;
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

test('asOldEngine drops :has() rules and svh declarations, and keeps the rest', () => {
  const { css, dropped } = asOldEngine(`
    a { color: red }
    .x:not(.y):has(:focus) { top: 0 }
    @media (max-width: 9px) { .s { margin: 0 0 60vh; margin: 0 0 60svh; padding: 1px } .t:has(b) { x: y } }
    @supports (height: 1svh) { .u { height: 1svh } }
  `);
  assert.deepEqual(dropped, { rules: 3, declarations: 2 }); // one inside the dropped @supports
  const squash = (s) => s.replace(/\s+/g, '');
  assert.equal(squash(css), squash('a{color:red}@media (max-width: 9px){.s{margin:0 0 60vh;padding:1px}}'));
});

describe('the story in an engine without :has() and svh, at 375 px', { timeout: 300_000 }, () => {
  let context;
  let page;
  let errors;
  let seen;

  before(async () => {
    context = await browser.newContext({ ...VIEWPORTS[375], bypassCSP: true, serviceWorkers: 'block' });
    seen = await routeAsOldEngine(context);
    page = await context.newPage();
    errors = collectErrors(page);
    await gotoLive(page, server.url);
  });

  after(async () => {
    await context?.close();
  });

  test('the page CSS went through the old engine', () => {
    const touched = Object.values(seen).reduce((n, s) => n + s.rules + s.declarations, 0);
    assert.ok(touched > 0, `nothing was dropped from the page's CSS: ${JSON.stringify(seen)}`);
  });

  test('at every step exactly one chart of the chapter shows, the step’s own, on screen', async () => {
    const wrong = [];
    let checked = 0;
    for (const theme of storyThemes()) {
      for (let i = 0; i < theme.steps.length; i++) {
        await scrollToStep(page, theme.id, i);
        const shown = await page.evaluate((id) => {
          const visible = (el) => {
            const r = el.getBoundingClientRect();
            const s = getComputedStyle(el);
            return r.width > 1 && r.height > 1 && s.display !== 'none' && s.visibility !== 'hidden' && s.clipPath === 'none';
          };
          return [...document.querySelectorAll(`#${id} .graphic .chart-card`)]
            .filter(visible)
            .map((el) => {
              const r = el.getBoundingClientRect();
              return { id: el.dataset.chart, onScreen: r.top < innerHeight && r.bottom > 0 && r.top >= -1 };
            });
        }, theme.id);
        checked++;
        const want = theme.charts[theme.steps[i].chart];
        if (shown.length !== 1 || shown[0].id !== want || !shown[0].onScreen) {
          wrong.push(`${theme.id} step ${i + 1}: want ${want} alone on screen, shown ${JSON.stringify(shown)}`);
        }
      }
    }
    assert.ok(checked >= 16, `only ${checked} steps checked`);
    assert.deepEqual(wrong, [], wrong.join('\n'));
  });

  test('the steps start at least a third of a screen apart', async () => {
    const tops = await page.evaluate(() =>
      [...document.querySelectorAll('.step[data-theme="jobs"]')].map((s) => s.getBoundingClientRect().top),
    );
    const third = VIEWPORTS[375].viewport.height / 3;
    assert.ok(tops.length >= 3, `${tops.length} steps`);
    for (let i = 1; i < tops.length; i++) {
      assert.ok(tops[i] - tops[i - 1] >= third, `steps ${i} and ${i + 1} start ${Math.round(tops[i] - tops[i - 1])} px apart`);
    }
  });

  test('no error while reading', () => {
    assert.deepEqual(errors, []);
  });
});

test('embed.html#<id> in an engine without :has() shows that one card, with and without JavaScript', { timeout: 120_000 }, async () => {
  const id = storyThemes()[1].charts[0];
  for (const javaScriptEnabled of [false, true]) {
    const context = await browser.newContext({ ...VIEWPORTS[375], javaScriptEnabled, bypassCSP: true, serviceWorkers: 'block' });
    try {
      const seen = await routeAsOldEngine(context);
      const page = await context.newPage();
      await page.goto(`${server.url}embed.html#${id}`, { waitUntil: 'load' });
      // The stylesheet, a file or inline in the page, went through the old engine.
      const touched = Object.values(seen).reduce((n, s) => n + s.rules + s.declarations, 0);
      assert.ok(touched > 0, `embed.html's CSS was not routed: ${JSON.stringify(seen)}`);
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll('.embed-item')]
          .filter((el) => el.getBoundingClientRect().height > 1)
          .map((el) => el.querySelector('[data-chart]')?.dataset.chart),
      );
      assert.deepEqual(shown, [id], `JavaScript ${javaScriptEnabled ? 'on' : 'off'}`);
    } finally {
      await context.close();
    }
  }
});
