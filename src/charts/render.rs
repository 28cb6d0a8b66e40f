//! Stateless drawing: a [`Layout`] and a [`Frame`] in, backend calls out. Never measures
//! text: every label was placed by the layout, so the browser never forces a DOM layout
//! here, however many frames the animation draws.

use super::palette::{self, Palette, Rgb};
use super::scene::*;
use super::{count_figure, Frame, FONT_FAMILY};
use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::element::{Circle, PathElement, Polygon, Rectangle};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, RGBAColor, ShapeStyle, TextStyle};

type Res<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Translucency of bands and the uncertain part of ranges.
const TINT: f64 = 0.3;

struct Pen<'a> {
    pal: Palette,
    frame: &'a Frame<'a>,
    layout: &'a Layout,
    s: f64,
}

impl Pen<'_> {
    fn d(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }

    fn pt(&self, x: f64, y: f64) -> (i32, i32) {
        (self.d(x), self.d(y))
    }

    fn highlighted(&self, mark: Option<usize>) -> Option<bool> {
        if self.frame.highlight.is_empty() {
            return None;
        }
        let id = mark.and_then(|m| self.layout.marks.get(m)).map(|m| m.id);
        Some(id.is_some_and(|id| self.frame.highlight.contains(&id)))
    }

    fn series(&self, s: Series, mark: Option<usize>) -> Rgb {
        match self.highlighted(mark) {
            Some(true) => self.pal.accent,
            Some(false) => self.pal.muted,
            None => match s {
                Series::Primary => self.pal.primary,
                Series::Context => self.pal.muted,
                Series::Accent => self.pal.accent,
            },
        }
    }

    fn paint(&self, p: Paint, mark: Option<usize>) -> (Rgb, f64) {
        match p {
            Paint::Series(s) => (self.series(s, mark), 1.0),
            Paint::Tint(s) => (self.series(s, mark), TINT),
            Paint::Track => (self.pal.track, 1.0),
            Paint::Axis => (self.pal.axis, 1.0),
        }
    }

    fn text_colour(&self, role: TextRole, mark: Option<usize>) -> Rgb {
        match (role, self.highlighted(mark)) {
            (TextRole::Note, _) => self.pal.text2,
            (TextRole::Value, Some(true)) => self.pal.accent_text,
            (_, Some(false)) => self.pal.text2,
            _ => self.pal.text,
        }
    }

    fn style(&self, c: Rgb, alpha: f64, filled: bool, stroke: f64) -> ShapeStyle {
        ShapeStyle {
            color: RGBAColor(c.0, c.1, c.2, alpha),
            filled,
            stroke_width: (stroke * self.s).round().max(1.0) as u32,
        }
    }
}

pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    layout: &Layout,
    frame: &Frame,
    scale: f64,
) -> Res<DB> {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let pen = Pen {
        pal: palette::for_mode(frame.dark),
        frame,
        layout,
        s: scale,
    };
    let bg = pen.pal.bg;
    area.fill(&RGBAColor(bg.0, bg.1, bg.2, 1.0))?;
    for shape in &layout.shapes {
        draw_shape(area, &pen, shape)?;
    }
    for label in &layout.labels {
        draw_label(area, &pen, label)?;
    }
    if let Some(m) = frame.focus.and_then(|i| layout.marks.get(i)) {
        // Inside the mark's box, so it is never clipped at the chart's edge.
        let r = Rect::new(m.x + 1.0, m.y + 1.0, m.w - 2.0, m.h - 2.0);
        outline(area, &pen, r, pen.style(pen.pal.focus, 1.0, false, 2.0))?;
    }
    Ok(())
}

fn outline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: &Pen,
    r: Rect,
    style: ShapeStyle,
) -> Res<DB> {
    let pts = vec![
        pen.pt(r.x, r.y),
        pen.pt(r.right(), r.y),
        pen.pt(r.right(), r.bottom()),
        pen.pt(r.x, r.bottom()),
        pen.pt(r.x, r.y),
    ];
    area.draw(&PathElement::new(pts, style))
}

