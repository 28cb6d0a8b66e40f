//! `cargo xtask export`: the WeChat article pack in dist/export/.
//!
//! Every chart in its final state as SVG and as PNG 1080 px wide (laid out at 540 CSS px,
//! drawn at 2x), share.png, thumb.png, the share posters (`poster-<chart id>.png`,
//! `poster-story.png`, crates/site/src/poster.rs) and captions.md. The drawing is crates/site/src/export.rs (the
//! chart code's SVG rasterised by resvg with the CJK font), run through `crates/site/src/bin/export.rs`.
//! Builds dist/ first when it has no prerendered release build.

use std::{fs, path::Path};

use crate::{
    dist, setup,
    shell::{self, cmd, project_root, Result},
};

/// PNGs larger than this are rejected by (or recompressed in) the WeChat editor.
const MAX_PNG_BYTES: u64 = 1024 * 1024;

pub fn run() -> Result<()> {
    let dist_dir = project_root().join("dist");
    if !is_built(&dist_dir) {
        println!("export: dist/ has no release build yet; building it first");
        dist::run()?;
    } else {
        setup::run(setup::Options { browser: false })?;
    }
    let out = dist_dir.join("export");
    if out.is_dir() {
        fs::remove_dir_all(&out)?;
    }
    shell::run(
        cmd("cargo")
            .args(["run", "--quiet", "-p", "wushan-site", "--bin", "export", "--"])
            .arg(&out),
    )?;
    check(&out)
}

/// A finished `cargo xtask dist`: the prerendered page and the service worker are there.
fn is_built(dir: &Path) -> bool {
    dir.join("sw.js").is_file()
        && fs::read_to_string(dir.join("index.html"))
            .is_ok_and(|html| html.contains("Content-Security-Policy"))
}

/// Every PNG under the size limit, and the captions and the story's poster there.
fn check(out: &Path) -> Result<()> {
    let mut pngs = 0;
    for entry in fs::read_dir(out)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "png") {
            let len = fs::metadata(&path)?.len();
            if len >= MAX_PNG_BYTES {
                return Err(format!("{} is {len} bytes, over 1 MB", path.display()).into());
            }
            pngs += 1;
        }
    }
    if !out.join("captions.md").is_file() {
        return Err("export wrote no captions.md".into());
    }
    if !out.join("poster-story.png").is_file() {
        return Err("export wrote no share posters (poster-story.png)".into());
    }
    println!("export: {pngs} PNGs and captions.md in dist/export/");
    Ok(())
}
