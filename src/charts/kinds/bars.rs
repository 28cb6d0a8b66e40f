//! Horizontal bars on one shared scale, value labels at the bar ends. Names sit beside the
//! bars when the chart is wide enough, above them otherwise (wrapped).

use super::*;
use crate::charts::scale::Linear;

pub fn layout(c: &mut Ctx, inds: &[&'static Indicator], top: f64) -> f64 {
    let shared = shared_period(inds);
    let mut y = top;
    if let Some(p) = shared {
        y = c.period_caption(p, y) + 8.0;
    }
    let rows: Vec<_> = inds.iter().map(|i| (*i, Series::Primary)).collect();
    let (x0, x1) = (c.x0(), c.x1());
    rows_in(c, &rows, x0, x1, y, shared.is_none(), true)
}

/// Bars for `rows` between `x0` and `x1`, from `top`; one scale for all of them.
/// Returns the bottom.
pub fn rows_in(
    c: &mut Ctx,
    rows: &[(&'static Indicator, Series)],
    x0: f64,
    x1: f64,
    top: f64,
    period: bool,
    side_ok: bool,
) -> f64 {
    let n = rows.len();
    if n == 0 {
        return top;
    }
    let s = c.s;
    let pw = x1 - x0;
    let vpx = s.value;
    let vmax = rows
        .iter()
        .map(|(i, _)| c.tw(&format::figure(i), vpx, true))
        .fold(0.0, f64::max);
    let max = rows
        .iter()
        .map(|(i, _)| base_value(i, true))
        .fold(0.0, f64::max);
    let gap_v = 8.0;

    // Names beside the bars: when wide, and every name fits in two lines of its column.
    let col = (pw * 0.28).min(
        rows.iter()
            .map(|(i, _)| c.tw(i.short, s.label, false))
            .fold(0.0, f64::max),
    );
    let side = side_ok
        && pw >= 520.0
        && rows.iter().all(|(i, _)| {
            text::wrap(i.short, col, s.label, false, c.m).len() <= 2
                && !(period && show_period(i) && c.tw(i.period, s.note, false) > col)
        });
    let bx0 = if side { x0 + col + 14.0 } else { x0 };
    let len_max = (x1 - bx0 - vmax - gap_v).max(8.0);
    let scale = Linear::new((0.0, if max > 0.0 { max } else { 1.0 }), (0.0, len_max));

    let bh = s.bar;
    let row_gap = if side { 12.0 } else { 16.0 };
    let mut y = top;
    let mut bar_top = None;
    let mut bar_bottom = 0.0;
    for (k, (ind, series)) in rows.iter().enumerate() {
        let window = Window::stagger(k, n, 0.3);
        let mark = c.mark(ind, Rect::default());
        let row_top = y;
        let by;
        if side {
            let block = c.name_block_height(ind, col, Anchor::Left, period);
            let row_h = block.max(bh).max(s.tap - row_gap);
            by = y + (row_h - bh) / 2.0;
            c.name_block(
                ind,
                x0,
                y + (row_h - block) / 2.0,
                col,
                Anchor::Left,
                mark,
                period,
            );
            y += row_h;
        } else {
            let bottom = c.name_block(ind, x0, y, pw, Anchor::Left, mark, period);
            by = bottom + 4.0;
            y = by + bh;
        }
        bar_top.get_or_insert(by);
        bar_bottom = by + bh;
        let lo = scale.map(base_value(ind, false));
        let hi = scale.map(base_value(ind, true));
        c.shape(
            Geom::Rect(Rect::new(bx0, by, lo, bh)),
            Paint::Series(*series),
            Some(mark),
            Motion::GrowX,
            window,
        );
        if ind.value_high.is_some() && hi > lo {
            // The uncertain part of a range, 4–5: translucent, outlined, grows with the bar.
            let r = Rect::new(bx0 + lo, by, hi - lo, bh);
            let motion = Motion::ScaleX { origin: bx0 };
            c.shape(
                Geom::Rect(r),
                Paint::Tint(*series),
                Some(mark),
                motion,
                window,
            );
            c.shape(
                Geom::Outline {
                    rect: r,
                    width: 1.5,
                },
                Paint::Series(*series),
                Some(mark),
                motion,
                window,
            );
        }
        let vx = bx0 + hi.max(lo) + gap_v;
        c.figure(
            ind,
            vx,
            by + bh / 2.0,
            vpx,
            Anchor::Left,
            mark,
            window,
            Some(bx0 + gap_v),
        );
        c.marks[mark].0 = Rect::new(x0, row_top, pw, y - row_top);
        y += row_gap;
    }
    // The zero line, when names stand beside the bars (above them it would cut the names).
    if let (true, Some(t)) = (side, bar_top) {
        c.shape(
            Geom::Line {
                x0: bx0,
                y0: t - 4.0,
                x1: bx0,
                y1: bar_bottom + 4.0,
                width: 1.0,
            },
            Paint::Axis,
            None,
            Motion::Still,
            Window::ALL,
        );
    }
    y - row_gap
}
