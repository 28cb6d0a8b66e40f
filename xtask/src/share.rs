//! The "share images" step: `share.png` (og:image) and `thumb.png` (WeChat's thumbnail).

use std::path::Path;

use crate::shell::{self, cmd, Result};

/// share.png (1200×630, the og:image that the prerendered head names) and thumb.png (the
/// square image WeChat picks from the page), drawn by crates/site/src/export.rs.
pub fn share_images(dir: &Path) -> Result<()> {
    shell::run(
        cmd("cargo")
            .args(["run", "--quiet", "-p", "wushan-site", "--bin", "export", "--", "--share"])
            .arg(dir),
    )
}
