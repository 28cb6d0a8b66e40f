//! The static bundle: post-build steps that turn Trunk's output plus the prerender into
//! what ships (see ARCHITECTURE.md, "Static bundle").
//!
//! - [`share_images`]: `share.png` (og:image) and `thumb.png` (WeChat's thumbnail).
//! - [`strict_csp`]: Trunk's inline loader becomes an external `boot-<hash>.js` (from
//!   `assets/boot.js`); every page gets a Content-Security-Policy without `'unsafe-inline'`
//!   and every script, stylesheet and the wasm an SRI hash (sha384). embed.html gets its
//!   script and stylesheet; `embed-parent.js` and `embed-example.html` are written.
//! - The service worker step lives in `sw.rs`.
//! - [`one_file_edition`]: `offline/<name>.html`, everything inlined, for file://.

use std::{collections::BTreeMap, fs, path::Path};

use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use sha2::{Digest, Sha256, Sha384};

use crate::{
    dist::{self, find_bundle, gzip_len, is_hashed, kib},
    shell::{self, cmd, project_root, Result},
};

/// The policy of every served page. Scripts only from this origin (plus compiling wasm),
/// styles only from files (the app sets styles through the CSSOM, which the policy allows),
/// images from this origin or data: URIs, nothing else.
pub const CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'";

/// The hero illustration, inlined into the page as a data: URI (see [`strict_csp`]).
const HERO_ART: &str = "illustrations/hero.svg";

/// Pages that load the app.
const PAGES: &[&str] = &["index.html", "embed.html"];

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()).into())
}

pub(crate) fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()).into())
}

/// `sha384-<base64>`, the SRI form.
pub fn sri(bytes: &[u8]) -> String {
    format!("sha384-{}", BASE64.encode(Sha384::digest(bytes)))
}

/// 16 hex digits of sha256: the content hash in file and cache names.
pub fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `contents` as `dir/<stem>-<hash>.<ext>` and returns the file name.
fn write_hashed(dir: &Path, stem: &str, ext: &str, contents: &[u8]) -> Result<String> {
    let name = format!("{stem}-{}.{ext}", short_hash(contents));
    write(&dir.join(&name), contents)?;
    Ok(name)
}

pub(crate) fn asset(name: &str) -> Result<String> {
    read(&project_root().join("assets").join(name))
}

// ---------------------------------------------------------------------------------------
// share images

/// share.png (1200×630, the og:image that the prerendered head names) and thumb.png (the
/// square image WeChat picks from the page), drawn by src/export.rs.
pub fn share_images(dir: &Path) -> Result<()> {
    shell::run(
        cmd("cargo")
            .args(["run", "--quiet", "--bin", "export", "--", "--share"])
            .arg(dir),
    )
}

// ---------------------------------------------------------------------------------------
// a small HTML scanner: enough for Trunk's and Yew's output, which we control

/// A start tag `<name …>` in `html`: its byte range and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// Every start tag named `name` (case-sensitive, as our tools write them).
pub fn tags<'a>(html: &'a str, name: &str) -> Vec<Tag<'a>> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find(&open) {
        let start = from + at;
        let after = html[start + open.len()..].chars().next();
        if !matches!(after, Some(c) if c.is_whitespace() || c == '>' || c == '/') {
            from = start + open.len();
            continue;
        }
        let Some(len) = tag_len(&html[start..]) else {
            break;
        };
        out.push(Tag {
            start,
            end: start + len,
            text: &html[start..start + len],
        });
        from = start + len;
    }
    out
}

/// Length of the start tag at the beginning of `s`, quotes respected.
fn tag_len(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The value of attribute `name` in a start tag; `Some("")` for a bare attribute.
pub fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag.trim_start_matches('<');
    rest = rest.trim_start_matches(|c: char| !c.is_whitespace() && c != '>');
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
            return None;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
            .unwrap_or(rest.len());
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let value = if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let (v, after) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = r[1..].find(q).map(|e| e + 1).unwrap_or(r.len() - 1);
                    (&r[1..end], &r[(end + 1).min(r.len())..])
                }
                _ => {
                    let end = r
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(r.len());
                    (&r[..end], &r[end..])
                }
            };
            rest = after;
            v
        } else {
            ""
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
}

