//! Issue 10's figures printed beside their targets and the figures measured before
//! (the figures are made in `figures.rs`, which imports this module): a table, and the report's JSON.

use serde_json::{json, Value};

/// The commit at which issue 10's "now" column was measured (the "before" column).
pub(super) const BEFORE_COMMIT: &str = "4b67ee2";

/// How a figure is stored (in its base unit) and printed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Unit {
    /// bytes, printed in KiB (1024 B)
    KiB,
    /// bytes, printed in MiB
    MiB,
    /// milliseconds, printed in seconds
    Seconds,
    /// milliseconds
    Ms,
    Count,
    /// a percentage (0–100)
    Percent,
    /// a Lighthouse score (0–1)
    Score,
}

impl Unit {
    pub(super) fn name(self) -> &'static str {
        match self {
            Unit::KiB | Unit::MiB => "bytes",
            Unit::Seconds | Unit::Ms => "ms",
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Score => "score",
        }
    }

    pub(super) fn format(self, x: f64) -> String {
        match self {
            Unit::KiB => format!("{:.1} KiB", x / 1024.0),
            Unit::MiB => format!("{:.1} MiB", x / 1048576.0),
            Unit::Seconds => format!("{:.2} s", x / 1000.0),
            Unit::Ms => format!("{x:.0} ms"),
            Unit::Count => format!("{x:.0}"),
            Unit::Percent => format!("{x:.1} %"),
            Unit::Score => format!("{x:.2}"),
        }
    }
}

/// A target: an upper or a lower bound, in the figure's base unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Bound {
    AtMost(f64),
    AtLeast(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Verdict {
    Met,
    Missed,
    NotMeasured,
    /// A figure printed for information, without a target.
    Info,
}

impl Verdict {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "MISSED",
            Verdict::NotMeasured => "not measured",
            Verdict::Info => "",
        }
    }
}

/// One row of the targets table.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Figure {
    pub(super) key: &'static str,
    pub(super) figure: String,
    pub(super) unit: Unit,
    pub(super) measured: Option<f64>,
    /// Printed instead of the bare measured value (parts, counts), when measured.
    pub(super) detail: Option<String>,
    /// At [`BEFORE_COMMIT`]; `None` where nothing was measured then.
    pub(super) before: Option<f64>,
    pub(super) before_detail: Option<&'static str>,
    pub(super) bound: Option<Bound>,
}

impl Figure {
    pub(super) fn new(
        key: &'static str,
        figure: impl Into<String>,
        unit: Unit,
        measured: Option<f64>,
    ) -> Self {
        Figure {
            key,
            figure: figure.into(),
            unit,
            measured,
            detail: None,
            before: None,
            before_detail: None,
            bound: None,
        }
    }

    pub(super) fn before(mut self, before: f64) -> Self {
        self.before = Some(before);
        self
    }

    pub(super) fn before_detail(mut self, text: &'static str) -> Self {
        self.before_detail = Some(text);
        self
    }

    pub(super) fn target(mut self, bound: Bound) -> Self {
        self.bound = Some(bound);
        self
    }

    pub(super) fn detail(mut self, text: Option<String>) -> Self {
        self.detail = text;
        self
    }

    pub(super) fn verdict(&self) -> Verdict {
        match (self.bound, self.measured) {
            (None, _) => Verdict::Info,
            (Some(_), None) => Verdict::NotMeasured,
            (Some(Bound::AtMost(max)), Some(x)) if x <= max => Verdict::Met,
            (Some(Bound::AtLeast(min)), Some(x)) if x >= min => Verdict::Met,
            (Some(_), Some(_)) => Verdict::Missed,
        }
    }

    pub(super) fn measured_text(&self) -> String {
        match (self.measured, &self.detail) {
            (None, _) => "n/a".into(),
            (Some(_), Some(detail)) => detail.clone(),
            (Some(x), None) => self.unit.format(x),
        }
    }

    pub(super) fn before_text(&self) -> String {
        match (self.before_detail, self.before) {
            (Some(text), _) => text.into(),
            (None, Some(x)) => self.unit.format(x),
            (None, None) => "—".into(),
        }
    }

    pub(super) fn target_text(&self) -> String {
        match self.bound {
            Some(Bound::AtMost(x)) => format!("<= {}", self.unit.format(x)),
            Some(Bound::AtLeast(x)) => format!(">= {}", self.unit.format(x)),
            None => String::new(),
        }
    }

    pub(super) fn to_json(&self) -> Value {
        json!({
            "key": self.key,
            "figure": self.figure,
            "unit": self.unit.name(),
            "measured": self.measured,
            "measured_text": self.measured_text(),
            "before": self.before,
            "before_text": self.before_text(),
            "target": match self.bound {
                Some(Bound::AtMost(x)) => json!({ "max": x }),
                Some(Bound::AtLeast(x)) => json!({ "min": x }),
                None => Value::Null,
            },
            "verdict": match self.verdict() {
                Verdict::Info => Value::Null,
                v => json!(v.as_str()),
            },
        })
    }
}

/// The targets table; `browser` adds why Lighthouse was skipped and the conditions.
pub(super) fn targets_table(rows: &[Figure], browser: Option<&Value>) -> String {
    let mut out = String::from("\n");
    let mut line = |figure: &str, measured: &str, before: &str, target: &str, verdict: &str| {
        out.push_str(
            format!("{figure:<48}  {measured:>22}  {before:>24}  {target:>12}  {verdict}")
                .trim_end(),
        );
        out.push('\n');
    };
    line(
        "figure",
        "measured",
        &format!("before ({BEFORE_COMMIT})"),
        "target",
        "verdict",
    );
    for (i, r) in rows.iter().enumerate() {
        if i > 0 && r.bound.is_none() && rows[i - 1].bound.is_some() {
            line("(for information)", "", "", "", "");
        }
        line(
            &r.figure,
            &r.measured_text(),
            &r.before_text(),
            &r.target_text(),
            r.verdict().as_str(),
        );
    }
    let met = rows.iter().filter(|r| r.verdict() == Verdict::Met).count();
    let targets = rows.iter().filter(|r| r.bound.is_some()).count();
    let missed: Vec<&str> = rows
        .iter()
        .filter(|r| r.verdict() == Verdict::Missed)
        .map(|r| r.key)
        .collect();
    out.push_str(&format!("targets met: {met} of {targets}"));
    if !missed.is_empty() {
        out.push_str(&format!("; missed: {}", missed.join(", ")));
    }
    out.push('\n');
    let Some(b) = browser else {
        out.push_str("browser metrics: not measured (no tests/e2e/bench.mjs)\n");
        return out;
    };
    if let Some(why) = b.pointer("/lighthouse/skipped").and_then(Value::as_str) {
        out.push_str(&format!("lighthouse: not measured ({why})\n"));
    }
    if let Some(c) = b.get("conditions") {
        out.push_str(&format!(
            "conditions: median of {} cold loads; {} px at DPR {}; {} ms latency, {}/{} kbit/s; CPU x{}; {}; {}\n",
            c["runs"], c["viewport"].as_str().unwrap_or("?"), c["device_pixel_ratio"],
            c["network"]["latency_ms"], c["network"]["down_kbps"], c["network"]["up_kbps"],
            c["cpu_slowdown"], c["content_encoding"].as_str().unwrap_or("?"), c["cache"].as_str().unwrap_or("?"),
        ));
    }
    out
}

pub(super) fn targets_json(rows: &[Figure]) -> Value {
    json!({
        "before_commit": BEFORE_COMMIT,
        "figures": rows.iter().map(Figure::to_json).collect::<Vec<_>>(),
    })
}
