//! Issue 10's figures: what was measured, the figure at [`super::targets::BEFORE_COMMIT`], and the target.
//! They are printed by [`super::targets`].

use serde_json::Value;

use super::{
    files::Total,
    targets::{Bound, Figure, Unit},
};

/// A number at `path` (JSON pointer) of the browser report.
pub(super) fn num(v: &Value, path: &str) -> Option<f64> {
    v.pointer(path).and_then(Value::as_f64)
}

pub(super) const KIB: f64 = 1024.0;
pub(super) const MIB: f64 = 1024.0 * 1024.0;

/// Issue 10's figures, then the other rows, beside their targets and the figures at
/// [`BEFORE_COMMIT`]. `wasm_gzip` is the gzip -9 size of dist/'s `*_bg.wasm`.
pub(super) fn figures(
    wasm_gzip: Option<u64>,
    shell: &Total,
    browser: Option<&Value>,
) -> Vec<Figure> {
    use Bound::{AtLeast, AtMost};
    let b = |path: &str| browser.and_then(|b| num(b, path));
    let mut rows = Vec::new();

    let requests = b("/load/median/requests");
    rows.push(
        Figure::new(
            "transfer",
            "bytes transferred, first load of /",
            Unit::KiB,
            b("/load/median/transferBytes"),
        )
        .detail(
            b("/load/median/transferBytes")
                .zip(requests)
                .map(|(x, n)| format!("{:.1} KiB, {n:.0} req", x / KIB)),
        )
        .before(170.8 * KIB)
        .before_detail("170.8 KiB, 15 req")
        .target(AtMost(110.0 * KIB)),
    );
    rows.push(
        Figure::new(
            "wasm_gzip",
            "wasm, gzip -9 (dist/*_bg.wasm)",
            Unit::KiB,
            wasm_gzip.map(|x| x as f64),
        )
        .before(166.5 * KIB)
        .target(AtMost(100.0 * KIB)),
    );
    for (key, figure, path, before, max) in [
        (
            "fcp",
            "first contentful paint, /",
            "/load/median/fcp",
            1820.0,
            1000.0,
        ),
        (
            "lcp",
            "largest contentful paint, /",
            "/load/median/lcp",
            1860.0,
            1200.0,
        ),
        (
            "hydrated",
            "hydrated / interactive (html.live), /",
            "/load/median/hydrated",
            2770.0,
            1800.0,
        ),
    ] {
        rows.push(
            Figure::new(key, figure, Unit::Seconds, b(path))
                .before(before)
                .target(AtMost(max)),
        );
    }
    rows.push(
        Figure::new(
            "tbt",
            "total blocking time, /",
            Unit::Ms,
            b("/load/median/tbt"),
        )
        .before(495.0)
        .target(AtMost(100.0)),
    );
    let first = browser
        .and_then(|b| b.pointer("/deep_link/first_chart"))
        .and_then(Value::as_str)
        .unwrap_or("?");
    rows.push(
        Figure::new(
            "first_chart_final",
            format!("first chart final frame, /#jobs ({first})"),
            Unit::Seconds,
            b("/deep_link/median/firstChartFinal"),
        )
        .before(2980.0)
        .target(AtMost(1800.0)),
    );
    let frames = b("/scroll/frames");
    let over50 = b("/scroll/over50");
    let over20 = b("/scroll/over20");
    rows.push(
        Figure::new(
            "scroll_over_50ms",
            "scroll pass: frames over 50 ms",
            Unit::Count,
            over50,
        )
        .detail(
            over50
                .zip(frames)
                .map(|(n, all)| format!("{n:.0} of {all:.0}")),
        )
        .before(11.0)
        .before_detail("11 of 2740")
        .target(AtMost(0.0)),
    );
    let share20 = share(over20, frames);
    rows.push(
        Figure::new(
            "scroll_over_20ms",
            "scroll pass: frames over 20 ms",
            Unit::Percent,
            share20,
        )
        .detail(
            over20
                .zip(frames)
                .zip(share20)
                .map(|((n, all), s)| format!("{n:.0} of {all:.0} ({s:.1} %)")),
        )
        .before(209.0 * 100.0 / 2740.0)
        .before_detail("209 of 2740 (7.6 %)")
        .target(AtMost(1.0)),
    );
    let heap = b("/scroll/heapPeak");
    let wasm_mem = b("/scroll/wasmMemory");
    let memory = heap.zip(wasm_mem).map(|(h, w)| h + w);
    rows.push(
        Figure::new(
            "memory_after_scroll",
            "JS heap peak + wasm memory, scroll pass",
            Unit::MiB,
            memory,
        )
        .detail(
            heap.zip(wasm_mem).map(|(h, w)| {
                format!("{:.1} + {:.1} = {:.1} MiB", h / MIB, w / MIB, (h + w) / MIB)
            }),
        )
        .before(4.7 * MIB)
        .before_detail("3.1 + 1.6 = 4.7 MiB")
        .target(AtMost(4.0 * MIB)),
    );
    rows.push(
        Figure::new(
            "lighthouse_performance",
            "Lighthouse mobile performance",
            Unit::Score,
            b("/lighthouse/performance"),
        )
        .before(0.97)
        .target(AtLeast(0.99)),
    );
    for (key, cat) in [
        ("lighthouse_accessibility", "accessibility"),
        ("lighthouse_best_practices", "best-practices"),
        ("lighthouse_seo", "seo"),
    ] {
        rows.push(
            Figure::new(
                key,
                format!("Lighthouse {cat}"),
                Unit::Score,
                b(&format!("/lighthouse/{cat}")),
            )
            .before(1.0)
            .target(AtLeast(1.0)),
        );
    }

    // For information: no target in issue 10.
    rows.push(
        Figure::new(
            "app_shell_gzip",
            "app shell, gzip -9 (html+glue js+wasm)",
            Unit::KiB,
            Some(shell.gzip as f64),
        )
        .before(193.6 * KIB)
        .before_detail("193.6 KiB (5 files)"),
    );
    rows.push(
        Figure::new(
            "scroll_longest_frame",
            "scroll pass: longest frame",
            Unit::Ms,
            b("/scroll/longestFrame"),
        )
        .before(133.0),
    );
    // The same pass on a plain page as tall (tests/e2e/bench.mjs): what this machine allows
    // a page that does nothing, the floor under the two scroll targets.
    let (floor_frames, floor50, floor20) = (b("/scroll_floor/frames"), b("/scroll_floor/over50"), b("/scroll_floor/over20"));
    let floor_share = share(floor20, floor_frames);
    rows.push(
        Figure::new(
            "scroll_floor_over_20ms",
            "same pass, plain page as tall: over 20 ms",
            Unit::Percent,
            floor_share,
        )
        .detail(floor20.zip(floor_frames).zip(floor_share).zip(floor50).map(|(((n, all), s), n50)| {
            format!("{n:.0} of {all:.0} ({s:.1} %), {n50:.0} over 50 ms")
        })),
    );
    let load_heap = b("/load/median/heapPeak");
    let load_wasm = b("/load/median/wasmMemory");
    rows.push(
        Figure::new(
            "memory_load",
            "JS heap peak / wasm memory, load of /",
            Unit::MiB,
            load_heap,
        )
        .detail(
            load_heap
                .zip(load_wasm)
                .map(|(h, w)| format!("{:.1} / {:.1} MiB", h / MIB, w / MIB)),
        )
        .before_detail("2.8 / 1.6 MiB"),
    );
    let lh = |k: &str| b(&format!("/lighthouse/metrics_ms/{k}"));
    let sim = [lh("fcp"), lh("lcp"), lh("tbt")];
    rows.push(
        Figure::new(
            "lighthouse_simulated",
            "Lighthouse (simulated): FCP / LCP / TBT",
            Unit::Ms,
            sim[0],
        )
        .detail(match sim {
            [Some(f), Some(l), Some(t)] => Some(format!(
                "{:.2} s / {:.2} s / {t:.0} ms",
                f / 1000.0,
                l / 1000.0
            )),
            _ => None,
        })
        .before_detail("0.96 s / 2.04 s / 150 ms"),
    );
    rows
}

/// `n` as a percentage of `all` frames, when there were any.
fn share(n: Option<f64>, all: Option<f64>) -> Option<f64> {
    n.zip(all).filter(|(_, all)| *all > 0.0).map(|(n, all)| n * 100.0 / all)
}
