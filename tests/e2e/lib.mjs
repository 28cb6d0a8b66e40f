// Helpers for the browser end-to-end tests (node --test tests/e2e/).
// `cargo xtask test --e2e` builds dist/ first and sets DIST_DIR.

import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const repoRoot = resolve(here, '..', '..');

/** The release build to test: $DIST_DIR, else <repo>/dist. */
export function distDir() {
  return process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : join(repoRoot, 'dist');
}

/** Screenshots and other outputs of a test run (git-ignored). */
export const artifactsDir = join(here, 'artifacts');

/** A path in artifactsDir, creating the folder when needed. */
export function artifactPath(name) {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** MIME type for a file name; `manifest.json` is a web app manifest. */
export function mimeType(file) {
  if (/(^|[\\/])manifest\.json$/.test(file)) return 'application/manifest+json';
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The server the suites use, from $E2E_SERVER: `node` (default, the small server below),
 * `nginx` (dist/nginx.conf, as README recommends) or `nginx-pretty` (the same, on a host that
 * redirects `x/index.html` to `x/` and `x.html` to `x`, as pretty-URL hosts do).
 */
export const SERVER = process.env.E2E_SERVER || 'node';

/**
 * Serves `dir` over HTTP on 127.0.0.1 with an ephemeral port, with the server $E2E_SERVER
 * names. Resolves to { url, close }: `url` ends in '/', `close()` stops the server.
 */
export function serveDist(dir = distDir()) {
  if (SERVER === 'nginx') return serveNginx(dir);
  if (SERVER === 'nginx-pretty') return serveNginx(dir, { pretty: true });
  if (SERVER !== 'node') throw new Error(`E2E_SERVER=${SERVER}: use node, nginx or nginx-pretty`);
  return serveNode(dir);
}

/** Debian's nginx-light, installed by `cargo xtask setup --test`. */
export const NGINX = process.env.NGINX || '/usr/sbin/nginx';

/** The pretty-URL redirects of the `nginx-pretty` host ($request_uri: not after `index`). */
const PRETTY_RULES = `
    if ($request_uri ~ "^([^?]*/)index\\.html(\\?.*)?$") { return 301 $1$2; }
    if ($request_uri ~ "^([^?]*)\\.html(\\?.*)?$") { return 301 $1$2; }
    location / { try_files $uri $uri.html $uri/ =404; }
`;

function freePort() {
  return new Promise((ok, fail) => {
    const probe = createTcpServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

/**
 * Serves a copy of `dir` with nginx and the configuration the build wrote
 * (<dist>/nginx.conf), as an unprivileged process (user nobody when the tests run as root)
 * on a loopback port, with everything in a temporary folder. `pretty` adds the redirects of
 * a pretty-URL host. Resolves to { url, close, root } (`root`: the served copy).
 */
export async function serveNginx(dir = distDir(), { pretty = false } = {}) {
  const conf = readFileSync(join(distDir(), 'nginx.conf'), 'utf8');
  const tmp = mkdtempSync(join(tmpdir(), 'wushan-nginx-'));
  const root = join(tmp, 'root');
  cpSync(dir, root, { recursive: true });
  const port = await freePort();
  let site = conf
    .replace(/^(\s*)listen\s+[^;]+;/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^(\s*)root\s+[^;]+;/m, `$1root ${root};`);
  if (pretty) site = site.replace('    # (site-specific rules)', PRETTY_RULES);
  assert.ok(site.includes(`listen 127.0.0.1:${port};`) && site.includes(`root ${root};`), 'nginx.conf has no listen or root line');
  if (pretty) assert.ok(site.includes('try_files'), 'nginx.conf has no "# (site-specific rules)" marker');
  writeFileSync(join(tmp, 'site.conf'), site);
  writeFileSync(
    join(tmp, 'nginx.conf'),
    `daemon off;
master_process off;
worker_processes 1;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${tmp}/access.log;
    client_body_temp_path ${tmp}/body;
    proxy_temp_path ${tmp}/proxy;
    fastcgi_temp_path ${tmp}/fastcgi;
    uwsgi_temp_path ${tmp}/uwsgi;
    scgi_temp_path ${tmp}/scgi;
    include ${tmp}/site.conf;
}
`,
  );
  // Unprivileged: as root, run nginx as nobody, who owns the temporary folder.
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? { uid: 65534, gid: 65534 } : {};
  if (asRoot) chownTree(tmp, 65534, 65534);
  const child = spawn(NGINX, ['-p', tmp, '-e', join(tmp, 'error.log'), '-c', join(tmp, 'nginx.conf')], {
    ...ids,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((ok) => child.once('exit', ok));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = existsSync(join(tmp, 'error.log')) ? readFileSync(join(tmp, 'error.log'), 'utf8') : '';
      throw new Error(`nginx exited (${child.exitCode}): ${stderr}${log}`);
    }
    const up = await fetch(url, { method: 'HEAD', redirect: 'manual' }).then(() => true, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer on ${url}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  let stalled = false;
  // The readiness probes above are not the tests' requests.
  const accessLog = () => readFileSync(join(tmp, 'access.log'), 'utf8').split('\n');
  const probes = accessLog().length - 1;
  return {
    url,
    root,
    /** Every request answered so far, from the access log: { path, status }. */
    requests: async () =>
      accessLog()
        .slice(probes)
        .map((line) => /"[A-Z]+ ([^ ?"]*)[^"]*" (\d{3}) /.exec(line))
        .filter(Boolean)
        .map(([, path, status]) => ({ path, status: Number(status) })),
    /** A stalled network: nginx is stopped (SIGSTOP); the kernel still accepts connections. */
    stall: async (on) => {
      stalled = on;
      child.kill(on ? 'SIGSTOP' : 'SIGCONT');
    },
    close: async () => {
      if (stalled) child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

function chownTree(path, uid, gid) {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else chownSync(child, uid, gid);
  }
}

/** Content-hashed file names (Trunk's and the bundle's): `name-<hex>.ext`, `name-<hex>_bg.wasm`. */
export const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/;

/**
 * The small Node server: every file of `dir` with the right type. Hashed files are immutable,
 * as in the recommended host configuration; everything else `no-store`. `contentTypes` maps a
 * path to the content type to send instead (a misbehaving host).
 */
export async function serveNode(dir = distDir(), { contentTypes = {} } = {}) {
  const root = resolve(dir);
  const log = [];
  let stalled = false;
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    if (stalled) return; // a stalled network: the request is never answered
    const done = (status) => log.push({ path: pathname, status });
    try {
      let file = normalize(join(root, decodeURIComponent(pathname)));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        done(403);
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': contentTypes[pathname] ?? mimeType(file),
        'content-length': body.length,
        'cache-control': HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-store',
        // As the recommended host configuration (dist/nginx.conf, dist/_headers): a sandboxed
        // embed fetches these in CORS mode.
        ...(/\.(js|css|wasm)$/.test(file) ? { 'access-control-allow-origin': '*' } : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      done(200);
    } catch (err) {
      const code = err.code === 'ENOENT' || err.code === 'EISDIR' ? 404 : 500;
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(String(code));
      done(code);
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    root,
    /** Every request answered so far: { path, status }. */
    requests: async () => [...log],
    /** Stops answering (true) or answers again (false). */
    stall: async (on) => {
      stalled = on;
    },
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Flags for the system Chromium, running as root in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Launches the system Chromium (headless) through playwright-core. */
export function launch(options = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/**
 * Collects console errors, uncaught page errors and failed requests of `page`
 * into the returned array, one readable line each.
 */
export function collectErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const { url } = msg.location();
    errors.push(`console.error: ${msg.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) =>
    errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  return errors;
}

/**
 * Counts `page`'s requests in flight. `idle()` resolves once none has been in
 * flight for `quietMs`. Lazy images start at or after the load event, so a test
 * that reloads or switches images right after `load` would otherwise cut them
 * short (net::ERR_ABORTED), a cancellation that the test itself caused.
 */
export function trackRequests(page, quietMs = 300) {
  const pending = new Set();
  page.on('request', (req) => pending.add(req));
  page.on('requestfinished', (req) => pending.delete(req));
  page.on('requestfailed', (req) => pending.delete(req));
  return {
    async idle(timeout = 15_000) {
      const end = Date.now() + timeout;
      let quietSince = Date.now();
      while (Date.now() < end) {
        if (pending.size) quietSince = Date.now();
        else if (Date.now() - quietSince >= quietMs) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`requests still in flight: ${[...pending].map((r) => r.url()).join(', ')}`);
    },
  };
}

/**
 * In the page: for every canvas, its size and how many pixels differ from
 * its top-left pixel (0 for a blank or uniformly filled canvas).
 */
export function canvasInk(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('canvas')].map((canvas) => {
      const { width, height } = canvas;
      const ctx = width && height ? canvas.getContext('2d') : null;
      if (!ctx) return { width, height, ink: 0 };
      const data = ctx.getImageData(0, 0, width, height).data;
      let ink = 0;
      for (let i = 4; i < data.length; i += 4) {
        if (
          data[i] !== data[0] ||
          data[i + 1] !== data[1] ||
          data[i + 2] !== data[2] ||
          data[i + 3] !== data[3]
        ) ink++;
      }
      return { width, height, ink };
    }),
  );
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF); a leading BOM is dropped. */
export function parseCsv(text) {
  text = text.replace(/^\ufeff/, '');
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
