//! Reading and rewriting the built pages, on `lol_html` (a streaming HTML rewriter). It
//! tokenizes as a browser does: tag and attribute names in any case, values in double,
//! single or no quotes, attributes on several lines, and a `<script>` inside a comment is
//! text of the comment, not an element. Text arrives in chunks; [`select`] joins them.
//!
//! Every function takes the whole page and returns a new one; what is not rewritten is
//! copied byte for byte. A start tag whose attributes change is written again from its
//! attributes (one space between them, the changed ones double-quoted).

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use lol_html::{
    doc_comments, doc_text, element,
    html_content::{ContentType, Element},
    rewrite_str, RewriteStrSettings,
};

use crate::shell::Result;

/// An element of a page: its name and attributes (names in lower case, values as written),
/// the text inside it (for `<script>` and `<style>`, the code) and where its start tag begins.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    /// Byte offset of the start tag in the page.
    pub at: usize,
}

impl Tag {
    fn of(el: &Element) -> Tag {
        Tag {
            name: el.tag_name(),
            attrs: el
                .attributes()
                .iter()
                .map(|a| (a.name(), a.value()))
                .collect(),
            text: String::new(),
            at: el.source_location().bytes().start,
        }
    }

    /// The value of attribute `name` (any case); `Some("")` for a bare attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Is the `rel` attribute one of `values` (any case)?
    pub fn rel_is(&self, values: &[&str]) -> bool {
        self.attr("rel")
            .is_some_and(|rel| values.iter().any(|v| rel.eq_ignore_ascii_case(v)))
    }

    /// The line of `html` on which the start tag begins.
    pub fn line(&self, html: &str) -> usize {
        html[..self.at.min(html.len())].lines().count().max(1)
    }
}

/// A handler's error as lol_html carries it.
type HandlerError = Box<dyn std::error::Error + Send + Sync>;

fn rewrite(html: &str, settings: RewriteStrSettings<'_, '_>) -> Result<String> {
    rewrite_str(html, settings).map_err(|e| format!("cannot read the page as HTML: {e}").into())
}

/// Every element matching the CSS `selector`, in document order. Each gets the text
/// directly inside it (its own, not its matched descendants'): for `<script>` and `<style>`
/// the whole code, joined from lol_html's chunks. An element whose end tag is implied gets
/// no text after its first matched child.
pub fn select(html: &str, selector: &str) -> Result<Vec<Tag>> {
    let found = Rc::new(RefCell::new(Vec::<Tag>::new()));
    // Indices of the matched elements that are open, innermost last.
    let open = Rc::new(RefCell::new(Vec::<usize>::new()));
    rewrite(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(selector, |el| {
                let index = {
                    let mut found = found.borrow_mut();
                    found.push(Tag::of(el));
                    found.len() - 1
                };
                if el.can_have_content() {
                    open.borrow_mut().push(index);
                    let open = Rc::clone(&open);
                    el.on_end_tag(Box::new(move |_| {
                        open.borrow_mut().retain(|i| *i != index);
                        Ok(())
                    }))?;
                }
                Ok(())
            }))
            .append_document_content_handler(doc_text!(|t| {
                if let Some(&index) = open.borrow().last() {
                    found.borrow_mut()[index].text.push_str(t.as_str());
                }
                Ok(())
            })),
    )?;
    let found = found.borrow().clone();
    Ok(found)
}

/// Calls `edit` on the elements matching `selector` whose [`Tag`] `pick` accepts (at most
/// `limit` of them); returns the page and how many were edited.
fn edit_where(
    html: &str,
    selector: &str,
    limit: usize,
    pick: impl FnMut(&Tag) -> bool,
    mut edit: impl FnMut(&mut Element) -> std::result::Result<(), HandlerError>,
) -> Result<(String, usize)> {
    let mut picked: Vec<bool> = select(html, selector)?.iter().map(pick).collect();
    for p in picked.iter_mut().filter(|p| **p).skip(limit) {
        *p = false;
    }
    let n = picked.iter().filter(|p| **p).count();
    if n == 0 {
        return Ok((html.to_string(), 0));
    }
    let index = Cell::new(0);
    let out = rewrite(
        html,
        RewriteStrSettings::new().append_element_content_handler(element!(selector, |el| {
            let i = index.get();
            index.set(i + 1);
            if picked.get(i).copied().unwrap_or(false) {
                edit(el)?;
            }
            Ok(())
        })),
    )?;
    Ok((out, n))
}

