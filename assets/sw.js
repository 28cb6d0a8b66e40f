// Service worker for offline reading, written by `cargo xtask dist` (xtask/src/bundle.rs)
// as dist/sw.js with the placeholders below filled in.
//
// - Install: precache every file of this build (hashed JS/wasm/CSS, index.html, embed.html,
//   chart images, illustrations, the CSV) in a cache named after the build's hash.
// - Pages and unhashed files (index.html, charts/*.svg …): network first, cache when offline.
//   So a new deploy shows on the next visit, and its HTML only names its own hashed files.
// - Hashed files (name-<hash>.ext): cache first; their content never changes.
// - Activate: delete the caches of older builds.

const CACHE = '__WUSHAN_CACHE__';
const PRECACHE = __WUSHAN_PRECACHE__;
const HASHED = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith('wushan-') && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

async function networkFirst(request, fallback) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (err) {
    const cached =
      (await caches.match(request, { cacheName: CACHE, ignoreSearch: true })) ||
      (fallback && (await caches.match(fallback, { cacheName: CACHE })));
    if (cached) return cached;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // A directory URL is its index.html.
    const fallback = url.pathname.endsWith('/') ? new URL('index.html', url).href : null;
    event.respondWith(networkFirst(request, fallback));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request, null));
  }
});
