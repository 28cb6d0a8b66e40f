//! Text measuring for chart layout: canvas `measureText`, cached. It measures with the font
//! engine only, so it never forces a DOM layout, and each (text, size) is measured once. A
//! browser that refuses a 2D context (Safari's canvas memory cap, anti-fingerprinting
//! extensions) gets an estimate instead of a panic.

use super::{document, fixed};
use crate::charts::{self, Measure};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

pub struct CanvasMeasure {
    ctx: Option<CanvasRenderingContext2d>,
    cache: RefCell<BTreeMap<(String, u32), f64>>,
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
        CanvasMeasure { ctx, cache: RefCell::new(BTreeMap::new()) }
    }
}

impl Measure for CanvasMeasure {
    fn width(&self, text: &str, px: f64) -> f64 {
        let key = (text.to_string(), (px * 100.0) as u32);
        if let Some(w) = self.cache.borrow().get(&key) {
            return *w;
        }
        let estimate = || text.chars().map(|c| if (c as u32) < 0x2E80 { 0.56 } else { 1.0 }).sum::<f64>() * px;
        let w = match &self.ctx {
            Some(ctx) => {
                ctx.set_font(&format!("{}px {}", fixed(px, 2), charts::FONT_FAMILY));
                ctx.measure_text(text).map(|m| m.width()).unwrap_or_else(|_| estimate())
            }
            None => estimate(),
        };
        self.cache.borrow_mut().insert(key, w);
        w
    }
}
