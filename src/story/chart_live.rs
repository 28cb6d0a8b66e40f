//! The live part of a chart card, and the only Yew root on the page: the chart's static image
//! and its canvas. In the browser `web::page` renders it into the card's `.chart-box` when the
//! card nears the viewport, and gives it new props when a scroll step changes what it
//! highlights. It answers taps, hovers and arrow keys by writing the mark's label, figure and
//! period into the card's readout line.

use super::chart_card::readout_id;
use crate::data::ChartSpec;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct ChartLiveProps {
    pub spec: &'static ChartSpec,
    /// Indicator ids to highlight.
    #[prop_or_default]
    pub highlight: &'static [&'static str],
    /// Draw the final state at once (deep link, reduced motion).
    #[prop_or_default]
    pub instant: bool,
}

#[component]
pub fn ChartLive(props: &ChartLiveProps) -> Html {
    let spec = props.spec;
    let canvas_ref = use_node_ref();
    #[cfg(target_arch = "wasm32")]
    let (on_click, on_move, on_key) = {
        let readout = readout_id(spec);
        use super::web::ChartHandle;
        let handle = use_mut_ref(|| None::<ChartHandle>);
        let focus = use_mut_ref(|| None::<usize>);
        {
            let (handle, canvas_ref, instant) = (handle.clone(), canvas_ref.clone(), props.instant);
            use_effect_with((), move |_| {
                if let Some(c) = canvas_ref.cast::<web_sys::HtmlCanvasElement>() {
                    if let Some(b) = c.parent_element() {
                        *handle.borrow_mut() = ChartHandle::mount(spec, b, c, instant);
                    }
                }
                move || drop(handle.borrow_mut().take())
            });
        }
        {
            let (handle, focus) = (handle.clone(), focus.clone());
            use_effect_with((props.highlight, props.instant), move |(h, instant)| {
                if let Some(ch) = handle.borrow().as_ref() {
                    ch.set_frame(h, *focus.borrow(), *instant);
                }
            });
        }
        let select = {
            let (focus, handle, highlight, instant) = (focus.clone(), handle.clone(), props.highlight, props.instant);
            move |i: Option<usize>| {
                let Some(i) = i else { return };
                let h = handle.borrow();
                let Some(ch) = h.as_ref() else { return };
                if let Some(label) = ch.label(i) {
                    let doc = web_sys::window().and_then(|w| w.document());
                    if let Some(line) = doc.and_then(|d| d.get_element_by_id(&readout)) {
                        line.set_text_content(Some(&label));
                    }
                }
                *focus.borrow_mut() = Some(i);
                ch.set_frame(highlight, Some(i), instant);
            }
        };
        let hit = {
            let handle = handle.clone();
            move |e: &MouseEvent| handle.borrow().as_ref().and_then(|h| h.hit(e.offset_x() as f64, e.offset_y() as f64))
        };
        let on_click = {
            let (select, hit) = (select.clone(), hit.clone());
            Callback::from(move |e: MouseEvent| select(hit(&e)))
        };
        let on_move = {
            let select = select.clone();
            Callback::from(move |e: PointerEvent| {
                if e.pointer_type() == "mouse" {
                    select(hit(&e));
                }
            })
        };
        let on_key = {
            let (focus, handle) = (focus.clone(), handle.clone());
            Callback::from(move |e: KeyboardEvent| {
                let n = handle.borrow().as_ref().map_or(0, |h| h.len());
                if n == 0 {
                    return;
                }
                let cur = *focus.borrow();
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
        (on_click, on_move, on_key)
    };
    #[cfg(not(target_arch = "wasm32"))]
    let (on_click, on_move, on_key) =
        (Callback::from(|_: MouseEvent| {}), Callback::from(|_: PointerEvent| {}), Callback::from(|_: KeyboardEvent| {}));

    // The prerender gives the static image its size so the page does not shift when it
    // loads. The browser's island leaves it out: by then the image has its size.
    #[cfg(not(target_arch = "wasm32"))]
    let (static_w, static_h) = {
        let (w, h) = crate::prerender::static_size(spec);
        (Some(w.to_string()), Some(h.to_string()))
    };
    #[cfg(target_arch = "wasm32")]
    let (static_w, static_h): (Option<String>, Option<String>) = (None, None);
    html! {
        <>
            <img class="chart-static" width={static_w} height={static_h} src={format!("charts/{}.svg", spec.id)} alt={spec.alt} loading="lazy" decoding="async" />
            <canvas class="chart-canvas" ref={canvas_ref} tabindex="0" role="img"
                aria-label={spec.alt} aria-describedby={readout_id(spec)}
                onclick={on_click} onpointermove={on_move} onkeydown={on_key}></canvas>
        </>
    }
}
