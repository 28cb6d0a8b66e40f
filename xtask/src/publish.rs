//! The publishing build: `WUSHAN_PUBLIC_URL=https://story.example/wushan/ cargo xtask dist`.
//!
//! The prerender (`crates/site/src/prerender.rs`, `head_tags`) writes that URL into three tags, because
//! crawlers and chat apps need absolute URLs there:
//!
//! ```html
//! <meta property="og:image" content="<url>share.png">
//! <meta property="og:url" content="<url>">
//! <link rel="canonical" href="<url>">
//! ```
//!
//! None of them makes the page load anything. The page check (`csp::check_page`) allows
//! exactly these tags with exactly these values, and still rejects every other absolute URL
//! outside a link (`<a href>`) or a comment.

use crate::{html::Tag, shell::Result};

pub const ENV: &str = "WUSHAN_PUBLIC_URL";

/// `$WUSHAN_PUBLIC_URL` ending in `/`, or `None` when unset or empty. A value the prerender
/// would ignore (not http(s), or with a quote, `<`, `>` or a space) is an error, so a typo
/// does not quietly ship a page without its share tags.
pub fn public_url() -> Result<Option<String>> {
    match std::env::var(ENV) {
        Ok(url) if !url.trim().is_empty() => normalise(&url).map(Some).ok_or_else(|| {
            format!("{ENV}={url:?} is not an http(s) URL that can stand in an attribute").into()
        }),
        _ => Ok(None),
    }
}

/// The same rule as `prerender::checked_public_url`: http(s), nothing that would need
/// escaping in an attribute, and a trailing `/`.
fn normalise(url: &str) -> Option<String> {
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(['"', '<', '>', ' '])
    {
        return None;
    }
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// Is `tag` one of the three tags the public URL may stand in, with exactly the value the
/// prerender writes?
pub fn is_public_url_tag(tag: &Tag, public_url: Option<&str>) -> bool {
    let Some(base) = public_url else {
        return false;
    };
    let meta = |property: &str, value: &str| {
        tag.name == "meta"
            && tag.attr("property") == Some(property)
            && tag.attr("content") == Some(value)
            && tag.attr("http-equiv").is_none()
    };
    let share = format!("{base}share.png");
    meta("og:image", &share)
        || meta("og:url", base)
        || (tag.name == "link"
            && tag.attr("rel") == Some("canonical")
            && tag.attr("href") == Some(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://story.example/wushan/";

    /// The first element of `html`, as the page check sees it.
    fn is_public_url_tag(html: &str, public_url: Option<&str>) -> bool {
        let tags = crate::html::select(html, "*").unwrap();
        super::is_public_url_tag(&tags[0], public_url)
    }

    #[test]
    fn normalises_like_the_prerender() {
        assert_eq!(
            normalise(" https://story.example/wushan ").as_deref(),
            Some(BASE)
        );
        assert_eq!(normalise(BASE).as_deref(), Some(BASE));
        for bad in [
            "story.example/wushan/",
            "ftp://x/",
            "https://x/\"><script>",
            "javascript:alert(1)",
        ] {
            assert_eq!(normalise(bad), None, "{bad}");
        }
    }

    #[test]
    fn allows_exactly_the_three_tags() {
        let b = Some(BASE);
        assert!(is_public_url_tag(
            &format!(r#"<meta property="og:image" content="{BASE}share.png">"#),
            b
        ));
        assert!(is_public_url_tag(
            &format!(r#"<meta property="og:url" content="{BASE}">"#),
            b
        ));
        assert!(is_public_url_tag(
            &format!(r#"<link rel="canonical" href="{BASE}">"#),
            b
        ));
        for bad in [
            // Another file, another origin, another tag, a tag that loads something.
            format!(r#"<meta property="og:image" content="{BASE}evil.png">"#),
            r#"<meta property="og:image" content="https://evil.example/share.png">"#.to_string(),
            format!(r#"<link rel="stylesheet" href="{BASE}">"#),
            format!(r#"<link rel="preload" href="{BASE}share.png">"#),
            format!(r#"<img src="{BASE}share.png">"#),
            format!(r#"<meta http-equiv="refresh" property="og:url" content="{BASE}">"#),
        ] {
            assert!(!is_public_url_tag(&bad, b), "{bad}");
        }
        // Without the variable, no absolute URL is allowed at all.
        assert!(!is_public_url_tag(
            &format!(r#"<link rel="canonical" href="{BASE}">"#),
            None
        ));
    }
}
