//! The printed breakdown of [`super::measure`]: one table of crates, data, other and our
//! modules, with raw bytes, shares and gzip estimates.

use super::{Breakdown, Group, OURS, TOP_CRATES};

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
