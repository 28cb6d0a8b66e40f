//! Checks on `content/story.toml`: the copy (every `{figure}` exists), the chapters (ids,
//! colours, charts, steps and what each step highlights) and the interface texts.

use crate::raw::RawTheme;
use crate::*;
use std::collections::{BTreeMap, BTreeSet};
use toml::Spanned;

pub(super) fn check(c: &Content, ids: &BTreeSet<String>, theme_of: &BTreeMap<&str, &str>, errors: &mut Vec<ContentError>) {
    let known = |id: &str| ids.contains(id);
    let ssrc = &c.story_src;
    let s = &c.story;
    let check_copy = |text: &Spanned<String>, field: &str, errors: &mut Vec<ContentError>| {
        if text.get_ref().trim().is_empty() {
            errors.push(ssrc.err(text, field, "this text is empty"));
        }
        match segments(text.get_ref()) {
            Err(e) => errors.push(ssrc.err(text, field, e)),
            Ok(segs) => {
                for seg in segs {
                    if let RawSeg::Fig(f) = seg {
                        if !known(&f) {
                            errors.push(ssrc.err(text, field, format!("the text asks for figure `{{{f}}}`, which is not an id in content/indicators.toml")));
                        }
                    }
                }
            }
        }
    };
    check_copy(&s.headline, "headline", errors);
    for p in &s.intro {
        check_copy(p, "intro", errors);
    }
    for h in s.hero.get_ref() {
        if !known(h.get_ref()) {
            errors.push(ssrc.err(h, "hero", format!("hero figure `{}` is not an id in content/indicators.toml", h.get_ref())));
        }
    }
    let mut seen_themes = BTreeSet::new();
    for t in &s.theme {
        let tid = t.id.get_ref().as_str();
        if !is_id(tid) {
            errors.push(ssrc.err(&t.id, "theme.id", format!("`{tid}` is not a valid chapter id: it becomes the chapter's web address (#{tid}), so use lowercase ASCII letters, digits and `_`, starting with a letter")));
        } else if RESERVED_IDS.contains(&tid) || tid == s.glossary.id.get_ref() || c.charts.iter().any(|ch| ch.id.get_ref() == tid) {
            errors.push(ssrc.err(&t.id, "theme.id", format!("the chapter id `{tid}` is already the address of another part of the page; pick another id")));
        }
        if !seen_themes.insert(tid.to_string()) {
            errors.push(ssrc.err(&t.id, "theme.id", format!("the theme `{tid}` appears twice")));
        }
        check_color(ssrc, t, errors);
        for (field, text) in [("theme.nav", &t.nav), ("theme.kicker", &t.kicker), ("theme.heading", &t.heading), ("theme.dek", &t.dek)] {
            check_copy(text, field, errors);
        }
        let nav_len = t.nav.get_ref().trim().chars().count();
        if nav_len > 4 {
            errors.push(ssrc.err(&t.nav, "theme.nav", format!("the navigation name of `{tid}` has {nav_len} characters; the bar holds 2 to 4")));
        }
        if t.charts.get_ref().is_empty() {
            errors.push(ssrc.err(&t.charts, "theme.charts", format!("the theme `{tid}` has no chart; every chapter needs at least one")));
        }
        for ch in t.charts.get_ref() {
            match c.charts.iter().find(|x| x.id.get_ref() == ch.get_ref()) {
                None => errors.push(ssrc.err(ch, "theme.charts", format!("chart `{}` is not an id in content/charts.toml", ch.get_ref()))),
                Some(x) if x.theme.get_ref() != tid => errors.push(ssrc.err(ch, "theme.charts", format!("chart `{}` belongs to theme `{}`, not `{tid}`", ch.get_ref(), x.theme.get_ref()))),
                _ => {}
            }
        }
        if !(3..=6).contains(&t.step.len()) {
            errors.push(ssrc.err(&t.id, "theme.step", format!("the theme `{tid}` has {} steps; write between 3 and 6", t.step.len())));
        }
        for st in &t.step {
            check_copy(&st.text, "step.text", errors);
            for h in st.highlight.as_ref().map(|h| h.get_ref().as_slice()).unwrap_or(&[]) {
                if !known(h.get_ref()) {
                    errors.push(ssrc.err(h, "step.highlight", format!("the step highlights `{}`, which is not an id in content/indicators.toml", h.get_ref())));
                } else if theme_of.get(h.get_ref().as_str()) != Some(&tid) {
                    errors.push(ssrc.err(h, "step.highlight", format!("the step highlights `{}`, which belongs to another theme", h.get_ref())));
                }
            }
            let index = st.chart.as_ref().map_or(0, |n| *n.get_ref());
            if index < 0 || index as usize >= t.charts.get_ref().len() {
                if let Some(n) = &st.chart {
                    errors.push(ssrc.err(n, "step.chart", format!("chart number {index} does not exist in this theme (it has {}; count from 0)", t.charts.get_ref().len())));
                }
            } else if let Some(shown) = c.charts.iter().find(|x| x.id.get_ref() == t.charts.get_ref()[index as usize].get_ref()) {
                let drawn: Vec<&String> = shown.indicators.get_ref().iter().chain(shown.pair.as_ref().map(|p| p.get_ref().as_slice()).unwrap_or(&[])).map(|r| r.get_ref()).collect();
                for h in st.highlight.as_ref().map(|h| h.get_ref().as_slice()).unwrap_or(&[]) {
                    if known(h.get_ref()) && !drawn.contains(&h.get_ref()) {
                        errors.push(ssrc.err(h, "step.highlight", format!(
                            "the step highlights `{}`, but its chart `{}` (number {index}) does not show that figure; pick the chart that does, or drop the highlight",
                            h.get_ref(), shown.id.get_ref()
                        )));
                    }
                }
            }
        }
    }
    if !CHAPTERS.contains(&s.theme.len()) {
        errors.push(ssrc.err_file("theme", format!(
            "the story has {} chapters ([[theme]]); write between {} and {}",
            s.theme.len(), CHAPTERS.start(), CHAPTERS.end()
        )));
    }
    for th in &seen_themes {
        if !c.charts.iter().any(|ch| ch.theme.get_ref() == th) {
            errors.push(c.charts_src.err_file("theme", format!("the theme `{th}` has no chart in content/charts.toml")));
        }
    }
    check_copy(&s.glossary.summary, "glossary.summary", errors);
    for it in &s.glossary.item {
        check_copy(&it.term, "glossary.item.term", errors);
        check_copy(&it.text, "glossary.item.text", errors);
    }
    for p in &s.methodology {
        check_copy(p, "methodology", errors);
    }
    for (key, what) in UI_KEYS {
        if !s.ui.contains_key(*key) {
            errors.push(ssrc.err_file(&format!("ui.{key}"), format!("this interface text is missing: {what}")));
        }
    }
    if let Some(csv) = s.ui.get("csv_filename") {
        let name = csv.get_ref();
        if !is_file_name(name) {
            errors.push(ssrc.err(csv, "ui.csv_filename", format!("`{name}` is not a plain file name: the build writes it into dist/, so use only lowercase ASCII letters, digits, `.`, `_` and `-`, starting with a letter or digit, e.g. wushan-minsheng-2019.csv")));
        } else if name.len() <= ".csv".len() || !name.ends_with(".csv") {
            errors.push(ssrc.err(csv, "ui.csv_filename", format!("`{name}` must end in .csv (the one-file edition takes the same name with .html)")));
        }
    }
    for (k, v) in &s.ui {
        if !UI_KEYS.iter().any(|(key, _)| key == k) {
            errors.push(ssrc.err(v, &format!("ui.{k}"), "no part of the page uses this key; check its spelling"));
        }
    }
}

/// A chapter colour is `#rrggbb` and visible (3:1) on the light and the dark page.
fn check_color(src: &Source, t: &RawTheme, errors: &mut Vec<ContentError>) {
    let tid = t.id.get_ref();
    let text = t.color.get_ref();
    let Some(rgb) = parse_color(text) else {
        errors.push(src.err(&t.color, "theme.color", format!("`{text}` is not a colour; write it as # and six hex digits, e.g. #b3471d")));
        return;
    };
    for (mode, bg) in PAGE_BACKGROUNDS {
        let ratio = contrast(rgb, parse_color(bg).expect("a valid background"));
        if ratio < CHAPTER_COLOR_CONTRAST {
            errors.push(src.err(&t.color, "theme.color", format!(
                "the colour {text} of chapter `{tid}` is hard to see on the {mode} page ({ratio:.1}:1, it needs {CHAPTER_COLOR_CONTRAST}:1); pick a {} colour",
                if mode == "light" { "darker" } else { "lighter" }
            )));
        }
    }
}
