//! The content validator, one failure mode per test. Each case folder under
//! `tests/fixtures/content/` holds the file(s) that differ from `valid/`; the helper lays
//! them over a copy of `valid/` and loads the result exactly as `build.rs` loads `content/`.

use std::path::{Path, PathBuf};
use wushan_content::{self as schema, ContentError};

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
    check("step_missing_figure", "content/story.toml", 37, "step.highlight", &["highlights `care_x`", "not an id"]);
}

#[test]
fn theme_without_chart() {
    let errs = errors("theme_without_chart");
    assert_eq!(errs.len(), 2, "{}", list(&errs));
    // The chapter lost its chart, so the chart is shown nowhere and the chapter has none.
    check_one(&errs[0], "content/charts.toml", 11, "id", &["`fig_care` is not listed in any theme"]);
    check_one(&errs[1], "content/story.toml", 34, "theme.charts", &["theme `care` has no chart"]);
}

#[test]
fn step_chart_number_that_does_not_exist() {
    check("step_chart_missing", "content/story.toml", 22, "step.chart", &["chart number 2 does not exist", "it has 1"]);
}

#[test]
fn step_highlights_a_figure_its_chart_does_not_show() {
    check("highlight_not_in_chart", "content/story.toml", 19, "step.highlight", &["highlights `emp_a`", "`fig_jobs_more`", "does not show"]);
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

// ---- chapters come from content: any ids, 1 to 8 of them, each with its colour and art

#[test]
fn figure_in_a_chapter_the_story_does_not_have() {
    let errs = errors("chapter_unknown");
    check_one(&errs[0], "content/indicators.toml", 25, "theme", &["`housing` is not a chapter", "jobs, care, health, education", "add a [[theme]]"]);
    // Its chart and its step now show a figure of another chapter, and say so.
    assert_eq!(errs.len(), 3, "{}", list(&errs));
    check_one(&errs[1], "content/charts.toml", 16, "indicators", &["a figure of theme `housing`"]);
    check_one(&errs[2], "content/story.toml", 37, "step.highlight", &["belongs to another theme"]);
}

#[test]
fn chapter_colour_too_pale_for_the_light_page() {
    check("chapter_color_pale", "content/story.toml", 14, "theme.color", &["#f0e68c", "`jobs`", "light page", "needs 3:1", "darker"]);
}

#[test]
fn chapter_colour_that_is_not_a_colour() {
    check("chapter_color_not_hex", "content/story.toml", 14, "theme.color", &["`blue` is not a colour", "six hex digits"]);
}

#[test]
fn chapter_id_that_another_part_of_the_page_uses() {
    check("chapter_id_reserved", "content/story.toml", 63, "theme.id", &["`data`", "already the address of another part of the page"]);
}

#[test]
fn more_chapters_than_the_bar_holds() {
    // Nine copies of a valid chapter, each with its own id, figure and chart.
    let dir = assemble("valid");
    let (mut ind, mut charts, mut story) = (String::new(), String::new(), read(&dir, "story.toml"));
    let at = story.find("[[theme]]").unwrap();
    let mut chapters = String::new();
    for n in 0..9 {
        ind.push_str(&format!("[[indicator]]\nid = \"c{n}_a\"\ntheme = \"c{n}\"\nlabel = \"数\"\nvalue = \"1\"\nunit = \"人\"\nperiod = \"2019年\"\nkind = \"count\"\nsource = \"测试\"\n\n"));
        charts.push_str(&format!("[[chart]]\nid = \"fig_c{n}\"\ntheme = \"c{n}\"\nkind = \"counters\"\ntitle = \"题\"\nalt = \"1人。\"\nindicators = [\"c{n}_a\"]\nsource = \"测试\"\n\n"));
        chapters.push_str(&format!("[[theme]]\nid = \"c{n}\"\nnav = \"导航\"\nkicker = \"标签\"\nheading = \"标题\"\ndek = \"提要\"\ncolor = \"#0b6e99\"\nillustration = \"jobs.svg\"\ncharts = [\"fig_c{n}\"]\n[[theme.step]]\ntext = \"一\"\n[[theme.step]]\ntext = \"二\"\n[[theme.step]]\ntext = \"三\"\n\n"));
    }
    let end = story.find("[glossary]").unwrap();
    story.replace_range(at..end, &chapters);
    story = story.replace("hero = [\"emp_a\"]", "hero = [\"c0_a\"]").replace("导语{emp_a}。", "导语。");
    for (f, text) in [("indicators.toml", &ind), ("charts.toml", &charts), ("story.toml", &story)] {
        std::fs::write(dir.join(f), text).unwrap();
    }
    let errs = schema::load(&dir).err().expect("nine chapters must fail");
    assert_eq!(errs.len(), 1, "{}", list(&errs));
    check_one(&errs[0], "content/story.toml", 0, "theme", &["has 9 chapters", "between 1 and 8"]);
    // Eight are fine, and so is one.
    for keep in [8, 1] {
        let cut = |text: &str, head: &str| -> String {
            let parts: Vec<&str> = text.split(head).collect();
            let tail = parts[9].find("[glossary]").map(|i| parts[9][i..].to_string()).unwrap_or_default();
            let mut out = parts[0].to_string();
            for p in &parts[1..=keep] {
                out.push_str(head);
                out.push_str(p.split("[glossary]").next().unwrap());
            }
            out + &tail
        };
        let ind = cut(&ind, "[[indicator]]");
        let charts = cut(&charts, "[[chart]]");
        let story = cut(&story, "[[theme]]\n");
        for (f, text) in [("indicators.toml", &ind), ("charts.toml", &charts), ("story.toml", &story)] {
            std::fs::write(dir.join(f), text).unwrap();
        }
        let content = schema::load(&dir).unwrap_or_else(|e| panic!("{keep} chapters:\n{}", list(&e)));
        assert_eq!(content.chapter_ids().len(), keep);
    }
}

fn read(dir: &Path, f: &str) -> String {
    std::fs::read_to_string(dir.join(f)).unwrap()
}

#[test]
fn chapter_illustration_that_is_not_in_the_art_folder() {
    let content = schema::load(&assemble("illustration_missing")).unwrap_or_else(|e| panic!("{}", list(&e)));
    let art = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/illustrations");
    let errs = schema::check_illustrations(&content, &art);
    assert_eq!(errs.len(), 1, "{}", list(&errs));
    check_one(&errs[0], "content/story.toml", 33, "theme.illustration", &["`care`", "`harbour.svg`", "not in assets/illustrations/"]);
    // The valid fixture's drawings all exist.
    assert!(schema::check_illustrations(&schema::load(&fixtures().join("valid")).unwrap(), &art).is_empty());
}

// ---- the vocabulary: chart kinds and interface keys are closed lists

#[test]
fn chart_kind_that_does_not_exist() {
    check("chart_kind_unknown", "content/charts.toml", 4, "kind", &["`pie` is not a chart kind", "bars, gauge, progress, rings, icon_array, before_after, paired, counters"]);
}

#[test]
fn interface_text_that_is_missing_says_what_it_is_for() {
    check("ui_key_missing", "content/story.toml", 0, "ui.copy_link", &["this interface text is missing", "copies the chapter's link"]);
}

#[test]
fn interface_text_that_no_part_of_the_page_uses() {
    check("ui_key_unknown", "content/story.toml", 97, "ui.progress_label", &["no part of the page uses this key"]);
}

// ---- the second edition (tests/fixtures/edition): a content folder alone makes a story

#[test]
fn the_second_edition_is_valid_and_differs_from_the_first() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let edition = schema::load(&root.join("tests/fixtures/edition")).unwrap_or_else(|e| panic!("the edition fails:\n{}", list(&e)));
    assert!(schema::check_illustrations(&edition, &root.join("assets/illustrations")).is_empty());
    let first = schema::load(&root.join("content")).unwrap();
    let ids = edition.chapter_ids();
    assert_eq!(ids.len(), 3, "three chapters");
    assert!(ids.iter().all(|id| !first.chapter_ids().contains(id)), "chapter ids {ids:?} must differ from content/'s");
    assert!((6..=10).contains(&edition.indicators.len()), "{} figures", edition.indicators.len());
    let mut kinds: Vec<&str> = edition.charts.iter().map(|c| c.kind.get_ref().as_str()).collect();
    kinds.sort();
    kinds.dedup();
    assert!(kinds.len() >= 3, "chart kinds {kinds:?}");
    assert!(!edition.story.glossary.item.is_empty(), "a glossary");
    assert!(edition.story.headline.get_ref().contains("虚构"), "the fixture says it is invented");
}
