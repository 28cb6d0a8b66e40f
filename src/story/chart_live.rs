//! The live part of a chart card, and the only Yew root on the page: the chart's static image
//! and its canvas. In the browser `web::page` renders it into the card's `.chart-box` at start,
//! and gives it new props when a scroll step changes what it highlights. Its canvas answers
//! taps, hovers and arrow keys by writing the mark's label, figure and period into the card's
//! readout line (`web::chart`).

use super::chart_card::readout_id;
use crate::data::ChartSpec;
use yew::prelude::*;

/// Up to this viewport width the static image is the phone edition,
/// `charts/phone/<id>.svg` (laid out at `prerender::PHONE_WIDTH`); the charts' own layout
/// also turns narrow below 480 px.
pub const PHONE_MEDIA: &str = "(max-width: 480px)";

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
    // The canvas runtime (web::chart) mounts on the canvas after the first render: it draws,
    // and answers taps, hovers and arrow keys with listeners of its own (so the wasm needs no
    // event delegation from Yew). New props only change what is highlighted.
    #[cfg(target_arch = "wasm32")]
    {
        use super::web::ChartHandle;
        let handle = use_mut_ref(|| None::<ChartHandle>);
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
        use_effect_with((props.highlight, props.instant), move |(h, instant)| {
            if let Some(ch) = handle.borrow().as_ref() {
                ch.set_highlight(h, *instant);
            }
        });
    }

    // The prerender gives the static images their size so the page does not shift when they
    // load. The browser's island leaves it out: by then the image has its size.
    #[cfg(not(target_arch = "wasm32"))]
    let [static_w, static_h, phone_w, phone_h] = {
        use crate::prerender::{static_size_at, PHONE_WIDTH, STATIC_WIDTH};
        let (w, h) = static_size_at(spec, STATIC_WIDTH);
        let (pw, ph) = static_size_at(spec, PHONE_WIDTH);
        [w, h, pw, ph].map(|v| Some(v.to_string()))
    };
    #[cfg(target_arch = "wasm32")]
    let [static_w, static_h, phone_w, phone_h]: [Option<String>; 4] = Default::default();
    // On phones the image laid out at phone width, so its labels stay readable (no-wasm
    // readers and print see these images).
    html! {
        <>
            <picture>
                <source media={PHONE_MEDIA} srcset={format!("charts/phone/{}.svg", spec.id)} width={phone_w} height={phone_h} />
                <img class="chart-static" width={static_w} height={static_h} src={format!("charts/{}.svg", spec.id)} alt={spec.alt} loading="lazy" decoding="async" />
            </picture>
            <canvas class="chart-canvas" ref={canvas_ref} tabindex="0" role="img"
                aria-label={spec.alt} aria-describedby={readout_id(spec)}></canvas>
        </>
    }
}
