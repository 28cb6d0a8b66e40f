//! Yew components: the only part of the code that knows about the DOM.
//!
//! The page is static HTML with islands (ARCHITECTURE.md, "Islands"). [`App`] is the whole
//! page: the prerender renders it on the server, and the development server renders it in
//! the browser. Only the islands become live Yew roots in the browser: each chart card's
//! [`ChartLive`] (its canvas). Everything else on the page (steps, the active
//! chart, navigation, progress, sharing) is driven by `web`, which compiles only for wasm32,
//! by setting classes on the static HTML. No copy lives here: words come from
//! `crate::data::STORY` and `ui()`.

mod app;
mod chapter;
mod chart_card;
mod copy;
mod data_section;
mod chart_live;
mod embed;
mod hero;
mod nav;
mod poster_sheet;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use app::{App, AppProps};
pub use chart_card::{ChartCard, ChartCardProps, ImageSizes, StaticSizes};
pub use chart_live::readout_id;
pub use copy::Copy;
pub use embed::{story_href, EmbedApp};
pub use chart_live::{ChartLive, ChartLiveProps};
pub use poster_sheet::{poster_href, PosterSheet, SHEET_ID, STORY_POSTER};

/// The interface texts from `content/story.toml` `[ui]`, one field per key:
/// `ui().copy_link`. A misspelt key does not compile (`Ui` is generated from the content
/// crate's key list).
pub fn ui() -> &'static crate::data::Ui {
    &crate::data::UI
}

/// The element id of a figure's row in the data table (`#row-emp_new_jobs`).
pub fn row_id(indicator: &str) -> String {
    format!("row-{indicator}")
}

/// Anchors that a URL hash may name. Anything else in a hash is ignored.
pub fn known_anchor(hash: &str) -> Option<&'static str> {
    let h = hash.strip_prefix('#').unwrap_or(hash);
    if h.len() > 64 {
        return None;
    }
    crate::data::chapter_id(h).or_else(|| ["data", "glossary", "top", "credits"].into_iter().find(|a| *a == h))
}