fn draw_shape<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: &Pen,
    shape: &Shape,
) -> Res<DB> {
    let e = shape.window.at(pen.frame.progress);
    let (colour, mut alpha) = pen.paint(shape.paint, shape.mark);
    let (grow, sweep, dx) = match shape.motion {
        Motion::Still => (1.0, 1.0, 0.0),
        Motion::GrowX => (e, 1.0, 0.0),
        Motion::ScaleX { origin } => {
            let x = match shape.geom {
                Geom::Rect(r) | Geom::Outline { rect: r, .. } => r.x,
                _ => origin,
            };
            (e, 1.0, (origin - x) * (1.0 - e))
        }
        Motion::Sweep => (1.0, e, 0.0),
        Motion::FadeIn => {
            alpha *= e;
            (1.0, 1.0, 0.0)
        }
        Motion::SlideX { from } => {
            let x = match shape.geom {
                Geom::Line { x0, .. } | Geom::Arrow { x0, .. } => x0,
                Geom::Rect(r) | Geom::Outline { rect: r, .. } => r.x,
                Geom::Ring { cx, .. } | Geom::Arc { cx, .. } => cx,
                Geom::Person { x, .. } => x,
            };
            (1.0, 1.0, (from - x) * (1.0 - e))
        }
    };
    if alpha <= 0.0 {
        return Ok(());
    }
    let fill = pen.style(colour, alpha, true, 1.0);
    match shape.geom {
        Geom::Rect(r) => {
            let w = r.w * grow;
            if w * pen.s < 0.5 || r.h <= 0.0 {
                return Ok(());
            }
            let (a, b) = (pen.pt(r.x + dx, r.y), pen.pt(r.x + dx + w, r.bottom()));
            area.draw(&Rectangle::new([a, b], fill))
        }
        Geom::Outline { rect, width } => {
            let w = rect.w * grow;
            if w * pen.s < 0.5 {
                return Ok(());
            }
            let inset = width / 2.0;
            let r = Rect::new(
                rect.x + dx + inset,
                rect.y + inset,
                (w - width).max(0.0),
                rect.h - width,
            );
            outline(area, pen, r, pen.style(colour, alpha, false, width))
        }
        Geom::Line {
            x0,
            y0,
            x1,
            y1,
            width,
        } => {
            let x1 = x0 + (x1 - x0) * grow;
            area.draw(&PathElement::new(
                vec![pen.pt(x0 + dx, y0), pen.pt(x1 + dx, y1)],
                pen.style(colour, alpha, false, width),
            ))
        }
        Geom::Arrow {
            x0,
            y0,
            x1,
            y1,
            width,
        } => {
            let (x1, y1) = (x0 + (x1 - x0) * grow, y0 + (y1 - y0) * grow);
            let (vx, vy) = (x1 - x0, y1 - y0);
            let len = (vx * vx + vy * vy).sqrt();
            if len < 1.0 {
                return Ok(());
            }
            let (ux, uy) = (vx / len, vy / len);
            let head = (width * 4.0).max(6.0);
            let (bx, by) = (x1 - ux * head, y1 - uy * head);
            area.draw(&PathElement::new(
                vec![pen.pt(x0 + dx, y0), pen.pt(bx + dx, by)],
                pen.style(colour, alpha, false, width),
            ))?;
            let (px, py) = (-uy * head * 0.5, ux * head * 0.5);
            let tri = vec![
                pen.pt(x1 + dx, y1),
                pen.pt(bx + px + dx, by + py),
                pen.pt(bx - px + dx, by - py),
            ];
            area.draw(&Polygon::new(tri, fill))
        }
        Geom::Ring { cx, cy, r, width } => {
            let radius = (r * pen.s).round().max(1.0) as u32;
            area.draw(&Circle::new(
                pen.pt(cx + dx, cy),
                radius,
                pen.style(colour, alpha, false, width),
            ))
        }
        Geom::Arc {
            cx,
            cy,
            r,
            width,
            frac,
        } => {
            let f = crate::charts::clamp(frac * sweep, 0.0, 1.0);
            if f <= 0.0 {
                return Ok(());
            }
            // Enough segments that the polyline reads as a circle at any pixel ratio.
            let n = ((f * 144.0).ceil() as usize).max(2);
            let pts = (0..=n)
                .map(|k| {
                    let a = -std::f64::consts::FRAC_PI_2
                        + std::f64::consts::TAU * f * k as f64 / n as f64;
                    let (sin, cos) = sin_cos(a);
                    pen.pt(cx + dx + r * cos, cy + r * sin)
                })
                .collect::<Vec<_>>();
            area.draw(&PathElement::new(
                pts,
                pen.style(colour, alpha, false, width),
            ))
        }
        Geom::Person { x, y, size } => {
            let x = x + dx;
            let s = size;
            let head = ((s * 0.15) * pen.s).round().max(1.0) as u32;
            area.draw(&Circle::new(pen.pt(x + s * 0.5, y + s * 0.27), head, fill))?;
            // Shoulders: a half disc, then straight down to the hips.
            let (bcx, bcy, br) = (x + s * 0.5, y + s * 0.78, s * 0.3);
            let mut body: Vec<(i32, i32)> = (0..=12)
                .map(|k| {
                    let a = std::f64::consts::PI + std::f64::consts::PI * k as f64 / 12.0;
                    let (sin, cos) = sin_cos(a);
                    pen.pt(bcx + br * cos, bcy + br * sin)
                })
                .collect();
            body.push(pen.pt(bcx + br, y + s * 1.1));
            body.push(pen.pt(bcx - br, y + s * 1.1));
            area.draw(&Polygon::new(body, fill))
        }
    }
}

