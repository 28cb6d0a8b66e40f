//! The committed CJK font (assets/fonts/) holds every character the content uses, so the
//! native layout, the snapshots and the exported images never fall back to an estimate or
//! to an empty box. Every file under `content/` (copy, indicators, charts, `[ui]`) and under
//! `tests/fixtures/` (other editions) is read whole, comments and all.

use std::path::{Path, PathBuf};
use wushan::charts::FontMeasure;

const REGENERATE: &str = "Regenerate the subsets (needs the full Noto Sans CJK font and fontTools once, \
     not the build):\n  python3 -m venv /tmp/fonttools && /tmp/fonttools/bin/pip install fonttools\n  \
     /tmp/fonttools/bin/python assets/fonts/subset.py [path/to/NotoSansCJK-Regular.ttc]\n\
     then run UPDATE_SNAPSHOTS=1 cargo test --test charts_snapshots and commit assets/fonts/ \
     and tests/snapshots/.";

fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            text_files(&p, out);
        } else if std::fs::read_to_string(&p).is_ok() {
            out.push(p);
        }
    }
}

/// Each file under `dirs` with the characters of it that `font` lacks.
fn gaps(font: &'static [u8], dirs: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let m = FontMeasure::from_bytes(font).expect("the font parses");
    let mut files = vec![];
    for d in dirs {
        text_files(&root.join(d), &mut files);
    }
    assert!(!files.is_empty(), "no content files under {dirs:?}");
    files
        .iter()
        .filter_map(|p| {
            let missing = m.missing(&std::fs::read_to_string(p).unwrap());
            let name = p.strip_prefix(root).unwrap_or(p).display();
            (!missing.is_empty())
                .then(|| format!("{name}: {}", missing.into_iter().collect::<String>()))
        })
        .collect()
}

#[test]
fn the_font_has_every_character_of_the_content() {
    for (weight, font) in [
        ("Regular", FontMeasure::REGULAR),
        ("Bold", FontMeasure::BOLD),
    ] {
        let gaps = gaps(font, &["content", "tests/fixtures"]);
        assert!(
            gaps.is_empty(),
            "{}/NotoSansCJKsc-{weight}-subset.otf lacks characters the content uses:\n{}\n\n{REGENERATE}",
            FontMeasure::DIR,
            gaps.join("\n")
        );
    }
}

/// The check can fail: a rare ideograph no content uses (written as an escape, since
/// subset.py reads this file too) is missing, while the characters of the headline are there.
#[test]
fn a_character_outside_the_subset_is_reported() {
    let m = FontMeasure::committed();
    assert_eq!(m.missing("\u{9F98} a\n"), vec!['\u{9F98}']);
    assert_eq!(m.missing(wushan::data::STORY.headline), vec![]);
}
