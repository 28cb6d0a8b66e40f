//! The on-disk shape of a content folder: serde types at the edge, every value `Spanned` so
//! that validation can name the line. Unknown fields are errors (a typo must not vanish).

use crate::Source;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

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
    /// The words above the chapter's heading (was `[ui] theme_label_<id>`).
    pub kicker: Spanned<String>,
    pub heading: Spanned<String>,
    pub dek: Spanned<String>,
    /// `#rrggbb`: the chapter's colour on the page (a decorative rule, through a generated
    /// `<style>`), visible on the light and the dark page (3:1).
    pub color: Spanned<String>,
    /// A file name in `assets/illustrations/`, drawn at the head of the chapter.
    pub illustration: Spanned<String>,
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

/// All of a content folder, parsed. After [`crate::load`] it is also valid.
pub struct Content {
    pub indicators_src: Source,
    pub charts_src: Source,
    pub story_src: Source,
    pub indicators: Vec<RawIndicator>,
    pub charts: Vec<RawChart>,
    pub story: StoryFile,
}

impl Content {
    /// The chapter ids, in story order.
    pub fn chapter_ids(&self) -> Vec<&str> {
        self.story.theme.iter().map(|t| t.id.get_ref().as_str()).collect()
    }
}
