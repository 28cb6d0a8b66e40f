// Service worker for offline reading, written by `cargo xtask dist` (xtask/src/sw.rs) as
// dist/sw.js with the placeholders below filled in. boot.js registers it from the top-level
// page only, never inside a frame (an embed must not precache the whole story).
//
// - Its own URLs only: the files it precached and the directory URL (index.html). Every other
//   request (other pages, other origins, share images, query strings on files) goes to the
//   network untouched.
// - Navigations are keyed without their query string (`/?from=singlemessage` is `/`), and
//   on pretty-URL hosts `embed` is `embed.html` and `index.html` is `/`.
// - Install: each file once. Hashed files may come from the HTTP cache (their bytes never
//   change); others are revalidated. A redirected response (hosts that send index.html to /)
//   is stored as a fresh, un-redirected copy, because a navigation cannot use a redirected
//   response. Nothing is stored without status 200 and the content type its name implies.
// - Pages and unhashed files: network first, the cache after TIMEOUT_MS on a stalled network
//   or at once when offline. Hashed files: cache first.
// - Cache names carry the scope and the edition: `wushan <scope> <edition>-<build>`. Activate
//   deletes only older builds of the same scope, never another edition's cache.

const EDITION = '__WUSHAN_EDITION__';
const BUILD = '__WUSHAN_BUILD__';
// [path relative to this file, hashed?]
const PRECACHE = __WUSHAN_PRECACHE__;
const TIMEOUT_MS = 3000;

const SCOPE = self.registration.scope;
const PREFIX = `wushan ${SCOPE} `;
const CACHE = `${PREFIX}${EDITION}-${BUILD}`;
const HASHED = new Set();
const FILES = new Set();
for (const [path, hashed] of PRECACHE) {
  const url = new URL(path, self.location).href;
  FILES.add(url);
  if (hashed) HASHED.add(url);
}
const INDEX = new URL('index.html', SCOPE).href;

// The content type a file's name implies; a response without it is never stored (a host's
// error page or a captive portal's login page must not become the offline story).
const TYPES = {
  html: /^text\/html/,
  js: /^(text|application)\/(x-)?javascript/,
  css: /^text\/css/,
  wasm: /^application\/wasm/,
  svg: /^image\/svg\+xml/,
  png: /^image\/png/,
  jpg: /^image\/jpeg/,
  jpeg: /^image\/jpeg/,
  webp: /^image\/webp/,
  csv: /^(text\/(csv|plain)|application\/(csv|octet-stream))/,
};

function storable(url, response) {
  if (!response || response.status !== 200 || !['basic', 'default'].includes(response.type)) return false;
  const type = (response.headers.get('content-type') || '').toLowerCase();
  const ext = new URL(url).pathname.split('.').pop();
  const want = TYPES[ext];
  return want ? want.test(type) : type !== '' && !type.startsWith('text/html');
}

/** A response that forgets it was redirected, so a navigation may use it. */
async function unredirected(response) {
  if (!response.redirected) return response;
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * The cache key of a request this worker handles, or null. Navigations lose their query
 * string; `dir/` and `dir/index.html` are INDEX; `dir/embed` is `dir/embed.html`.
 */
function keyOf(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return null;
  url.hash = '';
  if (request.mode === 'navigate') {
    url.search = '';
    if (url.pathname.endsWith('/')) url.pathname += 'index.html';
    if (FILES.has(url.href)) return url.href;
    url.pathname += '.html';
    return FILES.has(url.href) ? url.href : null;
  }
  return url.search === '' && FILES.has(url.href) ? url.href : null;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        await Promise.all(
          [...FILES].map(async (url) => {
            // Hashed files never change: the HTTP cache may serve them (the page has just
            // downloaded the wasm). Everything else is revalidated with the server.
            const response = await fetch(url, { cache: HASHED.has(url) ? 'default' : 'no-cache' });
            if (!storable(url, response)) {
              throw new Error(`sw: not precaching ${url}: ${response.status} ${response.headers.get('content-type')}`);
            }
            await cache.put(url, await unredirected(response));
          }),
        );
      } catch (err) {
        // All or nothing: no half-filled cache stays behind, and the install fails.
        await caches.delete(CACHE);
        throw err;
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key === CACHE) continue;
        if (key.startsWith(PREFIX)) {
          await caches.delete(key);
        } else if (/^wushan-[0-9a-f]{16}$/.test(key)) {
          // A cache of the first worker, which named caches by build only: delete it only if
          // it holds this scope's page, so another edition's stays.
          const old = await caches.open(key);
          if (await old.match(INDEX)) await caches.delete(key);
        }
      }
      await self.clients.claim();
    })(),
  );
});

/** From the cache; on a miss from the network, stored when it may be. */
async function cacheFirst(event, key) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(key);
  if (cached) return cached;
  const response = await fetch(event.request);
  if (storable(key, response)) {
    const copy = response.clone();
    event.waitUntil(unredirected(copy).then((r) => cache.put(key, r)));
  }
  return response;
}

/**
 * From the network, stored under `key`; from the cache when the network fails, or when it
 * has not answered within TIMEOUT_MS and the cache has a copy.
 */
function networkFirst(event, key) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (response) => {
      if (!settled) {
        settled = true;
        resolve(response);
      }
    };
    const cached = caches.open(CACHE).then((cache) => cache.match(key));
    const network = fetch(event.request).then((response) => {
      if (storable(key, response)) {
        const copy = response.clone();
        event.waitUntil(
          Promise.all([caches.open(CACHE), unredirected(copy)]).then(([cache, r]) => cache.put(key, r)),
        );
      }
      finish(response);
    });
    // Keep the worker alive until the network answers, so a late response is still stored.
    event.waitUntil(network.catch(() => {}));
    const timer = setTimeout(() => cached.then((hit) => hit && finish(hit)), TIMEOUT_MS);
    network.catch(async (err) => {
      clearTimeout(timer);
      const hit = await cached;
      if (hit) finish(hit);
      else if (!settled) {
        settled = true;
        reject(err);
      }
    });
  });
}

self.addEventListener('fetch', (event) => {
  const key = keyOf(event.request);
  if (!key) return;
  if (HASHED.has(key)) event.respondWith(cacheFirst(event, key));
  else event.respondWith(networkFirst(event, key));
});
