//! The code's shape (ARCHITECTURE.md, "Invariants"): every source file of the app, the content
//! crate and xtask stays under 450 lines, and imports between modules run one way. A module
//! and the modules nested in it are one room (a child sees its parent's private items, and a
//! parent re-exports its children), so only imports between modules that are not nested in
//! one another count; among those, no chain of imports may lead back to where it started.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 450;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The crates and their source folders.
const CRATES: &[(&str, &str)] = &[
    ("wushan", "src"),
    ("wushan_site", "crates/site/src"),
    ("xtask", "xtask/src"),
    ("wushan_content", "crates/content/src"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `story::web::chart` for src/story/web/chart.rs (and for …/chart/mod.rs); `` for the root.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.first().is_some_and(|p| p == "bin") {
        return None; // separate binaries, each its own crate
    }
    let last = parts.pop()?.trim_end_matches(".rs").to_string();
    if !matches!(last.as_str(), "mod" | "lib" | "main") {
        parts.push(last);
    }
    Some(parts.join("::"))
}

fn parent(m: &str) -> String {
    m.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_string())
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}::{b}"),
    }
}

fn nested(a: &str, b: &str) -> bool {
    let within = |inner: &str, outer: &str| outer.is_empty() || inner == outer || inner.starts_with(&format!("{outer}::"));
    within(a, b) || within(b, a)
}

/// Every path a file's code names from `crate::`, `super::` or `self::`, resolved to an
/// absolute path (grouped imports `{a, b::c}` expanded).
fn paths_named(code: &str, module: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let boundary = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b':');
        let start = if !boundary {
            None
        } else if rest.starts_with("crate::") {
            Some((String::new(), "crate::".len()))
        } else if rest.starts_with("super::") || rest.starts_with("self::") {
            let mut base = module.to_string();
            let mut n = 0;
            if rest.starts_with("self::") {
                n = "self::".len();
            }
            while code[i + n..].starts_with("super::") {
                base = parent(&base);
                n += "super::".len();
            }
            Some((base, n))
        } else {
            None
        };
        let Some((base, n)) = start else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let (end, found) = path_at(&code[i + n..]);
        for p in found {
            out.push(join(&base, &p));
        }
        i += n + end.max(1);
    }
    out
}

/// The path (or group of paths) at the start of `s`, and how many bytes it took.
fn path_at(s: &str) -> (usize, Vec<String>) {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut head = String::new();
    let mut i = 0;
    loop {
        let word: String = s[i..].chars().take_while(|c| ident(*c)).collect();
        i += word.len();
        head = join(&head, &word);
        let group = if s[i..].starts_with("::{") {
            Some(3)
        } else if i == 0 && s.starts_with('{') {
            Some(1)
        } else {
            None
        };
        if let Some(skip) = group {
            i += skip;
            let mut depth = 1;
            let begin = i;
            while i < s.len() && depth > 0 {
                match s.as_bytes()[i] {
                    b'{' => depth += 1,
                    b'}' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            let inner = &s[begin..i.saturating_sub(1).max(begin)];
            let mut out = Vec::new();
            let mut level = 0;
            let mut from = 0;
            for (k, c) in inner.char_indices() {
                match c {
                    '{' => level += 1,
                    '}' => level -= 1,
                    ',' if level == 0 => {
                        out.extend(path_at(inner[from..k].trim()).1.into_iter().map(|p| join(&head, &p)));
                        from = k + 1;
                    }
                    _ => {}
                }
            }
            out.extend(path_at(inner[from..].trim()).1.into_iter().map(|p| join(&head, &p)));
            return (i, out);
        }
        if s[i..].starts_with("::") && s[i + 2..].starts_with(ident) {
            i += 2;
            continue;
        }
        return (i, vec![head]);
    }
}

/// The module a path lands in: its longest prefix that is a module.
fn module_named(path: &str, modules: &BTreeSet<String>) -> String {
    let mut p = path.to_string();
    loop {
        if modules.contains(&p) {
            return p;
        }
        if p.is_empty() {
            return p;
        }
        p = parent(&p);
    }
}

/// The code of a file without its `#[cfg(test)]` part and its comments.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap();
    text.lines()
        .map(|l| if l.trim_start().starts_with("//") { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_source_file_is_over_450_lines() {
    let mut long = Vec::new();
    for (_, dir) in CRATES {
        let mut files = Vec::new();
        rust_files(&root().join(dir), &mut files);
        for f in files {
            let n = std::fs::read_to_string(&f).unwrap().lines().count();
            if n > MAX_LINES {
                long.push(format!("{}: {n} lines", f.strip_prefix(root()).unwrap().display()));
            }
        }
    }
    assert!(long.is_empty(), "split these along their seams (at most {MAX_LINES} lines):\n{}", long.join("\n"));
}

/// Module → the modules it imports from (not nested with it), for one crate.
fn imports(dir: &str) -> BTreeMap<String, BTreeSet<String>> {
    let src = root().join(dir);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mods: Vec<(String, PathBuf)> = files.iter().filter_map(|f| module_of(&src, f).map(|m| (m, f.clone()))).collect();
    let known: BTreeSet<String> = mods.iter().map(|(m, _)| m.clone()).collect();
    // `pub use child::{A, B}` in a module: a path to `module::A` lands in `module::child`.
    let mut reexports = BTreeMap::new();
    for (m, f) in &mods {
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        for decl in code.split("pub use ").skip(1) {
            let path: String = decl.split(';').next().unwrap_or("").split_whitespace().collect();
            let path = path.as_str();
            if ["crate::", "super::", "self::"].iter().any(|p| path.starts_with(p)) {
                continue;
            }
            for full in path_at(path).1 {
                let item = full.rsplit("::").next().unwrap_or("").to_string();
                let target = module_named(&join(m, &full), &known);
                if nested(&target, m) && target != *m {
                    reexports.insert(join(m, &item), target);
                }
            }
        }
    }
    let resolve = |p: &String| reexports.get(p).cloned().unwrap_or_else(|| module_named(p, &known));
    let mut graph = BTreeMap::new();
    for (m, f) in &mods {
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        let to: BTreeSet<String> = paths_named(&code, m)
            .iter()
            .map(resolve)
            .filter(|t| !nested(m, t))
            .collect();
        graph.insert(m.clone(), to);
    }
    graph
}

/// A chain of imports that comes back to where it started, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut c = path[at..].to_vec();
            c.push(m.to_string());
            return Some(c);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for t in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(t, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|m| visit(m, graph, &mut Vec::new(), &mut done))
}

#[test]
fn imports_between_modules_run_one_way() {
    for (krate, dir) in CRATES {
        let graph = imports(dir);
        assert!(graph.len() > 3, "{krate}: found its modules");
        if let Some(c) = cycle(&graph) {
            panic!("{krate}: these modules import each other in a circle: {}", c.join(" -> "));
        }
    }
}

#[test]
fn the_import_scan_sees_grouped_and_relative_paths_and_finds_a_circle() {
    let named = paths_named("use crate::{charts::{self, Frame}, data::X};\nuse super::super::y::Z;", "a::b::c");
    assert_eq!(named, ["charts::self", "charts::Frame", "data::X", "a::y::Z"]);
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    g.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycle(&g).unwrap(), ["a", "b", "c", "a"]);
    g.insert("c".to_string(), BTreeSet::new());
    assert_eq!(cycle(&g), None);
    assert!(nested("story::web::chart", "story::web") && !nested("story::web", "story::chart_card"));
}
