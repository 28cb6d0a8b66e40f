//! What each crate, and each module of ours, costs in the shipped wasm.
//!
//! The dist wasm has no names, so this measures a named twin of it: the release
//! artifact that `trunk build --release` leaves in
//! `target/wasm32-unknown-unknown/release/app.wasm`, run through
//! `wasm-bindgen --keep-debug` and the same `wasm-opt -Oz` as the release build but
//! with `-g`, which keeps the "name" custom section. That twin is parsed with
//! `wasmparser`: the size of every function body in the code section, named from the
//! name section, demangled with `rustc-demangle` and grouped by [`owner`]. Data
//! segments get their own line; everything else that is neither code nor data nor a
//! custom section (types, imports, exports, tables, globals, section headers: mostly
//! what the wasm-bindgen glue needs) is "other". Both sizes are printed, the twin
//! without its names and the dist wasm, so a reader can see how closely the
//! breakdown describes what ships.

use std::{collections::HashMap, fs, path::Path};

use serde_json::{json, Value};
use wasmparser::{KnownCustom, Name, Parser, Payload};

use crate::{
    sizes,
    shell::{self, cmd, project_root, Result},
};

/// The crate that owns functions whose name is not a Rust path: wasm-bindgen's
/// exported shims, `memcpy` and friends, functions without a name.
pub const OTHER: &str = "(other: bindgen glue, C symbols)";

/// How deep the module path of our own crate goes: `wushan::story::web::chart`.
const MODULE_DEPTH: usize = 4;

/// Our crate, whose modules are listed one by one.
const OURS: &str = "wushan";

/// Crates printed by name; the rest are summed in one line.
const TOP_CRATES: usize = 15;

/// One line of the breakdown: a crate, a module, the data segments or "other".
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    /// Bytes of function bodies (for data and other: of those sections).
    pub bytes: u64,
    pub functions: usize,
    /// gzip -9 of this group's bytes compressed on their own: only their share of
    /// the sum of all groups means something (compression across groups is lost).
    pub gzip_alone: u64,
}

#[derive(Debug)]
pub struct Breakdown {
    /// Size of the named twin, and of its "name" section.
    pub named_bytes: u64,
    pub name_section: u64,
    /// Other custom sections (producers, target features), not shipped.
    pub other_custom: u64,
    /// Sum of all function bodies.
    pub code: u64,
    pub functions: usize,
    pub data: Group,
    pub other: Group,
    /// Heaviest first.
    pub crates: Vec<Group>,
    /// Our crate by module, heaviest first.
    pub modules: Vec<Group>,
}

/// `Ok(None)` (after saying why) when the release artifact is missing.
pub fn measure(dist_wasm: &Path) -> Result<Option<Breakdown>> {
    let artifact = project_root().join("target/wasm32-unknown-unknown/release/app.wasm");
    if !artifact.is_file() {
        println!(
            "wasm breakdown: not measured (target/wasm32-unknown-unknown/release/app.wasm is \
             missing; run `cargo xtask bench` without --no-build)"
        );
        return Ok(None);
    }
    let dir = project_root().join("target/bench/wasm-names");
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    fs::create_dir_all(&dir)?;
    shell::run(
        cmd("wasm-bindgen")
            .args(["--target", "web", "--keep-debug", "--out-dir"])
            .arg(&dir)
            .arg(&artifact),
    )?;
    let named = dir.join("named.wasm");
    shell::run(
        cmd("wasm-opt")
            .args([
                "-Oz",
                "-g",
                "--enable-bulk-memory",
                "--enable-nontrapping-float-to-int",
                "--enable-reference-types",
                "--enable-multivalue",
            ])
            .arg(dir.join("app_bg.wasm"))
            .arg("-o")
            .arg(&named),
    )?;
    let bytes = fs::read(&named)?;
    let breakdown = parse(&bytes)?;
    let dist_len = fs::metadata(dist_wasm)?.len();
    print!("{}", table(&breakdown, &display_name(dist_wasm), dist_len));
    Ok(Some(breakdown))
}

