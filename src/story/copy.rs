//! Story copy: a paragraph of segments, with figures printed from the dataset.

use super::row_id;
use crate::data::{format, indicator, Para};
use crate::data::model::Seg;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyProps {
    pub para: Para,
    #[prop_or_default]
    pub class: Classes,
}

/// One paragraph. A figure links to its row in the data table; a glossary term to the glossary.
#[component]
pub fn Copy(props: &CopyProps) -> Html {
    let segs = props.para.iter().map(|seg| match *seg {
        Seg::Text(t) => html! { {t} },
        Seg::Fig(id) => match indicator(id) {
            Some(ind) => html! {
                <a class="fig" href={format!("#{}", row_id(id))} data-id={id}>{format::figure(ind)}</a>
            },
            None => html! {},
        },
        Seg::Glossary(words) => html! { <a class="term" href="#glossary">{words}</a> },
    });
    html! { <p class={props.class.clone()}>{for segs}</p> }
}
