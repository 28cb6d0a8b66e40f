//! The embed page (`embed.html#<chart id>`): every chart card, each with a link to its chapter
//! of the full story, and after them an index of the charts. Each card's section carries the
//! chart id, and CSS `:target` shows only the section the hash names (no `:has()`, no
//! script); without such a hash the index shows instead. In the browser each card's chart box
//! is an island that `web::page` makes live when it is shown, so only the card on screen
//! costs anything.

use super::app::AppProps;
use super::chart_card::ChartCard;
use crate::data::{CHARTS, STORY};
use yew::prelude::*;

/// The link from an embedded chart to its chapter of the full story.
pub fn story_href(spec: &crate::data::ChartSpec) -> String {
    format!("index.html#{}", spec.theme)
}

#[component]
pub fn EmbedApp(props: &AppProps) -> Html {
    let rendered = props.rendered.clone();
    use_effect_with((), move |_| {
        if let Some(r) = rendered {
            r.emit(());
        }
    });
    html! {
        <main class="embed-list">
            { for CHARTS.iter().map(|spec| {
                html! {
                    <section class="embed-item" id={spec.id} key={spec.id}>
                        <ChartCard spec={spec} anchor={false} poster={false} sizes={props.sizes.as_ref().and_then(|s| s.get(spec.id).copied())} />
                        <p class="embed-more">
                            <a href={story_href(spec)} target="_blank" rel="noopener">{STORY.headline}</a>
                        </p>
                    </section>
                }
            }) }
            <nav class="embed-index" aria-labelledby="embed-index-h">
                <h1 id="embed-index-h">{STORY.headline}</h1>
                <ul>
                    { for CHARTS.iter().map(|spec| html! {
                        <li><a href={format!("#{}", spec.id)}>{spec.title}</a></li>
                    }) }
                </ul>
            </nav>
        </main>
    }
}
