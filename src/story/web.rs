//! Browser-only glue (wasm32): observers, the canvas chart runtime, history and sharing.
//! Everything here reacts to the DOM; no figure is computed here.

use super::state::{Action, StoryContext};
use super::{known_anchor, ui};
use crate::charts::{self, Frame, Layout, Measure};
use crate::data::{ChartSpec, ThemeId};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, Element, HtmlCanvasElement, IntersectionObserver, IntersectionObserverEntry,
    IntersectionObserverInit, ResizeObserver,
};

/// Length of a chart's intro animation.
const ANIMATION_MS: f64 = 900.0;

const DARK: &str = "(prefers-color-scheme: dark)";

/// A chart box narrower than this is hidden, not small: the charts a step does not show are
/// kept in the page (1 px, clipped) for keyboards and screen readers. They are laid out when
/// they get room, so the page start does not lay out every chart. (`charts::layout` never
/// lays out narrower than 280 px.)
const MIN_BOX_WIDTH: f64 = 120.0;

fn window() -> web_sys::Window {
    web_sys::window().expect("window")
}

fn document() -> web_sys::Document {
    window().document().expect("document")
}

fn media(query: &str) -> bool {
    window().match_media(query).ok().flatten().map(|m| m.matches()).unwrap_or(false)
}

fn now() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

fn request_frame(f: &Closure<dyn FnMut(f64)>) {
    let _ = window().request_animation_frame(f.as_ref().unchecked_ref());
}

// ---------------------------------------------------------------------------------------
// text measurement: canvas measureText, cached. It measures with the font engine only,
// so it never forces a DOM layout, and each (text, size) is measured once.

struct CanvasMeasure {
    ctx: CanvasRenderingContext2d,
    cache: RefCell<HashMap<(String, u32), f64>>,
}

thread_local! {
    static MEASURE: CanvasMeasure = {
        let canvas: HtmlCanvasElement = document().create_element("canvas").unwrap().unchecked_into();
        let ctx = canvas.get_context("2d").ok().flatten().unwrap().unchecked_into();
        CanvasMeasure { ctx, cache: RefCell::new(HashMap::new()) }
    };
}

impl Measure for CanvasMeasure {
    fn width(&self, text: &str, px: f64) -> f64 {
        let key = (text.to_string(), (px * 100.0) as u32);
        if let Some(w) = self.cache.borrow().get(&key) {
            return *w;
        }
        self.ctx.set_font(&format!("{px}px {}", charts::FONT_FAMILY));
        let w = self.ctx.measure_text(text).map(|m| m.width()).unwrap_or(px * text.chars().count() as f64);
        self.cache.borrow_mut().insert(key, w);
        w
    }
}

// ---------------------------------------------------------------------------------------
// the chart runtime

struct Inner {
    spec: &'static ChartSpec,
    canvas: HtmlCanvasElement,
    boxed: Element,
    layout: Option<Layout>,
    width: f64,
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
    highlight: &'static [&'static str],
    focus: Option<usize>,
}