/// Removes the elements matching `selector` for which `drop` is true, with their content.
/// A removed void element (`<link>`, `<meta>`) takes the line break right after it along.
pub fn remove(
    html: &str,
    selector: &str,
    drop: impl FnMut(&Tag) -> bool,
) -> Result<(String, usize)> {
    remove_with(html, selector, drop, true)
}

/// [`remove`], but the line break after a removed void element stays.
pub fn remove_keeping_line_breaks(
    html: &str,
    selector: &str,
    drop: impl FnMut(&Tag) -> bool,
) -> Result<(String, usize)> {
    remove_with(html, selector, drop, false)
}

fn remove_with(
    html: &str,
    selector: &str,
    drop: impl FnMut(&Tag) -> bool,
    take_line_break: bool,
) -> Result<(String, usize)> {
    let line_break_at = Cell::new(usize::MAX);
    let mut picked: Vec<bool> = Vec::new();
    let mut drop = drop;
    for tag in select(html, selector)? {
        picked.push(drop(&tag));
    }
    let n = picked.iter().filter(|p| **p).count();
    if n == 0 {
        return Ok((html.to_string(), 0));
    }
    let index = Cell::new(0);
    let out = rewrite(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(selector, |el| {
                let i = index.get();
                index.set(i + 1);
                if picked.get(i).copied().unwrap_or(false) {
                    if take_line_break && !el.can_have_content() {
                        line_break_at.set(el.source_location().bytes().end);
                    }
                    el.remove();
                }
                Ok(())
            }))
            .append_document_content_handler(doc_text!(|t| {
                if t.source_location().bytes().start == line_break_at.get() {
                    if let Some(rest) = t.as_str().strip_prefix('\n') {
                        let rest = rest.to_string();
                        t.set_str(rest);
                    }
                }
                Ok(())
            })),
    )?;
    Ok((out, n))
}

/// Gives each element matching `selector` that `pick` accepts the attribute `name="value"`
/// (replacing its value if it has one); returns the page and how many changed.
pub fn set_attr(
    html: &str,
    selector: &str,
    pick: impl FnMut(&Tag) -> bool,
    name: &str,
    value: &str,
) -> Result<(String, usize)> {
    edit_where(html, selector, usize::MAX, pick, |el| {
        Ok(el.set_attribute(name, value)?)
    })
}

/// Calls `apply` with each element matching `selector` and its value in `values` (one per
/// element, in document order, from [`select`]), skipping the `None`s.
fn edit_each<T>(
    html: &str,
    selector: &str,
    values: Vec<Option<T>>,
    mut apply: impl FnMut(&mut Element, T) -> std::result::Result<(), HandlerError>,
) -> Result<String> {
    let mut next = values.into_iter();
    let (out, _) = edit_where(html, selector, usize::MAX, |_| true, |el| match next.next().flatten() {
        Some(value) => apply(el, value),
        None => Ok(()),
    })?;
    Ok(out)
}

/// Replaces the value of every `attr_name` attribute of `selector` elements for which
/// `map` returns a new one, and keeps the old value in `data-offline` (the one-file
/// edition's shim maps it back).
pub fn rewrite_attr(
    html: &str,
    selector: &str,
    attr_name: &str,
    mut map: impl FnMut(&str) -> Result<Option<String>>,
) -> Result<String> {
    let mut new_values = Vec::new();
    for tag in select(html, selector)? {
        new_values.push(match tag.attr(attr_name) {
            Some(value) => map(value)?.map(|new| (new, value.to_string())),
            None => None,
        });
    }
    edit_each(html, selector, new_values, |el, (new, old)| {
        // `data-offline` goes right after the rewritten attribute: the attributes after it
        // are taken off and put back after it, in their order.
        let after: Vec<(String, String)> = el
            .attributes()
            .iter()
            .skip_while(|a| !a.name().eq_ignore_ascii_case(attr_name))
            .skip(1)
            .map(|a| (a.name(), a.value()))
            .collect();
        for (name, _) in &after {
            el.remove_attribute(name);
        }
        el.set_attribute(attr_name, &new)?;
        el.set_attribute("data-offline", &old)?;
        for (name, value) in &after {
            el.set_attribute(name, value)?;
        }
        Ok(())
    })
}

