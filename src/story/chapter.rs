//! One theme chapter: header, then a sticky graphic beside (desktop) or under (phone) the
//! scroll steps. Static HTML: `web::page` marks the active step, shows that step's chart and
//! gives the chart's island what the step highlights.

use super::chart_card::{ChartCard, StaticSizes};
use super::copy::Copy;
use super::ui;
use crate::data::{chart, Theme};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChapterProps {
    pub theme: &'static Theme,
    /// The static images' sizes, from the prerender (`chart_card::StaticSizes`).
    #[prop_or_default]
    pub sizes: Option<StaticSizes>,
}

/// A read-aloud button: hidden unless `assets/elder.js` finds `speechSynthesis`; it
/// speaks its step's text, or its chapter's, as printed. Its label turns to the stop word
/// while it speaks.
fn speak() -> Html {
    html! {
        <button type="button" class="speak">
            <span class="speak-go">{ui().read_aloud}</span>
            <span class="speak-stop">{ui().stop_reading}</span>
        </button>
    }
}

#[component]
pub fn Chapter(props: &ChapterProps) -> Html {
    let t = props.theme;
    let slug = t.id;
    // The first step's chart is the one shown; `web::page` moves `is-active` as steps change.
    let first = t.plan.step(0).map_or(0, |s| s.chart);
    let cards = t.plan.charts.iter().enumerate().filter_map(|(i, id)| {
        let spec = chart(id)?;
        let sizes = props.sizes.as_ref().and_then(|s| s.get(spec.id).copied());
        Some(html! { <ChartCard key={spec.id} spec={spec} active={i == first} sizes={sizes} /> })
    });
    let steps = t.steps.iter().enumerate().map(|(i, s)| {
        html! {
            <div class={classes!("step", (i == 0).then_some("is-active"))} data-step={i.to_string()} data-theme={slug}>
                <div class="step-body">
                    <Copy para={s.text} />
                    {speak()}
                </div>
            </div>
        }
    });
    html! {
        <section id={slug} class={classes!("chapter", format!("chapter-{slug}"))} aria-labelledby={format!("{slug}-h")}>
            <header class="chapter-head">
                <img class="chapter-art" src={format!("illustrations/{}", t.illustration)} alt="" width="320" height="160" loading="lazy" decoding="async" />
                <p class="chapter-kicker">{t.kicker}</p>
                <h2 id={format!("{slug}-h")}>{t.heading}</h2>
                <p class="dek">{t.dek}</p>
                <a class="share" href={format!("#{slug}")} data-share={slug}>{ui().copy_link}</a>
                {speak()}
            </header>
            <div class="scrolly">
                <div class="graphic">{ for cards }</div>
                <div class="steps">{ for steps }</div>
            </div>
        </section>
    }
}
