//! Big numbers that count up, each with a short rule above and its name below; a grid that
//! takes as many columns as the figures allow at a readable size.

use super::*;

const GAP: f64 = 20.0;

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
        y = c.period_caption(p, y) + 10.0;
    }
    let figs: Vec<String> = inds.iter().map(|i| format::figure(i)).collect();
    let big = if c.s.narrow { 34.0 } else { 44.0 };
    let cap = if n == 1 { pw } else { 320.0 };
    let fit = |cols: usize, c: &Ctx| {
        let cell = ((pw - GAP * (cols - 1) as f64) / cols as f64).min(cap);
        let px = figs
            .iter()
            .map(|f| text::fit_px(f, cell, 20.0, big, true, c.m))
            .fold(f64::INFINITY, f64::min);
        (cell, px)
    };
    let max_cols = n.min(if c.s.narrow { 2 } else { 4 });
    let (cols, cell, px) = (1..=max_cols)
        .rev()
        .map(|k| {
            let (cell, px) = fit(k, c);
            (k, cell, px)
        })
        .find(|(k, _, px)| *px >= big * 0.8 || *k == 1)
        .unwrap_or((1, pw, big));

    for (row, chunk) in inds.chunks(cols).enumerate() {
        if row > 0 {
            y += 22.0;
        }
        let mut row_bottom = y;
        for (k, ind) in chunk.iter().enumerate() {
            let window = Window::stagger(row * cols + k, n, 0.25);
            let mark = c.mark(ind, Rect::default());
            let x = x0 + k as f64 * (cell + GAP);
            c.shape(
                Geom::Rect(Rect::new(x, y, 28.0, 4.0)),
                Paint::Series(Series::Primary),
                Some(mark),
                Motion::GrowX,
                window,
            );
            let fy = y + 4.0 + 6.0 + px * LINE / 2.0;
            c.figure(ind, x, fy, px, Anchor::Left, mark, window, None);
            let bottom = c.name_block(
                ind,
                x,
                fy + px * LINE / 2.0 + 2.0,
                cell,
                Anchor::Left,
                mark,
                shared.is_none(),
            );
            c.marks[mark].0 = Rect::new(x, y, cell, bottom - y);
            row_bottom = row_bottom.max(bottom);
        }
        y = row_bottom;
    }
    y
}
