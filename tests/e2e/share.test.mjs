// The chapters' share links say only what happened (issue 12, "honest sharing"), and the
// reading-progress bar follows the scroll, on the CSS scroll timeline and from script.
//
// Each share case replaces navigator.share / navigator.clipboard before the page starts,
// the way in-app browsers and plain-http pages present them, then taps the first chapter's
// share link and reads the label, the fallback field and the page's errors.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectErrors, launch, repoRoot, serveDist } from './lib.mjs';
import { gotoLive, settle } from './qa.mjs';

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

/** Opens the story with `setup` run first in the page, and returns the page and its errors. */
async function open(setup, arg) {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, serviceWorkers: 'block' });
  await context.addInitScript(() => {
    window.__rejections = [];
    window.addEventListener('unhandledrejection', (e) => window.__rejections.push(String(e.reason)));
  });
  if (setup) await context.addInitScript(setup, arg);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await gotoLive(page, server.url);
  return { context, page, errors };
}

/** The first chapter's share link: its label now, and the fallback field if shown. */
function shareState(page) {
  return page.evaluate(() => {
    const link = document.querySelector('[data-share]');
    const field = link.nextElementSibling?.classList.contains('share-url') ? link.nextElementSibling : null;
    return {
      label: link.textContent,
      field: field ? field.value : null,
      selected: field ? document.activeElement === field && field.selectionEnd - field.selectionStart === field.value.length : false,
      rejections: window.__rejections,
    };
  });
}

async function tapShare(page) {
  await page.locator('[data-share]').first().click();
  await settle(page);
  await page.waitForTimeout(100);
}

describe('share links are honest', { timeout: 120_000 }, () => {
  const copied = ui('link_copied');
  const label = ui('copy_link');

  test('a refused clipboard never says the link was copied; the link is shown to copy by hand', async () => {
    const { context, page, errors } = await open(() => {
      delete Navigator.prototype.share;
      Object.defineProperty(navigator, 'share', { value: undefined });
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
      });
    });
    try {
      await tapShare(page);
      const s = await shareState(page);
      assert.notEqual(s.label, copied, 'claimed a copy that was refused');
      assert.equal(s.label, label);
      assert.match(s.field ?? '', /#jobs$/, 'the link is shown in a field');
      assert.ok(s.selected, 'the link is selected, ready to copy');
      assert.deepEqual(s.rejections, [], 'unhandled rejections');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('no share API and no clipboard (plain http, in-app browsers): the link is shown', async () => {
    const { context, page, errors } = await open(() => {
      Object.defineProperty(navigator, 'share', { value: undefined });
      Object.defineProperty(navigator, 'clipboard', { value: undefined });
    });
    try {
      await tapShare(page);
      const s = await shareState(page);
      assert.equal(s.label, label);
      assert.match(s.field ?? '', /#jobs$/);
      assert.deepEqual(s.rejections, []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a clipboard that works says so, and the label comes back even after quick repeated taps', async () => {
    const { context, page, errors } = await open(() => {
      Object.defineProperty(navigator, 'share', { value: undefined });
      window.__copied = [];
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText: (t) => new Promise((ok) => setTimeout(() => { window.__copied.push(t); ok(); }, 200)) },
      });
    });
    try {
      const link = page.locator('[data-share]').first();
      await link.click();
      await page.waitForTimeout(300);
      await link.click();
      await page.waitForTimeout(300);
      const s = await shareState(page);
      assert.equal(s.label, copied);
      assert.equal(s.field, null, 'no fallback field when the copy worked');
      const urls = await page.evaluate(() => window.__copied);
      assert.ok(urls.length >= 1 && urls.every((u) => u.endsWith('#jobs')), `copied ${urls}`);
      // Two seconds after the last success the label is the page's own again, not stuck.
      await page.waitForTimeout(2600);
      assert.equal((await shareState(page)).label, label, 'the label stuck');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a cancelled share sheet says nothing and falls back to nothing', async () => {
    const { context, page, errors } = await open(() => {
      Object.defineProperty(navigator, 'share', {
        value: () => Promise.reject(new DOMException('cancelled', 'AbortError')),
      });
    });
    try {
      await tapShare(page);
      const s = await shareState(page);
      assert.equal(s.label, label);
      assert.equal(s.field, null);
      assert.deepEqual(s.rejections, []);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('the reading-progress bar follows the scroll', { timeout: 120_000 }, () => {
  for (const reducedMotion of ['no-preference', 'reduce']) {
    test(`with reduced motion: ${reducedMotion}`, async () => {
      const context = await browser.newContext({ viewport: { width: 375, height: 812 }, reducedMotion, serviceWorkers: 'block' });
      const page = await context.newPage();
      try {
        await gotoLive(page, server.url);
        for (const fraction of [0.25, 0.6]) {
          await page.evaluate((f) => window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * f), fraction);
          await settle(page);
          const bar = () => {
            const t = getComputedStyle(document.getElementById('progress-fill')).transform;
            const m = t.match(/^matrix\(([-\d.e]+)/);
            const max = document.documentElement.scrollHeight - document.documentElement.clientHeight;
            return { scale: m ? Number(m[1]) : t === 'none' ? 1 : NaN, expected: scrollY / max };
          };
          // The page still grows or shrinks as boot.js lays its sections out, one per idle
          // period; the bar follows in the frame after each change, so give it a moment.
          let r;
          for (let tries = 0; tries < 30; tries++) {
            r = await page.evaluate(bar);
            if (Math.abs(r.scale - r.expected) < 0.03) break;
            await page.waitForTimeout(100);
          }
          const ok = Math.abs(r.scale - r.expected) < 0.03;
          assert.ok(ok, `bar at ${r.scale}, scrolled ${r.expected.toFixed(3)}`);
        }
      } finally {
        await context.close();
      }
    });
  }
});
