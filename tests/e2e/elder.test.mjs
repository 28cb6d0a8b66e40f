// 长辈模式 (issue 16): the elder reading mode, measured against the national elder-friendly
// design rules at 320, 375 and 414 px: body text 20 CSS px or more (nothing under 18) and
// headings larger, line height 1.3 or more, paragraph spacing 1.3 × the line height or more,
// tap targets 60 × 60 or more, text contrast 7:1 or more (light and dark), no horizontal
// overflow, axe clean, chart labels neither overlapping nor cut (the live canvas re-laid out
// and the elder static images). The choice persists across a reload, follows ?mode=elder and
// survives a localStorage that throws; the mode works with the wasm missing. Read aloud sends
// a step's text with its figures as printed, and is absent without speechSynthesis.
// Screenshots of one step per chapter in the mode go to tests/e2e/artifacts/.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { artifactPath, collectErrors, distDir, launch, serveDist, trackRequests } from './lib.mjs';
import { CHAPTERS, VIEWPORTS, formatViolations, gotoLive, scrollToStep, settle } from './qa.mjs';

const WIDTHS = [320, 375, 414];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BODY_PX = 20;
const MIN_TEXT_PX = 18;
const MIN_LINE = 1.3;
const MIN_PARA = 1.3;
const TAP_PX = 60;
const CONTRAST = 7;
/** The smallest label of an elder static image as shown (its layout has none under 16 px). */
const MIN_STATIC_LABEL_PX = 16;

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

const elderUrl = () => `${server.url}?mode=elder`;

/**
 * In the page: every rule the mode must meet, as a list of problems (empty: all met), and
 * the figures measured. Only what is shown is measured (not display:none, not visually
 * hidden 1 px boxes, not inside a closed <details>).
 */
