//! Rings that sweep to a percentage, the figure in the centre, the name below; as a grid
//! that wraps onto more rows on narrow screens.

use super::*;

const CELL_MIN: f64 = 112.0;
/// With large text: fewer, wider rings per row, so that bigger names and figures fit.
const CELL_MIN_LARGE: f64 = 128.0;
const CELL_MAX: f64 = 200.0;
const GAP: f64 = 16.0;

pub fn layout(c: &mut Ctx, inds: &[&'static Indicator], top: f64) -> f64 {
    let (x0, x1) = (c.x0(), c.x1());
    let pw = x1 - x0;
    let n = inds.len();
    if n == 0 {
        return top;
    }
    let shared = shared_period(inds);
    let mut y = top;
    if let Some(p) = shared {
        y = c.period_caption(p, y) + 8.0;
    }
    let cell_min = if c.s.large { CELL_MIN_LARGE } else { CELL_MIN };
    let cols = (((pw + GAP) / (cell_min + GAP)).floor() as usize).max(1).min(n);
    let cell = ((pw - GAP * (cols - 1) as f64) / cols as f64).min(CELL_MAX);
    let d = (cell - 8.0).min(136.0);
    let th = (d * 0.11).max(8.0);
    let r = d / 2.0 - th / 2.0;
    let inner = (r - th / 2.0) * 2.0;

    // One size for every centre figure: the largest at which all fit inside their ring.
    let vpx = inds
        .iter()
        .map(|i| {
            text::fit_px(
                &format::figure(i),
                inner * 0.84,
                c.s.min_figure(),
                match (c.s.large, c.s.narrow) {
                    (false, true) => 20.0,
                    (false, false) => 24.0,
                    (true, true) => 24.0,
                    (true, false) => 28.0,
                },
                true,
                c.m,
            )
        })
        .fold(f64::INFINITY, f64::min);

    for (row, chunk) in inds.chunks(cols).enumerate() {
        if row > 0 {
            y += 20.0;
        }
        let used = chunk.len() as f64 * cell + GAP * (chunk.len() - 1) as f64;
        let left = x0 + (pw - used) / 2.0;
        let mut row_bottom = y;
        let blocks: Vec<f64> = chunk
            .iter()
            .map(|i| c.name_block_height(i, cell, Anchor::Center, shared.is_none()))
            .collect();
        let block_h = blocks.iter().cloned().fold(0.0, f64::max);
        for (k, ind) in chunk.iter().enumerate() {
            let idx = row * cols + k;
            let window = Window::stagger(idx, n, 0.3);
            let mark = c.mark(ind, Rect::default());
            let cx = left + k as f64 * (cell + GAP) + cell / 2.0;
            let cy = y + d / 2.0;
            c.shape(
                Geom::Ring {
                    cx,
                    cy,
                    r,
                    width: th,
                },
                Paint::Track,
                None,
                Motion::Still,
                Window::ALL,
            );
            let frac = crate::charts::clamp(ind.number / 100.0, 0.0, 1.0);
            c.shape(
                Geom::Arc {
                    cx,
                    cy,
                    r,
                    width: th,
                    frac,
                },
                Paint::Series(Series::Primary),
                Some(mark),
                Motion::Sweep,
                window,
            );
            c.figure(ind, cx, cy, vpx, Anchor::Center, mark, window, None);
            let bottom = c.name_block(
                ind,
                cx,
                y + d + 10.0,
                cell,
                Anchor::Center,
                mark,
                shared.is_none(),
            );
            row_bottom = row_bottom.max(bottom);
            c.marks[mark].0 = Rect::new(cx - cell / 2.0, y, cell, d + 10.0 + block_h);
        }
        y = row_bottom;
    }
    y
}
