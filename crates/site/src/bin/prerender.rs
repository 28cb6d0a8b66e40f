//! Build-time prerenderer: `prerender <dist dir>`. It renders the whole story to HTML with
//! Yew SSR into `index.html`, and writes the files the static page links to: a static SVG
//! of every chart in its final state (drawn by the same chart code), at desktop and at
//! phone width, and the CSV.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let dist = std::env::args().nth(1).unwrap_or_else(|| "dist".into());
    if let Err(e) = wushan_site::prerender::run(std::path::Path::new(&dist)) {
        eprintln!("prerender failed: {e}");
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
