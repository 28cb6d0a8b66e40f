//! A chart card: title, the chart (a static SVG image from the prerender, replaced by a
//! live canvas once the wasm runs), a readout for the tapped or focused mark, the finding,
//! the source line and a table with the exact figures.

use super::ui;
use crate::data::{format, indicator, ChartSpec};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct ChartCardProps {
    pub spec: &'static ChartSpec,
    /// Is this the chart the current step shows? Inactive cards hide while the story runs.
    #[prop_or(true)]
    pub active: bool,
    /// Indicator ids to highlight.
    #[prop_or_default]
    pub highlight: &'static [&'static str],
    /// Draw the final state at once (deep link, reduced motion).
    #[prop_or_default]
    pub instant: bool,
    /// The figure carries the chart id as its element id, an anchor on the story page. On
    /// embed.html the id is on the card's section instead, which CSS `:target` shows.
    #[prop_or(true)]
    pub anchor: bool,
}

#[component]
pub fn ChartCard(props: &ChartCardProps) -> Html {
    let spec = props.spec;
    let readout = use_state(String::new);
    let box_ref = use_node_ref();
    let canvas_ref = use_node_ref();

    #[cfg(target_arch = "wasm32")]
    let (on_click, on_move, on_key) = {
        use super::web::ChartHandle;
        let handle = use_mut_ref(|| None::<ChartHandle>);
        let focus = use_state(|| None::<usize>);
        {
            let (handle, box_ref, canvas_ref, instant) =
                (handle.clone(), box_ref.clone(), canvas_ref.clone(), props.instant);
            use_effect_with((), move |_| {
                if let (Some(b), Some(c)) = (box_ref.cast::<web_sys::Element>(), canvas_ref.cast::<web_sys::HtmlCanvasElement>()) {
                    *handle.borrow_mut() = ChartHandle::mount(spec, b, c, instant);
                }
                move || drop(handle.borrow_mut().take())
            });
        }
        {
            let handle = handle.clone();
            use_effect_with((props.highlight, *focus, props.instant), move |(h, f, instant)| {
                if let Some(ch) = handle.borrow().as_ref() {
                    ch.set_frame(h, *f, *instant);
                }
            });
        }
        let select = {
            let (readout, focus, handle) = (readout.clone(), focus.clone(), handle.clone());
            move |i: Option<usize>| {
                if let Some(i) = i {
                    if let Some(label) = handle.borrow().as_ref().and_then(|h| h.label(i)) {
                        readout.set(label);
                    }
                    focus.set(Some(i));
                }
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
                let n = handle.borrow().as_ref().map(|h| h.len()).unwrap_or(0);
                if n == 0 {
                    return;
                }
                let cur = *focus;
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
    let (on_click, on_move, on_key) = (
        Callback::from(|_: MouseEvent| {}),
        Callback::from(|_: PointerEvent| {}),
        Callback::from(|_: KeyboardEvent| {}),
    );

    let rows = spec.indicators.iter().chain(spec.pair.iter()).filter_map(|id| indicator(id)).map(|ind| {
        html! {
            <tr>
                <th scope="row">{ind.label}</th>
                <td>{format::figure(ind)}</td>
                <td>{ind.period}</td>
            </tr>
        }
    });
    let readout_id = format!("readout-{}", spec.id);
    // The prerender gives the static image its size so the page does not shift when it
    // loads. The browser leaves these attributes as the server wrote them.
    #[cfg(not(target_arch = "wasm32"))]
    let (static_w, static_h) = {
        let (w, h) = crate::prerender::static_size(spec);
        (Some(w.to_string()), Some(h.to_string()))
    };
    #[cfg(target_arch = "wasm32")]
    let (static_w, static_h): (Option<String>, Option<String>) = (None, None);
    html! {
        <figure id={props.anchor.then_some(spec.id)} class={classes!("chart-card", props.active.then_some("is-active"))} data-chart={spec.id}>
            <h3 class="chart-title">{spec.title}</h3>
            <div class="chart-box" ref={box_ref}>
                <img class="chart-static" width={static_w} height={static_h} src={format!("charts/{}.svg", spec.id)} alt={spec.alt} loading="lazy" decoding="async" />
                <canvas class="chart-canvas" ref={canvas_ref} tabindex="0" role="img"
                    aria-label={spec.alt} aria-describedby={readout_id.clone()}
                    onclick={on_click} onpointermove={on_move} onkeydown={on_key}></canvas>
            </div>
            <p class="readout" id={readout_id} aria-live="polite">{(*readout).clone()}</p>
            <figcaption>
                <span class="finding">{spec.alt}</span>
                <span class="source">{ui("chart_source_prefix")}{spec.source}</span>
            </figcaption>
            <details class="chart-table">
                <summary>{ui("chart_table_summary")}</summary>
                <table>
                    <caption>{spec.title}</caption>
                    <thead><tr>
                        <th scope="col">{ui("col_label")}</th>
                        <th scope="col">{ui("col_value")}</th>
                        <th scope="col">{ui("col_period")}</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </details>
        </figure>
    }
}
