//! The canvas chart runtime behind each `ChartCard`: layout, drawing, the intro animation,
//! resizes and pixel-ratio changes.
//!
//! Chart work stays off the scroll path. A chart the current step does not show is laid out
//! and drawn (its first frame) in idle time, at the width the chapter's shown chart has, so
//! that when a step brings it out nothing is left to do but show it. Resize notifications
//! are handled in the next animation frame, not inside the observer (so a canvas that
//! changes its box's height never triggers "ResizeObserver loop" errors).
//!
//! The elder mode (`html.elder`, set by `assets/elder.js`) lays the charts out with large
//! text (`charts::TextSize::Large`), never shrinks them to a height budget and does not
//! animate them; the script sends a `resize` event when the mode changes.

mod input;
mod timing;

use input::listen_for_input;
use timing::{draw_when_idle, prelayout_when_idle, schedule_refresh, start, watch_resolution};
use super::measure::MEASURE;
use super::{animate, fixed, media, next_frame, when_idle, window};
use crate::charts::{self, Frame, Layout, TextSize};
use crate::data::ChartSpec;
use plotters::prelude::*;
use super::canvas::Canvas;
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit, ResizeObserver};

/// Length of a chart's intro animation.
const ANIMATION_MS: f64 = 900.0;

const DARK: &str = "(prefers-color-scheme: dark)";

/// A chart box narrower than this is hidden, not small: the charts a step does not show are
/// kept in the page (1 px, clipped) for keyboards and screen readers. (`charts::layout`
/// never lays out narrower than 280 px.)
const MIN_BOX_WIDTH: f64 = 120.0;

/// One column (the stylesheet's `max-width: 899px`): the sticky chart shares the screen with
/// the step cards that scroll over it, so tall charts are scaled to fit (see [`Inner::budget`]).
const ONE_COLUMN: &str = "(max-width: 899px)";

/// The smallest scale of a chart drawn to fit its height budget: its 15–16 px labels stay at
/// 12 px or more, its 13 px periods at about 10.5.
const MIN_SCALE: f64 = 0.8;
/// On the shortest phones (under 600 px of viewport, the 4-inch class) a chart may be drawn
/// down to this scale, so that it and its caption still fit above the step card.
const MIN_SCALE_SHORT: f64 = 0.7;

struct Inner {
    spec: &'static ChartSpec,
    canvas: HtmlCanvasElement,
    boxed: Element,
    layout: Option<Layout>,
    width: f64,
    /// The height budget the layout was fitted to (`None`: none, two columns or no story).
    budget: Option<f64>,
    /// The height of the layout at the box's width, before any fitting to a budget: a budget
    /// at least this tall changes nothing.
    natural: f64,
    /// The width the layout was made at (wider than the box when fitted to a budget).
    laid_at: f64,
    /// CSS px of the canvas per layout px (< 1 when a tall chart is scaled to its budget).
    scale: f64,
    dpr: f64,
    progress: f64,
    started: bool,
    /// The box is on screen (the last word of its IntersectionObserver).
    visible: bool,
    /// `performance.mark('wushan:chart-final:<id>')` was set: the final frame was drawn.
    marked: bool,
    /// `prefers-color-scheme: dark`, read on relayout, on a new frame state and on change;
    /// never per animation frame.
    dark: bool,
    /// The box already has `is-live` (the static image is hidden).
    live: bool,
    /// A relayout is waiting for the next animation frame.
    pending: bool,
    /// The canvas does not show the chart's state: reset for a new layout in idle time, or
    /// given a new highlight while the step shows another chart. It is drawn in the next
    /// idle period ([`timing::draw_when_idle`]), or as soon as it is shown before that.
    stale: bool,
    /// Its chapter has come within a screen of the viewport ([`near_viewport`]): from then
    /// on it is laid out in idle time while hidden.
    near: bool,
    /// The text size of the layout (large in the elder mode).
    text: TextSize,
    highlight: &'static [&'static str],
    focus: Option<usize>,
}

impl Inner {
    fn draw(&mut self) {
        let Some(layout) = &self.layout else { return };
        self.stale = false;
        // None when the browser refuses a 2D context: the static image stays, and the canvas
        // leaves the page (no blank chart, no invisible focus stop).
        let Some(backend) = Canvas::new(self.canvas.clone()) else {
            let _ = self.canvas.class_list().add_1("is-off");
            let _ = self.canvas.set_attribute("tabindex", "-1");
            return;
        };
        let area = backend.into_drawing_area();
        let frame = Frame { progress: self.progress, highlight: self.highlight, focus: self.focus, dark: self.dark };
        if charts::draw(&area, layout, &frame, self.dpr * self.scale).is_ok() && area.present().is_ok() {
            if !self.live {
                self.live = true;
                let _ = self.boxed.class_list().add_1("is-live");
            }
            if self.progress >= 1.0 && !self.marked {
                self.marked = true;
                // For `cargo xtask bench`: when each chart first shows its final frame.
                let _ = window().performance().map(|p| p.mark(&format!("wushan:chart-final:{}", self.spec.id)));
            }
        }
    }

