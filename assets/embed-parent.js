// Sizes embedded 巫山民生 charts to their content. No dependencies; include it once on the
// page that embeds the charts, before or after the iframes (the order does not matter):
//
//   <iframe data-wushan-embed data-origin="https://story.example"
//           src="https://story.example/wushan/embed.html#fig_jobs_counts"
//           title="…" width="100%" height="480" loading="lazy"></iframe>
//   <script src="embed-parent.js" defer></script>
//
// It listens for { type: 'wushan:embed-height', version: 1, id, height } messages (posted by
// the embed's embed.js) and sets the iframe's height. A message is used only when it comes
// from an iframe marked `data-wushan-embed`, from that iframe's own window, and from the
// origin in its `data-origin` attribute (when the attribute is missing: the origin of the
// iframe's src). Origins are compared after normalising them (`new URL(x).origin`), so
// `HTTPS://Story.Example/` is `https://story.example`. An iframe with a `sandbox` attribute
// without `allow-same-origin` has no origin of its own (`null`); from it, its own window is
// enough. The height is clamped to 120..4000 CSS px. Anything else is ignored.
//
// Handshake: at start, and whenever an embed iframe loads, it asks the iframe for its height
// ({ type: 'wushan:embed-hello', version: 1 }), so an embed that loaded first is sized too.

(function () {
  'use strict';
  var TYPE = 'wushan:embed-height';
  var HELLO = 'wushan:embed-hello';
  var VERSION = 1;
  var MIN_HEIGHT = 120;
  var MAX_HEIGHT = 4000;

  function origin(url) {
    try {
      var o = new URL(url, document.baseURI).origin;
      return o && o !== 'null' ? o : null;
    } catch (_) {
      return null;
    }
  }

  function sandboxed(frame) {
    if (!frame.hasAttribute('sandbox')) return false;
    return !/(^|\s)allow-same-origin(\s|$)/i.test(frame.getAttribute('sandbox') || '');
  }

  /** The origin an iframe's messages must come from, or null when none is valid. */
  function allowedOrigin(frame) {
    if (sandboxed(frame)) return 'null';
    var configured = frame.getAttribute('data-origin');
    return origin(configured || frame.getAttribute('src') || '');
  }

  function frames() {
    return document.querySelectorAll('iframe[data-wushan-embed]');
  }

  function hello(frame) {
    var target = allowedOrigin(frame);
    if (!target || !frame.contentWindow) return;
    // A sandboxed embed has an opaque origin, which only '*' reaches.
    frame.contentWindow.postMessage({ type: HELLO, version: VERSION }, target === 'null' ? '*' : target);
  }

  function greetAll() {
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      var frame = list[i];
      hello(frame);
      if (!frame.__wushanHello) {
        frame.__wushanHello = true;
        frame.addEventListener('load', hello.bind(null, frame));
      }
    }
  }

  function onMessage(event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== TYPE || data.version !== VERSION) return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      var frame = list[i];
      if (event.source !== frame.contentWindow) continue;
      var allowed = allowedOrigin(frame);
      if (!allowed || event.origin !== allowed) return;
      var clamped = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
      frame.style.height = clamped + 'px';
      return;
    }
  }

  window.addEventListener('message', onMessage);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', greetAll);
  else greetAll();
})();
