//! Layout of every chart at phone to desktop widths, measured with the committed CJK font:
//! labels never overlap or leave the chart, every figure has a mark, marks stay inside.
//! Every check runs for both text sizes: the default and the elder mode's large text.

use std::sync::OnceLock;
use wushan::charts::{self, FontMeasure, Layout, Rect, TextSize};
use wushan::data::{indicator, CHARTS};

const WIDTHS: [f64; 6] = [280.0, 320.0, 360.0, 414.0, 720.0, 1200.0];

/// The committed CJK font (assets/fonts/): the same widths on every machine.
fn font() -> &'static FontMeasure {
    static FONT: OnceLock<FontMeasure> = OnceLock::new();
    FONT.get_or_init(FontMeasure::committed)
}

/// Every chart at every width, with default and with large text (a failure names which).
fn each_layout(mut check: impl FnMut(&'static wushan::data::ChartSpec, f64, &Layout)) {
    let m = font();
    assert!(!CHARTS.is_empty());
    for text in [TextSize::Normal, TextSize::Large] {
        for spec in CHARTS {
            for w in WIDTHS {
                let l = charts::layout_text(spec, w, m, text);
                let run =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(spec, w, &l)));
                if let Err(e) = run {
                    let msg = e
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    panic!("with {text:?} text: {msg}");
                }
            }
        }
    }
}

