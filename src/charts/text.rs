//! Line breaking for Chinese labels. CJK text may break between any two characters, but
//! never inside a figure ("1 ten-thousand-odd posts"), never between a number and its unit ("3258 people"),
//! never before closing or after opening punctuation. Figures and units come from the
//! dataset, so this module holds no words of its own.

use super::measure::{Measure, BOLD_WIDEN};
use crate::data::{format, Qualifier, INDICATORS};
use std::sync::OnceLock;

/// Width of `text` at `px`, widened for bold.
pub fn width(m: &dyn Measure, text: &str, px: f64, bold: bool) -> f64 {
    let w = m.width(text, px);
    if bold {
        w * BOLD_WIDEN
    } else {
        w
    }
}

/// Sorts longest first, keeping the order of strings of equal length (a stable insertion
/// sort: the lists are short, and the wasm then carries no general sort, about 10 KB).
fn longest_first(v: &mut [String]) {
    let mut keyed: Vec<(usize, String)> = v.iter_mut().map(|s| (s.chars().count(), std::mem::take(s))).collect();
    for i in 1..keyed.len() {
        let mut j = i;
        while j > 0 && keyed[j - 1].0 < keyed[j].0 {
            keyed.swap(j - 1, j);
            j -= 1;
        }
    }
    for (slot, (_, s)) in v.iter_mut().zip(keyed) {
        *slot = s;
    }
}

/// Strings that never break: every published figure, then every unit and qualifier,
/// longest first so the square-metre unit with its ten-thousand prefix wins over the bare prefix.
fn keep_together() -> &'static [String] {
    static KEEP: OnceLock<Vec<String>> = OnceLock::new();
    KEEP.get_or_init(|| {
        let mut v: Vec<String> = INDICATORS.iter().map(format::figure).collect();
        longest_first(&mut v);
        v.dedup();
        v
    })
}

fn units() -> &'static [String] {
    static UNITS: OnceLock<Vec<String>> = OnceLock::new();
    UNITS.get_or_init(|| {
        let quals = [
            Qualifier::Within,
            Qualifier::About,
            Qualifier::Over,
            Qualifier::More,
        ];
        let mut v: Vec<String> = INDICATORS.iter().map(|i| i.unit.to_string()).collect();
        v.extend(quals.iter().map(|q| q.text().to_string()));
        // A qualifier may sit between the ten-thousand prefix and the rest of the unit.
        for i in INDICATORS {
            for q in quals {
                v.push(format!("{}{}", i.unit, q.text()));
                let mut c = i.unit.chars();
                if let Some(first) = c.next() {
                    v.push(format!("{first}{}{}", q.text(), c.as_str()));
                }
            }
        }
        v.retain(|s| !s.is_empty());
        longest_first(&mut v);
        v.dedup();
        v
    })
}

/// No line may start with these (closing punctuation).
fn closing(c: char) -> bool {
    matches!(
        c,
        ')' | ','
            | '.'
            | ':'
            | ';'
            | '!'
            | '?'
            | '%'
            | '\u{3001}'
            | '\u{3002}'
            | '\u{FF0C}'
            | '\u{FF0E}'
            | '\u{FF1A}'
            | '\u{FF1B}'
            | '\u{FF01}'
            | '\u{FF1F}'
            | '\u{FF09}'
            | '\u{300B}'
            | '\u{300D}'
            | '\u{300F}'
            | '\u{3011}'
            | '\u{201D}'
            | '\u{2019}'
            | '\u{00B7}'
            | '\u{30FB}'
    )
}

/// No line may end with these (opening punctuation).
fn opening(c: char) -> bool {
    matches!(
        c,
        '(' | '\u{FF08}'
            | '\u{300A}'
            | '\u{300C}'
            | '\u{300E}'
            | '\u{3010}'
            | '\u{201C}'
            | '\u{2018}'
    )
}

fn wordish(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '+' | '-' | '/' | '\u{2013}' | '~')
}

/// One unbreakable piece of text.
#[derive(Clone, Debug, PartialEq)]
struct Token {
    text: String,
    /// A space preceded it (dropped at a line break).
    space: bool,
    /// May be split by character as a last resort (plain words, not figures).
    splittable: bool,
}

fn tokens(text: &str) -> Vec<Token> {
    let keep = keep_together();
    let units = units();
    let mut out: Vec<Token> = Vec::new();
    let mut rest = text;
    let mut space = false;
    let mut glue_next = false;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            space = true;
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (piece, splittable) =
            if let Some(k) = keep.iter().find(|k| rest.starts_with(k.as_str())) {
                (k.as_str(), false)
            } else if wordish(c) {
                let mut end = rest.find(|ch: char| !wordish(ch)).unwrap_or(rest.len());
                let numeric = rest[..end].chars().any(|ch| ch.is_ascii_digit());
                if numeric {
                    if let Some(u) = units.iter().find(|u| rest[end..].starts_with(u.as_str())) {
                        end += u.len();
                    }
                }
                (&rest[..end], !numeric)
            } else {
                (&rest[..c.len_utf8()], false)
            };
        rest = &rest[piece.len()..];
        let first = piece.chars().next().unwrap_or(' ');
        let glue_prev = piece.chars().count() == 1 && closing(first);
        match out.last_mut() {
            Some(last) if glue_next || glue_prev => {
                if space {
                    last.text.push(' ');
                }
                last.text.push_str(piece);
                last.splittable = false;
            }
            _ => out.push(Token {
                text: piece.to_string(),
                space,
                splittable,
            }),
        }
        glue_next = piece.chars().last().is_some_and(opening);
        space = false;
    }
    out
}