    /// The chart's box is shown: wide enough to lay out (a chart the step does not show has a
    /// box 1 px wide, style.css).
    fn shown(&self) -> bool {
        self.boxed.client_width() as f64 >= MIN_BOX_WIDTH
    }

    /// The width to lay out at: the box's own, or, when `hidden_too`, for a hidden chart the
    /// width of the box of the chart its chapter shows now (every box of a graphic is as wide
    /// when shown).
    fn target_width(&self, hidden_too: bool) -> f64 {
        let own = self.boxed.client_width() as f64;
        if own >= MIN_BOX_WIDTH || !hidden_too {
            return own;
        }
        self.boxed
            .closest(".graphic")
            .ok()
            .flatten()
            .and_then(|g| g.query_selector(".chart-card.is-active .chart-box").ok().flatten())
            .map_or(0.0, |b| b.client_width() as f64)
    }

    /// On one-column screens, the CSS height the chart may take: the chart card, sticky under
    /// the bar, must end above the line where the card of the step that shows it is when the
    /// step becomes active (the stylesheet puts that card's top at the middle of the screen
    /// plus the step frame's top padding). What else the card holds (title, readout, caption,
    /// table toggle) is measured, so only the canvas gives way. `None` in two columns, and on
    /// pages without steps (embed.html). A hidden card is measured as the chapter's shown
    /// one; when a step brings it out, its box resizes and it is measured again.
    fn budget(&self) -> Option<f64> {
        if !media(ONE_COLUMN) {
            return None;
        }
        let win = window();
        let graphic = self.boxed.closest(".graphic").ok()??;
        let step = self.boxed.closest(".scrolly").ok()??.query_selector(".step").ok()??;
        let px = |el: &Element, prop: &str| -> Option<f64> {
            let v = win.get_computed_style(el).ok()??.get_property_value(prop).ok()?;
            // parseFloat from JS: the wasm carries no float parser.
            Some(js_sys::parse_float(v.trim())).filter(|x| x.is_finite())
        };
        let inner_h = win.inner_height().ok()?.as_f64()?;
        let line = inner_h / 2.0 + px(&step, "padding-top")?;
        let top = px(&graphic, "top").unwrap_or(0.0);
        let own = self.boxed.closest(".chart-card").ok()?.filter(|_| self.shown());
        let card = own.or_else(|| graphic.query_selector(".chart-card.is-active").ok()?)?;
        let boxed = card.query_selector(".chart-box").ok()??;
        let others = card.get_bounding_client_rect().height() - boxed.get_bounding_client_rect().height();
        // A few px of air between the card and the step, and rounding.
        Some((line - top - others - 6.0).floor().max(0.0))
    }

    /// Lay the chart out again if the width, the pixel ratio, the text size or a height budget
    /// the chart does not fit changed.
    /// Keeps the progress: a resize never re-runs the intro animation. A hidden chart is laid
    /// out only when `hidden_too` (in idle time), never on the way to a frame.
    ///
    /// A chart taller than its budget is laid out wider (up to 1 / [`MIN_SCALE`] of its box;
    /// some charts then fit their marks in two columns) and drawn smaller, then shrunk further
    /// if need be, never below [`MIN_SCALE`]. The backing store is the CSS size ×
    /// devicePixelRatio and the drawing is scaled into it, so the chart stays sharp;
    /// [`ChartHandle::hit`] divides by the scale.
    fn relayout(&mut self, hidden_too: bool) {
        let reset = self.lay_out(hidden_too);
        // A stale canvas is drawn once it can be seen (or the keyboard wants it: `hidden_too`);
        // a hidden one waits for its idle period.
        if reset || (self.stale && (hidden_too || self.shown())) {
            self.draw();
        }
    }

