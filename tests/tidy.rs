//! House rules that keep copy, figures and code in their places.
//!
//! (a) `src/story/` and `src/charts/` hold no Chinese at all, comments included, so a grep
//!     finds none: every reader-facing word comes from `content/`.
//! (b) Story copy types no figures: numbers come from the dataset through `{id}`; only a
//!     year such as `2019年` may be written out.
//! (c) Story copy is our own words: no run of 12 Chinese characters is shared with the
//!     source article.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use wushan::data::schema::{self, segments, Content, RawSeg};

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

const SHARED_RUN: usize = 12;

/// Every run of `SHARED_RUN` Chinese characters in `text`. Punctuation, quotes and spaces
/// are skipped over (moving a comma does not make a sentence ours); digits and Latin
/// letters break a run.
fn windows(text: &str) -> Vec<String> {
    let mut runs: Vec<Vec<char>> = vec![Vec::new()];
    for c in text.chars() {
        if is_cjk(c) {
            runs.last_mut().unwrap().push(c);
        } else if c.is_ascii_alphanumeric() {
            runs.push(Vec::new());
        }
    }
    runs.iter().flat_map(|r| r.windows(SHARED_RUN).map(|w| w.iter().collect::<String>())).collect()
}

#[test]
fn windows_skip_punctuation_and_break_at_digits() {
    assert_eq!(windows("一二三四五六七八九十甲乙丙").len(), 2);
    assert_eq!(windows("一二三四五六，七八九十“甲乙”").len(), 1);
    assert!(windows("一二三四五六3七八九十甲乙").is_empty());
}

#[test]
fn copy_is_in_our_own_words() {
    let path = root().join("../shared/source/000_210b77985b5452f7.txt");
    let Ok(article) = std::fs::read_to_string(&path) else {
        println!("skipped: ../shared/source not found");
        return;
    };
    let published: HashSet<String> = windows(&article).into_iter().collect();
    assert!(published.len() > 2000, "the article yielded only {} runs", published.len());
    let c = content();
    let mut texts = story_copy(&c);
    // Our notes, chart titles and alt texts are our words too.
    for i in &c.indicators {
        if let Some(n) = &i.note {
            texts.push((format!("indicator {} note", i.id.get_ref()), n.get_ref().clone()));
        }
    }
    for ch in &c.charts {
        texts.push((format!("chart {} title", ch.id.get_ref()), ch.title.get_ref().clone()));
        texts.push((format!("chart {} alt", ch.id.get_ref()), ch.alt.get_ref().clone()));
    }
    let mut copied = Vec::new();
    for (field, text) in texts {
        for w in words(&text) {
            if let Some(run) = windows(&w).into_iter().find(|r| published.contains(r)) {
                copied.push(format!("{field}: “{run}” is word for word from the article"));
            }
        }
    }
    assert!(copied.is_empty(), "rewrite these in our own words:\n{}", copied.join("\n"));
}
