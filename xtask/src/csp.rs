//! The Content-Security-Policy of the served pages and the check that each page is fit to
//! ship: its policy names the hash of every inline script and style and nothing else inline,
//! every script and stylesheet it loads carries a matching SRI hash, no element has a
//! `style` attribute, and nothing is loaded from another origin (ARCHITECTURE.md,
//! "Invariants"). The pages are read with [`crate::html`], as a browser reads them.

use std::{fs, path::Path};

use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use sha2::{Digest, Sha256};

use crate::{
    files::{path_of, read, sri},
    html::{self, Tag},
    publish,
    shell::Result,
};

/// The policy of every served page. Scripts only from this origin (plus compiling wasm),
/// styles only from files (the app sets styles through the CSSOM, which the policy allows),
/// images from this origin or data: URIs, nothing else.
pub const CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'";

/// `'sha256-<base64>'`, a CSP source for an inline script or style.
pub fn csp_hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        BASE64.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The policy of a served page: [`CSP`] plus the hashes of its inline scripts and styles
/// (the boot script and the stylesheet, inlined so that the first paint and the wasm
/// download need no second round trip). A script or style inside a comment is not one.
pub fn page_csp(html: &str) -> Result<String> {
    let hashes = |name: &str| -> Result<String> {
        Ok(html::select(html, name)?
            .iter()
            .filter(|tag| name != "script" || tag.attr("src").is_none())
            .map(|tag| format!(" {}", csp_hash(&tag.text)))
            .collect())
    };
    Ok(CSP
        .replacen(
            "'wasm-unsafe-eval'",
            &format!("'wasm-unsafe-eval'{}", hashes("script")?),
            1,
        )
        .replacen(
            "style-src 'self'",
            &format!("style-src 'self'{}", hashes("style")?),
            1,
        ))
}

/// The `<meta http-equiv="Content-Security-Policy">` tag that goes after `<meta charset>`.
pub fn csp_meta(policy: &str) -> String {
    format!("\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">")
}

/// Is `tag` the page's `<meta http-equiv="Content-Security-Policy">`?
pub fn is_csp_meta(tag: &Tag) -> bool {
    tag.name == "meta"
        && tag
            .attr("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"))
}

/// A page is fit to ship: its CSP is [`page_csp`] (so every inline script and style is
/// allowed by its hash, and nothing else inline is), and every script and stylesheet it
/// loads carries an SRI hash that matches the file.
pub fn check_page(dir: &Path, page: &str) -> Result<()> {
    check_page_with(dir, page, publish::public_url()?.as_deref())
}

/// [`check_page`] for a build whose public URL (`$WUSHAN_PUBLIC_URL`) is `public_url`.
pub fn check_page_with(dir: &Path, page: &str, public_url: Option<&str>) -> Result<()> {
    let html = read(&dir.join(page))?;
    let csp = page_csp(&html)?;
    let elements = html::select(&html, "*")?;
    let has_csp = elements
        .iter()
        .any(|t| is_csp_meta(t) && t.attr("content") == Some(csp.as_str()));
    if !has_csp {
        return Err(format!(
            "dist/{page} lacks the Content-Security-Policy with its inline hashes"
        )
        .into());
    }
    if csp.contains("unsafe-inline") {
        return Err(format!("dist/{page}: the CSP allows 'unsafe-inline'").into());
    }
    for tag in &elements {
        let loads = match tag.name.as_str() {
            "script" => tag.attr("src"),
            "link" if tag.rel_is(&["stylesheet", "modulepreload", "preload"]) => {
                Some(tag.attr("href").unwrap_or(""))
            }
            _ => None,
        };
        if let Some(url) = loads {
            check_integrity(dir, page, tag, url)?;
        }
    }
    for tag in &elements {
        let line = tag.line(&html);
        if tag.attr("style").is_some() {
            return Err(format!(
                "dist/{page}:{line} contains \" style=\\\"\" (a style attribute on <{}>)",
                tag.name
            )
            .into());
        }
        // Inline code may not name another origin either.
        let code = matches!(tag.name.as_str(), "script" | "style").then_some(tag.text.as_str());
        let values = tag.attrs.iter().map(|(_, v)| v.as_str()).chain(code);
        for value in values {
            for bad in ["javascript:", "http://", "https://"] {
                if !value.contains(bad) {
                    continue;
                }
                // Links to other sites are fine (<a href>), and the public URL in the
                // og:image, og:url and canonical tags (see publish.rs); resources are not.
                // An XML namespace inside an inlined data: image is a name, not a request.
                if bad.starts_with("http")
                    && (tag.name == "a"
                        || value.starts_with("data:")
                        || publish::is_public_url_tag(tag, public_url))
                {
                    continue;
                }
                return Err(format!("dist/{page}:{line} contains {bad:?}").into());
            }
        }
    }
    Ok(())
}

fn check_integrity(dir: &Path, page: &str, tag: &Tag, url: &str) -> Result<()> {
    let Some(integrity) = tag.attr("integrity") else {
        return Err(format!("dist/{page}: no integrity on <{} {url}>", tag.name).into());
    };
    let file = dir.join(path_of(url));
    let bytes = fs::read(&file).map_err(|e| format!("dist/{page} loads {url}: {e}"))?;
    if integrity != sri(&bytes) {
        return Err(format!("dist/{page}: the integrity of {url} does not match the file").into());
    }
    Ok(())
}

#[cfg(test)]
mod tests;
