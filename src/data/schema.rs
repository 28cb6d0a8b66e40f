//! The on-disk shape of `content/` (serde types at the edge), its validation, and the
//! code generation that turns it into `'static` Rust data (see `model.rs`).
//!
//! This file is compiled twice: by `build.rs` (through `#[path]`) so that a broken content
//! file fails the build, and natively into the library so that tests can load fixtures.
//! It must therefore depend on nothing but `std`, `serde` and `toml`.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Units a figure may carry. A new unit is added here on purpose, not by typo.
pub const UNITS: &[&str] = &[
    "人", "人次", "名", "元", "万元", "元/月", "元/天", "%", "种", "家", "个", "万个", "所",
    "万平方米", "万台件套", "人/千人", "岁",
];

/// Longest short label, in characters, that fits beside a bar on a phone.
pub const SHORT_MAX: usize = 8;

pub const QUALIFIERS: &[&str] = &["", "以内", "左右", "余", "多", "累计"];
pub const KINDS: &[&str] = &["count", "money", "rate", "ratio", "age", "area"];
pub const THEMES: &[&str] = &["jobs", "care", "health", "education"];
pub const CHART_KINDS: &[&str] =
    &["bars", "gauge", "progress", "rings", "icon_array", "before_after", "paired", "counters"];

/// Keys the UI looks up in `[ui]`. A missing one fails the build.
pub const UI_KEYS: &[&str] = &[
    "site_name", "nav_label", "progress_label", "data_heading", "data_intro", "table_caption",
    "col_label", "col_value", "col_unit", "col_qualifier", "col_period", "col_note", "col_source",
    "download_csv", "csv_filename", "glossary_heading", "methodology_heading", "credits_heading",
    "copy_link", "link_copied", "copy_link_manual", "share", "chart_table_summary", "chart_source_prefix",
    "skip_to_content", "back_to_top", "read_story", "theme_label_jobs", "theme_label_care",
    "theme_label_health", "theme_label_education", "hero_numbers_label", "illustration_label", "read_original",
    "poster_save", "poster_save_story", "poster_sheet_label", "poster_hint", "poster_close",
    "poster_scan_chapter", "poster_scan_story",
];

/// `[ui]` keys with this prefix are printed only by the static page (the share posters'
/// link and sheet, `story::poster_sheet`); the wasm's `UI` leaves them out.
pub const PAGE_ONLY_UI_PREFIX: &str = "poster_";

