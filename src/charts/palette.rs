//! Colours for light and dark mode. Okabe-Ito hues (blue and vermillion/orange stay
//! distinct in every common colour-vision deficiency), tuned so text reaches 7:1 (the elder mode's rule; WCAG AAA) and
//! marks 3:1 against the chart background (WCAG 2.x). The tests compute every pair.

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, for CSS that must match the chart (the page background).
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2.x relative luminance.
    pub fn luminance(self) -> f64 {
        fn lin(c: u8) -> f64 {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }
}

/// WCAG contrast ratio between two colours, 1.0..=21.0.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// One mode's colours. Text roles need 7:1 on `bg`; mark roles 3:1 on `bg` and on `track`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    /// Chart background; the page behind the canvas should use the same colour.
    pub bg: Rgb,
    /// Labels and figures.
    pub text: Rgb,
    /// Periods, axis ticks, labels of marks that are not highlighted.
    pub text2: Rgb,
    /// Figures of highlighted marks.
    pub accent_text: Rgb,
    /// Marks when nothing is highlighted.
    pub primary: Rgb,
    /// Highlighted marks.
    pub accent: Rgb,
    /// Marks that are not highlighted, and context marks ("before").
    pub muted: Rgb,
    /// The 100% track behind progress bars, rings and gauges. Decorative.
    pub track: Rgb,
    /// Zero lines and ticks.
    pub axis: Rgb,
    /// The keyboard focus outline.
    pub focus: Rgb,
}

pub const LIGHT: Palette = Palette {
    bg: Rgb(0xff, 0xff, 0xff),
    text: Rgb(0x1a, 0x1a, 0x1a),
    text2: Rgb(0x57, 0x57, 0x57),
    accent_text: Rgb(0x8f, 0x3b, 0x00),
    primary: Rgb(0x00, 0x72, 0xb2),
    accent: Rgb(0xb0, 0x48, 0x00),
    muted: Rgb(0x85, 0x85, 0x85),
    track: Rgb(0xee, 0xee, 0xee),
    axis: Rgb(0x76, 0x76, 0x76),
    focus: Rgb(0x1a, 0x1a, 0x1a),
};

pub const DARK: Palette = Palette {
    bg: Rgb(0x16, 0x16, 0x16),
    text: Rgb(0xf2, 0xf2, 0xf2),
    text2: Rgb(0xb0, 0xb0, 0xb0),
    accent_text: Rgb(0xf0, 0xa8, 0x30),
    primary: Rgb(0x56, 0xb4, 0xe9),
    accent: Rgb(0xe6, 0x9f, 0x00),
    muted: Rgb(0x80, 0x80, 0x80),
    track: Rgb(0x2e, 0x2e, 0x2e),
    axis: Rgb(0x8c, 0x8c, 0x8c),
    focus: Rgb(0xf2, 0xf2, 0xf2),
};

pub fn light() -> Palette {
    LIGHT
}

pub fn dark() -> Palette {
    DARK
}

/// The palette for a mode.
pub fn for_mode(dark: bool) -> Palette {
    if dark {
        DARK
    } else {
        LIGHT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &Palette) -> [(&'static str, Rgb); 3] {
        [
            ("text", p.text),
            ("text2", p.text2),
            ("accent_text", p.accent_text),
        ]
    }

    fn marks(p: &Palette) -> [(&'static str, Rgb); 5] {
        [
            ("primary", p.primary),
            ("accent", p.accent),
            ("muted", p.muted),
            ("axis", p.axis),
            ("focus", p.focus),
        ]
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgb(0x77, 0x77, 0x77), Rgb(255, 255, 255)) - 4.48).abs() < 0.01);
        assert_eq!(contrast(Rgb(9, 99, 199), Rgb(9, 99, 199)), 1.0);
        assert_eq!(
            contrast(LIGHT.primary, LIGHT.bg),
            contrast(LIGHT.bg, LIGHT.primary)
        );
    }

    #[test]
    /// 7:1, not only WCAG AA's 4.5:1: the elder mode asks 7:1 of all text (the national
    /// elder-friendly design rules), and the charts' labels and figures are text.
    fn every_text_colour_reaches_7_to_1_on_the_background() {
        for (mode, p) in [("light", LIGHT), ("dark", DARK)] {
            for (name, c) in texts(&p) {
                let r = contrast(c, p.bg);
                assert!(
                    r >= 7.0,
                    "{mode} {name} {} on {}: {r:.2}",
                    c.hex(),
                    p.bg.hex()
                );
            }
        }
    }

    #[test]
    fn every_mark_colour_reaches_3_to_1_on_background_and_track() {
        for (mode, p) in [("light", LIGHT), ("dark", DARK)] {
            for (name, c) in marks(&p) {
                for (ground, g) in [("bg", p.bg), ("track", p.track)] {
                    let r = contrast(c, g);
                    assert!(
                        r >= 3.0,
                        "{mode} {name} {} on {ground} {}: {r:.2}",
                        c.hex(),
                        g.hex()
                    );
                }
            }
        }
    }

    #[test]
    fn highlighted_and_muted_marks_differ_in_lightness_too() {
        // Hue alone fails readers who see no colour; keep a luminance step as well.
        for (mode, p) in [("light", LIGHT), ("dark", DARK)] {
            let r = contrast(p.accent, p.muted);
            assert!(r >= 1.4, "{mode}: accent vs muted {r:.2}");
        }
    }

    #[test]
    fn hex_is_css() {
        assert_eq!(Rgb(0, 0x72, 0xb2).hex(), "#0072b2");
    }
}
