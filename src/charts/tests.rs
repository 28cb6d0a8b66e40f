//! Unit tests of the chart layer's small pieces. Layout against every chart and a real
//! font lives in `tests/charts_layout.rs`.

use super::*;
use crate::data::{ChartKind, Qualifier, CHARTS, INDICATORS};

fn first(kind: ChartKind) -> Option<&'static ChartSpec> {
    CHARTS.iter().find(|c| c.kind == kind)
}

#[test]
fn ease_is_pinned_at_both_ends_and_monotone() {
    assert_eq!(ease(0.0), 0.0);
    assert_eq!(ease(1.0), 1.0);
    assert_eq!(ease(-1.0), 0.0);
    assert_eq!(ease(2.0), 1.0);
    let mut prev = 0.0;
    for k in 1..=1000 {
        let v = ease(k as f64 / 1000.0);
        assert!(v > prev, "ease must rise strictly: {v} after {prev} at {k}");
        prev = v;
    }
    assert!(ease(0.5) > 0.5, "ease-out: ahead of linear at half time");
}

#[test]
fn counters_show_whole_numbers_then_the_exact_figure() {
    for ind in INDICATORS {
        let fin = count_figure(ind, 1.0);
        assert_eq!(fin, format::figure(ind), "{}", ind.id);
        for e in [0.0, 0.3, 0.77, 0.999] {
            let mid = count_figure(ind, e);
            let digits: String = mid
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            assert!(
                !digits.contains('.'),
                "{}: intermediate {mid} is not whole",
                ind.id
            );
            if ind.qualifier == Qualifier::None && ind.value_high.is_none() {
                assert!(mid.ends_with(ind.unit), "{}: {mid} keeps its unit", ind.id);
            }
        }
        assert!(
            count_figure(ind, 0.0).contains('0'),
            "{} starts at zero",
            ind.id
        );
    }
}

#[test]
fn a_decimal_figure_is_exact_only_at_the_end() {
    let Some(ind) = INDICATORS.iter().find(|i| i.value.contains('.')) else {
        return;
    };
    assert_ne!(count_figure(ind, 0.999), format::figure(ind));
    assert_eq!(count_figure(ind, 1.0), format::figure(ind));
    // Trailing zeros as published survive: 18.00 stays 18.00, never 18.
    if let Some(z) = INDICATORS
        .iter()
        .find(|i| i.value.ends_with('0') && i.value.contains('.'))
    {
        assert!(count_figure(z, 1.0).contains(z.value));
    }
}

#[test]
fn count_value_counts_bare_values() {
    let money = INDICATORS.iter().find(|i| i.value == "4182.11").expect("4182.11 in content");
    assert_eq!(count_value(money, 1.0), "4182.11");
    assert_eq!(count_value(money, 0.0), "0");
    let mid = count_value(money, 0.5);
    assert!(!mid.contains('.'), "{mid}");
    let v: f64 = mid.parse().unwrap();
    assert!(v > 2091.0 && v < 4182.0, "eased past the linear midpoint: {v}");
    let rate = INDICATORS.iter().find(|i| i.value == "18.00").expect("18.00 in content");
    assert_eq!(count_value(rate, 1.0), "18.00");
}

#[test]
fn hit_test_finds_each_mark_at_its_centre() {
    for spec in CHARTS {
        let l = layout(spec, 360.0, &ApproxMeasure);
        for (i, m) in l.marks.iter().enumerate() {
            let (cx, cy) = (m.x + m.w / 2.0, m.y + m.h / 2.0);
            assert_eq!(
                hit_test(&l, cx, cy),
                Some(i),
                "{} mark {} ({})",
                spec.id,
                i,
                m.id
            );
        }
        assert_eq!(hit_test(&l, -5.0, -5.0), None);
        assert_eq!(hit_test(&l, l.width + 1.0, 0.0), None);
    }
}

