// Tells the page that embeds this chart (embed-parent.js) how tall it is, so the iframe
// fits without a scroll bar. Loaded by embed.html as an external script (strict CSP).
//
// Message, posted to `parent` once the stylesheet has applied, then on every size change and
// on hash change:
//   { type: 'wushan:embed-height', version: 1, id: '<chart id>', height: <CSS px> }
// `id` is the id of the shown chart card (an element of this page, never text from the URL).
//
// Handshake: embed-parent.js may start after this page has loaded (and missed the first
// message), so it asks each iframe with { type: 'wushan:embed-hello', version: 1 }. The
// answer is the height message, posted to event.source at event.origin.
//
// Nothing is posted before every stylesheet has loaded and embed.css has applied (it sets
// --wushan-embed on :root): until then the page is several thousand px tall.

(() => {
  if (window.parent === window) return;
  const TYPE = 'wushan:embed-height';
  const HELLO = 'wushan:embed-hello';
  const root = document.getElementById('embed') || document.body;
  let last = -1;
  const waiting = []; // [window, origin] of hellos that came before the stylesheet applied

  function shownId() {
    const target = document.querySelector('.embed-item:target');
    return target ? target.id : '';
  }

  /**
   * Every stylesheet of the page has loaded, embed.css among them, and the card the hash names
   * (if any) is the `:target` (the browser sets it a moment after parsing; until then every
   * card shows). The hash is only compared with the page's own ids, never written anywhere.
   */
  function styled() {
    const sheets = document.querySelectorAll('link[rel~="stylesheet"]');
    for (const link of sheets) if (!link.sheet) return false;
    if (getComputedStyle(document.documentElement).getPropertyValue('--wushan-embed').trim() !== '1') return false;
    let named = null;
    try {
      named = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    } catch (_) {
      // A malformed escape names nothing.
    }
    return !named || document.querySelector(':target') !== null;
  }

  function message() {
    const style = getComputedStyle(document.body);
    const height = Math.ceil(
      root.getBoundingClientRect().bottom + window.scrollY + parseFloat(style.marginBottom || '0'),
    );
    return { type: TYPE, version: 1, id: shownId(), height };
  }

  function post() {
    if (!styled()) return;
    const msg = message();
    for (const [source, origin] of waiting.splice(0)) answer(source, origin, msg);
    if (msg.height === last) return;
    last = msg.height;
    window.parent.postMessage(msg, '*');
  }

  function answer(source, origin, msg) {
    // An opaque origin ('null', a sandboxed host page) can only be answered with '*'.
    try {
      source.postMessage(msg, origin === 'null' ? '*' : origin);
    } catch (_) {
      // A window that went away.
    }
  }

  addEventListener('message', (event) => {
    const data = event.data;
    if (!data || typeof data !== 'object' || data.type !== HELLO || data.version !== 1) return;
    if (!event.source || event.source !== window.parent) return;
    if (styled()) answer(event.source, event.origin, message());
    else waiting.push([event.source, event.origin]);
  });
  if (typeof ResizeObserver === 'function') new ResizeObserver(post).observe(root);
  for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
    link.addEventListener('load', post);
  }
  addEventListener('load', post);
  addEventListener('hashchange', () => {
    last = -1;
    post();
  });
  post();
})();
