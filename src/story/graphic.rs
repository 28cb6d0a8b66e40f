//! A chapter's graphic, the island that moves: the chapter's chart cards, one of them active
//! (the chart the current step shows, with that step's highlights). In the browser it is a
//! Yew root of its own; `web::page` hydrates it when it nears the viewport and gives it a new
//! `step` when the reader scrolls. It reads only `data::PLANS`, never the story copy.

use super::chart_card::ChartCard;
use crate::data::{chart, plan, ThemeId};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct GraphicProps {
    pub theme: ThemeId,
    /// The chapter's active scroll step.
    #[prop_or_default]
    pub step: usize,
    /// Draw final states at once (deep link, reduced motion).
    #[prop_or_default]
    pub instant: bool,
}

#[component]
pub fn Graphic(props: &GraphicProps) -> Html {
    let Some(plan) = plan(props.theme) else { return html! {} };
    let (active, highlight) = plan
        .steps
        .get(props.step.min(plan.steps.len().saturating_sub(1)))
        .map_or((0, &[][..]), |s| (s.chart, s.highlight));
    let instant = props.instant;
    let cards = plan.charts.iter().enumerate().filter_map(|(i, id)| {
        let spec = chart(id)?;
        let on = i == active;
        let highlight = if on { highlight } else { &[][..] };
        Some(html! { <ChartCard key={spec.id} spec={spec} active={on} highlight={highlight} instant={instant} /> })
    });
    html! { <>{ for cards }</> }
}