function measure({ BODY_PX, MIN_TEXT_PX, MIN_LINE, MIN_PARA, TAP_PX, CONTRAST }) {
  const problems = [];
  const px = (v) => parseFloat(v);
  const shown = (el) => {
    if (!el.getClientRects().length) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.visibility === 'hidden' || s.display === 'none') return false;
      if (s.clipPath && s.clipPath !== 'none') return false;
      if (e.parentElement?.tagName === 'DETAILS' && !e.parentElement.open && e.tagName !== 'SUMMARY') return false;
    }
    return true;
  };
  const name = (el) =>
    `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.classList.length ? '.' + [...el.classList].join('.') : ''} "${(el.textContent || '').trim().slice(0, 16)}"`;

  // Text elements: those with a text node of their own.
  const texts = [...document.querySelectorAll('body *')].filter(
    (el) =>
      !['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName) &&
      [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) &&
      !el.closest('.skip, .wechat-thumb') &&
      shown(el),
  );
  let smallest = Infinity;
  let lowestLine = Infinity;
  for (const el of texts) {
    const s = getComputedStyle(el);
    const size = px(s.fontSize);
    smallest = Math.min(smallest, size);
    if (size < MIN_TEXT_PX - 0.01) problems.push(`text under ${MIN_TEXT_PX} px: ${name(el)} ${size}px`);
    const lh = s.lineHeight === 'normal' ? 1.2 * size : px(s.lineHeight);
    lowestLine = Math.min(lowestLine, lh / size);
    if (lh / size < MIN_LINE - 0.001) problems.push(`line height under ${MIN_LINE}: ${name(el)} ${(lh / size).toFixed(2)}`);
  }
  // Body text: the story's paragraphs.
  const body = [...document.querySelectorAll('.step p, .intro, .dek, .gl-item dd p, .end p')].filter(shown);
  if (body.length < 10) problems.push(`only ${body.length} body paragraphs shown`);
  for (const p of body) {
    const size = px(getComputedStyle(p).fontSize);
    if (size < BODY_PX - 0.01) problems.push(`body text under ${BODY_PX} px: ${name(p)} ${size}px`);
  }
  const bodyPx = Math.min(...body.map((p) => px(getComputedStyle(p).fontSize)));
  for (const h of [...document.querySelectorAll('h1, h2, h3')].filter(shown)) {
    const size = px(getComputedStyle(h).fontSize);
    if (size <= bodyPx) problems.push(`heading not larger than the body text: ${name(h)} ${size}px`);
  }
  // Paragraph spacing: between consecutive paragraphs.
  let tightest = Infinity;
  for (const p of [...document.querySelectorAll('p + p')].filter(shown)) {
    const prev = p.previousElementSibling;
    if (!shown(prev)) continue;
    const s = getComputedStyle(prev);
    const lh = s.lineHeight === 'normal' ? 1.2 * px(s.fontSize) : px(s.lineHeight);
    const gap = p.getBoundingClientRect().top - prev.getBoundingClientRect().bottom;
    tightest = Math.min(tightest, gap / lh);
    if (gap < MIN_PARA * lh - 0.5) problems.push(`paragraph spacing ${gap.toFixed(1)} px < ${MIN_PARA} × ${lh} px: ${name(p)}`);
  }
  // Tap targets: every control but links inside a sentence (figures and glossary terms).
  const controls = [...document.querySelectorAll('a[href], button, summary, input, select, textarea')].filter(
    (el) => shown(el) && !el.closest('p, td, th, dd, li.gl-item') && !el.closest('.skip'),
  );
  if (controls.length < 10) problems.push(`only ${controls.length} controls found`);
  let smallestTap = Infinity;
  for (const el of controls) {
    const r = el.getBoundingClientRect();
    smallestTap = Math.min(smallestTap, r.width, r.height);
    if (r.width < TAP_PX - 0.5 || r.height < TAP_PX - 0.5)
      problems.push(`tap target under ${TAP_PX}×${TAP_PX}: ${name(el)} ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
  }
  // Contrast of every text against the background it sits on.
  const rgb = (c) => {
    const m = c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
  };
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) return c;
    }
    return rgb(getComputedStyle(document.documentElement).backgroundColor) || [255, 255, 255, 1];
  };
  let lowestContrast = Infinity;
  for (const el of texts) {
    const fg = rgb(getComputedStyle(el).color);
    const bg = background(el);
    if (!fg) continue;
    const mix = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]));
    const [a, b] = [lum(mix), lum(bg)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    lowestContrast = Math.min(lowestContrast, ratio);
    if (ratio < CONTRAST - 0.005) problems.push(`contrast ${ratio.toFixed(2)}:1 under ${CONTRAST}:1: ${name(el)}`);
  }
  const overflow = document.documentElement.scrollWidth - innerWidth;
  if (overflow > 0) problems.push(`the page is ${overflow} px wider than the screen`);
  const wide = [...document.querySelectorAll('body *')]
    .filter((el) => shown(el) && !el.closest('.table-wrap, .skip'))
    .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5 || el.getBoundingClientRect().left < -0.5)
    .slice(0, 5)
    .map(name);
  if (wide.length) problems.push(`outside the screen: ${wide.join(', ')}`);
  return {
    problems,
    figures: { smallest, bodyPx, lowestLine, tightest, smallestTap, lowestContrast, texts: texts.length, controls: controls.length },
  };
}

const RULES = { BODY_PX, MIN_TEXT_PX, MIN_LINE, MIN_PARA, TAP_PX, CONTRAST };

function report(t, where, { problems, figures }) {
  const f = figures;
  t.diagnostic(
    `${where}: smallest text ${f.smallest}px, body ${f.bodyPx}px, line ${f.lowestLine.toFixed(2)}, paragraph gap ${f.tightest.toFixed(2)}× line, ` +
      `smallest tap ${f.smallestTap.toFixed(1)}px, contrast ${f.lowestContrast.toFixed(2)}:1 (${f.texts} texts, ${f.controls} controls)`,
  );
  assert.deepEqual(problems.slice(0, 30), [], `${where}: ${problems.length} problem(s)`);
}

/** Closes every chart table (their toggles are measured; an open table is measured on its own rules). */
async function closeTables(page) {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = false;
  });
}

for (const width of WIDTHS) {
  describe(`elder mode at ${width} px`, () => {
    for (const scheme of ['light', 'dark']) {
      test(`${scheme}: text, spacing, tap targets, contrast and overflow meet the rules, and axe is clean`, { timeout: 120_000 }, async (t) => {
        const context = await browser.newContext({ ...VIEWPORTS[width], colorScheme: scheme });
        const page = await context.newPage();
        const errors = collectErrors(page);
        try {
          await gotoLive(page, elderUrl());
          assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')), 'not in the mode');
          await closeTables(page);
          // Every step in turn (each chapter's chart changes), then the whole page.
          for (const theme of CHAPTERS) {
            await scrollToStep(page, theme, 0);
            report(t, `${width} px ${scheme}, ${theme} step 1`, await page.evaluate(measure, RULES));
          }
          await page.evaluate(() => window.scrollTo(0, 0));
          await settle(page);
          report(t, `${width} px ${scheme}, top`, await page.evaluate(measure, RULES));
          const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
          assert.equal(violations.length, 0, `axe violations:\n${formatViolations(violations)}`);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }

    test('the live charts are laid out again for large text, fit their box and do not animate', { timeout: 120_000 }, async () => {
      const context = await browser.newContext(VIEWPORTS[width]);
      const page = await context.newPage();
      try {
        await gotoLive(page, server.url);
        const boxes = () =>
          page.evaluate(() =>
            [...document.querySelectorAll('.chart-card.is-active .chart-box')].map((b) => {
              const c = b.querySelector('canvas');
              return { id: b.closest('figure').dataset.chart, box: b.clientWidth, w: c.getBoundingClientRect().width, h: c.height, live: b.classList.contains('is-live') };
            }),
          );
        const before = {};
        for (const theme of CHAPTERS) {
          await scrollToStep(page, theme, 0);
          for (const b of await boxes()) before[b.id] = b;
        }
        // The switch in the bar turns the mode on; the charts lay out again.
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.locator('.bar .elder-switch').click();
        await settle(page);
        const problems = [];
        for (const theme of CHAPTERS) {
          await scrollToStep(page, theme, 0);
          for (const b of await boxes()) {
            if (!b.live) problems.push(`${b.id}: not drawn`);
            if (b.w > b.box + 0.5) problems.push(`${b.id}: canvas ${b.w} px wider than its box ${b.box} px (cut)`);
            const was = before[b.id];
            if (was && !(b.h > was.h)) problems.push(`${b.id}: not laid out again with large text (${was.h} -> ${b.h} device px)`);
          }
        }
        assert.ok(Object.keys(before).length >= CHAPTERS.length, 'charts measured');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  });
}

test('no motion in the mode: charts are drawn final at once and the hero figures do not count up', { timeout: 60_000 }, async () => {
  const run = async (url) => {
    const context = await browser.newContext(VIEWPORTS[375]);
    const page = await context.newPage();
    try {
      // Every text drawn on each canvas, with the animation frame it was drawn in; every
      // change to a hero figure.
      await page.addInitScript(() => {
        let frame = 0;
        const tick = () => {
          frame++;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        window.__drawn = new Map();
        const fillText = CanvasRenderingContext2D.prototype.fillText;
        CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
          const id = this.canvas.closest?.('figure')?.dataset.chart;
          if (id) {
            if (!window.__drawn.has(id)) window.__drawn.set(id, []);
            window.__drawn.get(id).push([frame, String(text)]);
          }
          return fillText.call(this, text, ...rest);
        };
        window.__heroChanges = 0;
        document.addEventListener('DOMContentLoaded', () => {
          new MutationObserver((m) => (window.__heroChanges += m.length)).observe(document.querySelector('.hero-nums'), {
            subtree: true,
            childList: true,
            characterData: true,
          });
        });
      });
      await gotoLive(page, url);
      for (const theme of CHAPTERS) await scrollToStep(page, theme, 0);
      return await page.evaluate(() => ({
        hero: window.__heroChanges,
        // Texts drawn before the last frame that the last frame no longer has.
        gone: [...window.__drawn].map(([id, calls]) => {
          const last = Math.max(...calls.map((c) => c[0]));
          const final = new Set(calls.filter((c) => c[0] === last).map((c) => c[1]));
          return [id, [...new Set(calls.map((c) => c[1]).filter((t) => !final.has(t)))]];
        }),
      }));
    } finally {
      await context.close();
    }
  };
  const elder = await run(elderUrl());
  assert.ok(elder.gone.length >= CHAPTERS.length, 'charts drawn');
  assert.deepEqual(elder.gone.filter(([, g]) => g.length), [], 'texts drawn only during an intro animation');
  assert.equal(elder.hero, 0, 'the hero figures changed');
  // The same measure sees the intro animation in the default mode.
  const normal = await run(server.url);
  assert.ok(normal.gone.some(([, g]) => g.length), 'the default mode animates (the measure works)');
});

describe('the choice', () => {
  test('persists across a reload; both switches follow it; turning it off persists too', { timeout: 60_000 }, async () => {
    const context = await browser.newContext(VIEWPORTS[375]);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const net = trackRequests(page);
    const state = () =>
      page.evaluate(() => ({
        elder: document.documentElement.classList.contains('elder'),
        pressed: [...document.querySelectorAll('.elder-switch')].map((b) => b.getAttribute('aria-pressed')),
      }));
    try {
      await page.goto(server.url, { waitUntil: 'load' });
      await net.idle();
      assert.deepEqual(await state(), { elder: false, pressed: ['false', 'false'] });
      const hero = page.locator('.hero .elder-switch');
      assert.ok(await hero.isVisible(), 'the switch near the top is shown');
      const label = (await hero.textContent()).trim();
      assert.ok(label.length >= 2, 'the switch is labelled in words');
      await hero.click();
      await net.idle();
      assert.deepEqual(await state(), { elder: true, pressed: ['true', 'true'] });
      await page.reload({ waitUntil: 'load' });
      await net.idle();
      assert.deepEqual(await state(), { elder: true, pressed: ['true', 'true'] }, 'after a reload');
      await page.locator('.bar .elder-switch').click();
      await net.idle();
      assert.deepEqual(await state(), { elder: false, pressed: ['false', 'false'] });
      await page.reload({ waitUntil: 'load' });
      await net.idle();
      assert.deepEqual(await state(), { elder: false, pressed: ['false', 'false'] }, 'off after a reload');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('?mode=elder opens in the mode, and the mode applies before the first paint', { timeout: 60_000 }, async () => {
    const context = await browser.newContext(VIEWPORTS[375]);
    const page = await context.newPage();
    try {
      // Read at the first paint of <body>: a MutationObserver started before any script.
      await page.addInitScript(() => {
        window.__firstBody = null;
        new MutationObserver((_, obs) => {
          if (document.body && window.__firstBody === null) {
            window.__firstBody = document.documentElement.classList.contains('elder');
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(elderUrl(), { waitUntil: 'load' });
      const s = await page.evaluate(() => ({
        first: window.__firstBody,
        elder: document.documentElement.classList.contains('elder'),
        body: parseFloat(getComputedStyle(document.querySelector('.step p')).fontSize),
      }));
      assert.deepEqual(s, { first: true, elder: true, body: s.body });
      assert.ok(s.body >= BODY_PX, `step text ${s.body}px`);
      // A later visit without the parameter keeps the mode (a relative sent the link once).
      await page.goto(server.url, { waitUntil: 'load' });
      assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elder')));
    } finally {
      await context.close();
    }
  });

  test('a localStorage that throws is harmless: the switch still works for the page', { timeout: 60_000 }, async () => {
    const context = await browser.newContext(VIEWPORTS[375]);
    const page = await context.newPage();
    const errors = collectErrors(page);
    const net = trackRequests(page);
    try {
      await page.addInitScript(() => {
        Object.defineProperty(window, 'localStorage', {
          configurable: true,
          get() {
            throw new DOMException('storage is off', 'SecurityError');
          },
        });
      });
      await page.goto(server.url, { waitUntil: 'load' });
      await net.idle();
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), false);
      await page.locator('.hero .elder-switch').click();
      await net.idle();
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true);
      await page.goto(elderUrl(), { waitUntil: 'load' });
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('elder')), true);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

/** viewBox width and every text's font-size of an SVG in dist/. */
function svgText(path) {
  const svg = readFileSync(join(distDir(), path), 'utf8');
  const viewBox = Number(svg.match(/<svg[^>]*\sviewBox="[\d.-]+ [\d.-]+ ([\d.]+) [\d.]+"/)[1]);
  const sizes = [...svg.matchAll(/<text\b[^>]*\sfont-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  return { svg, viewBox, sizes };
}

for (const width of WIDTHS) {
  test(`without the wasm at ${width} px the mode is complete: styles, switches, elder chart images with large labels that neither overlap nor leave the image`, { timeout: 120_000 }, async (t) => {
    const context = await browser.newContext(VIEWPORTS[width]);
    const page = await context.newPage();
    await page.route('**/*.wasm', (route) => route.abort());
    try {
      await page.goto(elderUrl(), { waitUntil: 'load' });
      const s = await page.evaluate(() => ({
        live: document.documentElement.classList.contains('live'),
        elder: document.documentElement.classList.contains('elder'),
        steps: [...document.querySelectorAll('.step')].filter((x) => x.getBoundingClientRect().height > 0).length,
        allSteps: document.querySelectorAll('.step').length,
        figures: document.querySelectorAll('figure[data-chart]').length,
        switches: [...document.querySelectorAll('.elder-switch')].filter((b) => b.getBoundingClientRect().height > 0).length,
      }));
      assert.equal(s.live, false, 'the wasm ran');
      assert.equal(s.elder, true);
      assert.equal(s.steps, s.allSteps, 'every step is shown');
      assert.equal(s.switches, 2, 'both switches are shown');
      report(t, `${width} px without wasm`, await page.evaluate(measure, RULES));
      // Every chart shows its elder image, loaded.
      const images = page.locator('figure[data-chart] img.chart-static');
      const n = await images.count();
      assert.equal(n, s.figures);
      for (let i = 0; i < n; i++) await images.nth(i).scrollIntoViewIfNeeded();
      await page.waitForFunction(() => [...document.querySelectorAll('figure[data-chart] img.chart-static')].every((i) => i.complete), null, { timeout: 20_000 });
      const shown = await page.evaluate(() =>
        [...document.querySelectorAll('figure[data-chart] img.chart-static')].map((img) => ({
          id: img.closest('figure').dataset.chart,
          src: new URL(img.currentSrc, location.href).pathname.slice(1),
          width: img.getBoundingClientRect().width,
          loaded: img.naturalWidth > 0,
        })),
      );
      const problems = [];
      for (const img of shown) {
        if (!img.loaded) problems.push(`${img.src} did not load`);
        if (img.src !== `charts-elder/phone/${img.id}.svg`) problems.push(`${img.id}: shows ${img.src}`);
        else {
          const { viewBox, sizes } = svgText(img.src);
          const smallest = (Math.min(...sizes) * img.width) / viewBox;
          if (smallest < MIN_STATIC_LABEL_PX) problems.push(`${img.id}: label at ${smallest.toFixed(1)} CSS px`);
        }
      }
      assert.deepEqual(problems, []);
      // The ink box of every label of each elder image, from the browser's own font
      // (canvas measureText with the SVG's font, size, weight, anchor and baseline shift).
      const overlaps = await page.evaluate((files) => {
        const out = [];
        const ctx = document.createElement('canvas').getContext('2d');
        const align = { start: 'left', middle: 'center', end: 'right' };
        for (const [id, svg] of files) {
          const root = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
          const [, , vw, vh] = root.getAttribute('viewBox').split(/\s+/).map(Number);
          const boxes = [...root.querySelectorAll('text')].map((e) => {
            const t = e.textContent.trim();
            const fs = Number(e.getAttribute('font-size'));
            ctx.font = `${e.getAttribute('font-weight') || 'normal'} ${fs}px ${e.getAttribute('font-family')}`;
            ctx.textAlign = align[e.getAttribute('text-anchor') || 'start'];
            const m = ctx.measureText(t);
            const x = Number(e.getAttribute('x'));
            const base = Number(e.getAttribute('y')) + 0.4 * fs; // dy="0.4em"
            return { t, x0: x - m.actualBoundingBoxLeft, x1: x + m.actualBoundingBoxRight, y0: base - m.actualBoundingBoxAscent, y1: base + m.actualBoundingBoxDescent };
          });
          for (const b of boxes) if (b.x0 < -0.5 || b.y0 < -0.5 || b.x1 > vw + 0.5 || b.y1 > vh + 0.5) out.push(`${id}: "${b.t}" cut`);
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const [a, c] = [boxes[i], boxes[j]];
              const ox = Math.min(a.x1, c.x1) - Math.max(a.x0, c.x0);
              const oy = Math.min(a.y1, c.y1) - Math.max(a.y0, c.y0);
              if (ox > 0 && oy > 0) out.push(`${id}: "${a.t}" overlaps "${c.t}"`);
            }
        }
        return out;
      }, shown.map((i) => [i.id, svgText(i.src).svg]));
      assert.deepEqual(overlaps, []);
    } finally {
      await context.close();
    }
  });
}

describe('read aloud', () => {
  /** A speechSynthesis that records what it is asked to say. */
  function stubSpeech() {
    window.__spoken = [];
    window.__cancelled = 0;
    class Utterance {
      constructor(text) {
        this.text = text;
      }
    }
    const synth = {
      speaking: false,
      speak(u) {
        window.__spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.lang });
      },
      cancel() {
        window.__cancelled++;
      },
      getVoices() {
        return [{ lang: 'en-US', name: 'en' }, { lang: 'zh-CN', name: 'zh' }];
      },
    };
    Object.defineProperty(window, 'speechSynthesis', { configurable: true, get: () => synth });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { configurable: true, value: Utterance });
  }

  test('a step speaks its text with its figures exactly as printed, in a zh-CN voice; pressing again stops', { timeout: 60_000 }, async () => {
    const context = await browser.newContext(VIEWPORTS[375]);
    const page = await context.newPage();
    try {
      await page.addInitScript(stubSpeech);
      await gotoLive(page, elderUrl());
      // The first step of each chapter with figures in it.
      for (const theme of CHAPTERS) {
        const step = page.locator(`.step[data-theme="${theme}"]:has(.fig)`).first();
        await step.scrollIntoViewIfNeeded();
        const printed = await step.evaluate((el) => ({
          text: el.querySelector('p').textContent.replace(/\s+/g, ' ').trim(),
          figs: [...el.querySelectorAll('.fig')].map((f) => f.textContent),
        }));
        assert.ok(printed.figs.length > 0, `${theme}: a step with figures`);
        const button = step.locator('.speak');
        assert.ok(await button.isVisible(), `${theme}: the read-aloud control is shown`);
        await button.click();
        const spoken = await page.evaluate(() => window.__spoken.at(-1));
        assert.equal(spoken.text, printed.text, `${theme}: the step's text as printed`);
        for (const f of printed.figs) assert.ok(spoken.text.includes(f), `${theme}: figure ${f} not spoken as printed`);
        assert.equal(spoken.lang, 'zh-CN');
        assert.equal(spoken.voice, 'zh-CN');
        assert.ok(await button.evaluate((b) => b.classList.contains('is-speaking')));
        const before = await page.evaluate(() => ({ n: window.__spoken.length, c: window.__cancelled }));
        await button.click();
        const afterStop = await page.evaluate(() => ({ n: window.__spoken.length, c: window.__cancelled }));
        assert.equal(afterStop.n, before.n, 'pressing again does not speak again');
        assert.ok(afterStop.c > before.c, 'pressing again stops');
        assert.ok(!(await button.evaluate((b) => b.classList.contains('is-speaking'))));
      }
      // A chapter's control speaks its heading and every step.
      const chapter = await page.evaluate(() => {
        const sec = document.querySelector('#care');
        sec.querySelector('.chapter-head .speak').click();
        return {
          spoken: window.__spoken.at(-1).text,
          heading: sec.querySelector('h2').textContent.trim(),
          steps: [...sec.querySelectorAll('.step p')].map((p) => p.textContent.replace(/\s+/g, ' ').trim()),
        };
      });
      assert.ok(chapter.spoken.includes(chapter.heading));
      for (const s of chapter.steps) assert.ok(chapter.spoken.includes(s), `chapter text lacks a step: ${s.slice(0, 20)}`);
    } finally {
      await context.close();
    }
  });

  test('without speechSynthesis the control is absent', { timeout: 60_000 }, async () => {
    const context = await browser.newContext(VIEWPORTS[375]);
    const page = await context.newPage();
    try {
      await page.addInitScript(() => {
        Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: undefined });
      });
      await gotoLive(page, elderUrl());
      const s = await page.evaluate(() => ({
        can: document.documentElement.classList.contains('can-speak'),
        buttons: document.querySelectorAll('.speak').length,
        shown: [...document.querySelectorAll('.speak')].filter((b) => b.getClientRects().length > 0).length,
      }));
      assert.equal(s.can, false);
      assert.ok(s.buttons > 0, 'the page has read-aloud controls');
      assert.equal(s.shown, 0, 'a read-aloud control is shown without speech');
    } finally {
      await context.close();
    }
  });
});

test('screenshots: one step per chapter in the mode', { timeout: 120_000 }, async () => {
  const context = await browser.newContext(VIEWPORTS[375]);
  const page = await context.newPage();
  try {
    await gotoLive(page, elderUrl());
    for (const theme of CHAPTERS) {
      await scrollToStep(page, theme, 1);
      await page.screenshot({ path: artifactPath(`elder-${theme}-375.png`) });
    }
    await context.close();
    const small = await browser.newContext(VIEWPORTS[320]);
    const p = await small.newPage();
    await gotoLive(p, elderUrl());
    await p.screenshot({ path: artifactPath('elder-top-320.png') });
    await small.close();
  } finally {
    await context.close().catch(() => {});
  }
});
