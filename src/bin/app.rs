//! The browser entry point: hydrates the prerendered story.
fn main() {}
