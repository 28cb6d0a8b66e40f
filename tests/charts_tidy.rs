//! Tidy checks of the chart layer's invariants (run under `cargo test`):
//! no DOM or canvas crates, and no Chinese in code: every word comes from content.

use std::path::{Path, PathBuf};

fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((p.clone(), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut out = vec![];
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join("charts"),
        &mut out,
    );
    assert!(out.len() > 3, "found the chart sources");
    out
}

/// The code of a line without its `//` comment (a `//` inside a string literal is not a
/// comment; the chart code has none of those but the check keeps honest about it).
fn code_of(line: &str) -> &str {
    let mut in_str = false;
    let b = line.as_bytes();
    for i in 0..b.len() {
        match b[i] {
            b'"' if i == 0 || b[i - 1] != b'\\' => in_str = !in_str,
            b'/' if !in_str && b.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

fn cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

#[test]
fn charts_never_touch_the_dom() {
    for (path, src) in sources() {
        for (n, line) in src.lines().enumerate() {
            let code = code_of(line);
            for banned in [
                "yew",
                "web_sys",
                "plotters_canvas",
                "wasm_bindgen",
                "js_sys",
            ] {
                assert!(
                    !code.contains(banned),
                    "{}:{}: `{banned}` in the chart layer: {line}",
                    path.display(),
                    n + 1
                );
            }
        }
    }
}

#[test]
fn charts_hold_no_chinese_words() {
    for (path, src) in sources() {
        for (n, line) in src.lines().enumerate() {
            let code = code_of(line);
            assert!(
                !code.chars().any(cjk),
                "{}:{}: Chinese in code; words belong in content/: {line}",
                path.display(),
                n + 1
            );
        }
    }
}

#[test]
fn the_tidy_checks_can_fail() {
    assert!(code_of("let x = \"\u{4E07}\"; // note").chars().any(cjk));
    assert!(!code_of("let x = 1; // \u{4E07}").chars().any(cjk));
    assert!(code_of("use yew::prelude::*;").contains("yew"));
}

/// The wasm links no float formatting (Grisu, Dragon and their tables, about 9 KB gzip), and
/// one call is enough to bring it back: `f64::clamp` (its assertion message prints both
/// bounds with `{:?}`), or a format string with a precision (`{:.1}`). Code the browser runs
/// uses `charts::clamp` and `charts::fixed` instead. (`cargo xtask bench` shows the effect:
/// `core` in the wasm breakdown.)
#[test]
fn wasm_code_formats_no_floats() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    for dir in ["charts", "story", "data"] {
        walk(&root.join(dir), &mut files);
    }
    assert!(files.len() > 20, "found the sources the wasm is built from");
    // Modules declared under `#[cfg(not(target_arch = "wasm32"))]` never reach the wasm.
    let mut native = Vec::new();
    for path in files.iter().filter(|p| p.ends_with("mod.rs")) {
        let src = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = src.lines().collect();
        for w in lines.windows(2) {
            if w[0].contains("cfg(not(target_arch = \"wasm32\"))") {
                if let Some(name) = w[1].trim().strip_prefix("mod ").or(w[1].trim().strip_prefix("pub mod ")) {
                    let name = name.trim_end_matches(';');
                    native.push(path.with_file_name(format!("{name}.rs")));
                    native.push(path.with_file_name(name));
                }
            }
        }
    }
    assert!(native.iter().any(|p| p.ends_with("charts/svg.rs")), "found the native-only modules");
    let mut bad = Vec::new();
    for path in files.into_iter().filter(|p| !native.iter().any(|n| p.starts_with(n))) {
        let src = std::fs::read_to_string(&path).unwrap();
        // Unit tests are native.
        let src = src.split("#[cfg(test)]").next().unwrap();
        for (n, line) in src.lines().enumerate() {
            let code = code_of(line);
            let precision = code.contains("{:.") || code.contains(":.1}") || code.contains(":.2}");
            if code.contains(".clamp(") || precision {
                bad.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "float formatting in code the wasm may link (use charts::clamp / charts::fixed):\n{}",
        bad.join("\n")
    );
}
