//! `cargo xtask bench`: what a reader downloads, measured on the release build.
//!
//! Sizes: every file in dist/, raw, gzip -9 and brotli -q 11, with totals for
//! the web bundle (everything outside dist/offline/), the app shell (what a first
//! visit needs before any image) and the one-file offline edition
//! (dist/offline/*.html). Browser metrics (load, hydration, first chart, long tasks,
//! frames while scrolling, memory) come from tests/e2e/bench.mjs, under mobile
//! throttling (see [`browser_metrics`]); both are printed beside the README targets.
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
    let shell = total(files.iter().filter(|f| is_app_shell(&f.path)));
    print!("{}", table(&files, &web, offline.as_ref()));
    print!("{}", total_line("= app shell", &shell));

    let browser = browser_metrics(&dist_dir)?;
    print!("{}", targets_table(&shell, browser.as_ref()));
    let report = json!({
        "generated_by": "cargo xtask bench",
        "compression": { "gzip": "flate2 level 9", "brotli": "quality 11, lgwin 24" },
        "files": files.iter().map(|f| json!({
            "path": f.path, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli,
        })).collect::<Vec<_>>(),
        "web_bundle": total_json(&web),
        "app_shell": total_json(&shell),
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
    let mut lines: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    let last = lines.pop().unwrap_or_default();
    for line in lines {
        println!("{line}");
    }
    if !out.status.success() {
        println!("{last}");
        return Err(format!("node tests/e2e/bench.mjs failed ({})", out.status).into());
    }
    let metrics: Value = serde_json::from_str(last)
        .map_err(|e| format!("tests/e2e/bench.mjs: last stdout line is not JSON ({e}): {last}"))?;
    Ok(Some(metrics))
}

/// What a first visit downloads before any image: the page, its stylesheet, the boot
/// script, the wasm-bindgen glue and the wasm (top-level files of dist/).
fn is_app_shell(path: &str) -> bool {
    !path.contains('/')
        && (path == "index.html"
            || (path.starts_with("style-") && path.ends_with(".css"))
            || path.ends_with("_bg.wasm")
            || ((path.starts_with("app-") || path.starts_with("boot-")) && path.ends_with(".js")))
}

fn total_line(label: &str, t: &Total) -> String {
    format!(
        "{:<32}  {:>10}  {:>10}  {:>12}\n",
        format!("{label} ({} files)", t.files),
        t.raw,
        t.gzip,
        t.brotli
    )
}

/// A number at `path` (JSON pointer) of the browser report.
fn num(v: &Value, path: &str) -> Option<f64> {
    v.pointer(path).and_then(Value::as_f64)
}

fn ms(x: Option<f64>) -> String {
    x.map_or("n/a".into(), |x| format!("{x:.0} ms"))
}

fn mib(x: Option<f64>) -> String {
    x.map_or("n/a".into(), |x| format!("{:.1} MiB", x / 1048576.0))
}

/// `met` / `MISSED` against an upper bound, or nothing without a measurement.
fn verdict(x: Option<f64>, max: f64) -> &'static str {
    match x {
        Some(x) if x <= max => "met",
        Some(_) => "MISSED",
        None => "not measured",
    }
}

