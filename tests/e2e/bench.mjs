// Browser benchmark of the release build, run by `cargo xtask bench` (or
// `node tests/e2e/bench.mjs` after `cargo xtask dist`). Progress goes to stderr; the last
// line of stdout is one JSON object, which xtask merges into target/bench/report.json.
//
// Conditions (Lighthouse's "slow 4G" mobile profile, applied with CDP):
//   network  562.5 ms request latency, 1474.56 kbit/s down, 675 kbit/s up
//   CPU      4× slowdown (Emulation.setCPUThrottlingRate)
//   screen   412×823 CSS px at devicePixelRatio 1.75, touch
// The bundle is served from memory with gzip or brotli, as a static host would; each
// load is cold (new browser context: empty cache, no service worker).
//
// Measured, median of RUNS cold loads each:
//   /        first contentful paint, largest contentful paint, hydration (the app adds
//            class `live` to <html>), total blocking time (long tasks after FCP until 3 s
//            after hydration, each counting duration − 50 ms), bytes transferred, JS heap
//            peak (CDP Runtime.getHeapUsage, sampled) and wasm memory
//   /#jobs   a deep link, whose charts draw final at once: time of the first
//            `wushan:chart-final:<id>` performance mark (set by src/story/web.rs)
// and once: a touch scroll through the whole story (CDP Input.dispatchTouchEvent swipes)
// with the same throttling, counting frames (requestAnimationFrame), frames over 20 ms
// and the longest frame. Lighthouse runs only if the npm package `lighthouse` resolves
// (from the project, or from $LIGHTHOUSE_NODE_MODULES).
//
// No threshold here: the numbers are reported, and README "Benchmarks" compares them
// with the targets.

import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { distDir, launch, mimeType } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const NETWORK = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1474.56 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;
const DEVICE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
  serviceWorkers: 'block',
};
const LOAD_TIMEOUT_MS = 180_000;
/** After hydration, how long long tasks and LCP are still collected. */
const SETTLE_MS = 3_000;

const log = (...args) => console.error('bench:', ...args);

