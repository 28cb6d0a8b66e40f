//! The dataset and story copy, generated from `content/` by `build.rs`.
use super::model::*;
use super::vocab::Ui;

/// Text that only the static page prints (an indicator's note and source, in the data table
/// and the CSV). The browser's islands never show it, so the wasm does not carry it.
#[cfg(target_arch = "wasm32")]
macro_rules! page_only {
    ($text:literal) => {
        ""
    };
}
#[cfg(not(target_arch = "wasm32"))]
macro_rules! page_only {
    ($text:literal) => {
        $text
    };
}

include!(concat!(env!("OUT_DIR"), "/content.rs"));
