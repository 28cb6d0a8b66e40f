//! The breakdown of the wasm by crate and by module of ours: its types, its JSON for the
//! report, and the table `cargo xtask bench` prints.

use serde_json::{json, Value};

/// Our crate, whose modules are listed one by one.
pub const OURS: &str = "wushan";

/// Crates printed by name; the rest are summed in one line.
const TOP_CRATES: usize = 15;

/// One line of the breakdown: a crate, a module, the data segments or "other".
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    /// Bytes of function bodies (for data and other: of those sections).
    pub bytes: u64,
    pub functions: usize,
    /// gzip -9 of this group's bytes compressed on their own: only their share of
    /// the sum of all groups means something (compression across groups is lost).
    pub gzip_alone: u64,
}

#[derive(Debug)]
pub struct Breakdown {
    /// Size of the named twin, and of its "name" section.
    pub named_bytes: u64,
    pub name_section: u64,
    /// Other custom sections (producers, target features), not shipped.
    pub other_custom: u64,
    /// Sum of all function bodies.
    pub code: u64,
    pub functions: usize,
    pub data: Group,
    pub other: Group,
    /// Heaviest first.
    pub crates: Vec<Group>,
    /// Our crate by module, heaviest first.
    pub modules: Vec<Group>,
}

impl Breakdown {
    /// What ships, as far as this twin can tell: everything but custom sections.
    pub fn without_names(&self) -> u64 {
        self.named_bytes - self.name_section - self.other_custom
    }

    fn gzip_total(&self) -> u64 {
        self.crates.iter().map(|g| g.gzip_alone).sum::<u64>()
            + self.data.gzip_alone
            + self.other.gzip_alone
    }

    pub fn to_json(&self, dist_wasm_bytes: u64) -> Value {
        let gz = self.gzip_total();
        let group = |g: &Group| {
            json!({
                "name": g.name, "bytes": g.bytes, "functions": g.functions,
                "share_of_code": share(g.bytes, self.code),
                "gzip_share_estimate": share(g.gzip_alone, gz),
            })
        };
        json!({
            "method": "release app.wasm through wasm-bindgen --keep-debug and wasm-opt -Oz -g; \
                       function body sizes from the code section, names from the name section",
            "named_wasm_bytes": self.named_bytes,
            "name_section_bytes": self.name_section,
            "other_custom_section_bytes": self.other_custom,
            "without_names_bytes": self.without_names(),
            "dist_wasm_bytes": dist_wasm_bytes,
            "code_bytes": self.code,
            "functions": self.functions,
            "data": group(&self.data),
            "other": group(&self.other),
            "crates": self.crates.iter().map(group).collect::<Vec<_>>(),
            "modules": self.modules.iter().map(group).collect::<Vec<_>>(),
        })
    }
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 / whole as f64 * 1000.0).round() / 1000.0
    }
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "—".into()
    } else {
        format!("{:.1}", part as f64 * 100.0 / whole as f64)
    }
}

/// The printed breakdown: sizes of both wasm files, then crates, then our modules.
pub fn table(b: &Breakdown, dist_name: &str, dist_bytes: u64) -> String {
    let mut out = String::new();
    let diff = (dist_bytes as f64 - b.without_names() as f64) / b.without_names().max(1) as f64;
    out.push_str(&format!(
        "\nwasm breakdown, from a named twin of the release wasm (target/bench/wasm-names/named.wasm):\n\
         named.wasm {} B, without its name and other custom sections {} B; {dist_name} {} B ({:+.1} %)\n",
        b.named_bytes,
        b.without_names(),
        dist_bytes,
        diff * 100.0
    ));
    if diff.abs() > 0.05 {
        out.push_str(
            "warning: the twin differs from the dist wasm by more than 5 %: the release artifact \
             may be stale; rebuild with `cargo xtask dist`\n",
        );
    }
    let gz = b.gzip_total();
    let mut row = |name: &str, bytes: String, code: String, gzip: String, fns: String| {
        out.push_str(format!("{name:<44}  {bytes:>9}  {code:>6}  {gzip:>7}  {fns:>5}").trim_end());
        out.push('\n');
    };
    row(
        "crate",
        "bytes".into(),
        "% code".into(),
        "~% gzip".into(),
        "fns".into(),
    );
    let line = |row: &mut dyn FnMut(&str, String, String, String, String), g: &Group, code| {
        row(
            &g.name,
            g.bytes.to_string(),
            if code {
                pct(g.bytes, b.code)
            } else {
                "".into()
            },
            pct(g.gzip_alone, gz),
            if code {
                g.functions.to_string()
            } else {
                "".into()
            },
        );
    };
    for g in b.crates.iter().take(TOP_CRATES) {
        line(&mut row, g, true);
    }
    let rest = &b.crates[b.crates.len().min(TOP_CRATES)..];
    if !rest.is_empty() {
        let sum = Group {
            name: format!("({} more crates)", rest.len()),
            bytes: rest.iter().map(|g| g.bytes).sum(),
            functions: rest.iter().map(|g| g.functions).sum(),
            gzip_alone: rest.iter().map(|g| g.gzip_alone).sum(),
        };
        line(&mut row, &sum, true);
    }
    row(
        &format!("= code ({} functions)", b.functions),
        b.code.to_string(),
        "100.0".into(),
        pct(b.crates.iter().map(|g| g.gzip_alone).sum(), gz),
        b.functions.to_string(),
    );
    line(&mut row, &b.data, false);
    line(&mut row, &b.other, false);
    row("", "".into(), "".into(), "".into(), "".into());
    row(
        &format!("{OURS}, by module"),
        "bytes".into(),
        "% code".into(),
        "~% gzip".into(),
        "fns".into(),
    );
    for g in &b.modules {
        line(&mut row, g, true);
    }
    out.push_str(
        "(% code: of all function bodies; ~% gzip: each line compressed alone, as a share of \
         their sum, an estimate)\n",
    );
    out
}
