//! The browser entry point. It hydrates the prerendered story in `#app` (or the chart cards
//! in `#embed` on embed.html); when there is none (the development server), it renders
//! from scratch.

#[cfg(target_arch = "wasm32")]
fn main() {
    let doc = web_sys::window().and_then(|w| w.document()).expect("a document");
    // embed.html (one chart card, prerendered into #embed) or the story (#app).
    if let Some(root) = doc.get_element_by_id("embed") {
        mount::<wushan::story::EmbedApp>(root);
        return;
    }
    mount::<wushan::story::App>(doc.get_element_by_id("app").expect("index.html has #app"));
}

/// Hydrates the prerendered HTML in `root`, or renders when there is none.
#[cfg(target_arch = "wasm32")]
fn mount<C: yew::BaseComponent<Properties = ()>>(root: web_sys::Element) {
    let renderer = yew::Renderer::<C>::with_root(root.clone());
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
