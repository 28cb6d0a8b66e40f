//! Charts: layout and drawing of the story's figures, generic over plotters'
//! `DrawingBackend`. Pure Rust: no yew, no web-sys, no wasm-bindgen, and no words of its
//! own; every word and figure comes from content (`ChartSpec`, `Indicator`).
//!
//! Three layers, as in OWID's grapher:
//! 1. **State without pixels**: the [`ChartSpec`] and its indicators (`crate::data`).
//! 2. **Layout** ([`layout`]): measures words with a [`Measure`], wraps Chinese labels,
//!    builds scales and places every shape and label in CSS px. Pure; the result,
//!    [`Layout`], is plain data that tests read.
//! 3. **Drawing** ([`draw`]): stateless. A `Layout` and a [`Frame`] (animation progress,
//!    highlight, focus, dark mode) become backend calls. It never measures text, so on the
//!    web an animation frame never forces a DOM layout.
//!
//! The browser passes a `web::canvas::Canvas` sized CSS px × devicePixelRatio; tests and exports
//! use [`svg`], which draws the same layout into an `SVGBackend`.

mod kinds;
mod measure;
pub mod palette;
mod render;
mod scale;
mod scene;
#[cfg(not(target_arch = "wasm32"))]
mod svg;
mod text;

pub use kinds::{magnitude, mark_label, TextSize, TAP};
#[cfg(not(target_arch = "wasm32"))]
pub use measure::FontMeasure;
pub use measure::{ApproxMeasure, Measure, BOLD_WIDEN};
pub use scale::{clamp, fixed, nice_ceil, nice_step, Linear};
pub use scene::{
    Anchor, Geom, Label, Layout, Mark, Motion, Paint, Rect, Series, Shape, TextRole, Window, LINE,
    TEXT_BOX,
};
#[cfg(not(target_arch = "wasm32"))]
pub use svg::{svg, svg_of, SVG_SCALE};
pub use text::{fit_px, wrap};

use crate::data::{format, ChartSpec, Indicator};
use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::prelude::DrawingBackend;

/// The font stack of every chart text. The canvas measurer must use the same.
pub const FONT_FAMILY: &str =
    "PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, sans-serif";

/// What to draw at one moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame<'a> {
    /// Linear time through the intro, 0.0..=1.0. Drawing eases it; 1.0 is the static chart.
    pub progress: f64,
    /// Indicator ids to draw in the accent colour; the others are muted. Empty: all normal.
    pub highlight: &'a [&'a str],
    /// Index into `Layout::marks` of the mark with keyboard focus: drawn with an outline.
    pub focus: Option<usize>,
    pub dark: bool,
}

impl Frame<'static> {
    /// The finished chart, light mode, nothing highlighted: what the static page shows.
    pub const FINAL: Frame<'static> = Frame {
        progress: 1.0,
        highlight: &[],
        focus: None,
        dark: false,
    };
}

/// Lays out `spec` at `width` CSS px (clamped to 280..=1200); the height follows from the
/// content. Pure: the same inputs give the same layout.
pub fn layout(spec: &ChartSpec, width: f64, m: &dyn Measure) -> Layout {
    kinds::layout(spec, width, m, TextSize::Normal)
}

/// [`layout`] for a text size: `TextSize::Large` is the page's elder mode (bigger labels,
/// fewer marks per row where needed).
pub fn layout_text(spec: &ChartSpec, width: f64, m: &dyn Measure, text: TextSize) -> Layout {
    kinds::layout(spec, width, m, text)
}

/// Draws `layout` as it looks at `frame`. The area is in device pixels: CSS px × `scale`
/// (devicePixelRatio); coordinates, line widths and font sizes are multiplied by it.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layout: &Layout,
    frame: &Frame,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    render::draw(area, layout, frame, scale)
}

/// The mark under a point in CSS px: the smallest mark box holding it, else an icon group.
pub fn hit_test(layout: &Layout, x: f64, y: f64) -> Option<usize> {
    let mark = layout
        .marks
        .iter()
        .enumerate()
        .filter(|(_, m)| m.rect().contains(x, y))
        .min_by(|a, b| (a.1.w * a.1.h).total_cmp(&(b.1.w * b.1.h)))
        .map(|(i, _)| i);
    mark.or_else(|| {
        layout
            .hits
            .iter()
            .find(|(r, _)| r.contains(x, y))
            .map(|(_, i)| *i)
    })
}

/// Ease-out cubic on 0..=1: fast start, gentle landing. ease(0) = 0, ease(1) = 1 exactly.
pub fn ease(t: f64) -> f64 {
    if t.is_nan() {
        return 1.0;
    }
    let t = clamp(t, 0.0, 1.0);
    1.0 - (1.0 - t).powi(3)
}

/// A figure counting up: whole numbers while `e` (eased progress) < 1, then the exact
/// published string, e.g. 0 … 27864 … 55727 person-times with the cumulative qualifier kept; 4182.11 exactly at the end.
pub fn count_figure(ind: &Indicator, e: f64) -> String {
    let fig = format::figure(ind);
    if e.is_nan() || e >= 1.0 {
        return fig;
    }
    let e = e.max(0.0);
    // Whole numbers, printed as integers: the wasm carries no float formatting.
    let whole = |v: f64| if v.is_finite() { (v * e).floor().max(0.0) as u64 } else { 0 };
    let n = match ind.number_high {
        Some(h) => format!("{}\u{2013}{}", whole(ind.number), whole(h)),
        None => whole(ind.number).to_string(),
    };
    fig.replacen(&format::number(ind), &n, 1)
}

/// The count-up text of a figure's bare value (`3258`, `4182.11`) at linear `progress`:
/// eased whole numbers, then the value exactly as published at 1.0.
pub fn count_value(ind: &Indicator, progress: f64) -> String {
    let e = ease(progress);
    if e.is_nan() || e >= 1.0 || !ind.number.is_finite() {
        return ind.value.to_string();
    }
    ((ind.number * e).floor().max(0.0) as u64).to_string()
}

#[cfg(test)]
mod tests;
