//! The dataset against the source article. Every number is read from the article file;
//! none is listed here by hand. Skips (with a message) when the article is not present.
//!
//! - The "数说民生" box: every bold figure `**…**` (value, unit, and a qualifier printed
//!   right before or after it) matches a row sourced from the same bullet; every other
//!   number in the box (not a year, a date or part of a quoted name) is a row too; and every
//!   row sourced from the box appears in its bullet.
//! - The main text: every row sourced from `正文 <section> 第N段` appears, as published,
//!   in paragraph N of that section.

use std::path::PathBuf;
use wushan::data::{Indicator, INDICATORS};

const ARTICLE: &str = "000_210b77985b5452f7.txt";
const QUALIFIERS_AFTER: [&str; 4] = ["以内", "左右", "余", "多"];

fn article() -> Option<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/source");
    if !dir.is_dir() {
        println!("skipped: ../shared/source not found");
        return None;
    }
    match std::fs::read_to_string(dir.join(ARTICLE)) {
        Ok(t) => Some(t),
        Err(_) => {
            println!("skipped: ../shared/source/{ARTICLE} not found");
            None
        }
    }
}

/// The bullets of the 数说民生 box, numbered from 1, between its title line and 名词释义.
fn block_bullets(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let start = lines.iter().position(|l| *l == "数说民生").expect("the article has a 数说民生 line");
    let end = lines[start..].iter().position(|l| *l == "名词释义").map(|i| start + i).expect("名词释义 follows 数说民生");
    let bullets: Vec<String> = lines[start + 1..end]
        .iter()
        .filter_map(|l| l.strip_prefix('●'))
        .map(str::to_string)
        .collect();
    assert!(!bullets.is_empty(), "no ● bullets found in the 数说民生 box");
    bullets
}

fn is_num_char(c: char) -> bool {
    c.is_ascii_digit() || c == '.'
}

/// (value, unit) from bold text like `4182.11万元`, `3%`, `695名`.
fn split_figure(bold: &str) -> (String, String) {
    let n = bold.find(|c: char| !is_num_char(c)).unwrap_or(bold.len());
    (bold[..n].to_string(), bold[n..].to_string())
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Published {
    bullet: usize,
    value: String,
    unit: String,
    qualifier: String,
}

/// Every bold figure of a bullet, with the qualifier printed right before or after it;
/// and the bullet's text with the bold figures blanked out.
fn bold_figures(bullet: usize, text: &str) -> (Vec<Published>, String) {
    let mut out = Vec::new();
    let mut rest_text = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("**") {
        let close = rest[open + 2..].find("**").map(|c| open + 2 + c).expect("bold is closed");
        let before = &rest[..open];
        let (value, unit) = split_figure(&rest[open + 2..close]);
        assert!(!value.is_empty(), "bold text without a number in bullet {bullet}: {}", &rest[open + 2..close]);
        let after = &rest[close + 2..];
        let qualifier = if before.ends_with("累计") {
            "累计".to_string()
        } else {
            QUALIFIERS_AFTER.iter().find(|q| after.starts_with(*q)).map(|q| q.to_string()).unwrap_or_default()
        };
        out.push(Published { bullet, value, unit, qualifier });
        rest_text.push_str(before);
        rest_text.push(' ');
        rest = after;
    }
    rest_text.push_str(rest);
    (out, rest_text)
}

fn bullet_of(ind: &Indicator) -> Option<usize> {
    ind.source.strip_prefix("数说民生 第")?.strip_suffix('条')?.parse().ok()
}

fn block_rows() -> Vec<&'static Indicator> {
    INDICATORS.iter().filter(|i| i.source.starts_with("数说民生")).collect()
}

