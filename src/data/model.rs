//! Domain types for the story's content. Pure Rust: no serde, no yew, no web-sys.
//!
//! Values of these types are generated at build time by `build.rs` from the files in
//! `content/` (the `wushan-content` crate, `crates/content`, holds the on-disk shape, its
//! validation and the code generation). Everything is `'static` so the wasm pays nothing
//! for parsing. The vocabulary types `ChartKind` and `Ui` are generated too, from the content
//! crate's lists (see `src/data/content.rs`). Chapters have no type of their own: a chapter is
//! its id from `content/story.toml` (`[[theme]] id`), and there are as many as content has.

pub use super::vocab::ChartKind;

/// What sort of quantity a figure is. Drives chart choice and formatting checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// People, person-times, institutions, items.
    Count,
    /// Amounts of money (元, 万元, 元/月 …).
    Money,
    /// A percentage (unit `%`), 0..=100.
    Rate,
    /// A ratio such as doctors per 1000 residents.
    Ratio,
    /// A person's age, as told in a human story.
    Age,
    /// A floor area (万平方米).
    Area,
}

/// The qualifier printed beside a figure, exactly as published.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    None,
    /// 以内: "at most", printed after the unit: `3%以内`.
    Within,
    /// 左右: "about", printed after the unit: `90%左右`.
    About,
    /// 余: "more than", printed after the number and its 万: `1万余个`, `10余名`.
    Over,
    /// 多: "more than", same place as 余: `5000多元`.
    More,
    /// 累计: "cumulative", printed before the number: `累计55727人次`.
    Cumulative,
}

impl Qualifier {
    pub fn text(self) -> &'static str {
        match self {
            Qualifier::None => "",
            Qualifier::Within => "以内",
            Qualifier::About => "左右",
            Qualifier::Over => "余",
            Qualifier::More => "多",
            Qualifier::Cumulative => "累计",
        }
    }
}

/// One published figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Indicator {
    /// Stable ASCII snake_case id, e.g. `emp_new_jobs`.
    pub id: &'static str,
    /// The id of its chapter.
    pub theme: &'static str,
    /// Full label as a reader sees it in the data table.
    pub label: &'static str,
    /// Short label for chart axes and marks (falls back to `label` in content).
    pub short: &'static str,
    /// The value exactly as published, digits only: `4182.11`, `459.791`, `18.00`, `3`.
    pub value: &'static str,
    /// Upper end of a published range (`四五万元` is value 4, value_high 5).
    pub value_high: Option<&'static str>,
    /// `value_high` as a number, for geometry only (parsed at build time).
    pub number_high: Option<f64>,
    /// `value` parsed, for geometry only. Never printed.
    pub number: f64,
    /// Unit as published: 人, 人次, 名, 万元, 元, %, 种, 家, 个, 所, 万平方米, 万台件套 …
    pub unit: &'static str,
    pub qualifier: Qualifier,
    /// Period as published: `2019年`, `截至11月底`, `近3年` …
    pub period: &'static str,
    pub kind: Kind,
    /// Context from the article, in our own words. Empty when none.
    pub note: &'static str,
    /// Where in the source it stands, e.g. `数说民生 第2段` or `正文 就业有路 第4段`.
    pub source: &'static str,
}

/// A piece of story text: plain words, or a figure pulled from the dataset by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg {
    Text(&'static str),
    /// `{indicator_id}` in the copy: printed as the indicator's formatted value.
    Fig(&'static str),
    /// `[[glossary]]` link in the copy: words that link to the glossary entry.
    Glossary(&'static str),
}

/// A paragraph of story copy, split into segments at build time.
pub type Para = &'static [Seg];

/// One scrollytelling step: a short paragraph and the figures its chart highlights.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub text: Para,
}

/// What one scroll step shows: the chart (an index into its chapter's `charts`) and the
/// figures it highlights. The browser's chart islands read only this, never the copy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepPlan {
    pub highlight: &'static [&'static str],
    pub chart: usize,
}

/// A chapter's graphic: its charts and what each step shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChapterPlan {
    /// The chapter's id.
    pub theme: &'static str,
    pub charts: &'static [&'static str],
    pub steps: &'static [StepPlan],
}

impl ChapterPlan {
    /// Step `i`; past the last step (the reader scrolled beyond it), the last one.
    pub fn step(&self, i: usize) -> Option<&'static StepPlan> {
        self.steps.get(i.min(self.steps.len().saturating_sub(1)))
    }

    /// The id of the chart step `i` shows.
    pub fn chart_at(&self, i: usize) -> Option<&'static str> {
        self.charts.get(self.step(i)?.chart).copied()
    }
}

/// A chart: what it shows and the words around it. No pixels here.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartSpec {
    /// Stable id, e.g. `fig_jobs_counts`; used in snapshots, exports and embeds.
    pub id: &'static str,
    /// The id of its chapter.
    pub theme: &'static str,
    /// How it draws (`ChartKind` is generated from the content crate's list).
    pub kind: ChartKind,
    pub title: &'static str,
    /// One-sentence text alternative that states the finding.
    pub alt: &'static str,
    /// Indicator ids in drawing order.
    pub indicators: &'static [&'static str],
    /// For `Paired`: ids of the right-hand panel (the left uses `indicators`).
    pub pair: &'static [&'static str],
    /// Source line printed under the chart.
    pub source: &'static str,
}

/// One chapter of the story.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// The chapter's id: its anchor (`#<id>`), its `chapter-<id>` class.
    pub id: &'static str,
    /// Short name for the navigation bar.
    pub nav: &'static str,
    /// The words above the heading.
    pub kicker: &'static str,
    pub heading: &'static str,
    pub dek: &'static str,
    /// `#rrggbb`, the chapter's colour (a decorative rule; see `data::chapter_css`).
    pub color: &'static str,
    /// A file name in `assets/illustrations/` (served as `illustrations/<name>`).
    pub illustration: &'static str,
    /// The copy of each step; what each step shows is in `plan.steps`, one for one.
    pub steps: &'static [Step],
    /// The chapter's charts and what each step shows (also `data::PLANS`, which the browser
    /// reads without the copy).
    pub plan: &'static ChapterPlan,
}

/// One part of the "123456" model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GlossaryItem {
    /// The numeral and its name, e.g. `一帮一`.
    pub term: &'static str,
    pub text: Para,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glossary {
    pub id: &'static str,
    pub title: &'static str,
    pub summary: Para,
    pub items: &'static [GlossaryItem],
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Credits {
    /// Title of the original article.
    pub article: &'static str,
    pub reporters: &'static str,
    pub photos: &'static str,
    /// Further credit lines (our own production, data notes).
    pub lines: &'static [&'static str],
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Story {
    pub headline: &'static str,
    pub intro: &'static [Para],
    /// Publication date as printed.
    pub date: &'static str,
    pub byline: &'static str,
    /// Ids of the three or four hero numbers.
    pub hero: &'static [&'static str],
    pub themes: &'static [Theme],
    pub glossary: Glossary,
    pub methodology: &'static [Para],
    pub credits: Credits,
}