/// The `<script>` elements of `html`: (start tag, whole element range, body).
fn scripts(html: &str) -> Vec<(Tag<'_>, std::ops::Range<usize>, &str)> {
    elements(html, "script")
}

/// The `<name>` elements of `html` with their text (script, style): (start tag, whole
/// element range, body).
fn elements<'a>(html: &'a str, name: &str) -> Vec<(Tag<'a>, std::ops::Range<usize>, &'a str)> {
    let close_tag = format!("</{name}>");
    tags(html, name)
        .into_iter()
        .filter_map(|tag| {
            let close = html[tag.end..].find(&close_tag)?;
            let body = &html[tag.end..tag.end + close];
            let range = tag.start..tag.end + close + close_tag.len();
            Some((tag, range, body))
        })
        .collect()
}

/// `'sha256-<base64>'`, a CSP source for an inline script or style.
fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", BASE64.encode(Sha256::digest(text.as_bytes())))
}

/// The policy of a served page: [`CSP`] plus the hashes of its inline scripts and styles
/// (the boot script and the stylesheet, inlined so that the first paint and the wasm
/// download need no second round trip).
pub fn page_csp(html: &str) -> String {
    let hashes = |name: &str| -> String {
        elements(html, name)
            .iter()
            .filter(|(tag, _, _)| name != "script" || attr(tag.text, "src").is_none())
            .map(|(_, _, body)| format!(" {}", csp_hash(body)))
            .collect()
    };
    CSP.replacen("'wasm-unsafe-eval'", &format!("'wasm-unsafe-eval'{}", hashes("script")), 1)
        .replacen("style-src 'self'", &format!("style-src 'self'{}", hashes("style")), 1)
}

/// Inserts `text` right after `<meta charset=…>` (the CSP must come before any resource).
fn after_charset(html: &str, text: &str) -> Result<String> {
    let tag = tags(html, "meta")
        .into_iter()
        .find(|t| attr(t.text, "charset").is_some())
        .ok_or("the page has no <meta charset>")?;
    let mut out = html.to_string();
    out.insert_str(tag.end, text);
    Ok(out)
}

fn before(html: &str, marker: &str, text: &str) -> Result<String> {
    let at = html
        .find(marker)
        .ok_or_else(|| format!("the page has no {marker}"))?;
    let mut out = html.to_string();
    out.insert_str(at, text);
    Ok(out)
}

fn path_of(href: &str) -> &str {
    let href = href.strip_prefix("./").unwrap_or(href);
    href.split(['#', '?']).next().unwrap_or(href)
}

// ---------------------------------------------------------------------------------------
// strict CSP, boot script, SRI, embed files

