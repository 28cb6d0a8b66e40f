//! Who owns a function of the wasm: its crate and module, from its (mangled or
//! demangled) name. See [`owner`].

/// The crate that owns functions whose name is not a Rust path: wasm-bindgen's
/// exported shims, `memcpy` and friends, functions without a name.
pub const OTHER: &str = "(other: bindgen glue, C symbols)";

/// How deep the module path of our own crate goes: `wushan::story::web::chart`.
const MODULE_DEPTH: usize = 4;

/// Who a function belongs to: its crate and, within it, its module path.
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    pub krate: String,
    pub module: String,
}

impl Owner {
    pub(super) fn other() -> Owner {
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
}