// ---------------------------------------------------------------------------------------
// serde types

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct IndicatorFile {
    pub indicator: Vec<RawIndicator>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: Spanned<String>,
    pub theme: Spanned<String>,
    pub label: Spanned<String>,
    #[serde(default)]
    pub short: Option<Spanned<String>>,
    pub value: Spanned<String>,
    #[serde(default)]
    pub value_high: Option<Spanned<String>>,
    pub unit: Spanned<String>,
    #[serde(default)]
    pub qualifier: Option<Spanned<String>>,
    pub period: Spanned<String>,
    pub kind: Spanned<String>,
    #[serde(default)]
    pub note: Option<Spanned<String>>,
    pub source: Spanned<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct ChartFile {
    pub chart: Vec<RawChart>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawChart {
    pub id: Spanned<String>,
    pub theme: Spanned<String>,
    pub kind: Spanned<String>,
    pub title: Spanned<String>,
    pub alt: Spanned<String>,
    pub indicators: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub pair: Option<Spanned<Vec<Spanned<String>>>>,
    pub source: Spanned<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct StoryFile {
    pub headline: Spanned<String>,
    pub intro: Vec<Spanned<String>>,
    pub date: Spanned<String>,
    pub byline: Spanned<String>,
    pub hero: Spanned<Vec<Spanned<String>>>,
    pub theme: Vec<RawTheme>,
    pub glossary: RawGlossary,
    pub methodology: Vec<Spanned<String>>,
    pub credits: RawCredits,
    pub ui: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawTheme {
    pub id: Spanned<String>,
    pub nav: Spanned<String>,
    pub heading: Spanned<String>,
    pub dek: Spanned<String>,
    pub charts: Spanned<Vec<Spanned<String>>>,
    pub step: Vec<RawStep>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub text: Spanned<String>,
    #[serde(default)]
    pub highlight: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub chart: Option<Spanned<i64>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawGlossary {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub summary: Spanned<String>,
    pub item: Vec<RawGlossaryItem>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawGlossaryItem {
    pub term: Spanned<String>,
    pub text: Spanned<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawCredits {
    pub article: Spanned<String>,
    pub reporters: Spanned<String>,
    pub photos: Spanned<String>,
    #[serde(default)]
    pub lines: Vec<Spanned<String>>,
}

// ---------------------------------------------------------------------------------------
// errors

/// One problem in a content file, worded for the journalist who edits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: field `{}`: {}", self.file, self.line, self.field, self.message)
    }
}

/// A text file with its name, for turning byte spans into line numbers.
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn line_of(&self, byte: usize) -> usize {
        self.text[..byte.min(self.text.len())].matches('\n').count() + 1
    }
    fn err<T>(&self, at: &Spanned<T>, field: &str, message: impl Into<String>) -> ContentError {
        ContentError {
            file: self.name.clone(),
            line: self.line_of(at.span().start),
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// All of `content/`, parsed but not yet checked.
pub struct Content {
    pub indicators_src: Source,
    pub charts_src: Source,
    pub story_src: Source,
    pub indicators: Vec<RawIndicator>,
    pub charts: Vec<RawChart>,
    pub story: StoryFile,
}

pub const FILES: [&str; 3] = ["indicators.toml", "charts.toml", "story.toml"];

fn read(dir: &Path, name: &str) -> Result<Source, Vec<ContentError>> {
    let path: PathBuf = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Source { name: format!("content/{name}"), text }),
        Err(e) => Err(vec![ContentError {
            file: format!("content/{name}"),
            line: 0,
            field: "-".into(),
            message: format!("the file could not be read ({e})"),
        }]),
    }
}

fn parse<T: for<'de> Deserialize<'de>>(src: &Source) -> Result<T, Vec<ContentError>> {
    toml::from_str::<T>(&src.text).map_err(|e| {
        let line = e.span().map(|s| src.line_of(s.start)).unwrap_or(0);
        vec![ContentError {
            file: src.name.clone(),
            line,
            field: "-".into(),
            message: format!("this is not valid content: {}", e.message()),
        }]
    })
}

/// Read, parse and validate the content folder. Every problem found is returned.
pub fn load(dir: &Path) -> Result<Content, Vec<ContentError>> {
    let indicators_src = read(dir, FILES[0])?;
    let charts_src = read(dir, FILES[1])?;
    let story_src = read(dir, FILES[2])?;
    let mut errors = Vec::new();
    let indicators = parse::<IndicatorFile>(&indicators_src).map_err(|e| errors.extend(e)).ok();
    let charts = parse::<ChartFile>(&charts_src).map_err(|e| errors.extend(e)).ok();
    let story = parse::<StoryFile>(&story_src).map_err(|e| errors.extend(e)).ok();
    let (Some(indicators), Some(charts), Some(story)) = (indicators, charts, story) else {
        return Err(errors);
    };
    let content = Content {
        indicators_src,
        charts_src,
        story_src,
        indicators: indicators.indicator,
        charts: charts.chart,
        story,
    };
    let errors = validate(&content);
    if errors.is_empty() {
        Ok(content)
    } else {
        Err(errors)
    }
}

/// Is `s` a published decimal number: digits, at most one point, no sign, no spaces?
pub fn is_published_number(s: &str) -> bool {
    let mut parts = s.split('.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    parts.next().is_none()
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.map_or(true, |f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// The period a figure carries when the article gives it no date.
pub const PERIOD_UNSTATED: &str = "未注明";

/// The kind of quantity each unit measures: a figure's `kind` must agree with its unit.
pub fn kind_of_unit(unit: &str) -> Option<&'static str> {
    Some(match unit {
        "%" => "rate",
        "元" | "万元" | "元/月" | "元/天" => "money",
        "人/千人" => "ratio",
        "岁" => "age",
        "万平方米" => "area",
        "人" | "人次" | "名" | "种" | "家" | "个" | "万个" | "所" | "万台件套" => "count",
        _ => return None,
    })
}

/// A period is a date as the article prints it (`2019年`, `2019年初`, `截至11月底`,
/// `截至2019年11月底`) or `未注明`. Relative words (近3年, 截至目前, 去年, 现在) are not
/// dates: the reader cannot place them, since the article carries no date of its own.
pub fn is_period(p: &str) -> bool {
    if p == PERIOD_UNSTATED {
        return true;
    }
    let rest = p.strip_prefix("截至").unwrap_or(p);
    fn digits(s: &str, min: usize, max: usize, unit: char) -> Option<&str> {
        let n = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        ((min..=max).contains(&n) && s[n..].starts_with(unit)).then(|| &s[n + unit.len_utf8()..])
    }
    let (has_year, rest) = match digits(rest, 4, 4, '年') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (has_month, rest) = match digits(rest, 1, 2, '月') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.strip_prefix(['初', '底']).unwrap_or(rest);
    (has_year || has_month) && rest.is_empty()
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A plain file name, `[a-z0-9][a-z0-9._-]*`: no folder, no `..`, no hidden file, nothing a
/// shell, a URL or another file system reads differently. Every name that becomes a path in
/// `dist/` is one: `[ui] csv_filename` here, chart ids (`charts/<id>.svg`, `export/<id>.png`)
/// through [`is_id`], which is stricter.
pub fn is_file_name(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
}

/// Split copy into segments: `{id}` is a figure, `[[words]]` a glossary link.
pub fn segments(text: &str) -> Result<Vec<RawSeg>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let brace = rest.find('{');
        let link = rest.find("[[");
        let next = match (brace, link) {
            (Some(b), Some(l)) => Some(b.min(l)),
            (b, l) => b.or(l),
        };
        let Some(at) = next else {
            out.push(RawSeg::Text(rest.to_string()));
            break;
        };
        if at > 0 {
            out.push(RawSeg::Text(rest[..at].to_string()));
        }
        rest = &rest[at..];
        if rest.starts_with('{') {
            let end = rest.find('}').ok_or("a `{` is never closed with `}`")?;
            out.push(RawSeg::Fig(rest[1..end].trim().to_string()));
            rest = &rest[end + 1..];
        } else {
            let end = rest.find("]]").ok_or("a `[[` is never closed with `]]`")?;
            out.push(RawSeg::Glossary(rest[2..end].to_string()));
            rest = &rest[end + 2..];
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawSeg {
    Text(String),
    Fig(String),
    Glossary(String),
}

/// The unit without a leading 万, so that 4万元 and 5000元 compare as the same kind of amount.
fn base_unit(unit: &str) -> &str {
    unit.strip_prefix('万').filter(|r| !r.is_empty()).unwrap_or(unit)
}

/// Checks that a chart's figures fit its kind: one shared unit on a shared scale, rates
/// on rings and progress bars, the right number of figures for the shapes that need it.
fn check_chart_shape(src: &Source, ch: &RawChart, by_id: &BTreeMap<&str, &RawIndicator>) -> Vec<ContentError> {
    let mut errors = Vec::new();
    let id = ch.id.get_ref();
    let kind = ch.kind.get_ref().as_str();
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
    if kind != "paired" && !right.is_empty() {
        if let Some(p) = &ch.pair {
            errors.push(src.err(p, "pair", format!("chart `{id}` is a {kind} chart; only a `paired` chart has a right-hand panel (`pair`)")));
        }
    }
    match kind {
        "bars" | "progress" | "rings" => {
            one_unit(left, "indicators", "the bars", &mut errors);
            if kind != "bars" {
                for (r, u) in found(left, by_id) {
                    if u != "%" {
                        errors.push(src.err(r, "indicators", format!(
                            "chart `{id}` is a {kind} chart, which fills up to 100%, but `{}` is in {u}; use a percentage (unit %) or another chart kind",
                            r.get_ref()
                        )));
                    }
                }
            }
        }
        "paired" => {
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
        "before_after" => {
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
        "icon_array" => {
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
        "gauge" => {
            if left.len() != 1 {
                errors.push(src.err(&ch.indicators, "indicators", format!("chart `{id}` is a gauge, which shows exactly one figure (it has {})", left.len())));
            }
        }
        _ => {}
    }
    errors
}

/// Every check on parsed content. Order of the returned errors follows the files.
pub fn validate(c: &Content) -> Vec<ContentError> {
    let mut errors = Vec::new();
    let src = &c.indicators_src;

    // indicators
    let mut ids = BTreeSet::new();
    for ind in &c.indicators {
        let id = ind.id.get_ref();
        if !is_id(id) {
            errors.push(src.err(&ind.id, "id", format!("`{id}` is not a valid id: use lowercase ASCII letters, digits and `_`, starting with a letter")));
        }
        if !ids.insert(id.clone()) {
            errors.push(src.err(&ind.id, "id", format!("the id `{id}` is used twice; every figure needs its own id")));
        }
        if !THEMES.contains(&ind.theme.get_ref().as_str()) {
            errors.push(src.err(&ind.theme, "theme", format!("`{}` is not a theme; use one of {}", ind.theme.get_ref(), THEMES.join(", "))));
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
            errors.push(src.err(&ind.unit, "unit", format!("`{unit}` is not a known unit; use one of {} (or add it to UNITS in src/data/schema.rs on purpose)", UNITS.join(" "))));
        }
        let kind = ind.kind.get_ref().as_str();
        if !KINDS.contains(&kind) {
            errors.push(src.err(&ind.kind, "kind", format!("`{kind}` is not a kind; use one of {}", KINDS.join(", "))));
        }
        if let Some(q) = &ind.qualifier {
            if !QUALIFIERS.contains(&q.get_ref().as_str()) {
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
            if unit != "%" && kind != "rate" && KINDS.contains(&kind) && kind != want {
                errors.push(src.err(&ind.kind, "kind", format!("`{id}` is in {unit}, so its kind must be {want}, not {kind}")));
            }
        }
    }

    let known = |id: &str| ids.contains(id);
    let theme_of: BTreeMap<&str, &str> =
        c.indicators.iter().map(|i| (i.id.get_ref().as_str(), i.theme.get_ref().as_str())).collect();
    let by_id: BTreeMap<&str, &RawIndicator> =
        c.indicators.iter().map(|i| (i.id.get_ref().as_str(), i)).collect();

    // charts
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
        if !THEMES.contains(&ch.theme.get_ref().as_str()) {
            errors.push(csrc.err(&ch.theme, "theme", format!("`{}` is not a theme; use one of {}", ch.theme.get_ref(), THEMES.join(", "))));
        }
        if !CHART_KINDS.contains(&ch.kind.get_ref().as_str()) {
            errors.push(csrc.err(&ch.kind, "kind", format!("`{}` is not a chart kind; use one of {}", ch.kind.get_ref(), CHART_KINDS.join(", "))));
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
        errors.extend(check_chart_shape(csrc, ch, &by_id));
        if !c.story.theme.iter().any(|t| t.charts.get_ref().iter().any(|x| x.get_ref() == id)) {
            errors.push(csrc.err(&ch.id, "id", format!("chart `{id}` is not listed in any theme's `charts` in content/story.toml, so no reader would see it")));
        }
    }

    // story
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
    check_copy(&s.headline, "headline", &mut errors);
    for p in &s.intro {
        check_copy(p, "intro", &mut errors);
    }
    for h in s.hero.get_ref() {
        if !known(h.get_ref()) {
            errors.push(ssrc.err(h, "hero", format!("hero figure `{}` is not an id in content/indicators.toml", h.get_ref())));
        }
    }
    let mut seen_themes = BTreeSet::new();
    for t in &s.theme {
        let tid = t.id.get_ref().as_str();
        if !THEMES.contains(&tid) {
            errors.push(ssrc.err(&t.id, "theme.id", format!("`{tid}` is not a theme; use one of {}", THEMES.join(", "))));
        }
        if !seen_themes.insert(tid.to_string()) {
            errors.push(ssrc.err(&t.id, "theme.id", format!("the theme `{tid}` appears twice")));
        }
        for (field, text) in [("theme.nav", &t.nav), ("theme.heading", &t.heading), ("theme.dek", &t.dek)] {
            check_copy(text, field, &mut errors);
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
            check_copy(&st.text, "step.text", &mut errors);
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
    for th in THEMES {
        if !seen_themes.contains(*th) {
            errors.push(ContentError { file: ssrc.name.clone(), line: 0, field: "theme".into(), message: format!("the theme `{th}` is missing") });
        }
        if !c.charts.iter().any(|ch| ch.theme.get_ref() == th) {
            errors.push(ContentError { file: csrc.name.clone(), line: 0, field: "theme".into(), message: format!("the theme `{th}` has no chart in content/charts.toml") });
        }
    }
    check_copy(&s.glossary.summary, "glossary.summary", &mut errors);
    for it in &s.glossary.item {
        check_copy(&it.term, "glossary.item.term", &mut errors);
        check_copy(&it.text, "glossary.item.text", &mut errors);
    }
    for p in &s.methodology {
        check_copy(p, "methodology", &mut errors);
    }
    for key in UI_KEYS {
        if !s.ui.contains_key(*key) {
            errors.push(ContentError { file: ssrc.name.clone(), line: 0, field: format!("ui.{key}"), message: "this interface text is missing".into() });
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
        if !UI_KEYS.contains(&k.as_str()) {
            errors.push(ssrc.err(v, &format!("ui.{k}"), "no part of the page uses this key; check its spelling"));
        }
    }
    errors
}

// ---------------------------------------------------------------------------------------
// code generation

/// Text only the static page prints (the data table, the CSV), never the browser's islands:
/// empty in the wasm (see `page_only!` in `src/data/content.rs`).
fn page_only(literal: &str) -> String {
    format!("page_only!({literal})")
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn lits(v: &[Spanned<String>]) -> String {
    let items: Vec<String> = v.iter().map(|s| lit(s.get_ref())).collect();
    format!("&[{}]", items.join(", "))
}

fn para(text: &str) -> String {
    let segs = segments(text).expect("validated");
    let items: Vec<String> = segs
        .iter()
        .map(|s| match s {
            RawSeg::Text(t) => format!("Seg::Text({})", lit(t)),
            RawSeg::Fig(f) => format!("Seg::Fig({})", lit(f)),
            RawSeg::Glossary(g) => format!("Seg::Glossary({})", lit(g)),
        })
        .collect();
    format!("&[{}]", items.join(", "))
}

fn theme_variant(s: &str) -> &'static str {
    match s {
        "jobs" => "ThemeId::Jobs",
        "care" => "ThemeId::Care",
        "health" => "ThemeId::Health",
        _ => "ThemeId::Education",
    }
}

/// Rust source for the generated module (`include!`d by `src/data/content.rs`).
pub fn generate(c: &Content) -> String {
    let mut o = String::new();
    o.push_str("// Generated by build.rs from content/. Do not edit.\n");
    o.push_str("pub static INDICATORS: &[Indicator] = &[\n");
    for i in &c.indicators {
        let qualifier = match i.qualifier.as_ref().map(|q| q.get_ref().as_str()).unwrap_or("") {
            "以内" => "Qualifier::Within",
            "左右" => "Qualifier::About",
            "余" => "Qualifier::Over",
            "多" => "Qualifier::More",
            "累计" => "Qualifier::Cumulative",
            _ => "Qualifier::None",
        };
        let kind = match i.kind.get_ref().as_str() {
            "count" => "Kind::Count",
            "money" => "Kind::Money",
            "rate" => "Kind::Rate",
            "ratio" => "Kind::Ratio",
            "area" => "Kind::Area",
            _ => "Kind::Age",
        };
        let number: f64 = i.value.get_ref().parse().expect("validated");
        o.push_str(&format!(
            "    Indicator {{ id: {}, theme: {}, label: {}, short: {}, value: {}, value_high: {}, number_high: {}, number: {:?}, unit: {}, qualifier: {}, period: {}, kind: {}, note: {}, source: {} }},\n",
            lit(i.id.get_ref()),
            theme_variant(i.theme.get_ref()),
            lit(i.label.get_ref()),
            lit(i.short.as_ref().unwrap_or(&i.label).get_ref()),
            lit(i.value.get_ref()),
            i.value_high.as_ref().map_or("None".to_string(), |h| format!("Some({})", lit(h.get_ref()))),
            i.value_high.as_ref().map_or("None".to_string(), |h| format!("Some({:?})", h.get_ref().parse::<f64>().expect("validated"))),
            number,
            lit(i.unit.get_ref()),
            qualifier,
            lit(i.period.get_ref()),
            kind,
            page_only(&lit(i.note.as_ref().map(|n| n.get_ref().as_str()).unwrap_or(""))),
            page_only(&lit(i.source.get_ref())),
        ));
    }
    o.push_str("];\n\npub static CHARTS: &[ChartSpec] = &[\n");
    for ch in &c.charts {
        let kind = match ch.kind.get_ref().as_str() {
            "bars" => "ChartKind::Bars",
            "gauge" => "ChartKind::Gauge",
            "progress" => "ChartKind::Progress",
            "rings" => "ChartKind::Rings",
            "icon_array" => "ChartKind::IconArray",
            "before_after" => "ChartKind::BeforeAfter",
            "paired" => "ChartKind::Paired",
            _ => "ChartKind::Counters",
        };
        let pair = ch.pair.as_ref().map(|p| lits(p.get_ref())).unwrap_or_else(|| "&[]".into());
        o.push_str(&format!(
            "    ChartSpec {{ id: {}, theme: {}, kind: {}, title: {}, alt: {}, indicators: {}, pair: {}, source: {} }},\n",
            lit(ch.id.get_ref()),
            theme_variant(ch.theme.get_ref()),
            kind,
            lit(ch.title.get_ref()),
            lit(ch.alt.get_ref()),
            lits(ch.indicators.get_ref()),
            pair,
            lit(ch.source.get_ref()),
        ));
    }
    o.push_str("];\n\n");
    let s = &c.story;
    let intro: Vec<String> = s.intro.iter().map(|p| para(p.get_ref())).collect();
    let themes: Vec<String> = s
        .theme
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let steps: Vec<String> = t.step.iter().map(|st| format!("Step {{ text: {} }}", para(st.text.get_ref()))).collect();
            format!(
                "Theme {{ id: {}, nav: {}, heading: {}, dek: {}, steps: &[{}], plan: &PLANS[{i}] }}",
                theme_variant(t.id.get_ref()),
                lit(t.nav.get_ref()),
                lit(t.heading.get_ref()),
                lit(t.dek.get_ref()),
                steps.join(", "),
            )
        })
        .collect();
    let items: Vec<String> = s
        .glossary
        .item
        .iter()
        .map(|it| format!("GlossaryItem {{ term: {}, text: {} }}", lit(it.term.get_ref()), para(it.text.get_ref())))
        .collect();
    let method: Vec<String> = s.methodology.iter().map(|p| para(p.get_ref())).collect();
    let ui = |all: bool| -> String {
        let items: Vec<String> = s
            .ui
            .iter()
            .filter(|(k, _)| all || !k.starts_with(PAGE_ONLY_UI_PREFIX))
            .map(|(k, v)| format!("({}, {})", lit(k), lit(v.get_ref())))
            .collect();
        items.join(", ")
    };
    // What the browser's islands need, apart from the copy: the wasm references only these,
    // so the story text (STORY) stays out of it (see ARCHITECTURE.md, "Islands").
    // STORY's themes point at their plan. Strings only the static page prints (the share
    // poster link and sheet) are not in the wasm's UI at all.
    o.push_str(&format!("#[cfg(not(target_arch = \"wasm32\"))]\nconst UI_ENTRIES: &[(&str, &str)] = &[{}];\n", ui(true)));
    o.push_str(&format!("#[cfg(target_arch = \"wasm32\")]\nconst UI_ENTRIES: &[(&str, &str)] = &[{}];\n", ui(false)));
    o.push_str("pub static UI: Ui = Ui { entries: UI_ENTRIES };\n");
    let plans: Vec<String> = s
        .theme
        .iter()
        .map(|t| {
            let steps: Vec<String> = t
                .step
                .iter()
                .map(|st| {
                    format!(
                        "StepPlan {{ highlight: {}, chart: {} }}",
                        st.highlight.as_ref().map(|h| lits(h.get_ref())).unwrap_or_else(|| "&[]".into()),
                        st.chart.as_ref().map(|c| *c.get_ref()).unwrap_or(0)
                    )
                })
                .collect();
            format!(
                "ChapterPlan {{ theme: {}, charts: {}, steps: &[{}] }}",
                theme_variant(t.id.get_ref()),
                lits(t.charts.get_ref()),
                steps.join(", ")
            )
        })
        .collect();
    o.push_str(&format!("pub static PLANS: &[ChapterPlan] = &[{}];\n\n", plans.join(", ")));
    o.push_str(&format!(
        "pub static STORY: Story = Story {{ headline: {}, intro: &[{}], date: {}, byline: {}, hero: {}, themes: &[{}], glossary: Glossary {{ id: {}, title: {}, summary: {}, items: &[{}] }}, methodology: &[{}], credits: Credits {{ article: {}, reporters: {}, photos: {}, lines: {} }}, ui: Ui {{ entries: UI_ENTRIES }} }};\n",
        lit(s.headline.get_ref()),
        intro.join(", "),
        lit(s.date.get_ref()),
        lit(s.byline.get_ref()),
        lits(s.hero.get_ref()),
        themes.join(", "),
        lit(s.glossary.id.get_ref()),
        lit(s.glossary.title.get_ref()),
        para(s.glossary.summary.get_ref()),
        items.join(", "),
        method.join(", "),
        lit(s.credits.article.get_ref()),
        lit(s.credits.reporters.get_ref()),
        lit(s.credits.photos.get_ref()),
        lits(&s.credits.lines),
    ));
    o
}
