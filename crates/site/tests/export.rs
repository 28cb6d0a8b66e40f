//! The WeChat article pack (`cargo xtask export`): every chart as a 1080 px PNG under 1 MB with
//! its title and source drawn in real Chinese glyphs, the share image, the thumbnail and the
//! captions. Runs the same code as the export into a temporary directory.

use resvg::tiny_skia::Pixmap;
use std::path::PathBuf;
use wushan::data::{CHARTS, STORY};
use wushan_site::export;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wushan-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Pixels in rows `y0..y1` darker than mid-grey.
fn dark_pixels(img: &Pixmap, y0: u32, y1: u32) -> usize {
    let w = img.width() as usize;
    img.data()[(y0 as usize * w * 4)..(y1.min(img.height()) as usize * w * 4)]
        .chunks_exact(4)
        .filter(|p| (p[0] as u32 + p[1] as u32 + p[2] as u32) / 3 < 110)
        .count()
}

#[test]
fn pack_has_every_chart_at_1080_px_under_1_mb_with_text() {
    let dir = temp_dir("pack");
    let written = wushan_site::pack::write_pack(&dir).expect("export");
    for spec in CHARTS {
        let path = dir.join(format!("{}.png", spec.id));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            bytes.len() < 1024 * 1024,
            "{} is {} bytes",
            spec.id,
            bytes.len()
        );
        let img = Pixmap::decode_png(&bytes).expect("a PNG");
        assert_eq!(img.width(), 1080, "{} width", spec.id);
        assert!(
            img.height() > 200 && img.height() < 4000,
            "{} height {}",
            spec.id,
            img.height()
        );
        // The title row (16 px padding, 20 px bold type, drawn at 2x) has ink; so do the
        // last rows, where the source line sits.
        let title = dark_pixels(&img, 32, 76);
        assert!(
            title > 1500,
            "{}: title row has only {title} dark pixels",
            spec.id
        );
        let source = dark_pixels(&img, img.height() - 80, img.height());
        assert!(
            source > 300,
            "{}: source line has only {source} dark pixels",
            spec.id
        );
        assert!(dir.join(format!("{}.svg", spec.id)).is_file());
    }
    for (name, w, h) in [("share.png", 1200, 630), ("thumb.png", 600, 600)] {
        let img = Pixmap::load_png(dir.join(name)).expect(name);
        assert_eq!((img.width(), img.height()), (w, h), "{name}");
        assert!(
            dark_pixels(&img, 0, h / 3) > 2000,
            "{name} has no headline ink"
        );
    }
    let captions = std::fs::read_to_string(dir.join("captions.md")).unwrap();
    assert!(captions.contains("阅读原文"), "no read-more placeholder");
    for spec in CHARTS {
        for text in [spec.title, spec.alt, spec.source] {
            assert!(captions.contains(text), "captions.md lacks {text:?}");
        }
    }
    // Every chart's image and poster, share.png, thumb.png and the story's poster.
    assert_eq!(
        written.iter().filter(|f| f.name.ends_with(".png")).count(),
        2 * CHARTS.len() + 3
    );
    for spec in CHARTS {
        assert!(dir.join(format!("{}{}.png", wushan_site::pack::POSTER_PREFIX, spec.id)).is_file(), "no poster for {}", spec.id);
    }
    assert!(dir.join(format!("{}story.png", wushan_site::pack::POSTER_PREFIX)).is_file());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Chinese is drawn with real glyphs: two different characters give different pixels
/// (a missing font draws both as the same empty box).
#[test]
fn chinese_renders_as_glyphs_not_boxes() {
    let fonts = export::fonts();
    let glyph = |c: char| {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\"><text x=\"4\" y=\"32\" font-size=\"32\" font-family=\"Noto Sans CJK SC, sans-serif\">{c}</text></svg>"
        );
        export::png(&svg, 1.0, &fonts).expect("png").0
    };
    let headline: Vec<char> = STORY
        .headline
        .chars()
        .filter(|c| *c as u32 > 0x4E00)
        .take(2)
        .collect();
    let (a, b) = (glyph(headline[0]), glyph(headline[1]));
    assert_ne!(
        a, b,
        "{} and {} render the same: no CJK font",
        headline[0], headline[1]
    );
    let ink = Pixmap::decode_png(&a).unwrap();
    assert!(dark_pixels(&ink, 0, 40) > 40, "{} left no ink", headline[0]);
}

/// The export draws with the committed font alone, in both weights, so every machine makes
/// the same PNGs and bold titles and figures are drawn bold.
#[test]
fn export_draws_with_the_committed_regular_and_bold_only() {
    let fonts = export::fonts();
    let faces: Vec<(String, u16)> = fonts
        .faces()
        .map(|f| (f.families[0].0.clone(), f.weight.0))
        .collect();
    let noto = "Noto Sans CJK SC".to_string();
    assert_eq!(faces, [(noto.clone(), 400), (noto, 700)]);
    let ink = |weight: u16| {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"40\"><text x=\"4\" y=\"32\" font-size=\"32\" font-weight=\"{weight}\" font-family=\"{}\">{}</text></svg>",
            wushan::charts::FONT_FAMILY,
            STORY.headline.chars().take(5).collect::<String>()
        );
        let png = export::png(&svg, 1.0, &fonts).expect("png").0;
        dark_pixels(&Pixmap::decode_png(&png).unwrap(), 0, 40)
    };
    let (regular, bold) = (ink(400), ink(700));
    assert!(
        regular > 100,
        "regular text left only {regular} dark pixels"
    );
    assert!(
        bold > regular * 11 / 10,
        "bold {bold} is not heavier than regular {regular}"
    );
}

#[test]
fn share_images_go_to_dist() {
    let dir = temp_dir("share");
    let written = export::write_share(&dir).expect("share");
    let names: Vec<&str> = written.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["share.png", "thumb.png"]);
    assert!(written
        .iter()
        .all(|f| f.bytes < export::MAX_PNG_BYTES && f.bytes > 10_000));
    std::fs::remove_dir_all(&dir).unwrap();
}