impl Inner {
    fn draw(&mut self) {
        let Some(layout) = &self.layout else { return };
        let Some(backend) = CanvasBackend::with_canvas_object(self.canvas.clone()) else { return };
        let area = backend.into_drawing_area();
        let frame = Frame {
            progress: self.progress,
            highlight: self.highlight,
            focus: self.focus,
            dark: self.dark,
        };
        if charts::draw(&area, layout, &frame, self.dpr).is_ok() {
            let _ = area.present();
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

    /// Lay the chart out again if the width or the pixel ratio changed. Keeps the progress:
    /// a resize never re-runs the intro animation.
    fn relayout(&mut self) {
        self.dark = media(DARK);
        let width = self.boxed.client_width() as f64;
        let dpr = window().device_pixel_ratio().max(1.0);
        if width < MIN_BOX_WIDTH || (width == self.width && dpr == self.dpr && self.layout.is_some()) {
            return;
        }
        self.width = width;
        self.dpr = dpr;
        let layout = MEASURE.with(|m| charts::layout(self.spec, width, m));
        self.canvas.set_width((layout.width * dpr).round() as u32);
        self.canvas.set_height((layout.height * dpr).round() as u32);
        let style = self.canvas.style();
        let _ = style.set_property("width", &format!("{}px", layout.width));
        let _ = style.set_property("height", &format!("{}px", layout.height));
        self.layout = Some(layout);
        self.draw();
    }
}

/// A live chart on a canvas. Dropping it disconnects its observers.
pub struct ChartHandle {
    inner: Rc<RefCell<Inner>>,
    resize: ResizeObserver,
    visible: IntersectionObserver,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
    _on_visible: Closure<dyn FnMut(js_sys::Array)>,
    _on_window: Closure<dyn FnMut()>,
    /// Redraws in the new palette when the reader switches light/dark mode.
    scheme: Option<(web_sys::MediaQueryList, Closure<dyn FnMut()>)>,
}

impl Drop for ChartHandle {
    fn drop(&mut self) {
        self.resize.disconnect();
        self.visible.disconnect();
        let _ = window().remove_event_listener_with_callback("resize", self._on_window.as_ref().unchecked_ref());
        if let Some((mq, cb)) = &self.scheme {
            let _ = mq.remove_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
        }
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
            dpr: 1.0,
            progress: if instant { 1.0 } else { 0.0 },
            started: instant,
            visible: false,
            marked: false,
            dark: media(DARK),
            live: false,
            highlight: &[],
            focus: None,
        }));
        let on_resize = {
            let inner = inner.clone();
            Closure::<dyn FnMut(js_sys::Array)>::new(move |_| refresh(&inner))
        };
        let resize = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        resize.observe(&boxed);
        // Orientation changes and zoom fire `resize`; a devicePixelRatio change without one
        // (moving to another screen) is caught by a resolution media query.
        let on_window = {
            let inner = inner.clone();
            Closure::<dyn FnMut()>::new(move || refresh(&inner))
        };
        let _ = window().add_event_listener_with_callback("resize", on_window.as_ref().unchecked_ref());
        watch_resolution(Rc::downgrade(&inner));
        let on_visible = {
            let inner = inner.clone();
            Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                let seen = entries.iter().any(|e| e.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
                inner.borrow_mut().visible = seen;
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
            let inner = inner.clone();
            let cb = Closure::<dyn FnMut()>::new(move || {
                let mut i = inner.borrow_mut();
                i.dark = media(DARK);
                i.draw();
            });
            let _ = mq.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
            (mq, cb)
        });
        Some(ChartHandle {
            inner,
            resize,
            visible,
            _on_resize: on_resize,
            _on_visible: on_visible,
            _on_window: on_window,
            scheme,
        })
    }

    pub fn set_frame(&self, highlight: &'static [&'static str], focus: Option<usize>, instant: bool) {
        let mut i = self.inner.borrow_mut();
        i.highlight = highlight;
        i.focus = focus;
        i.dark = media(DARK);
        if instant && !i.started {
            i.started = true;
            i.progress = 1.0;
        }
        i.draw();
    }

    pub fn hit(&self, x: f64, y: f64) -> Option<usize> {
        self.inner.borrow().layout.as_ref().and_then(|l| charts::hit_test(l, x, y))
    }

    pub fn len(&self) -> usize {
        self.inner.borrow().layout.as_ref().map_or(0, |l| l.marks.len())
    }

    pub fn label(&self, i: usize) -> Option<String> {
        self.inner.borrow().layout.as_ref().and_then(|l| l.marks.get(i)).map(|m| m.label.clone())
    }
}

/// Re-lays the chart out when devicePixelRatio changes: a `(resolution: Ndppx)` query for
/// the current ratio stops matching, and a new one is set up for the new ratio. Stops when
/// the chart is gone.
fn watch_resolution(inner: std::rc::Weak<RefCell<Inner>>) {
    let dpr = window().device_pixel_ratio();
    let Ok(Some(mq)) = window().match_media(&format!("(resolution: {dpr}dppx)")) else { return };
    let cb = Closure::once_into_js(move || {
        if let Some(i) = inner.upgrade() {
            refresh(&i);
            watch_resolution(std::rc::Rc::downgrade(&i));
        }
    });
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_once(true);
    let _ = mq.add_event_listener_with_callback_and_add_event_listener_options("change", cb.unchecked_ref(), &opts);
}

/// Lays the chart out again if its box changed, and starts the intro if the chart has just
/// been laid out for the first time while on screen (a hidden chart that a step or the
/// keyboard brings out: its IntersectionObserver may have nothing new to say).
fn refresh(inner: &Rc<RefCell<Inner>>) {
    inner.borrow_mut().relayout();
    if inner.borrow().visible {
        start(inner);
    }
}

/// Run the intro animation once: requestAnimationFrame until the final frame. A chart
/// that has not been laid out yet (hidden) waits: [`refresh`] starts it when it has room.
fn start(inner: &Rc<RefCell<Inner>>) {
    {
        let mut i = inner.borrow_mut();
        if i.started || i.layout.is_none() {
            return;
        }
        i.started = true;
        if media("(prefers-reduced-motion: reduce)") {
            i.progress = 1.0;
            i.draw();
            return;
        }
    }
    let inner = inner.clone();
    animate(move |p| {
        let mut i = inner.borrow_mut();
        i.progress = p;
        i.draw();
    });
}

