//! Checks on `content/charts.toml`: each chart's chapter, kind and figures, and that its
//! figures fit its kind.

use super::not_a_chapter;
use crate::raw::{RawChart, RawIndicator};
use crate::*;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

pub(super) fn check(c: &Content, chapters: &[&str], by_id: &BTreeMap<&str, &RawIndicator>, errors: &mut Vec<ContentError>) {
    let csrc = &c.charts_src;
    let mut chart_ids = BTreeSet::new();
    for ch in &c.charts {
        let id = ch.id.get_ref();
        if !is_id(id) {
            errors.push(csrc.err(&ch.id, "id", format!("`{id}` is not a valid chart id")));
        }
        if !chart_ids.insert(id.clone()) {
            errors.push(csrc.err(&ch.id, "id", format!("the chart id `{id}` is used twice")));
        }
        if !chapters.contains(&ch.theme.get_ref().as_str()) {
            errors.push(csrc.err(&ch.theme, "theme", not_a_chapter(ch.theme.get_ref(), chapters)));
        }
        if ChartKind::from_name(ch.kind.get_ref()).is_none() {
            let kinds: Vec<&str> = ChartKind::ALL.iter().map(|k| k.name()).collect();
            errors.push(csrc.err(&ch.kind, "kind", format!("`{}` is not a chart kind; use one of {}", ch.kind.get_ref(), kinds.join(", "))));
        }
        for (field, text) in [("title", &ch.title), ("alt", &ch.alt), ("source", &ch.source)] {
            if text.get_ref().trim().is_empty() {
                errors.push(csrc.err(text, field, format!("the {field} of chart `{id}` is empty")));
            }
        }
        if ch.indicators.get_ref().is_empty() {
            errors.push(csrc.err(&ch.indicators, "indicators", format!("chart `{id}` shows no figures")));
        }
        let pair = ch.pair.as_ref().map(|p| p.get_ref().as_slice()).unwrap_or(&[]);
        for (field, list) in [("indicators", ch.indicators.get_ref().as_slice()), ("pair", pair)] {
            for r in list {
                match by_id.get(r.get_ref().as_str()) {
                    None => errors.push(csrc.err(r, field, format!("chart `{id}` refers to `{}`, which is not an id in content/indicators.toml", r.get_ref()))),
                    Some(ind) if ind.theme.get_ref() != ch.theme.get_ref() => errors.push(csrc.err(r, field, format!(
                        "chart `{id}` belongs to theme `{}` but shows `{}`, a figure of theme `{}`; charts show figures of their own chapter",
                        ch.theme.get_ref(), r.get_ref(), ind.theme.get_ref()
                    ))),
                    _ => {}
                }
            }
        }
        errors.extend(check_shape(csrc, ch, by_id));
        if !c.story.theme.iter().any(|t| t.charts.get_ref().iter().any(|x| x.get_ref() == id)) {
            errors.push(csrc.err(&ch.id, "id", format!("chart `{id}` is not listed in any theme's `charts` in content/story.toml, so no reader would see it")));
        }
    }

}

