//! The words a journalist may use in content, and the plain-text rules values follow:
//! units, kinds of figure, qualifiers, chart kinds, interface keys, periods, ids, file names,
//! colours, and the `{figure}` / `[[glossary]]` marks in copy.
//!
//! Chart kinds and interface keys become Rust types in the app (see `codegen`): adding one
//! here makes every `match` on `ChartKind` and every use of `Ui` in the app check it.

/// Units a figure may carry. A new unit is added here on purpose, not by typo.
pub const UNITS: &[&str] = &[
    "人", "人次", "名", "元", "万元", "元/月", "元/天", "%", "种", "家", "个", "万个", "所",
    "万平方米", "万台件套", "人/千人", "岁",
];

/// Longest short label, in characters, that fits beside a bar on a phone.
pub const SHORT_MAX: usize = 8;

/// Qualifiers as printed, and the app's `Qualifier` variant for each.
pub const QUALIFIERS: &[(&str, &str)] = &[
    ("", "None"), ("以内", "Within"), ("左右", "About"), ("余", "Over"), ("多", "More"), ("累计", "Cumulative"),
];

/// Kinds of figure as written in content, and the app's `Kind` variant for each.
pub const KINDS: &[(&str, &str)] = &[
    ("count", "Count"), ("money", "Money"), ("rate", "Rate"), ("ratio", "Ratio"), ("age", "Age"), ("area", "Area"),
];

/// The app's variant for a name in a `(name, variant)` table; `None` when not a known name.
pub fn variant_of(table: &[(&'static str, &'static str)], name: &str) -> Option<&'static str> {
    table.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// How many chapters a story may have: the bar holds up to eight names.
pub const CHAPTERS: std::ops::RangeInclusive<usize> = 1..=8;

/// Element ids the page uses for itself; a chapter id becomes an element id and a URL
/// anchor (`#jobs`), so it may not be one of these.
pub const RESERVED_IDS: &[&str] =
    &["top", "main", "app", "data", "glossary", "methodology", "credits", "embed", "progress-fill"];

/// How a chart draws its figures. The app's `ChartKind` is generated from this list, so a
/// kind added here fails to compile until every `match` in `src/charts/` draws it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    Bars,
    Gauge,
    Progress,
    Rings,
    IconArray,
    BeforeAfter,
    Paired,
    Counters,
}

impl ChartKind {
    pub const ALL: [ChartKind; 8] = [
        ChartKind::Bars, ChartKind::Gauge, ChartKind::Progress, ChartKind::Rings,
        ChartKind::IconArray, ChartKind::BeforeAfter, ChartKind::Paired, ChartKind::Counters,
    ];

