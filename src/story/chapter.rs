//! One theme chapter: header, then a sticky chart beside (desktop) or under (phone)
//! the scroll steps. The active step decides which chart shows and what it highlights.

use super::chart_card::ChartCard;
use super::copy::Copy;
use super::state::{index, StoryContext};
use super::ui;
use crate::data::{chart, theme, ThemeId};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChapterProps {
    pub theme: ThemeId,
}

#[component]
pub fn Chapter(props: &ChapterProps) -> Html {
    let state = use_context::<StoryContext>().expect("story context");
    let t = theme(props.theme);
    let slug = t.id.slug();
    let active_step = state.steps[index(t.id)].min(t.steps.len().saturating_sub(1));
    let step = &t.steps[active_step];
    let instant = state.landed == Some(t.id) || state.reduced_motion;

    #[cfg(target_arch = "wasm32")]
    let on_share = {
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            super::web::share_section(slug);
        })
    };
    #[cfg(not(target_arch = "wasm32"))]
    let on_share = Callback::from(|_: MouseEvent| {});

    let cards = t.charts.iter().enumerate().filter_map(|(i, id)| {
        let spec = chart(id)?;
        let active = i == step.chart;
        let highlight = if active { step.highlight } else { &[][..] };
        Some(html! { <ChartCard key={spec.id} spec={spec} active={active} highlight={highlight} instant={instant} /> })
    });
    let steps = t.steps.iter().enumerate().map(|(i, s)| {
        html! {
            <div class={classes!("step", (i == active_step).then_some("is-active"))} data-step={i.to_string()} data-theme={slug}>
                <Copy para={s.text} />
            </div>
        }
    });
    html! {
        <section id={slug} class={classes!("chapter", format!("chapter-{slug}"))} aria-labelledby={format!("{slug}-h")}>
            <header class="chapter-head">
                <img class="chapter-art" src={format!("illustrations/{slug}.svg")} alt="" width="320" height="160" />
                <p class="chapter-kicker">{ui(&format!("theme_label_{slug}"))}</p>
                <h2 id={format!("{slug}-h")}>{t.heading}</h2>
                <p class="dek">{t.dek}</p>
                <a class="share" href={format!("#{slug}")} onclick={on_share}>{ui("copy_link")}</a>
            </header>
            <div class="scrolly">
                <div class="graphic">{ for cards }</div>
                <div class="steps">{ for steps }</div>
            </div>
        </section>
    }
}