fn display_name(path: &Path) -> String {
    path.strip_prefix(project_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Sizes of a wasm with a "name" section, grouped.
pub fn parse(wasm: &[u8]) -> Result<Breakdown> {
    let mut imported_functions = 0u32;
    let mut bodies: Vec<&[u8]> = Vec::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut name_section = 0u64;
    let mut other_custom = 0u64;
    let mut data: &[u8] = &[];
    let mut counted = 0u64;
    let mut other_bytes: Vec<u8> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        match &payload {
            Payload::ImportSection(reader) => {
                for import in reader.clone().into_imports() {
                    if matches!(import?.ty, wasmparser::TypeRef::Func(_)) {
                        imported_functions += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                bodies.push(&wasm[body.range()]);
                continue;
            }
            Payload::CustomSection(reader) => {
                // with its id and size
                let len = reader.range().len() as u64;
                let len = len + 1 + leb128_len(len);
                counted += len;
                if let KnownCustom::Name(names_reader) = reader.as_known() {
                    name_section += len;
                    for sub in names_reader {
                        if let Name::Function(map) = sub? {
                            for naming in map {
                                let naming = naming?;
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                } else {
                    other_custom += len;
                }
                continue;
            }
            Payload::DataSection(reader) => {
                data = &wasm[reader.range()];
                counted += data.len() as u64;
                continue;
            }
            _ => {}
        }
        if let Some((_, range)) = payload.as_section() {
            if !matches!(payload, Payload::CodeSectionStart { .. }) {
                counted += range.len() as u64;
                other_bytes.extend_from_slice(&wasm[range]);
            }
        }
    }
    let code: u64 = bodies.iter().map(|b| b.len() as u64).sum();
    // Headers, section ids and lengths, the code section's own count and sizes.
    let unaccounted = (wasm.len() as u64).saturating_sub(counted + code);

    let mut crates: HashMap<String, (u64, usize, Vec<u8>)> = HashMap::new();
    let mut modules: HashMap<String, (u64, usize, Vec<u8>)> = HashMap::new();
    for (i, body) in bodies.iter().enumerate() {
        let index = imported_functions + i as u32;
        let o = names.get(&index).map_or_else(Owner::other, |n| owner(n));
        let add = |map: &mut HashMap<String, (u64, usize, Vec<u8>)>, key: String| {
            let e = map.entry(key).or_default();
            e.0 += body.len() as u64;
            e.1 += 1;
            e.2.extend_from_slice(body);
        };
        if o.krate == OURS {
            add(&mut modules, o.module.clone());
        }
        add(&mut crates, o.krate);
    }
    let groups = |map: HashMap<String, (u64, usize, Vec<u8>)>| {
        let mut v: Vec<Group> = map
            .into_iter()
            .map(|(name, (bytes, functions, body))| Group {
                name,
                bytes,
                functions,
                gzip_alone: sizes::gzip_len(&body),
            })
            .collect();
        v.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
        v
    };
    Ok(Breakdown {
        named_bytes: wasm.len() as u64,
        name_section,
        other_custom,
        code,
        functions: bodies.len(),
        data: Group {
            name: "data segments".into(),
            bytes: data.len() as u64,
            functions: 0,
            gzip_alone: sizes::gzip_len(data),
        },
        other: Group {
            name: "other: types, imports, exports, headers".into(),
            bytes: other_bytes.len() as u64 + unaccounted,
            functions: 0,
            gzip_alone: sizes::gzip_len(&other_bytes),
        },
        crates: groups(crates),
        modules: groups(modules),
    })
}

impl Breakdown {
    /// What ships, as far as this twin can tell: everything but custom sections.
    pub fn without_names(&self) -> u64 {
        self.named_bytes - self.name_section - self.other_custom
    }

    fn gzip_total(&self) -> u64 {
        self.crates.iter().map(|g| g.gzip_alone).sum::<u64>()
            + self.data.gzip_alone
            + self.other.gzip_alone
    }

    pub fn to_json(&self, dist_wasm_bytes: u64) -> Value {
        let gz = self.gzip_total();
        let group = |g: &Group| {
            json!({
                "name": g.name, "bytes": g.bytes, "functions": g.functions,
                "share_of_code": share(g.bytes, self.code),
                "gzip_share_estimate": share(g.gzip_alone, gz),
            })
        };
        json!({
            "method": "release app.wasm through wasm-bindgen --keep-debug and wasm-opt -Oz -g; \
                       function body sizes from the code section, names from the name section",
            "named_wasm_bytes": self.named_bytes,
            "name_section_bytes": self.name_section,
            "other_custom_section_bytes": self.other_custom,
            "without_names_bytes": self.without_names(),
            "dist_wasm_bytes": dist_wasm_bytes,
            "code_bytes": self.code,
            "functions": self.functions,
            "data": group(&self.data),
            "other": group(&self.other),
            "crates": self.crates.iter().map(group).collect::<Vec<_>>(),
            "modules": self.modules.iter().map(group).collect::<Vec<_>>(),
        })
    }
}

/// Bytes of `n` as an unsigned LEB128 number.
fn leb128_len(mut n: u64) -> u64 {
    let mut len = 1;
    while n >= 0x80 {
        n >>= 7;
        len += 1;
    }
    len
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 / whole as f64 * 1000.0).round() / 1000.0
    }
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "—".into()
    } else {
        format!("{:.1}", part as f64 * 100.0 / whole as f64)
    }
}

/// The printed breakdown: sizes of both wasm files, then crates, then our modules.
pub fn table(b: &Breakdown, dist_name: &str, dist_bytes: u64) -> String {
    let mut out = String::new();
    let diff = (dist_bytes as f64 - b.without_names() as f64) / b.without_names().max(1) as f64;
    out.push_str(&format!(
        "\nwasm breakdown, from a named twin of the release wasm (target/bench/wasm-names/named.wasm):\n\
         named.wasm {} B, without its name and other custom sections {} B; {dist_name} {} B ({:+.1} %)\n",
        b.named_bytes,
        b.without_names(),
        dist_bytes,
        diff * 100.0
    ));
    if diff.abs() > 0.05 {
        out.push_str(
            "warning: the twin differs from the dist wasm by more than 5 %: the release artifact \
             may be stale; rebuild with `cargo xtask dist`\n",
        );
    }
    let gz = b.gzip_total();
    let mut row = |name: &str, bytes: String, code: String, gzip: String, fns: String| {
        out.push_str(format!("{name:<44}  {bytes:>9}  {code:>6}  {gzip:>7}  {fns:>5}").trim_end());
        out.push('\n');
    };
    row(
        "crate",
        "bytes".into(),
        "% code".into(),
        "~% gzip".into(),
        "fns".into(),
    );
    let line = |row: &mut dyn FnMut(&str, String, String, String, String), g: &Group, code| {
        row(
            &g.name,
            g.bytes.to_string(),
            if code {
                pct(g.bytes, b.code)
            } else {
                "".into()
            },
            pct(g.gzip_alone, gz),
            if code {
                g.functions.to_string()
            } else {
                "".into()
            },
        );
    };
    for g in b.crates.iter().take(TOP_CRATES) {
        line(&mut row, g, true);
    }
    let rest = &b.crates[b.crates.len().min(TOP_CRATES)..];
    if !rest.is_empty() {
        let sum = Group {
            name: format!("({} more crates)", rest.len()),
            bytes: rest.iter().map(|g| g.bytes).sum(),
            functions: rest.iter().map(|g| g.functions).sum(),
            gzip_alone: rest.iter().map(|g| g.gzip_alone).sum(),
        };
        line(&mut row, &sum, true);
    }
    row(
        &format!("= code ({} functions)", b.functions),
        b.code.to_string(),
        "100.0".into(),
        pct(b.crates.iter().map(|g| g.gzip_alone).sum(), gz),
        b.functions.to_string(),
    );
    line(&mut row, &b.data, false);
    line(&mut row, &b.other, false);
    row("", "".into(), "".into(), "".into(), "".into());
    row(
        &format!("{OURS}, by module"),
        "bytes".into(),
        "% code".into(),
        "~% gzip".into(),
        "fns".into(),
    );
    for g in &b.modules {
        line(&mut row, g, true);
    }
    out.push_str(
        "(% code: of all function bodies; ~% gzip: each line compressed alone, as a share of \
         their sum, an estimate)\n",
    );
    out
}

/// Who a function belongs to: its crate and, within it, its module path.
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    pub krate: String,
    pub module: String,
}

impl Owner {
    fn other() -> Owner {
        Owner {
            krate: OTHER.into(),
            module: OTHER.into(),
        }
    }
}

/// The owner of a function named `name` (mangled or demangled, with or without hash).
///
/// The crate is the first path segment. A trait method `<Self as Trait>::f` (or
/// `<impl Trait for Self>::f`) belongs to its self type's crate, so
/// `<wushan::X as yew::BaseComponent>::create` counts for wushan; drop glue
/// `core::ptr::drop_in_place<T>` belongs to `T`. A self type without a path (`u8`,
/// `str`) falls back to the trait. The module is the path without the function, up to
/// the first type (a segment in upper case) and at most [`MODULE_DEPTH`] segments.
pub fn owner(name: &str) -> Owner {
    let demangled = match rustc_demangle::try_demangle(name) {
        Ok(d) => format!("{d:#}"),
        Err(_) => name.to_string(),
    };
    owner_of_path(&clean(&demangled), true).unwrap_or_else(Owner::other)
}

/// Removes a `.123` suffix (functions the linker or wasm-opt copied), a legacy
/// `::h0123456789abcdef` hash and v0 `[0123abcd]` crate disambiguators.
fn clean(name: &str) -> String {
    let mut s = name.trim();
    if let Some((head, n)) = s.rsplit_once('.') {
        if !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()) {
            s = head;
        }
    }
    if let Some((head, hash)) = s.rsplit_once("::h") {
        if hash.len() == 16 && hash.bytes().all(|c| c.is_ascii_hexdigit()) {
            s = head;
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let close = after.find(']');
        let prev_is_ident = rest[..open]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        match close {
            Some(close)
                if prev_is_ident
                    && close > 0
                    && after[..close].bytes().all(|c| c.is_ascii_hexdigit()) =>
            {
                out.push_str(&rest[..open]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `path` is a function path when `is_fn`, else a type.
fn owner_of_path(path: &str, is_fn: bool) -> Option<Owner> {
    let path = path.trim();
    if let Some(inner) = path.strip_prefix('<') {
        // `<Self as Trait>::f`, `<impl Trait for Self>::f`, `<Self>::f`
        let close = matching_close(inner)?;
        let inner = &inner[..close];
        let (self_ty, trait_path) = if let Some(rest) = inner.strip_prefix("impl ") {
            match split_top_once(rest, " for ") {
                Some((tr, ty)) => (ty, Some(tr)),
                None => (rest, None),
            }
        } else {
            match split_top_once(inner, " as ") {
                Some((ty, tr)) => (ty, Some(tr)),
                None => (inner, None),
            }
        };
        return match trait_path {
            Some(t) => {
                owner_of_path(strip_type_prefix(self_ty), false).or_else(|| owner_of_path(t, false))
            }
            // an inherent method of a primitive (`<f64>::clamp`, `<[u8]>::starts_with`)
            None => owner_of_path(strip_type_prefix(self_ty), false).or_else(|| {
                Some(Owner {
                    krate: "core".into(),
                    module: "core".into(),
                })
            }),
        };
    }
    let segments = split_path(path);
    if segments.len() < 2 {
        return None;
    }
    let (first, _) = split_generics(segments[0]);
    if !is_ident(first) {
        return None;
    }
    if segments.len() == 3 && segments[0] == "core" && segments[1] == "ptr" {
        let (f, args) = split_generics(segments[2]);
        if f == "drop_in_place" {
            if let Some(arg) = args {
                if let Some(o) = owner_of_path(strip_type_prefix(arg), false) {
                    return Some(o);
                }
            }
        }
    }
    let mut names: Vec<&str> = segments.iter().map(|s| split_generics(s).0).collect();
    let mut in_function = is_fn;
    while names.last().is_some_and(|s| !is_ident(s)) {
        names.pop(); // `{{closure}}`, `{closure#0}`, `{shim:vtable#0}`
        in_function = true;
    }
    if in_function && names.len() > 1 {
        names.pop(); // the function
    }
    let module: Vec<&str> = names
        .iter()
        .take_while(|s| is_module_like(s))
        .take(MODULE_DEPTH)
        .copied()
        .collect();
    let module = if module.is_empty() {
        first.to_string()
    } else {
        module.join("::")
    };
    Some(Owner {
        krate: first.to_string(),
        module,
    })
}

/// The first path in a type: `&mut [wushan::X]` → `wushan::X`, `(A, B)` → `A`
/// (references, pointers, slices, arrays, tuples and `dyn` removed).
fn strip_type_prefix(ty: &str) -> &str {
    let mut t = ty.trim();
    loop {
        let before = t;
        for p in ["&", "mut ", "*const ", "*mut ", "dyn ", "[", "("] {
            t = t.strip_prefix(p).unwrap_or(t).trim_start();
        }
        if t == before {
            break;
        }
    }
    let mut depth = 0i32;
    for (i, c) in t.char_indices() {
        match c {
            '<' | '(' | '[' | '{' => depth += 1,
            '>' | '}' => depth -= 1,
            ')' | ']' | ',' | ';' if depth == 0 => return t[..i].trim_end(),
            ')' | ']' => depth -= 1,
            _ => {}
        }
    }
    t
}

/// The index of the `>` closing an already opened `<` in `s`.
fn matching_close(s: &str) -> Option<usize> {
    let mut depth = 1i32;
    for (i, c) in s.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits at the first `sep` outside any brackets.
fn split_top_once<'a>(s: &'a str, sep: &str) -> Option<(&'a str, &'a str)> {
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            _ if depth == 0 && s[i..].starts_with(sep) => {
                return Some((&s[..i], &s[i + sep.len()..]));
            }
            _ => {}
        }
    }
    None
}

/// Path segments split at top-level `::`; a `::<T>` turbofish stays with its segment.
fn split_path(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = 0;
    let bytes = s.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'<' | b'(' | b'[' | b'{' => depth += 1,
            b'>' | b')' | b']' | b'}' => depth -= 1,
            b':' if depth == 0 && bytes.get(i + 1) == Some(&b':') => {
                if bytes.get(i + 2) == Some(&b'<') {
                    i += 2;
                    continue; // turbofish: part of this segment
                }
                out.push(&s[start..i]);
                start = i + 2;
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&s[start..]);
    out
}

/// `drop_in_place<T>` → (`drop_in_place`, Some(`T`)); also `f::<T>`.
fn split_generics(segment: &str) -> (&str, Option<&str>) {
    match segment.find('<') {
        Some(open) if segment.ends_with('>') => {
            let name = segment[..open].trim_end_matches("::");
            (name, Some(&segment[open + 1..segment.len() - 1]))
        }
        _ => (segment, None),
    }
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A module (or function) name: snake case, not a type.
fn is_module_like(s: &str) -> bool {
    is_ident(s) && !s.starts_with(|c: char| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(name: &str) -> (String, String) {
        let o = owner(name);
        (o.krate, o.module)
    }

    fn pair(k: &str, m: &str) -> (String, String) {
        (k.to_string(), m.to_string())
    }

    #[test]
    fn groups_plain_functions_by_crate_and_module() {
        assert_eq!(
            of("wushan::charts::kinds::bars::draw::h0123456789abcdef"),
            pair("wushan", "wushan::charts::kinds::bars")
        );
        assert_eq!(
            of("wushan::charts::scale::nice_ticks"),
            pair("wushan", "wushan::charts::scale")
        );
        // an inherent method: the type is not a module
        assert_eq!(
            of("wushan::charts::scene::Scene::new"),
            pair("wushan", "wushan::charts::scene")
        );
        // deeper than MODULE_DEPTH
        assert_eq!(
            of("wushan::story::web::chart::inner::deeper::f"),
            pair("wushan", "wushan::story::web::chart")
        );
        // a closure inside a function: the function is dropped too
        assert_eq!(
            of("wushan::story::web::chart::mount::{{closure}}"),
            pair("wushan", "wushan::story::web::chart")
        );
        assert_eq!(
            of("dlmalloc::dlmalloc::Dlmalloc<A>::malloc"),
            pair("dlmalloc", "dlmalloc::dlmalloc")
        );
        // v0 crate disambiguators
        assert_eq!(
            of("yew[9a1b2c3d4e5f6071]::html::component::scope::Scope<COMP>::send_message"),
            pair("yew", "yew::html::component::scope")
        );
    }

    #[test]
    fn trait_methods_belong_to_the_self_type() {
        assert_eq!(
            of("<wushan::story::chart_live::ChartLive as yew::html::component::BaseComponent>::create"),
            pair("wushan", "wushan::story::chart_live")
        );
        assert_eq!(
            of("<impl yew::html::component::BaseComponent for wushan::story::embed::Embed>::view"),
            pair("wushan", "wushan::story::embed")
        );
        assert_eq!(
            of("<&mut [wushan::charts::scene::Mark] as core::fmt::Debug>::fmt"),
            pair("wushan", "wushan::charts::scene")
        );
        // generic std type around ours: the std type owns it
        assert_eq!(
            of("<alloc::vec::Vec<wushan::charts::scene::Mark> as core::ops::drop::Drop>::drop"),
            pair("alloc", "alloc::vec")
        );
        // a primitive self type falls back to the trait, or to core
        assert_eq!(
            of("<f64 as core::fmt::Display>::fmt"),
            pair("core", "core::fmt")
        );
        assert_eq!(of("<[u8]>::starts_with"), pair("core", "core"));
        // a copy made by the linker or wasm-opt keeps its owner
        assert_eq!(
            of("<alloc[3ca501edff3f0c7c]::string::String as core[c5930c85a12de822]::fmt::Write>::write_char.6"),
            pair("alloc", "alloc::string")
        );
        assert_eq!(
            of("wushan::charts::scale::ticks.12"),
            pair("wushan", "wushan::charts::scale")
        );
        // closures as self types: the function that holds them is not a module
        assert_eq!(
            of("<wushan::story::web::page::init::{{closure}} as core::ops::function::FnOnce<()>>::call_once"),
            pair("wushan", "wushan::story::web::page")
        );
    }

    #[test]
    fn drop_glue_belongs_to_the_dropped_type() {
        assert_eq!(
            of("core::ptr::drop_in_place<wushan::story::app::App>"),
            pair("wushan", "wushan::story::app")
        );
        assert_eq!(
            of("core::ptr::drop_in_place::<yew::virtual_dom::vnode::VNode>"),
            pair("yew", "yew::virtual_dom::vnode")
        );
        assert_eq!(
            of("core::ptr::drop_in_place<(u32, f64)>"),
            pair("core", "core::ptr")
        );
    }

    #[test]
    fn demangles_symbols() {
        // legacy mangling of wushan::charts::scale::ticks with its hash
        assert_eq!(
            of("_ZN6wushan6charts5scale5ticks17h0123456789abcdefE"),
            pair("wushan", "wushan::charts::scale")
        );
    }

    #[test]
    fn names_that_are_not_rust_paths_are_other() {
        for name in ["memcpy", "__wbindgen_malloc", "main", "", "externref shim"] {
            assert_eq!(owner(name).krate, OTHER, "{name}");
        }
    }

    #[test]
    fn parses_a_module_with_names() {
        // (module (func $a ...) (func $b ...) (data ...)) with a name section,
        // assembled by hand: two bodies of 4 and 6 bytes.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        let section = |wasm: &mut Vec<u8>, id: u8, body: &[u8]| {
            wasm.push(id);
            wasm.push(body.len() as u8);
            wasm.extend_from_slice(body);
        };
        section(&mut wasm, 1, &[1, 0x60, 0, 0]); // type: () -> ()
        section(&mut wasm, 3, &[2, 0, 0]); // two functions of type 0
        section(&mut wasm, 5, &[1, 0, 1]); // memory 1 page
        let code = [
            2u8, // two bodies
            3, 0, 0x01, 0x0b, // (nop) end: 4 bytes with its size
            5, 0, 0x01, 0x01, 0x01, 0x0b, // 6 bytes
        ];
        section(&mut wasm, 10, &code);
        section(&mut wasm, 11, &[1, 0, 0x41, 0, 0x0b, 3, b'x', b'y', b'z']); // data "xyz"
        let f1 = "wushan::charts::scale::ticks";
        let f2 = "<wushan::story::app::App as yew::html::component::BaseComponent>::view";
        let mut map = vec![2u8];
        for (i, name) in [f1, f2].iter().enumerate() {
            map.push(i as u8);
            map.push(name.len() as u8);
            map.extend_from_slice(name.as_bytes());
        }
        let mut names = vec![4u8];
        names.extend_from_slice(b"name");
        names.push(1); // function names subsection
        names.push(map.len() as u8);
        names.extend_from_slice(&map);
        section(&mut wasm, 0, &names);

        let b = parse(&wasm).unwrap();
        assert_eq!(b.functions, 2);
        assert_eq!(b.code, 3 + 5, "bodies without their size prefix");
        assert_eq!(b.crates.len(), 1);
        assert_eq!(b.crates[0].name, "wushan");
        let modules: Vec<(&str, u64)> = b
            .modules
            .iter()
            .map(|g| (g.name.as_str(), g.bytes))
            .collect();
        assert_eq!(
            modules,
            [("wushan::story::app", 5), ("wushan::charts::scale", 3)]
        );
        assert!(b.data.bytes > 3);
        assert_eq!(
            b.name_section,
            2 + names.len() as u64,
            "with its id and size"
        );
        assert_eq!(b.without_names(), wasm.len() as u64 - b.name_section);
        let text = table(&b, "dist/app_bg.wasm", b.without_names());
        assert!(text.contains("(+0.0 %)"), "{text}");
        assert!(text.contains("wushan::story::app"), "{text}");
        assert!(!text.contains("warning"), "{text}");
    }
}
