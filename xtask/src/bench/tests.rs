//! The figures beside their targets: what `cargo xtask bench` prints and writes.

use serde_json::{json, Value};

use super::{figures::*, files::Total, targets::*};

fn shell() -> Total {
    Total {
        files: 3,
        raw: 400_000,
        gzip: 120 * 1024,
        brotli: 100_000,
    }
}

fn browser() -> Value {
    json!({
        "load": { "median": {
            "fcp": 900.0, "lcp": 1250.0, "hydrated": 1800.0, "tbt": 10.0,
            "transferBytes": 104_960.0, "requests": 6.0,
            "heapPeak": 2.0 * 1048576.0, "wasmMemory": 1048576.0,
        } },
        "deep_link": { "median": { "firstChartFinal": 2500.0 }, "first_chart": "fig_a" },
        "scroll": {
            "frames": 1000, "over20": 10, "over50": 1, "longestFrame": 60.0,
            "heapPeak": 2.5 * 1048576.0, "wasmMemory": 1.5 * 1048576.0,
        },
        "scroll_floor": { "frames": 800, "over20": 6, "over50": 0, "longestFrame": 33.0 },
        "lighthouse": { "skipped": "not installed" },
    })
}

fn row<'a>(rows: &'a [Figure], key: &str) -> &'a Figure {
    rows.iter()
        .find(|r| r.key == key)
        .unwrap_or_else(|| panic!("no figure {key}"))
}

#[test]
fn figures_say_met_or_missed_at_their_bounds() {
    let b = browser();
    let rows = figures(Some(101 * 1024), &shell(), Some(&b));
    let verdict = |key| row(&rows, key).verdict();
    assert_eq!(verdict("transfer"), Verdict::Met, "102.5 KiB <= 110 KiB");
    assert_eq!(verdict("wasm_gzip"), Verdict::Missed, "101 KiB > 100 KiB");
    assert_eq!(verdict("fcp"), Verdict::Met);
    assert_eq!(verdict("lcp"), Verdict::Missed, "1.25 s > 1.2 s");
    assert_eq!(verdict("hydrated"), Verdict::Met, "a bound is inclusive");
    assert_eq!(verdict("tbt"), Verdict::Met);
    assert_eq!(verdict("first_chart_final"), Verdict::Missed);
    assert_eq!(
        verdict("scroll_over_50ms"),
        Verdict::Missed,
        "one frame over 50 ms"
    );
    assert_eq!(
        verdict("scroll_over_20ms"),
        Verdict::Met,
        "10 of 1000 is 1.0 %"
    );
    assert_eq!(
        verdict("memory_after_scroll"),
        Verdict::Met,
        "2.5 + 1.5 = 4 MiB"
    );
    assert_eq!(verdict("lighthouse_performance"), Verdict::NotMeasured);
    assert_eq!(verdict("app_shell_gzip"), Verdict::Info);

    let rows = figures(Some(100 * 1024), &shell(), None);
    assert_eq!(row(&rows, "wasm_gzip").verdict(), Verdict::Met);
    assert_eq!(row(&rows, "fcp").verdict(), Verdict::NotMeasured);
    assert_eq!(
        figures(None, &shell(), None)[1].verdict(),
        Verdict::NotMeasured
    );

    let mut perf = row(&rows, "lighthouse_performance").clone();
    perf.measured = Some(0.99);
    assert_eq!(perf.verdict(), Verdict::Met, "a lower bound is inclusive");
    perf.measured = Some(0.98);
    assert_eq!(perf.verdict(), Verdict::Missed);
}

#[test]
fn targets_table_prints_measured_before_target_and_verdict() {
    let b = browser();
    let rows = figures(Some(101 * 1024), &shell(), Some(&b));
    let text = targets_table(&rows, Some(&b));
    let line = |start: &str| {
        text.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start}: {text}"))
            .to_string()
    };
    let cells = |start: &str| -> Vec<String> {
        line(start)[start.len()..]
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect()
    };
    assert!(line("figure").contains("before (4b67ee2)"), "{text}");
    assert_eq!(
        cells("bytes transferred, first load of /"),
        [
            "102.5 KiB, 6 req",
            "170.8 KiB, 15 req",
            "<= 110.0 KiB",
            "met"
        ]
    );
    assert_eq!(
        cells("wasm, gzip -9 (dist/*_bg.wasm)"),
        ["101.0 KiB", "166.5 KiB", "<= 100.0 KiB", "MISSED"]
    );
    assert_eq!(
        cells("first contentful paint, /"),
        ["0.90 s", "1.82 s", "<= 1.00 s", "met"]
    );
    assert_eq!(
        cells("first chart final frame, /#jobs (fig_a)"),
        ["2.50 s", "2.98 s", "<= 1.80 s", "MISSED"]
    );
    assert_eq!(
        cells("scroll pass: frames over 20 ms"),
        [
            "10 of 1000 (1.0 %)",
            "209 of 2740 (7.6 %)",
            "<= 1.0 %",
            "met"
        ]
    );
    assert_eq!(
        cells("JS heap peak + wasm memory, scroll pass"),
        [
            "2.5 + 1.5 = 4.0 MiB",
            "3.1 + 1.6 = 4.7 MiB",
            "<= 4.0 MiB",
            "met"
        ]
    );
    assert_eq!(
        cells("Lighthouse mobile performance"),
        ["n/a", "0.97", ">= 0.99", "not measured"]
    );
    assert_eq!(cells("scroll pass: longest frame"), ["60 ms", "133 ms"]);
    assert_eq!(cells("same pass, plain page as tall: over 20 ms"), ["6 of 800 (0.8 %), 0 over 50 ms", "—"]);
    assert!(
        text.contains("lighthouse: not measured (not installed)"),
        "{text}"
    );
    assert!(
        text.contains(
            "targets met: 6 of 14; missed: wasm_gzip, lcp, first_chart_final, scroll_over_50ms"
        ),
        "{text}"
    );
    let no_browser = targets_table(&figures(None, &shell(), None), None);
    assert!(
        no_browser.contains("browser metrics: not measured"),
        "{no_browser}"
    );
    assert!(
        no_browser.contains("targets met: 0 of 14\n"),
        "{no_browser}"
    );
}

#[test]
fn report_json_has_every_figure() {
    let b = browser();
    let json = targets_json(&figures(Some(101 * 1024), &shell(), Some(&b)));
    assert_eq!(json["before_commit"], "4b67ee2");
    let figure = |key: &str| {
        json["figures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == key)
            .unwrap_or_else(|| panic!("no {key} in {json}"))
            .clone()
    };
    let wasm = figure("wasm_gzip");
    assert_eq!(wasm["measured"], 101.0 * 1024.0);
    assert_eq!(wasm["before"], 166.5 * 1024.0);
    assert_eq!(wasm["target"]["max"], 100.0 * 1024.0);
    assert_eq!(wasm["verdict"], "MISSED");
    assert_eq!(figure("lighthouse_performance")["target"]["min"], 0.99);
    assert_eq!(figure("lighthouse_performance")["verdict"], "not measured");
    assert_eq!(figure("app_shell_gzip")["verdict"], Value::Null);
}
