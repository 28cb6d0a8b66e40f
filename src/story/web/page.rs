//! The static page's behaviour in the browser: which islands become live and when, the
//! active scroll step of each chapter, the navigation's current chapter, deep links, the
//! progress bar and the hero count-up.
//!
//! The prerendered page is complete HTML. Only the islands (`[data-island]`: each chart
//! card's box) become Yew roots: the one a deep link lands on at start, the others together
//! in the first idle period after it (each is small; its chart is laid out only when it
//! comes on screen or in idle time). A step change sets classes on the static steps and
//! cards, and gives new props to the one or two charts whose highlights change: nothing
//! else re-renders.

use super::{animate, document, each, media, now, share, window};
use gloo_events::EventListener;
use crate::data::{chapter_id, chart, indicator, plan, ChartSpec};

/// A chapter, by the id content gives it (`[[theme]] id`).
type Chapter = &'static str;
use crate::story::{known_anchor, ChartLive, ChartLiveProps};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::{AppHandle, Renderer};

/// The wasm's entry point: start the islands of a prerendered page, or (development server,
/// no prerender) render the whole page first. Only debug builds carry the whole page.
pub fn start() {
    std::panic::set_hook(Box::new(super::panic_hook));
    let doc = document();
    let root = doc.get_element_by_id("embed").or_else(|| doc.get_element_by_id("app"));
    let Some(root) = root else { return };
    if root.first_element_child().is_some() {
        start_page();
        return;
    }
    #[cfg(debug_assertions)]
    {
        let props = || crate::story::AppProps { sizes: None, rendered: Some(yew::Callback::from(|_| start_page())) };
        if root.id() == "embed" {
            Renderer::<crate::story::EmbedApp>::with_root_and_props(root, props()).render();
        } else {
            Renderer::<crate::story::App>::with_root_and_props(root, props()).render();
        }
    }
    #[cfg(not(debug_assertions))]
    web_sys::console::warn_1(&"wushan: no prerendered page; run `cargo xtask dist`".into());
}

/// A chart card's canvas, a [`ChartLive`] root.
struct Island {
    spec: &'static ChartSpec,
    /// The chapter the card belongs to; None on embed.html.
    theme: Option<Chapter>,
    root: AppHandle<ChartLive>,
    /// What the island was last given.
    shown: ChartLiveProps,
}

#[derive(Default)]
struct Page {
    islands: Vec<Island>,
    /// The active step of each chapter, as the scroll says.
    steps: Vec<(Chapter, usize)>,
    /// The chapter a deep link landed on: its charts draw their final state at once.
    landed: Option<Chapter>,
    reduced_motion: bool,
}

thread_local! {
    static PAGE: RefCell<Page> = RefCell::new(Page::default());
}

impl Page {
    fn step(&self, t: Chapter) -> usize {
        self.steps.iter().find(|(x, _)| *x == t).map_or(0, |(_, s)| *s)
    }

    /// What a chart's island should show now: the current step's highlights if the step
    /// shows this chart (`hidden` if it shows another), and the final state at once on a
    /// deep link or with reduced motion.
    fn props(&self, spec: &'static ChartSpec, theme: Option<Chapter>) -> ChartLiveProps {
        let instant = self.reduced_motion || (theme.is_some() && theme == self.landed);
        // Whether the chapter's current step shows this chart, and what it highlights.
        let step = theme.and_then(|t| {
            let p = plan(t)?;
            let step = p.step(self.step(t))?;
            Some((p.charts.get(step.chart) == Some(&spec.id), step.highlight))
        });
        let highlight = step.filter(|(shown, _)| *shown).map_or(&[][..], |(_, h)| h);
        let hidden = step.is_some_and(|(shown, _)| !shown);
        ChartLiveProps { spec, highlight, instant, hidden }
    }

    /// Chapter `t` shows chart `id` now (at start, on a deep link: its first step's chart).
    fn shows(&self, t: Chapter, id: &str) -> bool {
        plan(t).and_then(|p| p.chart_at(self.step(t))) == Some(id)
    }
}

