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

/// Type sizes in CSS px for one chart width and text size.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub label: f64,
    pub value: f64,
    pub note: f64,
    /// Bar thickness.
    pub bar: f64,
    pub narrow: bool,
    pub large: bool,
    /// Smallest tap target of a mark: [`TAP`], or [`TAP_LARGE`] with large text.
    pub tap: f64,
}

impl Sizes {
    fn for_width(w: f64, text: TextSize) -> Sizes {
        let narrow = w < 480.0;
        let [label, value, note, bar] = match (text, narrow) {
            (TextSize::Normal, true) => [14.0, 15.0, 13.0, 18.0],
            (TextSize::Normal, false) => [15.0, 16.0, 13.0, 22.0],
            (TextSize::Large, true) => [18.0, 20.0, 16.0, 22.0],
            (TextSize::Large, false) => [20.0, 22.0, 18.0, 26.0],
        };
        Sizes {
            label,
            value,
            note,
            bar,
            narrow,
            large: text == TextSize::Large,
            tap: if text == TextSize::Large {
                TAP_LARGE
            } else {
                TAP
            },
        }
    }

    /// The smallest size a figure may be shrunk to so that it fits its room.
    pub fn min_figure(&self) -> f64 {
        if self.large {
            18.0
        } else {
            13.0
        }
    }
}

/// The layout under construction.
pub struct Ctx<'m> {
    pub m: &'m dyn Measure,
    pub w: f64,
    pub s: Sizes,
    pub shapes: Vec<Shape>,
    pub labels: Vec<Label>,
    pub marks: Vec<(Rect, &'static Indicator)>,
    pub hits: Vec<(Rect, usize)>,
}

impl<'m> Ctx<'m> {
    pub fn new(width: f64, m: &'m dyn Measure, text: TextSize) -> Self {
        Ctx {
            m,
            w: width,
            s: Sizes::for_width(width, text),
            shapes: vec![],
            labels: vec![],
            marks: vec![],
            hits: vec![],
        }
    }

    /// Left and right edge of the drawing.
    pub fn x0(&self) -> f64 {
        PAD
    }

    pub fn x1(&self) -> f64 {
        self.w - PAD
    }

    pub fn tw(&self, t: &str, px: f64, bold: bool) -> f64 {
        text::width(self.m, t, px, bold)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        t: impl Into<String>,
        x: f64,
        y: f64,
        px: f64,
        bold: bool,
        anchor: Anchor,
        role: TextRole,
        mark: Option<usize>,
    ) -> usize {
        let t = t.into();
        let width = self.tw(&t, px, bold);
        self.labels.push(Label {
            text: t,
            x,
            y,
            px,
            bold,
            anchor,
            width,
            role,
            mark,
            count: None,
            slide_from: None,
            window: Window::ALL,
        });
        self.labels.len() - 1
    }

    /// A published figure that counts up during `window` (and rides from `slide_from`).
    #[allow(clippy::too_many_arguments)]
    pub fn figure(
        &mut self,
        ind: &'static Indicator,
        x: f64,
        y: f64,
        px: f64,
        anchor: Anchor,
        mark: usize,
        window: Window,
        slide_from: Option<f64>,
    ) -> usize {
        let i = self.text(
            format::figure(ind),
            x,
            y,
            px,
            true,
            anchor,
            TextRole::Value,
            Some(mark),
        );
        let l = &mut self.labels[i];
        l.count = Some(ind);
        l.window = window;
        l.slide_from = slide_from;
        i
    }

    /// Lines stacked from `top`; returns the bottom of the last line box.
    #[allow(clippy::too_many_arguments)]
    pub fn lines(
        &mut self,
        lines: &[String],
        x: f64,
        top: f64,
        px: f64,
        bold: bool,
        anchor: Anchor,
        role: TextRole,
        mark: Option<usize>,
    ) -> f64 {
        let pitch = px * LINE;
        for (k, l) in lines.iter().enumerate() {
            self.text(
                l.clone(),
                x,
                top + pitch * k as f64 + pitch / 2.0,
                px,
                bold,
                anchor,
                role,
                mark,
            );
        }
        top + pitch * lines.len() as f64
    }