/// Calls `on_frame` with the linear progress 0..=1 once per animation frame for
/// `ANIMATION_MS`, ending with exactly 1.0.
fn animate(mut on_frame: impl FnMut(f64) + 'static) {
    let mut t0 = None::<f64>;
    let slot: Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>> = Rc::new(RefCell::new(None));
    let next = slot.clone();
    *slot.borrow_mut() = Some(Closure::new(move |ts: f64| {
        let start = *t0.get_or_insert(ts);
        let p = ((ts - start) / ANIMATION_MS).clamp(0.0, 1.0);
        on_frame(p);
        if p < 1.0 {
            if let Some(f) = next.borrow().as_ref() {
                request_frame(f);
            }
        } else {
            next.borrow_mut().take();
        }
    }));
    let first = slot.borrow();
    if let Some(f) = first.as_ref() {
        request_frame(f);
    }
}

// ---------------------------------------------------------------------------------------
// page-level behaviour

/// Called once after hydration.
pub fn on_start(state: StoryContext) {
    let _ = document().document_element().map(|e| e.class_list().add_1("live"));
    if media("(prefers-reduced-motion: reduce)") {
        state.dispatch(Action::ReducedMotion(true));
    }
    // A deep link lands on its chapter with the charts final. An unknown or hostile hash
    // is ignored: it is only ever compared with known anchors, never written to the page.
    let hash = window().location().hash().unwrap_or_default();
    if let Some(anchor) = known_anchor(&hash) {
        if let Some(t) = ThemeId::from_slug(anchor) {
            state.dispatch(Action::Landed(t));
        }
        if let Some(el) = document().get_element_by_id(anchor) {
            el.scroll_into_view();
            hold_landing(el);
        }
    }
    observe_chapters(state.clone());
    observe_steps(state);
    track_progress();
    count_up_hero();
}

/// Keeps a deep link's target where it landed while the page settles. In the first frames
/// the charts above it swap their static images for canvases of another height, and the
/// browser's scroll anchoring does not always make up for it (the sticky graphic that
/// appears with `live` suppresses it), so a reader sent to one chapter could end up in the
/// one before. For about a second the target is put back, until the reader scrolls, taps
/// or presses a key.
fn hold_landing(el: Element) {
    const FRAMES: u32 = 60;
    let landed = el.get_bounding_client_rect().top();
    let reader_moved = Rc::new(Cell::new(false));
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_passive(true);
    opts.set_once(true);
    for event in ["wheel", "touchstart", "keydown", "pointerdown"] {
        let moved = reader_moved.clone();
        let cb = Closure::once_into_js(move || moved.set(true));
        let _ = window().add_event_listener_with_callback_and_add_event_listener_options(event, cb.unchecked_ref(), &opts);
    }
    let mut frames = 0;
    let slot: Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>> = Rc::new(RefCell::new(None));
    let next = slot.clone();
    *slot.borrow_mut() = Some(Closure::new(move |_: f64| {
        frames += 1;
        if reader_moved.get() {
            next.borrow_mut().take();
            return;
        }
        if (el.get_bounding_client_rect().top() - landed).abs() > 1.0 {
            el.scroll_into_view();
        }
        if frames < FRAMES {
            if let Some(f) = next.borrow().as_ref() {
                request_frame(f);
            }
        } else {
            next.borrow_mut().take();
        }
    }));
    let first = slot.borrow();
    if let Some(f) = first.as_ref() {
        request_frame(f);
    }
}

fn observer(margin: &str, f: impl FnMut(js_sys::Array) + 'static) -> Option<IntersectionObserver> {
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(f);
    let init = IntersectionObserverInit::new();
    init.set_root_margin(margin);
    let obs = IntersectionObserver::new_with_options(cb.as_ref().unchecked_ref(), &init).ok();
    cb.forget(); // page-lifetime observer
    obs
}

fn each(selector: &str, mut f: impl FnMut(Element)) {
    if let Ok(list) = document().query_selector_all(selector) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                f(el);
            }
        }
    }
}

/// The chapter that crosses a line 40% down the viewport is the current one; the URL hash
/// follows it with `replaceState` (no history entry per scroll).
fn observe_chapters(state: StoryContext) {
    let obs = observer("-40% 0px -59% 0px", move |entries| {
        for e in entries.iter() {
            let e: IntersectionObserverEntry = e.unchecked_into();
            let Some(t) = ThemeId::from_slug(&e.target().id()) else { continue };
            if e.is_intersecting() {
                state.dispatch(Action::Enter(t));
                replace_hash(Some(t.slug()));
            } else {
                state.dispatch(Action::Leave(t));
            }
        }
    });
    if let Some(obs) = obs {
        each("section.chapter", |el| obs.observe(&el));
    }
}

