// Helpers for the engine tests that cannot use playwright's Chromium: a WebDriver classic
// client for WebKitGTK (WebKitWebDriver driving MiniBrowser under xvfb-run, plain `fetch`), a
// test server that adds an error recorder to every page (WebKitWebDriver cannot read the
// console), and the in-page checks of the core subset, shared with firefox.test.mjs.

import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';
import { distDir, mimeType } from './lib.mjs';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
export const XVFB_RUN = process.env.XVFB_RUN || '/usr/bin/xvfb-run';

/** Why the WebKit tests cannot run here, or null when they can. */
export function webkitMissing() {
  const absent = [WEBKIT_DRIVER, XVFB_RUN].filter((f) => !existsSync(f));
  return absent.length ? `${absent.join(' and ')} not installed (cargo xtask setup --test installs them)` : null;
}

// ---------------------------------------------------------------------------------------
// The test server

/**
 * Recorded in `window.__errorEvents`: every window error event (capture: failed resource
 * loads too), unhandled rejection and CSP violation. With `?nowasm` on its URL it also
 * deletes `WebAssembly` before the boot script runs, as a browser without it would be.
 */
const ERROR_RECORDER = `(() => {
  const seen = (window.__errorEvents = []);
  addEventListener('error', (e) => seen.push('error: ' + (e.message || (e.target && e.target.localName ? e.target.localName + ' failed to load' : e.type))), true);
  addEventListener('unhandledrejection', (e) => seen.push('unhandled rejection: ' + e.reason));
  document.addEventListener('securitypolicyviolation', (e) => seen.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI));
  if (/[?&]nowasm\\b/.test(document.currentScript.src)) delete window.WebAssembly;
})();
`;

/** Adds `<script src="/__errors.js">` right after the page's CSP (so under it), else after <head>. */
export function withErrorRecorder(html, noWasm = false) {
  const tag = `<script src="/__errors.js${noWasm ? '?nowasm' : ''}"></script>`;
  const csp = html.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/i);
  const at = csp ? csp.index + csp[0].length : html.indexOf('<head>') + '<head>'.length;
  if (at < '<head>'.length) throw new Error('page has neither a CSP meta nor <head>');
  return html.slice(0, at) + tag + html.slice(at);
}

/**
 * Serves dist/ like lib.mjs's serveDist, but every HTML page gets the error recorder, and
 * `<page>.html?nowasm` the variant without WebAssembly. Resolves to { url, close }.
 */
