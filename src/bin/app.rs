//! The browser entry point. It hydrates the prerendered story in `#app`; when there is
//! none (the development server), it renders from scratch.

#[cfg(target_arch = "wasm32")]
fn main() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .expect("index.html has #app");
    let renderer = yew::Renderer::<wushan::story::App>::with_root(root.clone());
    if root.first_element_child().is_some() {
        renderer.hydrate();
    } else {
        renderer.render();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`app` runs in the browser: use `cargo xtask serve`.");
}
