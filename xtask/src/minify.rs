//! What the pages carry, made smaller without changing what a browser reads: the inline
//! stylesheet ([`minify_css`], by hand: comments and spaces only), every script
//! ([`minify_js`], terser from package.json: the glue file and the inline scripts of a page,
//! [`inline_scripts`]) and the drawn illustrations ([`minify_svg`]). The readable sources
//! stay in assets/.

use std::{
    io::Write,
    process::{Command, Stdio},
};

use crate::{
    html,
    shell::{cmd, Result},
};

/// `code` through terser (`--compress --mangle`; `module` for an ES module, whose exported
/// names stay). Terser keeps the syntax level of its input: the ES5 of assets/elder.js stays
/// ES5 for the engines without wasm.
pub fn minify_js(code: &str, module: bool) -> Result<String> {
    let mut terser: Command = cmd("node_modules/.bin/terser");
    terser.args(["--compress", "--mangle"]);
    if module {
        terser.arg("--module");
    }
    let mut child = terser
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start terser (node_modules/.bin/terser; `cargo xtask setup` installs it): {e}"))?;
    let mut stdin = child.stdin.take().ok_or("terser has no stdin")?;
    let input = code.to_string();
    // Written from another thread: terser may fill its stdout before it has read all of stdin.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output()?;
    writer.join().map_err(|_| "writing to terser panicked")??;
    if !out.status.success() {
        return Err(format!("terser failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    let min = String::from_utf8(out.stdout)?;
    if min.trim().is_empty() && !code.trim().is_empty() {
        return Err("terser returned nothing".into());
    }
    Ok(min.trim_end().to_string())
}

/// Every inline classic script of `page` (no `src`, no `type` other than JavaScript) through
/// [`minify_js`]; returns the page and how many bytes the scripts lost.
pub fn inline_scripts(page: &str) -> Result<(String, usize)> {
    let is_classic = |t: &html::Tag| {
        t.attr("src").is_none()
            && t.attr("type")
                .is_none_or(|ty| ty.is_empty() || ty.eq_ignore_ascii_case("text/javascript"))
    };
    let mut saved = 0;
    let out = html::replace_text(page, "script", is_classic, |code| {
        let min = minify_js(code, false)?.replace("</script", "<\\/script");
        saved += code.len().saturating_sub(min.len());
        Ok(min)
    })?;
    Ok((out, saved))
}

/// The stylesheet as the page carries it: comments out (they are for readers of
/// assets/style.css, not for every page view) and whitespace collapsed, but nothing a browser
/// reads differently: text inside quotes is kept as it is, a line break becomes one space
/// (a selector may continue on the next line), only the spaces next to `{`, `}`, `;` and `,`
/// and after `:` go (never the space before a `:`, which in a selector is a descendant's
/// pseudo-class), and a block's last `;`. About a third of the stylesheet, before gzip.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                out.push(c);
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            c if c.is_whitespace() => {
                let next_is_tight = chars.peek().is_some_and(|n| matches!(n, '{' | '}' | ';' | ','));
                let after_tight = out.ends_with(['{', '}', ';', ',', ':']) || out.is_empty();
                if !out.ends_with(' ')
                    && !after_tight
                    && !next_is_tight
                    && !chars.peek().is_some_and(|n| n.is_whitespace())
                {
                    out.push(' ');
                }
            }
            '{' | '}' | ';' | ',' => {
                if out.ends_with(' ') {
                    out.pop();
                }
                // The last declaration of a block needs no `;`.
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// A hand-drawn illustration as the page carries it (inline as a data: URI, or as a file):
/// comments out, whitespace runs as one space and none between tags, its `<style>` as
/// [`minify_css`] leaves a stylesheet. Only for drawings
/// without text: whitespace between the tags of a `<text>` may be shown, so a drawing that
/// has one keeps its spacing.
pub fn minify_svg(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |j| &rest[i + j + 3..]);
    }
    out.push_str(rest);
    if out.contains("<text") {
        return out;
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut min = collapsed.replace("> <", "><").replace(" />", "/>").trim().to_string();
    // Its colour rules, as the page's own stylesheet.
    if let (Some(a), Some(b)) = (min.find("<style>"), min.find("</style>")) {
        let css = minify_css(&min[a + "<style>".len()..b]);
        min.replace_range(a + "<style>".len()..b, &css);
    }
    min
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_loses_comments_and_spaces_but_not_meaning() {
        let css = "/* a comment */\nhtml.live\n  .graphic .x,\n.y  {  color: red;\n  margin: 0 auto; }\n\n.z::before { content: \"  /* not a comment */  \"; }\n@media (max-width: 899px) {\n  .a { b: c }\n}\n";
        assert_eq!(
            minify_css(css),
            "html.live .graphic .x,.y{color:red;margin:0 auto}.z::before{content:\"  /* not a comment */  \"}@media (max-width:899px){.a{b:c}}"
        );
    }

    #[test]
    fn css_keeps_the_space_before_a_pseudo_class() {
        assert_eq!(minify_css("main :focus-visible , a:hover { x : rgb(0, 0, 0) ; }"), "main :focus-visible,a:hover{x :rgb(0,0,0)}");
    }

    #[test]
    fn svg_loses_comments_and_spaces_between_tags() {
        let svg = "<svg viewBox=\"0 0 2 2\">\n  <!-- a note\n  -->\n  <style>\n    .a { fill: red; }\n  </style>\n  <rect class=\"a\"  width=\"2\"\n        height=\"2\" />\n</svg>\n";
        assert_eq!(minify_svg(svg), "<svg viewBox=\"0 0 2 2\"><style>.a{fill:red}</style><rect class=\"a\" width=\"2\" height=\"2\"/></svg>");
        let text = "<svg><!-- x --><text>a <tspan>b</tspan></text></svg>";
        assert_eq!(minify_svg(text), "<svg><text>a <tspan>b</tspan></text></svg>");
    }

    #[test]
    fn scripts_are_minified_where_terser_is_installed() {
        if !std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../node_modules/.bin/terser"
        ))
        .exists()
        {
            assert!(
                std::env::var_os("CI").is_none(),
                "terser is missing under CI"
            );
            return;
        }
        let page = "<head><script>\n// a comment\n(function () {\n  var longName = 1;\n  window.x = longName + 1;\n})();\n</script><script type=\"application/json\">{ \"a\": 1 }</script><script src=\"a.js\"></script></head>";
        let (out, saved) = inline_scripts(page).unwrap();
        assert!(saved > 0);
        assert!(
            !out.contains("a comment") && !out.contains("longName"),
            "{out}"
        );
        assert!(out.contains("window.x=2"), "{out}");
        assert!(
            out.contains("{ \"a\": 1 }") && out.contains("<script src=\"a.js\"></script>"),
            "{out}"
        );
    }
}
