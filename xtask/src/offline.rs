//! The one-file edition: `offline/<name>.html`, everything inlined, for file:// (see
//! [`one_file_edition`] and ARCHITECTURE.md, "Static bundle").

use std::{fs, path::Path};

use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};

use crate::{
    csp::{csp_hash, csp_meta, is_csp_meta},
    files::{asset, data_uri, edition_name, find_bundle, path_of, read, write},
    html,
    pages::inline_stylesheets,
    publish,
    shell::Result,
    sizes::{gzip_len, kib, web_first_visit_gzip},
};

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
/// The glue is minified (`export{…,C as default}` at the end of one long line).
fn glue_init_name(glue: &str) -> Result<String> {
    glue.rmatch_indices("export")
        .map(|(i, _)| &glue[i + "export".len()..])
        .filter(|rest| rest.trim_start().starts_with('{'))
        .filter_map(|rest| rest.split_once('}').map(|(list, _)| list))
        .flat_map(|list| list.split(['{', ',']))
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
    html = html::remove(&html, "meta", is_csp_meta)?.0;
    // Every script: the embed's, and the web boot script (this edition has its own loader).
    html = html::remove(&html, "script", |_| true)?.0;
    html = html::remove(&html, "link", |t| t.rel_is(&["modulepreload", "preload"]))?.0;
    html = html::remove(&html, "div", |t| {
        t.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == "wechat-thumb"))
    })?
    .0;
    // No posters/ on file://: drop the "save image" links and their sheet (story::poster_sheet).
    html = html::remove(&html, "a.poster-open, section.poster-sheet", |_| true)?.0;

    // The stylesheet: already inline in the web page (moved to the end of <head> below), and
    // any stylesheet still linked.
    let mut styles: String = html::select(&html, "style")?
        .into_iter()
        .map(|t| t.text)
        .collect();
    html = html::remove(&html, "style", |_| true)?.0;
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
    html = html::rewrite_attr(&html, "img", "src", &mut inline)?;
    // The phone images of `<picture>`: a srcset candidate ends at whitespace, so no spaces.
    html = html::rewrite_attr(&html, "source", "srcset", |set| {
        Ok(inline(set)?.map(|uri| uri.replace(' ', "%20")))
    })?;
    // Links: only downloads (the CSV) become data: URIs; a link to a page stays a link.
    html = html::rewrite_attr(&html, "a", "href", |href| {
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
    html = html::after_charset(&html, &csp_meta(&csp))?;
    html = html::append_to(&html, "head", &format!("<style>{styles}</style>\n"))?;
    html = html::append_to(
        &html,
        "body",
        &format!("<script type=\"module\">{script}</script>\n"),
    )?;

    // Nothing may point at another file any more.
    let public_url = publish::public_url()?;
    for (name, attr_name) in [("img", "src"), ("link", "href"), ("script", "src")] {
        for tag in html::select(&html, name)? {
            if let Some(v) = tag.attr(attr_name) {
                if !v.starts_with("data:")
                    && !publish::is_public_url_tag(&tag, public_url.as_deref())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glue_init_is_the_default_export() {
        let glue = "function initSync(m) {}\nasync function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };\n";
        assert_eq!(glue_init_name(glue).unwrap(), "__wbg_init");
        assert_eq!(glue_init_name("function R(){}async function C(){}export{R as initSync,C as default};").unwrap(), "C");
        assert!(glue_init_name("export { a };").is_err());
    }
}