/// Replaces the text inside each element matching `selector` that `pick` accepts (a
/// `<script>` or `<style>`: its code, written as given, not escaped) with `map` of it.
pub fn replace_text(
    html: &str,
    selector: &str,
    mut pick: impl FnMut(&Tag) -> bool,
    mut map: impl FnMut(&str) -> Result<String>,
) -> Result<String> {
    let mut texts = Vec::new();
    for tag in select(html, selector)? {
        texts.push(if pick(&tag) {
            Some(map(&tag.text)?)
        } else {
            None
        });
    }
    edit_each(html, selector, texts, |el, text| {
        el.set_inner_content(&text, ContentType::Html);
        Ok(())
    })
}

/// Removes every comment (`<!-- … -->`): they are for readers of the source, not for every
/// page view. Text inside `<script>` and `<style>` is not a comment and stays.
pub fn remove_comments(html: &str) -> Result<String> {
    rewrite(
        html,
        RewriteStrSettings::new().append_document_content_handler(doc_comments!(|c| {
            c.remove();
            Ok(())
        })),
    )
}

/// Removes the whitespace between the tags of `<head>`, which is never shown. What is
/// inside `<head>`'s elements (the title, the scripts, the styles) stays byte for byte.
pub fn trim_head_whitespace(html: &str) -> Result<String> {
    // Inside <head>, and how many of its elements are open: text is head's own only when
    // inside and none is.
    let inside = Rc::new(Cell::new(false));
    let open = Rc::new(Cell::new(0usize));
    let (in_head, in_element) = (Rc::clone(&inside), Rc::clone(&open));
    rewrite(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("head", move |el: &mut Element| {
                in_head.set(true);
                let in_head = Rc::clone(&in_head);
                el.on_end_tag(Box::new(move |_| {
                    in_head.set(false);
                    Ok(())
                }))?;
                Ok(())
            }))
            .append_element_content_handler(element!("head *", move |el: &mut Element| {
                if el.can_have_content() {
                    in_element.set(in_element.get() + 1);
                    let in_element = Rc::clone(&in_element);
                    el.on_end_tag(Box::new(move |_| {
                        in_element.set(in_element.get().saturating_sub(1));
                        Ok(())
                    }))?;
                }
                Ok(())
            }))
            .append_document_content_handler(doc_text!(move |t| {
                if inside.get() && open.get() == 0 && t.as_str().trim().is_empty() {
                    t.remove();
                }
                Ok(())
            })),
    )
}

/// Inserts `text` right after the first `<meta charset>` (the CSP must come before any
/// resource).
pub fn after_charset(html: &str, text: &str) -> Result<String> {
    let (out, n) = edit_where(
        html,
        "meta",
        1,
        |t| t.attr("charset").is_some(),
        |el| {
            el.after(text, ContentType::Html);
            Ok(())
        },
    )?;
    if n == 0 {
        return Err("the page has no <meta charset>".into());
    }
    Ok(out)
}

/// Inserts `text` before the end tag of the first `name` element (`head`, `body`).
pub fn append_to(html: &str, name: &str, text: &str) -> Result<String> {
    let closed = Rc::new(Cell::new(false));
    let (out, _) = edit_where(
        html,
        name,
        1,
        |_| true,
        |el| {
            let (text, closed) = (text.to_string(), Rc::clone(&closed));
            el.on_end_tag(Box::new(move |end| {
                end.before(&text, ContentType::Html);
                closed.set(true);
                Ok(())
            }))
        },
    )?;
    if !closed.get() {
        return Err(format!("the page has no </{name}>").into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
