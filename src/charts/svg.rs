//! SVG export (native only): snapshots, the static images the page shows before the wasm
//! runs, and images for WeChat articles. Deterministic: same input, same bytes.

use super::scene::Layout;
use super::{draw, layout, Frame, Measure};
use crate::data::ChartSpec;
use plotters::prelude::*;
use plotters_svg::SVGBackend;

/// SVG user units per CSS px: half-pixel precision for arcs and icons.
pub const SVG_SCALE: f64 = 2.0;

/// The chart as an SVG document `width` CSS px wide.
pub fn svg(spec: &ChartSpec, width: f64, m: &dyn Measure, frame: &Frame) -> String {
    svg_of(&layout(spec, width, m), frame)
}

/// An SVG of a layout already made.
pub fn svg_of(layout: &Layout, frame: &Frame) -> String {
    let (w, h) = (
        (layout.width * SVG_SCALE).round() as u32,
        (layout.height * SVG_SCALE).round() as u32,
    );
    let mut buf = String::new();
    {
        let area = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        draw(&area, layout, frame, SVG_SCALE).expect("drawing into a string cannot fail");
        area.present().expect("drawing into a string cannot fail");
    }
    tidy(&buf, layout.width, layout.height)
}

/// Makes plotters' SVG agree with the canvas:
/// - plotters-svg writes `font-size` as the style's size / 1.24 (the canvas backend uses the
///   size as is); scale it back so a 14 px label is 14 px in both;
/// - `dy="0.5ex"` centres on the x-height; canvas `textBaseline = "middle"` sits about 0.4 em
///   above the baseline in CJK fonts, so use that;
/// - the root keeps its viewBox in SVG units but is sized in CSS px.
fn tidy(svg: &str, css_w: f64, css_h: f64) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    const KEY: &str = "font-size=\"";
    while let Some(at) = rest.find(KEY) {
        out.push_str(&rest[..at + KEY.len()]);
        rest = &rest[at + KEY.len()..];
        let end = rest.find('"').unwrap_or(0);
        match rest[..end].parse::<f64>() {
            Ok(v) => out.push_str(&trim_num(v * 1.24)),
            Err(_) => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    let out = out
        .replace("dy=\"0.5ex\"", "dy=\"0.4em\"")
        // The defaults, said on every mark.
        .replace(" opacity=\"1\"", "")
        .replace(" stroke=\"none\"", "");
    let out = polygons_as_paths(&out);
    let (w, h) = ((css_w * SVG_SCALE).round(), (css_h * SVG_SCALE).round());
    let root = format!("<svg width=\"{w}\" height=\"{h}\"");
    out.replacen(
        &root,
        &format!(
            "<svg width=\"{}\" height=\"{}\"",
            trim_num(css_w),
            trim_num(css_h)
        ),
        1,
    )
}

/// Each `<polygon … points="x0,y0 x1,y1 …"/>` as `<path … d="Mx0,y0lx,y …z"/>`: the same
/// shape, but every point after the first is relative to the one before it, so the repeated
/// marks of a pictogram are the same text wherever they stand, and compress to almost
/// nothing. A polygon whose points are not integer pairs stays as it is.
fn polygons_as_paths(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find("<polygon ") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find("/>").map_or(rest.len(), |e| e + 2);
        let (tag, after) = rest.split_at(end);
        out.push_str(&polygon_as_path(tag).unwrap_or_else(|| tag.to_string()));
        rest = after;
    }
    out.push_str(rest);
    out
}

fn polygon_as_path(tag: &str) -> Option<String> {
    const KEY: &str = " points=\"";
    let start = tag.find(KEY)? + KEY.len();
    let len = tag[start..].find('"')?;
    let points: Vec<(i64, i64)> = tag[start..start + len]
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect::<Option<_>>()?;
    let (&(x0, y0), others) = points.split_first()?;
    let mut d = format!("M{x0},{y0}");
    let mut prev = (x0, y0);
    for (i, &(x, y)) in others.iter().enumerate() {
        d.push_str(if i == 0 { "l" } else { " " });
        d.push_str(&format!("{},{}", x - prev.0, y - prev.1));
        prev = (x, y);
    }
    d.push('z');
    Some(format!(
        "<path{} d=\"{d}\"{}",
        &tag["<polygon".len()..start - KEY.len()],
        &tag[start + len + 1..]
    ))
}

fn trim_num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_restores_font_sizes_and_css_size() {
        let s = "<svg width=\"720\" height=\"200\" viewBox=\"0 0 720 200\"><text dy=\"0.5ex\" font-size=\"22.580645161290324\">x</text></svg>";
        let t = tidy(s, 360.0, 100.0);
        assert!(t.contains("font-size=\"28\""), "{t}");
        assert!(
            t.contains("<svg width=\"360\" height=\"100\" viewBox=\"0 0 720 200\""),
            "{t}"
        );
        assert!(t.contains("dy=\"0.4em\""), "{t}");
    }

    #[test]
    fn polygons_become_relative_paths_and_defaults_go() {
        let s = "<svg width=\"20\" height=\"20\"><polygon opacity=\"1\" fill=\"#B04800\" points=\"18,304 19,300 26,290 18,320 \"/><circle cx=\"1\" cy=\"2\" r=\"3\" opacity=\"1\" fill=\"#B04800\" stroke=\"none\"/><polygon points=\"1.5,2 3,4\"/></svg>";
        let t = tidy(s, 10.0, 10.0);
        assert!(t.contains("<path fill=\"#B04800\" d=\"M18,304l1,-4 7,-10 -8,30z\"/>"), "{t}");
        assert!(t.contains("<circle cx=\"1\" cy=\"2\" r=\"3\" fill=\"#B04800\"/>"), "{t}");
        assert!(t.contains("<polygon points=\"1.5,2 3,4\"/>"), "not integers: kept as it is; {t}");
        // Two copies of a mark at different places now differ only in their first point.
        let a = polygon_as_path("<polygon points=\"0,0 5,0 5,5\"/>").unwrap();
        let b = polygon_as_path("<polygon points=\"40,7 45,7 45,12\"/>").unwrap();
        assert_eq!(a.split_once('l').unwrap().1, b.split_once('l').unwrap().1);
    }
}
