//! Share posters (分享海报, native only): one PNG per chart and one for the whole story, for
//! readers to long-press and save or send in WeChat (`dist/posters/<chart id>.png`,
//! `dist/posters/story.png`, written by `cargo xtask dist`; also in the article pack).
//!
//! A chart's poster holds the story's name, the chart's title, its final frame (the chart
//! code's own SVG, as in [`export`]), its finding, its source line, the headline and a QR code
//! for the chart's chapter (`WUSHAN_PUBLIC_URL#<chapter>`). The story's poster holds the
//! headline, the hero figures and the lead chart, with a QR code for the story. Without
//! `WUSHAN_PUBLIC_URL` the posters have no QR code.
//!
//! The QR code comes from the `qrcode` crate (error correction Q, a four-module quiet zone),
//! drawn as whole-pixel squares without anti-aliasing so a phone camera reads it from a screen.
//! The poster is laid out at [`WIDTH`] CSS px and rasterised at [`SCALE`] by resvg with the
//! fonts of [`export::fonts`], then written as an indexed (palette) PNG.

use wushan::charts::{self, palette, Frame, Measure};
use wushan::data::{format, indicator, ChartSpec, CHARTS, STORY};
use crate::export::{self, block_height, nest, text_block, Written};
use crate::prerender;
use wushan::story::ui;
use qrcode::{Color, EcLevel, QrCode};
use std::fmt::Write as _;
use std::path::Path;

/// Layout width in CSS px; drawn at [`SCALE`] the poster is 1080 px wide.
pub const WIDTH: f64 = 540.0;
pub const SCALE: f32 = 2.0;
/// A poster must stay small enough to open quickly on a phone.
pub const MAX_BYTES: usize = 400 * 1024;
/// The QR code's side in output pixels (quiet zone included) is at least this.
pub const MIN_QR_PX: u32 = 280;
/// The file stem of the story's poster (a chart id never has this name).
pub use wushan::story::STORY_POSTER;

const PAD: f64 = 28.0;
const QUIET: usize = 4;

/// The address a chart's poster points at: its chapter of the story.
pub fn chapter_url(base: &str, spec: &ChartSpec) -> String {
    format!("{base}#{}", spec.theme)
}

/// A QR code for `url` as SVG squares, with its quiet zone, its right edge at `right` and its
/// top at `y` (whole CSS px), and its side in CSS px. Every module is a whole number of output
/// pixels at [`SCALE`], so the squares are sharp.
pub fn qr_svg(url: &str, right: f64, y: f64) -> Result<(String, f64), String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::Q)
        .map_err(|e| format!("QR code for {url}: {e}"))?;
    let n = code.width();
    let side_modules = n + 2 * QUIET;
    // Output pixels per module: the smallest whole number that reaches MIN_QR_PX, even so
    // that it is a whole number of CSS px / SCALE steps.
    let mut px = (MIN_QR_PX as usize).div_ceil(side_modules);
    px += px % 2;
    let module = px as f64 / SCALE as f64;
    let side = module * side_modules as f64;
    let x = right - side;
    let mut out = format!(
        "<g shape-rendering=\"crispEdges\"><rect x=\"{x}\" y=\"{y}\" width=\"{side}\" height=\"{side}\" fill=\"#ffffff\"/>"
    );
    let colors = code.to_colors();
    let mut path = String::new();
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (cx, cy) = (i % n + QUIET, i / n + QUIET);
            let _ = write!(path, "M{} {}h{module}v{module}h-{module}z", x + cx as f64 * module, y + cy as f64 * module);
        }
    }
    let _ = write!(out, "<path d=\"{path}\" fill=\"#000000\"/></g>");
    Ok((out, side))
}

