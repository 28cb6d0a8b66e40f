//! `cargo xtask bench`: what a reader downloads, measured on the release build.
//!
//! Sizes: every file in dist/, raw, gzip -9 and brotli -q 11, with totals for
//! the web bundle (everything outside dist/offline/), the app shell (what a first
//! visit needs before any image) and the one-file offline edition
//! (dist/offline/*.html). Then what each crate and each of our modules costs in the
//! wasm ([`wasm_size`]). Browser metrics (load, hydration, first chart, long tasks,
//! frames while scrolling, memory) come from tests/e2e/bench.mjs, under mobile
//! throttling (see [`browser_metrics`]). Issue 10's figures are printed beside its
//! targets and beside the figures measured at [`targets::BEFORE_COMMIT`] ([`figures()`]).
//! The report goes to target/bench/report.json.

use std::{fs, path::Path};

use serde_json::{json, Value};

use crate::{
    dist,
    preconditions::{self, Need},
    setup,
    shell::{cmd, project_root, Result},
    wasm_size,
};

mod figures;
mod files;
mod targets;

use figures::figures;
use files::{
    is_app_shell, is_dist_wasm, is_one_file_edition, is_web_bundle, measure_dir, table, total,
    total_json, total_line, FileSize,
};
use targets::{targets_json, targets_table};

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
    if !preconditions::check(Need::Bench)?.is_empty() {
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

#[cfg(test)]
mod tests;
