//! One theme chapter: header, then a sticky graphic beside (desktop) or under (phone) the
//! scroll steps. Static HTML: `web::page` marks the active step and hands it to the chapter's
//! [`Graphic`] island, which decides which chart shows and what it highlights.

use super::copy::Copy;
use super::graphic::Graphic;
use super::ui;
use crate::data::{theme, ThemeId};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChapterProps {
    pub theme: ThemeId,
}

#[component]
pub fn Chapter(props: &ChapterProps) -> Html {
    let t = theme(props.theme);
    let slug = t.id.slug();
    // The prerender writes the graphic's first state (step 0) for the browser to hydrate. In
    // the browser (development server, no prerender) the island is rendered into the empty
    // box by `web::page`, like every island, so the page has one code path.
    let graphic = if cfg!(target_arch = "wasm32") { html! {} } else { html! { <Graphic theme={t.id} /> } };
    let steps = t.steps.iter().enumerate().map(|(i, s)| {
        html! {
            <div class={classes!("step", (i == 0).then_some("is-active"))} data-step={i.to_string()} data-theme={slug}>
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
                <a class="share" href={format!("#{slug}")} data-share={slug}>{ui("copy_link")}</a>
            </header>
            <div class="scrolly">
                <div class="graphic" data-island={slug}>{graphic}</div>
                <div class="steps">{ for steps }</div>
            </div>
        </section>
    }
}