/// Checks that a chart's figures fit its kind: one shared unit on a shared scale, rates
/// on rings and progress bars, the right number of figures for the shapes that need it.
fn check_shape(src: &Source, ch: &RawChart, by_id: &BTreeMap<&str, &RawIndicator>) -> Vec<ContentError> {
    let mut errors = Vec::new();
    let id = ch.id.get_ref();
    let kind_name = ch.kind.get_ref().as_str();
    let Some(kind) = ChartKind::from_name(kind_name) else { return errors };
    let left = ch.indicators.get_ref();
    let right: &[Spanned<String>] = ch.pair.as_ref().map(|p| p.get_ref().as_slice()).unwrap_or(&[]);
    // Only figures that exist; unknown ids are reported elsewhere.
    fn found<'a>(list: &'a [Spanned<String>], by_id: &BTreeMap<&str, &RawIndicator>) -> Vec<(&'a Spanned<String>, String)> {
        list.iter()
            .filter_map(|r| by_id.get(r.get_ref().as_str()).map(|i| (r, i.unit.get_ref().clone())))
            .collect()
    }
    let one_unit = |list: &[Spanned<String>], field: &str, what: &str, errors: &mut Vec<ContentError>| {
        let units = found(list, by_id);
        if let Some((_, first)) = units.first() {
            for (r, u) in &units[1..] {
                if u != first {
                    errors.push(src.err(*r, field, format!(
                        "{what} of chart `{id}` mixes units: `{}` is in {u} but the first figure is in {first}; figures drawn on one scale must share a unit (make two charts, or use `counters`)",
                        r.get_ref()
                    )));
                }
            }
        }
    };
    if kind != ChartKind::Paired && !right.is_empty() {
        if let Some(p) = &ch.pair {
            errors.push(src.err(p, "pair", format!("chart `{id}` is a {kind_name} chart; only a `paired` chart has a right-hand panel (`pair`)")));
        }
    }
    match kind {
        ChartKind::Bars | ChartKind::Progress | ChartKind::Rings => {
            one_unit(left, "indicators", "the bars", &mut errors);
            if kind != ChartKind::Bars {
                for (r, u) in found(left, by_id) {
                    if u != "%" {
                        errors.push(src.err(r, "indicators", format!(
                            "chart `{id}` is a {kind_name} chart, which fills up to 100%, but `{}` is in {u}; use a percentage (unit %) or another chart kind",
                            r.get_ref()
                        )));
                    }
                }
            }
        }
        ChartKind::Paired => {
            match &ch.pair {
                None => errors.push(src.err(&ch.kind, "pair", format!("chart `{id}` is a paired chart but has no `pair` list for its right-hand panel"))),
                Some(p) if p.get_ref().len() != left.len() => errors.push(src.err(p, "pair", format!(
                    "chart `{id}` has {} figures on the left but {} on the right; a paired chart needs one on each side per row",
                    left.len(), p.get_ref().len()
                ))),
                _ => {}
            }
            one_unit(left, "indicators", "the left panel", &mut errors);
            one_unit(right, "pair", "the right panel", &mut errors);
        }
        ChartKind::BeforeAfter => {
            if !(2..=3).contains(&left.len()) {
                errors.push(src.err(&ch.indicators, "indicators", format!(
                    "chart `{id}` is a before/after chart: list the figure before, the figure after, and optionally a share in % (it has {})",
                    left.len()
                )));
            }
            let units = found(left, by_id);
            if let [(_, before), (after_ref, after), rest @ ..] = units.as_slice() {
                if base_unit(before) != base_unit(after) {
                    errors.push(src.err(*after_ref, "indicators", format!(
                        "chart `{id}` compares {before} before with {after} after; both sides must be the same kind of amount"
                    )));
                }
                if let Some((r, u)) = rest.first() {
                    if u != "%" {
                        errors.push(src.err(*r, "indicators", format!("the third figure of chart `{id}` must be a share in %, but `{}` is in {u}", r.get_ref())));
                    }
                }
            }
        }
        ChartKind::IconArray => {
            if left.len() != 2 {
                errors.push(src.err(&ch.indicators, "indicators", format!(
                    "chart `{id}` is an icon array: list exactly two figures, the whole first and the highlighted part second (it has {})",
                    left.len()
                )));
            }
            one_unit(left, "indicators", "the icon array", &mut errors);
            let nums: Vec<f64> = left.iter().filter_map(|r| by_id.get(r.get_ref().as_str())).filter_map(|i| i.value.get_ref().parse().ok()).collect();
            if let [whole, part] = nums.as_slice() {
                if part > whole {
                    errors.push(src.err(&left[1], "indicators", format!("in chart `{id}` the highlighted part ({part}) is larger than the whole ({whole}); list the whole first")));
                }
            }
        }
        ChartKind::Gauge => {
            if left.len() != 1 {
                errors.push(src.err(&ch.indicators, "indicators", format!("chart `{id}` is a gauge, which shows exactly one figure (it has {})", left.len())));
            }
        }
        // Any figures, each printed on its own.
        ChartKind::Counters => {}
    }
    errors
}

