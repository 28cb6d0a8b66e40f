//! Images for places that cannot run the app (native only): the WeChat article pack
//! (`cargo xtask export` → `dist/export/`), the share image behind `og:image` and the square
//! thumbnail WeChat picks from the page.
//!
//! Every image is an SVG built around the chart code's own SVG ([`charts::svg`], the final
//! frame), then rasterised with resvg. Text is set by resvg with the committed CJK font
//! ([`fonts`]), the same font that laid the chart out ([`prerender::measure`]).

use wushan::charts::{self, palette, Frame, Measure};
use wushan::data::{ChartSpec, CHARTS, STORY};
use crate::prerender;
use resvg::{tiny_skia, usvg};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

/// Layout width of an article image in CSS px; drawn at [`ARTICLE_SCALE`] it is 1080 px wide,
/// the width WeChat shows at full resolution.
pub const ARTICLE_WIDTH: f64 = 540.0;
pub const ARTICLE_SCALE: f32 = 2.0;
/// Open Graph share image.
pub const SHARE_SIZE: (u32, u32) = (1200, 630);
/// Square thumbnail (WeChat's share card crops to a square).
pub const THUMB_SIZE: u32 = 600;
/// WeChat rejects or recompresses larger images.
pub const MAX_PNG_BYTES: usize = 1024 * 1024;
/// Placeholder for the article's "read the original" link when `WUSHAN_PUBLIC_URL` is not
/// set; the editor fills it in.
pub const READ_MORE_URL: &str = "https://example.com/wushan/";

/// The live story's address for the "read the original" link.
pub(crate) fn read_more_url() -> String {
    crate::prerender::public_url().unwrap_or_else(|| READ_MORE_URL.to_string())
}

const PAD: f64 = 16.0;
const TITLE_PX: f64 = 20.0;
const SOURCE_PX: f64 = 12.0;

/// One file written by [`write_pack`].
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    pub name: String,
    pub bytes: usize,
    /// Pixel size for images, (0, 0) otherwise.
    pub size: (u32, u32),
}

/// Fonts for rasterising: only the committed subsets of Noto Sans CJK SC, regular and bold
/// (`charts::FontMeasure::REGULAR`, `BOLD`), never the system's, so every machine draws the
/// same PNGs (a system font earlier in the charts' font stack would otherwise win). The
/// `font_coverage` test guarantees they hold every character `content/` uses.
pub fn fonts() -> Arc<usvg::fontdb::Database> {
    let mut db = usvg::fontdb::Database::new();
    for data in [charts::FontMeasure::REGULAR, charts::FontMeasure::BOLD] {
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(data)));
    }
    db.set_sans_serif_family("Noto Sans CJK SC");
    Arc::new(db)
}

/// Rasterises an SVG document at `scale` onto an opaque background and encodes it as PNG.
pub fn png(
    svg: &str,
    scale: f32,
    fonts: &Arc<usvg::fontdb::Database>,
) -> Result<(Vec<u8>, (u32, u32)), String> {
    let pixmap = render(svg, scale, fonts)?;
    let bytes = pixmap.encode_png().map_err(|e| format!("png: {e}"))?;
    Ok((bytes, (pixmap.width(), pixmap.height())))
}

/// Rasterises an SVG document at `scale` onto an opaque background.
pub fn render(
    svg: &str,
    scale: f32,
    fonts: &Arc<usvg::fontdb::Database>,
) -> Result<tiny_skia::Pixmap, String> {
    let opt = usvg::Options {
        fontdb: fonts.clone(),
        font_family: "Noto Sans CJK SC".into(),
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| format!("svg: {e}"))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("empty image")?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("image too large")?;
    let bg = palette::light().bg;
    pixmap.fill(tiny_skia::Color::from_rgba8(bg.0, bg.1, bg.2, 255));
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart's own SVG (a complete document), placed at (x, y) in a `w`×`h` box, scaled to fit.
pub(crate) fn nest(chart_svg: &str, x: f64, y: f64, w: f64, h: f64) -> String {
    let start = chart_svg.find("<svg").unwrap_or(0);
    let body = &chart_svg[start..];
    // Drop the root's width/height: the nested element gets the box instead.
    let head_end = body.find('>').unwrap_or(0);
    let head = &body[..head_end];
    let view_box = head
        .split("viewBox=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("0 0 100 100");
    format!(
        "<svg x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" viewBox=\"{view_box}\" preserveAspectRatio=\"xMinYMin meet\">{}",
        &body[head_end + 1..]
    )
}

/// Lines of `text` at `px` (bold) within `max_w`, as `<text>` elements from `y` (top) down.
pub(crate) fn text_block(lines: &[String], x: f64, y: f64, px: f64, bold: bool, fill: &str) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let baseline = y + px * (1.0 + 1.35 * i as f64) - px * 0.12;
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{baseline:.1}\" font-family=\"{}\" font-size=\"{px}\" font-weight=\"{}\" fill=\"{fill}\">{}</text>",
            esc(charts::FONT_FAMILY),
            if bold { 700 } else { 400 },
            esc(line)
        );
    }
    out
}

pub(crate) fn block_height(lines: usize, px: f64) -> f64 {
    if lines == 0 {
        0.0
    } else {
        px * (1.0 + 1.35 * (lines - 1) as f64)
    }
}

