//! Unit tests of the page reader and rewriter.

use super::*;

#[test]
fn finds_tags_attributes_and_whole_texts() {
    let html = r#"<head><link rel="stylesheet" href="./a-1.css" integrity="sha384-x"/><linkx><script type="module">import x from './a.js'; if (a > b) {}</script><script src='b.js' defer></script></head>"#;
    let links = select(html, "link").unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].attr("href"), Some("./a-1.css"));
    assert_eq!(links[0].attr("INTEGRITY"), Some("sha384-x"));
    assert_eq!(links[0].attr("crossorigin"), None);
    let s = select(html, "script").unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].attr("src"), None);
    assert_eq!(s[0].text, "import x from './a.js'; if (a > b) {}");
    assert_eq!(s[1].attr("src"), Some("b.js"));
    assert_eq!(s[1].attr("defer"), Some(""));
    // Any case, any quoting, several lines; nothing in a comment.
    let odd = "<!-- <script>no()</script> --><SCRIPT\n  SRC=b.js\n  Type='module'>x</SCRIPT>";
    let s = select(odd, "script").unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].attr("src"), s[0].attr("type")),
        (Some("b.js"), Some("module"))
    );
    assert_eq!(s[0].name, "script");
    assert_eq!(s[0].line(odd), 1);
    // Each element gets its own text, not what follows its end tag.
    let all = select("<head><title>t</title>\n<script>a()</script>\n<style>p{}</style></head>", "*").unwrap();
    let texts: Vec<(&str, &str)> = all.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
    assert_eq!(texts, [("head", "\n\n"), ("title", "t"), ("script", "a()"), ("style", "p{}")]);
}

#[test]
fn removes_void_elements_with_their_line_break() {
    let html =
        "<head>\n<link rel=\"preload\" href=\"a\">\n<LINK REL=\"icon\" href=\"b\">\n</head>";
    let (out, n) = remove(html, "link", |t| t.rel_is(&["preload"])).unwrap();
    assert_eq!(n, 1);
    assert_eq!(out, "<head>\n<LINK REL=\"icon\" href=\"b\">\n</head>");
    let (out, n) = remove("<p>a</p><script>x</script><p>b</p>", "script", |_| true).unwrap();
    assert_eq!((out.as_str(), n), ("<p>a</p><p>b</p>", 1));
}

#[test]
fn inserts_after_the_charset_and_before_end_tags() {
    let html = "<head><META CHARSET='utf-8'><title>t</title></head><body><p>x</p></body>";
    let out = after_charset(html, "<meta a>").unwrap();
    assert_eq!(
        out,
        "<head><META CHARSET='utf-8'><meta a><title>t</title></head><body><p>x</p></body>"
    );
    let out = append_to(&out, "head", "<style>s</style>").unwrap();
    let out = append_to(&out, "body", "<script>y</script>").unwrap();
    assert!(
        out.ends_with("<style>s</style></head><body><p>x</p><script>y</script></body>"),
        "{out}"
    );
    assert!(after_charset("<p>x</p>", "y").is_err());
    assert!(append_to("<p>x</p>", "head", "y").is_err());
}

#[test]
fn replaces_script_text_as_code() {
    let html = "<head><SCRIPT>var a = 1 < 2 && 3 > 2;</SCRIPT><script src='x.js'></script><!-- <script>kept</script> --></head>";
    let out = replace_text(
        html,
        "script",
        |t| t.attr("src").is_none(),
        |code| Ok(code.replace(' ', "")),
    )
    .unwrap();
    assert_eq!(out, "<head><SCRIPT>vara=1<2&&3>2;</SCRIPT><script src='x.js'></script><!-- <script>kept</script> --></head>");
}

#[test]
fn trims_whitespace_between_head_tags_only() {
    let html = "<html>\n<head>\n  <meta charset=\"utf-8\">\n  <title> A  b </title>\n<script>\n var a = 1;  \n</script>\n\n<style>\n p { x: y }\n</style>\n</head>\n<body> <p> x </p> </body></html>";
    assert_eq!(
        trim_head_whitespace(html).unwrap(),
        "<html>\n<head><meta charset=\"utf-8\"><title> A  b </title><script>\n var a = 1;  \n</script><style>\n p { x: y }\n</style></head>\n<body> <p> x </p> </body></html>"
    );
}

#[test]
fn removes_comments_but_not_code() {
    let html = "<head><!-- a note --><script>var s = '<!-- not a comment -->';</script></head><body><!--\nlines\n--><p>x</p></body>";
    assert_eq!(
        remove_comments(html).unwrap(),
        "<head><script>var s = '<!-- not a comment -->';</script></head><body><p>x</p></body>"
    );
}
