//! Checks on `content/indicators.toml`: one published figure per entry.

use super::not_a_chapter;
use crate::*;
use std::collections::BTreeSet;

fn names(table: &[(&str, &str)]) -> String {
    table.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// Every check on the figures; returns the ids seen.
pub(super) fn check(c: &Content, chapters: &[&str], errors: &mut Vec<ContentError>) -> BTreeSet<String> {
    let src = &c.indicators_src;
    let mut ids = BTreeSet::new();
    for ind in &c.indicators {
        let id = ind.id.get_ref();
        if !is_id(id) {
            errors.push(src.err(&ind.id, "id", format!("`{id}` is not a valid id: use lowercase ASCII letters, digits and `_`, starting with a letter")));
        }
        if !ids.insert(id.clone()) {
            errors.push(src.err(&ind.id, "id", format!("the id `{id}` is used twice; every figure needs its own id")));
        }
        if !chapters.contains(&ind.theme.get_ref().as_str()) {
            errors.push(src.err(&ind.theme, "theme", not_a_chapter(ind.theme.get_ref(), chapters)));
        }
        if ind.label.get_ref().trim().is_empty() {
            errors.push(src.err(&ind.label, "label", format!("the label of `{id}` is empty; every figure needs words that say what it counts")));
        }
        if let Some(short) = &ind.short {
            let n = short.get_ref().trim().chars().count();
            if n == 0 {
                errors.push(src.err(short, "short", format!("the short label of `{id}` is empty; remove the line or write a label")));
            } else if n > SHORT_MAX {
                errors.push(src.err(short, "short", format!("the short label of `{id}` has {n} characters; chart labels hold at most {SHORT_MAX}, so shorten it")));
            }
        }
        let unit = ind.unit.get_ref().as_str();
        if !UNITS.contains(&unit) {
            errors.push(src.err(&ind.unit, "unit", format!("`{unit}` is not a known unit; use one of {} (or add it to UNITS in crates/content/src/vocab.rs on purpose)", UNITS.join(" "))));
        }
        let kind = ind.kind.get_ref().as_str();
        if variant_of(KINDS, kind).is_none() {
            errors.push(src.err(&ind.kind, "kind", format!("`{kind}` is not a kind; use one of {}", names(KINDS))));
        }
        if let Some(q) = &ind.qualifier {
            if variant_of(QUALIFIERS, q.get_ref()).is_none() {
                errors.push(src.err(q, "qualifier", format!("`{}` is not a qualifier; use one of 以内 左右 余 多 累计, or leave it out", q.get_ref())));
            }
        }
        let period = ind.period.get_ref().trim();
        if period.is_empty() {
            errors.push(src.err(&ind.period, "period", format!("the period of `{id}` is empty; say when the figure applies, e.g. 2019年, or write {PERIOD_UNSTATED}")));
        } else if !is_period(period) {
            errors.push(src.err(&ind.period, "period", format!(
                "the period of `{id}` is `{period}`, which is not a date; write the date the article gives (2019年, 截至11月底) or {PERIOD_UNSTATED}, and put the article's own words in the note"
            )));
        }
        if ind.source.get_ref().trim().is_empty() {
            errors.push(src.err(&ind.source, "source", format!("the source of `{id}` is empty; say where in the article the figure stands")));
        }
        let mut check_number = |v: &Spanned<String>, field: &str| -> Option<f64> {
            let s = v.get_ref();
            if !is_published_number(s) {
                errors.push(src.err(v, field, format!("`{s}` is not a number; write the digits exactly as published, e.g. \"4182.11\" (no units, no commas, no 万)")));
                return None;
            }
            let n: f64 = s.parse().ok()?;
            if unit == "%" && !(0.0..=100.0).contains(&n) {
                errors.push(src.err(v, field, format!("{s}% is not a percentage between 0 and 100")));
            }
            Some(n)
        };
        let low = check_number(&ind.value, "value");
        if let Some(high) = &ind.value_high {
            if let (Some(l), Some(h)) = (low, check_number(high, "value_high")) {
                if h <= l {
                    errors.push(src.err(high, "value_high", format!("the top of the range ({h}) must be above its bottom ({l})")));
                }
            }
        }
        if unit == "%" && kind != "rate" {
            errors.push(src.err(&ind.kind, "kind", format!("`{id}` is in % so its kind must be rate")));
        }
        if kind == "rate" && unit != "%" {
            errors.push(src.err(&ind.unit, "unit", format!("`{id}` is a rate so its unit must be %")));
        }
        if let Some(want) = kind_of_unit(unit) {
            if unit != "%" && kind != "rate" && variant_of(KINDS, kind).is_some() && kind != want {
                errors.push(src.err(&ind.kind, "kind", format!("`{id}` is in {unit}, so its kind must be {want}, not {kind}")));
            }
        }
    }

    ids
}