/// Called once the page's HTML is there (prerendered, or just rendered by the development
/// server).
pub fn start_page() {
    let reduced = super::chart::still();
    // A deep link lands on its chapter with the charts final. An unknown or hostile hash is
    // ignored: it is only ever compared with known anchors, never written to the page.
    let anchor = known_anchor(&window().location().hash().unwrap_or_default());
    let landed = anchor.and_then(chapter_id);
    PAGE.with(|p| {
        let mut p = p.borrow_mut();
        p.landed = landed;
        p.reduced_motion = reduced;
    });
    // The island of the chart a deep link lands on (and every card of embed.html) wakes
    // now, the others after the start: see [`wake_later`]. Only that one: Yew yields to the
    // browser after 16 ms of work, before the effects that draw, so on a slow phone each
    // island more put that chart's first frame after a frame of the page.
    let mut later = Vec::new();
    each("[data-island]", |el| {
        let theme = island_chapter(&el);
        let shown = || {
            let id = el.get_attribute("data-chart");
            theme.zip(id).is_some_and(|(t, id)| PAGE.with(|p| p.borrow().shows(t, &id)))
        };
        if theme.is_none() || (theme == landed && shown()) {
            wake(el, theme);
        } else {
            later.push((el, theme));
        }
    });
    let _ = document().document_element().map(|e| e.class_list().add_1("live"));
    if let Some(anchor) = anchor {
        if let Some(el) = document().get_element_by_id(anchor) {
            el.scroll_into_view();
            hold_landing(el);
        }
    }
    observe_chapters();
    observe_steps();
    track_progress();
    count_up_hero();
    share::listen();
    wake_later(later);
}

/// The chapter of an island's card; None on embed.html.
fn island_chapter(el: &Element) -> Option<Chapter> {
    el.closest("section.chapter").ok().flatten().and_then(|c| chapter_id(&c.id()))
}

