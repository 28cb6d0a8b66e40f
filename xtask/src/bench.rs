//! `cargo xtask bench`: what a reader downloads, measured on the release build.
//!
//! Sizes: every file in dist/, raw, gzip -9 and brotli -q 11, with totals for
//! the web bundle (everything outside dist/offline/) and the one-file offline
//! edition (dist/offline/*.html). Browser metrics come from
//! tests/e2e/bench.mjs once it exists (see [`browser_metrics`]).
//! The report goes to target/bench/report.json.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use serde_json::{json, Value};

use crate::{
    dist, setup,
    shell::{cmd, project_root, Result},
};

/// Sizes of one file, in bytes.
#[derive(Debug, Clone, PartialEq)]
struct FileSize {
    /// Path relative to dist/, with `/` separators.
    path: String,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

#[derive(Debug, Default, PartialEq)]
struct Total {
    files: usize,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

pub fn run(build: bool) -> Result<()> {
    let dist_dir = if build {
        dist::run()?.dir
    } else {
        setup::run(setup::Options { browser: false })?;
        project_root().join("dist")
    };
    if !dist_dir.join("index.html").is_file() {
        return Err(
            "dist/index.html is missing: run `cargo xtask bench` without --no-build".into(),
        );
    }

    let files = measure_dir(&dist_dir)?;
    let web = total(files.iter().filter(|f| is_web_bundle(&f.path)));
    let offline_files: Vec<&FileSize> = files
        .iter()
        .filter(|f| is_one_file_edition(&f.path))
        .collect();
    let offline = (!offline_files.is_empty()).then(|| total(offline_files.into_iter()));
    print!("{}", table(&files, &web, offline.as_ref()));

    let browser = browser_metrics(&dist_dir)?;
    let report = json!({
        "generated_by": "cargo xtask bench",
        "compression": { "gzip": "flate2 level 9", "brotli": "quality 11, lgwin 24" },
        "files": files.iter().map(|f| json!({
            "path": f.path, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli,
        })).collect::<Vec<_>>(),
        "web_bundle": total_json(&web),
        "one_file_edition": offline.as_ref().map(total_json),
        "browser": browser,
    });
    let out = project_root().join("target/bench/report.json");
    fs::create_dir_all(out.parent().expect("has a parent"))?;
    fs::write(&out, serde_json::to_string_pretty(&report)? + "\n")?;
    println!("bench: wrote target/bench/report.json");
    Ok(())
}

/// Browser metrics (load and render timings, long tasks, memory): measured by
/// `node tests/e2e/bench.mjs`, which serves `DIST_DIR` itself and prints one
/// JSON object as its last line of stdout. Until that script exists nothing
/// is measured and the report says `"browser": null`; no number is invented.
fn browser_metrics(dist_dir: &Path) -> Result<Option<Value>> {
    let script = project_root().join("tests/e2e/bench.mjs");
    if !script.is_file() {
        println!("bench: browser metrics not measured (tests/e2e/bench.mjs does not exist yet)");
        return Ok(None);
    }
    setup::run(setup::Options { browser: true })?;
    let out = cmd("node")
        .arg("tests/e2e/bench.mjs")
        .env("DIST_DIR", dist_dir)
        .env("CHROMIUM", setup::CHROMIUM)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("could not start node tests/e2e/bench.mjs: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    if !out.status.success() {
        return Err(format!("node tests/e2e/bench.mjs failed ({})", out.status).into());
    }
    let last = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let metrics: Value = serde_json::from_str(last)
        .map_err(|e| format!("tests/e2e/bench.mjs: last stdout line is not JSON ({e}): {last}"))?;
    Ok(Some(metrics))
}

fn measure_dir(dir: &Path) -> Result<Vec<FileSize>> {
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
                gzip: dist::gzip_len(&bytes),
                brotli: brotli_len(&bytes),
            })
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
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

fn brotli_len(bytes: &[u8]) -> u64 {
    let mut writer = brotli::CompressorWriter::new(Vec::new(), 4096, 11, 24);
    writer
        .write_all(bytes)
        .expect("writing to a Vec cannot fail");
    writer.into_inner().len() as u64
}

fn is_web_bundle(path: &str) -> bool {
    !path.starts_with("offline/")
}

fn is_one_file_edition(path: &str) -> bool {
    path.strip_prefix("offline/")
        .is_some_and(|name| !name.contains('/') && name.ends_with(".html"))
}

fn total<'a>(files: impl Iterator<Item = &'a FileSize>) -> Total {
    files.fold(Total::default(), |t, f| Total {
        files: t.files + 1,
        raw: t.raw + f.raw,
        gzip: t.gzip + f.gzip,
        brotli: t.brotli + f.brotli,
    })
}

fn total_json(t: &Total) -> Value {
    json!({ "files": t.files, "raw": t.raw, "gzip": t.gzip, "brotli": t.brotli })
}

fn table(files: &[FileSize], web: &Total, offline: Option<&Total>) -> String {
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
    fn table_has_totals() {
        let files = [size("index.html", 300)];
        let text = table(&files, &total(files.iter()), None);
        assert!(text.contains("= web bundle (1 files)"), "{text}");
        assert!(text.contains("one-file edition: not built"), "{text}");
    }
}
