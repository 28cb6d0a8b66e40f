//! The dataset and story copy, generated from `content/` by `build.rs`.
use super::model::*;
use super::vocab::Ui;

/// Text that only the static page prints: an indicator's note and source (in the data table
/// and the CSV), a chart's title, finding and source line (its card; the canvas is named by
/// the card's finding, `aria-labelledby`). The browser's islands never show it, so the
/// release wasm does not carry it. A debug build (the development server) renders the whole
/// page itself, so it keeps every text.
#[cfg(all(target_arch = "wasm32", not(debug_assertions)))]
macro_rules! page_only {
    ($text:literal) => {
        ""
    };
}
#[cfg(not(all(target_arch = "wasm32", not(debug_assertions))))]
macro_rules! page_only {
    ($text:literal) => {
        $text
    };
}

include!(concat!(env!("OUT_DIR"), "/content.rs"));
