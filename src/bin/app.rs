//! The browser entry point. On a prerendered page it wakes the islands (each chapter's
//! graphic; each card on embed.html); on the development server, with no prerender, it
//! renders the whole page first. See `wushan::story::web::start`.

#[cfg(target_arch = "wasm32")]
fn main() {
    wushan::story::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`app` runs in the browser: use `cargo xtask serve`.");
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
