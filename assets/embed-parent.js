// Sizes embedded 巫山民生 charts to their content. No dependencies; include it once on the
// page that embeds the charts:
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
// iframe's src). The height is clamped to 120..4000 CSS px. Anything else is ignored.

(function () {
  'use strict';
  var TYPE = 'wushan:embed-height';
  var VERSION = 1;
  var MIN_HEIGHT = 120;
  var MAX_HEIGHT = 4000;

  function allowedOrigin(frame) {
    var configured = frame.getAttribute('data-origin');
    if (configured) return configured.replace(/\/+$/, '');
    try {
      return new URL(frame.getAttribute('src') || '', document.baseURI).origin;
    } catch (_) {
      return null;
    }
  }

  function onMessage(event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== TYPE || data.version !== VERSION) return;
    var height = Number(data.height);
    if (!isFinite(height)) return;
    var frames = document.querySelectorAll('iframe[data-wushan-embed]');
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (event.source !== frame.contentWindow) continue;
      if (event.origin !== allowedOrigin(frame)) return;
      var clamped = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
      frame.style.height = clamped + 'px';
      return;
    }
  }

  window.addEventListener('message', onMessage);
})();
