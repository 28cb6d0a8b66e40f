// The service worker's kill switch (README.md, "Publishing"). `cargo xtask dist` writes this
// file as dist/sw-unregister.js, and as dist/sw.js instead of the real worker when built with
// WUSHAN_SERVICE_WORKER=off. Copied over sw.js on the host, it takes the place of whatever
// worker a reader has at the next update check (every visit: sw.js is served no-cache). It
// handles no request, deletes this scope's caches, unregisters itself and reloads the pages it
// controlled, so every reader is back on the network.

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const scope = self.registration.scope;
      for (const key of await caches.keys()) {
        if (key.startsWith(`wushan ${scope} `)) await caches.delete(key);
        else if (/^wushan-[0-9a-f]{16}$/.test(key)) {
          // The first worker's caches: only the one holding this scope's page.
          const old = await caches.open(key);
          if (await old.match(new URL('index.html', scope).href)) await caches.delete(key);
        }
      }
      await self.registration.unregister();
      // Only pages this scope's old worker controlled; an uncontrolled page (a visit after the
      // switch) is already on the network, so there is no reload loop.
      for (const client of await self.clients.matchAll({ type: 'window' })) {
        client.navigate(client.url).catch(() => {});
      }
    })(),
  );
});