    /// The name written in `content/charts.toml` (`kind = "bars"`).
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Bars => "bars",
            ChartKind::Gauge => "gauge",
            ChartKind::Progress => "progress",
            ChartKind::Rings => "rings",
            ChartKind::IconArray => "icon_array",
            ChartKind::BeforeAfter => "before_after",
            ChartKind::Paired => "paired",
            ChartKind::Counters => "counters",
        }
    }

    /// What it draws: the doc comment of the generated variant.
    pub fn doc(self) -> &'static str {
        match self {
            ChartKind::Bars => "Horizontal comparison bars on one shared scale (all indicators share a unit).",
            ChartKind::Gauge => "A marker on a 0..max scale with a band, e.g. unemployment `3%以内`.",
            ChartKind::Progress => "Progress bars against 100%, ranked (rates only).",
            ChartKind::Rings => "Rings that sweep to a percentage (rates only).",
            ChartKind::IconArray => "An icon array: first indicator is the whole, second a highlighted part.",
            ChartKind::BeforeAfter => "Two amounts before and after, e.g. fees or bills, with the share that remains.",
            ChartKind::Paired => "Paired panels: money (万元) on the left, person-times on the right; never one axis.",
            ChartKind::Counters => "Big numbers that count up.",
        }
    }

    pub fn from_name(s: &str) -> Option<ChartKind> {
        ChartKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// Every interface text the page uses, `[ui]` in `content/story.toml`, with what a
/// journalist writes for it. The app reads them as fields of the generated `Ui` struct
/// (`ui().site_name`), so a misspelt key fails to compile; a key missing from content fails
/// the build with this description. To add a key: one line here, the text in every
/// edition's `[ui]`, and a use in the app (a test fails on a key nothing reads).
pub const UI_KEYS: &[(&str, &str)] = &[
    ("site_name", "the story's short name: the bar, the hero kicker, the share image"),
    ("nav_label", "what screen readers call the chapter bar"),
    ("hero_numbers_label", "what screen readers call the list of headline numbers"),
    ("skip_to_content", "the first link, for keyboard readers, that skips to the story"),
    ("back_to_top", "the link at the end that goes back to the top"),
    ("copy_link", "the button in each chapter head that copies the chapter's link"),
    ("link_copied", "what that button says once the link is copied"),
    ("copy_link_manual", "what the page says when it cannot copy and shows the link instead"),
    ("chart_table_summary", "the line that opens a chart's table of figures"),
    ("chart_source_prefix", "printed before each chart's source line, e.g. 来源："),
    ("data_heading", "heading of the data section"),
    ("data_intro", "the sentence under it, saying what the table holds"),
    ("table_caption", "caption of the table of every figure"),
    ("col_label", "table column: what the figure counts"),
    ("col_value", "table column: the figure as printed"),
    ("col_unit", "table column: its unit"),
    ("col_qualifier", "table column: 以内, 左右 …"),
    ("col_period", "table column: when it applies"),
    ("col_note", "table column: context"),
    ("col_source", "table and CSV column: where in the article it stands"),
    ("download_csv", "the button that downloads the figures as CSV"),
    ("csv_filename", "the CSV's file name, e.g. wushan-minsheng-2019.csv (the one-file edition takes the same name with .html)"),
    ("glossary_heading", "heading of the glossary"),
    ("methodology_heading", "heading of the notes on the data"),
    ("credits_heading", "heading of the credits"),
    ("read_original", "the link to the original article, in the WeChat pack"),
    ("elder_mode", "the 长辈模式 switch (larger text and targets) in the hero and the bar"),
    ("read_aloud", "the button that reads a chapter or a step aloud"),
    ("stop_reading", "what that button says while it reads"),
    ("poster_save", "the link under each chart that opens its share poster (保存图片)"),
    ("poster_save_story", "the link at the end that opens the whole story's share poster"),
    ("poster_sheet_label", "what the poster sheet is called (its heading, for screen readers too)"),
    ("poster_hint", "the hint under the poster: long-press to save or send it"),
    ("poster_close", "the button that closes the poster sheet"),
    ("poster_scan_chapter", "the words beside a chart poster's QR code"),
    ("poster_scan_story", "the words beside the story poster's QR code"),
];

/// `[ui]` keys with this prefix are printed only by the static page and the posters (the
/// poster links and sheet): the generated `Ui` has them only natively, so the wasm carries
/// none of these strings and its code cannot name them.
pub const PAGE_ONLY_UI_PREFIX: &str = "poster_";

/// The page backgrounds a chapter colour is seen on (light and dark mode, `--bg` in
/// `assets/style.css`); a test in the app checks they still match.
pub const PAGE_BACKGROUNDS: [(&str, &str); 2] = [("light", "#f7f4ee"), ("dark", "#0d0e10")];

/// Contrast a decorative chapter colour needs on both backgrounds (WCAG 2.x, graphics).
pub const CHAPTER_COLOR_CONTRAST: f64 = 3.0;

/// `#rrggbb` as three bytes.
pub fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#').filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()))?;
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG 2.x contrast ratio of two colours.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    fn lum(c: [u8; 3]) -> f64 {
        let lin = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    }
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Is `s` a published decimal number: digits, at most one point, no sign, no spaces?
pub fn is_published_number(s: &str) -> bool {
    let mut parts = s.split('.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    parts.next().is_none()
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
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

pub fn is_id(s: &str) -> bool {
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
pub fn base_unit(unit: &str) -> &str {
    unit.strip_prefix('万').filter(|r| !r.is_empty()).unwrap_or(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_kind_has_one_name_that_reads_back() {
        let mut names: Vec<&str> = ChartKind::ALL.iter().map(|k| k.name()).collect();
        for k in ChartKind::ALL {
            assert_eq!(ChartKind::from_name(k.name()), Some(k));
            assert!(!k.doc().is_empty());
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ChartKind::ALL.len());
        assert_eq!(ChartKind::from_name("pie"), None);
    }

    #[test]
    fn interface_keys_are_unique_field_names_with_a_description() {
        let mut keys: Vec<&str> = UI_KEYS.iter().map(|(k, _)| *k).collect();
        assert!(UI_KEYS.iter().all(|(k, d)| is_id(k) && !d.is_empty()));
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), UI_KEYS.len());
    }

    #[test]
    fn colours_parse_and_contrast_as_wcag_says() {
        assert_eq!(parse_color("#0b6e99"), Some([0x0b, 0x6e, 0x99]));
        for bad in ["0b6e99", "#0b6e9", "#0b6e99ff", "#0g6e99", "blue", ""] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast([0x77, 0x77, 0x77], [255, 255, 255]) - 4.48).abs() < 0.01);
    }
}
