//! What every chart kind lays out with: the type sizes for a width (`Sizes`) and the
//! layout under construction (`Ctx`): text, figures, shapes, marks and their tap targets.

use super::*;

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
    pub(super) fn for_width(w: f64, text: TextSize) -> Sizes {
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

    pub(super) fn finish(self, kind: ChartKind, height: f64) -> Layout {
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

/// Grows a box to `tap` × `tap` around its centre, then shifts it back inside the chart.
pub(super) fn tap_target(r: Rect, w: f64, h: f64, tap: f64) -> Rect {
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

