//! A chart card: title, the chart, a readout for the tapped or focused mark, the finding,
//! the source line, a link to the chart's share poster and a table with the exact figures. The card is static HTML, its static
//! images too; only the canvas is an island: [`ChartLive`], which `web::page` renders into the
//! card's `.chart-live` at start. The readout is filled by the island.

use super::chart_live::{finding_id, readout_id, ChartLive};
use super::poster_sheet::poster_link;
use super::ui;
use crate::data::{format, indicator, ChartSpec};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// Up to this viewport width the static image is the phone edition,
/// `charts/phone/<id>.svg` (laid out at `prerender::PHONE_WIDTH`); the charts' own layout
/// also turns narrow below 480 px.
pub const PHONE_MEDIA: &str = "(max-width: 480px)";

/// A chart's static images' CSS sizes, (width, height), as laid out for desktop and for
/// phones.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct ImageSizes {
    pub desktop: (u32, u32),
    pub phone: (u32, u32),
}

/// Every chart's [`ImageSizes`] by chart id. The prerender lays the charts out (with the
/// committed font) and passes this down from the page's root (`App`, `EmbedApp`); the browser
/// (the development server, which renders the page itself) has none, and its images get no
/// size attributes. This is the one difference between the page the server renders and the one
/// the browser renders (ARCHITECTURE.md, "Invariants").
pub type StaticSizes = Rc<BTreeMap<&'static str, ImageSizes>>;

/// The chart's static images (desktop and phone width): what readers without wasm and print
/// see, and what shows until the canvas is drawn. Static: no island re-renders them, so an
/// image never loads twice. With `sizes`, the browser reserves their space before they load.
fn static_image(spec: &ChartSpec, sizes: Option<ImageSizes>) -> Html {
    let attr = |v: Option<u32>| v.map(|v| v.to_string());
    let (static_w, static_h) = (attr(sizes.map(|s| s.desktop.0)), attr(sizes.map(|s| s.desktop.1)));
    let (phone_w, phone_h) = (attr(sizes.map(|s| s.phone.0)), attr(sizes.map(|s| s.phone.1)));
    html! {
        <picture>
            <source media={PHONE_MEDIA} srcset={format!("charts/phone/{}.svg", spec.id)} width={phone_w} height={phone_h} />
            <img class="chart-static" width={static_w} height={static_h} src={format!("charts/{}.svg", spec.id)} alt={spec.alt} loading="lazy" decoding="async" />
        </picture>
    }
}

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
    /// The "save image" link to the chart's share poster (`poster_sheet`); embed.html has no
    /// posters.
    #[prop_or(true)]
    pub poster: bool,
    /// Its static images' sizes, from the prerender ([`StaticSizes`]).
    #[prop_or_default]
    pub sizes: Option<ImageSizes>,
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
    // The prerender writes the island's first state (the canvas the wasm draws on). In the
    // browser the island's box starts empty and `web::page` renders the island into it, as it
    // does on a prerendered page.
    let live = if cfg!(target_arch = "wasm32") { html! {} } else { html! { <ChartLive spec={spec} /> } };
    html! {
        <figure id={props.anchor.then_some(spec.id)} class={classes!("chart-card", props.active.then_some("is-active"))} data-chart={spec.id}>
            <h3 class="chart-title">{spec.title}</h3>
            <div class="chart-box">
                {static_image(spec, props.sizes)}
                <div class="chart-live" data-island="chart" data-chart={spec.id}>{live}</div>
            </div>
            <p class="readout" id={readout_id(spec)} aria-live="polite"></p>
            <figcaption>
                <span class="finding" id={finding_id(spec)}>{spec.alt}</span>
                <span class="source">{ui().chart_source_prefix}{spec.source}</span>
            </figcaption>
            if props.poster { {poster_link(spec.id)} }
            <details class="chart-table">
                <summary>{ui().chart_table_summary}</summary>
                <table>
                    <caption>{spec.title}</caption>
                    <thead><tr>
                        <th scope="col">{ui().col_label}</th>
                        <th scope="col">{ui().col_value}</th>
                        <th scope="col">{ui().col_period}</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </details>
        </figure>
    }
}