fn replace_hash(slug: Option<&str>) {
    let loc = window().location();
    let base = format!("{}{}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default());
    let url = match slug {
        Some(s) => format!("{base}#{s}"),
        None => base,
    };
    if let Ok(h) = window().history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Scrollama in a few lines: the active step of a chapter is the last one whose top has
/// passed the middle of the viewport. The observer only says *when* to look (a step entered
/// or left the upper half), so a fling that jumps over a step still lands on the right one.
/// Observers are relative to the viewport, so resizes and mobile toolbars need no work.
fn observe_steps(state: StoryContext) {
    let obs = observer("0px 0px -50% 0px", move |entries| {
        let mut themes: Vec<ThemeId> = Vec::new();
        for e in entries.iter() {
            let e: IntersectionObserverEntry = e.unchecked_into();
            if let Some(t) = e.target().get_attribute("data-theme").and_then(|s| ThemeId::from_slug(&s)) {
                if !themes.contains(&t) {
                    themes.push(t);
                }
            }
        }
        let middle = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0) / 2.0;
        for t in themes {
            let mut active = 0;
            each(&format!(".step[data-theme={}]", t.slug()), |el| {
                let i = el.get_attribute("data-step").and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
                if el.get_bounding_client_rect().top() < middle {
                    active = active.max(i);
                }
            });
            state.dispatch(Action::Step(t, active));
        }
    });
    if let Some(obs) = obs {
        each(".step", |el| obs.observe(&el));
    }
}

/// The progress bar under the navigation: a transform set through the CSSOM (allowed by
/// the strict CSP, unlike a style attribute), throttled to one update per frame.
fn track_progress() {
    let Some(fill) = document().get_element_by_id("progress-fill") else { return };
    let fill: web_sys::HtmlElement = fill.unchecked_into();
    let pending = Rc::new(Cell::new(false));
    let update: Rc<Closure<dyn FnMut(f64)>> = {
        let pending = pending.clone();
        Rc::new(Closure::new(move |_: f64| {
            pending.set(false);
            let doc = document().document_element().unwrap();
            let max = (doc.scroll_height() - doc.client_height()).max(1) as f64;
            let p = (window().scroll_y().unwrap_or(0.0) / max).clamp(0.0, 1.0);
            let _ = fill.style().set_property("transform", &format!("scaleX({p:.4})"));
        }))
    };
    let on_scroll = Closure::<dyn FnMut()>::new(move || {
        if !pending.replace(true) {
            request_frame(&update);
        }
    });
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_passive(true);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        "scroll",
        on_scroll.as_ref().unchecked_ref(),
        &opts,
    );
    on_scroll.forget();
}

/// The hero numbers count up, but only when the app starts soon after the page appears:
/// on a slow load the reader has already read the final figures, and they stay.
fn count_up_hero() {
    if media("(prefers-reduced-motion: reduce)") || now() > 1500.0 {
        return;
    }
    let mut targets = Vec::new();
    each(".hero .count", |el| {
        if let Some(v) = el.get_attribute("data-value") {
            targets.push((el, v));
        }
    });
    if targets.is_empty() {
        return;
    }
    animate(move |p| {
        for (el, v) in &targets {
            el.set_text_content(Some(&charts::count_text(v, p)));
        }
    });
}

/// "Copy link to this section": the Web Share API where it exists, else the clipboard.
pub fn share_section(slug: &str) {
    let loc = window().location();
    let url = format!(
        "{}{}#{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default(),
        slug
    );
    let nav = window().navigator();
    let share = js_sys::Reflect::get(&nav, &"share".into()).ok().filter(|f| f.is_function());
    if let Some(share) = share {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &document().title().into());
        let _ = js_sys::Reflect::set(&data, &"url".into(), &url.clone().into());
        let _ = share.unchecked_into::<js_sys::Function>().call1(&nav, &data);
        return;
    }
    let clip = js_sys::Reflect::get(&nav, &"clipboard".into()).ok().filter(|c| !c.is_undefined());
    if let Some(clip) = clip {
        if let Ok(write) = js_sys::Reflect::get(&clip, &"writeText".into()) {
            if let Ok(f) = write.dyn_into::<js_sys::Function>() {
                let _ = f.call1(&clip, &url.into());
            }
        }
    }
    // Tell the reader, in the chapter's share button, for two seconds.
    if let Ok(Some(btn)) = document().query_selector(&format!("#{slug} .share")) {
        let before = btn.text_content();
        btn.set_text_content(Some(ui("link_copied")));
        let restore = Closure::once_into_js(move || btn.set_text_content(before.as_deref()));
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(restore.unchecked_ref(), 2000);
    }
}
