//! Dataset types, the generated content, lookups and number formatting.
//! Pure Rust: no yew, no web-sys, no plotters.

pub mod content;
pub mod format;
pub mod model;
#[cfg(not(target_arch = "wasm32"))]
pub mod schema;

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

/// The chapter for a theme.
pub fn theme(id: ThemeId) -> &'static Theme {
    STORY.themes.iter().find(|t| t.id == id).expect("every theme is in story.toml (checked at build time)")
}

/// The graphic plan of a chapter (what each step shows).
pub fn plan(id: ThemeId) -> Option<&'static ChapterPlan> {
    PLANS.iter().find(|p| p.theme == id)
}

/// Indicators of a theme, in content order.
pub fn indicators_of(theme: ThemeId) -> impl Iterator<Item = &'static Indicator> {
    INDICATORS.iter().filter(move |i| i.theme == theme)
}