#[test]
fn hit_test_prefers_the_smaller_box_then_icon_groups() {
    let mut l = layout(CHARTS.first().expect("a chart"), 360.0, &ApproxMeasure);
    let mk = |id, x, y, w, h| Mark {
        id,
        x,
        y,
        w,
        h,
        label: String::new(),
    };
    l.marks = vec![
        mk("a", 0.0, 0.0, 200.0, 200.0),
        mk("b", 50.0, 50.0, 50.0, 50.0),
    ];
    l.hits = vec![(Rect::new(250.0, 0.0, 50.0, 50.0), 1)];
    assert_eq!(hit_test(&l, 60.0, 60.0), Some(1));
    assert_eq!(hit_test(&l, 10.0, 10.0), Some(0));
    assert_eq!(hit_test(&l, 260.0, 10.0), Some(1));
    assert_eq!(hit_test(&l, 330.0, 10.0), None);
}

#[test]
fn marks_are_tap_targets() {
    for spec in CHARTS {
        for w in [280.0, 720.0] {
            let l = layout(spec, w, &ApproxMeasure);
            for m in &l.marks {
                assert!(
                    m.w >= TAP && m.h >= TAP,
                    "{} {} at {w}: {}x{}",
                    spec.id,
                    m.id,
                    m.w,
                    m.h
                );
                assert!(!m.label.is_empty());
            }
        }
    }
}

#[test]
fn width_is_clamped_and_height_follows_content() {
    let spec = CHARTS
        .iter()
        .max_by_key(|c| c.indicators.len())
        .expect("a chart");
    assert_eq!(layout(spec, 100.0, &ApproxMeasure).width, 280.0);
    assert_eq!(layout(spec, 5000.0, &ApproxMeasure).width, 1200.0);
    for w in [280.0, 360.0, 720.0, 1200.0] {
        for spec in CHARTS {
            let l = layout(spec, w, &ApproxMeasure);
            let content = l
                .text_boxes()
                .iter()
                .map(|r| r.bottom())
                .chain(l.marks.iter().map(|m| m.y + m.h))
                .chain(l.shapes.iter().map(|s| s.geom.bounds().bottom()))
                .fold(0.0, f64::max);
            assert!(
                l.height >= content && l.height <= content + 24.0,
                "{} at {w}: height {} for content to {content}",
                spec.id,
                l.height
            );
        }
    }
}

#[test]
fn mark_labels_name_label_figure_and_period() {
    let ind = &INDICATORS[0];
    let l = mark_label(ind);
    assert!(
        l.starts_with(ind.label) && l.contains(&format::figure(ind)) && l.contains(ind.period),
        "{l}"
    );
}

#[test]
fn bars_share_one_scale() {
    let Some(spec) = first(ChartKind::Bars) else {
        return;
    };
    let l = layout(spec, 720.0, &ApproxMeasure);
    let mut bars: Vec<(f64, f64)> = vec![];
    for s in &l.shapes {
        if let (Geom::Rect(r), Paint::Series(_), Some(m)) = (&s.geom, s.paint, s.mark) {
            let ind = crate::data::indicator(l.marks[m].id).unwrap();
            bars.push((r.w, kinds::base_value_for_tests(ind)));
        }
    }
    assert!(bars.len() >= 2);
    let k = bars[0].0 / bars[0].1;
    for (w, v) in &bars {
        assert!((w / v - k).abs() / k < 1e-9, "length {w} for value {v}");
    }
}

#[test]
fn progress_rows_are_ranked() {
    let Some(spec) = first(ChartKind::Progress) else {
        return;
    };
    let l = layout(spec, 360.0, &ApproxMeasure);
    let values: Vec<f64> = l
        .marks
        .iter()
        .map(|m| crate::data::indicator(m.id).unwrap().number)
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
}

#[test]
fn paired_panels_sit_side_by_side_when_wide_and_stack_when_narrow() {
    let Some(spec) = first(ChartKind::Paired) else {
        return;
    };
    let left = spec.indicators[0];
    let right = spec.pair[0];
    for (w, side) in [(720.0, true), (360.0, false)] {
        let l = layout(spec, w, &ApproxMeasure);
        let a = l.marks.iter().find(|m| m.id == left).unwrap();
        let b = l.marks.iter().find(|m| m.id == right).unwrap();
        if side {
            assert!(b.x >= a.x + a.w - 1e-9, "side by side at {w}");
        } else {
            assert!(b.y >= a.y + a.h, "stacked at {w}");
        }
    }
}

