//! Text measuring for chart layout: canvas `measureText`, cached. It measures with the font
//! engine only, so it never forces a DOM layout. Each text is measured once, at a reference
//! size, and scaled to the size asked for (canvas text advances scale linearly with the font
//! size), so fitting a label at several sizes costs one measurement and the font is set once.
//! A browser that refuses a 2D context (Safari's canvas memory cap, anti-fingerprinting
//! extensions) gets an estimate instead of a panic.

use super::{document, fixed};
use crate::charts::{self, Measure};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The size texts are measured at.
const REFERENCE_PX: f64 = 100.0;

pub struct CanvasMeasure {
    ctx: Option<CanvasRenderingContext2d>,
    /// Width of each text at [`REFERENCE_PX`].
    cache: RefCell<BTreeMap<String, f64>>,
}

thread_local! {
    pub static MEASURE: CanvasMeasure = CanvasMeasure::new();
}

impl CanvasMeasure {
    fn new() -> CanvasMeasure {
        let ctx = document()
            .create_element("canvas")
            .ok()
            .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
            .and_then(|c| c.get_context("2d").ok().flatten())
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
        if let Some(ctx) = &ctx {
            ctx.set_font(&format!("{}px {}", fixed(REFERENCE_PX, 0), charts::FONT_FAMILY));
        }
        CanvasMeasure { ctx, cache: RefCell::new(BTreeMap::new()) }
    }
}

impl Measure for CanvasMeasure {
    fn width(&self, text: &str, px: f64) -> f64 {
        if let Some(w) = self.cache.borrow().get(text) {
            return w * px / REFERENCE_PX;
        }
        let estimate = || charts::ApproxMeasure.width(text, REFERENCE_PX);
        let w = match &self.ctx {
            Some(ctx) => ctx.measure_text(text).map(|m| m.width()).unwrap_or_else(|_| estimate()),
            None => estimate(),
        };
        self.cache.borrow_mut().insert(text.to_string(), w);
        w * px / REFERENCE_PX
    }
}
