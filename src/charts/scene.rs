//! The layout's output: every shape and label of a chart in CSS px, with how each one
//! moves during the intro. Plain data, so drawing can be stateless and tests can read it.

use crate::data::{ChartKind, Indicator};

/// An axis-aligned box in CSS px.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Self {
        Rect { x, y, w, h }
    }

    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.right() && y >= self.y && y <= self.bottom()
    }

    /// True when the two boxes share some area (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }

    /// True when `self` lies within `outer` (with a tolerance of `eps` px).
    pub fn inside(&self, outer: &Rect, eps: f64) -> bool {
        self.x >= outer.x - eps
            && self.y >= outer.y - eps
            && self.right() <= outer.right() + eps
            && self.bottom() <= outer.bottom() + eps
    }

    /// The smallest box holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        let (x, y) = (self.x.min(o.x), self.y.min(o.y));
        Rect::new(
            x,
            y,
            self.right().max(o.right()) - x,
            self.bottom().max(o.bottom()) - y,
        )
    }
}

/// One figure on the chart: what a tap or the keyboard selects.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// The indicator id.
    pub id: &'static str,
    /// Hit box in CSS px, at least 44×44 where the chart allows.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// What a screen reader or the readout says: label, figure and period, from content.
    pub label: String,
}

impl Mark {
    pub fn rect(&self) -> Rect {
        Rect::new(self.x, self.y, self.w, self.h)
    }
}

/// The slice of the intro (linear time, 0..=1) in which a piece moves. Inside it the
/// motion is eased; at and after `t1` the piece is exactly in its final place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub t0: f64,
    pub t1: f64,
}

impl Window {
    pub const ALL: Window = Window { t0: 0.0, t1: 1.0 };

    /// Eased local progress for the chart's `progress`.
    pub fn at(&self, progress: f64) -> f64 {
        if progress.is_nan() || progress >= self.t1 {
            return 1.0; // also NaN: a broken clock shows the final chart
        }
        if progress <= self.t0 {
            return 0.0;
        }
        super::ease((progress - self.t0) / (self.t1 - self.t0))
    }

    /// Item `i` of `n` starts a little after the one before; the last ends at 1.0.
    pub fn stagger(i: usize, n: usize, spread: f64) -> Window {
        if n < 2 {
            return Window::ALL;
        }
        let s = (spread / (n - 1) as f64).min(0.12);
        Window {
            t0: i as f64 * s,
            t1: 1.0 - (n - 1 - i) as f64 * s,
        }
    }
}

