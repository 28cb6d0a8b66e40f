//! The data section (`#data`): every indicator in one semantic table, grouped by theme, with a CSV
//! download; and the glossary (`#glossary`).

use super::copy::Copy;
use super::{row_id, ui};
use crate::data::{format, indicators_of, Qualifier, STORY};
use yew::prelude::*;

#[component]
pub fn DataSection() -> Html {
    let groups = STORY.themes.iter().map(|t| {
        let rows = indicators_of(t.id).map(|ind| {
            html! {
                <tr id={row_id(ind.id)} data-id={ind.id}>
                    <th scope="row">{ind.label}</th>
                    <td class="num">{format::figure(ind)}</td>
                    <td>{ind.unit}</td>
                    <td>{ if ind.qualifier == Qualifier::None { "" } else { ind.qualifier.text() } }</td>
                    <td>{ind.period}</td>
                    <td class="note">{ind.note}</td>
                </tr>
            }
        });
        html! {
            <tbody data-theme={t.id}>
                <tr class="group"><th scope="rowgroup" colspan="6">{t.heading}</th></tr>
                { for rows }
            </tbody>
        }
    });
    let csv = ui().csv_filename;
    html! {
        <section id="data" class="data" aria-labelledby="data-h">
            <h2 id="data-h">{ui().data_heading}</h2>
            <p>{ui().data_intro}</p>
            <p><a class="button csv" href={csv} download={csv} type="text/csv">{ui().download_csv}</a></p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="data-caption">
                <table class="data-table">
                    <caption id="data-caption">{ui().table_caption}</caption>
                    <thead><tr>
                        <th scope="col">{ui().col_label}</th>
                        <th scope="col">{ui().col_value}</th>
                        <th scope="col">{ui().col_unit}</th>
                        <th scope="col">{ui().col_qualifier}</th>
                        <th scope="col">{ui().col_period}</th>
                        <th scope="col">{ui().col_note}</th>
                    </tr></thead>
                    { for groups }
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn Glossary() -> Html {
    let g = &STORY.glossary;
    html! {
        <section id="glossary" class="glossary" aria-labelledby="glossary-h">
            <h2 id="glossary-h">{ui().glossary_heading}</h2>
            <h3>{g.title}</h3>
            <Copy para={g.summary} />
            <dl>
                { for g.items.iter().map(|it| html! {
                    <div class="gl-item"><dt>{it.term}</dt><dd><Copy para={it.text} /></dd></div>
                }) }
            </dl>
        </section>
    }
}
