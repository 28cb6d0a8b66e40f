//! The "strict csp" step: Trunk's inline loader becomes the boot script (from
//! `assets/boot.js`) inline in `<head>`; every page gets its stylesheet inline, a
//! Content-Security-Policy without `'unsafe-inline'` and an SRI hash (sha384) on every
//! script it loads. embed.html gets its script and stylesheet; `embed-parent.js` and
//! `embed-example.html` are written. Ends with [`csp::check_page`] on every page.

use std::{collections::BTreeSet, fs, path::Path};

use crate::{
    csp::{self, csp_meta, page_csp},
    embed,
    files::{self, asset, data_uri, path_of, read, sri, write, write_hashed},
    html::{self, Tag},
    minify,
    shell::Result,
};

/// The hero illustration, inlined into the page as a data: URI (see [`strict_csp`]).
const HERO_ART: &str = "illustrations/hero.svg";

/// Pages that load the app.
pub const PAGES: &[&str] = &["index.html", "embed.html"];

/// On every page: Trunk's loader and preloads out; the stylesheet inline in `<style>` and the
/// boot script (from assets/boot.js) inline in `<head>`, so the first paint needs only the
/// HTML and the wasm download starts in the same round trip, but only where the boot gate
/// lets the app run; a Content-Security-Policy with their hashes. Also writes the embed files.
/// Ends by checking every page: see [`csp::check_page`].
pub fn strict_csp(dir: &Path) -> Result<()> {
    let bundle = files::find_bundle(dir)?;
    let glue = files::file_name(&bundle.js);
    let wasm = files::file_name(&bundle.wasm);
    let boot = boot_script(
        &glue,
        &sri(&fs::read(&bundle.js)?),
        &wasm,
        &sri(&fs::read(&bundle.wasm)?),
    )?;

    let embed_css = asset("embed.css")?;
    let embed_js = write_hashed(dir, "embed", "js", asset("embed.js")?.as_bytes())?;
    let parent_js = asset("embed-parent.js")?;
    write(&dir.join("embed-parent.js"), &parent_js)?;

    // Stylesheet files now inline in every page: nothing loads them any more.
    let mut inlined = BTreeSet::new();
    let mut scripts_saved = 0;
    for page in PAGES {
        let path = dir.join(page);
        if !path.is_file() {
            return Err(format!("dist/{page} is missing (the prerender writes it)").into());
        }
        let original = read(&path)?;
        let mut html = remove_trunk_loader(&original, &glue)?;
        html = html::remove(&html, "link", |t| t.rel_is(&["modulepreload", "preload"]))?.0;
        // The page's own `<style>`s (the prerender's chapter colours) join the stylesheet:
        // one block, so one hash in the CSP (44 bytes that do not compress) instead of two.
        let own: Vec<String> = html::select(&html, "style")?.into_iter().map(|t| t.text).collect();
        html = html::remove(&html, "style", |_| true)?.0;
        let mut css = own.concat() + &inline_stylesheets(dir, &mut html)?;
        inlined.extend(css_files(&original)?);
        if *page == "embed.html" {
            css.push_str(&embed_css);
            let js_sri = sri(&fs::read(dir.join(&embed_js))?);
            html = html::append_to(
                &html,
                "head",
                &format!("<script src=\"./{embed_js}\" integrity=\"{js_sri}\" defer></script>\n"),
            )?;
        }
        html = html::append_to(
            &html,
            "head",
            &format!("<style>{}</style>\n", minify::minify_css(&css).replace("</style", "<\\/style")),
        )?;
        // The boot script first in <head> (after the CSP, inserted below it): the wasm
        // download starts with the page's first bytes, not after the stylesheet is parsed.
        html = html::after_charset(&html, &format!("\n<script>{boot}</script>"))?;
        // The hero illustration is the largest thing in the first screen: inline, it paints
        // with the text instead of one round trip later.
        html = html::rewrite_attr(&html, "img", "src", |src| {
            Ok((src == HERO_ART)
                .then(|| fs::read(dir.join(HERO_ART)).map(|b| data_uri(HERO_ART, &b)))
                .transpose()?)
        })?;
        html = html::remove_comments(&html)?;
        html = html::trim_head_whitespace(&html)?;
        // Every inline script (elder.js and poster.js, which Trunk inlined, and the boot
        // script) minified before its CSP hash is taken.
        let (min, saved) = minify::inline_scripts(&html)?;
        html = min;
        scripts_saved += saved;
        html = html::after_charset(&html, &csp_meta(&page_csp(&html)?))?;
        write(&path, &html)?;
    }
    for file in inlined {
        fs::remove_file(dir.join(&file))
            .map_err(|e| format!("cannot remove inlined {file}: {e}"))?;
    }
    write(
        &dir.join("embed-example.html"),
        embed::example(&sri(parent_js.as_bytes()), &first_chart(dir)?),
    )?;
    for page in PAGES.iter().chain(&["embed-example.html"]) {
        csp::check_page(dir, page)?;
    }
    println!(
        "csp: {} inline their stylesheet and boot script under a hashed CSP; SRI on every other script; inline scripts minified ({scripts_saved} B less)",
        PAGES.join(", ")
    );
    Ok(())
}

