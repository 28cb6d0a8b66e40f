// 长辈模式 (the elder reading mode) and 朗读 (read aloud). Inline in <head>, before the
// page is painted, and independent of the wasm: the switch, the stored choice, ?mode=elder,
// the elder chart images and speech need only this script and the stylesheet.
//
// - `html.elder` turns the mode on (assets/style.css, "Elder mode"). It is on when the URL
//   has `mode=elder` (a link a relative can send) or the reader chose it before
//   (localStorage, which may throw or be missing: then the choice lasts for the page).
// - Every `.elder-switch` button toggles it; each one's `aria-pressed` follows the mode.
// - In the mode the static chart images are the elder editions (`charts-elder/…`, laid out
//   with large text); the live charts are laid out again (a `resize` event, which each
//   chart island already answers; it reads `html.elder` when it lays out).
// - `html.can-speak` is set only where `speechSynthesis` exists; the stylesheet shows the
//   `.speak` buttons only then. A button speaks its step's or chapter's text as printed,
//   in a Chinese voice where there is one; pressing it again stops.
(function () {
  'use strict';
  var KEY = 'wushan-mode';
  var root = document.documentElement;
  root.classList.add('can-elder');

  function load() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }
  function save(on) {
    try {
      window.localStorage.setItem(KEY, on ? 'elder' : 'default');
    } catch (e) {
      /* an in-app browser without storage: the choice lasts for this page */
    }
  }

  var fromUrl = /(?:^|[?&])mode=elder(?:&|$)/.test(location.search.slice(1));
  if (fromUrl) save(true);
  var on = fromUrl || load() === 'elder';

  // The static images: charts/x.svg <-> charts-elder/x.svg (and the phone editions,
  // charts/phone/ <-> charts-elder/phone/). A data: URI (the one-file edition) stays.
  function swap(value) {
    if (!value) return value;
    if (on && value.indexOf('charts/') === 0) return 'charts-elder/' + value.slice(7);
    if (!on && value.indexOf('charts-elder/') === 0) return 'charts/' + value.slice(13);
    return value;
  }
  function images() {
    var pics = document.querySelectorAll('.chart-box picture');
    for (var i = 0; i < pics.length; i++) {
      var s = pics[i].querySelector('source');
      var img = pics[i].querySelector('img');
      if (s) {
        var set = swap(s.getAttribute('srcset'));
        if (set !== s.getAttribute('srcset')) s.setAttribute('srcset', set);
      }
      if (img) {
        var src = swap(img.getAttribute('src'));
        if (src !== img.getAttribute('src')) img.setAttribute('src', src);
      }
    }
  }

  function sync() {
    if (on) root.classList.add('elder');
    else root.classList.remove('elder');
    var switches = document.querySelectorAll('.elder-switch');
    for (var i = 0; i < switches.length; i++) switches[i].setAttribute('aria-pressed', on ? 'true' : 'false');
    images();
  }

  function set(next) {
    if (next === on) return;
    on = next;
    save(on);
    if (!on && fromUrl && window.history && history.replaceState) {
      // Turned off: a reload must not turn it on again.
      var q = location.search.slice(1).split('&').filter(function (p) {
        return p !== 'mode=elder';
      });
      fromUrl = false;
      try {
        history.replaceState(history.state, '', location.pathname + (q.length ? '?' + q.join('&') : '') + location.hash);
      } catch (e) {
        /* keep the URL */
      }
    }
    sync();
    // The live charts lay out again for the new text size (web/chart.rs listens to resize).
    try {
      window.dispatchEvent(new Event('resize'));
    } catch (e) {
      /* an engine without the Event constructor has no wasm either */
    }
  }

  // ---- read aloud ----
  var synth = window.speechSynthesis;
  var canSpeak = !!(synth && window.SpeechSynthesisUtterance && synth.speak);
  if (canSpeak) root.classList.add('can-speak');
  var speaking = null;

  function textOf(el) {
    var copy = el.cloneNode(true);
    var skip = copy.querySelectorAll('button, .share, .chart-art');
    for (var i = 0; i < skip.length; i++) skip[i].parentNode.removeChild(skip[i]);
    return (copy.textContent || '').replace(/\s+/g, ' ').trim();
  }
  // A step: its text. A chapter: its kicker, heading and dek, then every step in order.
  function readable(button) {
    var step = button.closest('.step');
    if (step) return textOf(step);
    var chapter = button.closest('.chapter');
    if (!chapter) return '';
    var parts = chapter.querySelectorAll('.chapter-kicker, h2, .dek, .step');
    var out = [];
    for (var i = 0; i < parts.length; i++) {
      var t = textOf(parts[i]);
      if (t) out.push(t);
    }
    return out.join('\n');
  }
  function stopped(button) {
    if (speaking === button) speaking = null;
    button.classList.remove('is-speaking');
  }
  function voice() {
    var voices = (synth.getVoices && synth.getVoices()) || [];
    var best = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = (voices[i].lang || '').replace('_', '-').toLowerCase();
      if (lang === 'zh-cn') return voices[i];
      if (!best && lang.indexOf('zh') === 0) best = voices[i];
    }
    return best;
  }
  function speak(button) {
    var was = speaking;
    if (was) {
      stopped(was);
      synth.cancel();
      if (was === button) return;
    }
    var text = readable(button);
    if (!text) return;
    var u = new window.SpeechSynthesisUtterance(text);
    u.lang = 'zh-CN';
    var v = voice();
    if (v) u.voice = v;
    u.onend = u.onerror = function () {
      stopped(button);
    };
    speaking = button;
    button.classList.add('is-speaking');
    synth.speak(u);
  }

  if (canSpeak) {
    // Leaving the page stops the voice.
    window.addEventListener('pagehide', function () {
      if (speaking) stopped(speaking);
      synth.cancel();
    });
  }

  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!t || !t.closest) return;
    var b = t.closest('.elder-switch');
    if (b) {
      set(!on);
      return;
    }
    b = canSpeak && t.closest('.speak');
    if (b) speak(b);
  });

  sync();
  if (document.readyState === 'loading') {
    // In the mode, point each chart image at its elder edition as the parser adds it, before
    // the first layout can start the default image's download (which the swap would abort).
    var watch = on && window.MutationObserver ? new MutationObserver(images) : null;
    if (watch) watch.observe(root, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', function () {
      if (watch) watch.disconnect();
      sync();
    });
  }
})();
