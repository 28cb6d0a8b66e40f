//! When a live chart works: in idle time, in the next animation frame after a resize, on a
//! new devicePixelRatio, and the intro animation once it is on screen.

use super::*;

/// Re-lays the chart out when devicePixelRatio changes: a resolution range around the current
/// ratio stops matching, and a new one is set up for the new ratio. Stops when the chart is gone.
pub(super) fn watch_resolution(inner: Weak<RefCell<Inner>>) {
    let dpr = window().device_pixel_ratio();
    let query = format!("(min-resolution: {}dppx) and (max-resolution: {}dppx)", fixed(dpr - 0.001, 3), fixed(dpr + 0.001, 3));
    let Ok(Some(mq)) = window().match_media(&query) else { return };
    let cb = Closure::once_into_js(move || {
        if inner.upgrade().is_some() {
            schedule_refresh(&inner);
            watch_resolution(inner);
        }
    });
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_once(true);
    let _ = mq.add_event_listener_with_callback_and_add_event_listener_options("change", cb.unchecked_ref(), &opts);
}

/// Lays a chart out in idle time, and draws its first frame in the idle period after: the
/// two together were one long task (75–95 ms at 4x CPU in a trace), now 20–58 ms each.
/// Until then a chart never drawn shows its static image, and one laid out again (after a
/// resize, while hidden) a reset canvas; whatever shows it first (a step, the keyboard, its
/// coming on screen) draws it at once (`stale`).
pub(super) fn prelayout_when_idle(inner: Weak<RefCell<Inner>>) {
    when_idle(None, move || {
        let Some(rc) = inner.upgrade() else { return };
        let Ok(mut i) = rc.try_borrow_mut() else { return };
        if i.lay_out(true) {
            draw_when_idle(inner);
        }
    });
}

/// Draws a `stale` chart in the next idle period, unless something drew it before.
pub(super) fn draw_when_idle(inner: Weak<RefCell<Inner>>) {
    when_idle(None, move || {
        if let Some(Ok(mut i)) = inner.upgrade().as_ref().map(|rc| rc.try_borrow_mut()) {
            if i.stale {
                i.draw();
            }
        }
    });
}

/// One relayout in the next animation frame, however many notifications come before it.
pub(super) fn schedule_refresh(inner: &Weak<RefCell<Inner>>) {
    let Some(rc) = inner.upgrade() else { return };
    let Ok(mut i) = rc.try_borrow_mut() else { return };
    if i.pending {
        return;
    }
    i.pending = true;
    let inner = inner.clone();
    next_frame(move || {
        if let Some(rc) = inner.upgrade() {
            if let Ok(mut i) = rc.try_borrow_mut() {
                i.pending = false;
            }
            refresh(&rc);
        }
    });
}

/// Lays the chart out again if its box changed, and starts the intro if the chart is on
/// screen (a hidden chart that a step or the keyboard brings out: its IntersectionObserver
/// may have nothing new to say).
pub(super) fn refresh(inner: &Rc<RefCell<Inner>>) {
    let visible = {
        let Ok(mut i) = inner.try_borrow_mut() else { return };
        let shown = i.shown();
        if i.layout.is_none() && !i.visible {
            // Not on screen and never laid out: idle time once its chapter is near (until
            // then nothing: `near_viewport` schedules it), or when it comes on screen.
            let near = i.near;
            drop(i);
            if near {
                prelayout_when_idle(Rc::downgrade(inner));
            }
            return;
        }
        i.relayout(false);
        if !shown && i.layout.is_some() {
            // A hidden chart laid out at another width (a resize): again, in idle time.
            prelayout_when_idle(Rc::downgrade(inner));
        }
        i.visible && shown
    };
    if visible {
        start(inner);
    }
}

/// Run the intro animation once: requestAnimationFrame until the final frame. A chart that
/// has not been laid out yet waits: [`refresh`] starts it when it has room.
pub(super) fn start(inner: &Rc<RefCell<Inner>>) {
    {
        let Ok(mut i) = inner.try_borrow_mut() else { return };
        if i.started || i.layout.is_none() || !i.shown() {
            return;
        }
        i.started = true;
        if still() {
            i.progress = 1.0;
            i.draw();
            return;
        }
    }
    let inner = inner.clone();
    animate(ANIMATION_MS, move |p| {
        if let Ok(mut i) = inner.try_borrow_mut() {
            i.progress = p;
            i.draw();
        }
    });
}

