//! Layout of each chart kind. Each takes the chart's indicators, measures their words with
//! the caller's [`Measure`] and places shapes and labels. Pure: no drawing here.

mod bars;
mod before_after;
mod counters;
mod gauge;
mod icons;
mod paired;
mod progress;
mod rings;

mod ctx;
pub use ctx::Ctx;
#[cfg(test)]
use ctx::tap_target;

use super::measure::Measure;
use super::scene::*;
use super::text;
use crate::data::{format, indicator, ChartKind, ChartSpec, Indicator};

/// Smallest tap target, CSS px (WCAG 2.5.5).
pub const TAP: f64 = 44.0;
/// Smallest tap target with large text (the elder mode's 60 × 60).
pub const TAP_LARGE: f64 = 60.0;
/// Side margin inside the chart, so antialiased edges and focus outlines are never clipped.
pub const PAD: f64 = 4.0;
/// A mark's box reaches this far beyond its content: the focus outline (2 px) sits there.
pub const MARK_MARGIN: f64 = 4.0;

/// The reader's text size: the page's default, or large (the page's elder mode).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextSize {
    #[default]
    Normal,
    /// Labels of 18 CSS px or more, values of 20 or more, periods of 16 or more (narrow);
    /// fewer marks per row where they would not fit.
    Large,
}

/// A figure with its name beside an accent rule: a label, then "about 90%".
pub fn callout(c: &mut Ctx, ind: &'static Indicator, top: f64) -> f64 {
    let (x0, x1) = (c.x0(), c.x1());
    let mark = c.mark(ind, Rect::default());
    let tx = x0 + 14.0;
    let avail = x1 - tx;
    let vpx = c.s.value + 2.0;
    let fig = format::figure(ind);
    let fw = c.tw(&fig, vpx, true);
    let lines = text::wrap(ind.short, avail, c.s.label, false, c.m);
    let one_line = lines.len() == 1
        && c.tw(&lines[0], c.s.label, false) + 10.0 + fw <= avail
        && !show_period(ind);
    let bottom = if one_line {
        let cy = top + vpx * LINE / 2.0;
        c.text(
            lines[0].clone(),
            tx,
            cy,
            c.s.label,
            false,
            Anchor::Left,
            TextRole::Label,
            Some(mark),
        );
        let nx = tx + c.tw(&lines[0], c.s.label, false) + 10.0;
        c.figure(
            ind,
            nx,
            cy,
            vpx,
            Anchor::Left,
            mark,
            Window { t0: 0.4, t1: 1.0 },
            None,
        );
        top + vpx * LINE
    } else {
        let b = c.name_block(ind, tx, top, avail, Anchor::Left, mark, true);
        c.figure(
            ind,
            tx,
            b + 2.0 + vpx * LINE / 2.0,
            vpx,
            Anchor::Left,
            mark,
            Window { t0: 0.4, t1: 1.0 },
            None,
        );
        b + 2.0 + vpx * LINE
    };
    c.shape(
        Geom::Rect(Rect::new(x0, top + 2.0, 4.0, bottom - top - 4.0)),
        Paint::Series(Series::Accent),
        Some(mark),
        Motion::FadeIn,
        Window { t0: 0.4, t1: 1.0 },
    );
    c.marks[mark].0 = Rect::new(x0, top, x1 - x0, bottom - top);
    bottom
}

/// `label figure (period)`, all from content.
pub fn mark_label(ind: &Indicator) -> String {
    let fig = format::figure(ind);
    if ind.period.is_empty() {
        format!("{} {fig}", ind.label)
    } else {
        format!("{} {fig} ({})", ind.label, ind.period)
    }
}

/// A period is worth printing unless the name already says it (a name that already contains its period's words).
pub fn show_period(ind: &Indicator) -> bool {
    !ind.period.is_empty() && !ind.short.contains(ind.period) && !ind.period.contains(ind.short)
}

