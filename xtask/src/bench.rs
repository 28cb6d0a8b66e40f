//! `cargo xtask bench`: what a reader downloads, measured on the release build.
//!
//! Sizes: every file in dist/, raw, gzip -9 and brotli -q 11, with totals for
//! the web bundle (everything outside dist/offline/), the app shell (what a first
//! visit needs before any image) and the one-file offline edition
//! (dist/offline/*.html). Then what each crate and each of our modules costs in the
//! wasm ([`wasm_size`]). Browser metrics (load, hydration, first chart, long tasks,
//! frames while scrolling, memory) come from tests/e2e/bench.mjs, under mobile
//! throttling (see [`browser_metrics`]). Issue 10's figures are printed beside its
//! targets and beside the figures measured at [`BEFORE_COMMIT`] ([`figures`]).
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
    wasm_size,
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

    let dist_wasm = files.iter().find(|f| is_dist_wasm(&f.path));
    let breakdown = match dist_wasm {
        Some(f) => wasm_size::measure(&dist_dir.join(&f.path))?,
        None => {
            println!("wasm breakdown: not measured (no *_bg.wasm in dist/)");
            None
        }
    };

    let browser = browser_metrics(&dist_dir)?;
    let rows = figures(dist_wasm.map(|f| f.gzip), &shell, browser.as_ref());
    print!("{}", targets_table(&rows, browser.as_ref()));
    let report = json!({
        "generated_by": "cargo xtask bench",
        "compression": { "gzip": "flate2 level 9", "brotli": "quality 11, lgwin 24" },
        "targets": targets_json(&rows),
        "files": files.iter().map(|f| json!({
            "path": f.path, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli,
        })).collect::<Vec<_>>(),
        "web_bundle": total_json(&web),
        "app_shell": total_json(&shell),
        "one_file_edition": offline.as_ref().map(total_json),
        "wasm_breakdown": breakdown.as_ref().zip(dist_wasm).map(|(b, f)| b.to_json(f.raw)),
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

/// What a first visit downloads before any image: the page (with its stylesheet and
/// boot script inline), the wasm-bindgen glue and the wasm (top-level files of dist/).
fn is_app_shell(path: &str) -> bool {
    !path.contains('/')
        && (path == "index.html"
            || is_dist_wasm(path)
            || (path.starts_with("app-") && path.ends_with(".js")))
}

/// The shipped wasm: `app-<hash>_bg.wasm` at the top of dist/.
fn is_dist_wasm(path: &str) -> bool {
    !path.contains('/') && path.ends_with("_bg.wasm")
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

/// The commit at which issue 10's "now" column was measured (the "before" column).
const BEFORE_COMMIT: &str = "4b67ee2";

/// How a figure is stored (in its base unit) and printed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    /// bytes, printed in KiB (1024 B)
    KiB,
    /// bytes, printed in MiB
    MiB,
    /// milliseconds, printed in seconds
    Seconds,
    /// milliseconds
    Ms,
    Count,
    /// a percentage (0–100)
    Percent,
    /// a Lighthouse score (0–1)
    Score,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::KiB | Unit::MiB => "bytes",
            Unit::Seconds | Unit::Ms => "ms",
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Score => "score",
        }
    }

    fn format(self, x: f64) -> String {
        match self {
            Unit::KiB => format!("{:.1} KiB", x / 1024.0),
            Unit::MiB => format!("{:.1} MiB", x / 1048576.0),
            Unit::Seconds => format!("{:.2} s", x / 1000.0),
            Unit::Ms => format!("{x:.0} ms"),
            Unit::Count => format!("{x:.0}"),
            Unit::Percent => format!("{x:.1} %"),
            Unit::Score => format!("{x:.2}"),
        }
    }
}

