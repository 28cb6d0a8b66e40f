//! Chapters come from content, and the code shows it: no chapter id and no chapter count is
//! written into `src/`, and every interface key is read through the generated `Ui` type.
//! The ids are read from every edition this repository holds (`content/` and the second
//! edition under `tests/fixtures/edition/`), so renaming a chapter never hides one.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn editions() -> Vec<wushan_content::Content> {
    ["content", "tests/fixtures/edition"]
        .iter()
        .map(|d| wushan_content::load(&root().join(d)).unwrap_or_else(|e| panic!("{d} does not load: {e:?}")))
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Each line of code under `dir` with its place, comments (`//`) left out.
fn code_lines(dir: &str) -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&root().join(dir), &mut files);
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if !code.trim().is_empty() {
                out.push((format!("{}:{}", f.strip_prefix(root()).unwrap().display(), n + 1), code.to_string()));
            }
        }
    }
    out
}

/// The identifier-like words of a line (`[A-Za-z0-9_]+`), and the text of its string literals.
fn words(code: &str) -> Vec<String> {
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Places in `src/` where a chapter id stands as a word (`"jobs"`, `"#jobs"`, `Jobs`,
/// `JOBS`, `theme_label_jobs` …).
fn chapter_ids_in(lines: &[(String, String)], ids: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (at, code) in lines {
        for w in words(code) {
            let lower = w.to_ascii_lowercase();
            if let Some(id) = ids.iter().find(|id| lower == **id || lower.split('_').any(|part| part == id.as_str()) && code.contains('"')) {
                found.push(format!("{at}: `{id}` in {}", code.trim()));
            }
        }
    }
    found
}

/// Places where an array's length is a chapter count (`[usize; 4]`, `[ThemeId; 4]`).
fn chapter_counts_in(lines: &[(String, String)], counts: &[usize]) -> Vec<String> {
    let mut found = Vec::new();
    for (at, code) in lines {
        for n in counts {
            if code.contains(&format!("; {n}]")) || code.contains(&format!(";{n}]")) {
                found.push(format!("{at}: an array of {n} in {}", code.trim()));
            }
        }
    }
    found
}

fn chapter_ids() -> Vec<String> {
    let mut ids: Vec<String> = editions().iter().flat_map(|c| c.chapter_ids().into_iter().map(str::to_string).collect::<Vec<_>>()).collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn no_chapter_id_is_written_in_src() {
    let ids = chapter_ids();
    assert!(ids.len() >= 7, "the ids of both editions: {ids:?}");
    let code: Vec<(String, String)> = ["src", "crates/site/src"].iter().flat_map(|d| code_lines(d)).collect();
    let found = chapter_ids_in(&code, &ids);
    assert!(found.is_empty(), "chapter ids come from content/story.toml, never from code:\n{}", found.join("\n"));
}

#[test]
fn no_chapter_count_is_an_array_length_in_story_or_data_code() {
    let mut counts: Vec<usize> = editions().iter().map(|c| c.chapter_ids().len()).collect();
    counts.sort();
    counts.dedup();
    let mut lines = code_lines("src/story");
    lines.extend(code_lines("src/data"));
    let found = chapter_counts_in(&lines, &counts);
    assert!(found.is_empty(), "the number of chapters comes from content; no array has that many slots:\n{}", found.join("\n"));
}

/// The scans find what they look for: planted lines fail them.
#[test]
fn the_scans_catch_planted_ids_and_counts() {
    let ids = vec!["jobs".to_string(), "water".to_string()];
    let planted = |code: &str| vec![("x.rs:1".to_string(), code.to_string())];
    for bad in [r#"let a = "jobs";"#, r##"href="#water""##, "ThemeId::Jobs =>", r#"ui("theme_label_jobs")"#, "const WATER: u8 = 1;"] {
        assert_eq!(chapter_ids_in(&planted(bad), &ids).len(), 1, "{bad}");
    }
    for fine in ["let jobsite = 1;", "waterfall()", r#"let s = "watery";"#] {
        assert!(chapter_ids_in(&planted(fine), &ids).is_empty(), "{fine}");
    }
    assert_eq!(chapter_counts_in(&planted("steps: [usize; 4],"), &[4]).len(), 1);
    assert!(chapter_counts_in(&planted("steps: Vec<usize>,"), &[4]).is_empty());
}

/// Every interface key in the content crate's list is read by the app as a field of `Ui`
/// (`ui().copy_link`), so a key nothing reads is noticed and removed; and no code looks a
/// key up by string any more.
#[test]
fn every_interface_key_is_read_and_none_by_string() {
    // The app and the site crate (the prerender, the posters and the export read the rest).
    let lines: Vec<(String, String)> = ["src", "crates/site/src"].iter().flat_map(|d| code_lines(d)).collect();
    let all: String = lines.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>().join("\n");
    let unread: Vec<&str> = wushan_content::UI_KEYS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| {
            let field = format!(".{k}");
            !all.match_indices(&field).any(|(i, _)| {
                !all[i + field.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            })
        })
        .collect();
    assert!(unread.is_empty(), "[ui] keys that no code reads (remove them from crates/content/src/vocab.rs and content): {unread:?}");
    let by_string: Vec<&String> = lines.iter().filter(|(_, c)| c.contains("ui(\"") || c.contains(".get(\"")).map(|(at, _)| at).collect();
    assert!(by_string.is_empty(), "interface text looked up by string: {by_string:?}");
}

/// README.md, "Editing content", tells a journalist every `[ui]` key an edition provides:
/// exactly the content crate's list, in its order, with the same description.
#[test]
fn the_readme_lists_every_interface_key() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let at = readme.find("**Interface text").expect("README.md has the [ui] section");
    let section = &readme[at..at + readme[at..].find("**Another edition").expect("…and the section after it")];
    let listed: Vec<(String, String)> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split_once("` | ").map(|(k, d)| (k.to_string(), d.trim_end_matches(" |").to_string())))
        .collect();
    let want: Vec<(String, String)> = wushan_content::UI_KEYS.iter().map(|(k, d)| (k.to_string(), d.to_string())).collect();
    assert_eq!(listed, want, "README.md's [ui] table and crates/content/src/vocab.rs UI_KEYS differ");
}

/// Chapter colours are checked against the page's backgrounds; those are the stylesheet's.
#[test]
fn chapter_colours_are_checked_against_the_stylesheets_backgrounds() {
    let css = std::fs::read_to_string(root().join("assets/style.css")).unwrap();
    let dark_at = css.find("prefers-color-scheme: dark").expect("a dark mode");
    for (mode, bg) in wushan_content::PAGE_BACKGROUNDS {
        let decl = format!("--bg: {bg};");
        let at = css.find(&decl).unwrap_or_else(|| panic!("style.css has no {decl} ({mode})"));
        assert_eq!(at > dark_at, mode == "dark", "{decl} is the {mode} background");
    }
}
