//! Text measurement. Layout asks a [`Measure`] for every width it needs; drawing never
//! measures. In the browser the caller implements it with canvas `measureText` (cached);
//! natively [`FontMeasure`] reads glyph advances from the committed CJK font with ttf-parser.

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

    /// Measures text with the glyph advances of the committed CJK font (no kerning, no
    /// shaping: CJK text needs neither, and Latin digits in this font are tabular).
    ///
    /// The font is a subset of Noto Sans CJK SC (OFL 1.1) in `assets/fonts/`, holding only the
    /// characters `content/` and the tests use, so layouts, snapshots and exported images are
    /// the same on every machine. `assets/fonts/subset.py` regenerates it; the test
    /// `font_coverage` fails when content uses a character it lacks. It is compiled into the
    /// native tools only; the browser measures with the reader's own fonts.
    pub struct FontMeasure {
        data: &'static [u8],
        units_per_em: f64,
        family: String,
    }

    impl FontMeasure {
        /// Noto Sans CJK SC Regular, subset: what layout measures with.
        pub const REGULAR: &'static [u8] =
            include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");
        /// Noto Sans CJK SC Bold, subset to the same characters: what the export draws bold
        /// text (titles, figures) with.
        pub const BOLD: &'static [u8] =
            include_bytes!("../../assets/fonts/NotoSansCJKsc-Bold-subset.otf");
        /// Where the files live, from the repository root (for messages).
        pub const DIR: &'static str = "assets/fonts";

        /// The committed font (regular weight).
        pub fn committed() -> Self {
            Self::from_bytes(Self::REGULAR).expect("assets/fonts: the committed font parses")
        }

        /// A font from its bytes (`.otf`/`.ttf`, first face). None if it does not parse.
        pub fn from_bytes(data: &'static [u8]) -> Option<Self> {
            let face = ttf_parser::Face::parse(data, 0).ok()?;
            let family = face
                .names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::FAMILY && n.is_unicode())
                .find_map(|n| n.to_string())
                .unwrap_or_default();
            Some(FontMeasure {
                data,
                units_per_em: face.units_per_em() as f64,
                family,
            })
        }

        /// The family name of the face, `Noto Sans CJK SC`.
        pub fn family(&self) -> &str {
            &self.family
        }

        /// The characters of `text` the font has no glyph for (whitespace other than the
        /// space is never drawn and is not counted), each once, in order of appearance.
        pub fn missing(&self, text: &str) -> Vec<char> {
            let Ok(face) = ttf_parser::Face::parse(self.data, 0) else {
                return text.chars().collect();
            };
            let mut out: Vec<char> = vec![];
            for c in text.chars() {
                let drawn = c == ' ' || !(c.is_whitespace() || c.is_control());
                if drawn && face.glyph_index(c).is_none() && !out.contains(&c) {
                    out.push(c);
                }
            }
            out
        }
    }

    impl Measure for FontMeasure {
        fn width(&self, text: &str, px: f64) -> f64 {
            let Ok(face) = ttf_parser::Face::parse(self.data, 0) else {
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
