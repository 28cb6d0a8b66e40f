//! Chinese news-style formatting of published figures. Never rounds, never converts:
//! the digits are printed exactly as stored.

use super::model::{Indicator, Qualifier};

/// The number part: `4182.11`, or a range `4–5`.
pub fn number(ind: &Indicator) -> String {
    match ind.value_high {
        Some(high) => format!("{}–{}", ind.value, high),
        None => ind.value.to_string(),
    }
}

/// The multiplier a unit's leading 万 or 亿 stands for, and the rest of the unit:
/// `万元` → (10000, `元`). For geometry only (putting 4–5万元 and 5000多元 on one scale);
/// printed figures always keep the published unit.
pub fn magnitude(unit: &str) -> (f64, &str) {
    if let Some(rest) = unit.strip_prefix('万') {
        (1e4, rest)
    } else if let Some(rest) = unit.strip_prefix('亿') {
        (1e8, rest)
    } else {
        (1.0, unit)
    }
}

/// The figure as a reader sees it, with its unit and qualifier in the published place:
/// `3%以内`, `90%左右`, `1万余个`, `5000多元`, `10余名`, `累计55727人次`.
pub fn figure(ind: &Indicator) -> String {
    let n = number(ind);
    let unit = ind.unit;
    match ind.qualifier {
        Qualifier::None => format!("{n}{unit}"),
        Qualifier::Within | Qualifier::About => format!("{n}{unit}{}", ind.qualifier.text()),
        Qualifier::Cumulative => format!("{}{n}{unit}", ind.qualifier.text()),
        Qualifier::Over | Qualifier::More => {
            let q = ind.qualifier.text();
            match unit.strip_prefix('万') {
                Some(rest) => format!("{n}万{q}{rest}"),
                None => format!("{n}{q}{unit}"),
            }
        }
    }
}

/// The figure split around its number for a big-number display: (before, number, after),
/// e.g. ("", "1", "万余个") or ("累计", "55727", "人次"). Concatenated, it is `figure()`.
pub fn parts(ind: &Indicator) -> (String, String, String) {
    let full = figure(ind);
    let n = number(ind);
    match full.find(&n) {
        Some(at) => (full[..at].to_string(), n.clone(), full[at + n.len()..].to_string()),
        None => (String::new(), n, full),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::Kind;

    fn ind(value: &'static str, high: Option<&'static str>, unit: &'static str, q: Qualifier) -> Indicator {
        Indicator {
            id: "t",
            theme: "t",
            label: "t",
            short: "t",
            value,
            value_high: high,
            number_high: high.map(|h| h.parse().unwrap()),
            number: value.parse().unwrap(),
            unit,
            qualifier: q,
            period: "2019年",
            kind: Kind::Count,
            note: "",
            source: "s",
        }
    }

    #[test]
    fn qualifiers_stand_where_published() {
        let cases = [
            (ind("3", None, "%", Qualifier::Within), "3%以内"),
            (ind("90", None, "%", Qualifier::About), "90%左右"),
            (ind("1", None, "万个", Qualifier::Over), "1万余个"),
            (ind("4", None, "万台件套", Qualifier::Over), "4万余台件套"),
            (ind("5000", None, "元", Qualifier::More), "5000多元"),
            (ind("10", None, "名", Qualifier::Over), "10余名"),
            (ind("55727", None, "人次", Qualifier::Cumulative), "累计55727人次"),
            (ind("4", Some("5"), "万元", Qualifier::None), "4–5万元"),
            (ind("18.00", None, "%", Qualifier::None), "18.00%"),
            (ind("459.791", None, "万元", Qualifier::None), "459.791万元"),
        ];
        for (i, want) in cases {
            assert_eq!(figure(&i), want);
        }
    }

    #[test]
    fn magnitude_splits_wan_and_yi() {
        assert_eq!(magnitude("万元"), (1e4, "元"));
        assert_eq!(magnitude("亿元"), (1e8, "元"));
        assert_eq!(magnitude("元/月"), (1.0, "元/月"));
        assert_eq!(magnitude("%"), (1.0, "%"));
    }

    #[test]
    fn parts_keep_every_character() {
        for (i, want) in [
            (ind("1", None, "万个", Qualifier::Over), ("", "1", "万余个")),
            (ind("55727", None, "人次", Qualifier::Cumulative), ("累计", "55727", "人次")),
            (ind("3", None, "%", Qualifier::Within), ("", "3", "%以内")),
        ] {
            let (a, b, c) = parts(&i);
            assert_eq!((a.as_str(), b.as_str(), c.as_str()), want);
            assert_eq!(format!("{a}{b}{c}"), figure(&i));
        }
    }
}