fn draw_label<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, pen: &Pen, l: &Label) -> Res<DB> {
    let e = l.window.at(pen.frame.progress);
    let text = match l.count {
        Some(ind) => count_figure(ind, e),
        None => l.text.clone(),
    };
    let x = match l.slide_from {
        Some(from) => from + (l.x - from) * e,
        None => l.x,
    };
    let c = pen.text_colour(l.role, l.mark);
    let colour = RGBAColor(c.0, c.1, c.2, 1.0);
    let weight = if l.bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    let h = match l.anchor {
        Anchor::Left => HPos::Left,
        Anchor::Center => HPos::Center,
        Anchor::Right => HPos::Right,
    };
    let style = TextStyle::from(FontDesc::new(
        FontFamily::Name(FONT_FAMILY),
        l.px * pen.s,
        weight,
    ))
    .color(&colour)
    .pos(Pos::new(h, VPos::Center));
    area.draw_text(&text, &style, pen.pt(x, l.y))
}

/// sin and cos of `a` (radians) by a short Taylor polynomial after reducing `a` to a quarter
/// turn (error below 1e-13; points are rounded to whole pixels anyway). std's `sin`/`cos`
/// bring libm's general argument reduction, about 7 KB of wasm, for the arcs drawn here.
pub(crate) fn sin_cos(a: f64) -> (f64, f64) {
    use std::f64::consts::FRAC_PI_2;
    let q = (a / FRAC_PI_2).round();
    let y = a - q * FRAC_PI_2;
    let y2 = y * y;
    let s = y * (1.0 + y2 * (-1.0 / 6.0 + y2 * (1.0 / 120.0 + y2 * (-1.0 / 5040.0 + y2 * (1.0 / 362_880.0 + y2 * (-1.0 / 39_916_800.0 + y2 / 6_227_020_800.0))))));
    let c = 1.0 + y2 * (-0.5 + y2 * (1.0 / 24.0 + y2 * (-1.0 / 720.0 + y2 * (1.0 / 40_320.0 + y2 * (-1.0 / 3_628_800.0 + y2 / 479_001_600.0)))));
    match (q as i64).rem_euclid(4) {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

#[cfg(test)]
mod trig_tests {
    #[test]
    fn sin_cos_matches_std() {
        for k in -800..=800 {
            let a = k as f64 * 0.01;
            let (s, c) = super::sin_cos(a);
            assert!((s - a.sin()).abs() < 1e-12 && (c - a.cos()).abs() < 1e-12, "{a}: {s} {c}");
        }
    }
}
