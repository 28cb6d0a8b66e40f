//! Before and after: two amounts as bars on one scale (ten-thousand yuan and yuan count as one unit),
//! the before bar in the context colour. A published range (4 to 5, in ten-thousand yuan) draws its uncertain part
//! translucent. An optional third figure (the share, "about 90%") stands below as a callout.
//! Amounts whose units cannot share a scale are shown as big numbers instead.

use super::*;

pub fn layout(c: &mut Ctx, inds: &[&'static Indicator], top: f64) -> f64 {
    let (x0, x1) = (c.x0(), c.x1());
    let (pair, extra) = inds.split_at(inds.len().min(2));
    let comparable = pair
        .windows(2)
        .all(|w| magnitude(w[0].unit).1 == magnitude(w[1].unit).1);
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
        y = super::callout(c, ind, y + 18.0);
    }
    y
}