/// On every page: Trunk's loader and preloads out; the stylesheet inline in `<style>` and the
/// boot script (from assets/boot.js) inline in `<head>`, so the first paint needs only the
/// HTML and the wasm download starts in the same round trip, but only where the boot gate
/// lets the app run; a Content-Security-Policy with their hashes. Also writes the embed files.
/// Ends by checking every page: see [`check_page`].
pub fn strict_csp(dir: &Path) -> Result<()> {
    let bundle = find_bundle(dir)?;
    let glue = dist::file_name(&bundle.js);
    let wasm = dist::file_name(&bundle.wasm);
    let boot = boot_script(&glue, &sri(&fs::read(&bundle.js)?), &wasm, &sri(&fs::read(&bundle.wasm)?))?;

    let embed_css = asset("embed.css")?;
    let embed_js = write_hashed(dir, "embed", "js", asset("embed.js")?.as_bytes())?;
    let parent_js = asset("embed-parent.js")?;
    write(&dir.join("embed-parent.js"), &parent_js)?;

    // Stylesheet files now inline in every page: nothing loads them any more.
    let mut inlined = std::collections::BTreeSet::new();
    for page in PAGES {
        let path = dir.join(page);
        if !path.is_file() {
            return Err(format!("dist/{page} is missing (the prerender writes it)").into());
        }
        let mut html = remove_trunk_loader(&read(&path)?, &glue)?;
        html = remove_tags(&html, "link", |t| matches!(attr(t, "rel"), Some("modulepreload" | "preload")));
        let mut css = inline_stylesheets(dir, &mut html)?;
        inlined.extend(css_files(&read(&path)?));
        if *page == "embed.html" {
            css.push_str(&embed_css);
            let js_sri = sri(&fs::read(dir.join(&embed_js))?);
            html = before(&html, "</head>", &format!("<script src=\"./{embed_js}\" integrity=\"{js_sri}\" defer></script>\n"))?;
        }
        html = before(&html, "</head>", &format!("<style>{}</style>\n<script>{boot}</script>\n", css.replace("</style", "<\\/style")))?;
        // The hero illustration is the largest thing in the first screen: inline, it paints
        // with the text instead of one round trip later.
        html = rewrite_attr(&html, "img", "src", |src| {
            Ok((src == HERO_ART).then(|| fs::read(dir.join(HERO_ART)).map(|b| data_uri(HERO_ART, &b))).transpose()?)
        })?;
        html = after_charset(&html, &format!("\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", page_csp(&html)))?;
        write(&path, &html)?;
    }
    for file in inlined {
        fs::remove_file(dir.join(&file)).map_err(|e| format!("cannot remove inlined {file}: {e}"))?;
    }
    write(
        &dir.join("embed-example.html"),
        embed_example(&sri(parent_js.as_bytes()), &first_chart(dir)?),
    )?;
    for page in PAGES.iter().chain(&["embed-example.html"]) {
        check_page(dir, page)?;
    }
    println!(
        "csp: {} inline their stylesheet and boot script under a hashed CSP; SRI on every other script",
        PAGES.join(", ")
    );
    Ok(())
}

/// The files of the page's `<link rel="stylesheet">` tags.
fn css_files(html: &str) -> Vec<String> {
    tags(html, "link")
        .into_iter()
        .filter(|t| attr(t.text, "rel") == Some("stylesheet"))
        .filter_map(|t| attr(t.text, "href").map(|h| path_of(h).to_string()))
        .collect()
}

/// Removes the page's `<link rel="stylesheet">` tags and returns their files' text.
fn inline_stylesheets(dir: &Path, html: &mut String) -> Result<String> {
    let links: Vec<(usize, usize, String)> = tags(html, "link")
        .into_iter()
        .filter(|t| attr(t.text, "rel") == Some("stylesheet"))
        .map(|t| (t.start, t.end, attr(t.text, "href").unwrap_or("").to_string()))
        .collect();
    let mut css = String::new();
    for (start, end, href) in links.into_iter().rev() {
        let text = read(&dir.join(path_of(&href)))?;
        if text.contains("url(") {
            return Err(format!("{href} uses url(): it cannot be inlined").into());
        }
        css.insert_str(0, &text);
        html.replace_range(start..end, "");
    }
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
    let code: Vec<&str> = js.lines().filter(|l| !l.trim_start().starts_with("//") && !l.trim().is_empty()).collect();
    Ok(format!("(() => {{\n{}\n}})();", code.join("\n")).replace("</script", "<\\/script"))
}

/// Removes Trunk's inline `<script type="module">` that imports the glue and calls init.
fn remove_trunk_loader(html: &str, glue: &str) -> Result<String> {
    let loaders: Vec<_> = scripts(html)
        .into_iter()
        .filter(|(tag, _, body)| attr(tag.text, "src").is_none() && body.contains(glue))
        .map(|(_, range, _)| range)
        .collect();
    let [range] = &loaders[..] else {
        return Err(format!(
            "expected one inline loader importing {glue} (Trunk's), found {}",
            loaders.len()
        )
        .into());
    };
    let mut out = html.to_string();
    out.replace_range(range.clone(), "");
    Ok(out)
}