/// Makes an island a [`ChartLive`] root, in the state the page is in now. Its canvas is only
/// a canvas until it comes on screen, is focused, or is laid out in idle time (web::chart).
/// The prerendered canvas is replaced by the same markup, now live; if a keyboard had
/// already focused it, the new one takes the focus.
fn wake(el: Element, theme: Option<Chapter>) {
    let Some(spec) = el.get_attribute("data-chart").and_then(|id| chart(&id)) else { return };
    let focused = document().active_element().is_some_and(|a| el.contains(Some(&a)));
    let shown = PAGE.with(|p| p.borrow().props(spec, theme));
    let root = Renderer::<ChartLive>::with_root_and_props(el.clone(), shown.clone()).render();
    PAGE.with(|p| p.borrow_mut().islands.push(Island { spec, theme, root, shown }));
    if focused {
        // Yew renders in a microtask, before the next frame.
        super::next_frame(move || {
            if let Some(canvas) = el.query_selector("canvas").ok().flatten() {
                let _ = canvas.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    }
}

/// Islands not woken at start wake together in the first idle period after it (within
/// 500 ms). Waking all 25 at start took about 30 ms of it at 4x CPU, before `live`. Until
/// then a chart's prerendered static image shows; a keyboard that has focused its canvas
/// keeps the focus on the live one ([`wake`]).
fn wake_later(later: Vec<(Element, Option<Chapter>)>) {
    if !later.is_empty() {
        super::when_idle(Some(500), move || later.into_iter().for_each(|(el, theme)| wake(el, theme)));
    }
}

/// A page-lifetime IntersectionObserver.
fn observer(margin: &str, f: impl FnMut(js_sys::Array) + 'static) -> Option<IntersectionObserver> {
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(f);
    let init = IntersectionObserverInit::new();
    init.set_root_margin(margin);
    let obs = IntersectionObserver::new_with_options(cb.as_ref().unchecked_ref(), &init).ok();
    super::keep(cb);
    obs
}

/// The chapter that crosses a line 40% down the viewport is the current one: its navigation
/// link is marked, and the URL hash follows it with `replaceState` (no history entry per
/// scroll).
fn observe_chapters() {
    let obs = observer("-40% 0px -59% 0px", move |entries| {
        for e in entries.iter() {
            let e: IntersectionObserverEntry = e.unchecked_into();
            let id = e.target().id();
            let Some(t) = chapter_id(&id) else { continue };
            let href = format!("#{}", t);
            let current = e.is_intersecting();
            each(".nav-link", |a| {
                if a.get_attribute("href").as_deref() == Some(href.as_str()) {
                    let _ = a.class_list().toggle_with_force("is-current", current);
                    let _ = if current { a.set_attribute("aria-current", "true") } else { a.remove_attribute("aria-current") };
                }
            });
            if current {
                replace_hash(t);
            }
        }
    });
    if let Some(obs) = obs {
        each("section.chapter", |el| obs.observe(&el));
    }
}

fn replace_hash(slug: &str) {
    let loc = window().location();
    let url = format!("{}{}#{slug}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default());
    if let Ok(h) = window().history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Scrollama in a few lines: the active step of a chapter is the last one whose top has
/// passed the middle of the viewport. The observer only says *when* to look (a step entered
/// or left the upper half), so a fling that jumps over a step still lands on the right one.
fn observe_steps() {
    let obs = observer("0px 0px -50% 0px", move |entries| {
        let mut themes: Vec<Chapter> = Vec::new();
        for e in entries.iter() {
            let e: IntersectionObserverEntry = e.unchecked_into();
            if let Some(t) = e.target().get_attribute("data-theme").and_then(|s| chapter_id(&s)) {
                if !themes.contains(&t) {
                    themes.push(t);
                }
            }
        }
        let middle = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0) / 2.0;
        // Every position is read before anything is written: a class set between two reads
        // would make the next read lay the page out again (once per chapter, at start). A
        // chapter wholly below the middle (none passed) or wholly above the screen (all
        // passed) is decided by its section's box, without measuring each of its steps.
        let number = |el: &Element| el.get_attribute("data-step")?.parse::<usize>().ok();
        let read: Vec<(Chapter, Vec<Element>, usize)> = themes
            .into_iter()
            .map(|t| {
                let mut steps = Vec::new();
                each(&format!(".step[data-theme={}]", t), |el| steps.push(el));
                let section = document().get_element_by_id(t).map(|s| s.get_bounding_client_rect());
                let passed: Vec<usize> = match section {
                    Some(r) if r.top() >= middle => Vec::new(),
                    Some(r) if r.bottom() <= 0.0 => steps.iter().filter_map(number).collect(),
                    _ => steps.iter().filter(|el| el.get_bounding_client_rect().top() < middle).filter_map(number).collect(),
                };
                (t, steps, passed.into_iter().max().unwrap_or(0))
            })
            .collect();
        for (t, steps, active) in read {
            for el in &steps {
                let on = number(el) == Some(active);
                let _ = el.class_list().toggle_with_force("is-active", on);
            }
            set_step(t, active);
        }
    });
    if let Some(obs) = obs {
        each(".step", |el| obs.observe(&el));
    }
}

/// Records chapter `t`'s active step, shows that step's chart (`is-active` on its card) and
/// gives the chapter's live islands what the step highlights. Islands not yet live start in
/// this state when they wake.
fn set_step(t: Chapter, step: usize) {
    let Some(p) = plan(t) else { return };
    let shown = p.step(step).map_or(0, |s| s.chart);
    for (i, id) in p.charts.iter().enumerate() {
        if let Some(card) = document().get_element_by_id(id) {
            let _ = card.class_list().toggle_with_force("is-active", i == shown);
        }
    }
    PAGE.with(|page| {
        let mut page = page.borrow_mut();
        match page.steps.iter_mut().find(|(x, _)| *x == t) {
            Some(s) => s.1 = step,
            None => page.steps.push((t, step)),
        }
        let wanted: Vec<(usize, ChartLiveProps)> = (0..page.islands.len())
            .filter(|&i| page.islands[i].theme == Some(t))
            .map(|i| (i, page.props(page.islands[i].spec, Some(t))))
            .filter(|(i, props)| page.islands[*i].shown != *props)
            .collect();
        for (i, props) in wanted {
            let is = &mut page.islands[i];
            is.shown = props.clone();
            is.root.update(props);
        }
    });
}

/// Keeps a deep link's target where it landed while the page settles. In the first frames
/// the charts above it swap their static images for canvases of another height, and the
/// browser's scroll anchoring does not always make up for it, so a reader sent to one
/// chapter could end up in the one before. For about a second the target is put back, until
/// the reader scrolls, taps or presses a key.
fn hold_landing(el: Element) {
    let landed = el.get_bounding_client_rect().top();
    let reader_moved = Rc::new(Cell::new(false));
    // Held by the animation below, so they are removed when it ends.
    let listeners: Vec<EventListener> = ["wheel", "touchstart", "keydown", "pointerdown"]
        .into_iter()
        .map(|event| {
            let moved = reader_moved.clone();
            EventListener::once(&window(), event, move |_| moved.set(true))
        })
        .collect();
    // About 60 frames.
    animate(1000.0, move |p| {
        let _ = &listeners;
        if !reader_moved.get() && p < 1.0 && (el.get_bounding_client_rect().top() - landed).abs() > 1.0 {
            el.scroll_into_view();
        }
    });
}

/// The progress bar under the navigation. Where CSS scroll-driven animations exist, the
/// stylesheet runs it on the compositor and nothing is done here. Elsewhere: a transform set
/// through the CSSOM (allowed by the strict CSP, unlike a style attribute), at most once per
/// frame, from `scrollY` only; the page's height is read when the page resizes, never on the
/// scroll path (reading it there forces a layout in the middle of the scroll).
fn track_progress() {
    let Some(fill) = document().get_element_by_id("progress-fill") else { return };
    let css = js_sys::Reflect::get(&window(), &"CSS".into()).ok();
    let supports = css.as_ref().and_then(|c| js_sys::Reflect::get(c, &"supports".into()).ok()).filter(|f| f.is_function());
    let scroll_driven = supports.is_some_and(|f| {
        f.unchecked_into::<js_sys::Function>()
            .call1(css.as_ref().unwrap_or(&JsValue::UNDEFINED), &"animation-timeline: scroll()".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    });
    // Reduced motion turns CSS animations off, so then the bar is moved from here.
    if scroll_driven && !media("(prefers-reduced-motion: reduce)") {
        return;
    }
    let fill: web_sys::HtmlElement = fill.unchecked_into();
    let max = Rc::new(Cell::new(1.0f64));
    let measure = {
        let max = max.clone();
        move || {
            if let Some(doc) = document().document_element() {
                max.set((doc.scroll_height() - doc.client_height()).max(1) as f64);
            }
        }
    };
    measure();
    // At most one update per frame, however many scroll events or size changes come before it.
    let pending = Rc::new(Cell::new(false));
    let update = Rc::new(move || {
        if pending.replace(true) {
            return;
        }
        let (pending, fill, max) = (pending.clone(), fill.clone(), max.clone());
        super::next_frame(move || {
            pending.set(false);
            let p = crate::charts::clamp(window().scroll_y().unwrap_or(0.0) / max.get(), 0.0, 1.0);
            let _ = fill.style().set_property("transform", &format!("scaleX({})", super::fixed(p, 4)));
        });
    });
    // The page grows as its sections are laid out (assets/boot.js) and its images load.
    if let Some(body) = document().body() {
        let update = update.clone();
        let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_| {
            measure();
            update();
        });
        if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            ro.observe(&body);
        }
        super::keep(cb);
    }
    super::keep(EventListener::new(&window(), "scroll", move |_| update()));
}

/// The hero numbers count up, but only when the app starts soon after the page appears: on
/// a slow load the reader has already read the final figures, and they stay.
fn count_up_hero() {
    if super::chart::still() || now() > 1500.0 {
        return;
    }
    let mut targets = Vec::new();
    each(".hero .count[data-id]", |el| {
        if let Some(ind) = el.get_attribute("data-id").and_then(|id| indicator(&id)) {
            targets.push((el, ind));
        }
    });
    if targets.is_empty() {
        return;
    }
    animate(900.0, move |p| {
        for (el, ind) in &targets {
            el.set_text_content(Some(&crate::charts::count_value(ind, p)));
        }
    });
}