/// The period every figure shares, when there are several figures.
pub fn shared_period(inds: &[&'static Indicator]) -> Option<&'static str> {
    let first = inds.first()?.period;
    (inds.len() > 1
        && !first.is_empty()
        && inds.iter().all(|i| i.period == first && show_period(i)))
    .then_some(first)
}

pub use crate::data::format::magnitude;

/// The value in base units, for geometry: the upper end of a range when `high`.
pub fn base_value(ind: &Indicator, high: bool) -> f64 {
    let v = if high {
        ind.number_high.unwrap_or(ind.number)
    } else {
        ind.number
    };
    let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
    v * magnitude(ind.unit).0
}

pub fn indicators(ids: &[&str]) -> Vec<&'static Indicator> {
    ids.iter().filter_map(|id| indicator(id)).collect()
}

/// Lays a chart out at `width` CSS px (clamped to 280..=1200) for the reader's text size.
pub fn layout(spec: &ChartSpec, width: f64, m: &dyn Measure, text: TextSize) -> Layout {
    let width = if width.is_finite() {
        crate::charts::clamp(width, 280.0, 1200.0)
    } else {
        360.0
    };
    let mut c = Ctx::new(width, m, text);
    let inds = indicators(spec.indicators);
    let top = 8.0;
    let bottom = match spec.kind {
        ChartKind::Bars => bars::layout(&mut c, &inds, top),
        ChartKind::Gauge => gauge::layout(&mut c, &inds, top),
        ChartKind::Progress => progress::layout(&mut c, &inds, top),
        ChartKind::Rings => rings::layout(&mut c, &inds, top),
        ChartKind::IconArray => icons::layout(&mut c, &inds, top),
        ChartKind::BeforeAfter => before_after::layout(&mut c, &inds, top),
        ChartKind::Paired => paired::layout(&mut c, &inds, &indicators(spec.pair), top),
        ChartKind::Counters => counters::layout(&mut c, &inds, top),
    };
    let height = (bottom + 8.0).ceil();
    c.finish(spec.kind, height)
}

/// For unit tests of the chart layer.
#[cfg(test)]
pub fn base_value_for_tests(ind: &Indicator) -> f64 {
    base_value(ind, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tap_targets_grow_and_stay_inside() {
        let r = tap_target(Rect::new(0.0, 2.0, 20.0, 10.0), 300.0, 100.0, TAP);
        assert_eq!((r.x, r.y, r.w, r.h), (0.0, 0.0, 44.0, 44.0));
        let r = tap_target(Rect::new(100.0, 50.0, 20.0, 20.0), 300.0, 100.0, TAP);
        assert_eq!((r.x, r.y, r.w, r.h), (88.0, 38.0, 44.0, 44.0));
        let r = tap_target(Rect::new(290.0, 90.0, 10.0, 10.0), 300.0, 100.0, TAP);
        assert_eq!((r.right(), r.bottom()), (300.0, 100.0));
        let big = Rect::new(10.0, 10.0, 200.0, 60.0);
        assert_eq!(tap_target(big, 300.0, 100.0, TAP), big);
    }

    #[test]
    fn magnitudes_scale_geometry_only() {
        let wan = crate::data::INDICATORS
            .iter()
            .find(|i| magnitude(i.unit).0 == 1e4);
        if let Some(i) = wan {
            assert_eq!(base_value(i, false), i.number * 1e4);
            assert!(
                format::figure(i).contains(i.value),
                "the printed figure keeps its digits"
            );
        }
        assert_eq!(magnitude("%"), (1.0, "%"));
    }

    #[test]
    fn windows_end_exactly_at_one() {
        for n in 1..12 {
            for i in 0..n {
                let w = Window::stagger(i, n, 0.35);
                assert!(w.t0 >= 0.0 && w.t0 < w.t1 && w.t1 <= 1.0, "{w:?}");
                assert_eq!(w.at(1.0), 1.0);
                assert_eq!(w.at(0.0), 0.0);
            }
            assert_eq!(Window::stagger(n - 1, n, 0.35).t1, 1.0);
        }
    }
}