/// The id of the first chart image in index.html, for the embed example.
fn first_chart(dir: &Path) -> Result<String> {
    let html = read(&dir.join("index.html"))?;
    tags(&html, "figure")
        .iter()
        .find_map(|t| attr(t.text, "data-chart").map(str::to_string))
        .ok_or_else(|| "index.html has no <figure data-chart>".into())
}

fn embed_example(parent_sri: &str, chart: &str) -> String {
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

/// A page is fit to ship: its CSP is [`page_csp`] (so every inline script and style is
/// allowed by its hash, and nothing else inline is), and every script and stylesheet it
/// loads carries an SRI hash that matches the file.
fn check_page(dir: &Path, page: &str) -> Result<()> {
    check_page_with(dir, page, crate::publish::public_url()?.as_deref())
}

/// [`check_page`] for a build whose public URL (`$WUSHAN_PUBLIC_URL`) is `public_url`.
fn check_page_with(dir: &Path, page: &str, public_url: Option<&str>) -> Result<()> {
    let html = read(&dir.join(page))?;
    let csp = page_csp(&html);
    let has_csp = tags(&html, "meta").iter().any(|t| {
        attr(t.text, "http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
            && attr(t.text, "content") == Some(csp.as_str())
    });
    if !has_csp {
        return Err(format!("dist/{page} lacks the Content-Security-Policy with its inline hashes").into());
    }
    if csp.contains("unsafe-inline") {
        return Err(format!("dist/{page}: the CSP allows 'unsafe-inline'").into());
    }
    for (tag, _, _) in scripts(&html) {
        if let Some(src) = attr(tag.text, "src") {
            check_integrity(dir, page, tag.text, src)?;
        }
    }
    for tag in tags(&html, "link") {
        let rel = attr(tag.text, "rel").unwrap_or("");
        if matches!(rel, "stylesheet" | "modulepreload" | "preload") {
            let href = attr(tag.text, "href").unwrap_or("");
            check_integrity(dir, page, tag.text, href)?;
        }
    }
    for bad in [" style=\"", "javascript:", "http://", "https://"] {
        for (at, _) in html.match_indices(bad) {
            let line = html[..at].lines().count();
            // Links to other sites are fine in text (<a href>), and the public URL in the
            // og:image, og:url and canonical tags (see publish.rs); resources are not.
            let tag_start = html[..at].rfind('<').unwrap_or(0);
            let context = &html[tag_start..at];
            let tag = &html[tag_start..tag_start + tag_len(&html[tag_start..]).unwrap_or(0)];
            // An XML namespace inside an inlined data: image is a name, not a request.
            let in_data_uri = context.rfind("=\"").is_some_and(|q| context[q + 2..].starts_with("data:"));
            if bad.starts_with("http")
                && (context.starts_with("<a ")
                    || context.starts_with("<!--")
                    || in_data_uri
                    || crate::publish::is_public_url_tag(tag, public_url))
            {
                continue;
            }
            return Err(format!("dist/{page}:{line} contains {bad:?}").into());
        }
    }
    Ok(())
}

fn check_integrity(dir: &Path, page: &str, tag: &str, url: &str) -> Result<()> {
    let Some(integrity) = attr(tag, "integrity") else {
        return Err(format!("dist/{page}: no integrity on {tag}").into());
    };
    let file = dir.join(path_of(url));
    let bytes = fs::read(&file).map_err(|e| format!("dist/{page} loads {url}: {e}"))?;
    if integrity != sri(&bytes) {
        return Err(format!("dist/{page}: the integrity of {url} does not match the file").into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// files of a build

/// Every file under `dir`, as `/`-separated relative paths, sorted.
pub(crate) fn files(dir: &Path) -> Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// one-file edition

/// The one-file edition's file name: the CSV's (the dataset's published name), as .html.
pub(crate) fn edition_name(dir: &Path) -> Result<String> {
    let csv = files(dir)?
        .into_iter()
        .find(|p| !p.contains('/') && p.ends_with(".csv"))
        .ok_or("dist/ has no CSV")?;
    Ok(csv.replace(".csv", ".html"))
}

/// `data:` URI of a file: SVG and CSV percent-encoded as text (compresses better than
/// base64), everything else base64.
pub fn data_uri(name: &str, bytes: &[u8]) -> String {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let mime = match ext.as_str() {
        "svg" => "image/svg+xml",
        "csv" => "text/csv;charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    };
    match (ext.as_str(), std::str::from_utf8(bytes)) {
        ("svg" | "csv", Ok(text)) => format!("data:{mime},{}", percent_encode(text)),
        _ => format!("data:{mime};base64,{}", BASE64.encode(bytes)),
    }
}

/// Percent-encodes what a URL in a double-quoted HTML attribute cannot hold as is.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' => out.push(c),
            ' ' | '-' | '_' | '.' | '~' | '/' | ':' | '=' | ',' | ';' | '(' | ')' | '!' | '*'
            | '+' | '@' | '$' | '\'' | '?' | '[' | ']' => out.push(c),
            c if !c.is_ascii() && c != '\u{feff}' => out.push(c),
            c => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// Replaces the value of every `attr_name` attribute of `tag_name` tags for which `map`
/// returns a new one, and keeps the old value in `data-offline` (see [`OFFLINE_SHIM`]).
fn rewrite_attr(
    html: &str,
    tag_name: &str,
    attr_name: &str,
    mut map: impl FnMut(&str) -> Result<Option<String>>,
) -> Result<String> {
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for tag in tags(html, tag_name) {
        let Some(value) = attr(tag.text, attr_name) else {
            continue;
        };
        let Some(new) = map(value)? else { continue };
        let key = format!("{attr_name}=\"{value}\"");
        let Some(at) = tag.text.find(&key) else {
            continue;
        };
        out.push_str(&html[last..tag.start + at]);
        out.push_str(&format!("{attr_name}=\"{new}\" data-offline=\"{value}\""));
        last = tag.start + at + key.len();
    }
    out.push_str(&html[last..]);
    Ok(out)
}

/// Removes every start tag for which `drop` is true (void elements: link, meta).
fn remove_tags(html: &str, name: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut out = html.to_string();
    for tag in tags(html, name).into_iter().rev() {
        if drop(tag.text) {
            let mut end = tag.end;
            if out[end..].starts_with('\n') {
                end += 1;
            }
            out.replace_range(tag.start..end, "");
        }
    }
    out
}

/// Hydration sets every attribute the components render, so Yew would put back
/// `src="charts/<id>.svg"`, `srcset="charts/phone/<id>.svg"` and the CSV's `href` over the
/// data: URIs. Before the app starts, this maps each original path (kept in `data-offline`)
/// to its data: URI and makes `setAttribute` use it.
const OFFLINE_SHIM: &str = r#"
const INLINE = new Map();
const URL_ATTR = { a: 'href', source: 'srcset' };
for (const el of document.querySelectorAll('[data-offline]')) {
  INLINE.set(el.getAttribute('data-offline'), el.getAttribute(URL_ATTR[el.localName] || 'src'));
}
const setAttribute = Element.prototype.setAttribute;
Element.prototype.setAttribute = function (name, value) {
  if ((name === 'src' || name === 'href' || name === 'srcset') && INLINE.has(value)) value = INLINE.get(value);
  return setAttribute.call(this, name, value);
};
"#;

/// The boot code for the one-file edition: the capability gate of assets/boot.js, then the
/// wasm decoded from base64 and handed to the glue's init.
fn offline_boot(init_name: &str, wasm: &[u8]) -> Result<String> {
    let template = asset("boot.js")?;
    let gate = between(&template, "// @boot-gate", "// @end-boot-gate")?;
    Ok(format!(
        "\n{{\n{gate}\n{OFFLINE_SHIM}\nconst WASM_BASE64 = '{}';\nstartApp(async () => {{\n  \
         const text = atob(WASM_BASE64);\n  const bytes = new Uint8Array(text.length);\n  \
         for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);\n  \
         await {init_name}({{ module_or_path: bytes }});\n}});\n}}\n",
        BASE64.encode(wasm)
    ))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Result<&'a str> {
    let a = text
        .find(start)
        .ok_or_else(|| format!("assets/boot.js has no {start}"))?;
    let b = text[a..]
        .find(end)
        .ok_or_else(|| format!("assets/boot.js has no {end}"))?;
    Ok(&text[a + start.len()..a + b])
}

/// The glue's default export (wasm-bindgen's init), from `export { …, name as default };`.
fn glue_init_name(glue: &str) -> Result<String> {
    glue.lines()
        .filter(|l| l.trim_start().starts_with("export {"))
        .flat_map(|l| l.split(['{', '}', ',']))
        .find_map(|part| {
            part.trim()
                .strip_suffix(" as default")
                .map(|n| n.trim().to_string())
        })
        .ok_or_else(|| "the wasm-bindgen glue has no `export { … as default }`".into())
}

/// dist/offline/<name>.html: one file that works from file://. The stylesheet in <style>,
/// the glue and the boot code in one inline module script with the wasm as base64 (Chromium
/// blocks module scripts by src and fetch of .wasm from file://), and every image and the CSV
/// as data: URIs. Its CSP allows exactly that script and that style by hash.
pub fn one_file_edition(dir: &Path) -> Result<()> {
    let bundle = find_bundle(dir)?;
    let mut html = read(&dir.join("index.html"))?;

    // Drop what only the web bundle needs: the CSP (replaced below), the boot script,
    // preloads, and the WeChat thumbnail.
    html = remove_tags(&html, "meta", |t| {
        attr(t, "http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
    });
    // Every script: the embed's, and the web boot script (this edition has its own loader).
    let all: Vec<_> = scripts(&html).into_iter().map(|(_, range, _)| range).collect();
    for range in all.into_iter().rev() {
        html.replace_range(range, "");
    }
    html = remove_tags(&html, "link", |t| {
        matches!(attr(t, "rel"), Some("modulepreload" | "preload"))
    });
    if let Some(a) = html.find("<div class=\"wechat-thumb\"") {
        if let Some(len) = html[a..].find("</div>") {
            html.replace_range(a..a + len + "</div>".len(), "");
        }
    }
    // No posters/ on file://: drop the "save image" links and their sheet (poster_sheet.rs).
    for (name, class) in [("a", "poster-open"), ("section", "poster-sheet")] {
        let found: Vec<_> = elements(&html, name).into_iter().filter(|(t, _, _)| attr(t.text, "class") == Some(class)).map(|(_, r, _)| r).collect();
        for range in found.into_iter().rev() {
            html.replace_range(range, "");
        }
    }

    // The stylesheet: already inline in the web page (moved to the end of <head> below), and
    // any stylesheet still linked.
    let mut styles = String::new();
    let inline: Vec<_> = elements(&html, "style").into_iter().map(|(_, range, body)| (range, body.to_string())).collect();
    for (range, body) in inline.into_iter().rev() {
        styles.insert_str(0, &body);
        html.replace_range(range, "");
    }
    styles.push_str(&inline_stylesheets(dir, &mut html)?);
    let styles = styles.replace("</style", "<\\/style");

    // Images and the CSV, as data: URIs.
    let mut inlined = 0;
    let mut inline = |value: &str| -> Result<Option<String>> {
        let path = path_of(value);
        if value.starts_with('#') || value.contains(':') || path.is_empty() {
            return Ok(None);
        }
        let file = dir.join(path);
        if !file.is_file() {
            return Err(format!("the page links to {value}, which is not in dist/").into());
        }
        inlined += 1;
        Ok(Some(data_uri(path, &fs::read(file)?)))
    };
    html = rewrite_attr(&html, "img", "src", &mut inline)?;
    // The phone images of `<picture>`: a srcset candidate ends at whitespace, so no spaces.
    html = rewrite_attr(&html, "source", "srcset", |set| Ok(inline(set)?.map(|uri| uri.replace(' ', "%20"))))?;
    // Links: only downloads (the CSV) become data: URIs; a link to a page stays a link.
    html = rewrite_attr(&html, "a", "href", |href| {
        if path_of(href).ends_with(".csv") {
            inline(href)
        } else {
            Ok(None)
        }
    })?;

    // One inline module script: the glue, then the boot code.
    let glue = read(&bundle.js)?;
    let init = glue_init_name(&glue)?;
    let script = format!("{glue}{}", offline_boot(&init, &fs::read(&bundle.wasm)?)?)
        .replace("</script", "<\\/script");
    let (script_hash, style_hash) = (csp_hash(&script), csp_hash(&styles));
    let csp = format!(
        "default-src 'none'; script-src {script_hash} 'wasm-unsafe-eval'; style-src {style_hash}; \
         img-src data:; object-src 'none'; base-uri 'none'; form-action 'none'"
    );
    html = after_charset(
        &html,
        &format!("\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"),
    )?;
    html = before(&html, "</head>", &format!("<style>{styles}</style>\n"))?;
    html = before(
        &html,
        "</body>",
        &format!("<script type=\"module\">{script}</script>\n"),
    )?;

    // Nothing may point at another file any more.
    let public_url = crate::publish::public_url()?;
    for (name, attr_name) in [("img", "src"), ("link", "href"), ("script", "src")] {
        for tag in tags(&html, name) {
            if let Some(v) = attr(tag.text, attr_name) {
                if !v.starts_with("data:")
                    && !crate::publish::is_public_url_tag(tag.text, public_url.as_deref())
                {
                    return Err(format!("one-file edition still loads {v}").into());
                }
            }
        }
    }
    let name = edition_name(dir)?;
    write(&dir.join("offline").join(&name), &html)?;

    let one = gzip_len(html.as_bytes());
    let web = web_first_visit_gzip(dir)?;
    println!(
        "offline/{name}: {} raw, {} gzip; {inlined} files inlined; {:.2}x the web bundle's first visit ({} gzip)",
        kib(html.len() as u64),
        kib(one),
        one as f64 / web as f64,
        kib(web),
    );
    Ok(())
}

/// What a first visit of index.html downloads, gzipped: the page, the files it links with
/// integrity (CSS, boot, glue, wasm), every chart image and illustration and the CSV.
pub fn web_first_visit_gzip(dir: &Path) -> Result<u64> {
    let mut sizes = BTreeMap::new();
    for path in files(dir)? {
        let name = path.rsplit('/').next().unwrap_or(&path);
        let counted = path == "index.html"
            || path.starts_with("charts/")
            || path.starts_with("illustrations/")
            || (!path.contains('/') && path.ends_with(".csv"))
            || (!path.contains('/') && is_hashed(name) && !name.starts_with("embed-"));
        if counted {
            sizes.insert(path.clone(), gzip_len(&fs::read(dir.join(&path))?));
        }
    }
    Ok(sizes.values().sum())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_tags_and_attributes() {
        let html = r#"<head><link rel="stylesheet" href="./a-1.css" integrity="sha384-x"/><linkx><script type="module">import x from './a.js'; if (a > b) {}</script><script src='b.js' defer></script></head>"#;
        let links = tags(html, "link");
        assert_eq!(links.len(), 1);
        assert_eq!(attr(links[0].text, "href"), Some("./a-1.css"));
        assert_eq!(attr(links[0].text, "integrity"), Some("sha384-x"));
        assert_eq!(attr(links[0].text, "crossorigin"), None);
        let s = scripts(html);
        assert_eq!(s.len(), 2);
        assert_eq!(attr(s[0].0.text, "src"), None);
        assert!(s[0].2.contains("a > b"));
        assert_eq!(attr(s[1].0.text, "src"), Some("b.js"));
        assert_eq!(attr(s[1].0.text, "defer"), Some(""));
    }

    #[test]
    fn sri_is_sha384_base64() {
        // echo -n abc | openssl dgst -sha384 -binary | base64
        assert_eq!(
            sri(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
        assert_eq!(short_hash(b"abc").len(), 16);
    }

    #[test]
    fn removes_trunks_loader_and_only_it() {
        let html = "<head><script type=\"module\">\nimport init from './app-0123456789abcdef.js';\nawait init();\n</script><script src=\"x.js\"></script></head>";
        let out = remove_trunk_loader(html, "app-0123456789abcdef.js").unwrap();
        assert_eq!(out, "<head><script src=\"x.js\"></script></head>");
        assert!(remove_trunk_loader(&out, "app-0123456789abcdef.js").is_err());
    }

    #[test]
    fn data_uris() {
        assert_eq!(
            data_uri("a.svg", b"<svg a=\"1\">#x 50%</svg>"),
            "data:image/svg+xml,%3Csvg a=%221%22%3E%23x 50%25%3C/svg%3E"
        );
        assert_eq!(data_uri("x.png", &[0, 1, 2]), "data:image/png;base64,AAEC");
        assert!(data_uri("d.csv", "\u{feff}id,标签\n".as_bytes())
            .starts_with("data:text/csv;charset=utf-8,%EF%BB%BFid,标签%0A"));
    }

    #[test]
    fn glue_init_is_the_default_export() {
        let glue = "function initSync(m) {}\nasync function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };\n";
        assert_eq!(glue_init_name(glue).unwrap(), "__wbg_init");
        assert!(glue_init_name("export { a };").is_err());
    }

    #[test]
    fn check_page_rejects_inline_scripts_and_bad_integrity() {
        let dir = std::env::temp_dir().join(format!("xtask-bundle-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.js"), "1").unwrap();
        let head = format!("<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">");
        let good = format!(
            "{head}<script src=\"./a.js\" integrity=\"{}\"></script>",
            sri(b"1")
        );
        fs::write(dir.join("p.html"), &good).unwrap();
        check_page(&dir, "p.html").unwrap();
        // An inline script or style passes only under a CSP that names its hash.
        let body = "<style>p{color:red}</style><script>start()</script>";
        let hashed = format!("<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{}\">{body}", page_csp(body));
        fs::write(dir.join("p.html"), &hashed).unwrap();
        check_page(&dir, "p.html").unwrap();
        assert!(page_csp(body).contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{}", page_csp(body));
        assert!(page_csp(body).contains("style-src 'self' 'sha256-"), "{}", page_csp(body));
        for bad in [
            format!("{head}<script>alert(1)</script>"),
            format!(
                "{head}<script src=\"./a.js\" integrity=\"{}\"></script>",
                sri(b"2")
            ),
            format!("{head}<script src=\"./a.js\"></script>"),
            good.replace("Content-Security-Policy", "x"),
            format!("{head}<p style=\"color:red\">"),
            format!("{head}<style>p{{color:red}}</style>"),
            hashed.replace("start()", "steal()"),
            // A link to another site does not excuse a resource from there after it.
            format!("{good}<a href=\"https://example.org/\">x</a><img src=\"https://example.org/x.png\">"),
        ] {
            fs::write(dir.join("p.html"), &bad).unwrap();
            assert!(check_page(&dir, "p.html").is_err(), "{bad}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn check_page_allows_the_public_url_in_share_tags_only() {
        let dir =
            std::env::temp_dir().join(format!("xtask-public-url-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let base = "https://story.example/wushan/";
        let head = format!(
            "<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
             <meta property=\"og:image\" content=\"{base}share.png\">\n\
             <meta property=\"og:url\" content=\"{base}\">\n<link rel=\"canonical\" href=\"{base}\">\n"
        );
        fs::write(dir.join("p.html"), &head).unwrap();
        check_page_with(&dir, "p.html", Some(base)).unwrap();
        // The same page built without the variable, or for another URL, fails (as it did
        // for every publishing build before publish.rs).
        assert!(check_page_with(&dir, "p.html", None).is_err());
        assert!(check_page_with(&dir, "p.html", Some("https://other.example/")).is_err());
        for bad in [
            format!("{head}<img src=\"{base}share.png\">"),
            format!("{head}<link rel=\"icon\" href=\"{base}share.png\">"),
            format!("{head}<meta property=\"og:image\" content=\"https://tracker.example/p.png\">"),
        ] {
            fs::write(dir.join("p.html"), &bad).unwrap();
            let err = check_page_with(&dir, "p.html", Some(base))
                .unwrap_err()
                .to_string();
            assert!(err.contains("contains \"https://\""), "{bad}: {err}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