/// An article image as SVG: the title, the chart in its final state `width` px wide, and the
/// source line, on the chart background.
pub fn article_svg(spec: &ChartSpec, width: f64, m: &dyn Measure) -> String {
    let p = palette::light();
    let inner = width - 2.0 * PAD;
    let title = charts::wrap(spec.title, inner, TITLE_PX, true, m);
    let source = charts::wrap(
        &format!("{}{}", wushan::story::ui().chart_source_prefix, spec.source),
        inner,
        SOURCE_PX,
        false,
        m,
    );
    let layout = charts::layout(spec, inner, m);
    let chart = charts::svg_of(&layout, &Frame::FINAL);
    let title_h = block_height(title.len(), TITLE_PX);
    let chart_y = PAD + title_h + 12.0;
    let source_y = chart_y + layout.height + 10.0;
    let height = (source_y + block_height(source.len(), SOURCE_PX) + PAD).ceil();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">\
         <rect width=\"{width}\" height=\"{height}\" fill=\"{}\"/>{}{}{}</svg>",
        p.bg.hex(),
        text_block(&title, PAD, PAD, TITLE_PX, true, &p.text.hex()),
        nest(&chart, PAD, chart_y, inner, layout.height),
        text_block(&source, PAD, source_y, SOURCE_PX, false, &p.text2.hex()),
    )
}

/// The chart shown on the share image and the thumbnail: the first chart of the first chapter.
pub fn lead_chart() -> &'static ChartSpec {
    STORY
        .themes
        .first()
        .and_then(|t| t.plan.charts.first())
        .and_then(|id| wushan::data::chart(id))
        .unwrap_or(&CHARTS[0])
}

/// The share image (1200×630): site name, headline, and the lead chart.
pub fn share_svg(m: &dyn Measure) -> String {
    let (w, h) = (SHARE_SIZE.0 as f64, SHARE_SIZE.1 as f64);
    let p = palette::light();
    let pad = 56.0;
    let head_px = 52.0;
    let headline = charts::wrap(STORY.headline, w - 2.0 * pad, head_px, true, m);
    let headline: Vec<String> = headline.into_iter().take(2).collect();
    let site_y = pad - 8.0;
    let head_y = site_y + 26.0 + 18.0;
    let chart_y = head_y + block_height(headline.len(), head_px) + 28.0;
    let spec = lead_chart();
    let chart_w = w - 2.0 * pad;
    // Laid out narrower than the box and scaled up, so the chart reads at thumbnail size.
    let chart = charts::svg(spec, 600.0, m, &Frame::FINAL);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">\
         <rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>\
         <rect x=\"0\" y=\"0\" width=\"12\" height=\"{h}\" fill=\"{}\"/>{}{}{}</svg>",
        p.bg.hex(),
        p.accent.hex(),
        text_block(&[wushan::story::ui().site_name.to_string()], pad, site_y, 26.0, true, &p.accent_text.hex()),
        text_block(&headline, pad, head_y, head_px, true, &p.text.hex()),
        nest(&chart, pad, chart_y, chart_w, h - chart_y - pad / 2.0),
    )
}

/// The square thumbnail: site name over the lead chart.
pub fn thumb_svg(m: &dyn Measure) -> String {
    let s = THUMB_SIZE as f64;
    let p = palette::light();
    let pad = 36.0;
    let name_px = 56.0;
    let chart_y = pad + name_px + 36.0;
    let chart = charts::svg(lead_chart(), 320.0, m, &Frame::FINAL);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{s}\" height=\"{s}\" viewBox=\"0 0 {s} {s}\">\
         <rect width=\"{s}\" height=\"{s}\" fill=\"{}\"/>\
         <rect x=\"0\" y=\"{}\" width=\"{s}\" height=\"14\" fill=\"{}\"/>{}{}</svg>",
        p.bg.hex(),
        s - 14.0,
        p.accent.hex(),
        text_block(&[wushan::story::ui().site_name.to_string()], pad, pad, name_px, true, &p.text.hex()),
        nest(&chart, pad, chart_y, s - 2.0 * pad, s - chart_y - pad),
    )
}

pub(crate) fn write(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    size: (u32, u32),
    out: &mut Vec<Written>,
) -> Result<(), String> {
    std::fs::write(dir.join(name), bytes)
        .map_err(|e| format!("{}: {e}", dir.join(name).display()))?;
    out.push(Written {
        name: name.to_string(),
        bytes: bytes.len(),
        size,
    });
    Ok(())
}

pub(crate) fn checked_png(
    name: &str,
    svg: &str,
    scale: f32,
    fonts: &Arc<usvg::fontdb::Database>,
) -> Result<(Vec<u8>, (u32, u32)), String> {
    let (bytes, size) = png(svg, scale, fonts).map_err(|e| format!("{name}: {e}"))?;
    if bytes.len() >= MAX_PNG_BYTES {
        return Err(format!(
            "{name} is {} bytes, over the {MAX_PNG_BYTES} byte limit",
            bytes.len()
        ));
    }
    Ok((bytes, size))
}

/// `share.png` and `thumb.png` into `dir` (dist/ for og:image and the page's thumbnail).
pub fn write_share(dir: &Path) -> Result<Vec<Written>, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let m = prerender::measure();
    let fonts = fonts();
    let mut out = Vec::new();
    let (bytes, size) = checked_png("share.png", &share_svg(m.as_ref()), 1.0, &fonts)?;
    write(dir, "share.png", &bytes, size, &mut out)?;
    let (bytes, size) = checked_png("thumb.png", &thumb_svg(m.as_ref()), 1.0, &fonts)?;
    write(dir, "thumb.png", &bytes, size, &mut out)?;
    Ok(out)
}
