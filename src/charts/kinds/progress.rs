//! Rates as bars against a 100% track, ranked from the highest. The figure stands at the
//! right end of the name line, so every row reads name, figure, then the bar.

use super::*;
use crate::charts::scale::Linear;

pub fn layout(c: &mut Ctx, inds: &[&'static Indicator], top: f64) -> f64 {
    let s = c.s;
    let (x0, x1) = (c.x0(), c.x1());
    let shared = shared_period(inds);
    let mut y = top;
    if let Some(p) = shared {
        y = c.period_caption(p, y) + 8.0;
    }
    let mut ranked: Vec<&'static Indicator> = inds.to_vec();
    // Largest first, ties in content order: a stable insertion sort (a few rows; the wasm then
    // carries no general sort).
    for i in 1..ranked.len() {
        let mut j = i;
        while j > 0 && base_value(ranked[j - 1], true) < base_value(ranked[j], true) {
            ranked.swap(j - 1, j);
            j -= 1;
        }
    }

    // Rates run to 100%; anything else (a content slip) to the largest value.
    let all_rates = ranked.iter().all(|i| i.unit == "%");
    let max = if all_rates {
        100.0
    } else {
        ranked
            .iter()
            .map(|i| base_value(i, true))
            .fold(0.0, f64::max)
            .max(1e-9)
    };
    let sc = Linear::new((0.0, max), (0.0, x1 - x0));
    let vpx = s.value;
    let vmax = ranked
        .iter()
        .map(|i| c.tw(&format::figure(i), vpx, true))
        .fold(0.0, f64::max);
    let name_w = (x1 - x0 - vmax - 12.0).max(40.0);
    let bh = if s.narrow { 10.0 } else { 12.0 };
    let n = ranked.len();
    let row_gap = 14.0;
    for (k, ind) in ranked.iter().enumerate() {
        let window = Window::stagger(k, n, 0.35);
        let mark = c.mark(ind, Rect::default());
        let row_top = y;
        let bottom = c.name_block(ind, x0, y, name_w, Anchor::Left, mark, shared.is_none());
        let first_line = y + s.label * LINE / 2.0;
        c.figure(ind, x1, first_line, vpx, Anchor::Right, mark, window, None);
        let by = bottom + 6.0;
        c.shape(
            Geom::Rect(Rect::new(x0, by, x1 - x0, bh)),
            Paint::Track,
            None,
            Motion::Still,
            Window::ALL,
        );
        let fill = sc.map(base_value(ind, true));
        c.shape(
            Geom::Rect(Rect::new(x0, by, fill, bh)),
            Paint::Series(Series::Primary),
            Some(mark),
            Motion::GrowX,
            window,
        );
        y = by + bh;
        if s.large {
            // With large text a row is a whole 60 px tap target, so a mark never grows into
            // its neighbours or the caption.
            y = y.max(row_top + s.tap - 2.0 * MARK_MARGIN);
        }
        c.marks[mark].0 = Rect::new(x0, row_top, x1 - x0, y - row_top);
        y += row_gap;
    }
    y - row_gap
}
