//! The opening: headline, introduction, date and credit, and the headline numbers.

use super::copy::Copy;
use super::ui;
use crate::data::{format, indicator, STORY};
use yew::prelude::*;

#[component]
pub fn Hero() -> Html {
    let numbers = STORY.hero.iter().filter_map(|id| indicator(id)).map(|ind| {
        let (before, num, after) = format::parts(ind);
        html! {
            <li class="hero-num">
                <span class="big">
                    {before}<span class="count" data-id={ind.id}>{num}</span>{after}
                </span>
                <span class="what">{ind.short}</span>
            </li>
        }
    });
    html! {
        <header id="top" class="hero">
            <button type="button" class="elder-switch" aria-pressed="false">{ui().elder_mode}</button>
            <img class="hero-art" src="illustrations/hero.svg" alt="" width="640" height="360" />
            <p class="kicker">{ui().site_name}</p>
            <h1>{STORY.headline}</h1>
            <p class="byline"><time>{STORY.date}</time>{" · "}{STORY.byline}</p>
            { for STORY.intro.iter().map(|p| html! { <Copy para={*p} class="intro" /> }) }
            <ul class="hero-nums" aria-label={ui().hero_numbers_label}>{ for numbers }</ul>
        </header>
    }
}