/// The footer: the QR code (if there is a URL) beside the story's name and the headline.
/// Returns the SVG and its height.
fn footer(url: Option<&str>, scan: &str, y: f64, m: &dyn Measure) -> Result<(String, f64), String> {
    let p = palette::light();
    let mut out = format!(
        "<rect x=\"{PAD}\" y=\"{y}\" width=\"{}\" height=\"1\" fill=\"{}\"/>",
        WIDTH - 2.0 * PAD,
        p.axis.hex()
    );
    let top = (y + 18.0).round();
    let (qr, side) = match url {
        Some(url) => qr_svg(url, WIDTH - PAD, top)?,
        None => (String::new(), 0.0),
    };
    let text_w = if side > 0.0 { WIDTH - 2.0 * PAD - side - 12.0 } else { WIDTH - 2.0 * PAD };
    let name = charts::wrap(ui().site_name, text_w, 22.0, true, m);
    let headline = charts::wrap(STORY.headline, text_w, 16.0, false, m);
    let mut ty = top + 4.0;
    out.push_str(&text_block(&name, PAD, ty, 22.0, true, &p.accent_text.hex()));
    ty += block_height(name.len(), 22.0) + 12.0;
    out.push_str(&text_block(&headline, PAD, ty, 16.0, false, &p.text.hex()));
    ty += block_height(headline.len(), 16.0) + 12.0;
    if url.is_some() {
        let scan = charts::wrap(scan, text_w, 14.0, false, m);
        out.push_str(&text_block(&scan, PAD, ty, 14.0, false, &p.text2.hex()));
        ty += block_height(scan.len(), 14.0);
        out.push_str(&qr);
    }
    let bottom = ty.max(top + side);
    Ok((out, bottom - y + PAD))
}

fn document(body: &str, height: f64) -> String {
    let p = palette::light();
    let h = height.ceil();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{h}\" viewBox=\"0 0 {WIDTH} {h}\">\
         <rect width=\"{WIDTH}\" height=\"{h}\" fill=\"{}\"/>\
         <rect width=\"{WIDTH}\" height=\"8\" fill=\"{}\"/>{body}</svg>",
        p.bg.hex(),
        p.accent.hex(),
    )
}

/// The chart in its final frame at (PAD, y), full inner width; returns the SVG and its height.
fn chart_block(spec: &ChartSpec, y: f64, m: &dyn Measure) -> (String, f64) {
    let inner = WIDTH - 2.0 * PAD;
    let layout = charts::layout(spec, inner, m);
    let chart = charts::svg_of(&layout, &Frame::FINAL);
    (nest(&chart, PAD, y, inner, layout.height), layout.height)
}

/// The finding and the source line under a chart at y; returns the SVG and its height.
fn caption_block(spec: &ChartSpec, y: f64, m: &dyn Measure) -> (String, f64) {
    let p = palette::light();
    let inner = WIDTH - 2.0 * PAD;
    let finding = charts::wrap(spec.alt, inner, 17.0, false, m);
    let source = charts::wrap(&format!("{}{}", ui().chart_source_prefix, spec.source), inner, 12.0, false, m);
    let fy = y;
    let sy = fy + block_height(finding.len(), 17.0) + 14.0;
    let svg = format!(
        "{}{}",
        text_block(&finding, PAD, fy, 17.0, false, &p.text.hex()),
        text_block(&source, PAD, sy, 12.0, false, &p.text2.hex()),
    );
    (svg, sy + block_height(source.len(), 12.0) - y)
}

/// The story's name at the top of a poster; returns the height it takes.
fn masthead(body: &mut String, y: f64, p: &palette::Palette) -> f64 {
    body.push_str(&text_block(&[ui().site_name.to_string()], PAD, y, 16.0, true, &p.accent_text.hex()));
    16.0 + 16.0
}

/// The rest of a poster from `y`: the chart's final frame, its finding and source, then the
/// footer with the QR code (`scan` the words beside it); the finished SVG document.
fn chart_and_footer(mut body: String, mut y: f64, spec: &ChartSpec, url: Option<&str>, scan: &str, m: &dyn Measure) -> Result<String, String> {
    let (chart, h) = chart_block(spec, y, m);
    body.push_str(&chart);
    y += h + 16.0;
    let (caption, h) = caption_block(spec, y, m);
    body.push_str(&caption);
    y += h + 24.0;
    let (foot, h) = footer(url, scan, y, m)?;
    body.push_str(&foot);
    Ok(document(&body, y + h))
}

