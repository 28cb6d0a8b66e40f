//! The page check, including the cases the old substring scanner missed: upper-case tags,
//! single-quoted or unquoted attributes, attributes on a new line, scripts inside comments,
//! `style` attributes in any quoting and a `src` in odd case.

use std::path::PathBuf;

use super::*;
use crate::files::sri;

fn page_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("a.js"), "1").unwrap();
    dir
}

fn page_ok(dir: &Path, html: &str) -> bool {
    fs::write(dir.join("p.html"), html).unwrap();
    check_page_with(dir, "p.html", None).is_ok()
}

fn head() -> String {
    format!(
        "<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
    )
}

#[test]
fn check_page_rejects_inline_scripts_and_bad_integrity() {
    let dir = page_dir("csp-test");
    let head = head();
    let good = format!(
        "{head}<script src=\"./a.js\" integrity=\"{}\"></script>",
        sri(b"1")
    );
    assert!(page_ok(&dir, &good), "{good}");
    // An inline script or style passes only under a CSP that names its hash.
    let body = "<style>p{color:red}</style><script>start()</script>";
    let policy = page_csp(body).unwrap();
    let hashed = format!("<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">{body}");
    assert!(page_ok(&dir, &hashed), "{hashed}");
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{policy}"
    );
    assert!(policy.contains("style-src 'self' 'sha256-"), "{policy}");
    for bad in [
        format!("{head}<script>alert(1)</script>"),
        format!(
            "{head}<script src=\"./a.js\" integrity=\"{}\"></script>",
            sri(b"2")
        ),
        format!("{head}<script src=\"./a.js\"></script>"),
        good.replace("Content-Security-Policy", "x"),
        format!("{head}<p style=\"color:red\">"),
        format!("{head}<style>p{{color:red}}</style>"),
        hashed.replace("start()", "steal()"),
        // A link to another site does not excuse a resource from there after it.
        format!(
            "{good}<a href=\"https://example.org/\">x</a><img src=\"https://example.org/x.png\">"
        ),
        format!("{head}<a href=\"javascript:alert(1)\">x</a>"),
    ] {
        assert!(!page_ok(&dir, &bad), "{bad}");
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_page_sees_upper_case_odd_quotes_and_new_lines() {
    let dir = page_dir("csp-cases");
    let head = head();
    assert!(page_ok(&dir, &head));
    for bad in [
        format!("{head}<SCRIPT>alert(1)</SCRIPT>"),
        format!("{head}<Script>alert(1)</Script>"),
        format!("{head}<p style='color:red'>x</p>"),
        format!("{head}<p STYLE=\"color:red\">x</p>"),
        format!("{head}<p\nstyle=\"color:red\">x</p>"),
        format!("{head}<p class=a style=color:red>x</p>"),
        format!("{head}<Script Src=\"./a.js\"></Script>"),
        format!("{head}<SCRIPT SRC='./a.js' INTEGRITY='sha384-x'></SCRIPT>"),
        format!("{head}<LINK REL=\"stylesheet\" HREF=\"./a.js\">"),
        format!("{head}<IMG SRC='https://example.org/x.png'>"),
    ] {
        assert!(!page_ok(&dir, &bad), "{bad}");
    }
    let good = format!(
        "{head}<Script\n  Src='./a.js'\n  Integrity='{}'></Script>",
        sri(b"1")
    );
    assert!(page_ok(&dir, &good), "{good}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn scripts_inside_comments_are_not_scripts() {
    let dir = page_dir("csp-comment");
    let body = "<!-- <script>old()</script> <style>p{}</style> --><script>start()</script>";
    // The commented-out script is not hashed: the page's policy names one script only.
    let csp = page_csp(body).unwrap();
    assert_eq!(csp.matches("'sha256-").count(), 1, "{csp}");
    assert_eq!(csp, page_csp("<script>start()</script>").unwrap());
    let page = format!("<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">{body}");
    assert!(page_ok(&dir, &page), "{page}");
    // Nor is a script-looking text in a comment an unhashed inline script.
    assert!(page_ok(
        &dir,
        &format!(
            "{}<!-- <script>alert(1)</script> <p style=\"x\"> -->",
            head()
        )
    ));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn page_csp_hashes_upper_case_and_whole_texts() {
    let upper = page_csp("<SCRIPT>start()</SCRIPT><STYLE>p{}</STYLE>").unwrap();
    assert_eq!(
        upper,
        page_csp("<script>start()</script><style>p{}</style>").unwrap()
    );
    assert!(upper.contains(&csp_hash("start()")), "{upper}");
    // A long script arrives in several chunks; the hash is of the whole text.
    let long = "x();".repeat(20_000);
    assert!(page_csp(&format!("<script>{long}</script>"))
        .unwrap()
        .contains(&csp_hash(&long)));
    // A script with a src in odd case is not inline.
    assert_eq!(page_csp("<script SRC=\"./a.js\"></script>").unwrap(), CSP);
}

#[test]
fn check_page_allows_the_public_url_in_share_tags_only() {
    let dir = page_dir("csp-public-url");
    let base = "https://story.example/wushan/";
    let head = format!(
        "{}\n<meta property=\"og:image\" content=\"{base}share.png\">\n\
         <meta property=\"og:url\" content=\"{base}\">\n<link rel=\"canonical\" href=\"{base}\">\n",
        head()
    );
    fs::write(dir.join("p.html"), &head).unwrap();
    check_page_with(&dir, "p.html", Some(base)).unwrap();
    // The same page built without the variable, or for another URL, fails (as it did
    // for every publishing build before publish.rs).
    assert!(check_page_with(&dir, "p.html", None).is_err());
    assert!(check_page_with(&dir, "p.html", Some("https://other.example/")).is_err());
    for bad in [
        format!("{head}<img src=\"{base}share.png\">"),
        format!("{head}<link rel=\"icon\" href=\"{base}share.png\">"),
        format!("{head}<meta property=\"og:image\" content=\"https://tracker.example/p.png\">"),
    ] {
        fs::write(dir.join("p.html"), &bad).unwrap();
        let err = check_page_with(&dir, "p.html", Some(base))
            .unwrap_err()
            .to_string();
        assert!(err.contains("contains \"https://\""), "{bad}: {err}");
    }
    fs::remove_dir_all(&dir).unwrap();
}
