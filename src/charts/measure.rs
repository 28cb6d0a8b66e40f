//! Text measurement. Layout asks a [`Measure`] for every width it needs; drawing never
//! measures. In the browser the caller implements it with canvas `measureText` (cached);
//! natively [`FontMeasure`] reads glyph advances from a real CJK font with ttf-parser.

/// Width in CSS px of `text` set in [`super::FONT_FAMILY`] at `px` CSS px, regular weight.
pub trait Measure {
    fn width(&self, text: &str, px: f64) -> f64;
}

/// Bold text is drawn for figures; Measure only knows the regular weight. CJK glyphs are
/// 1 em in every weight; bold Latin digits are 6.3% wider in Noto Sans CJK and up to about
/// 9% in Microsoft YaHei, so bold boxes are widened by 10% to stay conservative.
pub const BOLD_WIDEN: f64 = 1.1;

/// A font-free estimate: CJK and full-width characters 1 em, everything else 0.6 em.
/// Good enough for unit tests and for a machine without a CJK font.
#[derive(Clone, Copy, Debug, Default)]
pub struct ApproxMeasure;

impl Measure for ApproxMeasure {
    fn width(&self, text: &str, px: f64) -> f64 {
        text.chars()
            .map(|c| if is_wide(c) { 1.0 } else { 0.6 })
            .sum::<f64>()
            * px
    }
}

/// Characters set one em wide in CJK fonts: ideographs, kana, CJK punctuation, full-width forms.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFF)
}

#[cfg(not(target_arch = "wasm32"))]
pub use native::FontMeasure;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{is_wide, Measure};
    use std::path::{Path, PathBuf};

    /// Where CJK fonts live on common systems. `WUSHAN_CJK_FONT` is tried first.
    const CANDIDATES: &[&str] = &[
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/OTF/NotoSansCJK-Regular.ttc",
        "/usr/local/share/fonts/NotoSansCJK-Regular.ttc",
        "/System/Library/Fonts/PingFang.ttc",
        "/System/Library/Fonts/Hiragino Sans GB.ttc",
        "C:\\Windows\\Fonts\\msyh.ttc",
    ];

    /// Measures text with the glyph advances of a real CJK font (no kerning, no shaping:
    /// CJK text needs neither, and Latin digits in these fonts are tabular).
    pub struct FontMeasure {
        data: Vec<u8>,
        index: u32,
        units_per_em: f64,
        path: PathBuf,
        family: String,
    }

    impl FontMeasure {
        /// The first CJK font found: `$WUSHAN_CJK_FONT`, then the usual system paths.
        /// In a collection (`.ttc`) the Simplified Chinese face is chosen by its name.
        pub fn system() -> Option<Self> {
            let env = std::env::var_os("WUSHAN_CJK_FONT").map(PathBuf::from);
            env.into_iter()
                .chain(CANDIDATES.iter().map(PathBuf::from))
                .find_map(|p| Self::from_file(&p))
        }

        /// Loads a font file (`.ttf`, `.otf` or `.ttc`). None if it cannot be read or parsed,
        /// or if it has no CJK glyphs.
        pub fn from_file(path: &Path) -> Option<Self> {
            let data = std::fs::read(path).ok()?;
            let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
            let mut best: Option<(u32, String, i32)> = None;
            for i in 0..count {
                let Ok(face) = ttf_parser::Face::parse(&data, i) else {
                    continue;
                };
                if face.glyph_index('\u{4E00}').is_none() {
                    continue;
                }
                let family = face
                    .names()
                    .into_iter()
                    .filter(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
                    .find_map(|n| n.to_string())
                    .unwrap_or_default();
                // Prefer the proportional Simplified Chinese face.
                let score =
                    i32::from(family.ends_with(" SC")) * 2 + i32::from(!family.contains("Mono"));
                if best.as_ref().is_none_or(|b| score > b.2) {
                    best = Some((i, family, score));
                }
            }
            let (index, family, _) = best?;
            let units_per_em = ttf_parser::Face::parse(&data, index).ok()?.units_per_em() as f64;
            Some(FontMeasure {
                data,
                index,
                units_per_em,
                path: path.to_path_buf(),
                family,
            })
        }

        /// The file the font was read from.
        pub fn path(&self) -> &Path {
            &self.path
        }

        /// The family name of the face in use, e.g. `Noto Sans CJK SC`.
        pub fn family(&self) -> &str {
            &self.family
        }
    }

    impl Measure for FontMeasure {
        fn width(&self, text: &str, px: f64) -> f64 {
            let Ok(face) = ttf_parser::Face::parse(&self.data, self.index) else {
                return super::ApproxMeasure.width(text, px);
            };
            let em: f64 = text
                .chars()
                .map(|c| {
                    face.glyph_index(c)
                        .and_then(|g| face.glyph_hor_advance(g))
                        .map(|a| a as f64 / self.units_per_em)
                        .unwrap_or(if is_wide(c) { 1.0 } else { 0.6 })
                })
                .sum();
            em * px
        }
    }
}
