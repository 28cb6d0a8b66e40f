//! The chapters' share links ("copy the link to this chapter"), honest about what happened.
//!
//! The Web Share API where it exists, else the clipboard; each is awaited. Only a copy that
//! succeeded says so. When neither works (refused, missing, plain http, many in-app
//! browsers), the link is shown selected in a text field so the reader can copy it by hand.
//! A cancelled share sheet says nothing. Taps while one is under way are ignored, and the
//! label always returns to the one the page was built with.

use super::{document, each, window};
use gloo_events::{EventListener, EventListenerOptions};
use crate::story::ui;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::Element;

thread_local! {
    /// A share is under way: further taps are ignored until it ends.
    static BUSY: Cell<bool> = const { Cell::new(false) };
}

/// Listens for taps on every `[data-share]` link.
pub fn listen() {
    each("[data-share]", |a| {
        let link = a.clone();
        let on_tap = EventListener::new_with_options(&a, "click", EventListenerOptions::enable_prevent_default(), move |e| {
            e.prevent_default();
            if BUSY.with(|b| b.replace(true)) {
                return;
            }
            let link = link.clone();
            spawn_local(async move {
                share(&link).await;
                BUSY.with(|b| b.set(false));
            });
        });
        super::keep(on_tap);
    });
}

fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &name.into()).ok()?.dyn_into::<js_sys::Function>().ok()
}

/// Calls `target.name(arg)` and awaits the promise. Err when the method is missing, throws,
/// or its promise rejects (the rejection is handled here, never left unhandled).
async fn call(target: &JsValue, name: &str, arg: &JsValue) -> Result<(), JsValue> {
    let f = method(target, name).ok_or(JsValue::NULL)?;
    let promise: js_sys::Promise = f.call1(target, arg)?.dyn_into()?;
    JsFuture::from(promise).await.map(|_| ())
}

async fn share(link: &Element) {
    let Some(slug) = link.get_attribute("data-share") else { return };
    let loc = window().location();
    let page = loc.href().unwrap_or_default();
    let base = page.split('#').next().unwrap_or_default();
    let url = format!("{base}#{slug}");
    let nav: JsValue = window().navigator().into();

    if method(&nav, "share").is_some() {
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &document().title().into());
        let _ = js_sys::Reflect::set(&data, &"url".into(), &url.clone().into());
        match call(&nav, "share", &data).await {
            Ok(()) => return,
            // The reader closed the share sheet: nothing to say.
            Err(e) if js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() == Some("AbortError") => return,
            Err(_) => {}
        }
    }
    if let Ok(clip) = js_sys::Reflect::get(&nav, &"clipboard".into()) {
        if !clip.is_undefined() && call(&clip, "writeText", &url.clone().into()).await.is_ok() {
            tell(link, ui().link_copied);
            return;
        }
    }
    show_link(link, &url);
}

/// Puts `text` in the link's label for two seconds, then the label the page was built with.
fn tell(link: &Element, text: &str) {
    let original = match link.get_attribute("data-label") {
        Some(l) => l,
        None => {
            let l = link.text_content().unwrap_or_default();
            let _ = link.set_attribute("data-label", &l);
            l
        }
    };
    link.set_text_content(Some(text));
    let link = link.clone();
    let restore = Closure::once_into_js(move || link.set_text_content(Some(&original)));
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(restore.unchecked_ref(), 2000);
}

/// Nothing could copy the link: show it, selected, in a read-only field after the link, with
/// a hint, so the reader can copy it by hand.
fn show_link(link: &Element, url: &str) {
    let doc = document();
    let field = match link.next_element_sibling().filter(|n| n.class_list().contains("share-url")) {
        Some(f) => f,
        None => {
            let Ok(f) = doc.create_element("input") else { return };
            let _ = f.set_attribute("class", "share-url");
            let _ = f.set_attribute("readonly", "");
            let _ = f.set_attribute("aria-label", ui().copy_link_manual);
            let _ = link.after_with_node_1(&f);
            f
        }
    };
    let _ = field.set_attribute("value", url);
    if let Ok(input) = field.dyn_into::<web_sys::HtmlInputElement>() {
        input.set_value(url);
        let _ = input.focus();
        input.select();
    }
}