#[test]
fn drawing_never_measures_text() {
    // Layout measures; drawing must not. A Measure that counts calls proves it.
    use std::cell::Cell;
    struct Counting(Cell<usize>);
    impl Measure for Counting {
        fn width(&self, t: &str, px: f64) -> f64 {
            self.0.set(self.0.get() + 1);
            ApproxMeasure.width(t, px)
        }
    }
    let m = Counting(Cell::new(0));
    let spec = &CHARTS[0];
    let l = layout(spec, 360.0, &m);
    let after_layout = m.0.get();
    assert!(after_layout > 0);
    let _ = svg_of(
        &l,
        &Frame {
            progress: 0.5,
            ..Frame::FINAL
        },
    );
    assert_eq!(m.0.get(), after_layout);
}

#[test]
fn highlight_recolours_marks_and_focus_outlines_one() {
    let spec = CHARTS
        .iter()
        .find(|c| c.indicators.len() >= 2)
        .expect("a chart with two figures");
    let l = layout(spec, 360.0, &ApproxMeasure);
    let plain = svg_of(&l, &Frame::FINAL);
    let hl = [spec.indicators[0]];
    let lit = svg_of(
        &l,
        &Frame {
            highlight: &hl,
            ..Frame::FINAL
        },
    );
    let accent = palette::LIGHT.accent.hex().to_uppercase();
    let muted = palette::LIGHT.muted.hex().to_uppercase();
    let has = |s: &str, c: &str| s.to_uppercase().contains(c);
    assert!(
        has(&lit, &accent) && has(&lit, &muted),
        "highlight uses accent and muted"
    );
    assert_ne!(plain, lit);
    let focused = svg_of(
        &l,
        &Frame {
            focus: Some(0),
            ..Frame::FINAL
        },
    );
    assert!(
        focused.matches("<polyline").count() > plain.matches("<polyline").count(),
        "a focus outline"
    );
    let dark = svg_of(
        &l,
        &Frame {
            dark: true,
            ..Frame::FINAL
        },
    );
    assert!(has(&dark, &palette::DARK.bg.hex().to_uppercase()));
}

#[test]
fn draw_multiplies_coordinates_widths_and_font_sizes_by_scale() {
    use plotters::prelude::IntoDrawingArea;
    use plotters_svg::SVGBackend;
    let spec = CHARTS
        .iter()
        .find(|c| c.kind == ChartKind::Rings)
        .unwrap_or(&CHARTS[0]);
    let l = layout(spec, 360.0, &ApproxMeasure);
    let render = |s: f64| {
        let mut buf = String::new();
        {
            let size = ((l.width * s).round() as u32, (l.height * s).round() as u32);
            let area = SVGBackend::with_string(&mut buf, size).into_drawing_area();
            draw(&area, &l, &Frame::FINAL, s).unwrap();
            area.present().unwrap();
        }
        buf
    };
    let nums = |svg: &str, attr: &str| -> Vec<f64> {
        svg.split(&format!(" {attr}=\""))
            .skip(1)
            .filter_map(|t| t.split('"').next()?.parse().ok())
            .collect()
    };
    let (one, three) = (render(1.0), render(3.0));
    for attr in ["font-size", "stroke-width", "r"] {
        let (a, b) = (nums(&one, attr), nums(&three, attr));
        assert_eq!(a.len(), b.len(), "{attr}");
        for (x, y) in a.iter().zip(&b) {
            assert!(
                (y - 3.0 * x).abs() <= 1.5,
                "{attr}: {x} at scale 1, {y} at scale 3"
            );
        }
    }
    let xs = (nums(&one, "x"), nums(&three, "x"));
    for (x, y) in xs.0.iter().zip(&xs.1) {
        assert!((y - 3.0 * x).abs() <= 2.0, "x: {x} vs {y}");
    }
}
