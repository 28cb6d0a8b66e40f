//! A chart card: title, the chart, a readout for the tapped or focused mark, the finding,
//! the source line and a table with the exact figures. The card is static HTML; only its
//! chart box is an island: [`ChartLive`] (a static SVG image from the prerender, and the live
//! canvas once the wasm runs), which `web::page` renders into the box when it nears the
//! viewport. The readout is filled by the island.

use super::chart_live::ChartLive;
use super::ui;
use crate::data::{format, indicator, ChartSpec};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct ChartCardProps {
    pub spec: &'static ChartSpec,
    /// Is this the chart the current step shows? Inactive cards hide while the story runs.
    #[prop_or(true)]
    pub active: bool,
    /// The figure carries the chart id as its element id, an anchor on the story page. On
    /// embed.html the id is on the card's section instead, which CSS `:target` shows.
    #[prop_or(true)]
    pub anchor: bool,
}

/// The id of a chart's readout line, which its island writes to.
pub fn readout_id(spec: &ChartSpec) -> String {
    format!("readout-{}", spec.id)
}

#[component]
pub fn ChartCard(props: &ChartCardProps) -> Html {
    let spec = props.spec;
    let rows = spec.indicators.iter().chain(spec.pair.iter()).filter_map(|id| indicator(id)).map(|ind| {
        html! {
            <tr>
                <th scope="row">{ind.label}</th>
                <td>{format::figure(ind)}</td>
                <td>{ind.period}</td>
            </tr>
        }
    });
    // The prerender writes the island's first state (the static image, and the canvas the
    // wasm draws on). In the browser the box starts empty and `web::page` renders the island
    // into it, as it does on a prerendered page.
    let live = if cfg!(target_arch = "wasm32") { html! {} } else { html! { <ChartLive spec={spec} /> } };
    html! {
        <figure id={props.anchor.then_some(spec.id)} class={classes!("chart-card", props.active.then_some("is-active"))} data-chart={spec.id}>
            <h3 class="chart-title">{spec.title}</h3>
            <div class="chart-box" data-island="chart" data-chart={spec.id}>{live}</div>
            <p class="readout" id={readout_id(spec)} aria-live="polite"></p>
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
