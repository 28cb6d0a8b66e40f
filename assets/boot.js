// Starts the story's WebAssembly, or leaves the prerendered page alone.
//
// `cargo xtask dist` (xtask/src/pages.rs) inlines this file at the end of each page's
// <head>, with the placeholders below filled in (the wasm-bindgen glue, the wasm and their SRI
// hashes), and allows exactly it by its hash in the Content-Security-Policy. Inline, it runs
// as soon as the <head> arrives: the wasm download starts in the same round trip as the
// page, and only in a browser that can run it (no preload is wasted on one that cannot).
//
// The page is complete without this script: every text, table and a static image of every
// chart are already in the HTML. So when the browser lacks a WebAssembly feature the build
// uses, or the download or start-up fails, nothing is shown and the static story stays.
// The one-file edition (dist/offline/) inlines this file between the markers below,
// with its own loader.

// @boot-config
const GLUE = '__WUSHAN_GLUE__';
const GLUE_INTEGRITY = '__WUSHAN_GLUE_INTEGRITY__';
const WASM = '__WUSHAN_WASM__';
const WASM_INTEGRITY = '__WUSHAN_WASM_INTEGRITY__';
// @end-boot-config

// @boot-gate
// One tiny module per WebAssembly feature the release build is compiled and optimised with
// (wasm-opt --enable-…, see index.html). Each validates only where the feature exists.
// Layout: header, then sections; the type section below declares `() -> ()`.
const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const FN_VOID = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00];
const WASM_PROBES = {
  // memory 1 page; body: i32.const 0 ×3, memory.fill
  'bulk-memory': [...FN_VOID, 0x05, 0x03, 0x01, 0x00, 0x01,
    0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00, 0x0b],
  // body: f32.const 0, i32.trunc_sat_f32_s, drop
  'nontrapping-float-to-int': [...FN_VOID,
    0x0a, 0x0c, 0x01, 0x0a, 0x00, 0x43, 0x00, 0x00, 0x00, 0x00, 0xfc, 0x00, 0x1a, 0x0b],
  // body: ref.null extern, drop
  'reference-types': [...FN_VOID, 0x0a, 0x07, 0x01, 0x05, 0x00, 0xd0, 0x6f, 0x1a, 0x0b],
  // type () -> (i32, i32); body: i32.const 0, i32.const 0
  'multivalue': [0x01, 0x06, 0x01, 0x60, 0x00, 0x02, 0x7f, 0x7f, 0x03, 0x02, 0x01, 0x00,
    0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0x41, 0x00, 0x0b],
  // body: i32.const 0, i32.extend8_s, drop
  'sign-ext': [...FN_VOID, 0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xc0, 0x1a, 0x0b],
  // import "a" "b" (global (mut i32))
  'mutable-globals': [0x02, 0x08, 0x01, 0x01, 0x61, 0x01, 0x62, 0x03, 0x7f, 0x01],
};

/** Can this browser run the story's wasm? */
function wasmCapable() {
  try {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
    return Object.values(WASM_PROBES).every((body) =>
      WebAssembly.validate(new Uint8Array([...WASM_HEADER, ...body])),
    );
  } catch (_) {
    return false;
  }
}

/** Runs `load` when the browser can; any failure leaves the static page as it is. */
async function startApp(load) {
  if (wasmCapable()) {
    try {
      await load();
    } catch (err) {
      // Not shown to the reader: the prerendered story is still there.
      console.warn('wushan: the interactive charts did not start;', err);
    }
  }
  // After the load event: while the page loads, the browser itself keeps a deep link's
  // target in view, which the scrolling below would then add to.
  whenLoaded(layOutLater);
}

/** Runs `f` once the page has loaded. */
function whenLoaded(f) {
  if (document.readyState === 'complete') f();
  else addEventListener('load', f, { once: true });
}

/** What style.css lets skip rendering until laid out (`:not(.laid)`). */
const LATER = '#main > section';

