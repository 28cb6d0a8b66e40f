//! An icon array: one person per unit of the whole (the first figure); the part (the
//! second figure) in the accent colour, first in reading order. A legend above names both.
//! Wholes too large to count (over 400) become 100 icons, one per percent.

use super::*;

const MAX_ICONS: f64 = 400.0;

pub fn layout(c: &mut Ctx, inds: &[&'static Indicator], top: f64) -> f64 {
    let (x0, x1) = (c.x0(), c.x1());
    let pw = x1 - x0;
    let Some(whole) = inds.first().copied() else {
        return top;
    };
    let part = inds.get(1).copied();
    let shared = shared_period(inds);
    let mut y = top;
    if let Some(p) = shared {
        y = c.period_caption(p, y) + 6.0;
    }

    // Legend: one row per figure, each a 44 px tap target.
    let mut legend: Vec<(&'static Indicator, Series, usize)> = vec![];
    let entries: Vec<(&'static Indicator, Series)> = match part {
        Some(p) => vec![(whole, Series::Primary), (p, Series::Accent)],
        None => vec![(whole, Series::Primary)],
    };
    let sw = 14.0;
    for (ind, series) in entries {
        let mark = c.mark(ind, Rect::default());
        let row_top = y;
        let lx = x0 + sw + 8.0;
        let avail = x1 - lx;
        let vpx = c.s.value;
        let fig = format::figure(ind);
        let fw = c.tw(&fig, vpx, true);
        let name = c.tw(ind.short, c.s.label, false);
        let period = shared.is_none() && show_period(ind);
        let line_h = c.s.tap.max(vpx * LINE);
        let cy = row_top + line_h / 2.0;
        let bottom = if !period && name + 8.0 + fw <= avail {
            c.text(
                ind.short,
                lx,
                cy,
                c.s.label,
                false,
                Anchor::Left,
                TextRole::Label,
                Some(mark),
            );
            c.figure(
                ind,
                lx + name + 8.0,
                cy,
                vpx,
                Anchor::Left,
                mark,
                Window::ALL,
                None,
            );
            row_top + line_h
        } else {
            let b = c.name_block(ind, lx, row_top + 4.0, avail, Anchor::Left, mark, period);
            c.figure(
                ind,
                lx,
                b + vpx * LINE / 2.0,
                vpx,
                Anchor::Left,
                mark,
                Window::ALL,
                None,
            );
            (b + vpx * LINE + 4.0).max(row_top + c.s.tap)
        };
        let sy = row_top + (line_h.min(bottom - row_top)) / 2.0 - sw / 2.0;
        c.shape(
            Geom::Rect(Rect::new(x0, sy, sw, sw)),
            Paint::Series(series),
            Some(mark),
            Motion::Still,
            Window::ALL,
        );
        c.marks[mark].0 = Rect::new(
            x0,
            row_top + MARK_MARGIN,
            pw,
            bottom - row_top - 2.0 * MARK_MARGIN,
        );
        legend.push((ind, series, mark));
        y = bottom;
    }
    y += 12.0;

    // The grid.
    let whole_n = whole.number.max(0.0);
    let (count, part_n) = match part {
        _ if whole_n > MAX_ICONS => (
            100usize,
            part.map(|p| (p.number / whole_n * 100.0).round() as usize)
                .unwrap_or(0),
        ),
        Some(p) => (whole_n.round() as usize, p.number.max(0.0).round() as usize),
        None => (whole_n.round() as usize, 0),
    };
    let part_n = part_n.min(count);
    if count == 0 {
        let mut y = y - 12.0;
        for ind in inds.iter().skip(2) {
            y = callout(c, ind, y + 18.0);
        }
        return y;
    }
    let cols = if count <= 10 {
        count
    } else if pw < 480.0 || count <= 20 {
        10
    } else {
        20
    };
    let group_gap = 6.0;
    let groups = ((cols - 1) / 10) as f64;
    let cell = ((pw - groups * group_gap) / cols as f64).min(26.0);
    let ih = cell * 1.2;
    let rows = count.div_ceil(cols);
    let whole_mark = legend[0].2;
    let part_mark = legend.get(1).map(|l| l.2);
    let mut part_box: Option<Rect> = None;
    for i in 0..count {
        let (r, col) = (i / cols, i % cols);
        let x = x0 + col as f64 * cell + (col / 10) as f64 * group_gap;
        let iy = y + r as f64 * ih;
        let is_part = i < part_n;
        let (series, mark) = if is_part {
            (Series::Accent, part_mark.unwrap_or(whole_mark))
        } else {
            (Series::Primary, whole_mark)
        };
        let t0 = 0.55 * i as f64 / count as f64;
        let window = Window {
            t0,
            t1: if i + 1 == count { 1.0 } else { t0 + 0.45 },
        };
        c.shape(
            Geom::Person {
                x,
                y: iy,
                size: cell,
            },
            Paint::Series(series),
            Some(mark),
            Motion::FadeIn,
            window,
        );
        if is_part {
            let b = Rect::new(x, iy, cell, ih);
            part_box = Some(part_box.map_or(b, |p| p.union(&b)));
        }
    }
    let grid = Rect::new(
        x0,
        y,
        cols as f64 * cell + groups * group_gap,
        rows as f64 * ih,
    );
    if let (Some(pb), Some(pm)) = (part_box, part_mark) {
        c.hits.push((pb, pm));
    }
    c.hits.push((grid, whole_mark));
    let mut y = y + rows as f64 * ih;
    // Figures beyond the whole and its part (a content slip) still get a place and a mark.
    for ind in inds.iter().skip(2) {
        y = callout(c, ind, y + 18.0);
    }
    y
}