#[test]
fn every_bold_figure_of_the_box_is_in_the_dataset() {
    let Some(text) = article() else { return };
    let rows = block_rows();
    let mut published = Vec::new();
    for (n, b) in block_bullets(&text).iter().enumerate() {
        published.extend(bold_figures(n + 1, b).0);
    }
    assert!(published.len() >= 30, "only {} bold figures found; is the box parsed right?", published.len());
    let mut missing = Vec::new();
    for p in &published {
        // As many rows as the box prints this figure in this bullet (100% appears often).
        let printed = published.iter().filter(|q| *q == p).count();
        let rows_with = rows
            .iter()
            .filter(|i| bullet_of(i) == Some(p.bullet) && i.value == p.value && i.unit == p.unit && i.qualifier.text() == p.qualifier)
            .count();
        if rows_with < printed {
            missing.push(format!("bullet {}: {}{}{} printed {printed}×, {rows_with} row(s) in the dataset", p.bullet, p.value, p.unit, p.qualifier));
        }
    }
    missing.dedup();
    assert!(missing.is_empty(), "figures of the 数说民生 box with no exact row (value, unit, qualifier, bullet):\n{}", missing.join("\n"));
}

/// Start of each digit run (`\d+(\.\d+)?`) with its text.
fn digit_runs(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i..].chars().next().unwrap();
        if c.is_ascii_digit() {
            let end = s[i..].find(|c: char| !is_num_char(c)).map_or(s.len(), |e| i + e);
            out.push((i, s[i..end].trim_end_matches('.')));
            i = end;
        } else {
            i += c.len_utf8();
        }
    }
    out
}

