//! The browser entry point (wired in with the story module).
fn main() {}