/// A target: an upper or a lower bound, in the figure's base unit.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bound {
    AtMost(f64),
    AtLeast(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Verdict {
    Met,
    Missed,
    NotMeasured,
    /// A figure printed for information, without a target.
    Info,
}

impl Verdict {
    fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "MISSED",
            Verdict::NotMeasured => "not measured",
            Verdict::Info => "",
        }
    }
}

/// One row of the targets table.
#[derive(Debug, Clone, PartialEq)]
struct Figure {
    key: &'static str,
    figure: String,
    unit: Unit,
    measured: Option<f64>,
    /// Printed instead of the bare measured value (parts, counts), when measured.
    detail: Option<String>,
    /// At [`BEFORE_COMMIT`]; `None` where nothing was measured then.
    before: Option<f64>,
    before_detail: Option<&'static str>,
    bound: Option<Bound>,
}

impl Figure {
    fn new(
        key: &'static str,
        figure: impl Into<String>,
        unit: Unit,
        measured: Option<f64>,
    ) -> Self {
        Figure {
            key,
            figure: figure.into(),
            unit,
            measured,
            detail: None,
            before: None,
            before_detail: None,
            bound: None,
        }
    }

    fn before(mut self, before: f64) -> Self {
        self.before = Some(before);
        self
    }

    fn before_detail(mut self, text: &'static str) -> Self {
        self.before_detail = Some(text);
        self
    }

    fn target(mut self, bound: Bound) -> Self {
        self.bound = Some(bound);
        self
    }

    fn detail(mut self, text: Option<String>) -> Self {
        self.detail = text;
        self
    }

    fn verdict(&self) -> Verdict {
        match (self.bound, self.measured) {
            (None, _) => Verdict::Info,
            (Some(_), None) => Verdict::NotMeasured,
            (Some(Bound::AtMost(max)), Some(x)) if x <= max => Verdict::Met,
            (Some(Bound::AtLeast(min)), Some(x)) if x >= min => Verdict::Met,
            (Some(_), Some(_)) => Verdict::Missed,
        }
    }

    fn measured_text(&self) -> String {
        match (self.measured, &self.detail) {
            (None, _) => "n/a".into(),
            (Some(_), Some(detail)) => detail.clone(),
            (Some(x), None) => self.unit.format(x),
        }
    }

    fn before_text(&self) -> String {
        match (self.before_detail, self.before) {
            (Some(text), _) => text.into(),
            (None, Some(x)) => self.unit.format(x),
            (None, None) => "—".into(),
        }
    }

    fn target_text(&self) -> String {
        match self.bound {
            Some(Bound::AtMost(x)) => format!("<= {}", self.unit.format(x)),
            Some(Bound::AtLeast(x)) => format!(">= {}", self.unit.format(x)),
            None => String::new(),
        }
    }

    fn to_json(&self) -> Value {
        json!({
            "key": self.key,
            "figure": self.figure,
            "unit": self.unit.name(),
            "measured": self.measured,
            "measured_text": self.measured_text(),
            "before": self.before,
            "before_text": self.before_text(),
            "target": match self.bound {
                Some(Bound::AtMost(x)) => json!({ "max": x }),
                Some(Bound::AtLeast(x)) => json!({ "min": x }),
                None => Value::Null,
            },
            "verdict": match self.verdict() {
                Verdict::Info => Value::Null,
                v => json!(v.as_str()),
            },
        })
    }
}

const KIB: f64 = 1024.0;
const MIB: f64 = 1024.0 * 1024.0;