/// Is byte `at` inside a “quoted name”?
fn in_quotes(s: &str, at: usize) -> bool {
    let open = s[..at].rfind('“');
    let close = s[..at].rfind('”');
    match (open, close) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

#[test]
fn every_other_number_in_the_box_is_in_the_dataset() {
    let Some(text) = article() else { return };
    let rows = block_rows();
    let mut missing = Vec::new();
    let mut checked = 0;
    for (n, b) in block_bullets(&text).iter().enumerate() {
        let (_, plain) = bold_figures(n + 1, b);
        for (at, run) in digit_runs(&plain) {
            let after = &plain[at + run.len()..];
            let is_year = run.len() == 4 && after.starts_with('年');
            let is_date = after.starts_with("月底");
            if is_year || is_date || in_quotes(&plain, at) {
                continue;
            }
            checked += 1;
            let found = rows.iter().any(|i| bullet_of(i) == Some(n + 1) && i.value == run && after.starts_with(i.unit));
            if !found {
                missing.push(format!("bullet {}: `{run}` followed by `{}`", n + 1, after.chars().take(4).collect::<String>()));
            }
        }
    }
    assert!(checked >= 1, "expected at least one plain number in the box (e.g. the count of chronic diseases)");
    assert!(missing.is_empty(), "numbers of the 数说民生 box with no row in the dataset:\n{}", missing.join("\n"));
}

#[test]
fn every_box_row_is_printed_in_its_bullet() {
    let Some(text) = article() else { return };
    let bullets = block_bullets(&text);
    let mut wrong = Vec::new();
    for i in block_rows() {
        let Some(b) = bullet_of(i).filter(|b| (1..=bullets.len()).contains(b)) else {
            wrong.push(format!("`{}`: source `{}` names no bullet of the box", i.id, i.source));
            continue;
        };
        let (bold, plain) = bold_figures(b, &bullets[b - 1]);
        let in_bold = bold.iter().any(|p| p.value == i.value && p.unit == i.unit && p.qualifier == i.qualifier.text());
        let in_plain = digit_runs(&plain).iter().any(|(at, run)| *run == i.value && plain[at + run.len()..].starts_with(i.unit));
        if !(in_bold || in_plain) {
            wrong.push(format!("`{}` ({}{}) is not printed in bullet {b}", i.id, i.value, i.unit));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------------------
// main text

const SENTENCE_END: [char; 5] = ['。', '！', '？', '”', '…'];

fn has_punctuation(line: &str) -> bool {
    line.contains(['。', '，', '；', '！', '？', '：'])
}

/// Paragraphs of the section whose heading line starts with `name`. Headings and photo
/// captions are lines without punctuation; a paragraph broken across lines is joined.
/// `names` are all the section names the dataset cites; the next one ends the section.
fn section(text: &str, name: &str, names: &[&str]) -> Option<Vec<String>> {
    let is_heading = |l: &str, n: &str| l.starts_with(n) && !has_punctuation(l);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let start = lines.iter().position(|l| is_heading(l, name))?;
    let mut paras: Vec<String> = Vec::new();
    for l in &lines[start + 1..] {
        if !has_punctuation(l) {
            // The next section heading or the 数说民生 box ends it; a photo caption does not.
            if names.iter().any(|n| is_heading(l, n)) || *l == "链接" || *l == "数说民生" {
                break;
            }
            continue;
        }
        match paras.last_mut() {
            Some(p) if !p.ends_with(SENTENCE_END) => p.push_str(l),
            _ => paras.push(l.to_string()),
        }
    }
    Some(paras)
}

fn chinese_digit(d: &str) -> Option<&'static str> {
    ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"].get(d.parse::<usize>().ok()?).copied()
}

/// The figure as the main text prints it: `1万余个`, `10余名`, `90%左右`, `2.62人`
/// (a per-unit such as 人/千人 is printed as its first part), `四五万元`.
fn as_printed(i: &Indicator) -> String {
    let base = i.unit.split('/').next().unwrap_or(i.unit);
    let (wan, rest) = match base.strip_prefix('万') {
        Some(r) => ("万", r),
        None => ("", base),
    };
    let q = i.qualifier.text();
    let number = match i.value_high {
        Some(h) => format!("{}{}", chinese_digit(i.value).unwrap_or("?"), chinese_digit(h).unwrap_or("?")),
        None => i.value.to_string(),
    };
    match q {
        "余" | "多" => format!("{number}{wan}{q}{rest}"),
        "以内" | "左右" => format!("{number}{wan}{rest}{q}"),
        _ => format!("{number}{wan}{rest}"),
    }
}

/// `needle` occurs in `hay` not as the tail of a longer number.
fn contains_figure(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(at, _)| !hay[..at].ends_with(is_num_char))
}

#[test]
fn every_main_text_figure_stands_in_its_paragraph() {
    let Some(text) = article() else { return };
    let rows: Vec<&Indicator> = INDICATORS.iter().filter(|i| i.source.starts_with("正文")).collect();
    assert!(rows.len() >= 15, "only {} rows cite the main text", rows.len());
    let mut names: Vec<&str> = rows.iter().filter_map(|i| i.source.split_whitespace().nth(1)).collect();
    names.sort();
    names.dedup();
    let mut wrong = Vec::new();
    for i in rows {
        let parts: Vec<&str> = i.source.split_whitespace().collect();
        let (name, para) = match parts.as_slice() {
            ["正文", name, p] => (*name, p.strip_prefix('第').and_then(|p| p.strip_suffix('段')).and_then(|n| n.parse::<usize>().ok())),
            _ => ("", None),
        };
        let Some(para) = para else {
            wrong.push(format!("`{}`: source `{}` is not `正文 <section> 第N段`", i.id, i.source));
            continue;
        };
        let Some(paras) = section(&text, name, &names) else {
            wrong.push(format!("`{}`: no section `{name}` in the article", i.id));
            continue;
        };
        let want = as_printed(i);
        match paras.get(para - 1) {
            Some(p) if contains_figure(p, &want) => {}
            Some(p) => wrong.push(format!("`{}`: `{want}` is not in {name} paragraph {para}: {}…", i.id, p.chars().take(30).collect::<String>())),
            None => wrong.push(format!("`{}`: {name} has only {} paragraphs", i.id, paras.len())),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
