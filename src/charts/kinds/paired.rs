//! Two panels, each with its own scale: never one axis for two units. Side by side when
//! wide, stacked when narrow. Each panel is headed by its unit, so the two scales read as
//! two scales.

use super::*;

pub fn layout(
    c: &mut Ctx,
    left: &[&'static Indicator],
    right: &[&'static Indicator],
    top: f64,
) -> f64 {
    let (x0, x1) = (c.x0(), c.x1());
    let all: Vec<_> = left.iter().chain(right).copied().collect();
    let shared = shared_period(&all);
    let mut y = top;
    if let Some(p) = shared {
        y = c.period_caption(p, y) + 8.0;
    }
    let l: Vec<_> = left.iter().map(|i| (*i, Series::Primary)).collect();
    let r: Vec<_> = right.iter().map(|i| (*i, Series::Primary)).collect();
    let period = shared.is_none();
    if x1 - x0 >= 600.0 {
        let gap = 40.0;
        let mid = (x0 + x1) / 2.0;
        let hl = header(c, left, x0, mid - gap / 2.0, y);
        let hr = header(c, right, mid + gap / 2.0, x1, y);
        let y = hl.max(hr);
        let bl = bars::rows_in(c, &l, x0, mid - gap / 2.0, y, period, false);
        let br = bars::rows_in(c, &r, mid + gap / 2.0, x1, y, period, false);
        let bottom = bl.max(br);
        c.shape(
            Geom::Line {
                x0: mid,
                y0: top,
                x1: mid,
                y1: bottom,
                width: 1.0,
            },
            Paint::Track,
            None,
            Motion::Still,
            Window::ALL,
        );
        bottom
    } else {
        let y = header(c, left, x0, x1, y);
        let bl = bars::rows_in(c, &l, x0, x1, y, period, true);
        let div = bl + 16.0;
        c.shape(
            Geom::Line {
                x0,
                y0: div,
                x1,
                y1: div,
                width: 1.0,
            },
            Paint::Track,
            None,
            Motion::Still,
            Window::ALL,
        );
        let y = header(c, right, x0, x1, div + 14.0);
        bars::rows_in(c, &r, x0, x1, y, period, true)
    }
}

/// The panel's unit (ten-thousand yuan, person-times) in small type, when its figures share one.
fn header(c: &mut Ctx, inds: &[&'static Indicator], x0: f64, x1: f64, top: f64) -> f64 {
    let Some(unit) = inds.first().map(|i| i.unit) else {
        return top;
    };
    if unit.is_empty() || inds.iter().any(|i| i.unit != unit) {
        return top;
    }
    let px = c.s.note;
    let lines = text::wrap(unit, x1 - x0, px, false, c.m);
    c.lines(
        &lines,
        x0,
        top,
        px,
        true,
        Anchor::Left,
        TextRole::Note,
        None,
    ) + 8.0
}