export async function serveWithErrorRecorder(dir = distDir()) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    try {
      const { pathname, searchParams } = new URL(req.url, 'http://127.0.0.1');
      if (pathname === '/__errors.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
        res.end(ERROR_RECORDER);
        return;
      }
      let file = normalize(join(root, decodeURIComponent(pathname)));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      let body = await readFile(file);
      if (file.endsWith('.html')) body = Buffer.from(withErrorRecorder(body.toString('utf8'), searchParams.has('nowasm')));
      res.writeHead(200, { 'content-type': mimeType(file), 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      const code = err.code === 'ENOENT' || err.code === 'EISDIR' ? 404 : 500;
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(String(code));
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

// ---------------------------------------------------------------------------------------
// In-page checks: plain function expressions (their source is sent to the page), run by
// puppeteer's page.evaluate or WebDriver's execute.

export const inPage = {
  /** Scrolls step `i` of theme `t` to where the story activates it. */
  scrollToStep: function (t, i) {
    const el = document.querySelector(`.step[data-theme="${t}"][data-step="${i}"]`);
    scrollTo(0, el.getBoundingClientRect().top + scrollY - innerHeight * 0.4);
  },

  stepActive: function (t, i) {
    return document.querySelector(`.step[data-theme="${t}"][data-step="${i}"]`).classList.contains('is-active');
  },

  /** Pixels of the chart's canvas that differ from its first pixel; 0 while hidden or clipped. */
  ink: function (id) {
    const c = document.querySelector(`figure[data-chart="${id}"] canvas`);
    if (!c?.width || getComputedStyle(c.closest('figure')).clipPath !== 'none') return 0;
    if (!c.closest('.chart-box').classList.contains('is-live')) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 4; k < d.length; k += 4) if (d[k] !== d[0] || d[k + 1] !== d[1] || d[k + 2] !== d[2]) n++;
    return n;
  },

  /**
   * A mark of the chart the reader can see, in viewport CSS px: the middle of the longest run
   * of saturated (chart colour) pixels in a row that nothing covers. Null when none.
   */
  tapSpot: function (id) {
    const c = document.querySelector(`figure[data-chart="${id}"] canvas`);
    const { width, height } = c;
    const data = c.getContext('2d').getImageData(0, 0, width, height).data;
    const r = c.getBoundingClientRect();
    const scale = r.width / width;
    const runs = [];
    for (let y = 0; y < height; y += 2) {
      let run = 0;
      for (let x = 0; x <= width; x++) {
        const i = (y * width + x) * 4;
        const sat = x < width && data[i + 3] > 200 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 80;
        if (sat) run++;
        else {
          if (run > 4) runs.push({ run, x: Math.round(r.left + (x - run / 2) * scale), y: Math.round(r.top + y * scale) });
          run = 0;
        }
      }
    }
    runs.sort((a, b) => b.run - a.run);
    return runs.find((p) => p.y > 0 && p.y < innerHeight && document.elementFromPoint(p.x, p.y) === c) ?? null;
  },

  /** The chart's readout text, and whether it holds one of the chart's table figures. */
  readout: function (id) {
    const text = (document.querySelector(`figure[data-chart="${id}"] .readout`)?.textContent ?? '').trim();
    const figures = [...document.querySelectorAll(`figure[data-chart="${id}"] tbody td:nth-child(2)`)].map((td) => td.textContent.trim());
    return { text, hasFigure: text !== '' && figures.some((f) => text.includes(f)) };
  },

  /**
   * Scrolls every static chart image into view (they load lazily) and waits for it; the ids
   * of those not shown (hidden, or not loaded), and how many there are.
   */
  staticCharts: async function () {
    const images = [...document.querySelectorAll('figure[data-chart] img.chart-static')];
    for (const img of images) {
      img.scrollIntoView({ block: 'center' });
      for (let n = 0; n < 200 && !img.complete; n++) await new Promise((ok) => setTimeout(ok, 50));
    }
    const notShown = images
      .filter((img) => !(img.naturalWidth > 0 && img.getBoundingClientRect().width > 0 && getComputedStyle(img).display !== 'none'))
      .map((img) => img.closest('figure').dataset.chart);
    return { count: images.length, notShown, live: document.documentElement.classList.contains('live') };
  },

  /**
   * Scrolls each illustration (the hero's, inlined as a data: URI, and each chapter's) into
   * view and waits for it; how many there are, and the selectors of those not decoded.
   */
  illustrations: async function () {
    const images = [...document.querySelectorAll('img.hero-art, img.chapter-art')];
    for (const img of images) {
      img.scrollIntoView({ block: 'center' });
      for (let n = 0; n < 200 && !img.complete; n++) await new Promise((ok) => setTimeout(ok, 50));
    }
    const notShown = images
      .filter((img) => !(img.naturalWidth > 0 && img.getBoundingClientRect().width > 0))
      .map((img) => (img.closest('section[id]') ? `#${img.closest('section[id]').id} ` : '') + img.className);
    return { count: images.length, notShown };
  },

  /** The ids of the embed page's cards that are displayed. */
  shownEmbedCards: function () {
    return [...document.querySelectorAll('.embed-item')].filter((el) => getComputedStyle(el).display !== 'none').map((el) => el.id);
  },
};

// ---------------------------------------------------------------------------------------
// WebDriver classic over HTTP

const ELEMENT = 'element-6066-11e4-a52e-4a52e4a52e4a';

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/**
 * Starts WebKitWebDriver under xvfb-run (own process group, ended by `close`) and opens a
 * MiniBrowser session whose window gives a CSS viewport of `width`×`height`: MiniBrowser's
 * window cannot be narrower than 447 px, so the page is drawn at GDK_DPI_SCALE=2.
 */
export async function startWebKit({ width = 375, height = 812 } = {}) {
  const port = await freePort();
  const scale = 2;
  const screen = `${width * scale + 50}x${height * scale + 100}x24`;
  const driver = spawn(XVFB_RUN, ['-a', '-s', `-screen 0 ${screen}`, WEBKIT_DRIVER, `--port=${port}`], {
    env: { ...process.env, GDK_DPI_SCALE: String(scale), GDK_SCALE: '1', LIBGL_ALWAYS_SOFTWARE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let log = '';
  driver.stderr.on('data', (d) => (log = (log + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {}
  };

  async function call(method, path, body) {
    const res = await fetch(base + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }

  // Ready when /status answers (the driver is up) within a minute.
  let ready = false;
  for (let n = 0; n < 240 && !ready && driver.exitCode === null; n++) {
    ready = await call('GET', '/status').then(() => true, () => false);
    if (!ready) await new Promise((ok) => setTimeout(ok, 250));
  }
  if (!ready) {
    stop();
    throw new Error(`WebKitWebDriver did not start: ${log}`);
  }

  let sessionId;
  try {
    ({ sessionId } = await call('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { args: ['--automation'] } } },
    }));
  } catch (err) {
    stop();
    throw new Error(`${err.message}\n${log}`);
  }
  const s = (path) => `/session/${sessionId}${path}`;
  const wk = {
    /** Runs `fn(...args)` in the page (a plain function, see `inPage`); awaits a promise. */
    run: (fn, ...args) => call('POST', s('/execute/sync'), { script: `return (${fn}).apply(null, arguments);`, args }),
    goto: (url) => call('POST', s('/url'), { url }),
    /** Polls `fn(...args)` in the page until it returns something truthy; throws after `timeout` ms. */
    async until(fn, args = [], { timeout = 20_000, message = String(fn.name) } = {}) {
      const deadline = Date.now() + timeout;
      let value;
      do {
        value = await wk.run(fn, ...args);
        if (value) return value;
        await new Promise((ok) => setTimeout(ok, 200));
      } while (Date.now() < deadline);
      throw new Error(`timed out waiting for ${message} (last: ${JSON.stringify(value)})`);
    },
    /**
     * A mouse press and release at viewport point (x, y) in CSS px, through WebDriver actions
     * (WebKitWebDriver takes window pixels: CSS px × the page's scale).
     */
    async tap(x, y) {
      [x, y] = [Math.round(x * scale), Math.round(y * scale)];
      await call('POST', s('/actions'), {
        actions: [
          {
            type: 'pointer',
            id: 'finger',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', duration: 0, origin: 'viewport', x, y },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
      await call('DELETE', s('/actions'));
    },
    element: (css) => call('POST', s('/element'), { using: 'css selector', value: css }).then((e) => e[ELEMENT]),
    async close() {
      await call('DELETE', s('')).catch(() => {});
      stop();
    },
  };
  await call('POST', s('/window/rect'), { width: width * scale, height: height * scale + 50 });
  // The window's toolbar takes some height: grow the window until the viewport is tall enough.
  const viewport = await wk.run(() => [innerWidth, innerHeight]);
  if (viewport[1] !== height) {
    await call('POST', s('/window/rect'), { width: width * scale, height: height * scale + 50 + (height - viewport[1]) * scale });
  }
  return wk;
}