    /// [`Self::relayout`] without the drawing: true when the canvas was reset for a new
    /// layout and must be drawn.
    fn lay_out(&mut self, hidden_too: bool) -> bool {
        let width = self.target_width(hidden_too);
        let dpr = window().device_pixel_ratio().max(1.0);
        if width < MIN_BOX_WIDTH {
            return false;
        }
        let text = text_size();
        // Large text is never drawn smaller to fit a height budget.
        let budget = self.budget().filter(|_| text == TextSize::Normal);
        let same_box = width == self.width && dpr == self.dpr && text == self.text && self.layout.is_some();
        if same_box {
            // Each card of a graphic has its own budget (its title and caption differ), so a
            // step that brings a chart out usually brings a new one. It matters only to a
            // chart taller than it: one that fits both the old and the new budget would be
            // laid out and drawn again the same, on the step's frame.
            let binds = |b: Option<f64>| b.filter(|b| self.natural > *b);
            if binds(budget) == binds(self.budget) {
                self.budget = budget;
                return false;
            }
        }
        self.text = text;
        self.dark = media(DARK);
        self.width = width;
        self.dpr = dpr;
        self.budget = budget;
        let spec = self.spec;
        let mut natural = 0.0;
        // The width each candidate is laid out at: with the scale, what it is drawn like.
        let (layout, scale, laid_at) = MEASURE.with(|m| {
            let first = (charts::layout_text(spec, width, m, text), 1.0, width);
            natural = first.0.height;
            // Never wider than the box's own layout (which is at least 280 px wide).
            let base = first.0.width;
            let at = |w: f64| {
                let l = charts::layout_text(spec, w, m, text);
                let s = (base / l.width).min(1.0);
                (l, s, w)
            };
            let Some(budget) = budget.filter(|b| first.0.height * first.1 > *b) else { return first };
            // The shortest of a few wider layouts, drawn at the box's width.
            let mut best = first;
            for w in [width / 0.9, width / MIN_SCALE] {
                let c = at(w);
                if c.0.height * c.1 < best.0.height * best.1 - 0.5 {
                    best = c;
                }
                if best.0.height * best.1 <= budget {
                    break;
                }
            }
            let (l, s, w) = best;
            let short = window().inner_height().ok().and_then(|h| h.as_f64()).is_some_and(|h| h < 600.0);
            let floor = if short { MIN_SCALE_SHORT } else { MIN_SCALE };
            let s = (s * (budget / (l.height * s)).min(1.0)).max(floor.min(s));
            (l, s, w)
        });
        self.natural = natural;
        if same_box && laid_at == self.laid_at && scale == self.scale {
            // A new budget it still does not fit, and the same layout at the same scale (a
            // tall chart held at its smallest scale): the canvas already shows it.
            return false;
        }
        self.scale = scale;
        self.laid_at = laid_at;
        self.canvas.set_width((layout.width * scale * dpr).round() as u32);
        self.canvas.set_height((layout.height * scale * dpr).round() as u32);
        let style = self.canvas.style();
        let _ = style.set_property("width", &format!("{}px", fixed(layout.width * scale, 2)));
        let _ = style.set_property("height", &format!("{}px", fixed(layout.height * scale, 2)));
        self.layout = Some(layout);
        self.stale = true;
        true
    }
}

/// Whether `el` is within the viewport now (a layout, if one is pending).
fn on_screen(el: &Element) -> bool {
    let r = el.get_bounding_client_rect();
    let h = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    r.width() >= MIN_BOX_WIDTH && r.bottom() > 0.0 && r.top() < h
}