// ---------------------------------------------------------------------------------------
// a static server with compression, files held in memory

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * A page of plain paragraphs `height` px tall, served beside the story: the scroll pass on
 * it is what this machine and browser allow a page that does nothing (the floor under the
 * story's scroll figures). No script, no image, system fonts.
 */
const FLOOR_PATH = '/__floor.html';
function floorPage(height) {
  const paragraph = (i) => `<p>Paragraph ${i + 1}. ${'Plain text that only takes up room on the page, as a story paragraph would. '.repeat(3)}</p>`;
  const count = Math.max(1, Math.floor(height / 160));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>scroll floor</title><style>body{margin:0 1rem;font:16px/1.6 sans-serif;min-height:${height}px}</style></head><body>${Array.from({ length: count }, (_, i) => paragraph(i)).join('')}</body></html>`;
}

async function serveCompressed(dir) {
  const files = new Map();
  for (const path of walk(dir)) {
    const body = readFileSync(path);
    const type = mimeType(path);
    const compressible = /^(text\/|application\/(wasm|json|manifest)|image\/svg)/.test(type);
    files.set('/' + relative(dir, path).split(sep).join('/'), {
      type,
      identity: body,
      gzip: compressible ? gzipSync(body, { level: 9 }) : null,
      br: compressible
        ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : null,
    });
  }
  const encodings = new Set();
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let pathname = decodeURIComponent(url.pathname);
    if (pathname.endsWith('/')) pathname += 'index.html';
    if (pathname === FLOOR_PATH) {
      const body = floorPage(Number(url.searchParams.get('h')) || 0);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const file = files.get(pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404');
      return;
    }
    const accept = String(req.headers['accept-encoding'] || '');
    const encoding = file.br && /\bbr\b/.test(accept) ? 'br' : file.gzip && /\bgzip\b/.test(accept) ? 'gzip' : 'identity';
    encodings.add(encoding);
    const body = file[encoding];
    const headers = { 'content-type': file.type, 'content-length': body.length, 'cache-control': 'no-store', vary: 'accept-encoding' };
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    encodings,
    close: () => new Promise((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}

// ---------------------------------------------------------------------------------------
// in-page instrumentation (an init script: it runs before any page script)

function instrument() {
  const b = (window.__bench = { fcp: null, lcp: null, longTasks: [], live: null, wasmMemory: null, frames: [] });
  const observe = (type, f) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(f)).observe({ type, buffered: true });
    } catch (_) {}
  };
  observe('paint', (e) => {
    if (e.name === 'first-contentful-paint') b.fcp = e.startTime;
  });
  observe('largest-contentful-paint', (e) => {
    b.lcp = e.startTime;
  });
  observe('longtask', (e) => b.longTasks.push([e.startTime, e.duration]));
  // Hydration: the moment the app adds `live` to <html> (which may not exist yet here).
  const check = () => {
    if (b.live === null && document.documentElement.classList.contains('live')) b.live = performance.now();
  };
  const watch = () =>
    new MutationObserver(check).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  if (document.documentElement) watch();
  else
    new MutationObserver((_, o) => {
      if (!document.documentElement) return;
      o.disconnect();
      watch();
    }).observe(document, { childList: true });
  // The wasm's linear memory, caught where wasm-bindgen instantiates the module.
  for (const name of ['instantiateStreaming', 'instantiate']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then((result) => {
        const exports = (result.instance || result).exports;
        if (exports && exports.memory instanceof WebAssembly.Memory) b.wasmMemory = exports.memory;
        return result;
      });
    };
  }
}

// ---------------------------------------------------------------------------------------

async function throttledPage(browser) {
  const context = await browser.newContext(DEVICE);
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await cdp.send('Runtime.enable');
  // Bytes on the wire and the JS heap, sampled while the page works.
  const transfer = { bytes: 0, requests: 0 };
  cdp.on('Network.loadingFinished', (e) => {
    transfer.bytes += e.encodedDataLength;
    transfer.requests += 1;
  });
  const heap = { peak: 0 };
  const sampler = setInterval(() => {
    cdp
      .send('Runtime.getHeapUsage')
      .then((h) => (heap.peak = Math.max(heap.peak, h.usedSize)))
      .catch(() => {});
  }, 100);
  const close = async () => {
    clearInterval(sampler);
    await context.close();
  };
  return { context, page, cdp, transfer, heap, close };
}

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function medians(runs) {
  const keys = Object.keys(runs[0] ?? {}).filter((k) => typeof runs[0][k] === 'number');
  return Object.fromEntries(keys.map((k) => [k, round(median(runs.map((r) => r[k])))]));
}

const round = (x) => (x === null ? null : Math.round(x * 10) / 10);

/** One cold load of `url`; resolves when hydrated (and, with `chart`, a chart is final). */
async function coldLoad(browser, url, { chart = false } = {}) {
  const t = await throttledPage(browser);
  try {
    await t.page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    await t.page.waitForFunction(() => window.__bench.live !== null, null, { timeout: LOAD_TIMEOUT_MS, polling: 50 });
    if (chart) {
      await t.page.waitForFunction(
        () => performance.getEntriesByType('mark').some((m) => m.name.startsWith('wushan:chart-final:')),
        null,
        { timeout: LOAD_TIMEOUT_MS, polling: 50 },
      );
    }
    await t.page.waitForTimeout(SETTLE_MS);
    const m = await t.page.evaluate((settle) => {
      const b = window.__bench;
      const end = b.live + settle;
      const tasks = b.longTasks.filter(([start]) => b.fcp !== null && start >= b.fcp && start <= end);
      const marks = performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('wushan:chart-final:'))
        .sort((a, b) => a.startTime - b.startTime);
      return {
        fcp: b.fcp,
        lcp: b.lcp,
        hydrated: b.live,
        tbt: tasks.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0),
        longTasks: tasks.length,
        longestTask: tasks.reduce((max, [, d]) => Math.max(max, d), 0),
        firstChartFinal: marks[0]?.startTime ?? null,
        firstChart: marks[0]?.name.replace('wushan:chart-final:', '') ?? null,
        wasmMemory: b.wasmMemory ? b.wasmMemory.buffer.byteLength : null,
      };
    }, SETTLE_MS);
    const h = await t.cdp.send('Runtime.getHeapUsage');
    return {
      ...m,
      transferBytes: t.transfer.bytes,
      requests: t.transfer.requests,
      heapPeak: Math.max(t.heap.peak, h.usedSize),
    };
  } finally {
    await t.close();
  }
}

/** A touch scroll through the whole story after a throttled load, counting frames. */
async function scrollRun(browser, url, { live = true } = {}) {
  const t = await throttledPage(browser);
  try {
    await t.page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    if (live) await t.page.waitForFunction(() => window.__bench.live !== null, null, { timeout: LOAD_TIMEOUT_MS, polling: 50 });
    await t.page.waitForTimeout(SETTLE_MS);
    await t.page.evaluate(() => {
      const b = window.__bench;
      b.frames = [];
      b.recording = true;
      const tick = (ts) => {
        b.frames.push(ts);
        if (b.recording) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const started = Date.now();
    // A reader's swipes: touch down, 20 moves of 20 px one frame apart (1200 px/s), lift;
    // repeated to the end of the page. Real touch events (CDP Input.dispatchTouchEvent),
    // so the browser scrolls as it would under a finger.
    const x = DEVICE.viewport.width / 2;
    const y0 = DEVICE.viewport.height * 0.8;
    const touch = (type, y) =>
      t.cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }],
      });
    for (let swipe = 0; swipe < 400; swipe++) {
      const atEnd = await t.page.evaluate(
        () => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2,
      );
      if (atEnd) break;
      await touch('touchStart', y0);
      for (let i = 1; i <= 20; i++) {
        await touch('touchMove', y0 - i * 20);
        await new Promise((ok) => setTimeout(ok, 16));
      }
      await touch('touchEnd');
      await new Promise((ok) => setTimeout(ok, 50));
    }
    const wall = Date.now() - started;
    const r = await t.page.evaluate(() => {
      const b = window.__bench;
      b.recording = false;
      const gaps = b.frames.slice(1).map((ts, i) => ts - b.frames[i]);
      return {
        frames: b.frames.length,
        over20: gaps.filter((g) => g > 20).length,
        over50: gaps.filter((g) => g > 50).length,
        longestFrame: gaps.reduce((m, g) => Math.max(m, g), 0),
        medianFrame: gaps.length ? [...gaps].sort((a, b) => a - b)[gaps.length >> 1] : null,
        distance: window.scrollY,
        pageHeight: document.documentElement.scrollHeight,
        chartsFinal: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('wushan:chart-final:')).length,
        charts: document.querySelectorAll('figure[data-chart]').length,
        wasmMemory: b.wasmMemory ? b.wasmMemory.buffer.byteLength : null,
      };
    });
    const h = await t.cdp.send('Runtime.getHeapUsage');
    return { ...r, durationMs: wall, heapPeak: Math.max(t.heap.peak, h.usedSize) };
  } finally {
    await t.close();
  }
}

/**
 * Lighthouse scores, if the npm package resolves from the project or from
 * $LIGHTHOUSE_NODE_MODULES (it is large, so it is not a project dependency:
 * `npm i --prefix <dir> lighthouse`, then LIGHTHOUSE_NODE_MODULES=<dir>/node_modules);
 * otherwise why not.
 */
async function lighthouse(url) {
  const bases = [fileURLToPath(import.meta.url)];
  if (process.env.LIGHTHOUSE_NODE_MODULES) bases.push(join(resolve(process.env.LIGHTHOUSE_NODE_MODULES), '..', 'bench.js'));
  let lh;
  let launcher;
  for (const base of bases) {
    try {
      const require = createRequire(base);
      lh = (await import(pathToFileURL(require.resolve('lighthouse')))).default;
      launcher = await import(pathToFileURL(require.resolve('chrome-launcher')));
      break;
    } catch (_) {
      lh = null;
    }
  }
  if (!lh) return { skipped: 'the npm package lighthouse is not installed (see LIGHTHOUSE_NODE_MODULES in tests/e2e/bench.mjs)' };
  const chrome = await launcher.launch({
    chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const result = await lh(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    const c = result.lhr.categories;
    const audit = (id) => round(result.lhr.audits[id]?.numericValue ?? null);
    const failed = Object.values(result.lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && ['binary', 'numeric', 'metricSavings'].includes(a.scoreDisplayMode))
      .map((a) => a.id);
    return {
      version: result.lhr.lighthouseVersion,
      metrics_ms: {
        fcp: audit('first-contentful-paint'),
        lcp: audit('largest-contentful-paint'),
        tbt: audit('total-blocking-time'),
        speed_index: audit('speed-index'),
      },
      cls: result.lhr.audits['cumulative-layout-shift']?.numericValue ?? null,
      below_full_score: failed,
      performance: c.performance?.score ?? null,
      accessibility: c.accessibility?.score ?? null,
      'best-practices': c['best-practices']?.score ?? null,
      seo: c.seo?.score ?? null,
      note: 'Lighthouse default mobile emulation (simulated slow 4G, 4x CPU); local http server',
    };
  } catch (err) {
    return { skipped: `lighthouse failed: ${err.message}` };
  } finally {
    await chrome.kill();
  }
}

async function main() {
  const dir = distDir();
  const server = await serveCompressed(dir);
  const browser = await launch();
  try {
    log(`serving ${relative(process.cwd(), dir) || '.'} at ${server.url}; ${RUNS} cold loads each of / and /#jobs`);
    const loads = [];
    for (let i = 0; i < RUNS; i++) {
      loads.push(await coldLoad(browser, server.url));
      log(`/ load ${i + 1}: FCP ${round(loads.at(-1).fcp)} ms, hydrated ${round(loads.at(-1).hydrated)} ms`);
    }
    const deep = [];
    for (let i = 0; i < RUNS; i++) {
      deep.push(await coldLoad(browser, `${server.url}#jobs`, { chart: true }));
      log(`/#jobs load ${i + 1}: first chart final ${round(deep.at(-1).firstChartFinal)} ms (${deep.at(-1).firstChart})`);
    }
    log('scrolling through the story');
    const scroll = await scrollRun(browser, server.url);
    log(`scroll: ${scroll.frames} frames, ${scroll.over20} over 20 ms, longest ${round(scroll.longestFrame)} ms`);
    log('scrolling through a plain page as tall (the floor)');
    const floor = await scrollRun(browser, `${server.url}${FLOOR_PATH.slice(1)}?h=${Math.round(scroll.pageHeight)}`, { live: false });
    log(`floor: ${floor.frames} frames, ${floor.over20} over 20 ms, longest ${round(floor.longestFrame)} ms, ${floor.pageHeight} px`);
    const lh = await lighthouse(server.url);
    log(lh.skipped ? `lighthouse skipped: ${lh.skipped}` : `lighthouse performance ${lh.performance}`);
    const report = {
      generated_by: 'tests/e2e/bench.mjs',
      chromium: browser.version(),
      conditions: {
        network: { latency_ms: NETWORK.latency, down_kbps: 1474.56, up_kbps: 675 },
        cpu_slowdown: CPU_SLOWDOWN,
        viewport: `${DEVICE.viewport.width}x${DEVICE.viewport.height}`,
        device_pixel_ratio: DEVICE.deviceScaleFactor,
        runs: RUNS,
        content_encoding: [...server.encodings].filter((e) => e !== 'identity').join(', ') || 'identity',
        cache: 'cold (new context per load), service worker blocked',
      },
      load: { url: '/', median: medians(loads), runs: loads.map(roundAll) },
      deep_link: {
        url: '/#jobs',
        median: medians(deep),
        first_chart: deep.map((d) => d.firstChart).find(Boolean) ?? null,
        runs: deep.map(roundAll),
      },
      scroll: roundAll(scroll),
      scroll_floor: roundAll(floor),
      lighthouse: lh,
    };
    console.log(JSON.stringify(report));
  } finally {
    await browser.close();
    await server.close();
  }
}

function roundAll(o) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