fn greedy(tokens: &[Token], max_w: f64, px: f64, bold: bool, m: &dyn Measure) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for t in tokens {
        let candidate = if line.is_empty() {
            t.text.clone()
        } else if t.space {
            format!("{line} {}", t.text)
        } else {
            format!("{line}{}", t.text)
        };
        if width(m, &candidate, px, bold) <= max_w {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if width(m, &t.text, px, bold) <= max_w || !t.splittable {
            line = t.text.clone();
        } else {
            // A long Latin word: break it by character.
            for c in t.text.chars() {
                let mut next = line.clone();
                next.push(c);
                if !line.is_empty() && width(m, &next, px, bold) > max_w {
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                } else {
                    line = next;
                }
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Breaks `text` into lines at most `max_w` wide, then balances them: the same number of
/// lines, as even as possible, so no line holds a lone character. A line is wider than
/// `max_w` only when one unbreakable piece (a figure) is.
pub fn wrap(text: &str, max_w: f64, px: f64, bold: bool, m: &dyn Measure) -> Vec<String> {
    let toks = tokens(text);
    let lines = greedy(&toks, max_w, px, bold, m);
    if lines.len() < 2 {
        return lines;
    }
    let n = lines.len();
    let (mut lo, mut hi) = (0.0_f64, max_w);
    let mut best = lines;
    for _ in 0..14 {
        let mid = (lo + hi) / 2.0;
        let trial = greedy(&toks, mid, px, bold, m);
        let fits = trial.len() == n && trial.iter().all(|l| width(m, l, px, bold) <= mid + 1e-9);
        if fits {
            hi = mid;
            best = trial;
        } else {
            lo = mid;
        }
    }
    best
}

/// The largest size in `min..=max` (in steps of 0.5 px) at which `text` fits in `max_w`;
/// `min` if none does.
pub fn fit_px(text: &str, max_w: f64, min: f64, max: f64, bold: bool, m: &dyn Measure) -> f64 {
    let mut px = max;
    while px > min && width(m, text, px, bold) > max_w {
        px -= 0.5;
    }
    px.max(min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::measure::ApproxMeasure;

    fn w(text: &str, max_w: f64) -> Vec<String> {
        wrap(text, max_w, 10.0, false, &ApproxMeasure)
    }

    fn sample(pred: impl Fn(&crate::data::Indicator) -> bool) -> &'static crate::data::Indicator {
        INDICATORS
            .iter()
            .find(|i| pred(i))
            .expect("the dataset has such a figure")
    }

    #[test]
    fn cjk_breaks_between_characters_and_balances() {
        let label = sample(|i| {
            i.label.chars().count() >= 9 && i.label.chars().all(super::super::measure::is_wide)
        })
        .label;
        let n = label.chars().count() as f64;
        // Room for all but one character: greedy would leave one alone on line two.
        let lines = w(label, (n - 1.0) * 10.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines.concat(), label);
        let (a, b) = (
            lines[0].chars().count() as i64,
            lines[1].chars().count() as i64,
        );
        assert!((a - b).abs() <= 1, "balanced: {lines:?}");
    }

    #[test]
    fn lines_fit_their_width() {
        for i in INDICATORS {
            for max_w in [30.0, 45.0, 80.0, 200.0] {
                for line in w(i.label, max_w) {
                    let lw = ApproxMeasure.width(&line, 10.0);
                    let unbreakable = tokens(&line).len() == 1;
                    assert!(
                        lw <= max_w + 1e-9 || unbreakable,
                        "{line} is {lw} > {max_w}"
                    );
                }
            }
        }
    }

    #[test]
    fn figures_never_break() {
        for i in INDICATORS {
            let fig = format::figure(i);
            let text = format!("{}{}{}", i.short, fig, i.short);
            for max_w in [10.0, 25.0, 40.0, 60.0, 90.0] {
                let lines = w(&text, max_w);
                assert!(
                    lines.iter().any(|l| l.contains(&fig)),
                    "{fig} broken in {lines:?} at {max_w}"
                );
            }
        }
    }

    #[test]
    fn a_number_keeps_its_unit() {
        let i = sample(|i| {
            i.unit.chars().any(super::super::measure::is_wide) && i.qualifier == Qualifier::None
        });
        let with_unit = format!("{}{}", i.value, i.unit);
        let text = format!("{}{}", i.short, with_unit);
        for max_w in [20.0, 35.0, 50.0] {
            let lines = w(&text, max_w);
            assert!(lines.iter().any(|l| l.ends_with(&with_unit)), "{lines:?}");
        }
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let s = "\u{4E00}\u{4E8C}\u{4E09}\u{3002}\u{56DB}\u{4E94}";
        for max_w in [10.0, 20.0, 30.0, 40.0] {
            for l in w(s, max_w) {
                assert!(!l.starts_with('\u{3002}'), "{l}");
            }
        }
        let q = "\u{4E00}\u{201C}\u{4E8C}\u{4E09}\u{201D}";
        for max_w in [10.0, 20.0, 30.0] {
            for l in w(q, max_w) {
                assert!(
                    !l.ends_with('\u{201C}') && !l.starts_with('\u{201D}'),
                    "{l}"
                );
            }
        }
    }

    #[test]
    fn spaces_break_latin_words_and_vanish_at_line_ends() {
        assert_eq!(w("abc def", 40.0), vec!["abc", "def"]);
        assert_eq!(w("abc def", 100.0), vec!["abc def"]);
    }

    #[test]
    fn fit_px_shrinks_until_it_fits() {
        let px = fit_px(
            "\u{4E00}\u{4E8C}\u{4E09}",
            40.0,
            10.0,
            20.0,
            false,
            &ApproxMeasure,
        );
        assert_eq!(px, 13.0);
        assert_eq!(
            fit_px("\u{4E00}", 1.0, 10.0, 20.0, false, &ApproxMeasure),
            10.0
        );
    }
}