fn is_stylesheet(tag: &Tag) -> bool {
    tag.rel_is(&["stylesheet"])
}

/// The files of the page's `<link rel="stylesheet">` tags.
fn css_files(html: &str) -> Result<Vec<String>> {
    Ok(html::select(html, "link")?
        .iter()
        .filter(|t| is_stylesheet(t))
        .filter_map(|t| t.attr("href").map(|h| path_of(h).to_string()))
        .collect())
}

/// Removes the page's `<link rel="stylesheet">` tags and returns their files' text.
pub fn inline_stylesheets(dir: &Path, html: &mut String) -> Result<String> {
    let mut css = String::new();
    for tag in html::select(html, "link")?
        .iter()
        .filter(|t| is_stylesheet(t))
    {
        let href = tag.attr("href").unwrap_or("");
        let text = read(&dir.join(path_of(href)))?;
        if text.contains("url(") {
            return Err(format!("{href} uses url(): it cannot be inlined").into());
        }
        css.push_str(&text);
    }
    // Removed without their line break, as before.
    *html = html::remove_keeping_line_breaks(html, "link", is_stylesheet)?.0;
    Ok(css)
}

/// The boot script from assets/boot.js, its placeholders filled in, as one classic script
/// for inlining (its top-level names kept out of the page's global scope).
fn boot_script(glue: &str, glue_sri: &str, wasm: &str, wasm_sri: &str) -> Result<String> {
    let mut js = asset("boot.js")?;
    for (key, value) in [
        ("__WUSHAN_GLUE__", format!("./{glue}")),
        ("__WUSHAN_GLUE_INTEGRITY__", glue_sri.to_string()),
        ("__WUSHAN_WASM__", format!("./{wasm}")),
        ("__WUSHAN_WASM_INTEGRITY__", wasm_sri.to_string()),
    ] {
        let quoted = format!("'{key}'");
        if !js.contains(&quoted) {
            return Err(format!("assets/boot.js has no placeholder {quoted}").into());
        }
        js = js.replace(&quoted, &format!("'{value}'"));
    }
    // Comments are for readers of assets/boot.js, not for every page view.
    let code: Vec<&str> = js
        .lines()
        .filter(|l| !l.trim_start().starts_with("//") && !l.trim().is_empty())
        .collect();
    Ok(format!("(() => {{\n{}\n}})();", code.join("\n")).replace("</script", "<\\/script"))
}

/// Removes Trunk's inline `<script type="module">` that imports the glue and calls init.
pub fn remove_trunk_loader(html: &str, glue: &str) -> Result<String> {
    let is_loader = |t: &Tag| t.attr("src").is_none() && t.text.contains(glue);
    let (out, n) = html::remove(html, "script", is_loader)?;
    if n != 1 {
        return Err(
            format!("expected one inline loader importing {glue} (Trunk's), found {n}").into(),
        );
    }
    Ok(out)
}

