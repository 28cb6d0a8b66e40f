//! The share posters (`crates/site/src/poster.rs`): one per chart and one for the story, each 1080 px
//! wide and under 400 KB, with the chart's figures in its SVG source and a QR code that a
//! decoder (rqrr, reading the rendered PNG's pixels) reads back as the exact chapter URL.

use std::sync::Arc;
use wushan::charts::Measure;
use wushan::data::{indicator, CHARTS, STORY};
use wushan_site::{export, poster, prerender};

const BASE: &str = "https://story.example/wushan/";

/// The rendered PNG's pixels as grey levels, whatever colour type the PNG has.
fn grey(png_bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut dec = png::Decoder::new(std::io::Cursor::new(png_bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let px = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|p| if channels >= 3 { ((p[0] as u32 * 3 + p[1] as u32 * 6 + p[2] as u32) / 10) as u8 } else { p[0] })
        .collect();
    (info.width as usize, info.height as usize, px)
}

/// Every QR code found in the image: its content and its width in pixels.
fn qr_codes(png_bytes: &[u8]) -> Vec<(String, usize)> {
    let (w, h, px) = grey(png_bytes);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| px[y * w + x]);
    img.detect_grids()
        .into_iter()
        .map(|g| {
            let xs = g.bounds.iter().map(|p| p.x);
            let width = (xs.clone().max().unwrap() - xs.min().unwrap()) as usize;
            let (_, content) = g.decode().expect("a QR code that decodes");
            (content, width)
        })
        .collect()
}

fn setup() -> (Box<dyn Measure>, Arc<resvg::usvg::fontdb::Database>) {
    let fonts = export::fonts();
    assert!(
        fonts.faces().any(|f| f.families.iter().any(|(n, _)| n.contains("CJK"))),
        "no CJK font: apt-get install fonts-noto-cjk (cargo xtask setup --test)"
    );
    (prerender::measure(), fonts)
}

/// The figures each poster must show: a chart's own, and for the story's, the hero figures
/// and the lead chart's.
fn figures_of(name: &str) -> Vec<&'static str> {
    let ids: Vec<&str> = match CHARTS.iter().find(|s| s.id == name) {
        Some(spec) => spec.indicators.iter().chain(spec.pair.iter()).copied().collect(),
        None => {
            let lead = export::lead_chart();
            STORY.hero.iter().chain(lead.indicators).chain(lead.pair).copied().collect()
        }
    };
    ids.iter().map(|id| indicator(id).expect("a known figure").value).collect()
}

#[test]
fn every_poster_reads_back_its_chapter_url_at_1080_px_under_400_kb() {
    let (m, fonts) = setup();
    let posters = poster::posters(Some(BASE), m.as_ref()).expect("posters");
    let expected: Vec<(String, String)> = CHARTS
        .iter()
        .map(|s| (s.id.to_string(), format!("{BASE}#{}", s.theme)))
        .chain([("story".to_string(), BASE.to_string())])
        .collect();
    let names: Vec<&str> = posters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, expected.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>());
    for (p, (name, url)) in posters.iter().zip(&expected) {
        let (bytes, (w, h)) = poster::png(&p.svg, &fonts).expect("png");
        assert_eq!(w, 1080, "{name} width");
        assert!(h > 800 && h < 4000, "{name} height {h}");
        assert!(bytes.len() < 400 * 1024, "{name} is {} bytes", bytes.len());
        let codes = qr_codes(&bytes);
        assert_eq!(codes.len(), 1, "{name}: {codes:?}");
        assert_eq!(&codes[0].0, url, "{name}: the QR code's URL");
        // The code itself (without its quiet zone) is big enough to scan from a screen.
        assert!(codes[0].1 >= 200, "{name}: the QR code is {} px wide", codes[0].1);
        for fig in figures_of(name) {
            assert!(p.svg.contains(fig), "{name}: the poster's SVG lacks the figure {fig}");
        }
    }
}

#[test]
fn without_a_public_url_the_posters_have_no_qr_code() {
    let (m, fonts) = setup();
    let posters = poster::posters(None, m.as_ref()).expect("posters");
    assert_eq!(posters.len(), CHARTS.len() + 1);
    for p in [&posters[0], posters.last().unwrap()] {
        assert_eq!(p.url, None);
        let (bytes, (w, _)) = poster::png(&p.svg, &fonts).expect("png");
        assert_eq!(w, 1080);
        assert_eq!(qr_codes(&bytes), vec![], "{}", p.name);
        for fig in figures_of(&p.name) {
            assert!(p.svg.contains(fig), "{}: lacks {fig}", p.name);
        }
    }
}

#[test]
fn qr_modules_are_whole_pixels() {
    // The code's side in CSS px, drawn at 2x, is a whole number of output pixels per module.
    let (svg, side) = poster::qr_svg(BASE, 100.0, 10.0).expect("qr");
    assert!(side * poster::SCALE as f64 >= poster::MIN_QR_PX as f64, "{side}");
    assert!(svg.contains("crispEdges"));
    assert_eq!((side * poster::SCALE as f64).fract(), 0.0);
}

#[test]
fn write_posters_writes_one_file_per_chart_and_the_story() {
    let dir = std::env::temp_dir().join(format!("wushan-posters-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let written = poster::write_posters(&dir, "").expect("write");
    assert_eq!(written.len(), CHARTS.len() + 1);
    for spec in CHARTS {
        assert!(dir.join(format!("{}.png", spec.id)).is_file(), "{}", spec.id);
    }
    assert!(dir.join("story.png").is_file());
    assert!(written.iter().all(|f| f.size.0 == 1080 && f.bytes < poster::MAX_BYTES));
    std::fs::remove_dir_all(&dir).unwrap();
}
