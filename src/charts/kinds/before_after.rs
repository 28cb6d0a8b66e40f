//! Before and after: two amounts as bars on one scale (`万元` and `元` count as one unit),
//! the before bar in the context colour. A range (`4–5万元`) draws its uncertain part
//! translucent. An optional third figure (the share, `90%左右`) stands below as a callout.
//! Amounts whose units cannot share a scale are shown as big numbers instead.

use super::*;

pub fn layout(c: &mut Ctx, inds: &[&'static Indicator], top: f64) -> f64 {
    let (x0, x1) = (c.x0(), c.x1());
    let (pair, extra) = inds.split_at(inds.len().min(2));
    let comparable = pair.windows(2).all(|w| magnitude(w[0].unit).1 == magnitude(w[1].unit).1);
    let mut y = if comparable {
        let series = [Series::Context, Series::Primary];
        let rows: Vec<_> = pair.iter().zip(series).map(|(i, s)| (*i, s)).collect();
        let shared = shared_period(pair);
        let mut y = top;
        if let Some(p) = shared {
            y = c.period_caption(p, y) + 8.0;
        }
        bars::rows_in(c, &rows, x0, x1, y, shared.is_none(), true)
    } else {
        counters::layout(c, pair, top)
    };
    for ind in extra {
        y = callout(c, ind, y + 18.0);
    }
    y
}

/// A figure with its name beside an accent rule: `报销比例 90%左右`.
fn callout(c: &mut Ctx, ind: &'static Indicator, top: f64) -> f64 {
    let (x0, x1) = (c.x0(), c.x1());
    let mark = c.mark(ind, Rect::default());
    let tx = x0 + 14.0;
    let avail = x1 - tx;
    let vpx = c.s.value + 2.0;
    let fig = format::figure(ind);
    let fw = c.tw(&fig, vpx, true);
    let lines = text::wrap(ind.short, avail, c.s.label, false, c.m);
    let one_line = lines.len() == 1 && c.tw(&lines[0], c.s.label, false) + 10.0 + fw <= avail && !show_period(ind);
    let bottom = if one_line {
        let cy = top + vpx * LINE / 2.0;
        c.text(lines[0].clone(), tx, cy, c.s.label, false, Anchor::Left, TextRole::Label, Some(mark));
        let nx = tx + c.tw(&lines[0], c.s.label, false) + 10.0;
        c.figure(ind, nx, cy, vpx, Anchor::Left, mark, Window { t0: 0.4, t1: 1.0 }, None);
        top + vpx * LINE
    } else {
        let b = c.name_block(ind, tx, top, avail, Anchor::Left, mark, true);
        c.figure(ind, tx, b + 2.0 + vpx * LINE / 2.0, vpx, Anchor::Left, mark, Window { t0: 0.4, t1: 1.0 }, None);
        b + 2.0 + vpx * LINE
    };
    c.shape(Geom::Rect(Rect::new(x0, top + 2.0, 4.0, bottom - top - 4.0)), Paint::Series(Series::Accent), Some(mark), Motion::FadeIn, Window { t0: 0.4, t1: 1.0 });
    c.marks[mark].0 = Rect::new(x0, top, x1 - x0, bottom - top);
    bottom
}
