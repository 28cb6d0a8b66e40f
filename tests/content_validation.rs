//! The content validator, one failure mode per test. Each case folder under
//! `tests/fixtures/content/` holds the file(s) that differ from `valid/`; the helper lays
//! them over a copy of `valid/` and loads the result exactly as `build.rs` loads `content/`.

use std::path::{Path, PathBuf};
use wushan::data::schema::{self, ContentError};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/content")
}

/// `valid/` with the case's files laid over it, in a fresh folder under the target dir.
fn assemble(case: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("content_fixtures").join(case);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    for file in schema::FILES {
        let over = fixtures().join(case).join(file);
        let from = if over.exists() { over } else { fixtures().join("valid").join(file) };
        std::fs::copy(&from, out.join(file)).unwrap();
    }
    out
}

/// Load a case and return its errors (panics if the case unexpectedly loads).
fn errors(case: &str) -> Vec<ContentError> {
    assert!(fixtures().join(case).is_dir(), "no fixture folder `{case}`");
    match schema::load(&assemble(case)) {
        Ok(_) => panic!("case `{case}` loaded without errors; it should fail"),
        Err(e) => e,
    }
}

/// Assert exactly one error, at this file, line and field, whose message holds every word.
fn check(case: &str, file: &str, line: usize, field: &str, words: &[&str]) {
    let errs = errors(case);
    assert_eq!(errs.len(), 1, "case `{case}`: expected one error, got:\n{}", list(&errs));
    check_one(&errs[0], file, line, field, words);
}

fn check_one(e: &ContentError, file: &str, line: usize, field: &str, words: &[&str]) {
    assert_eq!((e.file.as_str(), e.line, e.field.as_str()), (file, line, field), "wrong place for: {e}");
    for w in words {
        assert!(e.message.contains(w), "message lacks {w:?}: {e}");
    }
}

fn list(errs: &[ContentError]) -> String {
    errs.iter().map(|e| format!("  {e}\n")).collect()
}

#[test]
fn valid_fixture_passes() {
    let content = schema::load(&fixtures().join("valid")).unwrap_or_else(|e| panic!("valid fixture fails:\n{}", list(&e)));
    assert_eq!(content.indicators.len(), 5);
    assert_eq!(content.charts.len(), 4);
    assert!(schema::validate(&content).is_empty());
    // The generated code names every figure.
    let code = schema::generate(&content);
    assert!(code.contains("value: \"96.49\""), "{code}");
}

#[test]
fn real_content_loads_without_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    if let Err(e) = schema::load(&dir) {
        panic!("content/ has {} problem(s):\n{}", e.len(), list(&e));
    }
}

#[test]
fn value_that_is_not_a_number() {
    check("value_not_number", "content/indicators.toml", 6, "value", &["`3,258` is not a number", "exactly as published"]);
}

#[test]
fn percentage_above_100() {
    check("percent_out_of_range", "content/indicators.toml", 37, "value", &["964.9%", "between 0 and 100"]);
}

#[test]
fn unknown_unit() {
    check("unknown_unit", "content/indicators.toml", 28, "unit", &["`家庭` is not a known unit", "UNITS"]);
}

#[test]
fn duplicate_id() {
    check("duplicate_id", "content/indicators.toml", 54, "id", &["`care_a` is used twice"]);
}

#[test]
fn empty_label() {
    check("empty_label", "content/indicators.toml", 46, "label", &["label of `edu_a` is empty"]);
}

#[test]
fn misspelt_field_names_the_field() {
    let errs = errors("unknown_field");
    assert_eq!(errs.len(), 1, "{}", list(&errs));
    check_one(&errs[0], "content/indicators.toml", 27, "-", &["not valid content", "unknown field `vaule`"]);
}

#[test]
fn chart_refers_to_missing_figure() {
    check("chart_missing_figure", "content/charts.toml", 16, "indicators", &["chart `fig_care` refers to `care_b`", "not an id"]);
}

#[test]
fn hero_refers_to_missing_figure() {
    check("hero_missing_figure", "content/story.toml", 5, "hero", &["`emp_x` is not an id"]);
}

#[test]
fn step_refers_to_missing_figure() {
    check("step_missing_figure", "content/story.toml", 31, "step.highlight", &["highlights `care_x`", "not an id"]);
}

#[test]
fn theme_without_chart() {
    let errs = errors("theme_without_chart");
    assert_eq!(errs.len(), 2, "{}", list(&errs));
    // The chapter lost its chart, so the chart is shown nowhere and the chapter has none.
    check_one(&errs[0], "content/charts.toml", 11, "id", &["`fig_care` is not listed in any theme"]);
    check_one(&errs[1], "content/story.toml", 28, "theme.charts", &["theme `care` has no chart"]);
}

#[test]
fn step_chart_number_that_does_not_exist() {
    check("step_chart_missing", "content/story.toml", 19, "step.chart", &["chart number 2 does not exist", "it has 1"]);
}

#[test]
fn step_highlights_a_figure_its_chart_does_not_show() {
    check("highlight_not_in_chart", "content/story.toml", 16, "step.highlight", &["highlights `emp_a`", "`fig_jobs_more`", "does not show"]);
}

#[test]
fn bars_with_mixed_units() {
    check("chart_mixed_units", "content/charts.toml", 7, "indicators", &["mixes units", "`emp_b` is in 人次", "first figure is in 人"]);
}

#[test]
fn progress_bars_only_take_rates() {
    let errs = errors("progress_not_rate");
    assert_eq!(errs.len(), 2, "{}", list(&errs));
    for (e, id) in errs.iter().zip(["emp_a", "emp_b"]) {
        check_one(e, "content/charts.toml", 7, "indicators", &["progress chart", &format!("`{id}` is in 人"), "percentage"]);
    }
}

#[test]
fn paired_panel_with_mixed_units() {
    check("paired_mixed_units", "content/charts.toml", 7, "indicators", &["left panel", "mixes units", "`emp_a` is in 人", "first figure is in 万元"]);
}

#[test]
fn error_text_names_file_line_and_field() {
    let e = &errors("value_not_number")[0];
    assert!(e.to_string().starts_with("content/indicators.toml:6: field `value`: "), "{e}");
}

#[test]
fn period_that_is_not_a_date() {
    check("period_not_a_date", "content/indicators.toml", 29, "period", &["`截至目前`", "not a date", "未注明"]);
}

#[test]
fn kind_that_disagrees_with_its_unit() {
    check("kind_wrong_for_unit", "content/indicators.toml", 30, "kind", &["`care_a` is in 元", "must be money, not count"]);
}