/// The README targets beside what was measured. Sizes in KiB (1024 B); the 150 KB
/// target is read as 150 KiB.
fn targets_table(shell: &Total, browser: Option<&Value>) -> String {
    let mut out = String::from("\n");
    let mut row = |metric: &str, measured: String, target: &str, verdict: &str| {
        out.push_str(&format!(
            "{metric:<48}  {measured:>20}  {target:>12}  {verdict}\n"
        ));
    };
    row("metric", "measured".into(), "target", "");
    let shell_kib = shell.gzip as f64 / 1024.0;
    row(
        "app shell, gzip -9 (html+css+js+wasm)",
        format!("{shell_kib:.1} KiB"),
        "<= 150 KiB",
        verdict(Some(shell_kib), 150.0),
    );
    let Some(b) = browser else {
        out.push_str("browser metrics: not measured (no tests/e2e/bench.mjs)\n");
        return out;
    };
    let fcp = num(b, "/load/median/fcp");
    row(
        "first contentful paint, /",
        ms(fcp),
        "<= 1000 ms",
        verdict(fcp, 1000.0),
    );
    row(
        "largest contentful paint, /",
        ms(num(b, "/load/median/lcp")),
        "",
        "",
    );
    row(
        "hydrated (html.live), /",
        ms(num(b, "/load/median/hydrated")),
        "",
        "",
    );
    row(
        "total blocking time, /",
        ms(num(b, "/load/median/tbt")),
        "",
        "",
    );
    let chart = num(b, "/deep_link/median/firstChartFinal");
    let first = b
        .pointer("/deep_link/first_chart")
        .and_then(Value::as_str)
        .unwrap_or("?");
    row(
        &format!("first chart final frame, /#jobs ({first})"),
        ms(chart),
        "<= 2000 ms",
        verdict(chart, 2000.0),
    );
    row(
        "transferred, first load of /",
        num(b, "/load/median/transferBytes")
            .map_or("n/a".into(), |x| format!("{:.1} KiB", x / 1024.0)),
        "",
        "",
    );
    row(
        "JS heap peak / wasm memory, load",
        format!(
            "{} / {}",
            mib(num(b, "/load/median/heapPeak")),
            mib(num(b, "/load/median/wasmMemory"))
        ),
        "",
        "",
    );
    let longest = num(b, "/scroll/longestFrame");
    row(
        "scroll: frames / over 20 ms / over 50 ms",
        format!(
            "{} / {} / {}",
            num(b, "/scroll/frames").unwrap_or(f64::NAN),
            num(b, "/scroll/over20").unwrap_or(f64::NAN),
            num(b, "/scroll/over50").unwrap_or(f64::NAN)
        ),
        "",
        "",
    );
    row(
        "scroll: longest frame",
        ms(longest),
        "<= 50 ms",
        verdict(longest, 50.0),
    );
    row(
        "JS heap peak / wasm memory, scroll",
        format!(
            "{} / {}",
            mib(num(b, "/scroll/heapPeak")),
            mib(num(b, "/scroll/wasmMemory"))
        ),
        "",
        "",
    );
    if let Some(lh) = b.pointer("/lighthouse/metrics_ms") {
        row(
            "lighthouse (simulated): FCP / LCP / TBT",
            format!(
                "{} / {} / {}",
                ms(num(lh, "/fcp")),
                ms(num(lh, "/lcp")),
                ms(num(lh, "/tbt"))
            ),
            "",
            "",
        );
    }
    match b.pointer("/lighthouse/skipped").and_then(Value::as_str) {
        Some(why) => out.push_str(&format!("lighthouse: not measured ({why})\n")),
        None => {
            for (cat, min) in [
                ("performance", 0.98),
                ("accessibility", 1.0),
                ("best-practices", 1.0),
                ("seo", 1.0),
            ] {
                let score = num(b, &format!("/lighthouse/{cat}"));
                let ok = match score {
                    Some(s) if s >= min => "met",
                    Some(_) => "MISSED",
                    None => "not measured",
                };
                row(
                    &format!("lighthouse {cat}"),
                    score.map_or("n/a".into(), |s| format!("{s:.2}")),
                    &format!(">= {min:.2}"),
                    ok,
                );
            }
        }
    }
    if let Some(c) = b.get("conditions") {
        out.push_str(&format!(
            "conditions: median of {} cold loads; {} px at DPR {}; {} ms latency, {}/{} kbit/s; CPU x{}; {}; {}\n",
            c["runs"], c["viewport"].as_str().unwrap_or("?"), c["device_pixel_ratio"],
            c["network"]["latency_ms"], c["network"]["down_kbps"], c["network"]["up_kbps"],
            c["cpu_slowdown"], c["content_encoding"].as_str().unwrap_or("?"), c["cache"].as_str().unwrap_or("?"),
        ));
    }
    out
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
    fn app_shell_is_the_page_its_style_and_code() {
        for shell in [
            "index.html",
            "style-0123.css",
            "app-0123.js",
            "boot-0123.js",
            "app-0123_bg.wasm",
        ] {
            assert!(is_app_shell(shell), "{shell}");
        }
        for other in [
            "charts/fig.svg",
            "embed-0123.js",
            "offline/index.html",
            "share.png",
            "sw.js",
        ] {
            assert!(!is_app_shell(other), "{other}");
        }
    }

    #[test]
    fn targets_say_met_or_missed() {
        let shell = Total {
            files: 5,
            raw: 400_000,
            gzip: 200 * 1024,
            brotli: 150_000,
        };
        let browser = json!({
            "load": { "median": { "fcp": 900.0, "lcp": 1200.0, "hydrated": 3000.0, "tbt": 10.0 } },
            "deep_link": { "median": { "firstChartFinal": 2500.0 }, "first_chart": "fig_a" },
            "scroll": { "frames": 600, "over20": 3, "over50": 0, "longestFrame": 34.0 },
            "lighthouse": { "skipped": "not installed" },
        });
        let text = targets_table(&shell, Some(&browser));
        let line = |start: &str| {
            text.lines()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("no line {start}: {text}"))
                .to_string()
        };
        assert!(line("app shell").ends_with("MISSED"), "{text}");
        assert!(line("first contentful paint").ends_with("met"), "{text}");
        assert!(
            line("first chart final frame, /#jobs (fig_a)").ends_with("MISSED"),
            "{text}"
        );
        assert!(line("scroll: longest frame").ends_with("met"), "{text}");
        assert!(
            text.contains("lighthouse: not measured (not installed)"),
            "{text}"
        );
        assert!(targets_table(&shell, None).contains("browser metrics: not measured"));
    }

    #[test]
    fn table_has_totals() {
        let files = [size("index.html", 300)];
        let text = table(&files, &total(files.iter()), None);
        assert!(text.contains("= web bundle (1 files)"), "{text}");
        assert!(text.contains("one-file edition: not built"), "{text}");
    }
}
