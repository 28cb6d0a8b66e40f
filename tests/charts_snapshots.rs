//! SVG snapshots of every chart, final frame, light mode, at 360 and 720 CSS px, measured
//! with the committed CJK font (assets/fonts/), so they are the same on every machine.
//! Compared one tag per line (as OWID's svgTester does), so a diff names the element that
//! changed.
//!
//! Update after an intended change: `UPDATE_SNAPSHOTS=1 cargo test --test charts_snapshots`

use std::path::PathBuf;
use std::sync::OnceLock;
use wushan::charts::{self, FontMeasure, Frame};
use wushan::data::{format, indicator, CHARTS};

const WIDTHS: [f64; 2] = [360.0, 720.0];

/// The committed CJK font (assets/fonts/): the same widths on every machine.
fn font() -> &'static FontMeasure {
    static FONT: OnceLock<FontMeasure> = OnceLock::new();
    FONT.get_or_init(FontMeasure::committed)
}

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("snapshots")
}

/// One tag per line, without trailing space: stable diffs.
fn normalise(svg: &str) -> String {
    svg.replace("><", ">\n<")
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn snapshots_match() {
    let m = font();
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let dir = snapshot_dir();
    let mut problems = vec![];
    let mut expected_files = vec![];
    for spec in CHARTS {
        for w in WIDTHS {
            let name = format!("{}_{}.svg", spec.id, w as u32);
            expected_files.push(name.clone());
            let path = dir.join(&name);
            let got = normalise(&charts::svg(spec, w, m, &Frame::FINAL));
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &got).unwrap();
                continue;
            }
            match std::fs::read_to_string(&path) {
                Err(_) => problems.push(format!("missing snapshot tests/snapshots/{name}")),
                Ok(want) if normalise(&want) != got => {
                    let diff = want
                        .lines()
                        .zip(got.lines())
                        .enumerate()
                        .find(|(_, (a, b))| a != b)
                        .map(|(i, (a, b))| format!("line {}:\n  - {a}\n  + {b}", i + 1))
                        .unwrap_or_else(|| {
                            format!("{} lines vs {}", want.lines().count(), got.lines().count())
                        });
                    problems.push(format!("tests/snapshots/{name} differs at {diff}"));
                }
                Ok(_) => {}
            }
        }
    }
    if update {
        // Drop snapshots of charts that no longer exist.
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let n = e.file_name().to_string_lossy().to_string();
            if n.ends_with(".svg") && !expected_files.contains(&n) {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        return;
    }
    assert!(
        problems.is_empty(),
        "{} snapshot problem(s):\n{}\n\nIf the change is intended, run: UPDATE_SNAPSHOTS=1 cargo test --test charts_snapshots",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn no_stale_snapshots() {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        return;
    }
    let known: Vec<String> = CHARTS
        .iter()
        .flat_map(|c| WIDTHS.map(|w| format!("{}_{}.svg", c.id, w as u32)))
        .collect();
    let Ok(entries) = std::fs::read_dir(snapshot_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().to_string();
        assert!(
            !n.ends_with(".svg") || known.contains(&n),
            "tests/snapshots/{n} belongs to no chart; run: UPDATE_SNAPSHOTS=1 cargo test --test charts_snapshots"
        );
    }
}

#[test]
fn final_frame_equals_the_static_render_and_midway_differs() {
    let m = font();
    for spec in CHARTS {
        let layout = charts::layout(spec, 360.0, m);
        let at = |p: f64| {
            charts::svg_of(
                &layout,
                &Frame {
                    progress: p,
                    ..Frame::FINAL
                },
            )
        };
        let stat = charts::svg(spec, 360.0, m, &Frame::FINAL);
        let (start, mid, end) = (at(0.0), at(0.5), at(1.0));
        assert_eq!(
            end, stat,
            "{}: progress 1.0 must be the static chart",
            spec.id
        );
        assert_ne!(mid, end, "{}: progress 0.5 should still be moving", spec.id);
        assert_ne!(
            start, end,
            "{}: progress 0.0 should be the start of the intro",
            spec.id
        );
    }
}

#[test]
fn svg_text_holds_every_published_figure_exactly() {
    let m = font();
    for spec in CHARTS {
        for w in [280.0, 360.0, 720.0, 1200.0] {
            let svg = charts::svg(spec, w, m, &Frame::FINAL);
            let texts = texts_of(&svg);
            for id in spec.indicators.iter().chain(spec.pair) {
                let fig = format::figure(indicator(id).unwrap());
                assert!(
                    texts.contains(&fig),
                    "{} at {w}: no <text> reads exactly {fig}; texts: {texts:?}",
                    spec.id
                );
            }
        }
    }
}

#[test]
fn svg_uses_the_story_font_stack_and_css_size() {
    let m = font();
    for spec in CHARTS {
        let svg = charts::svg(spec, 360.0, m, &Frame::FINAL);
        let layout = charts::layout(spec, 360.0, m);
        assert!(
            svg.starts_with(&format!("<svg width=\"360\" height=\"{}\"", layout.height)),
            "{}",
            &svg[..80]
        );
        let texts = svg.matches("<text").count();
        assert!(texts > 0);
        assert_eq!(
            svg.matches(&format!("font-family=\"{}\"", charts::FONT_FAMILY))
                .count(),
            texts,
            "{}",
            spec.id
        );
        for size in svg
            .split("font-size=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse::<f64>().unwrap())
        {
            assert!(
                (13.0 * charts::SVG_SCALE..=48.0 * charts::SVG_SCALE).contains(&size),
                "{}: font-size {size}",
                spec.id
            );
        }
    }
}

fn texts_of(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = t.split_once('>')?.1;
            let s = body.split("</text>").next()?;
            Some(
                s.trim()
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

/// Not a check: writes every chart in several states to `target/charts-gallery/` for a
/// human to look at (`cargo test --test charts_snapshots -- --ignored gallery`).
#[test]
#[ignore]
fn gallery() {
    let m = font();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("charts-gallery");
    std::fs::create_dir_all(&dir).unwrap();
    for spec in CHARTS {
        let hl = [spec.indicators[spec.indicators.len() - 1]];
        let states = [
            ("final", Frame::FINAL),
            (
                "mid",
                Frame {
                    progress: 0.35,
                    ..Frame::FINAL
                },
            ),
            (
                "highlight",
                Frame {
                    highlight: &hl,
                    focus: Some(0),
                    ..Frame::FINAL
                },
            ),
            (
                "dark",
                Frame {
                    dark: true,
                    ..Frame::FINAL
                },
            ),
            (
                "dark_highlight",
                Frame {
                    dark: true,
                    highlight: &hl,
                    ..Frame::FINAL
                },
            ),
        ];
        for w in [280.0, 360.0, 720.0, 1200.0] {
            for (name, frame) in &states {
                let svg = charts::svg(spec, w, m, frame);
                std::fs::write(
                    dir.join(format!("{}_{}_{name}.svg", spec.id, w as u32)),
                    svg,
                )
                .unwrap();
            }
        }
    }
    eprintln!("wrote {}", dir.display());
}