/// Issue 10's figures, then the other rows, beside their targets and the figures at
/// [`BEFORE_COMMIT`]. `wasm_gzip` is the gzip -9 size of dist/'s `*_bg.wasm`.
fn figures(wasm_gzip: Option<u64>, shell: &Total, browser: Option<&Value>) -> Vec<Figure> {
    use Bound::{AtLeast, AtMost};
    let b = |path: &str| browser.and_then(|b| num(b, path));
    let mut rows = Vec::new();

    let requests = b("/load/median/requests");
    rows.push(
        Figure::new(
            "transfer",
            "bytes transferred, first load of /",
            Unit::KiB,
            b("/load/median/transferBytes"),
        )
        .detail(
            b("/load/median/transferBytes")
                .zip(requests)
                .map(|(x, n)| format!("{:.1} KiB, {n:.0} req", x / KIB)),
        )
        .before(170.8 * KIB)
        .before_detail("170.8 KiB, 15 req")
        .target(AtMost(110.0 * KIB)),
    );
    rows.push(
        Figure::new(
            "wasm_gzip",
            "wasm, gzip -9 (dist/*_bg.wasm)",
            Unit::KiB,
            wasm_gzip.map(|x| x as f64),
        )
        .before(166.5 * KIB)
        .target(AtMost(100.0 * KIB)),
    );
    for (key, figure, path, before, max) in [
        (
            "fcp",
            "first contentful paint, /",
            "/load/median/fcp",
            1820.0,
            1000.0,
        ),
        (
            "lcp",
            "largest contentful paint, /",
            "/load/median/lcp",
            1860.0,
            1200.0,
        ),
        (
            "hydrated",
            "hydrated / interactive (html.live), /",
            "/load/median/hydrated",
            2770.0,
            1800.0,
        ),
    ] {
        rows.push(
            Figure::new(key, figure, Unit::Seconds, b(path))
                .before(before)
                .target(AtMost(max)),
        );
    }
    rows.push(
        Figure::new(
            "tbt",
            "total blocking time, /",
            Unit::Ms,
            b("/load/median/tbt"),
        )
        .before(495.0)
        .target(AtMost(100.0)),
    );
    let first = browser
        .and_then(|b| b.pointer("/deep_link/first_chart"))
        .and_then(Value::as_str)
        .unwrap_or("?");
    rows.push(
        Figure::new(
            "first_chart_final",
            format!("first chart final frame, /#jobs ({first})"),
            Unit::Seconds,
            b("/deep_link/median/firstChartFinal"),
        )
        .before(2980.0)
        .target(AtMost(1800.0)),
    );
    let frames = b("/scroll/frames");
    let over50 = b("/scroll/over50");
    let over20 = b("/scroll/over20");
    rows.push(
        Figure::new(
            "scroll_over_50ms",
            "scroll pass: frames over 50 ms",
            Unit::Count,
            over50,
        )
        .detail(
            over50
                .zip(frames)
                .map(|(n, all)| format!("{n:.0} of {all:.0}")),
        )
        .before(11.0)
        .before_detail("11 of 2740")
        .target(AtMost(0.0)),
    );
    let share20 = over20
        .zip(frames)
        .filter(|(_, all)| *all > 0.0)
        .map(|(n, all)| n * 100.0 / all);
    rows.push(
        Figure::new(
            "scroll_over_20ms",
            "scroll pass: frames over 20 ms",
            Unit::Percent,
            share20,
        )
        .detail(
            over20
                .zip(frames)
                .zip(share20)
                .map(|((n, all), s)| format!("{n:.0} of {all:.0} ({s:.1} %)")),
        )
        .before(209.0 * 100.0 / 2740.0)
        .before_detail("209 of 2740 (7.6 %)")
        .target(AtMost(1.0)),
    );
    let heap = b("/scroll/heapPeak");
    let wasm_mem = b("/scroll/wasmMemory");
    let memory = heap.zip(wasm_mem).map(|(h, w)| h + w);
    rows.push(
        Figure::new(
            "memory_after_scroll",
            "JS heap peak + wasm memory, scroll pass",
            Unit::MiB,
            memory,
        )
        .detail(
            heap.zip(wasm_mem).map(|(h, w)| {
                format!("{:.1} + {:.1} = {:.1} MiB", h / MIB, w / MIB, (h + w) / MIB)
            }),
        )
        .before(4.7 * MIB)
        .before_detail("3.1 + 1.6 = 4.7 MiB")
        .target(AtMost(4.0 * MIB)),
    );
    rows.push(
        Figure::new(
            "lighthouse_performance",
            "Lighthouse mobile performance",
            Unit::Score,
            b("/lighthouse/performance"),
        )
        .before(0.97)
        .target(AtLeast(0.99)),
    );
    for (key, cat) in [
        ("lighthouse_accessibility", "accessibility"),
        ("lighthouse_best_practices", "best-practices"),
        ("lighthouse_seo", "seo"),
    ] {
        rows.push(
            Figure::new(
                key,
                format!("Lighthouse {cat}"),
                Unit::Score,
                b(&format!("/lighthouse/{cat}")),
            )
            .before(1.0)
            .target(AtLeast(1.0)),
        );
    }

    // For information: no target in issue 10.
    rows.push(
        Figure::new(
            "app_shell_gzip",
            "app shell, gzip -9 (html+glue js+wasm)",
            Unit::KiB,
            Some(shell.gzip as f64),
        )
        .before(193.6 * KIB)
        .before_detail("193.6 KiB (5 files)"),
    );
    rows.push(
        Figure::new(
            "scroll_longest_frame",
            "scroll pass: longest frame",
            Unit::Ms,
            b("/scroll/longestFrame"),
        )
        .before(133.0),
    );
    let load_heap = b("/load/median/heapPeak");
    let load_wasm = b("/load/median/wasmMemory");
    rows.push(
        Figure::new(
            "memory_load",
            "JS heap peak / wasm memory, load of /",
            Unit::MiB,
            load_heap,
        )
        .detail(
            load_heap
                .zip(load_wasm)
                .map(|(h, w)| format!("{:.1} / {:.1} MiB", h / MIB, w / MIB)),
        )
        .before_detail("2.8 / 1.6 MiB"),
    );
    let lh = |k: &str| b(&format!("/lighthouse/metrics_ms/{k}"));
    let sim = [lh("fcp"), lh("lcp"), lh("tbt")];
    rows.push(
        Figure::new(
            "lighthouse_simulated",
            "Lighthouse (simulated): FCP / LCP / TBT",
            Unit::Ms,
            sim[0],
        )
        .detail(match sim {
            [Some(f), Some(l), Some(t)] => Some(format!(
                "{:.2} s / {:.2} s / {t:.0} ms",
                f / 1000.0,
                l / 1000.0
            )),
            _ => None,
        })
        .before_detail("0.96 s / 2.04 s / 150 ms"),
    );
    rows
}

