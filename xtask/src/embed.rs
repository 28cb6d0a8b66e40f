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

use crate::{csp::CSP, files::write, html, shell::Result};

/// Adds `crossorigin="anonymous"` to each `<script>` and `<link>` of dist/embed.html that has
/// an `integrity` attribute and no `crossorigin`.
pub fn sandboxable(dir: &Path) -> Result<()> {
    let path = dir.join("embed.html");
    let html = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (out, n) = add_crossorigin(&html)?;
    write(&path, out)?;
    println!("embed.html: crossorigin on {n} files with integrity (works in a sandboxed iframe)");
    Ok(())
}

pub(crate) fn add_crossorigin(html: &str) -> Result<(String, usize)> {
    let needs = |t: &html::Tag| t.attr("integrity").is_some() && t.attr("crossorigin").is_none();
    let (html, scripts) = html::set_attr(html, "script", needs, "crossorigin", "anonymous")?;
    let (html, links) = html::set_attr(&html, "link", needs, "crossorigin", "anonymous")?;
    Ok((html, scripts + links))
}

/// `embed-example.html`: a host page that embeds the first chart with `embed-parent.js`.
pub fn example(parent_sri: &str, chart: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="{CSP}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <link rel="icon" href="data:,">
  <title>Embedding a chart: example</title>
  <script src="./embed-parent.js" integrity="{parent_sri}" defer></script>
</head>
<body>
  <h1>Embedding a chart</h1>
  <p>The iframe below shows one chart from <code>embed.html#{chart}</code>. <code>embed-parent.js</code>
     sizes it to its content; see README.md, "Embedding".</p>
  <!-- On another site, set data-origin to the origin that serves embed.html. -->
  <iframe data-wushan-embed src="embed.html#{chart}" title="{chart}" width="100%" height="150"></iframe>
  <p>Text after the chart.</p>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_crossorigin_where_integrity_is() {
        let html = r#"<link rel="stylesheet" href="a.css" integrity="sha384-a"><link rel="icon" href="data:,"><script type="module" src="b.js" integrity="sha384-b"></script><link rel="modulepreload" href="c.js" integrity="sha384-c" crossorigin="anonymous"/><link rel="preload" href="d.wasm" integrity="sha384-d"/>"#;
        let (out, n) = add_crossorigin(html).unwrap();
        assert_eq!(n, 3);
        assert_eq!(
            out,
            r#"<link rel="stylesheet" href="a.css" integrity="sha384-a" crossorigin="anonymous"><link rel="icon" href="data:,"><script type="module" src="b.js" integrity="sha384-b" crossorigin="anonymous"></script><link rel="modulepreload" href="c.js" integrity="sha384-c" crossorigin="anonymous"/><link rel="preload" href="d.wasm" integrity="sha384-d" crossorigin="anonymous" />"#
        );
        assert_eq!(add_crossorigin(&out).unwrap().1, 0);
    }
}
