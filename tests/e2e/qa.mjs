// Shared helpers of the story QA suite (story, a11y, failure and charts tests, and the
// benchmark). Not a test file itself: `node --test tests/e2e/` only runs *.test.mjs.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './lib.mjs';

/**
 * The content folder the dist under test was built from: `WUSHAN_CONTENT_DIR` (another
 * edition, relative to the project root) or `content/`, as build.rs reads it.
 */
export const contentDir = process.env.WUSHAN_CONTENT_DIR
  ? resolve(repoRoot, process.env.WUSHAN_CONTENT_DIR)
  : join(repoRoot, 'content');

/** The chapters, in page order (from content, never a list here), and every anchor the story must have. */
export const CHAPTERS = storyThemes().map((t) => t.id);
export const SECTIONS = [...CHAPTERS, 'data'];

/**
 * The screens the suite runs on. Phones are touch devices; the 1280 px desktop is not.
 * Heights are common device heights, so sticky layouts are tested at real proportions.
 */
export const VIEWPORTS = {
  320: { viewport: { width: 320, height: 568 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  375: { viewport: { width: 375, height: 812 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  414: { viewport: { width: 414, height: 896 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  768: { viewport: { width: 768, height: 1024 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  1280: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
};

/** How long the app may take to hydrate on a busy 2-core machine. Not a performance limit. */
export const LIVE_TIMEOUT_MS = 30_000;

/** Opens `url` and waits until the app has hydrated (`<html class="live">`). */
export async function gotoLive(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.classList.contains('live'), null, {
    timeout: LIVE_TIMEOUT_MS,
  });
  await frames(page, 2);
}

/** Waits for `n` animation frames in the page. */
export function frames(page, n = 2) {
  return page.evaluate(
    (n) =>
      new Promise((done) => {
        const tick = () => (--n <= 0 ? done() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}

/** Waits until the page has had `rounds` idle periods (requestIdleCallback). */
export function idlePeriods(page, rounds = 3) {
  return page.evaluate(async (rounds) => {
    for (let i = 0; i < rounds; i++) await new Promise((done) => requestIdleCallback(done, { timeout: 1000 }));
  }, rounds);
}

/**
 * An init script (`context.addInitScript(holdIdle)`): idle callbacks wait in
 * `window.__idle` until the test runs them with [`runIdle`].
 */
export function holdIdle() {
  const held = (window.__idle = []);
  window.requestIdleCallback = (f) => held.push(f);
}

/** Runs the idle callbacks held so far, as one idle period (what they queue waits for the next); how many ran. */
export function runIdle(page) {
  return page.evaluate(() => {
    const batch = window.__idle.splice(0);
    batch.forEach((f) => f({ didTimeout: false, timeRemaining: () => 50 }));
    return batch.length;
  });
}

/** Lets observers, the Yew scheduler and a frame run after a scroll. */
export async function settle(page) {
  await frames(page, 2);
  await page.evaluate(() => new Promise((done) => setTimeout(done, 0)));
  await frames(page, 1);
}

/** Active steps as "theme:index" strings. */
export function activeSteps(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.step.is-active')].map((s) => `${s.dataset.theme}:${s.dataset.step}`),
  );
}

/**
 * Scrolls so that step `index` of chapter `theme` has its top at 40% of the viewport
 * (just past the middle line the story uses) and waits until the story made it active.
 */
export async function scrollToStep(page, theme, index) {
  await page.evaluate(
    ([theme, index]) => {
      const el = document.querySelector(`.step[data-theme="${theme}"][data-step="${index}"]`);
      const y = el.getBoundingClientRect().top + window.scrollY - window.innerHeight * 0.4;
      window.scrollTo(0, Math.max(0, y));
    },
    [theme, index],
  );
  await settle(page);
  await page.waitForFunction(
    ([theme, index]) =>
      document.querySelector(`.step[data-theme="${theme}"][data-step="${index}"]`)?.classList.contains('is-active'),
    [theme, index],
    { timeout: 5_000 },
  );
  await settle(page);
}

/**
 * Scrolls from the top to the bottom of the page by `fraction` of the viewport height
 * at a time, letting frames run after each move. Calls `onTick(scrollY)` after each.
 */
export async function scrollThrough(page, { fraction = 0.25, onTick = async () => {} } = {}) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await settle(page);
  await onTick(0);
  for (;;) {
    const { y, max } = await page.evaluate((fraction) => {
      const before = window.scrollY;
      window.scrollBy(0, Math.round(window.innerHeight * fraction));
      return {
        y: window.scrollY,
        before,
        max: document.documentElement.scrollHeight - window.innerHeight,
      };
    }, fraction);
    await settle(page);
    await onTick(y);
    if (y >= max - 1) break;
  }
}

/**
 * Waits until chart `id` has drawn its final frame once (the app's
 * `wushan:chart-final:<id>` performance mark), then lets two frames pass.
 */
export async function waitChartFinal(page, id, timeout = 15_000) {
  await page.waitForFunction(
    (id) => performance.getEntriesByName(`wushan:chart-final:${id}`, 'mark').length > 0,
    id,
    { timeout },
  );
  await frames(page, 2);
}

// ---------------------------------------------------------------------------------------
// content, read from content/*.toml in node (line-based: the files are flat and regular)

/** Every indicator id in content/indicators.toml, in file order. */
export function indicatorIds() {
  const text = readFileSync(join(contentDir, 'indicators.toml'), 'utf8');
  const ids = [];
  let inIndicator = false;
  for (const line of text.split('\n')) {
    if (/^\s*\[\[/.test(line)) inIndicator = /^\s*\[\[indicator\]\]/.test(line);
    const m = line.match(/^id\s*=\s*"([^"]+)"/);
    if (m && inIndicator) ids.push(m[1]);
  }
  return ids;
}

/**
 * The chapters of content/story.toml: id, chart ids and steps (chart index and whether
 * the step highlights figures).
 */
export function storyThemes() {
  const text = readFileSync(join(contentDir, 'story.toml'), 'utf8');
  const themes = [];
  let theme = null;
  let step = null;
  let table = '';
  for (const line of text.split('\n')) {
    const header = line.match(/^\s*\[\[?([^\]]+)\]\]?/);
    if (header) {
      table = header[1];
      if (table === 'theme') themes.push((theme = { id: null, charts: [], steps: [] }));
      if (table === 'theme.step') theme.steps.push((step = { chart: 0, highlight: false }));
      continue;
    }
    if (table === 'theme') {
      const id = line.match(/^id\s*=\s*"([^"]+)"/);
      if (id) theme.id = id[1];
      const charts = line.match(/^charts\s*=\s*\[(.*)\]/);
      if (charts) theme.charts = [...charts[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    } else if (table === 'theme.step') {
      const chart = line.match(/^chart\s*=\s*(\d+)/);
      if (chart) step.chart = Number(chart[1]);
      const hl = line.match(/^highlight\s*=\s*\[(.*)\]/);
      if (hl) step.highlight = /"/.test(hl[1]);
    }
  }
  return themes;
}

// ---------------------------------------------------------------------------------------
// in-page helpers, installed with context.addInitScript(installPageHelpers)

/**
 * Defines `window.__qa` in the page: canvas sampling and the comparison of a live chart
 * with its static SVG image (`charts/<id>.svg`, the prerendered final frame).
 *
 * Comparison: both images are turned into luminance over white. A pixel is ink when it is
 * clearly darker than white. `shape` is the share of ink pixels of each image that have an
 * ink pixel of the other within R device px (R = 1.5 CSS px): it ignores colour (a
 * highlighted step mutes some marks) and the sub-pixel baseline differences between canvas
 * text and SVG text, but a chart at progress 0 (bars of zero length, counters at 0) or a
 * blank canvas scores far lower. `tone` also requires the luminance to agree within 48
 * levels: it holds only when nothing is highlighted.
 */
export function installPageHelpers() {
  const qa = {
    luminance(data) {
      const n = data.length / 4;
      const out = new Float32Array(n);
      for (let i = 0, j = 0; j < n; i += 4, j++) {
        const a = data[i + 3] / 255;
        const l = 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
        out[j] = l * a + 255 * (1 - a);
      }
      return out;
    },
    /** Share of A's ink pixels with a matching pixel of B within R px. */
    matchShare(A, B, w, h, R, tol) {
      let ink = 0;
      let ok = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const a = A[y * w + x];
          if (255 - a <= 64) continue;
          ink++;
          let found = false;
          for (let dy = -R; dy <= R && !found; dy++) {
            const yy = y + dy;
            if (yy < 0 || yy >= h) continue;
            for (let dx = -R; dx <= R; dx++) {
              const xx = x + dx;
              if (xx < 0 || xx >= w) continue;
              const b = B[yy * w + xx];
              if (255 - b > 32 && Math.abs(a - b) <= tol) {
                found = true;
                break;
              }
            }
          }
          if (found) ok++;
        }
      }
      return ink ? ok / ink : 1;
    },
    canvasOf(id) {
      return document.querySelector(`figure[data-chart="${id}"] canvas`);
    },
    /** The canvas pixels now (RGBA), or null if it has no backing store yet. */
    snapshot(id) {
      const c = qa.canvasOf(id);
      if (!c || !c.width || !c.height) return null;
      return { width: c.width, height: c.height, data: c.getContext('2d').getImageData(0, 0, c.width, c.height).data };
    },
    /** Pixels that differ from the top-left pixel. */
    ink(snap) {
      if (!snap) return 0;
      const d = snap.data;
      let n = 0;
      for (let i = 4; i < d.length; i += 4) {
        if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) n++;
      }
      return n;
    },
    /** Compares two snapshots of the same size. */
    compareSnapshots(a, b) {
      if (!a || !b || a.width !== b.width || a.height !== b.height) return { shape: 0, tone: 0, sizeMismatch: true };
      const A = qa.luminance(a.data);
      const B = qa.luminance(b.data);
      const R = Math.max(1, Math.round(1.5 * devicePixelRatio));
      const { width: w, height: h } = a;
      return {
        shape: Math.min(qa.matchShare(A, B, w, h, R, 255), qa.matchShare(B, A, w, h, R, 255)),
        tone: Math.min(qa.matchShare(A, B, w, h, R, 48), qa.matchShare(B, A, w, h, R, 48)),
      };
    },
    /** The static image of chart `id`, drawn into a canvas of the live canvas's size. */
    async staticSnapshot(id) {
      const c = qa.canvasOf(id);
      const img = new Image();
      img.src = `charts/${id}.svg`;
      await img.decode();
      const ref = document.createElement('canvas');
      ref.width = c.width;
      ref.height = c.height;
      const ctx = ref.getContext('2d');
      ctx.drawImage(img, 0, 0, c.width, c.height);
      return {
        width: c.width,
        height: c.height,
        data: ctx.getImageData(0, 0, c.width, c.height).data,
        svgWidth: img.naturalWidth,
        svgHeight: img.naturalHeight,
      };
    },
    /** Live canvas (now, or `snap`) against the static SVG. */
    async compareWithStatic(id, snap) {
      const ref = await qa.staticSnapshot(id);
      const live = snap ?? qa.snapshot(id);
      const c = qa.canvasOf(id);
      const css = c.getBoundingClientRect();
      return {
        ...qa.compareSnapshots(live, ref),
        ink: qa.ink(live),
        cssWidth: css.width,
        cssHeight: css.height,
        svgWidth: ref.svgWidth,
        svgHeight: ref.svgHeight,
      };
    },
    /** The reader sees the canvas of chart `id`: its card is shown, the canvas has replaced
     * the static image, and some of it is on screen. */
    canvasShown(id) {
      const c = qa.canvasOf(id);
      if (!c) return false;
      const r = c.getBoundingClientRect();
      return (
        getComputedStyle(c.closest('figure')).clipPath === 'none' &&
        c.closest('.chart-box').classList.contains('is-live') &&
        getComputedStyle(c).display !== 'none' &&
        r.width > 1 &&
        r.bottom > 0 &&
        r.top < innerHeight
      );
    },
    /**
     * Records snapshots of chart `id` on each of the next `count` frames in which the
     * reader sees its canvas (canvasShown). Read them from `window.__qa.recorded`.
     */
    record(id, count = 3) {
      qa.recorded = [];
      const tick = () => {
        if (qa.canvasShown(id)) qa.recorded.push(qa.snapshot(id));
        if (qa.recorded.length < count) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    recorded: [],
  };
  window.__qa = qa;
}

/** Readable one-line summary of an axe violation list. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 6)
        .map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s))\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}
