//! 巫山民生: an interactive data story. See ARCHITECTURE.md for the map.
//!
//! - `data`: the dataset and story copy, generated from `content/` at build time.
//! - `charts`: chart layout and drawing, generic over plotters' `DrawingBackend`.
//! - `story`: Yew components: the page rendered on the server (prerender), and its chart islands
//!   rendered live in the browser.

pub mod charts;
pub mod data;
#[cfg(not(target_arch = "wasm32"))]
pub mod export;
#[cfg(not(target_arch = "wasm32"))]
pub mod pack;
#[cfg(not(target_arch = "wasm32"))]
pub mod poster;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod story;
