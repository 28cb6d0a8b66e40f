//! 巫山民生: an interactive data story. See ARCHITECTURE.md for the map.
//!
//! - `data`: the dataset and story copy, generated from `content/` at build time.
//! - `charts`: chart layout and drawing, generic over plotters' `DrawingBackend`.
//! - `story`: Yew components: the page rendered on the server (prerender), and its chart islands
//!   rendered live in the browser.
//!
//! What runs only at build time (the prerender, the export, the posters) is the site crate,
//! `crates/site`, which depends on this one.

pub mod charts;
pub mod data;
pub mod story;