/// The id of the first chart image in index.html, for the embed example.
fn first_chart(dir: &Path) -> Result<String> {
    let html = read(&dir.join("index.html"))?;
    html::select(&html, "figure")?
        .iter()
        .find_map(|t| t.attr("data-chart").map(str::to_string))
        .ok_or_else(|| "index.html has no <figure data-chart>".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_trunks_loader_and_only_it() {
        let html = "<head><script type=\"module\">\nimport init from './app-0123456789abcdef.js';\nawait init();\n</script><script src=\"x.js\"></script></head>";
        let out = remove_trunk_loader(html, "app-0123456789abcdef.js").unwrap();
        assert_eq!(out, "<head><script src=\"x.js\"></script></head>");
        assert!(remove_trunk_loader(&out, "app-0123456789abcdef.js").is_err());
    }

    #[test]
    fn inlines_stylesheets_in_any_case_and_quoting() {
        let dir = std::env::temp_dir().join(format!("xtask-pages-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.css"), "p{}").unwrap();
        fs::write(dir.join("b.css"), "q{}").unwrap();
        let mut html = "<head>\n<link rel=\"stylesheet\" href=\"./a.css\">\n<LINK REL='Stylesheet'\n HREF=b.css>\n<!-- <link rel=\"stylesheet\" href=\"c.css\"> -->\n</head>".to_string();
        assert_eq!(css_files(&html).unwrap(), ["a.css", "b.css"]);
        assert_eq!(inline_stylesheets(&dir, &mut html).unwrap(), "p{}q{}");
        assert_eq!(
            html,
            "<head>\n\n\n<!-- <link rel=\"stylesheet\" href=\"c.css\"> -->\n</head>"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    /// The rewrites see tags as a browser does (issue 14: the old scanner missed these).
    #[test]
    fn rewrites_see_upper_case_odd_quotes_and_new_lines() {
        let to_data = |v: &str| -> Result<Option<String>> {
            Ok((v == "a.svg").then(|| "data:x".to_string()))
        };
        for html in [
            "<IMG SRC=\"a.svg\" alt=\"\">",
            "<img src='a.svg' alt=\"\">",
            "<img\n  src=\"a.svg\"\n  alt=\"\">",
            "<img src=a.svg alt=\"\">",
        ] {
            let out = html::rewrite_attr(html, "img", "src", to_data).unwrap();
            assert!(out.contains("data:x"), "{html} -> {out}");
            assert!(
                out.contains("=\"data:x\" data-offline=\"a.svg\" alt=\"\">"),
                "{html} -> {out}"
            );
        }
        let commented = "<!-- <img src=\"a.svg\"> --><p>x</p>";
        assert_eq!(
            html::rewrite_attr(commented, "img", "src", to_data).unwrap(),
            commented
        );

        let glue = "app-0123456789abcdef.js";
        let loader =
            format!("<SCRIPT type=\"module\">import init from './{glue}'; await init();</SCRIPT>");
        let html = format!("<head><!-- <script type=\"module\">import init from './{glue}';</script> -->{loader}<p>x</p></head>");
        let out = remove_trunk_loader(&html, glue).unwrap();
        assert_eq!(out, format!("<head><!-- <script type=\"module\">import init from './{glue}';</script> --><p>x</p></head>"));

        let with_charset = html::after_charset(
            "<!-- <meta charset=\"x\"> --><META CHARSET='utf-8'><title>t</title>",
            "<meta a>",
        )
        .unwrap();
        assert_eq!(
            with_charset,
            "<!-- <meta charset=\"x\"> --><META CHARSET='utf-8'><meta a><title>t</title>"
        );

        let (out, n) = embed::add_crossorigin("<SCRIPT SRC=\"b.js\" INTEGRITY=\"sha384-b\"></SCRIPT><!-- <script src=\"c.js\" integrity=\"x\"></script> -->").unwrap();
        assert_eq!(n, 1, "{out}");
        assert!(
            out.starts_with(
                "<SCRIPT SRC=\"b.js\" INTEGRITY=\"sha384-b\" crossorigin=\"anonymous\">"
            ),
            "{out}"
        );
        assert!(
            out.ends_with("<!-- <script src=\"c.js\" integrity=\"x\"></script> -->"),
            "{out}"
        );
    }
}