    /// The name of a figure, wrapped to `max_w`, and its period when `period` is set:
    /// after the name on its last line if it fits (left blocks), else on a line of its own.
    /// Returns the bottom.
    #[allow(clippy::too_many_arguments)]
    pub fn name_block(
        &mut self,
        ind: &Indicator,
        x: f64,
        top: f64,
        max_w: f64,
        anchor: Anchor,
        mark: usize,
        period: bool,
    ) -> f64 {
        let px = self.s.label;
        let lines = text::wrap(ind.short, max_w, px, false, self.m);
        let mut bottom = self.lines(
            &lines,
            x,
            top,
            px,
            false,
            anchor,
            TextRole::Label,
            Some(mark),
        );
        if period && show_period(ind) {
            let np = self.s.note;
            let pw = self.tw(ind.period, np, false);
            let last = lines.last().map(|l| self.tw(l, px, false)).unwrap_or(0.0);
            let gap = 6.0;
            if anchor == Anchor::Left && !lines.is_empty() && last + gap + pw <= max_w {
                let y = bottom - px * LINE / 2.0;
                self.text(
                    ind.period,
                    x + last + gap,
                    y,
                    np,
                    false,
                    Anchor::Left,
                    TextRole::Note,
                    Some(mark),
                );
            } else {
                let plines = text::wrap(ind.period, max_w, np, false, self.m);
                bottom = self.lines(
                    &plines,
                    x,
                    bottom,
                    np,
                    false,
                    anchor,
                    TextRole::Note,
                    Some(mark),
                );
            }
        }
        bottom
    }

    /// Height of [`Self::name_block`] without placing it.
    pub fn name_block_height(
        &self,
        ind: &Indicator,
        max_w: f64,
        anchor: Anchor,
        period: bool,
    ) -> f64 {
        let mut probe = Ctx::new(self.w, self.m, TextSize::Normal);
        probe.s = self.s;
        probe.name_block(ind, 0.0, 0.0, max_w, anchor, 0, period)
    }

    pub fn shape(
        &mut self,
        geom: Geom,
        paint: Paint,
        mark: Option<usize>,
        motion: Motion,
        window: Window,
    ) {
        self.shapes.push(Shape {
            geom,
            paint,
            mark,
            motion,
            window,
        });
    }

    /// Registers a mark; its box is widened to a tap target when the layout is finished.
    pub fn mark(&mut self, ind: &'static Indicator, rect: Rect) -> usize {
        self.marks.push((rect, ind));
        self.marks.len() - 1
    }

    /// A caption for the period all figures share (top left); returns the bottom.
    pub fn period_caption(&mut self, period: &str, top: f64) -> f64 {
        let px = self.s.note;
        let lines = text::wrap(period, self.x1() - self.x0(), px, false, self.m);
        self.lines(
            &lines,
            self.x0(),
            top,
            px,
            false,
            Anchor::Left,
            TextRole::Note,
            None,
        )
    }

    fn finish(self, kind: ChartKind, height: f64) -> Layout {
        let (w, h, tap) = (self.w, height, self.s.tap);
        let marks = self
            .marks
            .iter()
            .map(|(r, ind)| {
                // A margin around the content leaves room for the focus outline.
                let m = MARK_MARGIN;
                let x = (r.x - m).max(0.0);
                let y = (r.y - m).max(0.0);
                let r = Rect::new(
                    x,
                    y,
                    (r.right() + m).min(w) - x,
                    (r.bottom() + m).min(h) - y,
                );
                let r = tap_target(r, w, h, tap);
                Mark {
                    id: ind.id,
                    x: r.x,
                    y: r.y,
                    w: r.w,
                    h: r.h,
                    label: mark_label(ind),
                }
            })
            .collect();
        Layout {
            width: w,
            height: h,
            kind,
            marks,
            shapes: self.shapes,
            labels: self.labels,
            hits: self.hits,
        }
    }
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

/// Grows a box to `tap` × `tap` around its centre, then shifts it back inside the chart.
fn tap_target(r: Rect, w: f64, h: f64, tap: f64) -> Rect {
    let grow = |pos: f64, len: f64, max: f64| {
        if len >= tap || max < tap {
            return (pos.max(0.0), len.min(max));
        }
        let p = crate::charts::clamp(pos - (tap - len) / 2.0, 0.0, max - tap);
        (p, tap)
    };
    let (x, ww) = grow(r.x, r.w, w);
    let (y, hh) = grow(r.y, r.h, h);
    Rect::new(x, y, ww.min(w - x), hh.min(h - y))
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
