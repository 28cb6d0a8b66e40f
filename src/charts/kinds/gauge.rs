//! A marker on a 0..max scale. A figure published as an upper bound ("within 3%") shows the
//! band below it; any other figure fills the scale up to its value.

use super::*;
use crate::charts::scale::{nice_ceil, nice_step, tick_text, ticks, Linear};
use crate::data::Qualifier;

pub fn layout(c: &mut Ctx, inds: &[&'static Indicator], top: f64) -> f64 {
    let mut y = top;
    for (k, ind) in inds.iter().enumerate() {
        if k > 0 {
            y += 24.0;
        }
        y = one(c, ind, y);
    }
    y
}

fn one(c: &mut Ctx, ind: &'static Indicator, top: f64) -> f64 {
    let s = c.s;
    let (x0, x1) = (c.x0(), c.x1());
    let mark = c.mark(ind, Rect::default());
    let window = Window::ALL;

    let mut y = c.name_block(ind, x0, top, x1 - x0, Anchor::Left, mark, true) + 10.0;

    // Scale: a round number well above the value; rates stop at 100.
    let v = base_value(ind, true);
    let rate = ind.unit == "%";
    let mut max = nice_ceil((v * 1.6).max(1e-9));
    if rate {
        max = max.min(100.0).max(v);
    }
    let unit_scale = magnitude(ind.unit).0;
    let (vmax, unit) = (max / unit_scale, ind.unit);

    // Ticks: as many as fit without their labels touching.
    let np = s.note;
    let last_text = |step: f64| format!("{}{unit}", tick_text(vmax, step));
    let mut step = nice_step(vmax, 5);
    for want in (1..=5).rev() {
        step = nice_step(vmax, want);
        let ts = ticks(vmax, step);
        let widest = ts
            .iter()
            .map(|t| c.tw(&tick_text(*t, step), np, false))
            .fold(c.tw(&last_text(step), np, false), f64::max);
        let room = (x1 - x0) / (ts.len().max(2) - 1) as f64;
        if widest + 12.0 <= room {
            break;
        }
    }
    let ts = ticks(vmax, step);
    let first_w = c.tw(&tick_text(0.0, step), np, false);
    let last_w = c.tw(&last_text(step), np, false);
    let tx0 = x0 + first_w / 2.0;
    let tx1 = x1 - last_w / 2.0;
    let sc = Linear::new((0.0, vmax), (tx0, tx1));

    // The figure above the marker, kept inside the chart.
    let vpx = s.value + 2.0;
    let fig = format::figure(ind);
    let fw = c.tw(&fig, vpx, true);
    let mx = sc.map(
        ind.number_high.unwrap_or(ind.number),
    );
    let clamp = |x: f64| crate::charts::clamp(x, x0 + fw / 2.0, x1 - fw / 2.0);
    let fy = y + vpx * LINE / 2.0;
    c.figure(
        ind,
        clamp(mx),
        fy,
        vpx,
        Anchor::Center,
        mark,
        window,
        Some(clamp(tx0)),
    );
    y += vpx * LINE + 6.0;

    // Track, band, marker.
    let th = 14.0;
    let ty = y;
    c.shape(
        Geom::Rect(Rect::new(tx0, ty, tx1 - tx0, th)),
        Paint::Track,
        None,
        Motion::Still,
        window,
    );
    let band = Rect::new(tx0, ty, mx - tx0, th);
    let within = ind.qualifier == Qualifier::Within;
    let paint = if within {
        Paint::Tint(Series::Primary)
    } else {
        Paint::Series(Series::Primary)
    };
    c.shape(Geom::Rect(band), paint, Some(mark), Motion::GrowX, window);
    let line = Geom::Line {
        x0: mx,
        y0: ty - 6.0,
        x1: mx,
        y1: ty + th + 6.0,
        width: 3.0,
    };
    c.shape(
        line,
        Paint::Series(Series::Primary),
        Some(mark),
        Motion::SlideX { from: tx0 },
        window,
    );
    y = ty + th + 6.0;

    // Ticks below.
    let tick_y = y + 2.0;
    for t in &ts {
        let x = sc.map(*t);
        c.shape(
            Geom::Line {
                x0: x,
                y0: ty + th,
                x1: x,
                y1: ty + th + 4.0,
                width: 1.0,
            },
            Paint::Axis,
            None,
            Motion::Still,
            window,
        );
        let label = if (*t - vmax).abs() < 1e-9 {
            last_text(step)
        } else {
            tick_text(*t, step)
        };
        c.text(
            label,
            x,
            tick_y + np * LINE / 2.0,
            np,
            false,
            Anchor::Center,
            TextRole::Note,
            None,
        );
    }
    let bottom = tick_y + np * LINE;
    c.marks[mark].0 = Rect::new(x0, top, x1 - x0, bottom - top);
    bottom
}
