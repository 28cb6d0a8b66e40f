//! The compact sticky bar: the chapters (as many as content has) and the reader's progress. Static: `web::page`
//! marks the current chapter's link (`is-current`, `aria-current`) and moves the progress bar.
//! The elder-mode switch (here and in the hero) is `assets/elder.js`'s, like the `.speak` buttons.

use super::ui;
use crate::data::STORY;
use yew::prelude::*;

#[component]
pub fn Nav() -> Html {
    let links = STORY.themes.iter().map(|t| {
        html! {
            <li><a href={format!("#{}", t.id)} class="nav-link">{t.nav}</a></li>
        }
    });
    html! {
        <nav class="bar" aria-label={ui().nav_label}>
            <a class="bar-home" href="#top">{ui().site_name}</a>
            <button type="button" class="elder-switch" aria-pressed="false">{ui().elder_mode}</button>
            <ul>{ for links }</ul>
            <div class="progress" role="presentation"><div class="progress-fill" id="progress-fill"></div></div>
        </nav>
    }
}
