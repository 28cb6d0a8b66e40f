//! What a test or bench run needs from the repository and the machine. Some tests return
//! early when a file they compare against is missing (the source articles, a CJK font), and
//! a layer with no test file has nothing to run. On a developer's machine that is a note;
//! under `CI=true` (see `shell::is_ci`) a missing precondition fails the run with a message
//! that says what is missing, what needs it and how to get it, so a green CI run never hides
//! a skipped check.
//!
//! To add one, add a row to [`REQUIRED`].

use std::path::Path;

use crate::shell::{is_ci, project_root, Result};

/// The part of a run that needs a precondition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// `cargo test --workspace`
    Native,
    /// tests/wasm.rs in the browser
    Wasm,
    /// the browser figures of `cargo xtask bench`
    Bench,
}

/// One precondition: met when any of its paths exists (or its variable names a file).
#[derive(Debug)]
pub struct Required {
    pub need: Need,
    /// What it is and what uses it, in words.
    pub what: &'static str,
    /// Paths relative to the project root, or absolute; any one is enough.
    pub any_of: &'static [&'static str],
    /// An environment variable that may name a file instead.
    pub env: Option<&'static str>,
    /// How to get it.
    pub fix: &'static str,
}

pub const REQUIRED: &[Required] = &[
    Required {
        need: Need::Native,
        what: "the source folder ../shared/source (the articles that tests/tidy.rs, \
               tests/source_block.rs and tests/content_editorial.rs compare the copy with)",
        any_of: &["../shared/source"],
        env: None,
        fix: "check out the shared folder next to the repository",
    },
    Required {
        need: Need::Native,
        what: "the committed CJK font (both weights) that the chart layout, the prerender's \
               static SVGs, the snapshots and the export measure and draw with",
        any_of: &["assets/fonts/NotoSansCJKsc-Regular-subset.otf"],
        env: None,
        fix: "restore assets/fonts/ (see assets/fonts/subset.py to make it again)",
    },
    Required {
        need: Need::Native,
        what: "the committed CJK font's bold weight",
        any_of: &["assets/fonts/NotoSansCJKsc-Bold-subset.otf"],
        env: None,
        fix: "restore assets/fonts/ (see assets/fonts/subset.py to make it again)",
    },
    Required {
        need: Need::Wasm,
        what: "tests/wasm.rs (the wasm test layer)",
        any_of: &["tests/wasm.rs"],
        env: None,
        fix: "restore tests/wasm.rs",
    },
    Required {
        need: Need::Bench,
        what: "tests/e2e/bench.mjs (the browser figures of `cargo xtask bench`)",
        any_of: &["tests/e2e/bench.mjs"],
        env: None,
        fix: "restore tests/e2e/bench.mjs",
    },
];

impl Required {
    fn is_met(&self, root: &Path) -> bool {
        let env_file = self
            .env
            .and_then(std::env::var_os)
            .is_some_and(|p| !p.is_empty() && Path::new(&p).is_file());
        env_file || self.any_of.iter().any(|p| root.join(p).exists())
    }
}

/// The preconditions of `need` that are not met under `root`.
fn missing(root: &Path, need: Need, table: &'static [Required]) -> Vec<&'static Required> {
    table
        .iter()
        .filter(|r| r.need == need && !r.is_met(root))
        .collect()
}

/// Under CI an error naming every missing precondition; otherwise the missing ones, for
/// the caller to print as skipped.
fn verdict(missing: Vec<&'static Required>, ci: bool) -> Result<Vec<&'static Required>> {
    if !ci || missing.is_empty() {
        return Ok(missing);
    }
    let lines: Vec<String> = missing
        .iter()
        .map(|r| {
            format!(
                "  - {} (looked for {}): {}",
                r.what,
                r.any_of.join(" or "),
                r.fix
            )
        })
        .collect();
    Err(format!(
        "CI=true, and the run would skip checks because preconditions are missing:\n{}",
        lines.join("\n")
    )
    .into())
}

/// Checks the preconditions of `need`: under `CI=true` a missing one is an error; otherwise
/// each missing one is printed as skipped and returned.
pub fn check(need: Need) -> Result<Vec<&'static Required>> {
    let missing = verdict(missing(&project_root(), need, REQUIRED), is_ci())?;
    for r in &missing {
        println!("SKIPPED: {} is missing ({})", r.what, r.fix);
    }
    Ok(missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[Required] = &[
        Required {
            need: Need::Native,
            what: "a font",
            any_of: &["fonts", "other/font.ttf"],
            env: None,
            fix: "add one",
        },
        Required {
            need: Need::Wasm,
            what: "wasm tests",
            any_of: &["tests/wasm.rs"],
            env: None,
            fix: "restore it",
        },
    ];

    #[test]
    fn a_missing_file_fails_under_ci_and_is_skipped_elsewhere() {
        let root = std::env::temp_dir().join(format!("xtask-pre-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("other")).unwrap();

        let gone = missing(&root, Need::Native, TABLE);
        assert_eq!(gone.len(), 1);
        assert_eq!(verdict(gone.clone(), false).unwrap().len(), 1);
        let err = verdict(gone, true).unwrap_err().to_string();
        assert!(
            err.contains("a font (looked for fonts or other/font.ttf): add one"),
            "{err}"
        );

        // Any one of the paths is enough, and each layer has its own list.
        std::fs::write(root.join("other/font.ttf"), b"").unwrap();
        assert!(missing(&root, Need::Native, TABLE).is_empty());
        assert!(verdict(missing(&root, Need::Native, TABLE), true)
            .unwrap()
            .is_empty());
        assert_eq!(missing(&root, Need::Wasm, TABLE).len(), 1);
        assert!(missing(&root, Need::Bench, TABLE).is_empty());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_project_list_names_each_layer() {
        for need in [Need::Native, Need::Wasm, Need::Bench] {
            assert!(REQUIRED.iter().any(|r| r.need == need), "{need:?}");
        }
        // The repository's own files are there in this checkout.
        let root = project_root();
        for r in REQUIRED
            .iter()
            .filter(|r| r.any_of[0].starts_with("tests/e2e") || r.any_of[0] == "tests/wasm.rs")
        {
            assert!(r.is_met(&root), "{}", r.what);
        }
    }
}
