//! Dataset types, the generated content, lookups and number formatting.
//! Pure Rust: no yew, no web-sys, no plotters.

pub mod content;
pub mod format;
pub mod model;
pub mod vocab;

pub use vocab::{ChartKind, Ui};
pub use content::{CHARTS, INDICATORS, PLANS, STORY, UI};
pub use model::*;

/// The indicator with this id. Ids are checked at build time, so a miss is a bug.
pub fn indicator(id: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.id == id)
}

/// The chart with this id.
pub fn chart(id: &str) -> Option<&'static ChartSpec> {
    CHARTS.iter().find(|c| c.id == id)
}

/// The chapter with this id, if content has one.
pub fn theme(id: &str) -> Option<&'static Theme> {
    STORY.themes.iter().find(|t| t.id == id)
}

/// The graphic plan of a chapter (what each step shows). The browser reads chapters
/// through this, never through `STORY` (the copy stays out of the wasm).
pub fn plan(id: &str) -> Option<&'static ChapterPlan> {
    PLANS.iter().find(|p| p.theme == id)
}

/// The id of the chapter named `s` (an anchor, a `data-theme`), as the static string that
/// content holds; `None` when no chapter has that id.
pub fn chapter_id(s: &str) -> Option<&'static str> {
    plan(s).map(|p| p.theme)
}

/// Indicators of a chapter, in content order.
pub fn indicators_of(theme: &'static str) -> impl Iterator<Item = &'static Indicator> {
    INDICATORS.iter().filter(move |i| i.theme == theme)
}

/// The chapters' colours as CSS, for a `<style>` in the page's head (the CSP forbids
/// `style` attributes; the bundle hashes this block like every inline style). Colours are
/// `#rrggbb` and ids `[a-z][a-z0-9_]*`, both checked at build time, so nothing needs escaping.
pub fn chapter_css() -> String {
    STORY.themes.iter().map(|t| format!(".chapter-{}{{--chapter:{}}}", t.id, t.color)).collect()
}
