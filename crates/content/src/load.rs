//! Reading a content folder: the three files, parsed (syntax errors with their line), then
//! validated. Every problem found is returned at once.

use crate::raw::{ChartFile, Content, IndicatorFile, StoryFile};
use crate::{is_file_name, validate, ContentError, Source};
use serde::Deserialize;
use std::path::Path;

/// The files of a content folder, in the order they are read.
pub const FILES: [&str; 3] = ["indicators.toml", "charts.toml", "story.toml"];

fn read(dir: &Path, name: &str) -> Result<Source, Vec<ContentError>> {
    match std::fs::read_to_string(dir.join(name)) {
        Ok(text) => Ok(Source { name: format!("content/{name}"), text }),
        Err(e) => Err(vec![ContentError {
            file: format!("content/{name}"),
            line: 0,
            field: "-".into(),
            message: format!("the file could not be read ({e})"),
        }]),
    }
}

fn parse<T: for<'de> Deserialize<'de>>(src: &Source) -> Result<T, Vec<ContentError>> {
    toml::from_str::<T>(&src.text).map_err(|e| {
        let line = e.span().map(|s| src.line_of(s.start)).unwrap_or(0);
        vec![ContentError {
            file: src.name.clone(),
            line,
            field: "-".into(),
            message: format!("this is not valid content: {}", e.message()),
        }]
    })
}

/// Read, parse and validate the content folder. Every problem found is returned.
pub fn load(dir: &Path) -> Result<Content, Vec<ContentError>> {
    let indicators_src = read(dir, FILES[0])?;
    let charts_src = read(dir, FILES[1])?;
    let story_src = read(dir, FILES[2])?;
    let mut errors = Vec::new();
    let indicators = parse::<IndicatorFile>(&indicators_src).map_err(|e| errors.extend(e)).ok();
    let charts = parse::<ChartFile>(&charts_src).map_err(|e| errors.extend(e)).ok();
    let story = parse::<StoryFile>(&story_src).map_err(|e| errors.extend(e)).ok();
    let (Some(indicators), Some(charts), Some(story)) = (indicators, charts, story) else {
        return Err(errors);
    };
    let content = Content { indicators_src, charts_src, story_src, indicators: indicators.indicator, charts: charts.chart, story };
    let errors = validate(&content);
    if errors.is_empty() {
        Ok(content)
    } else {
        Err(errors)
    }
}

/// Every chapter's illustration is a plain `.svg` file name that exists in `art_dir`
/// (`assets/illustrations/`, which the build copies into `dist/illustrations/`).
pub fn check_illustrations(c: &Content, art_dir: &Path) -> Vec<ContentError> {
    let src = &c.story_src;
    let mut errors = Vec::new();
    for t in &c.story.theme {
        let name = t.illustration.get_ref();
        let tid = t.id.get_ref();
        if !is_file_name(name) || !name.ends_with(".svg") {
            errors.push(src.err(&t.illustration, "theme.illustration", format!(
                "`{name}` is not the plain name of an .svg file; give the file name only, e.g. {tid}.svg, of a drawing in assets/illustrations/"
            )));
        } else if !art_dir.join(name).is_file() {
            errors.push(src.err(&t.illustration, "theme.illustration", format!(
                "the chapter `{tid}` asks for the drawing `{name}`, which is not in assets/illustrations/; add the file there or name one that is"
            )));
        }
    }
    errors
}
