//! House rules that keep copy, figures and code in their places.
//!
//! (a) `src/story/` and `src/charts/` hold no Chinese at all, comments included, so a grep
//!     finds none: every reader-facing word comes from `content/`.
//! (b) Story copy types no figures: numbers come from the dataset through `{id}`; only a
//!     year such as `2019年` may be written out.
//! (c) Everything we wrote is in our own words: outside the credits (which quote the
//!     article's title, reporters and photo line), no run of 10 Chinese characters is
//!     shared with the source article. A number counts as one character of a run, on both
//!     sides, so typing a figure between two copied phrases does not hide them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use wushan_content::{self as schema, segments, Content, RawSeg};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}')
}

fn is_cjk_or_punct(c: char) -> bool {
    // CJK ideographs, CJK symbols and punctuation (。、「」…), fullwidth forms (，：；（）).
    is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn no_chinese_in_story_or_chart_code() {
    let mut bad = Vec::new();
    for dir in ["src/story", "src/charts"] {
        let dir = root().join(dir);
        if !dir.is_dir() {
            println!("skipped: {} not found", dir.display());
            continue;
        }
        let mut files = Vec::new();
        rust_files(&dir, &mut files);
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else { continue };
            for (n, line) in text.lines().enumerate() {
                if line.chars().any(is_cjk_or_punct) {
                    let rel = f.strip_prefix(root()).unwrap_or(&f).display().to_string();
                    bad.push(format!("{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(bad.is_empty(), "Chinese text in code; move it to content/ (story.toml [ui] or the dataset):\n{}", bad.join("\n"));
}

fn content() -> Content {
    schema::load(&root().join("content")).unwrap_or_else(|e| panic!("content/ does not load: {e:?}"))
}

/// Every piece of story copy with the name of its field, as written in story.toml.
/// Left out on purpose: the date and byline, the glossary's title (a proper name,
/// “123456”), the credits' article title, reporters and photo line (quoted attributions)
/// and the [ui] strings (interface words, not copy).
fn story_copy(c: &Content) -> Vec<(String, String)> {
    let s = &c.story;
    let mut out = vec![("headline".to_string(), s.headline.get_ref().clone())];
    out.extend(s.intro.iter().enumerate().map(|(i, p)| (format!("intro[{i}]"), p.get_ref().clone())));
    for t in &s.theme {
        let id = t.id.get_ref();
        out.push((format!("theme {id} nav"), t.nav.get_ref().clone()));
        out.push((format!("theme {id} kicker"), t.kicker.get_ref().clone()));
        out.push((format!("theme {id} heading"), t.heading.get_ref().clone()));
        out.push((format!("theme {id} dek"), t.dek.get_ref().clone()));
        out.extend(t.step.iter().enumerate().map(|(i, st)| (format!("theme {id} step {}", i + 1), st.text.get_ref().clone())));
    }
    out.push(("glossary summary".into(), s.glossary.summary.get_ref().clone()));
    for it in &s.glossary.item {
        out.push((format!("glossary {} term", it.term.get_ref()), it.term.get_ref().clone()));
        out.push((format!("glossary {} text", it.term.get_ref()), it.text.get_ref().clone()));
    }
    out.extend(s.methodology.iter().enumerate().map(|(i, p)| (format!("methodology[{i}]"), p.get_ref().clone())));
    out.extend(s.credits.lines.iter().enumerate().map(|(i, p)| (format!("credits line {i}"), p.get_ref().clone())));
    out
}

/// The words of a piece of copy: text and glossary-link words, figures left out.
fn words(text: &str) -> Vec<String> {
    segments(text)
        .expect("copy parses")
        .into_iter()
        .filter_map(|s| match s {
            RawSeg::Text(t) | RawSeg::Glossary(t) => Some(t),
            RawSeg::Fig(_) => None,
        })
        .collect()
}

/// Digits in `text` that are not a year written as `2019年`.
fn typed_numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let year = run.len() == 4 && run.bytes().all(|b| b.is_ascii_digit()) && chars.get(i) == Some(&'年');
            if !year {
                out.push(run);
            }
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn typed_numbers_allows_only_years() {
    assert_eq!(typed_numbers("2019年，新增3258人，近3年，2019级"), ["3258", "3", "2019"]);
    assert!(typed_numbers("截至十一月底").is_empty());
}

#[test]
fn story_copy_types_no_figures() {
    let c = content();
    let mut bad = Vec::new();
    for (field, text) in story_copy(&c) {
        for w in words(&text) {
            let nums = typed_numbers(&w);
            if !nums.is_empty() {
                bad.push(format!("{field}: typed {} in “{w}”", nums.join(", ")));
            }
        }
    }
    assert!(bad.is_empty(), "story copy must take figures from the dataset with {{id}}, not type them:\n{}", bad.join("\n"));
}

const SHARED_RUN: usize = 10;

/// Stands for a whole number (`3258`, `4182.11`) inside a run.
const NUMBER: char = '#';

/// Every run of `SHARED_RUN` Chinese characters in `text`. Punctuation, quotes and spaces
/// are skipped over (moving a comma does not make a sentence ours); a number counts as one
/// character; Latin letters break a run.
fn windows(text: &str) -> Vec<String> {
    let mut runs: Vec<Vec<char>> = vec![Vec::new()];
    let mut in_number = false;
    for c in text.chars() {
        if c.is_ascii_digit() || (in_number && c == '.') {
            if !in_number {
                runs.last_mut().unwrap().push(NUMBER);
            }
            in_number = true;
            continue;
        }
        in_number = false;
        if is_cjk(c) {
            runs.last_mut().unwrap().push(c);
        } else if c.is_ascii_alphabetic() {
            runs.push(Vec::new());
        }
    }
    runs.iter().flat_map(|r| r.windows(SHARED_RUN).map(|w| w.iter().collect::<String>())).collect()
}

#[test]
fn windows_skip_punctuation_count_numbers_and_break_at_letters() {
    assert_eq!(windows("一二三四五六七八九十甲乙").len(), 3);
    assert_eq!(windows("一二三四五，六七八“九十”").len(), 1);
    // 27 and 4182.11 are one character each.
    assert_eq!(windows("一二三四27五六七八九").len(), 1);
    assert_eq!(windows("一二三四4182.11五六七八").len(), 0);
    assert!(windows("一二三四五a六七八九十").is_empty());
}

/// A piece of copy as the reader sees it: `{id}` becomes the printed figure, `[[words]]`
/// its words.
fn printed(text: &str) -> String {
    segments(text)
        .expect("copy parses")
        .into_iter()
        .map(|s| match s {
            RawSeg::Text(t) | RawSeg::Glossary(t) => t,
            RawSeg::Fig(id) => wushan::data::indicator(&id).map(wushan::data::format::figure).unwrap_or_default(),
        })
        .collect()
}

/// Everything in content/ we wrote, with its place. Left out on purpose: the credits (they
/// quote the article's title, the reporters and the photo line) and the indicators' full
/// `label`s, which are the article's own names for its statistics (贫困患者住院医疗费用自付比例)
/// and stay as published so that a reader can find each figure in the article.
fn all_our_text(c: &Content) -> Vec<(String, String)> {
    let s = &c.story;
    let mut texts = story_copy(c);
    texts.push(("date".into(), s.date.get_ref().clone()));
    texts.push(("byline".into(), s.byline.get_ref().clone()));
    texts.push(("glossary title".into(), s.glossary.title.get_ref().clone()));
    for (k, v) in &s.ui {
        texts.push((format!("ui {k}"), v.get_ref().clone()));
    }
    for i in &c.indicators {
        let id = i.id.get_ref();
        if let Some(short) = &i.short {
            texts.push((format!("indicator {id} short"), short.get_ref().clone()));
        }
        if let Some(n) = &i.note {
            texts.push((format!("indicator {id} note"), n.get_ref().clone()));
        }
    }
    for ch in &c.charts {
        let id = ch.id.get_ref();
        texts.push((format!("chart {id} title"), ch.title.get_ref().clone()));
        texts.push((format!("chart {id} alt"), ch.alt.get_ref().clone()));
        texts.push((format!("chart {id} source"), ch.source.get_ref().clone()));
    }
    texts
}

fn article() -> Option<String> {
    let path = root().join("../shared/source/000_210b77985b5452f7.txt");
    std::fs::read_to_string(&path).ok()
}

/// Runs shared with the article: (field, run) for each piece of text that has one.
fn copied(article: &str, texts: &[(String, String)]) -> Vec<String> {
    let published: HashSet<String> = windows(article).into_iter().collect();
    assert!(published.len() > 2000, "the article yielded only {} runs", published.len());
    texts
        .iter()
        .filter_map(|(field, text)| {
            windows(&printed(text)).into_iter().find(|r| published.contains(r)).map(|run| format!("{field}: “{run}” is word for word from the article"))
        })
        .collect()
}

#[test]
fn copy_is_in_our_own_words() {
    let Some(article) = article() else {
        println!("skipped: ../shared/source not found");
        return;
    };
    let c = content();
    let bad = copied(&article, &all_our_text(&c));
    assert!(bad.is_empty(), "rewrite these in our own words ({NUMBER} stands for a number):\n{}", bad.join("\n"));
}

/// The check catches what it is meant to: a copied sentence with its figures typed in,
/// a copied sentence with a `{figure}` in it, and a ten-character phrase, but not nine.
#[test]
fn copy_check_catches_planted_copies() {
    let Some(article) = article() else {
        println!("skipped: ../shared/source not found");
        return;
    };
    let planted = |t: &str| copied(&article, &[("planted".to_string(), t.to_string())]);
    assert_eq!(planted("巫山目前有公办养老机构27家、社区养老服务站20个。").len(), 1);
    assert_eq!(planted("再往上看，高中阶段毛入学率{edu_high_school_gross}，高考上线率{edu_gaokao_pass}。").len(), 1);
    assert_eq!(planted("他们健全了县、乡、村三级关爱保护网络。").len(), 1);
    assert!(planted("县、乡、村三级的关爱保护网络进一步健全。").is_empty());
    assert_eq!(planted("城镇登记失业率被控制").len(), 1, "ten shared characters are too many");
    assert!(planted("城镇登记失业率被控住").is_empty(), "nine shared characters are allowed");
}

/// No merge left its conflict markers behind: a `=======` line in the stylesheet once made
/// browsers drop the rule after it, silently.
#[test]
fn no_merge_conflict_markers() {
    let mut files = Vec::new();
    for dir in ["src", "assets", "content", "tests", "xtask/src", "crates"] {
        rust_or_text_files(&root().join(dir), &mut files);
    }
    for f in ["index.html", "README.md", "ARCHITECTURE.md", "Cargo.toml", "Trunk.toml", "build.rs"] {
        files.push(root().join(f));
    }
    assert!(files.len() > 50, "found the sources");
    let mut bad = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        for (n, line) in text.lines().enumerate() {
            if line == "=======" || line.starts_with("<<<<<<< ") || line.starts_with(">>>>>>> ") {
                bad.push(format!("{}:{}", f.strip_prefix(root()).unwrap_or(&f).display(), n + 1));
            }
        }
    }
    assert!(bad.is_empty(), "merge conflict markers:\n{}", bad.join("\n"));
}

fn rust_or_text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if !p.ends_with("snapshots") && !p.ends_with("node_modules") && !p.ends_with("artifacts") {
                rust_or_text_files(&p, out);
            }
        } else if p.extension().is_some_and(|x| ["rs", "css", "js", "mjs", "toml", "md", "html", "svg"].iter().any(|e| x == *e)) {
            out.push(p);
        }
    }
}
