//! The size of every file of dist/ (raw, gzip -9, brotli -q 11) and the totals of the web
//! bundle, the app shell and the one-file edition.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use serde_json::{json, Value};

use crate::shell::Result;

/// Sizes of one file, in bytes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FileSize {
    /// Path relative to dist/, with `/` separators.
    pub(super) path: String,
    pub(super) raw: u64,
    pub(super) gzip: u64,
    pub(super) brotli: u64,
}

#[derive(Debug, Default, PartialEq)]
pub(super) struct Total {
    pub(super) files: usize,
    pub(super) raw: u64,
    pub(super) gzip: u64,
    pub(super) brotli: u64,
}

/// What a first visit downloads before any image: the page (with its stylesheet and
/// boot script inline), the wasm-bindgen glue and the wasm (top-level files of dist/).
pub(super) fn is_app_shell(path: &str) -> bool {
    !path.contains('/')
        && (path == "index.html"
            || is_dist_wasm(path)
            || (path.starts_with("app-") && path.ends_with(".js")))
}

/// The shipped wasm: `app-<hash>_bg.wasm` at the top of dist/.
pub(super) fn is_dist_wasm(path: &str) -> bool {
    !path.contains('/') && path.ends_with("_bg.wasm")
}

pub(super) fn total_line(label: &str, t: &Total) -> String {
    format!(
        "{:<32}  {:>10}  {:>10}  {:>12}\n",
        format!("{label} ({} files)", t.files),
        t.raw,
        t.gzip,
        t.brotli
    )
}

pub(super) fn measure_dir(dir: &Path) -> Result<Vec<FileSize>> {
    let mut paths = Vec::new();
    walk(dir, &mut paths)?;
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let bytes = fs::read(path)?;
            let rel = path.strip_prefix(dir).expect("walked from dir");
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Ok(FileSize {
                path: rel.join("/"),
                raw: bytes.len() as u64,
                gzip: crate::sizes::gzip_len(&bytes),
                brotli: brotli_len(&bytes),
            })
        })
        .collect()
}

pub(super) fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

pub(super) fn brotli_len(bytes: &[u8]) -> u64 {
    let mut writer = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 24);
    writer
        .write_all(bytes)
        .expect("writing to a Vec cannot fail");
    writer.into_inner().len() as u64
}

pub(super) fn is_web_bundle(path: &str) -> bool {
    !path.starts_with("offline/")
}

pub(super) fn is_one_file_edition(path: &str) -> bool {
    path.strip_prefix("offline/")
        .is_some_and(|name| !name.contains('/') && name.ends_with(".html"))
}

pub(super) fn total<'a>(files: impl Iterator<Item = &'a FileSize>) -> Total {
    files.fold(Total::default(), |t, f| Total {
        files: t.files + 1,
        raw: t.raw + f.raw,
        gzip: t.gzip + f.gzip,
        brotli: t.brotli + f.brotli,
    })
}

pub(super) fn total_json(t: &Total) -> Value {
    json!({ "files": t.files, "raw": t.raw, "gzip": t.gzip, "brotli": t.brotli })
}

pub(super) fn table(files: &[FileSize], web: &Total, offline: Option<&Total>) -> String {
    let width = files
        .iter()
        .map(|f| f.path.chars().count())
        .max()
        .unwrap_or(0)
        .max(32);
    let mut out = String::new();
    let mut row = |name: &str, raw: &str, gzip: &str, brotli: &str| {
        out.push_str(&format!(
            "{name:<width$}  {raw:>10}  {gzip:>10}  {brotli:>12}\n"
        ));
    };
    row("file (dist/)", "raw B", "gzip -9 B", "brotli -q11 B");
    for f in files {
        row(
            &f.path,
            &f.raw.to_string(),
            &f.gzip.to_string(),
            &f.brotli.to_string(),
        );
    }
    let mut total_row = |label: String, t: &Total| {
        row(
            &label,
            &t.raw.to_string(),
            &t.gzip.to_string(),
            &t.brotli.to_string(),
        );
    };
    total_row(format!("= web bundle ({} files)", web.files), web);
    match offline {
        Some(t) => total_row(format!("= one-file edition ({} files)", t.files), t),
        None => out.push_str("= one-file edition: not built (no dist/offline/*.html)\n"),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(path: &str, raw: u64) -> FileSize {
        FileSize {
            path: path.to_string(),
            raw,
            gzip: raw / 2,
            brotli: raw / 3,
        }
    }

    #[test]
    fn splits_web_bundle_from_one_file_edition() {
        let files = [
            size("index.html", 300),
            size("app-0123456789abcdef_bg.wasm", 3000),
            size("offline/wushan.html", 6000),
            size("offline/notes/readme.html", 60),
        ];
        let web = total(files.iter().filter(|f| is_web_bundle(&f.path)));
        assert_eq!(
            web,
            Total {
                files: 2,
                raw: 3300,
                gzip: 1650,
                brotli: 1100
            }
        );
        let offline = total(files.iter().filter(|f| is_one_file_edition(&f.path)));
        assert_eq!(
            offline,
            Total {
                files: 1,
                raw: 6000,
                gzip: 3000,
                brotli: 2000
            }
        );
    }

    #[test]
    fn measures_real_compression() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-test-{}", std::process::id()));
        fs::create_dir_all(dir.join("offline")).unwrap();
        let text = "巫山 data story. ".repeat(500);
        fs::write(dir.join("index.html"), &text).unwrap();
        fs::write(dir.join("offline/story.html"), &text).unwrap();
        let files = measure_dir(&dir).unwrap();
        fs::remove_dir_all(&dir).unwrap();

        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["index.html", "offline/story.html"]);
        let f = &files[0];
        assert_eq!(f.raw, text.len() as u64);
        assert!(f.gzip < f.raw / 10, "gzip {} of {}", f.gzip, f.raw);
        assert!(f.brotli < f.gzip, "brotli {} vs gzip {}", f.brotli, f.gzip);
    }

    #[test]
    fn app_shell_is_the_page_the_glue_and_the_wasm() {
        for shell in ["index.html", "app-0123.js", "app-0123_bg.wasm"] {
            assert!(is_app_shell(shell), "{shell}");
        }
        for other in [
            "charts/fig.svg",
            "embed-0123.js",
            "offline/index.html",
            "share.png",
            "sw.js",
            // inline in index.html now: a file of that name is not fetched by the page
            "style-0123.css",
            "boot-0123.js",
        ] {
            assert!(!is_app_shell(other), "{other}");
        }
        assert!(is_dist_wasm("app-0123_bg.wasm"));
        assert!(!is_dist_wasm("offline/app-0123_bg.wasm"));
    }

    #[test]
    fn table_has_totals() {
        let files = [size("index.html", 300)];
        let text = table(&files, &total(files.iter()), None);
        assert!(text.contains("= web bundle (1 files)"), "{text}");
        assert!(text.contains("one-file edition: not built"), "{text}");
    }
}
