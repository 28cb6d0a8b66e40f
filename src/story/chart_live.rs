//! The live part of a chart card, and the only Yew root on the page: the chart's canvas. In
//! the browser `web::page` renders it into the card's `.chart-live` (inside `.chart-box`, next
//! to the static image, which the island never touches) at start or in the first idle period
//! after it, and gives it new props when a scroll step changes what it highlights. Its canvas answers taps, hovers and arrow keys by
//! writing the mark's label, figure and period into the card's readout line (`web::chart`).

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
    /// The chapter's step shows another chart of the graphic: a new state can wait for idle
    /// time.
    #[prop_or_default]
    pub hidden: bool,
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
                    if let Some(b) = c.closest(".chart-box").ok().flatten() {
                        *handle.borrow_mut() = ChartHandle::mount(spec, b, c, instant);
                    }
                }
                move || drop(handle.borrow_mut().take())
            });
        }
        use_effect_with((props.highlight, props.instant, props.hidden), move |(h, instant, hidden)| {
            if let Some(ch) = handle.borrow().as_ref() {
                ch.set_highlight(h, *instant, *hidden);
            }
        });
    }

    html! {
        <canvas class="chart-canvas" ref={canvas_ref} tabindex="0" role="img"
            aria-labelledby={finding_id(spec)} aria-describedby={readout_id(spec)}></canvas>
    }
}

/// The id of a chart's finding (in its card's caption), which names its canvas: the wasm
/// does not carry the text itself (`page_only!` in `src/data/content.rs`).
pub fn finding_id(spec: &ChartSpec) -> String {
    format!("finding-{}", spec.id)
}

/// The id of a chart's readout line (in its card), which its island writes to.
pub fn readout_id(spec: &ChartSpec) -> String {
    format!("readout-{}", spec.id)
}