/// A chart's poster as SVG, `url` its chapter's address (no QR code without one).
pub fn chart_poster_svg(spec: &ChartSpec, url: Option<&str>, m: &dyn Measure) -> Result<String, String> {
    let p = palette::light();
    let inner = WIDTH - 2.0 * PAD;
    let mut body = String::new();
    let mut y = PAD;
    y += masthead(&mut body, y, &p);
    let title = charts::wrap(spec.title, inner, 28.0, true, m);
    body.push_str(&text_block(&title, PAD, y, 28.0, true, &p.text.hex()));
    y += block_height(title.len(), 28.0) + 20.0;
    chart_and_footer(body, y, spec, url, ui().poster_scan_chapter, m)
}

/// The story's poster as SVG: the headline, the hero figures and the lead chart, `url` the
/// story's address (no QR code without one).
pub fn story_poster_svg(url: Option<&str>, m: &dyn Measure) -> Result<String, String> {
    let p = palette::light();
    let inner = WIDTH - 2.0 * PAD;
    let mut body = String::new();
    let mut y = PAD;
    y += masthead(&mut body, y, &p);
    let headline = charts::wrap(STORY.headline, inner, 32.0, true, m);
    body.push_str(&text_block(&headline, PAD, y, 32.0, true, &p.text.hex()));
    y += block_height(headline.len(), 32.0) + 24.0;
    // The hero figures, two to a row: the figure large, its label under it.
    let col = inner / 2.0;
    let heroes: Vec<_> = STORY.hero.iter().filter_map(|id| indicator(id)).collect();
    for row in heroes.chunks(2) {
        let mut row_h: f64 = 0.0;
        for (i, ind) in row.iter().enumerate() {
            let x = PAD + i as f64 * col;
            let fig = charts::wrap(&format::figure(ind), col - 12.0, 30.0, true, m);
            let label = charts::wrap(ind.label, col - 12.0, 14.0, false, m);
            let fh = block_height(fig.len(), 30.0) + 8.0;
            body.push_str(&text_block(&fig, x, y, 30.0, true, &p.accent_text.hex()));
            body.push_str(&text_block(&label, x, y + fh, 14.0, false, &p.text2.hex()));
            row_h = row_h.max(fh + block_height(label.len(), 14.0));
        }
        y += row_h + 20.0;
    }
    let spec = export::lead_chart();
    y += 4.0;
    let title = charts::wrap(spec.title, inner, 20.0, true, m);
    body.push_str(&text_block(&title, PAD, y, 20.0, true, &p.text.hex()));
    y += block_height(title.len(), 20.0) + 14.0;
    chart_and_footer(body, y, spec, url, ui().poster_scan_story, m)
}

/// One poster to write: its file stem, SVG source, and the URL its QR code holds.
pub struct Poster {
    pub name: String,
    pub svg: String,
    pub url: Option<String>,
}

/// Every poster: one per chart (in `CHARTS` order), then the story's.
pub fn posters(base: Option<&str>, m: &dyn Measure) -> Result<Vec<Poster>, String> {
    if CHARTS.iter().any(|s| s.id == STORY_POSTER) {
        return Err(format!("a chart may not be named `{STORY_POSTER}`: that is the story's poster"));
    }
    let mut out = Vec::new();
    for spec in CHARTS {
        let url = base.map(|b| chapter_url(b, spec));
        let svg = chart_poster_svg(spec, url.as_deref(), m)?;
        out.push(Poster { name: spec.id.to_string(), svg, url });
    }
    let url = base.map(str::to_string);
    out.push(Poster { name: STORY_POSTER.to_string(), svg: story_poster_svg(url.as_deref(), m)?, url });
    Ok(out)
}