/// The targets table; `browser` adds why Lighthouse was skipped and the conditions.
fn targets_table(rows: &[Figure], browser: Option<&Value>) -> String {
    let mut out = String::from("\n");
    let mut line = |figure: &str, measured: &str, before: &str, target: &str, verdict: &str| {
        out.push_str(
            format!("{figure:<48}  {measured:>22}  {before:>24}  {target:>12}  {verdict}")
                .trim_end(),
        );
        out.push('\n');
    };
    line(
        "figure",
        "measured",
        &format!("before ({BEFORE_COMMIT})"),
        "target",
        "verdict",
    );
    for (i, r) in rows.iter().enumerate() {
        if i > 0 && r.bound.is_none() && rows[i - 1].bound.is_some() {
            line("(for information)", "", "", "", "");
        }
        line(
            &r.figure,
            &r.measured_text(),
            &r.before_text(),
            &r.target_text(),
            r.verdict().as_str(),
        );
    }
    let met = rows.iter().filter(|r| r.verdict() == Verdict::Met).count();
    let targets = rows.iter().filter(|r| r.bound.is_some()).count();
    let missed: Vec<&str> = rows
        .iter()
        .filter(|r| r.verdict() == Verdict::Missed)
        .map(|r| r.key)
        .collect();
    out.push_str(&format!("targets met: {met} of {targets}"));
    if !missed.is_empty() {
        out.push_str(&format!("; missed: {}", missed.join(", ")));
    }
    out.push('\n');
    let Some(b) = browser else {
        out.push_str("browser metrics: not measured (no tests/e2e/bench.mjs)\n");
        return out;
    };
    if let Some(why) = b.pointer("/lighthouse/skipped").and_then(Value::as_str) {
        out.push_str(&format!("lighthouse: not measured ({why})\n"));
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

fn targets_json(rows: &[Figure]) -> Value {
    json!({
        "before_commit": BEFORE_COMMIT,
        "figures": rows.iter().map(Figure::to_json).collect::<Vec<_>>(),
    })
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
                gzip: crate::sizes::gzip_len(&bytes),
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

    fn shell() -> Total {
        Total {
            files: 3,
            raw: 400_000,
            gzip: 120 * 1024,
            brotli: 100_000,
        }
    }

    fn browser() -> Value {
        json!({
            "load": { "median": {
                "fcp": 900.0, "lcp": 1250.0, "hydrated": 1800.0, "tbt": 10.0,
                "transferBytes": 104_960.0, "requests": 6.0,
                "heapPeak": 2.0 * 1048576.0, "wasmMemory": 1048576.0,
            } },
            "deep_link": { "median": { "firstChartFinal": 2500.0 }, "first_chart": "fig_a" },
            "scroll": {
                "frames": 1000, "over20": 10, "over50": 1, "longestFrame": 60.0,
                "heapPeak": 2.5 * 1048576.0, "wasmMemory": 1.5 * 1048576.0,
            },
            "lighthouse": { "skipped": "not installed" },
        })
    }

    fn row<'a>(rows: &'a [Figure], key: &str) -> &'a Figure {
        rows.iter()
            .find(|r| r.key == key)
            .unwrap_or_else(|| panic!("no figure {key}"))
    }

    #[test]
    fn figures_say_met_or_missed_at_their_bounds() {
        let b = browser();
        let rows = figures(Some(101 * 1024), &shell(), Some(&b));
        let verdict = |key| row(&rows, key).verdict();
        assert_eq!(verdict("transfer"), Verdict::Met, "102.5 KiB <= 110 KiB");
        assert_eq!(verdict("wasm_gzip"), Verdict::Missed, "101 KiB > 100 KiB");
        assert_eq!(verdict("fcp"), Verdict::Met);
        assert_eq!(verdict("lcp"), Verdict::Missed, "1.25 s > 1.2 s");
        assert_eq!(verdict("hydrated"), Verdict::Met, "a bound is inclusive");
        assert_eq!(verdict("tbt"), Verdict::Met);
        assert_eq!(verdict("first_chart_final"), Verdict::Missed);
        assert_eq!(
            verdict("scroll_over_50ms"),
            Verdict::Missed,
            "one frame over 50 ms"
        );
        assert_eq!(
            verdict("scroll_over_20ms"),
            Verdict::Met,
            "10 of 1000 is 1.0 %"
        );
        assert_eq!(
            verdict("memory_after_scroll"),
            Verdict::Met,
            "2.5 + 1.5 = 4 MiB"
        );
        assert_eq!(verdict("lighthouse_performance"), Verdict::NotMeasured);
        assert_eq!(verdict("app_shell_gzip"), Verdict::Info);

        let rows = figures(Some(100 * 1024), &shell(), None);
        assert_eq!(row(&rows, "wasm_gzip").verdict(), Verdict::Met);
        assert_eq!(row(&rows, "fcp").verdict(), Verdict::NotMeasured);
        assert_eq!(
            figures(None, &shell(), None)[1].verdict(),
            Verdict::NotMeasured
        );

        let mut perf = row(&rows, "lighthouse_performance").clone();
        perf.measured = Some(0.99);
        assert_eq!(perf.verdict(), Verdict::Met, "a lower bound is inclusive");
        perf.measured = Some(0.98);
        assert_eq!(perf.verdict(), Verdict::Missed);
    }

    #[test]
    fn targets_table_prints_measured_before_target_and_verdict() {
        let b = browser();
        let rows = figures(Some(101 * 1024), &shell(), Some(&b));
        let text = targets_table(&rows, Some(&b));
        let line = |start: &str| {
            text.lines()
                .find(|l| l.starts_with(start))
                .unwrap_or_else(|| panic!("no line {start}: {text}"))
                .to_string()
        };
        let cells = |start: &str| -> Vec<String> {
            line(start)[start.len()..]
                .split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect()
        };
        assert!(line("figure").contains("before (4b67ee2)"), "{text}");
        assert_eq!(
            cells("bytes transferred, first load of /"),
            [
                "102.5 KiB, 6 req",
                "170.8 KiB, 15 req",
                "<= 110.0 KiB",
                "met"
            ]
        );
        assert_eq!(
            cells("wasm, gzip -9 (dist/*_bg.wasm)"),
            ["101.0 KiB", "166.5 KiB", "<= 100.0 KiB", "MISSED"]
        );
        assert_eq!(
            cells("first contentful paint, /"),
            ["0.90 s", "1.82 s", "<= 1.00 s", "met"]
        );
        assert_eq!(
            cells("first chart final frame, /#jobs (fig_a)"),
            ["2.50 s", "2.98 s", "<= 1.80 s", "MISSED"]
        );
        assert_eq!(
            cells("scroll pass: frames over 20 ms"),
            [
                "10 of 1000 (1.0 %)",
                "209 of 2740 (7.6 %)",
                "<= 1.0 %",
                "met"
            ]
        );
        assert_eq!(
            cells("JS heap peak + wasm memory, scroll pass"),
            [
                "2.5 + 1.5 = 4.0 MiB",
                "3.1 + 1.6 = 4.7 MiB",
                "<= 4.0 MiB",
                "met"
            ]
        );
        assert_eq!(
            cells("Lighthouse mobile performance"),
            ["n/a", "0.97", ">= 0.99", "not measured"]
        );
        assert_eq!(cells("scroll pass: longest frame"), ["60 ms", "133 ms"]);
        assert!(
            text.contains("lighthouse: not measured (not installed)"),
            "{text}"
        );
        assert!(
            text.contains(
                "targets met: 6 of 14; missed: wasm_gzip, lcp, first_chart_final, scroll_over_50ms"
            ),
            "{text}"
        );
        let no_browser = targets_table(&figures(None, &shell(), None), None);
        assert!(
            no_browser.contains("browser metrics: not measured"),
            "{no_browser}"
        );
        assert!(
            no_browser.contains("targets met: 0 of 14\n"),
            "{no_browser}"
        );
    }

    #[test]
    fn report_json_has_every_figure() {
        let b = browser();
        let json = targets_json(&figures(Some(101 * 1024), &shell(), Some(&b)));
        assert_eq!(json["before_commit"], "4b67ee2");
        let figure = |key: &str| {
            json["figures"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["key"] == key)
                .unwrap_or_else(|| panic!("no {key} in {json}"))
                .clone()
        };
        let wasm = figure("wasm_gzip");
        assert_eq!(wasm["measured"], 101.0 * 1024.0);
        assert_eq!(wasm["before"], 166.5 * 1024.0);
        assert_eq!(wasm["target"]["max"], 100.0 * 1024.0);
        assert_eq!(wasm["verdict"], "MISSED");
        assert_eq!(figure("lighthouse_performance")["target"]["min"], 0.99);
        assert_eq!(figure("lighthouse_performance")["verdict"], "not measured");
        assert_eq!(figure("app_shell_gzip")["verdict"], Value::Null);
    }

    #[test]
    fn table_has_totals() {
        let files = [size("index.html", 300)];
        let text = table(&files, &total(files.iter()), None);
        assert!(text.contains("= web bundle (1 files)"), "{text}");
        assert!(text.contains("one-file edition: not built"), "{text}");
    }
}