/// A mark's colour when nothing is highlighted. With a highlight, highlighted marks take
/// the accent and the others the muted colour, whatever their series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Series {
    Primary,
    /// Context such as the "before" amount.
    Context,
    Accent,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paint {
    Series(Series),
    /// The series colour, translucent: a band or the uncertain part of a range.
    Tint(Series),
    Track,
    Axis,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Geom {
    Rect(Rect),
    /// A stroked outline of a box.
    Outline {
        rect: Rect,
        width: f64,
    },
    Line {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        width: f64,
    },
    /// A full circle stroke: the track behind an arc.
    Ring {
        cx: f64,
        cy: f64,
        r: f64,
        width: f64,
    },
    /// A stroke along a circle from 12 o'clock clockwise, `frac` of a turn.
    Arc {
        cx: f64,
        cy: f64,
        r: f64,
        width: f64,
        frac: f64,
    },
    /// A person pictogram in a `size` × 1.2·`size` cell at (x, y).
    Person {
        x: f64,
        y: f64,
        size: f64,
    },
    /// A line with an arrow head at (x1, y1).
    Arrow {
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        width: f64,
    },
}

impl Geom {
    /// The box the shape covers in its final state (strokes included).
    pub fn bounds(&self) -> Rect {
        match *self {
            Geom::Rect(r) | Geom::Outline { rect: r, .. } => r,
            Geom::Line {
                x0,
                y0,
                x1,
                y1,
                width,
            }
            | Geom::Arrow {
                x0,
                y0,
                x1,
                y1,
                width,
            } => {
                let h = width / 2.0;
                let (minx, maxx) = (x0.min(x1), x0.max(x1));
                let (miny, maxy) = (y0.min(y1), y0.max(y1));
                // A stroke widens only across its direction.
                let (ex, ey) = if x0 == x1 {
                    (h, 0.0)
                } else if y0 == y1 {
                    (0.0, h)
                } else {
                    (h, h)
                };
                Rect::new(
                    minx - ex,
                    miny - ey,
                    maxx - minx + 2.0 * ex,
                    maxy - miny + 2.0 * ey,
                )
            }
            Geom::Ring { cx, cy, r, width }
            | Geom::Arc {
                cx, cy, r, width, ..
            } => {
                let o = r + width / 2.0;
                Rect::new(cx - o, cy - o, 2.0 * o, 2.0 * o)
            }
            Geom::Person { x, y, size } => Rect::new(x, y, size, size * 1.2),
        }
    }
}

/// How a shape enters during the intro.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Motion {
    Still,
    /// Grows rightwards from its left edge (bars, bands).
    GrowX,
    /// Stretches rightwards from `origin`: position and width both scale, so the
    /// uncertain part of a range stays glued to the end of its growing bar.
    ScaleX {
        origin: f64,
    },
    /// Sweeps its arc from zero.
    Sweep,
    /// Fades in.
    FadeIn,
    /// Slides horizontally from `from` (the x of its left edge or line) to its place.
    SlideX {
        from: f64,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub geom: Geom,
    pub paint: Paint,
    /// Index into `Layout::marks` when the shape shows a figure (for highlight colours).
    pub mark: Option<usize>,
    pub motion: Motion,
    pub window: Window,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Left,
    Center,
    Right,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextRole {
    /// Names of figures.
    Label,
    /// Published figures.
    Value,
    /// Periods, ticks, captions.
    Note,
}

/// One line of text. `y` is the vertical centre; `x` is where `anchor` says.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub px: f64,
    pub bold: bool,
    pub anchor: Anchor,
    /// Measured width of `text` (bold widened).
    pub width: f64,
    pub role: TextRole,
    pub mark: Option<usize>,
    /// Counts up from 0 to this indicator's figure during `window`.
    pub count: Option<&'static Indicator>,
    /// Rides from this x to `x` during `window` (with the bar end or marker).
    pub slide_from: Option<f64>,
    pub window: Window,
}

/// Text box height as a multiple of the font size (the line box without leading).
pub const TEXT_BOX: f64 = 1.2;
/// Baseline-to-baseline distance of wrapped lines, as a multiple of the font size.
pub const LINE: f64 = 1.35;

impl Label {
    /// The box the text occupies in its final state.
    pub fn bbox(&self) -> Rect {
        let x = match self.anchor {
            Anchor::Left => self.x,
            Anchor::Center => self.x - self.width / 2.0,
            Anchor::Right => self.x - self.width,
        };
        let h = self.px * TEXT_BOX;
        Rect::new(x, self.y - h / 2.0, self.width, h)
    }
}

/// A chart laid out for one width: pure data, drawn by [`super::draw`].
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// CSS px. The canvas should be this size (times devicePixelRatio in backing pixels).
    pub width: f64,
    pub height: f64,
    pub kind: ChartKind,
    /// One per indicator (and pair indicator), in reading order.
    pub marks: Vec<Mark>,
    pub shapes: Vec<Shape>,
    pub labels: Vec<Label>,
    /// Further hit areas that select a mark (icon groups), tried after the marks.
    pub hits: Vec<(Rect, usize)>,
}

impl Layout {
    /// The boxes of every label, final state.
    pub fn text_boxes(&self) -> Vec<Rect> {
        self.labels.iter().map(Label::bbox).collect()
    }

    pub fn bounds(&self) -> Rect {
        Rect::new(0.0, 0.0, self.width, self.height)
    }
}
