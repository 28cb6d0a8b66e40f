//! A live chart's input: taps, clicks, hovers and arrow keys select a mark.

use super::*;
use gloo_events::{EventListener, EventListenerOptions};

/// Taps and clicks, mouse hovers and arrow keys select a mark: it is drawn focused, and its
/// label, figure and period go into the card's readout line (announced by screen readers).
pub(super) fn listen_for_input(inner: &Rc<RefCell<Inner>>) -> Vec<EventListener> {
    let Ok(i) = inner.try_borrow() else { return Vec::new() };
    let canvas = i.canvas.clone();
    let readout = crate::story::readout_id(i.spec);
    drop(i);
    let select = {
        let inner = Rc::downgrade(inner);
        move |mark: Option<usize>| {
            let Some(mark) = mark else { return };
            let Some(rc) = inner.upgrade() else { return };
            let Ok(mut i) = rc.try_borrow_mut() else { return };
            let label = i.layout.as_ref().and_then(|l| l.marks.get(mark)).map(|m| m.label.clone());
            if let Some(label) = label {
                if let Some(line) = crate::story::web::document().get_element_by_id(&readout) {
                    line.set_text_content(Some(&label));
                }
            }
            i.focus = Some(mark);
            i.draw();
        }
    };
    let hit = {
        let inner = Rc::downgrade(inner);
        move |e: &web_sys::MouseEvent| -> Option<usize> {
            let rc = inner.upgrade()?;
            let i = rc.try_borrow().ok()?;
            // The canvas may be drawn smaller than its layout (see `relayout`).
            let scale = if i.scale > 0.0 { i.scale } else { 1.0 };
            i.layout.as_ref().and_then(|l| charts::hit_test(l, e.offset_x() as f64 / scale, e.offset_y() as f64 / scale))
        }
    };
    let on_click = {
        let (select, hit) = (select.clone(), hit.clone());
        EventListener::new(&canvas, "click", move |e| {
            if let Some(e) = e.dyn_ref::<web_sys::MouseEvent>() {
                select(hit(e));
            }
        })
    };
    let on_move = {
        let select = select.clone();
        EventListener::new(&canvas, "pointermove", move |e| {
            if let Some(e) = e.dyn_ref::<web_sys::PointerEvent>() {
                if e.pointer_type() == "mouse" {
                    select(hit(e));
                }
            }
        })
    };
    let on_key = {
        let inner = Rc::downgrade(inner);
        // Not passive: an arrow key that moves the selection does not scroll the page.
        EventListener::new_with_options(&canvas, "keydown", EventListenerOptions::enable_prevent_default(), move |e| {
            let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
            let Some((n, cur)) = inner.upgrade().and_then(|rc| {
                let i = rc.try_borrow().ok()?;
                Some((i.layout.as_ref().map_or(0, |l| l.marks.len()), i.focus))
            }) else {
                return;
            };
            if n == 0 {
                return;
            }
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => Some(cur.map_or(0, |i| (i + 1) % n)),
                "ArrowLeft" | "ArrowUp" => Some(cur.map_or(n - 1, |i| (i + n - 1) % n)),
                "Home" => Some(0),
                "End" => Some(n - 1),
                _ => None,
            };
            if next.is_some() {
                e.prevent_default();
                select(next);
            }
        })
    };
    // A chart not laid out yet (off screen until now) is laid out and drawn the moment the
    // keyboard reaches its canvas, so the reader sees what has focus.
    let on_focus = {
        let inner = Rc::downgrade(inner);
        EventListener::new(&canvas, "focus", move |_| {
            let Some(rc) = inner.upgrade() else { return };
            if let Ok(mut i) = rc.try_borrow_mut() {
                if i.layout.is_none() || i.stale {
                    i.relayout(true);
                }
            }
            start(&rc);
        })
    };
    vec![on_click, on_move, on_key, on_focus]
}

