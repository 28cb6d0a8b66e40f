//! The whole page, static: rendered by the prerender on the server, or in the browser by the
//! development server. It holds no state; the islands inside it (`Graphic`) are separate Yew
//! roots (ARCHITECTURE.md, "Islands").

use super::chapter::Chapter;
use super::chart_card::StaticSizes;
use super::copy::Copy;
use super::data_section::{DataSection, Glossary};
use super::hero::Hero;
use super::nav::Nav;
use super::poster_sheet::{poster_link, PosterSheet, STORY_POSTER};
use super::ui;
use crate::data::STORY;
use yew::prelude::*;

/// What the page is given: the static images' sizes, which only the prerender knows; and, on
/// the development server (which renders the page in the browser), what to do once it is in
/// the document (`web::page` starts its islands).
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub sizes: Option<StaticSizes>,
    #[prop_or_default]
    pub rendered: Option<Callback<()>>,
}

#[component]
pub fn App(props: &AppProps) -> Html {
    // Development server only: the page was just rendered in the browser.
    let rendered = props.rendered.clone();
    use_effect_with((), move |_| {
        if let Some(r) = rendered {
            r.emit(());
        }
    });

    let credits = &STORY.credits;
    html! {
        <>
            <a class="skip" href="#main">{ui().skip_to_content}</a>
            <Nav />
            <main id="main">
                <Hero />
                { for STORY.themes.iter().map(|t| html! { <Chapter key={t.id} theme={t} sizes={props.sizes.clone()} /> }) }
                <DataSection />
                <Glossary />
                <section id="credits" class="end" aria-labelledby="credits-h">
                    <h2 id="methodology-h">{ui().methodology_heading}</h2>
                    { for STORY.methodology.iter().map(|p| html! { <Copy para={*p} /> }) }
                    <h2 id="credits-h">{ui().credits_heading}</h2>
                    <p class="credit-article">{credits.article}</p>
                    <p>{credits.reporters}</p>
                    <p>{credits.photos}</p>
                    { for credits.lines.iter().map(|l| html! { <p>{*l}</p> }) }
                    <p>{poster_link(STORY_POSTER)}</p>
                    <p><a class="top" href="#top">{ui().back_to_top}</a></p>
                </section>
            </main>
            <PosterSheet />
        </>
    }
}
