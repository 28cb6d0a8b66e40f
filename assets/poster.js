// The share poster sheet (src/story/poster_sheet.rs). Each chart card's `a.poster-open` is a
// plain link to its poster PNG (posters/<chart id>.png), which works without this script.
// With it, the link opens the page's one `#poster-sheet` dialog instead, with the poster as a
// plain <img> to long-press and save or send (what WeChat offers on an image):
//
// - the image's src is set only when the sheet opens, so no poster is downloaded before;
// - focus moves into the sheet, Tab stays in it, and returns to the link on close;
// - Esc, the close button, a tap on the backdrop and the back gesture close it: opening pushes
//   a history entry with the same URL (the story's hash is untouched), and popstate closes the
//   sheet; closing it otherwise goes back over that entry.
//
// Inlined into <head> by Trunk, so it runs before the page is parsed: everything is looked up
// when used, through listeners on the document. ES2017, no dependencies; does nothing if the
// page has no sheet (embed.html, the one-file edition).

(function () {
  'use strict';
  var open = null; // { link, sheet, pushed, x, y } while the sheet is open
  var restore = null; // { link, x, y } until the history entry it pushed is gone

  function sheetEl() {
    return document.getElementById('poster-sheet');
  }

  function focusables(sheet) {
    var list = sheet.querySelectorAll('a[href], button:not([disabled]), [tabindex="0"]');
    return Array.prototype.slice.call(list);
  }

  function show(link) {
    var sheet = sheetEl();
    var img = sheet && sheet.querySelector('.poster-img');
    var close = sheet && sheet.querySelector('.poster-close');
    if (!img || !close) return false;
    // The text alternative: the chart's title, or the story's headline for its poster.
    var figure = link.closest ? link.closest('figure') : null;
    var title = figure ? figure.querySelector('.chart-title') : document.querySelector('h1');
    img.alt = (title || link).textContent;
    img.src = link.getAttribute('href');
    sheet.hidden = false;
    document.documentElement.classList.add('poster-is-open');
    var pushed = false;
    try {
      history.pushState({ wushanPoster: true }, '');
      pushed = true;
    } catch (e) {
      // No history (a sandboxed frame): the sheet still closes by Esc and the button.
    }
    open = { link: link, sheet: sheet, pushed: pushed, x: window.pageXOffset, y: window.pageYOffset };
    close.focus();
    return true;
  }

  // `fromHistory`: the back gesture already left the sheet's history entry.
  function hide(fromHistory) {
    if (!open) return;
    var was = open;
    open = null;
    was.sheet.hidden = true;
    document.documentElement.classList.remove('poster-is-open');
    focusLink(was.link);
    if (was.pushed) {
      // Going back to the story's entry scrolls to its #chapter and moves focus there in
      // Chromium: put the reader back where they were once it has happened.
      restore = { link: was.link, x: was.x, y: was.y };
      if (!fromHistory) {
        try {
          history.back();
        } catch (e) {
          restore = null;
        }
      }
    }
  }

  function focusLink(link) {
    try {
      link.focus({ preventScroll: true });
    } catch (e) {
      link.focus();
    }
  }

  document.addEventListener('click', function (e) {
    if (open) {
      var t = e.target;
      if (t === open.sheet || (t.closest && t.closest('.poster-close'))) {
        e.preventDefault();
        hide(false);
      }
      return;
    }
    if (e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var link = e.target.closest ? e.target.closest('a.poster-open') : null;
    if (link && show(link)) e.preventDefault();
  });

  document.addEventListener('keydown', function (e) {
    if (!open) return;
    if (e.key === 'Escape' || e.key === 'Esc') {
      e.preventDefault();
      hide(false);
    } else if (e.key === 'Tab') {
      var items = focusables(open.sheet);
      if (!items.length) return;
      var first = items[0];
      var last = items[items.length - 1];
      var at = items.indexOf(document.activeElement);
      if (e.shiftKey && at <= 0) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (at === -1 || at === items.length - 1)) {
        e.preventDefault();
        first.focus();
      }
    }
  });

  // Focus that lands outside the open sheet (a click on the page behind, a screen reader's
  // cursor) is brought back.
  document.addEventListener('focusin', function (e) {
    if (open && !open.sheet.contains(e.target)) {
      var items = focusables(open.sheet);
      if (items.length) items[0].focus();
    }
  });

  window.addEventListener('popstate', function () {
    if (open) hide(true);
    var r = restore;
    restore = null;
    if (!r) return;
    setTimeout(function () {
      if (window.pageYOffset !== r.y || window.pageXOffset !== r.x) window.scrollTo(r.x, r.y);
      if (document.activeElement !== r.link) focusLink(r.link);
    }, 0);
  });

  // The link opens a dialog once this script runs.
  function mark() {
    var links = document.querySelectorAll('a.poster-open');
    for (var i = 0; i < links.length; i++) links[i].setAttribute('aria-haspopup', 'dialog');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mark);
  else mark();
})();
