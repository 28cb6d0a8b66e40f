//! The compact sticky bar: the four chapters and the reader's progress.

use super::state::StoryContext;
use super::ui;
use crate::data::STORY;
use yew::prelude::*;

#[component]
pub fn Nav() -> Html {
    let state = use_context::<StoryContext>().expect("story context");
    let links = STORY.themes.iter().map(|t| {
        let current = state.active == Some(t.id);
        html! {
            <li>
                <a href={format!("#{}", t.id.slug())}
                   class={classes!("nav-link", current.then_some("is-current"))}
                   aria-current={current.then_some("true")}>{t.nav}</a>
            </li>
        }
    });
    html! {
        <nav class="bar" aria-label={ui("nav_label")}>
            <a class="bar-home" href="#top">{ui("site_name")}</a>
            <ul>{ for links }</ul>
            <div class="progress" role="presentation"><div class="progress-fill" id="progress-fill"></div></div>
        </nav>
    }
}
