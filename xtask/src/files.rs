//! The files of a build: reading and writing them, their names and hashes, and the one
//! `*_bg.wasm` plus glue that Trunk wrote. Every bundle step builds on this module; it imports
//! none of them.

use std::{
    fs,
    path::{Path, PathBuf},
};

use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use sha2::{Digest, Sha256, Sha384};

use crate::shell::{project_root, Result};

/// What a release build produced.
pub struct Bundle {
    pub dir: PathBuf,
    /// `app-<hash>_bg.wasm`
    pub wasm: PathBuf,
    /// `app-<hash>.js`, the wasm-bindgen glue
    pub js: PathBuf,
}

/// Finds the one `*_bg.wasm` in `dir` and the JS glue of the same name.
pub fn find_bundle(dir: &Path) -> Result<Bundle> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let wasm: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| file_name(path).ends_with("_bg.wasm"))
        .collect();
    let [wasm] = &wasm[..] else {
        return Err(format!(
            "expected one *_bg.wasm in {}, found {}",
            dir.display(),
            wasm.len()
        )
        .into());
    };
    let js = dir.join(file_name(wasm).replace("_bg.wasm", ".js"));
    if !js.is_file() {
        return Err(format!("{} is missing", js.display()).into());
    }
    Ok(Bundle {
        dir: dir.to_path_buf(),
        wasm: wasm.clone(),
        js,
    })
}

/// `app-1a2b3c4d5e6f7a8b_bg.wasm`, `app-1a2b3c4d5e6f7a8b.js`: Trunk's
/// content hash is the 64-bit seahash in hex after the last `-`.
pub fn is_hashed(file_name: &str) -> bool {
    let stem = file_name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((name, hash)) => {
            !name.is_empty()
                && (8..=16).contains(&hash.len())
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

pub fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()).into())
}

pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
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
pub fn write_hashed(dir: &Path, stem: &str, ext: &str, contents: &[u8]) -> Result<String> {
    let name = format!("{stem}-{}.{ext}", short_hash(contents));
    write(&dir.join(&name), contents)?;
    Ok(name)
}

/// A file of `assets/`, as text.
pub fn asset(name: &str) -> Result<String> {
    read(&project_root().join("assets").join(name))
}

/// The file a page's `href` or `src` names: without `./`, a fragment or a query.
pub fn path_of(href: &str) -> &str {
    let href = href.strip_prefix("./").unwrap_or(href);
    href.split(['#', '?']).next().unwrap_or(href)
}

/// Every file under `dir`, as `/`-separated relative paths, sorted.
pub fn files(dir: &Path) -> Result<Vec<String>> {
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

/// The one-file edition's file name: the CSV's (the dataset's published name), as .html.
pub fn edition_name(dir: &Path) -> Result<String> {
    let csv = files(dir)?
        .into_iter()
        .find(|p| !p.contains('/') && p.ends_with(".csv"))
        .ok_or("dist/ has no CSV")?;
    Ok(csv.replace(".csv", ".html"))
}

/// `data:` URI of a file: SVG and CSV percent-encoded as text (compresses better than
/// base64), everything else base64. An SVG without single quotes has its double quotes
/// turned into single ones, which need no escape (as mini-svg-data-uri does).
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
        ("svg", Ok(text)) if !text.contains('\'') => {
            format!("data:{mime},{}", percent_encode(&text.replace('"', "'")))
        }
        ("svg" | "csv", Ok(text)) => format!("data:{mime},{}", percent_encode(text)),
        _ => format!("data:{mime};base64,{}", BASE64.encode(bytes)),
    }
}

/// Percent-encodes what a URL in a double-quoted HTML attribute cannot hold as is: `<`,
/// `>`, `{` and `}` may stay (an attribute value may hold them, and a `data:` URL's
/// path keeps them), `"`, `#`, `%`, `&` and controls may not.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' => out.push(c),
            ' ' | '-' | '_' | '.' | '~' | '/' | ':' | '=' | ',' | ';' | '(' | ')' | '!' | '*'
            | '+' | '@' | '$' | '\'' | '?' | '[' | ']' | '<' | '>' | '{' | '}' => out.push(c),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_hashed("app-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("app-1a2b3c4d5e6f7a8.js"));
        assert!(is_hashed("my-app-00ff00ff00ff00ff.js"));
        assert!(!is_hashed("app_bg.wasm"));
        assert!(!is_hashed("app.js"));
        assert!(!is_hashed("my-app.js"));
        assert!(!is_hashed("-1a2b3c4d5e6f7a8b.js"));
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
    fn data_uris() {
        assert_eq!(
            data_uri("a.svg", b"<svg a=\"1\">#x 50%</svg>"),
            "data:image/svg+xml,<svg a='1'>%23x 50%25</svg>"
        );
        // With a single quote inside, the double quotes stay escaped.
        assert_eq!(
            data_uri("b.svg", b"<svg f=\"'a b'\">&</svg>"),
            "data:image/svg+xml,<svg f=%22'a b'%22>%26</svg>"
        );
        assert_eq!(data_uri("x.png", &[0, 1, 2]), "data:image/png;base64,AAEC");
        assert!(data_uri("d.csv", "\u{feff}id,标签\n".as_bytes())
            .starts_with("data:text/csv;charset=utf-8,%EF%BB%BFid,标签%0A"));
    }

    #[test]
    fn paths_of_links() {
        assert_eq!(path_of("./a.css?v=1#x"), "a.css");
        assert_eq!(path_of("charts/a.svg"), "charts/a.svg");
    }
}
