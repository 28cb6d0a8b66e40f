//! Every check on parsed content, in the journalist's words: file, line, field, what is wrong
//! and how to fix it. The order of the returned errors follows the files.

mod charts;
mod indicators;
mod story;

use crate::raw::RawIndicator;
use crate::{Content, ContentError};
use std::collections::BTreeMap;

/// Every check on parsed content. The chapters are those of `story.toml`, in its order.
pub fn validate(c: &Content) -> Vec<ContentError> {
    let mut errors = Vec::new();
    let chapters = c.chapter_ids();
    let ids = indicators::check(c, &chapters, &mut errors);
    let theme_of: BTreeMap<&str, &str> =
        c.indicators.iter().map(|i| (i.id.get_ref().as_str(), i.theme.get_ref().as_str())).collect();
    let by_id: BTreeMap<&str, &RawIndicator> = c.indicators.iter().map(|i| (i.id.get_ref().as_str(), i)).collect();
    charts::check(c, &chapters, &by_id, &mut errors);
    story::check(c, &ids, &theme_of, &mut errors);
    errors
}

/// The message for a chapter id that `story.toml` does not define.
fn not_a_chapter(id: &str, chapters: &[&str]) -> String {
    format!(
        "`{id}` is not a chapter of this story; content/story.toml has the chapters {} (use one of them, or add a [[theme]] with id = \"{id}\")",
        chapters.join(", ")
    )
}