/**
 * The sections below the first screen skip their rendering while off screen until they are
 * `laid` (style.css), so the first paint and the app's start lay out only the top of the
 * story. Afterwards, one section per idle period, in page order: the reader's scrolling
 * then finds every section laid out. A browser without scroll anchoring (Safari) would
 * move the text in view when a section above it takes its real height, so that height
 * change is scrolled away here.
 */
function layOutLater() {
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 50));
  const anchored = window.CSS && CSS.supports && CSS.supports('overflow-anchor', 'auto');
  const next = (later) => {
    const section = later.shift();
    if (!section) return;
    const above = !anchored && section.getBoundingClientRect().bottom <= 0;
    const before = above && section.offsetHeight;
    const y = window.scrollY;
    section.classList.add('laid');
    // Unless the browser has moved the page itself (keeping a deep link's target in view).
    const grown = above && section.offsetHeight - before;
    if (grown && window.scrollY === y) window.scrollBy(0, grown);
    idle(() => next(later));
  };
  idle(() => next([...document.querySelectorAll(LATER)]));
}
// @end-boot-gate

// @boot-web
/**
 * Offline reading after one visit (sw.js), on http(s) only: file:// has no workers. Never
 * inside a frame: an embed on a partner's page must not precache the whole story.
 */
function registerWorker() {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  if (window.top !== window.self) return;
  // On a later visit, ask for sw.js at once: a new deploy's worker installs and takes over
  // during this visit, and deletes the old build's cache.
  whenLoaded(() =>
    navigator.serviceWorker
      .register('./sw.js')
      .then((registration) => registration.active && registration.update())
      .catch(() => {}),
  );
}

/**
 * The first paint comes sooner with the sections hidden (style.css, `html.first`), not
 * only skipped: `content-visibility: auto` still lays out, for the first frame, the ones
 * within about a screen and a half of the viewport (on a phone, the whole first chapter).
 * They are let go as soon as the first contentful paint is reported (which may come after
 * the load event); a section in view then shows a frame later. Not on a deep link (the
 * browser lays out the target's section to scroll to it), nor in a tab in the background,
 * which paints nothing; a page that reports no paint lets them go 3 s after its load.
 */
function holdSectionsForFirstPaint() {
  if (location.hash || document.visibilityState === 'hidden') return;
  const root = document.documentElement;
  root.classList.add('first');
  const release = () => root.classList.remove('first');
  whenLoaded(() => setTimeout(release, 3000));
  addEventListener('visibilitychange', release, { once: true });
  const types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
  if (!types || !types.includes('paint')) {
    requestAnimationFrame(() => setTimeout(release));
    return;
  }
  new PerformanceObserver((list, observer) => {
    if (!list.getEntriesByName('first-contentful-paint').length) return;
    observer.disconnect();
    release();
  }).observe({ type: 'paint', buffered: true });
}

/** Resolves once the page's HTML is parsed (the app starts on the whole page). */
function domReady() {
  return new Promise((resolve) => {
    if (document.readyState !== 'loading') resolve();
    else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
  });
}

// The download first. The hold and the worker below still run before the first paint; only
// the request goes out a few milliseconds sooner.
startApp(async () => {
  // The wasm, now, with its integrity, compiled while it streams in. A host that serves it
  // without the application/wasm type gets it compiled from the bytes instead.
  const wasm = fetch(WASM, { integrity: WASM_INTEGRITY });
  const compiled = WebAssembly.compileStreaming(wasm).catch(() =>
    fetch(WASM, { integrity: WASM_INTEGRITY })
      .then((response) => response.arrayBuffer())
      .then((bytes) => WebAssembly.compile(bytes)),
  );
  // The glue, alongside, through a modulepreload that carries its integrity.
  const preload = document.createElement('link');
  preload.rel = 'modulepreload';
  preload.href = GLUE;
  preload.integrity = GLUE_INTEGRITY;
  preload.crossOrigin = 'anonymous';
  document.head.append(preload);
  const [{ default: init }, module] = await Promise.all([import(GLUE), compiled, domReady()]);
  await init({ module_or_path: module });
});
holdSectionsForFirstPaint();
registerWorker();
// @end-boot-web