/// Each chart at the phone widths with large text (the elder mode).
fn each_large_layout(mut check: impl FnMut(&'static wushan::data::ChartSpec, f64, &Layout)) {
    let m = font();
    for spec in CHARTS {
        for w in [280.0, 320.0, 375.0, 414.0] {
            check(spec, w, &charts::layout_text(spec, w, m, TextSize::Large));
        }
    }
}

#[test]
fn large_text_is_large_and_its_tap_targets_are_60px() {
    use charts::TextRole;
    each_large_layout(|spec, w, l| {
        assert!(!l.labels.is_empty(), "{} at {w}px: no labels", spec.id);
        for lab in &l.labels {
            let min = if lab.role == TextRole::Note {
                16.0
            } else {
                18.0
            };
            assert!(
                lab.px >= min,
                "{} at {w}px, large text: `{}` ({:?}) at {}px, under {min}",
                spec.id,
                lab.text,
                lab.role,
                lab.px
            );
        }
        for m in &l.marks {
            assert!(
                m.w >= 60.0 && m.h >= 60.0,
                "{} at {w}px, large text: mark {} is {}x{}",
                spec.id,
                m.id,
                m.w,
                m.h
            );
        }
    });
}

#[test]
fn large_text_labels_are_larger_than_the_default() {
    let m = font();
    for spec in CHARTS {
        let small = charts::layout(spec, 320.0, m);
        let large = charts::layout_text(spec, 320.0, m, TextSize::Large);
        let min = |l: &Layout| l.labels.iter().map(|x| x.px).fold(f64::INFINITY, f64::min);
        assert!(
            min(&large) > min(&small),
            "{}: {} vs {}",
            spec.id,
            min(&large),
            min(&small)
        );
    }
}

fn show(r: &Rect) -> String {
    format!("[{:.1},{:.1} {:.1}x{:.1}]", r.x, r.y, r.w, r.h)
}

#[test]
fn the_font_is_the_simplified_chinese_face() {
    let m = font();
    assert_eq!(m.family(), "Noto Sans CJK SC");
    use charts::Measure;
    let ideograph: String = wushan::data::STORY
        .headline
        .chars()
        .filter(|c| *c >= '\u{4E00}')
        .take(1)
        .collect();
    assert_eq!(m.missing(&ideograph), vec![], "the font has {ideograph}");
    let one = m.width(&ideograph, 16.0);
    assert!((one - 16.0).abs() < 0.5, "an ideograph is one em: {one}");
    assert_eq!(m.missing("0123456789"), vec![]);
    let digits = m.width("0123456789", 10.0);
    assert!(
        digits > 40.0 && digits < 70.0,
        "digits are about half an em: {digits}"
    );
}

#[test]
fn no_two_labels_overlap() {
    each_layout(|spec, w, l| {
        let boxes = l.text_boxes();
        for (i, a) in boxes.iter().enumerate() {
            for (j, b) in boxes.iter().enumerate().skip(i + 1) {
                assert!(
                    !a.overlaps(b),
                    "{} at {w}px: `{}` {} overlaps `{}` {}",
                    spec.id,
                    l.labels[i].text,
                    show(a),
                    l.labels[j].text,
                    show(b)
                );
            }
        }
    });
}

#[test]
fn every_label_is_inside_the_chart() {
    each_layout(|spec, w, l| {
        assert_eq!(l.width, w);
        for (lab, b) in l.labels.iter().zip(l.text_boxes()) {
            assert!(
                b.inside(&l.bounds(), 1e-6),
                "{} at {w}px: `{}` {} outside {}x{}",
                spec.id,
                lab.text,
                show(&b),
                l.width,
                l.height
            );
        }
    });
}

#[test]
fn every_figure_has_a_mark_inside_the_chart() {
    each_layout(|spec, w, l| {
        let ids: Vec<&str> = spec.indicators.iter().chain(spec.pair).copied().collect();
        assert_eq!(
            l.marks.len(),
            ids.len(),
            "{} at {w}px: one mark per figure",
            spec.id
        );
        for id in &ids {
            let m = l.marks.iter().find(|m| m.id == *id);
            let m = m.unwrap_or_else(|| panic!("{} at {w}px: no mark for {id}", spec.id));
            assert!(
                m.rect().inside(&l.bounds(), 1e-6),
                "{} at {w}px: mark {id} {} outside",
                spec.id,
                show(&m.rect())
            );
            assert!(
                m.w >= charts::TAP && m.h >= charts::TAP,
                "{} at {w}px: mark {id} is {}x{}",
                spec.id,
                m.w,
                m.h
            );
            let ind = indicator(id).unwrap();
            assert!(m.label.contains(ind.label), "{}: {}", spec.id, m.label);
        }
    });
}

#[test]
fn marks_of_one_chart_do_not_overlap() {
    each_layout(|spec, w, l| {
        for (i, a) in l.marks.iter().enumerate() {
            for b in l.marks.iter().skip(i + 1) {
                assert!(
                    !a.rect().overlaps(&b.rect()),
                    "{} at {w}px: marks {} {} and {} {} overlap",
                    spec.id,
                    a.id,
                    show(&a.rect()),
                    b.id,
                    show(&b.rect())
                );
            }
        }
    });
}

#[test]
fn shapes_stay_inside_the_chart() {
    each_layout(|spec, w, l| {
        let b = l.bounds();
        for s in &l.shapes {
            let r = s.geom.bounds();
            assert!(
                r.inside(&b, 1e-6),
                "{} at {w}px: {:?} outside {}x{}",
                spec.id,
                s.geom,
                l.width,
                l.height
            );
        }
    });
}

#[test]
fn labels_do_not_sit_on_bars() {
    // Text over a filled mark would fail contrast; figures go beside bars, never on them.
    use charts::{Geom, Paint};
    each_layout(|spec, w, l| {
        for s in &l.shapes {
            let (Geom::Rect(r), Paint::Series(_) | Paint::Tint(_) | Paint::Track) =
                (&s.geom, s.paint)
            else {
                continue;
            };
            for (lab, b) in l.labels.iter().zip(l.text_boxes()) {
                assert!(
                    !r.overlaps(&b),
                    "{} at {w}px: `{}` {} sits on a mark {}",
                    spec.id,
                    lab.text,
                    show(&b),
                    show(r)
                );
            }
        }
    });
}

#[test]
fn text_is_at_least_13px() {
    each_layout(|spec, w, l| {
        for lab in &l.labels {
            assert!(
                lab.px >= 13.0,
                "{} at {w}px: `{}` at {}px",
                spec.id,
                lab.text,
                lab.px
            );
        }
    });
}

#[test]
fn focus_outlines_do_not_cross_text() {
    // The outline is a 2 px stroke just inside the mark's box.
    each_layout(|spec, w, l| {
        for m in &l.marks {
            let r = m.rect();
            let edges = [
                Rect::new(r.x, r.y, r.w, 2.0),
                Rect::new(r.x, r.bottom() - 2.0, r.w, 2.0),
                Rect::new(r.x, r.y, 2.0, r.h),
                Rect::new(r.right() - 2.0, r.y, 2.0, r.h),
            ];
            for (lab, b) in l.labels.iter().zip(l.text_boxes()) {
                for e in &edges {
                    assert!(
                        !e.overlaps(&b),
                        "{} at {w}px: focus outline of {} {} crosses `{}` {}",
                        spec.id,
                        m.id,
                        show(&r),
                        lab.text,
                        show(&b)
                    );
                }
            }
        }
    });
}

/// Charts the content might grow into: every kind over many slices of the dataset, so a
/// new chart in `content/charts.toml` meets layout rules already tested.
#[test]
fn every_kind_lays_out_any_slice_of_the_dataset() {
    use wushan::data::{ChartKind, ChartSpec, INDICATORS};
    let m = font();
    let ids: Vec<&'static str> = INDICATORS.iter().map(|i| i.id).collect();
    let kinds = [
        ChartKind::Bars,
        ChartKind::Gauge,
        ChartKind::Progress,
        ChartKind::Rings,
        ChartKind::IconArray,
        ChartKind::BeforeAfter,
        ChartKind::Paired,
        ChartKind::Counters,
    ];
    let mut checked = 0;
    for kind in kinds {
        for len in [1usize, 2, 3, 5] {
            for start in (0..ids.len()).step_by(7) {
                let slice: &'static [&'static str] = Box::leak(
                    ids.iter()
                        .cycle()
                        .skip(start)
                        .take(len)
                        .copied()
                        .collect::<Vec<_>>()
                        .into_boxed_slice(),
                );
                let pair: &'static [&'static str] = if kind == ChartKind::Paired {
                    Box::leak(
                        ids.iter()
                            .cycle()
                            .skip(start + 3)
                            .take(len)
                            .copied()
                            .collect::<Vec<_>>()
                            .into_boxed_slice(),
                    )
                } else {
                    &[]
                };
                let spec = ChartSpec {
                    id: "probe",
                    theme: "probe",
                    kind,
                    title: "t",
                    alt: "a",
                    indicators: slice,
                    pair,
                    source: "s",
                };
                for w in [280.0, 414.0, 1200.0] {
                    let l = charts::layout(&spec, w, m);
                    let boxes = l.text_boxes();
                    for (i, a) in boxes.iter().enumerate() {
                        assert!(
                            a.inside(&l.bounds(), 1e-6),
                            "{kind:?} {slice:?} at {w}: `{}` {} outside",
                            l.labels[i].text,
                            show(a)
                        );
                        for (j, b) in boxes.iter().enumerate().skip(i + 1) {
                            assert!(
                                !a.overlaps(b),
                                "{kind:?} {slice:?} at {w}: `{}` overlaps `{}`",
                                l.labels[i].text,
                                l.labels[j].text
                            );
                        }
                    }
                    assert_eq!(
                        l.marks.len(),
                        slice.len() + pair.len(),
                        "{kind:?} {slice:?}"
                    );
                    for s in &l.shapes {
                        assert!(
                            s.geom.bounds().inside(&l.bounds(), 1e-6),
                            "{kind:?} {slice:?} at {w}: {:?}",
                            s.geom
                        );
                    }
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100);
}