/// The poster's PNG: rasterised by resvg, then written with a palette (8-bit indexed):
/// posters are flat colours and anti-aliased text, and a palette PNG is about a fifth of the
/// RGBA one resvg would write (measured here: about 35 to 70 KB instead of 160 to 350 KB).
pub fn png(svg: &str, fonts: &std::sync::Arc<resvg::usvg::fontdb::Database>) -> Result<(Vec<u8>, (u32, u32)), String> {
    let pixmap = export::render(svg, SCALE, fonts)?;
    let (w, h) = (pixmap.width(), pixmap.height());
    Ok((indexed_png(pixmap.data(), w, h)?, (w, h)))
}

/// An 8-bit indexed PNG of opaque RGBA pixels, with a palette of the image's most frequent
/// colours (at most 256); every other colour maps to its nearest palette entry. Runs of one
/// colour are looked up once (this runs unoptimised in `cargo run`).
fn indexed_png(rgba: &[u8], w: u32, h: u32) -> Result<Vec<u8>, String> {
    use std::collections::HashMap;
    let rgb = |p: &[u8]| u32::from_be_bytes([0, p[0], p[1], p[2]]);
    let mut counts: HashMap<u32, u32> = HashMap::new();
    let mut run = (u32::MAX, 0u32);
    for p in rgba.chunks_exact(4) {
        let c = rgb(p);
        if c == run.0 {
            run.1 += 1;
        } else {
            if run.1 > 0 {
                *counts.entry(run.0).or_default() += run.1;
            }
            run = (c, 1);
        }
    }
    if run.1 > 0 {
        *counts.entry(run.0).or_default() += run.1;
    }
    let mut by_count: Vec<(u32, u32)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let palette: Vec<u32> = by_count.iter().take(256).map(|(c, _)| *c).collect();
    let channels = |c: u32| [(c >> 16) as i32 & 255, (c >> 8) as i32 & 255, c as i32 & 255];
    let mut index: HashMap<u32, u8> = palette.iter().enumerate().map(|(i, c)| (*c, i as u8)).collect();
    for (c, _) in by_count.iter().skip(256) {
        let a = channels(*c);
        let nearest = palette
            .iter()
            .enumerate()
            .min_by_key(|(_, q)| {
                let b = channels(**q);
                (0..3).map(|k| (a[k] - b[k]).pow(2)).sum::<i32>()
            })
            .map_or(0, |(i, _)| i as u8);
        index.insert(*c, nearest);
    }
    let mut last = (u32::MAX, 0u8);
    let pixels: Vec<u8> = rgba
        .chunks_exact(4)
        .map(|p| {
            let c = rgb(p);
            if c != last.0 {
                last = (c, index[&c]);
            }
            last.1
        })
        .collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Indexed);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_palette(palette.iter().flat_map(|c| channels(*c).map(|v| v as u8)).collect::<Vec<u8>>());
        enc.set_compression(png::Compression::Default);
        let mut writer = enc.write_header().map_err(|e| format!("png: {e}"))?;
        writer.write_image_data(&pixels).map_err(|e| format!("png: {e}"))?;
    }
    Ok(out)
}

/// Every poster into `dir` as `<name>.png` (`prefix` before each name), each checked against
/// [`MAX_BYTES`]. Says once when there is no public URL and so no QR code.
pub fn write_posters(dir: &Path, prefix: &str) -> Result<Vec<Written>, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let base = prerender::public_url();
    if base.is_none() {
        eprintln!("posters: WUSHAN_PUBLIC_URL is not set, so the posters have no QR code");
    }
    let m = prerender::measure();
    let fonts = export::fonts();
    let mut out = Vec::new();
    for poster in posters(base.as_deref(), m.as_ref())? {
        let name = format!("{prefix}{}.png", poster.name);
        let (bytes, size) = png(&poster.svg, &fonts).map_err(|e| format!("{name}: {e}"))?;
        if bytes.len() >= MAX_BYTES {
            return Err(format!("{name} is {} bytes, over the {MAX_BYTES} byte limit", bytes.len()));
        }
        std::fs::write(dir.join(&name), &bytes).map_err(|e| format!("{name}: {e}"))?;
        out.push(Written { name, bytes: bytes.len(), size });
    }
    Ok(out)
}
