//! Build-time prerenderer: `prerender <dist dir>` (wired in with the story module).
fn main() {}