/// A live chart on a canvas. Dropping it disconnects its observers and listeners.
pub struct ChartHandle {
    inner: Rc<RefCell<Inner>>,
    /// The canvas's click, pointermove, keydown and focus listeners, the window's resize
    /// listener, and the colour scheme's (a redraw in the new palette when the reader switches
    /// light/dark mode). Each removes itself when dropped.
    _listeners: Vec<EventListener>,
    resize: ResizeObserver,
    visible: IntersectionObserver,
    /// Watches the chart's chapter until it comes within a screen: see [`near_viewport`].
    near: (IntersectionObserver, Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>),
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
    _on_visible: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for ChartHandle {
    fn drop(&mut self) {
        self.resize.disconnect();
        self.visible.disconnect();
        self.near.0.disconnect();
    }
}

impl ChartHandle {
    pub fn mount(spec: &'static ChartSpec, boxed: Element, canvas: HtmlCanvasElement, instant: bool) -> Option<ChartHandle> {
        let inner = Rc::new(RefCell::new(Inner {
            spec,
            canvas,
            boxed: boxed.clone(),
            layout: None,
            width: 0.0,
            budget: None,
            natural: 0.0,
            laid_at: 0.0,
            scale: 1.0,
            dpr: 1.0,
            progress: if instant { 1.0 } else { 0.0 },
            started: instant,
            visible: false,
            marked: false,
            dark: media(DARK),
            live: false,
            pending: false,
            stale: false,
            near: false,
            text: TextSize::Normal,
            highlight: &[],
            focus: None,
        }));
        let on_resize = {
            let inner = Rc::downgrade(&inner);
            Closure::<dyn FnMut(js_sys::Array)>::new(move |_| schedule_refresh(&inner))
        };
        let resize = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        resize.observe(&boxed);
        // Orientation changes and zoom fire `resize`; a devicePixelRatio change without one
        // (moving to another screen) is caught by a resolution media query.
        let on_window = {
            let inner = Rc::downgrade(&inner);
            EventListener::new(&window(), "resize", move |_| schedule_refresh(&inner))
        };
        watch_resolution(Rc::downgrade(&inner));
        let on_visible = {
            let inner = inner.clone();
            Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                let seen = entries.iter().any(|e| e.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
                if let Ok(mut i) = inner.try_borrow_mut() {
                    i.visible = seen;
                    // First on screen: lay out now (an off-screen chart waits for this or idle time).
                    if seen && i.layout.is_none() {
                        i.relayout(false);
                    }
                }
                if seen {
                    start(&inner);
                }
            })
        };
        let init = IntersectionObserverInit::new();
        init.set_threshold(&JsValue::from_f64(0.25));
        let visible = IntersectionObserver::new_with_options(on_visible.as_ref().unchecked_ref(), &init).ok()?;
        visible.observe(&boxed);
        let scheme = window().match_media(DARK).ok().flatten().map(|mq| {
            let inner = Rc::downgrade(&inner);
            EventListener::new(&mq, "change", move |_| {
                if let Some(Ok(mut i)) = inner.upgrade().as_ref().map(|rc| rc.try_borrow_mut()) {
                    i.dark = media(DARK);
                    i.draw();
                }
            })
        });
        // A chart its step does not show yet: lay it out and draw its first frame while the
        // browser has nothing else to do (never on a deadline: if the reader keeps scrolling,
        // the step that shows it lays it out), once its chapter is within a screen of the
        // viewport. Not all at start: 25 layouts at once are long tasks in the first seconds,
        // when the reader may already be tapping.
        let near = near_viewport(&boxed, Rc::downgrade(&inner))?;
        // A chart that starts final and is on screen now (the one a deep link's chapter
        // shows): its final frame in this task, before the live page's first frame, not
        // after that frame's visibility callback.
        if instant && on_screen(&boxed) {
            if let Ok(mut i) = inner.try_borrow_mut() {
                i.relayout(false);
            }
        }
        let mut listeners = listen_for_input(&inner);
        listeners.push(on_window);
        listeners.extend(scheme);
        Some(ChartHandle { inner, _listeners: listeners, resize, visible, near, _on_resize: on_resize, _on_visible: on_visible })
    }

    /// What the current step highlights; `instant` draws the final state at once. `hidden`:
    /// the step shows another chart of the graphic, so this one's new state is drawn in
    /// idle time, not on the step's frame (whatever shows it first draws it then).
    pub fn set_highlight(&self, highlight: &'static [&'static str], instant: bool, hidden: bool) {
        let Ok(mut i) = self.inner.try_borrow_mut() else { return };
        let changed = i.highlight != highlight || (instant && !i.started);
        i.highlight = highlight;
        i.dark = media(DARK);
        if instant && !i.started {
            i.started = true;
            i.progress = 1.0;
        }
        if hidden && i.layout.is_some() {
            // A stale canvas has its idle draw queued already (the prelayout's, or an
            // earlier step's); that draw reads the highlight set here.
            if changed && !i.stale {
                i.stale = true;
                drop(i);
                draw_when_idle(Rc::downgrade(&self.inner));
            }
            return;
        }
        if changed || i.stale {
            i.draw();
        }
    }
}

/// Lays the chart out in idle time once its chapter (the `section` around its box; the box
/// itself in an embed) comes within one screen of the viewport, then stops watching.
fn near_viewport(boxed: &Element, inner: Weak<RefCell<Inner>>) -> Option<(IntersectionObserver, Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>)> {
    let target = boxed.closest("section").ok().flatten().unwrap_or_else(|| boxed.clone());
    let on_near = Closure::<dyn FnMut(js_sys::Array, IntersectionObserver)>::new(move |entries: js_sys::Array, obs: IntersectionObserver| {
        if !entries.iter().any(|e| e.unchecked_into::<IntersectionObserverEntry>().is_intersecting()) {
            return;
        }
        obs.disconnect();
        if let Some(Ok(mut i)) = inner.upgrade().as_ref().map(|rc| rc.try_borrow_mut()) {
            i.near = true;
        }
        prelayout_when_idle(inner.clone());
    });
    let init = IntersectionObserverInit::new();
    init.set_root_margin("100% 0px 100% 0px");
    let obs = IntersectionObserver::new_with_options(on_near.as_ref().unchecked_ref(), &init).ok()?;
    obs.observe(&target);
    Some((obs, on_near))
}

/// The elder mode is on (`html.elder`, from `assets/elder.js`).
fn elder() -> bool {
    super::document().document_element().is_some_and(|e| e.class_list().contains("elder"))
}

fn text_size() -> TextSize {
    if elder() { TextSize::Large } else { TextSize::Normal }
}

/// No motion: the reader asked for reduced motion, or the elder mode is on.
pub(super) fn still() -> bool {
    elder() || media("(prefers-reduced-motion: reduce)")
}
