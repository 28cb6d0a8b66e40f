//! Embeds in sandboxed iframes. A partner may put `embed.html` in
//! `<iframe sandbox="allow-scripts">`: the frame then has an opaque origin (`null`), so every
//! file it loads is cross-origin to it. A script or stylesheet with `integrity` but without
//! `crossorigin` is fetched in no-cors mode, its integrity cannot be checked, and it is
//! blocked: the embed showed every card, unstyled, and never resized its iframe.
//!
//! This step gives every tag of `embed.html` that carries `integrity` a
//! `crossorigin="anonymous"`, so it is fetched in CORS mode. From the page's own origin that
//! changes nothing; from a sandboxed frame it works when the host sends
//! `Access-Control-Allow-Origin: *` on scripts, styles and the wasm, as the configuration of
//! `host.rs` does (README.md, "Embedding").

use std::path::Path;

use crate::{
    bundle::{attr, tags, write},
    shell::Result,
};

/// Adds `crossorigin="anonymous"` to each `<script>` and `<link>` of dist/embed.html that has
/// an `integrity` attribute and no `crossorigin`.
pub fn sandboxable(dir: &Path) -> Result<()> {
    let path = dir.join("embed.html");
    let html = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (out, n) = add_crossorigin(&html);
    write(&path, out)?;
    println!("embed.html: crossorigin on {n} files with integrity (works in a sandboxed iframe)");
    Ok(())
}

pub(crate) fn add_crossorigin(html: &str) -> (String, usize) {
    let mut ends: Vec<usize> = ["script", "link"]
        .iter()
        .flat_map(|name| tags(html, name))
        .filter(|t| attr(t.text, "integrity").is_some() && attr(t.text, "crossorigin").is_none())
        .map(|t| t.end - if t.text.ends_with("/>") { 2 } else { 1 })
        .collect();
    ends.sort_unstable();
    let mut out = html.to_string();
    for at in ends.iter().rev() {
        out.insert_str(*at, " crossorigin=\"anonymous\"");
    }
    (out, ends.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_crossorigin_where_integrity_is() {
        let html = r#"<link rel="stylesheet" href="a.css" integrity="sha384-a"><link rel="icon" href="data:,"><script type="module" src="b.js" integrity="sha384-b"></script><link rel="modulepreload" href="c.js" integrity="sha384-c" crossorigin="anonymous"/><link rel="preload" href="d.wasm" integrity="sha384-d"/>"#;
        let (out, n) = add_crossorigin(html);
        assert_eq!(n, 3);
        assert_eq!(
            out,
            r#"<link rel="stylesheet" href="a.css" integrity="sha384-a" crossorigin="anonymous"><link rel="icon" href="data:,"><script type="module" src="b.js" integrity="sha384-b" crossorigin="anonymous"></script><link rel="modulepreload" href="c.js" integrity="sha384-c" crossorigin="anonymous"/><link rel="preload" href="d.wasm" integrity="sha384-d" crossorigin="anonymous"/>"#
        );
        assert_eq!(add_crossorigin(&out).1, 0);
    }
}
