// Tells the page that embeds this chart (embed-parent.js) how tall it is, so the iframe
// fits without a scroll bar. Loaded by embed.html as an external script (strict CSP).
//
// Message, posted to `parent` on load, on every size change and on hash change:
//   { type: 'wushan:embed-height', version: 1, id: '<chart id>', height: <CSS px> }
// `id` is the id of the shown chart card (an element of this page, never text from the URL).

(() => {
  if (window.parent === window) return;
  const root = document.getElementById('embed') || document.body;
  let last = -1;

  function shownId() {
    const target = document.querySelector('.embed-item:target');
    return target ? target.id : '';
  }

  function post() {
    const style = getComputedStyle(document.body);
    const height = Math.ceil(
      root.getBoundingClientRect().bottom + window.scrollY + parseFloat(style.marginBottom || '0'),
    );
    if (height === last) return;
    last = height;
    window.parent.postMessage(
      { type: 'wushan:embed-height', version: 1, id: shownId(), height },
      '*',
    );
  }

  if (typeof ResizeObserver === 'function') new ResizeObserver(post).observe(root);
  addEventListener('load', post);
  addEventListener('hashchange', () => {
    last = -1;
    post();
  });
  post();
})();
