//! Build-time prerenderer.
fn main() {}
