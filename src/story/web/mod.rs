//! Browser-only glue (wasm32). Everything here reacts to the DOM; no figure is computed here.
//!
//! - [`page`]: the static page's behaviour: islands, scroll steps, navigation, progress,
//!   deep links, the hero count-up.
//! - [`chart`]: the canvas chart runtime behind each `ChartCard`.
//! - [`measure`]: text measuring for chart layout (canvas `measureText`, cached).
//! - [`share`]: the chapters' share links.
//!
//! Nothing here panics on a browser that refuses something (a canvas context, an observer):
//! the chart or the feature stays off and the static page shows instead. If a panic happens
//! anyway, [`panic_hook`] puts the page back to its static state.

pub mod canvas;
mod chart;
mod measure;
mod page;
mod share;

pub use chart::ChartHandle;
pub use page::{start, start_page};

use wasm_bindgen::JsCast;

fn window() -> web_sys::Window {
    web_sys::window().expect("window")
}

fn document() -> web_sys::Document {
    window().document().expect("document")
}

fn media(query: &str) -> bool {
    window().match_media(query).ok().flatten().is_some_and(|m| m.matches())
}

fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

fn each(selector: &str, mut f: impl FnMut(web_sys::Element)) {
    if let Ok(list) = document().query_selector_all(selector) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                f(el);
            }
        }
    }
}

/// Numbers in CSS and media queries, printed without float formatting (see `charts::fixed`).
use crate::charts::fixed;

/// After a panic: one line on the console, and the page back to its static state (every
/// chart's static image, no sticky layout), as if the wasm had never run. The release build
/// aborts after the hook, so nothing of the app runs again.
pub fn panic_hook(info: &std::panic::PanicHookInfo<'_>) {
    web_sys::console::error_1(&format!("wushan: the interactive story stopped: {info}").into());
    if let Some(html) = document().document_element() {
        let _ = html.class_list().remove_1("live");
    }
    each(".is-live", |el| {
        let _ = el.class_list().remove_1("is-live");
    });
}

thread_local! {
    /// What lives as long as the page (its observers' callbacks and its listeners): owned
    /// here, not leaked with `forget()`.
    static PAGE: std::cell::RefCell<Vec<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Keeps `x` for the life of the page.
fn keep(x: impl std::any::Any) {
    PAGE.with(|p| p.borrow_mut().push(Box::new(x)));
}

/// A pending animation frame, held until its callback runs (dropping it would cancel it).
type FrameSlot = std::rc::Rc<std::cell::RefCell<Option<gloo_render::AnimationFrame>>>;

/// Runs `f` once in the next animation frame.
fn next_frame(f: impl FnOnce() + 'static) {
    let slot = FrameSlot::default();
    let held = slot.clone();
    let frame = gloo_render::request_animation_frame(move |_| {
        // Ran: the handle has nothing left to cancel.
        held.borrow_mut().take();
        f();
    });
    *slot.borrow_mut() = Some(frame);
}

/// Runs `f` when the browser is idle (within `timeout_ms` at the latest, if given), or soon
/// where `requestIdleCallback` does not exist (Safari).
fn when_idle(timeout_ms: Option<u32>, f: impl FnOnce() + 'static) {
    let cb = wasm_bindgen::closure::Closure::once_into_js(f);
    let w = window();
    let ric = js_sys::Reflect::get(&w, &"requestIdleCallback".into()).ok().filter(|f| f.is_function());
    if let Some(ric) = ric {
        let opts = js_sys::Object::new();
        if let Some(ms) = timeout_ms {
            let _ = js_sys::Reflect::set(&opts, &"timeout".into(), &ms.into());
        }
        if ric.unchecked_into::<js_sys::Function>().call2(&w, &cb, &opts).is_ok() {
            return;
        }
    }
    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 1);
}

/// Calls `on_frame` with the linear progress 0..=1 once per animation frame for `ms`,
/// ending with exactly 1.0.
fn animate(ms: f64, on_frame: impl FnMut(f64) + 'static) {
    use std::{cell::RefCell, rc::Rc};
    struct Run<F> {
        t0: Option<f64>,
        ms: f64,
        on_frame: F,
        frame: FrameSlot,
    }
    fn request<F: FnMut(f64) + 'static>(run: Rc<RefCell<Run<F>>>) {
        let slot = run.borrow().frame.clone();
        let frame = gloo_render::request_animation_frame(move |ts| {
            let done = {
                let mut r = run.borrow_mut();
                let start = *r.t0.get_or_insert(ts);
                let p = crate::charts::clamp((ts - start) / r.ms, 0.0, 1.0);
                (r.on_frame)(p);
                p >= 1.0
            };
            if done {
                // The last frame: nothing holds the run any more.
                run.borrow().frame.borrow_mut().take();
            } else {
                request(run);
            }
        });
        *slot.borrow_mut() = Some(frame);
    }
    request(Rc::new(RefCell::new(Run { t0: None, ms, on_frame, frame: FrameSlot::default() })));
}
